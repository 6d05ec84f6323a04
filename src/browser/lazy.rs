//! Lesson 002 in the browser: one half of the experiment, as a run of the
//! page's fetch and clock, its Resource Timing matched as for any run.
use super::replay::Cost;
use super::{burst, clock::now_ms, timing, BrowserClock, BrowserRequester};
use crate::config::Settings;
use crate::engine::held::{self, Half};
use crate::engine::{CancelToken, Event, Pacing, RunReport};

/// Runs `half` with the form's settings: its rate limit, timeouts, retries
/// and Cancel; returns the run and what matching its timing cost.
pub async fn run(
    settings: &Settings,
    half: Half,
    hold_ms: f64,
    pacing: &Pacing,
    cancel: &CancelToken,
    on_event: impl Fn(Event<'_>),
) -> (RunReport, Cost) {
    let requester = BrowserRequester {
        settings: settings.clone(),
    };
    let attempts = settings
        .n
        .saturating_mul(settings.retries.saturating_add(1) as usize);
    timing::prepare(attempts);
    if half == Half::Spawned {
        // Its fetch calls follow the set-up in the same task; held ones come after the hold.
        burst::busy_since(now_ms());
    }
    let opts = settings.run_options();
    let mut report = held::run(
        half,
        hold_ms,
        &opts,
        pacing,
        &requester,
        &BrowserClock,
        cancel,
        on_event,
    )
    .await;
    let cost = timing::attach(&mut report, &requester).await;
    (report, cost)
}
