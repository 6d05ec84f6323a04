//! Settings as typed in the form or a URL, their validation, and share links.
//! Pure: the UI shows `ConfigError`s as they are.
mod error;
mod fields;
pub mod host;
mod settings;
#[cfg(test)]
mod tests;

pub use error::{error_message, messages_for, ConfigError};
pub use fields::{Field, FieldSpec, Kind, Range, FIELDS};
pub use settings::{Settings, SHARD};

use crate::engine::Strategy;
use crate::sim::{canonical_target, SimParams, PATH_PREFIX};

/// The form's text, exactly as typed: invalid values stay visible to fix.
#[derive(Clone, Debug, PartialEq)]
pub struct RawSettings {
    values: [String; Field::COUNT],
}

impl Default for RawSettings {
    fn default() -> Self {
        RawSettings {
            values: Field::ALL.map(|f| f.default_value().to_string()),
        }
    }
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
            match Field::from_param(&key) {
                // An old link's `/__sim/…` shows as today's spelling.
                Some(Field::Target) => raw.set(Field::Target, canonical_target(&value)),
                Some(field) => raw.set(field, value),
                None => {}
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
        // Each number field is checked against its own row; a bad one reads
        // as 0 so the remaining checks still run and report at once.
        let mut numbers = [0.0; Field::COUNT];
        for spec in &FIELDS {
            if let Kind::Number(range) = spec.kind {
                match self.number(spec.field, range) {
                    Ok(value) => numbers[spec.field.index()] = value,
                    Err(e) => errors.push(e),
                }
            }
        }
        let number = |field: Field| numbers[field.index()];
        let n = number(Field::Requests) as usize;
        let k = number(Field::Concurrency) as usize;
        let delay = number(Field::Delay) as u32;
        let jitter = number(Field::Jitter) as u32;
        if n > 0 && k > n {
            errors.push(ConfigError::KOverN(n));
        }
        if jitter > delay {
            errors.push(ConfigError::JitterOverDelay(jitter, delay));
        }
        let target = canonical_target(self.get(Field::Target).trim());
        if let Err(e) = check_target(&target) {
            errors.push(e);
        }
        let shards = number(Field::Shards) as usize;
        if shards > 1 && !target.contains(SHARD) {
            errors.push(ConfigError::ShardsWithoutPlaceholder(shards));
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
            shards,
            strategy,
            sim: SimParams {
                delay_ms: delay,
                jitter_ms: jitter,
                fail_pct: number(Field::FailRate),
                bytes: number(Field::Bytes) as u32,
            },
            cpu_ms: number(Field::CpuMs) as u32,
            timeout_ms: number(Field::Timeout) as u32,
            deadline_ms: number(Field::Deadline) as u32,
            rate_per_sec: number(Field::Rate),
            retries: number(Field::Retries) as u32,
            backoff_ms: number(Field::Backoff) as u32,
            seed: number(Field::Seed) as u64,
        })
    }

    /// The field's text as a number within `range`, or why not.
    fn number(&self, field: Field, range: Range) -> Result<f64, ConfigError> {
        let text = self.get(field).trim();
        if text.is_empty() {
            return Err(ConfigError::Missing(field));
        }
        let value: f64 = text
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| ConfigError::NotNumber(field, text.to_string()))?;
        if value < range.min || value > range.max {
            return Err(ConfigError::OutOfRange(field, range.min, range.max));
        }
        if range.whole && value.fract() != 0.0 {
            return Err(ConfigError::NotWhole(field, text.to_string()));
        }
        Ok(value)
    }
}

/// An http(s) URL, a path on this origin (`/…`), or the simulated server
/// (`__sim/…`, relative to the page). Any other relative text would resolve
/// somewhere the user did not mean, so it is refused with a message.
fn check_target(target: &str) -> Result<(), ConfigError> {
    let rest = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"));
    let ok = match rest {
        Some(rest) => !rest.is_empty() && !rest.starts_with('/'),
        None => {
            (target.starts_with('/') && !target.starts_with("//"))
                || target.starts_with(PATH_PREFIX)
        }
    } && !target.contains(char::is_whitespace);
    if !ok {
        return Err(ConfigError::BadTarget(target.to_string()));
    }
    if target
        .replace("{i}", "")
        .replace(SHARD, "")
        .contains(['{', '}'])
    {
        return Err(ConfigError::BadPlaceholder);
    }
    Ok(())
}
