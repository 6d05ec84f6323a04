//! How a run is named where a learner reads it: its title, its asyncio
//! analogue, its labels, and the wall the Compare chart draws for it.
use super::RunResult;
use crate::engine::Experiment;

impl RunResult {
    /// "join_all_limited (k=5)": the name a learner sees.
    pub fn title(&self) -> String {
        let strategy = self.report.strategy;
        let name = if strategy.uses_k() {
            format!("{} (k={})", strategy.id(), self.settings.k)
        } else {
            strategy.id().to_string()
        };
        match self.report.experiment {
            // Not join_all's code: its tasks, awaited one by one.
            Some(e @ Experiment::TasksInOrder) => e.label(),
            Some(e) => format!("{name} ({})", e.label()),
            None => name,
        }
    }

    /// Its Python analogue: the strategy's, or the lesson experiment's.
    pub fn python(&self) -> &'static str {
        self.report
            .experiment
            .map_or_else(|| self.report.strategy.python(), Experiment::python)
    }

    /// The wall the Compare chart draws: a lesson experiment's counts from
    /// when its futures were built, so lesson 002's hold shows in it; any
    /// other run's is [`RunReport::wall_ms`], first start to last outcome.
    pub fn chart_wall_ms(&self) -> f64 {
        match self.report.experiment {
            Some(Experiment::Held { .. } | Experiment::Spawned) => self.report.start_to_end_ms(),
            _ => self.report.wall_ms,
        }
    }

    /// "#3 join_all_limited (k=5) · asyncio.Semaphore", and "(recorded)" for
    /// a run loaded from a file.
    pub fn label(&self) -> String {
        let recorded = if self.recorded_on.is_some() {
            " (recorded)"
        } else {
            ""
        };
        format!(
            "#{} {} · {}{recorded}",
            self.id,
            self.title(),
            self.python()
        )
    }

    /// "#3 join_all_limited (k=5)": the label without asyncio's name, where
    /// a chart has only its label column's width.
    pub fn short_label(&self) -> String {
        match self.report.experiment {
            // The experiment's own name fits the chart's label column; the
            // table below it has the strategy too.
            Some(e) => format!("#{} {}", self.id, e.label()),
            None => format!("#{} {}", self.id, self.title()),
        }
    }
}
