//! The time-series chart: grid, axes (a right one for a second unit), series as lines/points/bars/stacked
//! areas each scaled on its unit's axis in its draw style (transform, fill, line width, dashes), exemplar
//! diamonds in their series' colour and the drag selection, drawn on any plotters backend; returns the pixel
//! layout the UI uses for hit-testing.

use plotters::prelude::*;
use plotters::coord::Shift;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{linear_ticks, log_ticks, time_axis_ticks, value_labels};
use super::axis_range::AxisBounds;
use super::strokes::{area_to, dashes, transformed};
use super::theme::{ChartTheme, Rgb};
use crate::dashboard::{SeriesDraw, SeriesStyle, Transform};
use crate::telemetry::{Exemplar, Point};
use crate::view::axes::{plan, AxisPlan, Side};
use crate::view::exemplars::ExemplarOwner;
use crate::view::series_fields::ThresholdMarks;
use crate::view::series_view::SeriesView;
use crate::view::units::Unit;

/// How series are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DrawStyle {
    #[default]
    Lines,
    Points,
    Bars,
    /// Areas stacked on each other (series summed in order).
    Stacked,
}

/// Everything one chart drawing needs.
#[derive(Clone, Copy, Debug)]
pub struct TimeSeriesSpec<'a> {
    pub views: &'a [SeriesView],
    pub exemplars: &'a [Exemplar],
    /// Per exemplar (`view::exemplars::owners`): its series; missing entries are unmatched.
    pub exemplar_owners: &'a [ExemplarOwner],
    pub start_ms: i64,
    pub end_ms: i64,
    /// The unit of series that have none of their own (`SeriesView::unit`).
    pub unit: Unit,
    pub log_scale: bool,
    pub style: DrawStyle,
    pub theme: &'a ChartTheme,
    /// Minutes east of UTC the time labels are written in.
    pub tz_offset_min: i32,
    /// A time range being drag-selected, drawn as a shaded band.
    pub selection: Option<(i64, i64)>,
    /// Threshold steps drawn as lines and/or shaded bands on the left axis (a dashboard panel's).
    pub thresholds: Option<&'a ThresholdMarks>,
    /// Fixed and soft bounds of the value axes (a dashboard panel's min/max); default: fitted to the data.
    pub bounds: AxisBounds,
}

/// Where things landed, in pixels of the drawing area.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLayout {
    /// Plot rectangle (x0, y0, x1, y1): left, top, right, bottom.
    pub plot: (i32, i32, i32, i32),
    /// Time range of the x axis (end > start).
    pub start_ms: i64,
    pub end_ms: i64,
    /// Value range of the (left) y axis (for log scale, the positive bounds).
    pub y_min: f64,
    pub y_max: f64,
    pub log_scale: bool,
    /// Which axis each series is on and the axes' units.
    pub axes: AxisPlan,
    /// Value range of the right y axis, when one is drawn.
    pub right: Option<(f64, f64)>,
    /// One entry per exemplar of the spec, in the same order: its diamond's centre, or (NaN, NaN) when it is
    /// not shown (outside the range, non-finite, its series hidden).
    pub exemplar_xy: Vec<(f64, f64)>,
    /// Value ticks (pixel y, label) of the left and right axes and time ticks (pixel x, label) as drawn.
    pub y_ticks: Vec<(f64, String)>,
    pub y2_ticks: Vec<(f64, String)>,
    pub x_ticks: Vec<(f64, String)>,
    /// Per drawn threshold step (the base step has none): its value on the left axis and its pixel row.
    pub threshold_y: Vec<(f64, f64)>,
}

impl ChartLayout {
    fn plot_w(&self) -> f64 {
        (self.plot.2 - self.plot.0) as f64
    }
    fn plot_h(&self) -> f64 {
        (self.plot.3 - self.plot.1) as f64
    }
    fn span_ms(&self) -> f64 {
        (self.end_ms as i128 - self.start_ms as i128).max(1) as f64
    }

    /// The time at pixel column `x`, clamped to the axis range.
    pub fn x_to_ms(&self, x: f64) -> i64 {
        let w = self.plot_w();
        if !x.is_finite() || w <= 0.0 {
            return self.start_ms;
        }
        let f = ((x - self.plot.0 as f64) / w).clamp(0.0, 1.0);
        let t = self.start_ms as f64 + f * self.span_ms();
        let (a, b) = (self.start_ms.min(self.end_ms), self.start_ms.max(self.end_ms));
        (t.round() as i64).max(a).min(b)
    }

