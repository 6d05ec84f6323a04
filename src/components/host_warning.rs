use crate::config::host::{Host, POLITE_MAX_RATE, POLITE_MAX_REQUESTS};
use crate::config::RawSettings;
use crate::engine::worst_case_attempts;
use crate::state::budget::{thousands, worst_case_text};
use crate::state::Playground;
use leptos::prelude::*;

/// Shown while the target is someone else's server: names the host and what a
/// run would send it, asks once before the first run, offers "I run this
/// server" to lift the polite caps, and says what each button could send of
/// the confirmation's budget.
#[component]
pub fn HostWarning(pg: Playground) -> impl IntoView {
    let foreign = move || match pg.form.host() {
        Host::Foreign(name) => Some(name),
        _ => None,
    };
    // Tracked: the banner follows the form as it is typed.
    let what = move || sends(&pg.form.raw());
    let capped = move || pg.capped_host().is_some();
    view! {
        <Show when=move || foreign().is_some()>
            <div class="host-warning" data-testid="host-warning" role="alert" data-host=foreign>
                <p>
                    <strong>{move || {
                        // With shards the guard names every foreign host name, joined by ", ".
                        let names = foreign().unwrap_or_default();
                        let verb = if names.contains(", ") { "are someone else's servers" } else { "is someone else's server" };
                        format!("{names} {verb}. ")
                    }}</strong>
                    {what}
                    {format!(
                        " Unless you run it, each confirmation allows at most {} fetch attempts in all (every retry, and every run of a Compare or sweep, counts), at no more than {POLITE_MAX_RATE} starts/s.",
                        thousands(POLITE_MAX_REQUESTS)
                    )}
                </p>
                <label class="inline">
                    <input
                        type="checkbox"
                        data-testid="own-server"
                        prop:checked=move || pg.form.own_server()
                        on:change=move |ev| pg.set_own_server(event_target_checked(&ev))
                    />
                    "I run this server"
                </label>
                <Show when=capped>
                    <BudgetLine pg=pg />
                </Show>
                <Show
                    when=move || pg.form.needs_confirmation() || (capped() && (run_short(pg) || pg.budget.refusal().is_some()))
                    fallback=|| view! { <span class="note">"Confirmed: Run sends the requests."</span> }
                >
                    <button type="button" data-testid="confirm-host" on:click=move |_| pg.confirm_host()>
                        {move || {
                            let host = foreign().unwrap_or_default();
                            if pg.form.needs_confirmation() {
                                format!("Yes, send them to {host}")
                            } else {
                                format!("Yes, another {} attempts to {host}", thousands(POLITE_MAX_REQUESTS))
                            }
                        }}
                    </button>
                </Show>
                <Show when=move || capped() && pg.budget.refusal().is_some()>
                    <p class="error" data-testid="budget-error" role="alert">
                        {move || pg.budget.refusal().unwrap_or_default()}
                    </p>
                </Show>
            </div>
        </Show>
    }
}

/// Whether the confirmation has less left than one Run could send.
fn run_short(pg: Playground) -> bool {
    let Some(host) = pg.capped_host() else {
        return false;
    };
    let left = pg.budget.left(&host);
    pg.form
        .settings()
        .is_ok_and(|s| worst_case_attempts(1, s.n, s.retries) > left)
}

