//! A loopback HTTP server for the tests: serves a built app (dist/ at `/`, or
//! another build under a sub-path such as `/fetch-playground/`) and a few
//! endpoints the browser tests fetch (status, delay, slow body, body size).
//!
//! On the latency server's hyper code (`latency::listen`): every connection is
//! its own task, so none waits behind another. (tiny_http's pool once left some
//! connections queued until another closed, and a test's request never arrived.)
use crate::latency::listen::{self, Answer, Body, Handler, Reply, Wire, CORS};
use crate::latency::routes::{MAX_BYTES, MAX_WAIT_MS};
use crate::latency::Drip;
use http_body_util::BodyExt;
use hyper::{Method, Request};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Where the wasm tests find this server: the same number is `SERVER` in tests/web.rs,
/// which is compiled into the test and cannot read it at run time. Below Linux's
/// ephemeral range and off Chromium's list of blocked ports.
pub const WASM_TEST_PORT: u16 = 18617;
/// A port that must have nothing listening: `CLOSED_URL` in tests/web.rs.
pub const CLOSED_PORT: u16 = 18618;

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// The file a request for `path` reads, relative to the dist folder mounted at
/// `prefix` (which starts and ends with `/`); `None` outside the prefix or the folder.
fn file_in(prefix: &str, path: &str) -> Option<String> {
    let rest = path.strip_prefix(prefix)?;
    if rest.contains("..") {
        return None;
    }
    Some(if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    })
}

/// `/status/500`, `/delay/300`, `/no-tao-delay/300`, `/drip/300`, `/bytes/64`; anything else is a
/// file under `dist`, which is mounted at `prefix`.
async fn answer<B>(req: Request<B>, dist: &Path, prefix: &str) -> hyper::Response<Body> {
    if req.method() == Method::OPTIONS {
        return listen::preflight();
    }
    let reply = |status: u16, kind: &str, body: Vec<u8>, headers: &[(&str, &str)]| {
        listen::respond(status, kind, body, headers)
    };
    let path = req.uri().path();
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let (name, arg) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let wait = |ms: u64| tokio::time::sleep(Duration::from_millis(ms.min(MAX_WAIT_MS)));
    match (name, arg.parse::<u64>().ok()) {
        ("status", Some(code)) => {
            let code = u16::try_from(code).ok().filter(|c| (100..1000).contains(c));
            reply(code.unwrap_or(500), "text/plain", b"status".to_vec(), &CORS)
        }
        ("delay", Some(ms)) => {
            wait(ms).await;
            reply(200, "text/plain", b"late".to_vec(), &CORS)
        }
        // Like /delay, without Timing-Allow-Origin: another origin sees zeroed phases.
        ("no-tao-delay", Some(ms)) => {
            wait(ms).await;
            reply(200, "text/plain", b"late".to_vec(), &CORS[..1])
        }
        // The connection ends after a drip, as a test's aborted body leaves it.
        ("drip", Some(ms)) => {
            let mut headers = CORS.to_vec();
            headers.push(("Connection", "close"));
            let body = Drip::new(ms.min(MAX_WAIT_MS)).boxed();
            listen::with_body(200, "text/plain", body, &headers)
        }
        ("bytes", Some(n)) => {
            let body = vec![b'x'; n.min(MAX_BYTES) as usize];
            reply(200, "text/plain", body, &CORS)
        }
        // Like a static host: the sub-path without its slash redirects to the folder,
        // where the page, its base URL and its worker's scope agree.
        _ if format!("{path}/") == prefix => {
            reply(301, "text/plain", Vec::new(), &[("Location", prefix)])
        }
        _ => match file_in(prefix, path).map(|f| dist.join(f)) {
            Some(file) if file.is_file() => match std::fs::read(&file) {
                Ok(body) => reply(200, content_type(&file), body, &CORS),
                Err(_) => reply(500, "text/plain", b"read error".to_vec(), &CORS),
            },
            _ => reply(404, "text/plain", b"not found".to_vec(), &CORS),
        },
    }
}

