//! What the browser let through to a real server at once: Chromium's 6
//! HTTP/1.1 connections per host name when the protocol was measured, or,
//! when the server hid its phases, the count the run's own completion waves
//! show. Over HTTP/2 there is no such cap: one connection per host name
//! carries many streams, up to the server's SETTINGS_MAX_CONCURRENT_STREAMS,
//! known when the server announced it (the latency server's `/hello`), else
//! inferred from the waves the same way. The ideal is replayed through the
//! same pool, so a connection or stream limit is never booked as overhead.
#![deny(missing_docs)]
use super::RunResult;
use crate::engine::virtual_time::{Sleep, Stalled, Stepper, VirtualClock};
use crate::engine::{self, CancelToken, Clock, Outcome, Record, Requester, RunOptions, RunReport};
use crate::engine::{OutcomeClass, Strategy};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Chromium's connections per host over HTTP/1.1.
pub const HTTP1_CAP: usize = 6;

/// How the per-host count was known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Resource Timing measured HTTP/1.1: Chromium's 6 per host name.
    Protocol,
    /// The server hid its phases: read from the completion waves.
    Inferred,
    /// HTTP/2 measured; the stream limit the server announced before the run.
    Http2Announced,
    /// HTTP/2 measured; the stream limit read from the completion waves.
    Http2Waves,
}

impl Basis {
    /// A limit on the streams of an HTTP/2 connection, not on connections.
    pub fn http2(self) -> bool {
        matches!(self, Basis::Http2Announced | Basis::Http2Waves)
    }
}

/// Whether `protocol` (a `nextHopProtocol`) multiplexes streams over one connection.
pub fn is_http2(protocol: &str) -> bool {
    protocol == "h2" || protocol == "h3"
}

/// At most `per_host` attempts answered at once per host name, over `hosts` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pool {
    /// Attempts answered at once per host name.
    pub per_host: usize,
    /// How many host names the run used.
    pub hosts: usize,
    /// Where `per_host` comes from: a measured protocol or the completion waves.
    pub basis: Basis,
}

impl Pool {
    /// The answers the pool allows at once over all host names: `per_host` × `hosts`.
    pub fn total(&self) -> usize {
        self.per_host.saturating_mul(self.hosts)
    }
}

/// The host name (0-based) request `index` goes to: `{shard}` takes the names in turn.
fn host_of(index: usize, hosts: usize) -> usize {
    index.saturating_sub(1) % hosts.max(1)
}

/// Finished attempts as (host, start, end).
fn spans(records: &[Record], hosts: usize) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
    records.iter().flat_map(move |r| {
        r.attempts
            .iter()
            .filter(|a| a.outcome.class() != OutcomeClass::Cancelled && a.ended >= a.started)
            .map(move |a| (host_of(r.index, hosts), a.started, a.ended))
    })
}

/// The most attempts in flight at once to one host name (an end at the same
/// instant as a start comes first).
pub fn max_in_flight_per_host(records: &[Record], hosts: usize) -> usize {
    // (time, 1 for a start, 0 for an end): at one instant the end sorts first.
    let mut events: Vec<Vec<(f64, u32)>> = vec![Vec::new(); hosts.max(1)];
    for (h, s, e) in spans(records, hosts) {
        if let Some(list) = events.get_mut(h) {
            list.push((s, 1));
            list.push((e, 0));
        }
    }
    let mut most = 0i64;
    for mut list in events {
        crate::sort::f64_u32s(&mut list);
        let mut open = 0i64;
        for (_, start) in list {
            open += if start == 1 { 1 } else { -1 };
            most = most.max(open);
        }
    }
    usize::try_from(most).unwrap_or(0)
}

/// Completions in waves: at most `per_host` answers per host name together,
/// a gap between waves, and later waves made of attempts that had been in
/// flight all along, waiting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Waves {
    /// The most answers one host name gave within a wave.
    pub per_host: usize,
    /// The median span of the first wave: the server's time, before any queue.
    pub first_ms: f64,
}

