//! The run's measured protocol, browser wait and server time, and what the
//! verdict, the waterfall and its read-out make of them.
use super::super::*;
use crate::config::{Field, RawSettings};
use crate::engine::{count, Attempt, Outcome, Record, Timing};
use crate::report::readout::{readout, Detail};
use crate::viz::phases::Kind;
use crate::viz::Picture;

/// join_all of 12 against `target`, in two waves of 6 (browser wait 0 then
/// 500 ms, server 500 ms), each attempt with `protocol` (None = no entry).
fn run(target: &str, protocol: Option<&str>, hidden: bool) -> RunResult {
    let mut raw = RawSettings::default();
    raw.set(Field::Target, target);
    raw.set(Field::Strategy, "join_all");
    raw.set(Field::Requests, "12");
    let s = raw.validate().expect("valid settings");
    let records: Vec<Record> = (1..=12)
        .map(|i| {
            let wait = if i <= 6 { 0.0 } else { 500.0 };
            let mut r = Record::new(i, s.url_for(i));
            r.queued = Some(0.0);
            r.started = Some(1.0);
            r.ended = Some(wait + 503.0);
            let ok = Outcome::Ok {
                status: 200,
                bytes: 4,
            };
            r.outcome = Some(ok.clone());
            r.attempts.push(Attempt {
                started: 1.0,
                ended: wait + 503.0,
                outcome: ok,
                timing: protocol.map(|p| {
                    Box::new(Timing {
                        start: 1.1,
                        worker_start: 0.0,
                        request_start: if hidden { 0.0 } else { wait + 1.5 },
                        response_start: if hidden { 0.0 } else { wait + 501.5 },
                        response_end: wait + 502.0,
                        protocol: if hidden { String::new() } else { p.into() },
                    })
                }),
            });
            r
        })
        .collect();
    let report = RunReport {
        strategy: s.strategy,
        n: 12,
        concurrency: 12,
        began_ms: 0.0,
        wall_ms: 1002.0,
        max_in_flight: 12,
        counts: count(&records),
        cancelled_by_user: false,
        swept: 0,
        records,
        polls: None,
        experiment: None,
    };
    RunResult::new(1, String::new(), s, report)
}

#[test]
fn the_cap_sentence_follows_the_measured_protocol_not_the_scheme() {
    let h1 = run("https://example.test/{i}", Some("http/1.1"), false);
    assert_eq!(h1.protocol(), Some("http/1.1"));
    assert_eq!(h1.browser_cap(), Some(6));
    assert!(h1.verdict(&[]).contains("at most 6 HTTP/1.1 connections"));
    // The same waves over HTTP/2 are the server's stream limit, never 6 connections.
    let h2 = run("http://example.test/{i}", Some("h2"), false);
    assert_eq!(
        h2.binding_pool().map(|p| (p.per_host, p.basis)),
        Some((6, crate::report::Basis::Http2Waves))
    );
    let verdict = h2.verdict(&[]);
    assert!(!verdict.contains("HTTP/1.1"), "{verdict}");
    assert!(verdict.contains("at most 6 streams"), "{verdict}");
    let unknown = run("http://example.test/{i}", None, false);
    assert_eq!((unknown.protocol(), unknown.browser_cap()), (None, None));
}

#[test]
fn each_shard_name_lifts_the_measured_cap_by_six() {
    let sharded = |shards: &str| {
        let mut r = run("http://{shard}.example.test/{i}", Some("http/1.1"), false);
        let mut raw = RawSettings::default();
        raw.set(Field::Target, "http://{shard}.example.test/{i}");
        raw.set(Field::Strategy, "join_all");
        raw.set(Field::Requests, "12");
        raw.set(Field::Shards, shards);
        r.settings = raw.validate().expect("valid settings");
        r.browser_cap()
    };
    assert_eq!(sharded("1"), Some(6));
    assert_eq!(sharded("3"), None, "12 in flight fit in 3 × 6");
    // A limit of 24 over 2 names, but only 6 were in flight to each: the cap never bound.
    let mut two = run("http://{shard}.example.test/{i}", Some("http/1.1"), false);
    two.report.concurrency = 24;
    let mut raw = RawSettings::default();
    raw.set(Field::Target, "http://{shard}.example.test/{i}");
    raw.set(Field::Shards, "2");
    two.settings = raw.validate().expect("valid settings");
    assert_eq!(two.browser_cap(), None);
    assert!(
        !two.verdict(&[]).contains("HTTP/1.1"),
        "{}",
        two.verdict(&[])
    );
}

#[test]
fn browser_wait_and_server_time_are_measured_apart() {
    let r = run("http://example.test/{i}", Some("http/1.1"), false);
    assert_eq!(r.browser_queued_ms(), Some(500.5));
    assert_eq!(r.measured_server_ms(), Some(500.5));
    assert!(!r.phases_hidden());
}

#[test]
fn hidden_phases_are_said_and_drawn_as_one_bar() {
    let r = run("http://example.test/{i}", Some("http/1.1"), true);
    assert!(r.phases_hidden());
    assert_eq!((r.protocol(), r.browser_queued_ms()), (None, None));
    let p = Picture::of_records(&r.report.records, 0.0);
    assert_eq!(
        p.phases[0][0].kind,
        Kind::Whole(crate::engine::OutcomeClass::Ok)
    );
    let text = readout(&p.rows, 0.0, 0, Detail::Records(&r.report.records)).expect("row");
    assert!(
        text.contains("phases hidden by the server (no Timing-Allow-Origin)"),
        "{text}"
    );
}

#[test]
fn the_waterfall_and_read_out_name_the_phases() {
    let r = run("http://example.test/{i}", Some("http/1.1"), false);
    let p = Picture::of_records(&r.report.records, 0.0);
    let kinds: Vec<Kind> = p.phases[7].iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [Kind::Browser, Kind::Server, Kind::Download, Kind::Page]
    );
    let total: f64 = p.phases[7].iter().map(|s| s.to - s.from).sum();
    assert!((total - 1002.0).abs() < 1e-9, "{total}");
    let text = readout(&p.rows, 0.0, 7, Detail::Records(&r.report.records)).expect("row");
    assert!(
        text.contains("waiting in the browser 500 ms · server 500 ms · download 0.5 ms"),
        "{text}"
    );
}

#[test]
fn a_measured_run_replays_its_ideal_from_its_own_server_times() {
    let r = run("http://example.test/{i}", Some("http/1.1"), false);
    let source = r.ideal_source(&[]).expect("own server times");
    assert_eq!(source.server_times(), ServerTimes::Timed);
    // Request sent → last byte, without the 500 ms the second wave queued in the browser.
    let script = source.script(&r);
    assert_eq!(script(7, 0).0, 500.5);
    assert_eq!(script(12, 0).0, 500.5);
    // Hidden phases: no own times, so it waits for a sequential run as before.
    let hidden = run("http://example.test/{i}", Some("http/1.1"), true);
    assert_eq!(hidden.ideal_source(&[]), None);
    let unmeasured = run("http://example.test/{i}", None, false);
    assert_eq!(unmeasured.ideal_source(&[]), None);
}
