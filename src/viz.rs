//! Chart geometry, kept pure so it is tested natively: waterfall rows
//! (aggregated when N exceeds the pixels), in-flight steps and histogram bins
//! here; each chart's placement in its own module (`compare`, `sweep`,
//! `latency`, `in_flight`, `waterfall`), all through `scale::Scale`. The
//! components only draw what these return.
#![deny(missing_docs)]
use crate::engine::{Counts, OutcomeClass, Record};

/// The times of one request, light enough to keep live for 100,000 requests.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Span {
    /// When the batch queued it (ms on the run's clock); `None` until then.
    pub queued: Option<f64>,
    /// When its first fetch started; `None` if it never started.
    pub started: Option<f64>,
    /// When its final outcome was known; `None` while pending.
    pub ended: Option<f64>,
    /// How it ended; `None` while pending.
    pub class: Option<OutcomeClass>,
}

impl From<&Record> for Span {
    fn from(r: &Record) -> Self {
        Span {
            queued: r.queued,
            started: r.started,
            ended: r.ended,
            class: r.outcome.as_ref().map(|o| o.class()),
        }
    }
}

impl Span {
    /// Start to final outcome, for requests that started and were not cancelled.
    pub fn latency_ms(&self) -> Option<f64> {
        match self.class? {
            OutcomeClass::Cancelled => None,
            _ => Some(self.ended? - self.started?),
        }
    }
}

/// One drawn row: request `first..=last` (1-based), merged when they share a pixel row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The row's first request number (1-based).
    pub first: usize,
    /// The row's last request number (1-based, inclusive).
    pub last: usize,
    /// The earliest queue time in the row (ms); `None` if none was queued.
    pub queued: Option<f64>,
    /// The earliest start in the row (ms); `None` if none started.
    pub started: Option<f64>,
    /// The latest end in the row (ms); `None` if none ended.
    pub ended: Option<f64>,
    /// Final outcomes of the row's requests, by class.
    pub counts: Counts,
}

impl Row {
    /// The class most requests in the row ended with; `None` while all are pending.
    pub fn class(&self) -> Option<OutcomeClass> {
        let c = self.counts;
        if c.total() == 0 {
            return None;
        }
        let best = [
            (c.ok, OutcomeClass::Ok),
            (c.failed, OutcomeClass::Failed),
            (c.cancelled, OutcomeClass::Cancelled),
        ];
        best.into_iter()
            .max_by_key(|(n, _)| *n)
            .map(|(_, class)| class)
    }
}

fn min_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// Most rows a waterfall draws; above that, neighbouring requests share a row.
pub const MAX_ROWS: usize = 400;

/// What one waterfall shows: its rows, their time origin, and N.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picture {
    /// The rows to draw, top to bottom, at most `MAX_ROWS`.
    pub rows: Vec<Row>,
    /// The time (ms on the run's clock) at the chart's left edge.
    pub origin: f64,
    /// N, how many requests the rows cover.
    pub n: usize,
    /// Per row, its request's measured phases: only for a finished run with
    /// one request per row (empty otherwise).
    pub phases: Vec<Vec<phases::Segment>>,
    /// Per row, its requests' mean poll count: ticks on the bar (empty when
    /// the run's polls were not counted).
    pub polls: Vec<u32>,
    /// The handler's CPU work per response, ms (0 = none): drawn as its own
    /// phase at the end of each ok bar, where it ran, when one request fills a row.
    pub cpu_ms: f64,
    /// Per row, where its handler's CPU work ran (start, end), when measured:
    /// drawn as measured, so handlers that overlap (CPU mode workers) show it.
    pub handlers: Vec<Option<(f64, f64)>>,
}

impl Picture {
    /// Rows straight from the spans, merged down to at most `MAX_ROWS`.
    pub fn of_spans(spans: &[Span], origin: f64) -> Picture {
        Picture {
            rows: waterfall_rows(spans, MAX_ROWS),
            origin,
            n: spans.len(),
            phases: Vec::new(),
            polls: Vec::new(),
            cpu_ms: 0.0,
            handlers: Vec::new(),
        }
    }

    /// A finished run's picture.
    pub fn of_records(records: &[Record], origin: f64) -> Picture {
        let spans: Vec<Span> = records.iter().map(Span::from).collect();
        let mut picture = Picture::of_spans(&spans, origin);
        if picture.rows.len() == records.len() {
            picture.phases = records.iter().map(phases::segments).collect();
        }
        if records.iter().any(|r| !r.polls.is_zero()) {
            let per_row = records.len().div_ceil(MAX_ROWS).max(1);
            picture.polls = records
                .chunks(per_row)
                .map(|c| {
                    let sum: u64 = c.iter().map(|r| u64::from(r.polls.polls)).sum();
                    u32::try_from(sum.div_ceil(c.len() as u64)).unwrap_or(u32::MAX)
                })
                .collect();
        }
        picture
    }
}

