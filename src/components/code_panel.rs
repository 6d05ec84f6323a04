use crate::browser::page;
use crate::engine::Strategy;
use crate::lessons::equivalents::{code, Language};
use crate::state::Form;
use leptos::prelude::*;

fn lesson(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Sequential => "Each request waits for the one before: N × latency. The baseline every speedup is measured against.",
        Strategy::JoinAll => "asyncio.gather: everything at once. Fastest on paper, but nothing protects the server: the first poll starts all N requests. The page hands them to fetch() in 25 ms slices (src/browser/burst.rs), so the tab stays responsive, but 20,000 at once still make the browser fail some. A plain-JS Promise.all issues them all in one task. In Python, aiohttp's ClientSession() alone holds 100 connections (TCPConnector(limit=100)), so a plain gather is not all at once past 100; the snippet passes limit=0.",
        Strategy::JoinAllLimited => "asyncio.Semaphore: all N futures exist at once and queue for k permits (a permit is the semaphore's ticket: a request runs only while it holds one). Watch the long 'queued' bars in the waterfall: queued is the time from the batch's start to a request's first fetch. In aiohttp, k above 100 also needs TCPConnector(limit=0): its default pool holds 100.",
        Strategy::BufferUnordered => "A stream polled k at a time. Its requests wait exactly as long as under the semaphore (request 10 of N=10, k=3, 100 ms starts at 300 ms in both); the difference is memory: a future is created only when a slot frees up, so the N − k still waiting cost nothing, where join_all_limited holds all N from the start.",
        Strategy::WorkerPool => "asyncio.Queue with k consumers: the producer/consumer pattern. The same k lanes as a semaphore, with an explicit queue.",
    }
}

/// Why the timeout is per attempt, shared by every strategy.
const TIMEOUT_NOTE: &str = "The timeout is per attempt and starts when the fetch is called, never while a request waits for a permit or a slot: Python's classic `wait_for(…)` around `async with sem:` also counts the semaphore wait, so requests time out in the queue without ever being sent. The deadline, if set, bounds a request's whole life from its first fetch, across retries and backoff.";

/// The selected strategy's source, exactly as the engine runs it, beside
/// its Python asyncio and plain-JavaScript equivalents.
#[component]
pub fn CodePanel(form: Form) -> impl IntoView {
    let strategy = move || form.strategy();
    let (language, set_language) = signal(Language::Rust);
    let (note, set_note) = signal(String::new());
    let copy = move |_| {
        let text = code(untrack(|| form.strategy()), language.get_untracked());
        leptos::task::spawn_local(async move {
            set_note.set(match page::copy_text(text).await {
                Ok(()) => "Copied.".to_string(),
                Err(e) => e.to_string(),
            });
        });
    };
    let place = move || {
        match language.get() {
        Language::Rust => format!("src/engine/strategies/{}.rs", strategy().id()),
        Language::Python => "Python 3.10+ (aiohttp's minimum), aiohttp and requests: written for this page; tests/snippets.rs runs it against a local server, the page does not".into(),
        Language::JavaScript => {
            "Plain browser JavaScript: written for this page; tests/snippets.rs runs it in Node against a local server, the page does not".into()
        }
    }
    };
    view! {
        <details class="code-panel" data-testid="code-panel">
            <summary>{move || format!("How {} works", strategy().id())}</summary>
            <p>{move || lesson(strategy())}</p>
            <p class="note">{TIMEOUT_NOTE}</p>
            <div class="tabs" role="tablist">
                {Language::ALL
                    .map(|l| view! {
                        <button
                            type="button"
                            role="tab"
                            data-testid=format!("code-tab-{}", l.id())
                            aria-selected=move || (language.get() == l).to_string()
                            on:click=move |_| set_language.set(l)
                        >
                            {l.label()}
                        </button>
                    })
                    .collect_view()}
                <button type="button" data-testid="copy-code" on:click=copy>"Copy"</button>
                <span class="note" role="status">{note}</span>
            </div>
            <pre tabindex="0"><code data-testid="code" data-language=move || language.get().id()>
                {move || code(strategy(), language.get())}
            </code></pre>
            <p class="where">{place}</p>
        </details>
    }
}
