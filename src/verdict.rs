//! The plain-sentence verdict under the charts. Pure: built from numbers only.
use crate::engine::Counts;
use crate::stats::format_ms;

/// What the sentence is made of: numbers computed in `stats` and `report`, never here.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    /// "join_all_limited (k=10)".
    pub title: String,
    pub n: usize,
    pub wall_ms: f64,
    pub counts: Counts,
    pub cancelled_by_user: bool,
    /// The sequential run's wall time with the same settings, and this run's speedup over it.
    pub speedup: Option<(f64, f64)>,
    /// The speedup the replayed ideal allows: sequential's ideal ÷ this one's.
    pub ideal_speedup: Option<f64>,
    /// This run's ideal wall time, and ideal ÷ measured.
    pub efficiency: Option<(f64, f64)>,
    /// Set when more than 6 requests went to one real HTTP/1.1 host.
    pub browser_cap: Option<usize>,
    /// Why the speedup needs care: failures in this run or its baseline.
    pub speedup_caveat: Option<String>,
    /// How much the A B B A order moved each side, when Compare ran that way.
    pub order: Option<String>,
    /// What the ideal was replayed with: "these draws", or a measured run.
    pub ideal_basis: Option<String>,
    /// Why there is no ideal, for a real server.
    pub no_ideal: Option<&'static str>,
    /// Little's law: who set the pace, from the run's own numbers.
    pub bottleneck: Option<String>,
}

/// For example: "join_all_limited (k=10) finished 100 requests in 2.10 s, 9.5×
/// faster than sequential (20.0 s); the ideal for these draws is 10.0×, so
/// overhead (browser and page) cost 5%."
pub fn sentence(f: &Facts) -> String {
    let mut out = if f.cancelled_by_user {
        format!(
            "{} was cancelled after {}: {} of {} requests had finished, {} were cancelled.",
            f.title,
            format_ms(f.wall_ms),
            f.counts.ok + f.counts.failed,
            f.n,
            f.counts.cancelled
        )
    } else {
        format!(
            "{} finished {} requests in {}",
            f.title,
            f.n,
            format_ms(f.wall_ms)
        )
    };
    let basis = f.ideal_basis.as_deref().unwrap_or("these settings");
    if !f.cancelled_by_user {
        match (f.speedup, f.ideal_speedup, f.efficiency) {
            (Some((base, x)), Some(ideal_x), _) => {
                out += &format!(
                    ", {x:.1}× faster than sequential ({}); the ideal for {basis} is {ideal_x:.1}×",
                    format_ms(base)
                );
                let cost = 1.0 - x / ideal_x;
                out += &if cost > 0.005 {
                    format!(
                        ", so overhead (browser and page) cost {:.0}%.",
                        cost * 100.0
                    )
                } else {
                    ", and it reached it: the sequential run paid the per-request overhead N times."
                        .into()
                };
            }
            (Some((base, x)), None, _) => {
                out += &format!(", {x:.1}× faster than sequential ({}).", format_ms(base));
            }
            (None, _, Some((ideal, efficiency))) => {
                out += &format!(
                    "; replayed with zero overhead, the ideal for {basis} is {}, so it ran at {:.0}% efficiency. Press Compare to measure the speedup.",
                    format_ms(ideal),
                    100.0 * efficiency
                );
            }
            _ => out += ".",
        }
    }
    if let Some(why) = f.no_ideal {
        out += &format!(" {}{}.", why[..1].to_uppercase(), &why[1..]);
    }
    if let Some(law) = &f.bottleneck {
        out += &format!(" {law}");
    }
    if let Some(order) = &f.order {
        out += &format!(" {order}");
    }
    if let Some(caveat) = &f.speedup_caveat {
        out += &format!(" Note: {caveat}.");
    }
    if f.counts.failed > 0 {
        out += &format!(
            " {} of {} requests failed (HTTP error, network error or timeout).",
            f.counts.failed, f.n
        );
    }
    if let Some(cap) = f.browser_cap {
        out += &if cap == 6 {
            format!(
                " Chromium opens at most {cap} HTTP/1.1 connections per host, so requests beyond {cap} wait inside the browser: a limit above {cap} buys nothing against one host."
            )
        } else {
            format!(
                " Chromium opens at most 6 HTTP/1.1 connections per host, {cap} per host name over these shards, so requests beyond {cap} wait inside the browser."
            )
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            title: "join_all_limited (k=10)".into(),
            n: 100,
            wall_ms: 2100.0,
            counts: Counts {
                ok: 100,
                failed: 0,
                cancelled: 0,
            },
            cancelled_by_user: false,
            speedup: Some((19_950.0, 19_950.0 / 2100.0)),
            ideal_speedup: Some(10.0),
            efficiency: Some((1000.0, 1000.0 / 2100.0)),
            browser_cap: None,
            speedup_caveat: None,
            order: None,
            ideal_basis: Some("these draws".into()),
            no_ideal: None,
            bottleneck: None,
        }
    }

    #[test]
    fn names_speedup_ideal_and_overhead() {
        assert_eq!(
            sentence(&facts()),
            "join_all_limited (k=10) finished 100 requests in 2.10 s, 9.5× faster than sequential (19.9 s); \
             the ideal for these draws is 10.0×, so overhead (browser and page) cost 5%."
        );
    }

    #[test]
    fn without_a_baseline_it_gives_efficiency() {
        let f = Facts {
            speedup: None,
            ..facts()
        };
        let s = sentence(&f);
        assert!(s.contains("48% efficiency"), "{s}");
        assert!(s.contains("Press Compare"), "{s}");
    }

    #[test]
    fn failures_cancel_and_browser_cap_are_explained() {
        let f = Facts {
            counts: Counts {
                ok: 40,
                failed: 10,
                cancelled: 50,
            },
            cancelled_by_user: true,
            browser_cap: Some(6),
            ..facts()
        };
        let s = sentence(&f);
        assert!(
            s.starts_with("join_all_limited (k=10) was cancelled after 2.10 s: 50 of 100"),
            "{s}"
        );
        assert!(s.contains("10 of 100 requests failed"), "{s}");
        assert!(s.contains("at most 6 HTTP/1.1 connections per host"), "{s}");
    }

    #[test]
    fn the_bottleneck_follows_the_speedup() {
        let f = Facts {
            bottleneck: Some("Little's law (L = λ·W): x.".into()),
            ..facts()
        };
        assert!(sentence(&f).contains("cost 5%. Little's law (L = λ·W): x."));
    }

    #[test]
    fn a_real_target_has_no_ideal() {
        let f = Facts {
            ideal_speedup: None,
            efficiency: None,
            ..facts()
        };
        assert!(sentence(&f).ends_with("9.5× faster than sequential (19.9 s)."));
    }
}