    /// The pixel column of time `ms` (not clamped: times outside the range fall outside the plot).
    pub fn ms_to_x(&self, ms: i64) -> f64 {
        let f = (ms as i128 - self.start_ms as i128) as f64 / self.span_ms();
        self.plot.0 as f64 + f * self.plot_w()
    }

    /// The pixel row of value `v` (not clamped). ±Inf give ∓Inf; on a log scale values ≤ 0 give +Inf
    /// (below the plot).
    pub fn value_to_y(&self, v: f64) -> f64 {
        self.scale_y(self.y_min, self.y_max, v)
    }

    /// `value_to_y` on the axis `side` (the left one when no right axis is drawn).
    pub fn value_to_y_on(&self, side: Side, v: f64) -> f64 {
        match (side, self.right) {
            (Side::Right, Some((lo, hi))) => self.scale_y(lo, hi, v),
            _ => self.value_to_y(v),
        }
    }

    /// This layout with the right axis' range as its y range (for drawing the series on that axis).
    fn on_right(&self) -> Option<ChartLayout> {
        let (y_min, y_max) = self.right?;
        Some(ChartLayout {
            y_min,
            y_max,
            exemplar_xy: Vec::new(),
            y_ticks: Vec::new(),
            y2_ticks: Vec::new(),
            x_ticks: Vec::new(),
            threshold_y: Vec::new(),
            ..self.clone()
        })
    }

    fn scale_y(&self, y_min: f64, y_max: f64, v: f64) -> f64 {
        let (lo, hi, v) = if self.log_scale {
            if v.is_nan() {
                return f64::NAN;
            }
            if v <= 0.0 {
                return f64::INFINITY;
            }
            (y_min.log10(), y_max.log10(), v.log10())
        } else {
            (y_min, y_max, v)
        };
        let range = hi - lo;
        if !(range.is_finite() && range > 0.0) {
            return self.plot.3 as f64 - self.plot_h() / 2.0;
        }
        self.plot.3 as f64 - (v - lo) / range * self.plot_h()
    }

    /// The value at pixel row `y`.
    pub fn y_to_value(&self, y: f64) -> f64 {
        let h = self.plot_h();
        if h <= 0.0 || !y.is_finite() {
            return f64::NAN;
        }
        let f = (self.plot.3 as f64 - y) / h;
        if self.log_scale {
            let (lo, hi) = (self.y_min.log10(), self.y_max.log10());
            10f64.powf(lo + f * (hi - lo))
        } else {
            self.y_min + f * (self.y_max - self.y_min)
        }
    }

    /// `value_to_y` clamped into the plot (so ±Inf sit on its edges), as a pixel coordinate.
    fn y_px(&self, v: f64) -> i32 {
        let y = self.value_to_y(v);
        let y = if y.is_nan() { self.plot.3 as f64 } else { y };
        clampf(y, self.plot.1 as f64, self.plot.3 as f64).round() as i32
    }

    fn x_px(&self, ms: i64) -> i32 {
        self.ms_to_x(ms).clamp(-1e6, 1e6).round() as i32
    }
}

/// `v` limited to the interval between `a` and `b` (in either order); NaN stays NaN. Never panics.
fn clampf(v: f64, a: f64, b: f64) -> f64 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Series values summed in order at the union of their sample times (missing samples count as 0).
struct Stack {
    times: Vec<i64>,
    /// (view index, cumulative top per time); the base of layer k is the top of layer k-1 (0 for the first).
    layers: Vec<(usize, Vec<f64>)>,
}

fn value_for_stack(points: &[Point], t: i64) -> f64 {
    let i = points.partition_point(|p| p.t_ms < t);
    let v = match (i.checked_sub(1).and_then(|j| points.get(j)), points.get(i)) {
        (_, Some(r)) if r.t_ms == t => r.v,
        (Some(l), Some(r)) if !l.v.is_nan() && !r.v.is_nan() => {
            let f = (t as i128 - l.t_ms as i128) as f64 / (r.t_ms as i128 - l.t_ms as i128).max(1) as f64;
            l.v + (r.v - l.v) * f
        }
        _ => 0.0,
    };
    if v.is_finite() {
        v.clamp(-1e300, 1e300)
    } else {
        0.0
    }
}

