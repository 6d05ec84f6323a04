use super::SaveImage;
use super::TableAlt;
use crate::report::Speedup;
use crate::state::Playground;
use crate::stats::format_ms;
use leptos::prelude::*;
use std::collections::HashMap;

const ROW: f64 = 26.0;
const LABEL: f64 = 230.0;
const WIDTH: f64 = 760.0;

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
pub fn CompareChart(pg: Playground) -> impl IntoView {
    let chart = move || {
        let runs = pg.history.runs();
        let baselines = pg.history.baselines();
        let longest = runs.iter().map(|r| r.report.wall_ms).fold(1.0, f64::max);
        let scale = (WIDTH - LABEL - 90.0) / longest;
        // Group runs that met the same workload, in order of first appearance;
        // each run's line reads only its own baselines, so the chart is linear in the runs.
        let mut groups: Vec<(String, Vec<_>)> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        let mut lines = HashMap::new();
        for run in &runs {
            let key = run.settings.workload_key();
            let baseline = baselines.for_run(&key, run.batch).0;
            lines.insert(run.id, run.line(&baseline).speedup);
            match group_of.get(&key).and_then(|&g| groups.get_mut(g)) {
                Some((_, members)) => members.push(run.clone()),
                None => {
                    group_of.insert(key.clone(), groups.len());
                    groups.push((key, vec![run.clone()]));
                }
            }
        }
        let mut y = 0.0;
        let mut bars = Vec::new();
        for (key, members) in groups {
            bars.push(view! { <text class="group" x="0" y=y + 14.0>{key}</text> }.into_any());
            y += ROW;
            for run in members {
                let wall = run.report.wall_ms;
                let speedup = lines
                    .get(&run.id)
                    .map(|speedup| suffix(speedup, " · ", ""))
                    .unwrap_or_default();
                let class = format!("bar {}", run.report.strategy.id());
                bars.push(
                    view! {
                        <g>
                            <text x="0" y=y + 15.0>{run.label()}</text>
                            <rect
                                data-testid="bar"
                                data-run-id=run.id
                                data-wall-ms=format!("{wall:.3}")
                                class=class
                                x=LABEL
                                y=y + 3.0
                                height=ROW - 8.0
                                width=format!("{:.2}", (wall * scale).max(1.0))
                            ></rect>
                            <text x=LABEL + wall * scale + 6.0 y=y + 15.0>
                                {format!("{}{speedup}", format_ms(wall))}
                            </text>
                        </g>
                    }
                    .into_any(),
                );
                y += ROW;
            }
        }
        let height = y.max(ROW);
        let table: Vec<(String, String)> = runs
            .iter()
            .map(|r| {
                let speedup = lines
                    .get(&r.id)
                    .map(|speedup| suffix(speedup, ", ", " vs sequential"))
                    .unwrap_or_default();
                (
                    r.label(),
                    format!("{}{speedup}", format_ms(r.report.wall_ms)),
                )
            })
            .collect();
        view! {
            <svg
                role="img"
                aria-label="Wall time of each run; the table below has the numbers"
                viewBox=format!("0 0 {WIDTH} {height}")
                width="100%"
                height=height
            >
                {bars}
            </svg>
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
