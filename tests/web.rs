//! Browser tests: the fetch layer's five outcomes produced for real, the
//! engine's cancel aborting real fetches, timers, and the app mounted in a page.
//! `cargo xtask test` starts the loopback server these URLs point at; to run
//! them by hand, start it with `cargo xtask test-server`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use fetch_playground::browser::clock::{live_timers, now_ms};
use fetch_playground::browser::{fetch_with, BrowserClock, BrowserRequester};
use fetch_playground::config::{Field, RawSettings};
use fetch_playground::engine::{self, CancelToken, Clock, Outcome, Strategy};
use futures::future::join;
use futures::FutureExt;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The test server: `WASM_TEST_PORT` in xtask/src/server.rs. A constant, because
/// the test runs in a browser and cannot read the environment.
const SERVER: &str = "http://127.0.0.1:18617";
/// Nothing listens here (xtask checks): `CLOSED_PORT` in xtask/src/server.rs.
const CLOSED_URL: &str = "http://127.0.0.1:18618/";

#[wasm_bindgen_test]
async fn ok_reads_the_whole_body() {
    let t = fetch_with(&format!("{SERVER}/bytes/1234"), None, &CancelToken::new()).await;
    assert_eq!(
        t.outcome,
        Outcome::Ok {
            status: 200,
            bytes: 1234
        },
        "is the test server up at {SERVER}? (cargo xtask test-server)"
    );
    assert!(t.ended >= t.started);
}

#[wasm_bindgen_test]
async fn http_500_is_an_http_error() {
    let t = fetch_with(&format!("{SERVER}/status/500"), None, &CancelToken::new()).await;
    assert_eq!(t.outcome, Outcome::HttpError { status: 500 });
    let t = fetch_with(&format!("{SERVER}/status/404"), None, &CancelToken::new()).await;
    assert_eq!(t.outcome, Outcome::HttpError { status: 404 });
}

