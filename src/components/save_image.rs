use crate::browser::image::save_chart;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Saves the chart it sits in (the nearest `[data-chart]`) as SVG, or PNG for a canvas.
#[component]
pub fn SaveImage(name: &'static str) -> impl IntoView {
    let (note, set_note) = signal(String::new());
    let save = move |ev: web_sys::MouseEvent| {
        let container = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-chart]").ok().flatten());
        set_note.set(match container.map(|c| save_chart(&c, name)) {
            Some(Ok(file)) => format!("Saved {file}."),
            Some(Err(e)) => format!("Could not save the image: {e}."),
            None => "Could not find the chart to save.".into(),
        });
    };
    view! {
        <span class="save-image">
            <button type="button" class="small" data-testid="save-image" on:click=save>
                "Save image"
            </button>
            <span class="note" role="status">{note}</span>
        </span>
    }
}
