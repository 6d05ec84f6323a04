//! Seeded, order-independent randomness: the draw for (seed, request, attempt)
//! is the same whichever strategy asks for it and in whatever order.
#![deny(missing_docs)]

/// SplitMix64's finaliser: a well-studied 64-bit mixer, enough for latency jitter.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform draw in [0, 1) keyed by seed, request, attempt and purpose.
pub fn unit(seed: u64, index: usize, attempt: u32, salt: u64) -> f64 {
    let key = mix(mix(mix(seed ^ salt) ^ index as u64) ^ u64::from(attempt));
    // The top 53 bits fill an f64 mantissa exactly.
    (key >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_draw_and_range_holds() {
        for i in 0..10_000 {
            let a = unit(7, i, 0, 1);
            assert_eq!(a, unit(7, i, 0, 1));
            assert!((0.0..1.0).contains(&a));
        }
        assert_ne!(unit(7, 1, 0, 1), unit(8, 1, 0, 1));
        assert_ne!(unit(7, 1, 0, 1), unit(7, 1, 1, 1));
    }

    #[test]
    fn draws_are_roughly_uniform() {
        let n = 100_000;
        let mean = (0..n).map(|i| unit(1, i, 0, 0)).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "mean {mean}");
    }
}