/// The series of `visible` in stacks, one per stack group in order of first appearance ([`SeriesDraw::stack_group`]:
/// a panel drawn `stacked` puts every series without a stacking of its own in one), and those drawn on their own.
fn stacks_of(views: &[SeriesView], visible: &[usize], stacked: bool, lo: i64, hi: i64, width_px: i32) -> (Vec<Stack>, Vec<usize>) {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut alone = Vec::new();
    for &i in visible {
        match views.get(i).and_then(|v| v.draw.stack_group(stacked)) {
            Some(g) => match groups.iter_mut().find(|(name, _)| *name == g) {
                Some((_, members)) => members.push(i),
                None => groups.push((g, vec![i])),
            },
            None => alone.push(i),
        }
    }
    (groups.iter().map(|(_, members)| build_stack(views, members, lo, hi, width_px)).collect(), alone)
}

/// Stacks the visible series at the union of their sample times; when that is more than two per pixel column
/// (decimated series have their own sample times), at two evenly spaced times per column instead.
fn build_stack(views: &[SeriesView], visible: &[usize], lo: i64, hi: i64, width_px: i32) -> Stack {
    let mut times: Vec<i64> = visible
        .iter()
        .filter_map(|&i| views.get(i))
        .flat_map(|v| v.points.iter().filter(|p| !p.v.is_nan() && p.t_ms >= lo && p.t_ms <= hi).map(|p| p.t_ms))
        .collect();
    times.sort_unstable();
    times.dedup();
    let max_times = (2 * width_px.max(1)) as usize;
    if times.len() > max_times {
        let (first, last) = (times.first().copied().unwrap_or(lo), times.last().copied().unwrap_or(hi));
        let span = (last as i128 - first as i128) as f64;
        times = (0..max_times)
            .map(|k| first.saturating_add((span * k as f64 / (max_times - 1) as f64) as i64))
            .collect();
        times.dedup();
    }
    let mut base = vec![0.0; times.len()];
    let mut layers = Vec::new();
    for &i in visible {
        let Some(v) = views.get(i) else { continue };
        let top: Vec<f64> = times.iter().zip(&base).map(|(&t, b)| b + value_for_stack(&v.points, t)).collect();
        base.clone_from(&top);
        layers.push((i, top));
    }
    Stack { times, layers }
}

/// Clips a run of (time, value) points to `lo..=hi` by interpolating at the edges.
fn clip_run(run: &[Point], lo: i64, hi: i64) -> Vec<Point> {
    let interp = |a: &Point, b: &Point, t: i64| -> Point {
        let d = (b.t_ms as i128 - a.t_ms as i128) as f64;
        let v = if d > 0.0 && a.v.is_finite() && b.v.is_finite() {
            a.v + (b.v - a.v) * ((t as i128 - a.t_ms as i128) as f64 / d)
        } else if (t as i128 - a.t_ms as i128).abs() <= (b.t_ms as i128 - t as i128).abs() {
            a.v
        } else {
            b.v
        };
        Point { t_ms: t, v }
    };
    let mut out = Vec::with_capacity(run.len());
    for (k, p) in run.iter().enumerate() {
        let inside = p.t_ms >= lo && p.t_ms <= hi;
        let prev = k.checked_sub(1).and_then(|j| run.get(j));
        if let Some(q) = prev {
            if q.t_ms < lo && p.t_ms >= lo {
                out.push(interp(q, p, lo));
            }
            if q.t_ms <= hi && p.t_ms > hi {
                out.push(interp(q, p, hi));
            }
        }
        if inside {
            out.push(*p);
        }
    }
    out
}

/// Runs of consecutive non-NaN points (NaN points are gaps).
fn runs(points: &[Point]) -> impl Iterator<Item = &[Point]> {
    points.split(|p| p.v.is_nan()).filter(|r| !r.is_empty())
}

type DrawResult = Result<(), String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    format!("chart drawing failed: {e}")
}

/// The value range (lo, hi, any data) of the `stacks` and the series `visible` on their own in `start..=end`; log scales
/// take positive values only.
fn value_range(spec: &TimeSeriesSpec, stacks: &[Stack], visible: &[usize], start: i64, end: i64) -> (f64, f64, bool) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut any_data = false;
    let mut take = |v: f64| {
        if v.is_finite() && (!spec.log_scale || v > 0.0) {
            let v = v.clamp(-1e300, 1e300);
            lo = lo.min(v);
            hi = hi.max(v);
        }
    };
    for s in stacks {
        for (_, top) in &s.layers {
            top.iter().for_each(|v| take(*v));
        }
        if !s.times.is_empty() && !s.layers.is_empty() {
            any_data = true;
            take(0.0);
        }
    }
    let mut alone_data = false;
    for &i in visible {
        if let Some(v) = spec.views.get(i) {
            for p in v.points.iter().filter(|p| p.t_ms >= start && p.t_ms <= end && !p.v.is_nan()) {
                alone_data = true;
                take(p.v);
            }
        }
    }
    // Bars stand on zero.
    if visible.iter().filter_map(|&i| spec.views.get(i)).any(|v| own_style(v, spec.style) == DrawStyle::Bars) && alone_data {
        take(0.0);
    }
    (lo, hi, any_data || alone_data)
}

