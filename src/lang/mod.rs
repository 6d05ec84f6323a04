//! The three languages a strategy runs in: Rust (the engine, in the page),
//! and Python and JavaScript (their own short files, in a Web Worker). Pure:
//! the worker glue is `browser::lang_worker`, the records it files are built
//! by [`records`], the messages it speaks are [`protocol`].
#![deny(missing_docs)]
pub mod protocol;
pub mod records;
pub mod sources;
pub mod status;
#[cfg(test)]
mod tests;
pub mod timing;

use serde::{Deserialize, Serialize};

/// Which language's code runs the chosen strategy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// The engine's own futures, compiled to wasm, on the page's thread.
    #[default]
    Rust,
    /// CPython's asyncio through Pyodide, in a dedicated Web Worker.
    Python,
    /// Plain promises in a dedicated Web Worker.
    #[serde(rename = "javascript")]
    JavaScript,
}

impl Language {
    /// Every language, in the order the select lists them (and a race runs them).
    pub const ALL: [Language; 3] = [Language::Rust, Language::Python, Language::JavaScript];

    /// Its option value, URL parameter value and `data-language`.
    pub fn id(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
            Language::JavaScript => "javascript",
        }
    }

    /// Its name in labels: "join_all_limited · Python".
    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "Rust",
            Language::Python => "Python",
            Language::JavaScript => "JavaScript",
        }
    }

    /// The language with this id; `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.id() == id)
    }

    /// "join_all_limited · Python": `name`, and the language unless it is
    /// Rust (the page's own, which every run was before there were others).
    pub fn named(self, name: String) -> String {
        if self.in_worker() {
            format!("{name} · {self}")
        } else {
            name
        }
    }

    /// Runs in the language worker rather than the page's engine.
    pub fn in_worker(self) -> bool {
        self != Language::Rust
    }

    /// Used by serde: Rust is every run's language unless a file says otherwise.
    pub fn is_rust(&self) -> bool {
        *self == Language::Rust
    }

    /// The order one press of "Race the languages" runs them in: all three,
    /// starting at `press` (mod 3), so no language is always first (or always
    /// last, after the others warmed the server and the connections).
    pub fn race_order(press: usize) -> [Language; 3] {
        let all = Language::ALL;
        let at = |i: usize| all.get((press + i) % all.len()).copied();
        [
            at(0).unwrap_or(Language::Rust),
            at(1).unwrap_or(Language::Python),
            at(2).unwrap_or(Language::JavaScript),
        ]
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Something a worker language's short code does not do, so a run asking
/// for it is refused before anything starts (never run silently different).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsupported {
    /// Retries after a failed attempt (the Retries field above 0).
    Retries,
    /// The start rate limit (Max starts/s above 0).
    RateLimit,
    /// A deadline per request across attempts (above 0).
    Deadline,
    /// Counting Rust's polls and wakes: the polls lesson.
    PollCounting,
    /// Lesson 002's hold: futures built, then held before they are polled.
    Hold,
    /// CPU work in a pool of Web Workers (`cpu-mode=workers`).
    CpuWorkers,
}

impl Unsupported {
    /// The option as the form (or the lesson) names it.
    pub fn option(self) -> &'static str {
        match self {
            Unsupported::Retries => "Retries",
            Unsupported::RateLimit => "Max starts/s (the rate limit)",
            Unsupported::Deadline => "Deadline per request",
            Unsupported::PollCounting => "poll and wake counting (the polls lesson)",
            Unsupported::Hold => "lesson 002's hold (futures held before they are polled)",
            Unsupported::CpuWorkers => "CPU mode “workers”",
        }
    }

    /// What to do instead, in the message.
    pub fn fix(self) -> &'static str {
        match self {
            Unsupported::Retries => "set Retries to 0",
            Unsupported::RateLimit => "set Max starts/s to 0",
            Unsupported::Deadline => "set the deadline to 0",
            // Not the page's thread either way: the language's worker already runs it.
            Unsupported::CpuWorkers => {
                "choose CPU mode “main” (its CPU work already runs in the language's own worker)"
            }
            Unsupported::PollCounting | Unsupported::Hold => "run it in Rust",
        }
    }
}

/// What a run asks for beyond N, k, the target, the timeout and the CPU work:
/// the options [`refusals`] checks. Plain values, so the form and the lesson
/// plans both fill it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Asks {
    /// Retries after a failure.
    pub retries: u32,
    /// Starts per second; 0 = no limit.
    pub rate_per_sec: f64,
    /// Deadline per request in ms; 0 = none.
    pub deadline_ms: u32,
    /// CPU work in a pool of workers (`cpu-mode=workers`), once that option exists.
    pub cpu_workers: bool,
}

/// Every option `language` cannot run, in the form's order; none for Rust,
/// which runs them all.
pub fn refusals(language: Language, asks: &Asks) -> Vec<Unsupported> {
    if !language.in_worker() {
        return Vec::new();
    }
    [
        (asks.retries > 0, Unsupported::Retries),
        (asks.rate_per_sec > 0.0, Unsupported::RateLimit),
        (asks.deadline_ms > 0, Unsupported::Deadline),
        (asks.cpu_workers, Unsupported::CpuWorkers),
    ]
    .into_iter()
    .filter_map(|(asked, option)| asked.then_some(option))
    .collect()
}
