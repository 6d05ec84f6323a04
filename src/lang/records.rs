//! A worker run's records, built from its `start` and `end` messages into the
//! same shape a Rust run files: one record per request, one attempt each,
//! counts, the most in flight, the wall, queued from the batch's start.
use super::protocol::FromWorker;
use crate::engine::{count, Attempt, Event, Outcome, Record, RunReport, Strategy};

/// Why a message was not taken: the worker broke the protocol, and the
/// record it would have changed keeps what it had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// `i` is not one of the run's requests.
    #[error("request {0} is not one of this run's")]
    NoSuchRequest(usize),
    /// A second `start` for one request.
    #[error("request {0} started twice")]
    StartedTwice(usize),
    /// A second `end` for one request.
    #[error("request {0} ended twice")]
    EndedTwice(usize),
    /// A message after the run was filed.
    #[error("a message for run {0} after it ended")]
    AfterDone(u64),
}

/// What taking one message did.
#[derive(Clone, Debug, PartialEq)]
pub enum Took {
    /// A record changed (its events were handed on).
    Recorded,
    /// `end` before its `start`: held until the start comes.
    Held,
    /// Not this run's (an earlier run's late answer, or a status): ignored.
    NotOurs,
    /// The worker said `main` failed; the run will fill its records with it.
    Failed,
    /// The run is over: `finish` files it.
    Done,
}

/// One worker run being recorded. Times are on the run's clock (the page's
/// `performance.now()`): a message's `at` minus the page's `timeOrigin`.
pub struct Recorder {
    run: u64,
    strategy: Strategy,
    k: usize,
    page_origin: f64,
    began_ms: f64,
    records: Vec<Record>,
    /// An `end` that came before its request's `start`, by 0-based index.
    held: Vec<(usize, f64, Outcome)>,
    error: Option<String>,
    done: bool,
}

impl Recorder {
    /// Run `run` of `strategy` at limit `k` over `urls` (as the records name
    /// them), begun at `began_ms` on a page whose `timeOrigin` is `page_origin`.
    pub fn new(
        run: u64,
        strategy: Strategy,
        k: usize,
        urls: Vec<String>,
        began_ms: f64,
        page_origin: f64,
    ) -> Self {
        let records = urls
            .into_iter()
            .enumerate()
            .map(|(i, url)| Record {
                queued: Some(began_ms),
                ..Record::new(i + 1, url)
            })
            .collect();
        Recorder {
            run,
            strategy,
            k,
            page_origin,
            began_ms,
            records,
            held: Vec::new(),
            error: None,
            done: false,
        }
    }

    /// The page's `timeOrigin` the run's clock counts from.
    pub fn page_origin(&self) -> f64 {
        self.page_origin
    }

    /// The batch's start on the run's clock.
    pub fn began_ms(&self) -> f64 {
        self.began_ms
    }

    /// Moves the batch's start (a runtime that loaded after the run was sent:
    /// its requests queued from when it was ready). Only before any start.
    pub fn restart_at(&mut self, began_ms: f64) {
        if self.records.iter().all(|r| r.started.is_none()) {
            self.began_ms = began_ms;
            for r in &mut self.records {
                r.queued = Some(began_ms);
            }
        }
    }

    /// An epoch time from the worker, on the run's clock.
    fn page_ms(&self, at: f64) -> f64 {
        at - self.page_origin
    }