/// Axis bounds and ticks for data `lo..=hi` (no data: 0..1, or 1..10 on a log scale).
fn axis_ticks(lo: f64, hi: f64, log_scale: bool, target: usize, unit: Unit) -> (f64, f64, Vec<f64>) {
    if log_scale {
        let (a, b) = if lo <= hi { (lo, hi) } else { (1.0, 10.0) };
        log_ticks(a, b, target)
    } else {
        let (a, b) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
        linear_ticks(a, b, target, unit)
    }
}

/// `axis_ticks` of data `lo..=hi` under the spec's bounds: fixed ends replace the fitted ones.
fn bounded_ticks(spec: &TimeSeriesSpec, lo: f64, hi: f64, target: usize, unit: Unit) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = spec.bounds.fit(lo, hi, spec.log_scale);
    let (a, b, ticks) = axis_ticks(lo, hi, spec.log_scale, target, unit);
    spec.bounds.fix(a, b, ticks, spec.log_scale)
}

/// Draws the chart into `area` and returns its layout. Never panics; empty or odd data gives an empty chart
/// with axes (and a "No data" note).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, spec: &TimeSeriesSpec) -> Result<ChartLayout, String> {
    // Series with a transform are drawn (and scaled) with their values as drawn: negative-Y below the axis
    // (their exemplars too), constant flat; the caller's views keep the true values for the tip and legend.
    let (views_t, exemplars_t);
    let spec_t;
    let spec = if spec.views.iter().any(|v| v.draw.transform.is_some_and(|t| t != Transform::None)) {
        views_t = spec.views.iter().map(|v| SeriesView { points: transformed(&v.points, v.draw.transform.unwrap_or_default()), ..v.clone() }).collect::<Vec<_>>();
        exemplars_t = spec
            .exemplars
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let flip = matches!(spec.exemplar_owners.get(k), Some(ExemplarOwner::Series(i)) if spec.views.get(*i).is_some_and(|v| v.draw.transform == Some(Transform::NegativeY)));
                Exemplar { value: if flip { -e.value } else { e.value }, ..e.clone() }
            })
            .collect::<Vec<_>>();
        spec_t = TimeSeriesSpec { views: &views_t, exemplars: &exemplars_t, ..*spec };
        &spec_t
    } else {
        spec
    };
    let theme = spec.theme;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w.min(100_000) as i32, h.min(100_000) as i32);
    let start = spec.start_ms.min(spec.end_ms);
    let mut end = spec.start_ms.max(spec.end_ms);
    if end == start {
        end = start.saturating_add(1);
    }
    let start = if end == start { start - 1 } else { start };
    let units: Vec<Unit> = spec.views.iter().map(|v| v.unit.unwrap_or(spec.unit)).collect();
    let shown: Vec<bool> = spec.views.iter().map(|v| !v.hidden).collect();
    let placements: Vec<_> = spec.views.iter().map(|v| v.placement).collect();
    let axes = plan(&units, &placements, &shown, spec.unit);
    let mut layout = ChartLayout {
        plot: (0, 0, w, h),
        start_ms: start,
        end_ms: end,
        y_min: 0.0,
        y_max: 1.0,
        log_scale: spec.log_scale,
        axes: axes.clone(),
        right: None,
        exemplar_xy: vec![(f64::NAN, f64::NAN); spec.exemplars.len()],
        y_ticks: Vec::new(),
        y2_ticks: Vec::new(),
        x_ticks: Vec::new(),
        threshold_y: Vec::new(),
    };
    if w <= 0 || h <= 0 {
        return Ok(layout);
    }
    area.fill(&rgb(theme.background)).map_err(err)?;

    let visible: Vec<usize> = spec.views.iter().enumerate().filter(|(_, v)| !v.hidden).map(|(i, _)| i).collect();
    let on_side = |side: Side| -> Vec<usize> { visible.iter().copied().filter(|&i| axes.side(i) == side).collect() };
    let (vis_l, vis_r) = (on_side(Side::Left), on_side(Side::Right));
    let has_right = axes.right.is_some() && !vis_r.is_empty();
    // Series stack per axis (different units never add up).
    let stacked = spec.style == DrawStyle::Stacked;
    let (stacks_l, alone_l) = stacks_of(spec.views, &vis_l, stacked, start, end, w);
    let (stacks_r, alone_r) = if has_right { stacks_of(spec.views, &vis_r, stacked, start, end, w) } else { (Vec::new(), vis_r.clone()) };

    // Value range of what is visible, per axis.
    let (mut lo, mut hi, any_l) = value_range(spec, &stacks_l, &alone_l, start, end);
    let (mut lo_r, mut hi_r, any_r) = value_range(spec, &stacks_r, &alone_r, start, end);
    let any_data = any_l || any_r;
    // An exemplar's colour and axis; None when it is not shown (its series hidden).
    let shown_exemplar = |k: usize| -> Option<(Rgb, Side)> {
        match spec.exemplar_owners.get(k).copied().unwrap_or(ExemplarOwner::Unmatched(None)) {
            ExemplarOwner::Series(i) => {
                let v = spec.views.get(i)?;
                (!v.hidden).then_some((v.color, axes.side(i)))
            }
            ExemplarOwner::Unmatched(j) => Some((theme.exemplar, j.map(|j| axes.side(j)).unwrap_or_default())),
        }
    };
    for (k, e) in spec.exemplars.iter().enumerate() {
        if e.t_ms < start || e.t_ms > end || !e.value.is_finite() || (spec.log_scale && e.value <= 0.0) {
            continue;
        }
        let v = e.value.clamp(-1e300, 1e300);
        match shown_exemplar(k) {
            Some((_, Side::Right)) if has_right => {
                lo_r = lo_r.min(v);
                hi_r = hi_r.max(v);
            }
            Some(_) => {
                lo = lo.min(v);
                hi = hi.max(v);
            }
            None => {}
        }
    }

    // Margins: left fits the widest value label, right the widest right-axis label.
    let font_px = theme.font_size.clamp(6, 40) as i32;
    let char_w = font_px as f64 * 0.62;
    let top = (font_px / 2 + 4).min(h / 4);
    let bottom = (font_px + 10).min(h / 3);
    let plot_h_est = (h - top - bottom).max(1);
    let y_target = (plot_h_est / 40).max(2) as usize;
    let (y_min, y_max, ticks) = bounded_ticks(spec, lo, hi, y_target, axes.left);
    let labels = value_labels(&ticks, axes.left);
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    // An axis placed `hidden` has no labels and only a narrow margin.
    let left = if axes.left_hidden { 12.min(w / 10) } else { ((widest as f64 * char_w) as i32 + 10).max(24).min((w / 3).max(1)) };
    let right_axis = has_right.then(|| {
        let unit = axes.unit(Side::Right);
        let (a, b, t) = bounded_ticks(spec, lo_r, hi_r, y_target, unit);
        let l = value_labels(&t, unit);
        (a, b, t, l)
    });
    let right = match &right_axis {
        Some(_) if axes.right_hidden => 12.min(w / 10),
        Some((_, _, _, l)) => {
            let widest = l.iter().map(|l| l.chars().count()).max().unwrap_or(1);
            ((widest as f64 * char_w) as i32 + 10).max(24).min((w / 3).max(1))
        }
        None => 12.min(w / 10),
    };
    layout.plot = (left.min(w), top.min(h), (w - right).max(left.min(w)), (h - bottom).max(top.min(h)));
    layout.y_min = y_min;
    layout.y_max = y_max;
    layout.right = right_axis.as_ref().map(|(a, b, _, _)| (*a, *b));
    let (x0, y0, x1, y1) = layout.plot;
    if x1 - x0 < 4 || y1 - y0 < 4 {
        // Too small for a plot: background only.
        return Ok(layout);
    }

    let text_style = |anchor: Pos| (theme.font_family, font_px).into_font().color(&rgb(theme.text)).pos(anchor);
    let grid = ShapeStyle::from(&rgb(theme.grid)).stroke_width(1);
    // Value grid and labels.
    for (t, label) in ticks.iter().zip(&labels) {
        let y = layout.value_to_y(*t);
        if !y.is_finite() || y < y0 as f64 - 0.5 || y > y1 as f64 + 0.5 {
            continue;
        }
        let yi = y.round() as i32;
        area.draw(&PathElement::new(vec![(x0, yi), (x1, yi)], grid)).map_err(err)?;
        if axes.left_hidden {
            continue;
        }
        area.draw(&Text::new(label.clone(), (x0 - 5, yi), text_style(Pos::new(HPos::Right, VPos::Center)))).map_err(err)?;
        layout.y_ticks.push((y, label.clone()));
    }
    // Right axis labels (no grid of their own: the left grid serves both).
    if let Some((_, _, t2, l2)) = right_axis.as_ref().filter(|_| !axes.right_hidden) {
        for (t, label) in t2.iter().zip(l2) {
            let y = layout.value_to_y_on(Side::Right, *t);
            if !y.is_finite() || y < y0 as f64 - 0.5 || y > y1 as f64 + 0.5 {
                continue;
            }
            let yi = y.round() as i32;
            area.draw(&PathElement::new(vec![(x1, yi), (x1 + 3, yi)], ShapeStyle::from(&rgb(theme.axis)).stroke_width(1))).map_err(err)?;
            area.draw(&Text::new(label.clone(), (x1 + 5, yi), text_style(Pos::new(HPos::Left, VPos::Center)))).map_err(err)?;
            layout.y2_ticks.push((y, label.clone()));
        }
    }
    // Time grid and labels.
    for (x, label) in time_axis_ticks(start, end, x0, x1, char_w, spec.tz_offset_min, |t| layout.ms_to_x(t)) {
        let xi = x.round() as i32;
        area.draw(&PathElement::new(vec![(xi, y0), (xi, y1)], grid)).map_err(err)?;
        area.draw(&Text::new(label.clone(), (xi, y1 + 4), text_style(Pos::new(HPos::Center, VPos::Top)))).map_err(err)?;
        layout.x_ticks.push((x, label));
    }

    // Thresholds under the series.
    if let Some(marks) = spec.thresholds {
        let (a, b) = (marks.min.unwrap_or(lo), marks.max.unwrap_or(hi));
        layout.threshold_y = draw_thresholds(area, &layout, marks, (a.is_finite() && b.is_finite()).then_some((a, b)))?;
    }

    // Series, each on its axis.
    let right_l = layout.on_right();
    let layout_of = |side: Side| -> &ChartLayout {
        match (side, &right_l) {
            (Side::Right, Some(r)) => r,
            _ => &layout,
        }
    };
    for (side, vis, stacks) in [(Side::Left, &alone_l, &stacks_l), (Side::Right, &alone_r, &stacks_r)] {
        let l = layout_of(side);
        for s in stacks {
            draw_stack(area, l, spec.views, s)?;
        }
        // Each series on its own in its override's style, else the chart's.
        for &i in vis.iter() {
            let Some(v) = spec.views.get(i) else { continue };
            match own_style(v, spec.style) {
                DrawStyle::Points => {
                    let style = rgb(v.color).filled();
                    for p in v.points.iter().filter(|p| !p.v.is_nan() && p.t_ms >= start && p.t_ms <= end) {
                        area.draw(&Circle::new((l.x_px(p.t_ms), l.y_px(p.v)), 2, style)).map_err(err)?;
                    }
                }
                DrawStyle::Bars => draw_bars(area, l, spec.views, &[i])?,
                _ => {
                    let (width, pattern, fill) = look(&v.draw);
                    draw_lines(area, l, v.color, &v.points, width, &pattern, fill)?;
                }
            }
        }
    }

    // Exemplars: small, slightly transparent diamonds in their series' colour, on top of the series.
    let outline = ShapeStyle::from(&rgb(theme.exemplar_outline).mix(0.8)).stroke_width(1);
    let mut placed = Vec::new();
    for (k, e) in spec.exemplars.iter().enumerate() {
        let Some((color, side)) = shown_exemplar(k) else { continue };
        if e.t_ms < start || e.t_ms > end || !e.value.is_finite() || (spec.log_scale && e.value <= 0.0) {
            continue;
        }
        let x = layout.ms_to_x(e.t_ms);
        let y = clampf(layout_of(side).value_to_y(e.value), y0 as f64, y1 as f64);
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        let (xi, yi) = (x.round() as i32, y.round() as i32);
        let r = EXEMPLAR_RADIUS;
        let pts = vec![(xi, yi - r), (xi + r, yi), (xi, yi + r), (xi - r, yi)];
        area.draw(&Polygon::new(pts.clone(), rgb(color).mix(EXEMPLAR_ALPHA).filled())).map_err(err)?;
        let mut closed = pts;
        closed.push((xi, yi - r));
        area.draw(&PathElement::new(closed, outline)).map_err(err)?;
        placed.push((k, x, y));
    }
    for (k, x, y) in placed {
        if let Some(slot) = layout.exemplar_xy.get_mut(k) {
            *slot = (x, y);
        }
    }

    // Drag selection.
    if let Some((a, b)) = spec.selection {
        let xa = clampf(layout.ms_to_x(a.min(b)), x0 as f64, x1 as f64).round() as i32;
        let xb = clampf(layout.ms_to_x(a.max(b)), x0 as f64, x1 as f64).round() as i32;
        let c = rgb(theme.selection);
        area.draw(&Rectangle::new([(xa, y0), (xb.max(xa + 1), y1)], c.mix(clampf(theme.selection_alpha, 0.0, 1.0)).filled())).map_err(err)?;
        area.draw(&Rectangle::new([(xa, y0), (xb.max(xa + 1), y1)], ShapeStyle::from(&c).stroke_width(1))).map_err(err)?;
    }

    // Axes.
    let axis = ShapeStyle::from(&rgb(theme.axis)).stroke_width(1);
    area.draw(&PathElement::new(vec![(x0, y0), (x0, y1), (x1, y1)], axis)).map_err(err)?;
    if right_axis.is_some() {
        area.draw(&PathElement::new(vec![(x1, y0), (x1, y1)], axis)).map_err(err)?;
    }
    if !any_data {
        let note = (theme.font_family, font_px + 2).into_font().color(&rgb(theme.text)).pos(Pos::new(HPos::Center, VPos::Center));
        area.draw(&Text::new("No data", ((x0 + x1) / 2, (y0 + y1) / 2), note)).map_err(err)?;
    }
    Ok(layout)
}

