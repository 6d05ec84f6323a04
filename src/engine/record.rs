//! What a run records: one `Record` per request, one `Attempt` per fetch call.
use serde::{Deserialize, Serialize};

/// How one fetch attempt ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// A 2xx answer; `bytes` is the body length actually read.
    Ok {
        /// The HTTP status, 200..=299.
        status: u16,
        /// Body bytes actually read (not the Content-Length header).
        bytes: u64,
    },
    /// The server answered with a non-2xx status.
    HttpError {
        /// The HTTP status the server sent, outside 200..=299.
        status: u16,
    },
    /// No answer: refused, reset, DNS, CORS, or the browser gave up (`net::ERR_FAILED`).
    NetworkError {
        /// What went wrong, in words: the browser's error text, with a hint for the usual causes.
        message: String,
    },
    /// No answer within the per-attempt timeout, or the request's deadline passed; the fetch was aborted.
    Timeout,
    /// Aborted by Cancel, or never started because of it.
    Cancelled,
}

/// The three buckets the results table counts: ok + failed + cancelled == N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeClass {
    /// Answered with a 2xx status.
    Ok,
    /// HTTP error, network error or timeout.
    Failed,
    /// Cancelled by the user, in flight or before it started.
    Cancelled,
}

impl Outcome {
    /// Which of the three result-table buckets this outcome counts in.
    pub fn class(&self) -> OutcomeClass {
        match self {
            Outcome::Ok { .. } => OutcomeClass::Ok,
            Outcome::HttpError { .. } | Outcome::NetworkError { .. } | Outcome::Timeout => {
                OutcomeClass::Failed
            }
            Outcome::Cancelled => OutcomeClass::Cancelled,
        }
    }

    /// Worth another try: the failure may be transient (network, timeout, 5xx, 429).
    pub fn is_retryable(&self) -> bool {
        match self {
            Outcome::NetworkError { .. } | Outcome::Timeout => true,
            Outcome::HttpError { status } => *status == 429 || (500..600).contains(status),
            Outcome::Ok { .. } | Outcome::Cancelled => false,
        }
    }

    /// A short label for tables and tooltips.
    pub fn label(&self) -> String {
        match self {
            Outcome::Ok { status, .. } => format!("ok {status}"),
            Outcome::HttpError { status } => format!("HTTP {status}"),
            Outcome::NetworkError { message } => format!("network error: {message}"),
            Outcome::Timeout => "timeout".into(),
            Outcome::Cancelled => "cancelled".into(),
        }
    }
}

/// One call to fetch; times are milliseconds on the run's clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// When the fetch call was made (ms on the run's clock).
    pub started: f64,
    /// When its outcome was known (ms on the run's clock).
    pub ended: f64,
    /// How the attempt ended.
    pub outcome: Outcome,
    /// What Resource Timing measured for it, once matched after the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Boxed: most attempts carry none while the run goes, and an inline one
    /// would more than double every attempt.
    pub timing: Option<Box<super::timing::Timing>>,
}

/// Everything that happened to request `index` (1..=N).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The request's number, 1..=N.
    pub index: usize,
    /// The URL it was sent to, with `{i}` already filled in.
    pub url: String,
    /// When the batch started: in every strategy a request counts as queued
    /// from then until its first attempt starts.
    pub queued: Option<f64>,
    /// When its first fetch started; `None` if it never started.
    pub started: Option<f64>,
    /// When its final outcome was known.
    pub ended: Option<f64>,
    /// The final outcome; `None` only while the run is going.
    pub outcome: Option<Outcome>,
    /// Every fetch call made for it, first try then retries, in order.
    pub attempts: Vec<Attempt>,
    /// How its future was polled and woken (zero in files from before polls were counted).
    #[serde(default, skip_serializing_if = "super::Polls::is_zero")]
    pub polls: super::Polls,
}

impl Record {
    /// Request `index` to `url`, not yet queued or started.
    pub fn new(index: usize, url: String) -> Self {
        Record {
            index,
            url,
            queued: None,
            started: None,
            ended: None,
            outcome: None,
            attempts: Vec::new(),
            polls: super::Polls::default(),
        }
    }
}

/// Outcome counts for a set of records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Requests that ended with a 2xx answer.
    pub ok: usize,
    /// Requests that ended in an HTTP error, network error or timeout.
    pub failed: usize,
    /// Requests that were cancelled.
    pub cancelled: usize,
}

impl Counts {
    /// Counts one more outcome of `class`.
    pub fn add(&mut self, class: OutcomeClass) {
        match class {
            OutcomeClass::Ok => self.ok += 1,
            OutcomeClass::Failed => self.failed += 1,
            OutcomeClass::Cancelled => self.cancelled += 1,
        }
    }

    /// All outcomes counted: ok + failed + cancelled.
    pub fn total(&self) -> usize {
        self.ok + self.failed + self.cancelled
    }
}

// What a run keeps per request in wasm32 (pointers are 4 bytes): a record,
// its first attempt, and the URL's text. Checked when building for the page.
// The record's 20 bytes of poll counts took it from 96 to 112.
#[cfg(target_arch = "wasm32")]
const _: () = {
    assert!(std::mem::size_of::<Record>() <= 112);
    assert!(std::mem::size_of::<Attempt>() <= 40);
};
