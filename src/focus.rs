//! What the in-flight chart and the latency histogram draw, live or after the run.
use crate::state::Playground;
use crate::viz::Span;
use leptos::prelude::*;

/// The data the in-flight chart and the latency histogram draw: the run in
/// progress, or the latest shown run.
#[derive(Debug, PartialEq)]
pub struct Focus {
    pub title: String,
    pub origin: f64,
    /// Fetch attempts as (start, end); live, one per started request.
    pub intervals: Vec<(f64, f64)>,
    pub latencies: Vec<f64>,
    /// The strategy's limit, where it has one.
    pub k: Option<usize>,
    pub browser_cap: Option<usize>,
    pub live: bool,
}

impl Playground {
    /// Reads without tracking: the caller (the App's effect) decides when to recompute.
    pub fn focus(&self) -> Option<Focus> {
        if self.running.get_untracked() {
            let now = crate::browser::clock::now_ms();
            return self.live.with_value(|l| {
                let l = l.as_ref()?;
                let s = &l.settings;
                let started = l.spans.iter().filter_map(|x| x.started.map(|a| (a, x)));
                Some(Focus {
                    title: s.strategy.id().to_string(),
                    origin: l.began_ms,
                    intervals: started.map(|(a, x)| (a, x.ended.unwrap_or(now))).collect(),
                    latencies: l.spans.iter().filter_map(Span::latency_ms).collect(),
                    k: s.strategy.uses_k().then_some(s.k),
                    browser_cap: s.browser_cap(),
                    live: true,
                })
            });
        }
        let run = self.shown_runs().pop()?;
        let records = &run.report.records;
        Some(Focus {
            title: run.title(),
            origin: run.report.began_ms,
            intervals: records
                .iter()
                .flat_map(|r| r.attempts.iter().map(|a| (a.started, a.ended)))
                .collect(),
            latencies: records
                .iter()
                .filter_map(|r| Span::from(r).latency_ms())
                .collect(),
            k: run.report.strategy.uses_k().then_some(run.settings.k),
            browser_cap: run.settings.browser_cap(),
            live: false,
        })
    }
}
