//! Lessons 001 and 004 in Python, the post's own language: each strategy
//! the post measured, against Python's own loop of the same workload, in
//! the same page as Rust's runs.
use super::check::{baseline_of, ideal_wall_ms, latest, Measured};
use crate::engine::Strategy;
use crate::lang::Language;
use crate::stats::format_ms;

/// Each of `strategies` as Python ran it, against Python's own loop of the
/// same workload: (about its ideal, evidence, sentence).
pub(super) fn python_ratios(
    runs: &[Measured],
    strategies: impl Iterator<Item = Strategy>,
) -> Vec<(bool, String, String)> {
    strategies
        .filter_map(|strategy| {
            let run = latest(runs, strategy, Language::Python)?;
            let base = baseline_of(runs, run)?;
            let ours = base.wall_ms / run.wall_ms;
            let ideal_ms = run.ideal.map_or_else(|| ideal_wall_ms(run), |(ms, _)| ms);
            let share = ideal_ms / run.wall_ms;
            let ok = share >= 0.5;
            let name = strategy.python();
            Some((
                ok,
                format!("{} Python {name} {ours:.1}×", if ok { "✓" } else { "✗" }),
                format!(
                    "{name} was {ours:.1}× faster than the loop at N={} ({} ÷ {}), at {:.0}% of its ideal",
                    run.n,
                    format_ms(base.wall_ms),
                    format_ms(run.wall_ms),
                    share * 100.0
                ),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(strategy: Strategy, language: Language, wall_ms: f64) -> Measured {
        Measured {
            language,
            cpu_workers: false,
            strategy,
            n: 21,
            k: 10,
            delay_ms: 169,
            cpu_ms: 0,
            wall_ms,
            ok: 21,
            workload: "w".into(),
            completed: true,
            batch: 1,
            protocol: None,
            polls: None,
            ideal: Some((
                if strategy == Strategy::Sequential {
                    3_549.0
                } else {
                    169.0
                },
                3_549.0,
            )),
            tasks: None,
        }
    }

    #[test]
    fn pythons_gather_is_measured_against_pythons_own_loop_not_rusts() {
        let runs = [
            run(Strategy::Sequential, Language::Rust, 3_700.0),
            run(Strategy::Sequential, Language::Python, 3_900.0),
            run(Strategy::JoinAll, Language::Rust, 200.0),
            run(Strategy::JoinAll, Language::Python, 260.0),
        ];
        let said = python_ratios(&runs, [Strategy::JoinAll, Strategy::WorkerPool].into_iter());
        assert_eq!(
            said.len(),
            1,
            "no Python worker_pool run: nothing said of it"
        );
        let (ok, evidence, sentence) = &said[0];
        assert!(ok);
        assert_eq!(evidence, "✓ Python asyncio.gather 15.0×");
        assert!(
            sentence.starts_with(
                "asyncio.gather was 15.0× faster than the loop at N=21 (3.90 s ÷ 260 ms)"
            ),
            "{sentence}"
        );
        // Without a Python loop there is no Python ratio.
        assert!(python_ratios(&runs[2..], [Strategy::JoinAll].into_iter()).is_empty());
    }

    #[test]
    fn a_python_run_far_from_its_ideal_fails() {
        let runs = [
            run(Strategy::Sequential, Language::Python, 3_900.0),
            run(Strategy::JoinAll, Language::Python, 3_000.0),
        ];
        let said = python_ratios(&runs, [Strategy::JoinAll].into_iter());
        assert!(!said[0].0);
        assert!(said[0].1.starts_with('✗'));
    }
}
