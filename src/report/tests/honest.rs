//! Numbers that mean one thing each: a cancelled run has no ratio and no
//! ideal, a sequential run no speedup over itself, and a caveat only where a
//! speedup is shown.
use super::super::*;
use super::{run, settings};
use crate::engine::{count, Outcome};

#[test]
fn a_cancelled_run_has_no_ratio_anywhere() {
    let seq = run(1, Strategy::Sequential, 4, 2, 400.0);
    let mut report = run(2, Strategy::JoinAll, 4, 2, 100.0).report.clone();
    report.cancelled_by_user = true;
    report.records[0].outcome = Some(Outcome::Timeout);
    report.records[3].outcome = Some(Outcome::Cancelled);
    report.counts = count(&report.records);
    let mut cancelled = Arc::new(RunResult::new(
        2,
        String::new(),
        seq.settings.clone(),
        report,
    ));
    // An ideal of all N, as a file may bring one: it must not show beside the partial wall.
    assert!(Arc::make_mut(&mut cancelled).set_ideal(Ideal {
        ms: 100.0,
        sequential_ms: 400.0,
        from: ServerTimes::Draws,
    }));
    let runs = vec![seq, cancelled.clone()];
    assert!(!cancelled.completed());
    assert_eq!(cancelled.speedup(&runs), None);
    assert_eq!(cancelled.shown_ideal_ms(), None);
    assert_eq!(cancelled.efficiency(), None);
    let line = cancelled.line(&runs);
    // 2 ok and 1 failed had finished: both count as finished.
    assert_eq!(line.speedup, Speedup::Cancelled { done: 3, n: 4 });
    assert_eq!((line.counts.0.ok, line.counts.0.failed), (2, 1));
    assert_eq!(line.counts.0.cancelled, 1);
    assert_eq!(line.efficiency, Percent(None));
    assert_eq!(line.ideal, Ms(None));
    assert_eq!(line.of_ideal(), OfIdeal(None));
    let verdict = cancelled.verdict(&runs);
    assert!(!verdict.contains('×'), "{verdict}");
    assert!(!verdict.contains("% of its ideal"), "{verdict}");
    assert!(verdict.contains("was cancelled after"), "{verdict}");
    assert!(
        verdict.contains("No ideal for a cancelled run: it did not run all N requests"),
        "{verdict}"
    );
    assert!(verdict.contains("1 of 4 requests failed"), "{verdict}");
}

#[test]
fn a_cancelled_run_is_never_replayed() {
    let mut report = run(1, Strategy::JoinAll, 4, 2, 100.0).report.clone();
    report.cancelled_by_user = true;
    let s = settings(Strategy::JoinAll, 4, 2, 100);
    let cancelled = RunResult::new(1, String::new(), s, report);
    assert_eq!(
        cancelled.ideal_source(&[]),
        None,
        "no ideal of all N for part of them"
    );
}

#[test]
fn failures_on_either_side_flag_the_speedup() {
    // The sequential run failed one too: its own row still has no speedup, so no caveat.
    let mut seq_report = run(1, Strategy::Sequential, 4, 2, 400.0).report.clone();
    seq_report.records[1].outcome = Some(Outcome::HttpError { status: 500 });
    seq_report.counts = count(&seq_report.records);
    let seq = Arc::new(RunResult::new(
        1,
        String::new(),
        settings(Strategy::Sequential, 4, 2, 100),
        seq_report,
    ));
    let mut report = run(2, Strategy::JoinAll, 4, 2, 100.0).report.clone();
    report.records[0].outcome = Some(Outcome::Timeout);
    report.counts = count(&report.records);
    let failing = Arc::new(RunResult::new(
        2,
        String::new(),
        seq.settings.clone(),
        report,
    ));
    let runs = vec![seq.clone(), failing.clone()];
    let caveat = failing.speedup_caveat(&runs).expect("a caveat");
    assert!(
        caveat.starts_with("1 failed here and 1 in the sequential run:"),
        "{caveat}"
    );
    assert_eq!(
        failing.line(&runs).speedup,
        Speedup::Ratio {
            x: 4.0,
            caveat: Some(caveat.clone())
        }
    );
    assert_eq!(failing.line(&runs).speedup.caveat(), Some(caveat.as_str()));
    assert!(failing.verdict(&runs).contains("Note: 1 failed here"));
    assert_eq!(seq.speedup_caveat(&runs), None);
    assert!(
        !seq.verdict(&runs).contains("Note:"),
        "{}",
        seq.verdict(&runs)
    );
}

#[test]
fn a_sequential_run_has_no_speedup_over_itself() {
    let batch = |r: Arc<RunResult>, batch: usize| {
        let mut r = RunResult::new(r.id, String::new(), r.settings.clone(), r.report.clone());
        r.batch = batch;
        Arc::new(r)
    };
    let alone = run(1, Strategy::Sequential, 4, 2, 400.0);
    assert_eq!(alone.speedup(std::slice::from_ref(&alone)), None);
    assert_eq!(
        alone.line(std::slice::from_ref(&alone)).speedup,
        Speedup::Baseline
    );
    // A B B A: the first sequential run against the mean of both would read 1.1×.
    let a1 = batch(run(2, Strategy::Sequential, 4, 2, 440.0), 2);
    let b1 = batch(run(3, Strategy::WorkerPool, 4, 2, 100.0), 2);
    let a2 = batch(run(4, Strategy::Sequential, 4, 2, 400.0), 2);
    let runs = vec![a1.clone(), b1.clone(), a2.clone()];
    for seq in [&a1, &a2] {
        assert_eq!(seq.speedup(&runs), None);
        assert_eq!(seq.line(&runs).speedup, Speedup::Baseline);
        let verdict = seq.verdict(&runs);
        assert!(!verdict.contains('×'), "{verdict}");
    }
    match b1.line(&runs).speedup {
        Speedup::Ratio { x, caveat: None } => assert!((x - 4.2).abs() < 1e-9, "{x}"),
        other => panic!("expected a ratio, got {other:?}"),
    }
}

#[test]
fn throughput_counts_successes_only_as_the_sweep_chart_does() {
    // 4 finished in 400 ms, one of them a timeout: 3 ok ÷ 0.4 s = 7.5/s, not 10/s.
    let mut report = run(1, Strategy::JoinAll, 4, 2, 400.0).report.clone();
    report.records[0].outcome = Some(Outcome::Timeout);
    report.counts = count(&report.records);
    let r = RunResult::new(
        1,
        String::new(),
        settings(Strategy::JoinAll, 4, 2, 100),
        report,
    );
    assert_eq!(r.throughput(), Some(7.5));
    assert_eq!(r.line(&[]).rate, Rate(Some(7.5)));
    let point = &super::super::sweep::points(&[Arc::new(r)], 1)[0];
    assert_eq!(point.per_s, 7.5);
}
