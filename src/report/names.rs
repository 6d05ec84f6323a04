//! How a run is named where a learner reads it: its title, its asyncio
//! analogue, its labels, and the wall the Compare chart draws for it.
use super::RunResult;
use crate::engine::Experiment;

impl RunResult {
    /// "join_all_limited (k=5)": the name a learner sees, and the language
    /// when it is not Rust: "join_all_limited (k=5) · Python".
    pub fn title(&self) -> String {
        self.settings.language.named(self.rust_title())
    }

    /// The title without the language.
    fn rust_title(&self) -> String {
        let strategy = self.report.strategy;
        let name = if strategy.uses_k() {
            format!("{} (k={})", strategy.id(), self.settings.k)
        } else {
            strategy.id().to_string()
        };
        match self.report.experiment {
            // Not join_all's code: its tasks, awaited one by one; its blocking calls.
            Some(e @ (Experiment::TasksInOrder | Experiment::Blocking)) => e.label(),
            // A Python script is named by what it does in Python: its
            // coroutines are gathered, not polled.
            Some(e) if self.settings.language == crate::lang::Language::Python => {
                format!("{name} ({})", e.python())
            }
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

    /// The language that ran it.
    pub fn language(&self) -> crate::lang::Language {
        self.settings.language
    }

    /// "#3 join_all_limited (k=5) · asyncio.Semaphore", and "(recorded)" for
    /// a run loaded from a file; a worker run names its language instead of
    /// asyncio's analogue (a Python run *is* asyncio's).
    pub fn label(&self) -> String {
        let recorded = if self.recorded_on.is_some() {
            " (recorded)"
        } else {
            ""
        };
        format!("#{} {}{recorded}", self.id, self.described())
    }

    /// "join_all_limited (k=5) · asyncio.Semaphore" for a Rust run,
    /// "join_all_limited (k=5) · Python" for a worker's.
    pub fn described(&self) -> String {
        if self.language().in_worker() {
            self.title()
        } else {
            format!("{} · {}", self.title(), self.python())
        }
    }

    /// "#3 join_all_limited (k=5)": the label without asyncio's name, where
    /// a chart has only its label column's width.
    pub fn short_label(&self) -> String {
        match self.report.experiment {
            // The experiment's own name fits the chart's label column; the
            // table below it has the strategy too.
            Some(e) => format!("#{} {}", self.id, self.settings.language.named(e.label())),
            None => format!("#{} {}", self.id, self.title()),
        }
    }
}
