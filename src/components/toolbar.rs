use crate::browser::{deflate, page};
use crate::report::{export, permalink};
use crate::state::Playground;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Export, import, share and clear. `note` is the line that says how it went.
#[component]
pub fn Toolbar(pg: Playground, note: RwSignal<String>) -> impl IntoView {
    let set_note = note.write_only();
    let (link, set_link) = signal(String::new());
    let (permalink, set_permalink) = signal(String::new());
    // Made while a lesson is chosen, a link reopens it (`lesson=004`), never running.
    let query = move || match untrack(|| pg.lesson.chosen()) {
        Some(lesson) => lesson.share_query(&pg.form.raw_untracked()),
        None => pg.form.query_untracked(),
    };
    let make_permalink = move |_| {
        let shown = pg.history.shown_untracked().0;
        let query = query();
        // The browser compresses asynchronously, once per rounding tried.
        spawn_local(async move {
            // Either error is shown as it reads.
            let made = permalink::encode(&shown, &page::today(), deflate::compress)
                .await
                .map_err(|e| e.to_string())
                .and_then(|link| {
                    let base = page::share_url(&query).map_err(|e| e.to_string())?;
                    Ok((format!("{base}#{}", link.fragment), link))
                });
            match made {
                Ok((url, link)) => {
                    set_permalink.set(url.clone());
                    let rounded = if link.resolution_ms > 0.1 {
                        format!(", times rounded to {} ms to fit", link.resolution_ms)
                    } else {
                        String::new()
                    };
                    set_note.set(format!(
                        "Results link for {} runs: {:.1} KB{rounded}. Opening it shows them as recorded and sends no request.",
                        shown.len(),
                        url.len() as f64 / 1024.0
                    ));
                }
                Err(e) => {
                    set_permalink.set(String::new());
                    set_note.set(e);
                }
            }
        });
    };
    let export = move |_| {
        let runs = pg.history.runs_untracked();
        let outcome = export::to_json(&runs, &page::today())
            .map_err(|e| e.to_string())
            .and_then(|json| {
                page::download("fetch-playground-runs.json", "application/json", &json)
                    .map_err(|e| e.to_string())
            });
        set_note.set(match outcome {
            Ok(()) => format!("Exported {} runs.", runs.len()),
            Err(e) => format!("Export failed: {e}"),
        });
    };
    let export_csv = move |_| {
        let runs = pg.history.runs_untracked();
        let outcome = page::download(
            "fetch-playground-attempts.csv",
            "text/csv",
            &export::csv(&runs),
        );
        set_note.set(match outcome {
            Ok(()) => format!("Exported every attempt of {} runs as CSV.", runs.len()),
            Err(e) => format!("Export failed: {e}"),
        });
    };
    let import = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        spawn_local(async move {
            let message = pg.import_file(page::read_chosen_file(&input).await);
            // The same file can be chosen again.
            input.set_value("");
            set_note.set(message.to_string());
        });
    };
    let share = move |_| match page::share_url(&query()) {
        Ok(url) => {
            set_link.set(url.clone());
            spawn_local(async move {
                set_note.set(match page::copy_text(&url).await {
                    Ok(()) => "Link copied.".into(),
                    Err(e) => e.to_string(),
                });
            });
        }
        Err(e) => set_note.set(e.to_string()),
    };
    view! {
        <div class="toolbar">
            <button type="button" data-testid="export-json" on:click=export disabled=move || pg.history.is_empty()>
                "Export JSON"
            </button>
            <button type="button" data-testid="export-csv" on:click=export_csv disabled=move || pg.history.is_empty()>
                "Export CSV"
            </button>
            <label class="import">
                "Import JSON "
                <input type="file" accept=".json,application/json" data-testid="import" on:change=import />
            </label>
            <button type="button" data-testid="share-link" on:click=share>"Share link"</button>
            <button type="button" data-testid="permalink" on:click=make_permalink disabled=move || pg.history.is_empty()>
                "Results link"
            </button>
            <button type="button" data-testid="clear" on:click=move |_| pg.clear_history() disabled=move || pg.session.is_running()>
                "Clear history"
            </button>
            <Show when=move || !link.get().is_empty()>
                <input class="share-url" data-testid="share-url" readonly prop:value=link aria-label="Share link" />
            </Show>
            <Show when=move || !permalink.get().is_empty()>
                <input class="share-url" data-testid="permalink-url" readonly prop:value=permalink aria-label="Results link" />
            </Show>
            <span class="note" role="status" data-testid="toolbar-note">{note}</span>
        </div>
    }
}
