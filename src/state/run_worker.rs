//! A run in a language worker: the same live charts, progress and records
//! as a Rust run, but the requests are made by the worker's own code.
use super::plan::Drive;
use super::Playground;
use crate::browser::clock::now_ms;
use crate::browser::frame::FrameScheduler;
use crate::browser::lang_worker::{self, WorkerRun};
use crate::browser::BrowserRequester;
use crate::config::Settings;
use crate::engine::held::Half;
use crate::engine::{CancelToken, Event, Experiment, RunReport};
use crate::lang::protocol::LessonScript;
use crate::lang::Language;

/// A lesson's own experiment, as a Python script: its file, its hold, and
/// what the run is filed as. `None`: the strategy's own file.
pub(super) fn lesson_script(drive: Drive) -> Option<(LessonScript, f64, Experiment)> {
    match drive {
        Drive::Strategy => None,
        // Coroutine objects are as lazy as held futures; ensure_future's tasks
        // start at the loop's next turn, as spawned ones do.
        Drive::Held(Half::Held, hold_ms) => Some((
            LessonScript::HeldCoroutines,
            hold_ms,
            Experiment::Held { hold_ms },
        )),
        Drive::Held(Half::Spawned, hold_ms) => {
            Some((LessonScript::Held, hold_ms, Experiment::Spawned))
        }
        Drive::InOrder => Some((LessonScript::InOrder, 0.0, Experiment::TasksInOrder)),
        Drive::Blocking => Some((LessonScript::Blocking, 0.0, Experiment::Blocking)),
    }
}

/// Runs `settings` (its language is a worker's) and returns its report; a
/// worker problem is shown beside the Python status.
pub(super) async fn execute(
    pg: Playground,
    settings: &Settings,
    script: Option<(LessonScript, f64, Experiment)>,
    cancel: &CancelToken,
    sweep_point: Option<(usize, usize)>,
) -> RunReport {
    let session = pg.session;
    session.begin_run(settings, now_ms(), sweep_point);
    if settings.language == Language::Python {
        pg.langs.asked_for_python();
    }
    let frame = FrameScheduler::new(move || session.frame());
    let requester = BrowserRequester::new(settings.clone());
    // The worker's fetch resolves against its own script: it gets absolute
    // URLs, resolved as the page's fetch would resolve them.
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let absolute = |url: String| {
        web_sys::Url::new_with_base(&url, &base)
            .map(|u| u.href())
            .unwrap_or(url)
    };
    let spec = WorkerRun {
        language: settings.language,
        strategy: settings.strategy,
        lesson: script.map(|(l, _, _)| l),
        hold_ms: script.map_or(0.0, |(_, hold_ms, _)| hold_ms),
        k: settings.k,
        timeout_ms: (settings.timeout_ms > 0).then_some(f64::from(settings.timeout_ms)),
        cpu_ms: settings.cpu_ms,
        shown: (1..=settings.n).map(|i| settings.url_for(i)).collect(),
        fetched: (1..=settings.n)
            .map(|i| absolute(requester.attempt_url(i, 0)))
            .collect(),
    };
    let on_event = |event: Event<'_>| {
        // The worker's times, as the records keep them; not the message's arrival.
        let at = crate::lang::records::event_ms(&event);
        session.record_at(&event, at.unwrap_or_else(crate::browser::clock::now_ms));
        frame.request();
    };
    let restart = |began: f64| session.begin_run(settings, began, sweep_point);
    let (mut report, problem) =
        lang_worker::run(spec, pg.langs.sink(), cancel, &on_event, &restart).await;
    report.experiment = script.map(|(_, _, experiment)| experiment);
    frame.flush_now();
    if let Some(p) = &problem {
        leptos::logging::warn!("{p}");
    }
    pg.langs.set_problem(problem);
    report
}
