use super::*;
use crate::config::{Field, RawSettings};
use crate::engine::{count, Attempt, Outcome, Record};
use crate::report::readout::Detail;
use crate::viz::{Picture, Span};

mod cap;
mod honest;
mod line;
mod live;
mod race;
mod timing;

pub(super) fn settings(strategy: Strategy, n: usize, k: usize, delay: u32) -> Settings {
    let mut raw = RawSettings::default();
    raw.set(Field::Strategy, strategy.id());
    raw.set(Field::Requests, n.to_string());
    raw.set(Field::Concurrency, k.to_string());
    raw.set(Field::Delay, delay.to_string());
    raw.validate().expect("valid settings")
}

pub(super) fn ok() -> Outcome {
    Outcome::Ok {
        status: 200,
        bytes: 256,
    }
}

/// A run whose request i took `latency` ms, starting one after another.
pub(super) fn run(
    id: usize,
    strategy: Strategy,
    n: usize,
    k: usize,
    wall_ms: f64,
) -> Arc<RunResult> {
    let s = settings(strategy, n, k, 100);
    let records: Vec<Record> = (1..=n)
        .map(|i| {
            let mut r = Record::new(i, s.url_for(i));
            let start = 1000.0 + (i - 1) as f64 * 10.0;
            r.queued = Some(1000.0);
            r.started = Some(start);
            r.ended = Some(start + 100.0);
            r.outcome = Some(ok());
            r.attempts.push(Attempt {
                started: start,
                ended: start + 100.0,
                outcome: ok(),
                timing: None,
            });
            r
        })
        .collect();
    let report = RunReport {
        strategy,
        n,
        concurrency: strategy.concurrency(n, k),
        began_ms: 1000.0,
        wall_ms,
        max_in_flight: 1,
        counts: count(&records),
        cancelled_by_user: false,
        swept: 0,
        records,
        polls: None,
        experiment: None,
    };
    Arc::new(RunResult::new(id, String::new(), s, report))
}

#[test]
fn shown_runs_are_the_ticked_ones_else_the_latest() {
    let runs = vec![
        run(1, Strategy::Sequential, 4, 2, 400.0),
        run(2, Strategy::JoinAll, 4, 2, 100.0),
        run(3, Strategy::WorkerPool, 4, 2, 200.0),
    ];
    let ids = |shown: Vec<Arc<RunResult>>| shown.iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(shown_runs(&runs, &[])), vec![3]);
    assert_eq!(ids(shown_runs(&runs, &[1, 2])), vec![1, 2]);
    // Ticks of runs that are gone fall back to the latest.
    assert_eq!(ids(shown_runs(&runs, &[9])), vec![3]);
    assert!(shown_runs(&[], &[1]).is_empty());
}

#[test]
fn a_third_tick_drops_the_oldest_and_a_second_click_unticks() {
    let mut selected = Vec::new();
    // Up to four side by side (a lesson's three runs, a sweep's few); a fifth drops the oldest.
    for id in [1, 2, 3, 4, 5] {
        toggle_selection(&mut selected, id);
    }
    assert_eq!(selected, vec![2, 3, 4, 5]);
    toggle_selection(&mut selected, 2);
    assert_eq!(selected, vec![3, 4, 5]);
}

#[test]
fn shown_compares_by_identity() {
    let a = run(1, Strategy::JoinAll, 2, 1, 10.0);
    let same = Shown(vec![a.clone()]);
    assert_eq!(same, Shown(vec![a.clone()]));
    // Equal contents, different run: a different picture.
    let twin = Arc::new(RunResult::new(
        1,
        String::new(),
        a.settings.clone(),
        a.report.clone(),
    ));
    assert_ne!(same, Shown(vec![twin]));
}

#[test]
fn baseline_is_the_latest_complete_sequential_run_of_the_same_workload() {
    let seq_old = run(1, Strategy::Sequential, 4, 2, 500.0);
    let limited = run(2, Strategy::WorkerPool, 4, 2, 200.0);
    let seq_new = run(3, Strategy::Sequential, 4, 2, 400.0);
    let mut cancelled = RunResult::new(
        4,
        String::new(),
        seq_new.settings.clone(),
        seq_new.report.clone(),
    );
    cancelled.report.cancelled_by_user = true;
    let other = run(5, Strategy::Sequential, 8, 2, 800.0);
    let runs = vec![
        seq_old,
        limited.clone(),
        seq_new,
        Arc::new(cancelled),
        other,
    ];
    let ids: Vec<usize> = limited.baseline(&runs).iter().map(|b| b.id).collect();
    assert_eq!(ids, vec![3]);
    assert_eq!(limited.speedup(&runs), Some(2.0));
    assert_eq!(
        limited.line(&runs).speedup,
        Speedup::Ratio {
            x: 2.0,
            caveat: None
        }
    );
}

