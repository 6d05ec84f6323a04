//! Polls, wasted polls and wakes per strategy, on the virtual clock. Every
//! expectation is derived from how the combinators are written
//! (futures-util 0.3: future/join_all.rs, stream/futures_unordered/mod.rs,
//! stream/stream/buffer_unordered.rs), not read off a run.
//!
//! One request's future, with no rate limit, timeout or retry, is a
//! `select(fetch, cancelled)`. Its first poll starts the fetch (a timer on
//! the virtual clock) and registers with the cancel token: `Pending`. The
//! timer wakes it once; the next poll finds the answer: `Ready`. So a request
//! that is polled only when woken makes exactly 2 polls, 1 wake, 0 wasted.
//! Whatever more a strategy costs comes from polling it when it was not woken.
use super::super::polls::Counted;
use super::*;
use crate::engine::held::{self, Half};
use std::task::Poll as TaskPoll;

/// Request i answers after 10·i ms: every answer at its own instant, in
/// index order, so each wake is one request's own.
fn staggered(i: usize, _: u32) -> (f64, Outcome) {
    (10.0 * i as f64, ok())
}

fn run_polls(strategy: Strategy, n: usize, k: usize) -> RunReport {
    run_with(strategy, &opts(n, k), &Fake(staggered), None)
}

/// The requests' counts summed.
fn total(r: &RunReport) -> Polls {
    r.records
        .iter()
        .fold(Polls::default(), |a, rec| a.plus(rec.polls))
}

fn top(r: &RunReport) -> Polls {
    r.polls.expect("counted").top
}

#[test]
fn sequential_polls_each_request_twice_and_the_loop_once_per_answer() {
    // The loop awaits one request at a time, so each is polled only on its
    // own wake: 2 polls, 1 wake. The loop itself: a first poll, then one per
    // wake, N wakes → N + 1 polls, none wasted.
    let n = 20;
    let r = run_polls(Strategy::Sequential, n, 1);
    assert!(r
        .records
        .iter()
        .all(|rec| (rec.polls.polls, rec.polls.wakes, rec.polls.wasted) == (2, 1, 0)));
    assert_eq!((top(&r).polls, top(&r).wakes, top(&r).wasted), (21, 20, 0));
}

/// join_all with n ≤ 30 children (futures-util's `SMALL`; `size_hint().1 <= SMALL`)
/// keeps them in a slice and polls every unfinished one, with its own
/// context, on every poll. The first poll polls all n. Wake j (request j
/// answers) polls the n − j + 1 still unfinished: j completes, the other
/// n − j were not woken, so they are wasted. Request i is polled 1 + i
/// times. Totals: polls n + n(n + 1)/2, wasted n(n − 1)/2, wakes n.
fn small_join_all(n: u32) -> (u32, u32, u32) {
    (n + n * (n + 1) / 2, n * (n - 1) / 2, n)
}

/// join_all with more than 30 children is a `FuturesOrdered` (a
/// `FuturesUnordered` inside): each child has its own waker and is polled
/// only when it is in the ready queue, once after being pushed and once per
/// wake: 2n polls, 0 wasted, n wakes. `buffer_unordered` is the same queue.
fn queued(n: u32) -> (u32, u32, u32) {
    (2 * n, 0, n)
}

fn triple(p: Polls) -> (u32, u32, u32) {
    (p.polls, p.wasted, p.wakes)
}

#[test]
fn join_all_is_quadratic_up_to_30_children_and_linear_past_them() {
    for n in [1, 2, 10, 20, 29, 30] {
        let r = run_polls(Strategy::JoinAll, n as usize, 1);
        assert_eq!(triple(total(&r)), small_join_all(n), "n = {n}");
        for rec in &r.records {
            let i = rec.index as u32;
            assert_eq!(
                (rec.polls.polls, rec.polls.wasted),
                (1 + i, i - 1),
                "n = {n}, #{i}"
            );
        }
        // Its own future: a first poll, then one per wake, n wakes, no
        // self-wake (a slice of children, not a queue).
        assert_eq!(triple(top(&r)), (n + 1, 0, n), "n = {n}");
    }
    // 230 for 20 responses; but at 31, past SMALL, only 62.
    assert_eq!(small_join_all(20).0, 230);
    for n in [31, 100, 200, 2_000] {
        let r = run_polls(Strategy::JoinAll, n as usize, 1);
        assert_eq!(triple(total(&r)), queued(n), "n = {n}");
        // FuturesUnordered's first poll polls all n, all pending: having polled
        // `len` futures it wakes itself and yields (`polled == len`), so one
        // more empty poll. Then one poll per wake: n + 2 polls, n + 1 wakes.
        assert_eq!(triple(top(&r)), (n + 2, 0, n + 1), "n = {n}");
    }
}

