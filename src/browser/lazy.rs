//! Lesson 002 in the browser: held futures against spawned ones, on the
//! simulated server. Every request started is awaited to its outcome.
use super::clock::now_ms;
use super::{BrowserClock, BrowserRequester};
use crate::config::Settings;
use crate::engine::{Clock, Requester};
use crate::lessons::lazy::{first_start_ms, held_join_all, lazy_check, Stamp};
use crate::lessons::Check;
use futures::future::join_all;
use leptos::task::spawn_local;

/// What the experiment measured: the check, and each half's build time and stamps.
pub struct Lazy {
    pub check: Check,
    pub held: (f64, Vec<Stamp>),
    pub spawned: (f64, Vec<Stamp>),
}

/// Both halves of the experiment, one after the other; the message says how
/// many requests ended well, so none goes unaccounted.
pub async fn run(settings: &Settings, hold_ms: f64) -> Result<Lazy, String> {
    let requester = BrowserRequester {
        settings: settings.clone(),
    };
    let (held_built, held) = held_join_all(&requester, &BrowserClock, settings.n, hold_ms).await;
    let held_first = first_start_ms(held_built, &held).ok_or("no request was made")?;

    // spawn_local hands each future to the executor now, like ensure_future.
    let built = now_ms();
    let receivers: Vec<_> = (1..=settings.n)
        .map(|i| {
            let request = requester.start(i, 0);
            let (tx, rx) = async_channel::bounded::<Stamp>(1);
            spawn_local(async move {
                let started_ms = now_ms();
                let outcome = request.await;
                // The receiver waits for every sender: sending cannot fail first.
                let _ = tx
                    .send(Stamp {
                        started_ms,
                        ended_ms: now_ms(),
                        outcome,
                    })
                    .await;
            });
            rx
        })
        .collect();
    BrowserClock.sleep_ms(hold_ms).await;
    let spawned: Vec<Stamp> = join_all(receivers.iter().map(|rx| rx.recv()))
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|_| "a spawned request vanished".to_string())?;
    let spawned_first = first_start_ms(built, &spawned).ok_or("no request was made")?;
    let ok = held
        .iter()
        .chain(&spawned)
        .filter(|s| matches!(s.outcome, crate::engine::Outcome::Ok { .. }))
        .count();
    let mut check = lazy_check(hold_ms, held_first, spawned_first);
    check.evidence = format!(
        "{}; {ok} of {} requests answered 200",
        check.evidence,
        2 * settings.n
    );
    Ok(Lazy {
        check,
        held: (held_built, held),
        spawned: (built, spawned),
    })
}
