use super::equivalents::python;
use super::*;
use crate::config::{Field, RawSettings};
use std::cell::Cell;

fn lesson(id: &str) -> &'static Lesson {
    Lesson::find(id).expect("lesson exists")
}

#[test]
fn twins_derive_their_delay_from_the_posts_numbers() {
    // 001: 126.95 s for 499 calls in sequence.
    assert!((lesson("001").twin.source.exact_ms() - 254.41).abs() < 0.01);
    assert_eq!(lesson("001").twin.source.delay_ms(), 254);
    // 003: 0.53 s, 32 times faster, so 16.96 s sync for 50 calls.
    assert!((lesson("003").twin.source.exact_ms() - 339.2).abs() < 0.01);
    assert_eq!(lesson("003").twin.source.delay_ms(), 339);
    // 004: 3.545 s for 21 tiles (range(2920, 2941)).
    assert!((lesson("004").twin.source.exact_ms() - 168.81).abs() < 0.01);
    assert_eq!(lesson("004").twin.source.delay_ms(), 169);
    // 000: their sync loop's about 5 calls/s, the figure independent of the limit.
    assert_eq!(lesson("000").twin.source.delay_ms(), 200);
    assert!(lesson("000")
        .twin
        .source
        .explain()
        .contains("200 ms per call"));
}

#[test]
fn claimed_sequential_time_matches_the_derivation() {
    // Lesson 003 states its sync time as 0.53 × 32; the twin must agree with it.
    if let Claim::TasksInOrder {
        sequential_s,
        post_n,
        async_s,
    } = lesson("003").claim
    {
        assert!((sequential_s - async_s * 32.0).abs() < 1e-9);
        let per_call = sequential_s * 1000.0 / post_n as f64;
        assert!((per_call - lesson("003").twin.source.exact_ms()).abs() < 0.01);
    } else {
        panic!("003 checks its tasks awaited in order");
    }
}

#[test]
fn every_lesson_has_a_unique_id_and_a_runnable_twin() {
    for (i, l) in LESSONS.iter().enumerate() {
        assert!(LESSONS[..i].iter().all(|o| o.id != l.id), "{}", l.id);
        assert!(l.twin.k <= l.twin.n, "{}", l.id);
        assert!(!l.post.is_empty() && !l.published.is_empty() && !l.prediction.is_empty());
        if let Claim::Ratios { others, .. } = l.claim {
            assert_eq!(l.twin.plan.first(), Some(&Strategy::Sequential), "{}", l.id);
            for (s, ..) in others {
                assert!(l.twin.plan.contains(s), "{} runs {}", l.id, s.id());
            }
        }
    }
    assert_eq!(
        lesson("001").twin.plan,
        &[
            Strategy::Sequential,
            Strategy::WorkerPool,
            Strategy::JoinAll
        ]
    );
    // OpenStreetMap's tile policy forbids bulk downloads: never a target.
    assert!(LESSONS
        .iter()
        .all(|l| l.real_target.is_none_or(|t| !t.contains("openstreetmap"))));
}

#[test]
fn ideal_ratio_counts_waves() {
    assert_eq!(ideal_ratio(Strategy::Sequential, 50, 5), 1.0);
    assert_eq!(ideal_ratio(Strategy::JoinAll, 50, 5), 50.0);
    assert_eq!(ideal_ratio(Strategy::WorkerPool, 50, 5), 5.0);
    // 20 in waves of 3: 7 waves.
    assert!((ideal_ratio(Strategy::JoinAllLimited, 20, 3) - 20.0 / 7.0).abs() < 1e-9);
}

/// A workload key as `Settings::workload_key` would give for these.
fn workload(n: usize, delay_ms: u32, fail_pct: u32) -> String {
    format!("N={n} delay={delay_ms} fail={fail_pct}%")
}

fn run(strategy: Strategy, n: usize, k: usize, wall_ms: f64) -> Measured {
    Measured {
        language: crate::lang::Language::Rust,
        cpu_workers: false,
        strategy,
        n,
        k,
        delay_ms: 254,
        cpu_ms: 0,
        wall_ms,
        ok: n,
        workload: workload(n, 254, 0),
        completed: true,
        batch: 1,
        protocol: None,
        polls: None,
        ideal: None,
        tasks: None,
    }
}

