//! Real CPU work for a response's handler: the body is hashed again and again
//! until the time is spent, so the work cannot be skipped or optimised away.

/// FNV-1a over `bytes`, continuing from `hash`.
pub fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Hashes `body` in passes until `ms` have passed on `now` (at least one
/// pass); returns the hash. Blocks the thread it runs on: that is the lesson.
pub fn burn(body: &[u8], ms: f64, now: impl Fn() -> f64) -> u64 {
    // An empty body still costs time: hash a fixed block instead.
    const FILLER: [u8; 1024] = [0x5a; 1024];
    let data = if body.is_empty() { &FILLER[..] } else { body };
    let start = now();
    let mut hash = 0xcbf2_9ce4_8422_2325;
    loop {
        // Small chunks keep the overshoot small for a large body.
        for chunk in data.chunks(4096) {
            hash = fnv1a(hash, chunk);
            if now() - start >= ms {
                return hash;
            }
        }
    }
}