#[test]
fn buffer_unordered_polls_only_the_child_that_woke() {
    for (n, k) in [(20, 20), (20, 5), (200, 20), (2_000, 150)] {
        let r = run_polls(Strategy::BufferUnordered, n as usize, k);
        assert_eq!(triple(total(&r)), queued(n), "n = {n}, k = {k}");
        assert!(r.records.iter().all(|rec| rec.polls.polls == 2));
    }
    // k = n: all n pushed and polled on the first poll, the self-wake and its
    // empty poll, then one per wake, as for the big join_all.
    let r = run_polls(Strategy::BufferUnordered, 20, 20);
    assert_eq!(triple(top(&r)), (22, 0, 21));
}

#[test]
fn counting_off_counts_nothing_and_changes_nothing_else() {
    let on = run_polls(Strategy::JoinAll, 20, 1);
    Counting::Off.set();
    let off = run_polls(Strategy::JoinAll, 20, 1);
    Counting::Timed.set();
    assert_eq!(off.polls, None);
    assert!(off.records.iter().all(|rec| rec.polls.is_zero()));
    let strip = |r: &RunReport| {
        let mut r = r.clone();
        r.polls = None;
        r.records
            .iter_mut()
            .for_each(|rec| rec.polls = Polls::default());
        r
    };
    assert_eq!(strip(&on), strip(&off));
}

#[test]
fn held_futures_are_not_polled_before_the_outer_future() {
    // Held: join_all is first polled after the 1 s hold, so no request is
    // polled during it. Spawned: the 10 (≤ 30: a slice) are polled at once,
    // all answer at 100 ms, one wake of the outer future polls each once more
    // and each completes: 2 × 10 polls, all before the hold ends.
    let clock = VirtualClock::new();
    let server = Scripted::new(clock.clone(), |_, _| (100.0, ok()));
    let cancel = CancelToken::new();
    let pacing = Pacing::unlimited();
    let ten = opts(10, 10);
    for (half, in_hold) in [(Half::Held, 0), (Half::Spawned, 20)] {
        let run = held::run(
            half,
            1_000.0,
            &ten,
            &pacing,
            &server,
            &clock,
            &cancel,
            |_| {},
        );
        let r = clock.block_on(run).expect("the run ends");
        let polls = r.polls.expect("counted");
        assert_eq!(polls.in_hold, Some(in_hold), "{half:?}");
        assert_eq!(triple(total(&r)), (20, 0, 10), "{half:?}");
    }
}

/// A future that is `Pending` until `ready` is set, and wakes only when told to.
struct Gate<'a> {
    ready: &'a std::cell::Cell<bool>,
    waker: &'a RefCell<Option<std::task::Waker>>,
}

impl Future for Gate<'_> {
    type Output = ();
    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> TaskPoll<()> {
        *self.waker.borrow_mut() = Some(cx.waker().clone());
        if self.ready.get() {
            TaskPoll::Ready(())
        } else {
            TaskPoll::Pending
        }
    }
}

#[test]
fn a_poll_without_a_wake_is_wasted_and_busy_and_wait_times_are_measured() {
    let clock = VirtualClock::new();
    let ready = std::cell::Cell::new(false);
    let waker = RefCell::new(None);
    let counted = Counted::new(
        Gate {
            ready: &ready,
            waker: &waker,
        },
        &clock,
        None,
    );
    // Beside it: polled first (join polls in order), it pokes the gate's parent
    // without waking the gate (a wasted poll), then wakes the gate at 10 ms
    // and burns 7 ms of CPU before the gate is polled again.
    let side = async {
        clock.sleep_ms(5.0).await; // the join polls `counted` again: not woken
        clock.sleep_ms(5.0).await;
        ready.set(true);
        if let Some(w) = waker.borrow_mut().take() {
            w.wake();
        }
        clock.advance_ms(7.0);
    };
    let ((), (_, polls)) = clock
        .block_on(futures::future::join(side, counted))
        .expect("ends");
    // Polls: first (0 ms), at 5 ms (not woken: wasted), at 10 ms (woken, ready).
    assert_eq!(triple(polls), (3, 1, 1));
    // Woken at 10 ms, polled at 17 ms; no time passes inside its own polls.
    assert_eq!((polls.wait_us, polls.busy_us), (7_000, 0));
}

#[test]
fn busy_time_is_the_time_inside_poll() {
    let clock = VirtualClock::new();
    let burn = async {
        clock.advance_ms(3.0); // CPU work on the one thread
        clock.sleep_ms(1.0).await;
        clock.advance_ms(2.5);
    };
    let ((), polls) = clock
        .block_on(Counted::new(burn, &clock, None))
        .expect("ends");
    assert_eq!((polls.polls, polls.wakes, polls.busy_us), (2, 1, 5_500));
}
