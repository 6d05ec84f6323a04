//! The page's state, in three small owners: the form, the run history and the
//! session (idle or running). Each owner's fields are private: components read
//! through its methods and change it only through the methods that keep its
//! rules. `run.rs` glues the engine to them.
pub mod budget;
mod compare;
mod form;
mod history;
mod import;
mod langs;
mod lesson;
mod plan;
mod press;
mod run;
mod run_worker;
mod session;
mod sweep;

pub use budget::Budget;
pub use compare::CompareChoice;
pub use form::Form;
pub use history::History;
pub use import::ImportNotice;
pub use langs::Langs;
pub use lesson::LessonChoice;
pub use plan::{Plan, Step};
pub use session::{Progress, Session, SweepPoint};
pub use sweep::Sweep;

use crate::config::host::Host;
use crate::config::RawSettings;
use crate::engine::Strategy;
use crate::report::Focus;

/// Everything the components share; `Copy`, so it is passed as a prop.
#[derive(Clone, Copy)]
pub struct Playground {
    pub form: Form,
    pub history: History,
    pub session: Session,
    pub sweep: Sweep,
    pub lesson: LessonChoice,
    pub compare: CompareChoice,
    /// What the confirmation of someone else's server still allows.
    pub budget: Budget,
    /// The Python and JavaScript workers: the runtime's state, the last problem.
    pub langs: Langs,
}

impl Playground {
    /// The page's state, for a page at `page_origin`.
    pub fn new(raw: RawSettings, page_origin: String) -> Self {
        Playground {
            form: Form::new(raw, page_origin),
            history: History::new(),
            session: Session::new(),
            sweep: Sweep::new(),
            lesson: LessonChoice::new(),
            compare: CompareChoice::new(),
            budget: Budget::new(),
            langs: Langs::new(),
        }
    }

    /// The user agreed to send requests to the current foreign host: a fresh budget.
    pub fn confirm_host(&self) {
        self.form.confirm_host();
        if let Host::Foreign(name) = self.form.host() {
            self.budget.grant(name);
        }
    }

    /// Someone else's server, the polite caps on (no "I run this server"), tracked.
    pub fn capped_host(&self) -> Option<String> {
        match self.form.host() {
            Host::Foreign(name) if !self.form.own_server() => Some(name),
            _ => None,
        }
    }

    pub(crate) fn capped_host_untracked(&self) -> Option<String> {
        leptos::prelude::untrack(|| self.capped_host())
    }

    /// Valid settings, the simulated server up if they need it, and nothing running.
    pub fn can_run(&self) -> bool {
        self.form.ready() && !self.session.is_running()
    }

    /// Runs each strategy of `plan` in turn with the same settings (and so the same draws).
    pub fn start(self, plan: Vec<Strategy>) {
        run::run(self, Plan::Runs(plan.into_iter().map(Step::from).collect()));
    }

    /// Sets one field of the form as typed.
    pub fn set(&self, field: crate::config::Field, value: impl Into<String>) {
        self.form.set(field, value);
    }

    /// The latency server's `/hello` told its HTTP/2 stream limits: runs
    /// against those origins know the limit (the in-flight chart's line, the verdict).
    pub fn note_latency_server(&self, server: &crate::latency::LatencyServer) {
        self.history.announce(server.stream_limits());
    }

    /// "I run this server": lifts the polite caps for the current host.
    pub fn set_own_server(&self, yes: bool) {
        self.form.set_own_server(yes);
    }

    /// The simulated server's service worker answered (or why not).
    pub fn sim_started(&self, status: crate::browser::sim_worker::SimStatus) {
        self.form.set_sim(status);
    }

    /// Ticks or unticks a run for the charts; a third tick drops the oldest.
    pub fn toggle_run(&self, id: usize) {
        self.history.toggle(id);
    }

    /// Forgets every run, and with them the selection.
    pub fn clear_history(&self) {
        self.history.clear();
    }

    /// The sweep's k list, as typed.
    pub fn set_sweep_list(&self, text: impl Into<String>) {
        self.sweep.set_list(text);
    }

    /// Whether the sweep runs its k in a shuffled order.
    pub fn set_sweep_shuffle(&self, yes: bool) {
        self.sweep.set_shuffle(yes);
    }

    /// Ticks or unticks one strategy of Compare's list.
    pub fn toggle_compare(&self, strategy: Strategy, on: bool) {
        self.compare.toggle(strategy, on);
    }

