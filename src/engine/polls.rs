//! Rust's own view of a run: how often each future was polled, woken, and
//! how long it spent inside `poll`, as tokio-console counts them for tasks.
//! One wrapper future ([`Counted`]) and one counting waker do it for every
//! request and for the strategy's top-level future, so the strategies' code
//! stays what the app shows.
use super::clock::{Clock, Stamp};
use futures::task::AtomicWaker;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// What one future went through. Compact (five integers, an array in
/// exports): a run of 100,000 requests keeps one per request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "[u32; 5]", into = "[u32; 5]")]
pub struct Polls {
    /// Times its `poll` was called.
    pub polls: u32,
    /// Polls that returned `Pending` although nothing had woken it since the
    /// previous poll: its parent polled it on another future's wake.
    pub wasted: u32,
    /// Times its waker was called.
    pub wakes: u32,
    /// From each wake to the poll that followed it, summed, in µs.
    pub wait_us: u32,
    /// Time spent inside its `poll`, summed, in µs (0 when not measured).
    pub busy_us: u32,
}

impl From<[u32; 5]> for Polls {
    fn from([polls, wasted, wakes, wait_us, busy_us]: [u32; 5]) -> Self {
        Polls {
            polls,
            wasted,
            wakes,
            wait_us,
            busy_us,
        }
    }
}

impl From<Polls> for [u32; 5] {
    fn from(p: Polls) -> Self {
        [p.polls, p.wasted, p.wakes, p.wait_us, p.busy_us]
    }
}

impl Polls {
    /// No polls at all: a record from a file written before polls were counted.
    pub fn is_zero(&self) -> bool {
        *self == Polls::default()
    }

    /// The sum of two counts (saturating: a count never wraps).
    pub fn plus(self, o: Polls) -> Polls {
        Polls {
            polls: self.polls.saturating_add(o.polls),
            wasted: self.wasted.saturating_add(o.wasted),
            wakes: self.wakes.saturating_add(o.wakes),
            wait_us: self.wait_us.saturating_add(o.wait_us),
            busy_us: self.busy_us.saturating_add(o.busy_us),
        }
    }
}

/// The run-level counts: the strategy's top-level future, and for lesson
/// 002 how many request polls happened during the hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunPolls {
    /// The strategy's own future (it polls the requests, so its busy time holds theirs).
    pub top: Polls,
    /// Request polls made before the hold ended (lesson 002's runs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_hold: Option<u64>,
}

/// How much [`Counted`] measures; one switch for the page (the bench turns it off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// Nothing: the wrapper only forwards the poll.
    Off,
    /// Polls, wasted polls and wakes, no clock reads.
    Counts,
    /// Counts plus busy time and wake-to-poll waits (two clock reads a poll).
    Timed,
}

thread_local! {
    // Per thread: the page has one, and parallel native tests don't share it.
    static COUNTING: Cell<Counting> = const { Cell::new(Counting::Timed) };
}

impl Counting {
    /// What runs started from now on measure.
    pub fn set(self) {
        COUNTING.with(|c| c.set(self));
    }

    /// What a run started now measures.
    pub fn get() -> Counting {
        COUNTING.with(Cell::get)
    }

    /// The `counting=` parameter of a page's query (without its `?`).
    pub fn from_query(query: &str) -> Option<Counting> {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("counting="))
            .and_then(Counting::from_id)
    }

    /// The switch's name in a page address (`?counting=`).
    pub fn from_id(id: &str) -> Option<Counting> {
        match id {
            "off" => Some(Counting::Off),
            "counts" => Some(Counting::Counts),
            "timed" => Some(Counting::Timed),
            _ => None,
        }
    }
}

/// The waker a counted future's children get: it counts, notes when the
/// first wake since the last poll came, and passes the wake on. Wakers must
/// be `Send + Sync`, hence atomics (plain loads and stores in wasm) and a
/// [`Stamp`] rather than the clock.
struct Wakes {
    parent: AtomicWaker,
    wakes: AtomicU32,
    woken: AtomicBool,
    /// f64 bits of the first wake's time since the last poll.
    woke_at: AtomicU64,
    stamp: Option<Stamp>,
}

impl Wake for Wakes {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Relaxed);
        if !self.woken.swap(true, Relaxed) {
            if let Some(stamp) = &self.stamp {
                self.woke_at.store(stamp().to_bits(), Relaxed);
            }
        }
        self.parent.wake();
    }
}

/// Made on the first poll: a future that is never polled costs nothing more.
struct Live {
    shared: Arc<Wakes>,
    waker: Waker,
}

