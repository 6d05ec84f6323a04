//! A worker run's Resource Timing: the worker's own entries, moved onto the
//! page's clock (`protocol::Resource::on_page_clock`), paired with the run's
//! attempts by the same `Matcher` a Rust run uses.
use crate::engine::timing::{Attempted, Entry, Matcher};
use crate::engine::{Outcome, RunReport};

/// Pairs `entries` with the attempts of `report`, whose request `i` (1-based)
/// fetched `fetched[i - 1]`; returns how many attempts stayed ambiguous.
pub fn attach(report: &mut RunReport, entries: Vec<Entry>, fetched: &[String]) -> usize {
    let mut matcher = Matcher::default();
    for e in entries {
        matcher.add(e);
    }
    // One attempt per request in a worker run: the slot is the record's position.
    for (slot, record) in report.records.iter().enumerate() {
        let (Some(attempt), Some(url)) = (
            record.attempts.first(),
            record.index.checked_sub(1).and_then(|i| fetched.get(i)),
        ) else {
            continue;
        };
        matcher.attempt(Attempted {
            slot,
            url: url.clone(),
            started: attempt.started,
            ended: attempt.ended,
            aborted: matches!(attempt.outcome, Outcome::Timeout | Outcome::Cancelled),
        });
    }
    while let Some(pairs) = matcher.next_url() {
        for (slot, timing) in pairs {
            if let Some(attempt) = report
                .records
                .get_mut(slot)
                .and_then(|r| r.attempts.first_mut())
            {
                attempt.timing = Some(Box::new(timing));
            }
        }
    }
    matcher.ambiguous()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Strategy;
    use crate::lang::protocol::FromWorker;
    use crate::lang::protocol::Resource;
    use crate::lang::records::Recorder;

    #[test]
    fn the_workers_entries_land_on_their_attempts_on_the_page_clock() {
        // The page's clock began 1,000 ms before the worker's.
        let (page_origin, worker_origin) = (1_000_000.0, 1_001_000.0);
        let fetched: Vec<String> = (1..=2)
            .map(|i| format!("http://127.0.0.1:8080/__sim/{i}?delay=100"))
            .collect();
        let shown = (1..=2).map(|i| format!("__sim/{i}")).collect();
        let mut r = Recorder::new(1, Strategy::JoinAll, 2, shown, 1_500.0, page_origin);
        for i in 0..2 {
            let at = |ms: f64| page_origin + ms;
            let start = FromWorker::Start {
                run: 1,
                i,
                at: at(1_510.0),
            };
            let end = FromWorker::End {
                run: 1,
                i,
                at: at(1_620.0),
                outcome: Outcome::Ok {
                    status: 200,
                    bytes: 1,
                },
            };
            r.take(&start, &|_| {}).unwrap();
            r.take(&end, &|_| {}).unwrap();
        }
        let mut report = r.finish(1_630.0, false);
        // On the worker's clock the fetches started at 510 ms and the service worker took them at 512.
        let entries = fetched
            .iter()
            .map(|name| {
                Resource {
                    name: name.clone(),
                    start_time: 510.2,
                    worker_start: 512.0,
                    response_end: 619.0,
                    ..Resource::default()
                }
                .on_page_clock(worker_origin - page_origin)
            })
            .collect();
        assert_eq!(attach(&mut report, entries, &fetched), 0);
        for rec in &report.records {
            let t = rec.attempts[0].timing.as_deref().expect("matched");
            assert!((t.start - 1_510.2).abs() < 1e-9);
            assert!((t.worker_start - 1_512.0).abs() < 1e-9);
            assert!(t.by_worker());
        }
    }
}