/// At most `max_rows` rows: one per request when they fit, otherwise ⌈N/max_rows⌉
/// consecutive requests per row, spanning their earliest start to latest end.
pub fn waterfall_rows(spans: &[Span], max_rows: usize) -> Vec<Row> {
    let per_row = spans.len().div_ceil(max_rows.max(1)).max(1);
    spans
        .chunks(per_row)
        .enumerate()
        .map(|(i, chunk)| {
            let first = i * per_row + 1;
            let mut row = Row {
                first,
                last: first + chunk.len() - 1,
                queued: None,
                started: None,
                ended: None,
                counts: Counts::default(),
            };
            for s in chunk {
                row.queued = min_opt(row.queued, s.queued.or(s.started));
                row.started = min_opt(row.started, s.started);
                row.ended = match (row.ended, s.ended) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                if let Some(class) = s.class {
                    row.counts.add(class);
                }
            }
            row
        })
        .collect()
}

/// How many intervals are open over time: (time, count from then on), in time order.
/// At equal times an end comes before a start, as in the engine. Starts and
/// ends are sorted apart and merged: each list is nearly in order already, so
/// 200,000 edges sort several times faster than as one mixed list.
pub fn in_flight_steps(intervals: impl IntoIterator<Item = (f64, f64)>) -> Vec<(f64, usize)> {
    let (mut starts, mut ends): (Vec<f64>, Vec<f64>) = intervals.into_iter().unzip();
    crate::sort::f64s(&mut starts);
    crate::sort::f64s(&mut ends);
    let mut steps: Vec<(f64, usize)> = Vec::with_capacity(starts.len() * 2);
    let (mut s, mut e) = (starts.iter().peekable(), ends.iter().peekable());
    let mut now: usize = 0;
    loop {
        let (t, delta) = match (s.peek(), e.peek()) {
            (Some(&&a), Some(&&b)) if b.total_cmp(&a).is_le() => (b, -1),
            (Some(&&a), _) => (a, 1),
            (None, Some(&&b)) => (b, -1),
            (None, None) => break,
        };
        if delta > 0 {
            s.next();
            now += 1;
        } else {
            e.next();
            now = now.saturating_sub(1);
        }
        match steps.last_mut() {
            Some(last) if last.0 == t => last.1 = now,
            _ => steps.push((t, now)),
        }
    }
    steps
}

/// Keeps at most `buckets` points, each the peak of its time slice, so a
/// 100,000-request run draws as fast as a small one and no peak is lost.
pub fn downsample(steps: &[(f64, usize)], buckets: usize) -> Vec<(f64, usize)> {
    if steps.len() <= buckets.max(2) {
        return steps.to_vec();
    }
    let (Some(&(t0, _)), Some(&(t1, _))) = (steps.first(), steps.last()) else {
        return Vec::new();
    };
    let width = ((t1 - t0) / buckets as f64).max(f64::MIN_POSITIVE);
    let mut out: Vec<(f64, usize)> = Vec::with_capacity(buckets + 1);
    for &(t, count) in steps {
        let slot = t0 + ((t - t0) / width).floor() * width;
        match out.last_mut() {
            Some(last) if last.0 == slot => last.1 = last.1.max(count),
            _ => out.push((slot, count)),
        }
    }
    if let Some(&(t, count)) = steps.last() {
        out.push((t, count));
    }
    out
}

/// A histogram bin [lo, hi) in ms; the last bin includes its upper edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    /// The bin's lower edge, in ms (included).
    pub lo: f64,
    /// The bin's upper edge, in ms (excluded, except in the last bin).
    pub hi: f64,
    /// How many values fell in the bin.
    pub count: usize,
}

/// `bins` equal-width bins from the smallest to the largest value.
pub fn histogram(values: &[f64], bins: usize) -> Vec<Bin> {
    let bins = bins.max(1);
    let (Some(lo), Some(hi)) = (
        values.iter().copied().reduce(f64::min),
        values.iter().copied().reduce(f64::max),
    ) else {
        return Vec::new();
    };
    let width = ((hi - lo) / bins as f64).max(1e-9);
    let mut out: Vec<Bin> = (0..bins)
        .map(|i| Bin {
            lo: lo + i as f64 * width,
            hi: lo + (i + 1) as f64 * width,
            count: 0,
        })
        .collect();
    for v in values {
        let i = (((v - lo) / width) as usize).min(bins - 1);
        if let Some(bin) = out.get_mut(i) {
            bin.count += 1;
        }
    }
    out
}

pub mod compare;
pub mod in_flight;
pub mod latency;
pub mod live;
pub mod phases;
pub mod scale;
pub mod sweep;
#[cfg(test)]
mod tests;
pub mod waterfall;
