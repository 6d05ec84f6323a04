use crate::browser::{latency::discover, page};
use crate::config::Field;
use crate::latency::{probe_url, Discovery, LatencyServer, LESSON_SHARDS};
use crate::state::Playground;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Which of the latency server's targets a button aims at.
#[derive(Clone, Copy, PartialEq)]
enum Aim {
    /// Plain HTTP/1.1 on one host name.
    One,
    /// Plain HTTP/1.1 over four host names.
    Sharded,
    /// HTTPS whose ALPN offers only HTTP/1.1.
    Tls,
    /// HTTPS with HTTP/2.
    Http2,
}

/// Aims the form at the latency server; `false` when it has no such listener
/// (a server too old to list its HTTPS ones). Runs against it then know the
/// stream limits its `/hello` announced.
fn aim(pg: Playground, server: &LatencyServer, to: Aim) -> bool {
    pg.note_latency_server(server);
    let (target, shards) = match to {
        Aim::One => (Some(server.target()), 1),
        Aim::Sharded => (Some(server.sharded_target()), LESSON_SHARDS),
        Aim::Tls => (server.tls_http1().map(|l| l.target()), 1),
        Aim::Http2 => (server.http2().map(|l| l.target()), 1),
    };
    let Some(target) = target else { return false };
    pg.set(Field::Target, target);
    pg.set(Field::Shards, shards.to_string());
    true
}

/// The "Real HTTP/1.1 server" buttons, and the HTTPS ones beside them,
/// offered on a page on this machine. Nothing is fetched until one is
/// pressed: then the page asks the server's `/hello`, and aims the form at
/// it or says how to start it.
#[component]
pub fn LatencyServerChoice(pg: Playground) -> impl IntoView {
    let url = probe_url(&page::origin());
    let state = RwSignal::new(if url.is_some() {
        Discovery::Offered
    } else {
        Discovery::NotHere
    });
    // Set when the server answered but has no listener for the button pressed.
    let missing = RwSignal::new(false);
    let press = move |to: Aim| {
        if let Discovery::Found(server) = state.get_untracked() {
            missing.set(!aim(pg, &server, to));
            return;
        }
        let Some(url) = url.clone() else { return };
        state.set(Discovery::Looking);
        spawn_local(async move {
            let found = discover(&url).await;
            if let Discovery::Found(server) = &found {
                missing.set(!aim(pg, server, to));
            }
            state.set(found);
        });
    };
    let data_state = move || match state.get() {
        Discovery::NotHere => "not-here",
        Discovery::Offered => "offered",
        Discovery::Looking => "looking",
        Discovery::Found(_) => "found",
        Discovery::Absent(_) => "absent",
    };
    let answer = move || {
        match state.get() {
        Discovery::Absent(why) => Some(why.to_string()),
        _ if missing.get() => Some(
            "This latency server has no HTTPS listeners: it is older than this page. Stop it and run `cargo xtask serve` again.".to_string(),
        ),
        _ => None,
    }
    };
    let button = move |to: Aim, testid: &'static str, label: String| {
        let press = press.clone();
        view! {
            <button type="button" data-testid=testid on:click=move |_| press(to)>{label}</button>
        }
    };
    view! {
        <Show when=move || state.with(|s| *s != Discovery::NotHere)>
            <p class="latency-server" data-testid="latency-server" data-state=data_state>
                {button(Aim::One, "use-latency-server", "Real HTTP/1.1 server".into())}
                {button(Aim::Sharded, "use-latency-server-sharded", format!("… over {LESSON_SHARDS} host names"))}
                {button(Aim::Tls, "use-latency-server-tls", "HTTPS, HTTP/1.1 only".into())}
                {button(Aim::Http2, "use-latency-server-h2", "Use the HTTP/2 server".into())}
                <span>
                    {format!(
                        " The project's latency server (started by `cargo xtask serve`) answers after the delay in its URL. Over HTTP/1.1 the browser opens at most 6 connections per host name, so more requests wait in the browser; {LESSON_SHARDS} names ({{shard}}.localhost) give 6 each, {} at once. Over HTTP/2 one connection carries every request: no 6-per-host cap, only the server's stream limit. HTTPS uses a self-signed certificate: open https://localhost:18702/hello once and accept it.",
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
