use super::Scroll;
use crate::report::{Line, RunResult};
use crate::state::Playground;
use crate::stats::format_ms;
use leptos::prelude::*;
use std::sync::Arc;

/// One history row. Built once per run (the list is keyed); its numbers follow
/// the history, since a later sequential run can become its baseline and the
/// replayed ideal arrives after the run is filed. A change anywhere in the
/// history costs each row one lookup; only a row whose baseline or ideal
/// changed formats its numbers again.
#[component]
fn RunRow(pg: Playground, run: Arc<RunResult>) -> impl IntoView {
    let id = run.id;
    let r = &run.report;
    let polls = crate::report::polls::PollTotals::of(r).map(|t| t.requests);
    // The history files a new copy of the run when its ideal arrives: the
    // row reads its ideal from the history, not from the copy it was built with.
    let depends = {
        let key = run.settings.workload_key();
        let batch = run.batch;
        Memo::new(move |_| {
            let baseline = pg.history.baselines().for_run(&key, batch);
            let ideal = pg.history.run(id).and_then(|r| r.ideal.clone());
            (baseline, ideal)
        })
    };
    let line = {
        let run = run.clone();
        Memo::new(move |_| {
            depends.with(|(baseline, _)| {
                let now = untrack(|| pg.history.run(id)).unwrap_or_else(|| run.clone());
                now.line(&baseline.0)
            })
        })
    };
    let cell = move |f: fn(&Line) -> String| move || line.with(f);
    let efficiency_title =
        move || line.with(|l| l.ideal.0.map(|_| format!("replayed ideal {}", l.ideal)));
    view! {
        <tr
            data-testid="run"
            data-run-id=run.id
            data-strategy=r.strategy.id()
            data-language=run.language().id()
            data-requests=r.n
            data-concurrency=r.concurrency
            data-ok=r.counts.ok
            data-failed=r.counts.failed
            data-cancelled=r.counts.cancelled
            data-wall-ms=format!("{:.3}", r.wall_ms)
            data-start-to-end-ms=format!("{:.3}", r.start_to_end_ms())
            data-max-in-flight=r.max_in_flight
            data-ideal-ms=move || line.with(|l| l.ideal.0.map(|i| format!("{i:.3}")))
            data-completed=run.completed().to_string()
            data-protocol=run.protocol().map(str::to_string)
            data-browser-queued-ms=run.browser_queued_ms().map(|ms| format!("{ms:.1}"))
            data-polls=polls.map(|p| p.polls)
            data-wakes=polls.map(|p| p.wakes)
            class:was-cancelled=r.cancelled_by_user
        >
            <td>
                <input
                    type="checkbox"
                    data-testid="select-run"
                    aria-label=format!("Show run {id} in the charts")
                    prop:checked=move || pg.history.is_selected(id)
                    on:change=move |_| pg.toggle_run(id)
                />
                {id}
            </td>
            <td>{run.described()}</td>
            <td>{r.n}</td>
            <td>{cell(|l| l.counts.to_string())}</td>
            <td>{cell(|l| format_ms(l.wall_ms))}</td>
            <td>{cell(|l| l.rate.to_string())}</td>
            <td>{cell(|l| format!("{} / {}", l.p50, l.p99))}</td>
            <td>{r.max_in_flight}</td>
            <td title="polls / wakes of the requests' futures (Rust's view)">
                {polls.map_or_else(|| "–".to_string(), |p| format!("{} / {}", p.polls, p.wakes))}
            </td>
            <td data-testid="speedup" title=move || line.with(|l| l.speedup.caveat().map(str::to_string))>
                {cell(|l| l.speedup.to_string())}
            </td>
            <td title=efficiency_title>{cell(|l| l.efficiency.to_string())}</td>
            <td class="settings">{run.settings.workload_key()}</td>
        </tr>
    }
}

/// The run history, newest first: tick up to two runs to see them side by side.
#[component]
pub fn RunList(pg: Playground) -> impl IntoView {
    let newest_first = move || {
        let mut runs = pg.history.runs();
        runs.reverse();
        runs
    };
    view! {
        <div class="history">
        <h2>"History"</h2>
        <p class="note">"Tick up to two runs to draw their waterfalls side by side on one time scale."</p>
        <Scroll label="Run history">
        <table class="runs" aria-label="Run history">
            <thead>
                <tr>
                    <th>"Show · #"</th>
                    <th>"Strategy"</th>
                    <th>"N"</th>
                    <th title="ok / failed (HTTP, network, timeout) / cancelled">"ok / failed / cancelled"</th>
                    <th title="first request start to last outcome">"Wall"</th>
                    <th>"req/s"</th>
                    <th title="successful attempts, one fetch each">"p50 / p99"</th>
                    <th title="most requests in flight at one moment">"Max in flight"</th>
                    <th title="how often Rust polled the requests' futures, and how often their wakers fired; – when not counted">"Polls / wakes"</th>
                    <th title="wall time of the sequential run with the same settings ÷ this one">"Speedup"</th>
                    <th title="ideal ÷ measured wall; the ideal replays this run's strategy on a virtual clock with its own server times and zero overhead">"Efficiency"</th>
                    <th>"Settings"</th>
                </tr>
            </thead>
            <tbody>
                <For each=newest_first key=|run| run.id let:run>
                    <RunRow pg=pg run=run />
                </For>
            </tbody>
        </table>
        </Scroll>
        </div>
    }
}
