//! Chart tests: drawing to SVG strings for every style and edge case, asserting on the markup and layout.

use plotters::prelude::*;

use super::axis_range::AxisBounds;
use super::theme::ChartTheme;
use super::timeseries::{draw, ChartLayout, DrawStyle, TimeSeriesSpec};
use crate::telemetry::{Exemplar, Labels, Point, Series, TraceId};
use crate::dashboard::{AxisPlacement, SeriesStyle, StackMode, Stacking};
use crate::view::axes::Side;
use crate::view::exemplars::ExemplarOwner;
use crate::view::palette::Palette;
use crate::view::series_fields::ThresholdMarks;
use crate::view::series_view::{prepare, SeriesView};
use crate::view::units::Unit;

const T0: i64 = 1_795_452_831_000;

fn pt(t_ms: i64, v: f64) -> Point {
    Point { t_ms, v }
}

fn labels(kv: &[(&str, &str)]) -> Labels {
    kv.iter().map(|(k, v)| (*k, *v)).collect()
}

struct Opts {
    style: DrawStyle,
    log: bool,
    unit: Unit,
    selection: Option<(i64, i64)>,
    size: (u32, u32),
    tz: i32,
    owners: Vec<ExemplarOwner>,
    thresholds: Option<ThresholdMarks>,
    bounds: AxisBounds,
}

impl Default for Opts {
    fn default() -> Self {
        Opts { style: DrawStyle::Lines, log: false, unit: Unit::None, selection: None, size: (800, 300), tz: 0, owners: Vec::new(), thresholds: None, bounds: AxisBounds::default() }
    }
}

fn render(views: &[SeriesView], exemplars: &[Exemplar], start: i64, end: i64, o: Opts) -> (String, Result<ChartLayout, String>) {
    let theme = ChartTheme::dark();
    let mut svg = String::new();
    let res = {
        let area = SVGBackend::with_string(&mut svg, o.size).into_drawing_area();
        let spec = TimeSeriesSpec {
            views,
            exemplars,
            exemplar_owners: &o.owners,
            start_ms: start,
            end_ms: end,
            unit: o.unit,
            log_scale: o.log,
            style: o.style,
            theme: &theme,
            tz_offset_min: o.tz,
            selection: o.selection,
            thresholds: o.thresholds.as_ref(),
            bounds: o.bounds,
        };
        let r = draw(&area, &spec);
        area.present().map_err(|e| e.to_string()).and(r)
    };
    (svg, res)
}

fn has_text(svg: &str, label: &str) -> bool {
    svg.contains(&format!("\n{label}\n</text>"))
}

fn stroke(c: (u8, u8, u8)) -> String {
    format!("stroke=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2)
}

fn fill(c: (u8, u8, u8)) -> String {
    format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2)
}

fn count(svg: &str, tag: &str) -> usize {
    svg.matches(&format!("<{tag} ")).count()
}

/// The real recorded Prometheus range result of the demo (rates of 6 series, 15 s step).
fn demo_series() -> Vec<Series> {
    let body: serde_json::Value = serde_json::from_str(include_str!("../demo/data/query_range_matrix_rate.json")).unwrap();
    body["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| Series {
            labels: r["metric"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())).collect(),
            points: r["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| pt((p[0].as_f64().unwrap() * 1000.0) as i64, p[1].as_str().unwrap().parse().unwrap()))
                .collect(),
            histograms: Vec::new(),
        })
        .collect()
}

fn exemplar(series: &Labels, t_ms: i64, value: f64) -> Exemplar {
    let trace = "f6fadfa7e5c15b629362da5cc13da58a";
    Exemplar { series_labels: series.clone(), labels: labels(&[("trace_id", trace)]), t_ms, value, trace_id: TraceId::parse_hex(trace) }
}

