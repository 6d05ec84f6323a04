//! The waterfall's phase segments: each attempt of a request, split as
//! Resource Timing measured it (DevTools calls them Queueing/Stalled, Waiting
//! and Content Download).
use crate::engine::timing::{record_phases, Answerer};
use crate::engine::{OutcomeClass, Record};

/// What a stretch of a row means; each kind has its own colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Fetch issued → request sent: the browser's connection queue, stall, DNS, connect.
    Browser,
    /// Request sent → first byte, at a real server.
    Server,
    /// Worker started → first byte: the simulated server's service worker.
    Worker,
    /// First byte → last byte.
    Download,
    /// Last byte → the engine saw the outcome.
    Page,
    /// An attempt without measured phases, in its outcome's colour.
    Whole(OutcomeClass),
}

impl Kind {
    /// The words the legend and the read-out use.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Browser => "waiting in the browser",
            Kind::Server => "server",
            Kind::Worker => "service worker",
            Kind::Download => "download",
            Kind::Page => "page",
            Kind::Whole(_) => "fetch (phases not measured)",
        }
    }
}

/// One drawn stretch, in ms on the run's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// Where the stretch starts (ms).
    pub from: f64,
    /// Where the stretch ends (ms).
    pub to: f64,
    /// Which phase it is, and so its colour.
    pub kind: Kind,
}

/// Every attempt of `record` as segments; the gaps between attempts (and
/// before the first) are the engine's waits, drawn as queued.
pub fn segments(record: &Record) -> Vec<Segment> {
    let mut out = Vec::new();
    for (a, p) in record.attempts.iter().zip(record_phases(record)) {
        let Some(p) = p else {
            out.push(Segment {
                from: a.started,
                to: a.ended,
                kind: Kind::Whole(a.outcome.class()),
            });
            continue;
        };
        let answer = match p.answerer {
            Answerer::Server => Kind::Server,
            Answerer::Worker => Kind::Worker,
        };
        let mut at = a.started;
        for (ms, kind) in [
            (p.browser, Kind::Browser),
            (p.answer, answer),
            (p.download, Kind::Download),
            (p.page, Kind::Page),
        ] {
            out.push(Segment {
                from: at,
                to: at + ms,
                kind,
            });
            at += ms;
        }
    }
    out
}
