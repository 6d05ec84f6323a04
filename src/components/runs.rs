use crate::state::{Playground, RunResult};
use crate::stats::{efficiency, format_ms, throughput};
use leptos::prelude::*;
use std::sync::Arc;

fn ratio(value: Option<f64>) -> String {
    value
        .map(|v| format!("{v:.1}×"))
        .unwrap_or_else(|| "–".into())
}

fn percent(value: Option<f64>) -> String {
    value
        .map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "–".into())
}

#[component]
fn RunRow(pg: Playground, run: Arc<RunResult>, runs: Vec<Arc<RunResult>>) -> impl IntoView {
    let id = run.id;
    let r = &run.report;
    let finished = r.counts.ok + r.counts.failed;
    let lat = run.latency;
    let p50 = lat
        .map(|l| format_ms(l.p50_ms))
        .unwrap_or_else(|| "–".into());
    let p99 = lat
        .map(|l| format_ms(l.p99_ms))
        .unwrap_or_else(|| "–".into());
    let rate = throughput(finished, r.wall_ms)
        .map(|v| format!("{v:.0}"))
        .unwrap_or_else(|| "–".into());
    let ideal = run.ideal_ms();
    let eff = ideal.and_then(|i| efficiency(i, r.wall_ms));
    view! {
        <tr
            data-testid="run"
            data-run-id=run.id
            data-strategy=r.strategy.id()
            data-requests=r.n
            data-concurrency=r.concurrency
            data-ok=r.counts.ok
            data-failed=r.counts.failed
            data-cancelled=r.counts.cancelled
            data-wall-ms=format!("{:.3}", r.wall_ms)
            data-max-in-flight=r.max_in_flight
            data-ideal-ms=ideal.map(|i| format!("{i:.0}"))
            class:was-cancelled=r.cancelled_by_user
        >
            <td>
                <input
                    type="checkbox"
                    data-testid="select-run"
                    aria-label=format!("Show run {id} in the charts")
                    prop:checked=move || pg.selected.with(|s| s.contains(&id))
                    on:change=move |_| pg.toggle_selected(id)
                />
                {id}
            </td>
            <td>{run.title()}</td>
            <td>{r.n}</td>
            <td>{r.counts.ok}" / "{r.counts.failed}" / "{r.counts.cancelled}</td>
            <td>{format_ms(r.wall_ms)}</td>
            <td>{rate}</td>
            <td>{p50}" / "{p99}</td>
            <td>{r.max_in_flight}</td>
            <td data-testid="speedup">{ratio(run.speedup(&runs))}</td>
            <td title=ideal.map(format_ms)>{percent(eff)}</td>
            <td class="settings">{run.settings.workload_key()}</td>
        </tr>
    }
}

/// The run history, newest first: tick up to two runs to see them side by side.
#[component]
pub fn RunList(pg: Playground) -> impl IntoView {
    view! {
        <div class="history">
        <h2>"History"</h2>
        <p class="note">"Tick up to two runs to draw their waterfalls side by side on one time scale."</p>
        <table class="runs" aria-label="Run history">
            <thead>
                <tr>
                    <th>"Show · #"</th>
                    <th>"Strategy"</th>
                    <th>"N"</th>
                    <th title="ok / failed (HTTP, network, timeout) / cancelled">"ok / failed / cancelled"</th>
                    <th title="first request start to last outcome">"Wall"</th>
                    <th>"req/s"</th>
                    <th>"p50 / p99"</th>
                    <th title="most requests in flight at one moment">"Max in flight"</th>
                    <th title="wall time of the sequential run with the same settings ÷ this one">"Speedup"</th>
                    <th title="ideal ⌈N/k⌉·delay ÷ measured wall">"Efficiency"</th>
                    <th>"Settings"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let runs = pg.runs.get();
                    runs.iter()
                        .rev()
                        .map(|run| view! { <RunRow pg=pg run=run.clone() runs=runs.clone() /> })
                        .collect_view()
                }}
            </tbody>
        </table>
        </div>
    }
}
