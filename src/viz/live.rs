//! The live charts' state, kept up to date one engine event at a time so a
//! frame costs the same at request 100 as at request 100,000: compact spans,
//! merged waterfall rows with when each last changed, a downsampled
//! in-flight trace, and latency bins counted in place.
use super::{Bin, Row, Span, MAX_ROWS};
use crate::engine::{Counts, OutcomeClass};
use std::sync::atomic::{AtomicU64, Ordering};

/// The live waterfall's time scale: the first of 1 s, 2 s, 4 s, … that holds
/// `elapsed_ms`. It changes (and the whole canvas is redrawn) a few times a
/// run, instead of every frame.
pub fn live_scale(elapsed_ms: f64) -> f64 {
    let mut scale = 1000.0;
    while scale < elapsed_ms && scale < 1e12 {
        scale *= 2.0;
    }
    scale
}

/// Per request, its times as `f32` offsets from the run's start (NaN: not yet)
/// and its class: 9 bytes a request instead of a 40-byte `Span`. An `f32`
/// offset keeps a quarter-millisecond even an hour into a run.
#[derive(Clone, Debug, Default)]
pub struct LiveSpans {
    origin: f64,
    started: Vec<f32>,
    ended: Vec<f32>,
    /// 0 while going, else 1 + the class.
    class: Vec<u8>,
}

const CLASSES: [OutcomeClass; 3] = [
    OutcomeClass::Ok,
    OutcomeClass::Failed,
    OutcomeClass::Cancelled,
];

impl LiveSpans {
    /// Room for `n` requests, none started yet; times relative to `origin` (ms).
    pub fn new(n: usize, origin: f64) -> Self {
        LiveSpans {
            origin,
            started: vec![f32::NAN; n],
            ended: vec![f32::NAN; n],
            class: vec![0; n],
        }
    }

    /// N, how many requests it holds.
    pub fn len(&self) -> usize {
        self.class.len()
    }

    /// Whether it holds no requests (N = 0).
    pub fn is_empty(&self) -> bool {
        self.class.is_empty()
    }

    /// Bytes kept per request.
    pub const BYTES_PER_REQUEST: usize = 4 + 4 + 1;

    fn offset(&self, t: Option<f64>) -> f32 {
        t.map_or(f32::NAN, |t| (t - self.origin) as f32)
    }

    fn time(&self, offset: f32) -> Option<f64> {
        (!offset.is_nan()).then(|| self.origin + f64::from(offset))
    }

    /// Stores request `i`'s span (0-based); out of range is ignored.
    pub fn set(&mut self, i: usize, span: &Span) {
        let (started, ended) = (self.offset(span.started), self.offset(span.ended));
        let class = span
            .class
            .and_then(|c| CLASSES.iter().position(|x| *x == c))
            .map_or(0, |p| p as u8 + 1);
        if let (Some(s), Some(e), Some(c)) = (
            self.started.get_mut(i),
            self.ended.get_mut(i),
            self.class.get_mut(i),
        ) {
            (*s, *e, *c) = (started, ended, class);
        }
    }

    /// Request `i`'s span (0-based), queued from the run's start.
    pub fn get(&self, i: usize) -> Option<Span> {
        Some(Span {
            queued: Some(self.origin),
            started: self.time(*self.started.get(i)?),
            ended: self.time(*self.ended.get(i)?),
            class: match self.class.get(i)? {
                0 => None,
                c => CLASSES.get(usize::from(*c) - 1).copied(),
            },
        })
    }
}

/// The waterfall's rows of a run in progress, merged exactly as
/// `waterfall_rows` merges them, each updated when one of its requests changes.
/// Each row notes the change that touched it last; a canvas keeps what it
/// has seen in its own `Painted`, so any number of canvases repaint from one
/// buffer without taking rows from each other.
#[derive(Clone, Debug, Default)]
pub struct LiveRows {
    /// Tells this run's buffer from the one before it, for a canvas kept across runs.
    id: u64,
    per_row: usize,
    rows: Vec<Row>,
    /// Changes so far.
    generation: u64,
    /// Per row, the generation of its last change (0: none yet).
    changed: Vec<u64>,
}

/// What one canvas has painted: every change of buffer `buffer` up to `seen`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Painted {
    buffer: u64,
    seen: u64,
}

/// The last buffer's id; ids start at 1, so a fresh `Painted` has seen no buffer.
static BUFFERS: AtomicU64 = AtomicU64::new(0);

impl LiveRows {
    /// The waterfall rows for `n` requests, all queued at `origin` (ms).
    pub fn new(n: usize, origin: f64) -> Self {
        let per_row = n.div_ceil(MAX_ROWS).max(1);
        let rows: Vec<Row> = (0..n.div_ceil(per_row))
            .map(|r| Row {
                first: r * per_row + 1,
                last: ((r + 1) * per_row).min(n),
                queued: Some(origin),
                started: None,
                ended: None,
                counts: Counts::default(),
            })
            .collect();
        let changed = vec![0; rows.len()];
        LiveRows {
            id: BUFFERS.fetch_add(1, Ordering::Relaxed) + 1,
            per_row,
            rows,
            generation: 0,
            changed,
        }
    }

    /// The rows as they are now.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Request `i` (0-based) started its first attempt, or reached its final
    /// outcome: times only move outwards and a class is counted once.
    pub fn update(&mut self, i: usize, before: &Span, after: &Span) {
        let r = i / self.per_row;
        let Some(row) = self.rows.get_mut(r) else {
            return;
        };
        if let Some(s) = after.started {
            row.started = Some(row.started.map_or(s, |x| x.min(s)));
        }
        if let Some(e) = after.ended {
            row.ended = Some(row.ended.map_or(e, |x| x.max(e)));
        }
        if let (None, Some(class)) = (before.class, after.class) {
            row.counts.add(class);
        }
        self.generation += 1;
        if let Some(at) = self.changed.get_mut(r) {
            *at = self.generation;
        }
    }

