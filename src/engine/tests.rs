//! Native engine tests on the virtual clock: time only moves when every
//! future waits, so wall times are exact.
use super::replay::Scripted;
use super::virtual_time::VirtualClock;
use super::*;
use std::cell::RefCell;
use std::future::Future;

mod limits;
mod pacing;
mod polls;

pub(crate) fn ok() -> Outcome {
    Outcome::Ok {
        status: 200,
        bytes: 0,
    }
}

pub(crate) fn opts(n: usize, k: usize) -> RunOptions {
    RunOptions {
        n,
        k,
        timeout_ms: None,
        rate_per_sec: None,
        retry: RetryPolicy::NONE,
        seed: 1,
        deadline_ms: None,
    }
}

/// The most starts in any closed window of `w` ms.
pub(crate) fn most_in_window(starts: &[f64], w: f64) -> usize {
    let mut most = 0;
    let mut first = 0;
    for (i, s) in starts.iter().enumerate() {
        while s - starts[first] > w + 1e-9 {
            first += 1;
        }
        most = most.max(i - first + 1);
    }
    most
}

/// The rate rule: in any window of W ms at most R·(W + CATCH_UP_MS)/1000 + 1 starts.
pub(crate) fn assert_rate_kept(starts: &[f64], per_sec: f64, what: &str) {
    for w in [0.0, 1.0, 3.9, 50.0, 99.0, 100.0, 250.0, 1000.0, 10_000.0] {
        let most = most_in_window(starts, w);
        let allowed = (per_sec * (w + CATCH_UP_MS) / 1000.0 + 1e-9).floor() as usize + 1;
        assert!(
            most <= allowed,
            "{what}: {most} starts within {w} ms at {per_sec}/s (allowed {allowed})"
        );
    }
}

/// A fake server: `answer(i, attempt)` gives the latency and the outcome.
pub(crate) struct Fake<F>(pub F);

/// Runs with an optional cancel after `cancel_at` ms.
pub(crate) fn run_with<F: Fn(usize, u32) -> (f64, Outcome)>(
    strategy: Strategy,
    opts: &RunOptions,
    fake: &Fake<F>,
    cancel_at: Option<f64>,
) -> RunReport {
    let clock = VirtualClock::new();
    let requester = Scripted::new(clock.clone(), &fake.0);
    let cancel = CancelToken::new();
    let canceller = async {
        if let Some(ms) = cancel_at {
            clock.sleep_ms(ms).await;
            cancel.cancel();
        }
    };
    let both = futures::future::join(
        run(strategy, opts, &requester, &clock, &cancel, |_| {}),
        canceller,
    );
    clock.block_on(both).expect("the run finishes").0
}

/// One live event as a test sees it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Seen {
    pub kind: &'static str,
    pub index: usize,
    /// Attempts on the record when the event fired.
    pub attempts: usize,
    pub cancelled: bool,
    pub at: f64,
}

/// Runs `strategy` beside `side(clock, cancel)` (a canceller, a staller…), which
/// is polled first at every step, and records every live event.
pub(crate) fn run_beside<F, S, Fut>(
    strategy: Strategy,
    opts: &RunOptions,
    fake: &Fake<F>,
    side: S,
) -> (RunReport, Vec<Seen>)
where
    F: Fn(usize, u32) -> (f64, Outcome),
    S: FnOnce(VirtualClock, CancelToken) -> Fut,
    Fut: Future<Output = ()>,
{
    let clock = VirtualClock::new();
    let requester = Scripted::new(clock.clone(), &fake.0);
    let cancel = CancelToken::new();
    let seen = RefCell::new(Vec::new());
    let on_event = |event: Event<'_>| {
        let (kind, record) = match event {
            Event::Started(r) => ("started", r),
            Event::AttemptEnded(r) => ("attempt_ended", r),
            Event::Finished(r) => ("finished", r),
        };
        seen.borrow_mut().push(Seen {
            kind,
            index: record.index,
            attempts: record.attempts.len(),
            cancelled: cancel.is_cancelled(),
            at: clock.now_ms(),
        });
    };
    let both = futures::future::join(
        side(clock.clone(), cancel.clone()),
        run(strategy, opts, &requester, &clock, &cancel, on_event),
    );
    let report = clock.block_on(both).expect("the run finishes").1;
    (report, seen.into_inner())
}

