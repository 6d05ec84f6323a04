//! Canvas drawing of a waterfall picture: one bar per row, grey while queued,
//! then coloured by outcome. Only pixels; the words are in `report::readout`.
use crate::browser::clock::now_ms;
use crate::engine::OutcomeClass;
use crate::stats::format_ms;
use crate::viz::phases::Kind;
use crate::viz::{Picture, MAX_ROWS};
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

const AXIS: f64 = 18.0;

/// What the last draw did, shown on the canvas for tests and the curious.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Drawn {
    /// N, the requests of the run.
    pub requests: usize,
    /// Rows drawn (requests merge into one row above `MAX_ROWS`).
    pub rows: usize,
    /// Records to pixels, in ms.
    pub ms: f64,
}

/// The height of one row in CSS pixels.
pub fn row_height(rows: usize) -> f64 {
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

/// Draws `picture` and returns the width used. `live_now` extends the bars of
/// requests still going; `width_hint` skips reading the layout while live.
pub fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    picture: &Picture,
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
    let (rows, origin) = (&picture.rows, picture.origin);
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
    let [browser, server, worker, download] =
        ["--browser-wait", "--server", "--worker", "--download"].map(|v| css(canvas, v, "#888"));
    let colour = |class: Option<OutcomeClass>| match class {
        Some(OutcomeClass::Ok) => &ok,
        Some(OutcomeClass::Failed) => &failed,
        Some(OutcomeClass::Cancelled) => &cancelled,
        None => &pending,
    };
    let phase = |kind: Kind, row: OutcomeClass| match kind {
        Kind::Browser => &browser,
        Kind::Server => &server,
        Kind::Worker => &worker,
        Kind::Download => &download,
        // The tail shows how the attempt ended.
        Kind::Page => colour(Some(row)),
        Kind::Whole(class) => colour(Some(class)),
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
        let segments = picture.phases.get(i).filter(|p| !p.is_empty());
        if let (Some(segments), Some(class)) = (segments, row.class()) {
            // Between attempts the request waits in the engine (backoff, permit): queued.
            if let (Some(s), Some(e)) = (row.started, row.ended) {
                ctx.set_fill_style_str(&queued);
                ctx.fill_rect(x(s), y, (x(e) - x(s)).max(0.0), rh - gap);
            }
            for seg in segments {
                ctx.set_fill_style_str(phase(seg.kind, class));
                ctx.fill_rect(x(seg.from), y, (x(seg.to) - x(seg.from)).max(0.5), rh - gap);
            }
            continue;
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

/// Draws and times it from `started_ms`, so building the picture counts too.
pub fn draw_timed(
    canvas: &web_sys::HtmlCanvasElement,
    picture: &Picture,
    scale_ms: f64,
    live_now: Option<f64>,
    width_hint: Option<f64>,
    started_ms: f64,
) -> Option<(f64, Drawn)> {
    let width = draw(canvas, picture, scale_ms, live_now, width_hint)?;
    Some((
        width,
        Drawn {
            requests: picture.n,
            rows: picture.rows.len(),
            ms: now_ms() - started_ms,
        },
    ))
}
