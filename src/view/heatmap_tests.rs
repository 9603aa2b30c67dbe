use super::*;
use crate::telemetry::{Labels, Point, Series};

const T0: i64 = 1_795_540_000_000;
const STEP: i64 = 15_000;

fn bucket(le: &str, name: Option<&str>, extra: &[(&str, &str)], vals: &[f64]) -> Series {
    let mut l = Labels::new();
    l.insert("le", le);
    if let Some(n) = name {
        l.insert("__name__", n);
    }
    for (k, v) in extra {
        l.insert(*k, *v);
    }
    Series { labels: l, points: vals.iter().enumerate().map(|(i, v)| Point { t_ms: T0 + i as i64 * STEP, v: *v }).collect(), histograms: Vec::new() }
}

fn col(h: &Heatmap, c: usize) -> Vec<Option<f64>> {
    h.counts[c].clone()
}

#[test]
fn cumulative_rates_become_per_bucket_counts_in_le_order() {
    // Out of order on purpose, `le` spelt as Prometheus writes it.
    let s = vec![
        bucket("+Inf", None, &[], &[10.0, 12.0]),
        bucket("0.1", None, &[], &[4.0, 4.0]),
        bucket("0.5", None, &[], &[9.0, 10.0]),
    ];
    let h = from_series(&s).unwrap();
    assert_eq!(h.buckets, vec![
        Bucket { lower: None, upper: 0.1 },
        Bucket { lower: Some(0.1), upper: 0.5 },
        Bucket { lower: Some(0.5), upper: f64::INFINITY },
    ]);
    assert_eq!(h.times, vec![T0, T0 + STEP]);
    assert_eq!(h.step_ms, STEP);
    assert_eq!(col(&h, 0), vec![Some(4.0), Some(5.0), Some(1.0)]);
    assert_eq!(col(&h, 1), vec![Some(4.0), Some(6.0), Some(2.0)]);
    assert_eq!(h.max, 6.0);
    assert!(!h.from_counters);
    assert!(h.notes.is_empty(), "{:?}", h.notes);
}

#[test]
fn several_histograms_are_summed_with_a_note() {
    let s = vec![
        bucket("1", None, &[("svc", "a")], &[1.0]),
        bucket("+Inf", None, &[("svc", "a")], &[2.0]),
        bucket("1.0", None, &[("svc", "b")], &[3.0]),
        bucket("+Inf", None, &[("svc", "b")], &[3.0]),
    ];
    let h = from_series(&s).unwrap();
    // "1" and "1.0" are the same bound.
    assert_eq!(h.buckets.len(), 2);
    assert_eq!(col(&h, 0), vec![Some(4.0), Some(1.0)]);
    assert!(h.notes.iter().any(|n| n.starts_with("2 histograms summed")), "{:?}", h.notes);
}

#[test]
fn raw_counters_count_the_increase_per_step_and_survive_resets() {
    let name = Some("x_seconds_bucket");
    let s = vec![
        // 0.1: 5 → 7 → 2 (reset: 2 new) → 4
        bucket("0.1", name, &[], &[5.0, 7.0, 2.0, 4.0]),
        bucket("+Inf", name, &[], &[8.0, 11.0, 3.0, 6.0]),
    ];
    let h = from_series(&s).unwrap();
    assert!(h.from_counters);
    assert_eq!(h.times.len(), 4);
    // The first step has no previous sample: no increase, no cell.
    assert_eq!(col(&h, 0), vec![None, None]);
    assert_eq!(col(&h, 1), vec![Some(2.0), Some(1.0)]);
    assert_eq!(col(&h, 2), vec![Some(2.0), Some(1.0)]);
    assert_eq!(col(&h, 3), vec![Some(2.0), Some(1.0)]);
    assert!(h.notes.iter().any(|n| n.starts_with("Raw bucket counters")));
}

#[test]
fn nan_samples_and_missing_buckets_leave_holes_not_wrong_counts() {
    let s = vec![
        bucket("0.1", None, &[], &[1.0, f64::NAN, 1.0]),
        bucket("0.5", None, &[], &[3.0, 3.0]),
        bucket("+Inf", None, &[], &[4.0, 5.0, 6.0]),
    ];
    let h = from_series(&s).unwrap();
    assert_eq!(col(&h, 0), vec![Some(1.0), Some(2.0), Some(1.0)]);
    // 0.1 is NaN at step 1: no cell; the 0.5 bucket counts from zero.
    assert_eq!(col(&h, 1), vec![None, Some(3.0), Some(2.0)]);
    // 0.5 has no sample at step 2: no cell; +Inf counts from the 0.1 bucket.
    assert_eq!(col(&h, 2), vec![Some(1.0), None, Some(5.0)]);
    assert!(h.notes.iter().any(|n| n.contains("no sample for their bucket")), "{:?}", h.notes);
    // Counter input with a NaN: the chain restarts after it.
    let c = vec![bucket("+Inf", Some("y_bucket"), &[], &[1.0, f64::NAN, 4.0, 6.0])];
    let h = from_series(&c).unwrap();
    assert_eq!(h.counts.iter().map(|c| c[0]).collect::<Vec<_>>(), vec![None, None, None, Some(2.0)]);
}

