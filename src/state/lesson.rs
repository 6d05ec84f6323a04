//! The chosen lesson, what applying one sets, and lesson 002's experiment.
use crate::config::Field;
use crate::config::Settings;
use crate::engine::{Pacing, Strategy};
use crate::lessons::lazy::HalfRun;
use crate::lessons::{Check, Lesson, Measured};
use crate::report::RunResult;
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct LessonChoice {
    /// The lesson chosen, and the first run id that counts for it.
    chosen: RwSignal<Option<(&'static Lesson, usize)>>,
    /// The lazy-futures experiment's outcome, once run.
    lazy: RwSignal<Option<Check>>,
}

impl Default for LessonChoice {
    fn default() -> Self {
        Self::new()
    }
}

impl LessonChoice {
    pub fn new() -> Self {
        LessonChoice {
            chosen: RwSignal::new(None),
            lazy: RwSignal::new(None),
        }
    }

    pub fn chosen(&self) -> Option<&'static Lesson> {
        self.chosen.with(|c| c.map(|(l, _)| l))
    }

    /// The chosen lesson's runs, as its check reads them.
    pub fn measured(&self, runs: &[Arc<RunResult>]) -> Vec<Measured> {
        let Some(from) = self.chosen.with(|c| c.map(|(_, from)| from)) else {
            return Vec::new();
        };
        runs.iter()
            .filter(|r| r.id >= from && r.recorded_on.is_none())
            .map(|r| Measured {
                strategy: r.report.strategy,
                n: r.settings.n,
                k: r.settings.k,
                delay_ms: r.settings.sim.delay_ms,
                cpu_ms: r.settings.cpu_ms,
                wall_ms: r.report.wall_ms,
                ok: r.report.counts.ok,
                workload: r.settings.workload_key(),
                completed: r.completed(),
                batch: r.batch,
            })
            .collect()
    }

    pub fn lazy(&self) -> Option<Check> {
        self.lazy.get()
    }

    pub(super) fn set_lazy(&self, check: Check) {
        self.lazy.set(Some(check));
    }
}

impl super::Playground {
    /// Applies `lesson`: the form gets everything it sets (on its real host
    /// when `real`), Compare its list, Sweep its k list when it is a sweep.
    /// Runs nothing; runs from now on are the lesson's.
    pub fn choose_lesson(&self, lesson: &'static Lesson, real: bool) {
        let raw = lesson.settings(real);
        for field in Field::ALL {
            self.form.set(field, raw.get(field));
        }
        self.compare.set(lesson.compare_with());
        if let Some(list) = lesson.sweep {
            self.sweep.set_list(list);
        }
        self.lesson.lazy.set(None);
        self.lesson
            .chosen
            .set(Some((lesson, self.history.next_id())));
    }
}

/// Runs lesson 002's experiment with the form's settings, as a plan of two
/// join_all runs: the held half, then (unless cancelled) the spawned one.
/// The session is busy meanwhile, so Cancel reaches both and no other run overlaps.
pub(super) fn run_lazy(pg: super::Playground, hold_ms: f64) {
    let Ok(settings) = pg.form.settings_untracked() else {
        return;
    };
    if pg.session.is_running_untracked() {
        return;
    }
    // Both halves are one press: against someone else's server, their 2N
    // requests share one budget and one rate schedule.
    let Ok(capped) = super::run::press_pacing(pg, "The experiment", 2, &settings) else {
        return;
    };
    let Some(cancel) = pg.session.begin() else {
        return;
    };
    let pacing = capped
        .as_ref()
        .map_or_else(|| Rc::new(Pacing::unlimited()), |(_, p)| Rc::clone(p));
    let settings = Settings {
        strategy: Strategy::JoinAll,
        ..settings
    };
    let mut raw = pg.form.raw_untracked();
    raw.set(Field::Strategy, Strategy::JoinAll.id());
    let query = raw.to_query();
    let batch = pg.history.next_id();
    leptos::task::spawn_local(async move {
        let ids = std::cell::RefCell::new(Vec::new());
        let (settings, query, ids_ref, token) = (&settings, &query, &ids, &cancel);
        let (pacing, capped) = (&pacing, &capped);
        let check = crate::lessons::lazy::experiment(hold_ms, &cancel, move |half| async move {
            let drive = super::run::Drive::Held(half, hold_ms);
            let report = super::run::execute(pg, settings, drive, token, None, pacing).await;
            super::run::settle(pg, capped);
            let of = HalfRun::of(&report);
            // Filed at once, like each run of a Compare; side by side in the
            // waterfall: the held one's queue spans the hold, the spawned one's does not.
            let id = pg
                .history
                .push(batch, query.clone(), settings.clone(), report);
            ids_ref.borrow_mut().push(id);
            pg.session.end_run();
            // Paint it (and a Cancel pressed meanwhile lands) before the next half's fan-out.
            crate::browser::frame::after_paint().await;
            of
        })
        .await;
        // Both halves side by side; a cancelled experiment shows its one run as any run.
        let ids = ids.into_inner();
        pg.history
            .select(if ids.len() == 2 { ids } else { Vec::new() });
        pg.lesson.set_lazy(check);
        pg.session.replaying();
        super::run::fill_ideals(pg).await;
        pg.session.end();
    });
}
