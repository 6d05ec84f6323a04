//! Settings as typed in the form or a URL, their validation, and share links.
//! Pure: the UI shows `ConfigError`s as they are.
#![deny(missing_docs)]
mod cpu_mode;
mod error;
mod fields;
pub mod host;
mod settings;
#[cfg(test)]
mod tests;

pub use cpu_mode::CpuMode;
pub use error::{error_message, messages_for, thousands, ConfigError};
pub use fields::{Field, FieldSpec, Kind, Range, FIELDS};
pub use host::{Host, Page, ParsedUrl, UrlParser};
pub use settings::{Settings, SHARD};

use crate::engine::Strategy;
use crate::lang::{self, Language};
use crate::sim::{canonical_target, SimParams, PATH_PREFIX};

/// A query string's `key=value` pairs, decoded; a malformed one gives none.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default()
}

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

#[allow(
    clippy::indexing_slicing,
    reason = "arrays of Field::COUNT indexed by Field::index(), which `fields!` keeps below it"
)]
impl RawSettings {
    /// The text typed into `field`, as typed.
    pub fn get(&self, field: Field) -> &str {
        &self.values[field.index()]
    }

    /// Replaces the text of `field`.
    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        self.values[field.index()] = value.into();
    }

    /// Reads `?target=…&n=…` (unknown parameters are ignored; bad values are kept so the form shows them).
    pub fn from_query(query: &str) -> RawSettings {
        let mut raw = RawSettings::default();
        raw.apply_query(query);
        raw
    }

    /// Sets every field that `query` names, and leaves the others as they are.
    pub fn apply_query(&mut self, query: &str) {
        for (key, value) in query_pairs(query) {
            match Field::from_param(&key) {
                // An old link's `/__sim/…` shows as today's spelling.
                Some(Field::Target) => self.set(Field::Target, canonical_target(&value)),
                Some(field) => self.set(field, value),
                None => {}
            }
        }
    }

    /// Whether `field` differs from its default (surrounding spaces aside).
    pub fn changed(&self, field: Field) -> bool {
        self.get(field).trim() != field.default_value()
    }

    /// The folded fields ("More options") that differ from their defaults:
    /// a shared link must not hide them.
    pub fn changed_folded(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| !f.first_screen() && self.changed(*f))
            .collect()
    }

    /// The query string a share link carries: only the values that differ from the defaults.
    pub fn to_query(&self) -> String {
        let pairs: Vec<(&str, &str)> = Field::ALL
            .into_iter()
            .filter(|f| self.changed(*f))
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
        let language_id = self.get(Field::Language).trim();
        let language = Language::from_id(language_id).unwrap_or_else(|| {
            errors.push(ConfigError::UnknownLanguage(language_id.to_string()));
            Language::Rust
        });
        let cpu_mode_id = self.get(Field::CpuMode).trim();
        let cpu_mode = CpuMode::from_id(cpu_mode_id).unwrap_or_else(|| {
            errors.push(ConfigError::UnknownChoice(
                Field::CpuMode,
                cpu_mode_id.to_string(),
            ));
            CpuMode::Main
        });
        let settings = Settings {
            target,
            n,
            k,
            shards,
            strategy,
            language,
            sim: SimParams {
                delay_ms: delay,
                jitter_ms: jitter,
                fail_pct: number(Field::FailRate),
                bytes: number(Field::Bytes) as u32,
            },
            cpu_ms: number(Field::CpuMs) as u32,
            cpu_mode,
            timeout_ms: number(Field::Timeout) as u32,
            deadline_ms: number(Field::Deadline) as u32,
            rate_per_sec: number(Field::Rate),
            retries: number(Field::Retries) as u32,
            backoff_ms: number(Field::Backoff) as u32,
            seed: number(Field::Seed) as u64,
        };
        // What the language's short code can't do, named, so nothing runs differently.
        errors.extend(
            lang::refusals(language, &settings.asks())
                .into_iter()
                .map(|option| ConfigError::NotInLanguage(language, option)),
        );
        if errors.is_empty() {
            Ok(settings)
        } else {
            Err(errors)
        }
    }

    /// Whose server the target is, seen from `page` (see [`host::classify`]),
    /// or why it can't be told. Read from the text as typed, so the warning
    /// shows while other fields are still wrong.
    pub fn guard<P: UrlParser>(&self, page: &Page<P>) -> Result<Host, ConfigError> {
        let target = canonical_target(self.get(Field::Target).trim());
        let shards = Field::Shards
            .range()
            .and_then(|range| self.number(Field::Shards, range).ok())
            .map_or(1, |h| h as usize);
        host::classify(&target, shards, page)
    }

    /// [`RawSettings::validate`], plus what only a URL parser can tell:
    /// whether the target parses, and where its placeholders sit.
    pub fn validate_with<P: UrlParser>(
        &self,
        page: &Page<P>,
    ) -> Result<Settings, Vec<ConfigError>> {
        with_guard(self.validate(), &self.guard(page))
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

/// Validation's result with the guard's refusal added, unless the target
/// already has an error of its own (one fix at a time for one input).
pub fn with_guard(
    checked: Result<Settings, Vec<ConfigError>>,
    guard: &Result<Host, ConfigError>,
) -> Result<Settings, Vec<ConfigError>> {
    let Err(refused) = guard else {
        return checked;
    };
    let mut errors = checked.err().unwrap_or_default();
    if !errors.iter().any(|e| e.field() == Field::Target) {
        errors.push(refused.clone());
    }
    Err(errors)
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
    // Filled as requests fill it, so `{sh{i}ard}` is caught too.
    if host::fill(target, "1", "1").contains(['{', '}']) {
        return Err(ConfigError::BadPlaceholder);
    }
    // The page appends each draw as the query (`sim::url_with_draw`): a query
    // of the user's would shadow or be shadowed, and after a `#` the draw
    // would never reach the worker. A relative path's first `?` or `#` starts
    // its query or fragment, so finding one is reading the URL, not guessing.
    if target.starts_with(PATH_PREFIX) && target.contains(['?', '#']) {
        return Err(ConfigError::SimQueryOrFragment);
    }
    Ok(())
}
