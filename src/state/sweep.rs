//! The sweep's own state: the list of k as typed, whether its order is
//! shuffled, and which batch of the history the latest sweep filed.
use super::plan::Step;
use super::Playground;
use crate::config::{Field, Kind};
use crate::report::sweep::{self, SweepError, SweepList, DEFAULT_LIST};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Sweep {
    list: RwSignal<String>,
    shuffle: RwSignal<bool>,
    batch: RwSignal<Option<usize>>,
}

impl Sweep {
    pub fn new() -> Self {
        Sweep {
            list: RwSignal::new(DEFAULT_LIST.to_string()),
            // On: drift over a long sweep (warm-up, memory growth) then lands
            // on random k instead of favouring the small ones that run first.
            shuffle: RwSignal::new(true),
            batch: RwSignal::new(None),
        }
    }

    /// The list as typed, tracked.
    pub fn list(&self) -> String {
        self.list.get()
    }

    /// Sets the list text, e.g. from a lesson; the form shows it and checks it.
    pub(super) fn set_list(&self, text: impl Into<String>) {
        self.list.set(text.into());
    }

    pub fn shuffle(&self) -> bool {
        self.shuffle.get()
    }

    pub(super) fn set_shuffle(&self, yes: bool) {
        self.shuffle.set(yes);
    }

    /// The batch of the latest sweep, tracked; `None` before the first.
    pub fn batch(&self) -> Option<usize> {
        self.batch.get()
    }

    pub(super) fn began(&self, batch: usize) {
        self.batch.set(Some(batch));
    }
}

impl Default for Sweep {
    fn default() -> Self {
        Self::new()
    }
}

/// The k field's largest value.
fn max_k() -> usize {
    match Field::Concurrency.spec().kind {
        Kind::Number(range) => range.max as usize,
        _ => usize::MAX,
    }
}

impl Playground {
    /// The sweep list checked against N and the k field's range, tracked.
    pub fn sweep_list(&self) -> Result<SweepList, SweepError> {
        let n = self.form.settings().map(|s| s.n).unwrap_or(usize::MAX);
        sweep::parse_list(&self.sweep.list(), n, max_k())
    }

    /// Why Sweep can't run with the chosen strategy, tracked.
    pub fn sweep_blocked(&self) -> Option<String> {
        let strategy = self.form.strategy();
        (!strategy.uses_k()).then(|| {
            format!(
                "A sweep varies k, and {} ignores k: every point would be the same run. Choose join_all_limited, buffer_unordered or worker_pool.",
                strategy.id()
            )
        })
    }

    /// Sweep can start: the form can run, the strategy uses k and the list is good.
    pub fn can_sweep(&self) -> bool {
        self.can_run() && self.sweep_blocked().is_none() && self.sweep_list().is_ok()
    }

    /// Runs the chosen strategy once per k of the list, same settings and draws.
    pub fn run_sweep(self) {
        if !self.can_sweep_untracked() {
            return;
        }
        let Ok(settings) = self.form.settings_untracked() else {
            return;
        };
        let Ok(SweepList { ks, .. }) = untrack(|| self.sweep_list()) else {
            return;
        };
        let shuffle = self.sweep.shuffle.get_untracked();
        let plan = sweep::run_order(&ks, shuffle, settings.seed)
            .into_iter()
            .map(|k| Step {
                strategy: settings.strategy,
                k: Some(k),
                n: None,
                language: None,
                drive: super::plan::Drive::Strategy,
            })
            .collect();
        super::run::run(self, super::Plan::Sweep(plan));
    }

    fn can_sweep_untracked(&self) -> bool {
        untrack(|| self.can_sweep())
    }
}
