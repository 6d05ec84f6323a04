use crate::browser::sim_worker::SimStatus;
use crate::state::Form;
use leptos::prelude::*;

/// Says whether the built-in simulated server is up, and why not.
#[component]
pub fn SimNotice(form: Form) -> impl IntoView {
    let text = move || match form.sim() {
        SimStatus::Starting => "Starting the simulated server…".to_string(),
        SimStatus::Ready => {
            "Simulated server ready: __sim/{i} answers after the delay you set.".into()
        }
        SimStatus::Unavailable(why) => why.to_string(),
    };
    let state = move || match form.sim() {
        SimStatus::Starting => "starting",
        SimStatus::Ready => "ready",
        SimStatus::Unavailable(_) => "unavailable",
    };
    view! {
        <p class="sim-status" data-testid="sim-status" data-state=state role="status">
            {text}
        </p>
    }
}
