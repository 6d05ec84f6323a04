//! The plain-sentence verdict under the charts. Pure: built from numbers only.
#![deny(missing_docs)]
use crate::engine::Counts;
use crate::stats::format_ms;

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
/// after another on the page's one thread, so it cannot overlap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cpu {
    /// CPU work per response, ms (the burn runs at least this long).
    pub per_ms: u32,
    /// Responses whose handler ran.
    pub responses: usize,
}

impl Cpu {
    /// All the handlers' CPU time: it runs serially, so the wall is at least this.
    pub fn total_ms(&self) -> f64 {
        f64::from(self.per_ms) * self.responses as f64
    }
}

/// CPU work at least this share of the wall set it: it names the bottleneck.
pub const CPU_BOUND_SHARE: f64 = 0.5;

/// "CPU work set the wall: 20 responses × 50 ms …", measured against the wall.
fn cpu_sentence(cpu: &Cpu, wall_ms: f64) -> String {
    let total = cpu.total_ms();
    let share = if wall_ms > 0.0 {
        total / wall_ms * 100.0
    } else {
        0.0
    };
    if total >= CPU_BOUND_SHARE * wall_ms {
        format!(
            "CPU work set the wall: {} responses × {} ms of handler CPU each = {} on the page's one thread, {share:.0}% of the {} wall. Handlers cannot overlap, so no k brings the wall below {}; the network waits overlapped, the CPU did not.",
            cpu.responses,
            cpu.per_ms,
            format_ms(total),
            format_ms(wall_ms),
            format_ms(total),
        )
    } else {
        format!(
            "Handler CPU: {} responses × {} ms = {}, {share:.0}% of the {} wall, one after another on the page's one thread.",
            cpu.responses,
            cpu.per_ms,
            format_ms(total),
            format_ms(wall_ms),
        )
    }
}

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
        _ => format!(
            "{} took {}; press Compare to race it against the loop.",
            f.title,
            format_ms(f.wall_ms)
        ),
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
        .filter(|c| !f.cancelled_by_user && c.total_ms() >= CPU_BOUND_SHARE * f.wall_ms);
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

/// The cap, with the arithmetic: ⌈N ÷ cap⌉ waves × the server's time ≈ the wall.
fn cap_sentence(cap: &Cap, n: usize, wall_ms: f64) -> String {
    let (c, hosts) = (cap.per_host, cap.hosts.max(1));
    let total = c.saturating_mul(hosts).max(1);
    let waves = n.div_ceil(total);
    let arithmetic = cap
        .server_ms
        .map(|s| {
            format!(
                " ⌈{n} ÷ {total}⌉ = {waves} waves × {} ≈ {}, against a wall of {}.",
                format_ms(s),
                format_ms(waves as f64 * s),
                format_ms(wall_ms)
            )
        })
        .unwrap_or_default();
    let names = if hosts > 1 {
        format!(" name, {total} over these {hosts} names")
    } else {
        String::new()
    };
    if let Some(streams) = cap.http2 {
        let from = match streams {
            Streams::Announced => "as the server announced (SETTINGS_MAX_CONCURRENT_STREAMS)",
            Streams::Waves => "inferred from this run's completion waves",
        };
        let names = if hosts > 1 {
            format!(" (one per host name, {total} streams over these {hosts} names)")
        } else {
            String::new()
        };
        return format!(
            " Over HTTP/2 the browser's 6-per-host cap does not apply: one connection carries every request, but this server lets at most {c} streams run at once per connection{names}, {from}, and up to {} were in flight to one host, so the rest waited inside the browser for a free stream.{arithmetic}",
            cap.in_flight
        );
    }
    if cap.inferred {
        let who = if c == crate::report::HTTP1_CAP {
            "as Chromium's 6 HTTP/1.1 connections per host allow".to_string()
        } else {
            format!("only {c} were answered at a time, by the browser's connections or the server's workers")
        };
        format!(
            " Completions came in waves of {c} per host{names} (inferred from this run's records: the server hid its phases, so its protocol is unknown), though up to {} were in flight to one: {who}.{arithmetic} The ideal models the same {c} at a time.",
            cap.in_flight
        )
    } else {
        format!(
            " Chromium opens at most {c} HTTP/1.1 connections per host{names}, and up to {} were in flight to one, so the rest waited inside the browser.{arithmetic}",
            cap.in_flight
        )
    }
}

