use super::protocol::{FromWorker, LessonScript, Script, Status, ToWorker};
use super::records::{Recorder, Refused, Took};
use super::*;
use crate::engine::{Event, Outcome, Strategy};
use std::cell::RefCell;

/// The page's `timeOrigin`: an epoch time, as Chromium reports it.
const ORIGIN: f64 = 1_764_650_000_123.25;

fn recorder(n: usize) -> Recorder {
    let urls = (1..=n).map(|i| format!("__sim/{i}")).collect();
    Recorder::new(7, Strategy::JoinAllLimited, 2, urls, 1_000.0, ORIGIN)
}

fn start(i: usize, page_ms: f64) -> FromWorker {
    FromWorker::Start {
        run: 7,
        i,
        at: ORIGIN + page_ms,
    }
}

fn end(i: usize, page_ms: f64) -> FromWorker {
    FromWorker::End {
        run: 7,
        i,
        at: ORIGIN + page_ms,
        outcome: Outcome::Ok {
            status: 200,
            bytes: 256,
        },
    }
}

fn quiet(_: Event<'_>) {}

#[test]
fn ids_and_names_round_trip() {
    for l in Language::ALL {
        assert_eq!(Language::from_id(l.id()), Some(l));
        let json = serde_json::to_string(&l).unwrap();
        assert_eq!(json, format!("\"{}\"", l.id()));
    }
    assert_eq!(Language::from_id("Python"), None);
    assert_eq!(Language::JavaScript.to_string(), "JavaScript");
}

#[test]
fn a_race_rotates_its_start_and_runs_each_once() {
    let orders: Vec<_> = (0..4).map(Language::race_order).collect();
    assert_eq!(orders[0], Language::ALL);
    assert_eq!(orders[1][0], Language::Python);
    assert_eq!(orders[2][0], Language::JavaScript);
    assert_eq!(orders[3], orders[0]);
    for order in orders {
        for l in Language::ALL {
            assert_eq!(order.iter().filter(|o| **o == l).count(), 1);
        }
    }
}

#[test]
fn rust_refuses_nothing_and_the_workers_name_each_option() {
    let asks = Asks {
        retries: 1,
        rate_per_sec: 5.0,
        deadline_ms: 100,
        cpu_workers: true,
    };
    assert!(refusals(Language::Rust, &asks).is_empty());
    let refused = refusals(Language::Python, &asks);
    assert_eq!(
        refused,
        [
            Unsupported::Retries,
            Unsupported::RateLimit,
            Unsupported::Deadline,
            Unsupported::CpuWorkers
        ]
    );
    assert!(refusals(Language::JavaScript, &Asks::default()).is_empty());
}

#[test]
fn times_come_onto_the_page_clock() {
    let mut r = recorder(1);
    r.take(&start(0, 1_010.5), &quiet).unwrap();
    r.take(&end(0, 1_110.75), &quiet).unwrap();
    let report = r.finish(1_200.0, false);
    let rec = &report.records[0];
    assert!((rec.started.unwrap() - 1_010.5).abs() < 1e-6);
    assert!((rec.ended.unwrap() - 1_110.75).abs() < 1e-6);
    assert_eq!(rec.queued, Some(1_000.0));
    assert_eq!(rec.attempts.len(), 1);
    assert!((report.wall_ms - 100.25).abs() < 1e-6);
    assert_eq!(report.counts.ok, 1);
    assert_eq!(report.began_ms, 1_000.0);
}

#[test]
fn out_of_order_messages_give_the_same_records() {
    // Request 2's end arrives before request 1's start, and request 3's end
    // before its own start.
    let mut r = recorder(3);
    let events = RefCell::new(Vec::new());
    let log = |e: Event<'_>| {
        let (Event::Started(rec) | Event::AttemptEnded(rec) | Event::Finished(rec)) = e;
        events.borrow_mut().push(rec.index);
    };
    r.take(&start(1, 1_005.0), &log).unwrap();
    r.take(&end(1, 1_050.0), &log).unwrap();
    r.take(&start(0, 1_001.0), &log).unwrap();
    assert_eq!(r.take(&end(2, 1_090.0), &log), Ok(Took::Held));
    r.take(&start(2, 1_052.0), &log).unwrap();
    r.take(&end(0, 1_060.0), &log).unwrap();
    let report = r.finish(1_100.0, false);
    assert_eq!(report.counts.ok, 3);
    assert_eq!(report.max_in_flight, 2);
    assert!((report.wall_ms - 89.0).abs() < 1e-6);
    // Started, AttemptEnded, Finished for each: the live charts saw all three.
    assert_eq!(events.borrow().len(), 9);
    let third = &report.records[2];
    assert_eq!(third.started, Some(1_052.0));
    assert_eq!(third.ended, Some(1_090.0));
}

