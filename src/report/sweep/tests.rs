use super::*;

fn point(k: usize, per_s: f64) -> Point {
    Point {
        k,
        run: k,
        wall_ms: 1000.0,
        per_s,
        ideal_ms: None,
        cancelled: false,
        failed: 0,
    }
}

#[test]
fn parses_the_default_list() {
    assert_eq!(
        parse_list(DEFAULT_LIST, 2000, 100_000).map(|l| l.ks),
        Ok(vec![1, 2, 5, 10, 20, 50, 100, 150, 200])
    );
    assert_eq!(
        parse_list(" 6 ,, 3,", 10, 100).map(|l| l.ks),
        Ok(vec![6, 3])
    );
}

#[test]
fn bad_lists_say_what_is_wrong() {
    use SweepError::*;
    assert_eq!(parse_list("", 10, 100), Err(Empty));
    assert_eq!(parse_list(" , ", 10, 100), Err(Empty));
    assert_eq!(parse_list("1, two", 10, 100), Err(NotNumber("two".into())));
    assert_eq!(parse_list("1.5", 10, 100), Err(NotNumber("1.5".into())));
    assert_eq!(parse_list("-1", 10, 100), Err(NotNumber("-1".into())));
    assert_eq!(parse_list("0, 1", 10, 100), Err(Zero));
    assert_eq!(parse_list("11, 12", 10, 100), Err(AllAboveN(10)));
    assert_eq!(
        parse_list("101", 1000, 100),
        Err(AboveMax { k: 101, max: 100 })
    );
    assert_eq!(parse_list("2, 3, 2", 10, 100), Err(Duplicate(2)));
    assert_eq!(parse_list("20, 11, 20", 10, 100), Err(Duplicate(20)));
    let many: Vec<String> = (1..=21).map(|k| k.to_string()).collect();
    assert_eq!(parse_list(&many.join(","), 100, 100), Err(TooMany(21)));
    let msg = AllAboveN(10).to_string();
    assert!(msg.contains("10 requests"), "{msg}");
}

#[test]
fn values_above_n_are_skipped_with_a_note_not_refused() {
    // A fresh page: the default list against the default N = 20.
    let list = parse_list(DEFAULT_LIST, 20, 100_000).unwrap();
    assert_eq!(list.ks, vec![1, 2, 5, 10, 20]);
    assert_eq!(list.above_n, vec![50, 100, 150, 200]);
    assert_eq!(
        list.note(20).unwrap(),
        "k = 50, 100, 150, 200 are skipped: they are more than the 20 requests (N), so each would run like k = 20."
    );
    let one = parse_list("5, 11", 10, 100).unwrap();
    assert_eq!((&one.ks[..], &one.above_n[..]), (&[5][..], &[11][..]));
    assert!(one.note(10).unwrap().starts_with("k = 11 is skipped"));
    assert_eq!(parse_list("1, 5", 10, 100).unwrap().note(10), None);
}

#[test]
fn the_order_is_sorted_or_a_repeatable_shuffle() {
    let ks = [50, 1, 20, 5, 2, 10, 100, 150, 200];
    assert_eq!(
        run_order(&ks, false, 1),
        vec![1, 2, 5, 10, 20, 50, 100, 150, 200]
    );
    let a = run_order(&ks, true, 1);
    assert_eq!(a, run_order(&ks, true, 1));
    assert_ne!(a, run_order(&ks, false, 1));
    let mut sorted = a.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, run_order(&ks, false, 1));
    assert_eq!(run_order(&[7], true, 3), vec![7]);
    assert!(run_order(&[], true, 3).is_empty());
}

#[test]
fn the_knee_is_the_smallest_k_within_5_percent_of_the_best() {
    // Unsorted on purpose.
    let pts = [
        point(50, 960.0),
        point(1, 18.0),
        point(200, 990.0),
        point(20, 700.0),
        point(100, 1000.0),
    ];
    let knee = knee(&pts).expect("points");
    assert_eq!((knee.k, knee.best_k), (50, 100));
    assert!(knee.sentence().contains("k = 50"));
    // Exactly 95% is within.
    assert_eq!(
        super::knee(&[point(10, 95.0), point(20, 100.0)]).map(|k| k.k),
        Some(10)
    );
    // Best at the largest k, the smaller more than 5% slower: no bend.
    assert_eq!(
        super::reading(&[point(10, 94.9), point(20, 100.0)]),
        Some(Reading::Rising {
            k: 20,
            per_s: 100.0,
            alone: false
        })
    );
    assert_eq!(super::knee(&[point(10, 94.9), point(20, 100.0)]), None);
}

#[test]
fn a_line_that_never_bends_has_no_knee() {
    // 1, 5, 20 at N = 20 on a fixed delay: throughput grows with k to the end.
    let pts = [point(1, 5.0), point(5, 25.0), point(20, 98.0)];
    assert_eq!(knee(&pts), None);
    let said = reading(&pts).expect("points").sentence();
    assert!(said.starts_with("No plateau within the list"), "{said}");
    assert!(said.contains("largest k = 20"), "{said}");
}

#[test]
fn the_k_axis_is_logarithmic() {
    assert_eq!(log_position(1, 1, 100), 0.0);
    assert_eq!(log_position(100, 1, 100), 1.0);
    assert!((log_position(10, 1, 100) - 0.5).abs() < 1e-12);
    assert_eq!(log_position(6, 6, 6), 0.5);
}

#[test]
fn edge_cases_single_point_ties_and_cancelled() {
    assert_eq!(knee(&[]), None);
    // One point shows no bend.
    assert_eq!(knee(&[point(6, 100.0)]), None);
    assert_eq!(
        reading(&[point(6, 100.0)]),
        Some(Reading::Rising {
            k: 6,
            per_s: 100.0,
            alone: true
        })
    );
    assert_eq!(
        knee(&[point(8, 100.0), point(6, 100.0)]).map(|k| (k.k, k.best_k)),
        Some((6, 6))
    );
    // A cancelled point's rate is not a measurement: never the knee.
    let mut cancelled = point(2, 500.0);
    cancelled.cancelled = true;
    assert_eq!(
        knee(&[cancelled.clone(), point(1, 60.0), point(5, 100.0)]).map(|k| k.k),
        None
    );
    assert_eq!(
        knee(&[cancelled.clone(), point(5, 100.0), point(9, 99.0)]).map(|k| k.k),
        Some(5)
    );
    assert_eq!(knee(&[cancelled]), None);
    assert_eq!(knee(&[point(3, 0.0)]), None);
}
