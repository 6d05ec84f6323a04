use super::draw::{draw_timed, Drawn};
use super::{ReadableCanvas, Source};
use crate::browser::clock::now_ms;
use crate::state::Session;
use crate::viz::Picture;
use leptos::html::Canvas;
use leptos::prelude::*;

/// The run in progress, redrawn once per live frame straight from the live
/// buffer: no per-frame copy of 100,000 spans.
#[component]
pub(super) fn LiveWaterfall(session: Session) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let (drawn, set_drawn) = signal(Drawn::default());
    let picture = StoredValue::new_local(Picture::default());
    // Kept from the first frame: reading clientWidth forces a layout every frame.
    let width = StoredValue::new(None::<f64>);
    Effect::new(move |_| {
        session.track_frames();
        let Some(el) = canvas.get() else {
            return;
        };
        // Timed from the live buffer to pixels: merging rows is part of drawing.
        let t0 = now_ms();
        let Some(p) = session.with_live(|l| Picture::of_spans(&l.spans, l.began_ms)) else {
            return;
        };
        // The scale grows with the run: everything so far fits.
        let scale = (t0 - p.origin).max(1.0);
        if let Some((w, d)) = draw_timed(&el, &p, scale, Some(t0), width.get_value(), t0) {
            width.set_value(Some(w));
            set_drawn.set(d);
        }
        picture.set_value(p);
    });
    view! {
        <ReadableCanvas
            title="Running…".to_string()
            canvas=canvas
            picture=picture
            source=Source::Live(session)
            drawn=drawn
            table=Vec::new()
        />
    }
}
