//! Why a file or a results link can't be read, as types: the tests assert
//! which error a bad input gets, and `Display` writes each message once.
use super::{MAX_ATTEMPTS, MAX_REQUESTS, MAX_RUNS, OLDEST_SCHEMA, SCHEMA};
use crate::config::{error_message, ConfigError};
use thiserror::Error;

/// Why an export can't be filed as runs.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ImportError {
    /// The text is not JSON of an export; holds the parser's reason.
    #[error("This is not a fetch-playground export (Export JSON writes them): {0}.")]
    NotAnExport(String),
    /// The file's schema version is not one this page reads; holds it.
    #[error(
        "This file uses export schema {0}; this page reads schemas {OLDEST_SCHEMA} to {SCHEMA}."
    )]
    Schema(u32),
    /// The file has no schema version.
    #[error("This file has no export schema version; this page reads schemas {OLDEST_SCHEMA} to {SCHEMA} (export it again).")]
    NoSchema,
    /// The file holds no runs.
    #[error("This file holds no runs.")]
    NoRuns,
    /// The file holds more than `MAX_RUNS` runs; holds the count.
    #[error("This file holds {0} runs; an import holds at most {MAX_RUNS}.")]
    TooManyRuns(usize),
    /// Two runs share an id; holds it.
    #[error("This file has two runs numbered #{0}.")]
    TwoRunsNumbered(usize),
    /// One run's records are inconsistent.
    #[error("Run #{id} in this file {problem}.")]
    BadRun {
        /// The run's id in the file.
        id: usize,
        /// What is wrong with its records.
        problem: RunProblem,
    },
    /// The settings fail validation: the pure rules, or the page's host guard.
    #[error("Run #{id} in this file has settings this page rejects: {}", error_message(.errors))]
    Rejected {
        /// The run's id in the file.
        id: usize,
        /// Every rule its settings break.
        errors: Vec<ConfigError>,
    },
}

/// What is wrong with one run's records.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum RunProblem {
    /// The run has more than `MAX_REQUESTS` requests; holds the count.
    #[error("has {0} requests; a run holds at most {MAX_REQUESTS}")]
    TooManyRequests(usize),
    /// The number of records is not N.
    #[error("has {records} records for {n} requests")]
    RecordCount {
        /// How many records the run has.
        records: usize,
        /// N, as the run reports it.
        n: usize,
    },
    /// A record's index is not its place; holds the index.
    #[error("has request {0} out of order")]
    OutOfOrder(usize),
    /// A request has more than `MAX_ATTEMPTS` attempts.
    #[error(
        "has {attempts} attempts for request {request}; a request makes at most {MAX_ATTEMPTS}"
    )]
    TooManyAttempts {
        /// How many attempts the request has.
        attempts: usize,
        /// The request's number, 1..=N.
        request: usize,
    },
    /// A request has no final outcome.
    #[error("has a request without an outcome")]
    NoOutcome,
    /// The run's counts do not add up from its records.
    #[error("has counts that don't match its records")]
    Counts,
    /// A time is not finite, or an end comes before its start.
    #[error("has times that are not numbers or end before they start")]
    BadTimes,
    /// The run's N differs from the N in its settings.
    #[error("has {n} requests but its settings say n={settings_n}")]
    NOverSettings {
        /// N, as the run reports it.
        n: usize,
        /// N in the run's settings.
        settings_n: usize,
    },
    /// A request has more attempts than its settings' retries allow.
    #[error(
        "has {attempts} attempts for request {request} but its settings allow retries={retries}"
    )]
    AttemptsOverRetries {
        /// How many attempts the request has.
        attempts: usize,
        /// The request's number, 1..=N.
        request: usize,
        /// The retries its settings allow.
        retries: u32,
    },
}

/// Why runs could not be written as JSON (serde_json's own reason).
#[derive(Clone, Debug, PartialEq, Error)]
#[error("could not write the runs as JSON: {0}")]
pub struct ExportError(pub String);
