use super::Scroll;
use crate::state::History;
use crate::stats::format_ms;
use leptos::prelude::*;

/// The stats of the shown runs: this table is also the text version of the charts.
#[component]
pub fn Stats(history: History) -> impl IntoView {
    let rows = move || {
        history
            .shown()
            .0
            .into_iter()
            .map(|run| {
                let line = history.with_runs(|runs| run.line(runs));
                let p50 = run.latency.attempts.map(|l| format!("{:.3}", l.p50_ms));
                view! {
                    <tr data-testid="stats-row" data-run-id=run.id data-p50-ms=p50>
                        <td>{line.label.clone()}</td>
                        <td>{format_ms(line.wall_ms)}</td>
                        <td>{line.rate.to_string()}</td>
                        <td>{line.mean.to_string()}</td>
                        <td>{line.p50.to_string()}</td>
                        <td>{line.p90.to_string()}</td>
                        <td>{line.p99.to_string()}</td>
                        <td>{line.max.to_string()}</td>
                        <td>{format!("{} / {}", line.request_p50, line.request_p99)}</td>
                        <td>{line.counts.to_string()}</td>
                        <td>{line.speedup.to_string()}</td>
                        <td>{line.of_ideal().to_string()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <Scroll label="Statistics of the shown runs">
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
        </Scroll>
    }
}
