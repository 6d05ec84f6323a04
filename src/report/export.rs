//! Runs as files: the JSON export (with a schema version), its import, and a
//! CSV with one line per fetch attempt. Pure: the page only reads and saves files.
#![deny(missing_docs)]
use super::{Ideal, RunResult, ServerTimes};
use crate::config::RawSettings;
use crate::engine::{count, Outcome, RunReport};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

mod error;
pub use error::{ExportError, ImportError, RunProblem};

/// The version of the JSON export this page writes. Schema 2 added the poll
/// counts: each record's `polls` ([polls, wasted, wakes, wait µs, busy µs])
/// and each run's `polls` (its top-level future's). From 2 on, every field
/// added to a run or a record is optional, read with a default, and readers
/// ignore fields they do not know: a new one (a run's `language`, say) needs
/// no new version. Version 1 files (no counts) still read.
pub const SCHEMA: u32 = 2;

/// The oldest schema this page reads.
pub const OLDEST_SCHEMA: u32 = 1;

#[derive(Serialize)]
struct ExportOut<'a> {
    schema: u32,
    exported_on: &'a str,
    runs: &'a [Arc<RunResult>],
}

/// A run's language in its export: only that of its settings (its query holds the rest).
pub(super) fn language_of<S: serde::Serializer>(
    settings: &crate::config::Settings,
    s: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&settings.language, s)
}

/// Rust runs write none, as every file did before there were other languages.
pub(super) fn ran_in_rust(settings: &crate::config::Settings) -> bool {
    settings.language.is_rust()
}

/// The JSON export of `runs`, dated `exported_on` (an ISO date from the page).
pub fn to_json(runs: &[Arc<RunResult>], exported_on: &str) -> Result<String, ExportError> {
    write(runs, exported_on, true)
}

/// The same export without whitespace, for links.
pub fn to_compact_json(runs: &[Arc<RunResult>], exported_on: &str) -> Result<String, ExportError> {
    write(runs, exported_on, false)
}

fn write(runs: &[Arc<RunResult>], exported_on: &str, pretty: bool) -> Result<String, ExportError> {
    // As an import will read them back: times in whole µs.
    let runs: Vec<Arc<RunResult>> = runs
        .iter()
        .map(|r| Arc::new(super::retime::written(r, None)))
        .collect();
    let out = ExportOut {
        schema: SCHEMA,
        exported_on,
        runs: &runs,
    };
    let json = if pretty {
        serde_json::to_string_pretty(&out)
    } else {
        serde_json::to_string(&out)
    };
    json.map_err(|e| ExportError(e.to_string()))
}

#[derive(Deserialize)]
struct ExportIn {
    schema: Option<u32>,
    exported_on: Option<String>,
    runs: Vec<RunIn>,
}

#[derive(Deserialize)]
struct RunIn {
    id: usize,
    #[serde(default)]
    batch: Option<usize>,
    query: String,
    #[serde(default)]
    recorded_on: Option<String>,
    #[serde(default)]
    ideal: Option<Ideal>,
    /// Absent in files of Rust runs, and in files from before there were others.
    #[serde(default)]
    language: Option<crate::lang::Language>,
    /// Absent in runs without CPU work, and in files from before spans were kept.
    #[serde(default)]
    handlers: Option<crate::report::HandlerSpans>,
    report: RunReport,
}

/// Most runs one file may hold. A session's history rarely passes a few
/// dozen (a sweep files one run per k, a Compare four); 20,000 empty runs fit
/// in a 100 KB file, and each costs the page a row, a replay and a baseline.
pub const MAX_RUNS: usize = 500;
/// Most requests one run may hold: the form's own maximum N.
pub const MAX_REQUESTS: usize = 100_000;
/// Most attempts one request may hold: the first and the form's 10 retries.
pub const MAX_ATTEMPTS: usize = 11;

/// One run read from a file, ready to be filed in the history as recorded.
pub struct Imported {
    /// The run, as the history files it.
    pub run: RunResult,
    /// Its id in the file, for messages.
    pub file_id: usize,
}

