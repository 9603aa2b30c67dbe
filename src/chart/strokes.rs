//! A series' draw style as geometry: its values as drawn (negated below the axis, or flat at the first
//! value), a polyline cut into the dashes of a pattern, and the area between a line and the zero row.

use crate::dashboard::Transform;
use crate::telemetry::Point;

/// `points` as drawn under `t`: negated for `NegativeY` (gaps and ±Inf kept, flipped), every value the first
/// finite one for `Constant` (no finite value: unchanged).
pub fn transformed(points: &[Point], t: Transform) -> Vec<Point> {
    match t {
        Transform::None => points.to_vec(),
        Transform::NegativeY => points.iter().map(|p| Point { t_ms: p.t_ms, v: -p.v }).collect(),
        Transform::Constant => match points.iter().find(|p| p.v.is_finite()) {
            Some(first) => points.iter().map(|p| Point { t_ms: p.t_ms, v: if p.v.is_nan() { p.v } else { first.v } }).collect(),
            None => points.to_vec(),
        },
    }
}

/// The pieces of the polyline `px` drawn with `pattern` (lengths in px: mark, gap, mark, gap …, repeated
/// along the whole line); an empty pattern or one without a positive length is the line itself.
pub fn dashes(px: &[(i32, i32)], pattern: &[f64]) -> Vec<Vec<(i32, i32)>> {
    let usable = pattern.iter().all(|d| d.is_finite() && *d >= 0.0) && pattern.iter().any(|d| *d > 0.0);
    if pattern.is_empty() || !usable || px.len() < 2 {
        return vec![px.to_vec()];
    }
    let mut out: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut k = 0usize; // index into pattern: even = mark, odd = gap
    let mut left = pattern[0];
    let mut cur: Vec<(f64, f64)> = vec![(f64::from(px[0].0), f64::from(px[0].1))];
    let round = |p: &(f64, f64)| (p.0.round() as i32, p.1.round() as i32);
    let flush = |cur: &mut Vec<(f64, f64)>, out: &mut Vec<Vec<(i32, i32)>>| {
        let mut piece: Vec<(i32, i32)> = cur.iter().map(round).collect();
        piece.dedup();
        if piece.len() == 1 {
            piece.push(piece[0]);
        }
        if !piece.is_empty() {
            out.push(piece);
        }
        cur.clear();
    };
    // Bounded work: a line longer than this many pattern pieces is drawn solid past it.
    let mut budget = 20_000usize;
    for w in px.windows(2) {
        let (a, b) = ((f64::from(w[0].0), f64::from(w[0].1)), (f64::from(w[1].0), f64::from(w[1].1)));
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut pos = 0.0;
        while len - pos > left && budget > 0 {
            budget -= 1;
            pos += left;
            let f = pos / len;
            let p = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
            if k % 2 == 0 {
                cur.push(p);
                flush(&mut cur, &mut out);
            } else {
                cur.push(p);
            }
            k = (k + 1) % pattern.len();
            left = pattern[k];
        }
        left -= len - pos;
        if k % 2 == 0 || budget == 0 {
            cur.push(b);
        } else {
            cur.clear();
        }
    }
    if k % 2 == 0 || budget == 0 {
        flush(&mut cur, &mut out);
    }
    out
}

/// The polygon between the polyline `px` and the row `base_y` (the zero line, clamped to the plot).
pub fn area_to(px: &[(i32, i32)], base_y: i32) -> Vec<(i32, i32)> {
    let (Some(first), Some(last)) = (px.first(), px.last()) else { return Vec::new() };
    let mut poly = Vec::with_capacity(px.len() + 2);
    poly.push((first.0, base_y));
    poly.extend_from_slice(px);
    poly.push((last.0, base_y));
    poly
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(vs: &[f64]) -> Vec<Point> {
        vs.iter().enumerate().map(|(i, &v)| Point { t_ms: i as i64 * 1000, v }).collect()
    }

    #[test]
    fn negative_y_flips_every_value_and_keeps_gaps() {
        let got = transformed(&pts(&[1.5, f64::NAN, 0.0, f64::INFINITY]), Transform::NegativeY);
        assert_eq!(got[0].v, -1.5);
        assert!(got[1].v.is_nan());
        assert_eq!(got[2].v, 0.0);
        assert_eq!(got[3].v, f64::NEG_INFINITY);
        assert_eq!(got.iter().map(|p| p.t_ms).collect::<Vec<_>>(), vec![0, 1000, 2000, 3000]);
    }

    #[test]
    fn constant_draws_the_first_finite_value_all_along() {
        let got = transformed(&pts(&[f64::NAN, 4.0, 7.0, f64::NAN, 9.0]), Transform::Constant);
        let v: Vec<String> = got.iter().map(|p| p.v.to_string()).collect();
        assert_eq!(v, vec!["NaN", "4", "4", "NaN", "4"]);
        assert_eq!(transformed(&pts(&[3.0]), Transform::None), pts(&[3.0]));
    }

    #[test]
    fn a_dash_pattern_cuts_a_line_into_marks_and_gaps() {
        // 50 px long, 10 on 10 off: marks at 0..10, 20..30, 40..50.
        let d = dashes(&[(0, 0), (50, 0)], &[10.0, 10.0]);
        assert_eq!(d, vec![vec![(0, 0), (10, 0)], vec![(20, 0), (30, 0)], vec![(40, 0), (50, 0)]]);
        // The pattern runs on across a corner: 15 right then 15 down.
        let d = dashes(&[(0, 0), (15, 0), (15, 15)], &[10.0, 10.0]);
        assert_eq!(d, vec![vec![(0, 0), (10, 0)], vec![(15, 5), (15, 15)]]);
        // Dots: 1 px marks every 10.
        assert_eq!(dashes(&[(0, 0), (30, 0)], &[1.0, 9.0]).len(), 3);
        // No pattern, or a useless one: the line itself.
        assert_eq!(dashes(&[(0, 0), (30, 0)], &[]), vec![vec![(0, 0), (30, 0)]]);
        assert_eq!(dashes(&[(0, 0), (30, 0)], &[0.0, 0.0]), vec![vec![(0, 0), (30, 0)]]);
        assert_eq!(dashes(&[(0, 0), (30, 0)], &[f64::NAN, 1.0]), vec![vec![(0, 0), (30, 0)]]);
    }

    #[test]
    fn a_very_long_dashed_line_stays_bounded() {
        let d = dashes(&[(0, 0), (i32::MAX / 2, 0)], &[1.0, 1.0]);
        assert!(d.len() <= 20_001, "{}", d.len());
        assert_eq!(d.last().and_then(|p| p.last()), Some(&(i32::MAX / 2, 0)));
    }

    #[test]
    fn the_fill_runs_from_the_line_down_to_the_zero_row() {
        assert_eq!(area_to(&[(0, 10), (5, 20), (9, 15)], 30), vec![(0, 30), (0, 10), (5, 20), (9, 15), (9, 30)]);
        assert_eq!(area_to(&[], 30), Vec::<(i32, i32)>::new());
    }
}
