//! "Rust's view" of finished runs: their poll counts summed, and one sentence
//! that says what the counts show. Pure: the panel only places these.
#![deny(missing_docs)]
use crate::engine::{Polls, RunReport, Strategy};

/// futures-util's `join_all` keeps at most this many children in a slice and
/// polls them all on each wake; above it, a `FuturesOrdered`.
pub const JOIN_ALL_SMALL: usize = 30;

/// One run's counts, summed over its requests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PollTotals {
    /// The run's strategy.
    pub strategy: Strategy,
    /// N, its requests.
    pub n: usize,
    /// The requests' counts summed.
    pub requests: Polls,
    /// The strategy's own future.
    pub top: Polls,
}

impl PollTotals {
    /// `report`'s totals; `None` if its polls were not counted.
    pub fn of(report: &RunReport) -> Option<PollTotals> {
        let top = report.polls?.top;
        let requests = report
            .records
            .iter()
            .fold(Polls::default(), |sum, r| sum.plus(r.polls));
        Some(PollTotals {
            strategy: report.strategy,
            n: report.n,
            requests,
            top,
        })
    }

    /// Polls per request, the mean.
    pub fn per_request(&self) -> f64 {
        f64::from(self.requests.polls) / self.n.max(1) as f64
    }

    /// Time inside the requests' polls, in ms.
    pub fn busy_ms(&self) -> f64 {
        f64::from(self.requests.busy_us) / 1000.0
    }

    /// From wakes to the polls after them, summed over the requests, in ms.
    pub fn wait_ms(&self) -> f64 {
        f64::from(self.requests.wait_us) / 1000.0
    }

    /// Why this strategy polls as much as it does, in words.
    fn why(&self) -> &'static str {
        let wasted = self.requests.wasted > 0;
        match self.strategy {
            Strategy::JoinAll | Strategy::JoinAllLimited if self.n <= JOIN_ALL_SMALL && wasted => {
                "each wake re-polls every unfinished child"
            }
            Strategy::JoinAll | Strategy::JoinAllLimited if self.n > JOIN_ALL_SMALL => {
                "past 30 children join_all keeps them in a FuturesOrdered, which polls only the child that woke"
            }
            Strategy::BufferUnordered => "it polls only the child that woke",
            Strategy::WorkerPool if wasted => {
                "each wake re-polls every worker, and each worker its request"
            }
            Strategy::Sequential => "one at a time, each polled when it wakes",
            _ if wasted => "some polls found nothing new",
            _ => "each child was polled only when it had woken",
        }
    }

    /// "join_all polled its 20 children 230 times for 20 requests (190 polls
    /// found nothing new): each wake re-polls every unfinished child."
    pub fn sentence(&self) -> String {
        let r = &self.requests;
        let wasted = match r.wasted {
            0 => String::new(),
            w => format!(" ({} found nothing new)", thousands(w)),
        };
        format!(
            "{} polled its {} children {} times for {} requests{wasted}: {}.",
            self.strategy.id(),
            thousands(self.n as u32),
            thousands(r.polls),
            thousands(self.n as u32),
            self.why()
        )
    }
}

/// The panel's sentence for the shown runs: the first run's, then how many
/// polls each other one needed.
pub fn sentence(runs: &[PollTotals]) -> Option<String> {
    let (first, rest) = runs.split_first()?;
    let mut text = first.sentence();
    for other in rest {
        let same_n = other.n == first.n;
        text += &format!(
            " {}{} needed {}.",
            other.strategy.id(),
            if same_n {
                String::new()
            } else {
                format!(" (N = {})", thousands(other.n as u32))
            },
            thousands(other.requests.polls)
        );
    }
    Some(text)
}

/// 12,345.
fn thousands(n: u32) -> String {
    crate::config::thousands(n as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::replay::replay_blocking;
    use crate::engine::tests::{ok, opts};

    fn totals(strategy: Strategy, n: usize, k: usize) -> PollTotals {
        let report = replay_blocking(strategy, &opts(n, k), |i, _| (10.0 * i as f64, ok()))
            .expect("replays");
        PollTotals::of(&report).expect("counted")
    }

    #[test]
    fn the_sentence_is_computed_from_the_counts() {
        let join = totals(Strategy::JoinAll, 20, 20);
        let buffered = totals(Strategy::BufferUnordered, 20, 20);
        // n + n(n+1)/2 and 2n (see engine/tests/polls.rs for why).
        assert_eq!((join.requests.polls, buffered.requests.polls), (230, 40));
        assert_eq!(
            sentence(&[join, buffered]).expect("two runs"),
            "join_all polled its 20 children 230 times for 20 requests (190 found nothing new): each wake re-polls every unfinished child. buffer_unordered needed 40."
        );
        let big = totals(Strategy::JoinAll, 200, 200);
        assert_eq!(
            big.sentence(),
            "join_all polled its 200 children 400 times for 200 requests: past 30 children join_all keeps them in a FuturesOrdered, which polls only the child that woke."
        );
        assert_eq!(big.per_request(), 2.0);
        assert_eq!(sentence(&[]), None);
    }

    #[test]
    fn a_run_without_counts_has_no_totals() {
        let mut report =
            replay_blocking(Strategy::JoinAll, &opts(3, 3), |_, _| (1.0, ok())).expect("replays");
        report.polls = None;
        assert_eq!(PollTotals::of(&report), None);
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
