use crate::config::host::{Host, POLITE_MAX_RATE, POLITE_MAX_REQUESTS};
use crate::config::Field;
use crate::state::Playground;
use leptos::prelude::*;

/// Shown while the target is someone else's server: names the host and what a
/// run would send it, asks once before the first run, and offers "I run this
/// server" to lift the polite caps.
#[component]
pub fn HostWarning(pg: Playground) -> impl IntoView {
    let foreign = move || match pg.form.host() {
        Host::Foreign(name) => Some(name),
        _ => None,
    };
    let what = move || {
        let rate = pg.form.value(Field::Rate);
        let rate = match rate.trim() {
            "" | "0" => "no rate limit".to_string(),
            r => format!("at most {r} starts/s"),
        };
        format!(
            "A run sends {} requests, {} at a time ({}), from this browser.",
            pg.form.value(Field::Requests).trim(),
            pg.form.value(Field::Concurrency).trim(),
            rate
        )
    };
    view! {
        <Show when=move || foreign().is_some()>
            <div class="host-warning" data-testid="host-warning" role="alert" data-host=foreign>
                <p>
                    <strong>{move || format!("{} is someone else's server. ", foreign().unwrap_or_default())}</strong>
                    {what}
                    {format!(
                        " Unless you run it, at most {POLITE_MAX_REQUESTS} requests at no more than {POLITE_MAX_RATE} starts/s."
                    )}
                </p>
                <label class="inline">
                    <input
                        type="checkbox"
                        data-testid="own-server"
                        prop:checked=move || pg.form.own_server()
                        on:change=move |ev| pg.form.set_own_server(event_target_checked(&ev))
                    />
                    "I run this server"
                </label>
                <Show
                    when=move || pg.form.needs_confirmation()
                    fallback=|| view! { <span class="note">"Confirmed: Run sends the requests."</span> }
                >
                    <button type="button" data-testid="confirm-host" on:click=move |_| pg.form.confirm_host()>
                        {move || format!("Yes, send them to {}", foreign().unwrap_or_default())}
                    </button>
                </Show>
            </div>
        </Show>
    }
}
