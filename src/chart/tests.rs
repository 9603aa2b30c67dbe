//! Chart tests: drawing to SVG strings for every style and edge case, asserting on the markup and layout.

use plotters::prelude::*;

use super::theme::ChartTheme;
use super::timeseries::{draw, ChartLayout, DrawStyle, TimeSeriesSpec};
use crate::telemetry::{Exemplar, Labels, Point, Series, TraceId};
use crate::view::palette::Palette;
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
}

impl Default for Opts {
    fn default() -> Self {
        Opts { style: DrawStyle::Lines, log: false, unit: Unit::None, selection: None, size: (800, 300), tz: 0 }
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
            start_ms: start,
            end_ms: end,
            unit: o.unit,
            log_scale: o.log,
            style: o.style,
            theme: &theme,
            tz_offset_min: o.tz,
            selection: o.selection,
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
