//! What the browser measured for a run (Resource Timing): its protocol, the
//! longest wait inside the browser, the server's own time, and the 6-per-host
//! cap that follows only from a measured HTTP/1.1.
use super::RunResult;

/// Chromium's connections per host over HTTP/1.1.
pub const HTTP1_CAP: usize = 6;

impl RunResult {
    /// The `nextHopProtocol` measured for this run's requests (`http/1.1`,
    /// `h2`, …); `None` when unknown, as for the simulated server's worker.
    pub fn protocol(&self) -> Option<&str> {
        self.timing.protocol.as_deref()
    }

    /// The longest time any attempt waited inside the browser (fetch issued →
    /// request sent), from Resource Timing.
    pub fn browser_queued_ms(&self) -> Option<f64> {
        self.timing.browser_queued_ms
    }

    /// The median time the server (or the simulated server's worker) took per
    /// successful attempt, request sent → last byte, as the browser measured
    /// it: the service time without the browser's own queue.
    pub fn measured_server_ms(&self) -> Option<f64> {
        self.timing.server_median_ms
    }

    /// The server withheld the phases (no Timing-Allow-Origin): every
    /// attempt shows as one bar.
    pub fn phases_hidden(&self) -> bool {
        self.timing.all_hidden()
    }

    /// Chromium's 6-per-host cap, when it applies: the protocol was measured
    /// to be HTTP/1.1 and the strategy let more in flight than 6 per host name
    /// (H shards are H pools of 6). Never guessed from the URL.
    pub fn browser_cap(&self) -> Option<usize> {
        let cap = HTTP1_CAP * self.settings.host_names();
        (self.protocol() == Some("http/1.1") && self.report.concurrency > cap).then_some(cap)
    }
}
