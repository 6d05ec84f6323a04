//! The Compare chart's layout: runs grouped by the workload they met (in order
//! of first appearance), one row per group heading and per run, every bar on
//! one time scale.
use super::scale::{Scale, CHART_WIDTH};
use std::collections::HashMap;

/// One row's height.
pub const ROW: f64 = 26.0;
/// Where the bars begin: the run labels sit left of it.
pub const LABEL: f64 = 230.0;
/// Room right of the longest bar for its time and speedup.
const TEXT_ROOM: f64 = 90.0;

/// One row of the chart, top to bottom.
#[derive(Clone, Debug, PartialEq)]
pub enum Placed<T> {
    /// A workload's heading, its text's baseline at `text_y`.
    Group {
        /// The workload key the runs below it share.
        key: String,
        /// The baseline of the heading's text.
        text_y: f64,
    },
    /// One run's bar and the texts beside it.
    Bar(Bar<T>),
}

/// A run's bar: `item` is what the caller passed in for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar<T> {
    /// What the caller passed in for this run.
    pub item: T,
    /// The run's wall time, in ms: the bar's length.
    pub wall_ms: f64,
    /// The baseline of its label and time texts.
    pub text_y: f64,
    /// The bar's top edge.
    pub y: f64,
    /// The bar's height.
    pub height: f64,
    /// At least a pixel, so a run of 0 ms still shows.
    pub width: f64,
    /// Where the time after the bar starts.
    pub value_x: f64,
}

/// The rows and the chart's height.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout<T> {
    /// Every heading and bar, top to bottom.
    pub rows: Vec<Placed<T>>,
    /// The chart's height, in viewBox units.
    pub height: f64,
}

/// Lays out `(workload key, wall ms, item)` per run, in the runs' order.
pub fn bars<T>(runs: impl IntoIterator<Item = (String, f64, T)>) -> Layout<T> {
    let mut groups: Vec<(String, Vec<(f64, T)>)> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut longest: f64 = 1.0;
    for (key, wall_ms, item) in runs {
        longest = longest.max(wall_ms);
        match group_of.get(&key).and_then(|&g| groups.get_mut(g)) {
            Some((_, members)) => members.push((wall_ms, item)),
            None => {
                group_of.insert(key.clone(), groups.len());
                groups.push((key, vec![(wall_ms, item)]));
            }
        }
    }
    let x = Scale::new((0.0, longest), (LABEL, CHART_WIDTH - TEXT_ROOM));
    let mut y = 0.0;
    let mut rows = Vec::new();
    for (key, members) in groups {
        rows.push(Placed::Group {
            key,
            text_y: y + 14.0,
        });
        y += ROW;
        for (wall_ms, item) in members {
            rows.push(Placed::Bar(Bar {
                item,
                wall_ms,
                text_y: y + 15.0,
                y: y + 3.0,
                height: ROW - 8.0,
                width: x.extent(wall_ms).max(1.0),
                value_x: x.at(wall_ms) + 6.0,
            }));
            y += ROW;
        }
    }
    Layout {
        rows,
        height: y.max(ROW),
    }
}
