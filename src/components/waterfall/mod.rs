//! The per-request timeline: the run in progress (`live.rs`), or up to two
//! finished runs on one time scale (`finished.rs`), drawn by `draw.rs` and read
//! out in words by `report::readout`.
mod draw;
mod finished;
mod live;

use super::{SaveImage, TableAlt};
use crate::browser::clock::now_ms;
use crate::report::{readout, readout::Detail, RunResult};
use crate::state::{History, Session};
use crate::viz::waterfall::{row_at, shared_scale_ms};
use crate::viz::Picture;
use draw::Drawn;
use finished::FinishedWaterfall;
use leptos::html::Canvas;
use leptos::prelude::*;
use live::LiveWaterfall;
use std::sync::Arc;

/// Where a canvas's read-out finds each request's details.
#[derive(Clone)]
enum Source {
    Run(Arc<RunResult>),
    Live(Session),
}

impl Source {
    fn readout(&self, picture: &Picture, i: usize) -> Option<String> {
        match self {
            Source::Run(run) => readout(
                &picture.rows,
                picture.origin,
                i,
                Detail::Records(&run.report.records),
            ),
            Source::Live(session) => session
                .with_live(|l| readout(&picture.rows, picture.origin, i, Detail::Live(&l.spans)))
                .flatten(),
        }
    }
}

