//! Every strategy exists in Python and in JavaScript as the file the language
//! worker runs and the code panel shows (public/lang), each with the signature
//! the worker calls and the call that defines the strategy: what the seeds
//! teach (`asyncio.gather(..., return_exceptions=True)`, `async with sem:`, an
//! `asyncio.Queue` with k workers, `asyncio.wait(FIRST_COMPLETED)`, a loop),
//! not another strategy under its name. tests/snippets.rs runs them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use fetch_playground::engine::Strategy;
use std::path::Path;

fn file(dir: &str, s: Strategy, ext: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("public/lang")
        .join(dir)
        .join(format!("{}.{ext}", s.id()));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Code only: comments may name other strategies' calls to explain.
fn code(text: &str, comment: &str) -> String {
    text.lines()
        .map(|l| l.split_once(comment).map_or(l, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n")
}

/// (must contain, must not contain) in each language.
struct Defining {
    python: (&'static [&'static str], &'static [&'static str]),
    javascript: (&'static [&'static str], &'static [&'static str]),
}

fn defining(s: Strategy) -> Defining {
    match s {
        Strategy::Sequential => Defining {
            python: (
                &["for i, url in enumerate(urls):", "await fetch(i, url)"],
                &["gather(", "create_task(", "ensure_future("],
            ),
            javascript: (
                &[
                    "for (const [i, url] of urls.entries())",
                    "await fetchOne(i, url)",
                ],
                &["Promise.all", "Promise.race"],
            ),
        },
        Strategy::JoinAll => Defining {
            python: (
                &["asyncio.gather(", "return_exceptions=True"],
                &["Semaphore(", "Queue(", "asyncio.wait("],
            ),
            javascript: (&["Promise.allSettled(urls.map("], &["limit(", "race("]),
        },
        Strategy::JoinAllLimited => Defining {
            python: (
                &[
                    "asyncio.Semaphore(k)",
                    "async with sem:",
                    "asyncio.gather(",
                    "return_exceptions=True",
                ],
                &["Queue(", "asyncio.wait("],
            ),
            javascript: (
                &["function limit(k)", "active < k", "Promise.allSettled("],
                &["race("],
            ),
        },
        Strategy::BufferUnordered => Defining {
            python: (
                &[
                    "asyncio.wait(",
                    "return_when=asyncio.FIRST_COMPLETED",
                    "asyncio.create_task(",
                    "len(pending) == k",
                ],
                &["Semaphore(", "Queue("],
            ),
            javascript: (
                &["Promise.race(pending)", "pending.size >= k"],
                &["limit(", "allSettled("],
            ),
        },
        Strategy::WorkerPool => Defining {
            python: (
                &[
                    "asyncio.Queue(",
                    "await queue.get()",
                    "queue.task_done()",
                    "await queue.join()",
                    "for _ in range(k)",
                ],
                &["Semaphore(", "asyncio.wait("],
            ),
            javascript: (
                &["queue.shift()", "Array.from({ length: k }, worker)"],
                &["limit(", "race("],
            ),
        },
    }
}

fn check(s: Strategy, lang: &str, text: &str, (must, must_not): (&[&str], &[&str])) {
    for call in must {
        assert!(text.contains(call), "{lang} {}: no `{call}`", s.id());
    }
    for call in must_not {
        assert!(!text.contains(call), "{lang} {}: has `{call}`", s.id());
    }
}

#[test]
fn each_strategy_has_a_python_file_with_its_defining_call() {
    for s in Strategy::ALL {
        let text = code(&file("python", s, "py"), "#");
        assert!(
            text.contains("async def main(urls, k, fetch):"),
            "python {}: no `async def main(urls, k, fetch):`",
            s.id()
        );
        check(s, "python", &text, defining(s).python);
        // An exception is kept as the request's result; Cancel is never swallowed.
        assert!(!text.contains("except BaseException"), "python {}", s.id());
        if s != Strategy::JoinAll && s != Strategy::JoinAllLimited {
            assert!(text.contains("except Exception as e:"), "python {}", s.id());
        }
    }
}

