//! What the user reads: each error's text, the input it marks, and the per-field note.
use super::*;
use crate::lang::{Language, Unsupported};
use ConfigError::*;

/// Every variant, the input it marks, and its text exactly (the e2e tests match on these).
fn every_error() -> Vec<(ConfigError, Field, &'static str)> {
    vec![
        (Missing(Field::Requests), Field::Requests, "Requests (N) is required."),
        (
            NotNumber(Field::Requests, "ten".into()),
            Field::Requests,
            "Requests (N) must be a number, not “ten”.",
        ),
        (
            NotWhole(Field::Retries, "2.5".into()),
            Field::Retries,
            "Retries must be a whole number, not “2.5”.",
        ),
        (
            OutOfRange(Field::FailRate, 0.0, 100.0),
            Field::FailRate,
            "HTTP 500 rate (%) must be between 0 and 100.",
        ),
        (
            KOverN(10),
            Field::Concurrency,
            "Concurrency limit (k) must be between 1 and N (10).",
        ),
        (
            JitterOverDelay(101, 100),
            Field::Jitter,
            "Jitter (101 ms) can't be larger than the delay (100 ms).",
        ),
        (
            BadTarget("ftp://x".into()),
            Field::Target,
            "Target must start with http://, https://, / (a path on this site) or __sim/ (the built-in simulated server), not “ftp://x”.",
        ),
        (
            BadPlaceholder,
            Field::Target,
            "Target may only use {i} (it becomes 1..=N) and {shard} (1..=H) as placeholders.",
        ),
        (
            UnreadableTarget("http://[::1/1".into()),
            Field::Target,
            "Target “http://[::1/1” is not an http(s) address the browser can read: check the host name, the port and any [ ].",
        ),
        (
            IndexInHost,
            Field::Target,
            "Target: {i} can't be in the host name or the port: every request must go to the same server, so that one check covers them all. Put {i} in the path or the query.",
        ),
        (
            ShardOutsideHost,
            Field::Target,
            "Target: {shard} may only be part of the host name, as in http://{shard}.localhost:18700/delay/500?i={i}: it names one of H host names for one server. Number paths with {i}.",
        ),
        (
            SimQueryOrFragment,
            Field::Target,
            "Target: the simulated server's address can't have its own ? or # part, because the page adds each request's draw (?delay=…&status=…&bytes=…) itself. Set the delay and the other draws in the form.",
        ),
        (
            ShardsWithoutPlaceholder(4),
            Field::Shards,
            "Shards: 4 host names need {shard} in the target's host name, e.g. http://{shard}.localhost:18700/delay/500?i={i}; or set Shards to 1.",
        ),
        (
            UnknownStrategy("threads".into()),
            Field::Strategy,
            "Strategy “threads” is unknown: use sequential, join_all, join_all_limited, buffer_unordered or worker_pool.",
        ),
        (
            UnknownLanguage("go".into()),
            Field::Language,
            "Language “go” is unknown: use rust, python or javascript.",
        ),
        (
            NotInLanguage(Language::Python, Unsupported::Retries),
            Field::Retries,
            "Retries: Python's short code does not do it; set Retries to 0, or choose Rust, which does. Nothing ran.",
        ),
        (
            NotInLanguage(Language::JavaScript, Unsupported::RateLimit),
            Field::Rate,
            "Max starts/s (the rate limit): JavaScript's short code does not do it; set Max starts/s to 0, or choose Rust, which does. Nothing ran.",
        ),
        (
            NotInLanguage(Language::Python, Unsupported::Deadline),
            Field::Deadline,
            "Deadline per request: Python's short code does not do it; set the deadline to 0, or choose Rust, which does. Nothing ran.",
        ),
        (
            NotInLanguage(Language::Python, Unsupported::Hold),
            Field::Language,
            "Language: Python's short code does not do lesson 002's hold (futures held before they are polled); run it in Rust, or choose Rust, which does. Nothing ran.",
        ),
        (
            NotInLanguage(Language::JavaScript, Unsupported::CpuWorkers),
            Field::CpuMode,
            "CPU mode “workers”: JavaScript's short code does not do it; choose CPU mode “main” (its CPU work already runs in the language's own worker), or choose Rust, which does. Nothing ran.",
        ),
        (
            UnknownChoice(Field::CpuMode, "threads".into()),
            Field::CpuMode,
            "CPU mode “threads” is unknown: use main or workers.",
        ),
    ]
}

#[test]
fn each_error_marks_its_input_and_keeps_its_text() {
    for (error, field, text) in every_error() {
        assert_eq!(error.field(), field, "{error:?}");
        assert_eq!(error.to_string(), text);
        // The message opens with the input's name, so it reads right next to it too.
        let name = field.label().split(' ').next().unwrap_or_default();
        assert!(text.starts_with(name), "{text} should start with {name}");
    }
}

