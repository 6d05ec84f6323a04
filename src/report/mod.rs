//! What a finished run means: baseline, speedup, efficiency, ideal, the verdict,
//! which runs the charts show, and the waterfall's read-out. Pure, so tested
//! natively; the page's state only keeps the runs.
#![deny(missing_docs)]
pub mod connections;
pub mod cpu_mode;
pub mod export;
pub mod focus;
pub mod ideal;
mod line;
pub mod little;
mod live;
pub mod load_test;
mod measured;
mod names;
mod order;
pub mod permalink;
pub mod polls;
pub mod race;
pub mod readout;
pub mod retime;
pub mod sweep;
#[cfg(test)]
mod tests;

pub use connections::{Basis, Pool, HTTP1_CAP};
pub use focus::Focus;
pub use ideal::{Ideal, ServerTimes, Source};
pub use line::{Line, Ms, OfIdeal, Percent, Rate, Speedup, Tally};
pub use live::LiveRun;
pub use readout::{readout, row_label};

use crate::config::Settings;
use crate::engine::timing::Summary;
use crate::engine::{Outcome, RunReport, Strategy};
use crate::stats::{self, Latencies};
use crate::verdict::Facts;
use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// Per request, its handler's CPU work (start, end) when it ran.
pub type HandlerSpans = Vec<Option<(f64, f64)>>;

/// One finished (or cancelled) run, with the settings it ran with.
#[derive(Clone, Debug, Serialize)]
pub struct RunResult {
    /// Its number in the history (`#3`), never reused.
    pub id: usize,
    /// Runs started by one click (Run, or Compare) share a batch.
    pub batch: usize,
    /// The share-link query of its settings, naming its own strategy.
    pub query: String,
    /// The validated settings it ran with; exports write only its language
    /// (the query holds the rest), and none for Rust, as files did before.
    #[serde(
        rename = "language",
        serialize_with = "export::language_of",
        skip_serializing_if = "export::ran_in_rust"
    )]
    pub settings: Settings,
    /// Percentiles, computed once: the report never changes after the run.
    pub latency: Latencies,
    /// Set for a run loaded from a file: when it was recorded. It was not re-run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_on: Option<String>,
    /// Replayed after the run (`None` until then, or while no server times
    /// are known). The history files a copy with it when it arrives, so
    /// whoever reads the runs sees it change.
    pub ideal: Option<Ideal>,
    /// What the Resource Timing entries say, computed once.
    #[serde(skip)]
    pub timing: Summary,
    /// The connection pool and the most in flight to one host name, computed
    /// on first use (sorting every attempt once, not at each render).
    #[serde(skip)]
    pub pool: OnceLock<connections::Seen>,
    /// The HTTP/2 stream limit (SETTINGS_MAX_CONCURRENT_STREAMS) the target's
    /// server announced before the run (the latency server's `/hello`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced_streams: Option<usize>,
    /// Each request's handler span (its CPU work's start and end, on the
    /// run's clock), when the run had CPU work; `None` in files from before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handlers: Option<HandlerSpans>,
    /// What the engine recorded: one record per request, in order.
    pub report: RunReport,
}

impl RunResult {
    /// Run `id`, filed as its own batch, with no ideal yet.
    pub fn new(id: usize, query: String, settings: Settings, report: RunReport) -> Self {
        RunResult {
            id,
            batch: id,
            query,
            latency: Latencies::of(&report.records),
            timing: Summary::of(&report.records),
            ideal: None,
            pool: OnceLock::new(),
            announced_streams: None,
            recorded_on: None,
            handlers: None,
            settings,
            report,
        }
    }

    /// The replayed ideal, once known; a run has exactly one.
    pub fn set_ideal(&mut self, ideal: Ideal) -> bool {
        let first = self.ideal.is_none();
        if first {
            self.ideal = Some(ideal);
        }
        first
    }

    /// The stored ideal wall time, as replayed or as a file brought it.
    pub fn ideal_ms(&self) -> Option<f64> {
        self.ideal.as_ref().map(|i| i.ms)
    }

    /// The ideal wall time the page shows: none for a cancelled run (an
    /// ideal of all N beside a partial wall compares different work), even
    /// when a file brought one.
    pub fn shown_ideal_ms(&self) -> Option<f64> {
        self.ideal().map(|i| i.ms)
    }

    /// The replayed ideal, of a completed run only.
    pub fn ideal(&self) -> Option<&Ideal> {
        self.ideal.as_ref().filter(|_| self.completed())
    }