#[test]
fn ideal_efficiency_and_the_verdict_for_the_simulated_server() {
    // N=24, k=4, L=80: ideal ⌈24/4⌉·80 = 480 ms against 24·80 = 1920 ms.
    let s = settings(Strategy::WorkerPool, 24, 4, 80);
    let seq_settings = settings(Strategy::Sequential, 24, 4, 80);
    let base = run(1, Strategy::Sequential, 24, 4, 2040.0);
    let seq = Arc::new(RunResult::new(
        1,
        String::new(),
        seq_settings,
        base.report.clone(),
    ));
    let mut report = base.report.clone();
    report.strategy = Strategy::WorkerPool;
    report.wall_ms = 600.0;
    let mut pool = Arc::new(RunResult::new(2, String::new(), s, report));
    assert_eq!(pool.ideal_source(&[]), Some(Source::Draws));
    assert_eq!(pool.ideal_ms(), None, "not replayed yet");
    assert!(Arc::make_mut(&mut pool).set_ideal(Ideal {
        ms: 480.0,
        sequential_ms: 1920.0,
        from: ServerTimes::Draws,
    }));
    assert_eq!(pool.ideal_ms(), Some(480.0));
    assert_eq!(pool.efficiency(), Some(0.8));
    let runs = vec![seq, pool.clone()];
    let facts = pool.facts(&runs);
    assert_eq!(facts.speedup, Some((2040.0, 3.4)));
    assert_eq!(facts.ideal_speedup, Some(4.0));
    let verdict = pool.verdict(&runs);
    assert!(verdict.starts_with("worker_pool (k=4) finished 24 requests in 600 ms, 3.4× faster than sequential (2.04 s); the ideal for these draws is 4.0×"), "{verdict}");
    // One overhead figure, the share of the ideal, as the stats table says it.
    assert!(
        verdict.contains("it ran at 80% of its ideal (480 ms ÷ 600 ms)"),
        "{verdict}"
    );
    assert!(!verdict.contains("15%"), "{verdict}");
    let line = pool.line(&runs);
    assert_eq!(
        line.label,
        "#2 worker_pool (k=4) · asyncio.Queue + k workers"
    );
    assert_eq!(line.efficiency, Percent(Some(0.8)));
    assert_eq!(line.ideal, Ms(Some(480.0)));
    assert_eq!(line.of_ideal(), OfIdeal(Some((0.8, 480.0))));
    assert_eq!(line.counts.0, count(&pool.report.records));
}

#[test]
fn a_real_target_has_no_ideal() {
    let mut s = settings(Strategy::JoinAll, 4, 2, 100);
    s.target = "http://127.0.0.1:9/{i}".into();
    let r = run(1, Strategy::JoinAll, 4, 2, 100.0);
    let real = RunResult::new(1, String::new(), s, r.report.clone());
    assert_eq!(real.ideal_source(&[]), None);
    assert_eq!(real.ideal_ms(), None);
    assert_eq!(real.line(&[]).efficiency, Percent(None));
    assert_eq!(real.line(&[]).of_ideal(), OfIdeal(None));
    assert!(
        real.verdict(&[]).contains("No ideal yet"),
        "{}",
        real.verdict(&[])
    );
}

#[test]
fn read_out_of_a_finished_request_and_of_a_merged_row() {
    let r = run(1, Strategy::Sequential, 3, 1, 120.0);
    let p = Picture::of_records(&r.report.records, r.report.began_ms);
    let text = readout(&p.rows, p.origin, 1, Detail::Records(&r.report.records));
    assert_eq!(
        text.as_deref(),
        Some("#2 __sim/2 · queued 0 ms · started 10 ms · ended 110 ms · ok 200 · 1 attempt(s)")
    );
    assert_eq!(row_label(&p.rows[1]), "#2");
    assert_eq!(
        readout(&p.rows, p.origin, 3, Detail::Records(&r.report.records)),
        None
    );
    let spans: Vec<Span> = r.report.records.iter().map(Span::from).collect();
    let merged = crate::viz::waterfall_rows(&spans, 1);
    let text = readout(&merged, 1000.0, 0, Detail::Records(&r.report.records));
    assert_eq!(
        text.as_deref(),
        Some("requests 1–3: ok 3, failed 0, cancelled 0 · first start 0 ms · last end 120 ms")
    );
    assert_eq!(row_label(&merged[0]), "#1–3");
}

#[test]
fn read_out_of_a_request_cancelled_before_it_started_dashes_its_times() {
    let r = run(1, Strategy::Sequential, 3, 1, 120.0);
    let mut records = r.report.records.clone();
    records[2].started = None;
    records[2].ended = None;
    records[2].attempts.clear();
    records[2].outcome = Some(Outcome::Cancelled);
    let p = Picture::of_records(&records, r.report.began_ms);
    assert_eq!(
        readout(&p.rows, p.origin, 2, Detail::Records(&records)).as_deref(),
        Some("#3 __sim/3 · queued 0 ms · started – · ended – · cancelled · 0 attempt(s)")
    );
}

