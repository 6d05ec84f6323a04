//! Lesson 002: Rust futures are lazy. Build N request futures, hold, then
//! poll them with join_all: nothing starts during the hold. Polled at once
//! instead (what spawn_local's executor, or asyncio's ensure_future, does
//! with them), they start during it. Both halves are ordinary runs
//! ([`crate::engine::held`]): rate limit, timeouts, retries and Cancel apply.
#![deny(missing_docs)]
use super::Check;
use crate::engine::held::Half;
use crate::engine::{CancelToken, Counts, RunReport};
use std::future::Future;

/// What the verdict needs of one half's run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HalfRun {
    /// The earliest fetch start, in ms after the futures were built.
    pub first_start_ms: Option<f64>,
    /// Final outcomes of the half's requests.
    pub counts: Counts,
    /// Whether the user pressed Cancel during the half.
    pub cancelled: bool,
    /// Request polls made during the hold, from the engine's counters
    /// (`None` when counting was off).
    pub polls_in_hold: Option<u64>,
}

impl HalfRun {
    /// What the verdict needs of `run`.
    pub fn of(run: &RunReport) -> Self {
        HalfRun {
            first_start_ms: run
                .records
                .iter()
                .filter_map(|r| r.started)
                .map(|s| s - run.began_ms)
                .min_by(f64::total_cmp),
            counts: run.counts,
            cancelled: run.cancelled_by_user,
            polls_in_hold: run.polls.and_then(|p| p.in_hold),
        }
    }
}

/// Runs the held half, then the spawned one unless Cancel came first; each
/// half's run goes to `run_half` (which files it). Returns the verdict.
pub async fn experiment<F, Fut>(hold_ms: f64, cancel: &CancelToken, run_half: F) -> Check
where
    F: Fn(Half) -> Fut,
    Fut: Future<Output = HalfRun>,
{
    let mut runs = vec![run_half(Half::Held).await];
    if !cancel.is_cancelled() {
        runs.push(run_half(Half::Spawned).await);
    }
    verdict(hold_ms, &runs)
}

/// Did the held futures wait and the spawned ones not?
pub fn lazy_check(hold_ms: f64, held_first: f64, spawned_first: f64) -> Check {
    let lazy = held_first >= hold_ms * 0.95;
    let eager = spawned_first < hold_ms * 0.5;
    let mark = |ok: bool| if ok { "✓" } else { "✗" };
    Check {
        shown: lazy && eager,
        evidence: format!(
            "{} “held {}, then polled” (join_all after the hold): first fetch at {held_first:.0} ms after the futures were built; {} “spawned at once” (spawn_local's executor): first fetch at {spawned_first:.0} ms",
            mark(lazy),
            crate::stats::format_ms(hold_ms),
            mark(eager)
        ),
        // Times count from when the futures were built, so the hold shows.
        sentence: format!(
            "Held: the built futures sent nothing for {held_first:.0} ms, until join_all polled them. Spawned: handed to the executor at once, they started after {spawned_first:.0} ms, as asyncio.create_task's tasks would at the loop's next turn. A Python coroutine object left alone is as lazy as the held Rust future; a JavaScript promise from fetch() is as eager as the spawned one."
        ),
    }
}

/// How the requests of `runs` ended, all halves together.
fn outcomes(runs: &[HalfRun]) -> String {
    let total = runs.iter().fold(Counts::default(), |mut sum, r| {
        sum.ok += r.counts.ok;
        sum.failed += r.counts.failed;
        sum.cancelled += r.counts.cancelled;
        sum
    });
    let mut text = format!("{} of {} requests ended ok", total.ok, total.total());
    if total.failed > 0 {
        text += &format!(", {} failed", total.failed);
    }
    if total.cancelled > 0 {
        text += &format!(", {} cancelled", total.cancelled);
    }
    text
}

