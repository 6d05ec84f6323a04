//! Runs as files: the JSON export (with a schema version), its import, and a
//! CSV with one line per fetch attempt. Pure: the page only reads and saves files.
use super::{Ideal, RunResult};
use crate::config::RawSettings;
use crate::engine::{count, Outcome, RunReport};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The version of the JSON export this page writes and reads.
pub const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct ExportOut<'a> {
    schema: u32,
    exported_on: &'a str,
    runs: &'a [Arc<RunResult>],
}

/// The JSON export of `runs`, dated `exported_on` (an ISO date from the page).
pub fn to_json(runs: &[Arc<RunResult>], exported_on: &str) -> Result<String, String> {
    write(runs, exported_on, true)
}

/// The same export without whitespace, for links.
pub fn to_compact_json(runs: &[Arc<RunResult>], exported_on: &str) -> Result<String, String> {
    write(runs, exported_on, false)
}

fn write(runs: &[Arc<RunResult>], exported_on: &str, pretty: bool) -> Result<String, String> {
    let out = ExportOut {
        schema: SCHEMA,
        exported_on,
        runs,
    };
    let json = if pretty {
        serde_json::to_string_pretty(&out)
    } else {
        serde_json::to_string(&out)
    };
    json.map_err(|e| format!("could not write the runs as JSON: {e}"))
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
    report: RunReport,
}

/// One run read from a file, ready to be filed in the history as recorded.
pub struct Imported {
    pub run: RunResult,
    /// Its id in the file, for messages.
    pub file_id: usize,
}

/// Reads an export back. Every problem is a message naming what is wrong;
/// nothing in a bad file panics.
pub fn from_json(text: &str) -> Result<Vec<Imported>, String> {
    let file: ExportIn = serde_json::from_str(text).map_err(|e| {
        format!("This is not a fetch-playground export (Export JSON writes them): {e}.")
    })?;
    match file.schema {
        Some(SCHEMA) => {}
        Some(other) => {
            return Err(format!(
                "This file uses export schema {other}; this page reads schema {SCHEMA}."
            ))
        }
        None => {
            return Err(format!(
                "This file has no export schema version; this page reads schema {SCHEMA} (export it again)."
            ))
        }
    }
    if file.runs.is_empty() {
        return Err("This file holds no runs.".into());
    }
    let mut ids: Vec<usize> = file.runs.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    if let Some(twice) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("This file has two runs numbered #{}.", twice[0]));
    }
    let date = file.exported_on.unwrap_or_else(|| "an unknown date".into());
    file.runs
        .into_iter()
        .map(|r| {
            let file_id = r.id;
            check(&r).map_err(|why| format!("Run #{file_id} in this file {why}."))?;
            let settings = RawSettings::from_query(&r.query).validate().map_err(|e| {
                format!(
                    "Run #{file_id} in this file has settings this page rejects: {}",
                    crate::config::error_message(&e)
                )
            })?;
            let batch = r.batch.unwrap_or(file_id);
            let mut run = RunResult::new(file_id, r.query, settings, r.report);
            run.batch = batch;
            run.recorded_on = Some(r.recorded_on.unwrap_or_else(|| date.clone()));
            if let Some(ideal) = r.ideal {
                run.set_ideal(ideal);
            }
            Ok(Imported { run, file_id })
        })
        .collect()
}

/// The rules a run's records keep: one per request, in order, counted right.
fn check(r: &RunIn) -> Result<(), String> {
    let report = &r.report;
    if report.records.len() != report.n {
        return Err(format!(
            "has {} records for {} requests",
            report.records.len(),
            report.n
        ));
    }
    if let Some(pos) = report
        .records
        .iter()
        .enumerate()
        .position(|(i, rec)| rec.index != i + 1)
    {
        return Err(format!("has request {} out of order", pos + 1));
    }
    if report.records.iter().any(|rec| rec.outcome.is_none()) {
        return Err("has a request without an outcome".into());
    }
    if count(&report.records) != report.counts {
        return Err("has counts that don't match its records".into());
    }
    let bad_time = |t: f64| !t.is_finite();
    if !report.wall_ms.is_finite()
        || report
            .records
            .iter()
            .flat_map(|rec| rec.attempts.iter())
            .any(|a| bad_time(a.started) || bad_time(a.ended) || a.ended < a.started)
    {
        return Err("has times that are not numbers or end before they start".into());
    }
    Ok(())
}

/// The CSV header: one line per fetch attempt, times in ms from the run's start.
pub const CSV_HEADER: &str =
    "run,strategy,k,request,attempt,url,queued_ms,start_ms,end_ms,duration_ms,outcome,status,bytes,message";