#[test]
fn range_messages_name_the_label_and_the_limits() {
    for spec in &FIELDS {
        let Some(r) = spec.field.range() else {
            continue;
        };
        let message = OutOfRange(spec.field, r.min, r.max).to_string();
        assert!(message.starts_with(spec.label), "{message}");
        assert!(
            message.contains(&format!(" {} and {}.", r.min, r.max)),
            "{message}"
        );
    }
    // k's lower limit is written in its message, not read from its row.
    let k = Field::Concurrency.range().expect("k is a number");
    let message = KOverN(3).to_string();
    assert!(
        message.contains(&format!("between {} and N", k.min)),
        "{message}"
    );
}

#[test]
fn the_unknown_strategy_message_lists_every_strategy() {
    let message = UnknownStrategy("x".into()).to_string();
    for s in crate::engine::Strategy::ALL {
        assert!(message.contains(s.id()), "{message} misses {}", s.id());
    }
}

#[test]
fn each_input_gets_only_its_own_messages() {
    let errors = with(&[
        (Field::Requests, "x"),
        (Field::Delay, "100"),
        (Field::Jitter, "101"),
        (Field::Target, "/a/{n}"),
    ])
    .validate()
    .unwrap_err();
    let note = |field| messages_for(&errors, field);
    assert_eq!(
        note(Field::Requests).as_deref(),
        Some("Requests (N) must be a number, not “x”.")
    );
    assert!(note(Field::Jitter).is_some_and(|m| m.starts_with("Jitter (101 ms)")));
    assert!(note(Field::Target).is_some_and(|m| m.contains("{i}")));
    for quiet in [Field::Delay, Field::Concurrency, Field::Strategy] {
        assert_eq!(note(quiet), None, "{quiet:?}");
    }
    // The one `error` line still holds them all, in order.
    let notes: Vec<String> = [Field::Requests, Field::Jitter, Field::Target]
        .into_iter()
        .filter_map(note)
        .collect();
    assert_eq!(error_message(&errors), notes.join(" "));
}

#[test]
fn a_worker_language_refuses_what_its_short_code_does_not_do() {
    let errors = with(&[
        (Field::Language, "python"),
        (Field::Retries, "1"),
        (Field::Rate, "10"),
    ])
    .validate()
    .unwrap_err();
    assert_eq!(
        errors,
        [
            NotInLanguage(Language::Python, Unsupported::Retries),
            NotInLanguage(Language::Python, Unsupported::RateLimit),
        ]
    );
    assert!(messages_for(&errors, Field::Retries).is_some_and(|m| m.starts_with("Retries:")));
    // The same settings in Rust run, and each worker language runs the plain ones.
    let rust = with(&[(Field::Retries, "1"), (Field::Rate, "10")]).validate();
    assert!(rust.is_ok());
    for id in ["python", "javascript"] {
        let s = with(&[
            (Field::Language, id),
            (Field::Timeout, "500"),
            (Field::CpuMs, "5"),
        ])
        .validate()
        .expect("timeout and CPU work run in every language");
        assert_eq!(s.language.id(), id);
    }
    let unknown = with(&[(Field::Language, "go")]).validate().unwrap_err();
    assert_eq!(unknown, [UnknownLanguage("go".into())]);
}

#[test]
fn workers_mode_runs_in_rust_and_is_refused_by_name_elsewhere() {
    let rust = with(&[(Field::CpuMs, "50"), (Field::CpuMode, "workers")])
        .validate()
        .expect("Rust runs the CPU work in the pool");
    assert_eq!(rust.cpu_mode, crate::config::CpuMode::Workers);
    assert!(rust.asks().cpu_workers);
    assert_ne!(
        rust.workload_key(),
        Settings {
            cpu_mode: crate::config::CpuMode::Main,
            ..rust.clone()
        }
        .workload_key()
    );
    for (id, language) in [
        ("python", Language::Python),
        ("javascript", Language::JavaScript),
    ] {
        let errors = with(&[(Field::Language, id), (Field::CpuMode, "workers")])
            .validate()
            .unwrap_err();
        assert_eq!(errors, [NotInLanguage(language, Unsupported::CpuWorkers)]);
        assert!(messages_for(&errors, Field::CpuMode)
            .is_some_and(|m| m.starts_with("CPU mode “workers”:")));
    }
    let main = with(&[(Field::Language, "python"), (Field::CpuMode, "main")]).validate();
    assert!(main.is_ok_and(|s| !s.asks().cpu_workers));
    let unknown = with(&[(Field::CpuMode, " threads ")])
        .validate()
        .unwrap_err();
    assert_eq!(unknown, [UnknownChoice(Field::CpuMode, "threads".into())]);
    // A link carries it by its own key, and only when it is not the default.
    let raw = RawSettings::from_query("cpu=50&cpu_mode=workers");
    assert_eq!(raw.get(Field::CpuMode), "workers");
    assert_eq!(raw.to_query(), "cpu=50&cpu_mode=workers");
    assert_eq!(with(&[(Field::CpuMode, "main")]).to_query(), "");
}
