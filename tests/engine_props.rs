//! Property test: whatever the settings, failures, timeouts and cancel point,
//! every request ends as exactly one outcome and the limit holds.
#![cfg(not(target_arch = "wasm32"))]

use fetch_playground::engine::replay::Scripted;
use fetch_playground::engine::virtual_time::VirtualClock;
use fetch_playground::engine::{
    run, CancelToken, Clock, Outcome, RetryPolicy, RunOptions, Strategy,
};
use fetch_playground::viz::in_flight_steps;
use proptest::prelude::*;

/// Latency and outcome per (request, attempt), drawn up front by proptest.
struct Draws {
    latency: Vec<u64>,
    kinds: Vec<u8>,
}

impl Draws {
    fn answer(&self, index: usize, attempt: u32) -> (f64, Outcome) {
        let slot = (index * 7 + attempt as usize * 13) % self.latency.len();
        let outcome = match self.kinds[slot] % 6 {
            0 => Outcome::HttpError { status: 500 },
            1 => Outcome::HttpError { status: 404 },
            2 => Outcome::NetworkError {
                message: "net::ERR_FAILED".into(),
            },
            _ => Outcome::Ok {
                status: 200,
                bytes: 1,
            },
        };
        (self.latency[slot] as f64, outcome)
    }
}

fn strategy() -> impl proptest::strategy::Strategy<Value = Strategy> {
    proptest::sample::select(Strategy::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn every_request_ends_once_and_the_limit_holds(
        strat in strategy(),
        n in 1usize..60,
        k in 1usize..9,
        latency in proptest::collection::vec(1u64..200, 1..40),
        kinds in proptest::collection::vec(any::<u8>(), 40),
        timeout in proptest::option::of(1u64..250),
        retries in 0u32..3,
        rate in proptest::option::of(5u32..500),
        cancel_at in proptest::option::of(1u64..800),
        seed in any::<u64>(),
    ) {
        let kinds = kinds[..latency.len()].to_vec();
        let opts = RunOptions {
            n, k,
            timeout_ms: timeout.map(|t| t as f64),
            rate_per_sec: rate.map(f64::from),
            retry: RetryPolicy { max_retries: retries, base_ms: 20.0, cap_ms: 100.0 },
            seed,
        };
        let draws = Draws { latency, kinds };
        let clock = VirtualClock::new();
        let cancel = CancelToken::new();
        let requester = Scripted::new(clock.clone(), |i, a| draws.answer(i, a));
        let canceller = async {
            if let Some(ms) = cancel_at {
                clock.sleep_ms(ms as f64).await;
                cancel.cancel();
            }
        };
        let both = futures::future::join(run(strat, &opts, &requester, &clock, &cancel, |_| {}), canceller);
        let report = clock.block_on(both).expect("no stall").0;

        prop_assert_eq!(report.swept, 0);
        prop_assert_eq!(report.records.len(), n);
        prop_assert_eq!(report.counts.total(), n);
        let limit = strat.concurrency(n, k);
        prop_assert!(report.max_in_flight <= limit);
        for (pos, rec) in report.records.iter().enumerate() {
            prop_assert_eq!(rec.index, pos + 1);
            let outcome = rec.outcome.clone().expect("final outcome");
            prop_assert!(rec.attempts.len() <= retries as usize + 1);
            if outcome != Outcome::Cancelled {
                prop_assert_eq!(Some(&outcome), rec.attempts.last().map(|a| &a.outcome));
            }
            for a in &rec.attempts {
                prop_assert!(a.started <= a.ended);
            }
            prop_assert!(rec.queued.unwrap_or(0.0) <= rec.started.unwrap_or(f64::MAX));
        }
        // Recount in-flight from the attempts themselves, with the function the
        // in-flight chart draws (ends before starts at a tie).
        let attempts = report.records.iter().flat_map(|r| r.attempts.iter().map(|a| (a.started, a.ended)));
        let peak = in_flight_steps(attempts).into_iter().map(|(_, c)| c).max().unwrap_or(0);
        prop_assert!(peak <= limit);
        // With no rate limit and no early cancel, the limit is reached at t=0.
        if rate.is_none() && cancel_at.is_none() && n >= k && strat.uses_k() {
            prop_assert_eq!(report.max_in_flight, k);
        }
        if strat == Strategy::Sequential {
            prop_assert!(report.max_in_flight <= 1);
        }
    }
}