/// Reads an export back. Every problem is an [`ImportError`] naming what is
/// wrong; nothing in a bad file panics.
pub fn from_json(text: &str) -> Result<Vec<Imported>, ImportError> {
    let file: ExportIn =
        serde_json::from_str(text).map_err(|e| ImportError::NotAnExport(e.to_string()))?;
    match file.schema {
        Some(OLDEST_SCHEMA..=SCHEMA) => {}
        Some(other) => return Err(ImportError::Schema(other)),
        None => return Err(ImportError::NoSchema),
    }
    if file.runs.is_empty() {
        return Err(ImportError::NoRuns);
    }
    if file.runs.len() > MAX_RUNS {
        return Err(ImportError::TooManyRuns(file.runs.len()));
    }
    let mut ids: Vec<usize> = file.runs.iter().map(|r| r.id).collect();
    crate::sort::usizes(&mut ids);
    if let Some(&[twice, _]) = ids.windows(2).find(|w| w.first() == w.get(1)) {
        return Err(ImportError::TwoRunsNumbered(twice));
    }
    let date = file.exported_on.unwrap_or_else(|| "an unknown date".into());
    file.runs
        .into_iter()
        .map(|r| {
            let file_id = r.id;
            let bad = |problem| ImportError::BadRun {
                id: file_id,
                problem,
            };
            check(&r).map_err(bad)?;
            let mut raw = RawSettings::from_query(&r.query);
            // The run's own field says which language ran it, whatever its query says.
            if let Some(language) = r.language {
                raw.set(crate::config::Field::Language, language.id());
            }
            let settings = raw.validate().map_err(|errors| ImportError::Rejected {
                id: file_id,
                errors,
            })?;
            agrees(&r.report, &settings).map_err(bad)?;
            let batch = r.batch.unwrap_or(file_id);
            let mut run = RunResult::new(file_id, r.query, settings, r.report);
            run.batch = batch;
            run.recorded_on = Some(r.recorded_on.unwrap_or_else(|| date.clone()));
            // One span (or none) per request, or none at all.
            run.handlers = r.handlers.filter(|h| h.len() == run.report.n);
            if let Some(ideal) = r.ideal {
                run.set_ideal(ideal);
            }
            Ok(Imported { run, file_id })
        })
        .collect()
}

/// The rules a run's records keep: one per request, in order, counted right.
fn check(r: &RunIn) -> Result<(), RunProblem> {
    let report = &r.report;
    if report.n > MAX_REQUESTS {
        return Err(RunProblem::TooManyRequests(report.n));
    }
    if report.records.len() != report.n {
        return Err(RunProblem::RecordCount {
            records: report.records.len(),
            n: report.n,
        });
    }
    if let Some(pos) = report
        .records
        .iter()
        .enumerate()
        .position(|(i, rec)| rec.index != i + 1)
    {
        return Err(RunProblem::OutOfOrder(pos + 1));
    }
    if let Some(rec) = report
        .records
        .iter()
        .find(|r| r.attempts.len() > MAX_ATTEMPTS)
    {
        return Err(RunProblem::TooManyAttempts {
            attempts: rec.attempts.len(),
            request: rec.index,
        });
    }
    if report.records.iter().any(|rec| rec.outcome.is_none()) {
        return Err(RunProblem::NoOutcome);
    }
    if count(&report.records) != report.counts {
        return Err(RunProblem::Counts);
    }
    let bad_time = |t: f64| !t.is_finite();
    if !report.wall_ms.is_finite()
        || report
            .records
            .iter()
            .flat_map(|rec| rec.attempts.iter())
            .any(|a| bad_time(a.started) || bad_time(a.ended) || a.ended < a.started)
    {
        return Err(RunProblem::BadTimes);
    }
    Ok(())
}

/// The records agree with the settings they claim: the page replays a run's
/// ideal with its settings, so a run of 0 records saying n=100000 would cost
/// a replay of 100,000 requests.
fn agrees(report: &RunReport, settings: &crate::config::Settings) -> Result<(), RunProblem> {
    if report.n != settings.n {
        return Err(RunProblem::NOverSettings {
            n: report.n,
            settings_n: settings.n,
        });
    }
    let most = settings.retries as usize + 1;
    if let Some(rec) = report.records.iter().find(|r| r.attempts.len() > most) {
        return Err(RunProblem::AttemptsOverRetries {
            attempts: rec.attempts.len(),
            request: rec.index,
            retries: settings.retries,
        });
    }
    Ok(())
}

