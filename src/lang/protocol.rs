//! The messages between the page and `lang/worker.mjs`, as JSON (see the
//! worker's header for the other side). Pure: the glue only posts and parses text.
use super::Language;
use crate::engine::timing::{Entry, Timing};
use crate::engine::{Outcome, Strategy};
use serde::{Deserialize, Serialize, Serializer};

/// A lesson's own Python script, `public/lang/python/lessons/{name}.py`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonScript {
    /// 001: the sync loop, blocking calls (a synchronous XHR) one after another.
    Blocking,
    /// 002: `ensure_future` tasks, held, then gathered: they start during the hold.
    Held,
    /// 002: bare coroutine objects, held, then gathered: nothing starts before.
    HeldCoroutines,
    /// 003: tasks created, then awaited one by one in creation order.
    InOrder,
}

impl LessonScript {
    /// Every lesson script.
    pub const ALL: [LessonScript; 4] = [
        LessonScript::Blocking,
        LessonScript::Held,
        LessonScript::HeldCoroutines,
        LessonScript::InOrder,
    ];

    /// Its file's name, without `.py`.
    pub fn name(self) -> &'static str {
        match self {
            LessonScript::Blocking => "blocking",
            LessonScript::Held => "held",
            LessonScript::HeldCoroutines => "held_coroutines",
            LessonScript::InOrder => "in_order",
        }
    }
}

/// What the worker runs: a strategy's file, or a lesson's script. Sent as
/// the strategy's id, or `lesson/{name}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// `{language}/{id}`: the strategy's file in the run's language.
    Strategy(Strategy),
    /// `python/lessons/{name}.py` (Python only).
    Lesson(LessonScript),
}

impl Serialize for Script {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Script::Strategy(strategy) => s.serialize_str(strategy.id()),
            Script::Lesson(l) => s.serialize_str(&format!("lesson/{}", l.name())),
        }
    }
}

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToWorker<'a> {
    /// Run `strategy` over `urls` (absolute, each with its draw) with limit `k`.
    Run {
        /// The page's number for this run; every answer names it.
        run: u64,
        /// Which language's file runs it.
        language: Language,
        /// The strategy's id or `lesson/{name}`, which names the file.
        #[serde(rename = "strategy")]
        script: Script,
        /// One URL per request, request `i` (0-based) at `urls[i]`.
        urls: &'a [String],
        /// The limit of the limited strategies.
        k: usize,
        /// Per attempt; `None` = no timeout.
        timeout_ms: Option<f64>,
        /// CPU work per response, in the worker, before the request ends.
        cpu_ms: u32,
        /// Lesson 002's hold, for a script whose `main` takes `hold_ms`; 0 otherwise.
        hold_ms: f64,
    },
    /// Stop run `run`: in-flight fetches end as cancelled, the rest never start.
    Cancel {
        /// The run to stop.
        run: u64,
    },
}

impl ToWorker<'_> {
    /// The message as JSON, for `postMessage(JSON.parse(…))`.
    pub fn to_json(&self) -> Result<String, String> {
        serde_json::to_string(self).map_err(|e| e.to_string())
    }
}

/// The Python runtime's state, as the worker reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Downloading: `loaded` of `total` bytes (`None` when unknown), and what.
    Loading {
        /// Bytes received so far.
        loaded: f64,
        /// Bytes in all, when the server said.
        total: Option<f64>,
        /// What is loading, in words.
        what: String,
    },
    /// Loaded, in `ms`.
    Ready {
        /// How long the load took, in ms.
        ms: f64,
    },
    /// The runtime can't be loaded; why.
    Failed {
        /// Why, in words.
        message: String,
    },
}

/// One `PerformanceResourceTiming.toJSON()`, on the worker's own clock.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Resource {
    /// The absolute URL fetched.
    pub name: String,
    /// `startTime`.
    pub start_time: f64,
    /// `workerStart` (0 when no service worker took it).
    pub worker_start: f64,
    /// `requestStart` (0 when hidden).
    pub request_start: f64,
    /// `responseStart` (0 when hidden).
    pub response_start: f64,
    /// `responseEnd`.
    pub response_end: f64,
    /// `nextHopProtocol`.
    pub next_hop_protocol: String,
}

