//! Lesson 003: tasks created first, then awaited one by one in creation
//! order ([`crate::engine::in_order`]). Awaiting in order does not make the
//! tasks run in order: the check measures that the wall is about the
//! slowest task's time, not the sum of all of them.
#![deny(missing_docs)]
use super::check::{against_post, Measured, Post};
use super::Check;
use crate::engine::{Experiment, RunReport};
use crate::lang::Language;
use crate::stats::format_ms;

/// What the check needs of a run's tasks, from its records.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaskTimes {
    /// The longest task: its first start to its outcome.
    pub slowest_ms: f64,
    /// Every task's time added up: what awaiting them one after another
    /// (no tasks, the loop) would have taken.
    pub sum_ms: f64,
    /// Tasks that had finished before the await of every earlier one
    /// returned: their own await returned at once.
    pub done_before_turn: usize,
}

impl TaskTimes {
    /// The task times of `report`, when lesson 003's experiment ran it.
    pub fn of(report: &RunReport) -> Option<Self> {
        if report.experiment != Some(Experiment::TasksInOrder) {
            return None;
        }
        let mut times = TaskTimes {
            slowest_ms: 0.0,
            sum_ms: 0.0,
            done_before_turn: 0,
        };
        // A task's turn comes when the awaits of all earlier ones have
        // returned: at the latest end among them (records are in creation order).
        let mut turn: Option<f64> = None;
        for record in &report.records {
            let (Some(start), Some(end)) = (record.started, record.ended) else {
                continue;
            };
            let own = (end - start).max(0.0);
            times.slowest_ms = times.slowest_ms.max(own);
            times.sum_ms += own;
            if turn.is_some_and(|t| end < t) {
                times.done_before_turn += 1;
            }
            turn = Some(turn.map_or(end, |t| t.max(end)));
        }
        Some(times)
    }
}

/// "Not serialised": at most twice the slowest task, on a loaded 2-core
/// machine whose fetch overhead adds to every wall.
fn not_serialised(wall_ms: f64, times: &TaskTimes) -> bool {
    wall_ms <= 2.0 * times.slowest_ms && wall_ms < times.sum_ms
}

/// Lesson 003's check on the latest complete in-order run among `runs`;
/// `None` until there is one.
pub fn check(runs: &[Measured], post_n: usize, sequential_s: f64, async_s: f64) -> Option<Check> {
    let (run, times) = latest_in(runs, Language::Rust)?;
    let ok = not_serialised(run.wall_ms, &times);
    let (wall, slowest, sum) = (
        format_ms(run.wall_ms),
        format_ms(times.slowest_ms),
        format_ms(times.sum_ms),
    );
    let n = run.n;
    let mut evidence = format!(
        "{} {n} tasks awaited in creation order: wall {wall} ≈ the slowest task ({slowest}), not their sum ({sum}); {} of {n} were done before their turn",
        if ok { "✓" } else { "✗" },
        times.done_before_turn,
    );
    let mut sentence = format!(
        "Created first, all {n} tasks ran at once while the loop awaited the first of them: awaiting them one by one in creation order took {wall}, about the slowest task's {slowest}, not the {sum} their times add up to; {} were already done when their turn came, and their await returned at once.",
        times.done_before_turn,
    );
    let post = Post {
        n: post_n,
        k: post_n,
        sequential_s,
        seconds: async_s,
        label: "create_task, then await each",
    };
    let mut shown = ok;
    if let Some(against) = against_post(runs, run, "tasks_in_order", &post) {
        shown &= against.ok;
        evidence = format!("{evidence}; {}", against.evidence);
        sentence = format!(
            "{sentence} {}.",
            crate::verdict::capitalise(&against.sentence)
        );
    }
    // The post's own language, in this page: the same tasks in asyncio.
    if let Some((py, py_times)) = latest_in(runs, Language::Python) {
        let py_ok = not_serialised(py.wall_ms, &py_times);
        shown &= py_ok;
        evidence += &format!(
            "; {} Python, {} tasks (create_task, then await each): wall {} ≈ the slowest ({}), not their sum ({})",
            if py_ok { "✓" } else { "✗" },
            py.n,
            format_ms(py.wall_ms),
            format_ms(py_times.slowest_ms),
            format_ms(py_times.sum_ms),
        );
        sentence += &format!(
            " In Python's asyncio, the post's own code in this page, the same tasks took {}: the slowest task's {}, not the {} they add up to.",
            format_ms(py.wall_ms),
            format_ms(py_times.slowest_ms),
            format_ms(py_times.sum_ms),
        );
    }
    Some(Check {
        shown,
        evidence,
        sentence,
    })
}

