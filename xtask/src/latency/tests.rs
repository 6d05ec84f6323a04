//! The latency server over real sockets: HTTP/1.1 written by hand (what the
//! bytes on the wire are), and hyper's client over plain TCP and TLS.
use super::*;
use std::net::TcpListener as StdListener;
use std::thread;
use std::time::Instant;

mod client;
mod protocols;

/// A fresh server of four listeners at free ports; `max_streams` for the main HTTP/2 one.
fn server(max_streams: Option<u32>) -> Listeners {
    start(Options {
        port: 0,
        max_streams,
    })
    .expect("starts")
}

fn start_plain() -> u16 {
    server(None).plain.port
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
}

/// Sends one GET and reads one answer: (status, head, body).
fn get(stream: &mut TcpStream, path: &str, extra: &str) -> io::Result<(u16, String, Vec<u8>)> {
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\n{extra}\r\n"
    )?;
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let status = head[9..12].parse().expect("status code");
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|v| v.trim().parse().ok())
        .expect("Content-Length");
    let mut body = vec![0; len];
    stream.read_exact(&mut body)?;
    Ok((status, head, body))
}

#[test]
fn endpoints_answer_with_cors_and_timing_headers_on_one_keep_alive_connection() {
    let port = start_plain();
    let mut s = connect(port);
    let (status, head, body) = get(&mut s, "/hello", "").unwrap();
    assert_eq!(status, 200);
    assert!(
        head.contains("Access-Control-Allow-Origin: *\r\n"),
        "{head}"
    );
    assert!(head.contains("Timing-Allow-Origin: *\r\n"), "{head}");
    assert!(head.contains("Connection: keep-alive"), "{head}");
    let hello = String::from_utf8(body).unwrap();
    assert!(
        hello.starts_with(&format!("{{\"server\":\"{NAME}\"")),
        "{hello}"
    );
    assert!(hello.contains(&format!("\"port\":{port}")), "{hello}");

    let t = Instant::now();
    let (status, _, body) = get(&mut s, "/delay/200?i=7", "").unwrap();
    let took = t.elapsed().as_millis();
    assert_eq!((status, body.as_slice()), (200, &b"late\n"[..]));
    assert!((195..1_500).contains(&took), "delay took {took} ms");

    assert_eq!(get(&mut s, "/status/503", "").unwrap().0, 503);
    assert_eq!(get(&mut s, "/status/429", "").unwrap().0, 429);
    let (_, _, bytes) = get(&mut s, "/bytes/100000", "").unwrap();
    assert_eq!(bytes.len(), 100_000);
    assert_eq!(get(&mut s, "/bytes/0", "").unwrap().2.len(), 0);
    assert_eq!(get(&mut s, "/nothing", "").unwrap().0, 404);
    // Still the same connection after seven answers.
    let (_, head, _) = get(&mut s, "/hello", "Connection: close\r\n").unwrap();
    assert!(head.contains("Connection: close"));
    let mut rest = Vec::new();
    assert_eq!(
        s.read_to_end(&mut rest).unwrap(),
        0,
        "closed after Connection: close"
    );
}

#[test]
fn a_drip_sends_its_head_and_first_bytes_at_once_and_the_rest_later() {
    let port = start_plain();
    let mut s = connect(port);
    let t = Instant::now();
    write!(s, "GET /drip/400 HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !seen.ends_with(DRIP_FIRST) {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0);
        seen.extend_from_slice(&buf[..n]);
    }
    let first = t.elapsed().as_millis();
    assert!(first < 300, "the first bytes took {first} ms");
    while !seen.ends_with(DRIP_REST) {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0);
        seen.extend_from_slice(&buf[..n]);
    }
    let all = t.elapsed().as_millis();
    assert!((395..2_000).contains(&all), "the whole body took {all} ms");
}

#[test]
fn reset_ends_the_connection_without_an_answer() {
    let port = start_plain();
    let mut s = connect(port);
    let err = get(&mut s, "/reset", "").expect_err("no answer");
    // Linux: SO_LINGER 0 turns close() into a real RST.
    assert_eq!(err.kind(), io::ErrorKind::ConnectionReset, "{err}");
}

#[test]
fn preflights_are_allowed() {
    let port = start_plain();
    let mut s = connect(port);
    write!(
        s,
        "OPTIONS /delay/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
    assert!(
        answer.contains("Access-Control-Allow-Methods: GET"),
        "{answer}"
    );
}

/// The sharding lesson needs every connection the browser opens (6 per host
/// name, 24 for 4 names, more in a sweep) served at once: 200 connections each
/// asking for 500 ms must all be answered in one wave. Each request times its
/// own round trip (a second wave would take ≥ 1,000 ms), so starting 200 client
/// threads on a loaded machine does not count against the server.
#[test]
fn two_hundred_concurrent_delays_are_served_at_once() {
    let port = start_plain();
    let clients: Vec<_> = (0..200)
        .map(|i| {
            thread::spawn(move || {
                let mut s = connect(port);
                let t = Instant::now();
                let status = get(&mut s, &format!("/delay/500?i={i}"), "").map(|r| r.0);
                (status, t.elapsed().as_millis())
            })
        })
        .collect();
    for c in clients {
        let (status, took) = c.join().unwrap();
        assert_eq!(status.unwrap(), 200);
        assert!(
            (495..1_000).contains(&took),
            "one of 200 × 500 ms took {took} ms"
        );
    }
}

/// Connections the kernel completes before the server accepts any of them
/// wait in the listen backlog; Python's default of 5 cost the lesson a wave.
#[test]
fn the_listen_backlog_holds_128_connections_before_any_accept() {
    // The servers' own way to listen, before anything accepts.
    let listener = listen::bind(Ipv4Addr::LOCALHOST.into(), 0).expect("binds");
    let addr = listener.local_addr().unwrap();
    let held: Vec<TcpStream> = (0..128)
        .map(|i| {
            TcpStream::connect_timeout(&addr, Duration::from_millis(500))
                .unwrap_or_else(|e| panic!("connection {i} not taken into the backlog: {e}"))
        })
        .collect();
    assert_eq!(held.len(), 128);
    drop(listener);
}

#[test]
fn serve_recognises_its_own_server_and_nothing_else() {
    let port = start_plain();
    assert!(is_ours(port));
    let other = StdListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let other_port = other.local_addr().unwrap().port();
    thread::spawn(move || {
        for s in other.incoming().flatten() {
            let mut s = s;
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
        }
    });
    assert!(!is_ours(other_port));
}

#[test]
fn a_shared_server_s_stream_limits_are_read_from_its_hello() {
    let l = server(Some(7));
    let answer = hello(l.plain.port).expect("hello");
    assert_eq!(stream_limit_in(&answer, l.h2.port), Some(7));
    assert_eq!(
        stream_limit_in(&answer, l.h2_capped.port),
        Some(LESSON_STREAMS)
    );
    assert_eq!(
        stream_limit_in(&answer, l.tls_h1.port),
        None,
        "not an HTTP/2 listener"
    );
    let unlimited = server(None);
    let answer = hello(unlimited.plain.port).expect("hello");
    assert_eq!(stream_limit_in(&answer, unlimited.h2.port), None);
}