/// Gives imported runs the ids `base`, `base + 1`, … in the order of their
/// ids in the file, and carries every reference along: batches, and the run
/// an ideal's server times came from. An ideal measured in a run the file
/// does not hold is dropped (the page replays it again) rather than left
/// naming whichever run has that number here. Returns the runs and the next
/// free id; `None` only if the ids would pass `usize::MAX`.
pub fn renumber(imported: Vec<Imported>, base: usize) -> Option<(Vec<RunResult>, usize)> {
    // Ids and batches in one order, so a batch named by its first run keeps
    // naming it, and one whose first run is not in the file still groups its runs.
    let mut numbers: Vec<usize> = imported
        .iter()
        .flat_map(|i| [i.file_id, i.run.batch])
        .collect();
    crate::sort::usizes(&mut numbers);
    numbers.dedup();
    let new = |old: usize| -> Option<usize> {
        let rank = numbers.binary_search(&old).ok()?;
        base.checked_add(rank)
    };
    let next = base.checked_add(numbers.len())?;
    let held: std::collections::HashSet<usize> = imported.iter().map(|i| i.file_id).collect();
    let mut runs = Vec::with_capacity(imported.len());
    for Imported { mut run, file_id } in imported {
        run.id = new(file_id)?;
        run.batch = new(run.batch)?;
        if let Some(mut ideal) = run.ideal.take() {
            let kept = match ideal.from {
                ServerTimes::MeasuredIn(old) if held.contains(&old) => {
                    ideal.from = ServerTimes::MeasuredIn(new(old)?);
                    true
                }
                ServerTimes::MeasuredIn(_) => false,
                ServerTimes::Draws | ServerTimes::Timed => true,
            };
            if kept {
                run.set_ideal(ideal);
            }
        }
        runs.push(run);
    }
    Some((runs, next))
}

/// The CSV header: one line per fetch attempt, times in ms from the run's
/// start. The request's poll counts close its first line (empty on a retry's
/// line, so a column sums to the run's total; empty too when not counted).
pub const CSV_HEADER: &str =
    "run,strategy,k,request,attempt,url,queued_ms,start_ms,end_ms,duration_ms,outcome,status,bytes,message,polls,wasted_polls,wakes,wake_wait_ms,busy_ms";

/// Every attempt of every run as CSV. A request that never started (cancelled
/// first) gets one line with no attempt number, so every request is there.
pub fn csv(runs: &[Arc<RunResult>]) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for run in runs {
        let r = &run.report;
        let at = |t: f64| format!("{:.3}", t - r.began_ms);
        for rec in &r.records {
            let polls = match r.polls {
                Some(_) => poll_cells(&rec.polls),
                None => ",,,,".into(),
            };
            let queued = rec.queued.map(at).unwrap_or_default();
            let lead = format!(
                "{},{},{},{},",
                run.id,
                r.strategy.id(),
                r.concurrency,
                rec.index
            );
            if rec.attempts.is_empty() {
                let outcome = rec.outcome.as_ref().map(outcome_cells).unwrap_or_default();
                out += &format!("{lead},{},{queued},,,,{outcome},{polls}\n", field(&rec.url));
            }
            for (n, a) in rec.attempts.iter().enumerate() {
                let polls = if n == 0 { polls.as_str() } else { ",,,," };
                out += &format!(
                    "{lead}{},{},{queued},{},{},{:.3},{},{polls}\n",
                    n + 1,
                    field(&rec.url),
                    at(a.started),
                    at(a.ended),
                    a.ended - a.started,
                    outcome_cells(&a.outcome)
                );
            }
        }
    }
    out
}

/// "polls,wasted_polls,wakes,wake_wait_ms,busy_ms".
fn poll_cells(p: &crate::engine::Polls) -> String {
    let ms = |us: u32| f64::from(us) / 1000.0;
    format!(
        "{},{},{},{:.3},{:.3}",
        p.polls,
        p.wasted,
        p.wakes,
        ms(p.wait_us),
        ms(p.busy_us)
    )
}

/// "outcome,status,bytes,message".
fn outcome_cells(o: &Outcome) -> String {
    match o {
        Outcome::Ok { status, bytes } => format!("ok,{status},{bytes},"),
        Outcome::HttpError { status } => format!("http_error,{status},,"),
        Outcome::NetworkError { message } => format!("network_error,,,{}", field(message)),
        Outcome::Timeout => "timeout,,,".into(),
        Outcome::Cancelled => "cancelled,,,".into(),
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests;
