use super::SaveImage;
use super::TableAlt;
use crate::report::Focus;
use crate::stats::format_ms;
use leptos::prelude::*;
use std::sync::Arc;

const W: f64 = 760.0;
const H: f64 = 150.0;

/// Latency distribution of the successful attempts.
#[component]
pub fn LatencyHistogram(focus: Signal<Option<Arc<Focus>>>) -> impl IntoView {
    let chart = move || {
        let f = focus.get()?;
        let bins = &f.bins;
        let tallest = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
        let bw = (W - 8.0) / bins.len().max(1) as f64;
        let bars = bins
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let h = b.count as f64 / tallest * (H - 34.0);
                view! {
                    <rect class="hist" x=4.0 + i as f64 * bw y=H - 20.0 - h width=(bw - 1.0).max(1.0) height=h>
                        <title>{format!("{}–{}: {}", format_ms(b.lo), format_ms(b.hi), b.count)}</title>
                    </rect>
                }
            })
            .collect_view();
        let (lo, hi) = (
            bins.first().map_or(0.0, |b| b.lo),
            bins.last().map_or(0.0, |b| b.hi),
        );
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
            <svg viewBox=format!("0 0 {W} {H}") width="100%" role="img"
                aria-label=format!("Latency histogram of {} requests of {}", f.latency_count, f.title)>
                {bars}
                <text x="4" y=H - 4.0>{format_ms(lo)}</text>
                <text x=W - 4.0 y=H - 4.0 text-anchor="end">{format_ms(hi)}</text>
            </svg>
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