#[test]
fn lines_from_real_data_with_ticks_and_exemplars() {
    let series = demo_series();
    assert!(series.len() >= 2);
    let end = T0 + 1_175_000;
    let views = prepare(&series, &[], T0, end, 800, Palette::Classic);
    let ex = vec![
        exemplar(&series[0].labels, T0 + 300_000, 0.5),
        exemplar(&labels(&[("other", "x")]), T0 + 600_000, 4.25),
        exemplar(&series[0].labels, end + 100_000, 1.0), // outside the range
    ];
    let (svg, l) = render(&views, &ex, T0, end, Opts { unit: Unit::PerSecond, ..Default::default() });
    let l = l.unwrap();
    assert!(count(&svg, "polyline") >= series.len(), "one line per series");
    // Each series' colour is used for its line.
    assert!(svg.contains(&stroke(views[0].color)), "series colour in the SVG");
    // Time labels (HH:MM, UTC) and value labels with the unit.
    assert!(l.x_ticks.len() >= 3, "{:?}", l.x_ticks);
    assert!(l.x_ticks.iter().all(|(_, s)| s.len() == 5 && s.as_bytes()[2] == b':'));
    assert!(has_text(&svg, &l.x_ticks[0].1), "{}", svg.lines().filter(|l| l.starts_with("<text")).take(3).collect::<Vec<_>>().join("\n"));
    assert!(l.y_ticks.iter().any(|(_, s)| s.ends_with("req/s")));
    assert!(svg.contains("req/s\n</text>"));
    // The y axis includes the in-range exemplar at 4.25.
    assert!(l.y_max >= 4.25 && l.y_min <= 0.1);
    // Exemplars: one slot each, the out-of-range one hidden; two diamonds drawn.
    assert_eq!(l.exemplar_xy.len(), 3);
    assert!(l.exemplar_xy[0].0.is_finite() && l.exemplar_xy[1].1.is_finite());
    assert!(l.exemplar_xy[2].0.is_nan());
    assert_eq!(count(&svg, "polygon"), 2);
    let (x, y) = l.exemplar_xy[1];
    assert!((x - l.ms_to_x(T0 + 600_000)).abs() < 1e-9);
    assert!((y - l.value_to_y(4.25)).abs() < 1e-9);
    assert!(x >= l.plot.0 as f64 && x <= l.plot.2 as f64 && y >= l.plot.1 as f64 && y <= l.plot.3 as f64);
    assert!(!svg.contains("No data"));
}

#[test]
fn layout_mapping_round_trips() {
    let views = prepare(&demo_series(), &[], T0, T0 + 1_175_000, 640, Palette::Classic);
    let (_, l) = render(&views, &[], T0, T0 + 1_175_000, Opts { size: (640, 240), ..Default::default() });
    let l = l.unwrap();
    for t in [T0, T0 + 1, T0 + 500_000, T0 + 1_175_000] {
        let back = l.x_to_ms(l.ms_to_x(t));
        assert!((back - t).abs() <= 1_175_000 / 640, "{t} -> {back}");
    }
    assert_eq!(l.ms_to_x(T0), l.plot.0 as f64);
    assert_eq!(l.ms_to_x(T0 + 1_175_000), l.plot.2 as f64);
    // Clamped outside the plot.
    assert_eq!(l.x_to_ms(-100.0), T0);
    assert_eq!(l.x_to_ms(1e9), T0 + 1_175_000);
    assert_eq!(l.x_to_ms(f64::NAN), T0);
    for v in [l.y_min, (l.y_min + l.y_max) / 2.0, l.y_max] {
        assert!((l.y_to_value(l.value_to_y(v)) - v).abs() < 1e-9);
    }
    assert_eq!(l.value_to_y(l.y_min), l.plot.3 as f64);
}

#[test]
fn gaps_break_lines() {
    let mut pts: Vec<Point> = (0..20).map(|i| pt(T0 + i * 15_000, (i % 5) as f64)).collect();
    pts.extend((40..60).map(|i| pt(T0 + i * 15_000, (i % 5) as f64)));
    let s = Series { labels: labels(&[("job", "a")]), points: pts, histograms: Vec::new() };
    let views = prepare(&[s], &[], T0, T0 + 59 * 15_000, 800, Palette::Classic);
    let (svg, l) = render(&views, &[], T0, T0 + 59 * 15_000, Opts::default());
    l.unwrap();
    let lines = svg.lines().filter(|l| l.starts_with("<polyline") && l.contains(&stroke(views[0].color))).count();
    assert_eq!(lines, 2, "two runs");
}

