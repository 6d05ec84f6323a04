//! hyper's own client, over plain TCP or TLS that trusts the servers' certificate.
use crate::latency::{listen, tls};
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::client::conn::{http1, http2};
use hyper::{Request, Version};
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{crypto::ring, ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

/// Runs a client future on the servers' runtime, from a test's thread.
pub fn block_on<F: Future>(f: F) -> F::Output {
    listen::runtime().block_on(f)
}

/// One answer: status, protocol, headers and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub version: Version,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
}

/// Either kind of connection's sender.
#[derive(Clone)]
pub enum Sender {
    H1(Arc<tokio::sync::Mutex<http1::SendRequest<Empty<Bytes>>>>),
    H2(http2::SendRequest<Empty<Bytes>>),
}

impl Sender {
    pub async fn get(&self, path: &str) -> hyper::Result<Answer> {
        let request = |uri: String| {
            Request::get(uri)
                .header("Host", "localhost")
                .body(Empty::new())
                .unwrap()
        };
        let answer = match self {
            // Ready first: after an answer the connection takes a moment to take the next request.
            Sender::H1(send) => {
                let mut send = send.lock().await;
                send.ready().await?;
                send.send_request(request(path.into())).await?
            }
            Sender::H2(send) => {
                let mut send = send.clone();
                send.ready().await?;
                send.send_request(request(format!("https://localhost{path}")))
                    .await?
            }
        };
        let (parts, body) = answer.into_parts();
        Ok(Answer {
            status: parts.status.as_u16(),
            version: parts.version,
            headers: parts.headers,
            body: body.collect().await?.to_bytes(),
        })
    }
}

/// What TLS agreed on, and the sender over it.
pub struct Connected {
    pub alpn: Option<Vec<u8>>,
    pub send: Sender,
}

async fn tcp(port: u16) -> TcpStream {
    TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects")
}

/// Plain HTTP/1.1.
pub async fn plain(port: u16) -> Sender {
    let (send, conn) = http1::handshake(TokioIo::new(tcp(port).await))
        .await
        .expect("handshake");
    tokio::spawn(conn);
    Sender::H1(Arc::new(tokio::sync::Mutex::new(send)))
}

/// TLS to `localhost` offering `alpn`, then whichever HTTP the server picked.
pub async fn tls(port: u16, alpn: &[&[u8]]) -> Connected {
    let mut roots = RootCertStore::empty();
    roots
        .add(tls::identity().unwrap().cert.clone())
        .expect("the servers' certificate as a root");
    let mut config = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    let name = ServerName::try_from("localhost").unwrap();
    let stream = TlsConnector::from(Arc::new(config))
        .connect(name, tcp(port).await)
        .await
        .expect("TLS handshake with the servers' certificate");
    let alpn = stream.get_ref().1.alpn_protocol().map(|p| p.to_vec());
    let io = TokioIo::new(stream);
    let send = if alpn.as_deref() == Some(b"h2") {
        let (send, conn) = http2::handshake(TokioExecutor::new(), io)
            .await
            .expect("h2 handshake");
        tokio::spawn(conn);
        Sender::H2(send)
    } else {
        let (send, conn) = http1::handshake(io).await.expect("handshake");
        tokio::spawn(conn);
        Sender::H1(Arc::new(tokio::sync::Mutex::new(send)))
    };
    Connected { alpn, send }
}
