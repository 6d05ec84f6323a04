use super::host::{POLITE_MAX_RATE, POLITE_MAX_REQUESTS};
use super::Field;
use crate::engine::Strategy;
use crate::lang::{Language, Unsupported};
use thiserror::Error;

/// Why the settings can't run; each message says what to type instead, and
/// [`ConfigError::field`] says which input to mark.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ConfigError {
    /// A required field was left empty.
    #[error("{} is required.", .0.label())]
    Missing(Field),
    /// The field's text is not a number; holds the text.
    #[error("{} must be a number, not “{}”.", .0.label(), .1)]
    NotNumber(Field, String),
    /// The field takes whole numbers only; holds the text.
    #[error("{} must be a whole number, not “{}”.", .0.label(), .1)]
    NotWhole(Field, String),
    /// The number is outside the field's range; holds min and max.
    #[error("{} must be between {} and {}.", .0.label(), .1, .2)]
    OutOfRange(Field, f64, f64),
    /// k is larger than N; holds N.
    #[error("{} must be between 1 and N ({}).", Field::Concurrency.label(), .0)]
    KOverN(usize),
    /// Jitter exceeds the delay; holds jitter and delay, in ms.
    #[error("Jitter ({0} ms) can't be larger than the delay ({1} ms).")]
    JitterOverDelay(u32, u32),
    /// The target starts with no scheme or path the app knows; holds the target.
    #[error("Target must start with http://, https://, / (a path on this site) or __sim/ (the built-in simulated server), not “{0}”.")]
    BadTarget(String),
    /// The target has a `{…}` placeholder other than `{i}` and `{shard}`.
    #[error("Target may only use {{i}} (it becomes 1..=N) and {{shard}} (1..=H) as placeholders.")]
    BadPlaceholder,
    /// The URL parser could not read the target; holds the target.
    #[error("Target “{0}” is not an http(s) address the browser can read: check the host name, the port and any [ ].")]
    UnreadableTarget(String),
    /// `{i}` sits in the host name or port, so requests would go to different servers.
    #[error("Target: {{i}} can't be in the host name or the port: every request must go to the same server, so that one check covers them all. Put {{i}} in the path or the query.")]
    IndexInHost,
    /// `{shard}` sits outside the host name.
    #[error("Target: {{shard}} may only be part of the host name, as in http://{{shard}}.localhost:18700/delay/500?i={{i}}: it names one of H host names for one server. Number paths with {{i}}.")]
    ShardOutsideHost,
    /// The simulated server's target has its own `?` or `#` part.
    #[error("Target: the simulated server's address can't have its own ? or # part, because the page adds each request's draw (?delay=…&status=…&bytes=…) itself. Set the delay and the other draws in the form.")]
    SimQueryOrFragment,
    /// Shards is above 1 but the host name has no `{shard}`; holds the shard count.
    #[error("Shards: {0} host names need {{shard}} in the target's host name, e.g. http://{{shard}}.localhost:18700/delay/500?i={{i}}; or set Shards to 1.")]
    ShardsWithoutPlaceholder(usize),
    /// The strategy id is not one of `Strategy::ALL`; holds the id.
    #[error("Strategy “{0}” is unknown: use {names}.", names = strategy_names())]
    UnknownStrategy(String),
    /// The language id is not one of `Language::ALL`; holds the id.
    #[error("Language “{0}” is unknown: use rust, python or javascript.")]
    UnknownLanguage(String),
    /// A select's text is not one of its ids; holds the field and the text.
    #[error("{} “{}” is unknown: use {}.", .0.label(), .1, choice_names(*.0))]
    UnknownChoice(Field, String),
    /// The chosen language's short code does not do this option.
    #[error("{}", not_in_language(*.0, *.1))]
    NotInLanguage(Language, Unsupported),
    /// N is above `POLITE_MAX_REQUESTS` for someone else's server.
    #[error("This target is someone else's server: at most {} requests, unless you tick “I run this server”.", thousands(POLITE_MAX_REQUESTS))]
    PoliteRequests,
    /// The rate is unlimited or above `POLITE_MAX_RATE` for someone else's server.
    #[error("This target is someone else's server: set at most {POLITE_MAX_RATE} starts/s, unless you tick “I run this server”.")]
    PoliteRate,
}

impl ConfigError {
    /// The input to fix; a rule between two fields names the one it limits.
    pub fn field(&self) -> Field {
        match self {
            ConfigError::Missing(field)
            | ConfigError::NotNumber(field, _)
            | ConfigError::NotWhole(field, _)
            | ConfigError::OutOfRange(field, ..) => *field,
            ConfigError::KOverN(_) => Field::Concurrency,
            ConfigError::JitterOverDelay(..) => Field::Jitter,
            ConfigError::BadTarget(_)
            | ConfigError::BadPlaceholder
            | ConfigError::UnreadableTarget(_)
            | ConfigError::IndexInHost
            | ConfigError::ShardOutsideHost
            | ConfigError::SimQueryOrFragment => Field::Target,
            ConfigError::UnknownStrategy(_) => Field::Strategy,
            ConfigError::UnknownLanguage(_) => Field::Language,
            ConfigError::UnknownChoice(field, _) => *field,
            ConfigError::NotInLanguage(_, option) => match option {
                Unsupported::Retries => Field::Retries,
                Unsupported::RateLimit => Field::Rate,
                Unsupported::Deadline => Field::Deadline,
                Unsupported::CpuWorkers => Field::CpuMode,
                Unsupported::PollCounting | Unsupported::Hold => Field::Language,
            },
            ConfigError::ShardsWithoutPlaceholder(_) => Field::Shards,
            ConfigError::PoliteRequests => Field::Requests,
            ConfigError::PoliteRate => Field::Rate,
        }
    }
}

/// The errors as one message for the `error` element.
pub fn error_message(errors: &[ConfigError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The message shown next to one input (which is then `aria-invalid`); `None` when it is fine.
pub fn messages_for(errors: &[ConfigError], field: Field) -> Option<String> {
    let messages: Vec<String> = errors
        .iter()
        .filter(|e| e.field() == field)
        .map(ToString::to_string)
        .collect();
    (!messages.is_empty()).then(|| messages.join(" "))
}

/// "sequential, join_all, … or worker_pool", from the strategies themselves.
fn strategy_names() -> String {
    let ids: Vec<&str> = Strategy::ALL.iter().map(|s| s.id()).collect();
    one_of(&ids)
}

/// "main or workers": the ids a choice field accepts.
fn choice_names(field: Field) -> String {
    match field.spec().kind {
        super::Kind::Choice(ids) => one_of(ids),
        _ => String::new(),
    }
}

/// "a, b or c".
fn one_of(ids: &[&str]) -> String {
    match ids.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The option's own name first when it is a field (the message sits next
/// to it), else the language's: "Retries: Python's short code does not do it…".
fn not_in_language(language: Language, option: Unsupported) -> String {
    let lead = match ConfigError::NotInLanguage(language, option).field() {
        Field::Language => format!(
            "Language: {language}'s short code does not do {}",
            option.option()
        ),
        _ => format!(
            "{}: {language}'s short code does not do it",
            option.option()
        ),
    };
    format!(
        "{lead}; {}, or choose Rust, which does. Nothing ran.",
        option.fix()
    )
}

/// "1,000": figures in messages are read at a glance.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
