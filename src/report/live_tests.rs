//! The live buffer, fed by real engine runs on the virtual clock, must show
//! exactly what a finished run's charts show, while touching O(1) per event.
use super::LiveRun;
use crate::config::{Field, RawSettings};
use crate::engine::replay::Scripted;
use crate::engine::virtual_time::VirtualClock;
use crate::engine::{self, CancelToken, Clock, Event, Outcome, RetryPolicy, Strategy};
use crate::viz::{waterfall_rows, Span, MAX_ROWS};
use std::cell::RefCell;

fn settings(n: usize) -> crate::config::Settings {
    let mut raw = RawSettings::default();
    raw.set(Field::Requests, n.to_string());
    raw.set(Field::Concurrency, "1");
    raw.validate().expect("valid settings")
}

/// Every 7th attempt fails with a 503 and is retried; latencies vary.
fn answer(i: usize, attempt: u32) -> (f64, Outcome) {
    let ms = 20.0 + (i * 37 % 90) as f64;
    if (i + attempt as usize).is_multiple_of(7) {
        (ms, Outcome::HttpError { status: 503 })
    } else {
        (
            ms,
            Outcome::Ok {
                status: 200,
                bytes: 1,
            },
        )
    }
}

/// Runs `strategy` over `n` requests, checking the live rows against rows
/// rebuilt from scratch after every event; returns the live buffer.
fn live_run(strategy: Strategy, n: usize, k: usize, check_every: usize) -> (LiveRun, usize) {
    let clock = VirtualClock::new();
    let requester = Scripted::new(clock.clone(), answer);
    let cancel = CancelToken::new();
    let live = RefCell::new(LiveRun::new(settings(n), 0.0));
    // The engine's records are all queued from the batch's start.
    let queued = Span {
        queued: Some(0.0),
        ..Span::default()
    };
    let shadow = RefCell::new(vec![queued; n]);
    let events = RefCell::new(0usize);
    let on_event = |event: Event<'_>| {
        let (Event::Started(r) | Event::AttemptEnded(r) | Event::Finished(r)) = &event;
        shadow.borrow_mut()[r.index - 1] = Span::from(*r);
        live.borrow_mut().apply(&event, clock.now_ms());
        let mut seen = events.borrow_mut();
        *seen += 1;
        if seen.is_multiple_of(check_every) {
            let expected = waterfall_rows(&shadow.borrow(), MAX_ROWS);
            assert_eq!(live.borrow().rows.rows(), expected.as_slice());
        }
    };
    let mut opts = engine::tests::opts(n, k);
    opts.retry = RetryPolicy {
        max_retries: 2,
        base_ms: 10.0,
        cap_ms: 40.0,
    };
    let report = clock
        .block_on(engine::run(
            strategy, &opts, &requester, &clock, &cancel, on_event,
        ))
        .expect("the run finishes");
    let live = live.into_inner();
    let expected = waterfall_rows(&shadow.borrow(), MAX_ROWS);
    assert_eq!(live.rows.rows(), expected.as_slice());
    assert_eq!(live.done, n);
    assert_eq!(live.steps.peak(), report.max_in_flight);
    assert_eq!(live.steps.current(), 0);
    let ok_attempts = crate::stats::successful_attempts_ms(&report.records).count();
    assert_eq!(live.latencies.len(), ok_attempts);
    let binned: usize = live.latencies.bins(30).iter().map(|b| b.count).sum();
    assert_eq!(binned, ok_attempts);
    (live, report.max_in_flight)
}

#[test]
fn live_rows_equal_rows_rebuilt_from_the_records_after_every_event() {
    for strategy in Strategy::ALL {
        live_run(strategy, 37, 5, 1);
    }
    // Merged rows: 3 requests a row.
    live_run(Strategy::JoinAllLimited, 1000, 50, 1);
    live_run(Strategy::WorkerPool, 5000, 150, 97);
}

#[test]
fn only_changed_or_growing_rows_are_repainted() {
    let (mut live, _) = live_run(Strategy::WorkerPool, 800, 20, 1_000_000);
    // Every row changed during the run; now all are finished.
    assert_eq!(live.rows.take_repaint().len(), 400);
    assert!(live.rows.take_repaint().is_empty(), "nothing changed since");

    let mut live = LiveRun::new(settings(4), 0.0);
    // Nothing started: every row's queued bar grows with the clock.
    assert_eq!(live.rows.take_repaint(), [0, 1, 2, 3]);
    for index in [1, 2] {
        let mut rec = crate::engine::Record::new(index, String::new());
        rec.queued = Some(0.0);
        rec.started = Some(10.0);
        live.apply(&Event::Started(&rec), 10.0);
        rec.ended = Some(30.0);
        rec.outcome = Some(Outcome::Timeout);
        live.apply(&Event::Finished(&rec), 30.0);
    }
    assert_eq!(live.rows.take_repaint(), [0, 1, 2, 3], "0 and 1 changed");
    // Rows 0 and 1 are finished and unchanged: only the growing ones remain.
    assert_eq!(live.rows.take_repaint(), [2, 3]);
}
