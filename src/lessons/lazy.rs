//! Lesson 002: Rust futures are lazy. Build N request futures, hold, then
//! poll them with join_all: nothing starts during the hold. Spawning each
//! first (the browser's `spawn_local`, like asyncio's `ensure_future`)
//! starts them at once.
use super::Check;
use crate::engine::{count, Attempt, Clock, Outcome, Record, Requester, RunReport, Strategy};
use crate::viz::in_flight_steps;
use futures::future::join_all;
use std::future::Future;

/// One request of the experiment: when its fetch began and ended, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamp {
    pub started_ms: f64,
    pub ended_ms: f64,
    pub outcome: Outcome,
}

/// Request `index`'s future, stamped when it is first polled: the body of an
/// async block runs only then, and so does the fetch inside it.
pub fn stamped<'a, R: Requester, C: Clock>(
    requester: &'a R,
    clock: &'a C,
    index: usize,
) -> impl Future<Output = Stamp> + 'a {
    let request = requester.start(index, 0);
    async move {
        let started_ms = clock.now_ms();
        let outcome = request.await;
        Stamp {
            started_ms,
            ended_ms: clock.now_ms(),
            outcome,
        }
    }
}

/// Builds N futures, waits `hold_ms`, then joins them; returns the build
/// time and each request's stamps.
pub async fn held_join_all<R: Requester, C: Clock>(
    requester: &R,
    clock: &C,
    n: usize,
    hold_ms: f64,
) -> (f64, Vec<Stamp>) {
    let built_ms = clock.now_ms();
    let futures: Vec<_> = (1..=n).map(|i| stamped(requester, clock, i)).collect();
    clock.sleep_ms(hold_ms).await;
    (built_ms, join_all(futures).await)
}

/// The earliest start after `built_ms`, in ms.
pub fn first_start_ms(built_ms: f64, stamps: &[Stamp]) -> Option<f64> {
    stamps
        .iter()
        .map(|s| s.started_ms - built_ms)
        .min_by(f64::total_cmp)
}

/// Did the held futures wait and the spawned ones not?
pub fn lazy_check(hold_ms: f64, held_first: f64, spawned_first: f64) -> Check {
    let lazy = held_first >= hold_ms * 0.95;
    let eager = spawned_first < hold_ms * 0.5;
    let mark = |ok: bool| if ok { "✓" } else { "✗" };
    Check {
        shown: lazy && eager,
        evidence: format!(
            "{} join_all after a {hold_ms:.0} ms hold: first fetch at {held_first:.0} ms; {} spawn_local: first fetch at {spawned_first:.0} ms",
            mark(lazy),
            mark(eager)
        ),
        sentence: format!(
            "Built futures sent nothing for {held_first:.0} ms, until join_all polled them; spawned ones started after {spawned_first:.0} ms, as asyncio.ensure_future's tasks would at the loop's next turn."
        ),
    }
}

/// One half of the experiment as a run of the history: every request counts
/// as queued from the moment its future was built, so the waterfall draws
/// the hold (or its absence) before the first fetch.
pub fn as_report(built_ms: f64, stamps: &[Stamp], url: impl Fn(usize) -> String) -> RunReport {
    let records: Vec<Record> = stamps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut r = Record::new(i + 1, url(i + 1));
            r.queued = Some(built_ms);
            r.started = Some(s.started_ms);
            r.ended = Some(s.ended_ms);
            r.outcome = Some(s.outcome.clone());
            r.attempts.push(Attempt {
                started: s.started_ms,
                ended: s.ended_ms,
                outcome: s.outcome.clone(),
                timing: None,
            });
            r
        })
        .collect();
    let first = stamps.iter().map(|s| s.started_ms).reduce(f64::min);
    let last = stamps.iter().map(|s| s.ended_ms).reduce(f64::max);
    RunReport {
        strategy: Strategy::JoinAll,
        n: stamps.len(),
        concurrency: stamps.len(),
        began_ms: built_ms,
        wall_ms: first.zip(last).map_or(0.0, |(a, b)| (b - a).max(0.0)),
        max_in_flight: in_flight_steps(stamps.iter().map(|s| (s.started_ms, s.ended_ms)))
            .iter()
            .map(|&(_, count)| count)
            .max()
            .unwrap_or(0),
        counts: count(&records),
        cancelled_by_user: false,
        swept: 0,
        records,
    }
}