/// Waves, when the records show them unambiguously; `None` otherwise
/// (a jittery server, a paced run, too few attempts).
pub fn waves(records: &[Record], hosts: usize) -> Option<Waves> {
    let mut per_host = 0;
    let mut first = Vec::new();
    for h in 0..hosts.max(1) {
        let mut mine: Vec<(f64, f64)> = spans(records, hosts)
            .filter(|s| s.0 == h)
            .map(|s| (s.1, s.2))
            .collect();
        if mine.len() < 2 {
            continue;
        }
        let shortest = mine.iter().map(|s| s.1 - s.0).fold(f64::INFINITY, f64::min);
        if shortest.is_nan() || shortest <= 0.0 {
            return None;
        }
        crate::sort::by_f64(&mut mine, |s| s.1);
        // A gap of half the shortest span between two ends starts a new wave.
        let mut groups: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut last_end = f64::NEG_INFINITY;
        for s in mine {
            if s.1 - last_end > shortest / 2.0 || groups.is_empty() {
                groups.push(Vec::new());
            }
            last_end = s.1;
            if let Some(g) = groups.last_mut() {
                g.push(s);
            }
        }
        if groups.len() < 2 {
            return None;
        }
        // Each later wave waited: one of its attempts was in flight well
        // before the wave ahead of it ended.
        let waited = groups.windows(2).all(|w| {
            let [ahead, next] = w else { return false };
            let ahead_end = ahead.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
            next.iter().any(|s| s.0 < ahead_end - shortest / 2.0)
        });
        if !waited {
            return None;
        }
        per_host = per_host.max(groups.iter().map(Vec::len).max().unwrap_or(0));
        if let Some(g) = groups.first() {
            first.extend(g.iter().map(|s| s.1 - s.0));
        }
    }
    if per_host == 0 || max_in_flight_per_host(records, hosts) <= per_host {
        return None;
    }
    crate::sort::f64s(&mut first);
    let first_ms = *first.get(first.len() / 2)?;
    Some(Waves { per_host, first_ms })
}

/// What a finished run's records say of its connections.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seen {
    /// The browser's connection pool, from HTTP/1.1 or the waves; `None` when unknown or simulated.
    pub pool: Option<Pool>,
    /// The most attempts in flight to one host name at once.
    pub in_flight_per_host: usize,
    /// The first wave's median span, when the pool was inferred from waves.
    pub first_wave_ms: Option<f64>,
}

impl RunResult {
    fn seen(&self) -> &Seen {
        self.pool.get_or_init(|| {
            let hosts = self.settings.host_names();
            let records = &self.report.records;
            let (pool, first_wave_ms) = if self.settings.is_sim() {
                (None, None)
            } else {
                match self.protocol() {
                    Some("http/1.1") => (
                        Some(Pool {
                            per_host: HTTP1_CAP,
                            hosts,
                            basis: Basis::Protocol,
                        }),
                        None,
                    ),
                    // HTTP/2: no 6 per host; the server's stream limit when it bound.
                    Some(p) if is_http2(p) => {
                        let waves = waves(records, hosts);
                        let pool = |per_host, basis| Pool {
                            per_host,
                            hosts,
                            basis,
                        };
                        match (self.announced_streams, waves) {
                            (Some(s), w) => {
                                (Some(pool(s, Basis::Http2Announced)), w.map(|w| w.first_ms))
                            }
                            (None, Some(w)) => {
                                (Some(pool(w.per_host, Basis::Http2Waves)), Some(w.first_ms))
                            }
                            (None, None) => (None, None),
                        }
                    }
                    // Hidden phases hide the protocol too: the waves tell.
                    None if self.phases_hidden() => match waves(records, hosts) {
                        Some(w) => (
                            Some(Pool {
                                per_host: w.per_host,
                                hosts,
                                basis: Basis::Inferred,
                            }),
                            Some(w.first_ms),
                        ),
                        None => (None, None),
                    },
                    _ => (None, None),
                }
            };
            Seen {
                pool,
                in_flight_per_host: if pool.is_some() {
                    max_in_flight_per_host(records, hosts)
                } else {
                    0
                },
                first_wave_ms,
            }
        })
    }

    /// The pool the browser (or, when inferred, something on the way) let
    /// this run through; `None` when nothing is known to cap it: the simulated
    /// server, HTTP/2 with no announced limit and no waves, or no waves in the records.
    pub fn connections(&self) -> Option<Pool> {
        self.seen().pool
    }

    /// The most attempts that were in flight at once to one host name.
    pub fn in_flight_per_host(&self) -> usize {
        max_in_flight_per_host(&self.report.records, self.settings.host_names())
    }

    /// The pool, when it bound: more were in flight to one host name than it lets through.
    pub fn binding_pool(&self) -> Option<Pool> {
        let seen = self.seen();
        seen.pool.filter(|p| seen.in_flight_per_host > p.per_host)
    }
}

/// A replay's server behind a pool: each host name answers at most
/// `per_host` attempts at once, first come first served, as Chromium's
/// socket pool does. A slot is booked when the attempt starts, so an attempt
/// cut short by a timeout still holds it for its scripted time.
struct Pooled<S> {
    clock: VirtualClock,
    script: S,
    pool: Option<Pool>,
    /// Per host name: when each connection is next free.
    free: RefCell<Vec<Vec<f64>>>,
}

