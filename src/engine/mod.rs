//! The concurrency engine: pure `futures` code, no browser APIs, so the same
//! strategies run in the page, and on a virtual clock in native tests and replays.
#![deny(missing_docs)]
mod cancel;
mod clock;
pub mod held;
pub mod in_order;
mod one_run;
mod pacing;
mod polls;
mod record;
pub mod replay;
mod runner;
pub mod strategies;
#[cfg(test)]
pub(crate) mod tests;
pub mod timing;
pub mod virtual_time;

pub use cancel::CancelToken;
pub use clock::{Clock, Requester, Stamp};
pub use pacing::{worst_case_attempts, Pacing, Schedule, CATCH_UP_MS};
pub use polls::{Counted, Counting, Polls, RunPolls};
pub use record::{Attempt, Counts, Outcome, OutcomeClass, Record};
pub use runner::{count, guard, Batch, Event, Interrupt};
pub use timing::{Phases, Timing};

use runner::Runner;
use serde::{Deserialize, Serialize};

/// The five ways to run a batch; the ids are the UI's option values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// One request at a time, each awaited before the next starts.
    Sequential,
    /// All N requests at once, awaited together; nothing caps the in-flight count.
    JoinAll,
    /// All N futures at once, each waiting for one of k semaphore permits.
    JoinAllLimited,
    /// A lazy stream of requests, at most k polled at a time.
    BufferUnordered,
    /// k workers pulling request numbers from a bounded queue.
    WorkerPool,
}

impl Strategy {
    /// Every strategy, in the order the UI lists them.
    pub const ALL: [Strategy; 5] = [
        Strategy::Sequential,
        Strategy::JoinAll,
        Strategy::JoinAllLimited,
        Strategy::BufferUnordered,
        Strategy::WorkerPool,
    ];

    /// The strategy's id: its UI option value and its name in exports and links.
    pub fn id(self) -> &'static str {
        match self {
            Strategy::Sequential => "sequential",
            Strategy::JoinAll => "join_all",
            Strategy::JoinAllLimited => "join_all_limited",
            Strategy::BufferUnordered => "buffer_unordered",
            Strategy::WorkerPool => "worker_pool",
        }
    }

    /// Its Python analogue, as the code panel's asyncio snippet writes it,
    /// shown beside the Rust name for a class that knows asyncio.
    pub fn python(self) -> &'static str {
        match self {
            Strategy::Sequential => "a for loop of awaits",
            Strategy::JoinAll => "asyncio.gather",
            Strategy::JoinAllLimited => "asyncio.Semaphore",
            Strategy::BufferUnordered => "asyncio.wait(FIRST_COMPLETED)",
            Strategy::WorkerPool => "asyncio.Queue + k workers",
        }
    }

    /// "join_all_limited · asyncio.Semaphore": the Rust name, then Python's.
    pub fn both_names(self) -> String {
        format!("{} · {}", self.id(), self.python())
    }

    /// The strategy with this id; `None` for an unknown id.
    pub fn from_id(id: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Whether k applies to this strategy.
    pub fn uses_k(self) -> bool {
        !matches!(self, Strategy::Sequential | Strategy::JoinAll)
    }

    /// The most requests this strategy lets be in flight at once.
    pub fn concurrency(self, n: usize, k: usize) -> usize {
        match self {
            Strategy::Sequential => 1,
            Strategy::JoinAll => n,
            _ => k.min(n),
        }
    }
}

/// A lesson's own way of driving join_all's N requests, filed beside the
/// strategy so its charts and verdict can name it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Experiment {
    /// Lesson 002: the futures built, then held `hold_ms` before their first poll.
    Held {
        /// How long nothing polled them.
        hold_ms: f64,
    },
    /// Lesson 002: the same futures polled at once, as an executor polls spawned ones.
    Spawned,
    /// Lesson 003: every request made a task at once, then the tasks awaited
    /// one by one in creation order ([`in_order`]).
    TasksInOrder,
    /// Lesson 001 in Python: the seed's sync loop as blocking calls
    /// (`open_url`, a synchronous XHR) one after another in the worker.
    Blocking,
}

impl Experiment {
    /// Its name in a chart or a verdict: "held 1.00 s, then polled".
    pub fn label(self) -> String {
        match self {
            Experiment::Held { hold_ms } => {
                format!("held {}, then polled", crate::stats::format_ms(hold_ms))
            }
            Experiment::Spawned => "spawned at once".into(),
            // Named like a strategy: the runs' lists and verdicts read it as one.
            Experiment::TasksInOrder => "tasks_in_order".into(),
            Experiment::Blocking => "blocking_loop".into(),
        }
    }

    /// Its Python analogue, beside the Rust name as for a strategy.
    pub fn python(self) -> &'static str {
        match self {
            Experiment::Held { .. } => "coroutine objects, awaited later",
            Experiment::Spawned => "asyncio.create_task",
            Experiment::TasksInOrder => "create_task, then await each",
            Experiment::Blocking => "blocking calls in a loop (open_url)",
        }
    }
}

