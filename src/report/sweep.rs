//! The concurrency sweep: one strategy run once per k, everything else fixed.
//! Parsing the list of k, the order it runs in, and finding the knee: the
//! smallest k within 5% of the best throughput, where the curve bends. A
//! curve still rising at its largest k has no knee: the chart, its
//! `data-knee` and lesson 000 all read [`reading`].
#![deny(missing_docs)]
use super::RunResult;
use crate::rng::unit;
use serde::Serialize;
use std::sync::Arc;
use thiserror::Error;

/// The list a fresh page offers: seed 000's experiment, from 1 to past its knee.
pub const DEFAULT_LIST: &str = "1, 2, 5, 10, 20, 50, 100, 150, 200";
/// More points than this make a sweep too long to watch.
pub const MAX_POINTS: usize = 20;
/// Within this fraction of the best throughput counts as "as good".
pub const KNEE_TOLERANCE: f64 = 0.05;

/// Why a sweep list of k values can't run.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SweepError {
    /// The list is empty.
    #[error("the sweep list is empty: type the values of k, separated by commas, e.g. 1, 5, 20")]
    Empty,
    /// A value is not a whole number; holds the value.
    #[error("“{0}” in the sweep list is not a whole number")]
    NotNumber(String),
    /// A value is k = 0.
    #[error("k = 0 in the sweep list would never start a request: the smallest k is 1")]
    Zero,
    /// Every value is larger than N.
    #[error("every k in the sweep list is more than the {0} requests (N): add a k of at most {0}, or raise N")]
    AllAboveN(usize),
    /// A value is above the largest k the form accepts.
    #[error("k = {k} in the sweep list is above the largest limit, {max}")]
    AboveMax {
        /// The k typed in the list.
        k: usize,
        /// The largest k the form accepts.
        max: usize,
    },
    /// A value appears twice; holds the value.
    #[error("k = {0} appears twice in the sweep list")]
    Duplicate(usize),
    /// The list has more than `MAX_POINTS` values; holds the count.
    #[error("the sweep list has {0} values; at most {MAX_POINTS} keep a sweep short")]
    TooMany(usize),
}

/// A sweep list that can run: the k values at most N, in the order typed,
/// and those above N, which are skipped because they would run like k = N.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SweepList {
    /// The k values that run.
    pub ks: Vec<usize>,
    /// The k values typed that are more than N.
    pub above_n: Vec<usize>,
}

impl SweepList {
    /// Says which values are skipped for N = `n`; `None` when none is.
    pub fn note(&self, n: usize) -> Option<String> {
        let skipped: Vec<String> = self.above_n.iter().map(usize::to_string).collect();
        match skipped.as_slice() {
            [] => None,
            [one] => Some(format!(
                "k = {one} is skipped: it is more than the {n} requests (N), so it would run like k = {n}."
            )),
            many => Some(format!(
                "k = {} are skipped: they are more than the {n} requests (N), so each would run like k = {n}.",
                many.join(", ")
            )),
        }
    }
}

/// The values of k, in the order typed; `n` is N, `max` the k field's largest
/// value. Values above N are set aside, not refused: the default list goes up
/// to 200 while a fresh page's N is 20, and that is no error.
pub fn parse_list(text: &str, n: usize, max: usize) -> Result<SweepList, SweepError> {
    let mut list = SweepList {
        ks: Vec::new(),
        above_n: Vec::new(),
    };
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let k: usize = item
            .parse()
            .map_err(|_| SweepError::NotNumber(item.to_string()))?;
        if k == 0 {
            return Err(SweepError::Zero);
        }
        if k > max {
            return Err(SweepError::AboveMax { k, max });
        }
        if list.ks.contains(&k) || list.above_n.contains(&k) {
            return Err(SweepError::Duplicate(k));
        }
        if k > n {
            list.above_n.push(k);
        } else {
            list.ks.push(k);
        }
    }
    match (list.ks.len(), list.above_n.len()) {
        (0, 0) => Err(SweepError::Empty),
        (0, _) => Err(SweepError::AllAboveN(n)),
        (len, _) if len > MAX_POINTS => Err(SweepError::TooMany(len)),
        _ => Ok(list),
    }
}

/// The order the points run in: ascending, or shuffled by `seed` so that
/// drift over the sweep (warm-up, memory growth) does not line up with k.
/// The same seed gives the same order, so a sweep can be repeated exactly.
pub fn run_order(ks: &[usize], shuffle: bool, seed: u64) -> Vec<usize> {
    let mut order = ks.to_vec();
    crate::sort::usizes(&mut order);
    if shuffle {
        // Fisher–Yates with the seeded, order-independent draws (salt 3: not a latency draw).
        for i in (1..order.len()).rev() {
            let j = (unit(seed, i, 0, 3) * (i + 1) as f64) as usize;
            order.swap(i, j.min(i));
        }
    }
    order
}

