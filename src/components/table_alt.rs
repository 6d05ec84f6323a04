use leptos::prelude::*;

/// A chart's text alternative: the same numbers as a two-column table.
#[component]
pub fn TableAlt(headers: [&'static str; 2], rows: Vec<(String, String)>) -> impl IntoView {
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
                    {rows
                        .into_iter()
                        .map(|(a, b)| view! { <tr><td>{a}</td><td>{b}</td></tr> })
                        .collect_view()}
                </tbody>
            </table>
        </details>
    }
}
