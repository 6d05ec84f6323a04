//! The HTTP/2 lesson, on the project's own latency server (`cargo xtask
//! serve`): join_all of 24 × 500 ms over HTTP/1.1, then over HTTP/2, on one
//! time scale; then a sweep of k over HTTP/2 against a server announcing 10
//! streams, whose knee lands at that limit. Its targets are the listeners'
//! fixed ports (the first port, 18700, + 0, 2 and 3).
#![deny(missing_docs)]
use super::check::{Check, Measured};
use crate::config::{Field, RawSettings};
use crate::engine::Strategy;
use crate::report::sweep::knee;
use crate::stats::format_ms;

/// The join_all runs' size and delay: 4 waves of 6 over HTTP/1.1, one over HTTP/2.
pub const N: usize = 24;
/// Each answer's time in the join_all runs.
pub const DELAY_MS: u32 = 500;
/// Plain HTTP/1.1: Chromium's 6 connections to one host name.
pub const HTTP1_TARGET: &str = "http://localhost:18700/delay/500?i={i}";
/// HTTPS with ALPN h2 and no stream limit of its own (unless `--max-streams`).
pub const HTTP2_TARGET: &str = "https://localhost:18702/delay/500?i={i}";
/// The listener that always announces [`crate::latency::LESSON_STREAMS`] streams.
pub const SWEEP_TARGET: &str = "https://localhost:18703/delay/1000?i={i}";
/// The sweep's size: 3 waves of 1 s at k = 10, 4 at k = 8. At k = 10 each
/// wave loses the time the page takes to send the next request once a stream
/// frees, which a k above the limit does not (its requests already wait in
/// the browser): tens of ms, a few per cent of a 200 ms or 500 ms wave,
/// enough to move the knee past 10, but not of a 1 s one.
pub const SWEEP_N: usize = 30;
/// The sweep's k: below, at and above the stream limit.
pub const SWEEP_KS: &[usize] = &[5, 8, 10, 12, 20, 50];

fn form(target: &str, n: usize, k: usize, strategy: Strategy) -> RawSettings {
    let mut raw = RawSettings::default();
    raw.set(Field::Target, target);
    raw.set(Field::Requests, n.to_string());
    raw.set(Field::Concurrency, k.to_string());
    raw.set(Field::Strategy, strategy.id());
    raw.set(Field::Timeout, "0");
    raw
}

/// What choosing the lesson puts in the form: the HTTP/1.1 half.
pub fn settings() -> RawSettings {
    form(HTTP1_TARGET, N, 10, Strategy::JoinAll)
}

/// The two join_all runs, HTTP/1.1 then HTTP/2, same settings but the target.
pub fn runs() -> Vec<RawSettings> {
    vec![settings(), form(HTTP2_TARGET, N, 10, Strategy::JoinAll)]
}

/// The sweep's settings (its k is each of [`SWEEP_KS`] in turn).
pub fn sweep() -> RawSettings {
    form(SWEEP_TARGET, SWEEP_N, 10, Strategy::JoinAllLimited)
}

