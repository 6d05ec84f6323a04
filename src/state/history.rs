//! The run history: the runs, which of them are ticked, and their ids.
use crate::config::Settings;
use crate::engine::RunReport;
use crate::report::{self, RunResult, Shown};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// The sequential runs of one workload: the latest, and those of each batch.
#[derive(Default)]
struct Sequentials {
    latest: Option<Arc<RunResult>>,
    by_batch: HashMap<usize, Vec<Arc<RunResult>>>,
}

/// Every run's baseline (`RunResult::baseline`), found in one pass over the
/// history, so that drawing N rows costs N lookups and not N scans of N runs.
#[derive(Default)]
pub struct Baselines(HashMap<String, Sequentials>);

impl Baselines {
    pub fn of(runs: &[Arc<RunResult>]) -> Self {
        let mut index: HashMap<String, Sequentials> = HashMap::new();
        for run in runs {
            if run.report.strategy != crate::engine::Strategy::Sequential || !run.completed() {
                continue;
            }
            let seq = index.entry(run.settings.workload_key()).or_default();
            seq.latest = Some(run.clone());
            seq.by_batch.entry(run.batch).or_default().push(run.clone());
        }
        Baselines(index)
    }

    /// The runs `RunResult::baseline` picks for a run of workload `key` in
    /// `batch`: passed to `line` in place of the whole history, it gives the same numbers.
    pub fn for_run(&self, key: &str, batch: usize) -> Shown {
        let Some(seq) = self.0.get(key) else {
            return Shown::default();
        };
        match seq.by_batch.get(&batch) {
            Some(same) => Shown(same.clone()),
            None => Shown(seq.latest.iter().cloned().collect()),
        }
    }
}

#[derive(Clone, Copy)]
pub struct History {
    runs: RwSignal<Vec<Arc<RunResult>>>,
    /// Up to two run ids shown side by side; empty = the latest run.
    selected: RwSignal<Vec<usize>>,
    shown: Memo<Shown>,
    baselines: Memo<Arc<Baselines>>,
    next_id: StoredValue<usize>,
    /// HTTP/2 stream limits servers announced, by origin: filed with each run against them.
    announced: StoredValue<Vec<(String, usize)>>,
    /// The handler spans of the run that ran last, filed with it by the next `push`.
    handlers: StoredValue<Option<crate::report::HandlerSpans>>,
}

impl History {
    pub fn new() -> Self {
        let runs = RwSignal::new(Vec::<Arc<RunResult>>::new());
        let selected = RwSignal::new(Vec::new());
        let shown = Memo::new(move |_| {
            runs.with(|runs| selected.with(|s| Shown(report::shown_runs(runs, s))))
        });
        // Always "changed": each reader compares what it takes from it.
        let baselines = Memo::new_with_compare(
            move |_| Arc::new(runs.with(|runs| Baselines::of(runs))),
            |_, _| true,
        );
        History {
            runs,
            selected,
            shown,
            baselines,
            next_id: StoredValue::new(1),
            announced: StoredValue::new(Vec::new()),
            handlers: StoredValue::new(None),
        }
    }

    /// Reads every run, tracked.
    pub fn with_runs<T>(&self, f: impl FnOnce(&[Arc<RunResult>]) -> T) -> T {
        self.runs.with(|runs| f(runs))
    }

    pub fn with_runs_untracked<T>(&self, f: impl FnOnce(&[Arc<RunResult>]) -> T) -> T {
        self.runs.with_untracked(|runs| f(runs))
    }

