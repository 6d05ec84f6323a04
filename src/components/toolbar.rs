use crate::browser::page;
use crate::state::Playground;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Export, share and clear.
#[component]
pub fn Toolbar(pg: Playground) -> impl IntoView {
    let (note, set_note) = signal(String::new());
    let (link, set_link) = signal(String::new());
    let export = move |_| {
        let runs = pg.history.runs_untracked();
        let outcome = serde_json::to_string_pretty(&serde_json::json!({ "runs": runs }))
            .map_err(|e| e.to_string())
            .and_then(|json| {
                page::download("fetch-playground-runs.json", "application/json", &json)
            });
        set_note.set(match outcome {
            Ok(()) => format!("Exported {} runs.", runs.len()),
            Err(e) => format!("Export failed: {e}"),
        });
    };
    let share = move |_| {
        let query = pg.form.query_untracked();
        match page::share_url(&query) {
            Ok(url) => {
                set_link.set(url.clone());
                spawn_local(async move {
                    set_note.set(match page::copy_text(&url).await {
                        Ok(()) => "Link copied.".into(),
                        Err(e) => e,
                    });
                });
            }
            Err(e) => set_note.set(e),
        }
    };
    view! {
        <div class="toolbar">
            <button type="button" data-testid="export-json" on:click=export disabled=move || pg.history.is_empty()>
                "Export JSON"
            </button>
            <button type="button" data-testid="share-link" on:click=share>"Share link"</button>
            <button type="button" data-testid="clear" on:click=move |_| pg.history.clear() disabled=move || pg.session.is_running()>
                "Clear history"
            </button>
            <Show when=move || !link.get().is_empty()>
                <input class="share-url" data-testid="share-url" readonly prop:value=link aria-label="Share link" />
            </Show>
            <span class="note" role="status" data-testid="toolbar-note">{note}</span>
        </div>
    }
}
