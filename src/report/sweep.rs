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
mod tests {
    use super::*;

    fn point(k: usize, per_s: f64) -> Point {
        Point {
            k,
            run: k,
            wall_ms: 1000.0,
            per_s,
            ideal_ms: None,
            cancelled: false,
            failed: 0,
        }
    }

    #[test]
    fn parses_the_default_list() {
        assert_eq!(
            parse_list(DEFAULT_LIST, 2000, 100_000).map(|l| l.ks),
            Ok(vec![1, 2, 5, 10, 20, 50, 100, 150, 200])
        );
        assert_eq!(
            parse_list(" 6 ,, 3,", 10, 100).map(|l| l.ks),
            Ok(vec![6, 3])
        );
    }

    #[test]
    fn bad_lists_say_what_is_wrong() {
        use SweepError::*;
        assert_eq!(parse_list("", 10, 100), Err(Empty));
        assert_eq!(parse_list(" , ", 10, 100), Err(Empty));
        assert_eq!(parse_list("1, two", 10, 100), Err(NotNumber("two".into())));
        assert_eq!(parse_list("1.5", 10, 100), Err(NotNumber("1.5".into())));
        assert_eq!(parse_list("-1", 10, 100), Err(NotNumber("-1".into())));
        assert_eq!(parse_list("0, 1", 10, 100), Err(Zero));
        assert_eq!(parse_list("11, 12", 10, 100), Err(AllAboveN(10)));
        assert_eq!(
            parse_list("101", 1000, 100),
            Err(AboveMax { k: 101, max: 100 })
        );
        assert_eq!(parse_list("2, 3, 2", 10, 100), Err(Duplicate(2)));
        assert_eq!(parse_list("20, 11, 20", 10, 100), Err(Duplicate(20)));
        let many: Vec<String> = (1..=21).map(|k| k.to_string()).collect();
        assert_eq!(parse_list(&many.join(","), 100, 100), Err(TooMany(21)));
        let msg = AllAboveN(10).to_string();
        assert!(msg.contains("10 requests"), "{msg}");
    }

    #[test]
    fn values_above_n_are_skipped_with_a_note_not_refused() {
        // A fresh page: the default list against the default N = 20.
        let list = parse_list(DEFAULT_LIST, 20, 100_000).unwrap();
        assert_eq!(list.ks, vec![1, 2, 5, 10, 20]);
        assert_eq!(list.above_n, vec![50, 100, 150, 200]);
        assert_eq!(
            list.note(20).unwrap(),
            "k = 50, 100, 150, 200 are skipped: they are more than the 20 requests (N), so each would run like k = 20."
        );
        let one = parse_list("5, 11", 10, 100).unwrap();
        assert_eq!((&one.ks[..], &one.above_n[..]), (&[5][..], &[11][..]));
        assert!(one.note(10).unwrap().starts_with("k = 11 is skipped"));
        assert_eq!(parse_list("1, 5", 10, 100).unwrap().note(10), None);
    }

    #[test]
    fn the_order_is_sorted_or_a_repeatable_shuffle() {
        let ks = [50, 1, 20, 5, 2, 10, 100, 150, 200];
        assert_eq!(
            run_order(&ks, false, 1),
            vec![1, 2, 5, 10, 20, 50, 100, 150, 200]
        );
        let a = run_order(&ks, true, 1);
        assert_eq!(a, run_order(&ks, true, 1));
        assert_ne!(a, run_order(&ks, false, 1));
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, run_order(&ks, false, 1));
        assert_eq!(run_order(&[7], true, 3), vec![7]);
        assert!(run_order(&[], true, 3).is_empty());
    }

    #[test]
    fn the_knee_is_the_smallest_k_within_5_percent_of_the_best() {
        // Unsorted on purpose.
        let pts = [
            point(50, 960.0),
            point(1, 18.0),
            point(200, 990.0),
            point(20, 700.0),
            point(100, 1000.0),
        ];
        let knee = knee(&pts).expect("points");
        assert_eq!((knee.k, knee.best_k), (50, 100));
        assert!(knee.sentence().contains("k = 50"));
        // Exactly 95% is within.
        assert_eq!(
            super::knee(&[point(10, 95.0), point(20, 100.0)]).map(|k| k.k),
            Some(10)
        );
        // Best at the largest k, the smaller more than 5% slower: no bend.
        assert_eq!(
            super::reading(&[point(10, 94.9), point(20, 100.0)]),
            Some(Reading::Rising {
                k: 20,
                per_s: 100.0,
                alone: false
            })
        );
        assert_eq!(super::knee(&[point(10, 94.9), point(20, 100.0)]), None);
    }

    #[test]
    fn a_line_that_never_bends_has_no_knee() {
        // 1, 5, 20 at N = 20 on a fixed delay: throughput grows with k to the end.
        let pts = [point(1, 5.0), point(5, 25.0), point(20, 98.0)];
        assert_eq!(knee(&pts), None);
        let said = reading(&pts).expect("points").sentence();
        assert!(said.starts_with("No plateau within the list"), "{said}");
        assert!(said.contains("largest k = 20"), "{said}");
    }

    #[test]
    fn the_k_axis_is_logarithmic() {
        assert_eq!(log_position(1, 1, 100), 0.0);
        assert_eq!(log_position(100, 1, 100), 1.0);
        assert!((log_position(10, 1, 100) - 0.5).abs() < 1e-12);
        assert_eq!(log_position(6, 6, 6), 0.5);
    }

    #[test]
    fn edge_cases_single_point_ties_and_cancelled() {
        assert_eq!(knee(&[]), None);
        // One point shows no bend.
        assert_eq!(knee(&[point(6, 100.0)]), None);
        assert_eq!(
            reading(&[point(6, 100.0)]),
            Some(Reading::Rising {
                k: 6,
                per_s: 100.0,
                alone: true
            })
        );
        assert_eq!(
            knee(&[point(8, 100.0), point(6, 100.0)]).map(|k| (k.k, k.best_k)),
            Some((6, 6))
        );
        // A cancelled point's rate is not a measurement: never the knee.
        let mut cancelled = point(2, 500.0);
        cancelled.cancelled = true;
        assert_eq!(
            knee(&[cancelled.clone(), point(1, 60.0), point(5, 100.0)]).map(|k| k.k),
            None
        );
        assert_eq!(
            knee(&[cancelled.clone(), point(5, 100.0), point(9, 99.0)]).map(|k| k.k),
            Some(5)
        );
        assert_eq!(knee(&[cancelled]), None);
        assert_eq!(knee(&[point(3, 0.0)]), None);
    }
}
