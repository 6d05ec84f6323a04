//! The language choice beside the strategy, the Python runtime's state, and
//! "Race the languages".
use crate::config::Field;
use crate::lang::Language;
use crate::state::Playground;
use leptos::prelude::*;

#[component]
pub fn LanguageSelect(pg: Playground) -> impl IntoView {
    let current = move || pg.form.value(Field::Language);
    view! {
        <label class="field">
            <span>{Field::Language.label()}</span>
            <select
                data-testid="language"
                name=Field::Language.param()
                on:change=move |ev| pg.set(Field::Language, event_target_value(&ev))
                aria-invalid=move || pg.form.field_error(Field::Language).is_some().then_some("true")
            >
                {Language::ALL
                    .map(|l| {
                        view! {
                            <option value=l.id() selected=move || current().trim() == l.id()>
                                {l.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The Python runtime's state (shown once Python is chosen or has loaded),
/// and what went wrong in the last worker run.
#[component]
pub fn LanguageStatus(pg: Playground) -> impl IntoView {
    let status = move || pg.langs.python();
    let chosen = move || pg.form.value(Field::Language).trim() == Language::Python.id();
    let shown = move || chosen() || status().state() != "idle";
    view! {
        <p
            class="note python-status"
            data-testid="python-status"
            data-state=move || status().state()
            // The load's own ms, for the benchmark's cold and warm figures.
            data-load-ms=move || match status() {
                crate::lang::status::PythonStatus::Ready { ms } => Some(ms.round().to_string()),
                _ => None,
            }
            hidden=move || !shown()
            role="status"
        >
            {move || status().describe()}
        </p>
        <Show when=move || pg.langs.problem().is_some()>
            <p class="error" data-testid="language-problem" role="alert">
                {move || pg.langs.problem().unwrap_or_default()}
            </p>
        </Show>
    }
}

/// Runs the selected strategy once in each language; says the order it chose.
#[component]
pub fn RaceButton(pg: Playground) -> impl IntoView {
    let race = move |_| {
        if let Ok(s) = pg.form.settings_untracked() {
            pg.race_languages(s.strategy);
        }
    };
    view! {
        <button
            type="button"
            data-testid="race-languages"
            title="The selected strategy once in Rust, Python and JavaScript, with the same settings and draws; each press starts with the next language"
            disabled=move || !pg.can_run()
            on:click=race
        >
            "Race the languages"
        </button>
    }
}
