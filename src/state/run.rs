//! Glue between the engine and the page: runs a plan of strategies with the
//! browser's fetch and clock, feeds the live charts, and files each run in the
//! history.
use super::Playground;
use crate::browser::frame::{after_paint, FrameScheduler};
use crate::browser::replay::{replayed_wall_ms, Cost};
use crate::browser::{BrowserClock, BrowserRequester};
use crate::config::{Field, Settings};
use crate::engine::held::{self, Half};
use crate::engine::{self, CancelToken, Clock, Event, Pacing, RunReport, Strategy};
use crate::report::Ideal;
use leptos::task::spawn_local;
use std::rc::Rc;

/// One run of a plan: a strategy, and the k it runs with (`None`: the form's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub strategy: Strategy,
    pub k: Option<usize>,
}

impl From<Strategy> for Step {
    fn from(strategy: Strategy) -> Self {
        Step { strategy, k: None }
    }
}

/// How `execute` drives the requests: the settings' strategy, or one half of
/// lesson 002 (N futures built, then a hold of that many ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Drive {
    Strategy,
    Held(Half, f64),
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
) -> Result<Option<(String, Rc<Pacing>)>, ()> {
    let Some(host) = pg.capped_host_untracked() else {
        return Ok(None);
    };
    let left = pg.budget.left_untracked(&host);
    if let Some(why) = super::budget::refusal(what, runs, settings.n, settings.retries, left) {
        pg.budget.refuse(why);
        return Err(());
    }
    pg.budget.accepted();
    Ok(Some((host, Rc::new(Pacing::capped(left)))))
}

/// After each run of a capped press: the budget keeps what the pacing left,
/// and says so if the budget stopped attempts (which the worst case check
/// should make impossible). `true` while the press may go on.
pub(super) fn settle(pg: Playground, capped: &Option<(String, Rc<Pacing>)>) -> bool {
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

/// Runs `plan` with the form's settings; a sweep files its points under
/// one batch and leaves the selection alone (its chart shows them).
pub(super) fn start(pg: Playground, plan: Vec<Step>, sweep: bool) {
    let Ok(settings) = pg.form.settings_untracked() else {
        return;
    };
    if pg.session.is_running_untracked() {
        return;
    }
    let what = match (sweep, plan.len()) {
        (true, _) => "Sweep",
        (false, 1) => "Run",
        _ => "Compare",
    };
    let Ok(capped) = press_pacing(pg, what, plan.len(), &settings) else {
        return;
    };
    let Some(cancel) = pg.session.begin() else {
        return;
    };
    let raw = pg.form.raw_untracked();
    let batch = pg.history.next_id();
    if sweep {
        pg.sweep.began(batch);
    }
    let points = plan.len();
    spawn_local(async move {
        let mut ids = Vec::new();
        for (i, step) in plan.into_iter().enumerate() {
            // Paint first: "running", and the previous run of a Compare, show
            // before a long synchronous fan-out.
            after_paint().await;
            let settings = Settings {
                strategy: step.strategy,
                k: step.k.unwrap_or(settings.k),
                ..settings.clone()
            };
            let at = sweep.then_some((i + 1, points));
            let own = Pacing::unlimited();
            let pacing = capped.as_ref().map_or(&own, |(_, p)| p.as_ref());
            let report = execute(pg, &settings, Drive::Strategy, &cancel, at, pacing).await;
            // The share query of this run, with its own strategy and k.
            let mut own = raw.clone();
            own.set(Field::Strategy, step.strategy.id());
            if let Some(k) = step.k {
                own.set(Field::Concurrency, k.to_string());
            }
            ids.push(pg.history.push(batch, own.to_query(), settings, report));
            pg.session.end_run();
            if !settle(pg, &capped) || cancel.is_cancelled() {
                break;
            }
        }
        pg.session.replaying();
        // Filing the run (its percentiles, its charts) was one task; replaying is the next.
        after_paint().await;
        fill_ideals(pg).await;
        // After Compare, show its first two waterfalls side by side.
        ids.truncate(2);
        pg.history.select(if ids.len() == 2 && !sweep {
            ids
        } else {
            Vec::new()
        });
        pg.session.end();
    });
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
    for run in pg.history.runs_untracked() {
        // Hundreds of small replays (an imported file) would each finish
        // inside one chunk: give the page the event loop between runs too.
        if crate::browser::clock::now_ms() - since_yield > 8.0 {
            BrowserClock.sleep_ms(0.0).await;
            since_yield = crate::browser::clock::now_ms();
        }
        if run.ideal.get().is_some() {
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
            (Ok(ms), Ok(sequential_ms)) => {
                run.set_ideal(Ideal {
                    ms,
                    sequential_ms,
                    from: source.server_times(),
                });
                pg.history.ideal_arrived();
            }
            // A stall is an engine bug; the run keeps "no ideal" rather than a wrong one.
            (Err(e), _) | (_, Err(e)) => {
                leptos::logging::warn!("no ideal for run #{}: {e}", run.id)
            }
        }
    }
    pg.session.replayed(cost);
}
