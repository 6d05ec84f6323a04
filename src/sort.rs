//! The app's one sort. Every `sort_by` closure is its own copy of the
//! standard library's driftsort or quicksort (1–3 KB of wasm each), so each
//! sort here maps its items to `(u64 key, u32 tie)` pairs, sorts those with
//! one instantiation and puts the items in that order (pure).

/// The single instantiation of the standard sort.
fn sort_pairs(pairs: &mut [(u64, u32)]) {
    pairs.sort_unstable();
}

/// An `f64` as a `u64` in `f64::total_cmp`'s order (and back, exactly).
pub fn f64_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

fn f64_from_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    })
}

/// Stable: items with equal keys keep their order (the tie is the index).
pub fn by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    // Most URLs have one attempt: no allocation for what is already sorted.
    if items.len() < 2 {
        return;
    }
    // A wasm32 Vec never holds more than u32::MAX items.
    let mut pairs: Vec<(u64, u32)> = items.iter().zip(0u32..).map(|(x, i)| (key(x), i)).collect();
    sort_pairs(&mut pairs);
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        pairs
            .iter()
            .filter_map(|&(_, i)| slots.get_mut(i as usize).and_then(Option::take)),
    );
}

/// Stable, in `f64::total_cmp`'s order of the key.
pub fn by_f64<T>(items: &mut Vec<T>, key: impl Fn(&T) -> f64) {
    by_key(items, |x| f64_key(key(x)));
}

/// Numbers in `f64::total_cmp`'s order.
pub fn f64s(values: &mut [f64]) {
    let mut pairs: Vec<(u64, u32)> = values.iter().map(|&x| (f64_key(x), 0)).collect();
    sort_pairs(&mut pairs);
    for (v, (key, _)) in values.iter_mut().zip(pairs) {
        *v = f64_from_key(key);
    }
}

/// (time, small tie-breaker) pairs, by time then tie.
pub fn f64_u32s(values: &mut [(f64, u32)]) {
    let mut pairs: Vec<(u64, u32)> = values.iter().map(|&(x, t)| (f64_key(x), t)).collect();
    sort_pairs(&mut pairs);
    for (v, (key, t)) in values.iter_mut().zip(pairs) {
        *v = (f64_from_key(key), t);
    }
}

/// Indices or counts, ascending.
pub fn usizes(values: &mut [usize]) {
    let mut pairs: Vec<(u64, u32)> = values.iter().map(|&x| (x as u64, 0)).collect();
    sort_pairs(&mut pairs);
    for (v, (key, _)) in values.iter_mut().zip(pairs) {
        // Each key came from a usize.
        *v = usize::try_from(key).unwrap_or(usize::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ODD: [f64; 9] = [
        3.5,
        -0.0,
        0.0,
        f64::NAN,
        -1e300,
        f64::INFINITY,
        -f64::NAN,
        1e-310,
        -2.0,
    ];

    #[test]
    fn floats_sort_as_total_cmp_does_and_keep_their_bits() {
        let mut ours = ODD.to_vec();
        f64s(&mut ours);
        let mut std = ODD.to_vec();
        std.sort_by(f64::total_cmp);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&ours), bits(&std));
        for x in ODD {
            assert_eq!(f64_from_key(f64_key(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn equal_keys_keep_their_order() {
        let mut items: Vec<(f64, &str)> =
            vec![(2.0, "a"), (1.0, "b"), (2.0, "c"), (1.0, "d"), (0.5, "e")];
        by_f64(&mut items, |x| x.0);
        let names: Vec<&str> = items.iter().map(|x| x.1).collect();
        assert_eq!(names, ["e", "b", "d", "a", "c"]);
    }

    #[test]
    fn pairs_sort_by_time_then_tie_and_counts_ascend() {
        let mut events = vec![(2.0, 1), (1.0, 1), (2.0, 0), (-1.0, 1)];
        f64_u32s(&mut events);
        assert_eq!(events, [(-1.0, 1), (1.0, 1), (2.0, 0), (2.0, 1)]);
        let mut n = vec![5, 1, 4, 1, usize::MAX, 0];
        usizes(&mut n);
        assert_eq!(n, [0, 1, 1, 4, 5, usize::MAX]);
    }
}
