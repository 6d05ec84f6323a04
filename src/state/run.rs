//! Glue between the engine and the page: runs a plan of strategies with the
//! browser's fetch and clock, feeds the live charts, and files each run in the
//! history.
use super::Playground;
use crate::browser::frame::{after_paint, FrameScheduler};
use crate::browser::replay::{replayed_wall_ms, Cost};
use crate::browser::{BrowserClock, BrowserRequester};
use crate::config::{Field, RawSettings, Settings};
use crate::engine::held::{self, Half};
use crate::engine::{self, CancelToken, Clock, Event, Pacing, RunReport, Strategy};
use crate::lang::Language;
use crate::lessons::lazy::HalfRun;
use crate::report::Ideal;
use leptos::task::spawn_local;

/// One run of a plan: a strategy, and the k, N and language it runs with (`None`: the form's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub strategy: Strategy,
    pub k: Option<usize>,
    pub n: Option<usize>,
    pub language: Option<Language>,
}

impl From<Strategy> for Step {
    fn from(strategy: Strategy) -> Self {
        Step {
            strategy,
            k: None,
            n: None,
            language: None,
        }
    }
}

/// How `execute` drives the requests: the settings' strategy, or one half of
/// lesson 002 (N futures built, then a hold of that many ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Drive {
    Strategy,
    Held(Half, f64),
    /// Lesson 003: every request a task, then the tasks awaited in order.
    InOrder,
}

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

/// What one press runs, all with the form's settings (and so the same draws).
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// Run or Compare: each step in turn; Compare's first two are then shown
    /// side by side.
    Runs(Vec<Step>),
    /// One strategy at each k, filed as one batch; the selection stays (the
    /// sweep's chart shows the points).
    Sweep(Vec<Step>),
    /// Race the languages: the steps (one strategy, one language each) in
    /// turn, filed as one batch and shown side by side.
    Race(Vec<Step>),
    /// Lesson 002: N join_all futures built and held `hold_ms`, then N
    /// spawned at once; its check is computed from the two runs.
    Lazy { hold_ms: f64 },
    /// Lesson 003: sequential, then the tasks awaited in creation order.
    InOrder,
    /// The HTTP/2 lesson: each of `runs` (its own settings, target
    /// included) in turn, shown side by side; then a sweep of `sweep`'s
    /// strategy at each k, filed as a sweep of its own.
    Series {
        runs: Vec<RawSettings>,
        sweep: Option<Box<(RawSettings, Vec<usize>)>>,
    },
}

impl Plan {
    /// The press, as the budget's messages name it.
    fn what(&self) -> &'static str {
        match self {
            Plan::Runs(steps) if steps.len() == 1 => "Run",
            Plan::Runs(_) => "Compare",
            Plan::Race(_) => "Race the languages",
            Plan::Sweep(_) => "Sweep",
            Plan::InOrder => "Compare",
            Plan::Lazy { .. } | Plan::Series { .. } => "The experiment",
        }
    }

    /// How many runs the press may make.
    fn runs(&self) -> usize {
        match self {
            Plan::Runs(steps) | Plan::Sweep(steps) | Plan::Race(steps) => steps.len(),
            Plan::Lazy { .. } | Plan::InOrder => 2,
            Plan::Series { runs, sweep } => {
                runs.len() + sweep.as_deref().map_or(0, |(_, ks)| ks.len())
            }
        }
    }
}

