//! The session: one `Phase` (idle, or running with its cancel handle and live
//! buffer) plus the progress line. The live buffer changes on every fetch
//! without notifying anyone; `frame` notifies once per animation frame.
use crate::browser::replay::Cost;
use crate::config::Settings;
use crate::engine::{CancelToken, Event, Strategy};
use crate::report::{Focus, LiveRun};
use leptos::prelude::*;

/// How far the current run is.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub strategy: Option<Strategy>,
    pub language: crate::lang::Language,
    /// After the runs: replaying them for their ideal.
    pub replaying: bool,
    /// What the last replay cost the main thread, in all and at most at once.
    pub replay: Option<Cost>,
    /// What matching the last run's Resource Timing entries cost the main thread.
    pub timing: Option<Cost>,
    /// In a sweep: this run's k, and which point of how many it is.
    pub sweep: Option<SweepPoint>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepPoint {
    pub k: usize,
    pub index: usize,
    pub of: usize,
}

/// Idle, or running a plan of one or more runs.
pub enum Phase {
    Idle,
    Running {
        cancel: CancelToken,
        /// The run of the plan going on now; `None` between two runs.
        live: Option<Box<LiveRun>>,
    },
}

#[derive(Clone, Copy)]
pub struct Session {
    phase: RwSignal<Phase, LocalStorage>,
    progress: RwSignal<Progress>,
    frame: Trigger,
}

impl Session {
    pub fn new() -> Self {
        Session {
            phase: RwSignal::new_local(Phase::Idle),
            progress: RwSignal::new(Progress::default()),
            frame: Trigger::new(),
        }
    }

    /// Tracked: changes only when a plan starts or ends.
    pub fn is_running(&self) -> bool {
        self.phase.with(|p| matches!(p, Phase::Running { .. }))
    }

    pub fn is_running_untracked(&self) -> bool {
        self.phase
            .with_untracked(|p| matches!(p, Phase::Running { .. }))
    }

    pub fn progress(&self) -> Progress {
        self.progress.get()
    }

    /// Subscribes the caller to the live frames (at most one per animation frame).
    pub fn track_frames(&self) {
        self.frame.track();
    }

    /// Reads the live run, untracked; `None` unless a run is going on.
    pub fn with_live<T>(&self, f: impl FnOnce(&LiveRun) -> T) -> Option<T> {
        self.phase.with_untracked(|p| match p {
            Phase::Running {
                live: Some(live), ..
            } => Some(f(live)),
            _ => None,
        })
    }

    /// `Some(focus)` while a plan runs (`Some(None)` between its runs).
    pub(super) fn live_focus_untracked(&self) -> Option<Option<Focus>> {
        if !self.is_running_untracked() {
            return None;
        }
        let now = crate::browser::clock::now_ms();
        Some(self.with_live(|l| Focus::live(l, now)))
    }

    /// Aborts what is in flight; the runner records the rest as cancelled.
    pub(super) fn cancel(&self) {
        self.phase.with_untracked(|p| {
            if let Phase::Running { cancel, .. } = p {
                cancel.cancel();
            }
        });
    }

    /// Idle → running; `None` if a plan is already running.
    pub(super) fn begin(&self) -> Option<CancelToken> {
        if self.is_running_untracked() {
            return None;
        }
        let cancel = CancelToken::new();
        self.phase.set(Phase::Running {
            cancel: cancel.clone(),
            live: None,
        });
        Some(cancel)
    }

    /// A run of the plan starts: a fresh live buffer and progress line.
    pub(super) fn begin_run(
        &self,
        settings: &Settings,
        began_ms: f64,
        sweep_point: Option<(usize, usize)>,
    ) {
        let total = settings.n;
        self.progress.set(Progress {
            done: 0,
            total,
            strategy: Some(settings.strategy),
            language: settings.language,
            replaying: false,
            replay: None,
            timing: None,
            sweep: sweep_point.map(|(index, of)| SweepPoint {
                k: settings.k,
                index,
                of,
            }),
        });
        self.set_live(Some(Box::new(LiveRun::new(settings.clone(), began_ms))));
    }

    /// One engine event; seen on the next frame.
    pub(super) fn record(&self, event: &Event<'_>) {
        self.record_at(event, crate::browser::clock::now_ms());
    }

    /// One event that happened at `now` (ms, the page's clock).
    pub(super) fn record_at(&self, event: &Event<'_>, now: f64) {
        self.phase.update_untracked(|p| {
            if let Phase::Running {
                live: Some(live), ..
            } = p
            {
                live.apply(event, now);
            }
        });
    }

    /// Shows how many requests are done and redraws the live charts.
    /// A frame asked for during a run may arrive after it ended: the progress
    /// line then keeps the run's final count.
    pub(super) fn frame(&self) {
        if let Some(done) = self.with_live(|l| l.done) {
            self.progress.update(|p| p.done = done);
        }
        self.frame.notify();
    }

    /// The run of the plan ended; its live buffer goes.
    pub(super) fn end_run(&self) {
        self.set_live(None);
        self.frame.notify();
    }

    /// The plan's runs are done; their ideals are being replayed.
    pub(super) fn replaying(&self) {
        self.progress.update(|p| p.replaying = true);
    }

    pub(super) fn replayed(&self, cost: Cost) {
        self.progress.update(|p| p.replay = Some(cost));
    }

    pub(super) fn timed(&self, cost: Cost) {
        self.progress.update(|p| p.timing = Some(cost));
    }

    /// Running → idle.
    pub(super) fn end(&self) {
        self.phase.set(Phase::Idle);
        self.frame.notify();
    }

    fn set_live(&self, value: Option<Box<LiveRun>>) {
        self.phase.update_untracked(|p| {
            if let Phase::Running { live, .. } = p {
                *live = value;
            }
        });
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}
