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

/// Which worker of a pool of `slots` takes which job: jobs wait in order for
/// a free worker, a worker is busy until it replies, and a broken one takes
/// no more. Pure, so the page's pool (`browser::cpu_pool`) only posts.
#[derive(Debug)]
pub struct Dispatch<J> {
    slots: Vec<Slot>,
    queue: std::collections::VecDeque<J>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Slot {
    Free,
    Busy,
    Broken,
}

impl<J> Dispatch<J> {
    /// A pool of `slots` workers, all free.
    pub fn new(slots: usize) -> Self {
        Dispatch {
            slots: vec![Slot::Free; slots],
            queue: std::collections::VecDeque::new(),
        }
    }

    /// Queues `job` behind the ones already waiting.
    pub fn submit(&mut self, job: J) {
        self.queue.push_back(job);
    }

    /// The next waiting job that is still `wanted` and a free worker for it
    /// (now busy); jobs no longer wanted (their caller gave up) are dropped.
    pub fn next(&mut self, wanted: impl Fn(&J) -> bool) -> Option<(usize, J)> {
        let slot = self.slots.iter().position(|s| *s == Slot::Free)?;
        while let Some(job) = self.queue.pop_front() {
            if wanted(&job) {
                if let Some(s) = self.slots.get_mut(slot) {
                    *s = Slot::Busy;
                }
                return Some((slot, job));
            }
        }
        None
    }

    /// Worker `slot` replied: free for the next job.
    pub fn done(&mut self, slot: usize) {
        if let Some(s @ Slot::Busy) = self.slots.get_mut(slot) {
            *s = Slot::Free;
        }
    }

    /// Worker `slot` failed as a whole: it takes no more jobs. When none is
    /// left, the waiting jobs are handed back (to be failed, not left waiting).
    pub fn broke(&mut self, slot: usize) -> Vec<J> {
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Slot::Broken;
        }
        if self.working() == 0 {
            self.queue.drain(..).collect()
        } else {
            Vec::new()
        }
    }

    /// Workers not broken.
    pub fn working(&self) -> usize {
        self.slots.iter().filter(|s| **s != Slot::Broken).count()
    }

    /// Jobs waiting for a worker.
    pub fn waiting(&self) -> usize {
        self.queue.len()
    }
}

/// The pool's size for `hardware_concurrency` (what `navigator` says, 0 when
/// it says nothing): one worker per core, at least 1, at most [`MAX_WORKERS`].
pub fn pool_size(hardware_concurrency: usize) -> usize {
    hardware_concurrency.clamp(1, MAX_WORKERS)
}

/// More workers than this would cost memory on a many-core machine and buy
/// little for a lesson's N.
pub const MAX_WORKERS: usize = 16;

/// The most handler spans running at one moment (0 for none): 1 when they
/// queue on one thread, up to the pool's size when workers overlap them.
pub fn most_at_once(spans: &[Option<(f64, f64)>]) -> usize {
    crate::stats::most_at_once(spans.iter().flatten().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_wait_for_a_free_worker_in_order() {
        let mut d = Dispatch::new(2);
        for job in 1..=4 {
            d.submit(job);
        }
        let all = |_: &i32| true;
        assert_eq!(d.next(all), Some((0, 1)));
        assert_eq!(d.next(all), Some((1, 2)));
        // Both busy: 3 and 4 wait.
        assert_eq!(d.next(all), None);
        assert_eq!(d.waiting(), 2);
        d.done(1);
        assert_eq!(d.next(all), Some((1, 3)));
        // A worker replying twice frees it once.
        d.done(0);
        d.done(0);
        assert_eq!(d.next(all), Some((0, 4)));
        assert_eq!(d.next(all), None);
    }

    #[test]
    fn a_job_its_caller_dropped_is_skipped() {
        let mut d = Dispatch::new(1);
        for job in [1, 2, 3] {
            d.submit(job);
        }
        assert_eq!(d.next(|j| *j != 1 && *j != 2), Some((0, 3)));
        assert_eq!(d.waiting(), 0);
    }

    #[test]
    fn broken_workers_take_no_jobs_and_the_last_hands_the_queue_back() {
        let mut d = Dispatch::new(2);
        for job in [1, 2, 3] {
            d.submit(job);
        }
        let all = |_: &i32| true;
        assert_eq!(d.next(all), Some((0, 1)));
        assert!(d.broke(0).is_empty(), "one worker is still working");
        assert_eq!(d.next(all), Some((1, 2)));
        d.done(0); // a broken worker stays broken
        assert_eq!(d.next(all), None);
        assert_eq!(d.broke(1), vec![3]);
        assert_eq!(d.working(), 0);
    }

    #[test]
    fn spans_at_once_count_overlaps_not_touches() {
        assert_eq!(most_at_once(&[]), 0);
        assert_eq!(most_at_once(&[None, Some((0.0, 50.0))]), 1);
        // One after another on one thread: never two at once.
        assert_eq!(most_at_once(&[Some((0.0, 50.0)), Some((50.0, 100.0))]), 1);
        // Two workers: pairs overlap.
        let two = [
            Some((0.0, 50.0)),
            Some((1.0, 51.0)),
            Some((50.0, 100.0)),
            Some((51.0, 101.0)),
        ];
        assert_eq!(most_at_once(&two), 2);
    }

    #[test]
    fn the_pool_has_one_worker_per_core_within_bounds() {
        assert_eq!(pool_size(0), 1);
        assert_eq!(pool_size(2), 2);
        assert_eq!(pool_size(128), MAX_WORKERS);
    }

    #[test]
    fn burn_hashes_at_least_one_chunk_and_stops_on_time() {
        let t = std::cell::Cell::new(0.0);
        let tick = || {
            let v = t.get();
            t.set(v + 1.0);
            v
        };
        // An empty body hashes the 0x5a filler.
        assert_eq!(
            burn(&[], 0.0, tick),
            fnv1a(0xcbf2_9ce4_8422_2325, &[0x5a; 1024])
        );
        t.set(0.0);
        // 2 chunks of a 5,000-byte body, then the first again: 3 reads after the start.
        let body = vec![7u8; 5000];
        let (first, second) = body.split_at(4096);
        let once = fnv1a(fnv1a(0xcbf2_9ce4_8422_2325, first), second);
        assert_eq!(burn(&body, 3.0, tick), fnv1a(once, first));
    }
}
