use crate::engine::{strategies, Strategy};
use crate::state::Playground;
use leptos::prelude::*;

fn lesson(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Sequential => "Each request waits for the one before: N × latency. The baseline every speedup is measured against.",
        Strategy::JoinAll => "asyncio.gather: everything at once. Fastest on paper, but nothing protects the server, or the page: the first poll calls fetch() N times in one go, so 20,000 requests freeze the tab for seconds (plain JS Promise.all does the same), and the browser fails some of them.",
        Strategy::JoinAllLimited => "asyncio.Semaphore: all N futures exist at once and queue for k permits. Watch the long 'queued' bars in the waterfall.",
        Strategy::BufferUnordered => "A stream polled k at a time: futures are created only when a slot frees up, so nothing sits in a queue.",
        Strategy::WorkerPool => "asyncio.Queue with k consumers: the producer/consumer pattern. The same k lanes as a semaphore, with an explicit queue.",
    }
}

/// The selected strategy's source, exactly as the engine runs it.
#[component]
pub fn CodePanel(pg: Playground) -> impl IntoView {
    let strategy = move || pg.form.strategy();
    view! {
        <details class="code-panel" data-testid="code-panel">
            <summary>{move || format!("How {} works", strategy().id())}</summary>
            <p>{move || lesson(strategy())}</p>
            <pre><code>{move || strategies::source(strategy())}</code></pre>
            <p class="where">{move || format!("src/engine/strategies/{}.rs", strategy().id())}</p>
        </details>
    }
}
