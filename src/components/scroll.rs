use leptos::prelude::*;

/// A region that scrolls sideways when its content is wider than the screen
/// (a chart on a phone keeps legible text instead of shrinking it). Focusable,
/// so the keyboard can scroll it too, and named for screen readers.
#[component]
pub fn Scroll(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! {
        <div class="scroll" tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}