#[test]
fn lesson_001_compares_shares_of_the_ideal() {
    let runs = [
        run(Strategy::Sequential, 50, 5, 12_700.0),
        run(Strategy::WorkerPool, 50, 5, 2_540.0),
        run(Strategy::JoinAll, 50, 5, 508.0),
    ];
    let c = check(lesson("001"), &runs).expect("a check");
    assert!(c.shown, "{c:?}");
    // Theirs: 126.95 / 0.488 = 260.1× of an ideal 499× (52%); ours 25× of 50× (50%).
    assert!(
        c.sentence
            .contains("260.1× with async at N=499 (52% of its ideal 499×)"),
        "{}",
        c.sentence
    );
    assert!(
        c.sentence.contains(
            "join_all was 25.0× faster than sequential at N=50 (ideal 50×), and ran at 50% of its ideal (254 ms ÷ 508 ms)"
        ),
        "{}",
        c.sentence
    );
    assert!(
        c.sentence.contains("18.0× with 5 threads"),
        "{}",
        c.sentence
    );
    assert!(
        c.sentence.contains("worker_pool was 5.0×"),
        "{}",
        c.sentence
    );
}

#[test]
fn lesson_checks_pair_runs_of_the_same_workload() {
    // Lesson 001 at N=50, then a sequential run of another N: the check
    // must still measure worker_pool against the N=50 one.
    let mut other = run(Strategy::Sequential, 20, 5, 1_000.0);
    other.batch = 2;
    let runs = [
        run(Strategy::Sequential, 50, 5, 12_700.0),
        run(Strategy::WorkerPool, 50, 5, 2_540.0),
        other,
    ];
    let c = check(lesson("001"), &runs).expect("a check");
    assert!(
        c.sentence.contains("worker_pool was 5.0×"),
        "{}",
        c.sentence
    );
    // A sequential run of another delay alone is no baseline at all.
    let mut slower = run(Strategy::Sequential, 50, 5, 20_000.0);
    slower.delay_ms = 400;
    slower.workload = workload(50, 400, 0);
    assert_eq!(check(lesson("001"), &[slower, runs[1].clone()]), None);
    // Nor is one with the same N and delay against a server that fails 10%:
    // N, delay and CPU alone do not make a workload.
    let mut failing = run(Strategy::Sequential, 50, 5, 12_700.0);
    failing.workload = workload(50, 254, 10);
    assert_eq!(check(lesson("001"), &[failing, runs[1].clone()]), None);
}

#[test]
fn lesson_throughput_counts_only_the_requests_that_ended_ok() {
    // Lesson 000's claim without a sweep: 2,000 requests in 4 s, but only
    // 1,000 ok, is 250 req/s, not 500.
    let mut r = run(Strategy::JoinAllLimited, 2_000, 150, 4_000.0);
    r.ok = 1_000;
    let c = check(lesson("000"), &[r]).expect("a check");
    assert!(c.evidence.contains("250"), "{}", c.evidence);
    assert!(!c.evidence.contains("500 req/s"), "{}", c.evidence);
}

#[test]
fn lesson_checks_give_the_share_of_the_ideal_as_ideal_over_wall() {
    // A slow sequential run (14 s, not 50 × 254 ms = 12.7 s) inflates the
    // speedup to 5.5× of an ideal 5×; the run itself took exactly its ideal.
    let runs = [
        run(Strategy::Sequential, 50, 5, 14_000.0),
        run(Strategy::WorkerPool, 50, 5, 2_540.0),
    ];
    let c = check(lesson("001"), &runs).expect("a check");
    assert!(
        c.sentence
            .contains("worker_pool was 5.5× faster than sequential at N=50 (ideal 5×), and ran at 100% of its ideal (2.54 s ÷ 2.54 s)"),
        "{}",
        c.sentence
    );
    assert!(!c.sentence.contains("110%"), "{}", c.sentence);
}

#[test]
fn a_slow_concurrent_run_fails_the_check() {
    let runs = [
        run(Strategy::Sequential, 20, 10, 3_540.0),
        run(Strategy::JoinAll, 20, 10, 1_000.0),
    ];
    let c = check(lesson("004"), &runs).expect("a check");
    assert!(!c.shown);
    assert!(
        c.evidence.starts_with("✗ join_all 3.5× (ideal 20×)"),
        "{}",
        c.evidence
    );
    assert!(c.sentence.contains("15.2× with gather"), "{}", c.sentence);
}

