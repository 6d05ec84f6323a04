//! What a run records: one `Record` per request, one `Attempt` per fetch call.
use serde::{Deserialize, Serialize};

/// How one fetch attempt ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// A 2xx answer; `bytes` is the body length actually read.
    Ok { status: u16, bytes: u64 },
    /// The server answered with a non-2xx status.
    HttpError { status: u16 },
    /// No answer: refused, reset, DNS, CORS, or the browser gave up (`net::ERR_FAILED`).
    NetworkError { message: String },
    /// No answer within the per-attempt timeout, or the request's deadline passed; the fetch was aborted.
    Timeout,
    /// Aborted by Cancel, or never started because of it.
    Cancelled,
}

/// The three buckets the results table counts: ok + failed + cancelled == N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeClass {
    Ok,
    Failed,
    Cancelled,
}

impl Outcome {
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
    pub started: f64,
    pub ended: f64,
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
    pub index: usize,
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
    pub attempts: Vec<Attempt>,
}

impl Record {
    pub fn new(index: usize, url: String) -> Self {
        Record {
            index,
            url,
            queued: None,
            started: None,
            ended: None,
            outcome: None,
            attempts: Vec::new(),
        }
    }
}

/// Outcome counts for a set of records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub ok: usize,
    pub failed: usize,
    pub cancelled: usize,
}

impl Counts {
    pub fn add(&mut self, class: OutcomeClass) {
        match class {
            OutcomeClass::Ok => self.ok += 1,
            OutcomeClass::Failed => self.failed += 1,
            OutcomeClass::Cancelled => self.cancelled += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.ok + self.failed + self.cancelled
    }
}

// What a run keeps per request in wasm32 (pointers are 4 bytes): a record,
// its first attempt, and the URL's text. Checked when building for the page.
#[cfg(target_arch = "wasm32")]
const _: () = {
    assert!(std::mem::size_of::<Record>() <= 96);
    assert!(std::mem::size_of::<Attempt>() <= 40);
};
