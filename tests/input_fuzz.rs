//! Whatever arrives in a link (query or results fragment) or a file, the page
//! answers with settings, runs, or a message, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use fetch_playground::config::RawSettings;
use fetch_playground::report::{export, permalink};
use proptest::prelude::*;

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
    fn any_file_imports_or_is_refused_with_a_message(text in ".{0,200}", cut in 0usize..2000) {
        prop_assert!(export::from_json(&text).err().is_none_or(|m| !m.is_empty()));
        // A real export, cut short anywhere: refused, not a panic.
        let good = GOOD;
        prop_assert!(export::from_json(good).is_ok());
        let cut = cut.min(good.len());
        if cut < good.len() {
            let refused = export::from_json(&good[..cut]);
            prop_assert!(refused.is_err());
            prop_assert!(refused.err().is_some_and(|m| !m.is_empty()));
        }
    }

    #[test]
    fn any_fragment_opens_or_is_refused_with_a_message(
        tail in "[A-Za-z0-9_=-]{0,300}",
        junk in ".{0,60}",
        flip in 0usize..4000,
    ) {
        // Not a results link at all: ignored, so the page opens as usual.
        let not_a_link = permalink::decode(&format!("#{junk}")).is_none();
        prop_assert!(not_a_link || junk.starts_with("runs="));
        for fragment in [format!("#runs={tail}"), format!("runs={junk}")] {
            if let Some(Err(message)) = permalink::decode(&fragment) {
                prop_assert!(!message.is_empty());
            }
        }
        // A real link with one character changed or cut short: it opens, or says it is damaged.
        let good = export::from_json(GOOD).expect("a good export");
        let runs: Vec<_> = good.into_iter().map(|i| std::sync::Arc::new(i.run)).collect();
        let link = permalink::encode(&runs, "2026-11-23").expect("fits").fragment;
        let at = flip % link.len();
        let mut bytes = link.into_bytes();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).expect("ascii");
        if let Some(Err(message)) = permalink::decode(&changed) {
            prop_assert!(!message.is_empty());
        }
        if let Some(Err(message)) = permalink::decode(&changed[..at]) {
            prop_assert!(!message.is_empty());
        }
    }
}

/// A one-request export, as the page writes it.
const GOOD: &str = r#"{"schema":1,"exported_on":"2026-11-23","runs":[{"id":1,"query":"n=1&k=1","report":{"strategy":"join_all_limited","n":1,"concurrency":1,"began_ms":0.0,"wall_ms":5.0,"max_in_flight":1,"counts":{"ok":1,"failed":0,"cancelled":0},"cancelled_by_user":false,"swept":0,"records":[{"index":1,"url":"/__sim/1","queued":0.0,"started":0.0,"ended":5.0,"outcome":{"kind":"ok","status":200,"bytes":1},"attempts":[{"started":0.0,"ended":5.0,"outcome":{"kind":"ok","status":200,"bytes":1}}]}]}}]}"#;