    /// Every run's baseline, tracked: recomputed once per change of the history.
    pub fn baselines(&self) -> Arc<Baselines> {
        self.baselines.get()
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
    pub(super) fn toggle(&self, id: usize) {
        self.selected.update(|s| report::toggle_selection(s, id));
    }

    /// Shows exactly these runs (none = the latest).
    pub(super) fn select(&self, ids: Vec<usize>) {
        self.selected.set(ids);
    }

    /// Notes the stream limits a server announced (origin → streams), for the runs to come.
    pub(super) fn announce(&self, limits: Vec<(String, usize)>) {
        self.announced.update_value(|known| {
            known.retain(|(o, _)| !limits.iter().any(|(new, _)| new == o));
            known.extend(limits);
        });
    }

    /// The id the next run will get: a plan's first run names its batch.
    pub fn next_id(&self) -> usize {
        self.next_id.get_value()
    }

    /// Adds a finished run of `batch` and returns its id.
    /// Keeps the spans of the run that just ran for its `push` (every run is
    /// filed right after it ran; a run without spans clears them).
    pub(super) fn hold_handlers(&self, spans: Option<crate::report::HandlerSpans>) {
        self.handlers.set_value(spans);
    }

    pub(super) fn push(
        &self,
        batch: usize,
        query: String,
        settings: Settings,
        report: RunReport,
    ) -> usize {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let origin = crate::latency::origin(&settings.url_for(1)).to_string();
        let announced = self
            .announced
            .with_value(|a| a.iter().find(|(o, _)| *o == origin).map(|(_, s)| *s));
        let mut run = RunResult::new(id, query, settings, report);
        run.batch = batch;
        run.handlers = self.handlers.try_update_value(Option::take).flatten();
        run.announced_streams = announced;
        self.runs.update(|runs| runs.push(Arc::new(run)));
        id
    }

    /// Files runs read from a file under fresh ids (their batches and the
    /// runs their ideals name carried along) and shows the first two;
    /// returns how many.
    pub(super) fn import(&self, imported: Vec<crate::report::export::Imported>) -> usize {
        let base = self.next_id.get_value();
        let Some((runs, next)) = crate::report::export::renumber(imported, base) else {
            leptos::logging::warn!("import refused: run ids would pass {}", usize::MAX);
            return 0;
        };
        let count = runs.len();
        let mut ids: Vec<usize> = runs.iter().map(|r| r.id).take(2).collect();
        self.runs
            .update(|all| all.extend(runs.into_iter().map(Arc::new)));
        self.next_id.set_value(next);
        ids.truncate(2);
        self.selected.set(ids);
        count
    }

    /// Files each run's replayed ideal, as a new copy of that run (the old
    /// one may be in a chart's hands), in one change of the history.
    pub(super) fn set_ideals(&self, ideals: Vec<(usize, report::Ideal)>) {
        if ideals.is_empty() {
            return;
        }
        self.runs.update(|runs| {
            for (id, ideal) in ideals {
                if let Some(run) = index_of(runs, id).and_then(|i| runs.get_mut(i)) {
                    Arc::make_mut(run).set_ideal(ideal);
                }
            }
        });
    }

    /// The run numbered `id` as the history holds it now, tracked.
    pub fn run(&self, id: usize) -> Option<Arc<RunResult>> {
        self.runs
            .with(|runs| runs.get(index_of(runs, id)?).cloned())
    }

    /// Forgets every run, and with them the selection.
    pub(super) fn clear(&self) {
        self.runs.set(Vec::new());
        self.selected.set(Vec::new());
    }
}

/// Where run `id` sits: ids only grow along the history.
fn index_of(runs: &[Arc<RunResult>], id: usize) -> Option<usize> {
    runs.binary_search_by_key(&id, |r| r.id).ok()
}

impl Default for History {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::config::RawSettings;
    use crate::engine::{count, Strategy};
    use crate::report::Speedup;

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
            polls: None,
            experiment: None,
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

