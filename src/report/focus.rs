//! What the in-flight chart and the latency histogram draw: the run in
//! progress, or the latest shown run. Both hold the drawn geometry only (a few
//! hundred points), so handing a frame's Focus to the charts copies no records.
#![deny(missing_docs)]
use super::{LiveRun, RunResult};
use crate::viz::{downsample, histogram, in_flight_steps, Bin};

/// Points an in-flight trace is drawn with.
pub const TRACE_POINTS: usize = 600;
/// Bars of the latency histogram.
pub const BINS: usize = 30;

/// What the in-flight chart and the latency histogram draw for one run.
#[derive(Debug, PartialEq)]
pub struct Focus {
    /// The run the charts are about, as their caption names it.
    pub title: String,
    /// The time (ms on the run's clock) at the charts' left edge.
    pub origin: f64,
    /// Fetch attempts in flight over time (backoff and rate waits are not),
    /// downsampled to their peaks: (time, count from then on).
    pub steps: Vec<(f64, usize)>,
    /// The most attempts in flight at once.
    pub peak: usize,
    /// Successful attempts' spans, binned.
    pub bins: Vec<Bin>,
    /// How many successful attempts the bins count.
    pub latency_count: usize,
    /// The strategy's limit, where it has one.
    pub k: Option<usize>,
    /// A connection cap that bound (more in flight to one host name than it
    /// lets through): the cap line, over all host names.
    pub browser_cap: Option<usize>,
    /// Where the cap line's number comes from (HTTP/1.1, the waves, HTTP/2's stream limit).
    pub cap_basis: Option<super::Basis>,
    /// How many host names the cap is summed over (shards): 6 each over HTTP/1.1.
    pub cap_hosts: usize,
    /// Attempts on the wire (request sent, or worker started → last byte),
    /// from Resource Timing, as steps; empty while live or when not measured.
    pub wire: Vec<(f64, usize)>,
    /// Whether this is the run in progress rather than a finished one.
    pub live: bool,
}

fn peak(steps: &[(f64, usize)]) -> usize {
    steps.iter().map(|s| s.1).max().unwrap_or(0)
}

impl Focus {
    /// A finished run: one interval per fetch attempt.
    pub fn of_run(run: &RunResult) -> Focus {
        let records = &run.report.records;
        let attempts = || records.iter().flat_map(|r| r.attempts.iter());
        let steps = in_flight_steps(attempts().map(|a| (a.started, a.ended)));
        let wire = in_flight_steps(attempts().filter_map(|a| {
            let t = a.timing.as_ref()?;
            Some((t.wire_start()?, t.response_end))
        }));
        let latencies: Vec<f64> = crate::stats::successful_attempts_ms(records).collect();
        Focus {
            title: run.title(),
            origin: run.report.began_ms,
            peak: peak(&steps),
            steps: downsample(&steps, TRACE_POINTS),
            bins: histogram(&latencies, BINS),
            latency_count: latencies.len(),
            k: run.report.strategy.uses_k().then_some(run.settings.k),
            browser_cap: run.browser_cap(),
            cap_basis: run.binding_pool().map(|p| p.basis),
            cap_hosts: run.binding_pool().map_or(1, |p| p.hosts.max(1)),
            wire: downsample(&wire, TRACE_POINTS),
            live: false,
        }
    }

    /// The run in progress at `now`: what is in flight now holds until `now`.
    pub fn live(live: &LiveRun, now: f64) -> Focus {
        let s = &live.settings;
        Focus {
            title: s.language.named(s.strategy.id().to_string()),
            origin: live.began_ms,
            steps: live.steps.trace(now),
            peak: live.steps.peak(),
            bins: live.latencies.bins(BINS),
            latency_count: live.latencies.len(),
            k: s.strategy.uses_k().then_some(s.k),
            // Not measured until the run ends: no guess from the URL.
            browser_cap: None,
            cap_basis: None,
            cap_hosts: 1,
            wire: Vec::new(),
            live: true,
        }
    }
}
