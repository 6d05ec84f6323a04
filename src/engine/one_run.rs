//! What every run of the engine does around its strategy's body: the
//! `Runner` (every request queued from the run's start, under the press's
//! pacing), the poll counts, and the report.
use super::runner::{count, Runner};
use super::{
    CancelToken, Clock, Counted, Counting, Event, Experiment, Pacing, Requester, RunOptions,
    RunPolls, RunReport, Strategy,
};
use std::future::Future;

/// Runs `body` on a fresh `Runner` and reports it as a `strategy` run
/// (marked `experiment`); `body` returns the run-level poll counts.
#[allow(
    clippy::too_many_arguments,
    reason = "engine::run_paced's inputs, plus what the body is and how the report names it"
)]
pub(crate) async fn run_with<R, C, E>(
    strategy: Strategy,
    experiment: Option<Experiment>,
    opts: &RunOptions,
    pacing: &Pacing,
    requester: &R,
    clock: &C,
    cancel: &CancelToken,
    on_event: E,
    body: impl AsyncFnOnce(&Runner<'_, R, C, E>) -> RunPolls,
) -> RunReport
where
    R: Requester,
    C: Clock,
    E: Fn(Event<'_>),
{
    let began_ms = clock.now_ms();
    let runner = Runner::new(requester, clock, opts, cancel, &on_event, began_ms).paced(pacing);
    // Read before the body builds its counted futures: they read the same switch.
    let counting = Counting::get();
    let polls = body(&runner).await;
    let polls = (counting != Counting::Off).then_some(polls);
    let (records, max_in_flight, swept) = runner.into_report();
    let first_start = records.iter().filter_map(|r| r.started).reduce(f64::min);
    let last_end = records.iter().filter_map(|r| r.ended).reduce(f64::max);
    let wall_ms = match (first_start, last_end) {
        (Some(a), Some(b)) => (b - a).max(0.0),
        _ => 0.0,
    };
    RunReport {
        strategy,
        n: opts.n,
        concurrency: strategy.concurrency(opts.n, opts.k.max(1)),
        began_ms,
        wall_ms,
        max_in_flight,
        counts: count(&records),
        cancelled_by_user: cancel.is_cancelled(),
        swept,
        records,
        polls,
        experiment,
    }
}

/// `body`'s future counted as the run's top-level future.
pub(crate) async fn counted<C: Clock>(body: impl Future<Output = ()>, clock: &C) -> RunPolls {
    let ((), top) = Counted::new(body, clock, None).await;
    RunPolls { top, in_hold: None }
}
