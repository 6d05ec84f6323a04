//! What the A B B A order of a Compare would have biased.
#![deny(missing_docs)]
use super::{mean, RunResult};
use crate::engine::Strategy;
use crate::stats::format_ms;
use std::sync::Arc;

impl RunResult {
    /// With A B B A order, how far the second run of each strategy moved from
    /// the first: what the order would have biased.
    pub fn order_note(&self, runs: &[Arc<RunResult>]) -> Option<String> {
        let walls = |strategy: Strategy| -> Vec<f64> {
            runs.iter()
                .filter(|r| r.batch == self.batch && r.report.strategy == strategy && r.completed())
                .map(|r| r.report.wall_ms)
                .collect()
        };
        let (seq, own) = (walls(Strategy::Sequential), walls(self.report.strategy));
        if self.report.strategy == Strategy::Sequential || seq.len() < 2 || own.len() < 2 {
            return None;
        }
        let side = |name: &str, w: &[f64]| {
            let (first, second) = (w.first().copied()?, w.get(1).copied()?);
            let drift = (second - first).abs() / mean(w.iter().copied()).unwrap_or(1.0);
            Some(format!(
                "{name} {} then {} ({:.0}% apart)",
                format_ms(first),
                format_ms(second),
                drift * 100.0
            ))
        };
        Some(format!(
            "In A B B A order: {}, {}; the speedup uses the means, so running first or second biases neither side.",
            side("sequential", &seq)?,
            side(self.report.strategy.id(), &own)?
        ))
    }
}