/// Every attempt of every run as CSV. A request that never started (cancelled
/// first) gets one line with no attempt number, so every request is there.
pub fn csv(runs: &[Arc<RunResult>]) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for run in runs {
        let r = &run.report;
        let at = |t: f64| format!("{:.3}", t - r.began_ms);
        for rec in &r.records {
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
                out += &format!("{lead},{},{queued},,,,{outcome}\n", field(&rec.url));
            }
            for (n, a) in rec.attempts.iter().enumerate() {
                out += &format!(
                    "{lead}{},{},{queued},{},{},{:.3},{}\n",
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
mod tests {
    use super::*;
    use crate::config::Field;
    use crate::engine::{Attempt, Record, Strategy};
    use crate::report::ServerTimes;

    fn run(id: usize) -> Arc<RunResult> {
        let mut raw = RawSettings::default();
        raw.set(Field::Requests, "3");
        raw.set(Field::Concurrency, "2");
        let settings = raw.validate().expect("valid");
        let mut records: Vec<Record> = (1..=3)
            .map(|i| Record::new(i, settings.url_for(i)))
            .collect();
        for (i, r) in records.iter_mut().enumerate().take(2) {
            let start = 10.0 + i as f64;
            r.queued = Some(10.0);
            r.started = Some(start);
            r.ended = Some(start + 100.0);
            r.attempts.push(Attempt {
                started: start,
                ended: start + 100.0,
                outcome: Outcome::NetworkError {
                    message: "Failed to fetch, \"refused\"".into(),
                },
                timing: None,
            });
            r.outcome = Some(r.attempts[0].outcome.clone());
        }
        records[2].queued = Some(10.0);
        records[2].outcome = Some(Outcome::Cancelled);
        let report = RunReport {
            strategy: Strategy::WorkerPool,
            n: 3,
            concurrency: 2,
            began_ms: 10.0,
            wall_ms: 101.0,
            max_in_flight: 2,
            counts: count(&records),
            cancelled_by_user: true,
            swept: 0,
            records,
        };
        let run = RunResult::new(id, raw.to_query(), settings, report);
        run.set_ideal(Ideal {
            ms: 100.0,
            sequential_ms: 300.0,
            from: ServerTimes::Draws,
        });
        Arc::new(run)
    }

    #[test]
    fn an_export_reads_back_as_the_same_runs_marked_recorded() {
        let runs = vec![run(4), run(5)];
        let json = to_json(&runs, "2026-11-23").expect("json");
        let back = from_json(&json).expect("reads back");
        assert_eq!(back.len(), 2);
        let first = &back[0].run;
        assert_eq!(back[0].file_id, 4);
        assert_eq!(first.report, runs[0].report);
        assert_eq!(first.settings, runs[0].settings);
        assert_eq!(first.latency, runs[0].latency);
        assert_eq!(first.ideal_ms(), Some(100.0));
        assert_eq!(first.recorded_on.as_deref(), Some("2026-11-23"));
        // Exported again, it keeps the date it was recorded on.
        let again = to_json(
            &[Arc::new(back.into_iter().next().expect("one").run)],
            "2027-01-01",
        )
        .expect("json");
        assert_eq!(
            from_json(&again).expect("reads")[0]
                .run
                .recorded_on
                .as_deref(),
            Some("2026-11-23")
        );
    }

    #[test]
    fn a_bad_file_gets_a_message_that_says_what_is_wrong() {
        let good = to_json(&[run(1)], "2026-11-23").expect("json");
        let cases: Vec<(String, &str)> = vec![
            ("not json".into(), "not a fetch-playground export"),
            ("{}".into(), "not a fetch-playground export"),
            (
                good.replace("\"schema\": 1", "\"schema\": 2"),
                "schema 2; this page reads schema 1",
            ),
            (
                good.replace("\"schema\": 1,", ""),
                "no export schema version",
            ),
            (r#"{"schema":1,"runs":[]}"#.into(), "holds no runs"),
            (
                to_json(&[run(3), run(3)], "x").expect("json"),
                "two runs numbered #3",
            ),
            (
                good.replace("\"n\": 3", "\"n\": 4"),
                "has 3 records for 4 requests",
            ),
            (
                good.replace("\"index\": 2", "\"index\": 7"),
                "request 2 out of order",
            ),
            (
                good.replace("\"failed\": 2", "\"failed\": 1"),
                "counts that don't match",
            ),
            (
                good.replace("n=3&k=2", "n=abc&k=2"),
                "settings this page rejects",
            ),
            (
                good.replace("\"ended\": 110.0", "\"ended\": 1.0"),
                "end before they start",
            ),
        ];
        for (text, want) in cases {
            match from_json(&text) {
                Err(message) => assert!(message.contains(want), "{want}: {message}"),
                Ok(_) => panic!("accepted a bad file: {want}"),
            }
        }
    }

    #[test]
    fn csv_has_one_line_per_attempt_and_every_request() {
        let text = csv(&[run(7)]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CSV_HEADER);
        // Two attempts, and the request that never started.
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[1],
            "7,worker_pool,2,1,1,__sim/1,0.000,0.000,100.000,100.000,network_error,,,\"Failed to fetch, \"\"refused\"\"\""
        );
        assert_eq!(lines[3], "7,worker_pool,2,3,,__sim/3,0.000,,,,cancelled,,,");
        // Quoted commas aside, every line has the header's 14 cells.
        for line in &lines[..] {
            let unquoted = line.split('"').step_by(2).collect::<String>();
            assert_eq!(unquoted.matches(',').count(), 13, "{line}");
        }
    }
}