/// Runs `plan`: the one lifecycle of every press. It owns the session's
/// begin and end, files each run in the history as it ends, replays the
/// ideals, and then chooses what the charts show.
pub(super) fn run(pg: Playground, plan: Plan) {
    let Ok(settings) = pg.form.settings_untracked() else {
        return;
    };
    if pg.session.is_running_untracked() {
        return;
    }
    pg.form.clear_refusal();
    // Against someone else's server, every run of the press shares one
    // budget and one rate schedule.
    let Ok(capped) = press_pacing(pg, plan.what(), plan.runs(), &settings) else {
        return;
    };
    let Some(cancel) = pg.session.begin() else {
        return;
    };
    let batch = pg.history.next_id();
    if let Plan::Sweep(_) = plan {
        pg.sweep.began(batch);
    }
    let press = Press {
        pg,
        raw: pg.form.raw_untracked(),
        batch,
        capped,
        cancel,
    };
    spawn_local(async move {
        let ids = match &plan {
            Plan::Runs(steps) | Plan::Race(steps) => press.steps(steps, &settings, false).await,
            Plan::Sweep(steps) => press.steps(steps, &settings, true).await,
            Plan::Lazy { hold_ms } => press.lazy(*hold_ms, settings).await,
            Plan::InOrder => press.in_order(&settings).await,
            Plan::Series { runs, sweep } => press.series(runs, sweep.as_deref()).await,
        };
        pg.session.replaying();
        // Filing the run (its percentiles, its charts) was one task; replaying is the next.
        after_paint().await;
        fill_ideals(pg).await;
        // A Compare's or an experiment's runs side by side, up to four on one
        // time scale; A B B A's repeats are not shown twice (its first pair is).
        let mut ids = match &plan {
            Plan::Runs(steps) => first_of_each(steps, ids),
            _ => ids,
        };
        ids.truncate(crate::report::MAX_SELECTED);
        let side_by_side = ids.len() >= 2 && !matches!(plan, Plan::Sweep(_));
        pg.history
            .select(if side_by_side { ids } else { Vec::new() });
        pg.session.end();
        // The picture where the eye is: the verdict, the lesson's check and
        // the charts under it, not 1,500 px below the button.
        after_paint().await;
        if !crate::browser::page::scroll_to_testid("verdict-plain") {
            crate::browser::page::scroll_to_testid("verdict");
        }
    });
}

/// The ids of the first run of each distinct step, in order: `ids` were
/// filed one per step, in the steps' order (fewer when cancelled).
fn first_of_each(steps: &[Step], ids: Vec<usize>) -> Vec<usize> {
    let mut seen: Vec<Step> = Vec::new();
    steps
        .iter()
        .zip(ids)
        .filter(|(step, _)| {
            let new = !seen.contains(step);
            if new {
                seen.push(**step);
            }
            new
        })
        .map(|(_, id)| id)
        .collect()
}

/// One press under way: what every run of it shares.
struct Press {
    pg: Playground,
    raw: RawSettings,
    batch: usize,
    capped: Option<(String, Pacing)>,
    cancel: CancelToken,
}

impl Press {
    /// The press's shared pacing when capped, else `own` (each run paces itself).
    fn pacing<'a>(&'a self, own: &'a Pacing) -> &'a Pacing {
        self.capped.as_ref().map_or(own, |(_, p)| p)
    }

