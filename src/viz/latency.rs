//! The latency histogram's geometry: one bar per bin across the chart, as
//! tall as its count against the tallest.
use super::scale::{Scale, CHART_WIDTH};
use super::Bin;

/// The chart's height, in viewBox units.
pub const HEIGHT: f64 = 150.0;
/// Left and right of the bars.
const MARGIN: f64 = 4.0;
/// The bars stand on this line; the range's labels go below it.
const BASE: f64 = HEIGHT - 20.0;
/// The tallest bar's top.
const TOP: f64 = 14.0;

/// One bin's rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BinBar {
    /// The bar's left edge.
    pub x: f64,
    /// The bar's top edge.
    pub y: f64,
    /// The bar's width.
    pub width: f64,
    /// The bar's height: its count against the tallest bin's.
    pub height: f64,
}

/// Each bin's bar, in order; the gap between bars is a pixel.
pub fn bars(bins: &[Bin]) -> Vec<BinBar> {
    let tallest = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let y = Scale::new((0.0, tallest), (BASE, TOP));
    let band = (CHART_WIDTH - 2.0 * MARGIN) / bins.len().max(1) as f64;
    bins.iter()
        .enumerate()
        .map(|(i, b)| BinBar {
            x: MARGIN + i as f64 * band,
            y: y.at(b.count as f64),
            width: (band - 1.0).max(1.0),
            height: y.extent(b.count as f64),
        })
        .collect()
}

/// The values at the two ends of the x axis: the first bin's low edge and the
/// last one's high edge (0 without bins).
pub fn range(bins: &[Bin]) -> (f64, f64) {
    (
        bins.first().map_or(0.0, |b| b.lo),
        bins.last().map_or(0.0, |b| b.hi),
    )
}
