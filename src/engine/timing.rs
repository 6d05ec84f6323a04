//! What the browser measured for each fetch attempt (Resource Timing), and
//! how an attempt's span splits into phases: waiting in the browser, the
//! server (or the service worker), the download, and the page's tail.
//! Pure: the browser glue reads the entries, this file matches and explains them.
use super::record::{Attempt, Record};
use super::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One `PerformanceResourceTiming` entry, in ms on the page clock (the same
/// clock as the records: both count from `performance.timeOrigin`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// `startTime`: when the browser took the fetch.
    pub start: f64,
    /// `workerStart`: when a service worker got the request; 0 when none did.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub worker_start: f64,
    /// `requestStart`: the request left for the server; 0 when hidden (no Timing-Allow-Origin).
    pub request_start: f64,
    /// `responseStart`: the first byte of the answer; 0 when hidden.
    pub response_start: f64,
    /// `responseEnd`: the last byte of the answer.
    pub response_end: f64,
    /// `nextHopProtocol` (`http/1.1`, `h2`, `h3`); empty for a service worker's answer or when hidden.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

impl Timing {
    /// A cross-origin server without `Timing-Allow-Origin`: the browser zeroes
    /// the phases. (Not `workerStart`: the page's service worker sees every
    /// fetch, so Chromium reports when it got even a hidden one.)
    pub fn hidden(&self) -> bool {
        self.request_start == 0.0 && self.response_start == 0.0
    }

    /// Answered by a service worker (the simulated server), not over the network.
    pub fn by_worker(&self) -> bool {
        self.worker_start > 0.0 && self.protocol.is_empty()
    }

    /// When the request was on its way to whoever answered it: the wire (or the worker).
    pub fn wire_start(&self) -> Option<f64> {
        if self.hidden() {
            None
        } else if self.by_worker() {
            Some(self.worker_start)
        } else {
            Some(self.request_start)
        }
    }

    /// The answerer's time including the body: request sent (or worker started) → last byte.
    pub fn server_ms(&self) -> Option<f64> {
        self.wire_start().map(|s| (self.response_end - s).max(0.0))
    }
}

/// Who answered during the middle phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answerer {
    /// The server answered over the network.
    Server,
    /// A service worker answered without going to the network.
    Worker,
}

/// One attempt split into consecutive phases (ms). Everything from the
/// attempt's start sums exactly to its span: boundaries the browser reports
/// outside the span (clock coarsening) are clamped into it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Phases {
    /// Before the attempt: a permit, a slot, the rate limit or a retry's backoff.
    pub engine: f64,
    /// Fetch issued → request sent (or worker started): the browser's connection queue, stall, DNS, connect.
    pub browser: f64,
    /// Request sent → first byte: the server's (or the worker's) time.
    pub answer: f64,
    /// Who answered: the server or a service worker.
    pub answerer: Answerer,
    /// First byte → last byte.
    pub download: f64,
    /// Last byte → the engine saw the outcome: reading the body and the page's own delay.
    pub page: f64,
}

impl Phases {
    /// The attempt's span: fetch issued → outcome.
    pub fn span(&self) -> f64 {
        self.browser + self.answer + self.download + self.page
    }
}

/// The phases of `attempt`, whose previous step (the batch start, or the
/// previous attempt's end) was at `before`. `None` without a measured entry,
/// and for hidden ones: the page then shows the attempt as one bar.
pub fn phases(attempt: &Attempt, before: f64) -> Option<Phases> {
    let t = attempt.timing.as_ref()?;
    let start = t.wire_start()?;
    let (a, z) = (attempt.started, attempt.ended.max(attempt.started));
    let b1 = start.clamp(a, z);
    let b2 = t.response_start.clamp(b1, z);
    let b3 = t.response_end.clamp(b2, z);
    Some(Phases {
        engine: (a - before).max(0.0),
        browser: b1 - a,
        answer: b2 - b1,
        answerer: if t.by_worker() {
            Answerer::Worker
        } else {
            Answerer::Server
        },
        download: b3 - b2,
        page: z - b3,
    })
}

