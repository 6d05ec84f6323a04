use super::{LanguageSelect, LanguageStatus, LatencyServerChoice, RaceButton, SweepControls};
use crate::config::{CpuMode, Field, Kind, RawSettings};
use crate::engine::Strategy;
use crate::state::Playground;
use leptos::prelude::*;

/// Compare's list: tick strategies to race them all against one sequential run.
#[component]
fn CompareWith(pg: Playground) -> impl IntoView {
    let others = Strategy::ALL
        .into_iter()
        .filter(|s| *s != Strategy::Sequential);
    view! {
        <fieldset class="compare-with" data-testid="compare-with">
            <legend>"Compare against sequential (none ticked: the selected strategy)"</legend>
            {others
                .map(|s| {
                    view! {
                        <label class="inline">
                            <input
                                type="checkbox"
                                data-testid=format!("compare-with-{}", s.id())
                                prop:checked=move || pg.compare.with().contains(&s)
                                on:change=move |ev| pg.toggle_compare(s, event_target_checked(&ev))
                            />
                            {s.id()}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// One labelled input bound to one field of the form: a select for a choice.
#[component]
fn FieldInput(pg: Playground, field: Field) -> impl IntoView {
    if let Kind::Choice(ids) = field.spec().kind {
        return view! { <ChoiceSelect pg=pg field=field ids=ids /> }.into_any();
    }
    let kind = if field == Field::Target {
        "text"
    } else {
        "number"
    };
    let dimmed = move || field.sim_only() && !pg.form.targets_sim();
    let invalid = move || pg.form.field_error(field).is_some();
    let note_id = format!("{}-note", field.testid());
    view! {
        <label class="field" class:wide=field == Field::Target class:dimmed=dimmed>
            <span>{field.label()}</span>
            <input
                type=kind
                step="any"
                name=field.param()
                data-testid=field.testid()
                prop:value=move || pg.form.value(field)
                on:input=move |ev| pg.set(field, event_target_value(&ev))
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || invalid().then(|| note_id.clone())
            />
            <FieldNote pg=pg field=field />
        </label>
    }
    .into_any()
}

/// A choice field's select; CPU mode also says how big the worker pool is.
#[component]
fn ChoiceSelect(pg: Playground, field: Field, ids: &'static [&'static str]) -> impl IntoView {
    let current = move || pg.form.value(field);
    let invalid = move || pg.form.field_error(field).is_some();
    let label = move |id: &str| {
        CpuMode::from_id(id)
            .filter(|_| field == Field::CpuMode)
            .map_or(id.to_string(), |m| m.label().to_string())
    };
    let workers = move || field == Field::CpuMode && current().trim() == CpuMode::Workers.id();
    // Chosen, so about to be used: the workers load their script now, not
    // during the first run's wall (about 0.2 s on 2 busy cores).
    Effect::new(move |_| {
        if workers() {
            let _ = crate::browser::cpu_pool::warm();
        }
    });
    view! {
        <label class="field">
            <span>{field.label()}</span>
            <select
                data-testid=field.testid()
                name=field.param()
                on:change=move |ev| pg.set(field, event_target_value(&ev))
                aria-invalid=move || invalid().then_some("true")
            >
                {ids
                    .iter()
                    .map(|id| {
                        view! {
                            <option value=*id selected=move || current().trim() == *id>
                                {label(id)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <Show when=workers>
                <span class="note" data-testid="cpu-workers">
                    {crate::browser::cpu_pool::describe()}
                </span>
            </Show>
            <FieldNote pg=pg field=field />
        </label>
    }
}

/// The message next to an input, present only while that input is wrong.
#[component]
fn FieldNote(pg: Playground, field: Field) -> impl IntoView {
    let message = move || pg.form.field_error(field);
    view! {
        <Show when=move || message().is_some()>
            <span
                class="field-error"
                id=format!("{}-note", field.testid())
                data-testid=format!("{}-error", field.testid())
            >
                {move || message().unwrap_or_default()}
            </span>
        </Show>
    }
}

#[component]
fn StrategySelect(pg: Playground) -> impl IntoView {
    let current = move || pg.form.value(Field::Strategy);
    view! {
        <label class="field">
            <span>{Field::Strategy.label()}</span>
            <select
                data-testid="strategy"
                name="strategy"
                on:change=move |ev| pg.set(Field::Strategy, event_target_value(&ev))
                aria-invalid=move || pg.form.field_error(Field::Strategy).is_some().then_some("true")
            >
                {Strategy::ALL
                    .map(|s| {
                        view! {
                            // The value stays the Rust id (the contract); the text adds asyncio's name.
                            <option value=s.id() selected=move || current() == s.id()>
                                {s.both_names()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldNote pg=pg field=Field::Strategy />
        </label>
    }
}

/// What the closed fold says: how many folded fields differ from their
/// defaults, and which, so a shared link never hides its settings.
fn changed_summary(raw: &RawSettings) -> String {
    let changed: Vec<String> = raw
        .changed_folded()
        .into_iter()
        .map(|f| format!("{} = {}", f.label(), raw.get(f).trim()))
        .collect();
    match changed.len() {
        0 => String::new(),
        n => format!(" · {n} changed: {}", changed.join(", ")),
    }
}

/// The form: target, N, k and the strategy with Run and Compare on the first
/// screen; every other field, the Compare list and the sweep under "More
/// options", which opens by itself when a link or a lesson sets one of them.
#[component]
pub fn Controls(pg: Playground) -> impl IntoView {
    let selected = move || pg.form.settings_untracked().ok().map(|s| s.strategy);
    let run = move |_| {
        if let Some(s) = selected() {
            pg.start(vec![s]);
        }
    };
    let (alternate, set_alternate) = signal(false);
    let compare = move |_| {
        if let Some(s) = selected() {
            pg.press_compare(s, alternate.get_untracked());
        }
    };
    let error = move || pg.form.error();
    let progress = move || pg.session.progress();
    let fold = NodeRef::<leptos::html::Details>::new();
    // A link's settings, and a lesson that sets folded fields or sweeps, open
    // the fold; typing never closes or opens it.
    Effect::new(move |_| {
        let lesson = pg.lesson.chosen();
        let wants = untrack(|| !pg.form.raw().changed_folded().is_empty())
            || lesson.is_some_and(|l| l.sweep.is_some());
        if let (true, Some(details)) = (wants, fold.get()) {
            details.set_open(true);
        }
    });
    let first = Field::ALL
        .into_iter()
        .filter(|f| f.first_screen() && !matches!(f, Field::Strategy | Field::Language));
    let folded = Field::ALL.into_iter().filter(|f| !f.first_screen());
    view! {
        <form class="controls" on:submit=|ev| ev.prevent_default()>
            <div class="fields">
                {first.map(|field| view! { <FieldInput pg=pg field=field /> }).collect_view()}
                <StrategySelect pg=pg />
                <LanguageSelect pg=pg />
            </div>
            <div class="actions">
                <button type="button" data-testid="run" disabled=move || !pg.can_run() on:click=run>
                    "Run"
                </button>
                <button type="button" data-testid="compare" disabled=move || !pg.can_run() on:click=compare>
                    "Compare with sequential"
                </button>
                <RaceButton pg=pg />
                <button type="button" data-testid="cancel" disabled=move || !pg.session.is_running() on:click=move |_| pg.cancel()>
                    "Cancel"
                </button>
                <div
                    class="progress"
                    data-testid="progress"
                    data-done=move || progress().done
                    data-total=move || progress().total
                    data-running=move || pg.session.is_running().to_string()
                    data-sweep-k=move || progress().sweep.map(|s| s.k)
                    data-replay-ms=move || progress().replay.map(|c| format!("{:.1}", c.busy_ms))
                    data-replay-longest-ms=move || progress().replay.map(|c| format!("{:.1}", c.longest_ms))
                    data-timing-ms=move || progress().timing.map(|c| format!("{:.1}", c.busy_ms))
                    data-timing-longest-ms=move || progress().timing.map(|c| format!("{:.1}", c.longest_ms))
                >
                    <progress max=move || progress().total.max(1) value=move || progress().done></progress>
                    <span>
                        {move || progress().describe(pg.session.is_running())}
                    </span>
                </div>
            </div>
            <LanguageStatus pg=pg />
            <Show when=move || error().is_some()>
                <p class="error" data-testid="error" role="alert">{move || error().unwrap_or_default()}</p>
            </Show>
            <details class="more-options" data-testid="more-options" node_ref=fold>
                <summary data-testid="more-options-toggle">
                    "More options"
                    <span class="changed" data-testid="more-options-changed" data-count=move || pg.form.raw().changed_folded().len()>
                        {move || changed_summary(&pg.form.raw())}
                    </span>
                </summary>
                <LatencyServerChoice pg=pg />
                <p class="note">"The simulated server's delay, jitter, failures and body; CPU work per response and where it runs; timeouts, rate limit and retries; shards; the seed of the draws; Compare's list and the concurrency sweep."</p>
                <div class="fields">
                    {folded.map(|field| view! { <FieldInput pg=pg field=field /> }).collect_view()}
                </div>
                <div class="actions">
                    <CompareWith pg=pg />
                    <label class="inline" title="Runs sequential, the strategy, the strategy again, then sequential: drift over time then biases neither side">
                        <input
                            type="checkbox"
                            data-testid="alternate-order"
                            prop:checked=alternate
                            on:change=move |ev| set_alternate.set(event_target_checked(&ev))
                        />
                        "A B B A order"
                    </label>
                    <SweepControls pg=pg />
                </div>
            </details>
        </form>
    }
}
