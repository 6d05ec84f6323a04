use crate::browser::{latency::discover, page};
use crate::config::Field;
use crate::latency::{probe_url, Discovery, LatencyServer, LESSON_SHARDS};
use crate::state::Playground;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Aims the form at the latency server, on one host name or over four.
fn aim(pg: Playground, server: &LatencyServer, sharded: bool) {
    if sharded {
        pg.set(Field::Target, server.sharded_target());
        pg.set(Field::Shards, LESSON_SHARDS.to_string());
    } else {
        pg.set(Field::Target, server.target());
        pg.set(Field::Shards, "1");
    }
}

/// The "Real HTTP/1.1 server" buttons, offered on a page on this machine.
/// Nothing is fetched until one is pressed: then the page asks the server's
/// `/hello`, and aims the form at it or says how to start it.
#[component]
pub fn LatencyServerChoice(pg: Playground) -> impl IntoView {
    let url = probe_url(&page::origin());
    let state = RwSignal::new(if url.is_some() {
        Discovery::Offered
    } else {
        Discovery::NotHere
    });
    let press = move |sharded: bool| {
        if let Discovery::Found(server) = state.get_untracked() {
            aim(pg, &server, sharded);
            return;
        }
        let Some(url) = url.clone() else { return };
        state.set(Discovery::Looking);
        spawn_local(async move {
            let found = discover(&url).await;
            if let Discovery::Found(server) = &found {
                aim(pg, server, sharded);
            }
            state.set(found);
        });
    };
    let press_sharded = press.clone();
    let data_state = move || match state.get() {
        Discovery::NotHere => "not-here",
        Discovery::Offered => "offered",
        Discovery::Looking => "looking",
        Discovery::Found(_) => "found",
        Discovery::Absent(_) => "absent",
    };
    let answer = move || match state.get() {
        Discovery::Absent(why) => Some(why.to_string()),
        _ => None,
    };
    view! {
        <Show when=move || state.with(|s| *s != Discovery::NotHere)>
            <p class="latency-server" data-testid="latency-server" data-state=data_state>
                <button type="button" data-testid="use-latency-server" on:click={
                    let press = press.clone();
                    move |_| press(false)
                }>
                    "Real HTTP/1.1 server"
                </button>
                <button type="button" data-testid="use-latency-server-sharded" on:click={
                    let press = press_sharded.clone();
                    move |_| press(true)
                }>
                    {format!("… over {LESSON_SHARDS} host names")}
                </button>
                <span>
                    {format!(
                        " The project's latency server (started by `cargo xtask serve`) answers after the delay in its URL. Over HTTP/1.1 the browser opens at most 6 connections per host name, so more requests wait in the browser; {LESSON_SHARDS} names ({{shard}}.localhost) give 6 each, {} at once.",
                        6 * LESSON_SHARDS,
                    )}
                </span>
                <Show when=move || answer().is_some()>
                    <span class="field-error" data-testid="latency-server-absent" role="alert">
                        {move || answer().unwrap_or_default()}
                    </span>
                </Show>
            </p>
        </Show>
    }
}
