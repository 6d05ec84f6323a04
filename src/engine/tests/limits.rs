//! Rate limit, cancel, deadline and live-event edge cases.
use super::*;

fn failing(status: u16) -> Outcome {
    Outcome::HttpError { status }
}

/// Every attempt start of the run, in time order.
fn attempt_starts(report: &RunReport) -> Vec<f64> {
    let mut starts: Vec<f64> = report
        .records
        .iter()
        .flat_map(|r| r.attempts.iter().map(|a| a.started))
        .collect();
    starts.sort_by(f64::total_cmp);
    starts
}

#[test]
fn rate_limit_spaces_actual_starts_even_after_a_stall() {
    let fake = Fake(|_, _| (10.0, ok()));
    let mut o = opts(20, 20);
    o.rate_per_sec = Some(10.0);
    for strategy in [Strategy::JoinAll, Strategy::WorkerPool] {
        // The page is busy from 150 ms to 1150 ms: every pending timer fires late.
        let (r, _) = run_beside(strategy, &o, &fake, |clock, _| async move {
            clock.sleep_ms(150.0).await;
            clock.advance_ms(1000.0);
        });
        let starts = attempt_starts(&r);
        assert_eq!(starts.len(), 20);
        assert_rate_kept(&starts, 10.0, &format!("{strategy:?}: {starts:?}"));
        // No burst of the 10 slots the stall missed: the start at 1150 takes
        // the slot CATCH_UP_MS before it, and the next is a gap after that.
        assert_eq!(&starts[..4], [0.0, 100.0, 1150.0, 1200.0], "{strategy:?}");
        assert!(starts[3..].windows(2).all(|w| w[1] - w[0] == 100.0));
    }
}

#[test]
fn no_attempt_starts_once_cancelled_even_when_its_rate_slot_is_due() {
    let fake = Fake(|_, _| (100.0, ok()));
    let mut o = opts(5, 5);
    o.rate_per_sec = Some(5.0);
    // The cancel and request 2's rate slot are both due at 200 ms; the
    // canceller is polled first, so the cancel is already set.
    let (r, seen) = run_beside(Strategy::JoinAll, &o, &fake, |clock, cancel| async move {
        clock.sleep_ms(200.0).await;
        cancel.cancel();
    });
    let late: Vec<&Seen> = seen
        .iter()
        .filter(|s| s.kind == "started" && s.cancelled)
        .collect();
    assert!(late.is_empty(), "started after cancel: {late:?}");
    assert_eq!(r.records[1].started, None);
    assert_eq!((r.counts.ok, r.counts.cancelled), (1, 4));
}

#[test]
fn every_attempt_end_is_a_live_event() {
    // Two 503s, then success.
    let fake = Fake(|_, attempt| (10.0, if attempt < 2 { failing(503) } else { ok() }));
    let mut o = opts(3, 3);
    o.retry = RetryPolicy {
        max_retries: 3,
        base_ms: 10.0,
        cap_ms: 10.0,
    };
    let (r, seen) = run_beside(Strategy::JoinAll, &o, &fake, |_, _| async {});
    for rec in &r.records {
        let mine: Vec<(&str, usize)> = seen
            .iter()
            .filter(|s| s.index == rec.index)
            .map(|s| (s.kind, s.attempts))
            .collect();
        // Each attempt starts, then ends with itself as the record's last attempt.
        let want = [
            ("started", 0),
            ("attempt_ended", 1),
            ("started", 1),
            ("attempt_ended", 2),
            ("started", 2),
            ("attempt_ended", 3),
            ("finished", 3),
        ];
        assert_eq!(mine, want, "request {}", rec.index);
    }
    let ends: Vec<f64> = seen
        .iter()
        .filter(|s| s.kind == "attempt_ended" && s.index == 1)
        .map(|s| s.at)
        .collect();
    let recorded: Vec<f64> = r.records[0].attempts.iter().map(|a| a.ended).collect();
    assert_eq!(ends, recorded);
}

