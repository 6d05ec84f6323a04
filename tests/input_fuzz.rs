//! Whatever arrives in a link (query or results fragment) or a file, the page
//! answers with settings, runs, or a message, never a panic.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use fetch_playground::config::{ConfigError, Field, RawSettings};
use fetch_playground::engine::replay::replay_blocking;
use fetch_playground::engine::RunReport;
use fetch_playground::report::export::{ImportError, RunProblem};
use fetch_playground::report::permalink::OpenError;
use fetch_playground::report::{export, permalink, Ideal, RunResult, ServerTimes};
use proptest::prelude::*;
use std::sync::Arc;

/// Results links as the page packs and opens them, with miniz_oxide's raw
/// deflate in place of the browser's own streams.
mod links {
    use super::*;
    use futures::FutureExt;
    use permalink::{Link, LinkError};
    use std::future::ready;

    fn deflate(bytes: Vec<u8>) -> std::future::Ready<Result<Vec<u8>, String>> {
        ready(Ok(miniz_oxide::deflate::compress_to_vec(&bytes, 9)))
    }

    pub fn decode(fragment: &str) -> Option<Result<Vec<export::Imported>, OpenError>> {
        let inflate = |bytes: Vec<u8>, limit| {
            ready(
                miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, limit)
                    .map_err(|e| e.to_string()),
            )
        };
        permalink::decode(fragment, inflate)
            .now_or_never()
            .expect("ready")
    }

    pub fn encode(runs: &[Arc<RunResult>], date: &str) -> Result<Link, LinkError> {
        permalink::encode(runs, date, deflate)
            .now_or_never()
            .expect("ready")
    }

    pub fn fragment(runs: &[Arc<RunResult>], date: &str, ms: f64) -> Result<String, LinkError> {
        let json = permalink::json_at(runs, date, ms)?;
        Ok(permalink::fragment_of(
            &miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9),
        ))
    }
}

