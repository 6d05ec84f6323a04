//! The run in progress, as the live charts see it. Every engine event updates
//! it in O(1) (amortised), and nothing in it grows with more than N small
//! fixed-size entries, so a frame never walks or copies all records so far.
//! In flight counts fetch attempts only: backoff and rate waits are not in flight.
#![deny(missing_docs)]
use crate::config::Settings;
use crate::engine::{Event, OutcomeClass};
use crate::state::Progress;
use crate::viz::live::{LiveHistogram, LiveRows, LiveSpans, LiveSteps};
use crate::viz::Span;

/// Points the in-flight trace keeps (twice this at most).
const TRACE_POINTS: usize = 600;

/// The run in progress, as the live charts see it.
pub struct LiveRun {
    /// The settings it was started with.
    pub settings: Settings,
    /// Clock time the run began (ms); the zero of every live chart.
    pub began_ms: f64,
    /// One per request, 1..=N.
    pub spans: LiveSpans,
    /// The waterfall's merged rows.
    pub rows: LiveRows,
    /// Fetch attempts in flight over time.
    pub steps: LiveSteps,
    /// Spans of the attempts that succeeded.
    pub latencies: LiveHistogram,
    /// Requests with a final outcome.
    pub done: usize,
}

impl LiveRun {
    /// An empty live run of `settings.n` requests, begun at `began_ms`.
    pub fn new(settings: Settings, began_ms: f64) -> Self {
        let n = settings.n;
        LiveRun {
            settings,
            began_ms,
            spans: LiveSpans::new(n, began_ms),
            rows: LiveRows::new(n, began_ms),
            steps: LiveSteps::new(began_ms, TRACE_POINTS),
            latencies: LiveHistogram::default(),
            done: 0,
        }
    }

    /// Takes one engine event that happened at `now`.
    pub fn apply(&mut self, event: &Event<'_>, now: f64) {
        let (Event::Started(record) | Event::AttemptEnded(record) | Event::Finished(record)) =
            event;
        let Some(i) = record.index.checked_sub(1) else {
            return;
        };
        let Some(before) = self.spans.get(i) else {
            return;
        };
        let after = Span::from(*record);
        match event {
            Event::Started(_) => self.steps.step(now, 1),
            Event::AttemptEnded(_) => {
                self.steps.step(now, -1);
                if let Some(a) = record.attempts.last() {
                    if a.outcome.class() == OutcomeClass::Ok {
                        self.latencies.add(a.ended - a.started);
                    }
                }
            }
            Event::Finished(_) => self.done += 1,
        }
        // Only a first start or a final outcome changes what the waterfall shows.
        if before.started.is_none() != after.started.is_none() || before.class != after.class {
            self.spans.set(i, &after);
            self.rows.update(i, &before, &after);
        }
    }
}

impl Progress {
    /// The progress line's words: the strategy (with its sweep point), how
    /// many requests are done of how many, and, while the plan still runs,
    /// that the ideal is being replayed.
    pub fn describe(&self, running: bool) -> String {
        if self.total == 0 {
            return "No run yet".to_string();
        }
        let mut name = self
            .language
            .named(self.strategy.map_or("", |s| s.id()).to_string());
        if let Some(s) = self.sweep {
            name += &format!(" k={} (sweep point {} of {})", s.k, s.index, s.of);
        }
        let replaying = if self.replaying && running {
            " · replaying for the ideal…"
        } else {
            ""
        };
        format!("{name}: {} / {} done{replaying}", self.done, self.total)
    }
}