    /// The sequential runs this run is measured against: those of its own
    /// Compare (both, in A B B A order), else the latest complete one with the
    /// same workload.
    pub fn baseline<'a>(&self, runs: &'a [Arc<RunResult>]) -> Vec<&'a RunResult> {
        let key = self.settings.workload_key();
        let mut candidates = runs.iter().map(Arc::as_ref).filter(|r| {
            r.report.strategy == Strategy::Sequential
                && r.completed()
                && r.settings.workload_key() == key
        });
        let same_batch: Vec<_> = candidates
            .clone()
            .filter(|r| r.batch == self.batch)
            .collect();
        if same_batch.is_empty() {
            candidates.next_back().into_iter().collect()
        } else {
            same_batch
        }
    }

    /// The baseline's wall time: the mean when there are two.
    pub fn baseline_wall_ms(&self, runs: &[Arc<RunResult>]) -> Option<f64> {
        mean_wall(&self.baseline(runs))
    }

    /// Every request ran to an outcome: not cancelled.
    pub fn completed(&self) -> bool {
        !self.report.cancelled_by_user
    }

    /// How many times faster than that sequential run; a cancelled run has
    /// none, nor has a sequential run: it is the baseline.
    pub fn speedup(&self, runs: &[Arc<RunResult>]) -> Option<f64> {
        self.speedup_over(&self.baseline(runs))
    }

    /// A sequential run: what the others' speedups are measured against.
    pub fn is_baseline(&self) -> bool {
        self.report.strategy == Strategy::Sequential
    }

    /// Ideal ÷ measured wall; a cancelled run has none.
    pub fn efficiency(&self) -> Option<f64> {
        stats::efficiency(self.shown_ideal_ms()?, self.report.wall_ms)
    }

    /// Said wherever a speedup is shown, when this run or its baseline had failures.
    pub fn speedup_caveat(&self, runs: &[Arc<RunResult>]) -> Option<String> {
        self.caveat_over(&self.baseline(runs))
    }

    /// The speedup over `baseline` (the runs `baseline()` picked).
    fn speedup_over(&self, baseline: &[&RunResult]) -> Option<f64> {
        if self.is_baseline() {
            return None;
        }
        let wall = mean_wall(baseline).filter(|_| self.completed())?;
        stats::speedup(wall, self.report.wall_ms)
    }

    /// The caveat for a speedup over `baseline`, if it has one.
    fn caveat_over(&self, baseline: &[&RunResult]) -> Option<String> {
        self.speedup_over(baseline)?;
        let here = self.report.counts.failed;
        let there: usize = baseline.iter().map(|b| b.report.counts.failed).sum();
        let who = match (here, there) {
            (0, 0) => return None,
            (n, 0) => format!("{n} failed here"),
            (0, m) => format!("{m} failed in the sequential run"),
            (n, m) => format!("{n} failed here and {m} in the sequential run"),
        };
        Some(format!(
            "{who}: the speedup compares runs whose requests did not all succeed"
        ))
    }

    /// Successful requests per second of wall time: the one throughput, the
    /// sweep chart's and the lessons'; a failure is not throughput.
    pub fn throughput(&self) -> Option<f64> {
        stats::throughput(self.report.counts.ok, self.report.wall_ms)
    }

    /// What the verdict sentence is made of.
    pub fn facts(&self, runs: &[Arc<RunResult>]) -> Facts {
        let baseline = self.baseline(runs);
        let speedup = mean_wall(&baseline).zip(self.speedup_over(&baseline));
        let ideal = self.ideal();
        let ideal_speedup = ideal.and_then(|i| stats::speedup(i.sequential_ms, i.ms));
        let no_ideal = if !self.completed() {
            Some(ideal::NO_IDEAL_CANCELLED)
        } else {
            (ideal.is_none() && !self.settings.is_sim()).then_some(ideal::NO_SERVER_TIMES)
        };
        Facts {
            title: self.title(),
            n: self.report.n,
            wall_ms: self.report.wall_ms,
            counts: self.report.counts,
            cancelled_by_user: self.report.cancelled_by_user,
            baseline: self.is_baseline(),
            speedup,
            ideal_speedup,
            efficiency: self
                .shown_ideal_ms()
                .and_then(|i| self.efficiency().map(|e| (i, e))),
            cap: self.cap_facts(runs),
            speedup_caveat: speedup.and_then(|_| self.caveat_over(&baseline)),
            ideal_basis: ideal.map(|i| {
                let from = match i.from {
                    ServerTimes::Draws => "these draws".to_string(),
                    ServerTimes::MeasuredIn(id) => format!("the server times run #{id} measured"),
                    ServerTimes::Timed => "the server times the browser measured".to_string(),
                };
                match self.connections() {
                    Some(p) if p.basis.http2() => {
                        format!("{from}, through {} streams per connection", p.per_host)
                    }
                    Some(p) => format!("{from}, through {} connections per host", p.per_host),
                    None => from,
                }
            }),
            no_ideal,
            order: self.order_note(runs),
            bottleneck: self.little().and_then(|l| l.sentence()),
            // Every attempt whose body was read burned `cpu_ms`, error statuses
            // too (browser::fetch::read_body).
            cpu: (self.settings.cpu_ms > 0).then(|| crate::verdict::Cpu {
                per_ms: self.settings.cpu_ms,
                responses: self
                    .report
                    .records
                    .iter()
                    .flat_map(|r| &r.attempts)
                    .filter(|a| matches!(a.outcome, Outcome::Ok { .. } | Outcome::HttpError { .. }))
                    .count(),
                workers: cpu_mode::workers(&self.settings, self.handlers.as_deref()),
            }),
            http2: self.http2_note(),
            certificate: self.certificate_hint(),
        }
    }

    /// HTTPS to this machine that ended in network errors: most likely the
    /// latency server's certificate, not yet accepted. The record with the
    /// error names the origin to open.
    pub fn certificate_hint(&self) -> Option<String> {
        let failed = self
            .report
            .records
            .iter()
            .find(|r| matches!(r.outcome, Some(crate::engine::Outcome::NetworkError { .. })))?;
        let url = self.settings.url_for(failed.index);
        crate::latency::is_local_https(&url).then(|| crate::latency::certificate_hint(&url))
    }

    /// The verdict's plain first sentence (the reasoning is [`RunResult::verdict`]).
    pub fn plain_verdict(&self, runs: &[Arc<RunResult>]) -> String {
        let plain = crate::verdict::plain(&self.facts(runs));
        match &self.recorded_on {
            Some(date) => format!("Recorded on {date}, not re-run: {plain}"),
            None => plain,
        }
    }

    /// The verdict sentence for this run: the reasoning under the plain one.
    pub fn verdict(&self, runs: &[Arc<RunResult>]) -> String {
        let sentence = crate::verdict::sentence(&self.facts(runs));
        match &self.recorded_on {
            Some(date) => format!("Recorded on {date}, not re-run: {sentence}"),
            None => sentence,
        }
    }
}

