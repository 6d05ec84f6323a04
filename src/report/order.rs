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
            let drift = (w[1] - w[0]).abs() / mean(w.iter().copied()).unwrap_or(1.0);
            format!(
                "{name} {} then {} ({:.0}% apart)",
                format_ms(w[0]),
                format_ms(w[1]),
                drift * 100.0
            )
        };
        Some(format!(
            "In A B B A order: {}, {}; the speedup uses the means, so running first or second biases neither side.",
            side("sequential", &seq),
            side(self.report.strategy.id(), &own)
        ))
    }
}
