//! Whose server a target is. A shared link can aim a visitor's browser at any
//! host, so a target that is neither this page's origin nor loopback is
//! "someone else's server": polite caps apply, and the first run asks first.
//!
//! A target is read by a WHATWG URL parser, the one fetch uses, resolving it
//! against the page's base URL as fetch does: never by splitting the text,
//! which `\`, `@`, tabs, `%2e` and the many spellings of an IPv4 address defeat.
//! The parser is passed in (the browser's `URL` in the app, the `url` crate in
//! the native tests), so this module stays pure.
use super::{ConfigError, Settings};
use std::net::{Ipv4Addr, Ipv6Addr};

/// The most requests, and starts per second, sent to someone else's server
/// unless the user says they run it.
pub const POLITE_MAX_REQUESTS: usize = 1_000;
/// The most attempt starts per second sent to someone else's server, unless the user runs it.
pub const POLITE_MAX_RATE: f64 = 10.0;

/// Who answers a target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    /// A path on this page's own origin (the simulated server among them).
    ThisOrigin,
    /// 127.0.0.0/8, `localhost`, `*.localhost` or `[::1]`: this machine.
    Loopback,
    /// Anyone else's: the host name as the URL parser reads it (lower case,
    /// an IP address in its one canonical spelling); with `{shard}`, every
    /// foreign name, joined by ", ".
    Foreign(String),
}

impl Host {
    /// Whether this is someone else's server, so the polite caps apply.
    pub fn is_foreign(&self) -> bool {
        matches!(self, Host::Foreign(_))
    }
}

/// What a WHATWG URL parser made of one URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedUrl {
    /// Without the colon, lower case: `http`.
    pub scheme: String,
    /// As the parser serializes it: lower case, IDNA as punycode, IPv4 in
    /// dotted decimal, IPv6 in brackets (`[::1]`); empty when there is none.
    pub host: String,
    /// `8090`; empty for the scheme's default.
    pub port: String,
    /// `http://127.0.0.1:8080`, default port left out; `null` when opaque.
    pub origin: String,
}

/// A WHATWG URL parser that resolves relative input against the page's base
/// URL, as fetch does; `None` when the input does not parse.
pub trait UrlParser {
    /// `input` resolved against the page's base URL; `None` when it does not parse.
    fn parse(&self, input: &str) -> Option<ParsedUrl>;
}

impl<F: Fn(&str) -> Option<ParsedUrl>> UrlParser for F {
    fn parse(&self, input: &str) -> Option<ParsedUrl> {
        self(input)
    }
}

/// The page the requests leave from: its origin (`http://127.0.0.1:8080`)
/// and the parser its fetches use.
pub struct Page<P> {
    /// The page's origin, e.g. `http://127.0.0.1:8080`.
    pub origin: String,
    /// The URL parser the page's fetches use.
    pub urls: P,
}

/// Stand-ins for `{i}` and `{shard}`: valid in a host name, never a number in
/// any notation (letters beyond hex), and unchanged by parsing, so where one lands in
/// the parsed URL says where its placeholder sits.
const INDEX_MARK: &str = "fpguardindexmark";
const SHARD_MARK: &str = "fpguardshardmark";

/// The URL template with `{i}` and `{shard}` filled in, in the order
/// [`Settings::url_for`] fills them, so the guard reads what is fetched.
pub fn fill(target: &str, index: &str, shard: &str) -> String {
    target.replace("{i}", index).replace(super::SHARD, shard)
}