#[wasm_bindgen_test]
async fn closed_port_is_a_network_error_with_a_cors_hint() {
    let t = fetch_with(CLOSED_URL, None, &CancelToken::new()).await;
    match t.outcome {
        Outcome::NetworkError { message } => {
            assert!(message.contains("Failed to fetch"), "{message}");
            assert!(message.contains("CORS"), "{message}");
        }
        other => panic!("expected a network error, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn slow_answer_times_out_at_the_deadline() {
    let t = fetch_with(
        &format!("{SERVER}/delay/3000"),
        Some(200.0),
        &CancelToken::new(),
    )
    .await;
    assert_eq!(t.outcome, Outcome::Timeout);
    let took = t.ended - t.started;
    // Generous bounds: a shared 2-core machine.
    assert!((190.0..1500.0).contains(&took), "took {took} ms");
}

#[wasm_bindgen_test]
async fn timeout_ends_a_fetch_whose_body_is_still_arriving() {
    let url = format!("{SERVER}/drip/3000");
    // First: the headers come at once, so a later end is an end mid-body.
    let controller = web_sys::AbortController::new().unwrap();
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let window = web_sys::window().unwrap();
    let asked = now_ms();
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    let headers_after = now_ms() - asked;
    controller.abort();
    assert_eq!(response.status(), 200);
    assert!(headers_after < 1000.0, "headers after {headers_after} ms");

    let t = fetch_with(&url, Some(500.0), &CancelToken::new()).await;
    assert_eq!(t.outcome, Outcome::Timeout);
    let took = t.ended - t.started;
    assert!((450.0..2500.0).contains(&took), "took {took} ms");
}

#[wasm_bindgen_test]
async fn cancel_aborts_an_in_flight_fetch() {
    let cancel = CancelToken::new();
    let url = format!("{SERVER}/delay/3000");
    let canceller = async {
        BrowserClock.sleep_ms(150.0).await;
        cancel.cancel();
    };
    let (t, ()) = join(fetch_with(&url, None, &cancel), canceller).await;
    assert_eq!(t.outcome, Outcome::Cancelled);
    let took = t.ended - t.started;
    assert!((140.0..1500.0).contains(&took), "took {took} ms");
}

#[wasm_bindgen_test]
fn dropped_sleeps_clear_their_timers() {
    let before = live_timers();
    let mut sleeps: Vec<_> = (0..1000)
        .map(|_| BrowserClock.sleep_ms(600_000.0))
        .collect();
    assert_eq!(
        live_timers(),
        before,
        "nothing is scheduled before the first poll"
    );
    for sleep in &mut sleeps {
        assert_eq!(sleep.now_or_never(), None);
    }
    assert_eq!(live_timers(), before + 1000);
    drop(sleeps);
    assert_eq!(live_timers(), before);
}

#[wasm_bindgen_test]
async fn an_awaited_sleep_fires() {
    let before = live_timers();
    let asked = now_ms();
    let mut sleep = BrowserClock.sleep_ms(30.0);
    assert_eq!((&mut sleep).now_or_never(), None);
    assert_eq!(live_timers(), before + 1);
    sleep.await;
    let slept = now_ms() - asked;
    assert!((29.0..2000.0).contains(&slept), "slept {slept} ms");
}

/// Valid settings that fetch `path` on the test server N times.
/// A run's set-up counts against the first burst of fetch calls: a long one
/// ends its task before the first fetch, a short one does not.
#[wasm_bindgen_test]
async fn a_long_set_up_yields_before_the_first_fetch_call() {
    use fetch_playground::browser::burst::{busy_since, called, turn};
    busy_since(now_ms());
    assert!(
        turn().now_or_never().is_some(),
        "a short set-up goes straight on"
    );
    called();
    busy_since(now_ms() - 60.0);
    let mut first = Box::pin(turn());
    assert!(
        (&mut first).now_or_never().is_none(),
        "60 ms of set-up yields"
    );
    first.await;
    called();
    assert!(
        turn().now_or_never().is_some(),
        "the next call goes on in the new task"
    );
}

fn settings(path: &str, n: usize, k: usize) -> fetch_playground::config::Settings {
    let mut raw = RawSettings::default();
    raw.set(Field::Target, format!("{SERVER}{path}?i={{i}}"));
    raw.set(Field::Requests, n.to_string());
    raw.set(Field::Concurrency, k.to_string());
    raw.validate().expect("valid settings")
}

#[wasm_bindgen_test]
async fn engine_cancel_mid_run_ends_requests_well_before_their_delay() {
    let settings = settings("/delay/2500", 12, 4);
    let requester = BrowserRequester::new(settings.clone());
    let cancel = CancelToken::new();
    let canceller = async {
        BrowserClock.sleep_ms(300.0).await;
        cancel.cancel();
    };
    let opts = settings.run_options();
    let run = engine::run(
        Strategy::JoinAllLimited,
        &opts,
        &requester,
        &BrowserClock,
        &cancel,
        |_| {},
    );
    let (report, ()) = join(run, canceller).await;
    assert_eq!(report.counts.cancelled, 12);
    assert_eq!(report.max_in_flight, 4);
    // Four were aborted in flight at ~300 ms; eight never started.
    assert_eq!(
        report
            .records
            .iter()
            .filter(|r| r.started.is_some())
            .count(),
        4
    );
    assert!(report.wall_ms < 1500.0, "wall {} ms", report.wall_ms);
}

#[wasm_bindgen_test]
async fn engine_worker_pool_caps_real_fetches() {
    let settings = settings("/delay/100", 12, 3);
    let requester = BrowserRequester::new(settings.clone());
    let report = engine::run(
        Strategy::WorkerPool,
        &settings.run_options(),
        &requester,
        &BrowserClock,
        &CancelToken::new(),
        |_| {},
    )
    .await;
    assert_eq!(report.counts.ok, 12);
    assert_eq!(report.max_in_flight, 3);
    // Ideal 4 × 100 ms; HTTP/1.1 allows 6 per host, so 3 lanes are never queued by the browser.
    assert!(
        report.wall_ms >= 395.0 && report.wall_ms < 4000.0,
        "wall {}",
        report.wall_ms
    );
}

/// The app mounted in a page without the service worker: it says so, names
/// the fix, and keeps the controls of the contract.
#[wasm_bindgen_test]
async fn app_mounts_and_explains_a_missing_simulated_server() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let _handle = leptos::mount::mount_to(host.clone(), fetch_playground::App);
    for id in [
        "target",
        "requests",
        "concurrency",
        "delay",
        "jitter",
        "fail-rate",
        "timeout",
        "rate",
        "retries",
        "strategy",
        "run",
        "compare",
        "cancel",
        "progress",
        "more-options",
        // Charts are drawn with the first run; until then one line says what will appear.
        "results-empty",
        "export-json",
        "share-link",
    ] {
        let selector = format!("[data-testid='{id}']");
        assert!(
            host.query_selector(&selector).unwrap().is_some(),
            "missing {id}"
        );
    }
    // The runner's page has no sw.js beside it, so registration fails within the 10 s limit.
    let mut message = None;
    for _ in 0..120 {
        BrowserClock.sleep_ms(100.0).await;
        if let Some(el) = host.query_selector("[data-testid='error']").unwrap() {
            message = el.text_content();
            break;
        }
    }
    let message = message.expect("an error message about the simulated server");
    assert!(message.contains("service worker"), "{message}");
    let run = host
        .query_selector("button[data-testid='run']")
        .unwrap()
        .unwrap();
    assert!(run.has_attribute("disabled"));
}

/// The guard's table of odd targets (src/config/tests/odd_targets.rs), the
/// same rows the native tests read with the `url` crate.
mod odd {
    use fetch_playground::config::{ConfigError, Host};
    include!("../src/config/tests/odd_targets.rs");
}

/// The browser's `URL`, the parser fetch uses, gives every answer the native
/// WHATWG parser gives: the guard reads what fetch will send.
#[wasm_bindgen_test]
fn the_browsers_url_parser_agrees_with_the_guards_table() {
    use fetch_playground::browser::url::BrowserUrls;
    use fetch_playground::config::host::{classify, Page};
    let page = Page {
        origin: odd::ODD_PAGE_ORIGIN.to_string(),
        urls: BrowserUrls::new(odd::ODD_PAGE_BASE),
    };
    let wrong: Vec<String> = odd::odd_targets()
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

/// The form classifies with the browser's parser against this document.
#[wasm_bindgen_test]
fn the_form_names_the_host_a_backslash_link_reaches_and_refuses_i_in_the_host() {
    use fetch_playground::config::host::Host;
    use fetch_playground::state::Playground;
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let mut raw = RawSettings::default();
    raw.set(Field::Target, "/\\evil.example/{i}");
    let pg = Playground::new(raw, origin);
    let form = pg.form;
    assert_eq!(form.host(), Host::Foreign("evil.example".into()));
    assert!(form.needs_confirmation());
    assert!(!form.ready());
    pg.set(Field::Target, "http://{i}.evil.example/x");
    let error = form.error().expect("refused");
    assert!(error.contains("{i} can't be in the host name"), "{error}");
    assert!(!form.ready());
    pg.set(Field::Target, "http://localhost:9/{i}");
    assert_eq!(form.host(), Host::Loopback);
}
