use super::*;
use crate::engine::Outcome;

fn ok() -> Outcome {
    Outcome::Ok {
        status: 200,
        bytes: 4,
    }
}

fn net(start: f64, request: f64, response: f64, end: f64) -> Timing {
    Timing {
        start,
        worker_start: 0.0,
        request_start: request,
        response_start: response,
        response_end: end,
        protocol: "http/1.1".into(),
    }
}

fn attempt(started: f64, ended: f64, timing: Option<Timing>) -> Attempt {
    Attempt {
        started,
        ended,
        outcome: ok(),
        timing: timing.map(Box::new),
    }
}

#[test]
fn phases_split_the_span_exactly() {
    // Fetch at 100, waited 400 ms for a connection, server 200 ms, body 3 ms, page 2 ms.
    let a = attempt(100.0, 705.0, Some(net(100.2, 500.0, 700.0, 703.0)));
    let p = phases(&a, 40.0).expect("measured");
    assert_eq!(p.engine, 60.0);
    assert_eq!(p.browser, 400.0);
    assert_eq!(p.answer, 200.0);
    assert_eq!(p.answerer, Answerer::Server);
    assert_eq!(p.download, 3.0);
    assert_eq!(p.page, 2.0);
    assert_eq!(p.span(), a.ended - a.started);
}

#[test]
fn boundaries_outside_the_span_are_clamped_so_the_sum_still_holds() {
    // Coarsened clocks: the entry claims to start before the fetch and end after the outcome.
    let a = attempt(100.0, 300.0, Some(net(99.9, 99.95, 250.0, 300.08)));
    let p = phases(&a, 100.0).expect("measured");
    assert_eq!(p.browser, 0.0);
    assert_eq!(p.page, 0.0);
    assert!((p.span() - 200.0).abs() < 1e-9, "{p:?}");
}

#[test]
fn a_service_worker_answer_has_a_worker_phase_and_no_protocol() {
    let t = Timing {
        start: 10.0,
        worker_start: 11.4,
        request_start: 11.6,
        response_start: 114.5,
        response_end: 114.6,
        protocol: String::new(),
    };
    assert!(t.by_worker() && !t.hidden());
    let a = attempt(10.0, 115.0, Some(t.clone()));
    let p = phases(&a, 10.0).expect("measured");
    assert_eq!(p.answerer, Answerer::Worker);
    assert!((p.browser - 1.4).abs() < 1e-9);
    assert!((p.answer - 103.1).abs() < 1e-9);
    let rec = record(vec![a]);
    let s = Summary::of(&[rec]);
    assert_eq!(s.protocol, None);
    assert_eq!(s.by_worker, 1);
    assert!((s.server_median_ms.expect("ok attempt") - 103.2).abs() < 1e-9);
}

#[test]
fn hidden_phases_fall_back_to_one_bar() {
    // As Chromium reports it when the page's service worker passed the fetch on.
    let t = Timing {
        start: 10.0,
        worker_start: 12.0,
        response_end: 90.0,
        ..Timing::default()
    };
    assert!(t.hidden());
    let a = attempt(10.0, 91.0, Some(t));
    assert_eq!(phases(&a, 0.0), None);
    let s = Summary::of(&[record(vec![a])]);
    assert!(s.all_hidden());
    assert_eq!(
        (s.protocol, s.browser_queued_ms, s.server_median_ms),
        (None, None, None)
    );
}

fn record(attempts: Vec<Attempt>) -> Record {
    let mut r = Record::new(1, "u".into());
    r.queued = Some(0.0);
    r.started = attempts.first().map(|a| a.started);
    r.ended = attempts.last().map(|a| a.ended);
    r.attempts = attempts;
    r
}

#[test]
fn retries_count_backoff_as_engine_wait() {
    let r = record(vec![
        attempt(10.0, 50.0, Some(net(10.0, 11.0, 49.0, 49.5))),
        attempt(80.0, 130.0, Some(net(80.0, 81.0, 129.0, 129.5))),
    ]);
    let p = record_phases(&r);
    assert_eq!(p[0].map(|p| p.engine), Some(10.0));
    assert_eq!(p[1].map(|p| p.engine), Some(30.0));
}

fn entry(name: &str, t: Timing) -> Entry {
    Entry {
        name: name.into(),
        timing: t,
    }
}

/// An attempt of `url` over `started..ended`; `aborted` for a timeout or a cancel.
fn tried(url: &str, started: f64, ended: f64, aborted: bool) -> Attempted {
    Attempted {
        slot: 0,
        url: url.into(),
        started,
        ended,
        aborted,
    }
}

