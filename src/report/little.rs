//! Little's law from a run's own records: L = λ·W. λ is the fetches finished
//! per second of wall time, W the mean time each spent in flight, L the mean
//! number in flight. Set beside the server's own time, it says who set the
//! pace: when W is far above the server's time, requests waited in the
//! browser, and k* = λ × server time is the most in flight that still helps.
use super::RunResult;
use crate::engine::{Outcome, Record};
use crate::stats::format_ms;

/// Where the server time came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerFrom {
    /// The simulated server's seeded draws for the attempts this run made.
    Draws,
    /// Measured by the browser (Resource Timing, requestStart → responseEnd).
    Measured,
}

/// The server's time per answer, and its source.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ServerTime {
    pub ms: f64,
    pub from: ServerFrom,
}

/// Little's law numbers of one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Little {
    /// Fetch attempts that ended (not cancelled).
    pub attempts: usize,
    /// More attempts than requests: some were retries.
    pub retried: bool,
    /// λ: attempts finished per second of wall time.
    pub per_s: f64,
    /// W: mean time an attempt was in flight, ms.
    pub mean_ms: f64,
    /// L measured: the time-weighted mean number of attempts in flight.
    pub mean_in_flight: f64,
    /// The server's time per answer, when known.
    pub server: Option<ServerTime>,
    /// A rate limit paced the starts, so the browser is not to blame.
    pub rate_limited: bool,
}

/// Requests must average at least this many in flight for the law to say anything.
pub const MIN_IN_FLIGHT: f64 = 2.0;
/// W above this multiple of the server's time: the rest was waiting on our side.
pub const WAITING_FACTOR: f64 = 1.5;

impl Little {
    /// From finished attempts; `None` for no attempts or no wall time.
    pub fn of(
        records: &[Record],
        wall_ms: f64,
        server: Option<ServerTime>,
        rate_limited: bool,
    ) -> Option<Little> {
        let spans: Vec<f64> = records
            .iter()
            .flat_map(|r| &r.attempts)
            .filter(|a| a.outcome != Outcome::Cancelled)
            .map(|a| (a.ended - a.started).max(0.0))
            .collect();
        let attempts = spans.len();
        if attempts == 0 || wall_ms <= 0.0 {
            return None;
        }
        let total: f64 = spans.iter().sum();
        Some(Little {
            attempts,
            retried: records.iter().any(|r| r.attempts.len() > 1),
            per_s: attempts as f64 * 1000.0 / wall_ms,
            mean_ms: total / attempts as f64,
            mean_in_flight: total / wall_ms,
            server,
            rate_limited,
        })
    }

    /// λ·W: equals `mean_in_flight` when every attempt lies inside the wall time.
    pub fn l_from_law(&self) -> f64 {
        self.per_s * self.mean_ms / 1000.0
    }

    /// k* = λ × server time: the most in flight this throughput can keep busy.
    pub fn k_star(&self) -> Option<f64> {
        let s = self.server?;
        (s.ms > 0.0).then(|| self.per_s * s.ms / 1000.0)
    }

    /// The attempts waited on our side: W well above the server's time, at no rate limit.
    pub fn browser_bound(&self) -> bool {
        match self.server {
            Some(s) if s.ms > 0.0 => {
                !self.rate_limited
                    && self.mean_in_flight >= MIN_IN_FLIGHT
                    && self.mean_ms > WAITING_FACTOR * s.ms
            }
            _ => false,
        }
    }

    /// The bottleneck in plain words, naming L = λ·W; `None` when too few were
    /// in flight, or the server's time is unknown.
    pub fn sentence(&self) -> Option<String> {
        let server = self.server.filter(|s| s.ms > 0.0)?;
        if self.mean_in_flight < MIN_IN_FLIGHT {
            return None;
        }
        let unit = if self.retried { "attempts" } else { "requests" };
        let (rate, l, w, s) = (
            self.per_s,
            self.mean_in_flight,
            format_ms(self.mean_ms),
            format_ms(server.ms),
        );
        let source = match server.from {
            ServerFrom::Draws => "its drawn delays",
            ServerFrom::Measured => "as the browser measured it",
        };
        if self.browser_bound() {
            let k = self.k_star().unwrap_or(0.0);
            Some(format!(
                "Little's law (L = λ·W): the browser completed {rate:.0} {unit}/s here; with {l:.0} in flight on average that is {w} each, though the server answered in {s} ({source}): beyond k ≈ {k:.0} (= {rate:.0}/s × {s}), a higher limit only adds waiting, in the browser, not at the server."
            ))
        } else if self.rate_limited && self.mean_ms <= WAITING_FACTOR * server.ms {
            Some(format!(
                "Little's law (L = λ·W): {rate:.0} {unit}/s × {w} each = {l:.1} in flight on average; the rate limit, not the server, set λ."
            ))
        } else {
            Some(format!(
                "Little's law (L = λ·W): {rate:.0} {unit}/s × {w} each = {l:.1} in flight on average; each took about the server's {s} ({source}), so the server's time, not the browser, set the pace."
            ))
        }
    }
}