impl Resource {
    /// The entry on the page's clock: every time the browser reported moved by
    /// `shift` (the worker's time origin − the page's); a 0, which means "not
    /// reported", stays 0.
    pub fn on_page_clock(self, shift: f64) -> Entry {
        let at = |t: f64| if t > 0.0 { t + shift } else { 0.0 };
        Entry {
            name: self.name,
            timing: Timing {
                start: self.start_time + shift,
                worker_start: at(self.worker_start),
                request_start: at(self.request_start),
                response_start: at(self.response_start),
                response_end: at(self.response_end),
                protocol: self.next_hop_protocol,
            },
        }
    }
}

/// Worker → page. `at` is the worker's `timeOrigin + now()`: ms since the epoch.
#[derive(Clone, Debug, PartialEq)]
pub enum FromWorker {
    /// The Python runtime's state.
    Status(Status),
    /// Request `i` (0-based) called fetch.
    Start {
        /// The run it belongs to.
        run: u64,
        /// 0-based request index.
        i: usize,
        /// When, in ms since the epoch.
        at: f64,
    },
    /// Request `i` ended with `outcome`.
    End {
        /// The run it belongs to.
        run: u64,
        /// 0-based request index.
        i: usize,
        /// When, in ms since the epoch.
        at: f64,
        /// How it ended.
        outcome: Outcome,
    },
    /// `main` returned (or was cancelled) and every started request ended.
    Done {
        /// The run it belongs to.
        run: u64,
        /// The worker's Resource Timing entries of this run's fetches.
        resources: Vec<Resource>,
        /// The worker's `performance.timeOrigin`.
        time_origin: Option<f64>,
    },
    /// The strategy's code raised, or returned the wrong number of results.
    Error {
        /// The run it belongs to.
        run: u64,
        /// What went wrong, in words.
        message: String,
    },
}

/// Every field any message has, read in one pass: an internally tagged enum
/// would buffer each message through serde's `Content` first, and its
/// deserialiser was the largest function of the protocol in the wasm.
#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "type")]
    kind: Kind,
    run: Option<u64>,
    i: Option<usize>,
    at: Option<f64>,
    outcome: Option<Outcome>,
    #[serde(default)]
    resources: Vec<Resource>,
    time_origin: Option<f64>,
    message: Option<String>,
    state: Option<State>,
    #[serde(default)]
    loaded: f64,
    total: Option<f64>,
    #[serde(default)]
    what: String,
    #[serde(default)]
    ms: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Status,
    Start,
    End,
    Done,
    Error,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum State {
    Loading,
    Ready,
    Failed,
}

impl Wire {
    fn into_message(self) -> Result<FromWorker, &'static str> {
        let run = self.run.ok_or("missing field `run`");
        Ok(match self.kind {
            Kind::Status => {
                FromWorker::Status(match self.state.ok_or("missing field `state`")? {
                    State::Loading => Status::Loading {
                        loaded: self.loaded,
                        total: self.total,
                        what: self.what,
                    },
                    State::Ready => Status::Ready { ms: self.ms },
                    State::Failed => Status::Failed {
                        message: self.message.unwrap_or_default(),
                    },
                })
            }
            Kind::Start => FromWorker::Start {
                run: run?,
                i: self.i.ok_or("missing field `i`")?,
                at: self.at.ok_or("missing field `at`")?,
            },
            Kind::End => FromWorker::End {
                run: run?,
                i: self.i.ok_or("missing field `i`")?,
                at: self.at.ok_or("missing field `at`")?,
                outcome: self.outcome.ok_or("missing field `outcome`")?,
            },
            Kind::Done => FromWorker::Done {
                run: run?,
                resources: self.resources,
                time_origin: self.time_origin,
            },
            Kind::Error => FromWorker::Error {
                run: run?,
                message: self.message.ok_or("missing field `message`")?,
            },
        })
    }
}

impl FromWorker {
    /// Reads one message the worker posted, as JSON text.
    pub fn parse(text: &str) -> Result<FromWorker, String> {
        let said = |e: &dyn std::fmt::Display| format!("the language worker said “{text}”: {e}");
        let wire: Wire = serde_json::from_str(text).map_err(|e| said(&e))?;
        wire.into_message().map_err(|e| said(&e))
    }

    /// The run it names; `None` for a status, which belongs to the worker.
    pub fn run(&self) -> Option<u64> {
        match self {
            FromWorker::Status(_) => None,
            FromWorker::Start { run, .. }
            | FromWorker::End { run, .. }
            | FromWorker::Done { run, .. }
            | FromWorker::Error { run, .. } => Some(*run),
        }
    }
}
