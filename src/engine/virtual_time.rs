//! Virtual time: a clock that jumps straight to the next timer whenever every
//! future is waiting, and the tiny executor that drives it. Runs are exact and
//! instant, so tests can assert wall times to the millisecond and a run can be
//! replayed as it would ideally have gone.
use super::Clock;
use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering as AtomicOrdering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// A clock whose time moves only when the executor advances it; clones share one time.
#[derive(Clone, Default)]
pub struct VirtualClock(Rc<Timers>);

#[derive(Default)]
struct Timers {
    now: Now,
    next_id: Cell<u64>,
    /// Live timers only: a dropped `Sleep` removes itself, so it can neither
    /// hold the run open nor make time jump.
    live: RefCell<BTreeMap<Due, Waker>>,
}

/// The time, where wakers (which must be `Send + Sync`) can read it too.
#[derive(Clone, Default)]
struct Now(Arc<AtomicU64>);

impl Now {
    fn get(&self) -> f64 {
        f64::from_bits(self.0.load(AtomicOrdering::Relaxed))
    }

    fn set(&self, ms: f64) {
        self.0.store(ms.to_bits(), AtomicOrdering::Relaxed);
    }
}

/// When a timer fires; the id breaks ties in registration order.
#[derive(Clone, Copy, Debug)]
struct Due {
    at: f64,
    id: u64,
}

impl Ord for Due {
    fn cmp(&self, other: &Self) -> Ordering {
        self.at.total_cmp(&other.at).then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Due {}

impl VirtualClock {
    /// A clock at 0 ms with no timers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves time forward by `ms` at once and wakes the timers that became due:
    /// what a page busy for `ms` does to its timers.
    pub fn advance_ms(&self, ms: f64) {
        let now = self.0.now.get() + ms.max(0.0);
        self.0.now.set(now);
        self.wake_due();
    }

    /// Runs `fut` to completion on this clock; `Err` if it can never finish.
    pub fn block_on<F: Future>(&self, fut: F) -> Result<F::Output, Stalled> {
        let mut stepper = Stepper::new(self.clone(), fut);
        loop {
            if let Some(done) = stepper.step(|| true) {
                return done;
            }
        }
    }

    /// Jumps to the earliest live timer and wakes every timer due then;
    /// `false` if there is none.
    fn fire_next(&self) -> bool {
        let first = self
            .0
            .live
            .borrow()
            .first_key_value()
            .map(|(due, _)| due.at);
        match first {
            Some(at) => {
                self.0.now.set(self.0.now.get().max(at));
                self.wake_due();
                true
            }
            None => false,
        }
    }

    fn wake_due(&self) {
        let now = self.0.now.get();
        let mut due = Vec::new();
        {
            let mut live = self.0.live.borrow_mut();
            while let Some(entry) = live.first_entry() {
                if entry.key().at > now {
                    break;
                }
                due.push(entry.remove());
            }
        }
        // Woken outside the borrow: a waker may run code that touches timers.
        due.into_iter().for_each(Waker::wake);
    }
}

impl Clock for VirtualClock {
    type Sleep = Sleep;

    fn now_ms(&self) -> f64 {
        self.0.now.get()
    }

    fn sleep_ms(&self, ms: f64) -> Sleep {
        Sleep {
            timers: self.0.clone(),
            // NaN and negative waits are no wait; `f64::max` drops the NaN.
            at: self.0.now.get() + ms.max(0.0),
            key: None,
        }
    }

    fn stamp(&self) -> Option<super::clock::Stamp> {
        let now = self.0.now.clone();
        Some(Arc::new(move || now.get()))
    }
}

/// A wait on a `VirtualClock`; it registers its timer on first poll.
pub struct Sleep {
    timers: Rc<Timers>,
    at: f64,
    key: Option<Due>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if this.timers.now.get() >= this.at {
            this.unregister();
            return Poll::Ready(());
        }
        if !this.at.is_finite() {
            // An endless wait is no timer: it must not drag time to infinity.
            return Poll::Pending;
        }
        let key = *this.key.get_or_insert_with(|| {
            let id = this.timers.next_id.get();
            this.timers.next_id.set(id + 1);
            Due { at: this.at, id }
        });
        let mut live = this.timers.live.borrow_mut();
        match live.get_mut(&key) {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            Some(waker) => waker.clone_from(cx.waker()),
            None => {
                live.insert(key, cx.waker().clone());
            }
        }
        Poll::Pending
    }
}

impl Sleep {
    fn unregister(&mut self) {
        if let Some(key) = self.key.take() {
            self.timers.live.borrow_mut().remove(&key);
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        self.unregister();
    }
}

/// The root future waits on something no timer or wake will ever bring.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[error("stalled at {at_ms} ms of virtual time: everything waits and no timer is left")]
pub struct Stalled {
    /// The virtual time when it stalled.
    pub at_ms: f64,
}

/// Set by the root waker: something asked to be polled again.
#[derive(Default)]
struct Woken(AtomicBool);

impl Wake for Woken {
    fn wake(self: Arc<Self>) {
        self.0.store(true, AtomicOrdering::Relaxed);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, AtomicOrdering::Relaxed);
    }
}

/// Drives one future on a `VirtualClock` a chunk at a time, so a page can
/// yield to its event loop between chunks.
pub struct Stepper<F: Future> {
    clock: VirtualClock,
    root: Option<Pin<Box<F>>>,
    woken: Arc<Woken>,
    waker: Waker,
}

impl<F: Future> Stepper<F> {
    /// Takes `fut`, which must wait only on `clock` (or on futures it drives itself).
    pub fn new(clock: VirtualClock, fut: F) -> Self {
        let woken = Arc::new(Woken::default());
        let waker = Waker::from(woken.clone());
        Stepper {
            clock,
            root: Some(Box::pin(fut)),
            woken,
            waker,
        }
    }

