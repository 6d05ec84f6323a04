//! The Python runtime's state as the page shows it (`python-status`).
use super::protocol::Status;

/// Where the Python runtime is: not asked for yet, downloading, ready, or failed.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum PythonStatus {
    /// No Python run asked for yet: nothing of Pyodide has been fetched.
    #[default]
    Idle,
    /// Downloading: `loaded` of `total` bytes (`None` while unknown).
    Loading {
        /// Bytes received so far.
        loaded: f64,
        /// Bytes in all, once the worker knows.
        total: Option<f64>,
    },
    /// Loaded in `ms`.
    Ready {
        /// How long the load took.
        ms: f64,
    },
    /// It can't be loaded; why.
    Failed(String),
}

impl PythonStatus {
    /// The `data-state` attribute: `idle`, `loading`, `ready` or `failed`.
    pub fn state(&self) -> &'static str {
        match self {
            PythonStatus::Idle => "idle",
            PythonStatus::Loading { .. } => "loading",
            PythonStatus::Ready { .. } => "ready",
            PythonStatus::Failed(_) => "failed",
        }
    }

    /// What the worker reported, as the page's state.
    pub fn from_status(status: &Status) -> PythonStatus {
        match status {
            Status::Loading { loaded, total, .. } => PythonStatus::Loading {
                loaded: *loaded,
                total: *total,
            },
            Status::Ready { ms } => PythonStatus::Ready { ms: *ms },
            Status::Failed { message } => PythonStatus::Failed(message.clone()),
        }
    }

    /// In words: "Python: loading 3.1 of 13.4 MB…", "Python ready (loaded in 1.8 s)".
    pub fn describe(&self) -> String {
        let mb = |bytes: f64| format!("{:.1}", bytes / 1_000_000.0);
        match self {
            PythonStatus::Idle => {
                "Python: not loaded (Pyodide loads from this site on the first Python run)"
                    .to_string()
            }
            PythonStatus::Loading {
                loaded,
                total: Some(total),
            } => format!("Python: loading {} of {} MB…", mb(*loaded), mb(*total)),
            PythonStatus::Loading {
                loaded,
                total: None,
            } => {
                format!("Python: loading, {} MB so far…", mb(*loaded))
            }
            PythonStatus::Ready { ms } => {
                format!(
                    "Python ready (CPython's asyncio, loaded in {:.1} s)",
                    ms / 1000.0
                )
            }
            PythonStatus::Failed(why) => format!("Python failed to load: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_says_where_the_runtime_is() {
        let loading = PythonStatus::from_status(&Status::Loading {
            loaded: 3_100_000.0,
            total: Some(13_400_000.0),
            what: "pyodide.asm.wasm".into(),
        });
        assert_eq!(loading.state(), "loading");
        assert_eq!(loading.describe(), "Python: loading 3.1 of 13.4 MB…");
        let ready = PythonStatus::from_status(&Status::Ready { ms: 1_770.0 });
        assert_eq!(ready.state(), "ready");
        assert!(ready.describe().contains("1.8 s"));
        assert_eq!(PythonStatus::default().state(), "idle");
        let failed = PythonStatus::Failed("no pyodide/files.json".into());
        assert_eq!(failed.state(), "failed");
        assert!(failed.describe().ends_with("no pyodide/files.json"));
    }
}
