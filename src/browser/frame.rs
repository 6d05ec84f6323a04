//! Coalesces any number of updates into one per animation frame, and at most
//! one per `MIN_GAP_MS`: repainting costs the main thread time that the
//! fetches being measured need (profiled: +500 ms of rendering per 1,000
//! requests at 60 Hz).
use std::cell::Cell;
use std::rc::Rc;

const MIN_GAP_MS: f64 = 50.0;

#[derive(Clone)]
pub struct FrameScheduler {
    pending: Rc<Cell<bool>>,
    last: Rc<Cell<f64>>,
    flush: Rc<dyn Fn()>,
}

impl FrameScheduler {
    pub fn new(flush: impl Fn() + 'static) -> Self {
        FrameScheduler {
            pending: Rc::new(Cell::new(false)),
            last: Rc::new(Cell::new(f64::NEG_INFINITY)),
            flush: Rc::new(flush),
        }
    }

    /// Asks for a flush on the next frame; repeated calls before it are free.
    pub fn request(&self) {
        if self.pending.replace(true) {
            return;
        }
        self.on_next_frame();
    }

    fn on_next_frame(&self) {
        let this = self.clone();
        leptos::prelude::request_animation_frame(move || {
            if super::clock::now_ms() - this.last.get() < MIN_GAP_MS {
                this.on_next_frame();
            } else {
                this.flush_now();
            }
        });
    }

    /// Flushes at once (the end of a run must not wait for a frame).
    pub fn flush_now(&self) {
        self.pending.set(false);
        self.last.set(super::clock::now_ms());
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
