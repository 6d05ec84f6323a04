use super::*;
use crate::config::Field;
use crate::engine::{Attempt, Polls, Record, RunPolls, Strategy};
use crate::report::ServerTimes;

fn run(id: usize) -> Arc<RunResult> {
    let mut raw = RawSettings::default();
    raw.set(Field::Requests, "3");
    raw.set(Field::Concurrency, "2");
    let settings = raw.validate().expect("valid");
    let mut records: Vec<Record> = (1..=3)
        .map(|i| Record::new(i, settings.url_for(i)))
        .collect();
    for (i, r) in records.iter_mut().enumerate().take(2) {
        let start = 10.0 + i as f64;
        r.queued = Some(10.0);
        r.started = Some(start);
        r.ended = Some(start + 100.0);
        r.attempts.push(Attempt {
            started: start,
            ended: start + 100.0,
            outcome: Outcome::NetworkError {
                message: "Failed to fetch, \"refused\"".into(),
            },
            timing: None,
        });
        r.outcome = Some(r.attempts[0].outcome.clone());
    }
    records[2].queued = Some(10.0);
    records[2].outcome = Some(Outcome::Cancelled);
    records[0].polls = Polls {
        polls: 3,
        wasted: 1,
        wakes: 2,
        wait_us: 1_500,
        busy_us: 250,
    };
    let report = RunReport {
        strategy: Strategy::WorkerPool,
        n: 3,
        concurrency: 2,
        began_ms: 10.0,
        wall_ms: 101.0,
        max_in_flight: 2,
        counts: count(&records),
        cancelled_by_user: true,
        swept: 0,
        records,
        polls: Some(RunPolls {
            top: Polls {
                polls: 5,
                wakes: 4,
                ..Polls::default()
            },
            in_hold: None,
        }),
        experiment: None,
    };
    let mut run = RunResult::new(id, raw.to_query(), settings, report);
    run.set_ideal(Ideal {
        ms: 100.0,
        sequential_ms: 300.0,
        from: ServerTimes::Draws,
    });
    Arc::new(run)
}

#[test]
fn an_export_reads_back_as_the_same_runs_marked_recorded() {
    let runs = vec![run(4), run(5)];
    let json = to_json(&runs, "2026-11-23").expect("json");
    let back = from_json(&json).expect("reads back");
    assert_eq!(back.len(), 2);
    let first = &back[0].run;
    assert_eq!(back[0].file_id, 4);
    assert_eq!(first.report, runs[0].report);
    assert_eq!(first.settings, runs[0].settings);
    assert_eq!(first.latency, runs[0].latency);
    assert_eq!(first.ideal_ms(), Some(100.0));
    assert_eq!(first.recorded_on.as_deref(), Some("2026-11-23"));
    // Exported again, it keeps the date it was recorded on.
    let again = to_json(
        &[Arc::new(back.into_iter().next().expect("one").run)],
        "2027-01-01",
    )
    .expect("json");
    assert_eq!(
        from_json(&again).expect("reads")[0]
            .run
            .recorded_on
            .as_deref(),
        Some("2026-11-23")
    );
}

#[test]
fn a_worker_runs_language_travels_in_its_own_optional_field() {
    let rust = to_json(&[run(1)], "2026-12-02").expect("json");
    assert!(
        !rust.contains("\"language\""),
        "Rust runs write no language"
    );
    let mut python = (*run(2)).clone();
    python.settings.language = crate::lang::Language::Python;
    let json = to_json(&[Arc::new(python)], "2026-12-02").expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["runs"][0]["language"], "python");
    assert_eq!(v["schema"], 2, "an optional field: no new schema");
    let back = from_json(&json).expect("reads back");
    assert_eq!(back[0].run.language(), crate::lang::Language::Python);
    assert!(back[0].run.title().ends_with(" · Python"));
    // A file from before languages reads as Rust.
    let back = from_json(&rust).expect("reads back");
    assert_eq!(back[0].run.language(), crate::lang::Language::Rust);
}

#[test]
fn handler_spans_travel_in_an_optional_field_and_old_files_have_none() {
    let plain = to_json(&[run(1)], "2026-12-02").expect("json");
    assert!(!plain.contains("\"handlers\""), "no CPU work, no spans");
    assert_eq!(from_json(&plain).expect("reads back")[0].run.handlers, None);
    let mut cpu = (*run(2)).clone();
    cpu.handlers = Some(vec![Some((20.5, 70.5)), None, Some((21.0, 71.25))]);
    let json = to_json(&[Arc::new(cpu.clone())], "2026-12-02").expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["schema"], 2, "an optional field: no new schema");
    assert_eq!(v["runs"][0]["handlers"][1], serde_json::Value::Null);
    let back = from_json(&json).expect("reads back");
    assert_eq!(back[0].run.handlers, cpu.handlers);
    // Spans that do not match the run's N are dropped, not misdrawn.
    let mut short: serde_json::Value = serde_json::from_str(&json).expect("json");
    short["runs"][0]["handlers"] = serde_json::json!([[1.0, 2.0]]);
    let short = short.to_string();
    assert_eq!(from_json(&short).expect("reads back")[0].run.handlers, None);
}

