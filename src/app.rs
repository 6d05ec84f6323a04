//! The page: controls on top, results below.
use crate::browser::{page, sim_worker};
use crate::components::{CodePanel, CompareChart, Controls, RunList, SimNotice, Toolbar};
use crate::config::RawSettings;
use crate::state::Playground;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn App() -> impl IntoView {
    // URL parameters fill the form; they never start a run.
    let pg = Playground::new(RawSettings::from_query(&page::query()));
    spawn_local(async move { pg.sim.set(sim_worker::start().await) });
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
                <CompareChart pg=pg />
                <RunList pg=pg />
            </section>
        </main>
    }
}
