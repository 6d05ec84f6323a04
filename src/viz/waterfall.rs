//! The waterfall canvas's geometry: rows as tall as fit (1 to 12 px), time
//! across on one scale from the run's start, and the axis under the rows.
use super::scale::{Scale, Tick};
use super::MAX_ROWS;
use crate::engine::Record;

/// The time axis's height under the rows.
pub const AXIS: f64 = 20.0;
/// The axis's labels: 0 and four quarters of the scale.
const AXIS_INTERVALS: u32 = 4;
/// Room the last axis label keeps from the right edge.
const LAST_LABEL: f64 = 48.0;

/// The height of one row in CSS pixels: `MAX_ROWS` rows make 400 px.
pub fn row_height(rows: usize) -> f64 {
    (MAX_ROWS as f64 / rows.max(1) as f64)
        .clamp(1.0, 12.0)
        .floor()
}

/// The row under `y` pixels from the canvas's top.
pub fn row_at(y: f64, rows: usize) -> usize {
    (y / row_height(rows)) as usize
}

/// The finished runs' common time scale: the latest outcome of any of them,
/// from its own start (at least 1 ms).
pub fn shared_scale_ms<'a>(runs: impl IntoIterator<Item = (&'a [Record], f64)>) -> f64 {
    runs.into_iter()
        .flat_map(|(records, began)| {
            records
                .iter()
                .filter_map(|r| r.ended)
                .map(move |e| e - began)
        })
        .fold(1.0, f64::max)
}

/// Where a canvas `width` px wide puts `rows` rows, on `scale_ms` ms from `origin`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// The canvas width, in px.
    pub width: f64,
    /// One row's height, in px.
    pub row_height: f64,
    /// The rows and the axis.
    pub height: f64,
    origin: f64,
    x: Scale,
}

impl Frame {
    /// The frame for `rows` rows on a canvas `width` px wide, `scale_ms` ms from `origin` across.
    pub fn new(width: f64, rows: usize, (origin, scale_ms): (f64, f64)) -> Frame {
        let row_height = row_height(rows);
        Frame {
            width,
            row_height,
            height: rows as f64 * row_height + AXIS,
            origin,
            // Two pixels short of the edge, so a bar ending on the scale's end shows its last pixel.
            x: Scale::new((0.0, scale_ms.max(1.0)), (0.0, width - 2.0)),
        }
    }

    /// The pixel of `t` on the run's clock.
    pub fn x(&self, t: f64) -> f64 {
        self.x.at(t - self.origin)
    }

    /// Row `i`'s top.
    pub fn row_top(&self, i: usize) -> f64 {
        i as f64 * self.row_height
    }

    /// A bar's left edge, width (at least `min`) and height for `from..to`;
    /// rows of 4 px or more keep a pixel between them.
    pub fn bar(&self, from: f64, to: f64, min: f64) -> (f64, f64, f64) {
        let gap = if self.row_height >= 4.0 { 1.0 } else { 0.0 };
        let x = self.x(from);
        (x, (self.x(to) - x).max(min), self.row_height - gap)
    }

    /// The axis's labels: ms from the start, each at its pixel (the last kept
    /// inside the canvas, and an inner one it would overprint left out).
    pub fn axis(&self) -> Vec<Tick> {
        let mut ticks: Vec<Tick> = self
            .x
            .ticks(AXIS_INTERVALS)
            .into_iter()
            .map(|t| Tick {
                px: t.px.min(self.width - LAST_LABEL),
                ..t
            })
            .collect();
        if let Some(last) = ticks.pop() {
            ticks.retain(|t| last.px - t.px >= LAST_LABEL);
            ticks.push(last);
        }
        ticks
    }
}

/// Room each poll tick needs on a bar, in px: denser ticks would fuse into a block.
pub const TICK_GAP: f64 = 3.0;

/// Where `polls` ticks go on a bar `x..x + w` px: evenly spread, the first at
/// its start (a request's first poll starts it) and the last at its end (the
/// poll that finds it ready). A count, not times: the engine keeps how often
/// each future was polled, not when. At most one per `TICK_GAP` px.
pub fn poll_ticks(x: f64, w: f64, polls: u32) -> Vec<f64> {
    let fit = (w / TICK_GAP).floor() as u32 + 1;
    let shown = polls.min(fit);
    match shown {
        0 => Vec::new(),
        1 => vec![x],
        _ => (0..shown)
            .map(|i| x + w * f64::from(i) / f64::from(shown - 1))
            .collect(),
    }
}