/// How a series drawn on its own looks: its override's lines, points or bars, else the chart's style (a
/// stacked chart's series out of the stack are lines).
fn own_style(v: &SeriesView, chart: DrawStyle) -> DrawStyle {
    match v.draw.draw_style {
        Some(SeriesStyle::Lines) => DrawStyle::Lines,
        Some(SeriesStyle::Points) => DrawStyle::Points,
        Some(SeriesStyle::Bars) => DrawStyle::Bars,
        None => chart,
    }
}

/// A series' line width (px), dash pattern (empty: solid) and fill opacity (0..1) under its draw style.
fn look(d: &SeriesDraw) -> (u32, Vec<f64>, f64) {
    let width = u32::from(d.line_width.unwrap_or(1));
    let pattern = d.line_style.as_ref().map(|s| s.pattern()).unwrap_or_default();
    (width, pattern, f64::from(d.fill_opacity.unwrap_or(0).min(100)) / 100.0)
}

/// Half the width of an exemplar diamond, px, and its fill opacity: small and see-through enough that the
/// lines under a row of exemplars stay visible.
pub const EXEMPLAR_RADIUS: i32 = 4;
pub const EXEMPLAR_ALPHA: f64 = 0.75;

/// Draws `points` as lines `width` px wide cut by the dash `pattern` (empty: solid), the area down to zero
/// filled at opacity `fill` (0: none).
fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    l: &ChartLayout,
    color: Rgb,
    points: &[Point],
    width: u32,
    pattern: &[f64],
    fill: f64,
) -> DrawResult {
    let style = rgb(color).stroke_width(width);
    let base_y = l.y_px(if l.log_scale { l.y_min } else { clampf(0.0, l.y_min, l.y_max) });
    for run in runs(points) {
        let clipped = clip_run(run, l.start_ms, l.end_ms);
        let mut px: Vec<(i32, i32)> = Vec::with_capacity(clipped.len());
        for p in &clipped {
            let q = (l.x_px(p.t_ms), l.y_px(p.v));
            if px.last() != Some(&q) {
                px.push(q);
            }
        }
        if fill > 0.0 && px.len() >= 2 {
            area.draw(&Polygon::new(area_to(&px, base_y), rgb(color).mix(fill).filled())).map_err(err)?;
        }
        match px.len() {
            _ if width == 0 => {}
            0 => {}
            1 => {
                if let Some(&c) = px.first() {
                    area.draw(&Circle::new(c, 2, rgb(color).filled())).map_err(err)?;
                }
            }
            _ => {
                for piece in dashes(&px, pattern) {
                    area.draw(&PathElement::new(piece, style)).map_err(err)?;
                }
            }
        }
    }
    Ok(())
}

