//! The sweep chart's geometry: k on a log axis, wall time on the left scale
//! and req/s on the right, both from 0 at the bottom, and where the knee's
//! line and label go.
use super::scale::{Scale, CHART_WIDTH};
use crate::report::sweep::{log_position, Point};

/// The chart's height, in viewBox units.
pub const HEIGHT: f64 = 280.0;
/// Room for the left scale's labels.
pub const LEFT: f64 = 70.0;
/// Room for the right scale's labels.
pub const RIGHT: f64 = CHART_WIDTH - 70.0;
/// The plot's top edge: room above for the highest label.
pub const TOP: f64 = 20.0;
/// The x axis; the k labels and the axis title sit below it.
pub const BOTTOM: f64 = HEIGHT - 46.0;
/// A knee right of this has its label left of its line, off the req/s scale.
const LABEL_FLIP: f64 = RIGHT - 90.0;

/// One point's marks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    /// The point's x: its k on the log axis.
    pub x: f64,
    /// The y of its wall-time mark, on the left scale.
    pub wall_y: f64,
    /// The y of its req/s mark, on the right scale.
    pub rate_y: f64,
}

/// Which side of its x a text grows to (SVG `text-anchor`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The text starts at x and grows right.
    Start,
    /// The text ends at x and grows left.
    End,
}

impl Anchor {
    /// The SVG `text-anchor` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::End => "end",
        }
    }
}

/// The knee's vertical line at `x`, and its label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KneeMark {
    /// The line's x: the knee's k on the log axis.
    pub x: f64,
    /// Where the label's anchor sits.
    pub label_x: f64,
    /// Which way the label grows from `label_x`.
    pub anchor: Anchor,
}

/// Everything the chart places, in viewBox units.
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    /// The top of each scale: the slowest wall time and the best req/s (at least 1).
    pub max_wall: f64,
    /// The top of the right scale, in req/s (at least 1).
    pub max_rate: f64,
    /// Per point, in the points' order.
    pub marks: Vec<Mark>,
    /// The knee's line and label; `None` when the sweep has no knee.
    pub knee: Option<KneeMark>,
}

/// Where `points` and the knee at `knee_k` go.
pub fn plot(points: &[Point], knee_k: Option<usize>) -> Plot {
    let lo = points.iter().map(|p| p.k).min().unwrap_or(1);
    let hi = points.iter().map(|p| p.k).max().unwrap_or(1);
    let max_wall = points.iter().map(|p| p.wall_ms).fold(1.0, f64::max);
    let max_rate = points.iter().map(|p| p.per_s).fold(1.0, f64::max);
    let along = Scale::new((0.0, 1.0), (LEFT, RIGHT));
    let x = |k: usize| along.at(log_position(k, lo, hi));
    let wall = Scale::new((0.0, max_wall), (BOTTOM, TOP));
    let rate = Scale::new((0.0, max_rate), (BOTTOM, TOP));
    let marks = points
        .iter()
        .map(|p| Mark {
            x: x(p.k),
            wall_y: wall.at(p.wall_ms),
            rate_y: rate.at(p.per_s),
        })
        .collect();
    let knee = knee_k.map(|k| {
        let kx = x(k);
        let (label_x, anchor) = if kx > LABEL_FLIP {
            (kx - 4.0, Anchor::End)
        } else {
            (kx + 4.0, Anchor::Start)
        };
        KneeMark {
            x: kx,
            label_x,
            anchor,
        }
    });
    Plot {
        max_wall,
        max_rate,
        marks,
        knee,
    }
}

/// An SVG `points` attribute, "x,y x,y …", to a tenth of a unit.
pub fn polyline(xy: impl IntoIterator<Item = (f64, f64)>) -> String {
    xy.into_iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}
