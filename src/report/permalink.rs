//! Results permalinks: the chosen runs, as the JSON export, compressed
//! (raw deflate) into a URL fragment. The fragment never reaches a server, and
//! opening the link shows the runs as recorded, without re-running them.
//! This module decides; the compression itself is passed in (the browser's
//! own streams in the page, miniz_oxide in native tests), so no deflate code
//! is in the wasm.
#![deny(missing_docs)]
use super::export::{self, Imported};
use super::{RunResult, MAX_SELECTED};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::future::Future;
use std::sync::Arc;
use thiserror::Error;

/// Why no link can be made.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum LinkError {
    /// The history has no run to put in a link.
    #[error("There is no run to link to yet.")]
    NoRuns,
    /// Even at the coarsest resolution the link is over `BUDGET`.
    #[error("{requests} requests make a {:.0} KB link even with times rounded to {} ms, and links over {} KB break in chats and browsers: use Export JSON, and Import on the other side.", *.smallest as f64 / 1024.0, COARSEST_MS, BUDGET / 1024)]
    TooBig {
        /// How many requests the runs hold.
        requests: usize,
        /// The smallest link's size, in bytes.
        smallest: usize,
    },
    /// The runs could not be exported.
    #[error(transparent)]
    Export(#[from] export::ExportError),
    /// The browser could not compress them; holds its reason.
    #[error("The browser could not compress the runs ({0}): use Export JSON instead.")]
    Compress(String),
}

/// Why a `#runs=…` fragment can't be opened.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum OpenError {
    /// The link's data is over `BUDGET` bytes; holds its size.
    #[error("This results link holds {:.0} KB; a results link holds at most {} KB (bigger runs travel as exported files).", *.0 as f64 / 1024.0, BUDGET / 1024)]
    TooBig(usize),
    /// The link's data does not unpack.
    #[error("This results link is damaged ({0}): ask for it again, or for an exported file.")]
    Damaged(Damage),
    /// The link holds more runs than can be shown side by side; holds the count.
    #[error("This results link holds {0} runs; a results link holds at most {MAX_SELECTED}, the runs shown side by side.")]
    TooManyRuns(usize),
    /// The unpacked runs are not a valid export.
    #[error(transparent)]
    Runs(#[from] export::ImportError),
}

/// How a link's data fails to unpack.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Damage {
    /// The data is not URL-safe base64; holds the decoder's reason.
    #[error("not base64: {0}")]
    NotBase64(String),
    /// The data does not decompress; holds the decoder's reason.
    #[error("not compressed runs: {0}")]
    NotCompressed(String),
    /// The decompressed data is not UTF-8 text.
    #[error("not text")]
    NotText,
}

/// The fragment's prefix: `#runs=…`.
pub const PREFIX: &str = "runs=";

/// Links above this many bytes break in chats, mail and some browsers: such
/// runs go through Export JSON and Import instead.
pub const BUDGET: usize = 8 * 1024;

/// Time resolutions tried in turn. Chromium's clock ticks in 0.1 ms steps
/// without cross-origin isolation, so the first loses nothing.
const RESOLUTIONS_MS: [f64; 3] = [0.1, 1.0, COARSEST_MS];
const COARSEST_MS: f64 = 10.0;

/// Most bytes a decompressed link may hold: a bad link can't exhaust memory.
/// The decompressor stops reading past it.
pub const MAX_JSON: usize = 64 * 1024 * 1024;

/// A fragment that fits, with the resolution its times were rounded to.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The fragment without its `#`: `runs=` and the packed runs.
    pub fragment: String,
    /// The resolution its times were rounded to, in ms.
    pub resolution_ms: f64,
}

/// The fragment for `runs`, at the finest resolution that fits the budget,
/// or a message saying why none does. `deflate` raw-deflates one rounding's
/// JSON; it is called again at each coarser rounding until the link fits.
pub async fn encode<D, F>(
    runs: &[Arc<RunResult>],
    date: &str,
    mut deflate: D,
) -> Result<Link, LinkError>
where
    D: FnMut(Vec<u8>) -> F,
    F: Future<Output = Result<Vec<u8>, String>>,
{
    if runs.is_empty() {
        return Err(LinkError::NoRuns);
    }
    let mut smallest = usize::MAX;
    for resolution_ms in RESOLUTIONS_MS {
        let json = json_at(runs, date, resolution_ms)?;
        let packed = deflate(json.into_bytes())
            .await
            .map_err(LinkError::Compress)?;
        let fragment = fragment_of(&packed);
        if fragment.len() <= BUDGET {
            return Ok(Link {
                fragment,
                resolution_ms,
            });
        }
        smallest = smallest.min(fragment.len());
    }
    let requests: usize = runs.iter().map(|r| r.report.n).sum();
    Err(LinkError::TooBig { requests, smallest })
}

/// The JSON a link holds for `runs` at one resolution.
pub fn json_at(
    runs: &[Arc<RunResult>],
    date: &str,
    resolution_ms: f64,
) -> Result<String, LinkError> {
    let rounded: Vec<Arc<RunResult>> = runs
        .iter()
        .map(|r| Arc::new(rounded(r, resolution_ms)))
        .collect();
    Ok(export::to_compact_json(&rounded, date)?)
}

/// The fragment that carries `packed` (raw-deflated JSON).
pub fn fragment_of(packed: &[u8]) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Reads a `#runs=…` fragment (with or without the `#`); `None` if the
/// fragment is not a permalink at all. `inflate` unpacks raw deflate and
/// must fail rather than give more than its limit (`MAX_JSON`).
pub async fn decode<I, F>(fragment: &str, inflate: I) -> Option<Result<Vec<Imported>, OpenError>>
where
    I: FnOnce(Vec<u8>, usize) -> F,
    F: Future<Output = Result<Vec<u8>, String>>,
{
    let packed = match packed(fragment)? {
        Ok(packed) => packed,
        Err(e) => return Some(Err(e)),
    };
    let json = inflate(packed, MAX_JSON)
        .await
        .map_err(|e| OpenError::Damaged(Damage::NotCompressed(e)));
    Some(json.and_then(runs_of))
}

/// The compressed bytes of a `#runs=…` fragment; `None` if it is not one.
pub fn packed(fragment: &str) -> Option<Result<Vec<u8>, OpenError>> {
    let data = fragment.trim_start_matches('#').strip_prefix(PREFIX)?;
    // The page never makes a longer link, and 8 KB of deflate can unpack to
    // megabytes of near-identical runs: refused before unpacking.
    let data = data.trim();
    if PREFIX.len() + data.len() > BUDGET {
        return Some(Err(OpenError::TooBig(PREFIX.len() + data.len())));
    }
    Some(
        URL_SAFE_NO_PAD
            .decode(data)
            .map_err(|e| OpenError::Damaged(Damage::NotBase64(e.to_string()))),
    )
}

/// The runs in a link's unpacked JSON.
pub fn runs_of(json: Vec<u8>) -> Result<Vec<Imported>, OpenError> {
    // An empty stream inflates to nothing without an error in some decoders.
    if json.is_empty() {
        return Err(OpenError::Damaged(Damage::NotCompressed("no data".into())));
    }
    let text = String::from_utf8(json).map_err(|_| OpenError::Damaged(Damage::NotText))?;
    let runs = export::from_json(&text)?;
    if runs.len() > MAX_SELECTED {
        return Err(OpenError::TooManyRuns(runs.len()));
    }
    Ok(runs)
}

fn rounded(run: &RunResult, resolution_ms: f64) -> RunResult {
    super::retime::written(run, Some(resolution_ms))
}

#[cfg(test)]
mod tests;
