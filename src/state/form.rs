//! The form: the settings as typed, their validation, and whether the
//! simulated server they may need is up.
use crate::browser::sim_worker::SimStatus;
use crate::config::{error_message, messages_for, ConfigError, Field, RawSettings, Settings};
use crate::engine::Strategy;
use crate::sim::is_sim_target;
use leptos::prelude::*;

/// Why the form can't run: its own errors, or the simulated server's absence.
#[derive(Clone, Debug, PartialEq)]
pub enum Invalid {
    Input(Vec<ConfigError>),
    NoSimulatedServer(String),
}

impl Invalid {
    /// The one-line message of the `error` element.
    pub fn message(&self) -> String {
        match self {
            Invalid::Input(errors) => error_message(errors),
            Invalid::NoSimulatedServer(why) => why.clone(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Form {
    raw: RwSignal<RawSettings>,
    sim: RwSignal<SimStatus>,
    checked: Memo<Result<Settings, Invalid>>,
}

impl Form {
    pub fn new(raw: RawSettings) -> Self {
        let raw = RwSignal::new(raw);
        let sim = RwSignal::new(SimStatus::Starting);
        let checked = Memo::new(move |_| {
            let settings = raw.with(|r| r.validate()).map_err(Invalid::Input)?;
            match sim.get() {
                SimStatus::Unavailable(why) if settings.is_sim() => {
                    Err(Invalid::NoSimulatedServer(why))
                }
                _ => Ok(settings),
            }
        });
        Form { raw, sim, checked }
    }

    /// The text of one control, as typed.
    pub fn value(&self, field: Field) -> String {
        self.raw.with(|r| r.get(field).to_string())
    }

    pub fn set(&self, field: Field, value: impl Into<String>) {
        self.raw.update(|r| r.set(field, value));
    }

    /// The form as typed, for a run's share query.
    pub fn raw_untracked(&self) -> RawSettings {
        self.raw.get_untracked()
    }

    /// The share-link query of the form as it is now.
    pub fn query_untracked(&self) -> String {
        self.raw.with_untracked(RawSettings::to_query)
    }

    pub fn sim(&self) -> SimStatus {
        self.sim.get()
    }

    pub fn set_sim(&self, status: SimStatus) {
        self.sim.set(status);
    }

    /// The validated settings, tracked.
    pub fn settings(&self) -> Result<Settings, Invalid> {
        self.checked.get()
    }

    pub fn settings_untracked(&self) -> Result<Settings, Invalid> {
        self.checked.get_untracked()
    }

    /// The message for the `error` element; `None` while the input is valid.
    pub fn error(&self) -> Option<String> {
        self.checked
            .with(|c| c.as_ref().err().map(Invalid::message))
    }

    /// The message for one input, shown next to it; `None` while it is valid.
    pub fn field_error(&self, field: Field) -> Option<String> {
        self.checked.with(|c| match c {
            Err(Invalid::Input(errors)) => messages_for(errors, field),
            _ => None,
        })
    }

    /// The strategy chosen in the form (sequential while the choice is unknown).
    pub fn strategy(&self) -> Strategy {
        self.raw
            .with(|r| Strategy::from_id(r.get(Field::Strategy).trim()))
            .unwrap_or(Strategy::Sequential)
    }

    /// Whether the target typed is the built-in simulated server.
    pub fn targets_sim(&self) -> bool {
        self.raw.with(|r| is_sim_target(r.get(Field::Target)))
    }

    /// Valid, and the simulated server is up if the settings need it.
    pub fn ready(&self) -> bool {
        let waiting = self.sim.get() == SimStatus::Starting
            && self
                .checked
                .with(|c| c.as_ref().is_ok_and(Settings::is_sim));
        self.checked.with(Result::is_ok) && !waiting
    }
}
