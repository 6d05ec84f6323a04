//! The built-in simulated server's draws. The app, not the service worker,
//! decides each request's latency and status, from a seed, so every strategy
//! in a comparison meets exactly the same server.
#![deny(missing_docs)]
use crate::engine::Outcome;
use crate::rng::unit;

/// Targets under this prefix are answered by the service worker (public/sw.js).
/// Relative on purpose: the browser resolves it against the page's base URL,
/// the worker's scope, so the site works at the root or under a sub-path.
pub const PATH_PREFIX: &str = "__sim/";

/// How share links spelled the simulated server before it moved under the base.
const LEGACY_PREFIX: &str = "/__sim/";

/// The target with a legacy `/__sim/…` read as the simulated server (`__sim/…`):
/// under a sub-path the old absolute path would miss the worker.
pub fn canonical_target(target: &str) -> String {
    match target.strip_prefix(LEGACY_PREFIX) {
        Some(rest) => format!("{PATH_PREFIX}{rest}"),
        None => target.to_string(),
    }
}

/// Whether a target, as typed, is the built-in simulated server.
pub fn is_sim_target(target: &str) -> bool {
    canonical_target(target.trim()).starts_with(PATH_PREFIX)
}

/// The simulated server's settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimParams {
    /// The typical answer time, in ms.
    pub delay_ms: u32,
    /// ± this much, uniformly; never more than `delay_ms`.
    pub jitter_ms: u32,
    /// Percent of answers that are HTTP 500.
    pub fail_pct: f64,
    /// Size of each answer's body.
    pub bytes: u32,
}

/// What the server will do for one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Draw {
    /// How long the server waits before answering, in ms.
    pub latency_ms: u32,
    /// The HTTP status it answers with: 200, or 500 for a drawn failure.
    pub status: u16,
    /// The size of the answer's body, in bytes.
    pub bytes: u32,
}

impl SimParams {
    /// The draw for attempt `attempt` of request `index`: a pure function of its inputs.
    pub fn draw(&self, seed: u64, index: usize, attempt: u32) -> Draw {
        let jitter = self.jitter_ms.min(self.delay_ms);
        let spread = f64::from(2 * jitter + 1);
        let offset = (unit(seed, index, attempt, 1) * spread).floor() as u32;
        let latency_ms = self.delay_ms - jitter + offset.min(2 * jitter);
        let fails = unit(seed, index, attempt, 2) * 100.0 < self.fail_pct;
        Draw {
            latency_ms,
            status: if fails { 500 } else { 200 },
            bytes: self.bytes,
        }
    }

    /// Every draw as a replay script: (index, attempt) -> (latency ms, outcome).
    pub fn script(self, seed: u64) -> impl Fn(usize, u32) -> (f64, Outcome) {
        move |index, attempt| {
            let draw = self.draw(seed, index, attempt);
            (f64::from(draw.latency_ms), draw.outcome())
        }
    }
}

impl Draw {
    /// The outcome the simulated server's answer becomes: 2xx is ok, the rest an HTTP error.
    pub fn outcome(&self) -> Outcome {
        if (200..300).contains(&self.status) {
            Outcome::Ok {
                status: self.status,
                bytes: u64::from(self.bytes),
            }
        } else {
            Outcome::HttpError {
                status: self.status,
            }
        }
    }
}