    /// Compare: the lesson's own list when it has one (the semaphore lesson's
    /// k = 1, 5, 20 of join_all_limited), else sequential and the ticked strategies.
    pub fn press_compare(self, selected: Strategy, alternate: bool) {
        // Lesson 003: the loop, then its tasks awaited in creation order.
        if self
            .lesson
            .chosen()
            .map(|l| l.claim)
            .is_some_and(|c| matches!(c, crate::lessons::Claim::TasksInOrder { .. }))
        {
            return run::run(self, Plan::InOrder);
        }
        if let Some(ks) = self.lesson.chosen().and_then(|l| l.lanes()) {
            let steps = ks
                .iter()
                .map(|&k| Step {
                    strategy: Strategy::JoinAllLimited,
                    k: Some(k),
                    n: None,
                    language: None,
                    drive: plan::Drive::Strategy,
                })
                .collect();
            return run::run(self, Plan::Runs(steps));
        }
        let plan = self.compare.plan_untracked(selected, alternate);
        if let Some(steps) = self.with_python_twins(&plan) {
            return run::run(self, Plan::Runs(steps));
        }
        self.start(plan);
    }

    /// A seed lesson's Compare in Rust, each run followed by the same in
    /// Python, the post's own language, when its scripts can run the form's
    /// settings on the lesson's twin. `None`: Compare as usual.
    fn with_python_twins(&self, plan: &[Strategy]) -> Option<Vec<Step>> {
        use crate::lang::{refusals, Language};
        let twins = self.lesson.chosen()?.python_twins();
        let settings = self.form.settings_untracked().ok()?;
        if twins.is_empty()
            || self.lesson.real_untracked()
            || !refusals(Language::Python, &settings.asks()).is_empty()
        {
            return None;
        }
        let rust = |s: Strategy| Step {
            language: Some(Language::Rust),
            ..Step::from(s)
        };
        let python = |(s, blocking): (Strategy, bool)| Step {
            language: Some(Language::Python),
            drive: if blocking {
                plan::Drive::Blocking
            } else {
                plan::Drive::Strategy
            },
            ..Step::from(s)
        };
        Some(
            plan.iter()
                .flat_map(|&s| {
                    std::iter::once(rust(s)).chain(
                        twins
                            .iter()
                            .filter(move |(t, _)| *t == s)
                            .map(move |&t| python(t)),
                    )
                })
                .collect(),
        )
    }

    /// Race the languages: the selected strategy once in each language, with
    /// the form's settings (and so the same draws), in this press's order.
    /// Returns the order, for the page to say.
    pub fn race_languages(self, strategy: Strategy) -> Option<[crate::lang::Language; 3]> {
        use crate::lang::{refusals, Language};
        let settings = self.form.settings_untracked().ok()?;
        // Every language must run these settings as they are: one that can't is named.
        let asks = settings.asks();
        let refused = Language::ALL
            .into_iter()
            .flat_map(|l| {
                refusals(l, &asks)
                    .into_iter()
                    .map(move |o| crate::config::ConfigError::NotInLanguage(l, o))
            })
            .collect();
        if self.form.refuse(refused) {
            return None;
        }
        let order = self.langs.next_race();
        let steps = order
            .iter()
            .map(|&language| Step {
                language: Some(language),
                ..Step::from(strategy)
            })
            .collect();
        run::run(self, Plan::Race(steps));
        Some(order)
    }

    /// The polls lesson: join_all and buffer_unordered at N = 20, then at N = 200,
    /// with the form's other settings.
    pub fn run_polls(self) {
        if self
            .form
            .refuse_unsupported(crate::lang::Unsupported::PollCounting)
        {
            return;
        }
        let steps = crate::lessons::polls::STEPS
            .iter()
            .map(|&(strategy, n)| Step {
                strategy,
                k: None,
                n: Some(n),
                language: None,
                drive: plan::Drive::Strategy,
            })
            .collect();
        run::run(self, Plan::Runs(steps));
    }

    /// Lesson 002: held futures against spawned ones, on the form's settings.
    /// The HTTP/2 lesson: join_all over HTTP/1.1 then HTTP/2, side by side,
    /// then its sweep of k against the server announcing 10 streams.
    pub fn run_http2_lesson(self) {
        use crate::lessons::h2;
        run::run(
            self,
            Plan::Series {
                runs: h2::runs(),
                sweep: Some(Box::new((h2::sweep(), h2::SWEEP_KS.to_vec()))),
            },
        );
    }

    /// Lesson 002 in Rust, then in Python, whatever the form's language.
    pub fn run_lazy(self, hold_ms: f64) {
        run::run(self, Plan::Lazy { hold_ms });
    }

    /// Stops the run: in-flight fetches are aborted, the rest recorded as cancelled.
    pub fn cancel(&self) {
        self.session.cancel();
    }

    /// What the in-flight chart and histogram draw now: the live run, else the
    /// latest shown run. Untracked: the caller decides when to recompute.
    pub fn focus_untracked(&self) -> Option<Focus> {
        if let Some(live) = self.session.live_focus_untracked() {
            return live;
        }
        let shown = self.history.shown_untracked();
        shown.0.last().map(|run| Focus::of_run(run))
    }
}
