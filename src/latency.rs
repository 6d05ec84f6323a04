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

/// The latency server as its `/hello` describes it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LatencyServer {
    /// The port it listens on.
    pub port: u16,
    /// The protocol it says it speaks (`http/1.1`, `h2`); empty if it did not say.
    pub protocol: String,
}

#[derive(Deserialize)]
struct Hello {
    server: String,
    port: u16,
    #[serde(default)]
    protocol: String,
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
        })
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
}
