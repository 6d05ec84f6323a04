use super::TableAlt;
use crate::browser::clock::now_ms;
use crate::engine::OutcomeClass;
use crate::state::{Playground, RunResult};
use crate::stats::format_ms;
use crate::viz::{waterfall_rows, Row, Span};
use leptos::html::Canvas;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

const MAX_ROWS: usize = 400;
const AXIS: f64 = 18.0;

/// What one canvas shows: its rows, their time origin, and N.
struct Picture {
    rows: Vec<Row>,
    origin: f64,
    n: usize,
}

/// A finished run's picture: built once, when its canvas is created.
fn run_picture(run: &RunResult) -> Picture {
    let spans: Vec<Span> = run.report.records.iter().map(Span::from).collect();
    Picture {
        rows: waterfall_rows(&spans, MAX_ROWS),
        origin: run.report.began_ms,
        n: spans.len(),
    }
}

/// The run in progress, rows straight from the live buffer: no per-frame copy
/// of 100,000 spans.
fn live_picture(pg: Playground) -> Option<Picture> {
    pg.live.with_value(|l| {
        l.as_ref().map(|l| Picture {
            rows: waterfall_rows(&l.spans, MAX_ROWS),
            origin: l.began_ms,
            n: l.spans.len(),
        })
    })
}

fn row_height(rows: usize) -> f64 {
    (MAX_ROWS as f64 / rows.max(1) as f64)
        .clamp(1.0, 12.0)
        .floor()
}

fn css(el: &web_sys::Element, name: &str, fallback: &str) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(el).ok().flatten())
        .and_then(|s| s.get_property_value(name).ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| fallback.into())
}

/// Draws `rows` and returns the width used.
fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    rows: &[Row],
    origin: f64,
    scale_ms: f64,
    live_now: Option<f64>,
    width_hint: Option<f64>,
) -> Option<f64> {
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let ratio = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0);
    // While live, keep the width from the first frame: reading clientWidth
    // forces a layout on every frame.
    let width = width_hint.unwrap_or_else(|| f64::from(canvas.client_width().max(300)));
    let rh = row_height(rows.len());
    let height = rows.len() as f64 * rh + AXIS;
    let (w_px, h_px) = ((width * ratio) as u32, (height * ratio) as u32);
    if canvas.width() != w_px || canvas.height() != h_px {
        // Resizing reallocates the canvas: only when the size changes.
        canvas.set_width(w_px);
        canvas.set_height(h_px);
        let el: &web_sys::HtmlElement = canvas.as_ref();
        el.style()
            .set_property("height", &format!("{height}px"))
            .ok()?;
    }
    ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok()?;
    ctx.clear_rect(0.0, 0.0, width, height);
    // Resolved once per draw: getComputedStyle per row would dominate the frame.
    let [ok, failed, cancelled, pending, queued, fg] = [
        "--ok", "--fail", "--cancel", "--accent", "--queued", "--muted",
    ]
    .map(|v| css(canvas, v, "#888"));
    let colour = |class: Option<OutcomeClass>| match class {
        Some(OutcomeClass::Ok) => &ok,
        Some(OutcomeClass::Failed) => &failed,
        Some(OutcomeClass::Cancelled) => &cancelled,
        None => &pending,
    };
    let x = |t: f64| (t - origin) / scale_ms.max(1.0) * (width - 2.0);
    let gap = if rh >= 4.0 { 1.0 } else { 0.0 };
    for (i, row) in rows.iter().enumerate() {
        let y = i as f64 * rh;
        if let Some(q) = row.queued {
            let until = row.started.or(live_now).unwrap_or(q);
            ctx.set_fill_style_str(&queued);
            ctx.fill_rect(x(q), y, (x(until) - x(q)).max(0.0), rh - gap);
        }
        if let Some(s) = row.started {
            let end = row.ended.or(live_now).unwrap_or(s);
            ctx.set_fill_style_str(colour(row.class()));
            ctx.fill_rect(x(s), y, (x(end) - x(s)).max(1.0), rh - gap);
        }
    }
    ctx.set_fill_style_str(&fg);
    ctx.set_font("11px system-ui, sans-serif");
    for tick in 0..=4 {
        let t = scale_ms * f64::from(tick) / 4.0;
        let px = (t / scale_ms.max(1.0) * (width - 2.0)).min(width - 40.0);
        let _ = ctx.fill_text(&format_ms(t), px, height - 4.0);
    }
    Some(width)
}

/// The words for row `i`: one request in full, or a merged row's counts.
fn readout(rows: &[Row], origin: f64, i: usize, run: Option<&RunResult>) -> Option<String> {
    let row = rows.get(i)?;
    let at = |t: Option<f64>| {
        t.map(|t| format_ms(t - origin))
            .unwrap_or_else(|| "–".into())
    };
    if row.first != row.last {
        let c = row.counts;
        return Some(format!(
            "requests {}–{}: ok {}, failed {}, cancelled {} · first start {} · last end {}",
            row.first,
            row.last,
            c.ok,
            c.failed,
            c.cancelled,
            at(row.started),
            at(row.ended)
        ));
    }
    Some(
        match run.and_then(|r| r.report.records.get(row.first - 1)) {
            Some(r) => format!(
                "#{} {} · queued {} · started {} · ended {} · {} · {} attempt(s)",
                r.index,
                r.url,
                at(r.queued),
                at(r.started),
                at(r.ended),
                r.outcome.as_ref().map(|o| o.label()).unwrap_or_default(),
                r.attempts.len()
            ),
            None => format!("#{} · started {} · in progress", row.first, at(row.started)),
        },
    )
}

