//! What each typed number says when drawn: exact strings, the dash for none.
use super::super::*;
use crate::engine::Counts;

#[test]
fn a_speedup_reads_as_a_ratio_with_a_star_for_a_caveat() {
    let plain = Speedup::Ratio {
        x: 3.4,
        caveat: None,
    };
    let flagged = Speedup::Ratio {
        x: 3.4,
        caveat: Some("1 failed here".into()),
    };
    assert_eq!(plain.to_string(), "3.4×");
    assert_eq!(flagged.to_string(), "3.4× *");
    assert_eq!(plain.caveat(), None);
    assert_eq!(flagged.caveat(), Some("1 failed here"));
}

#[test]
fn a_cancelled_baseline_or_unknown_speedup_says_so() {
    let cancelled = Speedup::Cancelled { done: 12, n: 40 };
    assert_eq!(cancelled.to_string(), "cancelled after 12 of 40");
    assert_eq!(Speedup::Baseline.to_string(), "baseline");
    assert_eq!(Speedup::Unknown.to_string(), "–");
    assert_eq!(cancelled.caveat(), None);
}

#[test]
fn milliseconds_switch_to_seconds_and_none_is_a_dash() {
    assert_eq!(Ms(Some(480.0)).to_string(), "480 ms");
    assert_eq!(Ms(Some(2040.0)).to_string(), "2.04 s");
    assert_eq!(Ms(Some(12_500.0)).to_string(), "12.5 s");
    assert_eq!(Ms(None).to_string(), "–");
}

#[test]
fn a_rate_is_whole_and_none_is_a_dash() {
    assert_eq!(Rate(Some(7.5)).to_string(), "8");
    assert_eq!(Rate(Some(612.2)).to_string(), "612");
    assert_eq!(Rate(None).to_string(), "–");
}

#[test]
fn a_fraction_is_a_whole_percent_and_none_is_a_dash() {
    assert_eq!(Percent(Some(0.8)).to_string(), "80%");
    assert_eq!(Percent(Some(1.0)).to_string(), "100%");
    assert_eq!(Percent(None).to_string(), "–");
}

#[test]
fn efficiency_of_ideal_names_the_ideal_or_is_a_dash() {
    assert_eq!(
        OfIdeal(Some((0.8, 480.0))).to_string(),
        "80% of ideal 480 ms"
    );
    assert_eq!(OfIdeal(None).to_string(), "–");
}

#[test]
fn counts_read_ok_failed_cancelled() {
    let c = Counts {
        ok: 24,
        failed: 2,
        cancelled: 1,
    };
    assert_eq!(Tally(c).to_string(), "24 / 2 / 1");
}
