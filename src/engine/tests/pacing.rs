//! One press, many runs: the attempt budget and the rate schedule they share,
//! and the rate reached when every timer fires at least 4 ms late.
use super::*;

fn unavailable() -> Outcome {
    Outcome::HttpError { status: 503 }
}

/// Every attempt start of these runs, in time order.
fn starts_of(reports: &[RunReport]) -> Vec<f64> {
    let mut starts: Vec<f64> = reports
        .iter()
        .flat_map(|r| r.records.iter())
        .flat_map(|r| r.attempts.iter().map(|a| a.started))
        .collect();
    starts.sort_by(f64::total_cmp);
    starts
}

/// Runs `plan` one run after another on one clock, as one press does, each
/// run after a 1 ms pause (the page painting); all share `pacing`.
fn press<F: Fn(usize, u32) -> (f64, Outcome)>(
    plan: &[Strategy],
    o: &RunOptions,
    pacing: &Pacing,
    fake: &Fake<F>,
) -> Vec<RunReport> {
    let clock = VirtualClock::new();
    let requester = Scripted::new(clock.clone(), &fake.0);
    let cancel = CancelToken::new();
    let all = async {
        let mut reports = Vec::new();
        for strategy in plan {
            clock.sleep_ms(1.0).await;
            let r = run_paced(*strategy, o, pacing, &requester, &clock, &cancel, |_| {});
            reports.push(r.await);
        }
        reports
    };
    clock.block_on(all).expect("the press finishes")
}

fn abba() -> [Strategy; 4] {
    [
        Strategy::Sequential,
        Strategy::JoinAll,
        Strategy::JoinAll,
        Strategy::Sequential,
    ]
}

#[test]
fn worst_case_of_a_press_counts_every_run_request_and_retry() {
    assert_eq!(worst_case_attempts(4, 100, 10), 4_400);
    assert_eq!(worst_case_attempts(20, 1_000, 10), 220_000);
    assert_eq!(worst_case_attempts(1, 1_000, 0), 1_000);
    assert_eq!(
        worst_case_attempts(usize::MAX, 2, 10),
        usize::MAX,
        "saturates"
    );
}

#[test]
fn abba_compare_with_10_retries_sends_no_more_than_the_budget_at_10_per_second() {
    // Every attempt is a 503, so each request would make 11 attempts: 4,400 in all.
    let fake = Fake(|_, _| (20.0, unavailable()));
    let mut o = opts(100, 100);
    o.rate_per_sec = Some(10.0);
    o.retry = RetryPolicy {
        max_retries: 10,
        base_ms: 50.0,
        cap_ms: 400.0,
    };
    let pacing = Pacing::capped(1_000);
    let reports = press(&abba(), &o, &pacing, &fake);
    let starts = starts_of(&reports);
    assert_eq!(starts.len(), 1_000, "exactly the budget, retries counted");
    assert_eq!(pacing.started(), 1_000);
    assert_eq!(pacing.left(), Some(0));
    assert!(pacing.refused() > 0);
    // Across run boundaries too: one schedule for the whole press.
    assert_rate_kept(&starts, 10.0, "A B B A");
    for (i, r) in reports.iter().enumerate() {
        assert_eq!(r.counts.total(), 100, "run {i}: one outcome per request");
        assert_eq!(r.swept, 0);
        assert!(r.records.iter().all(|rec| rec.outcome.is_some()));
    }
    // The budget ran out in the first (sequential) run: the later runs start nothing,
    // and their requests end as cancelled.
    for r in &reports[1..] {
        assert_eq!(r.counts.cancelled, 100);
        assert!(r.records.iter().all(|rec| rec.attempts.is_empty()));
    }
}

#[test]
fn run_two_of_a_compare_waits_out_the_gap_after_run_one() {
    let fake = Fake(|_, _| (10.0, ok()));
    let mut o = opts(5, 5);
    o.rate_per_sec = Some(10.0);
    let pacing = Pacing::capped(1_000);
    let reports = press(
        &[Strategy::Sequential, Strategy::JoinAll],
        &o,
        &pacing,
        &fake,
    );
    let last_of_one = reports[0].records[4].started.unwrap();
    let first_of_two = reports[1].records[0].started.unwrap();
    // Run 1 ends 10 ms after its last start; run 2 may not start 11 ms later.
    assert_eq!(first_of_two - last_of_one, 100.0);
    assert_eq!(pacing.started(), 10);
    assert_eq!(pacing.left(), Some(990));
    assert_rate_kept(&starts_of(&reports), 10.0, "sequential then join_all");
}

#[test]
fn a_retry_the_budget_has_no_room_for_never_starts_and_keeps_its_last_outcome() {
    let fake = Fake(|_, _| (10.0, unavailable()));
    let mut o = opts(10, 10);
    o.retry = RetryPolicy {
        max_retries: 10,
        base_ms: 10.0,
        cap_ms: 10.0,
    };
    let pacing = Pacing::capped(25);
    let r = &press(&[Strategy::JoinAll], &o, &pacing, &fake)[0];
    let attempts: usize = r.records.iter().map(|rec| rec.attempts.len()).sum();
    assert_eq!(attempts, 25);
    assert_eq!(r.counts.total(), 10);
    // Every request started (10 first attempts fit), so none is cancelled:
    // each ends as its last 503.
    assert_eq!(r.counts.failed, 10);
    assert!(r
        .records
        .iter()
        .all(|rec| rec.outcome == Some(unavailable())));
}

