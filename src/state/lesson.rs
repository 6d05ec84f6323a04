//! The chosen lesson, what applying one sets, and lesson 002's experiment.
use crate::config::Field;
use crate::lessons::{Check, Lesson, Measured};
use crate::report::RunResult;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct LessonChoice {
    /// The lesson chosen, and the first run id that counts for it.
    chosen: RwSignal<Option<(&'static Lesson, usize)>>,
    /// The lazy-futures experiment's outcome, once run.
    lazy: RwSignal<Option<Check>>,
    /// Chosen on the post's real host, not the offline twin.
    real: RwSignal<bool>,
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
            real: RwSignal::new(false),
        }
    }

    pub fn chosen(&self) -> Option<&'static Lesson> {
        self.chosen.with(|c| c.map(|(l, _)| l))
    }

    /// The chosen lesson's runs, as its check reads them: those run since it
    /// was chosen, and those a results link or file brought in (recorded,
    /// and said so beside the check).
    pub fn measured(&self, runs: &[Arc<RunResult>]) -> Vec<Measured> {
        let Some(from) = self.chosen.with(|c| c.map(|(_, from)| from)) else {
            return Vec::new();
        };
        runs.iter()
            .filter(|r| r.id >= from)
            .map(|r| Measured {
                strategy: r.report.strategy,
                language: r.settings.language,
                cpu_workers: r.settings.cpu_mode == crate::config::CpuMode::Workers,
                n: r.settings.n,
                k: r.settings.k,
                delay_ms: r.settings.sim.delay_ms,
                cpu_ms: r.settings.cpu_ms,
                wall_ms: r.report.wall_ms,
                ok: r.report.counts.ok,
                workload: r.settings.workload_key(),
                completed: r.completed(),
                batch: r.batch,
                protocol: r.protocol().map(str::to_string),
                polls: crate::report::polls::PollTotals::of(&r.report).map(|t| t.requests.polls),
                // The verdict's own ideal, so the check and the verdict give one share.
                ideal: r.ideal().map(|i| (i.ms, i.sequential_ms)),
                tasks: crate::lessons::tasks::TaskTimes::of(&r.report),
            })
            .collect()
    }

    /// The lesson runs on its post's real host, at its polite rate.
    pub fn real(&self) -> bool {
        self.real.get()
    }

    pub(super) fn real_untracked(&self) -> bool {
        self.real.get_untracked()
    }

    /// When the lesson's runs are recorded ones (a results link, a file): their date.
    pub fn recorded_on(&self, runs: &[Arc<RunResult>]) -> Option<String> {
        let from = self.chosen.with(|c| c.map(|(_, from)| from))?;
        runs.iter()
            .rev()
            .filter(|r| r.id >= from)
            .find_map(|r| r.recorded_on.clone())
    }

    pub fn lazy(&self) -> Option<Check> {
        self.lazy.get()
    }

    pub(super) fn set_lazy(&self, check: Check) {
        self.lazy.set(Some(check));
    }
}

impl super::Playground {
    /// A link's `?lesson=004`: the lesson is chosen as its button would choose
    /// it, then the fields the link also names are set as it says. Runs nothing.
    pub fn open_lesson_link(&self, query: &str) {
        let Some(lesson) = Lesson::from_query(query) else {
            return;
        };
        self.choose_lesson(lesson, false);
        let mut raw = self.form.raw_untracked();
        raw.apply_query(query);
        for field in Field::ALL {
            self.form.set(field, raw.get(field));
        }
    }

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
        self.lesson.real.set(real && lesson.real_target.is_some());
        self.lesson
            .chosen
            .set(Some((lesson, self.history.next_id())));
    }
}