#[test]
fn wall_times_are_exact_for_n10_l100_k3() {
    let fake = Fake(|_, _| (100.0, ok()));
    let expected = [
        (Strategy::Sequential, 1000.0, 1),
        (Strategy::JoinAll, 100.0, 10),
        (Strategy::JoinAllLimited, 400.0, 3),
        (Strategy::BufferUnordered, 400.0, 3),
        (Strategy::WorkerPool, 400.0, 3),
    ];
    for (strategy, wall, max_in_flight) in expected {
        let report = run_with(strategy, &opts(10, 3), &fake, None);
        assert_eq!(report.wall_ms, wall, "{strategy:?}");
        // On a paused clock creating the futures takes no time.
        assert_eq!(report.start_to_end_ms(), wall, "{strategy:?}");
        assert_eq!(report.max_in_flight, max_in_flight, "{strategy:?}");
        assert_eq!(report.counts.ok, 10);
        assert_eq!(report.swept, 0);
    }
}

#[test]
fn queued_time_shows_where_requests_waited() {
    let fake = Fake(|_, _| (100.0, ok()));
    let limited = run_with(Strategy::JoinAllLimited, &opts(10, 3), &fake, None);
    // Request 10 was created at 0 and waited three rounds for a permit.
    assert_eq!(limited.records[9].queued, Some(0.0));
    assert_eq!(limited.records[9].started, Some(300.0));
    // buffer_unordered creates the future only when a slot frees, but the
    // request waited just as long: queued counts from the batch's start.
    let buffered = run_with(Strategy::BufferUnordered, &opts(10, 3), &fake, None);
    assert_eq!(buffered.records[9].queued, Some(0.0));
    assert_eq!(buffered.records[9].started, Some(300.0));
    for strategy in Strategy::ALL {
        let r = run_with(strategy, &opts(10, 3), &fake, None);
        assert!(
            r.records.iter().all(|x| x.queued == Some(0.0)),
            "{strategy:?}"
        );
    }
}

#[test]
fn rate_limit_of_5_per_second_spaces_starts_200ms_apart() {
    let fake = Fake(|_, _| (100.0, ok()));
    let mut o = opts(10, 10);
    o.rate_per_sec = Some(5.0);
    for strategy in [Strategy::JoinAll, Strategy::WorkerPool] {
        let report = run_with(strategy, &o, &fake, None);
        let starts: Vec<f64> = report.records.iter().map(|r| r.started.unwrap()).collect();
        let expected: Vec<f64> = (0..10).map(|i| i as f64 * 200.0).collect();
        assert_eq!(starts, expected, "{strategy:?}");
        assert_eq!(report.wall_ms, 1900.0);
        assert_eq!(report.max_in_flight, 1);
    }
}

#[test]
fn cancel_at_250ms_keeps_what_finished() {
    let fake = Fake(|_, _| (100.0, ok()));
    let seq = run_with(Strategy::Sequential, &opts(10, 3), &fake, Some(250.0));
    assert_eq!(
        (seq.counts.ok, seq.counts.failed, seq.counts.cancelled),
        (2, 0, 8)
    );
    assert_eq!(seq.wall_ms, 250.0);
    assert!(seq.cancelled_by_user);
    // Request 3 was in flight: one aborted attempt. Request 4 never started.
    assert_eq!(seq.records[2].attempts.len(), 1);
    assert_eq!(seq.records[2].ended, Some(250.0));
    assert_eq!(seq.records[3].started, None);
    for strategy in [
        Strategy::JoinAllLimited,
        Strategy::BufferUnordered,
        Strategy::WorkerPool,
    ] {
        let r = run_with(strategy, &opts(10, 3), &fake, Some(250.0));
        assert_eq!((r.counts.ok, r.counts.cancelled), (6, 4), "{strategy:?}");
        assert_eq!(r.swept, 0);
    }
    let all = run_with(Strategy::JoinAll, &opts(10, 3), &fake, Some(50.0));
    assert_eq!((all.counts.ok, all.counts.cancelled), (0, 10));
    assert_eq!(all.wall_ms, 50.0);
}

#[test]
fn timeouts_fail_slow_requests_at_the_deadline() {
    // Request i takes 50·i ms; the timeout is 275 ms.
    let fake = Fake(|i, _| (50.0 * i as f64, ok()));
    let mut o = opts(10, 10);
    o.timeout_ms = Some(275.0);
    let r = run_with(Strategy::JoinAll, &o, &fake, None);
    assert_eq!((r.counts.ok, r.counts.failed), (5, 5));
    assert_eq!(r.records[5].outcome, Some(Outcome::Timeout));
    assert_eq!(r.records[9].ended, Some(275.0));
    assert_eq!(r.wall_ms, 275.0);
    // Sequentially each timeout costs its full 275 ms: 50+..+250 + 5·275.
    let s = run_with(Strategy::Sequential, &o, &fake, None);
    assert_eq!(s.wall_ms, 750.0 + 5.0 * 275.0);
}

