use super::draw::{Colours, Drawn, Painter};
use super::{ReadableCanvas, Source};
use crate::browser::clock::now_ms;
use crate::state::Session;
use crate::viz::live::{live_scale, Painted};
use crate::viz::Picture;
use leptos::html::Canvas;
use leptos::prelude::*;

/// What the previous frame left on the canvas.
#[derive(Clone, Default)]
struct LastFrame {
    colours: Option<Colours>,
    /// Kept from the first frame: reading clientWidth forces a layout every frame.
    width: Option<f64>,
    scale: f64,
    /// The buffer's changes this canvas has painted: its own, so another
    /// view of the same run repaints the same rows too.
    painted: Painted,
}

/// The run in progress, painted from the live buffer once per live frame.
/// The time scale doubles as the run grows; between doublings a frame
/// repaints only the rows that changed or still grow, so its cost does not
/// depend on how many requests finished.
#[component]
pub(super) fn LiveWaterfall(session: Session) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let (drawn, set_drawn) = signal(Drawn::default());
    let picture = StoredValue::new_local(Picture::default());
    let state = StoredValue::new_local(LastFrame::default());
    Effect::new(move |_| {
        session.track_frames();
        let Some(el) = canvas.get() else {
            return;
        };
        let t0 = now_ms();
        let mut st = state.get_value();
        let colours = st.colours.get_or_insert_with(|| Colours::of(&el)).clone();
        let painted = session.with_live(|l| {
            let scale = live_scale(t0 - l.began_ms);
            let rows = l.rows.rows();
            let (p, resized) = Painter::new(
                &el,
                &colours,
                rows.len(),
                (l.began_ms, scale),
                Some(t0),
                st.width,
            )?;
            let repaint = l.rows.repaint(&mut st.painted);
            let whole = resized || st.scale != scale;
            let painted = if whole {
                p.clear();
                rows.iter().enumerate().for_each(|(i, r)| p.row(i, r, None));
                p.axis();
                rows.len()
            } else {
                for &i in &repaint {
                    if let Some(r) = rows.get(i) {
                        p.row(i, r, None);
                    }
                }
                repaint.len()
            };
            (st.width, st.scale) = (Some(p.width()), scale);
            // For the read-out: at most `MAX_ROWS` rows, not the records.
            picture.set_value(Picture {
                rows: rows.to_vec(),
                origin: l.began_ms,
                n: l.spans.len(),
                phases: Vec::new(),
                polls: Vec::new(),
                cpu_ms: 0.0,
                handlers: Vec::new(),
            });
            Some((rows.len(), painted, l.spans.len()))
        });
        let scale_ms = st.scale;
        state.set_value(st);
        if let Some(Some((rows, painted, requests))) = painted {
            set_drawn.set(Drawn {
                requests,
                rows,
                painted,
                ms: now_ms() - t0,
                scale_ms,
            });
        }
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
