use super::*;
use crate::config::{Field, RawSettings};
use crate::engine::replay::replay_blocking;
use crate::engine::Strategy;
use futures::FutureExt;
use std::future::{ready, Ready};

/// miniz_oxide at level 9: what the page wrote before it used the
/// browser's streams, so these tests also show old links still open.
fn deflate(bytes: Vec<u8>) -> Ready<Result<Vec<u8>, String>> {
    ready(Ok(miniz_oxide::deflate::compress_to_vec(&bytes, 9)))
}

fn inflate(bytes: Vec<u8>, limit: usize) -> Ready<Result<Vec<u8>, String>> {
    ready(
        miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, limit)
            .map_err(|e| e.to_string()),
    )
}

fn encode_now(runs: &[Arc<RunResult>], date: &str) -> Result<Link, LinkError> {
    encode(runs, date, deflate).now_or_never().expect("ready")
}

fn decode_now(fragment: &str) -> Option<Result<Vec<Imported>, OpenError>> {
    decode(fragment, inflate).now_or_never().expect("ready")
}

fn fragment(runs: &[Arc<RunResult>], date: &str, resolution_ms: f64) -> Result<String, LinkError> {
    let json = json_at(runs, date, resolution_ms)?;
    Ok(fragment_of(&miniz_oxide::deflate::compress_to_vec(
        json.as_bytes(),
        9,
    )))
}

/// A run as the page records it: replayed draws, plus the browser clock's
/// sub-millisecond noise, on a page that has been open a while.
fn run(n: usize) -> Arc<RunResult> {
    let mut raw = RawSettings::default();
    raw.set(Field::Requests, n.to_string());
    raw.set(Field::Concurrency, "10");
    raw.set(Field::Jitter, "50");
    let settings = raw.validate().expect("valid");
    let opts = settings.run_options();
    let mut report =
        replay_blocking(Strategy::JoinAllLimited, &opts, settings.sim.script(1)).expect("replays");
    let noise =
        |t: f64, i: usize| 81_234.5 + t + (crate::rng::unit(7, i, 0, 9) * 50.0).round() / 10.0;
    report.began_ms = noise(0.0, 0);
    for rec in &mut report.records {
        let i = rec.index;
        rec.url = settings.url_for(i);
        rec.queued = rec.queued.map(|t| noise(t, i));
        rec.started = rec.started.map(|t| noise(t, i + 1));
        rec.ended = rec.ended.map(|t| noise(t, i + 2));
        for a in &mut rec.attempts {
            a.started = noise(a.started, i + 1);
            a.ended = noise(a.ended, i + 2);
        }
    }
    Arc::new(RunResult::new(1, raw.to_query(), settings, report))
}

#[test]
fn a_link_reads_back_as_the_same_runs_at_its_resolution() {
    let original = run(100);
    let link = encode_now(std::slice::from_ref(&original), "2026-11-23").expect("100 requests fit");
    assert_eq!(link.resolution_ms, 0.1);
    assert!(link.fragment.len() <= BUDGET);
    let back = decode_now(&format!("#{}", link.fragment))
        .expect("a permalink")
        .expect("reads");
    let run = &back[0].run;
    assert_eq!(run.recorded_on.as_deref(), Some("2026-11-23"));
    assert_eq!(run.report.counts, original.report.counts);
    for (a, b) in run.report.records.iter().zip(&original.report.records) {
        let (Some(x), Some(y)) = (a.ended, b.ended) else {
            panic!("ended")
        };
        assert!((x - (y - original.report.began_ms)).abs() <= 0.05 + 1e-9);
    }
    assert!(decode_now("#other").is_none());
}

/// Sizes for N=100,000 too (about a minute): `cargo test --release -- --ignored --nocapture link_sizes`.
#[test]
#[ignore]
fn link_sizes_up_to_100000() {
    print_sizes(&[100, 1_000, 100_000]);
}

fn print_sizes(ns: &[usize]) {
    for &n in ns {
        let r = run(n);
        let sizes: Vec<usize> = RESOLUTIONS_MS
            .iter()
            .map(|res| {
                fragment(std::slice::from_ref(&r), "2026-11-23", *res)
                    .expect("fragment")
                    .len()
            })
            .collect();
        println!("N={n}: link bytes at 0.1 / 1 / 10 ms: {sizes:?}");
    }
}

