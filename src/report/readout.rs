//! The waterfall's words: what a hovered or keyboard-focused row says, and the
//! same text in the chart's table alternative.
#![deny(missing_docs)]
use crate::engine::timing::{record_phases, Answerer};
use crate::engine::{OutcomeClass, Record};
use crate::report::Ms;
use crate::stats::format_ms;
use crate::viz::live::LiveSpans;
use crate::viz::Row;

/// "#7" for one request, "#1–250" for a merged row.
pub fn row_label(row: &Row) -> String {
    if row.first == row.last {
        format!("#{}", row.first)
    } else {
        format!("#{}–{}", row.first, row.last)
    }
}

/// Where the details of one request come from: a finished run's records, or
/// the live spans of the run in progress.
#[derive(Clone, Copy)]
pub enum Detail<'a> {
    /// A finished run's records.
    Records(&'a [Record]),
    /// The spans of the run in progress.
    Live(&'a LiveSpans),
}

/// The words for row `i`: one request in full, or a merged row's counts.
/// Times are from `origin`, the run's start.
pub fn readout(rows: &[Row], origin: f64, i: usize, detail: Detail<'_>) -> Option<String> {
    let row = rows.get(i)?;
    let at = |t: Option<f64>| Ms(t.map(|t| t - origin));
    if row.first != row.last {
        let c = row.counts;
        return Some(format!(
            "requests {}–{}: ok {}, failed {}, cancelled {} · first start {} · last end {}",
            row.first,
            row.last,
            c.ok,
            c.failed,
            c.cancelled,
            at(row.started),
            at(row.ended)
        ));
    }
    let index = row.first.checked_sub(1)?;
    Some(match detail {
        Detail::Records(records) => {
            let r = records.get(index)?;
            format!(
                "#{} {} · queued {} · started {} · ended {} · {} · {} attempt(s){}",
                r.index,
                r.url,
                at(r.queued),
                at(r.started),
                at(r.ended),
                r.outcome.as_ref().map(|o| o.label()).unwrap_or_default(),
                r.attempts.len(),
                phase_words(r)
            )
        }
        Detail::Live(spans) => {
            let s = spans.get(index)?;
            match (s.started, s.ended, s.class) {
                (None, _, _) => format!("#{} · not started yet", row.first),
                (Some(_), Some(_), Some(class)) => format!(
                    "#{} · started {} · ended {} · {}",
                    row.first,
                    at(s.started),
                    at(s.ended),
                    class_label(class)
                ),
                _ => format!("#{} · started {} · in progress", row.first, at(s.started)),
            }
        }
    })
}

/// Each attempt's measured phases in words, as DevTools would name them.
pub fn phase_words(record: &Record) -> String {
    let mut out = String::new();
    for (n, (a, p)) in record
        .attempts
        .iter()
        .zip(record_phases(record))
        .enumerate()
    {
        let Some(t) = &a.timing else { continue };
        out += &format!(" · attempt {}: ", n + 1);
        out += &match p {
            None if t.hidden() => "phases hidden by the server (no Timing-Allow-Origin)".into(),
            None => "phases not measured".into(),
            Some(p) => {
                let answer = match p.answerer {
                    Answerer::Server => "server",
                    Answerer::Worker => "service worker",
                };
                let protocol = if t.protocol.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", t.protocol)
                };
                format!(
                    "waiting in the engine {} · waiting in the browser {} · {answer} {} · download {} · page {}{protocol}",
                    fine(p.engine),
                    fine(p.browser),
                    fine(p.answer),
                    fine(p.download),
                    fine(p.page)
                )
            }
        };
    }
    out
}

/// Phases are often under a millisecond: one decimal below 10 ms.
fn fine(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format_ms(ms)
    }
}

fn class_label(class: OutcomeClass) -> &'static str {
    match class {
        OutcomeClass::Ok => "ok",
        OutcomeClass::Failed => "failed",
        OutcomeClass::Cancelled => "cancelled",
    }
}
