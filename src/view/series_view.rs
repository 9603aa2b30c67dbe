//! Series ready to draw: names, colours, and points decimated per pixel column (first/min/max/last kept,
//! gaps kept as NaN points), in O(n) per series.

use std::borrow::Cow;
use std::collections::HashMap;

use super::palette::{colors_for_keys, Palette, Rgb};
use super::units::Unit;
use crate::dashboard::{AxisPlacement, HideFrom, SeriesDraw};
use crate::telemetry::{Labels, Point, Series};

/// One series as the chart draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesView {
    /// Unique key: the label set as text (`{__name__="up", job="x"}`), `#2`, `#3`… appended to repeats.
    pub key: String,
    /// Legend text: the caller's legend if given, else `metric{labels}`.
    pub name: String,
    pub color: Rgb,
    /// Points in time order. A point with a NaN value is a gap marker: the line breaks there. ±Inf values are
    /// kept (drawn clamped to the plot edge). At most one point before and one after the range are kept so
    /// lines reach the plot edges.
    pub points: Vec<Point>,
    pub hidden: bool,
    /// Typical spacing of `points` in ms (the sample step, or one pixel column when decimated); hover uses it
    /// as the tolerance when matching a time. 0 when unknown (fewer than two samples).
    pub step_ms: i64,
    /// The unit of its values when it has its own (its query's); None: the chart's unit.
    pub unit: Option<Unit>,
    /// What its field config hides it from (`viz`: not drawn, as `hidden`; `legend`: not listed; `tooltip`:
    /// not in the hover tip).
    pub hide_from: HideFrom,
    /// Where its value axis goes.
    pub placement: AxisPlacement,
    /// How it is drawn (transform, fill, line width and style; unset: no transform, no fill, 1 px, solid).
    pub draw: SeriesDraw,
}

/// A gap is a time without samples longer than this many typical steps (Prometheus range results are
/// step-aligned, so one missing sample already breaks the line).
pub const GAP_FACTOR: f64 = 1.5;

/// Prepares series for a chart `width_px` wide showing `start_ms..=end_ms`, coloured from `palette`.
/// `names[i]` (when present and not blank) is the legend of `series[i]`.
pub fn prepare(series: &[Series], names: &[String], start_ms: i64, end_ms: i64, width_px: u32, palette: Palette) -> Vec<SeriesView> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let keys: Vec<String> = series
        .iter()
        .map(|s| {
            let base = s.labels.to_string();
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}#{n}")
            }
        })
        .collect();
    let colors = colors_for_keys(&keys, palette);
    series
        .iter()
        .zip(keys)
        .zip(colors)
        .enumerate()
        .map(|(i, ((s, key), color))| {
            let name = match names.get(i).map(|n| n.trim()) {
                Some(n) if !n.is_empty() => n.to_string(),
                _ => default_name(&s.labels),
            };
            let (points, step_ms) = decimate(&s.points, start_ms, end_ms, width_px);
            SeriesView { key, name, color, points, hidden: false, step_ms, unit: None, hide_from: HideFrom::default(), placement: AxisPlacement::Auto, draw: SeriesDraw::default() }
        })
        .collect()
}

/// The legend text of a series of query `ref_id` on a chart of several queries: `A: <legend>`, or
/// `A: metric{labels}` when the legend is blank.
pub fn with_query(ref_id: &str, legend: &str, labels: &Labels) -> String {
    let name = match legend.trim() {
        "" => default_name(labels),
        l => l.to_string(),
    };
    format!("{ref_id}: {name}")
}

/// `metric{a="1"}` (Prometheus style), `{a="1"}` without a metric name, `{}` for no labels.
pub fn default_name(labels: &Labels) -> String {
    let metric = labels.get("__name__").unwrap_or("").to_string();
    let rest: Labels = labels.iter().filter(|(k, _)| *k != "__name__").collect();
    if rest.is_empty() && !metric.is_empty() {
        metric
    } else {
        format!("{metric}{rest}")
    }
}

