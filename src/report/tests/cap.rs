//! The connection cap against a real server: measured from the protocol, or
//! inferred from the waves when the server hides its phases; the ideal
//! replayed through the same pool; and the sentence only when the cap bound.
use super::super::connections::{replay_blocking, Basis, Pool};
use super::super::*;
use crate::config::{Field, RawSettings};
use crate::engine::{Outcome, Timing};

const TARGET: &str = "http://127.0.0.1:9/delay?i={i}";

fn settings(target: &str, strategy: Strategy, n: usize, k: usize, rate: u32) -> Settings {
    let mut raw = RawSettings::default();
    raw.set(Field::Target, target);
    raw.set(Field::Strategy, strategy.id());
    raw.set(Field::Requests, n.to_string());
    raw.set(Field::Concurrency, k.to_string());
    raw.set(Field::Rate, rate.to_string());
    raw.validate().expect("valid settings")
}

fn ok() -> Outcome {
    Outcome::Ok {
        status: 200,
        bytes: 4,
    }
}

/// What the browser's entry says of an attempt that took `server` ms on the
/// wire at its end: `protocol`, or nothing (hidden phases) when `None`.
fn timing(started: f64, ended: f64, server: f64, protocol: Option<&str>) -> Box<Timing> {
    Box::new(match protocol {
        Some(p) => Timing {
            start: started + 0.1,
            worker_start: 0.0,
            request_start: ended - server,
            response_start: ended - 0.5,
            response_end: ended,
            protocol: p.into(),
        },
        None => Timing {
            start: started + 0.1,
            response_end: ended,
            ..Timing::default()
        },
    })
}

/// A run of `s` whose records are the replay of its strategy against a
/// server answering `latency(i)` ms, behind `pool`; each attempt carries
/// the entry `protocol` gives (`None`: hidden phases).
fn run_of(
    s: Settings,
    latency: impl Fn(usize) -> f64,
    pool: Option<Pool>,
    protocol: Option<&str>,
) -> RunResult {
    let mut report = replay_blocking(
        s.strategy,
        &s.run_options(),
        |i, _| (latency(i), ok()),
        pool,
    )
    .expect("no stall");
    for r in &mut report.records {
        let server = latency(r.index);
        for a in &mut r.attempts {
            a.timing = Some(timing(a.started, a.ended, server, protocol));
        }
    }
    RunResult::new(1, String::new(), s, report)
}

fn six(hosts: usize) -> Option<Pool> {
    Some(Pool {
        per_host: 6,
        hosts,
        basis: Basis::Protocol,
    })
}

#[test]
fn hidden_phases_infer_six_connections_from_the_completion_waves() {
    // The run: 60 × 200 ms, join_all_limited k=20, a server without
    // Timing-Allow-Origin; Chromium answered 6 at a time.
    let s = settings(TARGET, Strategy::JoinAllLimited, 60, 20, 0);
    let mut run = run_of(s, |_| 200.0, six(1), None);
    assert!(run.phases_hidden());
    assert_eq!((run.report.wall_ms, run.in_flight_per_host()), (2000.0, 20));
    assert_eq!(
        run.connections(),
        Some(Pool {
            per_host: 6,
            hosts: 1,
            basis: Basis::Inferred
        })
    );
    assert_eq!(run.browser_cap(), Some(6));
    // The ideal through the same 6 is the wall; without them it would be 600 ms.
    let opts = run.settings.run_options();
    let ideal = |pool| {
        replay_blocking(Strategy::JoinAllLimited, &opts, |_, _| (200.0, ok()), pool)
            .expect("no stall")
            .wall_ms
    };
    assert_eq!((ideal(run.connections()), ideal(None)), (2000.0, 600.0));
    assert!(run.set_ideal(Ideal {
        ms: 2000.0,
        sequential_ms: 12_000.0,
        from: ServerTimes::MeasuredIn(2),
    }));
    let verdict = run.verdict(&[]);
    assert!(
        verdict
            .contains("Completions came in waves of 6 per host (inferred from this run's records"),
        "{verdict}"
    );
    assert!(
        verdict.contains("though up to 20 were in flight to one: as Chromium's 6 HTTP/1.1 connections per host allow"),
        "{verdict}"
    );
    assert!(
        verdict.contains("⌈60 ÷ 6⌉ = 10 waves × 200 ms ≈ 2.00 s, against a wall of 2.00 s."),
        "{verdict}"
    );
    assert!(
        verdict.contains("the ideal for the server times run #2 measured, through 6 connections per host is 2.00 s, and it reached it"),
        "{verdict}"
    );
    assert!(
        !verdict.contains("the rest was overhead"),
        "the cap is not overhead: {verdict}"
    );
}

