//! Shards: one server under H host names, so the browser opens H pools of 6.
use super::*;
use crate::config::host::Host;
use guard::page;

fn sharded(target: &str, shards: &str) -> Result<Settings, Vec<ConfigError>> {
    with(&[(Field::Target, target), (Field::Shards, shards)]).validate()
}

#[test]
fn requests_take_the_shards_in_turn() {
    let s = sharded("http://{shard}.localhost:18700/delay/500?i={i}", "4").expect("valid");
    let urls: Vec<String> = (1..=6).map(|i| s.url_for(i)).collect();
    assert_eq!(
        urls,
        [
            "http://1.localhost:18700/delay/500?i=1",
            "http://2.localhost:18700/delay/500?i=2",
            "http://3.localhost:18700/delay/500?i=3",
            "http://4.localhost:18700/delay/500?i=4",
            "http://1.localhost:18700/delay/500?i=5",
            "http://2.localhost:18700/delay/500?i=6",
        ]
    );
    assert_eq!(s.host_names(), 4);
}

#[test]
fn one_shard_is_fine_with_or_without_the_placeholder() {
    let s = sharded("http://{shard}.localhost:18700/delay/5?i={i}", "1").expect("valid");
    assert_eq!(s.url_for(7), "http://1.localhost:18700/delay/5?i=7");
    assert_eq!(s.host_names(), 1);
    let plain = sharded("http://localhost:18700/delay/5?i={i}", "1").expect("valid");
    assert_eq!(plain.url_for(2), "http://localhost:18700/delay/5?i=2");
}

#[test]
fn several_shards_without_the_placeholder_say_how_to_fix_it() {
    let errors = sharded("http://localhost:18700/delay/5?i={i}", "4").expect_err("no {shard}");
    assert_eq!(errors, [ConfigError::ShardsWithoutPlaceholder(4)]);
    assert_eq!(errors[0].field(), Field::Shards);
    assert!(errors[0].to_string().contains("{shard}"));
    for bad in ["0", "17", "2.5", ""] {
        let errors = sharded("http://{shard}.localhost/{i}", bad).expect_err(bad);
        assert!(
            errors.iter().all(|e| e.field() == Field::Shards),
            "{bad}: {errors:?}"
        );
    }
    // Other braces are still refused.
    let errors = sharded("http://{host}.localhost/{i}", "1").expect_err("unknown placeholder");
    assert_eq!(errors, [ConfigError::BadPlaceholder]);
}

#[test]
fn shards_travel_in_share_links_and_their_names_are_loopback() {
    let raw = with(&[
        (
            Field::Target,
            "http://{shard}.localhost:18700/delay/500?i={i}",
        ),
        (Field::Shards, "4"),
    ]);
    let query = raw.to_query();
    assert!(query.contains("shards=4"), "{query}");
    assert_eq!(RawSettings::from_query(&query), raw);
    let s = raw.validate_with(&page()).expect("valid");
    assert_eq!(raw.guard(&page()), Ok(Host::Loopback));
    assert_eq!(s.host_names(), 4);
    let foreign = with(&[
        (Field::Target, "http://{shard}.example.com/{i}"),
        (Field::Shards, "3"),
    ]);
    assert_eq!(
        foreign.guard(&page()),
        Ok(Host::Foreign(
            "1.example.com, 2.example.com, 3.example.com".into()
        ))
    );
}

#[test]
fn runs_with_other_shard_counts_are_other_workloads() {
    let target = "http://{shard}.localhost:18700/delay/5?i={i}";
    let one = sharded(target, "1").expect("valid");
    let four = sharded(target, "4").expect("valid");
    assert_ne!(one.workload_key(), four.workload_key());
}

#[test]
fn shard_outside_the_host_name_is_refused_with_the_rule() {
    for target in [
        "http://localhost:18700/{shard}/{i}",
        "http://localhost:18700/delay/5?i={i}&s={shard}",
        "http://localhost:1870{shard}/{i}",
        "http://{shard}.localhost:18700/{shard}",
    ] {
        let raw = with(&[(Field::Target, target), (Field::Shards, "4")]);
        let errors = raw.validate_with(&guard::page()).expect_err(target);
        assert_eq!(errors, [ConfigError::ShardOutsideHost], "{target}");
        assert_eq!(errors[0].field(), Field::Target);
        assert!(
            errors[0]
                .to_string()
                .contains("{shard} may only be part of the host name"),
            "{}",
            errors[0]
        );
    }
}

#[test]
fn shard_in_an_ip_address_is_in_the_host_name() {
    let raw = with(&[
        (Field::Target, "http://127.0.0.{shard}:18700/{i}"),
        (Field::Shards, "3"),
    ]);
    let s = raw.validate_with(&guard::page()).expect("valid");
    assert_eq!(s.host_names(), 3);
    assert_eq!(s.url_for(3), "http://127.0.0.3:18700/3");
}