#[test]
fn points_bars_and_stacked_styles() {
    let a = Series { labels: labels(&[("s", "a")]), points: (0..10).map(|i| pt(T0 + i * 60_000, 1.0 + i as f64)).collect(), histograms: Vec::new() };
    let b = Series { labels: labels(&[("s", "b")]), points: (0..10).map(|i| pt(T0 + i * 60_000, 2.0)).collect(), histograms: Vec::new() };
    let end = T0 + 9 * 60_000;
    let views = prepare(&[a, b], &[], T0, end, 800, Palette::Classic);

    let (svg, l) = render(&views, &[], T0, end, Opts { style: DrawStyle::Points, ..Default::default() });
    l.unwrap();
    assert_eq!(count(&svg, "circle"), 20);

    let (svg, l) = render(&views, &[], T0, end, Opts { style: DrawStyle::Bars, ..Default::default() });
    let l = l.unwrap();
    assert_eq!(count(&svg, "rect"), 1 + 20, "background + one bar per sample");
    assert!(l.y_min <= 0.0, "bars start at zero");

    let (svg, l) = render(&views, &[], T0, end, Opts { style: DrawStyle::Stacked, ..Default::default() });
    let l = l.unwrap();
    assert_eq!(count(&svg, "polygon"), 2);
    // The top of the stack is a + b = 10 + 2 at the end.
    assert!(l.y_max >= 12.0 && l.y_max < 20.0 && l.y_min <= 0.0);

    // A series whose stacking is none is drawn on its own: the stack is a alone (top 10), b a line (2).
    let mut apart = views.clone();
    apart[1].draw.stacking = Some(Stacking { mode: StackMode::None, group: "A".into() });
    let (svg, l) = render(&apart, &[], T0, end, Opts { style: DrawStyle::Stacked, ..Default::default() });
    let l = l.unwrap();
    assert_eq!(count(&svg, "polygon"), 1);
    assert!(l.y_max >= 10.0 && l.y_max < 12.0, "{}", l.y_max);
    // Two groups stack apart (each from zero); a stacking on a panel drawn as lines stacks that series alone.
    apart[1].draw.stacking = Some(Stacking { mode: StackMode::Normal, group: "false".into() });
    let (svg, l) = render(&apart, &[], T0, end, Opts { style: DrawStyle::Stacked, ..Default::default() });
    assert_eq!(count(&svg, "polygon"), 2);
    assert!(l.unwrap().y_max < 12.0);
    let (svg, l) = render(&apart, &[], T0, end, Opts::default());
    assert_eq!(count(&svg, "polygon"), 1, "b's stack of one is filled; a is a line");
    assert!(l.unwrap().y_max < 12.0);

    // An override's bars for one series on a chart of lines: its 10 samples are bars, the other a line.
    let mut one_bars = views.clone();
    one_bars[1].draw.draw_style = Some(SeriesStyle::Bars);
    let (svg, l) = render(&one_bars, &[], T0, end, Opts::default());
    assert_eq!(count(&svg, "rect"), 1 + 10, "background + b's bars");
    assert!(l.unwrap().y_min <= 0.0, "bars start at zero");

    // Hidden series are not drawn.
    let mut hidden = views.clone();
    hidden[1].hidden = true;
    let (svg, _) = render(&hidden, &[], T0, end, Opts { style: DrawStyle::Points, ..Default::default() });
    assert_eq!(count(&svg, "circle"), 10);
}

#[test]
fn selection_and_light_theme() {
    let s = Series { labels: labels(&[("s", "a")]), points: (0..10).map(|i| pt(T0 + i * 60_000, i as f64)).collect(), histograms: Vec::new() };
    let end = T0 + 9 * 60_000;
    let views = prepare(&[s], &[], T0, end, 400, Palette::Classic);
    let (svg, l) = render(&views, &[], T0, end, Opts { selection: Some((T0 + 120_000, T0 + 60_000)), ..Default::default() });
    l.unwrap();
    assert_eq!(count(&svg, "rect"), 3, "background + selection fill + border");
    assert!(svg.contains("opacity=\"0.25\""));
}

#[test]
fn edge_cases_never_panic() {
    let empty: Vec<SeriesView> = Vec::new();
    // No data.
    let (svg, l) = render(&empty, &[], T0, T0 + 3_600_000, Opts::default());
    assert!(l.is_ok());
    assert!(svg.contains("No data"));
    // Zero and tiny areas.
    let one = prepare(&[Series { labels: Labels::new(), points: vec![pt(T0, 1.0)], histograms: Vec::new() }], &[], T0, T0, 0, Palette::Classic);
    for size in [(0, 0), (1, 1), (10, 300), (300, 10)] {
        let (_, l) = render(&one, &[], T0, T0, Opts { size, ..Default::default() });
        assert!(l.is_ok(), "{size:?}");
    }
    // A single point with start == end: drawn as a dot.
    let (svg, l) = render(&one, &[], T0, T0, Opts::default());
    let l = l.unwrap();
    assert!(l.end_ms > l.start_ms);
    assert_eq!(count(&svg, "circle"), 1);
    // Reversed range.
    assert!(render(&one, &[], T0 + 10, T0 - 10, Opts::default()).1.is_ok());
    // All NaN.
    let nan = prepare(&[Series { labels: Labels::new(), points: (0..5).map(|i| pt(T0 + i, f64::NAN)).collect(), histograms: Vec::new() }], &[], T0, T0 + 5, 100, Palette::Classic);
    let (svg, l) = render(&nan, &[], T0, T0 + 5, Opts::default());
    assert!(l.is_ok() && svg.contains("No data"));
    // Huge values and infinities.
    let huge = prepare(
        &[Series {
            labels: Labels::new(),
            points: vec![pt(T0, f64::MAX), pt(T0 + 1000, -f64::MAX), pt(T0 + 2000, f64::INFINITY), pt(T0 + 3000, f64::NEG_INFINITY), pt(T0 + 4000, 1.0)],
            histograms: Vec::new(),
        }],
        &[],
        T0,
        T0 + 4000,
        200, Palette::Classic);
    for style in [DrawStyle::Lines, DrawStyle::Points, DrawStyle::Bars, DrawStyle::Stacked] {
        for log in [false, true] {
            let (svg, l) = render(&huge, &[exemplar(&Labels::new(), T0, f64::NAN)], T0, T0 + 4000, Opts { style, log, ..Default::default() });
            let l = l.unwrap();
            assert!(l.y_min.is_finite() && l.y_max.is_finite() && l.y_max > l.y_min, "{style:?} {log}");
            assert!(l.exemplar_xy[0].0.is_nan());
            assert!(!svg.contains("NaN\"") && !svg.contains("inf"), "no NaN coordinates in {style:?}");
        }
    }
    // Extreme timestamps.
    let ext = prepare(&[Series { labels: Labels::new(), points: vec![pt(i64::MIN, 1.0), pt(i64::MAX, 2.0)], histograms: Vec::new() }], &[], i64::MIN, i64::MAX, 300, Palette::Classic);
    assert!(render(&ext, &[], i64::MIN, i64::MAX, Opts::default()).1.is_ok());
}

