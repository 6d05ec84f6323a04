//! The per-request logic every strategy shares: rate limit, timeout, retries,
//! cancel, in-flight counting and the records. Strategies only decide *when*
//! `request(i)` is called.
use super::{Attempt, CancelToken, Clock, Counts, Outcome, Record, Requester, RunOptions};
use futures::future::{select, Either};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;

/// What a strategy drives: requests 1..=n, each run to its final outcome by `request(i)`.
pub trait Batch {
    /// N, the number of requests.
    fn n(&self) -> usize;
    /// Marks request `index` as queued now (the first call wins).
    fn enqueue(&self, index: usize);
    /// Runs request `index` (1..=N) to exactly one final outcome.
    fn request(&self, index: usize) -> impl Future<Output = ()> + '_;
}

/// Why `guard` stopped waiting.
#[derive(Debug, PartialEq, Eq)]
pub enum Interrupt {
    Timeout,
    Cancelled,
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
    /// This request has its final outcome.
    Finished(&'a Record),
}

pub(crate) struct Runner<'a, R, C, E> {
    requester: &'a R,
    clock: &'a C,
    opts: &'a RunOptions,
    cancel: &'a CancelToken,
    on_event: &'a E,
    records: RefCell<Vec<Record>>,
    in_flight: Cell<usize>,
    max_in_flight: Cell<usize>,
    next_slot: Cell<f64>,
}

impl<'a, R: Requester, C: Clock, E: Fn(Event<'_>)> Runner<'a, R, C, E> {
    pub(crate) fn new(
        requester: &'a R,
        clock: &'a C,
        opts: &'a RunOptions,
        cancel: &'a CancelToken,
        on_event: &'a E,
    ) -> Self {
        let records = (1..=opts.n)
            .map(|i| Record::new(i, requester.url(i)))
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
            next_slot: Cell::new(f64::NEG_INFINITY),
        }
    }

    /// The start time this attempt may use under the rate limit: slots are 1000/R ms apart.
    fn take_rate_slot(&self, per_sec: f64) -> f64 {
        let slot = self.next_slot.get().max(self.clock.now_ms());
        self.next_slot.set(slot + 1000.0 / per_sec);
        slot
    }

    fn begin_attempt(&self, index: usize) -> f64 {
        let now = self.clock.now_ms();
        let in_flight = self.in_flight.get() + 1;
        self.in_flight.set(in_flight);
        self.max_in_flight
            .set(self.max_in_flight.get().max(in_flight));
        let mut records = self.records.borrow_mut();
        let record = &mut records[index - 1];
        record.started.get_or_insert(now);
        (self.on_event)(Event::Started(record));
        now
    }

    fn end_attempt(&self, index: usize, started: f64, outcome: Outcome) {
        self.in_flight.set(self.in_flight.get() - 1);
        let ended = self.clock.now_ms();
        self.records.borrow_mut()[index - 1].attempts.push(Attempt {
            started,
            ended,
            outcome,
        });
    }

    fn finish(&self, index: usize, outcome: Outcome) {
        let mut records = self.records.borrow_mut();
        let record = &mut records[index - 1];
        record.ended = Some(self.clock.now_ms());
        record.outcome = Some(outcome);
        (self.on_event)(Event::Finished(record));
    }

    /// Tries request `index` until it succeeds, fails for good, or is cancelled.
    async fn run_request(&self, index: usize) {
        self.enqueue(index);
        let mut attempt = 0;
        let outcome = loop {
            if self.cancel.is_cancelled() {
                break Outcome::Cancelled;
            }
            if let Some(per_sec) = self.opts.rate_per_sec {
                let wait = self.take_rate_slot(per_sec) - self.clock.now_ms();
                if wait > 0.0 && self.pause(wait).await.is_err() {
                    break Outcome::Cancelled;
                }
            }
            let started = self.begin_attempt(index);
            let fetch = self.requester.start(index, attempt);
            let outcome = match guard(fetch, self.clock, self.opts.timeout_ms, self.cancel).await {
                Ok(outcome) => outcome,
                Err(Interrupt::Timeout) => Outcome::Timeout,
                Err(Interrupt::Cancelled) => Outcome::Cancelled,
            };
            self.end_attempt(index, started, outcome.clone());
            if attempt < self.opts.retry.max_retries && outcome.is_retryable() {
                let backoff = self.opts.retry.backoff_ms(self.opts.seed, index, attempt);
                if self.pause(backoff).await.is_err() {
                    break Outcome::Cancelled;
                }
                attempt += 1;
                continue;
            }
            break outcome;
        };
        self.finish(index, outcome);
    }

    /// Sleeps, but wakes early (as `Err`) on cancel.
    async fn pause(&self, ms: f64) -> Result<(), Interrupt> {
        guard(self.clock.sleep_ms(ms), self.clock, None, self.cancel).await
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
        (records, self.max_in_flight.get(), swept)
    }
}

impl<R: Requester, C: Clock, E: Fn(Event<'_>)> Batch for Runner<'_, R, C, E> {
    fn n(&self) -> usize {
        self.opts.n
    }

    fn enqueue(&self, index: usize) {
        let now = self.clock.now_ms();
        self.records.borrow_mut()[index - 1]
            .queued
            .get_or_insert(now);
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