/// Query strings built from the real parameter names and hostile values.
fn query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("n"),
        Just("k"),
        Just("delay"),
        Just("jitter"),
        Just("fail"),
        Just("strategy"),
        Just("timeout"),
        Just("deadline"),
        Just("rate"),
        Just("retries"),
        Just("backoff"),
        Just("bytes"),
        Just("seed"),
        Just("target"),
        Just("zzz"),
    ];
    let value = prop_oneof![
        "[0-9]{0,25}",
        "-?[0-9]{1,6}\\.[0-9]{0,4}",
        ".{0,30}",
        Just("NaN".to_string()),
        Just("1e400".to_string()),
        Just("%FF%FE".to_string()),
        Just("http://{i}".to_string()),
    ];
    proptest::collection::vec((key, value), 0..12).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_query_gives_settings_or_messages(q in query(), raw in ".{0,80}") {
        for text in [q, raw] {
            match RawSettings::from_query(&text).validate() {
                Ok(s) => prop_assert!(s.n >= 1 && s.k >= 1 && s.k <= s.n),
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    for e in errors {
                        // Every message names the input it is about.
                        prop_assert!(e.to_string().contains(e.field().label().split(' ').next().unwrap_or("")));
                    }
                }
            }
        }
    }

    #[test]
    fn any_text_as_a_file_is_refused_as_not_an_export(text in ".{0,200}", cut in 0usize..2000) {
        // Random text is never JSON shaped like an export.
        let refused = export::from_json(&text).err();
        prop_assert!(matches!(refused, Some(ImportError::NotAnExport(_))), "{refused:?}");
        // A real export, cut short anywhere: refused as unfinished JSON, not a panic.
        prop_assert!(export::from_json(GOOD).is_ok());
        let cut = cut.min(GOOD.len() - 1);
        let refused = export::from_json(&GOOD[..cut]).err();
        prop_assert!(
            matches!(&refused, Some(ImportError::NotAnExport(why)) if why.contains("EOF")),
            "cut at {cut}: {refused:?}"
        );
        if let Some(e) = refused {
            prop_assert!(e.to_string().starts_with(NOT_AN_EXPORT));
        }
    }

    #[test]
    fn a_file_with_one_rule_broken_is_refused_naming_that_rule(
        (file, want) in broken(),
    ) {
        let got = export::from_json(&file.to_string()).err();
        prop_assert_eq!(got, Some(want));
    }

    #[test]
    fn an_accepted_file_round_trips_unchanged(runs in proptest::collection::vec(recorded(), 1..5)) {
        let runs: Vec<Arc<RunResult>> = runs
            .into_iter()
            .enumerate()
            .map(|(i, (query, report, ideal))| {
                let settings = RawSettings::from_query(&query).validate().expect("valid");
                let mut run = RunResult::new(i + 1, query, settings, report);
                // Later runs were measured by the first: a reference to carry.
                run.set_ideal(Ideal { from: if i > 0 && ideal.ms > 1.0 { ServerTimes::MeasuredIn(1) } else { ServerTimes::Draws }, ..ideal });
                Arc::new(run)
            })
            .collect();
        let first = export::to_json(&runs, "2026-11-23").expect("json");
        let read = |text: &str| -> Vec<Arc<RunResult>> {
            let imported = export::from_json(text).expect("accepted");
            // As the page files them, in a fresh history: ids 1, 2, …
            let (runs, next) = export::renumber(imported, 1).expect("ids fit");
            assert_eq!(next, runs.len() + 1);
            runs.into_iter().map(Arc::new).collect()
        };
        let second = export::to_json(&read(&first), "2027-01-01").expect("json");
        // The only change: each run now says when it was recorded.
        let mut want: serde_json::Value = serde_json::from_str(&first).expect("json");
        want["exported_on"] = "2027-01-01".into();
        for run in want["runs"].as_array_mut().expect("runs") {
            run["recorded_on"] = "2026-11-23".into();
        }
        let got: serde_json::Value = serde_json::from_str(&second).expect("json");
        prop_assert_eq!(got, want);
        // And from then on, byte for byte.
        let third = export::to_json(&read(&second), "2027-01-01").expect("json");
        prop_assert_eq!(&third, &second);
        // A results link too, once opened (its times rounded, its runs recorded).
        let open = |link: &str| -> Vec<Arc<RunResult>> {
            let opened = links::decode(link).expect("a link").expect("opens");
            opened.into_iter().map(|i| Arc::new(i.run)).collect()
        };
        let link = |runs: &[Arc<RunResult>]| links::fragment(runs, "2026-11-23", 1.0).expect("link");
        let once = open(&link(&runs[..1]));
        let twice = open(&link(&once));
        prop_assert_eq!(&once[0].report, &twice[0].report);
        prop_assert_eq!(link(&twice), link(&once));
    }

    #[test]
    fn any_fragment_opens_or_is_refused_naming_the_rule(
        tail in "[A-Za-z0-9_=-]{0,300}",
        junk in ".{0,60}",
        flip in 0usize..4000,
    ) {
        // Not a results link at all: ignored, so the page opens as usual.
        let not_a_link = links::decode(&format!("#{junk}")).is_none();
        prop_assert!(not_a_link || junk.starts_with("runs="));
        for fragment in [format!("#runs={tail}"), format!("runs={junk}")] {
            if let Some(Err(m)) = links::decode(&fragment) {
                // Far below a link's size bound, and never more runs than it holds.
                prop_assert!(matches!(m, OpenError::Damaged(_) | OpenError::Runs(_)), "{m}");
                if let OpenError::Damaged(_) = m {
                    prop_assert!(m.to_string().starts_with(DAMAGED));
                }
            }
        }
        // A real link with one character changed or cut short: it opens, or says it is damaged.
        let good = export::from_json(GOOD).expect("a good export");
        let runs: Vec<_> = good.into_iter().map(|i| Arc::new(i.run)).collect();
        let link = links::encode(&runs, "2026-11-23").expect("fits").fragment;
        let at = flip % link.len();
        let mut bytes = link.into_bytes();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).expect("ascii");
        for text in [&changed[..], &changed[..at]] {
            if let Some(Err(m)) = links::decode(text) {
                prop_assert!(matches!(m, OpenError::Damaged(_) | OpenError::Runs(_)), "{m}");
            }
        }
    }
}

const NOT_AN_EXPORT: &str = "This is not a fetch-playground export (Export JSON writes them): ";
const DAMAGED: &str = "This results link is damaged (";

/// `GOOD` changed by `change`.
fn with(change: impl FnOnce(&mut serde_json::Value)) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(GOOD).expect("json");
    change(&mut v);
    v
}