#[test]
fn retries_back_off_within_bounds_and_count_attempts() {
    // Two 500s, then success.
    let fake = Fake(|_, attempt| {
        let outcome = if attempt < 2 {
            Outcome::HttpError { status: 500 }
        } else {
            ok()
        };
        (10.0, outcome)
    });
    let mut o = opts(20, 20);
    o.retry = RetryPolicy {
        max_retries: 3,
        base_ms: 100.0,
        cap_ms: 150.0,
    };
    let r = run_with(Strategy::JoinAll, &o, &fake, None);
    assert_eq!(r.counts.ok, 20);
    for rec in &r.records {
        assert_eq!(rec.attempts.len(), 3);
        for (retry, pair) in rec.attempts.windows(2).enumerate() {
            let gap = pair[1].started - pair[0].ended;
            let want = o.retry.backoff_ms(o.seed, rec.index, retry as u32);
            assert!(want < o.retry.ceiling_ms(retry as u32));
            // The virtual clock does not round: the gap is the backoff.
            assert!((gap - want).abs() < 1e-9, "gap {gap} want {want}");
        }
    }
    assert_eq!(o.retry.ceiling_ms(0), 100.0);
    assert_eq!(o.retry.ceiling_ms(1), 150.0, "capped");

    // Too few retries: the last failure is the outcome.
    o.retry.max_retries = 1;
    let r = run_with(Strategy::Sequential, &o, &fake, None);
    assert_eq!(r.counts.failed, 20);
    assert!(r.records.iter().all(|rec| rec.attempts.len() == 2));

    // A 404 is not worth retrying.
    let not_found = Fake(|_, _| (10.0, Outcome::HttpError { status: 404 }));
    let r = run_with(Strategy::WorkerPool, &o, &not_found, None);
    assert!(r.records.iter().all(|rec| rec.attempts.len() == 1));
}

/// The call that makes each strategy what it is, as its source must show it.
fn is_source_of(strategy: Strategy, src: &str) -> bool {
    match strategy {
        Strategy::Sequential => {
            src.contains("for i in 1..=batch.n()")
                && src.contains("batch.request(i).await")
                && !src.contains("join_all")
                && !src.contains("buffer_unordered")
        }
        Strategy::JoinAll => {
            src.contains("join_all(")
                && !src.contains("Semaphore")
                && !src.contains("async_channel")
        }
        Strategy::JoinAllLimited => src.contains("Semaphore::new(k)") && src.contains("join_all("),
        Strategy::BufferUnordered => src.contains(".buffer_unordered(k)"),
        Strategy::WorkerPool => src.contains("async_channel::bounded(k)"),
    }
}

#[test]
fn strategy_ids_round_trip() {
    for s in Strategy::ALL {
        assert_eq!(Strategy::from_id(s.id()), Some(s));
        // Each file is its own strategy's and no other's: a swapped
        // `include_str!` would show learners the wrong code.
        for other in Strategy::ALL {
            let src = strategies::source(other);
            assert_eq!(
                is_source_of(s, src),
                s == other,
                "{s:?} in {other:?}'s file"
            );
        }
    }
    assert_eq!(Strategy::from_id("threads"), None);
    assert_eq!(Strategy::JoinAll.concurrency(50, 5), 50);
    assert_eq!(Strategy::WorkerPool.concurrency(3, 5), 3);
}

#[test]
fn limited_strategies_start_requests_in_order() {
    // Uneven latencies, so permits free up in a scrambled order.
    let fake = Fake(|i, _| (10.0 + (i * 7 % 13) as f64, ok()));
    for strategy in [
        Strategy::JoinAllLimited,
        Strategy::BufferUnordered,
        Strategy::WorkerPool,
    ] {
        let r = run_with(strategy, &opts(2000, 50), &fake, None);
        let starts: Vec<f64> = r.records.iter().map(|x| x.started.unwrap()).collect();
        let out_of_order = starts.windows(2).filter(|w| w[1] < w[0]).count();
        assert_eq!(out_of_order, 0, "{strategy:?}: FIFO like asyncio.Semaphore");
    }
}