/// HTTP/2 whose stream limit did not bind: no 6-per-host cap, all at once.
fn http2_sentence(h2: &Http2) -> String {
    let limit = match h2.announced {
        Some(s) => format!(", within the server's limit of {s} streams"),
        None => String::new(),
    };
    format!(
        " Measured over HTTP/2 ({}): one connection per host name carried up to {} requests at once{limit}, with no 6-per-host cap.",
        h2.protocol, h2.in_flight
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            title: "join_all_limited (k=10)".into(),
            n: 100,
            wall_ms: 2100.0,
            counts: Counts {
                ok: 100,
                failed: 0,
                cancelled: 0,
            },
            cancelled_by_user: false,
            baseline: false,
            speedup: Some((19_950.0, 19_950.0 / 2100.0)),
            ideal_speedup: Some(10.0),
            efficiency: Some((2000.0, 2000.0 / 2100.0)),
            cap: None,
            speedup_caveat: None,
            order: None,
            ideal_basis: Some("these draws".into()),
            no_ideal: None,
            bottleneck: None,
            http2: None,
            certificate: None,
            cpu: None,
        }
    }

    #[test]
    fn the_first_sentence_is_plain() {
        assert_eq!(
            plain(&facts()),
            "join_all_limited (k=10) was 9.5× faster than the loop; the best possible here was 10.0×."
        );
        let seq = Facts {
            title: "sequential".into(),
            baseline: true,
            speedup: None,
            ..facts()
        };
        assert!(plain(&seq).starts_with("The loop, one request at a time, took 2.10 s"));
    }

    #[test]
    fn cpu_work_that_set_the_wall_is_named_as_the_bottleneck() {
        // The CPU lesson: 20 × 50 ms of hashing, a 1,277 ms wall.
        let f = Facts {
            n: 20,
            wall_ms: 1277.0,
            efficiency: Some((354.0, 354.0 / 1277.0)),
            bottleneck: Some("Little's law (L = λ·W): beyond k ≈ 3 a higher limit only adds waiting, in the browser".into()),
            cpu: Some(Cpu { per_ms: 50, responses: 20 }),
            ..facts()
        };
        let s = sentence(&f);
        assert!(s.contains("CPU work set the wall: 20 responses × 50 ms of handler CPU each = 1.00 s on the page's one thread, 78% of the 1.28 s wall"), "{s}");
        assert!(
            s.contains("the rest was the handlers' CPU work and overhead"),
            "{s}"
        );
        assert!(!s.contains("only adds waiting"), "{s}");
        // A little CPU beside a long wall: said, but Little's law keeps the bottleneck.
        let light = Facts {
            cpu: Some(Cpu {
                per_ms: 1,
                responses: 20,
            }),
            ..f
        };
        let s = sentence(&light);
        assert!(
            s.contains("Handler CPU: 20 responses × 1 ms = 20 ms, 2% of the 1.28 s wall"),
            "{s}"
        );
        assert!(s.contains("only adds waiting"), "{s}");
    }

    #[test]
    fn names_speedup_ideal_and_the_share_of_the_ideal() {
        assert_eq!(
            sentence(&facts()),
            "join_all_limited (k=10) finished 100 requests in 2.10 s, 9.5× faster than sequential (19.9 s); \
             the ideal for these draws is 10.0× (2.00 s), and it ran at 95% of its ideal (2.00 s ÷ 2.10 s); \
             the rest was overhead (browser and page)."
        );
    }

    #[test]
    fn one_overhead_figure_the_share_of_the_ideal_beside_the_speedups() {
        // The numbers: 3.4× of an ideal 4.0×, 480 ms ideal, 600 ms wall.
        let f = Facts {
            wall_ms: 600.0,
            speedup: Some((2040.0, 3.4)),
            ideal_speedup: Some(4.0),
            efficiency: Some((480.0, 0.8)),
            ..facts()
        };
        let s = sentence(&f);
        assert!(
            s.contains("it ran at 80% of its ideal (480 ms ÷ 600 ms)"),
            "{s}"
        );
        assert!(!s.contains("15%"), "a second overhead figure: {s}");
        assert_eq!(s.matches('%').count(), 1, "{s}");
    }

    #[test]
    fn without_a_baseline_it_gives_the_share_of_the_ideal() {
        let f = Facts {
            speedup: None,
            ..facts()
        };
        let s = sentence(&f);
        assert!(s.contains("95% of its ideal"), "{s}");
        assert!(s.contains("Press Compare"), "{s}");
        let seq = Facts {
            baseline: true,
            ..f
        };
        let s = sentence(&seq);
        assert!(s.contains("It is the baseline"), "{s}");
        assert!(!s.contains("Press Compare") && !s.contains('×'), "{s}");
    }

    #[test]
    fn failures_and_cancel_are_explained() {
        let f = Facts {
            counts: Counts {
                ok: 40,
                failed: 10,
                cancelled: 50,
            },
            cancelled_by_user: true,
            ..facts()
        };
        let s = sentence(&f);
        assert!(
            s.starts_with("join_all_limited (k=10) was cancelled after 2.10 s: 50 of 100"),
            "{s}"
        );
        assert!(s.contains("10 of 100 requests failed"), "{s}");
    }

    #[test]
    fn a_measured_cap_names_six_per_host_with_the_waves_arithmetic() {
        let cap = Cap {
            per_host: 6,
            hosts: 1,
            in_flight: 20,
            inferred: false,
            http2: None,
            server_ms: Some(200.0),
        };
        let f = Facts {
            n: 60,
            cap: Some(cap),
            ..facts()
        };
        let s = sentence(&f);
        assert!(
            s.contains(
                "at most 6 HTTP/1.1 connections per host, and up to 20 were in flight to one"
            ),
            "{s}"
        );
        assert!(
            s.contains("⌈60 ÷ 6⌉ = 10 waves × 200 ms ≈ 2.00 s, against a wall of 2.10 s."),
            "{s}"
        );
        let sharded = Facts {
            n: 60,
            cap: Some(Cap {
                hosts: 2,
                in_flight: 10,
                ..cap
            }),
            ..facts()
        };
        let s = sentence(&sharded);
        assert!(s.contains("per host name, 12 over these 2 names"), "{s}");
        assert!(s.contains("⌈60 ÷ 12⌉ = 5 waves"), "{s}");
    }

    #[test]
    fn an_inferred_cap_says_it_was_inferred_and_who_may_have_set_it() {
        let cap = Cap {
            per_host: 6,
            hosts: 1,
            in_flight: 20,
            inferred: true,
            http2: None,
            server_ms: Some(200.0),
        };
        let s = sentence(&Facts {
            n: 60,
            cap: Some(cap),
            ..facts()
        });
        assert!(
            s.contains("waves of 6 per host (inferred from this run's records"),
            "{s}"
        );
        assert!(
            s.contains("as Chromium's 6 HTTP/1.1 connections per host allow"),
            "{s}"
        );
        let four = Cap { per_host: 4, ..cap };
        let s = sentence(&Facts {
            n: 60,
            cap: Some(four),
            ..facts()
        });
        assert!(s.contains("only 4 were answered at a time, by the browser's connections or the server's workers"), "{s}");
        assert!(s.contains("⌈60 ÷ 4⌉ = 15 waves"), "{s}");
    }

    #[test]
    fn a_reason_with_a_multi_byte_first_letter_is_capitalised() {
        assert_eq!(capitalise("éclair"), "Éclair");
        assert_eq!(capitalise("þorn ÷"), "Þorn ÷");
        assert_eq!(capitalise("÷ 2"), "÷ 2");
        assert_eq!(capitalise("ÿ"), "ÿ");
        assert_eq!(capitalise("wait"), "Wait");
        assert_eq!(capitalise(""), "");
        let f = Facts {
            no_ideal: Some("ëin Grund"),
            ..facts()
        };
        assert!(sentence(&f).ends_with(" Ëin Grund."), "{}", sentence(&f));
    }

    #[test]
    fn the_bottleneck_follows_the_speedup() {
        let f = Facts {
            bottleneck: Some("Little's law (L = λ·W): x.".into()),
            ..facts()
        };
        assert!(sentence(&f).contains("(browser and page). Little's law (L = λ·W): x."));
    }

    #[test]
    fn a_real_target_has_no_ideal() {
        let f = Facts {
            ideal_speedup: None,
            efficiency: None,
            ..facts()
        };
        assert!(sentence(&f).ends_with("9.5× faster than sequential (19.9 s)."));
    }
}