#[test]
fn a_bucket_below_the_one_under_it_counts_zero() {
    let s = vec![bucket("1", None, &[], &[5.0]), bucket("2", None, &[], &[4.0]), bucket("+Inf", None, &[], &[6.0])];
    let h = from_series(&s).unwrap();
    assert_eq!(col(&h, 0), vec![Some(5.0), Some(0.0), Some(1.0)]);
    assert!(h.notes.iter().any(|n| n.starts_with("1 cells had a cumulative count below")), "{:?}", h.notes);
}

#[test]
fn non_histogram_input_says_why() {
    let mut l = Labels::new();
    l.insert("job", "api");
    let plain = Series { labels: l, points: vec![Point { t_ms: T0, v: 1.0 }], histograms: Vec::new() };
    let e = from_series(&[plain.clone()]).unwrap_err();
    assert!(e.contains("needs histogram buckets") && e.contains("le"), "{e}");
    assert_eq!(from_series(&[]).unwrap_err(), "No series to draw.");
    let e = from_series(&[bucket("fast", None, &[], &[1.0])]).unwrap_err();
    assert!(e.contains("not numbers"), "{e}");
    // Mixed input: the histogram is drawn and the rest is counted in a note.
    let h = from_series(&[plain, bucket("+Inf", None, &[], &[1.0]), bucket("NaN", None, &[], &[1.0])]).unwrap();
    assert_eq!(h.buckets.len(), 1);
    assert!(h.notes.iter().any(|n| n.starts_with("1 series without an `le`")));
    assert!(h.notes.iter().any(|n| n.starts_with("1 series whose `le` is not a number")));
}

#[test]
fn le_values_parse_like_prometheus_writes_them() {
    assert_eq!(parse_le("+Inf"), Some(f64::INFINITY));
    assert_eq!(parse_le("Inf"), Some(f64::INFINITY));
    assert_eq!(parse_le("0.005"), Some(0.005));
    assert_eq!(parse_le("1e-3"), Some(0.001));
    assert_eq!(parse_le("NaN"), None);
    assert_eq!(parse_le(""), None);
    assert_eq!(parse_le("1s"), None);
}

#[test]
fn bucket_labels_use_the_bucket_unit() {
    let b = |lower, upper| Bucket { lower, upper };
    assert_eq!(b(None, 0.005).label(Unit::Seconds), "≤ 5 ms");
    assert_eq!(b(Some(0.005), 0.01).label(Unit::Seconds), "5 ms – 10 ms");
    assert_eq!(b(Some(10.0), f64::INFINITY).label(Unit::Seconds), "> 10 s");
    assert_eq!(b(None, f64::INFINITY).label(Unit::None), "any value");
    assert_eq!(bucket_unit("sum by (le) (rate(http_server_request_duration_seconds_bucket[5m]))"), Unit::Seconds);
    assert_eq!(bucket_unit("sum by (le) (rate(prometheus_http_response_size_bytes_bucket[5m]))"), Unit::Bytes);
    assert_eq!(bucket_unit("up"), Unit::None);
}

#[test]
fn colours_grow_with_the_count_and_zero_is_not_drawn() {
    for p in [Palette::Classic, Palette::ColorBlind] {
        let r = ramp(p);
        assert_eq!(cell_color(Some(10.0), (0.0, 10.0), p), r.last().copied());
        assert_eq!(cell_color(Some(0.0), (0.0, 10.0), p), None);
        assert_eq!(cell_color(None, (0.0, 10.0), p), None);
        assert_eq!(cell_color(Some(f64::NAN), (0.0, 10.0), p), None);
        assert_eq!(cell_color(Some(1.0), (0.0, 0.0), p), None);
        // Brighter (higher sum of channels) as the count grows.
        let lum = |c: Rgb| c.0 as u32 * 3 + c.1 as u32 * 6 + c.2 as u32;
        let steps: Vec<u32> = [0.01, 0.1, 0.3, 0.6, 1.0].iter().map(|f| lum(cell_color(Some(f * 10.0), (0.0, 10.0), p).unwrap())).collect();
        assert!(steps.windows(2).all(|w| w[0] < w[1]), "{p:?}: {steps:?}");
        // Past the maximum (a count from a stale max) is clamped, not a panic.
        assert_eq!(cell_color(Some(99.0), (0.0, 10.0), p), r.last().copied());
    }
    assert_ne!(ramp(Palette::Classic), ramp(Palette::ColorBlind));
}