/// A bad file, words its refusal must hold, and the error it must be.
type Case = (String, &'static str, fn(&ImportError) -> bool);

#[test]
fn a_bad_file_gets_a_message_that_says_what_is_wrong() {
    let good = to_json(&[run(1)], "2026-11-23").expect("json");
    let cases: Vec<Case> = vec![
        ("not json".into(), "not a fetch-playground export", |e| {
            matches!(e, ImportError::NotAnExport(_))
        }),
        ("{}".into(), "not a fetch-playground export", |e| {
            matches!(e, ImportError::NotAnExport(_))
        }),
        (
            good.replace("\"schema\": 2", "\"schema\": 3"),
            "schema 3; this page reads schemas 1 to 2",
            |e| matches!(e, ImportError::Schema(3)),
        ),
        (
            good.replace("\"schema\": 2,", ""),
            "no export schema version",
            |e| matches!(e, ImportError::NoSchema),
        ),
        (r#"{"schema":1,"runs":[]}"#.into(), "holds no runs", |e| {
            matches!(e, ImportError::NoRuns)
        }),
        (
            to_json(&[run(3), run(3)], "x").expect("json"),
            "two runs numbered #3",
            |e| matches!(e, ImportError::TwoRunsNumbered(3)),
        ),
        (
            good.replace("\"n\": 3", "\"n\": 4"),
            "has 3 records for 4 requests",
            |e| {
                matches!(
                    e,
                    ImportError::BadRun {
                        id: 1,
                        problem: RunProblem::RecordCount { records: 3, n: 4 }
                    }
                )
            },
        ),
        (
            good.replace("\"index\": 2", "\"index\": 7"),
            "request 2 out of order",
            |e| {
                matches!(
                    e,
                    ImportError::BadRun {
                        id: 1,
                        problem: RunProblem::OutOfOrder(2)
                    }
                )
            },
        ),
        (
            good.replace("\"failed\": 2", "\"failed\": 1"),
            "counts that don't match",
            |e| {
                matches!(
                    e,
                    ImportError::BadRun {
                        id: 1,
                        problem: RunProblem::Counts
                    }
                )
            },
        ),
        (
            good.replace("n=3&k=2", "n=abc&k=2"),
            "settings this page rejects",
            |e| matches!(e, ImportError::Rejected { id: 1, .. }),
        ),
        (
            good.replace("\"ended\": 110.0", "\"ended\": 1.0"),
            "end before they start",
            |e| {
                matches!(
                    e,
                    ImportError::BadRun {
                        id: 1,
                        problem: RunProblem::BadTimes
                    }
                )
            },
        ),
    ];
    assert_refused(cases);
}

/// Each file is refused with its error, in words holding `want`.
fn assert_refused(cases: Vec<Case>) {
    for (text, want, kind) in cases {
        match from_json(&text) {
            Err(e) => {
                assert!(kind(&e), "{want}: {e:?}");
                assert!(e.to_string().contains(want), "{want}: {e}");
            }
            Ok(_) => panic!("accepted a bad file: {want}"),
        }
    }
}

#[test]
fn csv_has_one_line_per_attempt_and_every_request() {
    let text = csv(&[run(7)]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], CSV_HEADER);
    // Two attempts, and the request that never started.
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[1],
        "7,worker_pool,2,1,1,__sim/1,0.000,0.000,100.000,100.000,network_error,,,\"Failed to fetch, \"\"refused\"\"\",3,1,2,1.500,0.250"
    );
    assert_eq!(
        lines[3],
        "7,worker_pool,2,3,,__sim/3,0.000,,,,cancelled,,,,0,0,0,0.000,0.000"
    );
    // Quoted commas aside, every line has the header's 19 cells.
    for line in &lines[..] {
        let unquoted = line.split('"').step_by(2).collect::<String>();
        assert_eq!(unquoted.matches(',').count(), 18, "{line}");
    }
    // A run whose polls were not counted leaves their cells empty.
    let mut uncounted = (*run(8)).clone();
    uncounted.report.polls = None;
    let text = csv(&[Arc::new(uncounted)]);
    assert!(text.lines().skip(1).all(|l| l.ends_with(",,,,")), "{text}");
}

