//! The browser's own URL parser, the one fetch uses, for the host guard
//! (`config::host`): what this reads is what fetch would send.
use crate::config::host::{ParsedUrl, UrlParser};

/// Parses as fetch does, relative input against the document's base URL.
#[derive(Clone, Debug)]
pub struct BrowserUrls {
    base: String,
}

impl BrowserUrls {
    pub fn new(base: impl Into<String>) -> Self {
        BrowserUrls { base: base.into() }
    }

    /// Against `document.baseURI`: fetch resolves a relative URL against the
    /// document's base (Trunk's `<base href>`), not the page's own address.
    pub fn of_document() -> Self {
        let window = web_sys::window();
        let base = window
            .as_ref()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .or_else(|| window.and_then(|w| w.location().href().ok()))
            .unwrap_or_default();
        BrowserUrls::new(base)
    }
}

impl UrlParser for BrowserUrls {
    fn parse(&self, input: &str) -> Option<ParsedUrl> {
        // An empty base would make even absolute input fail to parse.
        let url = if self.base.is_empty() {
            web_sys::Url::new(input)
        } else {
            web_sys::Url::new_with_base(input, &self.base)
        }
        .ok()?;
        let protocol = url.protocol();
        Some(ParsedUrl {
            scheme: protocol.strip_suffix(':').unwrap_or(&protocol).to_string(),
            host: url.hostname(),
            port: url.port(),
            origin: url.origin(),
        })
    }
}