/// How many waves of `delay_ms` a wall holds.
fn waves(wall_ms: f64, delay_ms: u32) -> f64 {
    (wall_ms / f64::from(delay_ms.max(1))).round().max(1.0)
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

/// After the press: the two join_all runs' waves, and the sweep's knee
/// against the stream limit; `None` until the HTTP/1.1 and HTTP/2 runs exist.
pub fn check(runs: &[Measured]) -> Option<Check> {
    let joined = |protocol: &str| {
        runs.iter().rev().find(|r| {
            r.strategy == Strategy::JoinAll
                && r.completed
                && r.n == N
                && r.protocol.as_deref() == Some(protocol)
        })
    };
    let (h1, h2) = (joined("http/1.1")?, joined("h2")?);
    let (w1, w2) = (waves(h1.wall_ms, DELAY_MS), waves(h2.wall_ms, DELAY_MS));
    let h1_ok = h1.wall_ms >= 3.5 * f64::from(DELAY_MS);
    let h2_ok = h2.wall_ms < 2.0 * f64::from(DELAY_MS);
    let mut evidence = vec![
        format!(
            "{} HTTP/1.1: {} ≈ {w1:.0} waves of {DELAY_MS} ms (predicted 4: ⌈24 ÷ 6⌉)",
            mark(h1_ok),
            format_ms(h1.wall_ms)
        ),
        format!(
            "{} HTTP/2: {} ≈ {w2:.0} wave (predicted 1)",
            mark(h2_ok),
            format_ms(h2.wall_ms)
        ),
    ];
    let limit = crate::latency::LESSON_STREAMS as usize;
    // The latest sweep over HTTP/2: its points are one batch of join_all_limited.
    let swept = runs
        .iter()
        .rev()
        .find(|r| r.strategy == Strategy::JoinAllLimited && r.protocol.as_deref() == Some("h2"))
        .map(|last| {
            runs.iter()
                .filter(|r| r.batch == last.batch && r.strategy == Strategy::JoinAllLimited)
                .map(Measured::sweep_point)
                .collect::<Vec<_>>()
        });
    let knee = swept.as_deref().and_then(knee);
    let knee_ok = knee.is_some_and(|k| k.k == limit);
    if let Some(k) = knee {
        evidence.push(format!(
            "{} the sweep's knee: k = {} ({:.0}/s; best {:.0}/s at k = {}), against the server's {limit} streams",
            mark(knee_ok),
            k.k,
            k.per_s,
            k.best_per_s,
            k.best_k
        ));
    }
    let sweep_sentence = match knee {
        Some(k) if knee_ok => format!(
            "; the sweep's throughput stops rising at k = {}: past the server's {limit} streams a higher k only queues in the browser",
            k.k
        ),
        Some(k) => format!(
            "; the sweep's knee is at k = {}, not at the server's {limit} streams (a busy machine blurs it: run the sweep again)",
            k.k
        ),
        None => String::new(),
    };
    Some(Check {
        shown: h1_ok && h2_ok && (knee.is_none() || knee_ok),
        evidence: evidence.join("; "),
        sentence: format!(
            "Over HTTP/1.1 the browser sent 6 at a time and the batch took {}; over HTTP/2 one connection carried all {N} at once and it took {}, {:.1}× less{sweep_sentence}.",
            format_ms(h1.wall_ms),
            format_ms(h2.wall_ms),
            h1.wall_ms / h2.wall_ms.max(1.0),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        protocol: &str,
        strategy: Strategy,
        n: usize,
        k: usize,
        wall_ms: f64,
        batch: usize,
    ) -> Measured {
        Measured {
            language: crate::lang::Language::Rust,
            cpu_workers: false,
            strategy,
            n,
            k,
            delay_ms: 0,
            cpu_ms: 0,
            wall_ms,
            ok: n,
            workload: String::new(),
            completed: true,
            batch,
            protocol: Some(protocol.into()),
            polls: None,
            ideal: None,
            tasks: None,
        }
    }

    #[test]
    fn its_runs_and_sweep_are_valid_loopback_settings() {
        let [h1, h2] = <[RawSettings; 2]>::try_from(runs()).expect("two runs");
        let (h1, h2) = (h1.validate().expect("valid"), h2.validate().expect("valid"));
        assert_eq!((h1.n, h1.strategy), (24, Strategy::JoinAll));
        assert_eq!(h1.url_for(3), "http://localhost:18700/delay/500?i=3");
        assert_eq!(h2.url_for(3), "https://localhost:18702/delay/500?i=3");
        assert_eq!(
            h1.workload_key()
                .replace("18700", "")
                .replace("http://", ""),
            h2.workload_key()
                .replace("18702", "")
                .replace("https://", "")
        );
        let sweep = sweep().validate().expect("valid");
        assert_eq!(
            (sweep.n, sweep.strategy),
            (SWEEP_N, Strategy::JoinAllLimited)
        );
        assert!(SWEEP_KS.contains(&(crate::latency::LESSON_STREAMS as usize)));
    }

    #[test]
    fn four_waves_against_one_and_the_knee_at_the_stream_limit() {
        let mut runs = vec![
            run("http/1.1", Strategy::JoinAll, 24, 10, 2_040.0, 1),
            run("h2", Strategy::JoinAll, 24, 10, 560.0, 1),
        ];
        let check = super::check(&runs).expect("both runs");
        assert!(check.shown, "{check:?}");
        assert!(
            check.evidence.contains("✓ HTTP/1.1: 2.04 s ≈ 4 waves"),
            "{}",
            check.evidence
        );
        assert!(
            check.evidence.contains("✓ HTTP/2: 560 ms ≈ 1 wave"),
            "{}",
            check.evidence
        );
        assert!(check.sentence.contains("3.6× less."), "{}", check.sentence);
        // The sweep: ⌈30 ÷ min(k, 10)⌉ waves of 1 s.
        for k in SWEEP_KS {
            let wall = (30usize.div_ceil((*k).min(10))) as f64 * 1000.0 + 15.0;
            runs.push(run("h2", Strategy::JoinAllLimited, 30, *k, wall, 3));
        }
        let check = super::check(&runs).expect("both runs");
        assert!(check.shown, "{check:?}");
        assert!(
            check.evidence.contains("✓ the sweep's knee: k = 10"),
            "{}",
            check.evidence
        );
        assert!(
            check.sentence.contains("stops rising at k = 10"),
            "{}",
            check.sentence
        );
        // An HTTP/2 run that waited like HTTP/1.1 (a server started with --max-streams 6) is not shown.
        let waited = [
            run("http/1.1", Strategy::JoinAll, 24, 10, 2_040.0, 1),
            run("h2", Strategy::JoinAll, 24, 10, 2_030.0, 1),
        ];
        let check = super::check(&waited).expect("both runs");
        assert!(
            !check.shown && check.evidence.contains("✗ HTTP/2: 2.03 s ≈ 4 wave"),
            "{check:?}"
        );
        assert_eq!(super::check(&waited[..1]), None, "no HTTP/2 run yet");
    }
}
