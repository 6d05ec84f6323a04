//! The verdict's sentences, pinned.
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
        bottleneck: Some(
            "Little's law (L = λ·W): beyond k ≈ 3 a higher limit only adds waiting, in the browser"
                .into(),
        ),
        cpu: Some(Cpu {
            per_ms: 50,
            responses: 20,
            workers: None,
        }),
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
            workers: None,
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
fn workers_mode_measures_the_wall_against_n_cpu_and_the_pools_floor() {
    let f = Facts {
        n: 20,
        wall_ms: 640.0,
        efficiency: None,
        cpu: Some(Cpu {
            per_ms: 50,
            responses: 20,
            workers: Some(2),
        }),
        ..facts()
    };
    let s = sentence(&f);
    assert!(!s.contains("one thread,"), "{s}");
    assert!(!s.contains("on the page's one thread"), "{s}");
    assert!(
        s.contains("Handler CPU in Web Workers: 20 responses × 50 ms = 1.00 s of CPU, up to 2 handlers at once. The 640 ms wall is 0.64 × N × cpu (1.00 s), and 1.28 × the floor N × cpu ÷ 2 workers = 500 ms"),
        "{s}"
    );
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
        s.contains("at most 6 HTTP/1.1 connections per host, and up to 20 were in flight to one"),
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
    assert!(
        s.contains(
            "only 4 were answered at a time, by the browser's connections or the server's workers"
        ),
        "{s}"
    );
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

#[test]
fn a_run_without_a_loop_gives_its_best_possible_instead_of_asking_for_compare() {
    let alone = Facts {
        speedup: None,
        ideal_speedup: None,
        efficiency: Some((200.0, 0.82)),
        ..facts()
    };
    assert_eq!(
        plain(&alone),
        "join_all_limited (k=10) took 2.10 s; the best possible here was 200 ms."
    );
    let unknown = Facts {
        efficiency: None,
        ..alone
    };
    assert!(plain(&unknown).ends_with("press Compare to race it against the loop."));
}
