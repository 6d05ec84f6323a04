//! The charts' geometry, with coordinates worked out by hand from each
//! chart's frame (the 760-wide viewBox and its margins).
use super::super::scale::{Scale, Tick, CHART_WIDTH};
use super::super::Bin;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

mod scale {
    use super::*;

    #[test]
    fn a_scale_maps_its_domain_onto_its_pixels() {
        let s = Scale::new((0.0, 100.0), (10.0, 110.0));
        assert_eq!((s.at(0.0), s.at(25.0), s.at(100.0)), (10.0, 35.0, 110.0));
        // An SVG y axis: the domain's top is the fewest pixels down.
        let up = Scale::new((0.0, 10.0), (150.0, 50.0));
        assert_eq!((up.at(0.0), up.at(2.5), up.at(10.0)), (150.0, 125.0, 50.0));
        assert_eq!(up.extent(2.5), 25.0, "a length is unsigned");
        assert_eq!(up.domain(), (0.0, 10.0));
    }

    #[test]
    fn an_empty_domain_widened_to_a_minimum_does_not_divide_by_zero() {
        let s = Scale::new((5.0, 5.0), (0.0, 100.0)).at_least(1.0);
        assert_eq!(s.at(5.0), 0.0);
        assert_eq!(s.at(5.5), 50.0);
        // A domain already wider keeps its span.
        assert_eq!(
            Scale::new((0.0, 4.0), (0.0, 8.0)).at_least(1.0).at(1.0),
            2.0
        );
    }

    #[test]
    fn ticks_split_the_domain_evenly_with_their_pixels() {
        let s = Scale::new((0.0, 1000.0), (0.0, 400.0));
        let ticks: Vec<(f64, f64)> = s.ticks(4).iter().map(|t| (t.value, t.px)).collect();
        assert_eq!(
            ticks,
            [
                (0.0, 0.0),
                (250.0, 100.0),
                (500.0, 200.0),
                (750.0, 300.0),
                (1000.0, 400.0)
            ]
        );
        assert_eq!(s.ticks(0).len(), 2, "at least both ends");
    }
}

mod compare {
    use super::super::super::compare::{bars, Bar, Placed, LABEL, ROW};

    /// Run `item`'s bar in the row from `top`; its time's text starts 6 units
    /// after the bar's true end (`drawn` units from the labels).
    fn bar(item: u32, wall_ms: f64, top: f64, width: f64, drawn: f64) -> Placed<u32> {
        Placed::Bar(Bar {
            item,
            wall_ms,
            text_y: top + 15.0,
            y: top + 3.0,
            height: 18.0,
            width,
            value_x: LABEL + drawn + 6.0,
        })
    }

    #[test]
    fn runs_group_by_workload_in_order_of_first_appearance_on_one_scale() {
        // The longest run spans the 440 units between the labels and the text room: 1 unit a ms.
        let layout = bars([
            ("A".to_string(), 110.0, 1),
            ("B".to_string(), 55.0, 2),
            ("A".to_string(), 440.0, 3),
        ]);
        let group = |key: &str, top: f64| Placed::Group {
            key: key.to_string(),
            text_y: top + 14.0,
        };
        assert_eq!(
            layout.rows,
            [
                group("A", 0.0),
                bar(1, 110.0, 26.0, 110.0, 110.0),
                bar(3, 440.0, 52.0, 440.0, 440.0),
                group("B", 78.0),
                bar(2, 55.0, 104.0, 55.0, 55.0),
            ]
        );
        assert_eq!(layout.height, 130.0);
    }

    #[test]
    fn a_zero_ms_run_still_shows_a_pixel_and_an_empty_chart_keeps_one_row() {
        let layout = bars([("A".to_string(), 0.0, 1), ("A".to_string(), 0.5, 2)]);
        // The scale's top is at least 1 ms: 0.5 ms is half the 440 units; 0 ms
        // draws a pixel, its text where the bar would end.
        assert_eq!(layout.rows[1], bar(1, 0.0, 26.0, 1.0, 0.0));
        assert_eq!(layout.rows[2], bar(2, 0.5, 52.0, 220.0, 220.0));
        let empty = bars(std::iter::empty::<(String, f64, ())>());
        assert!(empty.rows.is_empty());
        assert_eq!(empty.height, ROW);
    }
}

mod sweep {
    use super::super::super::sweep::{plot, polyline, Anchor, KneeMark, BOTTOM, LEFT, RIGHT, TOP};
    use super::close;
    use crate::report::sweep::Point;

    fn point(k: usize, wall_ms: f64, per_s: f64) -> Point {
        Point {
            k,
            run: k,
            wall_ms,
            per_s,
            ideal_ms: None,
            cancelled: false,
            failed: 0,
        }
    }

