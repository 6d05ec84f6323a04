//! The latency server: real HTTP servers on loopback (hyper), with CORS and
//! `Timing-Allow-Origin`, whose answers take as long as the URL says. Unlike the
//! page's simulated server, the browser's own connection rules apply to them,
//! which is what the waterfall is there to show. Four listeners, one after
//! another from the first port:
//!
//! - plain HTTP/1.1 (6 connections per host name in a browser);
//! - HTTPS with ALPN offering only `http/1.1`, so that TLS is not mistaken for the difference;
//! - HTTPS with ALPN `h2`: one connection, many streams, limited only by the
//!   server's SETTINGS_MAX_CONCURRENT_STREAMS (`--max-streams`, none by default);
//! - the same HTTP/2 with a limit of [`LESSON_STREAMS`], for the HTTP/2 lesson's sweep.
mod answer;
pub mod listen;
pub mod routes;
#[cfg(test)]
mod tests;
pub mod tls;

pub use answer::Drip;
#[cfg(test)]
use answer::{DRIP_FIRST, DRIP_REST};
use listen::{bind_loopback, Wire};
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// The first port for `cargo xtask serve`: below Linux's ephemeral range and off
/// Chromium's list of blocked ports. `LATENCY_PORT` in src/latency.rs matches it;
/// the other listeners take the next three.
pub const PORT: u16 = 18700;
/// What `/hello` says first, which is how the page (and `serve`) recognise it.
pub const NAME: &str = "fetch-playground-latency";
/// The stream limit of the fourth listener, where the HTTP/2 lesson's sweep finds its knee.
pub const LESSON_STREAMS: u32 = 10;

/// What `--max-streams` and `--port` ask for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The first port; 0 gives each listener a free port of its own.
    pub port: u16,
    /// SETTINGS_MAX_CONCURRENT_STREAMS of the main HTTP/2 listener; `None` sends none.
    pub max_streams: Option<u32>,
}

/// One listener as `/hello` and the banner describe it.
#[derive(Clone, Debug, PartialEq)]
pub struct Listener {
    pub port: u16,
    pub tls: bool,
    /// What ALPN offers first: `http/1.1` or `h2`.
    pub protocol: &'static str,
    pub max_streams: Option<u32>,
}

impl Listener {
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://localhost:{}", self.port)
    }

    fn json(&self) -> String {
        format!(
            "{{\"url\":\"{}\",\"port\":{},\"tls\":{},\"protocol\":\"{}\",\"max_streams\":{}}}",
            self.url(),
            self.port,
            self.tls,
            self.protocol,
            self.max_streams
                .map_or("null".to_string(), |s| s.to_string())
        )
    }
}

/// The four listeners of one server, in port order.
#[derive(Clone, Debug, PartialEq)]
pub struct Listeners {
    pub plain: Listener,
    pub tls_h1: Listener,
    pub h2: Listener,
    pub h2_capped: Listener,
}

impl Listeners {
    pub fn all(&self) -> [&Listener; 4] {
        [&self.plain, &self.tls_h1, &self.h2, &self.h2_capped]
    }
}

/// Starts the four listeners (on 127.0.0.1 and, when it can, [::1]) and serves
/// them in the background.
pub fn start(options: Options) -> io::Result<Listeners> {
    let next = |n: u16| {
        if options.port == 0 {
            0
        } else {
            options.port + n
        }
    };
    let (plain, plain_port) = bind_loopback(options.port)?;
    let (tls_h1, tls_h1_port) = bind_loopback(next(1))?;
    let (h2, h2_port) = bind_loopback(next(2))?;
    let (capped, capped_port) = bind_loopback(next(3))?;
    let listener = |port, tls, protocol, max_streams| Listener {
        port,
        tls,
        protocol,
        max_streams,
    };
    let all = Arc::new(Listeners {
        plain: listener(plain_port, false, "http/1.1", None),
        tls_h1: listener(tls_h1_port, true, "http/1.1", None),
        h2: listener(h2_port, true, "h2", options.max_streams),
        h2_capped: listener(capped_port, true, "h2", Some(LESSON_STREAMS)),
    });
    let h1_only = tls::acceptor(&[b"http/1.1"])?;
    let h2_first = tls::acceptor(&[b"h2", b"http/1.1"])?;
    let wires = [
        (plain, Wire::Plain, all.plain.clone()),
        (tls_h1, Wire::TlsH1(h1_only), all.tls_h1.clone()),
        (
            h2,
            Wire::TlsH2(h2_first.clone(), options.max_streams),
            all.h2.clone(),
        ),
        (
            capped,
            Wire::TlsH2(h2_first, Some(LESSON_STREAMS)),
            all.h2_capped.clone(),
        ),
    ];
    for (sockets, wire, me) in wires {
        let handler = answer::handler(me, all.clone());
        for socket in sockets {
            listen::serve(socket, wire.clone(), handler.clone());
        }
    }
    Ok(Listeners::clone(&all))
}

