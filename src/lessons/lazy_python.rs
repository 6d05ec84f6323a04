//! Lesson 002 in Python, measured beside Rust's halves in the same page:
//! coroutine objects held, then gathered (`held_coroutines.py`), against
//! `asyncio.ensure_future`'s tasks, which the event loop starts at its next
//! turn, during the hold (`held.py`).
#![deny(missing_docs)]
use super::lazy::HalfRun;
use super::Check;
use crate::stats::format_ms;

/// Adds Python's two halves to `check`, the Rust halves' verdict. `python`
/// is the coroutines' run, then the tasks' (fewer when cancelled), or why
/// they did not run (an option Python's scripts do not implement).
pub fn with_python(mut check: Check, hold_ms: f64, python: Result<&[HalfRun], &str>) -> Check {
    let runs = match python {
        Ok(runs) => runs,
        Err(why) => {
            check.evidence += &format!("; Python's halves did not run: {why}");
            return check;
        }
    };
    let firsts = (
        runs.first().and_then(|r| r.first_start_ms),
        runs.get(1).and_then(|r| r.first_start_ms),
    );
    let cancelled = runs.iter().any(|r| r.cancelled);
    let (Some(coroutines), Some(tasks), false) = (firsts.0, firsts.1, cancelled) else {
        check.shown = false;
        check.evidence += &format!(
            "; Python: {} after {} of 2 halves",
            if cancelled {
                "cancelled"
            } else {
                "no fetch started"
            },
            runs.len()
        );
        return check;
    };
    let lazy = coroutines >= hold_ms * 0.95;
    let eager = tasks < hold_ms * 0.5;
    let mark = |ok: bool| if ok { "✓" } else { "✗" };
    check.shown &= lazy && eager;
    check.evidence += &format!(
        "; {} Python coroutine objects held {}, then gathered: first fetch at {coroutines:.0} ms; {} Python asyncio.ensure_future's tasks: first fetch at {tasks:.0} ms",
        mark(lazy),
        format_ms(hold_ms),
        mark(eager)
    );
    check.sentence += &format!(
        " Measured in Python too, in this page: the coroutine objects sent nothing for {coroutines:.0} ms, until gather awaited them, while ensure_future's tasks started after {tasks:.0} ms, during the hold."
    );
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Counts;

    fn half(first: Option<f64>, cancelled: bool) -> HalfRun {
        HalfRun {
            first_start_ms: first,
            counts: Counts::default(),
            cancelled,
            polls_in_hold: None,
        }
    }

    fn rust() -> Check {
        Check {
            shown: true,
            evidence: "rust".into(),
            sentence: "Rust.".into(),
        }
    }

    #[test]
    fn pythons_coroutines_wait_the_hold_out_and_its_tasks_start_during_it() {
        let runs = [half(Some(1_004.0), false), half(Some(6.0), false)];
        let check = with_python(rust(), 1_000.0, Ok(&runs));
        assert!(check.shown, "{check:?}");
        assert_eq!(
            check.evidence,
            "rust; ✓ Python coroutine objects held 1.00 s, then gathered: first fetch at 1004 ms; ✓ Python asyncio.ensure_future's tasks: first fetch at 6 ms"
        );
        assert!(check
            .sentence
            .contains("started after 6 ms, during the hold"));
    }

    #[test]
    fn a_python_half_that_contradicts_the_lesson_fails_the_check() {
        // Tasks that waited the hold out, or coroutines that started early.
        for runs in [
            [half(Some(1_004.0), false), half(Some(990.0), false)],
            [half(Some(3.0), false), half(Some(2.0), false)],
        ] {
            let check = with_python(rust(), 1_000.0, Ok(&runs));
            assert!(!check.shown, "{check:?}");
            assert!(check.evidence.contains('✗'), "{}", check.evidence);
        }
    }

    #[test]
    fn cancelled_or_refused_python_halves_say_so() {
        let check = with_python(rust(), 1_000.0, Ok(&[half(None, true)]));
        assert!(!check.shown);
        assert_eq!(
            check.evidence,
            "rust; Python: cancelled after 1 of 2 halves"
        );
        let refused = with_python(rust(), 1_000.0, Err("retries"));
        assert!(refused.shown, "Rust's halves still show it");
        assert_eq!(
            refused.evidence,
            "rust; Python's halves did not run: retries"
        );
    }
}