#[test]
fn each_strategy_has_a_javascript_file_with_its_defining_call() {
    for s in Strategy::ALL {
        let text = code(&file("javascript", s, "mjs"), "//");
        assert!(
            text.contains("export async function main(urls, k, fetchOne) {")
                || text.contains("export function main(urls, k, fetchOne) {"),
            "javascript {}: no `export function main(urls, k, fetchOne)`",
            s.id()
        );
        check(s, "javascript", &text, defining(s).javascript);
        // Promise.all alone would reject at the first failure and drop the rest.
        if text.contains("Promise.all(") {
            assert!(
                text.contains("catch") || text.contains(".then("),
                "javascript {}: Promise.all over fetches that may reject",
                s.id()
            );
        }
    }
}

#[test]
fn the_files_are_short() {
    for s in Strategy::ALL {
        for (dir, ext) in [("python", "py"), ("javascript", "mjs")] {
            let lines = file(dir, s, ext).lines().count();
            assert!(lines <= 40, "{dir}/{}.{ext}: {lines} lines", s.id());
        }
    }
}

/// A lesson's own script, `public/lang/python/lessons/{name}.py`, as code.
fn lesson(name: &str) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("public/lang/python/lessons/{name}.py"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.lines().count() <= 40, "{name}.py is short");
    code(&text, "#")
}

#[test]
fn each_lesson_script_makes_its_defining_call() {
    // (script, its main, must contain, must not contain)
    let scripts: [(&str, &str, &[&str], &[&str]); 4] = [
        // 001: blocking calls one after another; no event loop at all.
        (
            "blocking",
            "def main(urls, k, open_url):",
            &["for i, url in enumerate(urls):", "open_url(i, url)"],
            &["async ", "await", "asyncio", "thread"],
        ),
        // 002: tasks first, then the hold, then gather: they run during the hold.
        (
            "held",
            "async def main(urls, k, fetch, hold_ms):",
            &[
                "asyncio.ensure_future(fetch(i, url))",
                "await asyncio.sleep(hold_ms / 1000)",
                "asyncio.gather(*tasks, return_exceptions=True)",
            ],
            &["Semaphore(", "Queue("],
        ),
        // 002's lazy half: bare coroutine objects, held, then gathered.
        (
            "held_coroutines",
            "async def main(urls, k, fetch, hold_ms):",
            &[
                "[fetch(i, url) for i, url in enumerate(urls)]",
                "await asyncio.sleep(hold_ms / 1000)",
                "asyncio.gather(*coroutines, return_exceptions=True)",
            ],
            &["create_task(", "ensure_future(", "Semaphore("],
        ),
        // 003: every task created, then awaited in creation order.
        (
            "in_order",
            "async def main(urls, k, fetch):",
            &[
                "asyncio.create_task(fetch(i, url))",
                "for t in tasks:",
                "await t",
            ],
            &["gather(", "asyncio.wait(", "as_completed(", "Semaphore("],
        ),
    ];
    for (name, main, must, must_not) in scripts {
        let text = lesson(name);
        assert!(text.contains(main), "{name}.py: no `{main}`");
        for call in must {
            assert!(text.contains(call), "{name}.py: no `{call}`");
        }
        for call in must_not {
            assert!(!text.contains(call), "{name}.py: has `{call}`");
        }
        assert!(!text.contains("except BaseException"), "{name}.py");
    }
    // held.py's coroutines are wrapped before the hold; held_coroutines.py's only after it.
    let held = lesson("held");
    let sleep = held.find("asyncio.sleep").unwrap();
    assert!(held.find("ensure_future").unwrap() < sleep);
    let lazy = lesson("held_coroutines");
    assert!(lazy.find("gather(").unwrap() > lazy.find("asyncio.sleep").unwrap());
}
