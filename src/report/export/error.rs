//! Why a file or a results link can't be read, as types: the tests assert
//! which error a bad input gets, and `Display` writes each message once.
use super::{MAX_ATTEMPTS, MAX_REQUESTS, MAX_RUNS, SCHEMA};
use crate::config::{error_message, ConfigError};
use thiserror::Error;

/// Why an export can't be filed as runs.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ImportError {
    #[error("This is not a fetch-playground export (Export JSON writes them): {0}.")]
    NotAnExport(String),
    #[error("This file uses export schema {0}; this page reads schema {SCHEMA}.")]
    Schema(u32),
    #[error("This file has no export schema version; this page reads schema {SCHEMA} (export it again).")]
    NoSchema,
    #[error("This file holds no runs.")]
    NoRuns,
    #[error("This file holds {0} runs; an import holds at most {MAX_RUNS}.")]
    TooManyRuns(usize),
    #[error("This file has two runs numbered #{0}.")]
    TwoRunsNumbered(usize),
    #[error("Run #{id} in this file {problem}.")]
    BadRun { id: usize, problem: RunProblem },
    /// The settings fail validation: the pure rules, or the page's host guard.
    #[error("Run #{id} in this file has settings this page rejects: {}", error_message(.errors))]
    Rejected { id: usize, errors: Vec<ConfigError> },
    /// The page's history could not number the runs (ids past `usize::MAX`).
    #[error("This file's run numbers don't fit beside the runs already here.")]
    Numbering,
}

/// What is wrong with one run's records.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum RunProblem {
    #[error("has {0} requests; a run holds at most {MAX_REQUESTS}")]
    TooManyRequests(usize),
    #[error("has {records} records for {n} requests")]
    RecordCount { records: usize, n: usize },
    #[error("has request {0} out of order")]
    OutOfOrder(usize),
    #[error(
        "has {attempts} attempts for request {request}; a request makes at most {MAX_ATTEMPTS}"
    )]
    TooManyAttempts { attempts: usize, request: usize },
    #[error("has a request without an outcome")]
    NoOutcome,
    #[error("has counts that don't match its records")]
    Counts,
    #[error("has times that are not numbers or end before they start")]
    BadTimes,
    #[error("has {n} requests but its settings say n={settings_n}")]
    NOverSettings { n: usize, settings_n: usize },
    #[error(
        "has {attempts} attempts for request {request} but its settings allow retries={retries}"
    )]
    AttemptsOverRetries {
        attempts: usize,
        request: usize,
        retries: u32,
    },
}

/// Why runs could not be written as JSON (serde_json's own reason).
#[derive(Clone, Debug, PartialEq, Error)]
#[error("could not write the runs as JSON: {0}")]
pub struct ExportError(pub String);
