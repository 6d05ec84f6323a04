//! The ideal run: the same strategy code on a virtual clock, fed the run's own
//! per-attempt latencies and outcomes. Nothing costs anything but the scripted
//! latency, so its wall time is what the strategy would take with zero browser
//! overhead: same FIFO order, rate limit, retries, backoff and timeouts.
use super::virtual_time::{Sleep, Stalled, Stepper, VirtualClock};
use super::{run, CancelToken, Clock, Outcome, Requester, RunOptions, RunReport, Strategy};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A server that answers attempt `attempt` of request `index` from `script(index, attempt)`,
/// which gives the latency in ms and the outcome.
pub struct Scripted<S> {
    clock: VirtualClock,
    script: S,
}

impl<S: Fn(usize, u32) -> (f64, Outcome)> Scripted<S> {
    /// Answers after sleeping the scripted latency on `clock`.
    pub fn new(clock: VirtualClock, script: S) -> Self {
        Scripted { clock, script }
    }
}

impl<S: Fn(usize, u32) -> (f64, Outcome)> Requester for Scripted<S> {
    type Fut = Answer;

    /// No URL: only the replay's wall time is kept, and 100,000 formatted
    /// strings would lengthen its first poll for nothing.
    fn url(&self, _index: usize) -> String {
        String::new()
    }

    fn start(&self, index: usize, attempt: u32) -> Answer {
        let (latency_ms, outcome) = (self.script)(index, attempt);
        Answer {
            latency: self.clock.sleep_ms(latency_ms),
            outcome,
        }
    }
}

/// One scripted attempt: its outcome, once its latency has passed.
pub struct Answer {
    latency: Sleep,
    outcome: Outcome,
}

impl Future for Answer {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let this = self.get_mut();
        match Pin::new(&mut this.latency).poll(cx) {
            // Taken, not cloned: a future is not polled again once ready.
            Poll::Ready(()) => {
                Poll::Ready(std::mem::replace(&mut this.outcome, Outcome::Cancelled))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Replays `strategy` with `opts` against `script`, to be stepped in chunks.
/// Its report's `wall_ms` is the run's exact ideal.
pub fn replay<S>(
    strategy: Strategy,
    opts: &RunOptions,
    script: S,
) -> Stepper<impl Future<Output = RunReport>>
where
    S: Fn(usize, u32) -> (f64, Outcome),
{
    let clock = VirtualClock::new();
    let requester = Scripted::new(clock.clone(), script);
    let opts = opts.clone();
    let run_clock = clock.clone();
    Stepper::new(clock, async move {
        let never = CancelToken::new();
        run(strategy, &opts, &requester, &run_clock, &never, |_| {}).await
    })
}

/// `replay` run to the end at once: for tests and small batches.
pub fn replay_blocking<S>(
    strategy: Strategy,
    opts: &RunOptions,
    script: S,
) -> Result<RunReport, Stalled>
where
    S: Fn(usize, u32) -> (f64, Outcome),
{
    let mut stepper = replay(strategy, opts, script);
    loop {
        if let Some(done) = stepper.step(|| true) {
            return done;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RetryPolicy;
    use crate::sim::SimParams;

    fn opts(n: usize, k: usize) -> RunOptions {
        RunOptions {
            n,
            k,
            timeout_ms: None,
            rate_per_sec: None,
            retry: RetryPolicy::NONE,
            seed: 7,
            deadline_ms: None,
        }
    }

    /// Start times and wall of k FIFO lanes: each request in order takes the lane that frees first.
    fn fifo_lanes(latencies: &[f64], k: usize) -> (Vec<f64>, f64) {
        let mut free = vec![0.0f64; k];
        let mut starts = Vec::new();
        for &latency in latencies {
            let (lane, _) = free
                .iter()
                .enumerate()
                .fold(
                    (0, f64::INFINITY),
                    |best, (i, &t)| if t < best.1 { (i, t) } else { best },
                );
            starts.push(free[lane]);
            free[lane] += latency;
        }
        (starts, free.into_iter().fold(0.0, f64::max))
    }

    #[test]
    fn replay_of_sim_draws_matches_the_hand_computed_ideal() {
        let sim = SimParams {
            delay_ms: 200,
            jitter_ms: 50,
            fail_pct: 0.0,
            bytes: 10,
        };
        let o = opts(100, 10);
        let script = sim.script(o.seed);
        let latencies: Vec<f64> = (1..=o.n).map(|i| script(i, 0).0).collect();
        assert!(
            latencies.iter().any(|&l| l != latencies[0]),
            "jitter varies"
        );

        let all = replay_blocking(Strategy::JoinAll, &o, &script).expect("no stall");
        assert_eq!(all.wall_ms, latencies.iter().copied().fold(0.0, f64::max));
        assert_eq!(all.counts.ok, 100);

        let seq = replay_blocking(Strategy::Sequential, &o, &script).expect("no stall");
        assert_eq!(seq.wall_ms, latencies.iter().sum::<f64>());

        let (starts, wall) = fifo_lanes(&latencies, o.k);
        for strategy in [
            Strategy::JoinAllLimited,
            Strategy::BufferUnordered,
            Strategy::WorkerPool,
        ] {
            let r = replay_blocking(strategy, &o, &script).expect("no stall");
            assert_eq!(r.wall_ms, wall, "{strategy:?}");
            let got: Vec<f64> = r.records.iter().filter_map(|x| x.started).collect();
            assert_eq!(got, starts, "{strategy:?}");
        }
    }

    #[test]
    fn replay_keeps_retries_and_backoff() {
        // Attempt 0 fails with 503, attempt 1 succeeds; each takes 10 ms.
        let script = |_: usize, attempt: u32| {
            let outcome = match attempt {
                0 => Outcome::HttpError { status: 503 },
                _ => Outcome::Ok {
                    status: 200,
                    bytes: 1,
                },
            };
            (10.0, outcome)
        };
        let mut o = opts(1, 1);
        o.retry = RetryPolicy {
            max_retries: 2,
            base_ms: 100.0,
            cap_ms: 100.0,
        };
        let r = replay_blocking(Strategy::Sequential, &o, script).expect("no stall");
        let backoff = o.retry.backoff_ms(o.seed, 1, 0);
        assert_eq!(r.wall_ms, 20.0 + backoff);
        assert_eq!(r.records[0].attempts.len(), 2);
    }

    /// How long replaying N=100,000, k=150, L=50 takes natively:
    /// `cargo test --release replay_of_100k -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn replay_of_100k_requests_timing() {
        let o = opts(100_000, 150);
        let ok = || Outcome::Ok {
            status: 200,
            bytes: 0,
        };
        for strategy in Strategy::ALL {
            let began = std::time::Instant::now();
            let mut stepper = replay(strategy, &o, |_, _| (50.0, ok()));
            // One poll per step, to find the longest stretch the page cannot split.
            let (mut longest, mut steps) = (std::time::Duration::ZERO, 0);
            let r = loop {
                let step = std::time::Instant::now();
                let done = stepper.step(|| false);
                longest = longest.max(step.elapsed());
                steps += 1;
                if let Some(done) = done {
                    break done.expect("no stall");
                }
            };
            let took = began.elapsed();
            println!(
                "{:>16}: {took:?} in {steps} polls, longest {longest:?}",
                strategy.id()
            );
            let lanes = strategy.concurrency(o.n, o.k);
            assert_eq!(r.wall_ms, 50.0 * o.n.div_ceil(lanes) as f64, "{strategy:?}");
            assert_eq!(r.counts.ok, o.n);
        }
    }
}
