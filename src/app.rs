//! The page: controls on top, then the verdict, the charts and the history.
use crate::browser::{page, sim_worker};
use crate::components::{
    CodePanel, CompareChart, Controls, InFlightChart, LatencyHistogram, RunList, SimNotice, Stats,
    Toolbar, Verdict, Waterfall,
};
use crate::config::RawSettings;
use crate::state::Playground;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    // URL parameters fill the form; they never start a run.
    let pg = Playground::new(RawSettings::from_query(&page::query()));
    spawn_local(async move { pg.sim.set(sim_worker::start().await) });
    // Shared by two SVG charts. While a run is live they redraw 4 times a
    // second, not every frame: rebuilding SVG and tables at 60 Hz took main-thread
    // time from the fetches being measured.
    let focus = RwSignal::new(None);
    let last_live = StoredValue::new(f64::NEG_INFINITY);
    Effect::new(move |_| {
        pg.live_tick.track();
        pg.selected.track();
        pg.runs.track();
        let live = pg.running.get();
        let now = crate::browser::clock::now_ms();
        if live && now - last_live.get_value() < 250.0 {
            return;
        }
        last_live.set_value(if live { now } else { f64::NEG_INFINITY });
        focus.set(untrack(|| pg.focus()).map(Arc::new));
    });
    view! {
        <header>
            <h1>"fetch-playground"</h1>
            <p class="lede">
                "The same batch of real browser fetches, run five ways. "
                "Press Compare to race a strategy against a plain sequential loop."
            </p>
        </header>
        <main>
            <SimNotice pg=pg />
            <Controls pg=pg />
            <CodePanel pg=pg />
            <section class="results" aria-label="Results">
                <Toolbar pg=pg />
                <Verdict pg=pg focus=focus />
                <CompareChart pg=pg />
                <Stats pg=pg />
                <Waterfall pg=pg />
                <div class="pair">
                    <InFlightChart focus=focus />
                    <LatencyHistogram focus=focus />
                </div>
                <RunList pg=pg />
            </section>
        </main>
    }
}
