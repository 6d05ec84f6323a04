//! The language worker (`lang/worker.mjs`): one module Web Worker per
//! language, created on first use and kept. A run posts its URLs, turns the
//! worker's `start`/`end` messages into the engine's events (the live charts)
//! and records (`lang::records`), sends `cancel` on Cancel, and pairs the
//! worker's Resource Timing entries. The messages themselves are `lang::protocol`.
use super::clock::now_ms;
use super::{js_error_text, BrowserClock};
use crate::engine::{CancelToken, Clock, Event, RunReport, Strategy};
use crate::lang::protocol::{FromWorker, LessonScript, Script, Status, ToWorker};
use crate::lang::records::{Recorder, Took};
use crate::lang::Language;
use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::future::{select, Either};
use futures::StreamExt;
use std::cell::RefCell;
use std::pin::pin;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// How long after Cancel the page waits for the worker's `done` (the worker
/// itself gives a strategy 2 s to unwind): then the worker is replaced.
const CANCEL_WAIT_MS: f64 = 6_000.0;

/// What reaches a run from its worker.
enum Incoming {
    Message(FromWorker),
    /// The worker failed as a whole (its script, or a message it can't send).
    Broken(String),
}

/// Told every status the worker reports: the Python runtime's progress.
pub type StatusSink = Rc<dyn Fn(Language, &Status)>;

struct LangWorker {
    worker: Worker,
    /// The run listening now; messages for no run are dropped.
    listener: Rc<RefCell<Option<UnboundedSender<Incoming>>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static WORKERS: RefCell<Vec<(Language, Rc<LangWorker>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_RUN: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// `lang/worker.mjs` against the document's base: the site's own file under any sub-path.
fn worker_url() -> Result<String, String> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or("the page has no base address")?;
    web_sys::Url::new_with_base("lang/worker.mjs", &base)
        .map(|u| u.href())
        .map_err(|e| js_error_text(&e, "lang/worker.mjs is not an address"))
}

fn create(language: Language, on_status: StatusSink) -> Result<Rc<LangWorker>, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    options.set_name(&format!("{}-worker", language.id()));
    let worker = Worker::new_with_options(&worker_url()?, &options)
        .map_err(|e| js_error_text(&e, "the browser refused to start the language worker"))?;
    let listener: Rc<RefCell<Option<UnboundedSender<Incoming>>>> = Rc::default();
    let send = {
        let listener = listener.clone();
        move |incoming: Incoming| {
            if let Some(tx) = listener.borrow().as_ref() {
                let _ = tx.unbounded_send(incoming);
            }
        }
    };
    let on_message = {
        let send = send.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let text = js_sys::JSON::stringify(&ev.data())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            match FromWorker::parse(&text) {
                Ok(message) => {
                    if let FromWorker::Status(status) = &message {
                        on_status(language, status);
                    }
                    send(Incoming::Message(message));
                }
                Err(e) => send(Incoming::Broken(e)),
            }
        })
    };
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
        // Handled here and shown by the run: not also an uncaught error.
        ev.prevent_default();
        send(Incoming::Broken(format!(
            "the {} worker failed: {}",
            language.name(),
            ev.message()
        )));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Rc::new(LangWorker {
        worker,
        listener,
        _on_message: on_message,
        _on_error: on_error,
    }))
}

/// The language's worker, created on first use.
fn worker_for(language: Language, on_status: StatusSink) -> Result<Rc<LangWorker>, String> {
    if let Some(w) = WORKERS.with(|all| {
        all.borrow()
            .iter()
            .find(|(l, _)| *l == language)
            .map(|(_, w)| w.clone())
    }) {
        return Ok(w);
    }
    let w = create(language, on_status)?;
    WORKERS.with(|all| all.borrow_mut().push((language, w.clone())));
    Ok(w)
}

/// A worker that stopped answering: gone, so the next run starts a fresh one.
fn forget(language: Language) {
    WORKERS.with(|all| {
        all.borrow_mut().retain(|(l, w)| {
            if *l == language {
                w.worker.terminate();
            }
            *l != language
        })
    });
}

impl LangWorker {
    fn post(&self, message: &ToWorker<'_>) -> Result<(), String> {
        let json = message.to_json()?;
        let value = js_sys::JSON::parse(&json).map_err(|e| js_error_text(&e, "bad message"))?;
        self.worker
            .post_message(&value)
            .map_err(|e| js_error_text(&e, "the worker took no message"))
    }

    fn listen(&self) -> UnboundedReceiver<Incoming> {
        let (tx, rx) = unbounded();
        *self.listener.borrow_mut() = Some(tx);
        rx
    }
}

/// One worker run, as the page asks for it.
pub struct WorkerRun {
    pub language: Language,
    /// The strategy the run is filed under (a lesson script's stand-in too).
    pub strategy: Strategy,
    /// A lesson's own script, run instead of the strategy's file.
    pub lesson: Option<LessonScript>,
    /// The hold a lesson 002 script waits before gathering; 0 otherwise.
    pub hold_ms: f64,
    pub k: usize,
    pub timeout_ms: Option<f64>,
    pub cpu_ms: u32,
    /// What each request's record names (the target filled in, as typed).
    pub shown: Vec<String>,
    /// What each request fetches: absolute, with the simulated server's draw.
    pub fetched: Vec<String>,
}

