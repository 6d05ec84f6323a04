use crate::report::polls::{sentence, PollTotals};
use crate::state::History;
use crate::stats::format_ms;
use leptos::prelude::*;

/// "Rust's view" of the shown runs: how often their futures were polled and
/// woken, as tokio-console counts a task's, and what that says.
#[component]
pub fn RustView(history: History) -> impl IntoView {
    let totals = move || {
        history
            .shown()
            .0
            .iter()
            .filter_map(|run| PollTotals::of(&run.report).map(|t| (run.id, t)))
            .collect::<Vec<_>>()
    };
    let rows = move || {
        totals()
            .into_iter()
            .map(|(id, t)| {
                let r = t.requests;
                view! {
                    <tr data-testid="rust-view-row" data-run-id=id data-polls=r.polls data-wakes=r.wakes data-wasted-polls=r.wasted>
                        <td>{format!("#{id} {} (N = {})", t.strategy.id(), t.n)}</td>
                        <td>{r.polls}</td>
                        <td>{r.wasted}</td>
                        <td>{r.wakes}</td>
                        <td>{format!("{:.1}", t.per_request())}</td>
                        <td>{format_ms(t.busy_ms())}</td>
                        <td>{format_ms(t.wait_ms())}</td>
                        <td>{format!("{} / {}", t.top.polls, t.top.wakes)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let said = move || {
        let t: Vec<PollTotals> = totals().into_iter().map(|(_, t)| t).collect();
        sentence(&t)
    };
    view! {
        <Show when=move || !totals().is_empty()>
            <div class="rust-view" data-testid="rust-view">
                <h2>"Rust's view"</h2>
                <p data-testid="rust-view-sentence">{said}</p>
                // Up to four runs' rows: scrolls sideways on a phone, as the other tables do.
                <super::Scroll label="Polls and wakes of the shown runs">
                <table class="stats" aria-label="Polls and wakes of the shown runs">
                    <caption class="note">"Each request is a future: it runs only when polled, and its waker says when to poll it again. A wasted poll returned Pending with no wake since the last one. Busy: time inside poll (performance.now(), 0.1 ms ticks, summed)."</caption>
                    <thead>
                        <tr>
                            <th>"Run"</th><th>"polls"</th>
                            <th title="Pending, and not woken since the previous poll">"wasted"</th>
                            <th>"wakes"</th><th>"polls / request"</th>
                            <th title="time inside the requests' poll calls">"busy"</th>
                            <th title="from each wake to the poll after it, summed">"wake → poll"</th>
                            <th title="the strategy's own future: polls / wakes">"strategy's future"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                </super::Scroll>
            </div>
        </Show>
    }
}
