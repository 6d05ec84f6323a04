//! A run's numbers, typed until they are drawn: the history and the stats
//! table format them in their views, so no one has to read the text back to
//! learn what it meant. "No value" is written here, and only here.
#![deny(missing_docs)]
use super::RunResult;
use crate::engine::Counts;
use crate::stats::{format_ms, Latency};
use std::fmt;
use std::sync::Arc;

/// What the page shows for a number it does not have.
const DASH: &str = "–";

/// A run's numbers, for the history and the stats table alike.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The run's name in the history, e.g. "#3 join_all_limited (k=10)".
    pub label: String,
    /// First request start to last outcome, in ms.
    pub wall_ms: f64,
    /// Successful requests per second of wall time.
    pub rate: Rate,
    /// Latency of the successful attempts, one fetch each.
    pub mean: Ms,
    /// Median attempt latency.
    pub p50: Ms,
    /// 90th-percentile attempt latency.
    pub p90: Ms,
    /// 99th-percentile attempt latency.
    pub p99: Ms,
    /// Slowest successful attempt.
    pub max: Ms,
    /// The whole request, retries and backoff included.
    pub request_p50: Ms,
    /// 99th percentile of whole requests, retries and backoff included.
    pub request_p99: Ms,
    /// Final outcomes: ok, failed, cancelled.
    pub counts: Tally,
    /// How the wall time compares with the sequential baseline.
    pub speedup: Speedup,
    /// Ideal ÷ measured wall.
    pub efficiency: Percent,
    /// The replayed ideal wall time, of a completed run only.
    pub ideal: Ms,
}

impl Line {
    /// "80% of ideal 480 ms": the stats table's efficiency cell.
    pub fn of_ideal(&self) -> OfIdeal {
        OfIdeal(self.efficiency.0.zip(self.ideal.0))
    }
}

/// How a run's wall time compares with its sequential baseline.
#[derive(Clone, Debug, PartialEq)]
pub enum Speedup {
    /// `x` times faster; `caveat` says why the ratio may mislead (failures).
    Ratio {
        /// How many times faster than the baseline.
        x: f64,
        /// Why the ratio may mislead; `None` when it does not.
        caveat: Option<String>,
    },
    /// Cancelled after `done` of `n` requests: partial work has no ratio.
    Cancelled {
        /// Requests that reached a final outcome before Cancel.
        done: usize,
        /// N, the requests the run was asked to make.
        n: usize,
    },
    /// A sequential run: what the others are measured against.
    Baseline,
    /// No sequential run with the same workload to compare with.
    Unknown,
}

impl Speedup {
    /// Said wherever the ratio is shown, when it has one.
    pub fn caveat(&self) -> Option<&str> {
        match self {
            Speedup::Ratio { caveat, .. } => caveat.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Speedup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Speedup::Ratio { x, caveat: None } => write!(f, "{x:.1}×"),
            Speedup::Ratio { x, caveat: Some(_) } => write!(f, "{x:.1}× *"),
            Speedup::Cancelled { done, n } => write!(f, "cancelled after {done} of {n}"),
            Speedup::Baseline => f.write_str("baseline"),
            Speedup::Unknown => f.write_str(DASH),
        }
    }
}

/// Writes `value` with `show`, or the dash when there is none.
fn or_dash<T: Copy>(
    f: &mut fmt::Formatter<'_>,
    value: Option<T>,
    show: impl FnOnce(&mut fmt::Formatter<'_>, T) -> fmt::Result,
) -> fmt::Result {
    match value {
        Some(v) => show(f, v),
        None => f.write_str(DASH),
    }
}

/// Milliseconds, shown as "480 ms" or "1.20 s".
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Ms(pub Option<f64>);

impl fmt::Display for Ms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        or_dash(f, self.0, |f, ms| f.write_str(&format_ms(ms)))
    }
}

/// A rate per second, shown whole: "8".
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rate(pub Option<f64>);

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        or_dash(f, self.0, |f, v| write!(f, "{v:.0}"))
    }
}

/// A fraction, shown as a whole percent: 0.8 is "80%".
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Percent(pub Option<f64>);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        or_dash(f, self.0, |f, v| write!(f, "{:.0}%", v * 100.0))
    }
}

/// The efficiency with the ideal it was measured against.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OfIdeal(pub Option<(f64, f64)>);

impl fmt::Display for OfIdeal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        or_dash(f, self.0, |f, (e, ideal)| {
            write!(f, "{} of ideal {}", Percent(Some(e)), Ms(Some(ideal)))
        })
    }
}

/// Outcome counts, shown as "ok / failed / cancelled".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally(pub Counts);

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        write!(f, "{} / {} / {}", c.ok, c.failed, c.cancelled)
    }
}

impl RunResult {
    /// Its numbers as the history and the stats table show them.
    pub fn line(&self, runs: &[Arc<RunResult>]) -> Line {
        let (l, total) = (self.latency.attempts, self.latency.requests);
        let ms = |f: fn(&Latency) -> f64| Ms(l.as_ref().map(f));
        let total_ms = |f: fn(&Latency) -> f64| Ms(total.as_ref().map(f));
        let c = self.report.counts;
        let baseline = self.baseline(runs);
        let speedup = if !self.completed() {
            Speedup::Cancelled {
                done: c.ok + c.failed,
                n: self.report.n,
            }
        } else if let Some(x) = self.speedup_over(&baseline) {
            Speedup::Ratio {
                x,
                caveat: self.caveat_over(&baseline),
            }
        } else if self.is_baseline() {
            Speedup::Baseline
        } else {
            Speedup::Unknown
        };
        Line {
            label: self.label(),
            wall_ms: self.report.wall_ms,
            rate: Rate(self.throughput()),
            mean: ms(|l| l.mean_ms),
            p50: ms(|l| l.p50_ms),
            p90: ms(|l| l.p90_ms),
            p99: ms(|l| l.p99_ms),
            max: ms(|l| l.max_ms),
            request_p50: total_ms(|l| l.p50_ms),
            request_p99: total_ms(|l| l.p99_ms),
            counts: Tally(c),
            speedup,
            efficiency: Percent(self.efficiency()),
            ideal: Ms(self.shown_ideal_ms()),
        }
    }
}
