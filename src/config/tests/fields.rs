//! The table itself: contract names, ranges and the URL, for every row.
use super::*;

/// As typed into the form: `100000`, `-1`, `0.5`.
fn text(value: f64) -> String {
    value.to_string()
}

fn range(field: Field) -> Range {
    field.range().expect("a number field")
}

/// Settings in which any value within one field's range is valid: N at its
/// largest and k at its smallest, the delay at its largest and the jitter at
/// its smallest, so the rules between fields hold at every limit.
fn roomy() -> RawSettings {
    let (n, k) = (range(Field::Requests), range(Field::Concurrency));
    let (delay, jitter) = (range(Field::Delay), range(Field::Jitter));
    with(&[
        (Field::Requests, &text(n.max)),
        (Field::Concurrency, &text(k.min)),
        (Field::Delay, &text(delay.max)),
        (Field::Jitter, &text(jitter.min)),
        // Any number of shards is then fine.
        (
            Field::Target,
            "http://{shard}.localhost:18700/delay/1?i={i}",
        ),
    ])
}

#[test]
fn the_contract_names_are_in_the_table() {
    // (data-testid, URL parameter) as CONTRACT.md lists them.
    let contract = [
        ("target", "target"),
        ("shards", "shards"),
        ("requests", "n"),
        ("concurrency", "k"),
        ("delay", "delay"),
        ("jitter", "jitter"),
        ("fail-rate", "fail"),
        ("timeout", "timeout"),
        ("rate", "rate"),
        ("retries", "retries"),
        ("strategy", "strategy"),
    ];
    for (testid, param) in contract {
        let field = Field::from_param(param);
        assert_eq!(field.map(Field::testid), Some(testid), "{param}");
    }
}

#[test]
fn no_two_rows_share_a_name() {
    let names: [fn(&FieldSpec) -> &'static str; 3] = [|s| s.testid, |s| s.param, |s| s.label];
    for name in names {
        let mut seen: Vec<&str> = FIELDS.iter().map(name).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), Field::COUNT, "{seen:?}");
    }
}

#[test]
fn every_number_field_keeps_to_its_own_range() {
    use ConfigError::*;
    assert!(roomy().validate().is_ok());
    for spec in &FIELDS {
        let Kind::Number(r) = spec.kind else {
            continue;
        };
        let field = spec.field;
        let check = |value: &str| {
            let mut raw = roomy();
            raw.set(field, value);
            raw.validate().err().unwrap_or_default()
        };
        for ok in [r.min, r.max] {
            assert_eq!(check(&text(ok)), Vec::new(), "{field:?} = {ok}");
        }
        for bad in [r.min - 1.0, r.max + 1.0] {
            let expected = OutOfRange(field, r.min, r.max);
            assert_eq!(check(&text(bad)), [expected], "{field:?} = {bad}");
        }
        let fraction = text(r.min + 0.5);
        let expected: Vec<ConfigError> = if r.whole {
            vec![NotWhole(field, fraction.clone())]
        } else {
            vec![]
        };
        assert_eq!(check(&fraction), expected, "{field:?} = {fraction}");
    }
}

#[test]
fn every_field_survives_a_share_link() {
    let mut all = RawSettings::default();
    for spec in &FIELDS {
        let value = match spec.kind {
            Kind::Text => "https://example.com/a b/{i}?x=1&y=ü".to_string(),
            Kind::Strategy => "worker_pool".to_string(),
            Kind::Language => "python".to_string(),
            Kind::Choice(ids) => ids.last().map(|id| id.to_string()).unwrap_or_default(),
            Kind::Number(r) => text(r.max),
        };
        assert_ne!(
            value, spec.default,
            "{:?} needs a value other than its default",
            spec.field
        );
        let mut raw = RawSettings::default();
        raw.set(spec.field, value.as_str());
        let query = raw.to_query();
        let expected = serde_urlencoded::to_string([(spec.param, value.as_str())]);
        assert_eq!(Ok(query.clone()), expected, "{:?}", spec.field);
        assert_eq!(RawSettings::from_query(&query), raw, "{query}");
        all.set(spec.field, value);
    }
    assert_eq!(RawSettings::from_query(&all.to_query()), all);
}

#[test]
fn the_rate_field_stops_at_the_rate_the_page_holds() {
    assert!(with(&[(Field::Rate, "500")]).validate().is_ok());
    let errors = with(&[(Field::Rate, "1000")])
        .validate()
        .expect_err("1,000/s is more than the page can hold");
    assert_eq!(
        errors,
        vec![ConfigError::OutOfRange(Field::Rate, 0.0, 500.0)]
    );
}

#[test]
fn the_first_screen_holds_the_four_the_issue_names_the_language_and_the_fold_reports_the_rest() {
    let first: Vec<&str> = Field::ALL
        .into_iter()
        .filter(|f| f.first_screen())
        .map(|f| f.testid())
        .collect();
    // The language sits beside the strategy: which code runs is a first choice.
    assert_eq!(
        first,
        ["target", "requests", "concurrency", "strategy", "language"]
    );
    assert!(RawSettings::default().changed_folded().is_empty());
    // A first-screen change is on screen already; folded ones are reported.
    let raw = with(&[
        (Field::Requests, "50"),
        (Field::Delay, " 300 "),
        (Field::Seed, "7"),
        (Field::Jitter, " 0 "),
    ]);
    assert_eq!(raw.changed_folded(), [Field::Delay, Field::Seed]);
    assert!(raw.changed(Field::Requests) && !raw.changed(Field::Jitter));
}
