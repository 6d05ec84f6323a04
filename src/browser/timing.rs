//! Resource Timing for a run: clear the browser's buffer and make it big
//! enough before the run, then read the entries and match one to each attempt
//! (`engine::timing::match_entries`), a few milliseconds at a time so that
//! 100,000 entries never freeze the page.
use super::clock::now_ms;
use super::replay::Cost;
use super::{BrowserClock, BrowserRequester};
use crate::engine::timing::{match_entries, Entry, Timing};
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
/// empties the buffer. Returns what it cost the main thread.
pub async fn attach(report: &mut RunReport, requester: &BrowserRequester) -> Cost {
    // The browser adds an entry in a task after the body ends: let it.
    BrowserClock.sleep_ms(0.0).await;
    let mut chunks = Chunker::new();
    let Some(perf) = performance() else {
        return chunks.finish();
    };
    let list = perf.get_entries_by_type("resource");
    let mut entries = Vec::with_capacity(list.length() as usize);
    for value in list.iter() {
        if let Ok(e) = value.dyn_into::<PerformanceResourceTiming>() {
            entries.push(Entry {
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
    perf.clear_resource_timings();
    // Entries name absolute URLs; the simulated server's are relative to the page.
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let mut attempts = Vec::new();
    for r in &report.records {
        for (n, a) in r.attempts.iter().enumerate() {
            let url = requester.attempt_url(r.index, u32::try_from(n).unwrap_or(u32::MAX));
            let absolute = web_sys::Url::new_with_base(&url, &base)
                .map(|u| u.href())
                .unwrap_or(url);
            attempts.push((absolute, a.started, a.ended));
        }
        chunks.maybe_yield().await;
    }
    let mut matched = match_entries(&attempts, entries).into_iter();
    for r in &mut report.records {
        for a in &mut r.attempts {
            a.timing = matched.next().flatten();
        }
    }
    chunks.finish()
}
