//! Glue between the engine and the page: runs a plan of strategies with the
//! browser's fetch and clock, feeds the live charts, and files each run in the
//! history.
use super::plan::{first_of_each, Drive, Plan};
use super::press::{press_pacing, Press};
use super::Playground;
use crate::browser::frame::{after_paint, FrameScheduler};
use crate::browser::replay::{replayed_wall_ms, Cost};
use crate::browser::{BrowserClock, BrowserRequester};
use crate::config::Settings;
use crate::engine::held::{self, Half};
use crate::engine::{self, CancelToken, Clock, Event, Pacing, RunReport, Strategy};
use crate::report::Ideal;
use leptos::task::spawn_local;

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
        let script = super::run_worker::lesson_script(drive);
        return super::run_worker::execute(pg, settings, script, cancel, sweep_point).await;
    }
    let session = pg.session;
    let began = crate::browser::clock::now_ms();
    session.begin_run(settings, began, sweep_point);
    let frame = FrameScheduler::new(move || session.frame());
    let requester = BrowserRequester::new(settings.clone());
    if settings.cpu_ms > 0 && settings.cpu_mode == crate::config::CpuMode::Workers {
        // Its workers load while the first requests are out; a failure shows
        // as each request's outcome.
        let _ = crate::browser::cpu_pool::warm();
    }
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
        Drive::Strategy | Drive::Blocking => {
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
    pg.history.hold_handlers(requester.handler_spans());
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
