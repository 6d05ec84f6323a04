//! Everything that touches the browser: fetch, abort, timing, the simulated
//! server's service worker and page helpers. A thin adapter over the engine.
pub mod clock;
pub mod fetch;
pub mod frame;
pub mod page;
pub mod replay;
pub mod sim_worker;

pub use clock::BrowserClock;
pub use fetch::{fetch_outcome, fetch_with, BrowserRequester, Timed};