/// Starts on 127.0.0.1 at a free port (or `port`), in the background, serving
/// `dist` under `prefix` (`/`, or e.g. `/fetch-playground/`); returns the port.
pub fn start(dist: PathBuf, prefix: &str, port: u16) -> Result<u16, String> {
    if !(prefix.starts_with('/') && prefix.ends_with('/')) {
        return Err(format!(
            "test server: mount prefix {prefix} must start and end with /"
        ));
    }
    let listener = listen::bind(Ipv4Addr::LOCALHOST.into(), port).map_err(|e| {
        if port == 0 {
            format!("test server: {e}")
        } else {
            format!(
                "test server: can't listen on 127.0.0.1:{port} ({e}). tests/web.rs expects it \
                 there; is another `cargo xtask test` running? Stop whatever holds the port"
            )
        }
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("test server has no address: {e}"))?
        .port();
    let site = Arc::new((dist, prefix.to_string()));
    let handler: Handler = Arc::new(move |req| -> Answer {
        let site = site.clone();
        Box::pin(async move { Reply::Send(answer(req, &site.0, &site.1).await) })
    });
    listen::serve(listener, Wire::Plain, handler);
    Ok(port)
}

/// Fails if something accepts connections on `port`, which must be closed so that
/// fetching it is a network error.
pub fn ensure_closed(port: u16) -> Result<(), String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    match TcpStream::connect_timeout(&addr, Duration::from_secs(1)) {
        Err(_) => Ok(()),
        Ok(_) => Err(format!(
            "something accepts connections on {addr}; tests/web.rs needs that port closed \
             (CLOSED_PORT) to see a refused connection. Stop the program listening there"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::thread;
    use std::time::Instant;

    fn get(port: u16, path: &str) -> String {
        let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connects");
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .expect("sends");
        let mut answer = String::new();
        s.read_to_string(&mut answer).expect("reads");
        answer
    }

    /// Sends one keep-alive GET of a `/delay` and reads its answer, keeping the connection.
    fn delay_kept_alive(port: u16, i: usize) -> (TcpStream, String) {
        let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        write!(s, "GET /delay/300?i={i} HTTP/1.1\r\nHost: x\r\n\r\n").expect("sends");
        let (mut answer, mut buf) = (String::new(), [0u8; 1024]);
        while !answer.ends_with("late") {
            match s.read(&mut buf) {
                Ok(n) if n > 0 => answer.push_str(&String::from_utf8_lossy(&buf[..n])),
                _ => break,
            }
        }
        (s, answer)
    }

    #[test]
    fn connections_that_arrive_together_are_all_served_at_once() {
        let port = start(std::env::temp_dir(), "/", 0).expect("starts");
        // Short connections first, then six kept alive at once, as a browser opens
        // them: tiny_http queued some of those behind the others for as long as they lived.
        for _ in 0..3 {
            get(port, "/status/200");
        }
        let t = Instant::now();
        let answers: Vec<_> = (0..6)
            .map(|i| thread::spawn(move || delay_kept_alive(port, i)))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().expect("joins"))
            .collect();
        let took = t.elapsed();
        for (_, a) in &answers {
            assert!(a.starts_with("HTTP/1.1 200") && a.ends_with("late"), "{a}");
        }
        assert!(
            took < Duration::from_millis(1500),
            "6 × 300 ms in parallel took {took:?}"
        );
    }

    #[test]
    fn files_redirects_and_cors() {
        let dir = std::env::temp_dir().join(format!("xtask-server-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("index.html"), "<p>hi</p>").expect("writes");
        let port = start(dir.clone(), "/sub/", 0).expect("starts");
        let page = get(port, "/sub/");
        assert!(
            page.starts_with("HTTP/1.1 200")
                && page.contains("text/html")
                && page.ends_with("<p>hi</p>")
        );
        assert!(get(port, "/sub").contains("Location: /sub/"));
        assert!(
            get(port, "/index.html").starts_with("HTTP/1.1 404"),
            "outside the prefix"
        );
        let slow = get(port, "/no-tao-delay/1");
        assert!(
            slow.contains("Access-Control-Allow-Origin") && !slow.contains("Timing-Allow-Origin")
        );
        assert!(get(port, "/status/503").starts_with("HTTP/1.1 503"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_mounted_folder_serves_only_its_own_files() {
        assert_eq!(file_in("/", "/").as_deref(), Some("index.html"));
        assert_eq!(file_in("/", "/sw.js").as_deref(), Some("sw.js"));
        let sub = "/fetch-playground/";
        assert_eq!(file_in(sub, sub).as_deref(), Some("index.html"));
        assert_eq!(
            file_in(sub, "/fetch-playground/sw.js").as_deref(),
            Some("sw.js")
        );
        assert_eq!(
            file_in(sub, "/fetch-playground/a/").as_deref(),
            Some("a/index.html")
        );
        assert_eq!(file_in(sub, "/sw.js"), None, "outside the prefix");
        assert_eq!(file_in(sub, "/fetch-playgroundx/sw.js"), None);
        assert_eq!(file_in(sub, "/fetch-playground/../Cargo.toml"), None);
    }
}
