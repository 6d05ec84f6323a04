use crate::browser::page;
use crate::config::Field;
use crate::engine::Strategy;
use crate::lang::{sources, Language as Lang};
use crate::lessons::equivalents;
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

/// A tab of the code panel: a file that runs here, or the aiohttp version
/// for a machine of your own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Runs(Lang),
    Aiohttp,
}

impl Tab {
    const ALL: [Tab; 4] = [
        Tab::Runs(Lang::Rust),
        Tab::Runs(Lang::Python),
        Tab::Runs(Lang::JavaScript),
        Tab::Aiohttp,
    ];

    /// `code-tab-{id}`.
    fn id(self) -> &'static str {
        match self {
            Tab::Runs(Lang::Rust) => "rust",
            Tab::Runs(Lang::Python) => "python",
            Tab::Runs(Lang::JavaScript) => "js",
            Tab::Aiohttp => "aiohttp",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Runs(Lang::Rust) => "Rust (runs here)",
            Tab::Runs(Lang::Python) => "Python asyncio (runs here)",
            Tab::Runs(Lang::JavaScript) => "JavaScript (runs here)",
            Tab::Aiohttp => "Python + aiohttp (your machine)",
        }
    }

    fn code(self, strategy: Strategy) -> &'static str {
        match self {
            Tab::Runs(Lang::Rust) => crate::engine::strategies::source(strategy),
            Tab::Runs(lang) => sources::source(lang, strategy).unwrap_or_default(),
            Tab::Aiohttp => equivalents::python(strategy),
        }
    }

    fn place(self, strategy: Strategy) -> String {
        match self {
            Tab::Runs(Lang::Rust) => sources::path(Lang::Rust, strategy),
            Tab::Runs(lang) => format!(
                "{}: the file the language worker runs when the language is {lang} (in Pyodide for Python), against the same server and draws",
                sources::path(lang, strategy)
            ),
            Tab::Aiohttp => "Python 3.10+ (aiohttp's minimum), aiohttp and requests: the same strategy for a machine of your own; tests/snippets.rs runs it against a local server, the page does not".into(),
        }
    }
}

/// The selected strategy's source, exactly as it runs here in each language,
/// and its aiohttp version. The tab follows the language chosen in the form.
#[component]
pub fn CodePanel(form: Form) -> impl IntoView {
    let strategy = move || form.strategy();
    // A memo: the tab follows a change of language, not every keystroke in the form.
    let chosen =
        Memo::new(move |_| Lang::from_id(form.value(Field::Language).trim()).unwrap_or(Lang::Rust));
    let (tab, set_tab) = signal(Tab::Runs(chosen.get_untracked()));
    // Choosing a language shows its file; the tabs still show the others.
    Effect::new(move |_| set_tab.set(Tab::Runs(chosen.get())));
    let (note, set_note) = signal(String::new());
    let copy = move |_| {
        let text = tab.get_untracked().code(untrack(|| form.strategy()));
        leptos::task::spawn_local(async move {
            set_note.set(match page::copy_text(text).await {
                Ok(()) => "Copied.".to_string(),
                Err(e) => e.to_string(),
            });
        });
    };
    view! {
        <details class="code-panel" data-testid="code-panel">
            <summary>{move || format!("How {} works", strategy().id())}</summary>
            <p>{move || lesson(strategy())}</p>
            <p class="note">{TIMEOUT_NOTE}</p>
            <div class="tabs" role="tablist">
                {Tab::ALL
                    .map(|t| view! {
                        <button
                            type="button"
                            role="tab"
                            data-testid=format!("code-tab-{}", t.id())
                            aria-selected=move || (tab.get() == t).to_string()
                            on:click=move |_| set_tab.set(t)
                        >
                            {t.label()}
                        </button>
                    })
                    .collect_view()}
                <button type="button" data-testid="copy-code" on:click=copy>"Copy"</button>
                <span class="note" role="status">{note}</span>
            </div>
            <pre tabindex="0"><code data-testid="code" data-language=move || tab.get().id()>
                {move || tab.get().code(strategy())}
            </code></pre>
            <p class="where">{move || tab.get().place(strategy())}</p>
        </details>
    }
}
