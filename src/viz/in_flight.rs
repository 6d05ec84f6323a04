//! The in-flight chart's geometry: time from the run's start across, the count
//! up, traces as SVG step paths and the horizontal lines of the limits.
use super::scale::{Scale, CHART_WIDTH};

/// The chart's height, in viewBox units.
pub const HEIGHT: f64 = 170.0;
/// Left of the plot: the count labels.
pub const LEFT: f64 = 34.0;
/// Right end of the traces and the limit lines.
pub const RIGHT: f64 = CHART_WIDTH - 8.0;
/// The count 0's line; the time labels go below it.
const BASE: f64 = HEIGHT - 18.0;
/// Where the top of the count scale sits.
const TOP: f64 = 12.0;
/// Room above the highest of peak, k and cap, so their lines stay apart from the frame.
const HEADROOM: f64 = 1.1;
/// Rows of the text alternative, at most about this many.
const TABLE_ROWS: usize = 40;

/// The chart's two scales, for one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axes {
    origin: f64,
    /// The last step's time: the right end of the time scale.
    pub end: f64,
    x: Scale,
    y: Scale,
}

impl Axes {
    /// Time from `origin` to the last of `steps` (at least 1 ms), count from 0
    /// to a little above `highest` (at least 1).
    pub fn new(origin: f64, steps: &[(f64, usize)], highest: usize) -> Axes {
        let end = steps.last().map_or(origin + 1.0, |s| s.0);
        let top = highest.max(1) as f64 * HEADROOM;
        Axes {
            origin,
            end,
            x: Scale::new((origin, end), (LEFT, RIGHT)).at_least(1.0),
            y: Scale::new((0.0, top), (BASE, TOP)),
        }
    }

    /// The pixel of time `t` on the run's clock.
    pub fn x(&self, t: f64) -> f64 {
        self.x.at(t)
    }

    /// The pixel of `count` in flight.
    pub fn y(&self, count: usize) -> f64 {
        self.y.at(count as f64)
    }

    /// How long the chart's time axis is, in ms from the run's start.
    pub fn duration(&self) -> f64 {
        self.end - self.origin
    }

    /// An SVG path from 0 at the run's start, stepping to each count at its time.
    pub fn path(&self, steps: &[(f64, usize)]) -> String {
        let mut path = format!("M{:.1},{:.1}", self.x(self.origin), self.y(0));
        for (t, c) in steps {
            path += &format!(" H{:.1} V{:.1}", self.x(*t), self.y(*c));
        }
        path
    }
}

/// Every step's (ms from the start, count), thinned to about 40 rows for the table.
pub fn table(origin: f64, steps: &[(f64, usize)]) -> Vec<(f64, usize)> {
    steps
        .iter()
        .step_by((steps.len() / TABLE_ROWS).max(1))
        .map(|(t, c)| (t - origin, *c))
        .collect()
}
