use super::SaveImage;
use super::TableAlt;
use crate::report::Focus;
use crate::stats::format_ms;
use leptos::prelude::*;
use std::sync::Arc;

const W: f64 = 760.0;
const H: f64 = 170.0;
const PAD: f64 = 34.0;

/// How many requests were in flight over time: holding a permit (fetch
/// called → outcome) and, measured by Resource Timing, on the wire; with the
/// limit k and, when HTTP/1.1 was measured, the browser's 6-per-host cap.
#[component]
pub fn InFlightChart(focus: Signal<Option<Arc<Focus>>>) -> impl IntoView {
    let chart = move || {
        let f = focus.get()?;
        let (steps, peak) = (&f.steps, f.peak);
        // Resource Timing's view: only the time a request was really on the wire.
        let wire = &f.wire;
        let wire_peak = wire.iter().map(|s| s.1).max();
        let end = steps.last().map_or(f.origin + 1.0, |s| s.0);
        let top = peak
            .max(f.k.unwrap_or(0))
            .max(f.browser_cap.unwrap_or(0))
            .max(1) as f64
            * 1.1;
        let origin = f.origin;
        let x = move |t: f64| PAD + (t - origin) / (end - origin).max(1.0) * (W - PAD - 8.0);
        let y = move |c: f64| H - 18.0 - c / top * (H - 30.0);
        let trace = |steps: &[(f64, usize)]| {
            let mut path = format!("M{:.1},{:.1}", x(f.origin), y(0.0));
            for (t, c) in steps {
                path += &format!(" H{:.1} V{:.1}", x(*t), y(*c as f64));
            }
            path
        };
        let path = trace(steps);
        let wire_path = (!wire.is_empty()).then(|| trace(wire));
        let line = |value: usize, label: String, class: &'static str| {
            let yy = y(value as f64);
            view! {
                <line class=class x1=PAD x2=W - 8.0 y1=yy y2=yy></line>
                <text class=class x=W - 8.0 y=yy - 3.0 text-anchor="end">{label}</text>
            }
        };
        let rows: Vec<_> = steps
            .iter()
            .step_by((steps.len() / 40).max(1))
            .copied()
            .collect();
        let table: Vec<(String, String)> = rows
            .into_iter()
            .map(|(t, c)| (format_ms(t - f.origin), c.to_string()))
            .collect();
        Some(view! {
            <svg viewBox=format!("0 0 {W} {H}") width="100%" role="img"
                aria-label=format!("In flight over time for {}: peak {peak}", f.title)>
                <path class="in-flight" d=path></path>
                {wire_path.map(|d| view! { <path class="on-wire" d=d></path> })}
                {f.k.map(|k| line(k, format!("k = {k}"), "limit"))}
                {f.browser_cap.map(|c| {
                    let label = if f.cap_inferred {
                        format!("answered at once: {c} (inferred from the waves)")
                    } else {
                        format!("browser cap: {c} (6 per host name, HTTP/1.1)")
                    };
                    line(c, label, "cap")
                })}
                <text x="2" y=y(peak as f64) + 4.0>{peak}</text>
                <text x="2" y=y(0.0) + 4.0>"0"</text>
                <text x=PAD y=H - 3.0>"0"</text>
                <text x=W - 8.0 y=H - 3.0 text-anchor="end">{format_ms(end - f.origin)}</text>
            </svg>
            <p class="chart-note" data-testid="in-flight-peak" data-peak=peak data-on-wire-peak=wire_peak>
                <span class="key in-flight">"holding a permit (fetch called → outcome)"</span>
                {wire_peak.map(|_| view! { <span class="key on-wire">"on the wire (request sent → last byte, measured by the browser)"</span> })}
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
