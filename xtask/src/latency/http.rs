//! Just enough HTTP/1.1 for the latency server: one request head at a time
//! from a keep-alive connection, the route it names, and the answer's head.
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;

/// The request line and the headers the server acts on.
#[derive(Debug, PartialEq)]
pub struct Head {
    pub method: String,
    /// The path without its query (`?i=3` only makes each URL distinct).
    pub path: String,
    pub keep_alive: bool,
    pub body_len: u64,
}

/// The longest head accepted; a browser's GET is well under 2 KB.
const MAX_HEAD: usize = 16 * 1024;

/// Reads one request head; `Ok(None)` when the client closed the connection
/// between requests (the normal end of keep-alive).
pub fn read_head(reader: &mut impl BufRead) -> io::Result<Option<Head>> {
    let mut line = String::new();
    let mut total = 0;
    // Tolerate the blank lines RFC 9112 allows before a request line.
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        if n == 0 {
            return Ok(None);
        }
        total += n;
        if !line.trim().is_empty() {
            break;
        }
    }
    let mut words = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (words.next(), words.next(), words.next())
    else {
        return Err(bad("malformed request line"));
    };
    let mut head = Head {
        method: method.to_string(),
        path: target.split('?').next().unwrap_or("/").to_string(),
        keep_alive: version == "HTTP/1.1",
        body_len: 0,
    };
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        total += n;
        if n == 0 || total > MAX_HEAD {
            return Err(bad("request head cut short or too long"));
        }
        let line = line.trim_end();
        if line.is_empty() {
            return Ok(Some(head));
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "connection" if value.contains("close") => head.keep_alive = false,
            "connection" if value.contains("keep-alive") => head.keep_alive = true,
            "content-length" => {
                head.body_len = value.parse().map_err(|_| bad("bad content-length"))?
            }
            "transfer-encoding" => return Err(bad("chunked request bodies are not supported")),
            _ => {}
        }
    }
}

fn bad(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why)
}

/// What a path asks for.
#[derive(Debug, PartialEq)]
pub enum Route {
    Hello,
    /// Answer 200 after this many ms.
    Delay(u64),
    Status(u16),
    Bytes(u64),
    /// Headers and the first bytes at once, the rest after this many ms.
    Drip(u64),
    Reset,
    Index,
    NotFound,
}

/// The longest wait any endpoint honours, so a typo can't park a thread for a day.
pub const MAX_WAIT_MS: u64 = 120_000;
pub const MAX_BYTES: u64 = 10_000_000;

pub fn route(path: &str) -> Route {
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let (name, arg) = (parts.next().unwrap_or(""), parts.next());
    let number = arg.and_then(|a| a.trim_end_matches('/').parse::<u64>().ok());
    match (name, number) {
        ("", None) => Route::Index,
        ("hello", None) => Route::Hello,
        ("reset", None) => Route::Reset,
        ("delay", Some(ms)) => Route::Delay(ms.min(MAX_WAIT_MS)),
        ("drip", Some(ms)) => Route::Drip(ms.min(MAX_WAIT_MS)),
        ("bytes", Some(n)) => Route::Bytes(n.min(MAX_BYTES)),
        ("status", Some(code @ 200..=599)) => Route::Status(code as u16),
        _ => Route::NotFound,
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// The headers that let a page on another origin read an answer and its timing.
pub const CORS: [(&str, &str); 2] = [
    ("Access-Control-Allow-Origin", "*"),
    ("Timing-Allow-Origin", "*"),
];

/// Serves one connection's requests in turn until the client closes it or
/// `answer` (which writes one request's answer) returns `false`.
pub fn serve(
    stream: TcpStream,
    mut answer: impl FnMut(&Head, &mut TcpStream) -> io::Result<bool>,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    while let Some(head) = read_head(&mut reader).inspect_err(|_| {
        let _ = write_head(&mut out, 400, "text/plain", 0, false);
    })? {
        // A body is never used; read it so the next head starts where it should.
        io::copy(&mut (&mut reader).take(head.body_len), &mut io::sink())?;
        if !answer(&head, &mut out)? || !head.keep_alive {
            break;
        }
    }
    Ok(())
}

/// The status line and headers of an answer with a `len`-byte body. CORS and
/// `Timing-Allow-Origin` on every answer: the page is on another origin, and
/// without TAO its Resource Timing entries would hide the browser's queueing.
pub fn write_head(
    out: &mut impl Write,
    status: u16,
    content_type: &str,
    len: u64,
    keep_alive: bool,
) -> io::Result<()> {
    write_head_with(out, status, content_type, len, keep_alive, &CORS)
}

/// The same head with the caller's own extra headers instead of CORS and TAO.
pub fn write_head_with(
    out: &mut impl Write,
    status: u16,
    content_type: &str,
    len: u64,
    keep_alive: bool,
    headers: &[(&str, &str)],
) -> io::Result<()> {
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {len}\r\n\
         Cache-Control: no-store\r\nConnection: {connection}\r\n",
        reason(status)
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())
}

/// The answer to a CORS preflight (only sent for non-simple requests).
pub fn write_preflight(out: &mut impl Write, keep_alive: bool) -> io::Result<()> {
    let connection = if keep_alive { "keep-alive" } else { "close" };
    write!(
        out,
        "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: {connection}\r\n\
         Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: GET, HEAD, OPTIONS\r\n\
         Access-Control-Allow-Headers: *\r\nAccess-Control-Allow-Private-Network: true\r\n\
         Access-Control-Max-Age: 600\r\n\r\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_read_one_at_a_time_from_a_keep_alive_stream() {
        let text = "GET /delay/5?i=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n\
                    GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n";
        let mut reader = io::BufReader::new(text.as_bytes());
        let first = read_head(&mut reader).unwrap().unwrap();
        assert_eq!(first.path, "/delay/5");
        assert!(first.keep_alive);
        let second = read_head(&mut reader).unwrap().unwrap();
        assert_eq!((second.path.as_str(), second.keep_alive), ("/hello", false));
        assert_eq!(read_head(&mut reader).unwrap(), None);
        let old = "GET / HTTP/1.0\r\n\r\n";
        let head = read_head(&mut io::BufReader::new(old.as_bytes())).unwrap();
        assert!(!head.unwrap().keep_alive, "HTTP/1.0 closes by default");
        assert!(read_head(&mut io::BufReader::new(&b"GET / HTTP/1.1\r\nHo"[..])).is_err());
    }

    #[test]
    fn paths_name_their_routes_with_caps() {
        assert_eq!(route("/delay/500"), Route::Delay(500));
        assert_eq!(route("/delay/999999999"), Route::Delay(MAX_WAIT_MS));
        assert_eq!(route("/status/503"), Route::Status(503));
        assert_eq!(route("/status/99"), Route::NotFound);
        assert_eq!(route("/bytes/64"), Route::Bytes(64));
        assert_eq!(route("/drip/300"), Route::Drip(300));
        assert_eq!(route("/reset"), Route::Reset);
        assert_eq!(route("/hello"), Route::Hello);
        assert_eq!(route("/"), Route::Index);
        assert_eq!(route("/delay/abc"), Route::NotFound);
        assert_eq!(route("/nothing"), Route::NotFound);
    }
}
