//! What one press runs: its plan of steps, as Run, Compare, Sweep, Race,
//! the lessons and the HTTP/2 series ask for it.
use crate::config::RawSettings;
use crate::engine::held::Half;
use crate::engine::Strategy;
use crate::lang::Language;

/// One run of a plan: a strategy, and the k, N and language it runs with (`None`: the form's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub strategy: Strategy,
    pub k: Option<usize>,
    pub n: Option<usize>,
    pub language: Option<Language>,
    /// How it drives its requests: the strategy's own code, or (lesson 001
    /// in Python) the loop as blocking calls.
    pub(super) drive: Drive,
}

impl From<Strategy> for Step {
    fn from(strategy: Strategy) -> Self {
        Step {
            strategy,
            k: None,
            n: None,
            language: None,
            drive: Drive::Strategy,
        }
    }
}

/// How `execute` drives the requests: the settings' strategy, or one half of
/// lesson 002 (N futures built, then a hold of that many ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Drive {
    Strategy,
    Held(Half, f64),
    /// Lesson 003: every request a task, then the tasks awaited in order.
    InOrder,
    /// Lesson 001 in Python: the sync loop as blocking calls (Rust runs it
    /// as its sequential loop).
    Blocking,
}

/// What one press runs, all with the form's settings (and so the same draws).
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// Run or Compare: each step in turn; Compare's first two are then shown
    /// side by side.
    Runs(Vec<Step>),
    /// One strategy at each k, filed as one batch; the selection stays (the
    /// sweep's chart shows the points).
    Sweep(Vec<Step>),
    /// Race the languages: the steps (one strategy, one language each) in
    /// turn, filed as one batch and shown side by side.
    Race(Vec<Step>),
    /// Lesson 002: N join_all futures built and held `hold_ms`, then N
    /// spawned at once; its check is computed from the two runs.
    Lazy { hold_ms: f64 },
    /// Lesson 003: sequential, then the tasks awaited in creation order.
    InOrder,
    /// The HTTP/2 lesson: each of `runs` (its own settings, target
    /// included) in turn, shown side by side; then a sweep of `sweep`'s
    /// strategy at each k, filed as a sweep of its own.
    Series {
        runs: Vec<RawSettings>,
        sweep: Option<Box<(RawSettings, Vec<usize>)>>,
    },
}

impl Plan {
    /// The press, as the budget's messages name it.
    pub(super) fn what(&self) -> &'static str {
        match self {
            Plan::Runs(steps) if steps.len() == 1 => "Run",
            Plan::Runs(_) => "Compare",
            Plan::Race(_) => "Race the languages",
            Plan::Sweep(_) => "Sweep",
            Plan::InOrder => "Compare",
            Plan::Lazy { .. } | Plan::Series { .. } => "The experiment",
        }
    }

    /// How many runs the press may make.
    pub(super) fn runs(&self) -> usize {
        match self {
            Plan::Runs(steps) | Plan::Sweep(steps) | Plan::Race(steps) => steps.len(),
            // Rust's two halves, then Python's two; the loop, Rust's tasks, Python's.
            Plan::Lazy { .. } => 4,
            Plan::InOrder => 3,
            Plan::Series { runs, sweep } => {
                runs.len() + sweep.as_deref().map_or(0, |(_, ks)| ks.len())
            }
        }
    }
}

/// The ids of the first run of each distinct step, in order: `ids` were
/// filed one per step, in the steps' order (fewer when cancelled).
pub(super) fn first_of_each(steps: &[Step], ids: Vec<usize>) -> Vec<usize> {
    let mut seen: Vec<Step> = Vec::new();
    steps
        .iter()
        .zip(ids)
        .filter(|(step, _)| {
            let new = !seen.contains(step);
            if new {
                seen.push(**step);
            }
            new
        })
        .map(|(_, id)| id)
        .collect()
}
