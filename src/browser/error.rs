//! What the page's own helpers (URL, clipboard, files, chart images) can fail
//! at, each in words a user can act on.
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Error)]
pub enum PageError {
    #[error("no browser window")]
    NoWindow,
    #[error("no document")]
    NoDocument,
    #[error("can't read the page's origin")]
    NoOrigin,
    #[error("can't read the page's path")]
    NoPath,
    #[error("the browser did not allow copying; select the link and copy it")]
    Clipboard,
    #[error("could not save {0}")]
    Save(String),
    #[error("no file was chosen")]
    NoFile,
    /// The browser's own reason, as it gave it.
    #[error("{0}")]
    FileUnreadable(String),
    #[error("the file is not text")]
    NotText,
    #[error("this chart has nothing drawn yet")]
    NothingDrawn,
    #[error("the browser could not turn the canvas into a PNG")]
    NoPng,
    #[error("could not copy the chart")]
    CopyChart,
    #[error("could not read the chart")]
    ReadChart,
}
