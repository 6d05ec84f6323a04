//! The verdict of "Race the languages", under the main verdict.
use crate::report::race;
use crate::state::History;
use leptos::prelude::*;

#[component]
pub fn RaceVerdict(history: History) -> impl IntoView {
    let race = move || history.with_runs(race::latest);
    view! {
        {move || {
            race().map(|r| {
                view! {
                    <section
                        class="race-verdict"
                        data-testid="race-verdict"
                        data-pace=r.pace.map(|p| format!("{p:?}").to_lowercase())
                        aria-label="Race the languages"
                    >
                        <p>
                            <strong>{format!("{} in three languages: ", r.strategy.id())}</strong>
                            {r.ratios()}
                        </p>
                        <p data-testid="race-sentence">{r.sentence.clone()}</p>
                        <p class="note" data-testid="race-order">
                            {format!("{}. Each press starts with the next language.", r.order())}
                        </p>
                    </section>
                }
            })
        }}
    }
}
