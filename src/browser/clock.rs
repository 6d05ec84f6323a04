//! `performance.now()` and `setTimeout` as the engine's `Clock`.
use crate::engine::Clock;
use futures::future::LocalBoxFuture;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserClock;

thread_local! {
    // Looked up once: `window().performance()` is three calls into JS, and a
    // 10,000-request run reads the clock 40,000 times.
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
}

/// High-resolution milliseconds since the page loaded.
pub fn now_ms() -> f64 {
    PERFORMANCE.with(|p| {
        p.as_ref()
            .map(|p| p.now())
            .unwrap_or_else(js_sys::Date::now)
    })
}

impl Clock for BrowserClock {
    type Sleep = LocalBoxFuture<'static, ()>;

    fn now_ms(&self) -> f64 {
        now_ms()
    }

    fn sleep_ms(&self, ms: f64) -> Self::Sleep {
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let scheduled = web_sys::window().and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.ceil() as i32)
                    .ok()
            });
            if scheduled.is_none() {
                // No window (should not happen in the page): don't hang forever.
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        Box::pin(async move {
            let _ = JsFuture::from(promise).await;
        })
    }
}
