use crate::report::Focus;
use crate::state::Playground;
use leptos::prelude::*;
use std::sync::Arc;

/// The plain-sentence verdict for the latest shown run.
#[component]
pub fn Verdict(pg: Playground, focus: Signal<Option<Arc<Focus>>>) -> impl IntoView {
    let text = move || {
        if let Some(f) = focus.get().filter(|f| f.live) {
            return Some(format!("Running {}…", f.title));
        }
        let run = pg.history.shown().0.pop()?;
        Some(pg.history.with_runs(|runs| run.verdict(runs)))
    };
    view! { <p class="verdict" data-testid="verdict" role="status">{text}</p> }
}

/// The stats of the shown runs: this table is also the text version of the charts.
#[component]
pub fn Stats(pg: Playground) -> impl IntoView {
    let rows = move || {
        pg.history
            .shown()
            .0
            .into_iter()
            .map(|run| {
                let line = pg.history.with_runs(|runs| run.line(runs));
                let efficiency = match &line.ideal {
                    Some(ideal) if line.efficiency != "–" => {
                        format!("{} of ideal {ideal}", line.efficiency)
                    }
                    _ => "–".into(),
                };
                let p50 = run.latency.attempts.map(|l| format!("{:.3}", l.p50_ms));
                view! {
                    <tr data-testid="stats-row" data-run-id=run.id data-p50-ms=p50>
                        <td>{line.label}</td>
                        <td>{line.wall}</td>
                        <td>{line.rate}</td>
                        <td>{line.mean}</td>
                        <td>{line.p50}</td>
                        <td>{line.p90}</td>
                        <td>{line.p99}</td>
                        <td>{line.max}</td>
                        <td>{format!("{} / {}", line.request_p50, line.request_p99)}</td>
                        <td>{line.counts}</td>
                        <td>{line.speedup}</td>
                        <td>{efficiency}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="stats-block">
        <table class="stats" data-testid="stats" aria-label="Statistics of the shown runs">
            <caption class="note">"Latency columns: successful attempts, one fetch each. The request total (first start to final outcome, with retries and backoff) has its own column."</caption>
            <thead>
                <tr>
                    <th>"Run"</th><th>"Wall"</th><th>"req/s"</th>
                    <th title="successful attempts: one fetch each, called to body read">"mean"</th>
                    <th>"p50"</th><th>"p90"</th><th>"p99"</th><th>"max"</th>
                    <th title="whole requests that finished: first start to final outcome, retries and backoff included">"request p50 / p99"</th>
                    <th>"ok / failed / cancelled"</th>
                    <th>"Speedup"</th><th>"Efficiency"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}