#[test]
fn an_import_over_a_bound_is_refused_with_the_bound_in_words() {
    // 20,000 empty runs fit in about 100 KB; 501 tiny ones are already too many.
    let many: Vec<_> = (1..=MAX_RUNS + 1).map(run).collect();
    let text = to_json(&many, "x").expect("json");
    let refused = from_json(&text).err().expect("refused");
    assert_eq!(refused, ImportError::TooManyRuns(501));
    assert_eq!(
        refused.to_string(),
        "This file holds 501 runs; an import holds at most 500."
    );
    let fine: Vec<_> = (1..=MAX_RUNS).map(run).collect();
    assert_eq!(
        from_json(&to_json(&fine, "x").expect("json")).map(|r| r.len()),
        Ok(MAX_RUNS)
    );

    let good = to_json(&[run(1)], "2026-11-23").expect("json");
    let attempts = |n: usize| {
        edit(&good, |report| {
            let one = report["records"][0]["attempts"][0].clone();
            report["records"][0]["attempts"] = vec![one; n].into();
        })
    };
    let cases: Vec<Case> = vec![
        // No records, but a query whose N the page would replay.
        (
            edit(&good, |report| {
                report["n"] = 0.into();
                report["records"] = serde_json::json!([]);
                report["counts"] = serde_json::json!({"ok": 0, "failed": 0, "cancelled": 0});
            }),
            "has 0 requests but its settings say n=3",
            |e| {
                matches!(
                    e,
                    ImportError::BadRun {
                        id: 1,
                        problem: RunProblem::NOverSettings {
                            n: 0,
                            settings_n: 3
                        }
                    }
                )
            },
        ),
        (
            good.replace("\"n\": 3", "\"n\": 100001"),
            "has 100001 requests; a run holds at most 100000",
            |e| {
                matches!(
                    e,
                    ImportError::BadRun {
                        id: 1,
                        problem: RunProblem::TooManyRequests(100001)
                    }
                )
            },
        ),
        (
            attempts(12),
            "has 12 attempts for request 1; a request makes at most 11",
            |e| {
                matches!(
                    e,
                    ImportError::BadRun {
                        id: 1,
                        problem: RunProblem::TooManyAttempts {
                            attempts: 12,
                            request: 1
                        }
                    }
                )
            },
        ),
        (
            attempts(2),
            "has 2 attempts for request 1 but its settings allow retries=0",
            |e| {
                matches!(
                    e,
                    ImportError::BadRun {
                        id: 1,
                        problem: RunProblem::AttemptsOverRetries {
                            attempts: 2,
                            request: 1,
                            retries: 0
                        }
                    }
                )
            },
        ),
    ];
    assert_refused(cases);
}

#[test]
fn the_bounds_are_the_forms_own_maxima() {
    let max = |f: Field| match f.spec().kind {
        crate::config::Kind::Number(r) => r.max as usize,
        _ => panic!("a number field"),
    };
    assert_eq!(MAX_REQUESTS, max(Field::Requests));
    assert_eq!(MAX_ATTEMPTS, max(Field::Retries) + 1);
}

/// `good` with its first run's report changed by `change`.
fn edit(good: &str, change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(good).expect("json");
    change(&mut v["runs"][0]["report"]);
    v.to_string()
}

#[test]
fn a_schema_1_file_reads_with_no_counts_and_unknown_optional_fields_are_ignored() {
    let good = to_json(&[run(1)], "2026-11-23").expect("json");
    assert!(
        good.contains("\"polls\": [\n"),
        "records carry their counts"
    );
    // What schema 1 wrote: no counts anywhere.
    let mut old: serde_json::Value = serde_json::from_str(&good).expect("json");
    old["schema"] = 1.into();
    let report = &mut old["runs"][0]["report"];
    report.as_object_mut().expect("object").remove("polls");
    for rec in report["records"].as_array_mut().expect("records") {
        rec.as_object_mut().expect("object").remove("polls");
    }
    let back = from_json(&old.to_string()).expect("schema 1 reads");
    assert_eq!(back[0].run.report.polls, None);
    assert!(back[0].run.report.records.iter().all(|r| r.polls.is_zero()));
    // A field a later page adds (a run's language, say) is optional: this page reads past it.
    let mut newer: serde_json::Value = serde_json::from_str(&good).expect("json");
    newer["runs"][0]["language"] = "python".into();
    newer["runs"][0]["report"]["records"][0]["language"] = "python".into();
    let back = from_json(&newer.to_string()).expect("reads");
    assert_eq!(back[0].run.report, run(1).report);
}