    /// The rows a canvas that painted up to `painted` repaints now, in
    /// order: those changed since, and those whose bar still grows with the
    /// clock (a request of theirs is queued or in flight with no end drawn
    /// yet). Marks `painted` up to date. Finished rows cost nothing; the
    /// scan is over at most `MAX_ROWS` rows, not the requests.
    pub fn repaint(&self, painted: &mut Painted) -> Vec<usize> {
        // A canvas that painted another run's buffer has seen none of this one.
        let since = if painted.buffer == self.id {
            painted.seen
        } else {
            0
        };
        *painted = Painted {
            buffer: self.id,
            seen: self.generation,
        };
        self.rows
            .iter()
            .zip(&self.changed)
            .enumerate()
            .filter(|(_, (row, at))| **at > since || row.started.is_none() || row.ended.is_none())
            .map(|(r, _)| r)
            .collect()
    }
}

/// How many fetches are in flight over time, downsampled as it is recorded:
/// each slot keeps its peak, and when there are more than twice `points`
/// slots, their width doubles and neighbours merge. Memory and drawing stay
/// bounded however long the run.
#[derive(Clone, Debug)]
pub struct LiveSteps {
    origin: f64,
    width: f64,
    points: usize,
    slots: Vec<(f64, usize)>,
    now: usize,
    peak: usize,
}

impl LiveSteps {
    /// An empty trace from `origin` (ms), drawn with about `points` steps.
    pub fn new(origin: f64, points: usize) -> Self {
        LiveSteps {
            origin,
            width: 1.0,
            points: points.max(2),
            slots: Vec::new(),
            now: 0,
            peak: 0,
        }
    }

    fn slot(&self, t: f64) -> f64 {
        self.origin + ((t - self.origin) / self.width).floor().max(0.0) * self.width
    }

    /// One more (+1) or one fewer (−1) in flight at `t`; times must not go back.
    pub fn step(&mut self, t: f64, delta: i8) {
        self.now = if delta >= 0 {
            self.now + 1
        } else {
            self.now.saturating_sub(1)
        };
        self.peak = self.peak.max(self.now);
        let slot = self.slot(t);
        match self.slots.last_mut() {
            Some(last) if last.0 >= slot => last.1 = last.1.max(self.now),
            _ => self.slots.push((slot, self.now)),
        }
        if self.slots.len() > 2 * self.points {
            self.width *= 2.0;
            let old = std::mem::take(&mut self.slots);
            for (t, count) in old {
                let slot = self.slot(t);
                match self.slots.last_mut() {
                    Some(last) if last.0 == slot => last.1 = last.1.max(count),
                    _ => self.slots.push((slot, count)),
                }
            }
        }
    }

    /// In flight right now.
    pub fn current(&self) -> usize {
        self.now
    }

    /// The most in flight at once so far.
    pub fn peak(&self) -> usize {
        self.peak
    }

    /// The trace to draw: every slot's peak, then the count now held until `now`.
    pub fn trace(&self, now: f64) -> Vec<(f64, usize)> {
        let mut out = Vec::with_capacity(self.slots.len() + 1);
        out.extend_from_slice(&self.slots);
        if out.last().is_some_and(|l| l.0 < now) {
            out.push((now, self.now));
        }
        out
    }
}

/// Fine latency bins from 0, counted in place: when a value falls beyond the
/// last bin, the width doubles and neighbouring bins merge. `bins()` regroups
/// the occupied range into at most `shown` equal bins for drawing.
#[derive(Clone, Debug)]
pub struct LiveHistogram {
    width: f64,
    counts: Vec<usize>,
    total: usize,
}

const FINE_BINS: usize = 1024;

impl Default for LiveHistogram {
    fn default() -> Self {
        LiveHistogram {
            width: 1.0 / 64.0,
            counts: vec![0; FINE_BINS],
            total: 0,
        }
    }
}

impl LiveHistogram {
    /// Counts one latency of `ms` milliseconds; non-finite values are ignored.
    pub fn add(&mut self, ms: f64) {
        let ms = ms.max(0.0);
        if !ms.is_finite() {
            return;
        }
        while ms >= self.width * FINE_BINS as f64 {
            self.width *= 2.0;
            // Pairs of bins fold into the lower half; the upper half empties.
            let mut folded = vec![0; FINE_BINS];
            for (bin, pair) in folded.iter_mut().zip(self.counts.chunks_exact(2)) {
                *bin = pair.iter().sum();
            }
            self.counts = folded;
        }
        let i = ((ms / self.width) as usize).min(FINE_BINS - 1);
        if let Some(bin) = self.counts.get_mut(i) {
            *bin += 1;
        }
        self.total += 1;
    }

    /// How many values were added.
    pub fn len(&self) -> usize {
        self.total
    }

    /// Whether no values were added yet.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// At most `shown` equal bins over the occupied fine bins.
    pub fn bins(&self, shown: usize) -> Vec<Bin> {
        let occupied = |c: &usize| *c > 0;
        let (Some(lo), Some(hi)) = (
            self.counts.iter().position(occupied),
            self.counts.iter().rposition(occupied),
        ) else {
            return Vec::new();
        };
        let group = (hi - lo + 1).div_ceil(shown.max(1));
        (lo..=hi)
            .step_by(group)
            .map(|start| {
                let end = (start + group).min(hi + 1);
                Bin {
                    lo: start as f64 * self.width,
                    hi: end as f64 * self.width,
                    count: self.counts.get(start..end).unwrap_or_default().iter().sum(),
                }
            })
            .collect()
    }
}
