//! Time, abstracted so the engine runs on the browser's clock and on a paused test clock.
use std::future::Future;
use std::sync::Arc;

/// The clock as a waker can read it: wakers must be `Send + Sync`, so they
/// cannot hold the clock itself.
pub type Stamp = Arc<dyn Fn() -> f64 + Send + Sync>;

/// Milliseconds since an arbitrary origin, and a way to wait.
pub trait Clock {
    /// What `sleep_ms` returns; resolves once the time has passed.
    type Sleep: Future<Output = ()>;
    /// The current time in milliseconds since the clock's origin.
    fn now_ms(&self) -> f64;
    /// Waits `ms` milliseconds.
    fn sleep_ms(&self, ms: f64) -> Self::Sleep;
    /// `now_ms` for wakers; `None` if this clock can't give one (then the
    /// time from a wake to the next poll goes unmeasured).
    fn stamp(&self) -> Option<Stamp> {
        None
    }
}

/// The source of requests: the browser's fetch in the app, a fake server in tests.
pub trait Requester {
    /// One attempt in flight; resolves to how it ended.
    type Fut: Future<Output = super::Outcome>;
    /// The URL request `index` (1..=N) goes to; recorded and shown.
    fn url(&self, index: usize) -> String;
    /// Start attempt `attempt` (0 = first try) of request `index`.
    fn start(&self, index: usize, attempt: u32) -> Self::Fut;
}
