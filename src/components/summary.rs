use crate::focus::Focus;
use crate::state::Playground;
use crate::stats::{efficiency, format_ms, throughput};
use leptos::prelude::*;
use std::sync::Arc;

/// The plain-sentence verdict for the latest shown run.
#[component]
pub fn Verdict(pg: Playground, focus: RwSignal<Option<Arc<Focus>>>) -> impl IntoView {
    let text = move || {
        if let Some(f) = focus.get().filter(|f| f.live) {
            return Some(format!("Running {}…", f.title));
        }
        let runs = pg.runs.get();
        let run = pg.shown_runs().pop()?;
        Some(run.verdict(&runs))
    };
    view! { <p class="verdict" data-testid="verdict" role="status">{text}</p> }
}

/// The stats of the shown runs: this table is also the text version of the charts.
#[component]
pub fn Stats(pg: Playground) -> impl IntoView {
    let rows = move || {
        let runs = pg.runs.get();
        pg.shown_runs()
            .into_iter()
            .map(|run| {
                let r = &run.report;
                let l = run.latency;
                let ms = |f: fn(&crate::stats::Latency) -> f64| l.as_ref().map(f).map(format_ms).unwrap_or("–".into());
                let eff = run.ideal_ms().and_then(|i| efficiency(i, r.wall_ms));
                view! {
                    <tr data-testid="stats-row" data-run-id=run.id data-p50-ms=l.map(|l| format!("{:.3}", l.p50_ms))>
                        <td>{format!("#{} {}", run.id, run.title())}</td>
                        <td>{format_ms(r.wall_ms)}</td>
                        <td>{throughput(r.counts.ok + r.counts.failed, r.wall_ms).map(|t| format!("{t:.0}")).unwrap_or("–".into())}</td>
                        <td>{ms(|l| l.mean_ms)}</td>
                        <td>{ms(|l| l.p50_ms)}</td>
                        <td>{ms(|l| l.p90_ms)}</td>
                        <td>{ms(|l| l.p99_ms)}</td>
                        <td>{ms(|l| l.max_ms)}</td>
                        <td>{format!("{} / {} / {}", r.counts.ok, r.counts.failed, r.counts.cancelled)}</td>
                        <td>{run.speedup(&runs).map(|s| format!("{s:.1}×")).unwrap_or("–".into())}</td>
                        <td>{eff.map(|e| format!("{:.0}% of ideal {}", e * 100.0, format_ms(run.ideal_ms().unwrap_or(0.0)))).unwrap_or("–".into())}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <table class="stats" data-testid="stats" aria-label="Statistics of the shown runs">
            <thead>
                <tr>
                    <th>"Run"</th><th>"Wall"</th><th>"req/s"</th><th>"mean"</th><th>"p50"</th>
                    <th>"p90"</th><th>"p99"</th><th>"max"</th><th>"ok / failed / cancelled"</th>
                    <th>"Speedup"</th><th>"Efficiency"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
