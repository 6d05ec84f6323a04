//! Resource Timing for a run: clear the browser's buffer and make it big
//! enough before the run, then read the entries and match one to each attempt
//! (`engine::timing::match_entries`), a few milliseconds at a time so that
//! 100,000 entries never freeze the page.
use super::clock::now_ms;
use super::replay::Cost;
use super::{BrowserClock, BrowserRequester};
use crate::engine::timing::{Entry, Matcher, Timing};
use crate::engine::{Clock, RunReport};
use wasm_bindgen::JsCast;
use web_sys::{Performance, PerformanceResourceTiming};

/// How long one chunk may hold the main thread.
const CHUNK_MS: f64 = 8.0;
/// Room for the page's own loads (a stylesheet, the worker's script) during a run.
const SPARE_ENTRIES: u32 = 256;

fn performance() -> Option<Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Before a run: an empty buffer with room for every attempt. The default
/// holds 250 entries and silently drops the rest.
pub fn prepare(attempts: usize) {
    if let Some(p) = performance() {
        p.clear_resource_timings();
        let size = u32::try_from(attempts)
            .unwrap_or(u32::MAX)
            .saturating_add(SPARE_ENTRIES);
        p.set_resource_timing_buffer_size(size);
    }
}

/// Times chunks of work and yields to the event loop between them.
struct Chunker {
    cost: Cost,
    since: f64,
}

impl Chunker {
    fn new() -> Self {
        Chunker {
            cost: Cost::default(),
            since: now_ms(),
        }
    }

    /// Yields when the current chunk has used its time.
    async fn maybe_yield(&mut self) {
        if now_ms() - self.since >= CHUNK_MS {
            self.close();
            BrowserClock.sleep_ms(0.0).await;
            self.since = now_ms();
        }
    }

    fn close(&mut self) {
        let took = now_ms() - self.since;
        self.cost.add(Cost {
            busy_ms: took,
            longest_ms: took,
        });
    }

    fn finish(mut self) -> Cost {
        self.close();
        self.cost
    }
}

/// After a run: reads the entries, attaches each attempt's timing and
/// empties the buffer. Every step runs in chunks; returns what it all cost
/// the main thread.
pub async fn attach(report: &mut RunReport, requester: &BrowserRequester) -> Cost {
    // The browser adds an entry in a task after the body ends: let it.
    BrowserClock.sleep_ms(0.0).await;
    let mut chunks = Chunker::new();
    let Some(perf) = performance() else {
        return chunks.finish();
    };
    let mut matcher = Matcher::default();
    let list = perf.get_entries_by_type("resource");
    chunks.maybe_yield().await;
    for value in list.iter() {
        if let Ok(e) = value.dyn_into::<PerformanceResourceTiming>() {
            matcher.add(Entry {
                name: e.name(),
                timing: Timing {
                    start: e.start_time(),
                    worker_start: e.worker_start(),
                    request_start: e.request_start(),
                    response_start: e.response_start(),
                    response_end: e.response_end(),
                    protocol: e.next_hop_protocol(),
                },
            });
        }
        chunks.maybe_yield().await;
    }
    drop(list);
    perf.clear_resource_timings();
    matcher.prepare();
    chunks.maybe_yield().await;
    // (started, request, attempt) in start order: one URL's attempts must
    // take its entries in the order they were fetched.
    let mut order: Vec<(f64, usize, usize)> = report
        .records
        .iter()
        .enumerate()
        .flat_map(|(r, rec)| {
            rec.attempts
                .iter()
                .enumerate()
                .map(move |(a, x)| (x.started, r, a))
        })
        .collect();
    order.sort_by(|x, y| x.0.total_cmp(&y.0));
    chunks.maybe_yield().await;
    // Entries name absolute URLs; the simulated server's are relative to the page.
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    for (_, r, a) in order {
        let Some(record) = report.records.get_mut(r) else {
            continue;
        };
        let url = requester.attempt_url(record.index, u32::try_from(a).unwrap_or(u32::MAX));
        let absolute = web_sys::Url::new_with_base(&url, &base)
            .map(|u| u.href())
            .unwrap_or(url);
        if let Some(attempt) = record.attempts.get_mut(a) {
            attempt.timing = matcher
                .take(&absolute, attempt.started, attempt.ended)
                .map(Box::new);
        }
        chunks.maybe_yield().await;
    }
    chunks.finish()
}
