//! The plain-sentence verdict under the charts. Pure: built from numbers only.
#![deny(missing_docs)]
mod parts;

use crate::engine::Counts;
use crate::stats::format_ms;
use parts::{cap_sentence, cpu_sentence, http2_sentence};

/// What the sentence is made of: numbers computed in `stats` and `report`, never here.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    /// "join_all_limited (k=10)".
    pub title: String,
    /// N, how many requests the run had.
    pub n: usize,
    /// The run's wall time, first start to last outcome, in ms.
    pub wall_ms: f64,
    /// Final outcomes by class.
    pub counts: Counts,
    /// Whether the user pressed Cancel.
    pub cancelled_by_user: bool,
    /// The run is a sequential one: the baseline itself, with no speedup.
    pub baseline: bool,
    /// The sequential run's wall time with the same settings, and this run's speedup over it.
    pub speedup: Option<(f64, f64)>,
    /// The speedup the replayed ideal allows: sequential's ideal ÷ this one's.
    pub ideal_speedup: Option<f64>,
    /// This run's ideal wall time, and its share of the ideal: ideal ÷ measured.
    pub efficiency: Option<(f64, f64)>,
    /// Set when more attempts were in flight to one host name than its connections allow.
    pub cap: Option<Cap>,
    /// Why the speedup needs care: failures in this run or its baseline.
    pub speedup_caveat: Option<String>,
    /// How much the A B B A order moved each side, when Compare ran that way.
    pub order: Option<String>,
    /// What the ideal was replayed with: "these draws", or a measured run.
    pub ideal_basis: Option<String>,
    /// Why there is no ideal: a real server's times unknown, or a cancelled run.
    pub no_ideal: Option<&'static str>,
    /// Little's law: who set the pace, from the run's own numbers.
    pub bottleneck: Option<String>,
    /// Set when the run was measured over HTTP/2.
    pub http2: Option<Http2>,
    /// CPU work per response on the page's one thread, when the run had any.
    pub cpu: Option<Cpu>,
    /// HTTPS to this machine failed as network errors: how to accept its certificate.
    pub certificate: Option<String>,
}

/// The handlers' CPU work: `per_ms` of hashing for each of `responses`, one
/// after another on the page's one thread (so it cannot overlap), or in a
/// pool of `workers` Web Workers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cpu {
    /// CPU work per response, ms (the burn runs at least this long).
    pub per_ms: u32,
    /// Responses whose handler ran.
    pub responses: usize,
    /// In CPU mode workers: the most handlers that ran at once (the pool's
    /// share of the cores); `None` on the page's thread.
    pub workers: Option<usize>,
}

impl Cpu {
    /// All the handlers' CPU time: on one thread, the wall is at least this.
    pub fn total_ms(&self) -> f64 {
        f64::from(self.per_ms) * self.responses as f64
    }

    /// The least wall the CPU work allows: all of it on one thread, or
    /// shared out over the workers (N × cpu ÷ workers).
    pub fn floor_ms(&self) -> f64 {
        self.total_ms() / self.workers.unwrap_or(1).max(1) as f64
    }
}

/// CPU work at least this share of the wall set it: it names the bottleneck.
pub const CPU_BOUND_SHARE: f64 = 0.5;

/// A run over HTTP/2: one connection per host name carries many streams.
#[derive(Clone, Debug, PartialEq)]
pub struct Http2 {
    /// The measured `nextHopProtocol`: `h2` (or `h3`).
    pub protocol: String,
    /// The most in flight to one host name at once.
    pub in_flight: usize,
    /// The stream limit the server announced, if it did.
    pub announced: Option<usize>,
}

/// Where an HTTP/2 stream limit was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Streams {
    /// The server announced it before the run (SETTINGS_MAX_CONCURRENT_STREAMS, in `/hello`).
    Announced,
    /// The completion waves show it.
    Waves,
}

/// A connection cap that bound: at most `per_host` answered at once per host
/// name while up to `in_flight` were in flight to one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cap {
    /// At most this many answered at once per host name.
    pub per_host: usize,
    /// How many host names the run used.
    pub hosts: usize,
    /// The most in flight to one host name at once.
    pub in_flight: usize,
    /// Read from the completion waves (the server hid its phases), not from a measured protocol.
    pub inferred: bool,
    /// Measured HTTP/2: `per_host` is the server's stream limit per connection, not connections.
    pub http2: Option<Streams>,
    /// The server's time per answer, for the waves' arithmetic.
    pub server_ms: Option<f64>,
}

/// "Éclair": the first letter upper-cased, whatever its byte length. ASCII
/// and Latin-1 only: `char::to_uppercase` would link core's Unicode case
/// tables into the wasm for sentences that are all written here.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(upper(first)).chain(chars).collect(),
        None => String::new(),
    }
}

fn upper(c: char) -> char {
    match c {
        // Latin-1's lower-case letters sit 32 above their capitals; ÷ and ÿ do not.
        'à'..='þ' if c != '÷' => char::from_u32(u32::from(c) - 32).unwrap_or(c),
        _ => c.to_ascii_uppercase(),
    }
}

