//! Replays a run on the engine's virtual clock inside the page, a few
//! milliseconds at a time with the event loop in between, so computing the
//! ideal of 100,000 requests never freezes the page.
use super::clock::now_ms;
use super::BrowserClock;
use crate::engine::virtual_time::Stalled;
use crate::engine::{Clock, Outcome, RunOptions, Strategy};
use crate::report::connections::replay;
use crate::report::Pool;

/// How long one chunk may hold the main thread (one poll can take longer:
/// join_all's first poll creates every request).
const CHUNK_MS: f64 = 8.0;

/// What replaying cost the page: main-thread time, and the longest chunk.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cost {
    pub busy_ms: f64,
    pub longest_ms: f64,
}

impl Cost {
    pub fn add(&mut self, other: Cost) {
        self.busy_ms += other.busy_ms;
        self.longest_ms = self.longest_ms.max(other.longest_ms);
    }
}

/// The replayed wall time of `strategy`, or why the replay could not finish.
pub async fn replayed_wall_ms(
    strategy: Strategy,
    opts: &RunOptions,
    script: impl Fn(usize, u32) -> (f64, Outcome),
    pool: Option<Pool>,
    cost: &mut Cost,
) -> Result<f64, Stalled> {
    let mut stepper = replay(strategy, opts, script, pool);
    loop {
        let started = now_ms();
        let until = started + CHUNK_MS;
        let done = stepper.step(|| now_ms() < until);
        let took = now_ms() - started;
        cost.add(Cost {
            busy_ms: took,
            longest_ms: took,
        });
        if let Some(done) = done {
            return done.map(|report| report.wall_ms);
        }
        BrowserClock.sleep_ms(0.0).await;
    }
}
