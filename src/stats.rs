//! Numbers about a run: latency percentiles, throughput, speedup and
//! efficiency. Pure, so tested natively.
#![deny(missing_docs)]
use crate::engine::{OutcomeClass, Record};
use crate::viz::Span;
use hdrhistogram::Histogram;

/// A latency summary in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Latency {
    /// How many samples the summary covers.
    pub count: u64,
    /// The average, in ms.
    pub mean_ms: f64,
    /// The median, in ms.
    pub p50_ms: f64,
    /// 90% of samples took at most this long, in ms.
    pub p90_ms: f64,
    /// 99% of samples took at most this long, in ms.
    pub p99_ms: f64,
    /// The slowest sample, in ms.
    pub max_ms: f64,
}

/// The two latencies a run has, each meaning one thing.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Latencies {
    /// Successful attempts: one fetch's span each, fetch called → body read.
    pub attempts: Option<Latency>,
    /// Whole requests that finished (ok or failed): first start → final
    /// outcome, with every retry and backoff in between.
    pub requests: Option<Latency>,
}

impl Latencies {
    /// Both latencies of a run's records; each `None` when it has no samples.
    pub fn of(records: &[Record]) -> Latencies {
        Latencies {
            attempts: summarize(successful_attempts_ms(records)),
            requests: summarize(records.iter().filter_map(|r| Span::from(r).latency_ms())),
        }
    }
}

/// The span of every successful attempt, in ms.
pub fn successful_attempts_ms(records: &[Record]) -> impl Iterator<Item = f64> + '_ {
    records
        .iter()
        .flat_map(|r| r.attempts.iter())
        .filter(|a| a.outcome.class() == OutcomeClass::Ok)
        .map(|a| a.ended - a.started)
}

/// Percentiles from an HDR histogram in microseconds (3 significant digits):
/// memory stays small whether N is 10 or 100,000. The histogram grows to fit
/// any value (a timeout with retries can outlast an hour), and the mean and
/// max are exact, from the values themselves.
pub fn summarize(values_ms: impl IntoIterator<Item = f64>) -> Option<Latency> {
    let mut hist = Histogram::<u64>::new_with_bounds(1, 3_600_000_000, 3).ok()?;
    hist.auto(true);
    let (mut sum, mut max, mut n) = (0.0, f64::NEG_INFINITY, 0u64);
    for ms in values_ms.into_iter().filter(|v| v.is_finite()) {
        let ms = ms.max(0.0);
        let micros = (ms * 1000.0).round().max(1.0) as u64;
        // `record` resizes (auto); should it still fail, the exact max stands.
        if hist.record(micros).is_err() {
            hist.saturating_record(micros);
        }
        sum += ms;
        max = max.max(ms);
        n += 1;
    }
    if n == 0 {
        return None;
    }
    let ms = |micros: u64| micros as f64 / 1000.0;
    Some(Latency {
        count: n,
        mean_ms: sum / n as f64,
        p50_ms: ms(hist.value_at_quantile(0.50)),
        p90_ms: ms(hist.value_at_quantile(0.90)),
        p99_ms: ms(hist.value_at_quantile(0.99)).min(max),
        max_ms: max,
    })
}

/// How many times faster than `baseline_ms`.
pub fn speedup(baseline_ms: f64, wall_ms: f64) -> Option<f64> {
    (wall_ms > 0.0 && baseline_ms > 0.0).then(|| baseline_ms / wall_ms)
}

/// Ideal ÷ measured: 1.0 means no overhead at all.
pub fn efficiency(ideal_ms: f64, wall_ms: f64) -> Option<f64> {
    (wall_ms > 0.0 && ideal_ms > 0.0).then(|| ideal_ms / wall_ms)
}

/// Finished requests per second of wall time.
pub fn throughput(finished: usize, wall_ms: f64) -> Option<f64> {
    (wall_ms > 0.0).then(|| finished as f64 * 1000.0 / wall_ms)
}

/// The most of `spans` (start, end) open at one moment, 0 for none; an end
/// at the same moment as a start frees its place first, so touching spans
/// do not overlap. In-flight attempts and overlapping CPU handlers alike.
pub fn most_at_once(spans: impl IntoIterator<Item = (f64, f64)>) -> usize {
    let mut edges: Vec<(f64, i32)> = spans
        .into_iter()
        .flat_map(|(s, e)| [(s, 1), (e, -1)])
        .collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut most) = (0i32, 0i32);
    for (_, step) in edges {
        now += step;
        most = most.max(now);
    }
    usize::try_from(most).unwrap_or(0)
}

