//! The per-request logic every strategy shares: rate limit, timeout, retries,
//! cancel, in-flight counting and the records. Strategies only decide *when*
//! `request(i)` is called.
use super::polls::Counted;
use super::{
    Attempt, CancelToken, Clock, Counts, Outcome, Pacing, Polls, Record, Requester, RunOptions,
};
use futures::future::{select, Either};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;
use tokio::sync::SemaphorePermit;

/// What a strategy drives: requests 1..=n, each run to its final outcome by `request(i)`.
pub trait Batch {
    /// N, the number of requests.
    fn n(&self) -> usize;
    /// Runs request `index` (1..=N) to exactly one final outcome.
    fn request(&self, index: usize) -> impl Future<Output = ()> + '_;
}

/// Why `guard` stopped waiting.
#[derive(Debug, PartialEq, Eq)]
pub enum Interrupt {
    /// The attempt's timeout or the request's deadline passed first.
    Timeout,
    /// Cancel was pressed first.
    Cancelled,
}

impl From<Interrupt> for Outcome {
    fn from(interrupt: Interrupt) -> Self {
        match interrupt {
            Interrupt::Timeout => Outcome::Timeout,
            Interrupt::Cancelled => Outcome::Cancelled,
        }
    }
}

/// Awaits `work`, unless the timeout or the cancel comes first. Dropping
/// `work` is how a fetch gets aborted: the browser layer aborts on drop.
pub async fn guard<F: Future, C: Clock>(
    work: F,
    clock: &C,
    timeout_ms: Option<f64>,
    cancel: &CancelToken,
) -> Result<F::Output, Interrupt> {
    let work = pin!(work);
    let cancelled = pin!(cancel.cancelled());
    match timeout_ms {
        None => match select(work, cancelled).await {
            Either::Left((out, _)) => Ok(out),
            Either::Right(_) => Err(Interrupt::Cancelled),
        },
        Some(ms) => {
            let timer = pin!(clock.sleep_ms(ms));
            match select(work, select(cancelled, timer)).await {
                Either::Left((out, _)) => Ok(out),
                Either::Right((Either::Left(_), _)) => Err(Interrupt::Cancelled),
                Either::Right((Either::Right(_), _)) => Err(Interrupt::Timeout),
            }
        }
    }
}