impl<S: Fn(usize, u32) -> (f64, Outcome)> Requester for Pooled<S> {
    type Fut = Answer;

    fn url(&self, _index: usize) -> String {
        String::new()
    }

    fn start(&self, index: usize, attempt: u32) -> Answer {
        let now = self.clock.now_ms();
        let (ms, outcome) = (self.script)(index, attempt);
        let ms = ms.max(0.0);
        let mut begin = now;
        if let Some(pool) = self.pool {
            let mut free = self.free.borrow_mut();
            if let Some(slots) = free.get_mut(host_of(index, pool.hosts)) {
                if slots.len() < pool.per_host.max(1) {
                    slots.push(now + ms);
                } else if let Some(slot) = slots.iter_mut().min_by(|a, b| a.total_cmp(b)) {
                    begin = slot.max(now);
                    *slot = begin + ms;
                }
            }
        }
        Answer {
            latency: self.clock.sleep_ms(begin + ms - now),
            outcome: Some(outcome),
        }
    }
}

/// One pooled attempt: its outcome, once its wait and latency have passed.
pub struct Answer {
    latency: Sleep,
    outcome: Option<Outcome>,
}

impl Future for Answer {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let this = self.get_mut();
        match Pin::new(&mut this.latency).poll(cx) {
            Poll::Ready(()) => Poll::Ready(this.outcome.take().unwrap_or(Outcome::Cancelled)),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Replays `strategy` with `opts` against `script` behind `pool` (none: every
/// attempt answered at once), to be stepped in chunks; its `wall_ms` is the ideal.
pub fn replay<S>(
    strategy: Strategy,
    opts: &RunOptions,
    script: S,
    pool: Option<Pool>,
) -> Stepper<impl Future<Output = RunReport>>
where
    S: Fn(usize, u32) -> (f64, Outcome),
{
    let clock = VirtualClock::new();
    let hosts = pool.map_or(0, |p| p.hosts.max(1));
    let requester = Pooled {
        clock: clock.clone(),
        script,
        pool,
        free: RefCell::new(vec![Vec::new(); hosts]),
    };
    let opts = opts.clone();
    let run_clock = clock.clone();
    Stepper::new(clock, async move {
        let never = CancelToken::new();
        engine::run(strategy, &opts, &requester, &run_clock, &never, |_| {}).await
    })
}

/// `replay` run to the end at once: for tests and small batches.
pub fn replay_blocking<S>(
    strategy: Strategy,
    opts: &RunOptions,
    script: S,
    pool: Option<Pool>,
) -> Result<RunReport, Stalled>
where
    S: Fn(usize, u32) -> (f64, Outcome),
{
    let mut stepper = replay(strategy, opts, script, pool);
    loop {
        if let Some(done) = stepper.step(|| true) {
            return done;
        }
    }
}

impl RunResult {
    /// The cap for the verdict, when it bound, with the server's time for
    /// its arithmetic: measured, else the baseline's median attempt, else
    /// the first wave's.
    pub fn cap_facts(&self, runs: &[std::sync::Arc<RunResult>]) -> Option<crate::verdict::Cap> {
        let pool = self.binding_pool()?;
        let baseline_ms = || {
            let base = self.baseline(runs).into_iter().next_back()?;
            let mut spans: Vec<f64> = spans(&base.report.records, 1).map(|s| s.2 - s.1).collect();
            crate::sort::f64s(&mut spans);
            spans.get(spans.len() / 2).copied()
        };
        let server_ms = self
            .measured_server_ms()
            .or_else(baseline_ms)
            .or(self.seen().first_wave_ms);
        Some(crate::verdict::Cap {
            per_host: pool.per_host,
            hosts: pool.hosts,
            in_flight: self.seen().in_flight_per_host,
            inferred: pool.basis == Basis::Inferred,
            http2: match pool.basis {
                Basis::Http2Announced => Some(crate::verdict::Streams::Announced),
                Basis::Http2Waves => Some(crate::verdict::Streams::Waves),
                _ => None,
            },
            server_ms,
        })
    }
}

impl RunResult {
    /// For a run measured over HTTP/2 whose stream limit did not bind: it has
    /// no 6-per-host cap, and this many were in flight at once to one host.
    pub fn http2_note(&self) -> Option<crate::verdict::Http2> {
        let protocol = self.protocol().filter(|p| is_http2(p))?;
        Some(crate::verdict::Http2 {
            protocol: protocol.to_string(),
            in_flight: self.in_flight_per_host(),
            announced: self.announced_streams,
        })
    }
}