#[test]
fn interrupts_become_outcomes() {
    assert_eq!(Outcome::from(Interrupt::Timeout), Outcome::Timeout);
    assert_eq!(Outcome::from(Interrupt::Cancelled), Outcome::Cancelled);
}

#[test]
fn deadline_aborts_the_attempt_in_flight() {
    let fake = Fake(|_, _| (400.0, ok()));
    let mut o = opts(1, 1);
    o.deadline_ms = Some(250.0);
    let r = run_with(Strategy::Sequential, &o, &fake, None);
    let rec = &r.records[0];
    assert_eq!(rec.outcome, Some(Outcome::Timeout));
    assert_eq!(rec.ended, Some(250.0));
    assert_eq!(rec.attempts.len(), 1);
    assert_eq!(rec.attempts[0].ended, 250.0);
    assert_eq!(rec.attempts[0].outcome, Outcome::Timeout);
    // The per-attempt timeout alone lets the attempt run to its own limit.
    o.deadline_ms = None;
    o.timeout_ms = Some(300.0);
    let r = run_with(Strategy::Sequential, &o, &fake, None);
    assert_eq!(r.records[0].ended, Some(300.0));
}

#[test]
fn deadline_spans_retries_each_with_its_own_timeout() {
    // Every attempt would take 150 ms; each times out after 100 ms, no backoff.
    let fake = Fake(|_, _| (150.0, ok()));
    let mut o = opts(1, 1);
    o.timeout_ms = Some(100.0);
    o.retry = RetryPolicy {
        max_retries: 5,
        base_ms: 0.0,
        cap_ms: 0.0,
    };
    let r = run_with(Strategy::Sequential, &o, &fake, None);
    assert_eq!(r.records[0].attempts.len(), 6, "no deadline: every retry");
    assert_eq!(r.wall_ms, 600.0);
    o.deadline_ms = Some(250.0);
    let r = run_with(Strategy::Sequential, &o, &fake, None);
    let spans: Vec<(f64, f64)> = r.records[0]
        .attempts
        .iter()
        .map(|a| (a.started, a.ended))
        .collect();
    assert_eq!(spans, [(0.0, 100.0), (100.0, 200.0), (200.0, 250.0)]);
    assert_eq!(r.records[0].outcome, Some(Outcome::Timeout));
    assert_eq!(r.wall_ms, 250.0);
}

#[test]
fn deadline_cuts_backoff_short() {
    // Always 500 after 10 ms; backoffs are up to a second, the deadline 100 ms.
    let fake = Fake(|_, _| (10.0, failing(500)));
    let mut o = opts(40, 40);
    o.retry = RetryPolicy {
        max_retries: 3,
        base_ms: 1000.0,
        cap_ms: 1000.0,
    };
    o.deadline_ms = Some(100.0);
    let r = run_with(Strategy::JoinAll, &o, &fake, None);
    let mut cut_in_backoff = 0;
    for rec in &r.records {
        assert!(rec
            .attempts
            .iter()
            .all(|a| a.started < 100.0 && a.ended <= 100.0));
        match rec.outcome {
            Some(Outcome::Timeout) => {
                assert_eq!(rec.ended, Some(100.0), "ends at the deadline");
                // The last attempt had ended with its 500: the deadline fell in a backoff.
                if rec.attempts.last().map(|a| &a.outcome) == Some(&failing(500)) {
                    cut_in_backoff += 1;
                }
            }
            Some(Outcome::HttpError { status: 500 }) => assert_eq!(rec.attempts.len(), 4),
            ref other => panic!("request {}: {other:?}", rec.index),
        }
    }
    assert!(cut_in_backoff > 30, "{cut_in_backoff} of 40");
}

#[test]
fn deadline_counts_from_the_first_start_not_the_queue() {
    let fake = Fake(|_, _| (100.0, ok()));
    let mut o = opts(3, 1);
    o.deadline_ms = Some(150.0);
    let r = run_with(Strategy::JoinAllLimited, &o, &fake, None);
    assert_eq!(r.counts.ok, 3, "request 3 queued 200 ms, then ran 100 ms");
    assert_eq!(r.wall_ms, 300.0);
}
