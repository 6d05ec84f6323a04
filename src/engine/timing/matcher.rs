//! Pairs the browser's Resource Timing entries with the engine's attempts.
//!
//! Entries name a URL and a start, nothing else: when requests share one URL
//! (a target without `{i}`), which entry is whose can only be told from the
//! times. So per URL, attempts whose spans overlap (within `SLACK_MS`) form a
//! cluster, and a cluster's entries (those that started inside it) pair with
//! its attempts in start order (the browser lists fetches in the order they
//! were called) only when the count says which attempts have none: every
//! attempt has one, or exactly the aborted ones (timeout, cancel) have none.
//! Any other cluster is ambiguous: its attempts get no phases, and are counted,
//! rather than take a neighbour's entry and shift every later one.
use super::{Entry, Timing};
use std::collections::HashMap;

/// How far (ms) an entry's times may sit outside its attempt's span: both
/// clocks are coarsened to 0.1 ms, and the fetch call itself takes a moment.
/// (An entry may start well after its attempt did: the page spaces out
/// bursts of fetch calls, and that wait is part of the attempt.)
const SLACK_MS: f64 = 1.0;

/// One attempt as the matcher needs it; `slot` is the caller's own number for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempted {
    /// The caller's number for this attempt, handed back with its pairing.
    pub slot: usize,
    /// The absolute URL fetched, as the entries will name it.
    pub url: String,
    /// When the fetch call was made (ms, same clock as the entries).
    pub started: f64,
    /// When its outcome was known (ms, same clock as the entries).
    pub ended: f64,
    /// Timed out or cancelled: the fetch was aborted, and may have no entry.
    pub aborted: bool,
}

/// Collects entries and attempts, then pairs them one URL at a time (the
/// page does 100,000 in chunks): `add` every entry and every attempt, then
/// call `next_url` until it returns `None`.
#[derive(Debug, Default)]
pub struct Matcher {
    entries: HashMap<String, Vec<Timing>>,
    attempts: HashMap<String, Vec<Attempted>>,
    /// The URLs still to pair, once pairing began (taking them one by one
    /// out of the map would scan its emptied buckets every time).
    queue: Option<std::vec::IntoIter<(String, Vec<Attempted>)>>,
    ambiguous: usize,
}

impl Matcher {
    /// Adds one Resource Timing entry to pair.
    pub fn add(&mut self, entry: Entry) {
        self.entries
            .entry(entry.name)
            .or_default()
            .push(entry.timing);
    }

    /// Adds one engine attempt to pair.
    pub fn attempt(&mut self, attempt: Attempted) {
        self.attempts
            .entry(attempt.url.clone())
            .or_default()
            .push(attempt);
    }

    /// Attempts left without an entry because their URL's entries could not be told apart.
    pub fn ambiguous(&self) -> usize {
        self.ambiguous
    }

    /// Pairs the attempts of one URL with its entries: (slot, entry) for
    /// each attempt that gets one. `None` when every URL is done.
    pub fn next_url(&mut self) -> Option<Vec<(usize, Timing)>> {
        let queue = self.queue.get_or_insert_with(|| {
            let all: Vec<_> = std::mem::take(&mut self.attempts).into_iter().collect();
            all.into_iter()
        });
        let (url, mut attempts) = queue.next()?;
        let mut entries = self.entries.remove(&url).unwrap_or_default();
        // Stable sorts: equal starts keep the order they were called in.
        crate::sort::by_f64(&mut attempts, |x| x.started);
        crate::sort::by_f64(&mut entries, |x| x.start);
        let mut out = Vec::new();
        let mut entries = entries.into_iter().peekable();
        let mut from = 0;
        while let Some(first) = attempts.get(from) {
            let mut end = first.ended;
            let mut to = from + 1;
            while let Some(next) = attempts
                .get(to)
                .filter(|a| a.started - SLACK_MS <= end + SLACK_MS)
            {
                end = end.max(next.ended);
                to += 1;
            }
            let lo = first.started - SLACK_MS;
            // Entries that began before this cluster belong to no attempt (a
            // fetch outside the engine, or before the run).
            while entries.next_if(|t| t.start < lo).is_some() {}
            let mut inside = Vec::new();
            while let Some(t) = entries.next_if(|t| t.start <= end + SLACK_MS) {
                inside.push(t);
            }
            self.pair_cluster(attempts.get(from..to).unwrap_or_default(), inside, &mut out);
            from = to;
        }
        Some(out)
    }

    fn pair_cluster(
        &mut self,
        cluster: &[Attempted],
        entries: Vec<Timing>,
        out: &mut Vec<(usize, Timing)>,
    ) {
        if entries.is_empty() {
            return;
        }
        let finished = cluster.iter().filter(|a| !a.aborted).count();
        let takers: Vec<&Attempted> = if entries.len() == cluster.len() {
            cluster.iter().collect()
        } else if entries.len() == finished {
            cluster.iter().filter(|a| !a.aborted).collect()
        } else {
            self.ambiguous += cluster.len();
            return;
        };
        let fits = |a: &Attempted, t: &Timing| {
            t.start >= a.started - SLACK_MS
                && t.start <= a.ended + SLACK_MS
                && t.response_end <= a.ended + SLACK_MS
        };
        if takers.iter().zip(&entries).any(|(a, t)| !fits(a, t)) {
            self.ambiguous += cluster.len();
            return;
        }
        out.extend(takers.into_iter().map(|a| a.slot).zip(entries));
    }
}

/// Matches `entries` to `attempts` in one go: one slot per attempt (its `slot`
/// is its index here), and how many were left out as ambiguous.
pub fn match_entries(attempts: &[Attempted], entries: Vec<Entry>) -> (Vec<Option<Timing>>, usize) {
    let mut matcher = Matcher::default();
    for e in entries {
        matcher.add(e);
    }
    for (i, a) in attempts.iter().enumerate() {
        matcher.attempt(Attempted {
            slot: i,
            ..a.clone()
        });
    }
    let mut out: Vec<Option<Timing>> = vec![None; attempts.len()];
    while let Some(pairs) = matcher.next_url() {
        for (slot, timing) in pairs {
            if let Some(place) = out.get_mut(slot) {
                *place = Some(timing);
            }
        }
    }
    (out, matcher.ambiguous())
}