/// What Run, Compare and Sweep could send at most, and what is left.
#[component]
fn BudgetLine(pg: Playground) -> impl IntoView {
    let left = move || pg.capped_host().map_or(0, |h| pg.budget.left(&h));
    // Before the confirmation, each press is judged against what one would grant.
    let unconfirmed = move || pg.form.needs_confirmation();
    let room = move || {
        if unconfirmed() {
            POLITE_MAX_REQUESTS
        } else {
            left()
        }
    };
    let figures = move || {
        let s = pg.form.settings().ok()?;
        // Tracked for Compare's list; its length is what matters.
        let _ = pg.compare.with();
        let plan = |abba| untrack(|| pg.compare.plan_untracked(s.strategy, abba)).len();
        let (compare, abba) = (plan(false), plan(true));
        let sweep = pg.sweep_list().ok().map(|list| list.ks.len());
        Some((
            s.n,
            s.retries,
            compare,
            (abba != compare).then_some(abba),
            sweep,
        ))
    };
    let item = move |testid: &'static str, label: &'static str, runs: Option<usize>| {
        let (n, retries, ..) = figures()?;
        let runs = runs?;
        let worst = worst_case_attempts(runs, n, retries);
        let over = worst > room();
        let why = if unconfirmed() {
            " — more than a confirmation allows"
        } else {
            " — more than is left"
        };
        Some(view! {
            <li data-testid=testid data-attempts=worst data-over=over.to_string() class:over=over>
                {format!("{label}: {}", worst_case_text(runs, n, retries))}
                {over.then_some(why)}
            </li>
        })
    };
    view! {
        <div class="budget" data-testid="budget" data-left=left>
            <p>
                <span data-testid="budget-left">
                    {move || if unconfirmed() {
                        format!("Not confirmed yet: a confirmation allows {} attempts.", thousands(POLITE_MAX_REQUESTS))
                    } else {
                        format!("{} of {} attempts left on this confirmation.", thousands(left()), thousands(POLITE_MAX_REQUESTS))
                    }}
                </span>
                " At most:"
            </p>
            <ul>
                {move || item("budget-run", "Run", Some(1))}
                {move || item("budget-compare", "Compare", figures().map(|f| f.2))}
                {move || item("budget-compare-abba", "Compare in A B B A order", figures().and_then(|f| f.3))}
                {move || item("budget-sweep", "Sweep", figures().and_then(|f| f.4))}
            </ul>
        </div>
    }
}

/// What a run would send, from the validated numbers (so "0.0" reads as no
/// limit, as the engine reads it); `None` while they do not validate. Checked
/// before the polite caps: the banner names what was asked, even while the
/// caps refuse it.
fn sends(raw: &RawSettings) -> Option<String> {
    let s = raw.validate().ok()?;
    let rate = if s.rate_per_sec > 0.0 {
        format!("at most {} starts/s", s.rate_per_sec)
    } else {
        "no rate limit".to_string()
    };
    Some(format!(
        "A run sends {} requests, {} at a time ({rate}), from this browser.",
        s.n, s.k
    ))
}

#[cfg(test)]
mod tests {
    use super::sends;
    use crate::config::{Field, RawSettings};

    fn raw(pairs: &[(Field, &str)]) -> RawSettings {
        let mut raw = RawSettings::default();
        for (field, value) in pairs {
            raw.set(*field, *value);
        }
        raw
    }

    #[test]
    fn the_banner_reads_the_numbers_the_run_would_use() {
        let asked = raw(&[
            (Field::Requests, "50"),
            (Field::Concurrency, "5"),
            (Field::Rate, "10"),
        ]);
        assert_eq!(
            sends(&asked).as_deref(),
            Some("A run sends 50 requests, 5 at a time (at most 10 starts/s), from this browser.")
        );
    }

    #[test]
    fn a_rate_of_zero_written_any_way_is_no_rate_limit() {
        for zero in ["0.0", " 0 ", "0e3", "00"] {
            let text = sends(&raw(&[(Field::Rate, zero)]));
            assert_eq!(
                text.as_deref(),
                Some("A run sends 20 requests, 5 at a time (no rate limit), from this browser."),
                "{zero:?}"
            );
        }
        let text = sends(&raw(&[(Field::Rate, "1e1")]));
        assert!(text.is_some_and(|t| t.contains("(at most 10 starts/s)")));
    }

    #[test]
    fn numbers_that_do_not_validate_are_not_said_to_be_sent() {
        assert_eq!(sends(&raw(&[(Field::Requests, "many")])), None);
    }
}
