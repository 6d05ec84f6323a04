//! The run history: the runs, which of them are ticked, and their ids.
use crate::config::Settings;
use crate::engine::RunReport;
use crate::report::{self, RunResult, Shown};
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct History {
    runs: RwSignal<Vec<Arc<RunResult>>>,
    /// Up to two run ids shown side by side; empty = the latest run.
    selected: RwSignal<Vec<usize>>,
    shown: Memo<Shown>,
    next_id: StoredValue<usize>,
}

impl History {
    pub fn new() -> Self {
        let runs = RwSignal::new(Vec::<Arc<RunResult>>::new());
        let selected = RwSignal::new(Vec::new());
        let shown = Memo::new(move |_| {
            runs.with(|runs| selected.with(|s| Shown(report::shown_runs(runs, s))))
        });
        History {
            runs,
            selected,
            shown,
            next_id: StoredValue::new(1),
        }
    }

    /// Reads every run, tracked.
    pub fn with_runs<T>(&self, f: impl FnOnce(&[Arc<RunResult>]) -> T) -> T {
        self.runs.with(|runs| f(runs))
    }

    pub fn with_runs_untracked<T>(&self, f: impl FnOnce(&[Arc<RunResult>]) -> T) -> T {
        self.runs.with_untracked(|runs| f(runs))
    }

    /// Every run, oldest first, tracked.
    pub fn runs(&self) -> Vec<Arc<RunResult>> {
        self.runs.get()
    }

    pub fn runs_untracked(&self) -> Vec<Arc<RunResult>> {
        self.runs.get_untracked()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.with(Vec::is_empty)
    }

    /// The runs the charts show: the ticked ones, else the latest.
    pub fn shown(&self) -> Shown {
        self.shown.get()
    }

    pub fn shown_untracked(&self) -> Shown {
        self.shown.get_untracked()
    }

    pub fn is_selected(&self, id: usize) -> bool {
        self.selected.with(|s| s.contains(&id))
    }

    /// Ticks or unticks a run; a third tick drops the oldest.
    pub fn toggle(&self, id: usize) {
        self.selected.update(|s| report::toggle_selection(s, id));
    }

    /// Shows exactly these runs (none = the latest).
    pub fn select(&self, ids: Vec<usize>) {
        self.selected.set(ids);
    }

    /// The id the next run will get: a plan's first run names its batch.
    pub fn next_id(&self) -> usize {
        self.next_id.get_value()
    }

    /// Adds a finished run of `batch` and returns its id.
    pub fn push(
        &self,
        batch: usize,
        query: String,
        settings: Settings,
        report: RunReport,
    ) -> usize {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let mut run = RunResult::new(id, query, settings, report);
        run.batch = batch;
        self.runs.update(|runs| runs.push(Arc::new(run)));
        id
    }

    /// Files runs read from a file under fresh ids (their batches kept
    /// together) and shows the first two; returns how many.
    pub fn import(&self, imported: Vec<crate::report::export::Imported>) -> usize {
        let base = self.next_id.get_value();
        let lowest = imported.iter().map(|i| i.file_id).min().unwrap_or(0);
        let count = imported.len();
        let mut ids = Vec::new();
        self.runs.update(|runs| {
            for i in imported {
                let mut run = i.run;
                run.id = base + (i.file_id - lowest);
                run.batch = base + run.batch.saturating_sub(lowest);
                ids.push(run.id);
                runs.push(Arc::new(run));
            }
        });
        let next = ids.iter().copied().max().map_or(base, |m| m + 1);
        self.next_id.set_value(next);
        ids.truncate(2);
        self.selected.set(ids);
        count
    }

    /// Tells everyone who reads the runs that one of them got its ideal.
    pub fn ideal_arrived(&self) {
        self.runs.update(|_| {});
    }

    /// Forgets every run, and with them the selection.
    pub fn clear(&self) {
        self.runs.set(Vec::new());
        self.selected.set(Vec::new());
    }
}

impl Default for History {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::config::RawSettings;
    use crate::engine::{count, Strategy};

    fn push(history: &History) -> usize {
        let settings = RawSettings::default()
            .validate()
            .expect("defaults are valid");
        let report = RunReport {
            strategy: Strategy::Sequential,
            n: 0,
            concurrency: 1,
            began_ms: 0.0,
            wall_ms: 0.0,
            max_in_flight: 0,
            counts: count(&[]),
            cancelled_by_user: false,
            swept: 0,
            records: Vec::new(),
        };
        let batch = history.next_id();
        history.push(batch, String::new(), settings, report)
    }

    #[test]
    fn clearing_forgets_the_selection_too() {
        let history = History::new();
        let (a, b) = (push(&history), push(&history));
        assert_eq!((a, b), (1, 2));
        history.toggle(a);
        assert!(history.is_selected(a));
        assert_eq!(history.shown_untracked().0[0].id, a);
        history.clear();
        assert!(!history.is_selected(a));
        assert!(history.shown_untracked().0.is_empty());
        // Ids keep counting, so an old share of "#1" never means a new run.
        assert_eq!(push(&history), 3);
        assert_eq!(history.shown_untracked().0[0].id, 3);
    }
}
