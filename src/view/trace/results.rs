//! Trace search results: sorting the table and placing each trace on the duration-over-time scatter plot.

use crate::telemetry::TraceSummary;
use crate::time::duration::format_duration_human;
use crate::time::format::{format_tick, TimeZone};

/// Column the results are sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Start,
    Duration,
    Spans,
}

impl SortKey {
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Start => "Start",
            SortKey::Duration => "Duration",
            SortKey::Spans => "Spans",
        }
    }
}

/// Span count as the table shows it: the trace's size when known, else the matched spans.
pub fn span_count(t: &TraceSummary) -> u32 {
    t.span_count.unwrap_or(t.matched)
}

/// Indices of `list` in the order of `key` (descending when asked); ties keep the backend's order. NaN
/// durations sort as 0.
pub fn sorted_order(list: &[TraceSummary], key: SortKey, descending: bool) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..list.len()).collect();
    let dur = |t: &TraceSummary| if t.duration_ms.is_finite() { t.duration_ms } else { 0.0 };
    idx.sort_by(|&a, &b| {
        let (x, y) = (&list[a], &list[b]);
        let o = match key {
            SortKey::Start => x.start_ms.cmp(&y.start_ms),
            SortKey::Duration => dur(x).total_cmp(&dur(y)),
            SortKey::Spans => span_count(x).cmp(&span_count(y)),
        };
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    idx
}

/// The next sort after clicking column `key`: the same column flips direction, a new one starts descending.
pub fn toggle_sort(current: (SortKey, bool), key: SortKey) -> (SortKey, bool) {
    if current.0 == key {
        (key, !current.1)
    } else {
        (key, true)
    }
}

/// One trace on the scatter plot: fractions 0..1 of the plot (x from the left, y from the bottom).
#[derive(Clone, Debug, PartialEq)]
pub struct ScatterPoint {
    /// Index into the result list.
    pub index: usize,
    pub x: f64,
    pub y: f64,
    pub error: bool,
    /// Tooltip: root, duration.
    pub title: String,
}

/// The scatter plot: points, and axis ticks as (fraction, label).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scatter {
    pub points: Vec<ScatterPoint>,
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
}

/// Start time across, duration up (linear from 0 to the largest duration rounded up to 1/2/5×10ⁿ).
pub fn scatter(list: &[TraceSummary], tz: TimeZone) -> Scatter {
    if list.is_empty() {
        return Scatter::default();
    }
    let dur = |t: &TraceSummary| if t.duration_ms.is_finite() { t.duration_ms.max(0.0) } else { 0.0 };
    let t0 = list.iter().map(|t| t.start_ms).min().unwrap_or(0);
    let t1 = list.iter().map(|t| t.start_ms).max().unwrap_or(0);
    let span_ms = (t1 as i128 - t0 as i128).max(0) as f64;
    let y_max = nice_ceiling(list.iter().map(dur).fold(0.0, f64::max));
    let points = list
        .iter()
        .enumerate()
        .map(|(index, t)| {
            let x = if span_ms > 0.0 { (t.start_ms as i128 - t0 as i128) as f64 / span_ms } else { 0.5 };
            let y = if y_max > 0.0 { (dur(t) / y_max).clamp(0.0, 1.0) } else { 0.0 };
            let ns = (dur(t) * 1e6).round().clamp(0.0, i64::MAX as f64) as i64;
            ScatterPoint {
                index,
                x: x.clamp(0.0, 1.0),
                y,
                error: t.error,
                title: format!("{}: {} — {}", t.root_service, t.root_name, format_duration_human(ns)),
            }
        })
        .collect();
    let x_ticks = if span_ms > 0.0 {
        let step = ((span_ms / 4.0).round() as i64).max(1);
        (0..=4).map(|k| (k as f64 / 4.0, format_tick(t0.saturating_add(step.saturating_mul(k)), tz, step))).collect()
    } else {
        vec![(0.5, format_tick(t0, tz, 1000))]
    };
    let y_ticks = (0..=2)
        .map(|k| {
            let v = y_max * k as f64 / 2.0;
            (k as f64 / 2.0, format_duration_human((v * 1e6).round().clamp(0.0, i64::MAX as f64) as i64))
        })
        .collect();
    Scatter { points, x_ticks, y_ticks }
}

/// The smallest 1, 2 or 5 × 10ⁿ not below `x` (0 for 0 or less).
fn nice_ceiling(x: f64) -> f64 {
    if !(x > 0.0) || !x.is_finite() {
        return 0.0;
    }
    let mag = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * mag >= x * (1.0 - 1e-12) {
            return m * mag;
        }
    }
    10.0 * mag
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::TraceId;

    fn t(id: &str, start_ms: i64, duration_ms: f64, spans: Option<u32>, matched: u32) -> TraceSummary {
        TraceSummary {
            trace_id: TraceId::parse_hex(id).unwrap(),
            root_service: "svc".into(),
            root_name: "GET /".into(),
            start_ms,
            duration_ms,
            span_count: spans,
            matched,
            error: id == "c",
        }
    }

    fn list() -> Vec<TraceSummary> {
        vec![t("a", 3000, 12.0, Some(9), 1), t("b", 1000, 340.0, None, 4), t("c", 2000, f64::NAN, Some(30), 2)]
    }

    #[test]
    fn sorting() {
        let l = list();
        assert_eq!(sorted_order(&l, SortKey::Start, true), vec![0, 2, 1]);
        assert_eq!(sorted_order(&l, SortKey::Start, false), vec![1, 2, 0]);
        assert_eq!(sorted_order(&l, SortKey::Duration, true), vec![1, 0, 2]);
        assert_eq!(sorted_order(&l, SortKey::Spans, true), vec![2, 0, 1]);
        assert_eq!(sorted_order(&l, SortKey::Spans, false), vec![1, 0, 2]);
        assert!(sorted_order(&[], SortKey::Start, true).is_empty());
        assert_eq!(toggle_sort((SortKey::Start, true), SortKey::Start), (SortKey::Start, false));
        assert_eq!(toggle_sort((SortKey::Start, false), SortKey::Duration), (SortKey::Duration, true));
    }

    #[test]
    fn scatter_places_points() {
        let s = scatter(&list(), TimeZone::Utc);
        assert_eq!(s.points.len(), 3);
        // x: 1000..3000 ms; y: 0..500 ms (340 rounded up).
        assert_eq!((s.points[0].x, s.points[1].x, s.points[2].x), (1.0, 0.0, 0.5));
        assert!((s.points[1].y - 340.0 / 500.0).abs() < 1e-12);
        assert_eq!(s.points[2].y, 0.0);
        assert!(s.points[2].error && !s.points[0].error);
        assert_eq!(s.points[1].title, "svc: GET / — 340ms");
        assert_eq!(s.y_ticks.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(), vec!["0ns", "250ms", "500ms"]);
        assert_eq!(s.x_ticks.len(), 5);
        assert_eq!(s.x_ticks[0].1, "00:01.000");
        assert_eq!(scatter(&[], TimeZone::Utc), Scatter::default());
        // One trace: in the middle; zero duration at the bottom.
        let one = scatter(&[t("d", 5, 0.0, None, 0)], TimeZone::Utc);
        assert_eq!((one.points[0].x, one.points[0].y), (0.5, 0.0));
        assert_eq!(one.x_ticks.len(), 1);
    }

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(340.0), 500.0);
        assert_eq!(nice_ceiling(12.0), 20.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(0.0), 0.0);
        assert_eq!(nice_ceiling(f64::INFINITY), 0.0);
    }
}
