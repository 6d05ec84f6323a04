//! Coalesces any number of updates into one per animation frame, so a run of
//! 100,000 requests repaints at most 60 times a second.
use std::cell::Cell;
use std::rc::Rc;

#[derive(Clone)]
pub struct FrameScheduler {
    pending: Rc<Cell<bool>>,
    flush: Rc<dyn Fn()>,
}

impl FrameScheduler {
    pub fn new(flush: impl Fn() + 'static) -> Self {
        FrameScheduler {
            pending: Rc::new(Cell::new(false)),
            flush: Rc::new(flush),
        }
    }

    /// Asks for a flush on the next frame; repeated calls before it are free.
    pub fn request(&self) {
        if self.pending.replace(true) {
            return;
        }
        let this = self.clone();
        leptos::prelude::request_animation_frame(move || this.flush_now());
    }

    /// Flushes at once (the end of a run must not wait for a frame).
    pub fn flush_now(&self) {
        self.pending.set(false);
        (self.flush)();
    }
}

/// Resolves after the browser has had a chance to paint: one animation frame,
/// then one task. Lets "running" show before a long synchronous fan-out.
pub async fn after_paint() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let asked = web_sys::window().and_then(|w| w.request_animation_frame(&resolve).ok());
        if asked.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    use crate::engine::Clock;
    super::BrowserClock.sleep_ms(0.0).await;
}