#[test]
fn log_scale_uses_positive_values_only() {
    let s = Series { labels: Labels::new(), points: vec![pt(T0, -5.0), pt(T0 + 1000, 0.0), pt(T0 + 2000, 0.5), pt(T0 + 3000, 2000.0)], histograms: Vec::new() };
    let views = prepare(&[s], &[], T0, T0 + 3000, 300, Palette::Classic);
    let (svg, l) = render(&views, &[], T0, T0 + 3000, Opts { log: true, ..Default::default() });
    let l = l.unwrap();
    assert_eq!((l.y_min, l.y_max), (0.1, 10000.0));
    assert!(has_text(&svg, "1 k") && has_text(&svg, "0.1"), "decade labels");
}

#[test]
fn multi_day_ranges_label_dates_in_the_offset() {
    let s = Series { labels: Labels::new(), points: (0..200).map(|i| pt(T0 + i * 3_600_000, i as f64)).collect(), histograms: Vec::new() };
    let end = T0 + 199 * 3_600_000;
    let views = prepare(&[s], &[], T0, end, 900, Palette::Classic);
    let (_, l) = render(&views, &[], T0, end, Opts { size: (900, 300), tz: -300, ..Default::default() });
    let l = l.unwrap();
    assert!(l.x_ticks.len() >= 3);
    assert!(l.x_ticks.iter().all(|(_, s)| s.len() == 5 && s.as_bytes()[2] == b'-'), "{:?}", l.x_ticks);
    // Day ticks fall on local midnight (UTC-5).
    for (x, _) in &l.x_ticks {
        let t = l.x_to_ms(*x);
        assert!((t - 300 * 60_000).rem_euclid(86_400_000) < 86_400_000 / 900 * 2 || (t - 300 * 60_000).rem_euclid(86_400_000) > 86_400_000 - 86_400_000 / 900 * 2);
    }
}

#[test]
fn a_million_points_draw_to_small_svg() {
    let pts: Vec<Point> = (0..1_000_000i64).map(|i| pt(T0 + i * 10, ((i * 7919) % 1000) as f64)).collect();
    let end = T0 + 9_999_990;
    let views = prepare(&[Series { labels: Labels::new(), points: pts, histograms: Vec::new() }], &[], T0, end, 1000, Palette::Classic);
    assert!(views[0].points.len() <= 4000);
    let (svg, l) = render(&views, &[], T0, end, Opts { size: (1000, 300), ..Default::default() });
    l.unwrap();
    assert!(svg.len() < 200_000, "{} bytes", svg.len());
}

#[test]
fn stacked_many_points_is_resampled_per_pixel() {
    let end = T0 + 50_000 * 10;
    let series: Vec<Series> = (0..3)
        .map(|s| Series {
            labels: labels(&[("s", if s == 0 { "a" } else if s == 1 { "b" } else { "c" })]),
            points: (0..50_000i64).map(|i| pt(T0 + i * 10 + s, ((i * 31 + s) % 97) as f64)).collect(),
            histograms: Vec::new(),
        })
        .collect();
    let views = prepare(&series, &[], T0, end, 500, Palette::Classic);
    let (svg, l) = render(&views, &[], T0, end, Opts { style: DrawStyle::Stacked, size: (500, 200), ..Default::default() });
    let l = l.unwrap();
    let polys: Vec<&str> = svg.lines().filter(|l| l.starts_with("<polygon")).collect();
    assert_eq!(polys.len(), 3);
    for p in polys {
        let n = p.matches(',').count();
        assert!(n <= 2 * 2 * 500 + 2, "{n} polygon vertices");
    }
    // The stack top is at most the sum of the maxima (3 × 96).
    assert!(l.y_max <= 300.0 && l.y_max >= 96.0);
}

