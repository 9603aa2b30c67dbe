//! Chart timing benchmark: prepares (decimates) and draws 1,000,000 points into an SVG string, prints ms.

use std::time::Instant;

use plotters::prelude::*;
use trifocal::chart::axis_range::AxisBounds;
use trifocal::chart::theme::ChartTheme;
use trifocal::chart::timeseries::{draw, DrawStyle, TimeSeriesSpec};
use trifocal::telemetry::{Labels, Point, Series};
use trifocal::view::palette::Palette;
use trifocal::view::series_view::prepare;
use trifocal::view::units::Unit;

fn make(n_series: usize, per_series: usize, start: i64, end: i64) -> Vec<Series> {
    let step = ((end - start) / per_series.max(1) as i64).max(1);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n_series)
        .map(|s| {
            let mut labels = Labels::new();
            labels.insert("series", s.to_string());
            let points = (0..per_series)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    let noise = (x % 1000) as f64 / 100.0;
                    Point { t_ms: start + i as i64 * step, v: 50.0 + s as f64 * 10.0 + (i as f64 / 5000.0).sin() * 20.0 + noise }
                })
                .collect();
            Series { labels, points, histograms: Vec::new() }
        })
        .collect()
}

fn run(label: &str, n_series: usize, per_series: usize, style: DrawStyle) {
    let (start, end) = (1_795_452_831_000i64, 1_795_452_831_000i64 + 6 * 3_600_000);
    let (w, h) = (1200u32, 400u32);
    let series = make(n_series, per_series, start, end);
    let t0 = Instant::now();
    let views = prepare(&series, &[], start, end, w, Palette::default());
    let t_prepare = t0.elapsed();
    let kept: usize = views.iter().map(|v| v.points.len()).sum();
    let theme = ChartTheme::dark();
    let mut svg = String::new();
    let t1 = Instant::now();
    let res = {
        let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let spec = TimeSeriesSpec {
            views: &views,
            exemplars: &[],
            exemplar_owners: &[],
            start_ms: start,
            end_ms: end,
            unit: Unit::None,
            log_scale: false,
            style,
            theme: &theme,
            tz_offset_min: 0,
            selection: None,
            thresholds: None,
            bounds: AxisBounds::default(),
        };
        let r = draw(&area, &spec);
        let _ = area.present();
        r
    };
    let t_draw = t1.elapsed();
    println!(
        "{label:<28} {:>9} points in, {:>6} kept: prepare {:>7.2} ms, draw {:>7.2} ms ({}; svg {} KiB)",
        n_series * per_series,
        kept,
        t_prepare.as_secs_f64() * 1e3,
        t_draw.as_secs_f64() * 1e3,
        if res.is_ok() { "ok" } else { "error" },
        svg.len() / 1024
    );
}

fn main() {
    run("1 series x 10k, lines", 1, 10_000, DrawStyle::Lines);
    run("1 series x 100k, lines", 1, 100_000, DrawStyle::Lines);
    run("1 series x 1M, lines", 1, 1_000_000, DrawStyle::Lines);
    run("10 series x 100k, lines", 10, 100_000, DrawStyle::Lines);
    run("10 series x 100k, stacked", 10, 100_000, DrawStyle::Stacked);
    run("10 series x 100k, points", 10, 100_000, DrawStyle::Points);
}
