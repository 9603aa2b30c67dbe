//! A value axis' range under a panel's bounds (Grafana's `min`/`max`, which fix the axis, and
//! `custom.axisSoftMin`/`axisSoftMax`, which the data range is extended to include): the range the ticks are
//! fitted to, then the fitted bounds replaced by the fixed ones and the ticks outside them dropped.

/// A panel's value-axis bounds; all None: the axis is fitted to the data.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AxisBounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub soft_min: Option<f64>,
    pub soft_max: Option<f64>,
}

impl AxisBounds {
    /// The bounds that can apply: finite, positive on a log scale, and a max not below a min (else both are
    /// ignored, as the reader refuses such a panel).
    fn usable(&self, log: bool) -> AxisBounds {
        let ok = |v: Option<f64>| v.filter(|v| v.is_finite() && (!log || *v > 0.0)).map(|v| v.clamp(-1e300, 1e300));
        let mut b = AxisBounds { min: ok(self.min), max: ok(self.max), soft_min: ok(self.soft_min), soft_max: ok(self.soft_max) };
        if b.min.zip(b.max).is_some_and(|(a, z)| a >= z) {
            (b.min, b.max) = (None, None);
        }
        b
    }

    /// The range to fit the ticks to for data `lo..=hi` (lo > hi: no data): the soft bounds taken in, the
    /// fixed ones in place of the data's. Still lo > hi when neither data nor a bound gives a range.
    pub fn fit(&self, lo: f64, hi: f64, log: bool) -> (f64, f64) {
        let b = self.usable(log);
        let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (f64::INFINITY, f64::NEG_INFINITY) };
        if let Some(s) = b.soft_min {
            lo = lo.min(s);
        }
        if let Some(s) = b.soft_max {
            hi = hi.max(s);
        }
        if let Some(m) = b.min {
            lo = m;
        }
        if let Some(m) = b.max {
            hi = m;
        }
        // One end known only (no data), or the data all beyond a fixed end: the range collapses onto that end.
        match (lo.is_finite(), hi.is_finite()) {
            (true, false) => hi = lo,
            (false, true) => lo = hi,
            (false, false) => return (f64::INFINITY, f64::NEG_INFINITY),
            (true, true) => {}
        }
        if lo > hi {
            if b.min.is_some() {
                hi = lo;
            } else {
                lo = hi;
            }
        }
        (lo, hi)
    }

    /// Fitted axis bounds `a..b` and `ticks` with the fixed bounds in place of the fitted ones and only the
    /// ticks between them.
    pub fn fix(&self, a: f64, b: f64, ticks: Vec<f64>, log: bool) -> (f64, f64, Vec<f64>) {
        let u = self.usable(log);
        let (lo, hi) = (u.min.unwrap_or(a), u.max.unwrap_or(b));
        if !(lo < hi) {
            return (a, b, ticks);
        }
        let eps = (hi - lo) * 1e-9;
        let ticks = ticks.into_iter().filter(|t| *t >= lo - eps && *t <= hi + eps).collect();
        (lo, hi, ticks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::axis::linear_ticks;
    use crate::view::units::Unit;

    fn axis(b: AxisBounds, lo: f64, hi: f64) -> (f64, f64, Vec<f64>) {
        let (l, h) = b.fit(lo, hi, false);
        let (l, h) = if l <= h { (l, h) } else { (0.0, 1.0) };
        let (a, z, t) = linear_ticks(l, h, 5, Unit::None);
        b.fix(a, z, t, false)
    }

    #[test]
    fn no_bounds_fit_the_data() {
        assert_eq!(AxisBounds::default().fit(3.0, 7.0, false), (3.0, 7.0));
        let (l, h) = AxisBounds::default().fit(f64::INFINITY, f64::NEG_INFINITY, false);
        assert!(l > h);
    }

    #[test]
    fn min_and_max_fix_the_axis_whatever_the_data() {
        // A percent panel of Node Exporter Full: min 0, max 100, data 12..37.
        let (a, z, t) = axis(AxisBounds { min: Some(0.0), max: Some(100.0), ..AxisBounds::default() }, 12.0, 37.0);
        assert_eq!((a, z), (0.0, 100.0));
        assert_eq!((t.first(), t.last()), (Some(&0.0), Some(&100.0)));
        // Data beyond the fixed range does not widen it.
        assert_eq!(axis(AxisBounds { min: Some(0.0), max: Some(100.0), ..AxisBounds::default() }, -5.0, 180.0).1, 100.0);
        // min 0 only (61 panels of Node Exporter Full): the axis starts at 0, its top is fitted.
        let (a, z, t) = axis(AxisBounds { min: Some(0.0), ..AxisBounds::default() }, 500.0, 730.0);
        assert_eq!(a, 0.0);
        assert!((730.0..1000.0).contains(&z) && t.iter().all(|v| (0.0..=z).contains(v)), "{z} {t:?}");
        // A max below the data: the axis ends there.
        let (_, z, t) = axis(AxisBounds { max: Some(10.0), ..AxisBounds::default() }, 20.0, 30.0);
        assert_eq!(z, 10.0);
        assert!(t.iter().all(|v| *v <= 10.0), "{t:?}");
    }

    #[test]
    fn soft_bounds_extend_the_data_range_only() {
        let soft = AxisBounds { soft_min: Some(0.0), soft_max: Some(100.0), ..AxisBounds::default() };
        assert_eq!(soft.fit(12.0, 37.0, false), (0.0, 100.0));
        assert_eq!(soft.fit(-20.0, 250.0, false), (-20.0, 250.0));
        // No data: the soft range is the axis.
        assert_eq!(soft.fit(f64::INFINITY, f64::NEG_INFINITY, false), (0.0, 100.0));
        // Soft bounds are not fixed: the ticks keep their nice ends.
        let (a, z, _) = axis(AxisBounds { soft_max: Some(95.0), ..AxisBounds::default() }, 3.0, 40.0);
        assert_eq!((a, z), (0.0, 100.0));
    }

    #[test]
    fn odd_bounds_are_ignored() {
        // min above max, NaN, and a non-positive bound on a log scale.
        let b = AxisBounds { min: Some(5.0), max: Some(1.0), ..AxisBounds::default() };
        assert_eq!(b.fit(2.0, 3.0, false), (2.0, 3.0));
        assert_eq!(b.fix(0.0, 4.0, vec![0.0, 2.0, 4.0], false), (0.0, 4.0, vec![0.0, 2.0, 4.0]));
        assert_eq!(AxisBounds { min: Some(f64::NAN), ..AxisBounds::default() }.fit(2.0, 3.0, false), (2.0, 3.0));
        assert_eq!(AxisBounds { min: Some(0.0), ..AxisBounds::default() }.fit(2.0, 30.0, true), (2.0, 30.0));
        assert_eq!(AxisBounds { min: Some(1.0), ..AxisBounds::default() }.fit(2.0, 30.0, true), (1.0, 30.0));
    }
}