impl RunResult {
    /// The server's time per answer: the mean drawn delay of the attempts this
    /// run made on the simulated server; for a real server, what the browser measured.
    pub fn server_time(&self) -> Option<ServerTime> {
        if !self.settings.is_sim() {
            // A real server: the median the browser measured (Resource Timing),
            // none when the server hid its phases.
            return self.measured_server_ms().map(|ms| ServerTime {
                ms,
                from: ServerFrom::Measured,
            });
        }
        let (sim, seed) = (self.settings.sim, self.settings.seed);
        let (mut sum, mut n) = (0.0, 0usize);
        for r in &self.report.records {
            for (attempt, a) in r.attempts.iter().enumerate() {
                if a.outcome != Outcome::Cancelled {
                    sum += f64::from(sim.draw(seed, r.index, attempt as u32).latency_ms);
                    n += 1;
                }
            }
        }
        (n > 0).then(|| ServerTime {
            ms: sum / n as f64,
            from: ServerFrom::Draws,
        })
    }

    /// Little's law numbers for a finished run; a cancelled run has none.
    pub fn little(&self) -> Option<Little> {
        if !self.completed() {
            return None;
        }
        Little::of(
            &self.report.records,
            self.report.wall_ms,
            self.server_time(),
            self.settings.rate_per_sec > 0.0,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Attempt;

    /// `n` requests, `k` at a time in waves, each in flight `w` ms.
    fn waves(n: usize, k: usize, w: f64) -> Vec<Record> {
        (0..n)
            .map(|i| {
                let start = (i / k) as f64 * w;
                let mut r = Record::new(i + 1, String::new());
                r.attempts.push(Attempt {
                    started: start,
                    ended: start + w,
                    outcome: Outcome::Ok {
                        status: 200,
                        bytes: 0,
                    },
                    timing: None,
                });
                r
            })
            .collect()
    }

    fn server(ms: f64) -> Option<ServerTime> {
        Some(ServerTime {
            ms,
            from: ServerFrom::Draws,
        })
    }

    #[test]
    fn the_issues_numbers_name_the_browser() {
        // 150 in flight, 288 ms each: 520/s, against a 50 ms server.
        let records = waves(1500, 150, 288.0);
        let wall = 10.0 * 288.0;
        let l = Little::of(&records, wall, server(50.0), false).expect("attempts");
        assert!((l.per_s - 520.8).abs() < 0.1, "{}", l.per_s);
        assert!((l.mean_ms - 288.0).abs() < 1e-9);
        assert!((l.mean_in_flight - 150.0).abs() < 1e-9);
        assert!((l.l_from_law() - l.mean_in_flight).abs() < 1e-9);
        assert!((l.k_star().expect("server") - 26.0).abs() < 0.1);
        assert!(l.browser_bound());
        let s = l.sentence().expect("applies");
        assert!(s.contains("L = λ·W"), "{s}");
        assert!(s.contains("521 requests/s"), "{s}");
        assert!(s.contains("150 in flight"), "{s}");
        assert!(s.contains("288 ms each"), "{s}");
        assert!(s.contains("server answered in 50 ms"), "{s}");
        assert!(s.contains("k ≈ 26"), "{s}");
    }

    #[test]
    fn a_server_bound_run_names_the_server() {
        let l = Little::of(&waves(100, 10, 55.0), 550.0, server(50.0), false).expect("attempts");
        assert!(!l.browser_bound());
        let s = l.sentence().expect("applies");
        assert!(s.contains("server's time, not the browser"), "{s}");
        assert!(s.contains("10.0 in flight"), "{s}");
    }

    #[test]
    fn too_few_in_flight_or_no_server_time_says_nothing() {
        let one = Little::of(&waves(10, 1, 300.0), 3000.0, server(50.0), false).expect("attempts");
        assert!((one.mean_in_flight - 1.0).abs() < 1e-9);
        assert_eq!(one.sentence(), None);
        let unknown = Little::of(&waves(100, 10, 300.0), 3000.0, None, false).expect("attempts");
        assert_eq!(unknown.sentence(), None);
        assert_eq!(unknown.k_star(), None);
        assert_eq!(Little::of(&[], 100.0, server(50.0), false), None);
        assert_eq!(
            Little::of(&waves(3, 3, 1.0), 0.0, server(50.0), false),
            None
        );
    }

    #[test]
    fn a_rate_limit_is_not_the_browsers_fault() {
        let l = Little::of(&waves(100, 10, 300.0), 3000.0, server(50.0), true).expect("attempts");
        assert!(!l.browser_bound());
        assert!(!l
            .sentence()
            .expect("applies")
            .contains("the browser completed"));
    }

    #[test]
    fn cancelled_attempts_are_not_counted_and_retries_say_attempts() {
        let mut records = waves(20, 10, 100.0);
        records[0].attempts.insert(
            0,
            Attempt {
                started: 0.0,
                ended: 100.0,
                outcome: Outcome::Timeout,
                timing: None,
            },
        );
        records[1].attempts[0].outcome = Outcome::Cancelled;
        let l = Little::of(&records, 200.0, server(20.0), false).expect("attempts");
        assert_eq!(l.attempts, 20);
        assert!(l.retried);
        assert!(l.sentence().expect("applies").contains("attempts/s"));
    }
}
