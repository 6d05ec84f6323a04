//! Finding the project's own latency server (`cargo xtask serve` starts it on
//! [`LATENCY_PORT`]) and the targets that aim at it. Pure: the probe itself is
//! in `browser::latency`.
#![deny(missing_docs)]
use serde::Deserialize;
use thiserror::Error;

/// Where `cargo xtask serve` starts it (xtask/src/latency/mod.rs, `PORT`).
pub const LATENCY_PORT: u16 = 18700;
/// What its `/hello` calls itself.
pub const LATENCY_NAME: &str = "fetch-playground-latency";
/// The delay the one-click targets ask for: the HTTP/1.1 lesson's 500 ms.
pub const LESSON_DELAY_MS: u32 = 500;
/// The shard count of the one-click sharded target: 4 names × 6 = 24 in flight.
pub const LESSON_SHARDS: usize = 4;
/// The stream limit of the latency server's fourth listener (xtask's `LESSON_STREAMS`).
pub const LESSON_STREAMS: u32 = 10;
/// Where `cargo xtask serve` puts that listener: the first port + 3.
pub const LESSON_H2_URL: &str = "https://localhost:18703";

/// Whether `url` is HTTPS to this machine: the latency server's self-signed
/// certificate is then the likely cause of a network error.
pub fn is_local_https(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let authority = origin(url).get("https://".len()..).unwrap_or(rest);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6
            .split(']')
            .next()
            .map(|h| format!("[{h}]"))
            .unwrap_or_default(),
        None => authority
            .split(':')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase(),
    };
    host == "localhost" || host.ends_with(".localhost") || host == "127.0.0.1" || host == "[::1]"
}

/// What the page says when HTTPS to this machine failed as network errors.
pub fn certificate_hint(url: &str) -> String {
    format!(
        "An https request to a server on this machine that fails as a network error is most often its self-signed certificate, which this browser has not accepted yet: open {}/hello once in a tab, accept the certificate (Advanced → Proceed), and run again",
        origin(url)
    )
}

/// The URL to probe from a page at `page_origin`, or `None` when the page is
/// not itself on this machine: from a deployed https site, an http://localhost
/// request would be mixed content, and a visitor has no such server anyway.
pub fn probe_url(page_origin: &str) -> Option<String> {
    let (scheme, authority) = page_origin.split_once("://")?;
    let host = if authority.starts_with('[') {
        authority.split(']').next().map(|h| format!("{h}]"))?
    } else {
        authority.split(':').next()?.to_ascii_lowercase()
    };
    let loopback = host == "localhost" || host == "127.0.0.1" || host == "[::1]";
    (loopback && (scheme == "http" || scheme == "https"))
        .then(|| format!("http://localhost:{LATENCY_PORT}/hello"))
}

/// One of the latency server's listeners, as `/hello` lists them.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Listener {
    /// `http://localhost:18700`, `https://localhost:18702`, …
    pub url: String,
    /// Whether it speaks TLS (and so needs its certificate accepted once).
    #[serde(default)]
    pub tls: bool,
    /// What its ALPN offers first: `http/1.1` or `h2`.
    pub protocol: String,
    /// Its SETTINGS_MAX_CONCURRENT_STREAMS, when it sends one.
    #[serde(default)]
    pub max_streams: Option<u32>,
}

impl Listener {
    /// The lesson's target on this listener: 500 ms per request on one host name.
    pub fn target(&self) -> String {
        format!("{}/delay/{LESSON_DELAY_MS}?i={{i}}", self.url)
    }
}

/// The latency server as its `/hello` describes it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LatencyServer {
    /// The port it listens on.
    pub port: u16,
    /// The protocol it says it speaks (`http/1.1`, `h2`); empty if it did not say.
    pub protocol: String,
    /// Its listeners, HTTPS and HTTP/2 included; empty for a server too old to list them.
    pub listeners: Vec<Listener>,
}

#[derive(Deserialize)]
struct Hello {
    server: String,
    port: u16,
    #[serde(default)]
    protocol: String,
    #[serde(default)]
    listeners: Vec<Listener>,
}

/// The `scheme://host:port` a URL starts with (no path, query or fragment).
pub fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url
        .get(after_scheme..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .map_or(url.len(), |i| after_scheme + i);
    url.get(..end).unwrap_or(url)
}

