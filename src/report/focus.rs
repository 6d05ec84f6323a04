//! What the in-flight chart and the latency histogram draw: the run in
//! progress, or the latest shown run.
use super::RunResult;
use crate::config::Settings;
use crate::viz::Span;

#[derive(Debug, PartialEq)]
pub struct Focus {
    pub title: String,
    pub origin: f64,
    /// Fetch attempts as (start, end); live, one per started request.
    pub intervals: Vec<(f64, f64)>,
    /// Successful attempts' spans; live, requests that ended ok (one attempt
    /// each unless retried).
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

    /// The run in progress at `now`: requests still going end at `now`.
    pub fn live(settings: &Settings, began_ms: f64, spans: &[Span], now: f64) -> Focus {
        let started = spans.iter().filter_map(|x| x.started.map(|a| (a, x)));
        Focus {
            title: settings.strategy.id().to_string(),
            origin: began_ms,
            intervals: started.map(|(a, x)| (a, x.ended.unwrap_or(now))).collect(),
            latencies: spans.iter().filter_map(Span::latency_ms).collect(),
            k: settings.strategy.uses_k().then_some(settings.k),
            browser_cap: settings.browser_cap(),
            live: true,
        }
    }
}