/// The median spacing of consecutive distinct timestamps (sampled: at most ~4096 deltas are looked at).
pub fn typical_step(points: &[Point]) -> i64 {
    let n = points.len();
    if n < 2 {
        return 0;
    }
    let stride = (n / 4096).max(1);
    let mut deltas: Vec<i64> = (1..n)
        .step_by(stride)
        .filter_map(|i| {
            let (a, b) = (points.get(i - 1)?, points.get(i)?);
            let d = b.t_ms.saturating_sub(a.t_ms);
            (d > 0).then_some(d)
        })
        .collect();
    if deltas.is_empty() {
        return 0;
    }
    let mid = deltas.len() / 2;
    let (_, m, _) = deltas.select_nth_unstable(mid);
    *m
}

#[derive(Clone, Copy)]
struct Bucket {
    col: i64,
    first: (usize, Point),
    min: (usize, Point),
    max: (usize, Point),
    last: (usize, Point),
}

impl Bucket {
    fn new(col: i64, i: usize, p: Point) -> Self {
        Bucket { col, first: (i, p), min: (i, p), max: (i, p), last: (i, p) }
    }
    fn add(&mut self, i: usize, p: Point) {
        if p.v < self.min.1.v {
            self.min = (i, p);
        }
        if p.v > self.max.1.v {
            self.max = (i, p);
        }
        self.last = (i, p);
    }
    fn emit(&self, out: &mut Vec<Point>) {
        let mut four = [self.first, self.min, self.max, self.last];
        crate::sort::by_key(&mut four, |(i, _)| *i);
        let mut prev = usize::MAX;
        for (i, p) in four {
            if i != prev {
                out.push(p);
                prev = i;
            }
        }
    }
}

