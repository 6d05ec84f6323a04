//! The latency server: a real HTTP/1.1 server on loopback, with CORS and
//! `Timing-Allow-Origin`, whose answers take as long as the URL says. Unlike the
//! page's simulated server, the browser's own connection rules apply to it
//! (6 per host over HTTP/1.1), which is what the waterfall is there to show.
//!
//! A thread per connection, and the kernel's listen backlog (std asks for 128 or
//! more; Linux caps it at `net.core.somaxconn`), so hundreds of concurrent delays
//! all wait at once rather than queueing here: the only queue is the browser's.
pub mod http;
#[cfg(test)]
mod tests;

use http::{route, Head, Route};
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

/// Its port for `cargo xtask serve`: below Linux's ephemeral range and off
/// Chromium's list of blocked ports. `LATENCY_PORT` in src/latency.rs matches it.
pub const PORT: u16 = 18700;
/// What `/hello` says first, which is how the page (and `serve`) recognise it.
pub const NAME: &str = "fetch-playground-latency";

/// Listens on 127.0.0.1:`port` (0 = any free port), and on [::1] at the same
/// port when it can, and serves in the background; returns the port. Both,
/// because Chromium may try `localhost` (and `N.localhost`) over IPv6 first.
pub fn start(port: u16) -> io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
    let port = listener.local_addr()?.port();
    let v6 = TcpListener::bind((Ipv6Addr::LOCALHOST, port)).ok();
    for listener in std::iter::once(listener).chain(v6) {
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                thread::spawn(move || {
                    let _ = http::serve(stream, |head, out| answer(head, out, port));
                });
            }
        });
    }
    Ok(port)
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

/// Starts it on [`PORT`] for `cargo xtask serve`, or finds it already there.
pub fn start_or_share() -> Result<(), String> {
    match start(PORT) {
        Ok(_) => Ok(()),
        Err(_) if is_ours(PORT) => {
            eprintln!("xtask: a latency server already runs on port {PORT}; using it");
            Ok(())
        }
        Err(e) => Err(format!(
            "latency server: can't listen on 127.0.0.1:{PORT} ({e}), and what holds the port \
             is not our latency server. Stop it, or run `cargo xtask latency-server --port P` \
             elsewhere (the page only looks on {PORT})"
        )),
    }
}

/// The lines `serve` and `latency-server` print: where it is and what it offers.
pub fn banner(port: u16) -> String {
    format!(
        "xtask: latency server (HTTP/1.1) on http://localhost:{port}\n\
         xtask:   /delay/MS  /status/CODE  /bytes/N  /drip/MS (slow body)  /reset  /hello\n\
         xtask:   e.g. http://localhost:{port}/delay/500?i={{i}}\n\
         xtask:   sharded over host names: http://{{shard}}.localhost:{port}/delay/500?i={{i}}"
    )
}

/// Writes the answer to one request; `false` when the connection must end.
fn answer(head: &Head, out: &mut TcpStream, port: u16) -> io::Result<bool> {
    let keep = head.keep_alive;
    if head.method == "OPTIONS" {
        http::write_preflight(out, keep)?;
        return Ok(true);
    }
    let text = |out: &mut TcpStream, status: u16, kind: &str, body: &[u8]| {
        http::write_head(out, status, kind, body.len() as u64, keep)?;
        if head.method != "HEAD" {
            out.write_all(body)?;
        }
        out.flush()
    };
    match route(&head.path) {
        Route::Hello => {
            let body = format!(
                "{{\"server\":\"{NAME}\",\"version\":1,\"port\":{port},\"protocol\":\"http/1.1\",\
                 \"endpoints\":[\"/delay/{{ms}}\",\"/status/{{code}}\",\"/bytes/{{n}}\",\
                 \"/drip/{{ms}}\",\"/reset\",\"/hello\"]}}"
            );
            text(out, 200, "application/json", body.as_bytes())?
        }
        Route::Delay(ms) => {
            thread::sleep(Duration::from_millis(ms));
            text(out, 200, "text/plain", b"late\n")?
        }
        Route::Status(code) => text(out, code, "text/plain", b"status\n")?,
        Route::Bytes(n) => {
            http::write_head(out, 200, "application/octet-stream", n, keep)?;
            let chunk = [b'x'; 64 * 1024];
            let mut left = if head.method == "HEAD" { 0 } else { n };
            while left > 0 {
                let now = left.min(chunk.len() as u64) as usize;
                out.write_all(&chunk[..now])?;
                left -= now as u64;
            }
            out.flush()?
        }
        Route::Drip(ms) => drip(out, ms, keep)?,
        Route::Reset => {
            reset(out);
            return Ok(false);
        }
        Route::Index => text(out, 200, "text/plain", banner(port).as_bytes())?,
        Route::NotFound => text(out, 404, "text/plain", b"not found\n")?,
    }
    Ok(true)
}

pub const DRIP_FIRST: &[u8] = b"first part\n";
pub const DRIP_REST: &[u8] = b"the rest\n";

/// The head and `DRIP_FIRST` at once, `DRIP_REST` after `ms`: a response whose
/// time to first byte is short but whose body is slow.
pub fn drip(out: &mut TcpStream, ms: u64, keep: bool) -> io::Result<()> {
    let len = (DRIP_FIRST.len() + DRIP_REST.len()) as u64;
    http::write_head(out, 200, "text/plain", len, keep)?;
    out.write_all(DRIP_FIRST)?;
    out.flush()?;
    thread::sleep(Duration::from_millis(ms));
    // A client that gave up (a timeout under test) has closed the socket: an error here ends the connection.
    out.write_all(DRIP_REST)?;
    out.flush()
}

/// Ends the connection with a TCP RST and no answer: SO_LINGER with a zero
/// timeout makes close() reset instead of the orderly FIN (Linux; elsewhere a
/// plain close, which the browser also reports as a network error).
fn reset(stream: &TcpStream) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        #[repr(C)]
        struct Linger {
            on: i32,
            seconds: i32,
        }
        extern "C" {
            fn setsockopt(fd: i32, level: i32, name: i32, value: *const Linger, len: u32) -> i32;
        }
        const SOL_SOCKET: i32 = 1;
        const SO_LINGER: i32 = 13;
        let linger = Linger { on: 1, seconds: 0 };
        // SAFETY: a valid open socket, and a pointer to a live `struct linger` of the size passed.
        unsafe {
            setsockopt(
                stream.as_raw_fd(),
                SOL_SOCKET,
                SO_LINGER,
                &linger,
                std::mem::size_of::<Linger>() as u32,
            );
        }
    }
    // Both handles (this one and the reader's clone) close when the connection's thread returns.
    let _ = stream;
}
