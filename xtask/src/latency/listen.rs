//! Serving connections with hyper on one tokio runtime: plain HTTP/1.1, or TLS
//! whose ALPN picks HTTP/1.1 or HTTP/2. Every connection and every HTTP/2
//! stream is its own task, and each listener asks for a backlog of 1,024, so
//! no request waits here behind another: the only queue is the client's.
use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONNECTION};
use hyper::service::service_fn;
use hyper::{Request, Response, Version};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::future::{poll_fn, Future};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::runtime::Runtime;
use tokio::sync::Notify;
use tokio_rustls::TlsAcceptor;

/// Every answer's body: whole, or timed (a drip).
pub type Body = BoxBody<Bytes, Infallible>;

/// What a handler does with one request.
pub enum Reply {
    Send(Response<Body>),
    /// No answer: the whole connection ends with a TCP RST.
    Reset,
}

pub type Answer = Pin<Box<dyn Future<Output = Reply> + Send>>;
/// Turns one request into its reply; shared by every connection of a listener.
pub type Handler = Arc<dyn Fn(Request<Incoming>) -> Answer + Send + Sync>;

/// How a listener speaks.
#[derive(Clone)]
pub enum Wire {
    /// HTTP/1.1 without TLS, as browsers speak to `http://` (they never try h2c).
    Plain,
    /// TLS whose ALPN offers only `http/1.1`: TLS without HTTP/2, to tell the two apart.
    TlsH1(TlsAcceptor),
    /// TLS offering `h2` first; `max_streams` is SETTINGS_MAX_CONCURRENT_STREAMS (`None`: not sent).
    TlsH2(TlsAcceptor, Option<u32>),
}

/// The one runtime every server of this process runs on.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("xtask-server")
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("xtask: can't start the server runtime: {e}"))
    })
}

/// The accept queue each listener asks for. `TcpListener::bind` asks for 128
/// (mio 1.2 copies std), and 150 connections opened at once overflowed it: the
/// kernel dropped the extra SYNs, which the clients resent a second later.
const BACKLOG: u32 = 1024;

/// Listens on `ip`:`port` (0 = any free port).
pub fn bind(ip: IpAddr, port: u16) -> io::Result<TcpListener> {
    let socket = if ip.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // As TcpListener::bind does: a restarted server may take its port back at once.
    socket.set_reuseaddr(true)?;
    socket.bind(SocketAddr::from((ip, port)))?;
    let _runtime = runtime().enter();
    socket.listen(BACKLOG)
}

/// Binds 127.0.0.1:`port`, and [::1] at the same port when it can (Chromium may
/// try `localhost` and `N.localhost` over IPv6 first); returns the listeners and the port.
pub fn bind_loopback(port: u16) -> io::Result<(Vec<TcpListener>, u16)> {
    let v4 = bind(Ipv4Addr::LOCALHOST.into(), port)?;
    let port = v4.local_addr()?.port();
    let v6 = bind(Ipv6Addr::LOCALHOST.into(), port).ok();
    Ok((std::iter::once(v4).chain(v6).collect(), port))
}

/// Accepts connections on `listener` in the background, each on its own task.
pub fn serve(listener: TcpListener, wire: Wire, handler: Handler) {
    runtime().spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                // Out of file descriptors, say: wait rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            tokio::spawn(connection(stream, wire.clone(), handler.clone()));
        }
    });
}

/// A request for a reset: the connection's task drops the socket, which then closes with RST.
#[derive(Default)]
struct ResetSignal {
    asked: AtomicBool,
    notify: Notify,
}