impl LatencyServer {
    /// Reads a `/hello` answer; anything else on that port is not ours.
    pub fn from_hello(body: &str) -> Result<LatencyServer, Absence> {
        let hello: Hello = serde_json::from_str(body).map_err(|_| Absence::NotHello)?;
        if hello.server != LATENCY_NAME {
            return Err(Absence::Other(hello.server));
        }
        Ok(LatencyServer {
            port: hello.port,
            protocol: hello.protocol,
            listeners: hello.listeners,
        })
    }

    /// The HTTPS listener whose ALPN offers only HTTP/1.1: TLS without HTTP/2.
    pub fn tls_http1(&self) -> Option<&Listener> {
        self.listeners
            .iter()
            .find(|l| l.tls && l.protocol == "http/1.1")
    }

    /// The main HTTP/2 listener (`--max-streams` sets its limit).
    pub fn http2(&self) -> Option<&Listener> {
        self.listeners.iter().find(|l| l.protocol == "h2")
    }

    /// The HTTP/2 listener the lesson's sweep uses: the one announcing [`LESSON_STREAMS`].
    pub fn http2_capped(&self) -> Option<&Listener> {
        self.listeners
            .iter()
            .find(|l| l.protocol == "h2" && l.max_streams == Some(LESSON_STREAMS))
    }

    /// Each origin's announced HTTP/2 stream limit, for runs against it.
    pub fn stream_limits(&self) -> Vec<(String, usize)> {
        self.listeners
            .iter()
            .filter_map(|l| Some((origin(&l.url).to_string(), l.max_streams? as usize)))
            .collect()
    }

    /// The one-host target: every request to `localhost`, so one pool of 6.
    pub fn target(&self) -> String {
        format!(
            "http://localhost:{}/delay/{LESSON_DELAY_MS}?i={{i}}",
            self.port
        )
    }

    /// The sharded target: `1.localhost`, `2.localhost`, … all reach this
    /// server, and each name gets its own 6 connections.
    pub fn sharded_target(&self) -> String {
        format!(
            "http://{{shard}}.localhost:{}/delay/{LESSON_DELAY_MS}?i={{i}}",
            self.port
        )
    }
}

/// What the page knows about the latency server. It is asked only when a
/// button is pressed: a probe at load would log "Failed to load resource" on
/// every page where it is not running.
#[derive(Clone, Debug, PartialEq)]
pub enum Discovery {
    /// Not looked for: the page is not on loopback.
    NotHere,
    /// Offered on a page on this machine; not asked yet.
    Offered,
    /// The probe is out; no answer yet.
    Looking,
    /// It answered `/hello` as the latency server.
    Found(LatencyServer),
    /// Looked, and nothing (or something else) answered.
    Absent(Absence),
}

