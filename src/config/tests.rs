use super::*;
use crate::engine::Strategy;

mod fields;
mod guard;
mod messages;
mod shards;

fn with(pairs: &[(Field, &str)]) -> RawSettings {
    let mut raw = RawSettings::default();
    for (field, value) in pairs {
        raw.set(*field, *value);
    }
    raw
}

fn first_error(pairs: &[(Field, &str)]) -> ConfigError {
    match with(pairs).validate() {
        Err(errors) => errors[0].clone(),
        Ok(s) => panic!("{pairs:?} should be invalid, got {s:?}"),
    }
}

#[test]
fn defaults_are_valid_and_target_the_simulator() {
    let s = RawSettings::default().validate().expect("defaults valid");
    assert!(s.is_sim());
    assert_eq!((s.n, s.k, s.strategy), (20, 5, Strategy::JoinAllLimited));
    assert_eq!(s.run_options().timeout_ms, None);
    assert_eq!(s.run_options().rate_per_sec, None);
}

#[test]
fn every_value_reaches_its_own_setting() {
    use Field::*;
    let s = with(&[
        (Target, " https://example.com/items/{i}?x=1 "),
        (Requests, "30"),
        (Concurrency, "6"),
        (Strategy, "worker_pool"),
        (Delay, "50"),
        (Jitter, "5"),
        (FailRate, "12.5"),
        (Bytes, "1000"),
        (CpuMode, "workers"),
        (Timeout, "900"),
        (Deadline, "5000"),
        (Rate, "2.5"),
        (Retries, "3"),
        (Backoff, "250"),
        (Seed, "9007199254740991"),
    ])
    .validate()
    .expect("valid");
    let expected = Settings {
        target: "https://example.com/items/{i}?x=1".into(),
        n: 30,
        k: 6,
        shards: 1,
        strategy: crate::engine::Strategy::WorkerPool,
        language: crate::lang::Language::Rust,
        sim: crate::sim::SimParams {
            delay_ms: 50,
            jitter_ms: 5,
            fail_pct: 12.5,
            bytes: 1000,
        },
        cpu_ms: 0,
        cpu_mode: crate::config::CpuMode::Workers,
        timeout_ms: 900,
        deadline_ms: 5000,
        rate_per_sec: 2.5,
        retries: 3,
        backoff_ms: 250,
        seed: 9_007_199_254_740_991,
    };
    assert_eq!(s, expected);
    assert!(!s.is_sim());
    assert_eq!(s.run_options().timeout_ms, Some(900.0));
    assert_eq!(s.run_options().rate_per_sec, Some(2.5));
    assert_eq!(s.run_options().deadline_ms, Some(5000.0));
}

#[test]
fn every_bad_input_is_rejected_with_its_own_error() {
    use ConfigError::*;
    use Field::*;
    // Ranges are covered for every number field in `fields::`; these are the other rules.
    let cases: Vec<(Vec<(Field, &str)>, ConfigError)> = vec![
        (vec![(Requests, "2.5")], NotWhole(Requests, "2.5".into())),
        (vec![(Requests, " 2.5 ")], NotWhole(Requests, "2.5".into())),
        (vec![(Requests, "ten")], NotNumber(Requests, "ten".into())),
        (vec![(Requests, "")], Missing(Requests)),
        (vec![(Requests, "  ")], Missing(Requests)),
        (vec![(Requests, "NaN")], NotNumber(Requests, "NaN".into())),
        (vec![(Rate, "inf")], NotNumber(Rate, "inf".into())),
        (vec![(Requests, "10"), (Concurrency, "11")], KOverN(10)),
        (
            vec![(Delay, "100"), (Jitter, "101")],
            JitterOverDelay(101, 100),
        ),
        (
            vec![(Target, "ftp://x/{i}")],
            BadTarget("ftp://x/{i}".into()),
        ),
        (
            vec![(Target, "example.com/{i}")],
            BadTarget("example.com/{i}".into()),
        ),
        (
            vec![(Target, "//evil.example/{i}")],
            BadTarget("//evil.example/{i}".into()),
        ),
        (vec![(Target, "http://")], BadTarget("http://".into())),
        (vec![(Target, "http:///x")], BadTarget("http:///x".into())),
        (
            vec![(Target, "http://a b/{i}")],
            BadTarget("http://a b/{i}".into()),
        ),
        (vec![(Target, "")], BadTarget(String::new())),
        // Relative text other than the simulated server's would resolve
        // against wherever the page happens to be served.
        (vec![(Target, "delay/{i}")], BadTarget("delay/{i}".into())),
        (vec![(Target, "__sim")], BadTarget("__sim".into())),
        (vec![(Target, "__sim/ {i}")], BadTarget("__sim/ {i}".into())),
        (vec![(Target, "/api/{n}")], BadPlaceholder),
        (
            vec![(Strategy, "threads")],
            UnknownStrategy("threads".into()),
        ),
    ];
    for (pairs, expected) in cases {
        assert_eq!(first_error(&pairs), expected, "{pairs:?}");
    }
}

