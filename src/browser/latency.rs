//! The one probe for the latency server, when a real-server button is pressed.
use crate::latency::{Absence, Discovery, LatencyServer};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Asks `url` (the latency server's `/hello`, from `probe_url`). When nothing
/// listens, the browser logs one "Failed to load resource" line: the user
/// asked, so that line answers them.
pub async fn discover(url: &str) -> Discovery {
    match hello(url).await {
        Ok(body) => match LatencyServer::from_hello(&body) {
            Ok(server) => Discovery::Found(server),
            Err(why) => Discovery::Absent(why),
        },
        Err(()) => Discovery::Absent(Absence::NoAnswer),
    }
}

async fn hello(url: &str) -> Result<String, ()> {
    let window = web_sys::window().ok_or(())?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| ())?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| ())?;
    if !response.ok() {
        return Err(());
    }
    let text = JsFuture::from(response.text().map_err(|_| ())?)
        .await
        .map_err(|_| ())?;
    text.as_string().ok_or(())
}
