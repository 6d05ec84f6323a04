use super::SaveImage;
use super::Scroll;
use crate::report::sweep::{self, Knee, Point};
use crate::report::Ms;
use crate::state::{History, Sweep};
use crate::stats::format_ms;
use crate::viz::scale::CHART_WIDTH;
use crate::viz::sweep::{self as sweep_plot, polyline, BOTTOM, HEIGHT, LEFT, RIGHT, TOP};
use leptos::prelude::*;

/// The SVG: k on a log axis, wall time on the left scale, req/s on the right.
fn plot(points: &[Point], knee: Option<Knee>) -> impl IntoView {
    let plot = sweep_plot::plot(points, knee.map(|k| k.k));
    let (max_wall, max_rate) = (plot.max_wall, plot.max_rate);
    let mid_y = (TOP + BOTTOM) / 2.0;
    let walls = polyline(plot.marks.iter().map(|m| (m.x, m.wall_y)));
    let rates = polyline(plot.marks.iter().map(|m| (m.x, m.rate_y)));
    let ticks = points
        .iter()
        .zip(&plot.marks)
        .map(|(p, m)| {
            view! {
                <text x=m.x y=BOTTOM + 16.0 text-anchor="middle">{p.k}</text>
            }
        })
        .collect_view();
    let dots = points
        .iter()
        .zip(&plot.marks)
        .map(|(p, m)| {
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
                    <circle class="sweep-wall" cx=m.x cy=m.wall_y r="4"></circle>
                    <rect class="sweep-rate" class:cancelled=p.cancelled x=m.x - 4.0 y=m.rate_y - 4.0 width="8" height="8"></rect>
                </g>
            }
        })
        .collect_view();
    let knee_mark = knee.zip(plot.knee).map(|(kn, mark)| {
        view! {
            <line class="sweep-knee" x1=mark.x x2=mark.x y1=TOP y2=BOTTOM></line>
            <text class="sweep-knee-label" x=mark.label_x y=TOP + 28.0 text-anchor=mark.anchor.as_str()>{format!("knee k = {}", kn.k)}</text>
        }
    });
    view! {
        <Scroll label="Concurrency sweep chart">
        <svg
            role="img"
            aria-label="Wall time and requests per second against k; the table below has the numbers"
            viewBox=format!("0 0 {CHART_WIDTH} {HEIGHT}")
            width="100%"
            height=HEIGHT
        >
            <line class="axis" x1=LEFT x2=LEFT y1=TOP y2=BOTTOM></line>
            <line class="axis" x1=RIGHT x2=RIGHT y1=TOP y2=BOTTOM></line>
            <line class="axis" x1=LEFT x2=RIGHT y1=BOTTOM y2=BOTTOM></line>
            // Tick labels in the axis titles' units: ms on the left, req/s on the right.
            <text x=LEFT - 6.0 y=TOP + 4.0 text-anchor="end">{format!("{max_wall:.0}")}</text>
            <text x=LEFT - 6.0 y=BOTTOM text-anchor="end">"0"</text>
            <text x=RIGHT + 6.0 y=TOP + 4.0>{format!("{max_rate:.0}")}</text>
            <text x=RIGHT + 6.0 y=BOTTOM>"0"</text>
            <text class="sweep-wall-label axis-title" data-axis="y" x="16" y=mid_y text-anchor="middle"
                transform=format!("rotate(-90 16 {mid_y})")>"● wall time (ms)"</text>
            <text class="sweep-rate-label axis-title" data-axis="y2" x=CHART_WIDTH - 16.0 y=mid_y text-anchor="middle"
                transform=format!("rotate(90 {} {mid_y})", CHART_WIDTH - 16.0)>"■ ok throughput (req/s)"</text>
            <text class="axis-title" data-axis="x" x=(LEFT + RIGHT) / 2.0 y=HEIGHT - 6.0 text-anchor="middle">"limit k (requests at once, log scale)"</text>
            {ticks}
            <polyline class="sweep-wall" points=walls></polyline>
            <polyline class="sweep-rate" points=rates></polyline>
            {knee_mark}
            {dots}
        </svg>
        </Scroll>
    }
}

/// The latest sweep: wall time and req/s against k, its knee, and a table.
#[component]
pub fn SweepChart(history: History, sweep: Sweep) -> impl IntoView {
    let points = Memo::new(move |_| match sweep.batch() {
        Some(batch) => history.with_runs(|runs| sweep::points(runs, batch)),
        None => Vec::new(),
    });
    // One rule for the line, `data-knee`, the note and the table: a knee only where the curve bent.
    let reading = move || sweep::reading(&points.get());
    let knee = move || reading().and_then(sweep::Reading::knee);
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
                    {move || match reading() {
                        Some(r) => r.sentence(),
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
