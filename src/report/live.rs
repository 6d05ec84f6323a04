//! The run in progress, as the live charts see it: light per-request spans for
//! the waterfall, and per-attempt fetch spans for the in-flight chart, so that
//! backoff and rate waits are not counted as in flight, live or after.
use crate::config::Settings;
use crate::engine::{Event, OutcomeClass};
use crate::viz::Span;

pub struct LiveRun {
    pub settings: Settings,
    pub began_ms: f64,
    /// One per request, 1..=N.
    pub spans: Vec<Span>,
    /// Fetch attempts that ended, as (start, end).
    pub attempts: Vec<(f64, f64)>,
    /// Per request, when its current attempt started, while one is in flight.
    pub open_since: Vec<Option<f64>>,
    /// Spans of the attempts that succeeded.
    pub ok_attempts: Vec<f64>,
    /// Requests with a final outcome.
    pub done: usize,
}

impl LiveRun {
    pub fn new(settings: Settings, began_ms: f64) -> Self {
        let n = settings.n;
        LiveRun {
            settings,
            began_ms,
            spans: vec![Span::default(); n],
            attempts: Vec::new(),
            open_since: vec![None; n],
            ok_attempts: Vec::new(),
            done: 0,
        }
    }

    /// Takes one engine event that happened at `now`.
    pub fn apply(&mut self, event: &Event<'_>, now: f64) {
        let (Event::Started(record) | Event::AttemptEnded(record) | Event::Finished(record)) =
            event;
        let Some(i) = record
            .index
            .checked_sub(1)
            .filter(|i| *i < self.spans.len())
        else {
            return;
        };
        self.spans[i] = Span::from(*record);
        match event {
            Event::Started(_) => self.open_since[i] = Some(now),
            Event::AttemptEnded(_) => {
                self.open_since[i] = None;
                if let Some(a) = record.attempts.last() {
                    self.attempts.push((a.started, a.ended));
                    if a.outcome.class() == OutcomeClass::Ok {
                        self.ok_attempts.push(a.ended - a.started);
                    }
                }
            }
            Event::Finished(_) => self.done += 1,
        }
    }

    /// Every attempt so far; those still in flight end at `now`.
    pub fn intervals(&self, now: f64) -> Vec<(f64, f64)> {
        let open = self.open_since.iter().flatten().map(|&s| (s, now));
        self.attempts.iter().copied().chain(open).collect()
    }
}