fn draw_bars<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, l: &ChartLayout, views: &[SeriesView], visible: &[usize]) -> DrawResult {
    let baseline = if l.log_scale { l.y_min } else { clampf(0.0, l.y_min, l.y_max) };
    let yb = l.y_px(baseline);
    for &i in visible {
        let Some(v) = views.get(i) else { continue };
        let step_px = v.step_ms.max(0) as f64 / (l.end_ms as i128 - l.start_ms as i128).max(1) as f64 * (l.plot.2 - l.plot.0) as f64;
        let bw = if step_px > 0.0 { (step_px * 0.8).clamp(1.0, 40.0) } else { 4.0 };
        let half = (bw / 2.0).max(0.5);
        let fill = rgb(v.color).mix(0.75).filled();
        for p in v.points.iter().filter(|p| !p.v.is_nan() && p.t_ms >= l.start_ms && p.t_ms <= l.end_ms) {
            let x = l.ms_to_x(p.t_ms);
            let xa = (x - half).max(l.plot.0 as f64).round() as i32;
            let xb = (x + half).min(l.plot.2 as f64).round() as i32;
            let y = l.y_px(p.v);
            area.draw(&Rectangle::new([(xa, y.min(yb)), (xb.max(xa + 1), y.max(yb))], fill)).map_err(err)?;
        }
    }
    Ok(())
}

