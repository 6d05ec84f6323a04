//! A linear scale: one axis of a chart, mapping data (ms, counts, req/s) to
//! pixels, as chartistry's `Projection` does for both axes. Every chart
//! places its marks through one, so the arithmetic lives (and is tested) here.

/// The width of every SVG chart's viewBox, in user units; the page scales it.
pub const CHART_WIDTH: f64 = 760.0;

/// The row above a chart's plot that holds its y axis's title (quantity and
/// unit); the plot is drawn this far down.
pub const TITLE_ROW: f64 = 20.0;

/// Maps `from..from + span` onto `start..start + length` pixels; a negative
/// length draws upwards (an SVG y axis).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    from: f64,
    span: f64,
    start: f64,
    length: f64,
}

impl Scale {
    /// `domain.0` lands on `pixels.0` and `domain.1` on `pixels.1`.
    pub fn new(domain: (f64, f64), pixels: (f64, f64)) -> Scale {
        Scale {
            from: domain.0,
            span: domain.1 - domain.0,
            start: pixels.0,
            length: pixels.1 - pixels.0,
        }
    }

    /// The same scale over a domain at least `min` wide, so an empty or
    /// zero-length one still draws instead of dividing by zero.
    pub fn at_least(self, min: f64) -> Scale {
        Scale {
            span: self.span.max(min),
            ..self
        }
    }

    /// The pixel of `value`.
    pub fn at(&self, value: f64) -> f64 {
        self.start + (value - self.from) / self.span * self.length
    }

    /// How many pixels `amount` of the domain covers (a bar's height), unsigned.
    pub fn extent(&self, amount: f64) -> f64 {
        amount / self.span * self.length.abs()
    }

    /// The domain's two ends.
    pub fn domain(&self) -> (f64, f64) {
        (self.from, self.from + self.span)
    }

    /// `intervals + 1` evenly spaced values from one end of the domain to the
    /// other, each with its pixel.
    pub fn ticks(&self, intervals: u32) -> Vec<Tick> {
        let intervals = intervals.max(1);
        (0..=intervals)
            .map(|i| {
                let value = self.from + self.span * f64::from(i) / f64::from(intervals);
                Tick {
                    value,
                    px: self.at(value),
                }
            })
            .collect()
    }
}

/// One labelled value on an axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    /// The value at the tick, in the axis's units.
    pub value: f64,
    /// Where the tick sits along the axis, in px.
    pub px: f64,
}