/// The phases of each attempt of `record`, in order.
pub fn record_phases(record: &Record) -> Vec<Option<Phases>> {
    let mut before = record.queued.or(record.started).unwrap_or(0.0);
    record
        .attempts
        .iter()
        .map(|a| {
            let p = phases(a, before);
            before = a.ended;
            p
        })
        .collect()
}

/// An entry as the browser listed it: its absolute URL and its times.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The entry's absolute URL, as the browser reports it.
    pub name: String,
    /// The entry's start and phase boundaries.
    pub timing: Timing,
}

/// What a run's entries say as a whole.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// The most common `nextHopProtocol` among matched attempts; `None` when none reported one.
    pub protocol: Option<String>,
    /// The longest browser-side wait (fetch issued → request sent) of any attempt.
    pub browser_queued_ms: Option<f64>,
    /// Median of request sent (or worker started) → last byte, over successful attempts.
    pub server_median_ms: Option<f64>,
    /// Attempts with an entry, with hidden phases, answered by a worker; and all attempts.
    pub matched: usize,
    /// Matched attempts whose phases the browser hid (cross-origin, no `Timing-Allow-Origin`).
    pub hidden: usize,
    /// Matched attempts a service worker answered.
    pub by_worker: usize,
    /// Every attempt in the run, matched or not.
    pub attempts: usize,
    /// Finished attempts without an entry, of requests that share their URL
    /// with another, in a run where others got theirs: the matcher could not
    /// tell their entries apart (or the browser lost them).
    pub unmatched_shared: usize,
}

impl Summary {
    /// Sums up the matched entries of a run's records.
    pub fn of(records: &[Record]) -> Summary {
        let mut s = Summary::default();
        let mut protocols: HashMap<&str, usize> = HashMap::new();
        let mut server = Vec::new();
        let mut urls: HashMap<&str, usize> = HashMap::new();
        for r in records {
            *urls.entry(r.url.as_str()).or_default() += 1;
        }
        let mut unmatched_shared = 0;
        for r in records {
            let shared = urls.get(r.url.as_str()).is_some_and(|&n| n > 1);
            unmatched_shared += r
                .attempts
                .iter()
                .filter(|a| shared && a.timing.is_none())
                .filter(|a| !matches!(a.outcome, Outcome::Timeout | Outcome::Cancelled))
                .count();
            s.attempts += r.attempts.len();
            for (a, p) in r.attempts.iter().zip(record_phases(r)) {
                let Some(t) = &a.timing else { continue };
                s.matched += 1;
                if t.hidden() {
                    s.hidden += 1;
                    continue;
                }
                if t.by_worker() {
                    s.by_worker += 1;
                }
                if !t.protocol.is_empty() {
                    *protocols.entry(t.protocol.as_str()).or_default() += 1;
                }
                if let Some(p) = p {
                    s.browser_queued_ms = Some(
                        s.browser_queued_ms
                            .map_or(p.browser, |m: f64| m.max(p.browser)),
                    );
                }
                if a.outcome.class() == super::OutcomeClass::Ok {
                    server.extend(t.server_ms());
                }
            }
        }
        s.protocol = protocols
            .into_iter()
            .max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(x.0)))
            .map(|(p, _)| p.to_string());
        crate::sort::f64s(&mut server);
        s.server_median_ms = median(&server);
        s.unmatched_shared = if s.matched > 0 { unmatched_shared } else { 0 };
        s
    }

    /// Every matched entry had its phases zeroed: a server without Timing-Allow-Origin.
    pub fn all_hidden(&self) -> bool {
        self.matched > 0 && self.hidden == self.matched
    }
}

fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => sorted.get(n / 2).copied(),
        _ => Some((sorted.get(n / 2 - 1)? + sorted.get(n / 2)?) / 2.0),
    }
}

mod matcher;
pub use matcher::{match_entries, Attempted, Matcher};

#[cfg(test)]
mod tests;