/// Decimates one series for `width_px` columns over `start_ms..=end_ms`: per column and unbroken run, the
/// first, minimum, maximum and last samples are kept (so spikes survive); NaN samples and time gaps become one
/// NaN marker point. Returns the points and the typical spacing (see `SeriesView::step_ms`). O(n) for sorted
/// input (unsorted input is sorted first).
pub fn decimate(points: &[Point], start_ms: i64, end_ms: i64, width_px: u32) -> (Vec<Point>, i64) {
    let (lo, hi) = (start_ms.min(end_ms), start_ms.max(end_ms));
    let sorted: Cow<[Point]> = if points.windows(2).all(|w| w[0].t_ms <= w[1].t_ms) {
        Cow::Borrowed(points)
    } else {
        let mut v = points.to_vec();
        crate::sort::by_key(&mut v, |p| p.t_ms);
        Cow::Owned(v)
    };
    let pts: &[Point] = &sorted;
    let i0 = pts.partition_point(|p| p.t_ms < lo);
    let i1 = pts.partition_point(|p| p.t_ms <= hi);
    let a = i0.saturating_sub(1);
    let b = if i1 < pts.len() { i1 + 1 } else { i1 };
    let in_range = pts.get(i0..i1).unwrap_or(&[]);
    let slice = pts.get(a..b).unwrap_or(&[]);
    let step = if in_range.len() >= 2 { typical_step(in_range) } else { typical_step(slice) };

    let width = width_px.max(1) as i64;
    let span = (hi as i128 - lo as i128) as f64;
    let col_ms = span / width as f64;
    let col_of = |t: i64| -> i64 {
        if t < lo {
            -1
        } else if t > hi {
            width
        } else if col_ms <= 0.0 {
            0
        } else {
            (((t as i128 - lo as i128) as f64 / col_ms).floor() as i64).clamp(0, width - 1)
        }
    };
    let threshold = if step > 0 { (GAP_FACTOR * step as f64).max(col_ms) } else { f64::INFINITY };

    let mut out: Vec<Point> = Vec::with_capacity(slice.len().min(4 * width as usize + 8));
    let mut bucket: Option<Bucket> = None;
    let mut prev_t: Option<i64> = None;
    let push_gap = |out: &mut Vec<Point>, t: i64| {
        if out.last().is_some_and(|p| !p.v.is_nan()) {
            out.push(Point { t_ms: t, v: f64::NAN });
        }
    };
    for (i, p) in slice.iter().enumerate() {
        if p.v.is_nan() {
            if let Some(bk) = bucket.take() {
                bk.emit(&mut out);
            }
            push_gap(&mut out, p.t_ms);
            prev_t = None;
            continue;
        }
        if let Some(pt) = prev_t {
            let dt = (p.t_ms as i128 - pt as i128) as f64;
            if dt > threshold {
                if let Some(bk) = bucket.take() {
                    bk.emit(&mut out);
                }
                push_gap(&mut out, pt.saturating_add(p.t_ms.saturating_sub(pt) / 2));
            }
        }
        let col = col_of(p.t_ms);
        match bucket.as_mut() {
            Some(bk) if bk.col == col => bk.add(i, *p),
            _ => {
                if let Some(bk) = bucket.take() {
                    bk.emit(&mut out);
                }
                bucket = Some(Bucket::new(col, i, *p));
            }
        }
        prev_t = Some(p.t_ms);
    }
    if let Some(bk) = bucket.take() {
        bk.emit(&mut out);
    }
    if out.last().is_some_and(|p| p.v.is_nan()) {
        out.pop();
    }
    let decimated = out.len() < slice.len();
    let step_ms = if decimated { step.max(col_ms.ceil() as i64) } else { step };
    (out, step_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(t: i64, v: f64) -> Point {
        Point { t_ms: t, v }
    }

    fn series(labels: &[(&str, &str)], pts: Vec<Point>) -> Series {
        Series { labels: labels.iter().map(|(k, v)| (*k, *v)).collect(), points: pts, histograms: Vec::new() }
    }

    /// Deterministic noisy data with occasional spikes.
    fn noisy(n: usize, step: i64) -> Vec<Point> {
        let mut x: u64 = 0x1234_5678;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let mut v = (x % 1000) as f64 / 10.0;
                if i % 9973 == 0 {
                    v = 5000.0 + i as f64;
                }
                pt(i as i64 * step, v)
            })
            .collect()
    }

    fn col_minmax(points: &[Point], lo: i64, hi: i64, width: i64) -> Vec<Option<(f64, f64)>> {
        let mut cols = vec![None::<(f64, f64)>; width as usize];
        let span = (hi - lo) as f64;
        for p in points.iter().filter(|p| !p.v.is_nan() && p.t_ms >= lo && p.t_ms <= hi) {
            let c = (((p.t_ms - lo) as f64 / (span / width as f64)).floor() as i64).clamp(0, width - 1) as usize;
            let e = cols[c].get_or_insert((p.v, p.v));
            e.0 = e.0.min(p.v);
            e.1 = e.1.max(p.v);
        }
        cols
    }

    #[test]
    fn decimation_keeps_per_column_min_and_max() {
        let pts = noisy(100_000, 1000);
        let (lo, hi) = (0, 99_999_000);
        let width = 800;
        let (d, step) = decimate(&pts, lo, hi, width);
        assert!(d.len() <= 4 * width as usize, "{} points", d.len());
        assert!(d.len() >= width as usize);
        assert_eq!(col_minmax(&pts, lo, hi, width as i64), col_minmax(&d, lo, hi, width as i64));
        assert!(step >= 1000);
        // Time order is kept.
        assert!(d.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
        // The spikes survive.
        assert!(d.iter().any(|p| p.v == 5000.0 + 9973.0 * 5.0));
    }

    #[test]
    fn a_million_points_become_a_few_thousand() {
        let pts = noisy(1_000_000, 15);
        let width = 1200;
        let (d, _) = decimate(&pts, 0, 15 * 999_999, width);
        assert!(d.len() <= 4 * width as usize, "{}", d.len());
        assert!(d.len() > 1000);
    }

    #[test]
    fn sparse_data_is_kept_whole_and_gaps_break_lines() {
        // 15 s step, samples missing between 150 s and 300 s.
        let mut pts: Vec<Point> = (0..=10).map(|i| pt(i * 15_000, i as f64)).collect();
        pts.extend((20..=30).map(|i| pt(i * 15_000, i as f64)));
        let (d, step) = decimate(&pts, 0, 450_000, 1000);
        assert_eq!(step, 15_000);
        assert_eq!(d.len(), pts.len() + 1);
        let nan: Vec<&Point> = d.iter().filter(|p| p.v.is_nan()).collect();
        assert_eq!(nan.len(), 1);
        assert!(nan[0].t_ms > 150_000 && nan[0].t_ms < 300_000);
        // Undecimated comparison: same finite points.
        let finite: Vec<Point> = d.iter().copied().filter(|p| !p.v.is_nan()).collect();
        assert_eq!(finite, pts);
    }

    #[test]
    fn gaps_survive_decimation() {
        let mut pts = noisy(50_000, 10);
        pts.retain(|p| !(200_000..300_000).contains(&p.t_ms));
        let (d, _) = decimate(&pts, 0, 500_000, 500);
        let gaps: Vec<&Point> = d.iter().filter(|p| p.v.is_nan()).collect();
        assert_eq!(gaps.len(), 1);
        assert!((200_000..300_000).contains(&gaps[0].t_ms));
        assert_eq!(col_minmax(&pts, 0, 500_000, 500), col_minmax(&d, 0, 500_000, 500));
    }

    #[test]
    fn nan_samples_are_gaps_and_inf_is_kept() {
        let pts = vec![pt(0, 1.0), pt(10, f64::NAN), pt(20, f64::NAN), pt(30, f64::INFINITY), pt(40, 2.0), pt(50, f64::NAN)];
        let (d, _) = decimate(&pts, 0, 50, 100);
        assert_eq!(d.len(), 4);
        assert!(d[1].v.is_nan());
        assert_eq!(d[2].v, f64::INFINITY);
        assert_eq!(d[3].v, 2.0);
        // All NaN: nothing to draw.
        let (d, _) = decimate(&[pt(0, f64::NAN), pt(1, f64::NAN)], 0, 10, 10);
        assert!(d.is_empty());
    }

    #[test]
    fn keeps_one_point_outside_each_edge() {
        let pts: Vec<Point> = (0..100).map(|i| pt(i * 10, i as f64)).collect();
        let (d, _) = decimate(&pts, 205, 705, 1000);
        assert_eq!(d.first().map(|p| p.t_ms), Some(200));
        assert_eq!(d.last().map(|p| p.t_ms), Some(710));
        assert_eq!(d.len(), 52);
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        assert!(decimate(&[], 0, 0, 0).0.is_empty());
        let one = [pt(5, 1.0)];
        assert_eq!(decimate(&one, 5, 5, 0).0, one.to_vec());
        assert_eq!(decimate(&one, 10, 0, 100).0, one.to_vec());
        let extreme = [pt(i64::MIN, 1.0), pt(0, 2.0), pt(i64::MAX, 3.0)];
        assert_eq!(decimate(&extreme, i64::MIN, i64::MAX, 10).0.len(), 3);
        // Unsorted input is sorted.
        let (d, _) = decimate(&[pt(30, 3.0), pt(10, 1.0), pt(20, 2.0)], 0, 30, 100);
        assert_eq!(d.iter().map(|p| p.t_ms).collect::<Vec<_>>(), vec![10, 20, 30]);
    }

    #[test]
    fn prepare_names_keys_and_colors() {
        let a = series(&[("__name__", "up"), ("job", "api")], vec![pt(0, 1.0)]);
        let b = series(&[("job", "db")], vec![pt(0, 0.0)]);
        let v = prepare(&[a.clone(), b, a], &["".into(), "DB {{job}}".into()], 0, 10, 100, Palette::Classic);
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].name, "up{job=\"api\"}");
        assert_eq!(v[1].name, "DB {{job}}");
        assert_eq!(v[0].key, "{__name__=\"up\", job=\"api\"}");
        assert_eq!(v[2].key, "{__name__=\"up\", job=\"api\"}#2");
        assert_ne!(v[0].color, v[1].color);
        assert_ne!(v[0].color, v[2].color);
        assert!(!v[0].hidden);
        assert_eq!(default_name(&Labels::new()), "{}");
        assert_eq!(default_name(&[("__name__", "up")].into_iter().collect()), "up");
    }

    #[test]
    fn legends_of_several_queries_name_their_query() {
        let l: Labels = [("service_name", "api")].into_iter().collect();
        assert_eq!(with_query("A", "", &l), "A: {service_name=\"api\"}");
        assert_eq!(with_query("B", " p95 ", &Labels::new()), "B: p95");
        assert_eq!(with_query("B", "", &Labels::new()), "B: {}");
    }
}
