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
    pub browser_cap: Option<usize>,
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
            browser_cap: run.settings.browser_cap(),
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
            browser_cap: s.browser_cap(),
            live: true,
        }
    }
}
