//! The live buffer, fed by real engine runs on the virtual clock, must show
//! exactly what a finished run's charts show, while touching O(1) per event.
use super::super::LiveRun;
use crate::config::{Field, RawSettings};
use crate::engine::replay::Scripted;
use crate::engine::virtual_time::VirtualClock;
use crate::engine::{self, CancelToken, Clock, Event, Outcome, RetryPolicy, Strategy};
use crate::viz::live::Painted;
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

/// Request `index` (1-based) starts at 10 ms and times out at 30 ms.
fn start_and_time_out(live: &mut LiveRun, index: usize) {
    let mut rec = crate::engine::Record::new(index, String::new());
    rec.queued = Some(0.0);
    rec.started = Some(10.0);
    live.apply(&Event::Started(&rec), 10.0);
    rec.ended = Some(30.0);
    rec.outcome = Some(Outcome::Timeout);
    live.apply(&Event::Finished(&rec), 30.0);
}

#[test]
fn only_changed_or_growing_rows_are_repainted() {
    let (live, _) = live_run(Strategy::WorkerPool, 800, 20, 1_000_000);
    let mut painted = Painted::default();
    // Every row changed during the run; now all are finished.
    assert_eq!(live.rows.repaint(&mut painted).len(), 400);
    assert!(
        live.rows.repaint(&mut painted).is_empty(),
        "nothing changed since"
    );

    let mut live = LiveRun::new(settings(4), 0.0);
    let mut painted = Painted::default();
    // Nothing started: every row's queued bar grows with the clock.
    assert_eq!(live.rows.repaint(&mut painted), [0, 1, 2, 3]);
    for index in [1, 2] {
        start_and_time_out(&mut live, index);
    }
    assert_eq!(
        live.rows.repaint(&mut painted),
        [0, 1, 2, 3],
        "0 and 1 changed"
    );
    // Rows 0 and 1 are finished and unchanged: only the growing ones remain.
    assert_eq!(live.rows.repaint(&mut painted), [2, 3]);
}

#[test]
fn two_live_views_each_repaint_every_changed_row() {
    let mut live = LiveRun::new(settings(4), 0.0);
    let (mut first, mut second) = (Painted::default(), Painted::default());
    assert_eq!(live.rows.repaint(&mut first), [0, 1, 2, 3]);
    assert_eq!(live.rows.repaint(&mut second), [0, 1, 2, 3]);
    start_and_time_out(&mut live, 1);
    // The first view painting row 0 must not take it from the second.
    assert_eq!(live.rows.repaint(&mut first), [0, 1, 2, 3]);
    assert_eq!(live.rows.repaint(&mut second), [0, 1, 2, 3]);
    assert_eq!(live.rows.repaint(&mut first), [1, 2, 3]);
    start_and_time_out(&mut live, 2);
    // A view that paints less often still gets every row changed in between.
    assert_eq!(live.rows.repaint(&mut first), [1, 2, 3]);
    assert_eq!(live.rows.repaint(&mut first), [2, 3]);
    assert_eq!(live.rows.repaint(&mut second), [1, 2, 3]);
    assert_eq!(live.rows.repaint(&mut second), [2, 3]);
}

#[test]
fn a_view_kept_from_the_last_run_repaints_the_next_runs_changed_rows() {
    let mut painted = Painted::default();
    let mut last = LiveRun::new(settings(4), 0.0);
    for index in 1..=4 {
        start_and_time_out(&mut last, index);
    }
    assert_eq!(last.rows.repaint(&mut painted), [0, 1, 2, 3]);
    // The next run of the plan has a fresh buffer whose changes count from 0 again.
    let mut next = LiveRun::new(settings(4), 100.0);
    start_and_time_out(&mut next, 3);
    assert_eq!(next.rows.repaint(&mut painted), [0, 1, 2, 3]);
    assert_eq!(next.rows.repaint(&mut painted), [0, 1, 3]);
}

mod progress {
    use crate::engine::Strategy;
    use crate::state::{Progress, SweepPoint};

    fn going(done: usize, total: usize) -> Progress {
        Progress {
            done,
            total,
            strategy: Some(Strategy::JoinAllLimited),
            ..Progress::default()
        }
    }

    #[test]
    fn before_any_run_the_line_says_so() {
        assert_eq!(Progress::default().describe(false), "No run yet");
    }

    #[test]
    fn a_run_names_its_strategy_and_counts_done_of_total() {
        assert_eq!(going(3, 10).describe(true), "join_all_limited: 3 / 10 done");
    }

    #[test]
    fn a_worker_run_names_its_language() {
        let p = Progress {
            language: crate::lang::Language::Python,
            ..going(3, 10)
        };
        assert_eq!(p.describe(true), "join_all_limited · Python: 3 / 10 done");
    }

    #[test]
    fn a_sweep_point_says_its_k_and_which_point_it_is() {
        let p = Progress {
            sweep: Some(SweepPoint {
                k: 5,
                index: 2,
                of: 9,
            }),
            ..going(10, 10)
        };
        assert_eq!(
            p.describe(true),
            "join_all_limited k=5 (sweep point 2 of 9): 10 / 10 done"
        );
    }

    #[test]
    fn replaying_is_said_only_while_the_plan_still_runs() {
        let p = Progress {
            replaying: true,
            ..going(10, 10)
        };
        assert_eq!(
            p.describe(true),
            "join_all_limited: 10 / 10 done · replaying for the ideal…"
        );
        assert_eq!(p.describe(false), "join_all_limited: 10 / 10 done");
    }
}