#[test]
fn a_colour_min_and_max_clamp_the_scale() {
    // Grafana's heatmap `options.color.min`/`max`: counts at or below min get the lowest colour, at or above
    // max the highest; unset ends come from 0 and the largest count.
    assert_eq!(color_range(50.0, None, None), (0.0, 50.0));
    assert_eq!(color_range(50.0, Some(5.0), Some(10.0)), (5.0, 10.0));
    assert_eq!(color_range(50.0, None, Some(10.0)), (0.0, 10.0));
    assert_eq!(color_range(50.0, Some(20.0), None), (20.0, 50.0));
    // An empty or odd range falls back to the counts'.
    assert_eq!(color_range(50.0, Some(60.0), None), (0.0, 50.0));
    assert_eq!(color_range(50.0, Some(f64::NAN), Some(10.0)), (0.0, 10.0));
    let p = Palette::Classic;
    let r = ramp(p);
    let range = color_range(50.0, Some(5.0), Some(10.0));
    assert_eq!(cell_color(Some(40.0), range, p), r.last().copied());
    assert_eq!(cell_color(Some(1.0), range, p), r.first().copied());
    assert_eq!(cell_color(Some(7.5), range, p), cell_color(Some(2.5), (0.0, 5.0), p));
    // Zero stays empty.
    assert_eq!(cell_color(Some(0.0), range, p), None);
}

fn layout(rows: usize) -> HeatLayout {
    HeatLayout { plot: (50, 10, 650, 310), start_ms: T0, end_ms: T0 + 600 * 1000, rows, y_ticks: vec![], x_ticks: vec![], color_range: (0.0, 1.0) }
}

#[test]
fn cells_sit_in_their_step_and_row_and_hover_finds_them() {
    // 40 columns of 15 s over 10 minutes; 3 rows of 100 px.
    let s = vec![bucket("0.1", None, &[], &[1.0; 41]), bucket("+Inf", None, &[], &[3.0; 41])];
    let h = from_series(&s).unwrap();
    let l = layout(h.buckets.len());
    assert_eq!(l.row_h(), 150.0);
    // Column 4 ends at T0 + 60 s = x 110; it starts 15 s (15 px) earlier. Row 0 is the bottom.
    assert_eq!(l.cell_rect(h.times[4], h.step_ms, 0), Some((95.0, 160.0, 110.0, 310.0)));
    assert_eq!(l.cell_rect(h.times[4], h.step_ms, 1), Some((95.0, 10.0, 110.0, 160.0)));
    assert_eq!(l.cell_rect(h.times[0], h.step_ms, 0), None, "the first column ends at the left edge");
    assert_eq!(l.cell_rect(h.times[4], h.step_ms, 2), None);
    assert_eq!(l.hit(&h, 100.0, 300.0), Some((4, 0)));
    assert_eq!(l.hit(&h, 100.0, 20.0), Some((4, 1)));
    assert_eq!(l.hit(&h, 40.0, 100.0), None, "left of the plot");
    assert_eq!(l.hit(&h, f64::NAN, 100.0), None);
    // Hover text: time span, bucket range, count.
    let info = cell_info(&h, 4, 0, Unit::Seconds, &CountFormat::plain(Unit::PerSecond), TimeZone::Utc).unwrap();
    assert_eq!(info.bucket, "≤ 100 ms");
    assert_eq!(info.count, "1 req/s");
    assert_eq!(info.time, "2026-11-24 17:07:25 – 17:07:40");
    let top = cell_info(&h, 4, 1, Unit::Seconds, &CountFormat::plain(Unit::None), TimeZone::Utc).unwrap();
    assert_eq!((top.bucket.as_str(), top.count.as_str()), ("> 100 ms", "2"));
    // The counts as numbers, for the panel's value mappings.
    assert_eq!((info.value, top.value), (Some(1.0), Some(2.0)));
    assert_eq!(cell_info(&h, 99, 0, Unit::None, &CountFormat::plain(Unit::None), TimeZone::Utc), None);
}

#[test]
fn a_gap_between_samples_is_not_hit() {
    let mut a = bucket("+Inf", None, &[], &[1.0, 1.0]);
    a.points[1].t_ms = T0 + 300_000;
    let mut b = bucket("+Inf", None, &[("x", "y")], &[1.0, 1.0, 1.0]);
    b.points[2].t_ms = T0 + 315_000;
    let h = from_series(&[a, b]).unwrap();
    assert_eq!(h.step_ms, STEP);
    let l = layout(1);
    // T0 + 200 s is in no column's step.
    assert_eq!(l.hit(&h, l.ms_to_x(T0 + 200_000), 100.0), None);
    assert_eq!(l.hit(&h, l.ms_to_x(T0 + 299_000), 100.0), Some((2, 0)));
}
