use super::SaveImage;
use super::Scroll;
use super::TableAlt;
use crate::report::Focus;
use crate::stats::format_ms;
use crate::viz::latency::{self, HEIGHT};
use crate::viz::scale::{CHART_WIDTH, TITLE_ROW};
use leptos::prelude::*;
use std::sync::Arc;

/// Latency distribution of the successful attempts.
#[component]
pub fn LatencyHistogram(focus: Signal<Option<Arc<Focus>>>) -> impl IntoView {
    let chart = move || {
        let f = focus.get()?;
        let bins = &f.bins;
        let bars = latency::bars(bins)
            .into_iter()
            .zip(bins)
            .map(|(r, b)| {
                view! {
                    <rect class="hist" x=r.x y=r.y width=r.width height=r.height>
                        <title>{format!("{}–{}: {}", format_ms(b.lo), format_ms(b.hi), b.count)}</title>
                    </rect>
                }
            })
            .collect_view();
        let (lo, hi) = latency::range(bins);
        let table: Vec<(String, String)> = bins
            .iter()
            .map(|b| {
                (
                    format!("{}–{}", format_ms(b.lo), format_ms(b.hi)),
                    b.count.to_string(),
                )
            })
            .collect();
        Some(view! {
            <Scroll label="Latency histogram">
            <svg viewBox=format!("0 0 {CHART_WIDTH} {}", HEIGHT + TITLE_ROW) width="100%" role="img"
                aria-label=format!("Latency histogram of {} requests of {}", f.latency_count, f.title)>
                <text class="axis-title" data-axis="y" x="4" y="14">"successful attempts (count per bin)"</text>
                <g transform=format!("translate(0 {TITLE_ROW})")>
                {bars}
                <text x="4" y=HEIGHT - 4.0>{format_ms(lo)}</text>
                <text x=CHART_WIDTH - 4.0 y=HEIGHT - 4.0 text-anchor="end">{format_ms(hi)}</text>
                <text class="axis-title" data-axis="x" x=CHART_WIDTH / 2.0 y=HEIGHT - 4.0 text-anchor="middle">"latency (ms)"</text>
                </g>
            </svg>
            </Scroll>
            <TableAlt headers=["latency", "requests"] rows=table />
        })
    };
    view! {
        <figure class="latency-histogram" data-testid="latency-histogram" data-chart="latency-histogram">
            <figcaption>"Latency of successful attempts (one fetch each: called to body read)"<SaveImage name="latency-histogram" /></figcaption>
            {chart}
        </figure>
    }
}