/// Whose server `target` (a template, as validated) is for H = `shards` host
/// names, seen from `page`; or why the guard cannot tell, which validation
/// then reports. Every shard's name is read: foreign if any is.
pub fn classify<P: UrlParser>(
    target: &str,
    shards: usize,
    page: &Page<P>,
) -> Result<Host, ConfigError> {
    let parse = |url: String| {
        page.urls
            .parse(&url)
            .filter(|u| u.scheme == "http" || u.scheme == "https")
            .ok_or(ConfigError::UnreadableTarget(url))
    };
    parse(fill(target, "1", "1"))?;
    // One check must cover all N requests, so `{i}` may not reach the host:
    // a marker there, or one that breaks the parse (a port, an IP literal), is refused.
    let indexed = page.urls.parse(&fill(target, INDEX_MARK, "1"));
    if indexed.is_none_or(|u| u.host.contains(INDEX_MARK)) {
        return Err(ConfigError::IndexInHost);
    }
    let sharded = fill(target, "1", super::SHARD);
    let placed = sharded.matches(super::SHARD).count();
    if !(0..placed).all(|k| shard_in_host(&sharded, k, &page.urls)) {
        return Err(ConfigError::ShardOutsideHost);
    }
    let names = if placed > 0 { shards.max(1) } else { 1 };
    let mut foreign: Vec<String> = Vec::new();
    let mut host = Host::ThisOrigin;
    for shard in 1..=names {
        match whose(&parse(fill(target, "1", &shard.to_string()))?, &page.origin) {
            Host::Foreign(name) if !foreign.contains(&name) => foreign.push(name),
            Host::Loopback => host = Host::Loopback,
            _ => {}
        }
    }
    if foreign.is_empty() {
        Ok(host)
    } else {
        Ok(Host::Foreign(foreign.join(", ")))
    }
}

/// Whether occurrence `k` of `{shard}` in `target` (`{i}` already filled)
/// lands in the parsed host, the others being shard 1. Splitting at the
/// placeholder reads the template, not the URL: the parser still says where
/// each occurrence ends up.
fn shard_in_host<P: UrlParser>(target: &str, k: usize, urls: &P) -> bool {
    let with = |value: &str| {
        let mut url = String::new();
        for (n, part) in target.split(super::SHARD).enumerate() {
            if n > 0 {
                url.push_str(if n == k + 1 { value } else { "1" });
            }
            url.push_str(part);
        }
        urls.parse(&url)
    };
    let marks = |u: &ParsedUrl| u.host.matches(SHARD_MARK).count();
    match (with(SHARD_MARK), with("1")) {
        (Some(marked), Some(plain)) => marks(&marked) > marks(&plain),
        // Letters break only a port or an IP address (`12{shard}.0.0.1`,
        // `[::{shard}]`): it is the address if other digits move the host
        // and leave the port.
        (None, Some(one)) => {
            with("2").is_some_and(|two| two.port == one.port && two.host != one.host)
        }
        _ => false,
    }
}

/// One parsed URL's server, seen from a page at `page_origin`.
fn whose(url: &ParsedUrl, page_origin: &str) -> Host {
    if url.origin == page_origin {
        Host::ThisOrigin
    } else if is_loopback(&url.host) {
        Host::Loopback
    } else {
        Host::Foreign(url.host.clone())
    }
}

/// Whether a host, as the URL parser serialized it, is this machine. The
/// parser has already turned `2130706433`, `0x7f.1`, `127.1` and `127.0.0.1.`
/// into `127.0.0.1`, and `[0:0:0:0:0:0:0:1]` into `[::1]`, so only the
/// canonical spellings are left to read.
fn is_loopback(host: &str) -> bool {
    if let Ok(v4) = host.parse::<Ipv4Addr>() {
        return v4.is_loopback();
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        // Only `::1`. An IPv4-mapped `[::ffff:127.0.0.1]` (`[::ffff:7f00:1]`)
        // may reach 127.0.0.1 or fail, depending on the system's dual-stack
        // sockets; nobody needs that spelling for their own machine, and
        // treating it as someone else's costs one confirmation, while the
        // opposite mistake would lift the caps.
        return v6.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback());
    }
    // RFC 6761: `localhost`, any name under it, and the same with the root's
    // trailing dot, resolve to this machine (browsers answer them themselves).
    let name = host.strip_suffix('.').unwrap_or(host);
    name == "localhost" || name.ends_with(".localhost")
}

/// The polite caps for someone else's server: at most 1,000 requests and at
/// most 10 starts a second (so a rate must be set).
pub fn polite_errors(settings: &Settings) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    if settings.n > POLITE_MAX_REQUESTS {
        errors.push(ConfigError::PoliteRequests);
    }
    if settings.rate_per_sec <= 0.0 || settings.rate_per_sec > POLITE_MAX_RATE {
        errors.push(ConfigError::PoliteRate);
    }
    errors
}

impl ConfigError {
    /// Whether this error is one of the polite caps (lifted by "I run this server").
    pub fn is_polite_cap(&self) -> bool {
        matches!(self, ConfigError::PoliteRequests | ConfigError::PoliteRate)
    }
}
