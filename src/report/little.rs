//! Little's law from a run's own records: L = λ·W. λ is the fetches finished
//! per second of wall time, W the mean time each spent in flight, L the mean
//! number in flight. Set beside the server's own time, it says who set the
//! pace: when W is far above the server's time, requests waited in the
//! browser, and k* = λ × server time is the most in flight that still helps.
#![deny(missing_docs)]
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
    /// The server's time per answer, in ms.
    pub ms: f64,
    /// Where that time comes from.
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
    /// The rate limit R, starts per second, when one was set.
    pub rate_limit: Option<f64>,
    /// Attempt starts per second, first start to last.
    pub start_rate: Option<f64>,
    /// Measured over HTTP/2: a queue in the browser is for a free stream, not one of 6 connections.
    pub http2: bool,
}

/// Requests must average at least this many in flight for the law to say anything.
pub const MIN_IN_FLIGHT: f64 = 2.0;
/// W above this multiple of the server's time: the rest was waiting on our side.
pub const WAITING_FACTOR: f64 = 1.5;
/// Starts within this fraction of the rate limit: the limit, not the run, paced them.
pub const RATE_TOLERANCE: f64 = 0.05;

impl Little {
    /// From finished attempts; `None` for no attempts or no wall time.
    pub fn of(
        records: &[Record],
        wall_ms: f64,
        server: Option<ServerTime>,
        rate_per_s: f64,
    ) -> Option<Little> {
        let mut starts: Vec<f64> = records
            .iter()
            .flat_map(|r| &r.attempts)
            .map(|a| a.started)
            .collect();
        crate::sort::f64s(&mut starts);
        let start_rate = match (starts.first(), starts.last()) {
            (Some(first), Some(last)) if last > first => {
                Some((starts.len() - 1) as f64 * 1000.0 / (last - first))
            }
            _ => None,
        };
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
            rate_limit: (rate_per_s > 0.0).then_some(rate_per_s),
            start_rate,
            http2: false,
        })
    }

    /// The rate limit bound: starts came within a few per cent of R.
    pub fn rate_bound(&self) -> bool {
        match (self.rate_limit, self.start_rate) {
            (Some(r), Some(got)) => got >= r * (1.0 - RATE_TOLERANCE),
            _ => false,
        }
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

    /// The attempts waited on our side: W well above the server's time.
    pub fn browser_bound(&self) -> bool {
        match self.server {
            Some(s) if s.ms > 0.0 => {
                self.mean_in_flight >= MIN_IN_FLIGHT && self.mean_ms > WAITING_FACTOR * s.ms
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
        let paced = match (self.rate_limit, self.start_rate) {
            (Some(r), Some(got)) if self.rate_bound() => {
                format!("the rate limit set λ: attempts started at {got:.1}/s against its {r:.0}/s")
            }
            _ => String::new(),
        };
        let (queue, no_cap) = if self.http2 {
            (
                ", for a free HTTP/2 stream (the server's stream limit), not for one of 6 connections",
                " (over HTTP/2, with no 6-per-host cap)",
            )
        } else {
            ("", "")
        };
        Some(match (self.browser_bound(), self.rate_bound()) {
            (true, false) => {
                let k = self.k_star().unwrap_or(0.0);
                format!(
                    "Little's law (L = λ·W): the browser completed {rate:.0} {unit}/s here; with {l:.0} in flight on average that is {w} each, though the server answered in {s} ({source}): beyond k ≈ {k:.0} (= {rate:.0}/s × {s}), a higher limit only adds waiting, in the browser{queue}, not at the server."
                )
            }
            (true, true) => format!(
                "Little's law (L = λ·W): {rate:.0} {unit}/s × {w} each = {l:.1} in flight on average; {paced}, yet each took {w} though the server answered in {s} ({source}): the rest was waiting on our side, not at the server."
            ),
            (false, true) => format!(
                "Little's law (L = λ·W): {rate:.0} {unit}/s × {w} each = {l:.1} in flight on average; {paced}, and each took about the server's {s} ({source})."
            ),
            (false, false) => format!(
                "Little's law (L = λ·W): {rate:.0} {unit}/s × {w} each = {l:.1} in flight on average; each took about the server's {s} ({source}), so the server's time and the {l:.0} in flight set the pace, not the browser{no_cap}."
            ),
        })
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
        let law = Little::of(
            &self.report.records,
            self.report.wall_ms,
            self.server_time(),
            self.settings.rate_per_sec,
        )?;
        Some(Little {
            http2: self.protocol().is_some_and(super::connections::is_http2),
            ..law
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Attempt;

    /// Request `i` (0-based), ok after one attempt in flight from `start` for `w` ms.
    fn ok_record(i: usize, start: f64, w: f64) -> Record {
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
    }

    /// `n` requests, `k` at a time in waves, each in flight `w` ms.
    fn waves(n: usize, k: usize, w: f64) -> Vec<Record> {
        (0..n)
            .map(|i| ok_record(i, (i / k) as f64 * w, w))
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
        let l = Little::of(&records, wall, server(50.0), 0.0).expect("attempts");
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
        let l = Little::of(&waves(100, 10, 55.0), 550.0, server(50.0), 0.0).expect("attempts");
        assert!(!l.browser_bound());
        let s = l.sentence().expect("applies");
        assert!(s.contains("set the pace, not the browser"), "{s}");
        assert!(s.contains("10.0 in flight"), "{s}");
    }

    #[test]
    fn too_few_in_flight_or_no_server_time_says_nothing() {
        let one = Little::of(&waves(10, 1, 300.0), 3000.0, server(50.0), 0.0).expect("attempts");
        assert!((one.mean_in_flight - 1.0).abs() < 1e-9);
        assert_eq!(one.sentence(), None);
        let unknown = Little::of(&waves(100, 10, 300.0), 3000.0, None, 0.0).expect("attempts");
        assert_eq!(unknown.sentence(), None);
        assert_eq!(unknown.k_star(), None);
        assert_eq!(Little::of(&[], 100.0, server(50.0), 0.0), None);
        assert_eq!(Little::of(&waves(3, 3, 1.0), 0.0, server(50.0), 0.0), None);
    }

    /// `n` requests started `gap` ms apart, each in flight `w` ms.
    fn paced(n: usize, gap: f64, w: f64) -> (Vec<Record>, f64) {
        let records = (0..n).map(|i| ok_record(i, i as f64 * gap, w)).collect();
        (records, (n - 1) as f64 * gap + w)
    }

    #[test]
    fn a_rate_limit_that_never_bound_is_not_blamed() {
        // Waves of 10 every 55 ms: starts at about 180/s, under a 1,000/s limit.
        let l = Little::of(&waves(100, 10, 55.0), 550.0, server(50.0), 1000.0).expect("attempts");
        assert!(!l.rate_bound(), "{:?}", l.start_rate);
        let s = l.sentence().expect("applies");
        assert!(!s.contains("rate limit"), "{s}");
        assert!(
            s.contains("the server's time and the 10 in flight set the pace"),
            "{s}"
        );
    }

    #[test]
    fn a_binding_rate_limit_sets_lambda() {
        // 10 starts/s at a 10/s limit, each 300 ms, the server's 300 ms: 3 in flight.
        let (records, wall) = paced(100, 100.0, 300.0);
        let l = Little::of(&records, wall, server(300.0), 10.0).expect("attempts");
        assert!(l.rate_bound() && !l.browser_bound());
        let s = l.sentence().expect("applies");
        assert!(
            s.contains("the rate limit set λ: attempts started at 10.0/s against its 10/s"),
            "{s}"
        );
        assert!(s.contains("each took about the server's 300 ms"), "{s}");
    }

    #[test]
    fn a_bound_rate_with_waiting_never_says_each_took_about_the_servers_time() {
        // 10/s at a 10/s limit, 300 ms each, but the server answered in 50 ms.
        let (records, wall) = paced(100, 100.0, 300.0);
        let l = Little::of(&records, wall, server(50.0), 10.0).expect("attempts");
        assert!(l.rate_bound() && l.browser_bound());
        let s = l.sentence().expect("applies");
        assert!(
            !s.contains("about the server's"),
            "contradicts its 300 ms: {s}"
        );
        assert!(s.contains("the rate limit set λ"), "{s}");
        assert!(
            s.contains("each took 300 ms though the server answered in 50 ms"),
            "{s}"
        );
        assert!(s.contains("waiting on our side"), "{s}");
    }

    #[test]
    fn a_rate_limit_far_above_the_starts_leaves_the_browser_to_blame() {
        // The issue's browser-bound numbers under a 10,000/s limit that never bound.
        let l =
            Little::of(&waves(1500, 150, 288.0), 2880.0, server(50.0), 10_000.0).expect("attempts");
        assert!(!l.rate_bound());
        let s = l.sentence().expect("applies");
        assert!(s.contains("the browser completed 521 requests/s"), "{s}");
        assert!(!s.contains("rate limit"), "{s}");
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
        let l = Little::of(&records, 200.0, server(20.0), 0.0).expect("attempts");
        assert_eq!(l.attempts, 20);
        assert!(l.retried);
        assert!(l.sentence().expect("applies").contains("attempts/s"));
    }
}
