//! The polite budget: against someone else's server, one confirmation allows
//! at most `POLITE_MAX_REQUESTS` fetch attempts in all, over every press, every
//! run of a press and every retry. A press whose worst case does not fit runs
//! nothing and says why, with the arithmetic.
use crate::config::host::POLITE_MAX_REQUESTS;
use crate::engine::worst_case_attempts;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Budget {
    /// The host confirmed last, and the attempts its confirmation has left.
    grant: RwSignal<Option<(String, usize)>>,
    /// Why the last press ran nothing or stopped early; `None` once a press fits.
    refusal: RwSignal<Option<String>>,
}

impl Default for Budget {
    fn default() -> Self {
        Self::new()
    }
}

impl Budget {
    pub fn new() -> Self {
        Budget {
            grant: RwSignal::new(None),
            refusal: RwSignal::new(None),
        }
    }

    /// A confirmation of `host`: a fresh budget, whatever was left before.
    pub(super) fn grant(&self, host: String) {
        self.grant.set(Some((host, POLITE_MAX_REQUESTS)));
        self.refusal.set(None);
    }

    /// Attempts `host`'s confirmation has left (0 if it has none), tracked.
    pub fn left(&self, host: &str) -> usize {
        self.grant.with(|g| left_for(g, host))
    }

    pub fn left_untracked(&self, host: &str) -> usize {
        self.grant.with_untracked(|g| left_for(g, host))
    }

    /// What a run of the press left: the pacing's count is the truth.
    pub(super) fn set_left(&self, host: &str, left: usize) {
        self.grant.update(|g| {
            if let Some((h, l)) = g {
                if h == host {
                    *l = left;
                }
            }
        });
    }

    /// Why the last press ran nothing or stopped early, tracked.
    pub fn refusal(&self) -> Option<String> {
        self.refusal.get()
    }

    pub(super) fn refuse(&self, why: String) {
        self.refusal.set(Some(why));
    }

    pub(super) fn accepted(&self) {
        self.refusal.set(None);
    }
}

fn left_for(grant: &Option<(String, usize)>, host: &str) -> usize {
    match grant {
        Some((h, left)) if h == host => *left,
        _ => 0,
    }
}

pub use crate::config::thousands;

/// The worst case of a press, with its arithmetic: "4 runs × 100 requests ×
/// (1 + 10 retries) = 4,400 attempts".
pub fn worst_case_text(runs: usize, n: usize, retries: u32) -> String {
    let worst = thousands(worst_case_attempts(runs, n, retries));
    let runs_text = if runs == 1 {
        "1 run".to_string()
    } else {
        format!("{runs} runs")
    };
    let n_text = thousands(n);
    match retries {
        0 => format!("{runs_text} × {n_text} requests = {worst} attempts"),
        r => format!("{runs_text} × {n_text} requests × (1 + {r} retries) = {worst} attempts"),
    }
}

/// Why a press of `runs` runs may not start with `left` attempts left, or
/// `None` when its worst case fits. `what` names the button.
pub fn refusal(what: &str, runs: usize, n: usize, retries: u32, left: usize) -> Option<String> {
    (worst_case_attempts(runs, n, retries) > left).then(|| {
        format!(
            "{what} not started: it could send up to {}, more than the {} this confirmation has left (at most {} per confirmation of someone else's server). Lower N or the retries, or confirm again.",
            worst_case_text(runs, n, retries),
            thousands(left),
            thousands(POLITE_MAX_REQUESTS),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(220_000), "220,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn a_press_over_the_budget_is_refused_with_its_arithmetic() {
        let why = refusal("Compare", 4, 100, 10, 1_000).expect("4,400 > 1,000");
        assert!(
            why.contains("4 runs × 100 requests × (1 + 10 retries) = 4,400 attempts"),
            "{why}"
        );
        assert!(
            why.contains("more than the 1,000 this confirmation has left"),
            "{why}"
        );
        assert!(why.starts_with("Compare not started"), "{why}");
        // Exactly the budget fits; one more does not.
        assert_eq!(refusal("Run", 1, 1_000, 0, 1_000), None);
        assert!(refusal("Run", 1, 1_000, 0, 999).is_some());
        assert_eq!(
            worst_case_text(20, 1_000, 10),
            "20 runs × 1,000 requests × (1 + 10 retries) = 220,000 attempts"
        );
        assert_eq!(
            worst_case_text(1, 10, 0),
            "1 run × 10 requests = 10 attempts"
        );
    }
}