/// Whether our own latency server answers on `port` (so a second `serve` can share it).
pub fn is_ours(port: u16) -> bool {
    hello(port).is_ok_and(|body| body.contains(&format!("\"server\":\"{NAME}\"")))
}

fn hello(port: u16) -> io::Result<String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1))?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    stream.write_all(b"GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

/// Starts it from [`PORT`] for `cargo xtask serve` and the e2e suite, or finds it
/// already there; returns the listeners either way.
pub fn start_or_share(max_streams: Option<u32>) -> Result<Listeners, String> {
    let options = Options {
        port: PORT,
        max_streams,
    };
    match start(options) {
        Ok(listeners) => Ok(listeners),
        Err(_) if is_ours(PORT) => {
            eprintln!(
                "xtask: a latency server already runs on ports {PORT}–{}; using it",
                PORT + 3
            );
            if max_streams.is_some() {
                eprintln!(
                    "xtask: --max-streams is not applied: the running server keeps its own \
                     (its /hello says which); stop it to start one with yours"
                );
            }
            let shared = hello(PORT).unwrap_or_default();
            let mut listeners = fixed(options);
            listeners.h2.max_streams = stream_limit_in(&shared, PORT + 2);
            listeners.h2_capped.max_streams = stream_limit_in(&shared, PORT + 3);
            Ok(listeners)
        }
        Err(e) => Err(format!(
            "latency server: can't listen on 127.0.0.1:{PORT}–{} ({e}), and what holds the ports \
             is not our latency server. Stop it, or run `cargo xtask latency-server --port P` \
             elsewhere (the page only looks on {PORT})",
            PORT + 3
        )),
    }
}

/// The stream limit of the HTTP/2 listener on `port`, as a `/hello` answer
/// lists it (in the JSON `Listener::json` writes).
fn stream_limit_in(hello: &str, port: u16) -> Option<u32> {
    let me = format!("\"port\":{port},\"tls\":true,\"protocol\":\"h2\",\"max_streams\":");
    let rest = hello.get(hello.find(&me)? + me.len()..)?;
    rest.get(..rest.find([',', '}'])?)?.parse().ok()
}

/// The listeners a server started with `options` at a fixed port has.
fn fixed(options: Options) -> Listeners {
    let at = |n, tls, protocol, max_streams| Listener {
        port: options.port + n,
        tls,
        protocol,
        max_streams,
    };
    Listeners {
        plain: at(0, false, "http/1.1", None),
        tls_h1: at(1, true, "http/1.1", None),
        h2: at(2, true, "h2", options.max_streams),
        h2_capped: at(3, true, "h2", Some(LESSON_STREAMS)),
    }
}

/// The lines `serve` and `latency-server` print: where each listener is, what
/// it offers, and the one step a browser needs for the HTTPS ones.
pub fn banner(l: &Listeners) -> String {
    let limit = |s: Option<u32>| match s {
        Some(s) => format!("at most {s} streams per connection"),
        None => "no stream limit sent".to_string(),
    };
    let (plain, tls_h1, h2, capped) =
        (l.plain.url(), l.tls_h1.url(), l.h2.url(), l.h2_capped.url());
    format!(
        "xtask: latency server\n\
         xtask:   HTTP/1.1          {plain}\n\
         xtask:   HTTPS, HTTP/1.1   {tls_h1}\n\
         xtask:   HTTPS, HTTP/2     {h2}   ({})\n\
         xtask:   HTTPS, HTTP/2     {capped}   ({}, for the HTTP/2 lesson)\n\
         xtask:   /delay/MS  /status/CODE  /bytes/N  /drip/MS (slow body)  /reset  /hello\n\
         xtask:   e.g. {plain}/delay/500?i={{i}}\n\
         xtask:   sharded over host names: http://{{shard}}.localhost:{}/delay/500?i={{i}}\n\
         xtask:   HTTPS uses a self-signed certificate (in {}): open {tls_h1}/hello and \
         {h2}/hello once in your browser and accept the certificate, or every https fetch \
         fails as a network error",
        limit(l.h2.max_streams),
        limit(l.h2_capped.max_streams),
        l.plain.port,
        tls::folder().display(),
    )
}