    /// An export of one-request runs: (id, batch, the run its ideal was measured in).
    fn file(runs: &[(usize, usize, Option<usize>)]) -> String {
        let runs: Vec<String> = runs
            .iter()
            .map(|(id, batch, from)| {
                let ideal = from.map_or(String::new(), |from| {
                    format!(r#""ideal":{{"ms":5.0,"sequential_ms":5.0,"from":{{"measured_in":{from}}}}},"#)
                });
                format!(
                    r#"{{"id":{id},"batch":{batch},"query":"target=http://127.0.0.1:9/{{i}}&n=1&k=1",{ideal}"report":{{"strategy":"sequential","n":1,"concurrency":1,"began_ms":0.0,"wall_ms":5.0,"max_in_flight":1,"counts":{{"ok":1,"failed":0,"cancelled":0}},"cancelled_by_user":false,"swept":0,"records":[{{"index":1,"url":"u","queued":0.0,"started":0.0,"ended":5.0,"outcome":{{"kind":"ok","status":200,"bytes":1}},"attempts":[{{"started":0.0,"ended":5.0,"outcome":{{"kind":"ok","status":200,"bytes":1}}}}]}}]}}}}"#
                )
            })
            .collect();
        format!(r#"{{"schema":1,"runs":[{}]}}"#, runs.join(","))
    }

    fn import(history: &History, text: &str) -> usize {
        history.import(crate::report::export::from_json(text).expect("a good file"))
    }

    fn measured_in(history: &History, id: usize) -> Option<usize> {
        history.with_runs_untracked(|runs| {
            let run = runs.iter().find(|r| r.id == id).expect("that run");
            match run.ideal.as_ref().map(|i| &i.from) {
                Some(crate::report::ServerTimes::MeasuredIn(from)) => Some(*from),
                _ => None,
            }
        })
    }

    #[test]
    fn an_imported_ideal_names_the_renumbered_run_it_was_measured_in() {
        let history = History::new();
        for _ in 0..3 {
            push(&history);
        }
        // In the file, #6 was measured by #5; here they become #4 and #5.
        assert_eq!(import(&history, &file(&[(5, 5, None), (6, 6, Some(5))])), 2);
        let ids: Vec<usize> = history.with_runs_untracked(|r| r.iter().map(|r| r.id).collect());
        assert_eq!(ids, [1, 2, 3, 4, 5]);
        assert_eq!(measured_in(&history, 5), Some(4));
        let verdict = history.with_runs_untracked(|runs| runs[4].verdict(runs));
        assert!(
            verdict.contains("the server times run #4 measured"),
            "{verdict}"
        );
        // A run measured by one the file does not hold names no run here.
        import(&history, &file(&[(8, 8, Some(2))]));
        assert_eq!(measured_in(&history, 6), None);
        assert_eq!(push(&history), 7);
    }

    #[test]
    fn huge_ids_from_a_file_import_without_overflow_and_keep_their_batches() {
        let history = History::new();
        push(&history);
        let max = usize::MAX;
        let text = file(&[
            (0, 0, None),
            (max - 1, max - 2, None),
            (max, max - 2, Some(max - 1)),
        ]);
        assert_eq!(import(&history, &text), 3);
        let got: Vec<(usize, usize)> =
            history.with_runs_untracked(|r| r.iter().map(|r| (r.id, r.batch)).collect());
        // 0, max - 2 (a batch whose first run is not in the file), max - 1, max.
        assert_eq!(got, [(1, 1), (2, 2), (4, 3), (5, 3)]);
        assert_eq!(measured_in(&history, 5), Some(4));
        assert_eq!(push(&history), 6);
    }

    #[test]
    fn each_rows_baseline_from_the_index_gives_the_numbers_of_a_full_scan() {
        let history = History::new();
        // Two workloads; Compares in A B B A order; a cancelled sequential run;
        // a batch with no sequential run of its own.
        let plan: [(&str, &str, bool, usize); 9] = [
            ("sequential", "5", false, 1),
            ("join_all", "5", false, 1),
            ("join_all", "5", false, 1),
            ("sequential", "5", false, 1),
            ("sequential", "6", true, 5),
            ("worker_pool", "5", false, 6),
            ("sequential", "6", false, 7),
            ("join_all", "6", false, 7),
            ("buffer_unordered", "6", false, 9),
        ];
        for (i, (strategy, n, cancelled, batch)) in plan.into_iter().enumerate() {
            let mut raw = RawSettings::default();
            raw.set(crate::config::Field::Requests, n);
            raw.set(crate::config::Field::Concurrency, "2");
            raw.set(crate::config::Field::Strategy, strategy);
            let settings = raw.validate().expect("valid");
            let opts = settings.run_options();
            let mut report = crate::engine::replay::replay_blocking(
                settings.strategy,
                &opts,
                settings.sim.script(settings.seed),
            )
            .expect("replays");
            report.wall_ms += i as f64;
            report.cancelled_by_user = cancelled;
            history.push(batch, raw.to_query(), settings, report);
        }
        history.with_runs_untracked(|runs| {
            let index = Baselines::of(runs);
            for run in runs {
                let picked = index.for_run(&run.settings.workload_key(), run.batch);
                assert_eq!(run.line(&picked.0), run.line(runs), "run #{}", run.id);
                let ids = |b: Vec<&RunResult>| b.iter().map(|r| r.id).collect::<Vec<_>>();
                assert_eq!(ids(run.baseline(&picked.0)), ids(run.baseline(runs)));
            }
            // The Compare's own two sequential runs, not the latest of the workload.
            let line = runs[1].line(&index.for_run(&runs[1].settings.workload_key(), 1).0);
            assert!(
                matches!(line.speedup, Speedup::Ratio { .. }),
                "{:?}",
                line.speedup
            );
        });
    }
}
