//! Runs every aiohttp snippet the code panel shows (the very text of
//! `lessons::equivalents`, written to a file with a small harness around it),
//! and every runnable strategy file the language worker runs (public/lang, each
//! under tests/lang_harness: CPython with aiohttp, node with its fetch), against
//! the latency server, with failures among the requests, and checks that each
//! run ends, on time, with exactly one outcome per request.
//!
//! It needs a latency server (`LATENCY_URL`), a Python with aiohttp and
//! requests (`SNIPPET_PYTHON`) and `node`: `cargo xtask snippets` provides them
//! and runs it, as a step of `cargo xtask test`. Hence `#[ignore]` under a
//! plain `cargo test`, which has none of them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use fetch_playground::engine::Strategy;
use fetch_playground::lessons::equivalents::python;
use serde_json::Value;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Longer than any run here takes (about 2 s at most); a run still going then hangs.
const HANG: Duration = Duration::from_secs(20);

/// Python around `run`: prints `{"ms", "outcomes": [[url, status or "error: …"]]}`,
/// or `{"raised"}` when `run` itself raised. Unordered snippets return
/// `(url, outcome)` pairs; the others one outcome per URL, in order.
const PY_HARNESS: &str = r#"

import asyncio as _asyncio, gc as _gc, inspect as _inspect, json as _json, sys as _sys, time as _time

def _main():
    urls, k, paired = _json.loads(_sys.argv[1]), int(_sys.argv[2]), _sys.argv[3] == "paired"
    args = (urls, k)[: len(_inspect.signature(run).parameters)]
    start = _time.perf_counter()
    try:
        result = run(*args)
        if _inspect.iscoroutine(result):
            result = _asyncio.run(result)
        result = list(result)
    except BaseException as e:
        return {"raised": repr(e)}
    ms = (_time.perf_counter() - start) * 1000
    if not paired:
        if len(result) != len(urls):
            return {"raised": f"{len(result)} outcomes for {len(urls)} URLs"}
        result = list(zip(urls, result))
    describe = lambda o: f"error: {type(o).__name__}" if isinstance(o, BaseException) else o
    return {"ms": ms, "outcomes": [[u, describe(o)] for u, o in result]}

print(_json.dumps(_main()), flush=True)
_gc.collect()  # a task whose exception nobody retrieved says so now, on stderr
"#;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Lang {
    Python,
    Js,
}

/// What runs: the code panel's aiohttp snippet with a harness appended, or
/// a strategy file of public/lang under its harness in tests/lang_harness.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Source {
    Snippet,
    File,
}

/// The runnable file of `s` in `lang`, and its harness.
fn strategy_file(lang: Lang, s: Strategy) -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match lang {
        Lang::Python => (
            root.join(format!("public/lang/python/{}.py", s.id())),
            root.join("tests/lang_harness/harness.py"),
        ),
        Lang::Js => (
            root.join(format!("public/lang/javascript/{}.mjs", s.id())),
            root.join("tests/lang_harness/harness.mjs"),
        ),
    }
}

/// What one URL must end as.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Status(u64),
    Error,
}

/// A batch: each URL with what it must end as.
struct Batch(Vec<(String, Expect)>);

fn latency_url() -> String {
    std::env::var("LATENCY_URL")
        .expect("LATENCY_URL names the latency server; run this with `cargo xtask snippets`")
}

/// A URL on a port nobody listens on: its connection is refused.
fn refused(i: usize) -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}/delay/10?i={i}")
}

/// 20 requests: one refused connection, one reset, three HTTP 500s, the rest 200 after 50 ms.
fn mixed() -> Batch {
    let base = latency_url();
    Batch(
        (1..=20)
            .map(|i| match i {
                3 => (refused(i), Expect::Error),
                8 => (format!("{base}/reset?i={i}"), Expect::Error),
                5 | 11 | 17 => (format!("{base}/status/500?i={i}"), Expect::Status(500)),
                _ => (format!("{base}/delay/50?i={i}"), Expect::Status(200)),
            })
            .collect(),
    )
}

/// 20 refused connections.
fn all_refused() -> Batch {
    Batch((1..=20).map(|i| (refused(i), Expect::Error)).collect())
}

