//! Glue between the engine and the page: runs a plan of strategies with the
//! browser's fetch and clock, feeds the live charts, and files each run in the
//! history.
use super::Playground;
use crate::browser::frame::{after_paint, FrameScheduler};
use crate::browser::{BrowserClock, BrowserRequester};
use crate::config::{Field, Settings};
use crate::engine::{self, CancelToken, Event, RunReport, Strategy};
use leptos::task::spawn_local;
use std::cell::Cell;
use std::rc::Rc;

pub(super) fn start(pg: Playground, plan: Vec<Strategy>) {
    let Ok(settings) = pg.form.settings_untracked() else {
        return;
    };
    let Some(cancel) = pg.session.begin() else {
        return;
    };
    let raw = pg.form.raw_untracked();
    let batch = pg.history.next_id();
    spawn_local(async move {
        let mut ids = Vec::new();
        for strategy in plan {
            // Paint first: "running", and the previous run of a Compare, show
            // before a long synchronous fan-out.
            after_paint().await;
            let settings = Settings {
                strategy,
                ..settings.clone()
            };
            let report = execute(pg, &settings, &cancel).await;
            // The share query of this run, with its own strategy.
            let mut own = raw.clone();
            own.set(Field::Strategy, strategy.id());
            ids.push(pg.history.push(batch, own.to_query(), settings, report));
            pg.session.end_run();
            if cancel.is_cancelled() {
                break;
            }
        }
        // After Compare, show its first two waterfalls side by side.
        ids.truncate(2);
        pg.history
            .select(if ids.len() == 2 { ids } else { Vec::new() });
        pg.session.end();
    });
}

async fn execute(pg: Playground, settings: &Settings, cancel: &CancelToken) -> RunReport {
    let session = pg.session;
    session.begin_run(settings, crate::browser::clock::now_ms());
    let done = Rc::new(Cell::new(0));
    let frame = FrameScheduler::new({
        let done = done.clone();
        move || session.frame(done.get())
    });
    let requester = BrowserRequester {
        settings: settings.clone(),
    };
    let on_event = |event: Event<'_>| {
        let record = match event {
            Event::Started(record) => record,
            Event::Finished(record) => {
                done.set(done.get() + 1);
                record
            }
        };
        session.record(record);
        frame.request();
    };
    let report = engine::run(
        settings.strategy,
        &settings.run_options(),
        &requester,
        &BrowserClock,
        cancel,
        on_event,
    )
    .await;
    frame.flush_now();
    report
}