fn starts(m: &[Option<Timing>]) -> Vec<Option<f64>> {
    m.iter().map(|t| t.as_ref().map(|t| t.start)).collect()
}

#[test]
fn matching_pairs_by_url_then_start_order_and_skips_strangers() {
    let attempts = vec![
        tried("http://h/a", 0.0, 100.0, false),
        tried("http://h/b", 0.5, 100.0, false),
        // A retry of /a with the same URL.
        tried("http://h/a", 150.0, 250.0, false),
        // Aborted before the browser listed it: no entry.
        tried("http://h/c", 0.6, 5.0, true),
    ];
    let entries = vec![
        entry("http://h/a", net(150.1, 151.0, 240.0, 241.0)),
        entry("http://h/page.css", net(0.0, 1.0, 2.0, 3.0)),
        entry("http://h/b", net(0.6, 1.0, 90.0, 91.0)),
        entry("http://h/a", net(0.1, 1.0, 90.0, 91.0)),
    ];
    let (m, ambiguous) = match_entries(&attempts, entries);
    assert_eq!(ambiguous, 0);
    assert_eq!(m[0].as_ref().map(|t| t.start), Some(0.1));
    assert_eq!(m[1].as_ref().map(|t| t.start), Some(0.6));
    assert_eq!(m[2].as_ref().map(|t| t.start), Some(150.1));
    assert_eq!(m[3], None);
}

#[test]
fn a_missing_entry_does_not_shift_the_next_attempt_onto_the_wrong_one() {
    // The first attempt was aborted unlisted; its retry must get only its own entry.
    let attempts = vec![
        tried("http://h/a", 0.0, 30.0, true),
        tried("http://h/a", 60.0, 120.0, false),
    ];
    let (m, _) = match_entries(
        &attempts,
        vec![entry("http://h/a", net(60.2, 61.0, 110.0, 111.0))],
    );
    assert_eq!(m[0], None);
    assert_eq!(m[1].as_ref().map(|t| t.start), Some(60.2));
    // And an entry from before the run (an old fetch of the same URL) matches nothing.
    let (m, _) = match_entries(
        &attempts[1..],
        vec![entry("http://h/a", net(1.0, 2.0, 3.0, 4.0))],
    );
    assert_eq!(m, vec![None]);
}

#[test]
fn summary_names_the_common_protocol_the_longest_browser_wait_and_the_median_server_time() {
    let mut records = Vec::new();
    for (i, wait) in [0.0, 500.0, 1000.0].into_iter().enumerate() {
        let mut r = record(vec![attempt(
            0.0,
            wait + 501.0,
            Some(net(0.0, wait, wait + 500.0, wait + 500.5)),
        )]);
        r.index = i + 1;
        records.push(r);
    }
    if let Some(t) = records[2].attempts[0].timing.as_mut() {
        t.protocol = "h2".into();
    }
    let s = Summary::of(&records);
    assert_eq!(s.protocol.as_deref(), Some("http/1.1"));
    assert_eq!(s.browser_queued_ms, Some(1000.0));
    assert_eq!(s.server_median_ms, Some(500.5));
    assert_eq!((s.matched, s.hidden, s.attempts), (3, 0, 3));
}

/// The best of three timings of matching `n` attempts to `n` entries (given
/// in reverse order), each attempt's own URL, every one matched.
fn time_matching(n: usize) -> f64 {
    let attempts: Vec<Attempted> = (0..n)
        .map(|i| {
            tried(
                &format!("http://h/delay/1?i={i}"),
                i as f64,
                i as f64 + 50.0,
                false,
            )
        })
        .collect();
    let entries: Vec<Entry> = (0..n)
        .rev()
        .map(|i| {
            entry(
                &format!("http://h/delay/1?i={i}"),
                net(
                    i as f64 + 0.1,
                    i as f64 + 1.0,
                    i as f64 + 40.0,
                    i as f64 + 41.0,
                ),
            )
        })
        .collect();
    (0..3)
        .map(|_| {
            let t0 = std::time::Instant::now();
            let (m, _) = match_entries(&attempts, entries.clone());
            let took = t0.elapsed().as_secs_f64();
            assert!(m.iter().all(Option::is_some));
            took
        })
        .fold(f64::INFINITY, f64::min)
}