#[test]
fn large_runs_round_their_times_then_ask_for_a_file() {
    print_sizes(&[100, 1_000]);
    // 1,000 requests do not fit 8 KB even at 10 ms.
    let big = encode_now(&[run(1_000)], "2026-11-23").unwrap_err();
    assert!(
        matches!(big, LinkError::TooBig { requests: 1_000, smallest } if smallest > BUDGET),
        "{big:?}"
    );
    let words = big.to_string();
    assert!(
        words.starts_with("1000 requests make a")
            && words.contains("rounded to 10 ms")
            && words.contains("use Export JSON"),
        "{words}"
    );
}

/// `json` packed as a link's fragment, the way `encode` packs it.
fn pack(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("#{}", fragment_of(&packed))
}

#[test]
fn a_link_over_its_size_or_its_runs_is_refused_naming_the_bound() {
    // Near-identical runs pack tightly: 250 of 10 requests fit in 8 KB.
    let one = rounded(&run(10), 10.0);
    let numbered: Vec<_> = (1..=250)
        .map(|id| {
            let r = &one;
            Arc::new(RunResult::new(
                id,
                r.query.clone(),
                r.settings.clone(),
                r.report.clone(),
            ))
        })
        .collect();
    let json = export::to_compact_json(&numbered, "2026-11-23").expect("json");
    let many = pack(&json);
    assert!(many.len() <= BUDGET, "{}", many.len());
    let refused = decode_now(&many)
        .expect("a permalink")
        .err()
        .expect("refused");
    assert_eq!(refused, OpenError::TooManyRuns(250));
    assert!(
        refused
            .to_string()
            .contains("holds 250 runs; a results link holds at most 4"),
        "{refused}"
    );
    // Two runs, as the page links them, open.
    let two = export::to_compact_json(&numbered[..2], "2026-11-23").expect("json");
    assert_eq!(
        decode_now(&pack(&two)).map(|r| r.map(|r| r.len())),
        Some(Ok(2))
    );
    // A fragment longer than any the page makes is refused before it is unpacked.
    let long = format!("#{PREFIX}{}", "A".repeat(BUDGET));
    let refused = decode_now(&long)
        .expect("a permalink")
        .err()
        .expect("refused");
    assert_eq!(refused, OpenError::TooBig(PREFIX.len() + BUDGET));
    assert!(
        refused
            .to_string()
            .contains("a results link holds at most 8 KB"),
        "{refused}"
    );
}

#[test]
fn a_damaged_link_gets_a_message() {
    let not_base64 = decode_now("#runs=!!!").expect("a permalink").err();
    assert!(
        matches!(not_base64, Some(OpenError::Damaged(Damage::NotBase64(_)))),
        "{not_base64:?}"
    );
    for bad in ["#runs=AAAA", "#runs="] {
        let e = decode_now(bad).expect("a permalink").err();
        assert!(
            matches!(e, Some(OpenError::Damaged(Damage::NotCompressed(_)))),
            "{bad}: {e:?}"
        );
        let words = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            words.starts_with("This results link is damaged (not compressed runs"),
            "{words}"
        );
    }
}

#[test]
fn the_compressors_failure_and_its_limit_reach_the_user() {
    let runs = [run(10)];
    let failed = encode(&runs, "2026-11-23", |_| ready(Err("no stream".to_string())))
        .now_or_never()
        .expect("ready");
    assert_eq!(failed, Err(LinkError::Compress("no stream".into())));
    assert!(failed.unwrap_err().to_string().contains("use Export JSON"));
    // The decompressor is told the limit, and its refusal is the link's damage.
    let link = encode_now(&runs, "2026-11-23").expect("fits");
    let mut told = 0;
    let refused = decode(&link.fragment, |_, limit| {
        told = limit;
        ready(Err("unpacks to more than 64 MB".to_string()))
    })
    .now_or_never()
    .expect("ready")
    .expect("a permalink");
    assert_eq!(told, MAX_JSON);
    assert_eq!(
        refused.err().expect("refused").to_string(),
        "This results link is damaged (not compressed runs: unpacks to more than 64 MB): ask for it again, or for an exported file."
    );
    // An empty unpacking is damage too, whatever the decoder made of it.
    let empty = decode("#runs=AA", |_, _| ready(Ok(Vec::new())))
        .now_or_never()
        .expect("ready");
    assert!(
        matches!(
            empty,
            Some(Err(OpenError::Damaged(Damage::NotCompressed(_))))
        ),
        "{:?}",
        empty.map(|r| r.err())
    );
}
