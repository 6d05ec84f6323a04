//! Small page helpers: the URL, the clipboard, downloads. Each returns a
//! `Result` with a [`PageError`] the UI can show.
use super::PageError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn window() -> Result<web_sys::Window, PageError> {
    web_sys::window().ok_or(PageError::NoWindow)
}

/// The page's `?query`, without the `?`.
pub fn query() -> String {
    window()
        .ok()
        .and_then(|w| w.location().search().ok())
        .map(|s| s.trim_start_matches('?').to_string())
        .unwrap_or_default()
}

/// The page's `#fragment`, with the `#`; empty if none.
pub fn hash() -> String {
    window()
        .ok()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// This page's origin, e.g. `http://127.0.0.1:8080`; empty if unknown.
pub fn origin() -> String {
    window()
        .ok()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Scrolls the element with `data-testid` = `testid` to the top of the
/// window, so what follows it (the lesson's check, the charts) shows under it.
/// A page without it is left as it is: `false`.
pub fn scroll_to_testid(testid: &str) -> bool {
    let found = window().ok().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(&format!("[data-testid=\"{testid}\"]"))
            .ok()
            .flatten()
    });
    found
        .map(|el| el.scroll_into_view_with_bool(true))
        .is_some()
}

/// This page's address with `query` as its parameters.
pub fn share_url(query: &str) -> Result<String, PageError> {
    let location = window()?.location();
    let origin = location.origin().map_err(|_| PageError::NoOrigin)?;
    let path = location.pathname().map_err(|_| PageError::NoPath)?;
    Ok(if query.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{query}")
    })
}

/// Copies `text`; fails on pages without clipboard access.
pub async fn copy_text(text: &str) -> Result<(), PageError> {
    let clipboard = window()?.navigator().clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| PageError::Clipboard)
}

/// Saves `text` as a file named `name` through a temporary link.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), PageError> {
    let fail = |_: JsValue| PageError::Save(name.to_string());
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let href = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let saved = download_href(name, &href);
    let _ = web_sys::Url::revoke_object_url(&href);
    saved
}

/// Saves what `href` (an object or data URL) holds as a file named `name`.
pub fn download_href(name: &str, href: &str) -> Result<(), PageError> {
    let document = window()?.document().ok_or(PageError::NoDocument)?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into().ok())
        .ok_or_else(|| PageError::Save(name.to_string()))?;
    link.set_href(href);
    link.set_download(name);
    link.click();
    Ok(())
}

/// Today's date as `YYYY-MM-DD`, for exports.
pub fn today() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    iso.get(..10).unwrap_or(&iso).to_string()
}

/// The text of the first file chosen in a file input.
pub async fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
) -> Result<(String, String), PageError> {
    read_first(input.files()).await
}

/// The text of the first file dropped on the page.
pub async fn read_dropped_file(ev: &web_sys::DragEvent) -> Result<(String, String), PageError> {
    read_first(ev.data_transfer().and_then(|d| d.files())).await
}

/// The name and text of the first of `files`.
async fn read_first(files: Option<web_sys::FileList>) -> Result<(String, String), PageError> {
    let file = files
        .and_then(|files| files.get(0))
        .ok_or(PageError::NoFile)?;
    let text = JsFuture::from(file.text()).await.map_err(|e| {
        PageError::FileUnreadable(super::js_error_text(
            &e,
            "the browser could not read the file",
        ))
    })?;
    let text = text.as_string().ok_or(PageError::NotText)?;
    Ok((file.name(), text))
}
