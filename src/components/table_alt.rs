use crate::browser::frame::after_paint;
use leptos::prelude::*;

/// A chart's text alternative: the same numbers as a two-column table. Its
/// rows become elements after the page has painted, in a task of their own: a
/// waterfall's thousand rows, built and laid out in the task that opens a
/// results link, made that task long.
#[component]
pub fn TableAlt(headers: [&'static str; 2], rows: Vec<(String, String)>) -> impl IntoView {
    let ready = RwSignal::new(false);
    let rows = StoredValue::new(rows);
    leptos::task::spawn_local(async move {
        after_paint().await;
        ready.try_set(true);
    });
    view! {
        <details class="table-alt">
            <summary>"As a table"</summary>
            <table>
                <thead>
                    <tr>
                        <th>{headers[0]}</th>
                        <th>{headers[1]}</th>
                    </tr>
                </thead>
                <tbody>
                    <Show when=move || ready.get()>
                        {rows.with_value(|rows| {
                            rows.iter()
                                .map(|(a, b)| view! { <tr><td>{a.clone()}</td><td>{b.clone()}</td></tr> })
                                .collect_view()
                        })}
                    </Show>
                </tbody>
            </table>
        </details>
    }
}
