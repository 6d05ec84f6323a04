use crate::browser::{latency::discover, page};
use crate::config::Field;
use crate::latency::{Discovery, LatencyServer, LATENCY_PORT, LESSON_SHARDS};
use crate::state::Playground;
use leptos::prelude::*;

/// The "Real HTTP/1.1 server" choice: once the page has found the latency
/// server, one click aims the form at it (on one host name, or over four),
/// or at its HTTPS listeners (HTTP/1.1 only, and HTTP/2).
#[component]
pub fn LatencyServerChoice(pg: Playground) -> impl IntoView {
    // Probed once, at mount: the resource tracks nothing, so it never re-runs.
    let origin = page::origin();
    let found = LocalResource::new(move || {
        let origin = origin.clone();
        async move { discover(&origin).await }
    });
    // One host name on one of the HTTPS listeners, whose stream limit the runs then know.
    let aim_at = move |server: &LatencyServer, target: String| {
        pg.note_latency_server(server);
        pg.set(Field::Target, target);
        pg.set(Field::Shards, "1");
    };
    let aim = move |server: &LatencyServer, sharded: bool| {
        pg.note_latency_server(server);
        if sharded {
            pg.set(Field::Target, server.sharded_target());
            pg.set(Field::Shards, LESSON_SHARDS.to_string());
        } else {
            pg.set(Field::Target, server.target());
            pg.set(Field::Shards, "1");
        }
    };
    move || {
        match found.get().unwrap_or(Discovery::Looking) {
        Discovery::NotHere | Discovery::Looking => ().into_any(),
        Discovery::Found(server) => {
            let (one, many) = (server.clone(), server.clone());
            let https = |listener: Option<&crate::latency::Listener>, testid: &'static str, label: &'static str| {
                listener.map(|l| {
                    let (server, target) = (server.clone(), l.target());
                    view! {
                        <button type="button" data-testid=testid on:click=move |_| aim_at(&server, target.clone())>
                            {label}
                        </button>
                    }
                })
            };
            let tls = https(server.tls_http1(), "use-latency-server-tls", "HTTPS, HTTP/1.1 only");
            let h2 = https(server.http2(), "use-latency-server-h2", "Use the HTTP/2 server");
            let h2_note = server.http2().map(|l| {
                let limit = match l.max_streams {
                    Some(s) => format!("at most {s} streams at once"),
                    None => "no stream limit of its own".to_string(),
                };
                format!(
                    " Over HTTP/2 ({}, {limit}) one connection carries every request: no 6-per-host cap. HTTPS uses a self-signed certificate: open {}/hello once and accept it.",
                    l.url, l.url
                )
            });
            view! {
                <p class="latency-server" data-testid="latency-server" data-state="found">
                    <button type="button" data-testid="use-latency-server" on:click=move |_| aim(&one, false)>
                        "Real HTTP/1.1 server"
                    </button>
                    <button type="button" data-testid="use-latency-server-sharded" on:click=move |_| aim(&many, true)>
                        {format!("… over {LESSON_SHARDS} host names")}
                    </button>
                    {tls}
                    {h2}
                    <span>
                        {format!(
                            " localhost:{} answers after the delay in its URL. Over HTTP/1.1 the browser opens at most 6 connections per host name, so more requests wait in the browser; {LESSON_SHARDS} names ({{shard}}.localhost) give {} at once.",
                            server.port,
                            6 * LESSON_SHARDS,
                        )}
                        {h2_note}
                    </span>
                </p>
            }
            .into_any()
        }
        Discovery::Absent(why) => view! {
            <p class="latency-server" data-testid="latency-server" data-state="absent">
                {format!(
                    "No latency server ({why}). To try a real HTTP/1.1 server and its 6-connection cap, run `cargo xtask serve` (or `cargo xtask latency-server`) and reload: it listens on localhost:{LATENCY_PORT}."
                )}
            </p>
        }
        .into_any(),
    }
    }
}
