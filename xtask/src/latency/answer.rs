//! What the latency server answers: every route, CORS and `Timing-Allow-Origin`
//! on every answer, and `/hello`'s description of the listeners.
use super::listen::{self, Answer, Handler, Reply, CORS};
use super::routes::{route, Route};
use super::{Listener, Listeners, NAME};
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::{Method, Request, Version};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{sleep, Sleep};

/// The handler of one listener (`me`), which knows them all for `/hello`.
pub fn handler(me: Listener, all: Arc<Listeners>) -> Handler {
    let me = Arc::new(me);
    Arc::new(move |req: Request<Incoming>| -> Answer {
        let (me, all) = (me.clone(), all.clone());
        Box::pin(async move { answer(&req, &me, &all).await })
    })
}

fn text(status: u16, kind: &str, body: impl Into<Bytes>) -> Reply {
    Reply::Send(listen::respond(status, kind, body, &CORS))
}

async fn answer(req: &Request<Incoming>, me: &Listener, all: &Listeners) -> Reply {
    if req.method() == Method::OPTIONS {
        return Reply::Send(listen::preflight());
    }
    match route(req.uri().path()) {
        Route::Hello => text(200, "application/json", hello(req.version(), me, all)),
        Route::Delay(ms) => {
            sleep(Duration::from_millis(ms)).await;
            text(200, "text/plain", &b"late\n"[..])
        }
        Route::Status(code) => text(code, "text/plain", &b"status\n"[..]),
        Route::Bytes(n) => text(200, "application/octet-stream", vec![b'x'; n as usize]),
        Route::Drip(ms) => Reply::Send(listen::with_body(
            200,
            "text/plain",
            Drip::new(ms).boxed(),
            &CORS,
        )),
        Route::Reset => Reply::Reset,
        Route::Index => text(200, "text/plain", super::banner(all)),
        Route::NotFound => text(404, "text/plain", &b"not found\n"[..]),
    }
}

/// `/hello`: the server's name, the protocol this request came over, this
/// listener's settings (the page reads `max_streams` for its cap line), and every listener.
fn hello(version: Version, me: &Listener, all: &Listeners) -> String {
    let protocol = if version == Version::HTTP_2 {
        "h2"
    } else {
        "http/1.1"
    };
    let listeners: Vec<String> = all.all().iter().map(|l| l.json()).collect();
    format!(
        "{{\"server\":\"{NAME}\",\"version\":2,\"port\":{},\"protocol\":\"{protocol}\",\
         \"tls\":{},\"max_streams\":{},\"listeners\":[{}],\
         \"endpoints\":[\"/delay/{{ms}}\",\"/status/{{code}}\",\"/bytes/{{n}}\",\
         \"/drip/{{ms}}\",\"/reset\",\"/hello\"]}}",
        me.port,
        me.tls,
        me.max_streams.map_or("null".into(), |s| s.to_string()),
        listeners.join(","),
    )
}

pub const DRIP_FIRST: &[u8] = b"first part\n";
pub const DRIP_REST: &[u8] = b"the rest\n";

/// A body whose first bytes go at once and the rest after a wait: a response
/// whose time to first byte is short but whose body is slow, for timeouts.
pub struct Drip {
    first: Option<Bytes>,
    wait: Pin<Box<Sleep>>,
    rest: Option<Bytes>,
}

impl Drip {
    pub fn new(ms: u64) -> Drip {
        Drip {
            first: Some(Bytes::from_static(DRIP_FIRST)),
            wait: Box::pin(sleep(Duration::from_millis(ms))),
            rest: Some(Bytes::from_static(DRIP_REST)),
        }
    }
}

impl hyper::body::Body for Drip {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        if this.rest.is_none() {
            return Poll::Ready(None);
        }
        // A client that gave up (a timeout under test) has closed the connection, and hyper drops this body.
        std::task::ready!(this.wait.as_mut().poll(cx));
        Poll::Ready(this.rest.take().map(|rest| Ok(Frame::data(rest))))
    }

    fn is_end_stream(&self) -> bool {
        self.first.is_none() && self.rest.is_none()
    }

    /// Exact, so that the head carries a Content-Length.
    fn size_hint(&self) -> SizeHint {
        let left =
            self.first.as_ref().map_or(0, Bytes::len) + self.rest.as_ref().map_or(0, Bytes::len);
        SizeHint::with_exact(left as u64)
    }
}
