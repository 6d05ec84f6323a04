use super::SaveImage;
use super::Scroll;
use super::TableAlt;
use crate::engine::Experiment;
use crate::report::Speedup;
use crate::state::History;
use crate::stats::format_ms;
use crate::viz::compare::{self, Placed, LABEL};
use crate::viz::scale::{CHART_WIDTH, TITLE_ROW};
use leptos::prelude::*;
use std::collections::HashMap;

/// The speedup (or "cancelled after …") after a bar, `vs` after a ratio;
/// nothing when there is none.
fn suffix(speedup: &Speedup, sep: &str, vs: &str) -> String {
    match speedup {
        Speedup::Unknown => String::new(),
        Speedup::Ratio { .. } => format!("{sep}{speedup}{vs}"),
        Speedup::Cancelled { .. } | Speedup::Baseline => format!("{sep}{speedup}"),
    }
}

/// Every run as a bar of its wall time, one scale for all, grouped by settings.
#[component]
pub fn CompareChart(history: History) -> impl IntoView {
    let chart = move || {
        let runs = history.runs();
        let baselines = history.baselines();
        // Each run's line reads only its own baselines, so the chart is linear in the runs.
        let mut lines = HashMap::new();
        let mut keyed = Vec::with_capacity(runs.len());
        for run in &runs {
            let key = run.settings.workload_key();
            let baseline = baselines.for_run(&key, run.batch).0;
            lines.insert(run.id, run.line(&baseline).speedup);
            keyed.push((key, run.chart_wall_ms(), run.clone()));
        }
        let layout = compare::bars(keyed);
        // The axes' titles share one row under the plot.
        let plot_height = layout.height;
        let height = plot_height + TITLE_ROW;
        let bars: Vec<_> = layout
            .rows
            .into_iter()
            .map(|row| match row {
                Placed::Group { key, text_y } => {
                    view! { <text class="group" x="0" y=text_y>{key}</text> }.into_any()
                }
                Placed::Bar(bar) => {
                    let (run, wall) = (bar.item, bar.wall_ms);
                    let speedup = lines
                        .get(&run.id)
                        .map(|speedup| suffix(speedup, " · ", ""))
                        .unwrap_or_default();
                    let class = format!("bar {}", run.report.strategy.id());
                    view! {
                        <g>
                            // The bar's label column is 230 units: asyncio's name is in the table below.
                            <text x="0" y=bar.text_y>{run.short_label()}</text>
                            <rect
                                data-testid="bar"
                                data-run-id=run.id
                                data-wall-ms=format!("{wall:.3}")
                                class=class
                                x=LABEL
                                y=bar.y
                                height=bar.height
                                width=format!("{:.2}", bar.width)
                            ></rect>
                            <text x=bar.value_x y=bar.text_y>
                                {format!("{}{speedup}", format_ms(wall))}
                            </text>
                        </g>
                    }
                    .into_any()
                }
            })
            .collect();
        let table: Vec<(String, String)> = runs
            .iter()
            .map(|r| {
                let speedup = lines
                    .get(&r.id)
                    .map(|speedup| suffix(speedup, ", ", " vs sequential"))
                    .unwrap_or_default();
                (
                    r.label(),
                    format!("{}{speedup}", format_ms(r.chart_wall_ms())),
                )
            })
            .collect();
        // Lesson 002's bars start at the futures' build, not at the first fetch.
        let from_build = runs.iter().any(|r| {
            matches!(
                r.report.experiment,
                Some(Experiment::Held { .. } | Experiment::Spawned)
            )
        });
        view! {
            {from_build.then(|| view! {
                <p class="note" data-testid="wall-from-build">
                    "The lazy-futures runs count from when their futures were built: “held, then polled” includes its hold, “spawned at once” starts at once."
                </p>
            })}
            <Scroll label="Wall time per run">
            <svg
                role="img"
                aria-label="Wall time of each run; the table below has the numbers"
                viewBox=format!("0 0 {CHART_WIDTH} {height}")
                width="100%"
                height=height
            >
                {bars}
                <text class="axis-title" data-axis="y" x="0" y=height - 4.0>"↑ run (one bar each)"</text>
                <text class="axis-title" data-axis="x" x=LABEL y=height - 4.0>
                    "wall time (ms; bar length) →"
                </text>
            </svg>
            </Scroll>
            <TableAlt headers=["run", "wall time"] rows=table />
        }
    };
    view! {
        <figure class="compare-chart" data-testid="compare-chart" data-chart="wall-times">
            <figcaption>"Wall time per run (shorter is faster)"<SaveImage name="wall-times" /></figcaption>
            {chart}
        </figure>
    }
}
