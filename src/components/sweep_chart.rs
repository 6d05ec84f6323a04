use super::SaveImage;
use crate::report::sweep::{self, Knee, Point};
use crate::report::Ms;
use crate::state::Playground;
use crate::stats::format_ms;
use leptos::prelude::*;

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 70.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 46.0;

/// "x,y x,y …" for one series.
fn polyline(xy: &[(f64, f64)]) -> String {
    xy.iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The SVG: k on a log axis, wall time on the left scale, req/s on the right.
fn plot(points: &[Point], knee: Option<Knee>) -> impl IntoView {
    let lo = points.iter().map(|p| p.k).min().unwrap_or(1);
    let hi = points.iter().map(|p| p.k).max().unwrap_or(1);
    let max_wall = points.iter().map(|p| p.wall_ms).fold(1.0, f64::max);
    let max_rate = points.iter().map(|p| p.per_s).fold(1.0, f64::max);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = move |k: usize| LEFT + sweep::log_position(k, lo, hi) * plot_w;
    let y_wall = move |ms: f64| TOP + plot_h * (1.0 - ms / max_wall);
    let y_rate = move |r: f64| TOP + plot_h * (1.0 - r / max_rate);
    let walls: Vec<(f64, f64)> = points.iter().map(|p| (x(p.k), y_wall(p.wall_ms))).collect();
    let rates: Vec<(f64, f64)> = points.iter().map(|p| (x(p.k), y_rate(p.per_s))).collect();
    let bottom = TOP + plot_h;
    let ticks = points
        .iter()
        .map(|p| {
            view! {
                <text x=x(p.k) y=bottom + 16.0 text-anchor="middle">{p.k}</text>
            }
        })
        .collect_view();
    let dots = points
        .iter()
        .map(|p| {
            let title = format!(
                "k = {}: {}, {:.0} req/s{}",
                p.k,
                format_ms(p.wall_ms),
                p.per_s,
                if p.cancelled { " (cancelled)" } else { "" }
            );
            view! {
                <g>
                    <title>{title}</title>
                    <circle class="sweep-wall" cx=x(p.k) cy=y_wall(p.wall_ms) r="4"></circle>
                    <rect class="sweep-rate" class:cancelled=p.cancelled x=x(p.k) - 4.0 y=y_rate(p.per_s) - 4.0 width="8" height="8"></rect>
                </g>
            }
        })
        .collect_view();
    let knee_mark = knee.map(|kn| {
        let kx = x(kn.k);
        // Near the right edge the label goes left of the line, off the req/s scale.
        let (tx, anchor) = if kx > WIDTH - RIGHT - 90.0 {
            (kx - 4.0, "end")
        } else {
            (kx + 4.0, "start")
        };
        view! {
            <line class="sweep-knee" x1=kx x2=kx y1=TOP y2=bottom></line>
            <text class="sweep-knee-label" x=tx y=TOP + 28.0 text-anchor=anchor>{format!("knee k = {}", kn.k)}</text>
        }
    });
    view! {
        <svg
            role="img"
            aria-label="Wall time and requests per second against k; the table below has the numbers"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            width="100%"
            height=HEIGHT
        >
            <line class="axis" x1=LEFT x2=LEFT y1=TOP y2=bottom></line>
            <line class="axis" x1=WIDTH - RIGHT x2=WIDTH - RIGHT y1=TOP y2=bottom></line>
            <line class="axis" x1=LEFT x2=WIDTH - RIGHT y1=bottom y2=bottom></line>
            <text x=LEFT - 6.0 y=TOP + 4.0 text-anchor="end">{format_ms(max_wall)}</text>
            <text x=LEFT - 6.0 y=bottom text-anchor="end">"0"</text>
            <text x=WIDTH - RIGHT + 6.0 y=TOP + 4.0>{format!("{max_rate:.0}/s")}</text>
            <text x=WIDTH - RIGHT + 6.0 y=bottom>"0"</text>
            <text class="sweep-wall-label" x="4" y=TOP + plot_h / 2.0>"wall time ●"</text>
            <text class="sweep-rate-label" x=WIDTH - 4.0 y=TOP + plot_h / 2.0 text-anchor="end">"■ ok req/s"</text>
            <text x=LEFT + plot_w / 2.0 y=HEIGHT - 6.0 text-anchor="middle">"limit k (log scale)"</text>
            {ticks}
            <polyline class="sweep-wall" points=polyline(&walls)></polyline>
            <polyline class="sweep-rate" points=polyline(&rates)></polyline>
            {knee_mark}
            {dots}
        </svg>
    }
}

/// The latest sweep: wall time and req/s against k, its knee, and a table.
#[component]
pub fn SweepChart(pg: Playground) -> impl IntoView {
    let points = Memo::new(move |_| match pg.sweep.batch() {
        Some(batch) => pg.history.with_runs(|runs| sweep::points(runs, batch)),
        None => Vec::new(),
    });
    let knee = move || sweep::knee(&points.get());
    let json = move || serde_json::to_string(&points.get()).unwrap_or_default();
    view! {
        <Show when=move || !points.with(Vec::is_empty)>
            <figure
                class="sweep-chart"
                data-testid="sweep-chart"
                data-chart="sweep"
                data-knee=move || knee().map(|k| k.k)
                data-points=json
            >
                <figcaption>
                    "Concurrency sweep: wall time and throughput against k"
                    <SaveImage name="sweep" />
                </figcaption>
                {move || plot(&points.get(), knee())}
                <p class="sweep-knee-note" data-testid="sweep-knee">
                    {move || match knee() {
                        Some(k) => k.sentence(),
                        None => "No knee: no point of this sweep finished.".into(),
                    }}
                </p>
                <table class="sweep-table" data-testid="sweep-table">
                    <thead>
                        <tr><th>"k"</th><th>"wall"</th><th>"ok req/s"</th><th>"ideal"</th><th>"run"</th></tr>
                    </thead>
                    <tbody>
                        {move || {
                            let kn = knee().map(|k| k.k);
                            points
                                .get()
                                .into_iter()
                                .map(|p| {
                                    let note = if p.cancelled { " (cancelled)" } else if Some(p.k) == kn { " ← knee" } else { "" };
                                    view! {
                                        <tr data-k=p.k>
                                            <td>{format!("{}{note}", p.k)}</td>
                                            <td>{format_ms(p.wall_ms)}</td>
                                            <td>{format!("{:.0}", p.per_s)}</td>
                                            <td>{Ms(p.ideal_ms).to_string()}</td>
                                            <td>{format!("#{}", p.run)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </figure>
        </Show>
    }
}
