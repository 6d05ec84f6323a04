//! Each lesson's published figures, and the twin numbers derived from them,
//! pinned: the comment above each block quotes the seed post's line.
use super::*;

fn lesson(id: &str) -> &'static Lesson {
    Lesson::find(id).expect("lesson exists")
}

fn ratios(id: &str) -> (usize, f64, Vec<(f64, usize)>) {
    match lesson(id).claim {
        Claim::Ratios {
            post_n,
            sequential_s,
            others,
        } => (
            post_n,
            sequential_s,
            others.iter().map(|o| (o.2, o.3)).collect(),
        ),
        other => panic!("{id} compares ratios, not {other:?}"),
    }
}

#[test]
fn lesson_000_python_async() {
    // "connection limit of 150" … "around 720 per second" … "146 s";
    // sync "about 5 per second".
    let l = lesson("000");
    assert_eq!(
        l.claim,
        Claim::Throughput {
            per_s: 720.0,
            k: 150
        }
    );
    assert!(l.published.contains("around 720 calls per second"));
    assert!(l.published.contains("146 s"));
    assert!(l.experiment.contains("TCPConnector(limit=150)"));
    // The twin's delay is the sync rate's, 1 / 5 s, not 150 ÷ 720 (circular).
    assert_eq!(l.twin.source.delay_ms(), 200);
    // Little's law for their limit: 150 ÷ 720/s = 208 ms, near the 200 ms.
    assert!(((150.0 / 720.0) * 1000.0_f64 - 208.3).abs() < 0.1);
    assert!(l.teaches.contains("208 ms"));
    // aiohttp's ClientSession default: TCPConnector(limit=100).
    assert!(l.teaches.contains("TCPConnector(limit=100)"));
}

#[test]
fn lesson_001_why_you_should_use_async() {
    // "126.95 s" sync, "7.05 s" with 5 threads, "0.488 s" async, 499 comments.
    let (n, seq, others) = ratios("001");
    assert_eq!((n, seq), (499, 126.95));
    assert_eq!(others, vec![(7.05, 5), (0.488, 499)]);
    assert_eq!(lesson("001").twin.source.delay_ms(), 254);
    // 254 ms per call in the loop; 7.05 × 5 ÷ 499 ≈ 71 ms per call per thread.
    assert_eq!((7.05_f64 * 5.0 / 499.0 * 1000.0).round(), 71.0);
    assert!(lesson("001")
        .teaches
        .contains("≈ 71 ms per call in each thread"));
    assert!(lesson("001").teaches.contains("the post does not say why"));
}

#[test]
fn lesson_003_asynchronous_python_part_2() {
    // "0.53 s", "32 times faster", 50 tasks of www.google.com/robots.txt.
    // Its own experiment: the tasks created first, then awaited in order.
    assert_eq!(
        lesson("003").claim,
        Claim::TasksInOrder {
            post_n: 50,
            sequential_s: 16.96,
            async_s: 0.53,
        }
    );
    assert!((0.53_f64 * 32.0 - 16.96).abs() < 1e-9);
    // 16.96 s ÷ 50 = 339 ms a call; ± 100 ms so the tasks finish out of order.
    assert_eq!(lesson("003").twin.source.delay_ms(), 339);
    assert_eq!(
        (lesson("003").twin.n, lesson("003").twin.jitter_ms),
        (50, 100)
    );
    // Its ideal is 50× (one wave); the post's 32× is 64% of it.
    assert_eq!(ideal_ratio(Strategy::JoinAll, 50, 50), 50.0);
    assert_eq!((32.0_f64 / 50.0 * 100.0).round(), 64.0);
    assert!(lesson("003").prediction.contains("not the sum"));
    assert!(lesson("003")
        .experiment
        .contains("same URL (www.google.com/robots.txt)"));
    assert!(!lesson("003").teaches.contains("different hosts"));
}

#[test]
fn lesson_004_asyncio_and_friends() {
    // `range(2920, 2941)`: 21 tiles; "3.545" s sync, "0.233" s gather, "17x faster".
    let (n, seq, others) = ratios("004");
    assert_eq!(n, (2920..2941).count());
    assert_eq!((n, seq), (21, 3.545));
    assert_eq!(others, vec![(0.233, 21)]);
    let exact = lesson("004").twin.source.exact_ms();
    assert!((exact - 168.8).abs() < 0.05, "{exact}");
    assert_eq!(lesson("004").twin.n, 21);
    assert_eq!(ideal_ratio(Strategy::JoinAll, n, 21), 21.0);
    // Their own ratio: 3.545 / 0.233 = 15.2×.
    assert!(((seq / 0.233) - 15.21).abs() < 0.01);
    // `resp = await session.get(url)`: the bodies are never read.
    assert!(lesson("004").published.contains("time to the headers"));
    // The CPU lesson quotes the same post's I/O numbers.
    assert!(lesson("cpu").published.contains("21 tiles in 3.545 s"));
}

#[test]
fn lesson_002_names_its_halves_and_all_three_languages() {
    // "ensure_future" schedules the coroutine; coroutine objects are lazy.
    let l = lesson("002");
    assert!(l.prediction.contains("“Held 1 s, then polled”"));
    assert!(l.prediction.contains("“Spawned at once”"));
    assert!(l.teaches.contains("Python coroutine object is lazy too"));
    assert!(l.teaches.contains("JavaScript promise is eager"));
}

#[test]
fn lesson_001_on_its_real_host_is_judged_against_the_rate_limited_ideal() {
    // 50 requests at 5 starts a second: the replay gives sequential about
    // 10.0 s and join_all about 9.9 s, an ideal of about 1×, not 50×.
    let m = |strategy, wall_ms, ideal: (f64, f64)| Measured {
        language: crate::lang::Language::Rust,
        cpu_workers: false,
        strategy,
        n: 50,
        k: 5,
        delay_ms: 0,
        cpu_ms: 0,
        wall_ms,
        ok: 50,
        workload: "real".into(),
        completed: true,
        batch: 1,
        protocol: None,
        polls: None,
        ideal: Some(ideal),
        tasks: None,
    };
    let runs = [
        m(Strategy::Sequential, 10_400.0, (10_000.0, 10_000.0)),
        m(Strategy::JoinAll, 10_100.0, (9_900.0, 10_000.0)),
    ];
    let c = check(lesson("001"), &runs).expect("a check");
    assert!(c.shown, "{c:?}");
    assert!(c.evidence.contains("(ideal 1×)"), "{}", c.evidence);
    assert!(!c.evidence.contains("ideal 50×"), "{}", c.evidence);
    // The share is the verdict's: ideal ÷ wall.
    assert!(
        c.sentence.contains("98% of its ideal (9.90 s ÷ 10.1 s)"),
        "{}",
        c.sentence
    );
}

#[test]
fn a_share_link_made_in_a_lesson_reopens_it_with_the_same_form() {
    let l = lesson("004");
    let mut form = l.settings(false);
    assert_eq!(l.share_query(&form), "lesson=004");
    form.set(crate::config::Field::Requests, "30");
    let query = l.share_query(&form);
    assert_eq!(query, "lesson=004&n=30");
    assert_eq!(Lesson::from_query(&query).map(|l| l.id), Some("004"));
    // Opening: the lesson's settings, then the link's fields over them.
    let mut opened = l.settings(false);
    opened.apply_query(&query);
    assert_eq!(opened, form);
}
