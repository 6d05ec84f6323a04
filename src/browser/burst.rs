//! Keeps a burst of fetch calls from holding the main thread. Calling fetch
//! costs the page about half a millisecond here (profiled: 150 calls took
//! 100 ms at the start of a run), so the first k requests of a limited run,
//! or join_all's N, would freeze the page for as long as issuing them takes.
//! After `BUDGET_MS` of back-to-back fetch calls, the next one waits for a
//! new task. The attempt's clock is already running, so that wait shows in
//! its phases as time before the browser took the fetch: what it is.
use super::clock::now_ms;
use super::BrowserClock;
use crate::engine::Clock;
use std::cell::Cell;

/// Fetch calls may hold one task this long.
const BUDGET_MS: f64 = 25.0;
/// A longer pause between the end of one fetch call and the start of the
/// next means they were not back to back in one task.
const GAP_MS: f64 = 1.0;

thread_local! {
    /// (start of the current burst, end of its latest call).
    static BURST: Cell<(f64, f64)> = const { Cell::new((f64::NEG_INFINITY, f64::NEG_INFINITY)) };
}

/// Waits, if needed, until this fetch may be called.
pub async fn turn() {
    let now = now_ms();
    let (mut since, last) = BURST.get();
    if now - last > GAP_MS {
        since = now;
    } else if now - since > BUDGET_MS {
        BrowserClock.sleep_ms(0.0).await;
        since = now_ms();
    }
    BURST.set((since, now_ms()));
}

/// The current task has been busy since `since` (a run's set-up: its records
/// and futures) and its first fetch call is still to come. The set-up counts
/// against the first burst, so a long one ends its task before the fetch
/// calls start rather than after a full budget of them.
pub fn busy_since(since: f64) {
    // No "latest call" yet: the task is busy up to whenever the first fetch asks.
    BURST.set((since, f64::INFINITY));
}

/// The fetch call that `turn` allowed has returned.
pub fn called() {
    BURST.with(|b| b.set((b.get().0, now_ms())));
}
