//! The CPU lesson's check for a run in CPU mode "workers": its handlers ran
//! in a pool of Web Workers, off the page's thread, so they may overlap and
//! the wall falls under N × cpu, which a main-thread run cannot do.
use super::check::Measured;
use super::Check;
use crate::engine::Strategy;
use crate::stats::format_ms;

/// `run` (the latest CPU run, in workers mode) against N × cpu (`floor`),
/// and against the latest main-thread run of the same N and cpu, when there is one.
pub(super) fn workers_check(runs: &[Measured], run: &Measured, floor: f64, lanes: usize) -> Check {
    let shown = run.wall_ms < floor * 0.95;
    let main = runs.iter().rev().find(|r| {
        r.completed
            && !r.cpu_workers
            && r.strategy != Strategy::Sequential
            && r.cpu_ms == run.cpu_ms
            && r.n == run.n
    });
    let mut evidence = format!(
        "{} workers: wall {} < N × cpu = {}, with k={lanes}",
        if shown { "✓" } else { "✗" },
        format_ms(run.wall_ms),
        format_ms(floor),
    );
    let mut sentence = format!(
        "In CPU mode “workers” the {} handlers of {} ms each ran in a pool of Web Workers, off the page's thread, so they overlapped: {} against the {} they take one after another. That is the post's fix, another process, in a browser.",
        run.n,
        run.cpu_ms,
        format_ms(run.wall_ms),
        format_ms(floor),
    );
    if let Some(main) = main {
        let ratio = run.wall_ms / main.wall_ms;
        evidence += &format!(
            "; workers ÷ main thread = {ratio:.2} ({} ÷ {})",
            format_ms(run.wall_ms),
            format_ms(main.wall_ms)
        );
        sentence += &format!(
            " On the page's one thread the same run took {}.",
            format_ms(main.wall_ms)
        );
    }
    Check {
        shown,
        evidence,
        sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Language;

    fn run(cpu_workers: bool, wall_ms: f64) -> Measured {
        Measured {
            language: Language::Rust,
            cpu_workers,
            strategy: Strategy::JoinAllLimited,
            n: 20,
            k: 10,
            delay_ms: 20,
            cpu_ms: 50,
            wall_ms,
            ok: 20,
            workload: "w".into(),
            completed: true,
            batch: 1,
            protocol: None,
            polls: None,
            ideal: None,
            tasks: None,
        }
    }

    #[test]
    fn a_workers_run_under_n_times_cpu_shows_the_fix_beside_the_main_thread_run() {
        let runs = [run(false, 1_230.0), run(true, 640.0)];
        let check = workers_check(&runs, &runs[1], 1_000.0, 10);
        assert!(check.shown, "{check:?}");
        assert_eq!(
            check.evidence,
            "✓ workers: wall 640 ms < N × cpu = 1.00 s, with k=10; workers ÷ main thread = 0.52 (640 ms ÷ 1.23 s)"
        );
        assert!(check
            .sentence
            .ends_with("On the page's one thread the same run took 1.23 s."));
    }

    #[test]
    fn a_workers_run_that_did_not_overlap_fails() {
        let runs = [run(true, 1_010.0)];
        let check = workers_check(&runs, &runs[0], 1_000.0, 10);
        assert!(!check.shown);
        assert!(
            check.evidence.starts_with("✗ workers: wall 1.01 s"),
            "{}",
            check.evidence
        );
    }
}