/// A live event for the UI.
pub enum Event<'a> {
    /// An attempt of this request just called fetch.
    Started(&'a Record),
    /// An attempt of this request just ended: the record's last attempt.
    AttemptEnded(&'a Record),
    /// This request has its final outcome.
    Finished(&'a Record),
}

/// Within this much of its time, a wait counts as over: float rounding (or an
/// early browser timer) must cost neither an extra wait nor an endless loop.
const EPSILON_MS: f64 = 1e-6;

pub(crate) struct Runner<'a, R, C, E> {
    requester: &'a R,
    clock: &'a C,
    opts: &'a RunOptions,
    cancel: &'a CancelToken,
    on_event: &'a E,
    records: RefCell<Vec<Record>>,
    in_flight: Cell<usize>,
    max_in_flight: Cell<usize>,
    /// The budget and rate schedule of the press, if this run shares them.
    shared: Option<&'a Pacing>,
    /// This run's own, when it shares none.
    own: Pacing,
    /// Every request poll so far (lesson 002 reads it when its hold ends).
    polled: Cell<u64>,
}

impl<'a, R: Requester, C: Clock, E: Fn(Event<'_>)> Runner<'a, R, C, E> {
    /// Every request counts as queued from `began`, the batch's start.
    pub(crate) fn new(
        requester: &'a R,
        clock: &'a C,
        opts: &'a RunOptions,
        cancel: &'a CancelToken,
        on_event: &'a E,
        began: f64,
    ) -> Self {
        // URLs are filled in at each request's first start (`begin_attempt`):
        // formatting 100,000 of them here would block the page before the
        // first fetch.
        let records = (1..=opts.n)
            .map(|i| Record {
                queued: Some(began),
                ..Record::new(i, String::new())
            })
            .collect();
        Runner {
            requester,
            clock,
            opts,
            cancel,
            on_event,
            records: RefCell::new(records),
            in_flight: Cell::new(0),
            max_in_flight: Cell::new(0),
            shared: None,
            own: Pacing::unlimited(),
            polled: Cell::new(0),
        }
    }

    /// Shares `pacing` (budget and rate schedule) with the press's other runs.
    pub(crate) fn paced(mut self, pacing: &'a Pacing) -> Self {
        self.shared = Some(pacing);
        self
    }

    fn pacing(&self) -> &Pacing {
        self.shared.unwrap_or(&self.own)
    }

    /// Waits for this attempt's turn under the rate limit: first
    /// its place in line, then its slot of the schedule (see `Schedule`). The
    /// slot is re-checked after every wake, so a wake can release only slots
    /// that are due, never one early.
    async fn rate_turn(&self) -> Option<SemaphorePermit<'_>> {
        // Err only if the gate were closed, which this code never does.
        let permit = self.pacing().rate_gate.acquire().await.ok();
        loop {
            let wait = self.pacing().wait_ms(self.clock.now_ms());
            if wait <= EPSILON_MS {
                break;
            }
            self.clock.sleep_ms(wait).await;
        }
        permit
    }

    /// `rate`: the limit, and when this attempt began waiting for its turn.
    fn begin_attempt(&self, index: usize, rate: Option<(f64, f64)>) -> f64 {
        let now = self.clock.now_ms();
        if let Some((per_sec, arrived)) = rate {
            self.pacing().started_at(now, 1000.0 / per_sec, arrived);
        }
        let in_flight = self.in_flight.get() + 1;
        self.in_flight.set(in_flight);
        self.max_in_flight
            .set(self.max_in_flight.get().max(in_flight));
        let mut records = self.records.borrow_mut();
        let record = record_mut(&mut records, index);
        if record.started.is_none() {
            record.started = Some(now);
            record.url = self.requester.url(index);
        }
        (self.on_event)(Event::Started(record));
        now
    }

    fn end_attempt(&self, index: usize, started: f64, outcome: Outcome) {
        self.in_flight.set(self.in_flight.get() - 1);
        let ended = self.clock.now_ms();
        let mut records = self.records.borrow_mut();
        let record = record_mut(&mut records, index);
        // Most requests make one attempt: not the 4 slots a first push reserves.
        record.attempts.reserve_exact(1);
        record.attempts.push(Attempt {
            started,
            ended,
            outcome,
            timing: None,
        });
        (self.on_event)(Event::AttemptEnded(record));
    }

    fn finish(&self, index: usize, outcome: Outcome, polls: Polls) {
        let mut records = self.records.borrow_mut();
        let record = record_mut(&mut records, index);
        record.ended = Some(self.clock.now_ms());
        record.outcome = Some(outcome);
        record.polls = polls;
        (self.on_event)(Event::Finished(record));
    }

    async fn run_request(&self, index: usize) {
        // Counted here, once for every strategy: each poll of the request
        // is a poll of `attempts`, so its counts are the request's.
        let counted = Counted::new(self.attempts(index), self.clock, Some(&self.polled));
        let (outcome, polls) = counted.await;
        self.finish(index, outcome, polls);
    }

    /// Every request poll so far.
    pub(crate) fn polled(&self) -> u64 {
        self.polled.get()
    }

    /// Tries request `index` until it succeeds, fails for good, runs out of
    /// time (the deadline) or is cancelled; returns its final outcome.
    async fn attempts(&self, index: usize) -> Outcome {
        let rate = self.opts.rate_per_sec.filter(|r| *r > 0.0);
        // Absolute time the request must end by; set at its first start.
        let mut deadline = None;
        let mut attempt = 0;
        // The last attempt's outcome: what a retry the budget refuses leaves standing.
        let mut last = Outcome::Cancelled;
        loop {
            if self.pacing().spent() {
                self.pacing().refuse();
                return last;
            }
            let arrived = self.clock.now_ms();
            let turn = match rate {
                Some(_) => match self.wait(self.rate_turn(), deadline).await {
                    Ok(turn) => turn,
                    Err(interrupt) => return interrupt.into(),
                },
                None => None,
            };
            // Checked here, not before the wait: a wait and Cancel can be
            // ready in the same poll, and no fetch may go out after Cancel.
            if self.cancel.is_cancelled() {
                return Outcome::Cancelled;
            }
            if deadline.is_some_and(|d| self.clock.now_ms() >= d - EPSILON_MS) {
                return Outcome::Timeout;
            }
            if !self.pacing().take() {
                return last;
            }
            let started = self.begin_attempt(index, rate.map(|r| (r, arrived)));
            drop(turn); // the next in line may now wait out its gap
            if attempt == 0 {
                deadline = self.opts.deadline_ms.map(|ms| started + ms);
            }
            // The per-attempt timeout, or what is left of the deadline if sooner.
            let left = self.left(deadline);
            let (limit, by_deadline) = match (self.opts.timeout_ms, left) {
                (Some(timeout), Some(left)) if timeout < left => (Some(timeout), false),
                (_, Some(left)) => (Some(left), true),
                (timeout, None) => (timeout, false),
            };
            let fetch = self.requester.start(index, attempt);
            let result = guard(fetch, self.clock, limit, self.cancel).await;
            let out_of_time = by_deadline && result == Err(Interrupt::Timeout);
            let outcome = result.unwrap_or_else(Outcome::from);
            self.end_attempt(index, started, outcome.clone());
            if out_of_time || attempt >= self.opts.retry.max_retries || !outcome.is_retryable() {
                return outcome;
            }
            last = outcome;
            let backoff = self.opts.retry.backoff_ms(self.opts.seed, index, attempt);
            if let Err(interrupt) = self.wait(self.clock.sleep_ms(backoff), deadline).await {
                return interrupt.into();
            }
            attempt += 1;
        }
    }

    /// Awaits `work`, unless Cancel or the request's deadline comes first.
    async fn wait<F: Future>(
        &self,
        work: F,
        deadline: Option<f64>,
    ) -> Result<F::Output, Interrupt> {
        guard(work, self.clock, self.left(deadline), self.cancel).await
    }

    /// The time left before `deadline`, if there is one.
    fn left(&self, deadline: Option<f64>) -> Option<f64> {
        deadline.map(|d| (d - self.clock.now_ms()).max(0.0))
    }

    /// The run's result. A request the strategy never ran would be recorded
    /// as cancelled and counted in `swept`, which the tests require to be 0.
    pub(crate) fn into_report(self) -> (Vec<Record>, usize, usize) {
        let now = self.clock.now_ms();
        let mut records = self.records.into_inner();
        let mut swept = 0;
        for record in records.iter_mut().filter(|r| r.outcome.is_none()) {
            record.outcome = Some(Outcome::Cancelled);
            record.ended = Some(now);
            swept += 1;
        }
        // Requests cancelled before they started still name what they would have fetched.
        for record in records.iter_mut().filter(|r| r.url.is_empty()) {
            record.url = self.requester.url(record.index);
        }
        (records, self.max_in_flight.get(), swept)
    }
}

impl<R: Requester, C: Clock, E: Fn(Event<'_>)> Batch for Runner<'_, R, C, E> {
    fn n(&self) -> usize {
        self.opts.n
    }

    fn request(&self, index: usize) -> impl Future<Output = ()> + '_ {
        self.run_request(index)
    }
}

/// Counts per outcome class of finished records.
pub fn count(records: &[Record]) -> Counts {
    let mut counts = Counts::default();
    for outcome in records.iter().filter_map(|r| r.outcome.as_ref()) {
        counts.add(outcome.class());
    }
    counts
}

/// Request `index`'s record (requests count from 1).
#[allow(
    clippy::indexing_slicing,
    reason = "the runner makes one record per request 1..=n and only passes those indices"
)]
fn record_mut(records: &mut [Record], index: usize) -> &mut Record {
    &mut records[index - 1]
}
