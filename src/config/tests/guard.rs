//! The host guard, with the `url` crate (WHATWG URL) standing in for the
//! browser's parser; tests/web.rs runs the same table through the browser's.
use super::*;
use crate::config::host::{classify, Host, Page, ParsedUrl, UrlParser};

include!("odd_targets.rs");

/// What the `url` crate makes of `input` against `base`, in the fields the browser's `URL` has.
fn native(base: &url::Url, input: &str) -> Option<ParsedUrl> {
    let url = url::Url::options().base_url(Some(base)).parse(input).ok()?;
    Some(ParsedUrl {
        scheme: url.scheme().to_string(),
        host: url.host_str().unwrap_or_default().to_string(),
        port: url.port().map(|p| p.to_string()).unwrap_or_default(),
        origin: url.origin().ascii_serialization(),
    })
}

/// The table's page, read natively.
pub(super) fn page() -> Page<impl UrlParser> {
    let base = url::Url::parse(ODD_PAGE_BASE).expect("base parses");
    Page {
        origin: ODD_PAGE_ORIGIN.to_string(),
        urls: move |input: &str| native(&base, input),
    }
}

#[test]
fn odd_spellings_of_a_target_are_classified_as_the_url_parser_reads_them() {
    let page = page();
    let wrong: Vec<String> = odd_targets()
        .into_iter()
        .filter_map(|row| {
            let got = classify(row.target, row.shards, &page);
            (got != row.want).then(|| {
                format!(
                    "{}: {:?} gave {got:?}, want {:?}",
                    row.name, row.target, row.want
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn someone_elses_server_gets_at_most_1000_requests_at_10_per_second() {
    use crate::config::host::polite_errors;
    let mut raw = RawSettings::default();
    raw.set(Field::Target, "https://example.com/{i}");
    raw.set(Field::Requests, "1000");
    raw.set(Field::Rate, "10");
    assert_eq!(raw.guard(&page()), Ok(Host::Foreign("example.com".into())));
    let polite = raw.validate_with(&page()).expect("valid");
    assert!(polite_errors(&polite).is_empty());
    raw.set(Field::Requests, "1001");
    raw.set(Field::Rate, "0");
    let errors = polite_errors(&raw.validate().expect("valid"));
    assert_eq!(
        errors,
        vec![ConfigError::PoliteRequests, ConfigError::PoliteRate]
    );
    assert_eq!(errors[0].field(), Field::Requests);
    assert_eq!(errors[1].field(), Field::Rate);
    assert!(errors.iter().all(ConfigError::is_polite_cap));
    assert!(errors[0].to_string().contains("I run this server"));
    raw.set(Field::Rate, "10.5");
    assert_eq!(polite_errors(&raw.validate().expect("valid")).len(), 2);
}

#[test]
fn a_target_the_parser_cannot_read_is_refused_with_its_text() {
    let raw = with(&[(Field::Target, "http://[::1/{i}")]);
    // Plain validation sees an http:// prefix and would let it through.
    assert!(raw.validate().is_ok());
    let errors = raw.validate_with(&page()).expect_err("unreadable");
    assert_eq!(
        errors,
        [ConfigError::UnreadableTarget("http://[::1/1".into())]
    );
    assert_eq!(errors[0].field(), Field::Target);
    assert!(errors[0].to_string().contains("http://[::1/1"));
}

#[test]
fn index_in_the_host_is_refused_because_one_check_must_cover_every_request() {
    for target in ["http://{i}.evil.example/x", "http://localhost:80{i}/x"] {
        let errors = with(&[(Field::Target, target)])
            .validate_with(&page())
            .expect_err(target);
        assert_eq!(errors, [ConfigError::IndexInHost], "{target}");
        let message = errors[0].to_string();
        assert!(message.contains("same server"), "{message}");
    }
}

#[test]
fn the_guard_adds_its_refusal_to_the_other_errors_once() {
    let raw = with(&[
        (Field::Target, "http://{i}.evil.example/x"),
        (Field::Requests, "ten"),
    ]);
    let errors = raw.validate_with(&page()).expect_err("two problems");
    assert_eq!(
        errors,
        [
            ConfigError::NotNumber(Field::Requests, "ten".into()),
            ConfigError::IndexInHost
        ]
    );
    // A target validation already refuses gets only that message.
    let raw = with(&[(Field::Target, "http://{i}.evil.example/{n}")]);
    assert_eq!(
        raw.validate_with(&page()),
        Err(vec![ConfigError::BadPlaceholder])
    );
}

#[test]
fn the_guard_reads_the_simulated_server_the_way_old_links_spell_it() {
    // `/__sim/…` is read as the relative `__sim/…`, as validation reads it.
    let raw = with(&[(Field::Target, " /__sim/{i} ")]);
    assert_eq!(raw.guard(&page()), Ok(Host::ThisOrigin));
    assert!(raw.validate_with(&page()).is_ok());
}

/// Rows whose spelling validation refuses on its own (a `\\` or `http:` that
/// is not `http://`, whitespace). The guard still reads them: the banner
/// follows the text as typed, while the error says what to fix.
const REFUSED_BEFORE_THE_GUARD: [&str; 8] = [
    "two backslashes are //",
    "backslashes after the scheme",
    "three slashes",
    "a tab in the scheme",
    "a newline in the host",
    "a newline before a foreign label",
    "{i} after an unslashed scheme",
    "{i} after an unslashed scheme of another",
];

#[test]
fn every_other_odd_target_runs_or_is_refused_by_the_guard_alone() {
    for row in odd_targets() {
        let shards = row.shards.to_string();
        let raw = with(&[(Field::Target, row.target), (Field::Shards, &shards)]);
        if REFUSED_BEFORE_THE_GUARD.contains(&row.name) {
            assert!(raw.validate().is_err(), "{}: {:?}", row.name, row.target);
            continue;
        }
        let checked = raw.validate_with(&page());
        match row.want {
            Ok(_) => assert!(checked.is_ok(), "{}: {checked:?}", row.name),
            Err(e) => assert_eq!(checked, Err(vec![e]), "{}", row.name),
        }
    }
}
