//! Canvas drawing of a waterfall picture: one bar per row, grey while queued,
//! then coloured by outcome. Only pixels; the words are in `report::readout`.
//! A live waterfall repaints only the rows that changed (see `Painter::row`).
use crate::browser::clock::now_ms;
use crate::engine::OutcomeClass;
use crate::stats::format_ms;
use crate::viz::phases::{Kind, Segment};
use crate::viz::waterfall::{poll_ticks, Frame, AXIS};
use crate::viz::{Picture, Row};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// What the last draw did, shown on the canvas for tests and the curious.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Drawn {
    /// N, the requests of the run.
    pub requests: usize,
    /// Rows drawn (requests merge into one row above `MAX_ROWS`).
    pub rows: usize,
    /// Rows painted by the last frame: all of them, or only those that changed.
    pub painted: usize,
    /// Records to pixels, in ms.
    pub ms: f64,
    /// The time scale drawn, ms from the left edge to the right: one for
    /// every pane shown side by side.
    pub scale_ms: f64,
}

fn css(el: &web_sys::Element, name: &str, fallback: &str) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(el).ok().flatten())
        .and_then(|s| s.get_property_value(name).ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| fallback.into())
}

/// The theme's colours, resolved once: getComputedStyle per row would
/// dominate a frame.
#[derive(Clone, Debug)]
pub struct Colours {
    ok: String,
    failed: String,
    cancelled: String,
    pending: String,
    queued: String,
    fg: String,
    browser: String,
    server: String,
    worker: String,
    download: String,
    cpu: String,
}

impl Colours {
    pub fn of(el: &web_sys::Element) -> Colours {
        let c = |name| css(el, name, "#888");
        Colours {
            ok: c("--ok"),
            failed: c("--fail"),
            cancelled: c("--cancel"),
            pending: c("--in-flight"),
            queued: c("--queued"),
            fg: c("--muted"),
            browser: c("--browser-wait"),
            server: c("--server"),
            worker: c("--worker"),
            download: c("--download"),
            cpu: c("--cpu"),
        }
    }

    fn class(&self, class: Option<OutcomeClass>) -> &str {
        match class {
            Some(OutcomeClass::Ok) => &self.ok,
            Some(OutcomeClass::Failed) => &self.failed,
            Some(OutcomeClass::Cancelled) => &self.cancelled,
            None => &self.pending,
        }
    }

    fn phase(&self, kind: Kind, row: OutcomeClass) -> &str {
        match kind {
            Kind::Browser => &self.browser,
            Kind::Server => &self.server,
            Kind::Worker => &self.worker,
            Kind::Download => &self.download,
            // The tail shows how the attempt ended.
            Kind::Page => self.class(Some(row)),
            Kind::Whole(class) => self.class(Some(class)),
        }
    }
}

/// A canvas sized for `rows` rows on a time scale of `scale_ms` from `origin`.
pub struct Painter<'a> {
    ctx: CanvasRenderingContext2d,
    colours: &'a Colours,
    frame: Frame,
    /// Bars of requests still going end here.
    live_now: Option<f64>,
}

