//! One press under way: its steps in turn, each filed in the history as it
//! ends, under the budget and rate schedule the press shares.
use super::plan::{Drive, Step};
use super::run::execute;
use super::Playground;
use crate::browser::frame::after_paint;
use crate::config::{Field, RawSettings, Settings};
use crate::engine::held::Half;
use crate::engine::{CancelToken, Pacing, RunReport, Strategy};
use crate::lang::Language;
use crate::lessons::lazy::HalfRun;

/// The pacing every run of one press shares, against someone else's server
/// without "I run this server": the confirmation's budget and one rate
/// schedule. `Ok(None)`: no cap (each run paces itself). `Err`: the press's
/// worst case does not fit what is left; it must not start (the banner says why).
pub(super) fn press_pacing(
    pg: Playground,
    what: &str,
    runs: usize,
    settings: &Settings,
) -> Result<Option<(String, Pacing)>, ()> {
    let Some(host) = pg.capped_host_untracked() else {
        return Ok(None);
    };
    let left = pg.budget.left_untracked(&host);
    if let Some(why) = super::budget::refusal(what, runs, settings.n, settings.retries, left) {
        pg.budget.refuse(why);
        return Err(());
    }
    pg.budget.accepted();
    Ok(Some((host, Pacing::capped(left))))
}

/// After each run of a capped press: the budget keeps what the pacing left,
/// and says so if the budget stopped attempts (which the worst case check
/// should make impossible). `true` while the press may go on.
pub(super) fn settle(pg: Playground, capped: &Option<(String, Pacing)>) -> bool {
    let Some((host, pacing)) = capped else {
        return true;
    };
    pg.budget.set_left(host, pacing.left().unwrap_or(0));
    if pacing.refused() > 0 {
        pg.budget.refuse(format!(
            "The confirmation's budget ran out: {} attempts did not start, and their requests are recorded as cancelled (or as their last failed attempt).",
            pacing.refused()
        ));
    }
    !pacing.spent()
}

/// One press under way: what every run of it shares.
pub(super) struct Press {
    pub(super) pg: Playground,
    pub(super) raw: RawSettings,
    pub(super) batch: usize,
    pub(super) capped: Option<(String, Pacing)>,
    pub(super) cancel: CancelToken,
}

impl Press {
    /// The press's shared pacing when capped, else `own` (each run paces itself).
    fn pacing<'a>(&'a self, own: &'a Pacing) -> &'a Pacing {
        self.capped.as_ref().map_or(own, |(_, p)| p)
    }

    /// Runs `steps` in turn; returns the ids filed.
    pub(super) async fn steps(
        &self,
        steps: &[Step],
        settings: &Settings,
        sweep: bool,
    ) -> Vec<usize> {
        let mut ids = Vec::new();
        let own = Pacing::unlimited();
        let pacing = self.pacing(&own);
        for (i, step) in steps.iter().enumerate() {
            // Paint first: "running", and the previous run of a Compare, show
            // before a long synchronous fan-out.
            after_paint().await;
            let settings = Settings {
                strategy: step.strategy,
                k: step.k.unwrap_or(settings.k),
                n: step.n.unwrap_or(settings.n),
                language: step.language.unwrap_or(settings.language),
                ..settings.clone()
            };
            let at = sweep.then_some((i + 1, steps.len()));
            let report = execute(self.pg, &settings, step.drive, &self.cancel, at, pacing).await;
            let (id, go_on) = self.file(*step, settings, report);
            ids.push(id);
            if !go_on {
                break;
            }
        }
        ids
    }

    /// Each of `runs` with its own settings, then `sweep` as a sweep of its
    /// own batch; returns the ids of `runs`.
    pub(super) async fn series(
        &self,
        runs: &[RawSettings],
        sweep: Option<&(RawSettings, Vec<usize>)>,
    ) -> Vec<usize> {
        let own = Pacing::unlimited();
        let pacing = self.pacing(&own);
        let mut ids = Vec::new();
        for raw in runs {
            let Ok(settings) = raw.validate() else {
                continue;
            };
            after_paint().await;
            let report = execute(
                self.pg,
                &settings,
                Drive::Strategy,
                &self.cancel,
                None,
                pacing,
            )
            .await;
            let step = Step::from(settings.strategy);
            let (id, go_on) = self.file_as(raw, step, settings, report);
            ids.push(id);
            if !go_on {
                return ids;
            }
        }
        let Some((raw, ks)) = sweep else {
            return ids;
        };
        let Ok(settings) = raw.validate() else {
            return ids;
        };
        let batch = self.pg.history.next_id();
        self.pg.sweep.began(batch);
        let swept = Press {
            pg: self.pg,
            raw: raw.clone(),
            batch,
            capped: None,
            cancel: self.cancel.clone(),
        };
        let steps: Vec<Step> = ks
            .iter()
            .map(|k| Step {
                strategy: settings.strategy,
                k: Some(*k),
                n: None,
                language: None,
                drive: Drive::Strategy,
            })
            .collect();
        swept.steps(&steps, &settings, true).await;
        ids
    }

