//! Lesson "polls": join_all against buffer_unordered at N = 20 and N = 200,
//! read from the engine's poll counters. Below futures-util's 30 children
//! join_all re-polls every unfinished child on each wake (quadratic); past
//! them it switches to a FuturesOrdered and, like buffer_unordered, polls
//! only the child that woke (linear).
#![deny(missing_docs)]
use super::{Check, Measured};
use crate::engine::Strategy;
use crate::report::polls::JOIN_ALL_SMALL;

/// The experiment's runs, in order: (strategy, N). k is the twin's.
pub const STEPS: [(Strategy, usize); 4] = [
    (Strategy::JoinAll, 20),
    (Strategy::BufferUnordered, 20),
    (Strategy::JoinAll, 200),
    (Strategy::BufferUnordered, 200),
];

/// join_all's polls over buffer_unordered's at or above this show the
/// quadratic re-polling (in theory up to (N + N(N+1)/2) ÷ 2N = 5.75 at N = 20,
/// less when answers arrive together and one wake covers several).
const QUADRATIC: f64 = 2.0;
/// Below this, the two are both linear.
const LINEAR: f64 = 1.5;

/// The latest complete run of `strategy` at `n` with counted polls.
fn polls_of(runs: &[Measured], strategy: Strategy, n: usize) -> Option<u32> {
    runs.iter()
        .rev()
        .find(|r| r.strategy == strategy && r.n == n && r.completed)
        .and_then(|r| r.polls)
}

/// The check after the runs: join_all polls several times as often as
/// buffer_unordered at N = 20, about as often at N = 200. `None` until both
/// sizes have both runs.
pub fn check(runs: &[Measured]) -> Option<Check> {
    let mut evidence = Vec::new();
    let mut ratios = Vec::new();
    for n in [20, 200] {
        let join = polls_of(runs, Strategy::JoinAll, n)?;
        let buffered = polls_of(runs, Strategy::BufferUnordered, n)?;
        let ratio = f64::from(join) / f64::from(buffered.max(1));
        let ok = if n <= JOIN_ALL_SMALL {
            ratio >= QUADRATIC
        } else {
            ratio < LINEAR
        };
        evidence.push(format!(
            "{} N = {n}: join_all {join} polls, buffer_unordered {buffered} ({ratio:.1}×)",
            if ok { "✓" } else { "✗" }
        ));
        ratios.push((n, ratio, ok));
    }
    let shown = ratios.iter().all(|&(_, _, ok)| ok);
    let (small, big) = match ratios.as_slice() {
        [(_, small, _), (_, big, _)] => (*small, *big),
        _ => return None,
    };
    Some(Check {
        shown,
        evidence: evidence.join("; "),
        sentence: format!(
            "At N = 20 join_all polled {small:.1}× as often as buffer_unordered: with at most {JOIN_ALL_SMALL} children it re-polls every unfinished one on each wake. At N = 200 it polled {big:.1}× as often: past {JOIN_ALL_SMALL} it keeps them in a FuturesOrdered, which polls only the child that woke, as buffer_unordered does."
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::replay::replay_blocking;
    use crate::engine::tests::{ok, opts};
    use crate::report::polls::PollTotals;

    fn measured(strategy: Strategy, n: usize, polls: Option<u32>) -> Measured {
        Measured {
            language: crate::lang::Language::Rust,
            cpu_workers: false,
            strategy,
            n,
            k: 20,
            delay_ms: 200,
            cpu_ms: 0,
            wall_ms: 300.0,
            ok: n,
            workload: format!("N={n}"),
            completed: true,
            batch: 1,
            polls,
            ideal: None,
            tasks: None,
            protocol: None,
        }
    }

    #[test]
    fn the_virtual_clocks_counts_show_the_switch_at_30() {
        // The experiment's four runs on the virtual clock, answers 1 ms apart.
        let runs: Vec<Measured> = STEPS
            .iter()
            .map(|&(s, n)| {
                let r = replay_blocking(s, &opts(n, 20), |i, _| (200.0 + i as f64, ok()))
                    .expect("replays");
                let polls = PollTotals::of(&r).map(|t| t.requests.polls);
                measured(s, n, polls)
            })
            .collect();
        let check = check(&runs).expect("all four ran");
        assert!(check.shown, "{check:?}");
        // n + n(n+1)/2 = 230 against 2n = 40; then 2n = 400 both.
        assert_eq!(
            check.evidence,
            "✓ N = 20: join_all 230 polls, buffer_unordered 40 (5.8×); ✓ N = 200: join_all 400 polls, buffer_unordered 400 (1.0×)"
        );
        assert!(check
            .sentence
            .starts_with("At N = 20 join_all polled 5.8× as often"));
    }

    #[test]
    fn no_check_until_both_sizes_ran_with_counts_and_a_flat_result_is_not_shown() {
        let half = [
            measured(Strategy::JoinAll, 20, Some(230)),
            measured(Strategy::BufferUnordered, 20, Some(40)),
        ];
        assert_eq!(check(&half), None);
        let uncounted = [
            measured(Strategy::JoinAll, 20, Some(230)),
            measured(Strategy::BufferUnordered, 20, Some(40)),
            measured(Strategy::JoinAll, 200, None),
            measured(Strategy::BufferUnordered, 200, Some(400)),
        ];
        assert_eq!(check(&uncounted), None);
        let flat = [
            measured(Strategy::JoinAll, 20, Some(45)),
            measured(Strategy::BufferUnordered, 20, Some(40)),
            measured(Strategy::JoinAll, 200, Some(400)),
            measured(Strategy::BufferUnordered, 200, Some(400)),
        ];
        let c = check(&flat).expect("all four");
        assert!(!c.shown);
        assert!(c.evidence.starts_with("✗ N = 20"), "{}", c.evidence);
    }
}
