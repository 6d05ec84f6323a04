//! One browser `fetch`, turned into exactly one typed `Outcome`.
use super::cpu_pool::Span;
use super::BrowserClock;
use crate::config::{CpuMode, Settings};
use crate::engine::{guard, CancelToken, Clock, Outcome, Requester};
use futures::future::LocalBoxFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCache, RequestCredentials, RequestInit, Response};

/// Aborts the fetch if its future is dropped before it finished: this is how
/// a timeout or Cancel in the engine reaches the network.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

/// What a failed fetch looks like to a learner: Chrome says only "Failed to
/// fetch" for refused connections, DNS errors and CORS alike.
fn network_error(err: &JsValue) -> Outcome {
    let message = super::js_error_text(err, "the browser refused the request");
    let hint = if message.contains("Failed to fetch") {
        " (server down or unreachable, or, most often for another site, CORS: \
         the server must send Access-Control-Allow-Origin)"
    } else {
        ""
    };
    Outcome::NetworkError {
        message: format!("{message}{hint}"),
    }
}

/// GETs `url` without credentials or cache and reads the whole body.
/// Dropping the future aborts the request.
pub async fn fetch_outcome(url: String) -> Outcome {
    fetch_and_handle(url, Cpu::default(), |_| {}).await
}

/// A response handler's CPU work: how long, and where it runs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cpu {
    /// Milliseconds of hashing per response; 0 = none.
    pub ms: u32,
    /// The page's thread or the CPU pool.
    pub mode: CpuMode,
}

/// [`fetch_outcome`], then `cpu_ms` of real work on the body (hashed until
/// the time is spent) inside the attempt: on this thread in main mode, so
/// handlers cannot overlap, or in the CPU pool's workers. The work's span
/// goes to `handled`.
pub async fn fetch_and_handle(url: String, cpu: Cpu, handled: impl FnOnce(Span)) -> Outcome {
    let Some(window) = web_sys::window() else {
        return Outcome::NetworkError {
            message: "no window to fetch from".into(),
        };
    };
    super::burst::turn().await;
    let controller = match AbortController::new() {
        Ok(c) => c,
        Err(e) => return network_error(&e),
    };
    let mut abort = AbortOnDrop(Some(controller.clone()));
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));
    let called = window.fetch_with_str_and_init(&url, &init);
    super::burst::called();
    let outcome = match JsFuture::from(called).await {
        Err(e) => network_error(&e),
        Ok(value) => match value.dyn_into::<Response>() {
            Err(_) => Outcome::NetworkError {
                message: "fetch returned something that is not a Response".into(),
            },
            Ok(response) => read_body(response, cpu, handled).await,
        },
    };
    abort.0 = None; // finished: nothing to abort
    outcome
}

async fn read_body(response: Response, cpu: Cpu, handled: impl FnOnce(Span)) -> Outcome {
    let status = response.status();
    let body = match response.array_buffer() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    let buffer = match body {
        Ok(buffer) => buffer.dyn_into::<js_sys::ArrayBuffer>().ok(),
        Err(e) => return network_error(&e),
    };
    let bytes = buffer.as_ref().map_or(0, |b| u64::from(b.byte_length()));
    if cpu.ms > 0 {
        match cpu.mode {
            CpuMode::Main => {
                let body = buffer
                    .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                    .unwrap_or_default();
                let start = super::clock::now_ms();
                let hash =
                    crate::lessons::cpu::burn(&body, f64::from(cpu.ms), super::clock::now_ms);
                // Used, so the work is never optimised away.
                std::hint::black_box(hash);
                handled((start, super::clock::now_ms()));
            }
            CpuMode::Workers => {
                let body = buffer.unwrap_or_else(|| js_sys::ArrayBuffer::new(0));
                match super::cpu_pool::run(body, cpu.ms).await {
                    Ok(span) => handled(span),
                    // The answer came but its handler could not run: a failure, said why.
                    Err(message) => return Outcome::NetworkError { message },
                }
            }
        }
    }
    if response.ok() {
        Outcome::Ok { status, bytes }
    } else {
        Outcome::HttpError { status }
    }
}

/// An outcome with the times it started and ended (ms on the page clock).
#[derive(Clone, Debug, PartialEq)]
pub struct Timed {
    pub started: f64,
    pub ended: f64,
    pub outcome: Outcome,
}

/// One fetch with an optional timeout and a cancel handle: the same `guard`
/// the engine wraps around every attempt.
pub async fn fetch_with(url: &str, timeout_ms: Option<f64>, cancel: &CancelToken) -> Timed {
    let clock = BrowserClock;
    let started = clock.now_ms();
    let outcome = guard(fetch_outcome(url.to_string()), &clock, timeout_ms, cancel)
        .await
        .unwrap_or_else(Outcome::from);
    Timed {
        started,
        ended: clock.now_ms(),
        outcome,
    }
}

/// Each request's last handler span (index 1..=N at position index − 1).
pub type Handlers = Rc<RefCell<Vec<Option<Span>>>>;

/// The app's requests: the URL template, plus the seeded draw for the simulated server.
pub struct BrowserRequester {
    pub settings: Settings,
    /// Where each response's CPU work ran, on the page clock.
    pub handlers: Handlers,
}

impl BrowserRequester {
    /// Requests for `settings`, with no handler spans yet.
    pub fn new(settings: Settings) -> Self {
        BrowserRequester {
            settings,
            handlers: Handlers::default(),
        }
    }

    /// The spans recorded, one per request (`None` where no handler ran);
    /// `None` when the run had no CPU work.
    pub fn handler_spans(&self) -> Option<Vec<Option<Span>>> {
        let spans = self.handlers.borrow();
        spans.iter().any(Option::is_some).then(|| {
            let mut all = spans.clone();
            all.resize(self.settings.n, None);
            all
        })
    }

    /// The URL attempt `attempt` of request `index` fetches: the simulated
    /// server's carries that attempt's draw.
    pub fn attempt_url(&self, index: usize, attempt: u32) -> String {
        let url = self.settings.url_for(index);
        if self.settings.is_sim() {
            let draw = self.settings.sim.draw(self.settings.seed, index, attempt);
            crate::sim::url_with_draw(&url, draw)
        } else {
            url
        }
    }
}

impl Requester for BrowserRequester {
    type Fut = LocalBoxFuture<'static, Outcome>;

    fn url(&self, index: usize) -> String {
        self.settings.url_for(index)
    }

    fn start(&self, index: usize, attempt: u32) -> Self::Fut {
        let cpu = Cpu {
            ms: self.settings.cpu_ms,
            mode: self.settings.cpu_mode,
        };
        let handlers = self.handlers.clone();
        // A retry's span replaces the earlier attempt's: one per request.
        let handled = move |span: Span| {
            let mut spans = handlers.borrow_mut();
            if spans.len() < index {
                spans.resize(index, None);
            }
            if let Some(slot) = index.checked_sub(1).and_then(|i| spans.get_mut(i)) {
                *slot = Some(span);
            }
        };
        Box::pin(fetch_and_handle(
            self.attempt_url(index, attempt),
            cpu,
            handled,
        ))
    }
}