    /// Lesson 003's Compare: the loop, then the tasks awaited in order.
    pub(super) async fn in_order(&self, settings: &Settings) -> Vec<usize> {
        let own = Pacing::unlimited();
        let pacing = self.pacing(&own);
        let mut ids = Vec::new();
        // The loop and the tasks in Rust, whatever the form's language; then
        // the post's own code, in Python, when its scripts can run these settings.
        let python = self.capped.is_none()
            && crate::lang::refusals(Language::Python, &settings.asks()).is_empty();
        let runs = [
            (Strategy::Sequential, Drive::Strategy, Language::Rust),
            (Strategy::JoinAll, Drive::InOrder, Language::Rust),
            (Strategy::JoinAll, Drive::InOrder, Language::Python),
        ];
        for (strategy, drive, language) in runs.into_iter().take(if python { 3 } else { 2 }) {
            after_paint().await;
            let settings = Settings {
                strategy,
                language,
                ..settings.clone()
            };
            let report = execute(self.pg, &settings, drive, &self.cancel, None, pacing).await;
            let (id, go_on) = self.file(Step::from(strategy), settings, report);
            ids.push(id);
            if !go_on {
                break;
            }
        }
        ids
    }

    /// Lesson 002's two halves, through the lesson's own experiment code.
    pub(super) async fn lazy(&self, hold_ms: f64, settings: Settings) -> Vec<usize> {
        let own = Pacing::unlimited();
        let pacing = self.pacing(&own);
        // Rust's halves are the engine's own experiment, whatever the form's language.
        let settings = Settings {
            strategy: Strategy::JoinAll,
            language: Language::Rust,
            ..settings
        };
        let ids = std::cell::RefCell::new(Vec::new());
        let (settings, ids_ref, pacing) = (&settings, &ids, &pacing);
        let check = crate::lessons::lazy::experiment(hold_ms, &self.cancel, |half| async move {
            let drive = Drive::Held(half, hold_ms);
            let report = execute(self.pg, settings, drive, &self.cancel, None, pacing).await;
            let of = HalfRun::of(&report);
            // Filed at once, like each run of a Compare; side by side in the
            // waterfall: the held one's queue spans the hold, the spawned one's does not.
            let (id, _) = self.file(Step::from(Strategy::JoinAll), settings.clone(), report);
            ids_ref.borrow_mut().push(id);
            // Paint it (and a Cancel pressed meanwhile lands) before the next half's fan-out.
            after_paint().await;
            of
        })
        .await;
        let mut ids = ids.into_inner();
        // Then the same in Python, in this page: its lazy coroutine objects,
        // then ensure_future's eager tasks.
        let check = if self.cancel.is_cancelled() {
            check
        } else {
            let python = self.python_halves(hold_ms, settings, &mut ids).await;
            let python = python.as_deref().map_err(String::as_str);
            crate::lessons::lazy_python::with_python(check, hold_ms, python)
        };
        self.pg.lesson.set_lazy(check);
        ids
    }

    /// Lesson 002's halves as Python scripts, filed like Rust's; or why they
    /// can't run with these settings.
    async fn python_halves(
        &self,
        hold_ms: f64,
        settings: &Settings,
        ids: &mut Vec<usize>,
    ) -> Result<Vec<HalfRun>, String> {
        if self.capped.is_some() {
            return Err(
                "against someone else's server they would not share the confirmation's budget"
                    .into(),
            );
        }
        let refused = crate::lang::refusals(Language::Python, &settings.asks());
        if !refused.is_empty() {
            let names: Vec<&str> = refused.iter().map(|u| u.option()).collect();
            return Err(format!(
                "Python's scripts do not implement {}",
                names.join(", ")
            ));
        }
        let settings = Settings {
            language: Language::Python,
            ..settings.clone()
        };
        let own = Pacing::unlimited();
        let mut halves = Vec::new();
        for half in [Half::Held, Half::Spawned] {
            after_paint().await;
            let drive = Drive::Held(half, hold_ms);
            let report = execute(self.pg, &settings, drive, &self.cancel, None, &own).await;
            halves.push(HalfRun::of(&report));
            let (id, go_on) = self.file(Step::from(Strategy::JoinAll), settings.clone(), report);
            ids.push(id);
            if !go_on {
                break;
            }
        }
        Ok(halves)
    }

    /// Files one finished run under the press's batch, with the share query
    /// of its own strategy and k. Returns its id, and whether the press may go on.
    fn file(&self, step: Step, settings: Settings, report: RunReport) -> (usize, bool) {
        self.file_as(&self.raw, step, settings, report)
    }

    /// [`Press::file`] with the share query built from `raw` instead of the form's.
    fn file_as(
        &self,
        raw: &RawSettings,
        step: Step,
        settings: Settings,
        report: RunReport,
    ) -> (usize, bool) {
        let mut own = raw.clone();
        own.set(Field::Strategy, step.strategy.id());
        if let Some(k) = step.k {
            own.set(Field::Concurrency, k.to_string());
        }
        if let Some(n) = step.n {
            own.set(Field::Requests, n.to_string());
        }
        own.set(Field::Language, settings.language.id());
        let pg = self.pg;
        let id = pg
            .history
            .push(self.batch, own.to_query(), settings, report);
        pg.session.end_run();
        let go_on = settle(pg, &self.capped) && !self.cancel.is_cancelled();
        (id, go_on)
    }
}