#[test]
fn a_live_row_reads_finished_once_its_request_has_finished() {
    let r = run(1, Strategy::Sequential, 3, 1, 120.0);
    let mut spans: Vec<Span> = r.report.records.iter().map(Span::from).collect();
    spans[1].ended = None;
    spans[1].class = None;
    spans[2] = Span::default();
    let p = Picture::of_spans(&spans, 1000.0);
    let mut compact = crate::viz::live::LiveSpans::new(3, 1000.0);
    for (i, s) in spans.iter().enumerate() {
        compact.set(i, s);
    }
    let live = |i| readout(&p.rows, p.origin, i, Detail::Live(&compact));
    assert_eq!(
        live(0).as_deref(),
        Some("#1 · started 0 ms · ended 100 ms · ok")
    );
    assert_eq!(live(1).as_deref(), Some("#2 · started 10 ms · in progress"));
    assert_eq!(live(2).as_deref(), Some("#3 · not started yet"));
}

#[test]
fn focus_counts_every_attempt_of_a_finished_run() {
    let r = run(1, Strategy::WorkerPool, 3, 2, 120.0);
    let f = Focus::of_run(&r);
    // 3 attempts of 100 ms, starting 10 ms apart: all 3 overlap.
    assert_eq!(f.peak, 3);
    assert_eq!(f.steps.first(), Some(&(1000.0, 1)));
    assert_eq!(f.steps.last().map(|s| s.1), Some(0));
    assert_eq!(f.latency_count, 3);
    assert_eq!(f.bins.iter().map(|b| b.count).sum::<usize>(), 3);
    assert_eq!((f.k, f.live, f.origin), (Some(2), false, 1000.0));
}

#[test]
fn live_in_flight_counts_fetch_attempts_not_backoff() {
    use crate::engine::Event;
    let s = settings(Strategy::JoinAll, 2, 2, 100);
    let mut live = LiveRun::new(s.clone(), 0.0);
    let mut rec = Record::new(1, s.url_for(1));
    rec.started = Some(0.0);
    live.apply(&Event::Started(&rec), 0.0);
    assert_eq!(live.steps.trace(10.0), vec![(0.0, 1), (10.0, 1)]);
    rec.attempts.push(Attempt {
        started: 0.0,
        ended: 30.0,
        outcome: Outcome::HttpError { status: 500 },
        timing: None,
    });
    live.apply(&Event::AttemptEnded(&rec), 30.0);
    // Backing off from 30 to 100 ms: nothing in flight.
    assert_eq!(live.steps.trace(50.0), vec![(0.0, 1), (30.0, 0), (50.0, 0)]);
    live.apply(&Event::Started(&rec), 100.0);
    rec.attempts.push(Attempt {
        started: 100.0,
        ended: 120.0,
        outcome: ok(),
        timing: None,
    });
    rec.ended = Some(120.0);
    rec.outcome = Some(ok());
    live.apply(&Event::AttemptEnded(&rec), 120.0);
    live.apply(&Event::Finished(&rec), 120.0);
    let focus = Focus::live(&live, 200.0);
    assert!(focus.live);
    assert_eq!(
        focus.steps,
        vec![(0.0, 1), (30.0, 0), (100.0, 1), (120.0, 0), (200.0, 0)]
    );
    assert_eq!((focus.peak, focus.latency_count), (1, 1));
    assert!(focus.bins[0].lo <= 20.0 && 20.0 < focus.bins[0].hi);
    assert_eq!(live.done, 1);
    // The waterfall's span covers the whole request.
    assert_eq!(
        live.spans.get(0).map(|s| (s.started, s.ended)).unwrap(),
        (Some(0.0), Some(120.0))
    );
}

#[test]
fn abba_order_uses_the_mean_of_both_sequential_runs() {
    let batch = |r: Arc<RunResult>, batch: usize| {
        let mut r = RunResult::new(r.id, String::new(), r.settings.clone(), r.report.clone());
        r.batch = batch;
        Arc::new(r)
    };
    let older = batch(run(1, Strategy::Sequential, 4, 2, 900.0), 1);
    let a1 = batch(run(2, Strategy::Sequential, 4, 2, 400.0), 2);
    let b1 = batch(run(3, Strategy::WorkerPool, 4, 2, 100.0), 2);
    let b2 = batch(run(4, Strategy::WorkerPool, 4, 2, 110.0), 2);
    let a2 = batch(run(5, Strategy::Sequential, 4, 2, 440.0), 2);
    let runs = vec![older, a1, b1.clone(), b2, a2];
    assert_eq!(b1.baseline_wall_ms(&runs), Some(420.0));
    assert_eq!(b1.speedup(&runs), Some(4.2));
    let note = b1.order_note(&runs).expect("an order note");
    assert!(note.starts_with("In A B B A order: sequential 400 ms then 440 ms (10% apart), worker_pool 100 ms then 110 ms (10% apart)"), "{note}");
    assert!(b1.verdict(&runs).contains("In A B B A order"));
}

#[test]
fn compare_plans() {
    use Strategy::*;
    assert_eq!(compare_plan(JoinAll, false), vec![Sequential, JoinAll]);
    assert_eq!(
        compare_plan(WorkerPool, true),
        vec![Sequential, WorkerPool, WorkerPool, Sequential]
    );
}
