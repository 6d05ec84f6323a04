use super::SaveImage;
use super::TableAlt;
use crate::report::{Basis, Focus};
use crate::stats::format_ms;
use crate::viz::in_flight::{self, Axes, HEIGHT, LEFT, RIGHT};
use crate::viz::scale::{CHART_WIDTH, TITLE_ROW};
use leptos::prelude::*;
use std::sync::Arc;

/// How many requests were in flight over time: holding a permit (fetch
/// called → outcome) and, measured by Resource Timing, on the wire; with the
/// limit k and, when it bound, the browser's 6-per-host cap (HTTP/1.1) or the
/// server's stream limit (HTTP/2).
#[component]
pub fn InFlightChart(focus: Signal<Option<Arc<Focus>>>) -> impl IntoView {
    let chart = move || {
        let f = focus.get()?;
        let (steps, peak) = (&f.steps, f.peak);
        // Resource Timing's view: only the time a request was really on the wire.
        let wire = &f.wire;
        let wire_peak = wire.iter().map(|s| s.1).max();
        let highest = peak.max(f.k.unwrap_or(0)).max(f.browser_cap.unwrap_or(0));
        let axes = Axes::new(f.origin, steps, highest);
        let path = axes.path(steps);
        let wire_path = (!wire.is_empty()).then(|| axes.path(wire));
        let line = |value: usize, label: String, class: &'static str| {
            let yy = axes.y(value);
            view! {
                <line class=class x1=LEFT x2=RIGHT y1=yy y2=yy></line>
                <text class=class x=RIGHT y=yy - 3.0 text-anchor="end">{label}</text>
            }
        };
        let table: Vec<(String, String)> = in_flight::table(f.origin, steps)
            .into_iter()
            .map(|(t, c)| (format_ms(t), c.to_string()))
            .collect();
        Some(view! {
            // As components::Scroll, inline: the chart borrows this closure's locals.
            <div class="scroll" tabindex="0" role="region" aria-label="Requests in flight over time">
            <svg viewBox=format!("0 0 {CHART_WIDTH} {}", HEIGHT + TITLE_ROW) width="100%" role="img"
                aria-label=format!("In flight over time for {}: peak {peak}", f.title)>
                <text class="axis-title" data-axis="y" x="2" y="14">"in flight (requests)"</text>
                <g transform=format!("translate(0 {TITLE_ROW})")>
                <path class="in-flight" d=path></path>
                {wire_path.map(|d| view! { <path class="on-wire" d=d></path> })}
                {f.k.map(|k| line(k, format!("k = {k}"), "limit"))}
                {f.browser_cap.map(|c| {
                    let label = match f.cap_basis {
                        Some(Basis::Inferred) => format!("answered at once: {c} (inferred from the waves)"),
                        Some(Basis::Http2Announced) => format!("stream limit: {c} (HTTP/2, the server's setting)"),
                        Some(Basis::Http2Waves) => format!("stream limit: {c} (HTTP/2, inferred from the waves)"),
                        // Chromium's pool: 6 per host name, so over H names the line sits at 6 × H.
                        _ if f.cap_hosts > 1 => format!(
                            "browser cap: {c} (6 per host name, 6 × {h} over {h} names, HTTP/1.1)",
                            h = f.cap_hosts
                        ),
                        _ => format!("browser cap: {c} (6 per host name, HTTP/1.1)"),
                    };
                    line(c, label, "cap")
                })}
                <text x="2" y=axes.y(peak) + 4.0>{peak}</text>
                <text x="2" y=axes.y(0) + 4.0>"0"</text>
                <text x=LEFT y=HEIGHT - 3.0>"0"</text>
                <text x=RIGHT y=HEIGHT - 3.0 text-anchor="end">{format_ms(axes.duration())}</text>
                <text class="axis-title" data-axis="x" x=(LEFT + RIGHT) / 2.0 y=HEIGHT - 3.0 text-anchor="middle">"time since the run began (ms)"</text>
                </g>
            </svg>
            </div>
            <p class="chart-note" data-testid="in-flight-peak" data-peak=peak data-on-wire-peak=wire_peak>
                <span class="legend">
                    <span class="key in-flight">"in flight"</span>
                    {wire_peak.map(|_| view! { <span class="key on-wire">"on the wire"</span> })}
                </span>
                <span class="gloss">
                    "In flight: fetch called → outcome, while the request holds its permit (a semaphore's ticket to run; k permits, at most k at once)."
                    {wire_peak.map(|_| " On the wire: request sent → last byte, as the browser's Resource Timing measured it.")}
                </span>
                <br />
                {format!("{}: at most {peak} in flight{}", f.title, if f.live { " so far" } else { "" })}
                {wire_peak.map(|w| format!("; at most {w} on the wire at once"))}
            </p>
            <TableAlt headers=["time", "in flight"] rows=table />
        })
    };
    view! {
        <figure class="in-flight-chart" data-testid="in-flight-chart" data-chart="in-flight">
            <figcaption>"Requests in flight over time"<SaveImage name="in-flight" /></figcaption>
            {chart}
        </figure>
    }
}