    /// Runs `steps` in turn; returns the ids filed.
    async fn steps(&self, steps: &[Step], settings: &Settings, sweep: bool) -> Vec<usize> {
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
            let report = execute(
                self.pg,
                &settings,
                Drive::Strategy,
                &self.cancel,
                at,
                pacing,
            )
            .await;
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
    async fn series(
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
            })
            .collect();
        swept.steps(&steps, &settings, true).await;
        ids
    }

    /// Lesson 003's Compare: the loop, then the tasks awaited in order.
    async fn in_order(&self, settings: &Settings) -> Vec<usize> {
        let own = Pacing::unlimited();
        let pacing = self.pacing(&own);
        let mut ids = Vec::new();
        for (strategy, drive) in [
            (Strategy::Sequential, Drive::Strategy),
            (Strategy::JoinAll, Drive::InOrder),
        ] {
            after_paint().await;
            // The engine's own experiment: Rust's, whatever the form's language.
            let settings = Settings {
                strategy,
                language: Language::Rust,
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
    async fn lazy(&self, hold_ms: f64, settings: Settings) -> Vec<usize> {
        let own = Pacing::unlimited();
        let pacing = self.pacing(&own);
        let settings = Settings {
            strategy: Strategy::JoinAll,
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
        self.pg.lesson.set_lazy(check);
        ids.into_inner()
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

/// One run on the page, as `drive` says: live progress and charts, the
/// press's pacing, and its Resource Timing matched afterwards.
pub(super) async fn execute(
    pg: Playground,
    settings: &Settings,
    drive: Drive,
    cancel: &CancelToken,
    sweep_point: Option<(usize, usize)>,
    pacing: &Pacing,
) -> RunReport {
    if settings.language.in_worker() {
        return super::run_worker::execute(pg, settings, cancel, sweep_point).await;
    }
    let session = pg.session;
    let began = crate::browser::clock::now_ms();
    session.begin_run(settings, began, sweep_point);
    let frame = FrameScheduler::new(move || session.frame());
    let requester = BrowserRequester {
        settings: settings.clone(),
    };
    let attempts = settings
        .n
        .saturating_mul(settings.retries.saturating_add(1) as usize);
    crate::browser::timing::prepare(attempts);
    // Fetch calls follow the set-up in this task, except a held half's, which
    // come after its hold.
    if !matches!(drive, Drive::Held(Half::Held, _)) {
        crate::browser::burst::busy_since(began);
    }
    let on_event = |event: Event<'_>| {
        session.record(&event);
        frame.request();
    };
    let opts = settings.run_options();
    let (requester, clock) = (&requester, &BrowserClock);
    let report = match drive {
        Drive::Strategy => {
            let strategy = settings.strategy;
            engine::run_paced(strategy, &opts, pacing, requester, clock, cancel, on_event).await
        }
        Drive::Held(half, hold_ms) => {
            held::run(
                half, hold_ms, &opts, pacing, requester, clock, cancel, on_event,
            )
            .await
        }
        Drive::InOrder => {
            engine::in_order::run(&opts, pacing, requester, clock, cancel, on_event).await
        }
    };
    frame.flush_now();
    let mut report = report;
    let cost = crate::browser::timing::attach(&mut report, requester).await;
    session.timed(cost);
    report
}

/// Replays every run that has no ideal yet but whose server times are now
/// known: this plan's runs, and earlier runs against a real server that were
/// waiting for a sequential run to measure it.
pub(super) async fn fill_ideals(pg: Playground) {
    let mut cost = Cost::default();
    let mut since_yield = crate::browser::clock::now_ms();
    let mut ideals = Vec::new();
    for run in pg.history.runs_untracked() {
        // Hundreds of small replays (an imported file) would each finish
        // inside one chunk: give the page the event loop between runs too.
        if crate::browser::clock::now_ms() - since_yield > 8.0 {
            BrowserClock.sleep_ms(0.0).await;
            since_yield = crate::browser::clock::now_ms();
        }
        if run.ideal.is_some() {
            continue;
        }
        let Some(source) = pg
            .history
            .with_runs_untracked(|runs| run.ideal_source(runs))
        else {
            continue;
        };
        let script = source.script(&run);
        let opts = run.settings.run_options();
        let strategy = run.report.strategy;
        // Through the connections the browser allowed: a cap is not overhead.
        let pool = run.connections();
        let ms = replayed_wall_ms(strategy, &opts, &script, pool, &mut cost).await;
        let sequential_ms = if strategy == Strategy::Sequential {
            ms
        } else {
            replayed_wall_ms(Strategy::Sequential, &opts, &script, pool, &mut cost).await
        };
        match (ms, sequential_ms) {
            (Ok(ms), Ok(sequential_ms)) => ideals.push((
                run.id,
                Ideal {
                    ms,
                    sequential_ms,
                    from: source.server_times(),
                },
            )),
            // A stall is an engine bug; the run keeps "no ideal" rather than a wrong one.
            (Err(e), _) | (_, Err(e)) => {
                leptos::logging::warn!("no ideal for run #{}: {e}", run.id)
            }
        }
    }
    // One change of the history for all of them: each reader redraws once.
    pg.history.set_ideals(ideals);
    pg.session.replayed(cost);
}
