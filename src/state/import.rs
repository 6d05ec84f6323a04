//! Runs that come from outside: an exported file or a results link. The
//! outcome is typed; its `Display` is the one place the page's words are made.
use super::{run, Playground};
use crate::browser::PageError;
use crate::config::host::Page;
use crate::config::RawSettings;
use crate::report::export::{self, ImportError, Imported};
use crate::report::permalink::{self, OpenError};
use thiserror::Error;

/// How an import went, as the toolbar's note says it.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ImportNotice {
    #[error("Imported {count} recorded runs from {name}: shown as recorded, not re-run.")]
    Filed { name: String, count: usize },
    #[error("Import of {name} refused: {error}")]
    Refused { name: String, error: ImportError },
    #[error("Import failed: {0}.")]
    Unread(PageError),
    #[error("This link holds {0} recorded runs: shown as recorded, not re-run, and no request was sent.")]
    Opened(usize),
    #[error("{0}")]
    LinkRefused(OpenError),
}

impl Playground {
    /// Files runs read from an export and replays any that lack an ideal.
    /// Each run's target must also pass the host guard, read with the
    /// browser's own URL parser (the pure import checks everything else):
    /// a file may not count `{shard}` in a path as host names.
    pub fn import(self, imported: Vec<Imported>) -> Result<usize, ImportError> {
        let page = Page {
            origin: crate::browser::page::origin(),
            urls: crate::browser::url::BrowserUrls::of_document(),
        };
        for r in &imported {
            let raw = RawSettings::from_query(&r.run.query);
            if let Err(errors) = raw.validate_with(&page) {
                return Err(ImportError::Rejected {
                    id: r.file_id,
                    errors,
                });
            }
        }
        let count = self.history.import(imported);
        if !self.session.is_running_untracked() {
            leptos::task::spawn_local(run::fill_ideals(self));
        }
        Ok(count)
    }

    /// Files the runs of a file the page read (or says why it could not).
    pub fn import_file(self, read: Result<(String, String), PageError>) -> ImportNotice {
        let (name, text) = match read {
            Ok(file) => file,
            Err(e) => return ImportNotice::Unread(e),
        };
        match export::from_json(&text).and_then(|runs| self.import(runs)) {
            Ok(count) => ImportNotice::Filed { name, count },
            Err(error) => ImportNotice::Refused { name, error },
        }
    }

    /// Files the runs of a `#runs=…` fragment; `None` if it is not a results link.
    pub async fn open_link(self, fragment: &str) -> Option<ImportNotice> {
        let opened = permalink::decode(fragment, crate::browser::deflate::decompress).await?;
        Some(
            match opened.and_then(|runs| self.import(runs).map_err(OpenError::from)) {
                Ok(count) => ImportNotice::Opened(count),
                Err(e) => ImportNotice::LinkRefused(e),
            },
        )
    }
}
