use crate::report::{Focus, Speedup};
use crate::state::History;
use crate::stats::format_ms;
use leptos::prelude::*;
use std::sync::Arc;

/// The plain-sentence verdict for the latest shown run; with several shown
/// (a lesson's three, a Compare's), one line for each of them first.
#[component]
pub fn Verdict(history: History, focus: Signal<Option<Arc<Focus>>>) -> impl IntoView {
    let live = move || focus.get().is_some_and(|f| f.live);
    let text = move || {
        if let Some(f) = focus.get().filter(|f| f.live) {
            return Some(format!("Running {}…", f.title));
        }
        let run = history.shown().0.pop()?;
        Some(history.with_runs(|runs| run.verdict(runs)))
    };
    let plain = move || {
        if live() {
            return None;
        }
        let run = history.shown().0.pop()?;
        Some(history.with_runs(|runs| run.plain_verdict(runs)))
    };
    let each = move || {
        let shown = history.shown().0;
        if live() || shown.len() < 2 {
            return Vec::new();
        }
        history.with_runs(|runs| {
            shown
                .iter()
                .map(|run| {
                    let line = run.line(runs);
                    let speed = match &line.speedup {
                        Speedup::Ratio { .. } => format!("{} faster than sequential", line.speedup),
                        Speedup::Baseline => "the baseline".to_string(),
                        other => other.to_string(),
                    };
                    format!(
                        "{}: {}, {speed}; share of the ideal: {}",
                        line.label,
                        format_ms(line.wall_ms),
                        line.of_ideal()
                    )
                })
                .collect()
        })
    };
    view! {
        <Show when=move || plain().is_some()>
            <p class="verdict-plain" data-testid="verdict-plain">{plain}</p>
        </Show>
        <Show when=move || !each().is_empty()>
            <ul class="verdict-runs" data-testid="verdict-runs">
                {move || each().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
        </Show>
        // The reasoning, after the plain sentence: ideal, overhead, Little's
        // law. Its "Why:" label is drawn by CSS at the start of the same line
        // (one box), so the text a reader or test takes from it is the reasoning.
        <p class="verdict" class:why=move || plain().is_some() data-testid="verdict" role="status">{text}</p>
        // Its terms of art (draws, Little's law, …), explained where they first show.
        {move || (!live()).then(|| text().and_then(|t| crate::lessons::terms::gloss_line([t.as_str()])))
            .flatten()
            .map(|line| view! { <p class="gloss" data-testid="verdict-gloss">{line}</p> })}
    }
}
