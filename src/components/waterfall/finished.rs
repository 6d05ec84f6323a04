use super::draw::{draw_timed, Drawn};
use super::{ReadableCanvas, Source};
use crate::browser::clock::now_ms;
use crate::browser::frame::after_paint;
use crate::report::{readout, readout::Detail, row_label, RunResult};
use crate::viz::Picture;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::sync::Arc;

/// A finished run's waterfall. Its rows are built once and serve drawing,
/// read-out and table; the time that took is counted in every draw.
#[component]
pub(super) fn FinishedWaterfall(run: Arc<RunResult>, scale_ms: Signal<f64>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let (drawn, set_drawn) = signal(Drawn::default());
    let t0 = now_ms();
    let mut built = Picture::of_records(&run.report.records, run.report.began_ms);
    if built.rows.len() == run.report.n {
        built.cpu_ms = f64::from(run.settings.cpu_ms);
        built.handlers = run.handlers.clone().unwrap_or_default();
    }
    let build_ms = super::since(t0);
    // The text alternative: every drawn row, in the words of the read-out.
    let table: Vec<(String, String)> = (0..built.rows.len())
        .filter_map(|i| {
            let text = readout(
                &built.rows,
                built.origin,
                i,
                Detail::Records(&run.report.records),
            )?;
            Some((row_label(built.rows.get(i)?), text))
        })
        .collect();
    let picture = StoredValue::new_local(built);
    // Drawn after the page has painted, in a task of its own: drawing reads
    // the layout and the theme's colours, which in the task that built the
    // page (opening a results link) forced a layout of all of it there.
    Effect::new(move |_| {
        let scale = scale_ms.get();
        let Some(el) = canvas.get() else {
            return;
        };
        leptos::task::spawn_local(async move {
            after_paint().await;
            let t0 = now_ms() - build_ms;
            if let Some(d) = picture
                .try_with_value(|p| draw_timed(&el, p, scale, t0))
                .flatten()
            {
                set_drawn.try_set(d);
            }
        });
    });
    view! {
        <ReadableCanvas
            title=run.label()
            canvas=canvas
            picture=picture
            source=Source::Run(run)
            drawn=drawn
            table=table
        />
    }
}