/// `n` requests answered 200 after `ms`.
fn slow(n: usize, ms: u64) -> Batch {
    let base = latency_url();
    Batch(
        (1..=n)
            .map(|i| (format!("{base}/delay/{ms}?i={i}"), Expect::Status(200)))
            .collect(),
    )
}

/// Every language and source that runs: JavaScript has no snippet of its
/// own, the code panel shows its public/lang files.
const RUNS: [(Lang, Source); 3] = [
    (Lang::Python, Source::Snippet),
    (Lang::Python, Source::File),
    (Lang::Js, Source::File),
];

/// Runs `s` in `lang` from `source` over `batch` with limit `k`; its `ms` on success,
/// or what went wrong: it raised, hung, lost or doubled an outcome, or got one wrong.
fn run(lang: Lang, source: Source, s: Strategy, batch: &Batch, k: usize) -> Result<f64, String> {
    let program = match lang {
        Lang::Python => {
            std::env::var("SNIPPET_PYTHON").expect("SNIPPET_PYTHON names a Python with aiohttp")
        }
        Lang::Js => "node".to_string(),
    };
    let urls: Vec<&str> = batch.0.iter().map(|(u, _)| u.as_str()).collect();
    let urls = serde_json::to_string(&urls).unwrap();
    let mut command = Command::new(&program);
    // The snippet's file, written here and removed after the run.
    let mut written = None;
    match source {
        Source::Snippet if lang == Lang::Js => {
            return Err("JavaScript has no snippet: its code is public/lang/javascript".into());
        }
        Source::Snippet => {
            // A file of its own per run: the tests run on several threads.
            static RUNS: AtomicUsize = AtomicUsize::new(0);
            let name = format!(
                "fetch-playground-snippet-{}-{}-{}",
                std::process::id(),
                RUNS.fetch_add(1, Ordering::Relaxed),
                s.id()
            );
            let file = std::env::temp_dir().join(format!("{name}.py"));
            std::fs::write(&file, format!("{}{PY_HARNESS}", python(s))).unwrap();
            let paired = matches!(s, Strategy::BufferUnordered | Strategy::WorkerPool);
            command.arg(&file).arg(&urls).arg(k.to_string());
            command.arg(if paired { "paired" } else { "in-order" });
            written = Some(file);
        }
        Source::File => {
            let (file, harness) = strategy_file(lang, s);
            command.arg(harness).arg(file).arg(&urls).arg(k.to_string());
        }
    }
    let remove = || {
        if let Some(file) = &written {
            std::fs::remove_file(file).ok();
        }
    };
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("can't start {program}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).ok();
            text
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG {
            child.kill().ok();
            child.wait().ok();
            remove();
            return Err(format!("still running after {HANG:?}: it hangs"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    remove();
    for bad in [
        "never retrieved",
        "Unclosed",
        "Traceback",
        "Unhandled",
        "unhandled",
    ] {
        if err.contains(bad) {
            return Err(format!("stderr says {bad:?}:\n{}", tail(&err)));
        }
    }
    if !status.success() {
        return Err(format!("exited with {status}:\n{out}{}", tail(&err)));
    }
    let report: Value = serde_json::from_str(out.trim())
        .map_err(|e| format!("printed no report ({e}):\n{out}{}", tail(&err)))?;
    if let Some(raised) = report.get("raised") {
        return Err(format!("raised {raised}, losing every outcome"));
    }
    // A file's harness records the outcomes itself; main must still return one each.
    if let Some(returned) = report.get("returned") {
        if returned.as_u64() != Some(batch.0.len() as u64) {
            return Err(format!(
                "main returned {returned} results for {} requests",
                batch.0.len()
            ));
        }
    }
    check(batch, &report["outcomes"])?;
    let ms = report["ms"].as_f64().unwrap();
    eprintln!(
        "{lang:?} {source:?} {}: {} outcomes in {ms:.0} ms",
        s.id(),
        batch.0.len()
    );
    Ok(ms)
}

/// The last lines of a long stderr (a traceback's last lines say what it was).
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(6)..].join("\n")
}

/// Exactly one outcome per URL, and the right one.
fn check(batch: &Batch, outcomes: &Value) -> Result<(), String> {
    let outcomes = outcomes.as_array().ok_or("no outcome list")?;
    if outcomes.len() != batch.0.len() {
        return Err(format!(
            "{} outcomes for {} requests",
            outcomes.len(),
            batch.0.len()
        ));
    }
    for (url, expect) in &batch.0 {
        let mine: Vec<&Value> = outcomes
            .iter()
            .filter(|o| o[0].as_str() == Some(url))
            .map(|o| &o[1])
            .collect();
        let [got] = mine.as_slice() else {
            return Err(format!("{} outcomes for {url}", mine.len()));
        };
        let ok = match expect {
            Expect::Status(code) => got.as_u64() == Some(*code),
            Expect::Error => got.as_str().is_some_and(|e| e.starts_with("error")),
        };
        if !ok {
            return Err(format!("{url} ended as {got}, not {expect:?}"));
        }
    }
    Ok(())
}

/// Every strategy in `lang` from `source`, on the mixed batch and on the all-refused one.
fn under_failure(lang: Lang, source: Source) {
    let mut wrong = Vec::new();
    for s in Strategy::ALL {
        for (name, batch) in [("mixed", mixed()), ("all refused", all_refused())] {
            if let Err(e) = run(lang, source, s, &batch, 5) {
                wrong.push(format!("{lang:?} {source:?} {} ({name}): {e}", s.id()));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n\n"));
}

#[test]
#[ignore = "needs the latency server, Python with aiohttp and node: cargo xtask snippets"]
fn python_snippets_keep_one_outcome_per_request_and_end() {
    under_failure(Lang::Python, Source::Snippet);
}

#[test]
#[ignore = "needs the latency server, Python with aiohttp and node: cargo xtask snippets"]
fn python_files_keep_one_outcome_per_request_and_end() {
    under_failure(Lang::Python, Source::File);
}

#[test]
#[ignore = "needs the latency server, Python with aiohttp and node: cargo xtask snippets"]
fn javascript_files_keep_one_outcome_per_request_and_end() {
    under_failure(Lang::Js, Source::File);
}

const LIMITED: [Strategy; 3] = [
    Strategy::JoinAllLimited,
    Strategy::BufferUnordered,
    Strategy::WorkerPool,
];

/// k means k: 20 requests of 200 ms at k = 5 take 4 waves, never less than 800 ms;
/// for the snippets and the runnable files alike.
#[test]
#[ignore = "needs the latency server, Python with aiohttp and node: cargo xtask snippets"]
fn limited_snippets_hold_k() {
    let mut wrong = Vec::new();
    for (lang, source) in RUNS {
        for s in LIMITED {
            match run(lang, source, s, &slow(20, 200), 5) {
                Ok(ms) if ms < 790.0 => wrong.push(format!(
                    "{lang:?} {source:?} {}: k=5 ran 20 × 200 ms in {ms:.0} ms",
                    s.id()
                )),
                Ok(_) => {}
                Err(e) => wrong.push(format!("{lang:?} {source:?} {} (k=5): {e}", s.id())),
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n\n"));
}

/// 150 requests of 2 s at k = 150 take one wave (about 2 s), where aiohttp's
/// default pool of 100 connections makes it two (4 s, measured: 2.06 s for two
/// waves of 1 s). Two waves can't take less than 4 s, so 3.5 s leaves a busy
/// machine time to open 150 connections. The four run at once.
#[test]
#[ignore = "needs the latency server, Python with aiohttp and node: cargo xtask snippets"]
fn python_snippets_reach_past_100_connections() {
    let strategies = [Strategy::JoinAll].into_iter().chain(LIMITED);
    let wrong: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = strategies
            .map(|s| {
                (
                    s,
                    scope.spawn(move || {
                        run(Lang::Python, Source::Snippet, s, &slow(150, 2000), 150)
                    }),
                )
            })
            .collect();
        runs.into_iter()
            .filter_map(|(s, run)| match run.join().unwrap() {
                Ok(ms) if ms >= 3500.0 => Some(format!(
                    "Python {}: 150 × 2 s at k=150 took {ms:.0} ms, more than one wave",
                    s.id()
                )),
                Ok(_) => None,
                Err(e) => Some(format!("Python {} (k=150): {e}", s.id())),
            })
            .collect()
    });
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n\n"));
}