/// One point of a sweep: a run of the history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// The run's k.
    pub k: usize,
    /// The run's id in the history.
    pub run: usize,
    /// The run's wall time, in ms.
    pub wall_ms: f64,
    /// Successful requests per second of wall time; failures don't count as throughput.
    pub per_s: f64,
    /// The run's replayed ideal wall time in ms; `None` when it has none.
    pub ideal_ms: Option<f64>,
    /// Cancelled: not a measurement of k, so never the knee.
    pub cancelled: bool,
    /// Requests that ended in failure.
    pub failed: usize,
}

/// The points of sweep `batch`, by ascending k.
pub fn points(runs: &[Arc<RunResult>], batch: usize) -> Vec<Point> {
    let mut out: Vec<Point> = runs
        .iter()
        .filter(|r| r.batch == batch)
        .map(|r| Point {
            k: r.settings.k,
            run: r.id,
            wall_ms: r.report.wall_ms,
            per_s: crate::stats::throughput(r.report.counts.ok, r.report.wall_ms).unwrap_or(0.0),
            ideal_ms: r.shown_ideal_ms(),
            cancelled: !r.completed(),
            failed: r.report.counts.failed,
        })
        .collect();
    crate::sort::by_key(&mut out, |p| p.k as u64);
    out
}

/// The knee, and the best throughput it is measured against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Knee {
    /// The knee: the smallest k whose throughput is within `KNEE_TOLERANCE` of the best.
    pub k: usize,
    /// The knee's throughput, in successful requests/s.
    pub per_s: f64,
    /// The k with the best throughput.
    pub best_k: usize,
    /// The best throughput, in successful requests/s.
    pub best_per_s: f64,
}

/// What a sweep shows: a knee, or a curve that never bent within the list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reading {
    /// The curve bent: more k past [`Knee::k`] bought under 5%.
    Knee(Knee),
    /// The best throughput came at the largest k, every smaller k more than
    /// 5% slower: no plateau within the list, so no knee.
    Rising {
        /// The largest k, where the best throughput came.
        k: usize,
        /// Its throughput, in successful requests/s.
        per_s: f64,
        /// The only point that finished: one point shows no bend.
        alone: bool,
    },
}

impl Reading {
    /// The knee, when the curve bent.
    pub fn knee(self) -> Option<Knee> {
        match self {
            Reading::Knee(k) => Some(k),
            Reading::Rising { .. } => None,
        }
    }

    /// What the chart says.
    pub fn sentence(self) -> String {
        match self {
            Reading::Knee(k) => k.sentence(),
            Reading::Rising {
                k,
                per_s,
                alone: true,
            } => format!(
                "No plateau within the list, so no knee: only k = {k} finished ({per_s:.0} req/s), and one point shows no bend."
            ),
            Reading::Rising {
                k,
                per_s,
                alone: false,
            } => format!(
                "No plateau within the list, so no knee: the best throughput, {per_s:.0} req/s, came at the largest k = {k}, more than 5% above every smaller k. The curve never bent; add larger k (or more requests) to find where it does."
            ),
        }
    }
}

/// The sweep's reading: the smallest k whose throughput is within 5% of the
/// best, unless that is the largest k (the curve never bent). Cancelled
/// points are left out; input order does not matter. `None`: nothing finished.
pub fn reading(points: &[Point]) -> Option<Reading> {
    let valid = || points.iter().filter(|p| !p.cancelled && p.per_s > 0.0);
    let best = valid().max_by(|a, b| a.per_s.total_cmp(&b.per_s).then(b.k.cmp(&a.k)))?;
    let knee = valid()
        .filter(|p| p.per_s >= (1.0 - KNEE_TOLERANCE) * best.per_s)
        .min_by_key(|p| p.k)?;
    let largest = valid().map(|p| p.k).max()?;
    if knee.k == largest {
        return Some(Reading::Rising {
            k: best.k,
            per_s: best.per_s,
            alone: valid().count() == 1,
        });
    }
    Some(Reading::Knee(Knee {
        k: knee.k,
        per_s: knee.per_s,
        best_k: best.k,
        best_per_s: best.per_s,
    }))
}

/// The knee, where the curve bent; `None` when it never did (see [`reading`]).
pub fn knee(points: &[Point]) -> Option<Knee> {
    reading(points).and_then(Reading::knee)
}

impl Knee {
    /// What the chart says about it.
    pub fn sentence(&self) -> String {
        if self.k == self.best_k {
            format!(
                "Knee at k = {}: the best throughput, {:.0} req/s; every smaller k was more than 5% slower.",
                self.k, self.best_per_s
            )
        } else {
            format!(
                "Knee at k = {}: {:.0} req/s, within 5% of the best ({:.0} req/s at k = {}); a higher limit bought almost nothing.",
                self.k, self.per_s, self.best_per_s, self.best_k
            )
        }
    }
}

/// Where `k` falls on a log axis from `lo` to `hi`, as 0..=1; a single k sits in the middle.
pub fn log_position(k: usize, lo: usize, hi: usize) -> f64 {
    let (k, lo, hi) = (k.max(1) as f64, lo.max(1) as f64, hi.max(1) as f64);
    if hi <= lo {
        return 0.5;
    }
    ((k.ln() - lo.ln()) / (hi.ln() - lo.ln())).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests;