/// One rule of the file format broken in `GOOD`, with the refusal it must get.
fn broken() -> impl Strategy<Value = (serde_json::Value, ImportError)> {
    let run1 = |problem| ImportError::BadRun { id: 1, problem };
    let n = (2usize..200_000).prop_map(move |n| {
        let want = if n > 100_000 {
            run1(RunProblem::TooManyRequests(n))
        } else {
            run1(RunProblem::RecordCount { records: 1, n })
        };
        (
            with(move |v: &mut serde_json::Value| v["runs"][0]["report"]["n"] = n.into()),
            want,
        )
    });
    let index = (2usize..1_000_000).prop_map(move |i| {
        (
            with(move |v: &mut serde_json::Value| {
                v["runs"][0]["report"]["records"][0]["index"] = i.into()
            }),
            run1(RunProblem::OutOfOrder(1)),
        )
    });
    let counts = (2usize..1000).prop_map(move |ok| {
        (
            with(move |v: &mut serde_json::Value| {
                v["runs"][0]["report"]["counts"]["ok"] = ok.into()
            }),
            run1(RunProblem::Counts),
        )
    });
    let schema = (2u32..u32::MAX).prop_map(|s| {
        (
            with(move |v: &mut serde_json::Value| v["schema"] = s.into()),
            ImportError::Schema(s),
        )
    });
    let twice = any::<usize>().prop_map(|id| {
        (
            with(move |v: &mut serde_json::Value| {
                v["runs"][0]["id"] = id.into();
                let copy = v["runs"][0].clone();
                v["runs"].as_array_mut().expect("runs").push(copy);
            }),
            ImportError::TwoRunsNumbered(id),
        )
    });
    let ended = (0.0f64..5.0).prop_map(move |t| {
        (
            with(move |v: &mut serde_json::Value| {
                v["runs"][0]["report"]["records"][0]["attempts"][0]["started"] = (t + 5.5).into();
            }),
            run1(RunProblem::BadTimes),
        )
    });
    let retries = (2usize..=11).prop_map(move |n| {
        (
            with(move |v: &mut serde_json::Value| {
                let a = v["runs"][0]["report"]["records"][0]["attempts"][0].clone();
                v["runs"][0]["report"]["records"][0]["attempts"] = vec![a; n].into();
            }),
            run1(RunProblem::AttemptsOverRetries {
                attempts: n,
                request: 1,
                retries: 0,
            }),
        )
    });
    let query = "[a-z]{1,8}".prop_map(|bad| {
        (
            with({
                let bad = bad.clone();
                move |v: &mut serde_json::Value| {
                    v["runs"][0]["query"] = format!("n={bad}&k=1").into()
                }
            }),
            ImportError::Rejected {
                id: 1,
                errors: vec![ConfigError::NotNumber(Field::Requests, bad)],
            },
        )
    });
    let runs = (501usize..700).prop_map(|n| {
        (
            with(move |v: &mut serde_json::Value| {
                let one = v["runs"][0].clone();
                v["runs"] = (0..n)
                    .map(|i| {
                        let mut r = one.clone();
                        r["id"] = i.into();
                        r
                    })
                    .collect();
            }),
            ImportError::TooManyRuns(n),
        )
    });
    prop_oneof![n, index, counts, schema, twice, ended, retries, query, runs]
}

/// A run as the page records it: a replay of random settings on the simulated
/// server, with its ideal.
fn recorded() -> impl Strategy<Value = (String, RunReport, Ideal)> {
    let strategy = prop_oneof![
        Just("sequential"),
        Just("join_all"),
        Just("join_all_limited"),
        Just("buffer_unordered"),
        Just("worker_pool"),
    ];
    (
        strategy,
        1usize..25,
        1usize..25,
        0u32..50,
        0u32..60,
        0u32..3,
        any::<u32>(),
    )
        .prop_map(|(strategy, n, k, jitter, fail, retries, seed)| {
            let mut raw = RawSettings::default();
            raw.set(Field::Strategy, strategy);
            raw.set(Field::Requests, n.to_string());
            raw.set(Field::Concurrency, k.min(n).to_string());
            raw.set(Field::Jitter, jitter.to_string());
            raw.set(Field::FailRate, fail.to_string());
            raw.set(Field::Retries, retries.to_string());
            raw.set(Field::Seed, seed.to_string());
            let settings = raw.validate().expect("valid");
            let script = settings.sim.script(settings.seed);
            let mut report = replay_blocking(settings.strategy, &settings.run_options(), script)
                .expect("replays");
            for rec in &mut report.records {
                rec.url = settings.url_for(rec.index);
            }
            let ideal = Ideal {
                ms: report.wall_ms,
                sequential_ms: report.wall_ms * 2.0,
                from: ServerTimes::Draws,
            };
            (raw.to_query(), report, ideal)
        })
}

/// A one-request export, as the page writes it.
const GOOD: &str = r#"{"schema":1,"exported_on":"2026-11-23","runs":[{"id":1,"query":"n=1&k=1","report":{"strategy":"join_all_limited","n":1,"concurrency":1,"began_ms":0.0,"wall_ms":5.0,"max_in_flight":1,"counts":{"ok":1,"failed":0,"cancelled":0},"cancelled_by_user":false,"swept":0,"records":[{"index":1,"url":"/__sim/1","queued":0.0,"started":0.0,"ended":5.0,"outcome":{"kind":"ok","status":200,"bytes":1},"attempts":[{"started":0.0,"ended":5.0,"outcome":{"kind":"ok","status":200,"bytes":1}}]}]}}]}"#;
