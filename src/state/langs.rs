//! The language workers as the page shows them: the Python runtime's state,
//! the last worker problem, and how many races have run (each starts with
//! the next language).
use crate::browser::lang_worker::StatusSink;
use crate::lang::status::PythonStatus;
use crate::lang::Language;
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone, Copy)]
pub struct Langs {
    python: RwSignal<PythonStatus>,
    problem: RwSignal<Option<String>>,
    races: StoredValue<usize>,
}

impl Langs {
    pub fn new() -> Self {
        Langs {
            python: RwSignal::new(PythonStatus::Idle),
            problem: RwSignal::new(None),
            races: StoredValue::new(0),
        }
    }

    /// The Python runtime's state, tracked.
    pub fn python(&self) -> PythonStatus {
        self.python.get()
    }

    /// What went wrong in the last worker run (the strategy's code raised, the
    /// worker failed), tracked; `None` after a clean one.
    pub fn problem(&self) -> Option<String> {
        self.problem.get()
    }

    pub(super) fn set_problem(&self, problem: Option<String>) {
        self.problem.set(problem);
    }

    /// A Python run was asked for: the status shows "loading" at once, before
    /// the worker's first byte count arrives.
    pub(super) fn asked_for_python(&self) {
        if matches!(
            self.python.get_untracked(),
            PythonStatus::Idle | PythonStatus::Failed(_)
        ) {
            self.python.set(PythonStatus::Loading {
                loaded: 0.0,
                total: None,
            });
        }
    }

    /// Where the workers report their runtime's state.
    pub(super) fn sink(&self) -> StatusSink {
        let python = self.python;
        Rc::new(move |language, status| {
            if language == Language::Python {
                python.set(PythonStatus::from_status(status));
            }
        })
    }

    /// This race's order: each press starts one language further on.
    pub(super) fn next_race(&self) -> [Language; 3] {
        let press = self.races.get_value();
        self.races.set_value(press.wrapping_add(1));
        Language::race_order(press)
    }
}

impl Default for Langs {
    fn default() -> Self {
        Self::new()
    }
}
