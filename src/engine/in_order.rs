//! Lesson 003's run: asyncio's
//! `tasks = [asyncio.create_task(get(i)) for i in range(n)]`, then
//! `for task in tasks: await task`. Creating a task hands its future to the
//! event loop, which runs it from then on; awaiting the tasks one by one in
//! creation order only collects what they produced. So a task that finishes
//! before its turn is not held up, and the wall is about the slowest task,
//! not the sum. Here the loop is a `FuturesUnordered` that polls every task,
//! and each task's result comes back through a `RemoteHandle`.
use super::one_run::{counted, run_with};
use super::{
    Batch, CancelToken, Clock, Event, Experiment, Pacing, Requester, RunOptions, RunReport,
    Strategy,
};
use futures::future::{join, FutureExt};
use futures::stream::{FuturesUnordered, StreamExt};

/// Every request made a task at once, then the tasks awaited in creation order.
pub async fn tasks_then_await_in_order(batch: &impl Batch) {
    // create_task, N times: the loop holds every task, the list every handle.
    let (event_loop, tasks): (FuturesUnordered<_>, Vec<_>) = (1..=batch.n())
        .map(|i| batch.request(i).remote_handle())
        .unzip();
    let awaited_in_order = async {
        for task in tasks {
            task.await;
        }
    };
    // The loop runs the tasks while the awaits wait on them, one at a time.
    join(event_loop.collect::<()>(), awaited_in_order).await;
}

/// Runs requests 1..=N as [`tasks_then_await_in_order`]; a join_all run in
/// the report (every request in flight at once), marked as this experiment.
/// Rate limit, timeouts, retries, the press's pacing and Cancel apply as to
/// any run, and each request ends as exactly one record.
pub async fn run<R, C, E>(
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
    let experiment = Some(Experiment::TasksInOrder);
    run_with(
        Strategy::JoinAll,
        experiment,
        opts,
        pacing,
        requester,
        clock,
        cancel,
        on_event,
        async |runner| counted(tasks_then_await_in_order(runner), clock).await,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::replay::Scripted;
    use crate::engine::tests::{ok, opts};
    use crate::engine::virtual_time::VirtualClock;
    use crate::engine::Outcome;
    use std::cell::RefCell;

    /// Latencies that fall with the index: the first task created is the
    /// slowest, so every later one finishes before its turn.
    fn falling(i: usize) -> f64 {
        1_000.0 - 100.0 * i as f64
    }

    fn run_on(opts: &RunOptions, latency: fn(usize) -> f64, cancel_at: Option<f64>) -> RunReport {
        let clock = VirtualClock::new();
        let server = Scripted::new(clock.clone(), move |i, _| (latency(i), ok()));
        let cancel = CancelToken::new();
        let canceller = async {
            if let Some(ms) = cancel_at {
                clock.sleep_ms(ms).await;
                cancel.cancel();
            }
        };
        let pacing = Pacing::unlimited();
        let both = join(
            run(opts, &pacing, &server, &clock, &cancel, |_| {}),
            canceller,
        );
        clock.block_on(both).expect("the run ends").0
    }

    #[test]
    fn awaiting_in_creation_order_takes_the_slowest_task_not_the_sum() {
        let r = run_on(&opts(9, 9), falling, None);
        assert_eq!(r.experiment, Some(Experiment::TasksInOrder));
        assert_eq!(
            (r.strategy, r.counts.ok, r.swept),
            (Strategy::JoinAll, 9, 0)
        );
        // Every task started at once; the first, the slowest, set the wall.
        assert!(r.records.iter().all(|rec| rec.started == Some(0.0)));
        let sum: f64 = (1..=9).map(falling).sum();
        assert_eq!((r.wall_ms, r.max_in_flight, sum), (900.0, 9, 4_500.0));
    }

    #[test]
    fn tasks_finish_in_any_order_all_within_the_slowest_one() {
        // A Batch whose requests note when each finished.
        struct Noting {
            clock: VirtualClock,
            ended: RefCell<Vec<(usize, f64)>>,
        }
        impl Batch for Noting {
            fn n(&self) -> usize {
                5
            }
            async fn request(&self, index: usize) {
                self.clock.sleep_ms(falling(index)).await;
                self.ended.borrow_mut().push((index, self.clock.now_ms()));
            }
        }
        let clock = VirtualClock::new();
        let batch = Noting {
            clock: clock.clone(),
            ended: RefCell::new(Vec::new()),
        };
        clock
            .block_on(tasks_then_await_in_order(&batch))
            .expect("it ends");
        // Finished last to first, all inside the first task's 900 ms.
        let ended = batch.ended.borrow();
        assert_eq!(
            *ended,
            [(5, 500.0), (4, 600.0), (3, 700.0), (2, 800.0), (1, 900.0)]
        );
        assert_eq!(clock.now_ms(), 900.0);
    }

    #[test]
    fn failures_and_timeouts_end_as_one_record_each_and_the_run_ends() {
        let clock = VirtualClock::new();
        let server = Scripted::new(clock.clone(), |i, _| {
            if i % 2 == 0 {
                (f64::INFINITY, ok())
            } else {
                (50.0, Outcome::HttpError { status: 500 })
            }
        });
        let timed = RunOptions {
            timeout_ms: Some(300.0),
            ..opts(6, 6)
        };
        let cancel = CancelToken::new();
        let pacing = Pacing::unlimited();
        let r = clock
            .block_on(run(&timed, &pacing, &server, &clock, &cancel, |_| {}))
            .expect("the timeouts end the run");
        assert_eq!((r.counts.ok, r.counts.failed, r.counts.total()), (0, 6, 6));
        assert!(r.records.iter().all(|rec| rec.outcome.is_some()));
        assert_eq!(r.wall_ms, 300.0);
    }

    #[test]
    fn cancel_aborts_every_task_and_records_them_as_cancelled() {
        let r = run_on(&opts(9, 9), falling, Some(350.0));
        assert!(r.cancelled_by_user);
        // 9 (100 ms) … 7 (300 ms) finished; the six slower ones were aborted at 350 ms.
        assert_eq!(
            (r.counts.ok, r.counts.cancelled, r.counts.total()),
            (3, 6, 9)
        );
    }

    #[test]
    fn a_rate_limit_spaces_the_starts() {
        let limited = RunOptions {
            rate_per_sec: Some(10.0),
            ..opts(4, 4)
        };
        let r = run_on(&limited, |_| 50.0, None);
        let starts: Vec<f64> = r.records.iter().filter_map(|rec| rec.started).collect();
        assert_eq!(starts, [0.0, 100.0, 200.0, 300.0]);
        assert_eq!(r.counts.ok, 4);
    }
}