    #[test]
    fn k_goes_on_a_log_axis_and_both_scales_start_at_the_bottom() {
        assert_eq!((LEFT, RIGHT, TOP, BOTTOM), (70.0, 690.0, 20.0, 234.0));
        let points = [
            point(1, 200.0, 25.0),
            point(10, 100.0, 50.0),
            point(100, 50.0, 100.0),
        ];
        let p = plot(&points, Some(100));
        assert_eq!((p.max_wall, p.max_rate), (200.0, 100.0));
        // k = 1, 10, 100 sit at 0, ½ and 1 of the 620 units between the scales.
        let xs: Vec<f64> = p.marks.iter().map(|m| m.x).collect();
        assert_eq!((xs[0], xs[2]), (70.0, 690.0));
        assert!(close(xs[1], 380.0), "{}", xs[1]);
        // 214 units tall: the slowest wall and the best rate at the top.
        let walls: Vec<f64> = p.marks.iter().map(|m| m.wall_y).collect();
        let rates: Vec<f64> = p.marks.iter().map(|m| m.rate_y).collect();
        assert_eq!(walls, [20.0, 127.0, 180.5]);
        assert_eq!(rates, [180.5, 127.0, 20.0]);
        // A knee near the right edge has its label left of its line.
        assert_eq!(
            p.knee,
            Some(KneeMark {
                x: 690.0,
                label_x: 686.0,
                anchor: Anchor::End
            })
        );
        assert_eq!(
            plot(&points, Some(1)).knee,
            Some(KneeMark {
                x: 70.0,
                label_x: 74.0,
                anchor: Anchor::Start
            })
        );
    }

    #[test]
    fn one_point_sits_mid_axis_and_no_points_keep_scales_of_one() {
        let p = plot(&[point(5, 0.0, 0.0)], None);
        assert_eq!(p.marks[0].x, 380.0);
        assert_eq!((p.marks[0].wall_y, p.marks[0].rate_y), (234.0, 234.0));
        let empty = plot(&[], None);
        assert_eq!((empty.max_wall, empty.max_rate), (1.0, 1.0));
        assert!(empty.marks.is_empty() && empty.knee.is_none());
    }

    #[test]
    fn a_polyline_lists_its_points_to_a_tenth() {
        assert_eq!(polyline([(1.04, 2.0), (3.0, 4.26)]), "1.0,2.0 3.0,4.3");
        assert_eq!(polyline([]), "");
    }
}

mod latency {
    use super::super::super::latency::{bars, range, BinBar};
    use super::*;

    fn bin(lo: f64, count: usize) -> Bin {
        Bin {
            lo,
            hi: lo + 10.0,
            count,
        }
    }

    #[test]
    fn bars_share_the_width_and_stand_as_tall_as_their_count() {
        // 4 bins over 752 units: 188 each, a unit apart; the tallest is 116 units.
        let bins = [bin(0.0, 1), bin(10.0, 4), bin(20.0, 2), bin(30.0, 0)];
        let rect = |x: f64, h: f64| BinBar {
            x,
            y: 130.0 - h,
            width: 187.0,
            height: h,
        };
        assert_eq!(
            bars(&bins),
            [
                rect(4.0, 29.0),
                rect(192.0, 116.0),
                rect(380.0, 58.0),
                rect(568.0, 0.0)
            ]
        );
        assert_eq!(range(&bins), (0.0, 40.0));
    }

    #[test]
    fn narrow_bins_keep_a_pixel_and_no_bins_draw_nothing() {
        let bins: Vec<Bin> = (0..1000).map(|i| bin(i as f64, 1)).collect();
        assert!(bars(&bins).iter().all(|b| b.width == 1.0));
        assert!(bars(&[]).is_empty());
        assert_eq!(range(&[]), (0.0, 0.0));
    }
}

mod in_flight {
    use super::super::super::in_flight::{table, Axes, HEIGHT, LEFT, RIGHT};
    use super::*;

    #[test]
    fn time_runs_across_the_plot_and_counts_up_with_a_tenth_of_headroom() {
        assert_eq!((LEFT, RIGHT, HEIGHT), (34.0, 752.0, 170.0));
        // 718 ms over the 718 units from LEFT to RIGHT: one unit a ms.
        let steps = [(1000.0, 0), (1359.0, 5), (1718.0, 0)];
        let axes = Axes::new(1000.0, &steps, 10);
        assert_eq!(
            (axes.x(1000.0), axes.x(1359.0), axes.x(1718.0)),
            (34.0, 393.0, 752.0)
        );
        assert_eq!(axes.duration(), 718.0);
        // 0 sits on 152; the top of the scale, 11 (10 and a tenth), 140 units up.
        assert_eq!(axes.y(0), 152.0);
        assert!(close(axes.y(5), 152.0 - 5.0 / 11.0 * 140.0));
        assert!(close(axes.y(11), 12.0));
        assert_eq!(
            axes.path(&steps),
            "M34.0,152.0 H34.0 V152.0 H393.0 V88.4 H752.0 V152.0"
        );
    }