/// Why the latency server was not found.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Absence {
    /// Nothing answered on the port.
    #[error("nothing answers on localhost:{LATENCY_PORT}: start it with `cargo xtask serve` (or `cargo xtask latency-server`) and press the button again")]
    NoAnswer,
    /// Something answered, but not with a `/hello` the app can read.
    #[error("localhost:{LATENCY_PORT} answered, but not as the latency server")]
    NotHello,
    /// A different server answered `/hello`; holds the name it gave.
    #[error("localhost:{LATENCY_PORT} is “{0}”, not the latency server")]
    Other(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Field, RawSettings};

    #[test]
    fn only_a_page_on_this_machine_looks_for_it() {
        let probe = Some("http://localhost:18700/hello".to_string());
        for origin in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://LOCALHOST",
            "http://[::1]:8080",
        ] {
            assert_eq!(probe_url(origin), probe, "{origin}");
        }
        for origin in [
            "https://someone.github.io",
            "http://192.168.1.5:8080",
            "http://localhost.example.com",
            "http://127.0.0.1.nip.io",
            "null",
            "",
        ] {
            assert_eq!(probe_url(origin), None, "{origin}");
        }
    }

    #[test]
    fn its_hello_is_recognised_and_anything_else_is_not() {
        let hello = r#"{"server":"fetch-playground-latency","version":1,"port":18700,"protocol":"http/1.1","endpoints":["/delay/{ms}"]}"#;
        let server = LatencyServer::from_hello(hello).expect("ours");
        assert_eq!(server.port, 18700);
        assert_eq!(server.protocol, "http/1.1");
        assert_eq!(
            LatencyServer::from_hello("<html>hi</html>"),
            Err(Absence::NotHello)
        );
        let other = r#"{"server":"httpbin","port":18700}"#;
        let err = LatencyServer::from_hello(other).unwrap_err();
        assert_eq!(err, Absence::Other("httpbin".into()));
        assert_eq!(
            err.to_string(),
            "localhost:18700 is “httpbin”, not the latency server"
        );
    }

    #[test]
    fn the_one_click_targets_are_valid_and_loopback() {
        let server = LatencyServer {
            port: 18700,
            protocol: "http/1.1".into(),
            listeners: Vec::new(),
        };
        assert_eq!(server.target(), "http://localhost:18700/delay/500?i={i}");
        let mut raw = RawSettings::default();
        raw.set(Field::Target, server.target());
        assert!(raw.validate().is_ok());
        raw.set(Field::Target, server.sharded_target());
        raw.set(Field::Shards, LESSON_SHARDS.to_string());
        let s = raw.validate().expect("valid");
        assert_eq!(s.url_for(2), "http://2.localhost:18700/delay/500?i=2");
        assert_eq!(s.host_names(), 4);
    }

    #[test]
    fn its_listeners_give_the_https_and_http2_targets_and_their_stream_limits() {
        let hello = r#"{"server":"fetch-playground-latency","version":2,"port":18700,"protocol":"http/1.1","tls":false,"max_streams":null,"listeners":[{"url":"http://localhost:18700","port":18700,"tls":false,"protocol":"http/1.1","max_streams":null},{"url":"https://localhost:18701","port":18701,"tls":true,"protocol":"http/1.1","max_streams":null},{"url":"https://localhost:18702","port":18702,"tls":true,"protocol":"h2","max_streams":6},{"url":"https://localhost:18703","port":18703,"tls":true,"protocol":"h2","max_streams":10}]}"#;
        let server = LatencyServer::from_hello(hello).expect("ours");
        let target = |l: Option<&Listener>| l.map(Listener::target);
        assert_eq!(
            target(server.tls_http1()).as_deref(),
            Some("https://localhost:18701/delay/500?i={i}")
        );
        assert_eq!(
            target(server.http2()).as_deref(),
            Some("https://localhost:18702/delay/500?i={i}")
        );
        assert_eq!(
            server.http2_capped().map(|l| l.url.as_str()),
            Some(LESSON_H2_URL)
        );
        assert_eq!(
            server.stream_limits(),
            vec![
                ("https://localhost:18702".to_string(), 6),
                ("https://localhost:18703".to_string(), 10)
            ]
        );
        // A server of the HTTP/1.1-only days lists none: no HTTP/2 button.
        let old = r#"{"server":"fetch-playground-latency","port":18700,"protocol":"http/1.1"}"#;
        assert_eq!(LatencyServer::from_hello(old).unwrap().http2(), None);
    }

    #[test]
    fn origins_and_local_https() {
        assert_eq!(
            origin("https://localhost:18702/delay/500?i={i}"),
            "https://localhost:18702"
        );
        assert_eq!(
            origin("https://2.localhost:18702?i=1"),
            "https://2.localhost:18702"
        );
        assert_eq!(origin("http://x"), "http://x");
        assert!(is_local_https("https://localhost:18702/delay/5"));
        assert!(is_local_https("https://3.localhost:18702/delay/5"));
        assert!(is_local_https("https://127.0.0.1:9/x"));
        assert!(is_local_https("https://[::1]:9/x"));
        assert!(!is_local_https("http://localhost:18700/delay/5"));
        assert!(!is_local_https("https://jsonplaceholder.typicode.com/x"));
        assert!(!is_local_https("https://localhost.example.com/x"));
        let hint = certificate_hint("https://localhost:18702/delay/500?i=1");
        assert!(
            hint.contains("open https://localhost:18702/hello once"),
            "{hint}"
        );
        assert!(hint.contains("accept the certificate"), "{hint}");
    }
}
