//! The page below index.html's header: the lessons and the form on top, then
//! the verdict, the charts and the history.
use crate::browser::{page, sim_worker};
use crate::components::{
    use_focus, CodePanel, CompareChart, Controls, HostWarning, InFlightChart, LatencyHistogram,
    LessonPanel, LessonResult, LoadTestCommand, RaceVerdict, RunList, RustView, SimNotice, Stats,
    SweepChart, Toolbar, Verdict, Waterfall,
};
use crate::config::RawSettings;
use crate::state::Playground;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn App() -> impl IntoView {
    // `?counting=off|counts|timed`: what the engine's poll counters measure
    // (the bench compares a page with them off).
    if let Some(counting) = crate::engine::Counting::from_query(&page::query()) {
        counting.set();
    }
    // URL parameters fill the form; they never start a run.
    let query = page::query();
    let pg = Playground::new(RawSettings::from_query(&query), page::origin());
    // The static shell's lesson links (`?lesson=004`) open that lesson.
    pg.open_lesson_link(&query);
    spawn_local(async move { pg.sim_started(sim_worker::start().await) });
    // A results link shows its runs as recorded; it never runs anything.
    let note = RwSignal::new(String::new());
    // After the first paint, in a task of its own: the page shows at once,
    // and decoding and filing the link's runs never share a task with mounting.
    spawn_local(async move {
        crate::browser::frame::after_paint().await;
        if let Some(notice) = pg.open_link(&page::hash()).await {
            note.set(notice.to_string());
            // A results link opens at its results: the verdict, "recorded on …", the check.
            crate::browser::frame::after_paint().await;
            if !page::scroll_to_testid("verdict-plain") {
                page::scroll_to_testid("verdict");
            }
        }
    });
    let focus = use_focus(pg);
    // An exported file dropped anywhere on the page is imported like one chosen.
    let drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let read = page::read_dropped_file(&ev).await;
            note.set(pg.import_file(read).to_string());
        });
    };
    view! {
        <main on:dragover=|ev| ev.prevent_default() on:drop=drop>
            <SimNotice form=pg.form />
            <HostWarning pg=pg />
            <LessonPanel pg=pg />
            <Controls pg=pg />
            <CodePanel form=pg.form />
            <LoadTestCommand form=pg.form history=pg.history />
            <section class="results" aria-label="Results">
                <Toolbar pg=pg note=note />
                // Charts with nothing to show are not drawn: one line says what will be.
                <Show
                    when=move || !pg.history.is_empty() || pg.session.is_running()
                    fallback=|| view! {
                        <p class="note nothing-yet" data-testid="results-empty">
                            "After the first Run: the verdict, the wall time per run, a waterfall of every request, requests in flight, latencies and the history of runs."
                        </p>
                    }
                >
                    <Verdict history=pg.history focus=focus />
                    <RaceVerdict history=pg.history />
                    <LessonResult pg=pg />
                    <CompareChart history=pg.history />
                    <SweepChart history=pg.history sweep=pg.sweep />
                    <Stats history=pg.history />
                    <Waterfall history=pg.history session=pg.session />
                    <RustView history=pg.history />
                    <div class="pair">
                        <InFlightChart focus=focus />
                        <LatencyHistogram focus=focus />
                    </div>
                    <RunList pg=pg />
                </Show>
            </section>
        </main>
    }
}
