use crate::report::load_test::commands;
use crate::state::{Form, History};
use leptos::prelude::*;

/// The same workload as an `oha` command and a k6 script, for a real load generator.
#[component]
pub fn LoadTestCommand(form: Form, history: History) -> impl IntoView {
    let best_rate = move || {
        history.with_runs(|runs| {
            runs.iter()
                .filter(|r| r.completed() && r.recorded_on.is_none())
                .filter_map(|r| r.throughput())
                .reduce(f64::max)
        })
    };
    let body = move || match form.settings() {
        Err(_) => view! { <p class="note">"Fix the form first."</p> }.into_any(),
        Ok(settings) => match commands(&settings, best_rate()) {
            Err(why) => view! { <p class="note">{why.to_string()}</p> }.into_any(),
            Ok(t) => view! {
                <p>"oha, one line:"</p>
                <pre tabindex="0"><code data-testid="oha-command">{t.oha}</code></pre>
                <p>"k6, a script:"</p>
                <pre tabindex="0"><code data-testid="k6-script">{t.k6}</code></pre>
                {t.notes.into_iter().map(|n| view! { <p class="note">{n}</p> }).collect_view()}
            }
            .into_any(),
        },
    };
    view! {
        <details class="code-panel" data-testid="load-test-command">
            <summary>"Take it further: the same workload for a load generator"</summary>
            {body}
        </details>
    }
}
