//! Settings as typed in the form or a URL, their validation, and share links.
//! Pure: the UI shows `ConfigError`s as they are.
#[cfg(test)]
mod tests;

use crate::engine::{RetryPolicy, RunOptions, Strategy};
use crate::sim::{SimParams, PATH_PREFIX};
use thiserror::Error;

/// One form control: its contract test id, URL parameter, label and default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Target,
    Requests,
    Concurrency,
    Strategy,
    Delay,
    Jitter,
    FailRate,
    Bytes,
    Timeout,
    Rate,
    Retries,
    Backoff,
    Seed,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::Target,
        Field::Requests,
        Field::Concurrency,
        Field::Strategy,
        Field::Delay,
        Field::Jitter,
        Field::FailRate,
        Field::Bytes,
        Field::Timeout,
        Field::Rate,
        Field::Retries,
        Field::Backoff,
        Field::Seed,
    ];

    /// The `data-testid` of its control.
    pub fn testid(self) -> &'static str {
        match self {
            Field::Target => "target",
            Field::Requests => "requests",
            Field::Concurrency => "concurrency",
            Field::Strategy => "strategy",
            Field::Delay => "delay",
            Field::Jitter => "jitter",
            Field::FailRate => "fail-rate",
            Field::Bytes => "bytes",
            Field::Timeout => "timeout",
            Field::Rate => "rate",
            Field::Retries => "retries",
            Field::Backoff => "backoff",
            Field::Seed => "seed",
        }
    }

    /// Its URL parameter name.
    pub fn param(self) -> &'static str {
        match self {
            Field::Requests => "n",
            Field::Concurrency => "k",
            Field::FailRate => "fail",
            other => other.testid(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Target => "Target URL",
            Field::Requests => "Requests (N)",
            Field::Concurrency => "Concurrency limit (k)",
            Field::Strategy => "Strategy",
            Field::Delay => "Server delay (ms)",
            Field::Jitter => "Jitter ± (ms)",
            Field::FailRate => "HTTP 500 rate (%)",
            Field::Bytes => "Body size (bytes)",
            Field::Timeout => "Timeout (ms, 0 = none)",
            Field::Rate => "Max starts/s (0 = off)",
            Field::Retries => "Retries",
            Field::Backoff => "Backoff base (ms)",
            Field::Seed => "Seed",
        }
    }

    pub fn default_value(self) -> &'static str {
        match self {
            Field::Target => "/__sim/{i}",
            Field::Requests => "20",
            Field::Concurrency => "5",
            Field::Strategy => "join_all_limited",
            Field::Delay => "100",
            Field::Jitter => "0",
            Field::FailRate => "0",
            Field::Bytes => "256",
            Field::Timeout => "0",
            Field::Rate => "0",
            Field::Retries => "0",
            Field::Backoff => "100",
            Field::Seed => "1",
        }
    }

    /// Only meaningful for the built-in simulated server.
    pub fn sim_only(self) -> bool {
        matches!(
            self,
            Field::Delay | Field::Jitter | Field::FailRate | Field::Bytes
        )
    }

    fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// The form's text, exactly as typed: invalid values stay visible to fix.
#[derive(Clone, Debug, PartialEq)]
pub struct RawSettings {
    values: [String; 13],
}

impl Default for RawSettings {
    fn default() -> Self {
        RawSettings {
            values: Field::ALL.map(|f| f.default_value().to_string()),
        }
    }
}

