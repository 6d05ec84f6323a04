use crate::engine::{RetryPolicy, RunOptions, Strategy};
use crate::lang::Language;
use crate::sim::{SimParams, PATH_PREFIX};

/// The target's placeholder for the shard number.
pub const SHARD: &str = "{shard}";

/// Validated settings, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The URL template, with `{i}` and maybe `{shard}` still in it.
    pub target: String,
    /// N, how many requests to make.
    pub n: usize,
    /// k, the concurrency limit for the limited strategies.
    pub k: usize,
    /// H host names; `{shard}` in the target becomes 1..=H.
    pub shards: usize,
    /// Which way to run the batch.
    pub strategy: Strategy,
    /// Whose code runs it: Rust's engine, or a worker's Python or JavaScript.
    pub language: Language,
    /// The simulated server's delay, jitter, failures and body size.
    pub sim: SimParams,
    /// CPU work per response, in ms; 0 = none.
    pub cpu_ms: u32,
    /// Where that work runs: the page's thread or a pool of Web Workers.
    pub cpu_mode: super::CpuMode,
    /// Per attempt; 0 = none.
    pub timeout_ms: u32,
    /// Per request, across retries; 0 = none.
    pub deadline_ms: u32,
    /// At most this many attempt starts per second; 0 = unlimited.
    pub rate_per_sec: f64,
    /// Retries after a retryable failure; 0 = never retry.
    pub retries: u32,
    /// The first retry's backoff ceiling in ms; it doubles per retry, up to 30 s.
    pub backoff_ms: u32,
    /// Seeds the simulated server's draws and the backoff jitter.
    pub seed: u64,
}

impl Settings {
    /// Whether requests go to the built-in simulated server.
    pub fn is_sim(&self) -> bool {
        self.target.starts_with(PATH_PREFIX)
    }

    /// How many distinct host names the requests go to: H when the target
    /// uses `{shard}`, else 1. The guard admits `{shard}` only in the host
    /// name (`ConfigError::ShardOutsideHost`), so each shard is a name.
    pub fn host_names(&self) -> usize {
        if self.target.contains(SHARD) {
            self.shards.max(1)
        } else {
            1
        }
    }

    /// The URL of request `index` (1..=N): `{i}` replaced by the number and
    /// `{shard}` by ((i−1) mod H)+1, so requests take the H names in turn. The
    /// simulated server's stays relative (`__sim/3`): fetch resolves it against
    /// `document.baseURI`, and records and read-outs show it as typed.
    pub fn url_for(&self, index: usize) -> String {
        let shard = index.saturating_sub(1) % self.shards.max(1) + 1;
        super::host::fill(&self.target, &index.to_string(), &shard.to_string())
    }

    /// The engine's options for these settings, 0s turned into `None`.
    pub fn run_options(&self) -> RunOptions {
        RunOptions {
            n: self.n,
            k: self.k,
            timeout_ms: (self.timeout_ms > 0).then_some(f64::from(self.timeout_ms)),
            rate_per_sec: (self.rate_per_sec > 0.0).then_some(self.rate_per_sec),
            retry: RetryPolicy {
                max_retries: self.retries,
                base_ms: f64::from(self.backoff_ms),
                cap_ms: 30_000.0,
            },
            seed: self.seed,
            deadline_ms: (self.deadline_ms > 0).then_some(f64::from(self.deadline_ms)),
        }
    }

    /// What these settings ask beyond N, k, the target, the timeout and the
    /// CPU work: what a worker language may not do (`lang::refusals`).
    pub fn asks(&self) -> crate::lang::Asks {
        crate::lang::Asks {
            retries: self.retries,
            rate_per_sec: self.rate_per_sec,
            deadline_ms: self.deadline_ms,
            cpu_workers: self.cpu_mode == super::CpuMode::Workers,
        }
    }

    /// Runs with equal keys met the same workload and the same draws: only
    /// strategy, k and the language differ.
    pub fn workload_key(&self) -> String {
        format!(
            "{} N={} shards={} delay={}±{} fail={}% bytes={} cpu={}{} timeout={} deadline={} rate={} retries={}/{} seed={}",
            self.target,
            self.n,
            self.shards,
            self.sim.delay_ms,
            self.sim.jitter_ms,
            self.sim.fail_pct,
            self.sim.bytes,
            self.cpu_ms,
            // Only workers mode adds to the key, so older runs' keys stay as they were.
            if self.cpu_mode == super::CpuMode::Workers { "/workers" } else { "" },
            self.timeout_ms,
            self.deadline_ms,
            self.rate_per_sec,
            self.retries,
            self.backoff_ms,
            self.seed
        )
    }
}
