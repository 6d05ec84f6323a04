//! A loopback HTTP server for the tests: serves a built app (dist/ at `/`, or
//! another build under a sub-path such as `/fetch-playground/`) and a few
//! endpoints the browser tests fetch (status, delay, slow body, body size).
use std::io::{Cursor, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

/// Where the wasm tests find this server: the same number is `SERVER` in tests/web.rs,
/// which is compiled into the test and cannot read it at run time. Below Linux's
/// ephemeral range and off Chromium's list of blocked ports.
pub const WASM_TEST_PORT: u16 = 18617;
/// A port that must have nothing listening: `CLOSED_URL` in tests/web.rs.
pub const CLOSED_PORT: u16 = 18618;

const CORS: [(&str, &str); 2] = [
    // The wasm tests run on another origin.
    ("Access-Control-Allow-Origin", "*"),
    ("Timing-Allow-Origin", "*"),
];

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

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

fn reply(request: Request, status: u16, body: Vec<u8>, kind: &str) {
    reply_with(request, status, body, kind, &CORS)
}

fn reply_with(request: Request, status: u16, body: Vec<u8>, kind: &str, cors: &[(&str, &str)]) {
    let length = body.len();
    let mut headers = vec![
        header("Content-Type", kind),
        header("Cache-Control", "no-store"),
    ];
    headers.extend(cors.iter().map(|(name, value)| header(name, value)));
    let response = Response::new(
        status.into(),
        headers,
        Cursor::new(body),
        Some(length),
        None,
    );
    let _ = request.respond(response);
}

const DRIP_FIRST: &[u8] = b"first part\n";
const DRIP_REST: &[u8] = b"the rest\n";

/// The status, headers and `DRIP_FIRST` at once, then `DRIP_REST` after `stall`.
/// Written by hand on the raw stream: `respond` keeps everything in a buffer until
/// the body ends, so the headers would arrive late too.
fn drip(request: Request, stall: Duration) {
    let mut head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n",
        DRIP_FIRST.len() + DRIP_REST.len()
    );
    for (name, value) in CORS {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = request.into_writer();
    let sent = out
        .write_all(head.as_bytes())
        .and_then(|()| out.write_all(DRIP_FIRST))
        .and_then(|()| out.flush());
    // A client that gave up (the timeout under test) has closed the socket.
    if sent.is_ok() {
        thread::sleep(stall);
        let _ = out.write_all(DRIP_REST).and_then(|()| out.flush());
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

/// Like a static host: the sub-path without its slash redirects to the folder,
/// where the page, its base URL and its worker's scope agree.
fn redirect(request: Request, to: &str) {
    let response = Response::empty(301).with_header(header("Location", to));
    let _ = request.respond(response);
}

/// `/status/500`, `/delay/300`, `/no-tao-delay/300`, `/drip/300`, `/bytes/64`; anything else is a
/// file under `dist`, which is mounted at `prefix`.
fn handle(request: Request, dist: &Path, prefix: &str) {
    let path = request.url().split('?').next().unwrap_or("/").to_string();
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let (head, arg) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let number = arg.parse::<u64>().ok();
    match (head, number) {
        ("status", Some(code)) => {
            let code = u16::try_from(code).unwrap_or(500);
            reply(request, code, b"status".to_vec(), "text/plain")
        }
        ("delay", Some(ms)) => {
            thread::sleep(Duration::from_millis(ms.min(120_000)));
            reply(request, 200, b"late".to_vec(), "text/plain")
        }
        // Like /delay, without Timing-Allow-Origin: another origin sees zeroed phases.
        ("no-tao-delay", Some(ms)) => {
            thread::sleep(Duration::from_millis(ms.min(120_000)));
            reply_with(request, 200, b"late".to_vec(), "text/plain", &CORS[..1])
        }
        ("drip", Some(ms)) => drip(request, Duration::from_millis(ms.min(120_000))),
        ("bytes", Some(n)) => reply(
            request,
            200,
            vec![b'x'; n.min(10_000_000) as usize],
            "text/plain",
        ),
        _ if format!("{path}/") == prefix => redirect(request, prefix),
        _ => {
            let Some(file) = file_in(prefix, &path).map(|f| dist.join(f)) else {
                return reply(request, 404, b"not found".to_vec(), "text/plain");
            };
            if !file.is_file() {
                return reply(request, 404, b"not found".to_vec(), "text/plain");
            }
            match std::fs::read(&file) {
                Ok(body) => reply(request, 200, body, content_type(&file)),
                Err(_) => reply(request, 500, b"read error".to_vec(), "text/plain"),
            }
        }
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
    let prefix = prefix.to_string();
    let server = Server::http(("127.0.0.1", port)).map_err(|e| {
        if port == 0 {
            format!("test server: {e}")
        } else {
            format!(
                "test server: can't listen on 127.0.0.1:{port} ({e}). tests/web.rs expects it \
                 there; is another `cargo xtask test` running? Stop whatever holds the port"
            )
        }
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or("test server has no IP address")?;
    thread::spawn(move || {
        for request in server.incoming_requests() {
            let (dist, prefix) = (dist.clone(), prefix.clone());
            thread::spawn(move || handle(request, &dist, &prefix));
        }
    });
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
    use super::file_in;

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