/// "2.1 s" or "340 ms": a duration as a learner reads it.
pub fn format_ms(ms: f64) -> String {
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.0} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Attempt, Outcome};

    /// A request with one attempt of `latency` ms.
    fn rec(index: usize, latency: f64, outcome: Outcome) -> Record {
        let mut r = Record::new(index, String::new());
        r.started = Some(1000.0);
        r.ended = Some(1000.0 + latency);
        r.attempts.push(Attempt {
            started: 1000.0,
            ended: 1000.0 + latency,
            outcome: outcome.clone(),
            timing: None,
        });
        r.outcome = Some(outcome);
        r
    }

    fn ok() -> Outcome {
        Outcome::Ok {
            status: 200,
            bytes: 0,
        }
    }

    #[test]
    fn percentiles_match_a_brute_force_sort() {
        let ok = ok();
        for seed in 0..5u64 {
            let values: Vec<f64> = (0..20_000)
                .map(|i| 1.0 + crate::rng::unit(seed, i, 0, 3).powi(3) * 5000.0)
                .collect();
            let records: Vec<Record> = values
                .iter()
                .enumerate()
                .map(|(i, v)| rec(i + 1, *v, ok.clone()))
                .collect();
            let got = Latencies::of(&records).attempts.unwrap();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let exact = |q: f64| sorted[((q * sorted.len() as f64).ceil() as usize).max(1) - 1];
            for (q, hdr) in [
                (0.5, got.p50_ms),
                (0.9, got.p90_ms),
                (0.99, got.p99_ms),
                (1.0, got.max_ms),
            ] {
                let want = exact(q);
                // 3 significant digits: within 0.1% plus the 1 µs rounding.
                assert!(
                    (hdr - want).abs() <= want * 0.001 + 0.002,
                    "q{q}: {hdr} vs {want}"
                );
            }
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            assert!(
                (got.mean_ms - mean).abs() <= mean * 0.001,
                "{} vs {mean}",
                got.mean_ms
            );
            assert_eq!(got.count, 20_000);
        }
    }

    #[test]
    fn attempts_count_only_successes_and_requests_include_retries() {
        let mut never = Record::new(2, String::new());
        never.outcome = Some(Outcome::Cancelled);
        // Request 4: a 500 after 30 ms, 70 ms of backoff, then ok after 20 ms.
        let mut retried = rec(4, 120.0, ok());
        retried.attempts = vec![
            Attempt {
                started: 1000.0,
                ended: 1030.0,
                timing: None,
                outcome: Outcome::HttpError { status: 500 },
            },
            Attempt {
                started: 1100.0,
                ended: 1120.0,
                timing: None,
                outcome: ok(),
            },
        ];
        let records = vec![
            rec(1, 50.0, Outcome::Timeout),
            never,
            rec(3, 9.0, Outcome::Cancelled),
            retried,
        ];
        let l = Latencies::of(&records);
        let attempts = l.attempts.unwrap();
        // HDR keeps 3 significant digits.
        assert_eq!(attempts.count, 1);
        assert!((attempts.max_ms - 20.0).abs() < 0.05, "{attempts:?}");
        let requests = l.requests.unwrap();
        // The timeout (50 ms) and the retried request's whole 120 ms.
        assert_eq!(requests.count, 2);
        assert!((requests.max_ms - 120.0).abs() < 0.2, "{requests:?}");
        assert_eq!(Latencies::of(&records[1..3]), Latencies::default());
    }

    #[test]
    fn a_request_longer_than_an_hour_keeps_its_p99_and_max() {
        // 98 quick ones and two that took 2 h (retries of a slow server): p99 and max are 2 h.
        let two_hours = 2.0 * 3_600_000.0;
        let mut records: Vec<Record> = (1..=98).map(|i| rec(i, 50.0, ok())).collect();
        records.push(rec(99, two_hours, ok()));
        records.push(rec(100, two_hours + 1.0, ok()));
        let l = Latencies::of(&records).attempts.unwrap();
        assert_eq!(l.max_ms, two_hours + 1.0, "the exact max");
        assert!((l.p99_ms - two_hours).abs() <= two_hours * 0.001, "{l:?}");
        let mean = (98.0 * 50.0 + 2.0 * two_hours + 1.0) / 100.0;
        assert!((l.mean_ms - mean).abs() < 1e-6, "{l:?}");
        let requests = Latencies::of(&records).requests.unwrap();
        assert_eq!(requests.max_ms, two_hours + 1.0);
    }

    #[test]
    fn speedup_efficiency_and_formatting() {
        assert_eq!(speedup(2000.0, 400.0), Some(5.0));
        assert_eq!(speedup(2000.0, 0.0), None);
        assert_eq!(efficiency(400.0, 500.0), Some(0.8));
        assert_eq!(throughput(100, 500.0), Some(200.0));
        assert_eq!(format_ms(2100.0), "2.10 s");
        assert_eq!(format_ms(340.4), "340 ms");
    }
}