async fn connection(stream: TcpStream, wire: Wire, handler: Handler) {
    let _ = stream.set_nodelay(true);
    let reset = Arc::new(ResetSignal::default());
    let stream = Resettable {
        stream,
        reset: reset.clone(),
    };
    let signal = reset.clone();
    let service = service_fn(move |req: Request<Incoming>| {
        let (handler, reset) = (handler.clone(), signal.clone());
        async move {
            let keep_alive = wants_keep_alive(&req);
            match handler(req).await {
                Reply::Send(mut answer) => {
                    // Said out loud on HTTP/1.1, as before (HTTP/2 forbids the header).
                    if keep_alive {
                        answer
                            .headers_mut()
                            .insert(CONNECTION, HeaderValue::from_static("keep-alive"));
                    }
                    Ok::<_, Infallible>(answer)
                }
                Reply::Reset => {
                    reset.asked.store(true, Ordering::SeqCst);
                    reset.notify.notify_one();
                    std::future::pending().await
                }
            }
        }
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    // Headers as HTTP/1.1 clients and old tests spell them (`Content-Length`).
    builder.http1().title_case_headers(true);
    match wire {
        Wire::Plain => {
            let builder = builder.http1_only();
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            until_reset(conn, &reset.notify).await
        }
        Wire::TlsH1(acceptor) => {
            let Ok(tls) = acceptor.accept(stream).await else {
                return;
            };
            let builder = builder.http1_only();
            let conn = builder.serve_connection(TokioIo::new(tls), service);
            until_reset(conn, &reset.notify).await
        }
        Wire::TlsH2(acceptor, max_streams) => {
            let Ok(tls) = acceptor.accept(stream).await else {
                return;
            };
            // ALPN decided: a client that did not pick h2 gets HTTP/1.1.
            let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
            builder.http2().max_concurrent_streams(max_streams);
            let builder = if h2 {
                builder.http2_only()
            } else {
                builder.http1_only()
            };
            let conn = builder.serve_connection(TokioIo::new(tls), service);
            until_reset(conn, &reset.notify).await
        }
    }
}

fn wants_keep_alive(req: &Request<Incoming>) -> bool {
    let close = req
        .headers()
        .get(CONNECTION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("close"));
    req.version() == Version::HTTP_11 && !close
}

/// Serves `conn` until it ends or a handler asks for a reset; then `conn` (and
/// with it the socket) is dropped.
async fn until_reset(conn: impl Future, reset: &Notify) {
    let mut conn = pin!(conn);
    let mut asked = pin!(reset.notified());
    poll_fn(|cx| {
        if conn.as_mut().poll(cx).is_ready() || asked.as_mut().poll(cx).is_ready() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}

/// The connection's socket, which closes with a TCP RST instead of the orderly
/// FIN when a handler asked for a reset: SO_LINGER with a zero timeout, set
/// just before close (only then, so that no other answer is cut short).
struct Resettable {
    stream: TcpStream,
    reset: Arc<ResetSignal>,
}

impl Drop for Resettable {
    fn drop(&mut self) {
        if self.reset.asked.load(Ordering::SeqCst) {
            let _ = socket2::SockRef::from(&self.stream).set_linger(Some(Duration::ZERO));
        }
    }
}

impl AsyncRead for Resettable {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Resettable {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// An answer with a whole body and the caller's headers.
pub fn respond(
    status: u16,
    content_type: &str,
    body: impl Into<Bytes>,
    headers: &[(&str, &str)],
) -> Response<Body> {
    with_body(
        status,
        content_type,
        Full::new(body.into()).boxed(),
        headers,
    )
}

/// An answer with any body; `Cache-Control: no-store` always, so every run meets the server.
pub fn with_body(
    status: u16,
    content_type: &str,
    body: Body,
    headers: &[(&str, &str)],
) -> Response<Body> {
    let mut answer = Response::builder()
        .status(status)
        .header("Content-Type", content_type)
        .header("Cache-Control", "no-store");
    for (name, value) in headers {
        answer = answer.header(*name, *value);
    }
    answer
        .body(body)
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new()).boxed()))
}

/// The headers that let a page on another origin read an answer and its timing:
/// without TAO its Resource Timing entries would hide the browser's queueing.
pub const CORS: [(&str, &str); 2] = [
    ("Access-Control-Allow-Origin", "*"),
    ("Timing-Allow-Origin", "*"),
];

/// The answer to a CORS preflight (only sent for non-simple requests).
pub fn preflight() -> Response<Body> {
    respond(
        204,
        "text/plain",
        Bytes::new(),
        &[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"),
            ("Access-Control-Allow-Headers", "*"),
            ("Access-Control-Allow-Private-Network", "true"),
            ("Access-Control-Max-Age", "600"),
        ],
    )
}
