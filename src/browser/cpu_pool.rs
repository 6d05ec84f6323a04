//! The page's pool of CPU workers (`cpu-mode` "workers"): one module Web
//! Worker (`cpu-worker.mjs`) per `navigator.hardwareConcurrency`, created at
//! the first job and kept. A job is one response's body and its CPU time; it
//! waits for a free worker (`lessons::cpu::Dispatch`) and its result comes
//! back as a future. A worker is busy until it replies, even when the caller
//! gave up (Cancel, a timeout): the reply is then dropped.
use super::js_error_text;
use crate::lessons::cpu::{pool_size, Dispatch};
use futures::channel::oneshot;
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// A handler's CPU work on the page clock: (start, end) in ms.
pub type Span = (f64, f64);

type Reply = oneshot::Sender<Result<Span, String>>;

/// A worker's message and error handlers: kept as long as the worker.
type Handlers = (Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(Event)>);

struct Job {
    body: js_sys::ArrayBuffer,
    ms: u32,
    reply: Reply,
}

struct Pool {
    workers: Vec<Worker>,
    dispatch: Dispatch<Job>,
    /// Per worker, the reply its current job waits for.
    running: Vec<Option<Reply>>,
    _handlers: Vec<Handlers>,
}

thread_local! {
    static POOL: RefCell<Option<Pool>> = const { RefCell::new(None) };
}

/// `navigator.hardwareConcurrency` (0 when the browser does not say).
fn hardware_concurrency() -> usize {
    web_sys::window().map_or(0, |w| w.navigator().hardware_concurrency() as usize)
}

/// How many workers the pool has (or will have at its first job).
pub fn size() -> usize {
    pool_size(hardware_concurrency())
}

/// "2 workers (hardwareConcurrency)": the pool's size and where it came from.
pub fn describe() -> String {
    let cores = hardware_concurrency();
    let n = pool_size(cores);
    let unit = if n == 1 { "worker" } else { "workers" };
    let why = if cores == 0 {
        "the browser does not say how many cores it has".to_string()
    } else if n < cores {
        format!("hardwareConcurrency {cores}, capped")
    } else {
        "hardwareConcurrency".to_string()
    };
    format!("{n} {unit} ({why})")
}

/// `cpu-worker.mjs` against the document's base: the site's own file under any sub-path.
fn worker_url() -> Result<String, String> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or("the page has no base address")?;
    web_sys::Url::new_with_base("cpu-worker.mjs", &base)
        .map(|u| u.href())
        .map_err(|e| js_error_text(&e, "cpu-worker.mjs is not an address"))
}

fn create() -> Result<Pool, String> {
    let url = worker_url()?;
    let n = size();
    let mut pool = Pool {
        workers: Vec::with_capacity(n),
        dispatch: Dispatch::new(n),
        running: (0..n).map(|_| None).collect(),
        _handlers: Vec::with_capacity(n),
    };
    for slot in 0..n {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        options.set_name(&format!("cpu-worker-{}", slot + 1));
        let worker = match Worker::new_with_options(&url, &options) {
            Ok(w) => w,
            Err(e) => {
                pool.workers.iter().for_each(Worker::terminate);
                return Err(js_error_text(
                    &e,
                    "the browser refused to start a CPU worker (cpu-worker.mjs)",
                ));
            }
        };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            replied(slot, &ev.data());
        });
        // A plain Event when the script did not load, an ErrorEvent when it threw.
        let on_error = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
            // Handled here and shown as the request's outcome: not also an uncaught error.
            ev.prevent_default();
            let why = field(&ev, "message")
                .as_string()
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "cpu-worker.mjs did not load".into());
            broke(slot, format!("CPU worker {} failed: {why}", slot + 1));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        pool.workers.push(worker);
        pool._handlers.push((on_message, on_error));
    }
    Ok(pool)
}

fn field(data: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The page's `performance.timeOrigin`: a worker's epoch times minus it are page-clock ms.
fn time_origin() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.time_origin())
}