#[test]
fn a_jittery_server_without_a_cap_shows_no_waves() {
    // 60 at once, answers spread over 100–300 ms: no gap, no waves, no cap.
    let s = settings(TARGET, Strategy::JoinAll, 60, 60, 0);
    let run = run_of(s, |i| 100.0 + (i * 37 % 200) as f64, None, None);
    assert!(run.phases_hidden());
    assert_eq!(run.in_flight_per_host(), 60);
    assert_eq!((run.connections(), run.browser_cap()), (None, None));
    assert!(!run.verdict(&[]).contains("waves"), "{}", run.verdict(&[]));
}

#[test]
fn a_paced_run_one_after_another_shows_no_waves() {
    // 5 starts/s, 205 ms each: two overlap for 5 ms, yet nothing waited.
    let s = settings(TARGET, Strategy::JoinAll, 20, 20, 5);
    let run = run_of(s, |_| 205.0, None, None);
    assert_eq!(run.in_flight_per_host(), 2);
    assert_eq!(run.connections(), None);
}

#[test]
fn join_all_paced_to_one_in_flight_is_not_told_it_waited_in_the_browser() {
    // join_all of 100 at 5 starts/s against HTTP/1.1: 150 ms each, at most 1 in flight.
    let s = settings(TARGET, Strategy::JoinAll, 100, 100, 5);
    let run = run_of(s, |_| 150.0, six(1), Some("http/1.1"));
    assert_eq!(run.report.concurrency, 100, "the strategy allowed 100");
    assert_eq!(run.in_flight_per_host(), 1);
    assert_eq!(run.browser_cap(), None);
    let verdict = run.verdict(&[]);
    assert!(!verdict.contains("inside the browser"), "{verdict}");
    assert!(!verdict.contains("HTTP/1.1"), "{verdict}");
}

#[test]
fn a_measured_http1_host_names_the_cap_with_its_arithmetic() {
    // join_all of 24 × 500 ms to one HTTP/1.1 host: 4 waves of 6.
    let s = settings(TARGET, Strategy::JoinAll, 24, 24, 0);
    let run = run_of(s, |_| 500.0, six(1), Some("http/1.1"));
    assert_eq!(run.connections(), six(1));
    assert_eq!(run.browser_cap(), Some(6));
    assert_eq!(run.measured_server_ms(), Some(500.0));
    let verdict = run.verdict(&[]);
    assert!(
        verdict.contains("at most 6 HTTP/1.1 connections per host, and up to 24 were in flight to one, so the rest waited inside the browser. ⌈24 ÷ 6⌉ = 4 waves × 500 ms ≈ 2.00 s, against a wall of 2.00 s."),
        "{verdict}"
    );
    // The same over HTTP/2: no such cap, and the ideal has no pool.
    let s = settings(TARGET, Strategy::JoinAll, 24, 24, 0);
    let h2 = run_of(s, |_| 500.0, None, Some("h2"));
    assert_eq!((h2.connections(), h2.browser_cap()), (None, None));
}

#[test]
fn the_pooled_replay_gives_each_host_name_its_own_connections() {
    let sharded = "http://{shard}.localhost:9/delay?i={i}";
    let mut s = settings(sharded, Strategy::JoinAll, 24, 24, 0);
    s.shards = 4;
    let opts = s.run_options();
    let wall = |pool| {
        replay_blocking(Strategy::JoinAll, &opts, |_, _| (500.0, ok()), pool)
            .expect("no stall")
            .wall_ms
    };
    assert_eq!(wall(six(1)), 2000.0);
    assert_eq!(wall(six(4)), 500.0);
    assert_eq!(wall(None), 500.0);
    // 24 over 4 names is 6 each: measured HTTP/1.1, yet the cap never bound.
    let run = run_of(s.clone(), |_| 500.0, six(4), Some("http/1.1"));
    assert_eq!((run.in_flight_per_host(), run.browser_cap()), (6, None));
    // Over 2 names, 12 each: 12 answered at once, in 2 waves.
    s.shards = 2;
    let run = run_of(s, |_| 500.0, six(2), Some("http/1.1"));
    assert_eq!(
        (run.in_flight_per_host(), run.browser_cap()),
        (12, Some(12))
    );
    assert!(
        run.verdict(&[])
            .contains("per host name, 12 over these 2 names"),
        "{}",
        run.verdict(&[])
    );
}

#[test]
fn the_simulated_server_has_no_connection_pool() {
    let mut raw = RawSettings::default();
    raw.set(Field::Strategy, "join_all");
    raw.set(Field::Requests, "24");
    let s = raw.validate().expect("valid settings");
    let run = run_of(s, |_| 500.0, None, None);
    assert_eq!(run.connections(), None);
}