#[test]
fn duplicates_and_strangers_are_refused() {
    let mut r = recorder(2);
    r.take(&start(0, 1.0), &quiet).unwrap();
    assert_eq!(
        r.take(&start(0, 2.0), &quiet),
        Err(Refused::StartedTwice(0))
    );
    r.take(&end(0, 3.0), &quiet).unwrap();
    assert_eq!(r.take(&end(0, 4.0), &quiet), Err(Refused::EndedTwice(0)));
    assert_eq!(
        r.take(&start(5, 4.0), &quiet),
        Err(Refused::NoSuchRequest(5))
    );
    let other = FromWorker::Start {
        run: 6,
        i: 1,
        at: ORIGIN,
    };
    assert_eq!(r.take(&other, &quiet), Ok(Took::NotOurs));
    let report = r.finish(10.0, false);
    // The refused messages changed nothing: one attempt, its first end.
    assert_eq!(report.records[0].attempts.len(), 1);
    assert_eq!(report.records[0].ended, Some(3.0));
    assert!(report.records[1].started.is_none());
}

#[test]
fn cancel_fills_every_request_without_an_outcome() {
    let mut r = recorder(5);
    r.take(&start(0, 1_001.0), &quiet).unwrap();
    r.take(&end(0, 1_101.0), &quiet).unwrap();
    r.take(&start(1, 1_002.0), &quiet).unwrap();
    let done = FromWorker::Done {
        run: 7,
        resources: Vec::new(),
        time_origin: None,
    };
    assert_eq!(r.take(&done, &quiet), Ok(Took::Done));
    assert_eq!(r.take(&end(1, 1_150.0), &quiet), Err(Refused::AfterDone(7)));
    let report = r.finish(1_150.0, true);
    assert_eq!(report.counts.ok, 1);
    assert_eq!(report.counts.cancelled, 4);
    assert_eq!(report.counts.total(), 5);
    assert!(report.cancelled_by_user);
    assert_eq!(report.swept, 0);
    // Started: one cancelled attempt. Never started: none, as in a Rust run.
    assert_eq!(report.records[1].attempts.len(), 1);
    assert!(report.records[2].attempts.is_empty());
    assert_eq!(report.records[2].outcome, Some(Outcome::Cancelled));
    assert!(report.records.iter().all(|r| r.ended.is_some()));
}

#[test]
fn a_failed_strategy_files_its_started_requests_as_network_errors() {
    let mut r = recorder(3);
    r.take(&start(0, 1.0), &quiet).unwrap();
    let error = FromWorker::Error {
        run: 7,
        message: "NameError: sem".into(),
    };
    assert_eq!(r.take(&error, &quiet), Ok(Took::Failed));
    assert_eq!(r.error(), Some("NameError: sem"));
    let report = r.finish(5.0, false);
    assert_eq!(report.counts.failed, 1);
    assert_eq!(report.counts.cancelled, 2);
    assert_eq!(
        report.swept, 2,
        "never started without a Cancel: the code broke"
    );
}

#[test]
fn a_late_runtime_moves_the_batch_start_only_before_any_request() {
    let mut r = recorder(2);
    r.restart_at(3_000.0);
    assert_eq!(r.began_ms(), 3_000.0);
    r.take(&start(0, 3_010.0), &quiet).unwrap();
    r.restart_at(4_000.0);
    let report = r.finish(3_100.0, true);
    assert_eq!(report.began_ms, 3_000.0);
    assert_eq!(report.records[1].queued, Some(3_000.0));
}