/// One run's waterfall; `run: None` draws the run in progress. Hover a row,
/// or focus the canvas and use the arrow keys, to read it out.
#[component]
fn WaterfallCanvas(
    pg: Playground,
    run: Option<Arc<RunResult>>,
    scale_ms: Signal<f64>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let (hover, set_hover) = signal(String::new());
    let (drawn, set_drawn) = signal((0usize, 0usize, 0.0f64));
    let cursor = StoredValue::new(0usize);
    let width = StoredValue::new(None::<f64>);
    let live = run.is_none();
    let title = run
        .as_ref()
        .map(|r| format!("#{} {}", r.id, r.title()))
        .unwrap_or_else(|| "Running…".into());
    // A finished run's rows are built once and serve drawing, read-out and table;
    // the time it took is counted in every draw (records to pixels).
    let t0 = now_ms();
    let fixed = run.as_deref().map(run_picture);
    let build_ms = now_ms() - t0;
    let n = fixed.as_ref().map_or(0, |p| p.n);
    let picked =
        StoredValue::new_local(fixed.map_or((Vec::<Row>::new(), 0.0), |p| (p.rows, p.origin)));
    // A Copy handle, so one `show` serves mouse, keys and focus.
    let run_for_readout = StoredValue::new(run.clone());
    // The text alternative: every drawn row, in the words of the read-out.
    let table: Vec<(String, String)> = picked.with_value(|(rows, origin)| {
        rows.iter()
            .enumerate()
            .filter_map(|(i, row)| {
                let text = readout(rows, *origin, i, run.as_deref())?;
                let label = if row.first == row.last {
                    format!("#{}", row.first)
                } else {
                    format!("#{}–{}", row.first, row.last)
                };
                Some((label, text))
            })
            .collect()
    });
    Effect::new(move |_| {
        pg.live_tick.track();
        let scale = scale_ms.get();
        let Some(el) = canvas.get() else {
            return;
        };
        if live {
            // Timed from the live buffer to pixels: merging rows is part of drawing.
            let t0 = now_ms();
            let Some(p) = live_picture(pg) else {
                return;
            };
            let hint = width.get_value();
            if let Some(w) = draw(&el, &p.rows, p.origin, scale, Some(t0), hint) {
                width.set_value(Some(w));
                set_drawn.set((p.n, p.rows.len(), now_ms() - t0));
            }
            picked.set_value((p.rows, p.origin));
        } else {
            let t0 = now_ms();
            let drawn_rows = picked.with_value(|(rows, origin)| {
                draw(&el, rows, *origin, scale, None, None).map(|_| rows.len())
            });
            if let Some(rows) = drawn_rows {
                set_drawn.set((n, rows, build_ms + now_ms() - t0));
            }
        }
    });
    let show = move |i: usize| {
        cursor.set_value(i);
        let text = picked.with_value(|(rows, origin)| {
            run_for_readout.with_value(|run| readout(rows, *origin, i, run.as_deref()))
        });
        set_hover.set(text.unwrap_or_default());
    };
    let on_move = move |ev: web_sys::MouseEvent| {
        let rows = picked.with_value(|(rows, _)| rows.len());
        show((f64::from(ev.offset_y()) / row_height(rows)) as usize);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let last = picked.with_value(|(rows, _)| rows.len().saturating_sub(1));
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
        <div class="waterfall-one">
            <p class="chart-title">{title}</p>
            <canvas
                node_ref=canvas
                tabindex="0"
                data-testid="waterfall-canvas"
                data-live=live.to_string()
                data-rows=move || drawn.get().0
                data-drawn-rows=move || drawn.get().1
                data-draw-ms=move || format!("{:.1}", drawn.get().2)
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

/// The per-request timeline of the run in progress, or of up to two selected runs on one time scale.
#[component]
pub fn Waterfall(pg: Playground) -> impl IntoView {
    // A memo: re-renders only when a live run appears or ends, not every frame.
    let live_on = Memo::new(move |_| {
        pg.live_tick.track();
        pg.running.get() && pg.live.with_value(Option::is_some)
    });
    let running = move || live_on.get();
    let shown = Memo::new(move |_| pg.shown_runs());
    let scale_ms = Signal::derive(move || {
        pg.live_tick.track();
        if running() {
            return pg
                .live
                .with_value(|l| l.as_ref().map_or(1.0, |l| now_ms() - l.began_ms));
        }
        shown.with(|runs| {
            runs.iter()
                .flat_map(|r| {
                    r.report
                        .records
                        .iter()
                        .filter_map(|x| x.ended)
                        .map(move |e| e - r.report.began_ms)
                })
                .fold(1.0, f64::max)
        })
    });
    let n = move || {
        if running() {
            pg.progress.get().total
        } else {
            shown.with(|r| r.last().map_or(0, |r| r.report.n))
        }
    };
    view! {
        <figure class="waterfall" data-testid="waterfall" data-rows=n>
            <figcaption>
                "Waterfall: one row per request, time left to right. "
                <span class="key queued">"queued"</span>
                <span class="key in-flight">"in flight"</span>
                <span class="key ok">"ok"</span>
                <span class="key failed">"failed"</span>
                <span class="key cancelled">"cancelled"</span>
            </figcaption>
            <div class="side-by-side">
                {move || {
                    if running() {
                        view! { <WaterfallCanvas pg=pg run=None scale_ms=scale_ms /> }.into_any()
                    } else {
                        shown.get().into_iter()
                            .map(|run| view! { <WaterfallCanvas pg=pg run=Some(run) scale_ms=scale_ms /> })
                            .collect_view()
                            .into_any()
                    }
                }}
            </div>
        </figure>
    }
}
