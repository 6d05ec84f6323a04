use crate::report::Focus;
use crate::state::History;
use leptos::prelude::*;
use std::sync::Arc;

/// The plain-sentence verdict for the latest shown run.
#[component]
pub fn Verdict(history: History, focus: Signal<Option<Arc<Focus>>>) -> impl IntoView {
    let text = move || {
        if let Some(f) = focus.get().filter(|f| f.live) {
            return Some(format!("Running {}…", f.title));
        }
        let run = history.shown().0.pop()?;
        Some(history.with_runs(|runs| run.verdict(runs)))
    };
    view! { <p class="verdict" data-testid="verdict" role="status">{text}</p> }
}