/// Appends the draw to a simulated-server URL as the worker's query parameters.
/// Validation refuses a simulated-server target with a `?` or `#` of its own
/// (`ConfigError::SimQueryOrFragment`), so the draw is the whole query.
pub fn url_with_draw(url: &str, draw: Draw) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!(
        "{url}{sep}delay={}&status={}&bytes={}",
        draw.latency_ms, draw.status, draw.bytes
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_same_draws_and_bounds_hold() {
        let p = SimParams {
            delay_ms: 100,
            jitter_ms: 30,
            fail_pct: 25.0,
            bytes: 0,
        };
        let a: Vec<Draw> = (1..=5000).map(|i| p.draw(9, i, 0)).collect();
        let b: Vec<Draw> = (1..=5000).map(|i| p.draw(9, i, 0)).collect();
        assert_eq!(a, b);
        assert_ne!(a, (1..=5000).map(|i| p.draw(10, i, 0)).collect::<Vec<_>>());
        assert!(a.iter().all(|d| (70..=130).contains(&d.latency_ms)));
        // Both ends of the jitter range occur.
        assert!(a.iter().any(|d| d.latency_ms == 70));
        assert!(a.iter().any(|d| d.latency_ms == 130));
        let fails = a.iter().filter(|d| d.status == 500).count();
        assert!((1000..1500).contains(&fails), "{fails} of 5000 at 25%");
    }

    #[test]
    fn no_jitter_no_failures_is_constant() {
        let p = SimParams {
            delay_ms: 100,
            jitter_ms: 0,
            fail_pct: 0.0,
            bytes: 64,
        };
        assert!((1..1000).all(|i| p.draw(1, i, 0)
            == Draw {
                latency_ms: 100,
                status: 200,
                bytes: 64,
            }));
        let always = SimParams {
            fail_pct: 100.0,
            ..p
        };
        assert!((1..1000).all(|i| always.draw(1, i, 3).status == 500));
    }

    #[test]
    fn draws_become_the_outcomes_a_fetch_would_see() {
        let ok = Draw {
            latency_ms: 5,
            status: 200,
            bytes: 64,
        };
        assert_eq!(
            ok.outcome(),
            Outcome::Ok {
                status: 200,
                bytes: 64
            }
        );
        let failed = Draw { status: 500, ..ok };
        assert_eq!(failed.outcome(), Outcome::HttpError { status: 500 });
        let p = SimParams {
            delay_ms: 100,
            jitter_ms: 30,
            fail_pct: 50.0,
            bytes: 3,
        };
        let script = p.script(4);
        for (i, attempt) in [(1, 0), (2, 1), (77, 2)] {
            let d = p.draw(4, i, attempt);
            assert_eq!(script(i, attempt), (f64::from(d.latency_ms), d.outcome()));
        }
    }

    #[test]
    fn retries_get_fresh_draws() {
        let p = SimParams {
            delay_ms: 10,
            jitter_ms: 0,
            fail_pct: 50.0,
            bytes: 0,
        };
        let differs = (1..200).any(|i| p.draw(1, i, 0).status != p.draw(1, i, 1).status);
        assert!(differs);
    }

    #[test]
    fn draw_goes_into_the_query() {
        let d = Draw {
            latency_ms: 12,
            status: 500,
            bytes: 8,
        };
        assert_eq!(
            url_with_draw("__sim/3", d),
            "__sim/3?delay=12&status=500&bytes=8"
        );
        assert_eq!(
            url_with_draw("__sim/3?x=1", d),
            "__sim/3?x=1&delay=12&status=500&bytes=8"
        );
    }

    #[test]
    fn old_absolute_sim_targets_read_as_the_relative_one() {
        assert_eq!(canonical_target("/__sim/{i}"), "__sim/{i}");
        assert_eq!(canonical_target("/__sim/x/{i}?a=1"), "__sim/x/{i}?a=1");
        assert_eq!(canonical_target("__sim/{i}"), "__sim/{i}");
        // Only the prefix is rewritten: other paths and URLs stay as typed.
        assert_eq!(canonical_target("/api/__sim/{i}"), "/api/__sim/{i}");
        assert_eq!(
            canonical_target("https://h/__sim/{i}"),
            "https://h/__sim/{i}"
        );
        assert!(is_sim_target(" /__sim/{i} "));
        assert!(is_sim_target("__sim/{i}"));
        assert!(!is_sim_target("/__simulated/{i}"));
        assert!(!is_sim_target("https://h/__sim/{i}"));
    }
}
