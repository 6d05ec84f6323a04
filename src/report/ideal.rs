//! The ideal wall time of a run, computed exactly: the engine replays the same
//! strategy on a virtual clock with the run's own per-attempt server times, so
//! nothing costs anything but the server. For the simulated server those are
//! its seeded draws; for a real server, each attempt's server time as the
//! browser measured it, else the times a sequential run of the same workload
//! measured.
#![deny(missing_docs)]
use super::RunResult;
use crate::engine::{Outcome, Record};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A run's ideal, once replayed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ideal {
    /// This strategy's wall time with zero overhead.
    pub ms: f64,
    /// Sequential's, on the same server times: their ratio is the ideal speedup.
    pub sequential_ms: f64,
    /// Where the server times came from.
    pub from: ServerTimes,
}

/// Which server times the ideal was replayed with, as exports record it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerTimes {
    /// The simulated server's seeded draws: exactly what each attempt met.
    Draws,
    /// Each attempt's span in sequential run #id (browser overhead included).
    MeasuredIn(usize),
    /// Each attempt's own server time in this run, request sent → last byte,
    /// as the browser measured it (Resource Timing): no browser queue in it.
    Timed,
}

/// Per request, per attempt: (latency ms, outcome), as a sequential run measured them.
pub type Measured = Vec<Vec<(f64, Outcome)>>;

/// What a replay is fed.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// The simulated server's seeded draws.
    Draws,
    /// The attempt spans a sequential run measured.
    Measured {
        /// The id of the sequential run that measured them.
        run_id: usize,
        /// Per request, per attempt: (latency ms, outcome).
        times: Arc<Measured>,
    },
    /// This run's own server times, from Resource Timing.
    Timed {
        /// Per request, per attempt: (server ms, outcome).
        times: Arc<Measured>,
    },
}

impl Source {
    /// What this source is, as a report records it.
    pub fn server_times(&self) -> ServerTimes {
        match self {
            Source::Draws => ServerTimes::Draws,
            Source::Measured { run_id, .. } => ServerTimes::MeasuredIn(*run_id),
            Source::Timed { .. } => ServerTimes::Timed,
        }
    }
}

/// Each attempt's span and outcome in `records`, by request.
pub fn measured(records: &[Record]) -> Measured {
    records
        .iter()
        .map(|r| {
            r.attempts
                .iter()
                .map(|a| (a.ended - a.started, a.outcome.clone()))
                .collect()
        })
        .collect()
}

/// Each attempt's server time as Resource Timing measured it, by request;
/// `None` unless every attempt that reached a server has one (hidden phases,
/// an unmatched entry). Timeouts and cancelled attempts keep their span: the
/// replay cuts them where the run did.
pub fn timed(records: &[Record]) -> Option<Measured> {
    let any = records
        .iter()
        .any(|r| r.attempts.iter().any(|a| a.timing.is_some()));
    if !any {
        return None;
    }
    records
        .iter()
        .map(|r| {
            r.attempts
                .iter()
                .map(|a| match (&a.outcome, &a.timing) {
                    (Outcome::Timeout | Outcome::Cancelled, _) => {
                        Some((a.ended - a.started, a.outcome.clone()))
                    }
                    (_, Some(t)) => t.server_ms().map(|ms| (ms, a.outcome.clone())),
                    (_, None) => None,
                })
                .collect()
        })
        .collect()
}

/// Attempt `attempt` of request `index` (1-based) as measured; an attempt the
/// sequential run never made repeats that request's last one.
pub fn measured_answer(times: &Measured, index: usize, attempt: u32) -> (f64, Outcome) {
    let answers = index.checked_sub(1).and_then(|i| times.get(i));
    answers
        .and_then(|a| a.get(attempt as usize).or_else(|| a.last()))
        .cloned()
        .unwrap_or((
            0.0,
            Outcome::NetworkError {
                message: "not measured".into(),
            },
        ))
}

/// Why a cancelled run has no ideal, in words for the page.
pub const NO_IDEAL_CANCELLED: &str = "no ideal for a cancelled run: it did not run all N requests, and an ideal of all N beside its partial wall time would compare different work";

/// Why a run has no ideal (yet), in words for the page.
pub const NO_SERVER_TIMES: &str = "no ideal yet: a real server's times are unknown until a sequential run of the same workload measures them (press Compare)";

impl RunResult {
    /// Where this run's replay gets its server times: the draws, or the
    /// baseline sequential run's measured attempts. `None` until one exists,
    /// and always for a cancelled run: it never ran all N.
    pub fn ideal_source(&self, runs: &[Arc<RunResult>]) -> Option<Source> {
        if !self.completed() {
            return None;
        }
        if self.settings.is_sim() {
            return Some(Source::Draws);
        }
        if let Some(times) = timed(&self.report.records) {
            return Some(Source::Timed {
                times: Arc::new(times),
            });
        }
        let baseline = self.baseline(runs).into_iter().next_back()?;
        Some(Source::Measured {
            run_id: baseline.id,
            times: Arc::new(measured(&baseline.report.records)),
        })
    }
}

/// A replay's server: (latency ms, outcome) for attempt `attempt` of request `index`.
pub type Script = Box<dyn Fn(usize, u32) -> (f64, Outcome)>;

impl Source {
    /// The server times as a script for the engine's replay.
    pub fn script(&self, run: &RunResult) -> Script {
        match self {
            Source::Draws => Box::new(run.settings.sim.script(run.settings.seed)),
            Source::Measured { times, .. } | Source::Timed { times } => {
                let times = times.clone();
                Box::new(move |index, attempt| measured_answer(&times, index, attempt))
            }
        }
    }
}