/// Ten times the attempts must cost about ten times the time, not a hundred:
/// a ratio, so a loaded machine slows both sides alike (a wall-clock bound on
/// a debug build failed under load). n log n gives about 12.5; quadratic 100.
#[test]
fn matching_100_000_attempts_is_linear_enough() {
    let small = time_matching(10_000);
    let large = time_matching(100_000);
    let ratio = large / small;
    assert!(
        ratio < 30.0,
        "10× the attempts took {ratio:.1}× the time ({small:.3} s → {large:.3} s)"
    );
}

#[test]
fn one_shared_url_a_timed_out_attempt_without_an_entry_takes_no_one_elses() {
    // join_all against a target without {i}: request 1 timed out (aborted,
    // so the browser listed no entry); 2 and 3 started just after it.
    let u = "http://h/delay/50";
    let attempts = vec![
        tried(u, 0.0, 100.0, true),
        tried(u, 0.2, 50.0, false),
        tried(u, 0.4, 60.0, false),
    ];
    let entries = vec![
        entry(u, net(0.5, 1.0, 58.0, 59.0)),
        entry(u, net(0.3, 1.0, 48.0, 49.0)),
    ];
    let (m, ambiguous) = match_entries(&attempts, entries);
    assert_eq!(starts(&m), [None, Some(0.3), Some(0.5)]);
    assert_eq!(ambiguous, 0);
}

#[test]
fn one_shared_url_with_entries_that_cannot_be_told_apart_gets_no_phases_and_says_how_many() {
    let u = "http://h/same";
    // Two finished attempts at once and one entry (the other lost): which is whose?
    let attempts = vec![tried(u, 0.0, 50.0, false), tried(u, 0.1, 50.0, false)];
    let (m, ambiguous) = match_entries(&attempts, vec![entry(u, net(0.2, 1.0, 40.0, 41.0))]);
    assert_eq!(starts(&m), [None, None]);
    assert_eq!(ambiguous, 2);
    // A later, separate attempt of the same URL still gets its own.
    let mut later = attempts.clone();
    later.push(tried(u, 200.0, 260.0, false));
    let (m, ambiguous) = match_entries(
        &later,
        vec![
            entry(u, net(0.2, 1.0, 40.0, 41.0)),
            entry(u, net(200.1, 201.0, 250.0, 251.0)),
        ],
    );
    assert_eq!(starts(&m), [None, None, Some(200.1)]);
    assert_eq!(ambiguous, 2);
    // An entry that ends after its attempt's outcome is not its entry.
    let (m, ambiguous) = match_entries(&attempts[..1], vec![entry(u, net(0.2, 1.0, 40.0, 90.0))]);
    assert_eq!((starts(&m), ambiguous), (vec![None], 1));
}

#[test]
fn one_shared_url_all_entries_there_pairs_in_call_order() {
    // join_all of 100 on one URL: every fetch called within a millisecond.
    let u = "http://h/one";
    let attempts: Vec<Attempted> = (0..100)
        .map(|i| tried(u, i as f64 * 0.01, 500.0 + i as f64, false))
        .collect();
    let entries: Vec<Entry> = (0..100)
        .rev()
        .map(|i| {
            entry(
                u,
                net(i as f64 * 0.01 + 0.005, 1.0, 400.0, 400.0 + i as f64),
            )
        })
        .collect();
    let (m, ambiguous) = match_entries(&attempts, entries);
    assert_eq!(ambiguous, 0);
    for (i, t) in m.iter().enumerate() {
        assert_eq!(t.as_ref().map(|t| t.response_end), Some(400.0 + i as f64));
    }
}

#[test]
fn the_summary_counts_finished_attempts_of_a_shared_url_left_without_phases() {
    let shared = |i: usize, timing: Option<Timing>, outcome: Outcome| {
        let mut a = attempt(0.0, 50.0, timing);
        a.outcome = outcome;
        let mut r = record(vec![a]);
        r.index = i;
        r.url = "http://h/same".into();
        r
    };
    let t = || Some(net(0.1, 1.0, 40.0, 41.0));
    let records = vec![
        shared(1, t(), ok()),
        shared(2, None, ok()),
        shared(3, None, ok()),
        // A timeout without an entry: aborted, nothing to match.
        shared(4, None, Outcome::Timeout),
    ];
    assert_eq!(Summary::of(&records).unmatched_shared, 2);
    // A file without entries at all (a results link drops them): nothing to say.
    assert_eq!(Summary::of(&records[1..]).unmatched_shared, 0);
    // Own URLs: a missing entry is just missing.
    let mut own = records.clone();
    for (i, r) in own.iter_mut().enumerate() {
        r.url = format!("http://h/{i}");
    }
    assert_eq!(Summary::of(&own).unmatched_shared, 0);
}