#[test]
fn all_problems_are_reported_together() {
    let errors = with(&[(Field::Requests, "x"), (Field::Delay, "-1")])
        .validate()
        .unwrap_err();
    assert_eq!(errors.len(), 2);
    let message = error_message(&errors);
    assert!(
        message.contains("Requests (N) must be a number"),
        "{message}"
    );
    assert!(message.contains("Server delay"), "{message}");
}

#[test]
fn url_template_numbers_requests_from_one_to_n() {
    let s = with(&[
        (Field::Target, "http://127.0.0.1:9/item/{i}?again={i}"),
        (Field::Requests, "3"),
        (Field::Concurrency, "2"),
    ])
    .validate()
    .unwrap();
    let urls: Vec<String> = (1..=s.n).map(|i| s.url_for(i)).collect();
    assert_eq!(
        urls,
        [
            "http://127.0.0.1:9/item/1?again=1",
            "http://127.0.0.1:9/item/2?again=2",
            "http://127.0.0.1:9/item/3?again=3"
        ]
    );
}

#[test]
fn url_parameters_fill_the_form_and_share_links_round_trip() {
    let raw = RawSettings::from_query(
        "?target=__sim%2Fx%2F%7Bi%7D&n=30&k=6&delay=50&jitter=5&fail=10&strategy=worker_pool&timeout=900&rate=40&unknown=1",
    );
    assert_eq!(raw.get(Field::Target), "__sim/x/{i}");
    assert_eq!(raw.get(Field::Requests), "30");
    assert_eq!(raw.get(Field::Strategy), "worker_pool");
    assert_eq!(raw.get(Field::Seed), "1", "absent parameters keep defaults");
    let s = raw.validate().unwrap();
    assert_eq!((s.n, s.k, s.timeout_ms), (30, 6, 900));
    assert_eq!(s.sim.fail_pct, 10.0);
    assert_eq!(RawSettings::from_query(&raw.to_query()), raw);
    assert_eq!(RawSettings::default().to_query(), "");
}

#[test]
fn the_simulated_server_is_relative_and_old_links_still_reach_it() {
    let s = RawSettings::default().validate().unwrap();
    assert_eq!(s.target, "__sim/{i}");
    // Left relative: the browser resolves it against the page's base.
    assert_eq!(s.url_for(3), "__sim/3");
    // A share link from before the move, and the same text typed in the form.
    let old = RawSettings::from_query("target=%2F__sim%2Fx%2F%7Bi%7D");
    assert_eq!(old.get(Field::Target), "__sim/x/{i}");
    let typed = with(&[(Field::Target, " /__sim/{i} ")]).validate().unwrap();
    assert!(typed.is_sim());
    assert_eq!(typed.url_for(2), "__sim/2");
    assert_eq!(typed.workload_key(), s.workload_key());
    // A path on this site is not the simulated server, even one that ends in it.
    let site = with(&[(Field::Target, "/api/__sim/{i}")])
        .validate()
        .unwrap();
    assert!(!site.is_sim());
    assert_eq!(site.url_for(1), "/api/__sim/1");
}

#[test]
fn invalid_url_parameters_are_kept_for_the_message() {
    let raw = RawSettings::from_query("n=abc&strategy=nope");
    assert_eq!(raw.get(Field::Requests), "abc");
    let errors = raw.validate().unwrap_err();
    assert_eq!(errors.len(), 2);
    // A malformed query leaves the defaults.
    assert_eq!(RawSettings::from_query("%%%"), RawSettings::default());
}

#[test]
fn workload_key_ignores_only_strategy_and_k() {
    let a = with(&[(Field::Strategy, "sequential"), (Field::Concurrency, "1")])
        .validate()
        .unwrap();
    let b = with(&[(Field::Strategy, "worker_pool"), (Field::Concurrency, "7")])
        .validate()
        .unwrap();
    let c = with(&[(Field::Delay, "101")]).validate().unwrap();
    assert_eq!(a.workload_key(), b.workload_key());
    assert_ne!(a.workload_key(), c.workload_key());
}

#[test]
fn a_simulated_server_target_with_its_own_query_or_fragment_is_refused() {
    for target in ["__sim/{i}?delay=5", "__sim/{i}#x", "/__sim/{i}?status=200"] {
        let errors = with(&[(Field::Target, target)])
            .validate()
            .expect_err(target);
        assert_eq!(errors, [ConfigError::SimQueryOrFragment], "{target}");
        assert_eq!(errors[0].field(), Field::Target);
        assert!(errors[0].to_string().contains("can't have its own ? or #"));
    }
    // A path of its own is fine, and so is a query on another server.
    assert!(with(&[(Field::Target, "__sim/a/{i}")]).validate().is_ok());
    assert!(with(&[(Field::Target, "/api/{i}?x=1#y")])
        .validate()
        .is_ok());
}

#[test]
fn a_placeholder_spelled_around_another_is_refused() {
    // `{sh{i}ard}` loses its `{i}` and leaves braces in every URL.
    let errors = with(&[(Field::Target, "http://localhost:9/{sh{i}ard}")])
        .validate()
        .expect_err("braces remain");
    assert_eq!(errors, [ConfigError::BadPlaceholder]);
}
