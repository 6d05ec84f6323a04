//! What the in-flight chart and the latency histogram draw: the run in
//! progress, or the latest shown run.
use super::{LiveRun, RunResult};

#[derive(Debug, PartialEq)]
pub struct Focus {
    pub title: String,
    pub origin: f64,
    /// Fetch attempts as (start, end): backoff and rate waits are not in flight.
    pub intervals: Vec<(f64, f64)>,
    /// Successful attempts' spans.
    pub latencies: Vec<f64>,
    /// The strategy's limit, where it has one.
    pub k: Option<usize>,
    /// Measured HTTP/1.1 with more than 6 allowed in flight: the cap line.
    pub browser_cap: Option<usize>,
    /// Attempts on the wire (request sent, or worker started → last byte),
    /// from Resource Timing; empty while live or when not measured.
    pub wire: Vec<(f64, f64)>,
    pub live: bool,
}

impl Focus {
    /// A finished run: one interval per fetch attempt.
    pub fn of_run(run: &RunResult) -> Focus {
        let records = &run.report.records;
        Focus {
            title: run.title(),
            origin: run.report.began_ms,
            intervals: records
                .iter()
                .flat_map(|r| r.attempts.iter().map(|a| (a.started, a.ended)))
                .collect(),
            latencies: crate::stats::successful_attempts_ms(records).collect(),
            k: run.report.strategy.uses_k().then_some(run.settings.k),
            browser_cap: run.browser_cap(),
            wire: records
                .iter()
                .flat_map(|r| r.attempts.iter())
                .filter_map(|a| {
                    let t = a.timing.as_ref()?;
                    Some((t.wire_start()?, t.response_end))
                })
                .collect(),
            live: false,
        }
    }

    /// The run in progress at `now`: attempts still in flight end at `now`.
    pub fn live(live: &LiveRun, now: f64) -> Focus {
        let s = &live.settings;
        Focus {
            title: s.strategy.id().to_string(),
            origin: live.began_ms,
            intervals: live.intervals(now),
            latencies: live.ok_attempts.clone(),
            k: s.strategy.uses_k().then_some(s.k),
            // Not measured until the run ends: no guess from the URL.
            browser_cap: None,
            wire: Vec::new(),
            live: true,
        }
    }
}
