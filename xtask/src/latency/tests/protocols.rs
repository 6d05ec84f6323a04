//! Each listener's protocol, checked with hyper's client: HTTP/2 over TLS,
//! HTTP/1.1 over TLS and plain, resets, and many streams on one connection.
use super::client::{block_on, plain, tls, Sender};
use super::server;
use hyper::Version;
use std::time::{Duration, Instant};

const BOTH: &[&[u8]] = &[b"h2", b"http/1.1"];

fn cors(answer: &super::client::Answer) {
    assert_eq!(answer.headers["access-control-allow-origin"], "*");
    assert_eq!(answer.headers["timing-allow-origin"], "*");
}

#[test]
fn the_h2_listener_speaks_http2_over_tls_and_says_so_in_hello() {
    let l = server(None);
    block_on(async {
        let c = tls(l.h2.port, BOTH).await;
        assert_eq!(c.alpn.as_deref(), Some(&b"h2"[..]));
        let hello = c.send.get("/hello").await.unwrap();
        assert_eq!((hello.status, hello.version), (200, Version::HTTP_2));
        cors(&hello);
        let text = String::from_utf8(hello.body.to_vec()).unwrap();
        assert!(text.contains("\"protocol\":\"h2\""), "{text}");
        assert!(text.contains("\"max_streams\":null"), "{text}");
        assert!(
            text.contains(&format!(
                "\"url\":\"https://localhost:{}\"",
                l.h2_capped.port
            )),
            "{text}"
        );
        let t = Instant::now();
        let late = c.send.get("/delay/150?i=1").await.unwrap();
        assert_eq!((late.status, &late.body[..]), (200, &b"late\n"[..]));
        assert!(t.elapsed() >= Duration::from_millis(145));
        let bytes = c.send.get("/bytes/100000").await.unwrap();
        assert_eq!(bytes.body.len(), 100_000);
        assert_eq!(c.send.get("/status/503").await.unwrap().status, 503);
        let drip = c.send.get("/drip/100").await.unwrap();
        assert_eq!(&drip.body[..], b"first part\nthe rest\n");
    });
}

#[test]
fn the_tls_h1_listener_refuses_h2_through_alpn_and_speaks_http1() {
    let l = server(None);
    block_on(async {
        let c = tls(l.tls_h1.port, BOTH).await;
        assert_eq!(
            c.alpn.as_deref(),
            Some(&b"http/1.1"[..]),
            "ALPN chose HTTP/1.1"
        );
        let hello = c.send.get("/hello").await.unwrap();
        assert_eq!((hello.status, hello.version), (200, Version::HTTP_11));
        cors(&hello);
        let text = String::from_utf8(hello.body.to_vec()).unwrap();
        assert!(
            text.contains("\"protocol\":\"http/1.1\",\"tls\":true"),
            "{text}"
        );
        // A client that offers only HTTP/1.1 to the h2 listener gets HTTP/1.1 there too.
        let old = tls(l.h2.port, &[b"http/1.1"]).await;
        let answer = old.send.get("/status/204").await.unwrap();
        assert_eq!((answer.status, answer.version), (204, Version::HTTP_11));
    });
}

#[test]
fn the_plain_listener_speaks_http1_to_hyper_s_client() {
    let l = server(None);
    block_on(async {
        let send = plain(l.plain.port).await;
        let hello = send.get("/hello").await.unwrap();
        assert_eq!((hello.status, hello.version), (200, Version::HTTP_11));
        cors(&hello);
        assert!(String::from_utf8_lossy(&hello.body).contains("\"tls\":false"));
        assert_eq!(send.get("/status/429").await.unwrap().status, 429);
        let bytes = send.get("/bytes/70000").await.unwrap();
        assert_eq!(bytes.body.len(), 70_000);
        assert_eq!(send.get("/nothing").await.unwrap().status, 404);
    });
}

#[test]
fn reset_ends_an_http2_connection_without_an_answer() {
    let l = server(None);
    block_on(async {
        let c = tls(l.h2.port, BOTH).await;
        let err = c.send.get("/reset").await.expect_err("no answer");
        // A TCP RST, not a close: the io error under hyper's and h2's says so,
        // as ConnectionReset on a read, or BrokenPipe when the client was still
        // writing as the RST came (a clean close would read as end of file).
        let mut source: Option<&dyn std::error::Error> = Some(&err);
        let mut kinds = Vec::new();
        while let Some(e) = source {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                kinds.push(io.kind());
            }
            if let Some(io) = e.downcast_ref::<h2::Error>().and_then(h2::Error::get_io) {
                kinds.push(io.kind());
            }
            source = e.source();
        }
        assert!(
            kinds.iter().any(|k| matches!(
                k,
                std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
            )),
            "{err:?}"
        );
        // The rest of the server goes on.
        let again = tls(l.h2.port, BOTH).await;
        assert_eq!(again.send.get("/status/200").await.unwrap().status, 200);
    });
}

/// Sends `n` × `/delay/{ms}` at once over `send`; each one's own round trip.
async fn at_once(send: &Sender, n: usize, ms: u64) -> Vec<Duration> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let send = send.clone();
            tokio::spawn(async move {
                let t = Instant::now();
                let answer = send.get(&format!("/delay/{ms}?i={i}")).await.unwrap();
                assert_eq!(answer.status, 200);
                t.elapsed()
            })
        })
        .collect();
    let mut took = Vec::new();
    for task in tasks {
        took.push(task.await.unwrap());
    }
    took
}

/// No stream limit by default: 200 concurrent delays of 500 ms over one HTTP/2
/// connection are all answered in one wave (a second would take ≥ 1,000 ms).
#[test]
fn two_hundred_concurrent_delays_over_one_http2_connection_finish_in_one_wave() {
    let l = server(None);
    block_on(async {
        let c = tls(l.h2.port, BOTH).await;
        let took = at_once(&c.send, 200, 500).await;
        let slowest = took.iter().max().unwrap();
        assert!(
            took.iter().all(|t| t.as_millis() >= 495) && slowest.as_millis() < 1_000,
            "slowest of 200 × 500 ms took {slowest:?}"
        );
    });
}

/// `--max-streams 6`: the client may open only 6 streams at once, so 12 delays take two waves.
#[test]
fn max_streams_limits_the_streams_of_one_connection() {
    let l = server(Some(6));
    block_on(async {
        let c = tls(l.h2.port, BOTH).await;
        let hello = c.send.get("/hello").await.unwrap();
        assert!(String::from_utf8_lossy(&hello.body).contains(&format!(
            "\"port\":{},\"protocol\":\"h2\",\"tls\":true,\"max_streams\":6",
            l.h2.port
        )));
        let took = at_once(&c.send, 12, 300).await;
        let slowest = took.iter().max().unwrap();
        assert!(
            slowest.as_millis() >= 595,
            "12 × 300 ms over 6 streams took {slowest:?}"
        );
        // The lesson's listener always has its limit of 10.
        let capped = tls(l.h2_capped.port, BOTH).await;
        let hello = capped.send.get("/hello").await.unwrap();
        assert!(String::from_utf8_lossy(&hello.body).contains("\"tls\":true,\"max_streams\":10,"));
    });
}