    /// Takes one message; a record it changes is handed to `on_event` as the
    /// engine's events (`Started`, then `AttemptEnded` and `Finished`).
    pub fn take(
        &mut self,
        message: &FromWorker,
        on_event: &impl Fn(Event<'_>),
    ) -> Result<Took, Refused> {
        if message.run() != Some(self.run) {
            return Ok(Took::NotOurs);
        }
        if self.done {
            return Err(Refused::AfterDone(self.run));
        }
        match message {
            FromWorker::Status(_) => Ok(Took::NotOurs),
            FromWorker::Start { i, at, .. } => self.start(*i, self.page_ms(*at), on_event),
            FromWorker::End { i, at, outcome, .. } => {
                self.end(*i, self.page_ms(*at), outcome.clone(), on_event)
            }
            FromWorker::Error { message, .. } => {
                self.error = Some(message.clone());
                Ok(Took::Failed)
            }
            FromWorker::Done { .. } => {
                self.done = true;
                Ok(Took::Done)
            }
        }
    }

    fn start(&mut self, i: usize, at: f64, on_event: &impl Fn(Event<'_>)) -> Result<Took, Refused> {
        let record = self.records.get_mut(i).ok_or(Refused::NoSuchRequest(i))?;
        if record.started.is_some() {
            return Err(Refused::StartedTwice(i));
        }
        record.started = Some(at);
        on_event(Event::Started(record));
        if let Some(pos) = self.held.iter().position(|(h, ..)| *h == i) {
            let (_, ended, outcome) = self.held.swap_remove(pos);
            return self.end(i, ended, outcome, on_event);
        }
        Ok(Took::Recorded)
    }

    fn end(
        &mut self,
        i: usize,
        at: f64,
        outcome: Outcome,
        on_event: &impl Fn(Event<'_>),
    ) -> Result<Took, Refused> {
        let record = self.records.get_mut(i).ok_or(Refused::NoSuchRequest(i))?;
        if record.outcome.is_some() || self.held.iter().any(|(h, ..)| *h == i) {
            return Err(Refused::EndedTwice(i));
        }
        let Some(started) = record.started else {
            self.held.push((i, at, outcome));
            return Ok(Took::Held);
        };
        // Two clocks, each coarsened: an end a hair before its start is the same moment.
        let ended = at.max(started);
        record.attempts.push(Attempt {
            started,
            ended,
            outcome: outcome.clone(),
            timing: None,
        });
        on_event(Event::AttemptEnded(record));
        record.ended = Some(ended);
        record.outcome = Some(outcome);
        on_event(Event::Finished(record));
        Ok(Took::Recorded)
    }

    /// The run as filed, at `now` (the run's clock): every request without an
    /// outcome gets one. Started ones end now, as the worker's error said
    /// (a network error) or else as cancelled; never-started ones are
    /// cancelled, with no attempt. When the worker failed without a Cancel,
    /// those never started are counted in `swept`: the strategy's code broke.
    pub fn finish(mut self, now: f64, cancelled_by_user: bool) -> RunReport {
        // An end whose start never came: the request did run, from unknown
        // until then; it is filed as started when it ended.
        for (i, ended, outcome) in std::mem::take(&mut self.held) {
            if let Some(record) = self.records.get_mut(i) {
                record.started = Some(ended);
                record.attempts.push(Attempt {
                    started: ended,
                    ended,
                    outcome: outcome.clone(),
                    timing: None,
                });
                record.ended = Some(ended);
                record.outcome = Some(outcome);
            }
        }
        let mut swept = 0;
        for record in self.records.iter_mut().filter(|r| r.outcome.is_none()) {
            let outcome = match (&self.error, record.started) {
                (Some(message), Some(_)) => Outcome::NetworkError {
                    message: format!("the strategy's code failed: {message}"),
                },
                _ => Outcome::Cancelled,
            };
            if let Some(started) = record.started {
                record.attempts.push(Attempt {
                    started,
                    ended: now.max(started),
                    outcome: outcome.clone(),
                    timing: None,
                });
            } else if !cancelled_by_user {
                swept += 1;
            }
            record.ended = Some(now);
            record.outcome = Some(outcome);
        }
        let max_in_flight = max_in_flight(&self.records);
        let first_start = self
            .records
            .iter()
            .filter_map(|r| r.started)
            .reduce(f64::min);
        let last_end = self.records.iter().filter_map(|r| r.ended).reduce(f64::max);
        let wall_ms = match (first_start, last_end) {
            (Some(a), Some(b)) => (b - a).max(0.0),
            _ => 0.0,
        };
        let n = self.records.len();
        RunReport {
            strategy: self.strategy,
            n,
            concurrency: self.strategy.concurrency(n, self.k.max(1)),
            began_ms: self.began_ms,
            wall_ms,
            max_in_flight,
            counts: count(&self.records),
            cancelled_by_user,
            swept,
            records: self.records,
            polls: None,
            experiment: None,
        }
    }

    /// The worker's error, if it reported one.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

/// When `event` happened by its record (on the run's clock, as the worker
/// timed it): a worker request has one attempt, so `Started` is the record's
/// start and an end is its attempt's. The live charts step on this rather
/// than on when the message reached the page, so they agree with the records.
pub fn event_ms(event: &Event<'_>) -> Option<f64> {
    match event {
        Event::Started(record) => record.started,
        Event::AttemptEnded(record) | Event::Finished(record) => {
            record.attempts.last().map(|a| a.ended)
        }
    }
}

/// The most attempts in flight at one moment, from their spans (the order
/// the messages came in does not matter); an end at the same moment as a
/// start frees its place first.
pub fn max_in_flight(records: &[Record]) -> usize {
    crate::stats::most_at_once(
        records
            .iter()
            .flat_map(|r| &r.attempts)
            .map(|a| (a.started, a.ended)),
    )
}
