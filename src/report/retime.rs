//! A run's times as a file or a link writes them. Exports round every time to
//! the microsecond (0.001 ms), finer than any browser clock here (5 µs at
//! best): a number with three decimals parses back to exactly the same `f64`
//! without serde_json's `float_roundtrip` tables (its mantissa fits 53 bits
//! and one division by 10³ is correctly rounded). The percentiles are
//! recomputed from the rounded times, as an import computes them, so a file
//! re-exported is byte for byte the same.
use super::RunResult;

/// `v` as a file writes it: the nearest `f64` to a whole number of µs.
pub fn micros(v: f64) -> f64 {
    if v.is_finite() && v.abs() < 1e12 {
        (v * 1000.0).round() / 1000.0
    } else {
        v
    }
}

/// A copy of `run` as written. `link`: a results link's copy, every time
/// counted from the run's start and rounded to `link`'s ms, without the
/// Resource Timing entries (five more times per attempt would halve what fits
/// in 8 KB).
pub fn written(run: &RunResult, link: Option<f64>) -> RunResult {
    let origin = link.map_or(0.0, |_| run.report.began_ms);
    let step = |t: f64| link.map_or(t, |res| (t / res).round() * res);
    let at = |t: f64| micros(step(t - origin));
    let ms = |t: f64| micros(step(t));
    let mut report = run.report.clone();
    report.began_ms = at(report.began_ms);
    report.wall_ms = ms(report.wall_ms);
    for rec in &mut report.records {
        rec.queued = rec.queued.map(at);
        rec.started = rec.started.map(at);
        rec.ended = rec.ended.map(at);
        for a in &mut rec.attempts {
            a.started = at(a.started);
            a.ended = at(a.ended);
            if link.is_some() {
                a.timing = None;
            }
            if let Some(t) = a.timing.as_deref_mut() {
                for v in [
                    &mut t.start,
                    &mut t.worker_start,
                    &mut t.request_start,
                    &mut t.response_start,
                    &mut t.response_end,
                ] {
                    *v = micros(*v);
                }
            }
        }
        // Poll times at a link's resolution too; the counts stay exact.
        if let Some(res) = link {
            let us = |t: u32| ((f64::from(t) / 1000.0 / res).round() * res * 1000.0) as u32;
            rec.polls.wait_us = us(rec.polls.wait_us);
            rec.polls.busy_us = us(rec.polls.busy_us);
        }
    }
    let mut copy = RunResult::new(run.id, run.query.clone(), run.settings.clone(), report);
    copy.batch = run.batch;
    copy.recorded_on = run.recorded_on.clone();
    copy.announced_streams = run.announced_streams;
    copy.handlers = run.handlers.as_ref().map(|spans| {
        spans
            .iter()
            .map(|span| span.map(|(s, e)| (at(s), at(e))))
            .collect()
    });
    copy.ideal = run.ideal.clone().map(|mut ideal| {
        ideal.ms = micros(ideal.ms);
        ideal.sequential_ms = micros(ideal.sequential_ms);
        ideal
    });
    copy
}

#[cfg(test)]
mod tests {
    use super::micros;

    #[test]
    fn times_in_micros_parse_back_exactly_without_float_roundtrip() {
        // A spread of magnitudes a run meets: sub-ms phases to day-long sessions.
        let mut x = 0.000_123_f64;
        while x < 1e10 {
            for v in [x, x * 1.618_033_988_7, x * 2.718_281_9, -x] {
                let r = micros(v);
                let text = serde_json::to_string(&r).unwrap_or_default();
                let back: f64 = serde_json::from_str(&text).unwrap_or(f64::NAN);
                assert_eq!(back.to_bits(), r.to_bits(), "{v} → {text}");
                assert_eq!(
                    micros(r).to_bits(),
                    r.to_bits(),
                    "rounding twice changes {v}"
                );
            }
            x *= 1.37;
        }
    }
}