    #[test]
    fn a_run_with_no_time_still_has_a_millisecond_of_axis() {
        let axes = Axes::new(1000.0, &[(1000.0, 1)], 0);
        assert_eq!(axes.x(1000.0), 34.0);
        assert_eq!(axes.x(1000.5), 34.0 + 359.0);
        assert_eq!(Axes::new(1000.0, &[], 0).duration(), 1.0);
    }

    #[test]
    fn the_table_keeps_about_forty_rows_timed_from_the_start() {
        let steps: Vec<(f64, usize)> = (0..100).map(|i| (500.0 + i as f64, i)).collect();
        let rows = table(500.0, &steps);
        assert_eq!(rows.len(), 50);
        assert_eq!(
            (rows[0], rows[1], rows[49]),
            ((0.0, 0), (2.0, 2), (98.0, 98))
        );
        assert_eq!(table(0.0, &steps[..3]).len(), 3);
    }
}

mod waterfall {
    use super::super::super::waterfall::{row_at, row_height, shared_scale_ms, Frame, AXIS};
    use super::*;
    use crate::engine::Record;

    #[test]
    fn rows_are_as_tall_as_fit_from_one_to_twelve_pixels() {
        assert_eq!(row_height(10), 12.0);
        assert_eq!(row_height(0), 12.0);
        assert_eq!(row_height(100), 4.0);
        assert_eq!(row_height(300), 1.0, "400/300 rounds down");
        assert_eq!(row_height(1000), 1.0);
        assert_eq!(row_at(25.0, 10), 2);
        assert_eq!(row_at(0.0, 10), 0);
    }

    #[test]
    fn a_frame_places_time_across_and_keeps_the_last_label_inside() {
        // 400 usable pixels for 1000 ms from the origin at 500.
        let f = Frame::new(402.0, 10, (500.0, 1000.0));
        assert_eq!(f.height, 10.0 * 12.0 + AXIS);
        assert_eq!((f.x(500.0), f.x(1000.0), f.x(1500.0)), (0.0, 200.0, 400.0));
        assert_eq!(f.row_top(3), 36.0);
        // A 12 px row keeps a pixel between bars; a zero-length bar still shows one.
        assert_eq!(f.bar(600.0, 600.0, 1.0), (40.0, 1.0, 11.0));
        assert_eq!(f.bar(600.0, 850.0, 1.0), (40.0, 100.0, 11.0));
        let axis: Vec<Tick> = f.axis();
        let expected = [
            (0.0, 0.0),
            (250.0, 100.0),
            (500.0, 200.0),
            (750.0, 300.0),
            (1000.0, 354.0),
        ];
        assert_eq!(
            axis.iter().map(|t| (t.value, t.px)).collect::<Vec<_>>(),
            expected
        );
        // A narrow pane (a fourth of 1,024 px): the inner label the last
        // one would overprint is left out.
        let narrow = Frame::new(310.0, 10, (500.0, 1000.0));
        let px: Vec<f64> = narrow.axis().iter().map(|t| t.px).collect();
        assert!(px.windows(2).all(|w| w[1] - w[0] >= 48.0), "{px:?}");
        assert_eq!(px.len(), 4, "{px:?}");
        // Thin rows have no gap; a scale of 0 ms draws as 1 ms.
        let thin = Frame::new(402.0, 200, (0.0, 0.0));
        assert_eq!(thin.bar(0.0, 0.5, 0.0), (0.0, 200.0, 2.0));
    }

    #[test]
    fn finished_runs_share_the_latest_outcome_from_each_runs_start() {
        let run = |began: f64, ends: &[Option<f64>]| -> Vec<Record> {
            ends.iter()
                .enumerate()
                .map(|(i, e)| {
                    let mut r = Record::new(i + 1, String::new());
                    r.queued = Some(began);
                    r.ended = *e;
                    r
                })
                .collect()
        };
        let first = run(100.0, &[Some(150.0), Some(400.0), None]);
        let second = run(1000.0, &[Some(1250.0)]);
        assert_eq!(
            shared_scale_ms([(first.as_slice(), 100.0), (second.as_slice(), 1000.0)]),
            300.0
        );
        assert_eq!(shared_scale_ms([]), 1.0);
        assert_eq!(CHART_WIDTH, 760.0);
    }
}
