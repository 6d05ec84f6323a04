//! What the browser measured for a run (Resource Timing): its protocol, the
//! longest wait inside the browser, the server's own time, and the 6-per-host
//! cap that follows only from a measured HTTP/1.1.
#![deny(missing_docs)]
use super::RunResult;

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

    /// The connection cap over all host names, when it bound: more attempts
    /// were actually in flight to one host name than its pool lets through
    /// (6 per name for a measured HTTP/1.1, H shards are H pools). What the
    /// strategy's limit allowed does not count; nor is it guessed from the URL.
    pub fn browser_cap(&self) -> Option<usize> {
        self.binding_pool().map(|p| p.total())
    }
}