/// Worker `slot` answered its job: the span (or its error) goes to the caller.
fn replied(slot: usize, data: &JsValue) {
    let result = match (field(data, "start").as_f64(), field(data, "end").as_f64()) {
        (Some(start), Some(end)) if field(data, "hash").is_string() => {
            let origin = time_origin();
            Ok((start - origin, end - origin))
        }
        _ => Err(format!(
            "CPU worker {} could not do the work: {}",
            slot + 1,
            field(data, "error")
                .as_string()
                .unwrap_or_else(|| "it sent no hash".into())
        )),
    };
    let reply = POOL.with(|p| {
        let mut p = p.borrow_mut();
        let pool = p.as_mut()?;
        pool.dispatch.done(slot);
        pool.running.get_mut(slot).and_then(Option::take)
    });
    if let Some(reply) = reply {
        // The caller may have gone (Cancel, a timeout): nothing waits then.
        let _ = reply.send(result);
    }
    pump();
}

/// Worker `slot` failed as a whole: its job fails with `message`, and when no
/// worker is left the waiting jobs fail too, and the next job builds a new
/// pool (not here: this runs inside one of the pool's own handlers).
fn broke(slot: usize, message: String) {
    let (current, waiting) = POOL.with(|p| {
        let mut p = p.borrow_mut();
        let Some(pool) = p.as_mut() else {
            return (None, Vec::new());
        };
        if let Some(w) = pool.workers.get(slot) {
            w.terminate();
        }
        let current = pool.running.get_mut(slot).and_then(Option::take);
        (current, pool.dispatch.broke(slot))
    });
    for reply in current
        .into_iter()
        .chain(waiting.into_iter().map(|j| j.reply))
    {
        let _ = reply.send(Err(message.clone()));
    }
    pump();
}

/// Posts waiting jobs to free workers.
fn pump() {
    loop {
        let posted = POOL.with(|p| {
            let mut p = p.borrow_mut();
            let pool = p.as_mut()?;
            let (slot, job) = pool.dispatch.next(|j| !j.reply.is_canceled())?;
            let message = js_sys::Object::new();
            let set =
                |k: &str, v: &JsValue| js_sys::Reflect::set(&message, &JsValue::from_str(k), v);
            let ok = set("id", &JsValue::from(slot as u32)).is_ok()
                && set("body", &job.body).is_ok()
                && set("ms", &JsValue::from(job.ms)).is_ok();
            let sent = match pool.workers.get(slot) {
                // The body moves to the worker: no copy.
                Some(w) if ok => w
                    .post_message_with_transfer(&message, &js_sys::Array::of1(&job.body))
                    .map_err(|e| js_error_text(&e, "the page could not post to a CPU worker")),
                _ => Err("the page could not build a CPU worker's message".into()),
            };
            match sent {
                Ok(()) => {
                    if let Some(r) = pool.running.get_mut(slot) {
                        *r = Some(job.reply);
                    }
                    Some(None)
                }
                Err(e) => {
                    pool.dispatch.done(slot);
                    Some(Some((job.reply, e)))
                }
            }
        });
        match posted {
            None => return,
            Some(None) => {}
            Some(Some((reply, e))) => {
                let _ = reply.send(Err(e));
            }
        }
    }
}

/// Builds the pool now if there is none (or none left working), so its
/// workers load their script while a run's first responses are on the way.
pub fn warm() -> Result<(), String> {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        if p.as_ref().is_none_or(|pool| pool.dispatch.working() == 0) {
            if let Some(old) = p.take() {
                old.workers.iter().for_each(Worker::terminate);
            }
            *p = Some(create()?);
        }
        Ok(())
    })
}

/// Runs `ms` of the CPU work on `body` in a worker; the span it took on the
/// page clock, or why it could not run. The pool is built at the first call.
pub async fn run(body: js_sys::ArrayBuffer, ms: u32) -> Result<Span, String> {
    let (reply, answer) = oneshot::channel();
    warm()?;
    POOL.with(|p| {
        if let Some(pool) = p.borrow_mut().as_mut() {
            pool.dispatch.submit(Job { body, ms, reply });
        }
    });
    pump();
    answer
        .await
        .unwrap_or_else(|_| Err("the CPU worker pool dropped the job".into()))
}
