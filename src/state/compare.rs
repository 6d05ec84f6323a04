//! What Compare races against sequential: the strategies ticked (a lesson
//! fills the list; the user can tick it too).
use crate::engine::Strategy;
use crate::report::compare_plan;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct CompareChoice {
    /// What Compare runs after sequential; empty = the selected strategy.
    with: RwSignal<Vec<Strategy>>,
}

impl Default for CompareChoice {
    fn default() -> Self {
        Self::new()
    }
}

impl CompareChoice {
    pub fn new() -> Self {
        CompareChoice {
            with: RwSignal::new(Vec::new()),
        }
    }

    /// The ticked strategies, tracked.
    pub fn with(&self) -> Vec<Strategy> {
        self.with.get()
    }

    pub(super) fn set(&self, list: Vec<Strategy>) {
        self.with.set(list);
    }

    /// Ticks or unticks one strategy of the list.
    pub(super) fn toggle(&self, strategy: Strategy, on: bool) {
        self.with.update(|list| {
            list.retain(|s| *s != strategy);
            if on {
                list.push(strategy);
            }
        });
    }

    /// What Compare runs: sequential then the ticked strategies, else the
    /// classic sequential + selected (A B B A when `alternate`).
    pub fn plan_untracked(&self, selected: Strategy, alternate: bool) -> Vec<Strategy> {
        let list = self.with.get_untracked();
        if list.is_empty() {
            return compare_plan(selected, alternate);
        }
        let mut plan = vec![Strategy::Sequential];
        plan.extend(list.into_iter().filter(|s| *s != Strategy::Sequential));
        plan
    }
}