#[test]
fn http2_has_no_six_per_host_cap_and_its_stream_limit_is_read_from_the_waves() {
    // join_all of 24 × 500 ms over HTTP/2 to a server allowing 6 streams: 4 waves of 6.
    let s = settings(TARGET, Strategy::JoinAll, 24, 24, 0);
    let run = run_of(s, |_| 500.0, six(1), Some("h2"));
    assert_eq!(
        run.connections(),
        Some(Pool {
            per_host: 6,
            hosts: 1,
            basis: Basis::Http2Waves
        })
    );
    assert_eq!(run.browser_cap(), Some(6));
    let verdict = run.verdict(&[]);
    assert!(
        verdict.contains("Over HTTP/2 the browser's 6-per-host cap does not apply: one connection carries every request, but this server lets at most 6 streams run at once per connection, inferred from this run's completion waves, and up to 24 were in flight to one host"),
        "{verdict}"
    );
    assert!(
        verdict.contains("⌈24 ÷ 6⌉ = 4 waves × 500 ms ≈ 2.00 s"),
        "{verdict}"
    );
    assert!(
        verdict.contains("in the browser, for a free HTTP/2 stream (the server's stream limit), not for one of 6 connections"),
        "Little's law knows HTTP/2: {verdict}"
    );
    assert!(!verdict.contains("HTTP/1.1 connections"), "{verdict}");
}

#[test]
fn an_announced_stream_limit_is_the_cap_when_it_binds_and_is_named_when_it_does_not() {
    let limit = |per_host| {
        Some(Pool {
            per_host,
            hosts: 1,
            basis: Basis::Protocol,
        })
    };
    let s = settings(TARGET, Strategy::JoinAll, 24, 24, 0);
    let mut run = run_of(s.clone(), |_| 500.0, limit(10), Some("h2"));
    run.announced_streams = Some(10);
    assert_eq!(
        run.connections(),
        Some(Pool {
            per_host: 10,
            hosts: 1,
            basis: Basis::Http2Announced
        })
    );
    assert_eq!(run.browser_cap(), Some(10));
    let verdict = run.verdict(&[]);
    assert!(verdict.contains("at most 10 streams run at once per connection, as the server announced (SETTINGS_MAX_CONCURRENT_STREAMS)"), "{verdict}");
    assert!(verdict.contains("⌈24 ÷ 10⌉ = 3 waves"), "{verdict}");
    // Within the limit (k = 10 here), nothing binds and the verdict says why.
    let k10 = settings(TARGET, Strategy::JoinAllLimited, 24, 10, 0);
    let mut run = run_of(k10, |_| 500.0, limit(10), Some("h2"));
    run.announced_streams = Some(10);
    assert_eq!(run.browser_cap(), None);
    let verdict = run.verdict(&[]);
    assert!(verdict.contains("Measured over HTTP/2 (h2): one connection per host name carried up to 10 requests at once, within the server's limit of 10 streams, with no 6-per-host cap."), "{verdict}");
    // No limit at all: one wave.
    let mut run = run_of(s, |_| 500.0, None, Some("h2"));
    run.announced_streams = None;
    assert_eq!(run.browser_cap(), None);
    assert!(run
        .verdict(&[])
        .contains("carried up to 24 requests at once, with no 6-per-host cap."));
}

#[test]
fn network_errors_over_https_to_this_machine_say_to_accept_the_certificate() {
    let s = settings(
        "https://localhost:18702/delay/500?i={i}",
        Strategy::JoinAll,
        3,
        3,
        0,
    );
    let refused = Outcome::NetworkError {
        message: "Failed to fetch".into(),
    };
    let report = replay_blocking(
        s.strategy,
        &s.run_options(),
        |_, _| (5.0, refused.clone()),
        None,
    )
    .expect("no stall");
    let run = RunResult::new(1, String::new(), s, report);
    let verdict = run.verdict(&[]);
    assert!(verdict.contains("3 of 3 requests failed"), "{verdict}");
    assert!(
        verdict
            .contains("open https://localhost:18702/hello once in a tab, accept the certificate"),
        "{verdict}"
    );
    // Plain http to the same machine: no certificate involved.
    let s = settings(
        "http://localhost:18700/delay/500?i={i}",
        Strategy::JoinAll,
        3,
        3,
        0,
    );
    let report = replay_blocking(
        s.strategy,
        &s.run_options(),
        |_, _| (5.0, refused.clone()),
        None,
    )
    .expect("no stall");
    let run = RunResult::new(1, String::new(), s, report);
    assert!(!run.verdict(&[]).contains("certificate"));
}
