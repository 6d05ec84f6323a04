//! Charts as image files: an SVG chart with its colours written into it (the
//! page's CSS variables don't travel), or a canvas as PNG.
use super::page::{download, download_href};
use super::PageError;
use wasm_bindgen::JsCast;

/// The drawn properties an SVG needs to look the same outside the page.
const STYLE_PROPS: [&str; 8] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "font-size",
    "font-family",
    "font-weight",
    "opacity",
];

/// Saves the chart inside `container` (an `svg` or a `canvas`) as `name`.svg or .png.
pub fn save_chart(container: &web_sys::Element, name: &str) -> Result<String, PageError> {
    let chart = container
        .query_selector("svg, canvas")
        .ok()
        .flatten()
        .ok_or(PageError::NothingDrawn)?;
    if let Some(canvas) = chart.dyn_ref::<web_sys::HtmlCanvasElement>() {
        let url = canvas
            .to_data_url_with_type("image/png")
            .map_err(|_| PageError::NoPng)?;
        let file = format!("{name}.png");
        download_href(&file, &url)?;
        return Ok(file);
    }
    let file = format!("{name}.svg");
    download(&file, "image/svg+xml", &standalone_svg(&chart)?)?;
    Ok(file)
}

/// The SVG's markup with every element's computed style inlined.
fn standalone_svg(svg: &web_sys::Element) -> Result<String, PageError> {
    let copy: web_sys::Element = svg
        .clone_node_with_deep(true)
        .map_err(|_| PageError::CopyChart)?
        .dyn_into()
        .map_err(|_| PageError::CopyChart)?;
    let window = web_sys::window().ok_or(PageError::NoWindow)?;
    let originals = svg
        .query_selector_all("*")
        .map_err(|_| PageError::ReadChart)?;
    let copies = copy
        .query_selector_all("*")
        .map_err(|_| PageError::ReadChart)?;
    for i in 0..originals.length().min(copies.length()) {
        let (Some(original), Some(copied)) = (originals.item(i), copies.item(i)) else {
            continue;
        };
        let (Ok(original), Ok(copied)) = (
            original.dyn_into::<web_sys::Element>(),
            copied.dyn_into::<web_sys::Element>(),
        ) else {
            continue;
        };
        let Ok(Some(computed)) = window.get_computed_style(&original) else {
            continue;
        };
        // Presentation attributes, not a style attribute: the page's
        // Content-Security-Policy refuses inline styles, and SVG readers
        // honour both.
        for p in STYLE_PROPS {
            if let Ok(v) = computed.get_property_value(p) {
                if !v.is_empty() {
                    let _ = copied.set_attribute(p, &v);
                }
            }
        }
    }
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    Ok(copy.outer_html())
}