/// Request rates (around 40 req/s) and a latency (around 80 ms) on one chart, as "Metrics for this service" opens it.
fn rate_and_latency() -> Vec<SeriesView> {
    let rate = Series { labels: labels(&[("service_name", "api")]), points: (0..60).map(|i| pt(T0 + i * 15_000, 40.0 + (i % 7) as f64)).collect(), histograms: Vec::new() };
    let p95 = Series { labels: Labels::new(), points: (0..60).map(|i| pt(T0 + i * 15_000, 0.06 + (i % 5) as f64 * 0.01)).collect(), histograms: Vec::new() };
    let mut v = prepare(&[rate, p95], &["A: api".into(), "B: p95".into()], T0, T0 + 900_000, 800, Palette::Classic);
    v[0].unit = Some(Unit::PerSecond);
    v[1].unit = Some(Unit::Seconds);
    v
}

#[test]
fn a_second_unit_is_scaled_on_a_right_axis_labelled_in_that_unit() {
    let views = rate_and_latency();
    let (svg, l) = render(&views, &[], T0, T0 + 900_000, Opts::default());
    let l = l.unwrap();
    assert_eq!((l.axes.left, l.axes.right), (Unit::PerSecond, Some(Unit::Seconds)));
    assert!(l.y_ticks.iter().all(|(_, s)| s.ends_with("req/s")), "{:?}", l.y_ticks);
    assert!(!l.y2_ticks.is_empty() && l.y2_ticks.iter().all(|(_, s)| s.ends_with(" ms") || s == "0 s"), "{:?}", l.y2_ticks);
    assert!(has_text(&svg, &l.y2_ticks[1].1));
    // Each series fills its own axis: the latency's peak (0.1 s) is near the top, not squashed at 0 req/s.
    let (top, bottom) = (l.plot.1 as f64, l.plot.3 as f64);
    let (lo, hi) = l.right.unwrap();
    assert!(lo <= 0.06 && hi >= 0.1 && hi < 1.0, "{lo}..{hi}");
    assert!(l.value_to_y_on(Side::Right, 0.1) < top + (bottom - top) * 0.3);
    assert!(l.value_to_y(46.0) < top + (bottom - top) * 0.3);
    // The right tick labels sit right of the plot, which leaves them room.
    assert!(l.plot.2 < 800 - 30, "{:?}", l.plot);
    // Hiding the latency: one unit, one axis.
    let mut hidden = views.clone();
    hidden[1].hidden = true;
    let l = render(&hidden, &[], T0, T0 + 900_000, Opts::default()).1.unwrap();
    assert_eq!((l.axes.right, l.right), (None, None));
    assert!(l.y2_ticks.is_empty());
    // Stacked and bars keep each unit on its axis too.
    for style in [DrawStyle::Stacked, DrawStyle::Bars, DrawStyle::Points] {
        let l = render(&views, &[], T0, T0 + 900_000, Opts { style, ..Default::default() }).1.unwrap();
        let (_, hi) = l.right.unwrap();
        assert!(hi < 1.0 && l.y_max > 40.0, "{style:?}: {hi} {}", l.y_max);
    }
}

#[test]
fn a_series_placed_right_is_drawn_on_a_right_scale_of_its_own() {
    // Two rates of one unit, 40 and 2 req/s: on one axis the small one hugs the bottom; placed right
    // (Grafana's `custom.axisPlacement: right`) it fills the plot on its own scale, labelled on the right.
    let mut views = rate_and_latency();
    views[1].unit = Some(Unit::PerSecond);
    views[1].points.iter_mut().for_each(|p| p.v *= 20.0);
    let l = render(&views, &[], T0, T0 + 900_000, Opts::default()).1.unwrap();
    assert_eq!((l.axes.right, l.right), (None, None));
    views[1].placement = AxisPlacement::Right;
    let (svg, l) = render(&views, &[], T0, T0 + 900_000, Opts::default());
    let l = l.unwrap();
    assert_eq!((l.axes.left, l.axes.right), (Unit::PerSecond, Some(Unit::PerSecond)));
    let (lo, hi) = l.right.unwrap();
    assert!(lo <= 1.2 && hi >= 2.0 && hi < 10.0, "{lo}..{hi}");
    assert!(l.y_max > 40.0, "{}", l.y_max);
    assert!(!l.y2_ticks.is_empty() && l.y2_ticks.iter().all(|(_, s)| s.ends_with("req/s")), "{:?}", l.y2_ticks);
    assert!(has_text(&svg, &l.y2_ticks[0].1));
    // Placed left with the other one right: the sides swap.
    views[0].placement = AxisPlacement::Right;
    views[1].placement = AxisPlacement::Left;
    let l = render(&views, &[], T0, T0 + 900_000, Opts::default()).1.unwrap();
    assert!(l.y_max < 10.0 && l.right.unwrap().1 > 40.0, "{} {:?}", l.y_max, l.right);
}

