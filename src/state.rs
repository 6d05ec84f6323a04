//! The page's shared state and the glue that runs the engine in the browser.
use crate::browser::frame::FrameScheduler;
use crate::browser::sim_worker::SimStatus;
use crate::browser::{BrowserClock, BrowserRequester};
use crate::config::{error_message, RawSettings, Settings};
use crate::engine::{self, CancelToken, Event, RunReport, Strategy};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

/// One finished (or cancelled) run, with the settings it ran with.
#[derive(Debug, PartialEq, Serialize)]
pub struct RunResult {
    pub id: usize,
    /// The share-link query of its settings.
    pub query: String,
    #[serde(skip)]
    pub settings: Settings,
    pub report: RunReport,
}

/// How far the current run is.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub strategy: Option<Strategy>,
}

/// Everything the components share; `Copy`, so it is passed as a prop.
#[derive(Clone, Copy)]
pub struct Playground {
    pub raw: RwSignal<RawSettings>,
    pub sim: RwSignal<SimStatus>,
    /// The settings, or the message for the `error` element.
    pub checked: Memo<Result<Settings, String>>,
    pub runs: RwSignal<Vec<Arc<RunResult>>>,
    pub running: RwSignal<bool>,
    pub progress: RwSignal<Progress>,
    cancel: StoredValue<Option<CancelToken>, LocalStorage>,
    next_id: StoredValue<usize>,
}

impl Playground {
    pub fn new(raw: RawSettings) -> Self {
        let raw = RwSignal::new(raw);
        let sim = RwSignal::new(SimStatus::Starting);
        let checked = Memo::new(move |_| {
            let settings = raw.with(|r| r.validate()).map_err(|e| error_message(&e))?;
            match sim.get() {
                SimStatus::Unavailable(why) if settings.is_sim() => Err(why),
                _ => Ok(settings),
            }
        });
        Playground {
            raw,
            sim,
            checked,
            runs: RwSignal::new(Vec::new()),
            running: RwSignal::new(false),
            progress: RwSignal::new(Progress::default()),
            cancel: StoredValue::new_local(None),
            next_id: StoredValue::new(1),
        }
    }

    /// Valid settings, and the simulated server is up if they need it.
    pub fn can_run(&self) -> bool {
        let waiting = self.sim.get() == SimStatus::Starting
            && self
                .checked
                .with(|c| c.as_ref().is_ok_and(Settings::is_sim));
        self.checked.with(Result::is_ok) && !waiting && !self.running.get()
    }

    /// Runs each strategy in turn with the same settings (and so the same draws).
    pub fn start(self, plan: Vec<Strategy>) {
        let Ok(settings) = self.checked.get_untracked() else {
            return;
        };
        if self.running.get_untracked() {
            return;
        }
        let cancel = CancelToken::new();
        self.cancel.set_value(Some(cancel.clone()));
        self.running.set(true);
        let query = self.raw.with_untracked(RawSettings::to_query);
        spawn_local(async move {
            crate::browser::frame::after_paint().await;
            for strategy in plan {
                let settings = Settings {
                    strategy,
                    ..settings.clone()
                };
                let report = self.execute(&settings, &cancel).await;
                let id = self.next_id.get_value();
                self.next_id.set_value(id + 1);
                let query = query.clone();
                let result = RunResult {
                    id,
                    query,
                    settings,
                    report,
                };
                self.runs.update(|runs| runs.push(Arc::new(result)));
                if cancel.is_cancelled() {
                    break;
                }
            }
            self.cancel.set_value(None);
            self.running.set(false);
        });
    }

    async fn execute(self, settings: &Settings, cancel: &CancelToken) -> RunReport {
        let total = settings.n;
        let strategy = Some(settings.strategy);
        self.progress.set(Progress {
            done: 0,
            total,
            strategy,
        });
        let done = Rc::new(Cell::new(0));
        let progress = self.progress;
        let frame = FrameScheduler::new({
            let done = done.clone();
            move || {
                progress.set(Progress {
                    done: done.get(),
                    total,
                    strategy,
                })
            }
        });
        let requester = BrowserRequester {
            settings: settings.clone(),
        };
        let on_event = |event: Event<'_>| {
            if let Event::Finished(_) = event {
                done.set(done.get() + 1);
                frame.request();
            }
        };
        let opts = settings.run_options();
        let report = engine::run(
            settings.strategy,
            &opts,
            &requester,
            &BrowserClock,
            cancel,
            on_event,
        )
        .await;
        frame.flush_now();
        report
    }

    /// Stops the run: in-flight fetches are aborted, the rest recorded as cancelled.
    pub fn cancel(&self) {
        self.cancel.with_value(|c| {
            if let Some(c) = c {
                c.cancel();
            }
        });
    }
}

impl RunResult {
    /// ⌈N/c⌉·L for the simulated server, where L is its configured delay.
    pub fn ideal_ms(&self) -> Option<f64> {
        let s = &self.settings;
        s.is_sim().then(|| {
            crate::stats::ideal_wall_ms(
                self.report.strategy,
                s.n,
                s.k,
                f64::from(s.sim.delay_ms),
                s.rate_per_sec,
            )
        })
    }

    /// The latest complete sequential run with the same workload, if any.
    pub fn baseline<'a>(&self, runs: &'a [Arc<RunResult>]) -> Option<&'a RunResult> {
        let key = self.settings.workload_key();
        runs.iter().rev().map(Arc::as_ref).find(|r| {
            r.report.strategy == Strategy::Sequential
                && !r.report.cancelled_by_user
                && r.settings.workload_key() == key
        })
    }

    /// How many times faster than that sequential run.
    pub fn speedup(&self, runs: &[Arc<RunResult>]) -> Option<f64> {
        let baseline = self.baseline(runs)?;
        crate::stats::speedup(baseline.report.wall_ms, self.report.wall_ms)
    }

    /// "join_all_limited (k=5)": the name a learner sees.
    pub fn title(&self) -> String {
        let strategy = self.report.strategy;
        if strategy.uses_k() {
            format!("{} (k={})", strategy.id(), self.settings.k)
        } else {
            strategy.id().to_string()
        }
    }
}