/// One canvas with its read-out: hover a row, or focus the canvas and use the
/// arrow keys.
#[component]
fn ReadableCanvas(
    title: String,
    canvas: NodeRef<Canvas>,
    picture: StoredValue<Picture, LocalStorage>,
    source: Source,
    drawn: ReadSignal<Drawn>,
    table: Vec<(String, String)>,
) -> impl IntoView {
    let (hover, set_hover) = signal(String::new());
    let cursor = StoredValue::new(0usize);
    let source = StoredValue::new_local(source);
    let live = source.with_value(|s| matches!(s, Source::Live(_)));
    let show = move |i: usize| {
        cursor.set_value(i);
        let text = picture.with_value(|p| source.with_value(|s| s.readout(p, i)));
        set_hover.set(text.unwrap_or_default());
    };
    let rows = move || picture.with_value(|p| p.rows.len());
    let on_move = move |ev: web_sys::MouseEvent| {
        show(row_at(f64::from(ev.offset_y()), rows()));
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let last = rows().saturating_sub(1);
        let i = cursor.get_value();
        let next = match ev.key().as_str() {
            "ArrowDown" => (i + 1).min(last),
            "ArrowUp" => i.saturating_sub(1),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        show(next);
    };
    view! {
        <div class="waterfall-one" data-chart="waterfall">
            <p class="chart-title">{title}<SaveImage name="waterfall" /></p>
            <canvas
                node_ref=canvas
                tabindex="0"
                data-testid="waterfall-canvas"
                data-live=live.to_string()
                data-requests=move || drawn.get().requests
                data-drawn-rows=move || drawn.get().rows
                data-painted-rows=move || drawn.get().painted
                data-draw-ms=move || format!("{:.1}", drawn.get().ms)
                data-cpu-ms=picture.with_value(|p| p.cpu_ms)
                data-handlers-at-once=picture.with_value(|p| crate::lessons::cpu::most_at_once(&p.handlers))
                data-scale-ms=move || format!("{:.0}", drawn.get().scale_ms)
                role="img"
                aria-label="Per-request timeline: grey is queued, then green ok, red failed, grey cancelled. Arrow keys read out rows; the table below has the same numbers."
                on:mousemove=on_move
                on:keydown=on_key
                on:focus=move |_| show(cursor.get_value())
                on:mouseleave=move |_| set_hover.set(String::new())
            ></canvas>
            <p class="hover" data-testid="waterfall-hover" aria-live="polite">
                {hover}
            </p>
            <TableAlt headers=["requests", "times (from the run's start) and outcomes"] rows=table />
        </div>
    }
}

/// The run in progress, or up to two selected runs on one time scale.
#[component]
pub fn Waterfall(history: History, session: Session) -> impl IntoView {
    let running = move || session.is_running();
    // A filed run's records never change; only its ideal arrives later, as a
    // new copy, and the waterfall does not draw it: redraw when the runs do.
    let drawn = Memo::new_with_compare(
        move |_| history.shown().0,
        |old, new| match (old, new) {
            (Some(old), Some(new)) => !same_runs(old, new),
            _ => true,
        },
    );
    let shown = move || drawn.get();
    // The finished runs' common scale: the latest outcome of any shown run.
    let scale_ms = Signal::derive(move || {
        let shown = drawn.get();
        shared_scale_ms(
            shown
                .iter()
                .map(|r| (r.report.records.as_slice(), r.report.began_ms)),
        )
    });
    let hidden = move || !running() && shown().iter().any(|r| r.phases_hidden());
    let unmatched = move || {
        if running() {
            0
        } else {
            shown()
                .iter()
                .map(|r| r.timing.unmatched_shared)
                .sum::<usize>()
        }
    };
    let requests = move || {
        if running() {
            session.progress().total
        } else {
            shown().last().map_or(0, |r| r.report.n)
        }
    };
    view! {
        <figure class="waterfall" data-testid="waterfall" data-requests=requests>
            <figcaption>
                "Waterfall: one row per request, time left to right"
            </figcaption>
            // The key: a swatch and a word each; what the words mean follows it.
            <ul class="legend" data-testid="legend" aria-label="Colours">
                <li class="key queued">"queued"</li>
                <li class="key in-flight">"in flight"</li>
                <li class="key cpu" data-testid="cpu-legend">"CPU"</li>
                <li class="key ok">"ok"</li>
                <li class="key failed">"failed"</li>
                <li class="key cancelled">"cancelled"</li>
            </ul>
            <ul class="legend" data-testid="phase-legend" aria-label="Phases of finished runs">
                <li class="legend-title">"Phases:"</li>
                <li class="key browser-wait">"browser wait"</li>
                <li class="key server">"server"</li>
                <li class="key worker">"service worker"</li>
                <li class="key download">"download"</li>
            </ul>
            <p class="gloss" data-testid="waterfall-gloss">
                "Queued: waiting in the engine for a permit (a semaphore's ticket to run). CPU: the response handler's work on the page's one thread. "
                "Phases come from Resource Timing, the browser's own record of each fetch; the service worker is a script inside the browser that answers this page's requests (the simulated server). Browser wait: connection queue, stalled, connect; the page's share is drawn in the outcome's colour."
            </p>
            <p class="gloss" data-testid="poll-legend">
                "Ticks on a finished bar: how many times Rust polled that request's future (a poll asks a future \"are you done?\"; a future does nothing until polled). A count spread along the bar, not poll times; at most one per 3 px."
            </p>
            {move || {
                hidden().then(|| view! {
                    <p class="phases-hidden" data-testid="phases-hidden">
                        "Phases hidden by the server (no Timing-Allow-Origin): the browser \
                         reports only each fetch's start and end, so each attempt is one bar \
                         and its wait inside the browser cannot be told apart from the server's time."
                    </p>
                })
            }}
            {move || {
                let n = unmatched();
                (n > 0).then(|| view! {
                    <p class="phases-ambiguous" data-testid="phases-ambiguous" data-attempts=n>
                        {format!(
                            "{n} attempts show no phases: their requests fetched one URL at overlapping \
                             times, and the browser's entries name only the URL, so which entry was \
                             whose could not be told (or the browser listed none). Put {{i}} in the \
                             target to give each request its own URL."
                        )}
                    </p>
                })
            }}
            <p class="axis-title" data-axis="y">"↓ requests (one row each, request 1 at the top)"</p>
            <div class="side-by-side">
                {move || {
                    if running() {
                        view! { <LiveWaterfall session=session /> }.into_any()
                    } else {
                        shown()
                            .into_iter()
                            .map(|run| view! { <FinishedWaterfall run=run scale_ms=scale_ms /> })
                            .collect_view()
                            .into_any()
                    }
                }}
            </div>
            <p class="axis-title" data-axis="x">"time since the run began (ms, s on the ticks) →"</p>
        </figure>
    }
}

/// The same runs by id (ids are never reused, and a run's records never change).
fn same_runs(a: &[Arc<RunResult>], b: &[Arc<RunResult>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.id == y.id)
}

/// Milliseconds since `t0`, for timing a draw.
fn since(t0: f64) -> f64 {
    now_ms() - t0
}
