//! Everything that touches the browser: fetch, abort, timing, the simulated
//! server's service worker and page helpers. A thin adapter over the engine.
pub mod burst;
pub mod clock;
pub mod cpu_pool;
pub mod deflate;
mod error;
pub mod fetch;
pub mod frame;
pub mod image;
pub mod lang_worker;
pub mod latency;
pub mod page;
pub mod replay;
pub mod sim_worker;
pub mod timing;
pub mod url;

pub use clock::BrowserClock;
pub use error::PageError;
pub use fetch::{fetch_outcome, fetch_with, BrowserRequester, Timed};

use wasm_bindgen::{JsCast, JsValue};

/// A rejected promise's reason as text: an `Error`'s message, a thrown string,
/// or `fallback` when the reason says nothing readable.
pub fn js_error_text(err: &JsValue, fallback: &str) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| fallback.to_string())
}
