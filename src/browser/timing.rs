//! Resource Timing for a run: clear the browser's buffer and make it big
//! enough before the run, then read the entries and match one to each attempt
//! (`engine::timing::Matcher`, the code its tests run), a few milliseconds at a time so that
//! 100,000 entries never freeze the page.
use super::clock::now_ms;
use super::replay::Cost;
use super::{BrowserClock, BrowserRequester};
use crate::engine::timing::{Attempted, Entry, Matcher, Timing};
use crate::engine::{Clock, Outcome, RunReport};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{
    Performance, PerformanceObserver, PerformanceObserverEntryList, PerformanceObserverInit,
    PerformanceResourceTiming,
};

/// How long one chunk may hold the main thread.
const CHUNK_MS: f64 = 8.0;
/// Room for the page's own loads (a stylesheet, the worker's script) during a run.
const SPARE_ENTRIES: u32 = 256;

fn performance() -> Option<Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// The entries of the run going on, read as the browser reports them.
struct Collector {
    observer: PerformanceObserver,
    entries: Rc<RefCell<Vec<Entry>>>,
    _callback: Closure<dyn FnMut(PerformanceObserverEntryList, PerformanceObserver)>,
}

thread_local! {
    static COLLECTOR: RefCell<Option<Collector>> = const { RefCell::new(None) };
}

fn entry(value: JsValue) -> Option<Entry> {
    let e = value.dyn_into::<PerformanceResourceTiming>().ok()?;
    Some(Entry {
        name: e.name(),
        timing: Timing {
            start: e.start_time(),
            worker_start: e.worker_start(),
            request_start: e.request_start(),
            response_start: e.response_start(),
            response_end: e.response_end(),
            protocol: e.next_hop_protocol(),
        },
    })
}

/// Before a run: starts reading its entries while it goes, a few per task,
/// into wasm memory, and empties the browser's buffer each time. Reading
/// 100,000 entries at the end instead held the main thread for one long task,
/// and 100,000 buffered entries made every garbage collection of the run slower.
pub fn prepare(attempts: usize) {
    let Some(p) = performance() else {
        return;
    };
    p.clear_resource_timings();
    // If observing fails, `attach` reads the buffer: it must hold every attempt.
    let size = u32::try_from(attempts)
        .unwrap_or(u32::MAX)
        .saturating_add(SPARE_ENTRIES);
    p.set_resource_timing_buffer_size(size);
    let entries = Rc::new(RefCell::new(Vec::with_capacity(attempts)));
    let sink = entries.clone();
    let callback = Closure::<dyn FnMut(PerformanceObserverEntryList, PerformanceObserver)>::new(
        move |list: PerformanceObserverEntryList, _| {
            sink.borrow_mut()
                .extend(list.get_entries().iter().filter_map(entry));
            if let Some(p) = performance() {
                p.clear_resource_timings();
            }
        },
    );
    let Ok(observer) = PerformanceObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    let types = js_sys::Array::of1(&JsValue::from_str("resource"));
    observer.observe(&PerformanceObserverInit::new(&types));
    let previous = COLLECTOR.with(|c| {
        c.replace(Some(Collector {
            observer,
            entries,
            _callback: callback,
        }))
    });
    if let Some(old) = previous {
        old.observer.disconnect();
    }
}

/// Stops observing; the entries read so far and those still queued. `None`
/// when no observer ran (then the buffer has them).
fn collected() -> Option<Vec<Entry>> {
    let c = COLLECTOR.with(|c| c.borrow_mut().take())?;
    let pending = c.observer.take_records();
    c.observer.disconnect();
    let mut entries = c.entries.take();
    entries.extend(pending.iter().filter_map(entry));
    Some(entries)
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
    match collected() {
        Some(entries) => {
            for e in entries {
                matcher.add(e);
                chunks.maybe_yield().await;
            }
        }
        None => {
            let list = perf.get_entries_by_type("resource");
            chunks.maybe_yield().await;
            for value in list.iter() {
                if let Some(e) = entry(value) {
                    matcher.add(e);
                }
                chunks.maybe_yield().await;
            }
        }
    }
    perf.clear_resource_timings();
    chunks.maybe_yield().await;
    // Entries name absolute URLs; the simulated server's are relative to the page.
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    // (request, attempt) of each slot the matcher pairs.
    let mut slots: Vec<(usize, usize)> = Vec::new();
    for (r, record) in report.records.iter().enumerate() {
        for (a, attempt) in record.attempts.iter().enumerate() {
            let url = requester.attempt_url(record.index, u32::try_from(a).unwrap_or(u32::MAX));
            let absolute = web_sys::Url::new_with_base(&url, &base)
                .map(|u| u.href())
                .unwrap_or(url);
            matcher.attempt(Attempted {
                slot: slots.len(),
                url: absolute,
                started: attempt.started,
                ended: attempt.ended,
                aborted: matches!(attempt.outcome, Outcome::Timeout | Outcome::Cancelled),
            });
            slots.push((r, a));
            chunks.maybe_yield().await;
        }
    }
    while let Some(pairs) = matcher.next_url() {
        for (slot, timing) in pairs {
            let Some(&(r, a)) = slots.get(slot) else {
                continue;
            };
            if let Some(attempt) = report
                .records
                .get_mut(r)
                .and_then(|rec| rec.attempts.get_mut(a))
            {
                attempt.timing = Some(Box::new(timing));
            }
        }
        chunks.maybe_yield().await;
    }
    if matcher.ambiguous() > 0 {
        leptos::logging::log!(
            "{} attempts shared a URL with others at the same time: no phases for them",
            matcher.ambiguous()
        );
    }
    // Freeing 100,000 entries takes a while too: its own chunk.
    chunks.maybe_yield().await;
    drop(matcher);
    let cost = chunks.finish();
    BrowserClock.sleep_ms(0.0).await;
    cost
}