/// Why the settings can't run; each message says what to type instead.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ConfigError {
    #[error("{0} is required.")]
    Missing(&'static str),
    #[error("{0} must be a number, not “{1}”.")]
    NotNumber(&'static str, String),
    #[error("{0} must be a whole number, not “{1}”.")]
    NotWhole(&'static str, String),
    #[error("{0} must be between {1} and {2}.")]
    OutOfRange(&'static str, f64, f64),
    #[error("Concurrency limit (k) must be between 1 and N ({0}).")]
    KOverN(usize),
    #[error("Jitter ({0} ms) can't be larger than the delay ({1} ms).")]
    JitterOverDelay(u32, u32),
    #[error("Target must start with http://, https:// or / (a path on this site), not “{0}”.")]
    BadTarget(String),
    #[error("Target may only use {{i}} as a placeholder (it becomes 1..=N).")]
    BadPlaceholder,
    #[error("Strategy “{0}” is unknown: use sequential, join_all, join_all_limited, buffer_unordered or worker_pool.")]
    UnknownStrategy(String),
}

/// Validated settings, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub target: String,
    pub n: usize,
    pub k: usize,
    pub strategy: Strategy,
    pub sim: SimParams,
    pub timeout_ms: u32,
    pub rate_per_sec: f64,
    pub retries: u32,
    pub backoff_ms: u32,
    pub seed: u64,
}

impl RawSettings {
    pub fn get(&self, field: Field) -> &str {
        &self.values[field.index()]
    }

    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        self.values[field.index()] = value.into();
    }

    /// Reads `?target=…&n=…` (unknown parameters are ignored; bad values are kept so the form shows them).
    pub fn from_query(query: &str) -> RawSettings {
        let mut raw = RawSettings::default();
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
        for (key, value) in pairs {
            if let Some(field) = Field::ALL.into_iter().find(|f| f.param() == key) {
                raw.set(field, value);
            }
        }
        raw
    }

    /// The query string a share link carries: only the values that differ from the defaults.
    pub fn to_query(&self) -> String {
        let pairs: Vec<(&str, &str)> = Field::ALL
            .into_iter()
            .filter(|f| self.get(*f).trim() != f.default_value())
            .map(|f| (f.param(), self.get(f).trim()))
            .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// Every problem at once, so one look fixes the form.
    pub fn validate(&self) -> Result<Settings, Vec<ConfigError>> {
        let mut errors = Vec::new();
        let mut check = |r: Result<f64, ConfigError>| r.map_err(|e| errors.push(e)).unwrap_or(0.0);
        let n = check(self.whole(Field::Requests, 1.0, 100_000.0)) as usize;
        let k = check(self.whole(Field::Concurrency, 1.0, 100_000.0)) as usize;
        let delay = check(self.whole(Field::Delay, 0.0, 60_000.0)) as u32;
        let jitter = check(self.whole(Field::Jitter, 0.0, 60_000.0)) as u32;
        let fail_pct = check(self.number(Field::FailRate, 0.0, 100.0));
        let bytes = check(self.whole(Field::Bytes, 0.0, 10_000_000.0)) as u32;
        let timeout_ms = check(self.whole(Field::Timeout, 0.0, 600_000.0)) as u32;
        let rate_per_sec = check(self.number(Field::Rate, 0.0, 100_000.0));
        let retries = check(self.whole(Field::Retries, 0.0, 10.0)) as u32;
        let backoff_ms = check(self.whole(Field::Backoff, 0.0, 60_000.0)) as u32;
        let seed = check(self.whole(Field::Seed, 0.0, 9_007_199_254_740_991.0)) as u64;
        if n > 0 && k > n {
            errors.push(ConfigError::KOverN(n));
        }
        if jitter > delay {
            errors.push(ConfigError::JitterOverDelay(jitter, delay));
        }
        let target = self.get(Field::Target).trim().to_string();
        if let Err(e) = check_target(&target) {
            errors.push(e);
        }
        let strategy_id = self.get(Field::Strategy).trim();
        let strategy = Strategy::from_id(strategy_id).unwrap_or_else(|| {
            errors.push(ConfigError::UnknownStrategy(strategy_id.to_string()));
            Strategy::Sequential
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Settings {
            target,
            n,
            k,
            strategy,
            sim: SimParams {
                delay_ms: delay,
                jitter_ms: jitter,
                fail_pct,
                bytes,
            },
            timeout_ms,
            rate_per_sec,
            retries,
            backoff_ms,
            seed,
        })
    }

    fn number(&self, field: Field, min: f64, max: f64) -> Result<f64, ConfigError> {
        let text = self.get(field).trim();
        if text.is_empty() {
            return Err(ConfigError::Missing(field.label()));
        }
        let value: f64 = text
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| ConfigError::NotNumber(field.label(), text.to_string()))?;
        if value < min || value > max {
            return Err(ConfigError::OutOfRange(field.label(), min, max));
        }
        Ok(value)
    }

    fn whole(&self, field: Field, min: f64, max: f64) -> Result<f64, ConfigError> {
        let value = self.number(field, min, max)?;
        if value.fract() != 0.0 {
            return Err(ConfigError::NotWhole(
                field.label(),
                self.get(field).trim().into(),
            ));
        }
        Ok(value)
    }
}

fn check_target(target: &str) -> Result<(), ConfigError> {
    let rest = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"));
    let ok = match rest {
        Some(rest) => {
            !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace)
        }
        None => target.starts_with('/') && !target.starts_with("//"),
    };
    if !ok {
        return Err(ConfigError::BadTarget(target.to_string()));
    }
    if target.replace("{i}", "").contains(['{', '}']) {
        return Err(ConfigError::BadPlaceholder);
    }
    Ok(())
}

/// The errors as one message for the `error` element.
pub fn error_message(errors: &[ConfigError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Settings {
    /// Whether requests go to the built-in simulated server.
    pub fn is_sim(&self) -> bool {
        self.target.starts_with(PATH_PREFIX)
    }

    /// Chromium's 6-connections-per-host cap, when it applies: a real server
    /// not reached over https (so HTTP/1.1; https is usually HTTP/2) with more
    /// than 6 requests allowed in flight. The simulated server has no cap.
    pub fn browser_cap(&self) -> Option<usize> {
        let over = self.strategy.concurrency(self.n, self.k) > 6;
        (over && !self.is_sim() && !self.target.starts_with("https://")).then_some(6)
    }

    /// The URL of request `index` (1..=N): `{i}` replaced by the number.
    pub fn url_for(&self, index: usize) -> String {
        self.target.replace("{i}", &index.to_string())
    }

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
            deadline_ms: None,
        }
    }

    /// Runs with equal keys met the same workload and the same draws: only strategy and k differ.
    pub fn workload_key(&self) -> String {
        format!(
            "{} N={} delay={}±{} fail={}% bytes={} timeout={} rate={} retries={}/{} seed={}",
            self.target,
            self.n,
            self.sim.delay_ms,
            self.sim.jitter_ms,
            self.sim.fail_pct,
            self.sim.bytes,
            self.timeout_ms,
            self.rate_per_sec,
            self.retries,
            self.backoff_ms,
            self.seed
        )
    }
}