#[test]
fn no_check_without_the_baseline_or_after_a_cancelled_run() {
    let only = [run(Strategy::JoinAll, 20, 10, 200.0)];
    assert_eq!(check(lesson("004"), &only), None);
    let mut cancelled = run(Strategy::Sequential, 20, 10, 100.0);
    cancelled.completed = false;
    assert_eq!(check(lesson("004"), &[cancelled, only[0].clone()]), None);
}

#[test]
fn lesson_000_reads_the_knee_of_a_sweep() {
    // 1,000 requests at 219 ms; the browser tops out near 600/s.
    let sweep: Vec<Measured> = [
        (10, 22_000.0),
        (20, 11_000.0),
        (50, 4_400.0),
        (100, 2_200.0),
        (150, 1_700.0),
        (200, 1_680.0),
        (300, 1_690.0),
    ]
    .into_iter()
    .map(|(k, wall)| {
        let mut r = run(Strategy::JoinAllLimited, 1_000, k, wall);
        r.delay_ms = 219;
        r.batch = 7;
        r
    })
    .collect();
    let c = check(lesson("000"), &sweep).expect("a check");
    // Best 1,000 / 1.68 s = 595/s at k = 200; 150 is within 5% (588/s): the knee.
    assert!(c.shown, "{}", c.evidence);
    assert!(c.evidence.contains("knee at k = 150"), "{}", c.evidence);
    assert!(c.evidence.contains("≈ 130"), "{}", c.evidence);
    // A knee far below the prediction is not what the lesson predicts.
    let mut early = sweep.clone();
    for r in &mut early {
        r.wall_ms = 2_000.0;
    }
    let c = check(lesson("000"), &early).expect("a check");
    assert!(!c.shown, "{}", c.evidence);
    assert!(c.evidence.contains("knee at k = 10"), "{}", c.evidence);
    // Best at the largest k: the sweep never reached its plateau, and says so.
    let climbing: Vec<Measured> = sweep.iter().take(4).cloned().collect();
    let c = check(lesson("000"), &climbing).expect("a check");
    assert!(!c.shown);
    assert!(
        c.evidence
            .contains("no plateau within the list, so no knee"),
        "{}",
        c.evidence
    );
    assert!(c.evidence.contains("largest k = 100"), "{}", c.evidence);
    // Two points are not a sweep: the single-run check applies.
    assert!(check(lesson("000"), &sweep[..2])
        .expect("a check")
        .evidence
        .contains("calls/s"));
}

#[test]
fn lesson_000_applies_littles_law() {
    let mut r = run(Strategy::JoinAllLimited, 2_000, 150, 4_000.0);
    r.delay_ms = 219;
    let c = check(lesson("000"), &[r]).expect("a check");
    // 2,000 in 4 s = 500/s, under 150 / 0.219 s = 685/s; knee ≈ 500 × 0.219 ≈ 110.
    assert!(c.shown);
    assert!(c.evidence.contains("500 calls/s"), "{}", c.evidence);
    assert!(c.evidence.contains("685/s"), "{}", c.evidence);
    assert!(
        c.sentence.contains("k ≈ 500/s × 0.219 s ≈ 110"),
        "{}",
        c.sentence
    );
}

#[test]
fn cpu_lesson_demands_serialised_handlers() {
    let mut r = run(Strategy::JoinAllLimited, 20, 10, 1_100.0);
    r.cpu_ms = 50;
    r.delay_ms = 177;
    let c = check(lesson("cpu"), std::slice::from_ref(&r)).expect("a check");
    assert!(c.shown);
    assert!(c.evidence.contains("≥ N × cpu = 1000 ms"), "{}", c.evidence);
    r.wall_ms = 900.0;
    assert!(!check(lesson("cpu"), &[r]).expect("a check").shown);
}

#[test]
fn burn_really_hashes_until_the_time_is_spent() {
    let t = Cell::new(0.0);
    // Each reading of the clock advances it 1 ms.
    let now = || {
        t.set(t.get() + 1.0);
        t.get()
    };
    let hash = cpu::burn(b"hello", 10.0, now);
    assert!(t.get() >= 11.0);
    let t2 = Cell::new(0.0);
    let other = cpu::burn(b"hellp", 10.0, || {
        t2.set(t2.get() + 1.0);
        t2.get()
    });
    assert_ne!(hash, other);
    assert_eq!(
        cpu::fnv1a(0xcbf2_9ce4_8422_2325, b"a"),
        0xaf63_dc4c_8601_ec8c
    );
}