    /// The clock this stepper advances.
    pub fn clock(&self) -> &VirtualClock {
        &self.clock
    }

    /// Polls the future, advancing time whenever nothing was woken, until it
    /// finishes or stalls (`Some`) or `keep_going()` says stop (`None`).
    /// Each call makes at least one poll; one poll can be long (join_all's
    /// first poll creates all N requests), so check the time in `keep_going`.
    /// After `Some`, the future is gone and later calls report a stall.
    pub fn step(
        &mut self,
        mut keep_going: impl FnMut() -> bool,
    ) -> Option<Result<F::Output, Stalled>> {
        let stalled = Stalled {
            at_ms: self.clock.now_ms(),
        };
        let root = match self.root.as_mut() {
            Some(root) => root,
            None => return Some(Err(stalled)),
        };
        let mut cx = Context::from_waker(&self.waker);
        let done = loop {
            self.woken.0.store(false, AtomicOrdering::Relaxed);
            if let Poll::Ready(out) = root.as_mut().poll(&mut cx) {
                break Ok(out);
            }
            // A wake during the poll means more work at this same instant.
            if !self.woken.0.load(AtomicOrdering::Relaxed) && !self.clock.fire_next() {
                break Err(Stalled {
                    at_ms: self.clock.now_ms(),
                });
            }
            if !keep_going() {
                return None;
            }
        };
        self.root = None;
        Some(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::future::{join, select, Either};
    use std::pin::pin;

    #[test]
    fn sleeps_end_at_their_exact_times() {
        let clock = VirtualClock::new();
        let ends = RefCell::new(Vec::new());
        let sleeper = |ms: f64| {
            let (clock, ends) = (&clock, &ends);
            async move {
                clock.sleep_ms(ms).await;
                ends.borrow_mut().push((ms, clock.now_ms()));
            }
        };
        let all = futures::future::join_all([250.0, 10.0, 0.0, 10.0, 0.1].map(sleeper));
        assert!(clock.block_on(all).is_ok());
        let ends = ends.into_inner();
        assert_eq!(ends.len(), 5);
        assert!(ends.iter().all(|(ms, at)| ms == at), "{ends:?}");
        assert_eq!(clock.now_ms(), 250.0);
    }

    #[test]
    fn a_dropped_sleep_neither_holds_the_run_nor_moves_time() {
        let clock = VirtualClock::new();
        let run = async {
            // The 10 ms sleep wins; the 1000 ms one is dropped unfired.
            let short = pin!(clock.sleep_ms(10.0));
            let long = pin!(clock.sleep_ms(1000.0));
            assert!(matches!(select(short, long).await, Either::Left(_)));
            clock.sleep_ms(5.0).await;
            clock.now_ms()
        };
        assert_eq!(clock.block_on(run), Ok(15.0));
        assert_eq!(clock.now_ms(), 15.0, "the dropped timer did not fire");
    }

    #[test]
    fn waiting_on_nothing_is_a_stall_not_a_hang() {
        let clock = VirtualClock::new();
        let never = async {
            clock.sleep_ms(40.0).await;
            futures::future::pending::<()>().await;
        };
        assert_eq!(clock.block_on(never), Err(Stalled { at_ms: 40.0 }));
        assert_eq!(
            clock.block_on(clock.sleep_ms(f64::INFINITY)),
            Err(Stalled { at_ms: 40.0 })
        );
    }

    #[test]
    fn advance_fires_every_timer_it_passes() {
        let clock = VirtualClock::new();
        let woke = async {
            clock.sleep_ms(300.0).await;
            clock.now_ms()
        };
        let stall = async {
            clock.sleep_ms(100.0).await;
            clock.advance_ms(1000.0);
        };
        // The 300 ms timer fires late, at 1100 ms, like one on a busy page.
        assert_eq!(clock.block_on(join(woke, stall)), Ok((1100.0, ())));
    }

    #[test]
    fn stepper_stops_when_asked_and_resumes() {
        let clock = VirtualClock::new();
        let ticks = async {
            for _ in 0..10 {
                clock.sleep_ms(1.0).await;
            }
            clock.now_ms()
        };
        let mut stepper = Stepper::new(clock.clone(), ticks);
        let mut polls = 0;
        let mut chunks = 0;
        let done = loop {
            chunks += 1;
            let budget = Cell::new(3);
            if let Some(done) = stepper.step(|| {
                budget.set(budget.get() - 1);
                budget.get() > 0
            }) {
                break done;
            }
            polls += 3;
            assert_eq!(stepper.clock().now_ms(), f64::from(polls));
        };
        assert_eq!(done, Ok(10.0));
        assert_eq!(chunks, 4);
        assert_eq!(stepper.step(|| true), Some(Err(Stalled { at_ms: 10.0 })));
    }
}