/// "it ran at 80% of its ideal (480 ms ÷ 600 ms)": the one overhead figure,
/// the share of the ideal, said the same way everywhere. The replayed ideal
/// has no CPU work in it, so with some the rest is named as CPU first.
fn share(ideal_ms: f64, wall_ms: f64, efficiency: f64, cpu: Option<&Cpu>) -> String {
    if efficiency >= 0.995 {
        format!(
            "it reached it ({} ÷ {})",
            format_ms(ideal_ms),
            format_ms(wall_ms)
        )
    } else {
        format!(
            "it ran at {:.0}% of its ideal ({} ÷ {}); the rest was {}",
            efficiency * 100.0,
            format_ms(ideal_ms),
            format_ms(wall_ms),
            if cpu.is_some() {
                "the handlers' CPU work and overhead (browser and page)"
            } else {
                "overhead (browser and page)"
            }
        )
    }
}

/// The verdict's first, plain sentence, before the reasoning: "join_all was
/// 17.9× faster than the loop; the best possible here was 20×."
pub fn plain(f: &Facts) -> String {
    if f.cancelled_by_user {
        return format!(
            "{} was cancelled after {}: {} of {} requests had finished.",
            f.title,
            format_ms(f.wall_ms),
            f.counts.ok + f.counts.failed,
            f.n
        );
    }
    match (f.speedup, f.ideal_speedup) {
        (Some((_, x)), Some(ideal)) => format!(
            "{} was {x:.1}× faster than the loop; the best possible here was {ideal:.1}×.",
            f.title
        ),
        (Some((_, x)), None) => format!("{} was {x:.1}× faster than the loop.", f.title),
        _ if f.baseline => format!(
            "The loop, one request at a time, took {}: the other strategies are measured against it.",
            format_ms(f.wall_ms)
        ),
        // A lesson's runs without a loop (k = 1, 5, 20; lazy halves; a
        // sweep) still have their best possible: say that, not "press Compare".
        _ => match f.efficiency {
            Some((ideal_ms, _)) => format!(
                "{} took {}; the best possible here was {}.",
                f.title,
                format_ms(f.wall_ms),
                format_ms(ideal_ms)
            ),
            None => format!(
                "{} took {}; press Compare to race it against the loop.",
                f.title,
                format_ms(f.wall_ms)
            ),
        },
    }
}

/// For example: "worker_pool (k=4) finished 24 requests in 600 ms, 3.4× faster
/// than sequential (2.04 s); the ideal for these draws is 4.0× (480 ms), and
/// it ran at 80% of its ideal (480 ms ÷ 600 ms); the rest was overhead (browser and page)."
pub fn sentence(f: &Facts) -> String {
    let mut out = if f.cancelled_by_user {
        format!(
            "{} was cancelled after {}: {} of {} requests had finished, {} were cancelled.",
            f.title,
            format_ms(f.wall_ms),
            f.counts.ok + f.counts.failed,
            f.n,
            f.counts.cancelled
        )
    } else {
        format!(
            "{} finished {} requests in {}",
            f.title,
            f.n,
            format_ms(f.wall_ms)
        )
    };
    let basis = f.ideal_basis.as_deref().unwrap_or("these settings");
    if !f.cancelled_by_user {
        match (f.speedup, f.ideal_speedup, f.efficiency) {
            (Some((base, x)), Some(ideal_x), Some((ideal, e))) => {
                out += &format!(
                    ", {x:.1}× faster than sequential ({}); the ideal for {basis} is {ideal_x:.1}× ({}), and {}.",
                    format_ms(base),
                    format_ms(ideal),
                    share(ideal, f.wall_ms, e, f.cpu.as_ref())
                );
            }
            (Some((base, x)), _, _) => {
                out += &format!(", {x:.1}× faster than sequential ({}).", format_ms(base));
            }
            (None, _, Some((ideal, e))) => {
                out += &format!(
                    "; replayed with zero overhead, the ideal for {basis} is {}, and {}.",
                    format_ms(ideal),
                    share(ideal, f.wall_ms, e, f.cpu.as_ref())
                );
                out += if f.baseline {
                    " It is the baseline: the other strategies' speedups are measured against it."
                } else {
                    " Press Compare to measure the speedup."
                };
            }
            _ => out += ".",
        }
    }
    if let Some(why) = f.no_ideal {
        out += &format!(" {}.", capitalise(why));
    }
    match (&f.cap, &f.http2) {
        (Some(cap), _) => out += &cap_sentence(cap, f.n, f.wall_ms),
        (None, Some(h2)) => out += &http2_sentence(h2),
        (None, None) => {}
    }
    // CPU work that set the wall is the bottleneck: Little's law over the
    // fetches would blame waiting in the browser for what was the handlers.
    let cpu_bound = f
        .cpu
        .filter(|c| !f.cancelled_by_user && c.floor_ms() >= CPU_BOUND_SHARE * f.wall_ms);
    if let Some(cpu) = f.cpu.filter(|_| !f.cancelled_by_user) {
        out += &format!(" {}", cpu_sentence(&cpu, f.wall_ms));
    }
    if let Some(law) = f.bottleneck.as_ref().filter(|_| cpu_bound.is_none()) {
        out += &format!(" {law}");
    }
    if let Some(order) = &f.order {
        out += &format!(" {order}");
    }
    if let Some(caveat) = &f.speedup_caveat {
        out += &format!(" Note: {caveat}.");
    }
    if f.counts.failed > 0 {
        out += &format!(
            " {} of {} requests failed (HTTP error, network error or timeout).",
            f.counts.failed, f.n
        );
    }
    if let Some(hint) = &f.certificate {
        out += &format!(" {hint}.");
    }
    out
}

#[cfg(test)]
mod tests;