#[test]
fn every_strategy_has_rust_python_and_javascript() {
    let defining = |s: Strategy| match s {
        Strategy::Sequential => ("session.get(url, timeout=", "for (const [i, url] of"),
        Strategy::JoinAll => ("return_exceptions=True", "Promise.allSettled("),
        Strategy::JoinAllLimited => ("asyncio.Semaphore(", "limit(k)"),
        Strategy::BufferUnordered => ("asyncio.wait(", "Promise.race("),
        Strategy::WorkerPool => ("asyncio.Queue(", "queue.shift()"),
    };
    for s in Strategy::ALL {
        let (py, js) = defining(s);
        assert!(python(s).contains(py), "{}", s.id());
        let mjs = crate::lang::sources::source(crate::lang::Language::JavaScript, s);
        assert!(mjs.unwrap_or_default().contains(js), "{}", s.id());
        assert!(!crate::engine::strategies::source(s).is_empty());
        // aiohttp's default pool (100) would cap "everything" and k > 100.
        if s != Strategy::Sequential {
            assert!(python(s).contains("TCPConnector(limit=0)"));
        }
    }
}

#[test]
fn a_lesson_sets_its_twin_on_a_clean_form_and_a_polite_rate_on_its_real_host() {
    let one = lesson("001");
    let twin = one.settings(false).validate().expect("the twin is valid");
    assert_eq!((twin.n, twin.k), (one.twin.n, one.twin.k));
    assert_eq!(twin.strategy, one.twin.strategy);
    assert!(twin.is_sim());
    assert_eq!(twin.rate_per_sec, 0.0);
    // Every field not the twin's is at its default.
    let defaults = RawSettings::default();
    let set = [
        Field::Requests,
        Field::Concurrency,
        Field::Delay,
        Field::CpuMs,
        Field::Strategy,
    ];
    for field in Field::ALL.into_iter().filter(|f| !set.contains(f)) {
        assert_eq!(
            one.settings(false).get(field),
            defaults.get(field),
            "{field:?}"
        );
    }
    let real = one.settings(true);
    assert_eq!(real.get(Field::Target), JSONPLACEHOLDER);
    assert_eq!(real.get(Field::Rate), "5");
    // A lesson without a real host ignores `real`.
    assert_eq!(lesson("004").settings(true), lesson("004").settings(false));
}

#[test]
fn compare_races_the_lessons_plan_without_sequential_and_000_carries_its_sweep() {
    assert_eq!(
        lesson("001").compare_with(),
        vec![Strategy::WorkerPool, Strategy::JoinAll]
    );
    assert_eq!(lesson("000").sweep, Some("20, 50, 100, 150, 200, 300"));
    assert!(LESSONS
        .iter()
        .filter(|l| l.id != "000")
        .all(|l| l.sweep.is_none()));
}

/// The static shell in index.html links every lesson by `?lesson={id}`, with
/// its title, before the wasm has loaded: the two lists must agree.
#[test]
fn the_static_shell_links_every_lesson_by_id_and_title() {
    let html = include_str!("../../index.html");
    let links: Vec<(&str, &str)> = html
        .split("<a href=\"?lesson=")
        .skip(1)
        .filter_map(|rest| {
            let (id, rest) = rest.split_once("\">")?;
            let (text, _) = rest.split_once("</a>")?;
            Some((id, text))
        })
        .collect();
    let expected: Vec<(&str, String)> = LESSONS
        .iter()
        .map(|l| (l.id, format!("{} · {}", l.id, l.title)))
        .collect();
    assert_eq!(links.len(), expected.len(), "{links:?}");
    for ((id, text), (want_id, want_text)) in links.iter().zip(&expected) {
        assert_eq!((*id, *text), (*want_id, want_text.as_str()));
        assert_eq!(
            Lesson::from_query(&format!("?lesson={id}")).map(|l| l.id),
            Some(*id)
        );
    }
    assert_eq!(Lesson::from_query("?n=5&lesson=nope"), None);
    assert_eq!(Lesson::from_query("?n=5"), None);
}
