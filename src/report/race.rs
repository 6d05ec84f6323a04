//! "Race the languages": one strategy run once in each language with the
//! same settings and draws. Its verdict gives each language's wall ÷ Rust's,
//! and says, measured, whether the language or the strategy set the pace.
use super::RunResult;
use crate::engine::Strategy;
use crate::lang::Language;
use crate::stats::format_ms;
use std::sync::Arc;

/// One language's run in a race.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// Its language.
    pub language: Language,
    /// Its run's number in the history.
    pub id: usize,
    /// Its wall time (first start to last outcome).
    pub wall_ms: f64,
    /// Its wall ÷ Rust's.
    pub ratio: f64,
}

/// Who set the pace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// The languages' walls differ by less than what the strategy changes.
    Strategy,
    /// The languages' walls differ by more than that.
    Language,
}

/// A race's verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Race {
    /// The strategy all three ran.
    pub strategy: Strategy,
    /// The lanes in the order they ran.
    pub lanes: Vec<Lane>,
    /// Who set the pace; `None` when nothing measured can tell (no ideal).
    pub pace: Option<Pace>,
    /// The one measured sentence.
    pub sentence: String,
}

/// The newest batch, when it is a race: one complete run per language, one
/// strategy, one workload (so the same draws). `None` when it was cancelled,
/// or is anything else (a later Run replaces the race's verdict).
pub fn latest(runs: &[Arc<RunResult>]) -> Option<Race> {
    let batch = runs.last()?.batch;
    race_of(runs.iter().filter(|r| r.batch == batch).collect())
}

fn race_of(mut batch: Vec<&Arc<RunResult>>) -> Option<Race> {
    if batch.len() != Language::ALL.len() {
        return None;
    }
    batch.sort_by_key(|r| r.id);
    let first = batch.first()?;
    let (strategy, key) = (first.report.strategy, first.settings.workload_key());
    let one_each = Language::ALL
        .iter()
        .all(|l| batch.iter().filter(|r| r.language() == *l).count() == 1);
    let same = batch.iter().all(|r| {
        r.report.strategy == strategy
            && r.settings.workload_key() == key
            && r.settings.k == first.settings.k
    });
    if !one_each || !same || batch.iter().any(|r| !r.completed()) {
        return None;
    }
    let rust = batch.iter().find(|r| r.language() == Language::Rust)?;
    let rust_wall = rust.report.wall_ms;
    let lanes: Vec<Lane> = batch
        .iter()
        .map(|r| Lane {
            language: r.language(),
            id: r.id,
            wall_ms: r.report.wall_ms,
            ratio: if rust_wall > 0.0 {
                r.report.wall_ms / rust_wall
            } else {
                f64::NAN
            },
        })
        .collect();
    let ideal = batch.iter().find_map(|r| r.ideal().cloned());
    let (pace, sentence) = judge(strategy, &lanes, ideal.map(|i| (i.ms, i.sequential_ms)));
    Some(Race {
        strategy,
        lanes,
        pace,
        sentence,
    })
}

/// The spread between the languages against what the strategy changes: the
/// replayed gap from sequential to this strategy's ideal (for sequential
/// itself, a tenth of its ideal: sequential *is* its N waits, and a language
/// that costs more than a tenth on top sets the pace).
fn judge(strategy: Strategy, lanes: &[Lane], ideal: Option<(f64, f64)>) -> (Option<Pace>, String) {
    let walls = lanes.iter().map(|l| l.wall_ms);
    let fastest = walls.clone().fold(f64::INFINITY, f64::min);
    let slowest = walls.fold(0.0, f64::max);
    let spread = slowest - fastest;
    let Some((ideal_ms, sequential_ms)) = ideal else {
        return (
            None,
            format!(
                "The three languages' walls differ by {}; with no ideal for this target yet, that is all that is measured.",
                format_ms(spread)
            ),
        );
    };
    let (gap, against) = if strategy == Strategy::Sequential {
        (
            ideal_ms / 10.0,
            format!("a tenth of sequential's ideal {}", format_ms(ideal_ms)),
        )
    } else {
        let saved = (sequential_ms - ideal_ms).max(0.0);
        (
            saved,
            format!(
                "the {} that {} saves over sequential (ideal {} against {})",
                format_ms(saved),
                strategy.id(),
                format_ms(ideal_ms),
                format_ms(sequential_ms),
            ),
        )
    };
    let pace = if spread < gap {
        Pace::Strategy
    } else {
        Pace::Language
    };
    let who = match pace {
        Pace::Strategy => "The strategy set the pace, not the language",
        Pace::Language => "The language set the pace",
    };
    let relation = if spread < gap {
        "less than"
    } else {
        "at least"
    };
    (
        Some(pace),
        format!(
            "{who}: the three languages' walls differ by {}, {relation} {against}.",
            format_ms(spread)
        ),
    )
}

impl Race {
    /// "Python 1.02× Rust · JavaScript 0.99× Rust".
    pub fn ratios(&self) -> String {
        self.lanes
            .iter()
            .filter(|l| l.language != Language::Rust)
            .map(|l| format!("{} {:.2}× Rust", l.language, l.ratio))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// "Run in this order: Python, JavaScript, Rust".
    pub fn order(&self) -> String {
        let names: Vec<&str> = self.lanes.iter().map(|l| l.language.name()).collect();
        format!("Run in this order: {}", names.join(", "))
    }
}