#[test]
fn a_request_the_budget_cannot_start_is_cancelled() {
    let fake = Fake(|_, _| (10.0, ok()));
    let pacing = Pacing::capped(3);
    let r = &press(&[Strategy::JoinAllLimited], &opts(10, 2), &pacing, &fake)[0];
    assert_eq!((r.counts.ok, r.counts.cancelled), (3, 7));
    assert!(r.records[3..].iter().all(|rec| rec.started.is_none()));
    assert_eq!(pacing.refused(), 7);
}

#[test]
fn an_unlimited_pacing_counts_but_never_refuses() {
    let fake = Fake(|_, _| (10.0, ok()));
    let pacing = Pacing::unlimited();
    let reports = press(&abba(), &opts(50, 5), &pacing, &fake);
    assert!(reports.iter().all(|r| r.counts.ok == 50));
    assert_eq!(
        (pacing.started(), pacing.left(), pacing.refused()),
        (200, None, 0)
    );
}

/// A browser's clock: every timer fires at least `min_ms` after it was set
/// (4 ms: the clamp of nested `setTimeout`), and `late_ms` late.
#[derive(Clone)]
struct Late {
    clock: VirtualClock,
    min_ms: f64,
    late_ms: f64,
}

impl Clock for Late {
    type Sleep = virtual_time::Sleep;
    fn now_ms(&self) -> f64 {
        self.clock.now_ms()
    }
    fn sleep_ms(&self, ms: f64) -> Self::Sleep {
        self.clock.sleep_ms(ms.max(self.min_ms) + self.late_ms)
    }
}

fn late_run(per_sec: f64, n: usize, min_ms: f64, late_ms: f64) -> RunReport {
    let clock = VirtualClock::new();
    let fake = |_, _| (1.0, ok());
    let requester = Scripted::new(clock.clone(), fake);
    let mut o = opts(n, n);
    o.rate_per_sec = Some(per_sec);
    let late = Late {
        clock: clock.clone(),
        min_ms,
        late_ms,
    };
    let cancel = CancelToken::new();
    let run = run(Strategy::JoinAll, &o, &requester, &late, &cancel, |_| {});
    clock.block_on(run).expect("the run finishes")
}

#[test]
fn a_rate_of_1000_per_second_is_reached_though_timers_fire_4ms_or_a_long_task_late() {
    // Every timer clamped to 4 ms; then each also 12 or 40 ms late (a busy page).
    for (per_sec, late_ms) in [
        (100.0, 0.0),
        (300.0, 0.0),
        (1_000.0, 0.0),
        (5_000.0, 0.0),
        (1_000.0, 12.0),
        (100.0, 12.0),
        (1_000.0, 40.0),
    ] {
        let r = late_run(per_sec, 2_000, 4.0, late_ms);
        let starts = starts_of(std::slice::from_ref(&r));
        let span = starts[starts.len() - 1] - starts[0];
        let reached = (starts.len() - 1) as f64 * 1000.0 / span;
        assert!(
            reached >= 0.98 * per_sec && reached <= per_sec * 1.000_001,
            "asked {per_sec}/s, {late_ms} ms late: reached {reached:.1}/s"
        );
        assert_rate_kept(&starts, per_sec, &format!("{per_sec}/s, {late_ms} ms late"));
    }
}

#[test]
fn timers_slightly_late_keep_200_per_second_without_bunching() {
    // Every timer fires 0.9 ms late, less than one gap (5 ms): each start
    // takes its slot late, and no two starts share a wake.
    let r = late_run(200.0, 100, 4.0, 0.9);
    let starts = starts_of(std::slice::from_ref(&r));
    assert_eq!(most_in_window(&starts, 0.999), 1);
    assert!(starts.windows(2).all(|w| w[1] - w[0] >= 5.0 - 0.9 - 1e-9));
    let reached = 99.0 * 1000.0 / (starts[99] - starts[0]);
    assert!(reached > 199.0, "{reached}");
    assert_rate_kept(&starts, 200.0, "200/s, late timers");
}

#[test]
fn a_schedule_keeps_late_slots_but_banks_none_after_idle() {
    let mut s = Schedule::default();
    assert_eq!(s.wait_ms(0.0), 0.0);
    s.started(0.0, 100.0, 0.0);
    assert_eq!(s.wait_ms(40.0), 60.0);
    // On time: the next slot is one gap on.
    s.started(100.0, 100.0, 50.0);
    assert_eq!(s.wait_ms(100.0), 100.0);
    // Its timer 3 ms late: the start keeps its slot; the next comes 97 ms after it.
    s.started(203.0, 100.0, 150.0);
    assert_eq!(s.wait_ms(203.0), 97.0);
    // 80 ms late (a long task): the slot is kept only CATCH_UP_MS late.
    s.started(380.0, 100.0, 250.0);
    assert_eq!(s.wait_ms(380.0), 100.0 - CATCH_UP_MS);
    // Idle until a start arrives at 10 s: the slots missed are not a burst.
    s.started(10_000.0, 100.0, 10_000.0);
    assert_eq!(s.wait_ms(10_000.0), 100.0);
}
