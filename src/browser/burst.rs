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
const BUDGET_MS: f64 = 30.0;
/// A longer pause between two fetch calls means another task ran between them.
const GAP_MS: f64 = 2.0;

thread_local! {
    /// (first call of the current burst, latest call).
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