fn draw_stack<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, l: &ChartLayout, views: &[SeriesView], s: &Stack) -> DrawResult {
    let zeros = vec![0.0; s.times.len()];
    let mut base: &[f64] = &zeros;
    for (i, top) in &s.layers {
        let Some(v) = views.get(*i) else { continue };
        let mut poly: Vec<(i32, i32)> = s.times.iter().zip(top).map(|(t, y)| (l.x_px(*t), l.y_px(*y))).collect();
        poly.extend(s.times.iter().zip(base).rev().map(|(t, y)| (l.x_px(*t), l.y_px(*y))));
        if s.times.len() >= 2 {
            // Stacked areas are filled (at the series' own opacity when it sets one).
            let opacity = v.draw.fill_opacity.map_or(0.4, |f| f64::from(f) / 100.0);
            area.draw(&Polygon::new(poly, rgb(v.color).mix(opacity).filled())).map_err(err)?;
        }
        let line: Vec<Point> = s.times.iter().zip(top).map(|(&t_ms, &v)| Point { t_ms, v }).collect();
        let (width, pattern, _) = look(&v.draw);
        draw_lines(area, l, v.color, &line, width, &pattern, 0.0)?;
        base = top;
    }
    Ok(())
}

/// Draws threshold bands (each step from its value to the next one's, the base step from below the plot) and
/// lines at each step's value, clipped to the plot; percent steps are placed in `range` (min, max), and are
/// not drawn without one. Returns each drawn step's value and pixel row.
fn draw_thresholds<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    l: &ChartLayout,
    marks: &ThresholdMarks,
    range: Option<(f64, f64)>,
) -> Result<Vec<(f64, f64)>, String> {
    let (x0, y0, x1, y1) = l.plot;
    let value = |v: f64| -> Option<f64> {
        match (marks.percent, range) {
            (false, _) => Some(v),
            (true, Some((a, b))) => Some(a + (b - a) * v / 100.0),
            (true, None) => None,
        }
    };
    // Pixel row of each step's start (the base step: the bottom of the plot), clamped to the plot.
    let clamp_y = |y: f64| clampf(y, y0 as f64, y1 as f64);
    let rows: Vec<(Option<(f64, f64)>, Rgb)> = marks
        .steps
        .iter()
        .map(|(v, c)| (v.and_then(value).map(|v| (v, l.value_to_y(v))).filter(|(_, y)| !y.is_nan()), *c))
        .collect();
    if marks.area {
        for (k, (start, c)) in rows.iter().enumerate() {
            let bottom = match (k, start) {
                (0, None) => y1 as f64,
                (_, Some((_, y))) => clamp_y(*y),
                _ => continue,
            };
            let top = rows.get(k + 1).and_then(|(s, _)| s.map(|(_, y)| clamp_y(y))).unwrap_or(y0 as f64);
            if bottom - top >= 0.5 {
                let band = [(x0, top.round() as i32), (x1, bottom.round() as i32)];
                area.draw(&Rectangle::new(band, rgb(*c).mix(0.15).filled())).map_err(err)?;
            }
        }
    }
    let mut drawn = Vec::new();
    for (start, c) in &rows {
        let Some((v, y)) = *start else { continue };
        if y < y0 as f64 - 0.5 || y > y1 as f64 + 0.5 {
            continue;
        }
        drawn.push((v, y));
        let Some(dashed) = marks.line else { continue };
        let yi = y.round() as i32;
        let style = ShapeStyle::from(&rgb(*c)).stroke_width(1);
        if dashed {
            let mut x = x0;
            while x < x1 {
                area.draw(&PathElement::new(vec![(x, yi), ((x + 6).min(x1), yi)], style)).map_err(err)?;
                x += 10;
            }
        } else {
            area.draw(&PathElement::new(vec![(x0, yi), (x1, yi)], style)).map_err(err)?;
        }
    }
    Ok(drawn)
}