/// The baseline runs' mean wall time.
pub(super) fn mean_wall(baseline: &[&RunResult]) -> Option<f64> {
    mean(baseline.iter().map(|b| b.report.wall_ms))
}

/// The mean, or `None` for no values.
pub(super) fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// What Compare runs: sequential then `strategy`, or in A B B A order, so
/// that drift over time biases neither side.
pub fn compare_plan(strategy: Strategy, alternate: bool) -> Vec<Strategy> {
    if alternate {
        vec![
            Strategy::Sequential,
            strategy,
            strategy,
            Strategy::Sequential,
        ]
    } else {
        vec![Strategy::Sequential, strategy]
    }
}

/// The runs the charts show: the selected ones, else the latest.
pub fn shown_runs(runs: &[Arc<RunResult>], selected: &[usize]) -> Vec<Arc<RunResult>> {
    let picked: Vec<_> = runs
        .iter()
        .filter(|r| selected.contains(&r.id))
        .cloned()
        .collect();
    if picked.is_empty() {
        runs.last().cloned().into_iter().collect()
    } else {
        picked
    }
}

/// At most this many runs are drawn side by side.
pub const MAX_SELECTED: usize = 4;

/// Ticks or unticks run `id`; a third tick drops the oldest.
pub fn toggle_selection(selected: &mut Vec<usize>, id: usize) {
    if let Some(pos) = selected.iter().position(|x| *x == id) {
        selected.remove(pos);
    } else {
        selected.push(id);
        if selected.len() > MAX_SELECTED {
            selected.remove(0);
        }
    }
}

/// Runs compared by identity: the charts redraw when the set of runs changes,
/// without comparing 100,000 records field by field.
#[derive(Clone, Debug, Default)]
pub struct Shown(pub Vec<Arc<RunResult>>);

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}
