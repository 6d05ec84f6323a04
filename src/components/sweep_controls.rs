use crate::state::Playground;
use leptos::prelude::*;

/// The sweep list, its shuffle box, the Sweep button and why it can't run.
#[component]
pub fn SweepControls(pg: Playground) -> impl IntoView {
    let list_error = move || pg.sweep_list().err().map(|e| e.to_string());
    // Not errors: why Sweep is off for this strategy, and which k are skipped.
    let hint = move || {
        pg.sweep_blocked().or_else(|| {
            let n = pg.form.settings().ok()?.n;
            pg.sweep_list().ok()?.note(n)
        })
    };
    view! {
        <div class="sweep-controls">
            <button
                type="button"
                data-testid="sweep"
                disabled=move || !pg.can_sweep()
                on:click=move |_| pg.run_sweep()
                title="Runs the chosen strategy once per k in the list, with everything else (and the latency draws) fixed"
            >
                "Sweep k"
            </button>
            <label class="field">
                <span>"Sweep list (k, comma-separated)"</span>
                <input
                    type="text"
                    name="sweep"
                    data-testid="sweep-list"
                    prop:value=move || pg.sweep.list()
                    on:input=move |ev| pg.set_sweep_list(event_target_value(&ev))
                    aria-invalid=move || list_error().is_some().then_some("true")
                    aria-describedby=move || list_error().is_some().then_some("sweep-note")
                />
            </label>
            <label class="inline" title="Runs the k values in a seeded random order: drift during the sweep (warm-up, memory growth) then favours no k">
                <input
                    type="checkbox"
                    data-testid="sweep-shuffle"
                    prop:checked=move || pg.sweep.shuffle()
                    on:change=move |ev| pg.set_sweep_shuffle(event_target_checked(&ev))
                />
                "shuffle the order"
            </label>
            <Show when=move || list_error().is_some()>
                <span class="field-error" id="sweep-note" data-testid="sweep-error" role="alert">
                    {move || list_error().unwrap_or_default()}
                </span>
            </Show>
            <Show when=move || list_error().is_none() && hint().is_some()>
                <span class="note" data-testid="sweep-hint">{move || hint().unwrap_or_default()}</span>
            </Show>
        </div>
    }
}