/// The verdict on the runs `experiment` made: the held half, then the spawned one.
pub fn verdict(hold_ms: f64, runs: &[HalfRun]) -> Check {
    let firsts = (
        runs.first().and_then(|r| r.first_start_ms),
        runs.get(1).and_then(|r| r.first_start_ms),
    );
    let cancelled = runs.iter().any(|r| r.cancelled);
    match firsts {
        (Some(held), Some(spawned)) if !cancelled => {
            let mut check = lazy_check(hold_ms, held, spawned);
            let polls = (
                runs.first().and_then(|r| r.polls_in_hold),
                runs.get(1).and_then(|r| r.polls_in_hold),
            );
            if let (Some(held), Some(spawned)) = polls {
                // Seen from the inside: not polled at all, not merely no fetch.
                let unpolled = held == 0 && spawned > 0;
                check.shown &= unpolled;
                check.evidence += &format!(
                    "; {} polls during the hold: {held} held, {spawned} spawned",
                    if unpolled { "✓" } else { "✗" }
                );
                check.sentence += &format!(
                    " The counters agree: the held futures were polled {held} times during the hold, the spawned ones {spawned}."
                );
            }
            check.evidence = format!("{}; {}", check.evidence, outcomes(runs));
            check
        }
        _ => {
            let how = if cancelled {
                "Cancelled"
            } else {
                "No fetch started"
            };
            Check {
                shown: false,
                evidence: format!("{how} after {} of 2 halves: {}", runs.len(), outcomes(runs)),
                sentence:
                    "The experiment did not run to its end, so it shows nothing yet: run it again."
                        .into(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::held;
    use crate::engine::replay::Scripted;
    use crate::engine::tests::{ok, opts};
    use crate::engine::virtual_time::VirtualClock;
    use crate::engine::{Clock, Pacing, RunOptions, Strategy};
    use futures::future::join;
    use std::cell::RefCell;

    /// The whole experiment on the virtual clock, Cancel at `cancel_at` ms.
    fn run_experiment(
        opts: &RunOptions,
        latency_ms: f64,
        cancel_at: Option<f64>,
    ) -> (Vec<RunReport>, Check, f64) {
        let clock = VirtualClock::new();
        let server = Scripted::new(clock.clone(), move |_, _| (latency_ms, ok()));
        let cancel = CancelToken::new();
        let canceller = async {
            if let Some(ms) = cancel_at {
                clock.sleep_ms(ms).await;
                cancel.cancel();
            }
        };
        let runs = RefCell::new(Vec::new());
        let (filed, server, at, token) = (&runs, &server, &clock, &cancel);
        let run = experiment(1_000.0, &cancel, move |half| async move {
            let run = held::run(
                half,
                1_000.0,
                opts,
                &Pacing::unlimited(),
                server,
                at,
                token,
                |_| {},
            )
            .await;
            let of = HalfRun::of(&run);
            filed.borrow_mut().push(run);
            of
        });
        let (check, ()) = clock.block_on(join(run, canceller)).expect("it ends");
        (runs.into_inner(), check, clock.now_ms())
    }

    #[test]
    fn the_experiment_shows_held_futures_wait_and_polled_ones_do_not() {
        let (runs, check, _) = run_experiment(&opts(10, 10), 100.0, None);
        assert_eq!(runs.len(), 2);
        assert!(runs.iter().all(|r| r.strategy == Strategy::JoinAll));
        assert_eq!(
            runs.iter()
                .map(|r| HalfRun::of(r).first_start_ms)
                .collect::<Vec<_>>(),
            [Some(1_000.0), Some(0.0)]
        );
        assert!(check.shown, "{check:?}");
        assert!(
            check.evidence.contains("first fetch at 1000 ms"),
            "{}",
            check.evidence
        );
        assert!(
            check.evidence.ends_with("20 of 20 requests ended ok"),
            "{}",
            check.evidence
        );
        // From the counters: the held 10 (a slice, ≤ 30) were not polled
        // during the hold; the spawned 10 were polled on start and on their
        // one wake at 100 ms, 2 each, all before the hold's end.
        assert!(
            check
                .evidence
                .contains("✓ polls during the hold: 0 held, 20 spawned"),
            "{}",
            check.evidence
        );
        assert!(!lazy_check(1_000.0, 3.0, 0.4).shown);
        assert!(!lazy_check(1_000.0, 1_000.0, 900.0).shown);
    }

    #[test]
    fn timeouts_against_a_server_that_never_answers_end_the_experiment_and_are_counted() {
        let timed = RunOptions {
            timeout_ms: Some(300.0),
            ..opts(10, 10)
        };
        let (runs, check, _) = run_experiment(&timed, f64::INFINITY, None);
        assert_eq!(runs.len(), 2);
        assert!(runs.iter().all(|r| r.counts.failed == 10));
        // Starts are what the lesson is about; the failures are said beside them.
        assert!(check.shown, "{check:?}");
        assert!(
            check
                .evidence
                .ends_with("0 of 20 requests ended ok, 20 failed"),
            "{}",
            check.evidence
        );
    }

    #[test]
    fn cancel_during_the_held_half_files_it_and_never_starts_the_spawned_one() {
        let (runs, check, ended_at) = run_experiment(&opts(10, 10), 100.0, Some(300.0));
        assert_eq!(runs.len(), 1, "the spawned half never ran");
        assert_eq!((runs[0].counts.cancelled, runs[0].counts.total()), (10, 10));
        assert_eq!(
            HalfRun::of(&runs[0]).first_start_ms,
            None,
            "no fetch started"
        );
        assert_eq!(ended_at, 300.0);
        assert!(!check.shown);
        assert_eq!(
            check.evidence,
            "Cancelled after 1 of 2 halves: 0 of 10 requests ended ok, 10 cancelled"
        );
    }

    #[test]
    fn cancel_during_the_spawned_half_keeps_the_held_half_and_says_so() {
        // Held: built at 0, fetched at 1,000, done at 1,500; spawned from 1,500.
        let (runs, check, _) = run_experiment(&opts(10, 10), 500.0, Some(1_800.0));
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].counts.ok, 10);
        assert_eq!(runs[1].counts.cancelled, 10);
        assert!(!check.shown);
        assert!(
            check.evidence.starts_with(
                "Cancelled after 2 of 2 halves: 10 of 20 requests ended ok, 10 cancelled"
            ),
            "{}",
            check.evidence
        );
    }
}
