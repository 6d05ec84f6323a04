//! Replays a run on the engine's virtual clock inside the page, a few
//! milliseconds at a time with the event loop in between, so computing the
//! ideal of 100,000 requests never freezes the page.
use super::clock::now_ms;
use super::BrowserClock;
use crate::engine::replay::replay;
use crate::engine::{Clock, Outcome, RunOptions, Strategy};

/// How long one chunk may hold the main thread (one poll can take longer:
/// join_all's first poll creates every request).
const CHUNK_MS: f64 = 8.0;

/// The replayed wall time of `strategy`, or why the replay could not finish.
pub async fn replayed_wall_ms(
    strategy: Strategy,
    opts: &RunOptions,
    script: impl Fn(usize, u32) -> (f64, Outcome),
) -> Result<f64, String> {
    let mut stepper = replay(strategy, opts, script);
    loop {
        let until = now_ms() + CHUNK_MS;
        if let Some(done) = stepper.step(|| now_ms() < until) {
            return done
                .map(|report| report.wall_ms)
                .map_err(|stalled| format!("the replay stalled at {} ms", stalled.at_ms));
        }
        BrowserClock.sleep_ms(0.0).await;
    }
}
