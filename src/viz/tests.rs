use super::*;

fn span(queued: f64, started: f64, ended: f64, class: OutcomeClass) -> Span {
    Span {
        queued: Some(queued),
        started: Some(started),
        ended: Some(ended),
        class: Some(class),
    }
}

#[test]
fn one_row_per_request_when_they_fit() {
    let spans: Vec<Span> = (0..10)
        .map(|i| {
            span(
                0.0,
                i as f64 * 10.0,
                i as f64 * 10.0 + 5.0,
                OutcomeClass::Ok,
            )
        })
        .collect();
    let rows = waterfall_rows(&spans, 400);
    assert_eq!(rows.len(), 10);
    assert_eq!((rows[3].first, rows[3].last), (4, 4));
    assert_eq!((rows[3].started, rows[3].ended), (Some(30.0), Some(35.0)));
}

#[test]
fn rows_aggregate_per_pixel_when_n_exceeds_the_height() {
    let spans: Vec<Span> = (0..100_000)
        .map(|i| {
            let class = if i % 10 == 0 {
                OutcomeClass::Failed
            } else {
                OutcomeClass::Ok
            };
            span(0.0, i as f64, i as f64 + 100.0, class)
        })
        .collect();
    let rows = waterfall_rows(&spans, 400);
    assert_eq!(rows.len(), 400);
    assert_eq!((rows[0].first, rows[0].last), (1, 250));
    assert_eq!((rows[399].first, rows[399].last), (99_751, 100_000));
    // Earliest start to latest end of the 250 merged requests.
    assert_eq!((rows[1].started, rows[1].ended), (Some(250.0), Some(599.0)));
    assert_eq!(rows[1].counts.total(), 250);
    assert_eq!(rows[1].counts.failed, 25);
    assert_eq!(
        rows[1].class(),
        Some(OutcomeClass::Ok),
        "the majority colours the row"
    );
    assert_eq!(
        rows.iter().map(|r| r.counts.total()).sum::<usize>(),
        100_000
    );
    // An uneven split still covers every request once.
    let rows = waterfall_rows(&spans[..1001], 400);
    assert_eq!(rows.last().map(|r| r.last), Some(1001));
    assert_eq!(
        rows.iter().map(|r| r.last - r.first + 1).sum::<usize>(),
        1001
    );
}

#[test]
fn pending_requests_have_no_class_and_unstarted_ones_no_start() {
    let mut spans = vec![Span::default(); 3];
    spans[1].queued = Some(5.0);
    let rows = waterfall_rows(&spans, 10);
    assert_eq!(rows[0].class(), None);
    assert_eq!(rows[1].queued, Some(5.0));
    assert_eq!(rows[1].started, None);
}

#[test]
fn in_flight_counts_overlaps_with_ends_first_at_ties() {
    // Three lanes of 100 ms, back to back: never more than 3.
    let intervals = (0..9).map(|i| ((i / 3) as f64 * 100.0, (i / 3 + 1) as f64 * 100.0));
    let steps = in_flight_steps(intervals);
    assert_eq!(steps, vec![(0.0, 3), (100.0, 3), (200.0, 3), (300.0, 0)]);
    assert_eq!(
        in_flight_steps([(0.0, 10.0), (5.0, 20.0)]),
        vec![(0.0, 1), (5.0, 2), (10.0, 1), (20.0, 0)]
    );
    assert!(in_flight_steps([]).is_empty());
}

#[test]
fn downsampling_keeps_the_peaks_and_the_end() {
    let steps: Vec<(f64, usize)> = (0..10_000)
        .map(|i| (i as f64, if i == 5_001 { 99 } else { i % 7 }))
        .collect();
    let small = downsample(&steps, 200);
    assert!(small.len() <= 202, "{}", small.len());
    assert_eq!(small.iter().map(|s| s.1).max(), Some(99));
    assert_eq!(small.last(), steps.last());
    assert_eq!(downsample(&steps[..5], 200), steps[..5].to_vec());
}

#[test]
fn histogram_bins_cover_every_value() {
    let values: Vec<f64> = (0..1000).map(|i| 100.0 + (i % 50) as f64).collect();
    let bins = histogram(&values, 10);
    assert_eq!(bins.len(), 10);
    assert_eq!(bins.iter().map(|b| b.count).sum::<usize>(), 1000);
    assert_eq!(bins[0].lo, 100.0);
    assert!((bins[9].hi - 149.0).abs() < 1e-9);
    assert!(bins.iter().all(|b| b.count == 100));
    assert!(histogram(&[], 10).is_empty());
    assert_eq!(
        histogram(&[5.0, 5.0], 4)
            .iter()
            .map(|b| b.count)
            .sum::<usize>(),
        2
    );
}
