//! The form: the settings as typed, their validation, and whether the
//! simulated server they may need is up.
use crate::browser::sim_worker::{SimStatus, SimUnavailable};
use crate::browser::url::BrowserUrls;
use crate::config::host::{polite_errors, Host, Page};
use crate::config::{
    error_message, messages_for, with_guard, ConfigError, Field, RawSettings, Settings,
};
use crate::engine::Strategy;
use crate::lang::Unsupported;
use crate::sim::is_sim_target;
use leptos::prelude::*;

/// Why the form can't run: its own errors, or the simulated server's absence.
#[derive(Clone, Debug, PartialEq)]
pub enum Invalid {
    Input(Vec<ConfigError>),
    NoSimulatedServer(SimUnavailable),
}

impl Invalid {
    /// The one-line message of the `error` element.
    pub fn message(&self) -> String {
        match self {
            Invalid::Input(errors) => error_message(errors),
            Invalid::NoSimulatedServer(why) => why.to_string(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Form {
    raw: RwSignal<RawSettings>,
    sim: RwSignal<SimStatus>,
    checked: Memo<Result<Settings, Invalid>>,
    /// Whose server the target is, seen from this page.
    host: Memo<Host>,
    /// "I run this server": lifts the polite caps for someone else's server.
    own_server: RwSignal<bool>,
    /// The foreign host the user agreed to send requests to.
    confirmed: RwSignal<Option<String>>,
    /// A press refused for what it asked of the language (lesson 002's hold
    /// in Python, say): shown in the `error` element until the form changes.
    refused: RwSignal<Vec<ConfigError>>,
}

impl Form {
    /// The form for a page at `page_origin` (e.g. `http://127.0.0.1:8080`).
    pub fn new(raw: RawSettings, page_origin: String) -> Self {
        let raw = RwSignal::new(raw);
        let sim = RwSignal::new(SimStatus::Starting);
        let own_server = RwSignal::new(false);
        // Targets are read by the browser's URL parser against the document's
        // base, exactly as fetch will read them.
        let page = Page {
            origin: page_origin,
            urls: BrowserUrls::of_document(),
        };
        let guard = Memo::new(move |_| raw.with(|r| r.guard(&page)));
        // A target the guard can't read is refused below and sends nothing:
        // there is no server to warn about, only the error to fix.
        let host = Memo::new(move |_| guard.with(|g| g.clone().unwrap_or(Host::ThisOrigin)));
        let checked = Memo::new(move |_| {
            let validated = raw.with(RawSettings::validate);
            let settings = guard
                .with(|g| with_guard(validated, g))
                .map_err(Invalid::Input)?;
            if host.with(Host::is_foreign) && !own_server.get() {
                let caps = polite_errors(&settings);
                if !caps.is_empty() {
                    return Err(Invalid::Input(caps));
                }
            }
            match sim.get() {
                SimStatus::Unavailable(why) if settings.is_sim() => {
                    Err(Invalid::NoSimulatedServer(why))
                }
                _ => Ok(settings),
            }
        });
        Form {
            raw,
            sim,
            checked,
            host,
            own_server,
            confirmed: RwSignal::new(None),
            refused: RwSignal::new(Vec::new()),
        }
    }

    /// Whose server the target is.
    pub fn host(&self) -> Host {
        self.host.get()
    }

    pub fn own_server(&self) -> bool {
        self.own_server.get()
    }

    pub(super) fn set_own_server(&self, yes: bool) {
        self.own_server.set(yes);
    }

    /// Someone else's server that the user has not yet agreed to send requests to.
    pub fn needs_confirmation(&self) -> bool {
        match self.host.get() {
            Host::Foreign(name) => self.confirmed.with(|c| c.as_deref() != Some(name.as_str())),
            _ => false,
        }
    }

    /// The user agreed to send requests to the current foreign host.
    pub(super) fn confirm_host(&self) {
        if let Host::Foreign(name) = self.host.get_untracked() {
            self.confirmed.set(Some(name));
        }
    }

    /// The text of one control, as typed.
    pub fn value(&self, field: Field) -> String {
        self.raw.with(|r| r.get(field).to_string())
    }

    pub(super) fn set(&self, field: Field, value: impl Into<String>) {
        self.raw.update(|r| r.set(field, value));
        self.clear_refusal();
    }

    /// A press went ahead: an earlier refusal no longer stands.
    pub(super) fn clear_refusal(&self) {
        if self.refused.with_untracked(|r| !r.is_empty()) {
            self.refused.set(Vec::new());
        }
    }

    /// Refuses a press that asks `option` of a language that lacks it;
    /// `true` when refused (the `error` element then names the option).
    pub(super) fn refuse_unsupported(&self, option: Unsupported) -> bool {
        let Ok(settings) = self.checked.get_untracked() else {
            return false;
        };
        let language = settings.language;
        self.refuse(if language.in_worker() {
            vec![ConfigError::NotInLanguage(language, option)]
        } else {
            Vec::new()
        })
    }

    /// Refuses a press for `errors` (none: it may go); `true` when refused.
    pub(super) fn refuse(&self, errors: Vec<ConfigError>) -> bool {
        let refused = !errors.is_empty();
        self.refused.set(errors);
        refused
    }

    /// The form as typed, for a run's share query.
    /// The settings as typed, tracked: for a view that reads them before
    /// the polite caps (which `settings` includes).
    pub fn raw(&self) -> RawSettings {
        self.raw.get()
    }

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

    pub(super) fn set_sim(&self, status: SimStatus) {
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
            .or_else(|| {
                self.refused
                    .with(|r| (!r.is_empty()).then(|| error_message(r)))
            })
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

    /// Valid, the simulated server up if the settings need it, and someone
    /// else's server confirmed.
    pub fn ready(&self) -> bool {
        if self.needs_confirmation() {
            return false;
        }
        let waiting = self.sim.get() == SimStatus::Starting
            && self
                .checked
                .with(|c| c.as_ref().is_ok_and(Settings::is_sim));
        self.checked.with(Result::is_ok) && !waiting
    }
}
