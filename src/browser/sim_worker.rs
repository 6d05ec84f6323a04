//! Starts the simulated server: the service worker in public/sw.js, which must
//! control this page before the first simulated request.
use super::clock::BrowserClock;
use crate::engine::Clock;
use futures::future::select;
use std::pin::pin;
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where the simulated server stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SimStatus {
    Starting,
    Ready,
    Unavailable(SimUnavailable),
}

/// Why the service worker could not start, as the page says it.
#[derive(Clone, Debug, PartialEq, Error)]
#[error(
    "The built-in simulated server needs a service worker, and {0}. Real http(s) URLs still work."
)]
pub struct SimUnavailable(Why);

#[derive(Clone, Debug, PartialEq, Error)]
enum Why {
    #[error("there is no window")]
    NoWindow,
    #[error("this page is not a secure context (use https or localhost)")]
    Insecure,
    #[error("this browser has service workers disabled")]
    Disabled,
    #[error("registering {script} failed ({why})")]
    Register { script: String, why: String },
    /// The browser's own reason.
    #[error("{0}")]
    Browser(String),
    #[error("the worker did not take control of this page within 10 s (try reloading)")]
    NoControl,
    #[error("the page has no base URL")]
    NoBase,
    #[error("sw.js does not resolve against {base} ({why})")]
    Unresolved { base: String, why: String },
}

/// Registers sw.js beside the page and waits (at most 10 s) until it controls the page.
pub async fn start() -> SimStatus {
    match try_start().await {
        Ok(()) => SimStatus::Ready,
        Err(why) => SimStatus::Unavailable(SimUnavailable(why)),
    }
}

async fn try_start() -> Result<(), Why> {
    let window = web_sys::window().ok_or(Why::NoWindow)?;
    if !window.is_secure_context() {
        return Err(Why::Insecure);
    }
    let navigator = window.navigator();
    let has_sw =
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !has_sw {
        return Err(Why::Disabled);
    }
    let container = navigator.service_worker();
    let script = worker_url(&window)?;
    // No explicit scope: the default is the folder sw.js sits in, which is the
    // site's base (`/` or e.g. `/fetch-playground/`), so the worker sees every
    // `__sim/…` request of this build, wherever it is hosted.
    JsFuture::from(container.register(&script))
        .await
        .map_err(|e| Why::Register {
            script: script.clone(),
            why: describe(&e),
        })?;
    let ready = container.ready().map_err(browser)?;
    JsFuture::from(ready).await.map_err(browser)?;
    if container.controller().is_some() {
        return Ok(());
    }
    // A hard reload leaves the page uncontrolled: ask the worker to claim it.
    let changed = js_sys::Promise::new(&mut |resolve, _| {
        let _ = container.add_event_listener_with_callback("controllerchange", &resolve);
    });
    if let Ok(registration) = JsFuture::from(container.ready().map_err(browser)?).await {
        if let Some(active) = registration
            .dyn_into::<web_sys::ServiceWorkerRegistration>()
            .ok()
            .and_then(|r| r.active())
        {
            let _ = active.post_message(&JsValue::from_str("claim"));
        }
    }
    let changed = pin!(JsFuture::from(changed));
    let limit = pin!(BrowserClock.sleep_ms(10_000.0));
    // Either way, what counts is whether a worker controls the page now.
    let _ = select(changed, limit).await;
    match container.controller() {
        Some(_) => Ok(()),
        None => Err(Why::NoControl),
    }
}

/// sw.js resolved against `document.baseURI`: Trunk's `<base href>` names
/// the folder the build is served from, even when the page's own URL differs.
fn worker_url(window: &web_sys::Window) -> Result<String, Why> {
    let base = window
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or(Why::NoBase)?;
    web_sys::Url::new_with_base("sw.js", &base)
        .map(|url| url.href())
        .map_err(|e| Why::Unresolved {
            why: describe(&e),
            base,
        })
}

fn describe(err: &JsValue) -> String {
    super::js_error_text(err, "unknown error")
}

fn browser(err: JsValue) -> Why {
    Why::Browser(describe(&err))
}
