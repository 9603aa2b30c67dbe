//! Y axes of a time-series chart: the first unit of the visible series on the left axis, a second unit on a
//! right axis of its own; with three or more units the series share the left axis (labelled in the first unit)
//! and a note names the units that have no axis.

use super::units::Unit;

/// Which y axis a series is scaled on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Side {
    #[default]
    Left,
    Right,
}

/// The axes of one chart and the axis of every series.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AxisPlan {
    /// Unit of the left axis.
    pub left: Unit,
    /// Unit of the right axis, when the visible series have exactly two units.
    pub right: Option<Unit>,
    /// Per series, in the order given: the axis it is scaled on (hidden series too, on their unit's axis when
    /// it has one, else the left).
    pub sides: Vec<Side>,
    /// Units of visible series that have no axis of their own (three or more units): those series are scaled
    /// on the left axis, their values are shown in their own unit in the tooltip.
    pub unaxed: Vec<Unit>,
}

impl AxisPlan {
    /// The axis series `i` is scaled on (the left for an index out of range).
    pub fn side(&self, i: usize) -> Side {
        self.sides.get(i).copied().unwrap_or_default()
    }

    /// The unit of an axis (the left unit for a right axis that is not drawn).
    pub fn unit(&self, side: Side) -> Unit {
        match side {
            Side::Right => self.right.unwrap_or(self.left),
            Side::Left => self.left,
        }
    }
}

/// Plans the axes for series of `units` (`visible[i]` false: hidden in the legend; a missing entry counts as
/// visible). The first unit among the visible series goes left, a second one right; with no visible series
/// the left axis has `fallback`.
pub fn plan(units: &[Unit], visible: &[bool], fallback: Unit) -> AxisPlan {
    let shown = |i: usize| visible.get(i).copied().unwrap_or(true);
    let mut distinct: Vec<Unit> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        if shown(i) && !distinct.contains(u) {
            distinct.push(*u);
        }
    }
    let left = distinct.first().copied().unwrap_or(fallback);
    let right = (distinct.len() == 2).then(|| distinct.get(1).copied()).flatten();
    let unaxed = if distinct.len() > 2 { distinct.get(1..).unwrap_or(&[]).to_vec() } else { Vec::new() };
    let sides = units.iter().map(|u| if Some(*u) == right { Side::Right } else { Side::Left }).collect();
    AxisPlan { left, right, sides, unaxed }
}

/// One line saying which query is drawn against which axis, e.g. "Left axis: A (req/s) · right axis: B (s)";
/// with units that have no axis, which ones share the left axis. `refs[i]` is the query of series `i`
/// (empty: the chart has one query and nothing needs saying unless units have no axis).
pub fn caption(plan: &AxisPlan, units: &[Unit], refs: &[String], visible: &[bool]) -> Option<String> {
    let shown = |i: usize| visible.get(i).copied().unwrap_or(true);
    // The queries (in first-seen order) of the visible series in unit `u`.
    let refs_in = |u: Unit| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, su) in units.iter().enumerate() {
            if *su == u && shown(i) {
                if let Some(r) = refs.get(i).filter(|r| !r.is_empty() && !out.contains(r)) {
                    out.push(r.clone());
                }
            }
        }
        out
    };
    let part = |u: Unit| {
        let r = refs_in(u);
        if r.is_empty() {
            u.symbol().to_string()
        } else {
            format!("{} ({})", r.join(", "), u.symbol())
        }
    };
    if !plan.unaxed.is_empty() {
        let others: Vec<String> = plan.unaxed.iter().map(|u| part(*u)).collect();
        return Some(format!(
            "Series in {} units: the axis shows {} only; {} are drawn on that same scale — read their values in their own units in the tooltip and table.",
            plan.unaxed.len() + 1,
            part(plan.left),
            others.join(" and ")
        ));
    }
    let right = plan.right?;
    Some(format!("Left axis: {} · right axis: {}", part(plan.left), part(right)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unit_is_one_left_axis() {
        let p = plan(&[Unit::PerSecond, Unit::PerSecond], &[], Unit::None);
        assert_eq!((p.left, p.right), (Unit::PerSecond, None));
        assert_eq!(p.sides, vec![Side::Left, Side::Left]);
        assert!(p.unaxed.is_empty());
        assert_eq!(caption(&p, &[Unit::PerSecond; 2], &["A".into(), "A".into()], &[]), None);
    }

    #[test]
    fn a_second_unit_gets_the_right_axis() {
        let units = [Unit::PerSecond, Unit::PerSecond, Unit::Seconds];
        let p = plan(&units, &[true, true, true], Unit::None);
        assert_eq!((p.left, p.right), (Unit::PerSecond, Some(Unit::Seconds)));
        assert_eq!(p.sides, vec![Side::Left, Side::Left, Side::Right]);
        assert_eq!(p.unit(Side::Right), Unit::Seconds);
        let refs = ["A".to_string(), "A".into(), "B".into()];
        assert_eq!(caption(&p, &units, &refs, &[]).as_deref(), Some("Left axis: A (req/s) · right axis: B (s)"));
    }

    #[test]
    fn hidden_series_do_not_claim_an_axis() {
        let units = [Unit::PerSecond, Unit::Seconds];
        let p = plan(&units, &[true, false], Unit::None);
        assert_eq!((p.left, p.right), (Unit::PerSecond, None));
        // With the first hidden, the second unit is alone and goes left.
        let p = plan(&units, &[false, true], Unit::None);
        assert_eq!((p.left, p.right), (Unit::Seconds, None));
        assert_eq!(p.sides, vec![Side::Left, Side::Left]);
        // Nothing visible: the fallback unit.
        let p = plan(&units, &[false, false], Unit::Bytes);
        assert_eq!((p.left, p.right), (Unit::Bytes, None));
        assert_eq!(plan(&[], &[], Unit::Percent).left, Unit::Percent);
    }

    #[test]
    fn three_units_share_the_left_axis_and_say_so() {
        let units = [Unit::PerSecond, Unit::Seconds, Unit::Bytes];
        let p = plan(&units, &[], Unit::None);
        assert_eq!((p.left, p.right), (Unit::PerSecond, None));
        assert_eq!(p.sides, vec![Side::Left; 3]);
        assert_eq!(p.unaxed, vec![Unit::Seconds, Unit::Bytes]);
        let refs = ["A".to_string(), "B".into(), "C".into()];
        let c = caption(&p, &units, &refs, &[]).unwrap();
        assert!(c.contains("3 units") && c.contains("A (req/s) only") && c.contains("B (s) and C (bytes)"), "{c}");
    }
}