/// The latest complete in-order run of `language`, with its task times.
fn latest_in(runs: &[Measured], language: Language) -> Option<(&Measured, TaskTimes)> {
    runs.iter()
        .rev()
        .filter(|r| r.completed && r.wall_ms > 0.0 && r.language == language)
        .find_map(|r| r.tasks.map(|t| (r, t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{count, Record, Strategy};

    fn record(index: usize, started: f64, ended: f64) -> Record {
        Record {
            index,
            started: Some(started),
            ended: Some(ended),
            outcome: Some(crate::engine::tests::ok()),
            ..Record::new(index, String::new())
        }
    }

    fn report(records: Vec<Record>, experiment: Option<Experiment>) -> RunReport {
        RunReport {
            strategy: Strategy::JoinAll,
            n: records.len(),
            concurrency: records.len(),
            began_ms: 0.0,
            wall_ms: 0.0,
            max_in_flight: records.len(),
            counts: count(&records),
            cancelled_by_user: false,
            swept: 0,
            records,
            polls: None,
            experiment,
        }
    }

    #[test]
    fn task_times_count_the_tasks_done_before_their_turn() {
        // Task 1 is the slowest (400 ms); 2 and 3 end before it, 4 after.
        let records = vec![
            record(1, 0.0, 400.0),
            record(2, 0.0, 100.0),
            record(3, 1.0, 300.0),
            record(4, 1.0, 401.0),
        ];
        let times = TaskTimes::of(&report(records.clone(), Some(Experiment::TasksInOrder)));
        assert_eq!(
            times,
            Some(TaskTimes {
                slowest_ms: 400.0,
                sum_ms: 400.0 + 100.0 + 299.0 + 400.0,
                done_before_turn: 2,
            })
        );
        // Only lesson 003's run has them.
        assert_eq!(TaskTimes::of(&report(records, None)), None);
    }

    fn measured(strategy: Strategy, wall_ms: f64, tasks: Option<TaskTimes>) -> Measured {
        Measured {
            language: crate::lang::Language::Rust,
            cpu_workers: false,
            strategy,
            n: 50,
            k: 10,
            delay_ms: 339,
            cpu_ms: 0,
            wall_ms,
            ok: 50,
            workload: "w".into(),
            completed: true,
            batch: 1,
            protocol: None,
            polls: None,
            ideal: Some((if tasks.is_some() { 430.0 } else { 16_950.0 }, 16_950.0)),
            tasks,
        }
    }

    #[test]
    fn the_check_says_wall_is_the_slowest_not_the_sum_and_compares_with_the_post() {
        let times = TaskTimes {
            slowest_ms: 436.0,
            sum_ms: 17_000.0,
            done_before_turn: 24,
        };
        let runs = [
            measured(Strategy::Sequential, 17_400.0, None),
            measured(Strategy::JoinAll, 452.0, Some(times)),
        ];
        let c = check(&runs, 50, 16.96, 0.53).expect("a check");
        assert!(c.shown, "{c:?}");
        assert_eq!(
            c.evidence,
            "✓ 50 tasks awaited in creation order: wall 452 ms ≈ the slowest task (436 ms), not their sum (17.0 s); 24 of 50 were done before their turn; ✓ tasks_in_order 38.5× (ideal 39×)"
        );
        assert!(
            c.sentence
                .contains("about the slowest task's 436 ms, not the 17.0 s"),
            "{}",
            c.sentence
        );
        assert!(
            c.sentence.contains(
                "The post measured 32.0× with create_task, then await each at N=50 (64% of its ideal 50×); here tasks_in_order was 38.5× faster than sequential at N=50"
            ),
            "{}",
            c.sentence
        );
    }

    #[test]
    fn pythons_tasks_are_checked_beside_rusts_and_a_serialised_python_run_fails() {
        let times = TaskTimes {
            slowest_ms: 436.0,
            sum_ms: 17_000.0,
            done_before_turn: 24,
        };
        let python = |wall_ms, slowest_ms| Measured {
            language: Language::Python,
            ..measured(
                Strategy::JoinAll,
                wall_ms,
                Some(TaskTimes {
                    slowest_ms,
                    ..times
                }),
            )
        };
        let runs = [
            measured(Strategy::Sequential, 17_400.0, None),
            measured(Strategy::JoinAll, 452.0, Some(times)),
            python(470.0, 440.0),
        ];
        let c = check(&runs, 50, 16.96, 0.53).expect("a check");
        assert!(c.shown, "{c:?}");
        // Rust's run keeps the post's comparison; Python's is checked on its own tasks.
        assert!(
            c.evidence.contains("✓ tasks_in_order 38.5×"),
            "{}",
            c.evidence
        );
        assert!(
            c.evidence.ends_with(
                "; ✓ Python, 50 tasks (create_task, then await each): wall 470 ms ≈ the slowest (440 ms), not their sum (17.0 s)"
            ),
            "{}",
            c.evidence
        );
        assert!(c.sentence.contains("In Python's asyncio"), "{}", c.sentence);
        let serialised = [
            measured(Strategy::JoinAll, 452.0, Some(times)),
            python(16_990.0, 440.0),
        ];
        let c = check(&serialised, 50, 16.96, 0.53).expect("a check");
        assert!(
            !c.shown && c.evidence.contains("✗ Python"),
            "{}",
            c.evidence
        );
    }

    #[test]
    fn a_wall_near_the_sum_is_serialised_and_fails_the_check() {
        let times = TaskTimes {
            slowest_ms: 436.0,
            sum_ms: 16_950.0,
            done_before_turn: 0,
        };
        assert!(!not_serialised(16_900.0, &times));
        assert!(!not_serialised(1_000.0, &times));
        assert!(not_serialised(800.0, &times));
        // A plain join_all run is not lesson 003's: no check yet.
        let runs = [
            measured(Strategy::Sequential, 17_400.0, None),
            measured(Strategy::JoinAll, 452.0, None),
        ];
        assert_eq!(check(&runs, 50, 16.96, 0.53), None);
    }
}