/// Everything of [`Counted`] but the future and the clock: not generic, so
/// its code is in the bundle once, not once per counted future type.
struct Meter<'a> {
    mode: Counting,
    live: Option<Live>,
    counts: Polls,
    // Every poll of every request, for lesson 002's "polls during the hold".
    tally: Option<&'a Cell<u64>>,
    woken: bool,
    began: f64,
}

/// Milliseconds as whole µs, saturating (a negative or NaN span is 0).
fn micros(ms: f64) -> u32 {
    (ms * 1000.0).round() as u32
}

impl Meter<'_> {
    fn timed(&self) -> bool {
        self.mode == Counting::Timed
    }

    /// Before a poll at `now`: the waker the inner future is polled with,
    /// `None` when counting is off.
    fn enter(
        &mut self,
        parent: &Waker,
        now: f64,
        stamp: &dyn Fn() -> Option<Stamp>,
    ) -> Option<&Waker> {
        if let Some(tally) = self.tally {
            tally.set(tally.get() + 1);
        }
        if self.mode == Counting::Off {
            return None;
        }
        let timed = self.timed();
        let live = self.live.get_or_insert_with(|| {
            let shared = Arc::new(Wakes {
                parent: AtomicWaker::new(),
                wakes: AtomicU32::new(0),
                woken: AtomicBool::new(false),
                woke_at: AtomicU64::new(0),
                stamp: if timed { stamp() } else { None },
            });
            let waker = Waker::from(shared.clone());
            Live { shared, waker }
        });
        self.woken = live.shared.woken.swap(false, Relaxed);
        live.shared.parent.register(parent);
        self.began = now;
        if self.woken && timed && live.shared.stamp.is_some() {
            let at = f64::from_bits(live.shared.woke_at.load(Relaxed));
            self.counts.wait_us = self.counts.wait_us.saturating_add(micros(now - at));
        }
        Some(&live.waker)
    }

    /// After the poll, at `now`: the counts so far.
    fn exit(&mut self, ready: bool, now: f64) -> Polls {
        let c = &mut self.counts;
        if self.mode == Counting::Timed {
            c.busy_us = c.busy_us.saturating_add(micros(now - self.began));
        }
        // Pending, not the first poll, and nothing woke it since the last.
        if !ready && c.polls > 0 && !self.woken {
            c.wasted = c.wasted.saturating_add(1);
        }
        c.polls = c.polls.saturating_add(1);
        if let Some(live) = &self.live {
            c.wakes = live.shared.wakes.load(Relaxed);
        }
        *c
    }
}

pin_project_lite::pin_project! {
    /// `fut`, counted: resolves to its output and its [`Polls`].
    pub struct Counted<'a, F, C> {
        #[pin]
        fut: F,
        clock: &'a C,
        meter: Meter<'a>,
    }
}

impl<'a, F: Future, C: Clock> Counted<'a, F, C> {
    /// Counts `fut` on `clock` as [`Counting::get`] says; each poll also adds one to `tally`.
    pub fn new(fut: F, clock: &'a C, tally: Option<&'a Cell<u64>>) -> Self {
        Counted {
            fut,
            clock,
            meter: Meter {
                mode: Counting::get(),
                live: None,
                counts: Polls::default(),
                tally,
                woken: false,
                began: 0.0,
            },
        }
    }
}

impl<F: Future, C: Clock> Future for Counted<'_, F, C> {
    type Output = (F::Output, Polls);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let clock = *this.clock;
        let meter = this.meter;
        let read = |timed: bool| if timed { clock.now_ms() } else { 0.0 };
        let began = read(meter.timed());
        let Some(waker) = meter.enter(cx.waker(), began, &|| clock.stamp()) else {
            return this.fut.poll(cx).map(|out| (out, Polls::default()));
        };
        let polled = this.fut.poll(&mut Context::from_waker(waker));
        let counts = meter.exit(polled.is_ready(), read(meter.timed()));
        polled.map(|out| (out, counts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_reads_from_a_query() {
        assert_eq!(
            Counting::from_query("n=5&counting=off"),
            Some(Counting::Off)
        );
        assert_eq!(
            Counting::from_query("counting=counts"),
            Some(Counting::Counts)
        );
        assert_eq!(
            Counting::from_query("counting=timed&k=2"),
            Some(Counting::Timed)
        );
        assert_eq!(Counting::from_query("counting=fast"), None);
        assert_eq!(Counting::from_query("n=5"), None);
    }

    #[test]
    fn counts_travel_as_a_five_number_array() {
        let p = Polls {
            polls: 3,
            wasted: 1,
            wakes: 2,
            wait_us: 40,
            busy_us: 5,
        };
        let json = serde_json::to_string(&p).expect("json");
        assert_eq!(json, "[3,1,2,40,5]");
        assert_eq!(serde_json::from_str::<Polls>(&json).expect("reads"), p);
    }
}
