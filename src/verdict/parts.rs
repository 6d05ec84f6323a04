//! The verdict's sentences for what bound a run: the handlers' CPU work,
//! a connection cap, HTTP/2's streams.
use super::{Cap, Cpu, Http2, Streams, CPU_BOUND_SHARE};
use crate::stats::format_ms;

/// "CPU work set the wall: 20 responses × 50 ms …", measured against the wall.
pub(super) fn cpu_sentence(cpu: &Cpu, wall_ms: f64) -> String {
    let total = cpu.total_ms();
    if let Some(workers) = cpu.workers {
        return workers_sentence(cpu, workers, wall_ms);
    }
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

/// CPU mode workers: the wall against N × cpu (one thread's floor) and
/// against N × cpu ÷ workers (the pool's).
fn workers_sentence(cpu: &Cpu, workers: usize, wall_ms: f64) -> String {
    let total = cpu.total_ms();
    let floor = cpu.floor_ms();
    let of_total = if total > 0.0 { wall_ms / total } else { 0.0 };
    let of_floor = if floor > 0.0 { wall_ms / floor } else { 0.0 };
    let unit = if workers == 1 { "worker" } else { "workers" };
    format!(
        "Handler CPU in Web Workers: {} responses × {} ms = {} of CPU, up to {workers} handlers at once. The {} wall is {of_total:.2} × N × cpu ({}), and {of_floor:.2} × the floor N × cpu ÷ {workers} {unit} = {}: the handlers overlapped, as they cannot on one thread.",
        cpu.responses,
        cpu.per_ms,
        format_ms(total),
        format_ms(wall_ms),
        format_ms(total),
        format_ms(floor),
    )
}

/// The cap, with the arithmetic: ⌈N ÷ cap⌉ waves × the server's time ≈ the wall.
pub(super) fn cap_sentence(cap: &Cap, n: usize, wall_ms: f64) -> String {
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
pub(super) fn http2_sentence(h2: &Http2) -> String {
    let limit = match h2.announced {
        Some(s) => format!(", within the server's limit of {s} streams"),
        None => String::new(),
    };
    format!(
        " Measured over HTTP/2 ({}): one connection per host name carried up to {} requests at once{limit}, with no 6-per-host cap.",
        h2.protocol, h2.in_flight
    )
}