#[test]
fn an_axis_placed_hidden_draws_no_labels() {
    let mut views = rate_and_latency();
    let shown = render(&views, &[], T0, T0 + 900_000, Opts::default()).1.unwrap();
    views[0].placement = AxisPlacement::Hidden;
    let (svg, l) = render(&views, &[], T0, T0 + 900_000, Opts::default());
    let l = l.unwrap();
    assert!(l.y_ticks.is_empty() && !l.y2_ticks.is_empty(), "{:?}", l.y_ticks);
    assert!(!svg.contains("req/s"));
    // The left margin shrinks to a narrow edge.
    assert!(l.plot.0 < shown.plot.0, "{:?} {:?}", l.plot, shown.plot);
    views[1].placement = AxisPlacement::Hidden;
    let l = render(&views, &[], T0, T0 + 900_000, Opts::default()).1.unwrap();
    assert!(l.y_ticks.is_empty() && l.y2_ticks.is_empty());
}

#[test]
fn three_units_share_one_axis_in_the_first_unit() {
    let mut views = rate_and_latency();
    let mut bytes = views[0].clone();
    bytes.key = "bytes".into();
    bytes.unit = Some(Unit::Bytes);
    views.push(bytes);
    let l = render(&views, &[], T0, T0 + 900_000, Opts::default()).1.unwrap();
    assert_eq!((l.axes.left, l.axes.right, l.right), (Unit::PerSecond, None, None));
    assert_eq!(l.axes.unaxed, vec![Unit::Seconds, Unit::Bytes]);
    assert!(l.y_ticks.iter().all(|(_, s)| s.ends_with("req/s")));
}

#[test]
fn exemplars_take_their_series_colour_and_axis_and_hide_with_it() {
    let views = rate_and_latency();
    let theme = ChartTheme::dark();
    let ex = vec![
        exemplar(&labels(&[("service_name", "api"), ("le", "0.1")]), T0 + 60_000, 0.08),
        exemplar(&labels(&[("le", "0.1")]), T0 + 120_000, 0.09),
        exemplar(&labels(&[("le", "0.2")]), T0 + 180_000, 0.07),
    ];
    let owners = vec![ExemplarOwner::Series(0), ExemplarOwner::Series(1), ExemplarOwner::Unmatched(Some(1))];
    let (svg, l) = render(&views, &ex, T0, T0 + 900_000, Opts { owners: owners.clone(), ..Default::default() });
    let l = l.unwrap();
    let polygons: Vec<&str> = svg.lines().filter(|s| s.starts_with("<polygon")).collect();
    assert_eq!(polygons.len(), 3, "{polygons:?}");
    assert!(polygons[0].contains(&fill(views[0].color)) && polygons[1].contains(&fill(views[1].color)), "{polygons:?}");
    assert!(polygons[2].contains(&fill(theme.exemplar)), "unmatched: the neutral colour: {polygons:?}");
    assert!(polygons.iter().all(|p| p.contains("opacity=\"0.75\"")), "see-through: {polygons:?}");
    // Each on its series' axis: the first on the req/s scale (0.08 req/s: at the bottom), the others on the seconds one.
    assert!((l.exemplar_xy[0].1 - l.value_to_y(0.08)).abs() < 1e-9);
    assert!((l.exemplar_xy[1].1 - l.value_to_y_on(Side::Right, 0.09)).abs() < 1e-9);
    assert!((l.exemplar_xy[2].1 - l.value_to_y_on(Side::Right, 0.07)).abs() < 1e-9);
    // Series B hidden: its exemplar goes; the unmatched one stays (in the neutral colour, on the only axis).
    let mut hidden = views.clone();
    hidden[1].hidden = true;
    let (svg, l) = render(&hidden, &ex, T0, T0 + 900_000, Opts { owners, ..Default::default() });
    let l = l.unwrap();
    assert!(l.exemplar_xy[1].0.is_nan() && l.exemplar_xy[0].0.is_finite() && l.exemplar_xy[2].0.is_finite());
    assert_eq!(count(&svg, "polygon"), 2);
}

/// One series rising from 0 to `top` over ten minutes, in steps of a minute.
fn ramp(top: f64) -> Vec<SeriesView> {
    let s = Series { labels: labels(&[("__name__", "x")]), points: (0..=10).map(|i| pt(T0 + i * 60_000, top * i as f64 / 10.0)).collect(), ..Series::default() };
    prepare(&[s], &[], T0, T0 + 600_000, 800, Palette::Classic)
}

/// The pixel row of the value tick labelled `label`.
fn tick_y(l: &ChartLayout, label: &str) -> f64 {
    l.y_ticks.iter().find(|(_, t)| t == label).map(|(y, _)| *y).unwrap_or_else(|| panic!("no tick {label} in {:?}", l.y_ticks))
}

