//! What one button press may send, shared by every run it starts: the attempt
//! budget (the polite cap against someone else's server) and the rate
//! limiter's schedule, so run 2 of a Compare neither starts faster than the
//! rate after run 1 nor gets a budget of its own.
use std::cell::Cell;
use tokio::sync::Semaphore;

/// How late a start may be and still keep its slot. A timer of the page
/// fires late: nested timers are clamped to 4 ms, and a page busy with its
/// frames and responses pauses 15–30 ms at a few hundred starts/s (measured
/// on a busy 2-core machine, tests/e2e/rate.test.mjs). Above 250 starts/s one
/// wake must release several slots, or the rate asked is never reached.
/// A start never goes before its slot, and never more than this after it: in
/// any window of W ms at most `R·(W + CATCH_UP_MS)/1000 + 1` starts.
pub const CATCH_UP_MS: f64 = 50.0;

/// The start slots of a rate limit: t0, t0 + gap, t0 + 2·gap… A start whose
/// timer fired late takes its own slot, up to `CATCH_UP_MS` late, so the next
/// start may follow sooner and the rate holds on average. Slots that passed
/// while no start was waiting for them (an idle limiter) are not banked: a
/// start that arrives after them takes the slot of its arrival, so no burst
/// follows a pause.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Schedule {
    /// The earliest time the next start may go; `None` before the first.
    next: Option<f64>,
}

impl Schedule {
    /// How long a start at `now` must still wait (≤ 0: it may go).
    pub fn wait_ms(&self, now: f64) -> f64 {
        self.next.map_or(0.0, |next| next - now)
    }

    /// A start went at `now`, `gap` ms per start, having waited for its turn
    /// since `arrived`: its slot is the next one, or its arrival if later, or
    /// `CATCH_UP_MS` before now if later still; the next slot is one gap on.
    pub fn started(&mut self, now: f64, gap: f64, arrived: f64) {
        let slot = self
            .next
            .map_or(now, |next| next.max(arrived).max(now - CATCH_UP_MS));
        self.next = Some(slot + gap);
    }
}

/// The most attempts a press of `runs` runs can start: every request of every
/// run, each with all its retries.
pub fn worst_case_attempts(runs: usize, n: usize, retries: u32) -> usize {
    let per_request = (retries as usize).saturating_add(1);
    runs.saturating_mul(n).saturating_mul(per_request)
}

/// The state every run of one press shares. Not `Clone`: the runs borrow one.
pub struct Pacing {
    /// Attempts this press may still start; `None` = no cap.
    left: Cell<Option<usize>>,
    started: Cell<usize>,
    /// Attempts that could not start because the budget was spent.
    refused: Cell<usize>,
    schedule: Cell<Schedule>,
    /// Under a rate limit, one attempt at a time waits for its slot, first come first served.
    pub(super) rate_gate: Semaphore,
}

impl Default for Pacing {
    fn default() -> Self {
        Self::unlimited()
    }
}

impl Pacing {
    /// No budget: a run against this page, this machine, or a server the user runs.
    pub fn unlimited() -> Self {
        Self::with_budget(None)
    }

    /// At most `attempts` attempt starts, over every run that shares this.
    pub fn capped(attempts: usize) -> Self {
        Self::with_budget(Some(attempts))
    }

    fn with_budget(left: Option<usize>) -> Self {
        Pacing {
            left: Cell::new(left),
            started: Cell::new(0),
            refused: Cell::new(0),
            schedule: Cell::new(Schedule::default()),
            rate_gate: Semaphore::new(1),
        }
    }

    /// Attempts still allowed; `None` = no cap.
    pub fn left(&self) -> Option<usize> {
        self.left.get()
    }

    /// Attempts started so far.
    pub fn started(&self) -> usize {
        self.started.get()
    }

    /// Attempts refused because the budget was spent.
    pub fn refused(&self) -> usize {
        self.refused.get()
    }

    /// Whether no further attempt may start.
    pub fn spent(&self) -> bool {
        self.left.get() == Some(0)
    }

    /// Takes one attempt from the budget; `false` (and counted as refused) if none is left.
    pub(super) fn take(&self) -> bool {
        match self.left.get() {
            Some(0) => {
                self.refused.set(self.refused.get() + 1);
                false
            }
            left => {
                self.left.set(left.map(|l| l - 1));
                self.started.set(self.started.get() + 1);
                true
            }
        }
    }

    /// Counts an attempt refused before it asked (the budget already spent).
    pub(super) fn refuse(&self) {
        self.refused.set(self.refused.get() + 1);
    }

    pub(super) fn wait_ms(&self, now: f64) -> f64 {
        self.schedule.get().wait_ms(now)
    }

    pub(super) fn started_at(&self, now: f64, gap: f64, arrived: f64) {
        let mut schedule = self.schedule.get();
        schedule.started(now, gap, arrived);
        self.schedule.set(schedule);
    }
}
