//! Race the languages: its batch found in the history, the ratios to Rust,
//! and who set the pace.
use super::*;
use crate::lang::Language;
use crate::report::race::{latest, Pace};

/// Run `id` of a race in `batch`: `language`'s join_all_limited, `wall_ms` long,
/// with the replayed ideal 600 ms against sequential's 2,400 ms.
fn lane(id: usize, batch: usize, language: Language, wall_ms: f64) -> Arc<RunResult> {
    let base = run(id, Strategy::JoinAllLimited, 4, 2, wall_ms);
    let mut r = (*base).clone();
    r.batch = batch;
    r.settings.language = language;
    r.set_ideal(Ideal {
        ms: 600.0,
        sequential_ms: 2_400.0,
        from: ServerTimes::Draws,
    });
    Arc::new(r)
}

#[test]
fn close_walls_say_the_strategy_set_the_pace_with_each_ratio_to_rust() {
    let runs = vec![
        lane(1, 1, Language::Python, 660.0),
        lane(2, 1, Language::JavaScript, 620.0),
        lane(3, 1, Language::Rust, 640.0),
    ];
    let race = latest(&runs).expect("a race");
    assert_eq!(race.pace, Some(Pace::Strategy));
    let order: Vec<Language> = race.lanes.iter().map(|l| l.language).collect();
    assert_eq!(
        order,
        [Language::Python, Language::JavaScript, Language::Rust]
    );
    assert_eq!(race.ratios(), "Python 1.03× Rust · JavaScript 0.97× Rust");
    assert_eq!(race.order(), "Run in this order: Python, JavaScript, Rust");
    assert_eq!(
        race.sentence,
        "The strategy set the pace, not the language: the three languages' walls differ by 40 ms, \
         less than the 1.80 s that join_all_limited saves over sequential (ideal 600 ms against 2.40 s)."
    );
}

#[test]
fn a_language_far_behind_sets_the_pace() {
    let runs = vec![
        lane(1, 1, Language::Rust, 640.0),
        lane(2, 1, Language::Python, 3_000.0),
        lane(3, 1, Language::JavaScript, 650.0),
    ];
    let race = latest(&runs).expect("a race");
    assert_eq!(race.pace, Some(Pace::Language));
    assert!(race.sentence.starts_with("The language set the pace"));
    assert!((race.lanes[1].ratio - 3_000.0 / 640.0).abs() < 1e-9);
}

#[test]
fn only_a_whole_batch_of_one_run_per_language_is_a_race() {
    let mut runs = vec![
        lane(1, 1, Language::Rust, 640.0),
        lane(2, 1, Language::Python, 650.0),
        lane(3, 1, Language::JavaScript, 630.0),
    ];
    assert_eq!(latest(&runs).map(|r| r.lanes[0].id), Some(1));
    // A Compare (two Rust runs) after it: the newest batch is no race.
    let mut later = runs.clone();
    later.push(lane(4, 4, Language::Rust, 640.0));
    later.push(lane(5, 4, Language::Rust, 640.0));
    assert!(latest(&later).is_none());
    // Two Pythons and no JavaScript: not a race.
    runs[2] = lane(3, 1, Language::Python, 630.0);
    assert!(latest(&runs).is_none());
    // A cancelled lane: no verdict from a partial run.
    let mut cancelled = (*lane(3, 1, Language::JavaScript, 630.0)).clone();
    cancelled.report.cancelled_by_user = true;
    runs[2] = Arc::new(cancelled);
    assert!(latest(&runs).is_none());
}

#[test]
fn without_an_ideal_only_the_spread_is_said() {
    let strip = |r: Arc<RunResult>| {
        let mut r = (*r).clone();
        r.ideal = None;
        Arc::new(r)
    };
    let runs = vec![
        strip(lane(1, 1, Language::Rust, 640.0)),
        strip(lane(2, 1, Language::Python, 650.0)),
        strip(lane(3, 1, Language::JavaScript, 630.0)),
    ];
    let race = latest(&runs).expect("a race");
    assert_eq!(race.pace, None);
    assert!(
        race.sentence.contains("differ by 20 ms"),
        "{}",
        race.sentence
    );
}