#[test]
fn threshold_lines_are_drawn_at_their_value_on_the_axis() {
    let red = (0xf2, 0x49, 0x5c);
    let marks = ThresholdMarks { steps: vec![(None, (0x73, 0xbf, 0x69)), (Some(60.0), red)], line: Some(false), ..ThresholdMarks::default() };
    let (svg, l) = render(&ramp(100.0), &[], T0, T0 + 600_000, Opts { thresholds: Some(marks), ..Default::default() });
    let l = l.unwrap();
    // The base step has no line; the 60 step sits on the axis' "60" tick.
    assert_eq!(l.threshold_y.len(), 1);
    assert_eq!(l.threshold_y[0].0, 60.0);
    assert!((l.threshold_y[0].1 - tick_y(&l, "60")).abs() < 0.6, "{:?} vs {:?}", l.threshold_y, l.y_ticks);
    assert!(svg.contains(&stroke(red)), "a red line");
    // No bands in line mode: nothing filled with the step colours.
    assert!(!svg.contains("fill=\"#F2495C\""));
}

#[test]
fn percent_thresholds_are_placed_in_the_drawn_range_and_areas_shade_each_band() {
    let (green, red) = ((0x73, 0xbf, 0x69), (0xf2, 0x49, 0x5c));
    // Values 0..200: 25 % is 50 (Grafana's percentage mode over the field's min..max).
    let marks = ThresholdMarks { steps: vec![(None, green), (Some(25.0), red)], percent: true, area: true, line: Some(true), ..ThresholdMarks::default() };
    let (svg, l) = render(&ramp(200.0), &[], T0, T0 + 600_000, Opts { thresholds: Some(marks), ..Default::default() });
    let l = l.unwrap();
    assert_eq!(l.threshold_y[0].0, 50.0);
    assert!((l.threshold_y[0].1 - tick_y(&l, "50")).abs() < 0.6);
    // Two bands (green below 50, red above) and a dashed red line of many short strokes.
    assert!(svg.contains("fill=\"#73BF69\"") && svg.contains("fill=\"#F2495C\""), "both bands");
    assert!(svg.matches(&stroke(red)).count() > 20, "a dashed line");
}

#[test]
fn thresholds_outside_the_plot_draw_no_line() {
    let marks = ThresholdMarks { steps: vec![(Some(1000.0), (255, 0, 0))], line: Some(false), ..ThresholdMarks::default() };
    let (_, l) = render(&ramp(100.0), &[], T0, T0 + 600_000, Opts { thresholds: Some(marks), ..Default::default() });
    assert!(l.unwrap().threshold_y.is_empty());
}

#[test]
fn fixed_bounds_set_the_value_axis_and_the_series_stay_inside_the_plot() {
    // Data 0..100 on an axis fixed at 0..400: the top tick is 400 and the data's top sits a quarter up.
    let bounds = AxisBounds { min: Some(0.0), max: Some(400.0), ..AxisBounds::default() };
    let (_, l) = render(&ramp(100.0), &[], T0, T0 + 600_000, Opts { bounds, ..Default::default() });
    let l = l.unwrap();
    assert_eq!((l.y_min, l.y_max), (0.0, 400.0));
    assert_eq!(l.y_ticks.last().map(|t| t.1.as_str()), Some("400"), "{:?}", l.y_ticks);
    assert_eq!(l.y_ticks.first().map(|t| t.1.as_str()), Some("0"));
    // A max below the data: the axis ends at it; the fitted axis without bounds reaches 100.
    let (_, l) = render(&ramp(100.0), &[], T0, T0 + 600_000, Opts { bounds: AxisBounds { max: Some(50.0), ..AxisBounds::default() }, ..Default::default() });
    assert_eq!(l.unwrap().y_max, 50.0);
    let (_, l) = render(&ramp(100.0), &[], T0, T0 + 600_000, Opts::default());
    assert_eq!(l.unwrap().y_max, 100.0);
}

/// Rx and Tx rates of one interface (Node Exporter Full's "Network Traffic Basic"), 40..46 and 10..14 bps.
fn rx_tx() -> Vec<SeriesView> {
    let rx = Series { labels: labels(&[("dir", "rx")]), points: (0..60).map(|i| pt(T0 + i * 15_000, 40.0 + (i % 7) as f64)).collect(), histograms: Vec::new() };
    let tx = Series { labels: labels(&[("dir", "tx")]), points: (0..60).map(|i| pt(T0 + i * 15_000, 10.0 + (i % 5) as f64)).collect(), histograms: Vec::new() };
    prepare(&[rx, tx], &["Rx eth0".into(), "Tx eth0".into()], T0, T0 + 900_000, 800, Palette::Classic)
}