/// Exponential backoff with full jitter: before retry r (0-based), wait a
/// uniform draw from [0, min(cap, base * 2^r)).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// Extra attempts after the first; 0 = never retry.
    pub max_retries: u32,
    /// The first retry's wait ceiling (ms); it doubles with each retry.
    pub base_ms: f64,
    /// The most any one backoff wait may be (ms).
    pub cap_ms: f64,
}

impl RetryPolicy {
    /// No retries: every request gets exactly one attempt.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        base_ms: 0.0,
        cap_ms: 0.0,
    };

    /// The upper bound of the wait before retry `retry` (0-based).
    pub fn ceiling_ms(&self, retry: u32) -> f64 {
        (self.base_ms * 2f64.powi(retry.min(52) as i32)).min(self.cap_ms)
    }

    /// The wait before retry `retry` of request `index`: seeded, so reproducible.
    pub fn backoff_ms(&self, seed: u64, index: usize, retry: u32) -> f64 {
        crate::rng::unit(seed, index, retry, 0xBAC0FF) * self.ceiling_ms(retry)
    }
}

/// Settings that apply to every strategy.
#[derive(Clone, Debug, PartialEq)]
pub struct RunOptions {
    /// N, how many requests the batch runs.
    pub n: usize,
    /// The limit for the limited strategies.
    pub k: usize,
    /// Per-attempt timeout: each retry gets the full time again; `None` = wait forever.
    pub timeout_ms: Option<f64>,
    /// At most this many attempt starts per second; `None` = unlimited.
    pub rate_per_sec: Option<f64>,
    /// When and how long to wait before retrying a retryable failure.
    pub retry: RetryPolicy,
    /// Seeds the backoff jitter.
    pub seed: u64,
    /// Overall budget per request, from its first attempt's start, across retries,
    /// backoff and rate waits: when it passes, the request ends as a timeout.
    /// `None` = no budget.
    pub deadline_ms: Option<f64>,
}

/// Everything a finished (or cancelled) run produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The strategy that ran the batch.
    pub strategy: Strategy,
    /// N, how many requests the run was asked to make.
    pub n: usize,
    /// k as the contract reports it: 1 for sequential, N for join_all.
    pub concurrency: usize,
    /// Clock time the run began; the zero of every chart.
    pub began_ms: f64,
    /// First request start to last outcome.
    pub wall_ms: f64,
    /// The most requests that were in flight at the same moment.
    pub max_in_flight: usize,
    /// Final outcomes by class; they add up to N.
    pub counts: Counts,
    /// Whether the user pressed Cancel before the run finished.
    pub cancelled_by_user: bool,
    /// Requests the strategy failed to run (always 0 unless a strategy is broken).
    pub swept: usize,
    /// One record per request, in request order (index 1..=N).
    pub records: Vec<Record>,
    /// The strategy's own future's polls; `None` when not counted (counting
    /// off, or a file from before polls were counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polls: Option<RunPolls>,
    /// The lesson experiment that drove the requests; `None` for a plain run
    /// of `strategy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experiment: Option<Experiment>,
}

impl RunReport {
    /// The run's start (before any future exists) to its last outcome: the wall
    /// a plain-JS peer measures around creating and awaiting its promises.
    pub fn start_to_end_ms(&self) -> f64 {
        let last = self.records.iter().filter_map(|r| r.ended).reduce(f64::max);
        last.map_or(0.0, |end| (end - self.began_ms).max(0.0))
    }
}

/// Runs requests 1..=N with `strategy`; every request ends as exactly one record.
pub async fn run<R, C, E>(
    strategy: Strategy,
    opts: &RunOptions,
    requester: &R,
    clock: &C,
    cancel: &CancelToken,
    on_event: E,
) -> RunReport
where
    R: Requester,
    C: Clock,
    E: Fn(Event<'_>),
{
    let own = Pacing::unlimited();
    run_paced(strategy, opts, &own, requester, clock, cancel, on_event).await
}

/// `run`, sharing `pacing` (the attempt budget and the rate schedule) with the
/// other runs of one press: an attempt the budget has no room for never
/// starts, and its request ends as cancelled (or as its last failed attempt).
pub async fn run_paced<R, C, E>(
    strategy: Strategy,
    opts: &RunOptions,
    pacing: &Pacing,
    requester: &R,
    clock: &C,
    cancel: &CancelToken,
    on_event: E,
) -> RunReport
where
    R: Requester,
    C: Clock,
    E: Fn(Event<'_>),
{
    let k = opts.k.max(1);
    let body = async |runner: &Runner<'_, R, C, E>| {
        let top = async {
            match strategy {
                Strategy::Sequential => strategies::sequential::run(runner).await,
                Strategy::JoinAll => strategies::join_all::run(runner).await,
                Strategy::JoinAllLimited => strategies::join_all_limited::run(runner, k).await,
                Strategy::BufferUnordered => strategies::buffer_unordered::run(runner, k).await,
                Strategy::WorkerPool => strategies::worker_pool::run(runner, k).await,
            }
        };
        one_run::counted(top, clock).await
    };
    one_run::run_with(
        strategy, None, opts, pacing, requester, clock, cancel, on_event, body,
    )
    .await
}