impl<'a> Painter<'a> {
    /// Sizes the canvas (reallocating it only when the size changed) and
    /// returns the painter and whether the canvas was cleared by resizing.
    /// `width_hint` skips reading the layout, which forces one, while live.
    pub fn new(
        canvas: &HtmlCanvasElement,
        colours: &'a Colours,
        rows: usize,
        (origin, scale_ms): (f64, f64),
        live_now: Option<f64>,
        width_hint: Option<f64>,
    ) -> Option<(Painter<'a>, bool)> {
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let ratio = web_sys::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0);
        let width = width_hint.unwrap_or_else(|| f64::from(canvas.client_width().max(300)));
        let frame = Frame::new(width, rows, (origin, scale_ms));
        let height = frame.height;
        let (w_px, h_px) = ((width * ratio) as u32, (height * ratio) as u32);
        let resized = canvas.width() != w_px || canvas.height() != h_px;
        if resized {
            canvas.set_width(w_px);
            canvas.set_height(h_px);
            let el: &web_sys::HtmlElement = canvas.as_ref();
            el.style()
                .set_property("height", &format!("{height}px"))
                .ok()?;
        }
        ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok()?;
        let painter = Painter {
            ctx,
            colours,
            frame,
            live_now,
        };
        Some((painter, resized))
    }

    pub fn width(&self) -> f64 {
        self.frame.width
    }

    fn bar(&self, colour: &str, from: f64, to: f64, y: f64, min: f64) {
        self.ctx.set_fill_style_str(colour);
        let (x, w, h) = self.frame.bar(from, to, min);
        self.ctx.fill_rect(x, y, w, h);
    }

    /// Clears the whole canvas.
    pub fn clear(&self) {
        let f = &self.frame;
        self.ctx.clear_rect(0.0, 0.0, f.width, f.height);
    }

    /// Paints row `i` over whatever was there.
    pub fn row(&self, i: usize, row: &Row, segments: Option<&[Segment]>) {
        let c = self.colours;
        let y = self.frame.row_top(i);
        self.ctx
            .clear_rect(0.0, y, self.frame.width, self.frame.row_height);
        if let Some(q) = row.queued {
            let until = row.started.or(self.live_now).unwrap_or(q);
            self.bar(&c.queued, q, until, y, 0.0);
        }
        let segments = segments.filter(|p| !p.is_empty());
        if let (Some(segments), Some(class)) = (segments, row.class()) {
            // Between attempts the request waits in the engine (backoff, permit): queued.
            if let (Some(s), Some(e)) = (row.started, row.ended) {
                self.bar(&c.queued, s, e, y, 0.0);
            }
            for seg in segments {
                self.bar(c.phase(seg.kind, class), seg.from, seg.to, y, 0.5);
            }
            return;
        }
        if let Some(s) = row.started {
            let end = row.ended.or(self.live_now).unwrap_or(s);
            self.bar(c.class(row.class()), s, end, y, 1.0);
        }
    }

    /// Row `i`'s handler CPU: an ok response's body is hashed for `cpu_ms`
    /// right before its outcome is known (browser::fetch::read_body), so the
    /// bar's last `cpu_ms` are CPU, not the network. Where the span was
    /// measured (`handler`), it is drawn as measured.
    pub fn cpu(&self, i: usize, row: &Row, cpu_ms: f64, handler: Option<(f64, f64)>) {
        if cpu_ms <= 0.0 || row.class() != Some(OutcomeClass::Ok) {
            return;
        }
        if let Some((s, e)) = handler {
            self.bar(&self.colours.cpu, s, e, self.frame.row_top(i), 1.0);
            return;
        }
        let (Some(s), Some(e)) = (row.started, row.ended) else {
            return;
        };
        let y = self.frame.row_top(i);
        self.bar(&self.colours.cpu, (e - cpu_ms).max(s), e, y, 1.0);
    }

    /// Row `i`'s polls as ticks across its bar, in the text colour; rows
    /// under 3 px have no room for them.
    pub fn poll_ticks(&self, i: usize, row: &Row, polls: u32) {
        let (Some(s), Some(e)) = (row.started, row.ended) else {
            return;
        };
        if self.frame.row_height < 3.0 {
            return;
        }
        let (x, w, h) = self.frame.bar(s, e, 1.0);
        let y = self.frame.row_top(i);
        self.ctx.set_fill_style_str(&self.colours.fg);
        for tx in poll_ticks(x, (w - 1.0).max(0.0), polls) {
            self.ctx.fill_rect(tx, y + h * 0.25, 1.0, h * 0.5);
        }
    }

    /// The time axis under the rows.
    pub fn axis(&self) {
        let f = &self.frame;
        self.ctx.clear_rect(0.0, f.height - AXIS, f.width, AXIS);
        self.ctx.set_fill_style_str(&self.colours.fg);
        // 14 px: legible on a projector at 1024×768.
        self.ctx.set_font("14px system-ui, sans-serif");
        for tick in f.axis() {
            let _ = self
                .ctx
                .fill_text(&format_ms(tick.value), tick.px, f.height - 4.0);
        }
    }
}

/// Draws a finished run's `picture` whole, timed from `started_ms` so that
/// building the picture counts too.
pub fn draw_timed(
    canvas: &HtmlCanvasElement,
    picture: &Picture,
    scale_ms: f64,
    started_ms: f64,
) -> Option<Drawn> {
    let colours = Colours::of(canvas);
    let (p, _) = Painter::new(
        canvas,
        &colours,
        picture.rows.len(),
        (picture.origin, scale_ms),
        None,
        None,
    )?;
    p.clear();
    for (i, row) in picture.rows.iter().enumerate() {
        p.row(i, row, picture.phases.get(i).map(Vec::as_slice));
        let handler = picture.handlers.get(i).copied().flatten();
        p.cpu(i, row, picture.cpu_ms, handler);
        if let Some(&polls) = picture.polls.get(i) {
            p.poll_ticks(i, row, polls);
        }
    }
    p.axis();
    Some(Drawn {
        requests: picture.n,
        rows: picture.rows.len(),
        painted: picture.rows.len(),
        ms: now_ms() - started_ms,
        scale_ms,
    })
}
