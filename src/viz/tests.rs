use super::*;

mod chart;

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

mod live {
    use super::super::live::*;
    use super::super::{in_flight_steps, Span};
    use crate::engine::OutcomeClass;

    #[test]
    fn the_live_scale_doubles_from_one_second() {
        assert_eq!(live_scale(0.0), 1000.0);
        assert_eq!(live_scale(1000.0), 1000.0);
        assert_eq!(live_scale(1000.5), 2000.0);
        assert_eq!(live_scale(5000.0), 8000.0);
    }

    #[test]
    fn compact_spans_keep_times_to_a_quarter_millisecond_after_an_hour() {
        let origin = 123_456_789.0;
        let mut spans = LiveSpans::new(3, origin);
        let span = Span {
            queued: Some(origin),
            started: Some(origin + 3_600_000.3),
            ended: Some(origin + 3_600_100.7),
            class: Some(OutcomeClass::Failed),
        };
        spans.set(1, &span);
        let back = spans.get(1).unwrap();
        assert!((back.started.unwrap() - span.started.unwrap()).abs() <= 0.25);
        assert!((back.ended.unwrap() - span.ended.unwrap()).abs() <= 0.25);
        assert_eq!(back.class, Some(OutcomeClass::Failed));
        assert_eq!(spans.get(0).unwrap().started, None);
        assert_eq!(spans.get(3), None);
        spans.set(9, &span); // out of range: ignored
        assert_eq!(spans.len(), 3);
    }

    #[test]
    fn live_steps_stay_bounded_and_keep_every_peak() {
        // 100,000 attempts of 5 ms, 1 ms apart: 5 in flight, with a burst of 40 once.
        let mut steps = LiveSteps::new(0.0, 600);
        let mut intervals = Vec::new();
        let mut edges: Vec<(f64, i8)> = Vec::new();
        for i in 0..100_000 {
            let start = i as f64;
            let end = start + if i == 50_000 { 40.0 } else { 5.0 };
            intervals.push((start, end));
            edges.push((start, 1));
            edges.push((end, -1));
        }
        for j in 0..40 {
            let t = 70_000.0 + 0.01 * j as f64;
            intervals.push((t, t + 1.0));
            edges.push((t, 1));
            edges.push((t + 1.0, -1));
        }
        edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (t, d) in edges {
            steps.step(t, d);
        }
        let trace = steps.trace(200_000.0);
        assert!(trace.len() <= 1201, "{} points", trace.len());
        let exact = in_flight_steps(intervals);
        let peak = exact.iter().map(|s| s.1).max().unwrap();
        assert_eq!(steps.peak(), peak);
        assert_eq!(trace.iter().map(|s| s.1).max(), Some(peak));
        assert!(trace.windows(2).all(|w| w[0].0 < w[1].0), "in time order");
        assert_eq!(trace.last(), Some(&(200_000.0, 0)));
    }

    #[test]
    fn live_bins_count_every_value_inside_its_bin() {
        let mut h = LiveHistogram::default();
        assert!(h.bins(30).is_empty());
        let values: Vec<f64> = (0..10_000).map(|i| 50.0 + (i % 97) as f64 * 0.3).collect();
        for v in &values {
            h.add(*v);
        }
        h.add(2_000.0); // one slow outlier widens the bins in place
        let bins = h.bins(30);
        assert!(bins.len() <= 30 && bins.len() >= 15, "{} bins", bins.len());
        assert_eq!(bins.iter().map(|b| b.count).sum::<usize>(), 10_001);
        assert!(bins[0].lo <= 50.0 && 50.0 < bins[0].hi);
        let last = bins.last().unwrap();
        assert!(last.lo <= 2_000.0 && 2_000.0 < last.hi);
        assert!(bins.windows(2).all(|w| w[0].hi == w[1].lo), "contiguous");
    }
}

#[test]
fn polls_are_ticks_spread_over_the_bar_as_many_as_fit() {
    use crate::viz::waterfall::poll_ticks;
    assert_eq!(poll_ticks(10.0, 30.0, 0), Vec::<f64>::new());
    assert_eq!(poll_ticks(10.0, 30.0, 1), vec![10.0]);
    // First at the start, last at the end.
    assert_eq!(poll_ticks(10.0, 30.0, 4), vec![10.0, 20.0, 30.0, 40.0]);
    // 30 px hold 11 ticks 3 px apart: 230 polls cannot all show.
    assert_eq!(poll_ticks(0.0, 30.0, 230).len(), 11);
}

#[test]
fn a_finished_picture_carries_each_rows_mean_polls_when_counted() {
    use crate::engine::replay::replay_blocking;
    use crate::engine::tests::{ok, opts};
    use crate::engine::Strategy;
    let report = replay_blocking(Strategy::JoinAll, &opts(20, 20), |i, _| {
        (10.0 * i as f64, ok())
    })
    .expect("replays");
    let picture = Picture::of_records(&report.records, 0.0);
    // join_all polls request i (of ≤ 30) 1 + i times.
    assert_eq!(picture.polls, (2..=21).collect::<Vec<u32>>());
    let mut uncounted = report.records.clone();
    uncounted
        .iter_mut()
        .for_each(|r| r.polls = Default::default());
    assert!(Picture::of_records(&uncounted, 0.0).polls.is_empty());
}
