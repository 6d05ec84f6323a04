//! `performance.now()` and `setTimeout` as the engine's `Clock`.
use crate::engine::Clock;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserClock;

thread_local! {
    // Looked up once: `window().performance()` is three calls into JS, and a
    // 10,000-request run reads the clock 40,000 times.
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
    static LIVE_TIMERS: Cell<usize> = const { Cell::new(0) };
}

/// High-resolution milliseconds since the page loaded.
pub fn now_ms() -> f64 {
    PERFORMANCE.with(|p| {
        p.as_ref()
            .map(|p| p.now())
            .unwrap_or_else(js_sys::Date::now)
    })
}

/// `setTimeout`s scheduled by [`Sleep`]s that have neither fired nor been cleared.
pub fn live_timers() -> usize {
    LIVE_TIMERS.with(Cell::get)
}

fn count_timer(delta: isize) {
    LIVE_TIMERS.with(|n| n.set(n.get().saturating_add_signed(delta)));
}

/// What the timer's callback shares with its future.
#[derive(Default)]
struct Shared {
    fired: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

enum Timer {
    /// Not polled yet: nothing scheduled, so nothing to clear.
    Idle,
    /// The callback must live as long as the browser may call it.
    Scheduled {
        id: i32,
        _callback: Closure<dyn FnMut()>,
    },
    Done,
}

/// Resolves `ms` after it was created. The timer is scheduled on the first
/// poll and cleared if the future is dropped before it fires: a cancelled run
/// of 100,000 requests with a long timeout would otherwise leave as many
/// timers pending, each holding its callback.
pub struct Sleep {
    deadline: f64,
    shared: Rc<Shared>,
    timer: Timer,
}

impl Sleep {
    fn new(ms: f64) -> Self {
        Sleep {
            deadline: now_ms() + ms.max(0.0),
            shared: Rc::default(),
            timer: Timer::Idle,
        }
    }

    /// Schedules the timer; `false` if the browser would not.
    fn schedule(&mut self) -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let shared = self.shared.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            shared.fired.set(true);
            count_timer(-1);
            let waker = shared.waker.borrow_mut().take();
            if let Some(waker) = waker {
                waker.wake();
            }
        });
        // `as` saturates: a NaN or huge wait cannot wrap to a negative delay.
        let delay = (self.deadline - now_ms()).max(0.0).ceil() as i32;
        match window.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            delay,
        ) {
            Ok(id) => {
                count_timer(1);
                self.timer = Timer::Scheduled {
                    id,
                    _callback: callback,
                };
                true
            }
            Err(_) => false,
        }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if matches!(this.timer, Timer::Idle) && !this.schedule() {
            // No window (should not happen in the page): don't hang forever.
            this.timer = Timer::Done;
        }
        if matches!(this.timer, Timer::Done) || this.shared.fired.get() {
            this.timer = Timer::Done;
            return Poll::Ready(());
        }
        *this.shared.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Timer::Scheduled { id, .. } = self.timer {
            if !self.shared.fired.get() {
                if let Some(window) = web_sys::window() {
                    window.clear_timeout_with_handle(id);
                }
                count_timer(-1);
            }
        }
    }
}

impl Clock for BrowserClock {
    type Sleep = Sleep;

    fn now_ms(&self) -> f64 {
        now_ms()
    }

    fn sleep_ms(&self, ms: f64) -> Sleep {
        Sleep::new(ms)
    }

    fn stamp(&self) -> Option<crate::engine::Stamp> {
        Some(std::sync::Arc::new(now_ms))
    }
}