#[test]
fn the_worker_messages_parse_as_the_protocol_writes_them() {
    let status = FromWorker::parse(
        r#"{"type":"status","state":"loading","loaded":1024,"total":9600000,"what":"pyodide.asm.wasm"}"#,
    )
    .unwrap();
    assert!(matches!(
        status,
        FromWorker::Status(Status::Loading { loaded, total: Some(_), .. }) if loaded == 1024.0
    ));
    let ready = FromWorker::parse(r#"{"type":"status","state":"ready","ms":1770.5}"#).unwrap();
    assert_eq!(ready, FromWorker::Status(Status::Ready { ms: 1770.5 }));
    let end = FromWorker::parse(
        r#"{"type":"end","run":3,"i":0,"at":1.5,"outcome":{"kind":"http_error","status":500}}"#,
    )
    .unwrap();
    assert_eq!(end.run(), Some(3));
    let done = FromWorker::parse(
        r#"{"type":"done","run":3,"time_origin":1000.5,"resources":[{"name":"http://x/__sim/1","startTime":10,"workerStart":11,"requestStart":0,"responseStart":0,"responseEnd":60,"nextHopProtocol":"","initiatorType":"fetch"}]}"#,
    )
    .unwrap();
    let FromWorker::Done { resources, .. } = done else {
        panic!("a done message");
    };
    let entry = resources[0].clone().on_page_clock(500.0);
    assert_eq!(entry.timing.start, 510.0);
    assert_eq!(entry.timing.worker_start, 511.0);
    assert_eq!(entry.timing.request_start, 0.0, "hidden stays hidden");
    assert_eq!(entry.timing.response_end, 560.0);
    let start = FromWorker::parse(r#"{"type":"start","run":1,"i":4,"at":2.5}"#).unwrap();
    assert_eq!(
        start,
        FromWorker::Start {
            run: 1,
            i: 4,
            at: 2.5
        }
    );
    let error = FromWorker::parse(r#"{"type":"error","run":2,"message":"boom"}"#).unwrap();
    assert_eq!(error.run(), Some(2));
    let failed =
        FromWorker::parse(r#"{"type":"status","state":"failed","message":"no wasm"}"#).unwrap();
    assert_eq!(
        failed,
        FromWorker::Status(Status::Failed {
            message: "no wasm".into()
        })
    );
    // A message missing what its kind needs, or of no known kind, says which.
    let missing = FromWorker::parse(r#"{"type":"start","run":1}"#).unwrap_err();
    assert!(missing.contains("missing field `i`"), "{missing}");
    let no_outcome = FromWorker::parse(r#"{"type":"end","run":1,"i":0,"at":1}"#).unwrap_err();
    assert!(no_outcome.contains("`outcome`"), "{no_outcome}");
    let unknown = FromWorker::parse(r#"{"type":"hello","run":1}"#).unwrap_err();
    assert!(unknown.contains("hello"), "{unknown}");
    assert!(FromWorker::parse(r#"{"type":"status"}"#).is_err());
}

#[test]
fn the_run_message_is_the_protocols() {
    let urls = vec!["http://127.0.0.1:8080/__sim/1?delay=100".to_string()];
    let json = ToWorker::Run {
        run: 4,
        language: Language::JavaScript,
        script: Script::Strategy(Strategy::WorkerPool),
        urls: &urls,
        k: 5,
        timeout_ms: None,
        cpu_ms: 0,
        hold_ms: 0.0,
    }
    .to_json()
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["type"], "run");
    assert_eq!(v["language"], "javascript");
    assert_eq!(v["strategy"], "worker_pool");
    assert_eq!(v["urls"][0], urls[0]);
    assert_eq!(v["timeout_ms"], serde_json::Value::Null);
    assert_eq!(v["hold_ms"], 0.0);
    // A lesson's own script: `lesson/{name}`, with its hold.
    let lesson = ToWorker::Run {
        run: 5,
        language: Language::Python,
        script: Script::Lesson(LessonScript::HeldCoroutines),
        urls: &urls,
        k: 10,
        timeout_ms: Some(2_000.0),
        cpu_ms: 0,
        hold_ms: 1_000.0,
    };
    let v: serde_json::Value = serde_json::from_str(&lesson.to_json().unwrap()).unwrap();
    assert_eq!(v["strategy"], "lesson/held_coroutines");
    assert_eq!(v["hold_ms"], 1_000.0);
    assert_eq!(v["timeout_ms"], 2_000.0);
    let names: Vec<_> = LessonScript::ALL.iter().map(|l| l.name()).collect();
    assert_eq!(names, ["blocking", "held", "held_coroutines", "in_order"]);
    for l in LessonScript::ALL {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("public/lang/python/lessons/{}.py", l.name()));
        assert!(path.is_file(), "{}", path.display());
    }
    let cancel = ToWorker::Cancel { run: 4 }.to_json().unwrap();
    assert_eq!(cancel, r#"{"type":"cancel","run":4}"#);
}

#[test]
fn the_live_in_flight_trace_steps_at_the_records_times_not_at_arrival() {
    use crate::config::{Field, RawSettings};
    use crate::report::LiveRun;
    let mut raw = RawSettings::default();
    raw.set(Field::Requests, "3");
    raw.set(Field::Concurrency, "2");
    let settings = raw.validate().expect("valid settings");
    let live = RefCell::new(LiveRun::new(settings, 1_000.0));
    // Every message reaches the page at 5,000 ms (a busy page): the trace
    // must still step when the worker said each request started and ended.
    let arrived = 5_000.0;
    let feed = |e: Event<'_>| {
        let at = records::event_ms(&e).unwrap_or(arrived);
        live.borrow_mut().apply(&e, at);
    };
    let mut r = recorder(3);
    for message in [
        start(0, 1_010.0),
        start(1, 1_020.0),
        end(0, 1_110.0),
        start(2, 1_115.0),
        end(1, 1_130.0),
        end(2, 1_200.0),
    ] {
        r.take(&message, &feed).unwrap();
    }
    let report = r.finish(1_300.0, false);
    let trace = live.borrow().steps.trace(1_300.0);
    assert_eq!(
        trace,
        [
            (1_010.0, 1),
            (1_020.0, 2),
            (1_110.0, 1),
            (1_115.0, 2),
            (1_130.0, 1),
            (1_200.0, 0),
            (1_300.0, 0)
        ]
    );
    // The live peak is the filed run's.
    assert_eq!((live.borrow().steps.peak(), report.max_in_flight), (2, 2));
    // Each step is a record's start or end.
    let edges: Vec<f64> = report
        .records
        .iter()
        .flat_map(|rec| [rec.started, rec.ended])
        .flatten()
        .collect();
    assert!(
        trace[..6].iter().all(|(t, _)| edges.contains(t)),
        "{trace:?}"
    );
}