#[test]
fn a_negative_y_series_is_drawn_below_the_zero_line_and_keeps_its_true_values() {
    use crate::dashboard::{SeriesDraw, Transform};
    let mut views = rx_tx();
    let l = render(&views, &[], T0, T0 + 900_000, Opts::default()).1.unwrap();
    assert!(l.y_min >= 0.0, "both above: {}", l.y_min);
    views[1].draw = SeriesDraw { transform: Some(Transform::NegativeY), ..SeriesDraw::default() };
    let exemplar = Exemplar { series_labels: labels(&[("dir", "tx")]), labels: Labels::new(), t_ms: T0 + 60_000, value: 12.0, trace_id: None };
    let o = Opts { owners: vec![ExemplarOwner::Series(1)], ..Opts::default() };
    let (svg, l) = render(&views, &[exemplar], T0, T0 + 900_000, o);
    let l = l.unwrap();
    // The axis spans -14..46: Tx under the zero line, Rx above it, the ticks labelled negative below.
    assert!(l.y_min <= -14.0 && l.y_min > -30.0 && l.y_max >= 46.0, "{}..{}", l.y_min, l.y_max);
    assert!(l.y_ticks.iter().any(|(_, s)| s.starts_with('-')), "{:?}", l.y_ticks);
    let zero = l.value_to_y(0.0);
    // Every vertex of Tx's line is below the zero row (larger y), every one of Rx's above.
    let ys_of = |c: (u8, u8, u8)| -> Vec<f64> {
        svg.lines()
            .filter(|s| s.starts_with("<polyline") && s.contains(&stroke(c)))
            .flat_map(|s| s.split("points=\"").nth(1).unwrap_or("").split('"').next().unwrap_or("").split(' ').filter_map(|p| p.split(',').nth(1)?.parse::<f64>().ok()).collect::<Vec<_>>())
            .collect()
    };
    let (rx, tx) = (ys_of(views[0].color), ys_of(views[1].color));
    assert!(!tx.is_empty() && tx.iter().all(|y| *y > zero), "tx {tx:?} zero {zero}");
    assert!(!rx.is_empty() && rx.iter().all(|y| *y < zero), "rx {rx:?} zero {zero}");
    // Its exemplar goes with it, below the axis.
    assert!(l.exemplar_xy[0].1 > zero && (l.exemplar_xy[0].1 - l.value_to_y(-12.0)).abs() < 1.0, "{:?}", l.exemplar_xy);
    // The views the caller keeps (the tip, the legend) hold the true, positive values.
    assert!(views[1].points.iter().all(|p| p.v >= 10.0));
}

#[test]
fn a_series_is_filled_to_zero_and_drawn_dashed_and_wide_as_its_style_says() {
    use crate::dashboard::{LineFill, LineStyle, SeriesDraw};
    let mut views = rx_tx();
    let (svg, _) = render(&views, &[], T0, T0 + 900_000, Opts::default());
    assert_eq!(count(&svg, "polygon"), 0, "no fill by default");
    let tx_lines = |svg: &str, c| svg.lines().filter(|s| s.starts_with("<polyline") && s.contains(&stroke(c))).count();
    assert_eq!(tx_lines(&svg, views[1].color), 1);
    // Rx filled at 40 % (Grafana's fillOpacity 40); Tx dashed 10/10 and 3 px wide (System Load's core count).
    views[0].draw = SeriesDraw { fill_opacity: Some(40), ..SeriesDraw::default() };
    views[1].draw = SeriesDraw { line_width: Some(3), line_style: Some(LineStyle { fill: LineFill::Dash, dash: vec![10, 10] }), ..SeriesDraw::default() };
    let (svg, l) = render(&views, &[], T0, T0 + 900_000, Opts::default());
    let l = l.unwrap();
    let polys: Vec<&str> = svg.lines().filter(|s| s.starts_with("<polygon")).collect();
    assert_eq!(polys.len(), 1, "{polys:?}");
    assert!(polys[0].contains(&fill(views[0].color)) && polys[0].contains("opacity=\"0.4\""), "{}", polys[0]);
    // The area reaches down towards zero: to the plot's bottom, the axis being fitted to the data above zero.
    assert!(l.y_min > 0.0);
    let bottom = l.plot.3;
    assert!(polys[0].contains(&format!(",{bottom} ")), "{} vs {bottom}", polys[0]);
    // Dashes: a plot ~700 px wide at 10 on / 10 off is dozens of pieces, each 3 px wide.
    let n = tx_lines(&svg, views[1].color);
    assert!(n > 20, "{n} dashes");
    assert!(svg.lines().filter(|s| s.starts_with("<polyline") && s.contains(&stroke(views[1].color))).all(|s| s.contains("stroke-width=\"3\"")));
    // Width 0: no line, only the fill.
    views[0].draw.line_width = Some(0);
    let (svg, _) = render(&views, &[], T0, T0 + 900_000, Opts::default());
    assert_eq!(tx_lines(&svg, views[0].color), 0);
    assert_eq!(count(&svg, "polygon"), 1);
}