/// Runs `spec` in its language's worker. Every request ends as one record,
/// whatever the worker does; a worker problem is returned with the report.
/// `restart(ms)`: the runtime became ready before any request started (the
/// run's queue starts then, not while Pyodide downloaded).
pub async fn run(
    spec: WorkerRun,
    on_status: StatusSink,
    cancel: &CancelToken,
    on_event: &impl Fn(Event<'_>),
    restart: &impl Fn(f64),
) -> (RunReport, Option<String>) {
    let page_origin = web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.time_origin());
    let id = NEXT_RUN.with(|n| n.replace(n.get() + 1));
    let mut recorder = Recorder::new(id, spec.strategy, spec.k, spec.shown, now_ms(), page_origin);
    let mut problem = None;
    let mut resources = Vec::new();
    match worker_for(spec.language, on_status) {
        Err(e) => problem = Some(e),
        Ok(worker) => {
            let mut rx = worker.listen();
            let sent = worker.post(&ToWorker::Run {
                run: id,
                language: spec.language,
                script: spec
                    .lesson
                    .map_or(Script::Strategy(spec.strategy), Script::Lesson),
                urls: &spec.fetched,
                k: spec.k,
                timeout_ms: spec.timeout_ms,
                cpu_ms: spec.cpu_ms,
                hold_ms: spec.hold_ms,
            });
            match sent {
                Err(e) => problem = Some(e),
                Ok(()) => {
                    let got = receive(
                        &worker,
                        &mut rx,
                        &mut recorder,
                        id,
                        cancel,
                        on_event,
                        restart,
                    )
                    .await;
                    match got {
                        Ended::Done(r) => resources = r,
                        Ended::Broken(e) => problem = Some(e),
                        Ended::Silent => {
                            problem = Some(format!(
                                "the {} worker did not stop within {} s of Cancel: it was restarted",
                                spec.language.name(),
                                CANCEL_WAIT_MS / 1000.0
                            ));
                            forget(spec.language);
                        }
                    }
                }
            }
            *worker.listener.borrow_mut() = None;
        }
    }
    if let (None, Some(e)) = (&problem, recorder.error()) {
        problem = Some(format!(
            "{}'s {}: {e}",
            spec.language.name(),
            spec.strategy.id()
        ));
    }
    let mut report = recorder.finish(now_ms(), cancel.is_cancelled());
    let ambiguous = crate::lang::timing::attach(&mut report, resources, &spec.fetched);
    if ambiguous > 0 {
        leptos::logging::log!(
            "{ambiguous} attempts shared a URL with others at the same time: no phases for them"
        );
    }
    (report, problem)
}

enum Ended {
    Done(Vec<crate::engine::timing::Entry>),
    Broken(String),
    /// No `done` within `CANCEL_WAIT_MS` of Cancel.
    Silent,
}

async fn receive(
    worker: &LangWorker,
    rx: &mut UnboundedReceiver<Incoming>,
    recorder: &mut Recorder,
    id: u64,
    cancel: &CancelToken,
    on_event: &impl Fn(Event<'_>),
    restart: &impl Fn(f64),
) -> Ended {
    let mut cancel_sent_at: Option<f64> = None;
    let mut started_any = false;
    loop {
        let next = match cancel_sent_at {
            None => {
                let cancelled = pin!(cancel.cancelled());
                match select(rx.next(), cancelled).await {
                    Either::Left((next, _)) => next,
                    Either::Right(_) => {
                        // A message the worker can't take ends like a silent worker.
                        let _ = worker.post(&ToWorker::Cancel { run: id });
                        cancel_sent_at = Some(now_ms());
                        continue;
                    }
                }
            }
            Some(at) => {
                let left = (at + CANCEL_WAIT_MS - now_ms()).max(0.0);
                match select(rx.next(), pin!(BrowserClock.sleep_ms(left))).await {
                    Either::Left((next, _)) => next,
                    Either::Right(_) => return Ended::Silent,
                }
            }
        };
        let message = match next {
            None => return Ended::Broken("the language worker went away".into()),
            Some(Incoming::Broken(e)) => return Ended::Broken(e),
            Some(Incoming::Message(m)) => m,
        };
        match &message {
            FromWorker::Status(Status::Ready { .. }) if !started_any => {
                let now = now_ms();
                recorder.restart_at(now);
                restart(now);
            }
            FromWorker::Start { .. } => started_any = true,
            _ => {}
        }
        match recorder.take(&message, on_event) {
            Ok(Took::Done) => {
                let FromWorker::Done {
                    resources,
                    time_origin,
                    ..
                } = message
                else {
                    return Ended::Done(Vec::new());
                };
                let shift = time_origin.map_or(0.0, |t| t - recorder.page_origin());
                let entries = resources
                    .into_iter()
                    .map(|r| r.on_page_clock(shift))
                    .collect();
                return Ended::Done(entries);
            }
            Ok(_) => {}
            Err(refused) => leptos::logging::warn!("language worker: {refused}; ignored"),
        }
    }
}
