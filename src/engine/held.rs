//! Lesson 002's runs: N request futures built at once, as join_all builds
//! them, and a hold. Held, they are not polled until the hold is over, so no
//! fetch starts during it; polled at once (what spawn_local or
//! asyncio.create_task would do), they start while the hold goes on. Either
//! way they are ordinary requests of a `Runner`, under the run's rate limit,
//! timeouts, retries and Cancel, and each ends as exactly one record.
use super::one_run::run_with;
use super::runner::guard;
use super::Batch;
use super::{
    CancelToken, Clock, Counted, Event, Experiment, Pacing, Requester, RunOptions, RunPolls,
    RunReport, Strategy,
};
use futures::future::{join, join_all};

/// When the built futures are first polled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    /// After the hold: join_all polls them only then.
    Held,
    /// From the start, while the hold goes on.
    Spawned,
}

/// Builds requests 1..=N, holds `hold_ms` (less if Cancel comes), and runs
/// them as `half` says; a join_all run in the report, queued from the build.
/// `pacing` is shared with the experiment's other half, so the polite budget
/// and the rate schedule cover both.
#[allow(
    clippy::too_many_arguments,
    reason = "the same inputs as engine::run_paced, plus the half and its hold"
)]
pub async fn run<R, C, E>(
    half: Half,
    hold_ms: f64,
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
    let experiment = Some(match half {
        Half::Held => Experiment::Held { hold_ms },
        Half::Spawned => Experiment::Spawned,
    });
    let body = async |runner: &super::runner::Runner<'_, R, C, E>| {
        // Built, not polled: an async body (and the fetch in it) runs only when polled.
        let all = Counted::new(
            join_all((1..=opts.n).map(|i| runner.request(i))),
            clock,
            None,
        );
        // Cancel ends the hold; the requests then end as cancelled without a fetch.
        let hold = guard(clock.sleep_ms(hold_ms), clock, None, cancel);
        let (top, in_hold) = match half {
            Half::Held => {
                let _ = hold.await;
                let in_hold = runner.polled();
                (all.await.1, in_hold)
            }
            Half::Spawned => {
                let hold = async {
                    let _ = hold.await;
                    runner.polled()
                };
                let ((_, top), in_hold) = join(all, hold).await;
                (top, in_hold)
            }
        };
        RunPolls {
            top,
            in_hold: Some(in_hold),
        }
    };
    run_with(
        Strategy::JoinAll,
        experiment,
        opts,
        pacing,
        requester,
        clock,
        cancel,
        on_event,
        body,
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
    use std::future::Future;

    /// A scripted server that also notes, from outside the runner, when
    /// each fetch was called.
    struct Witness<S> {
        server: Scripted<S>,
        clock: VirtualClock,
        calls: RefCell<Vec<f64>>,
    }

    impl<S: Fn(usize, u32) -> (f64, Outcome)> Witness<S> {
        fn new(clock: &VirtualClock, script: S) -> Self {
            Witness {
                server: Scripted::new(clock.clone(), script),
                clock: clock.clone(),
                calls: RefCell::new(Vec::new()),
            }
        }
    }

    impl<S: Fn(usize, u32) -> (f64, Outcome)> Requester for Witness<S> {
        type Fut = <Scripted<S> as Requester>::Fut;
        fn url(&self, index: usize) -> String {
            format!("/{index}")
        }
        fn start(&self, index: usize, attempt: u32) -> Self::Fut {
            self.calls.borrow_mut().push(self.clock.now_ms());
            self.server.start(index, attempt)
        }
    }

    /// Runs `half` beside `side` (a canceller); `None` if it never ends.
    fn run_half<S, Fut>(
        half: Half,
        opts: &RunOptions,
        server: &Witness<S>,
        clock: &VirtualClock,
        side: impl FnOnce(CancelToken) -> Fut,
    ) -> Option<RunReport>
    where
        S: Fn(usize, u32) -> (f64, Outcome),
        Fut: Future<Output = ()>,
    {
        let cancel = CancelToken::new();
        let pacing = Pacing::unlimited();
        let both = join(
            run(half, 1_000.0, opts, &pacing, server, clock, &cancel, |_| {}),
            side(cancel.clone()),
        );
        clock.block_on(both).ok().map(|(report, ())| report)
    }

    #[test]
    fn both_halves_share_one_press_budget_and_rate_schedule() {
        let clock = VirtualClock::new();
        let server = Witness::new(&clock, |_, _| (10.0, ok()));
        let limited = RunOptions {
            rate_per_sec: Some(10.0),
            ..opts(4, 4)
        };
        // Room for 6 of the experiment's 8 fetches, at 10 starts/s over both halves.
        let pacing = Pacing::capped(6);
        let cancel = CancelToken::new();
        let halves = async {
            let held = run(
                Half::Held,
                1_000.0,
                &limited,
                &pacing,
                &server,
                &clock,
                &cancel,
                |_| {},
            )
            .await;
            let spawned = run(
                Half::Spawned,
                1_000.0,
                &limited,
                &pacing,
                &server,
                &clock,
                &cancel,
                |_| {},
            )
            .await;
            (held, spawned)
        };
        let (held, spawned) = clock.block_on(halves).expect("both halves end");
        let calls = server.calls.borrow();
        assert_eq!(calls.len(), 6, "{calls:?}");
        assert!(
            calls.windows(2).all(|w| w[1] - w[0] >= 100.0 - 1e-9),
            "{calls:?}"
        );
        assert_eq!((held.counts.ok, spawned.counts.ok), (4, 2));
        // The two the budget had no room for are recorded, not lost.
        assert_eq!((spawned.counts.cancelled, spawned.counts.total()), (2, 4));
        assert_eq!((pacing.started(), pacing.refused()), (6, 2));
    }

    fn first_start(report: &RunReport) -> Option<f64> {
        report
            .records
            .iter()
            .filter_map(|r| r.started)
            .reduce(f64::min)
    }

    #[test]
    fn held_futures_call_no_fetch_during_the_hold() {
        let clock = VirtualClock::new();
        let server = Witness::new(&clock, |_, _| (100.0, ok()));
        let r = run_half(Half::Held, &opts(10, 10), &server, &clock, |_| async {})
            .expect("the run ends");
        let calls = server.calls.borrow();
        assert_eq!(calls.len(), 10);
        assert!(calls.iter().all(|&t| t == 1_000.0), "{calls:?}");
        assert_eq!(
            (r.strategy, r.counts.ok, r.swept),
            (Strategy::JoinAll, 10, 0)
        );
        assert_eq!(first_start(&r), Some(1_000.0));
        assert!(r.records.iter().all(|rec| rec.queued == Some(0.0)));
        // The wall is the requests' own time: the hold is queueing, not work.
        assert_eq!((r.wall_ms, r.max_in_flight), (100.0, 10));
    }

    #[test]
    fn spawned_futures_call_every_fetch_during_the_hold() {
        let clock = VirtualClock::new();
        let server = Witness::new(&clock, |_, _| (100.0, ok()));
        let r = run_half(Half::Spawned, &opts(10, 10), &server, &clock, |_| async {})
            .expect("the run ends");
        assert_eq!(*server.calls.borrow(), vec![0.0; 10]);
        assert_eq!((r.counts.ok, r.wall_ms), (10, 100.0));
        assert_eq!(first_start(&r), Some(0.0));
    }

    #[test]
    fn a_rate_limit_spaces_the_starts_of_both_halves() {
        for (half, first) in [(Half::Held, 1_000.0), (Half::Spawned, 0.0)] {
            let clock = VirtualClock::new();
            let server = Witness::new(&clock, |_, _| (50.0, ok()));
            let limited = RunOptions {
                rate_per_sec: Some(5.0),
                ..opts(4, 4)
            };
            let r = run_half(half, &limited, &server, &clock, |_| async {}).expect("ends");
            let expected: Vec<f64> = (0..4).map(|i| first + 200.0 * f64::from(i)).collect();
            assert_eq!(*server.calls.borrow(), expected, "{half:?}");
            assert_eq!(r.counts.ok, 4);
        }
    }

    #[test]
    fn against_a_server_that_never_answers_every_request_times_out_and_the_run_ends() {
        for half in [Half::Held, Half::Spawned] {
            let clock = VirtualClock::new();
            let never = Witness::new(&clock, |_, _| (f64::INFINITY, ok()));
            let timed = RunOptions {
                timeout_ms: Some(300.0),
                ..opts(5, 5)
            };
            let r = run_half(half, &timed, &never, &clock, |_| async {})
                .expect("the timeout ends the run");
            assert_eq!(never.calls.borrow().len(), 5, "{half:?}");
            assert!(
                r.records
                    .iter()
                    .all(|rec| rec.outcome == Some(Outcome::Timeout) && rec.attempts.len() == 1),
                "{half:?}"
            );
            assert_eq!((r.counts.failed, r.counts.total()), (5, 5));
        }
    }

    #[test]
    fn cancel_during_the_hold_cancels_every_held_request_before_any_fetch() {
        let clock = VirtualClock::new();
        let server = Witness::new(&clock, |_, _| (100.0, ok()));
        let at = clock.clone();
        let r = run_half(
            Half::Held,
            &opts(10, 10),
            &server,
            &clock,
            |cancel| async move {
                at.sleep_ms(300.0).await;
                cancel.cancel();
            },
        )
        .expect("the run ends");
        assert!(server.calls.borrow().is_empty(), "{:?}", server.calls);
        assert!(r.cancelled_by_user);
        assert_eq!((r.counts.cancelled, r.counts.total(), r.swept), (10, 10, 0));
        // Cancel ends the hold: the run is over at 300 ms, not at 1,000.
        assert!(r.records.iter().all(|rec| rec.ended == Some(300.0)));
        assert_eq!(clock.now_ms(), 300.0);
    }

    #[test]
    fn cancel_during_the_hold_aborts_the_spawned_requests_in_flight() {
        let clock = VirtualClock::new();
        let server = Witness::new(&clock, |_, _| (5_000.0, ok()));
        let at = clock.clone();
        let r = run_half(
            Half::Spawned,
            &opts(10, 10),
            &server,
            &clock,
            |cancel| async move {
                at.sleep_ms(300.0).await;
                cancel.cancel();
            },
        )
        .expect("the run ends");
        assert_eq!(server.calls.borrow().len(), 10);
        assert_eq!((r.counts.cancelled, r.counts.total()), (10, 10));
        assert_eq!(clock.now_ms(), 300.0);
    }
}
