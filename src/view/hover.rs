//! Hover: the sample time nearest the cursor and every visible series' value there, largest first.

use super::series_view::SeriesView;
use crate::telemetry::Point;

/// Nearest non-gap point of one series to `t_ms` (ties go to the earlier point).
fn nearest_point(points: &[Point], t_ms: i64) -> Option<Point> {
    let idx = points.partition_point(|p| p.t_ms < t_ms);
    let right = points.get(idx..).and_then(|r| r.iter().find(|p| !p.v.is_nan()));
    let left = points.get(..idx).and_then(|l| l.iter().rev().find(|p| !p.v.is_nan()));
    match (left, right) {
        (Some(l), Some(r)) => {
            let dl = t_ms.abs_diff(l.t_ms);
            let dr = r.t_ms.abs_diff(t_ms);
            Some(if dr < dl { *r } else { *l })
        }
        (Some(p), None) | (None, Some(p)) => Some(*p),
        (None, None) => None,
    }
}

/// The time of the sample nearest `t_ms` among the visible series; `None` when nothing is visible.
pub fn nearest_time(views: &[SeriesView], t_ms: i64) -> Option<i64> {
    views
        .iter()
        .filter(|v| !v.hidden)
        .filter_map(|v| nearest_point(&v.points, t_ms))
        .min_by_key(|p| (p.t_ms.abs_diff(t_ms), p.t_ms))
        .map(|p| p.t_ms)
}

/// `(index into views, value)` of every visible series with a sample within its step of `t_ms`, sorted by
/// value, largest first (+Inf first, -Inf last). Gaps (NaN) and series hidden from the tooltip are left out.
pub fn values_at(views: &[SeriesView], t_ms: i64) -> Vec<(usize, f64)> {
    let mut out: Vec<(usize, f64)> = views
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.hidden && !v.hide_from.tooltip)
        .filter_map(|(i, v)| {
            let p = nearest_point(&v.points, t_ms)?;
            (p.t_ms.abs_diff(t_ms) <= v.step_ms.max(0) as u64).then_some((i, p.v))
        })
        .collect();
    crate::sort::by(&mut out, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(key: &str, pts: &[(i64, f64)], step: i64) -> SeriesView {
        SeriesView {
            key: key.into(),
            name: key.into(),
            color: (1, 2, 3),
            points: pts.iter().map(|&(t_ms, v)| Point { t_ms, v }).collect(),
            hidden: false,
            step_ms: step,
            unit: None,
            hide_from: Default::default(),
            placement: Default::default(),
            draw: Default::default(),
        }
    }

    #[test]
    fn nearest_time_snaps_to_samples() {
        let v = vec![view("a", &[(0, 1.0), (15, 2.0), (30, 3.0)], 15), view("b", &[(20, 9.0)], 0)];
        assert_eq!(nearest_time(&v, 6), Some(0));
        assert_eq!(nearest_time(&v, 8), Some(15));
        assert_eq!(nearest_time(&v, 19), Some(20));
        assert_eq!(nearest_time(&v, 1000), Some(30));
        assert_eq!(nearest_time(&v, -1000), Some(0));
        assert_eq!(nearest_time(&[], 5), None);
        let mut hidden = v.clone();
        hidden.iter_mut().for_each(|s| s.hidden = true);
        assert_eq!(nearest_time(&hidden, 5), None);
    }

    #[test]
    fn values_sorted_descending_and_gaps_skipped() {
        let v = vec![
            view("a", &[(0, 1.0), (15, 2.0)], 15),
            view("b", &[(0, 5.0), (15, f64::INFINITY)], 15),
            view("c", &[(0, 3.0), (7, f64::NAN), (100, 3.0)], 15),
            view("d", &[(15, -1.0)], 15),
        ];
        assert_eq!(values_at(&v, 0), vec![(1, 5.0), (2, 3.0), (0, 1.0), (3, -1.0)]);
        // At 15: c's nearest sample (0) is 15 ms away, within its step; d has a sample there.
        assert_eq!(values_at(&v, 15), vec![(1, f64::INFINITY), (2, 3.0), (0, 2.0), (3, -1.0)]);
        // Far from any sample of a/b/d: only c (at 100) matches.
        assert_eq!(values_at(&v, 100), vec![(2, 3.0)]);
        let mut h = v.clone();
        h[1].hidden = true;
        assert_eq!(values_at(&h, 0).first(), Some(&(2, 3.0)));
        // Hidden from the tooltip only (Grafana's `hideFrom.tooltip`): drawn, but not listed.
        let mut t = v.clone();
        t[1].hide_from.tooltip = true;
        assert_eq!(values_at(&t, 0), vec![(2, 3.0), (0, 1.0), (3, -1.0)]);
    }
}
