//! The offline twin: the simulated server's delay derived from a post's own
//! numbers, so a lesson runs with no network and its ratios stay comparable.
#![deny(missing_docs)]
use crate::engine::Strategy;

/// Where a twin's per-request delay comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    /// A sync loop took `seconds` for `n` calls: each call took seconds / n.
    SyncTotal {
        /// The sync loop's total time, in seconds.
        seconds: f64,
        /// How many calls it made.
        n: usize,
    },
    /// The async version took `async_s`, said to be `times` faster than sync:
    /// the sync loop took async_s × times for `n` calls.
    AsyncTimesFaster {
        /// The async version's time, in seconds.
        async_s: f64,
        /// How many times faster than sync the post says it was.
        times: f64,
        /// How many calls it made.
        n: usize,
    },
    /// A sync loop made `per_s` calls a second: each call took 1 / per_s.
    SyncRate {
        /// The sync loop's calls per second.
        per_s: f64,
    },
    /// No timings in the post: a delay chosen to make the effect visible.
    Chosen {
        /// The chosen delay, in ms.
        ms: u32,
    },
}

impl Source {
    /// The delay per request in ms, unrounded.
    pub fn exact_ms(self) -> f64 {
        match self {
            Source::SyncTotal { seconds, n } => seconds * 1000.0 / n.max(1) as f64,
            Source::AsyncTimesFaster { async_s, times, n } => {
                async_s * times * 1000.0 / n.max(1) as f64
            }
            Source::SyncRate { per_s } => 1000.0 / per_s.max(f64::MIN_POSITIVE),
            Source::Chosen { ms } => f64::from(ms),
        }
    }

    /// The simulated server's delay: whole ms, as the form takes it.
    pub fn delay_ms(self) -> u32 {
        self.exact_ms().round().clamp(0.0, 60_000.0) as u32
    }

    /// The arithmetic, shown to the learner.
    pub fn explain(self) -> String {
        let ms = self.delay_ms();
        match self {
            Source::SyncTotal { seconds, n } => {
                format!("{seconds} s / {n} calls = {ms} ms per call")
            }
            Source::AsyncTimesFaster { async_s, times, n } => format!(
                "{async_s} s × {times} = {:.2} s sync for {n} calls = {ms} ms per call",
                async_s * times
            ),
            Source::SyncRate { per_s } => {
                format!(
                    "their sync loop made about {per_s} calls/s: 1 s / {per_s} = {ms} ms per call"
                )
            }
            Source::Chosen { .. } => format!("no timings in the post: {ms} ms chosen"),
        }
    }
}

/// The form a lesson fills, and the strategies its Compare runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Twin {
    /// Where the delay comes from.
    pub source: Source,
    /// Reduced where the post's N would take minutes in sequence.
    pub n: usize,
    /// k, the concurrency limit for the limited strategies.
    pub k: usize,
    /// The strategy left selected in the form.
    pub strategy: Strategy,
    /// What Compare runs, in order; empty when the lesson has its own experiment.
    pub plan: &'static [Strategy],
    /// CPU work per response on the main thread, in ms; 0 = none.
    pub cpu_ms: u32,
    /// The simulated server's jitter, ± ms; 0 = every answer takes the delay.
    pub jitter_ms: u32,
}

/// How many times faster than sequential `strategy` can be at best on a
/// server with one fixed delay: N over the number of waves of k.
pub fn ideal_ratio(strategy: Strategy, n: usize, k: usize) -> f64 {
    let n = n.max(1);
    let lanes = strategy.concurrency(n, k.max(1)).max(1);
    let waves = n.div_ceil(lanes);
    n as f64 / waves as f64
}
