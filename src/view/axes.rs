//! Y axes of a time-series chart: the first unit of the visible series on the left axis, a second unit on a
//! right axis of its own; with three or more units the series share the left axis (labelled in the first unit)
//! and a note names the units that have no axis. A series placed left or right (Grafana's
//! `custom.axisPlacement`) goes to that side, the right one a scale of its own; an axis whose series are all
//! placed `hidden` is drawn without labels.

use super::units::Unit;
use crate::dashboard::AxisPlacement;

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
    /// The left / right axis is drawn without labels (every visible series on it is placed `hidden`).
    pub left_hidden: bool,
    pub right_hidden: bool,
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

/// Plans the axes for series of `units` placed as `placements` says (a missing entry: auto) (`visible[i]`
/// false: hidden in the legend; a missing entry counts as visible). Without a series placed left or right, the
/// first unit among the visible series goes left, a second one right. Series placed right share a right
/// axis of their own (the unit of the first of them), series placed left the left one; the others go right
/// when their unit is the right axis' and not the left's. With no visible series the left axis has `fallback`.
pub fn plan(units: &[Unit], placements: &[AxisPlacement], visible: &[bool], fallback: Unit) -> AxisPlan {
    let shown = |i: usize| visible.get(i).copied().unwrap_or(true);
    let place = |i: usize| placements.get(i).copied().unwrap_or_default();
    let placed = (0..units.len()).any(|i| shown(i) && matches!(place(i), AxisPlacement::Left | AxisPlacement::Right));
    let plan = if placed {
        let first = |pick: &dyn Fn(usize) -> bool| (0..units.len()).find(|&i| shown(i) && pick(i)).and_then(|i| units.get(i).copied());
        let right = first(&|i| place(i) == AxisPlacement::Right);
        let left = first(&|i| place(i) != AxisPlacement::Right).unwrap_or(fallback);
        let sides: Vec<Side> = units
            .iter()
            .enumerate()
            .map(|(i, u)| match place(i) {
                AxisPlacement::Right => Side::Right,
                AxisPlacement::Left => Side::Left,
                _ if Some(*u) == right && *u != left => Side::Right,
                _ => Side::Left,
            })
            .collect();
        // Units drawn on an axis labelled in another one.
        let mut unaxed: Vec<Unit> = Vec::new();
        for (i, u) in units.iter().enumerate() {
            let axis_unit = if sides[i] == Side::Right { right.unwrap_or(left) } else { left };
            if shown(i) && *u != axis_unit && !unaxed.contains(u) {
                unaxed.push(*u);
            }
        }
        AxisPlan { left, right, sides, unaxed, left_hidden: false, right_hidden: false }
    } else {
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
        AxisPlan { left, right, sides, unaxed, left_hidden: false, right_hidden: false }
    };
    // An axis is unlabelled when it has visible series and all of them are placed hidden.
    let all_hidden = |side: Side| {
        let on: Vec<usize> = (0..units.len()).filter(|&i| shown(i) && plan.side(i) == side).collect();
        !on.is_empty() && on.iter().all(|&i| place(i) == AxisPlacement::Hidden)
    };
    let (left_hidden, right_hidden) = (all_hidden(Side::Left), all_hidden(Side::Right));
    AxisPlan { left_hidden, right_hidden, ..plan }
}

/// One line saying which query is drawn against which axis, e.g. "Left axis: A (req/s) · right axis: B (s)";
/// with units that have no axis, which ones share the left axis. `refs[i]` is the query of series `i`
/// (empty: the chart has one query and nothing needs saying unless units have no axis).
pub fn caption(plan: &AxisPlan, units: &[Unit], refs: &[String], visible: &[bool]) -> Option<String> {
    let shown = |i: usize| visible.get(i).copied().unwrap_or(true);
    // The queries (in first-seen order) of the visible series `pick` chooses.
    let refs_in = |pick: &dyn Fn(usize) -> bool| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for i in 0..units.len() {
            if pick(i) && shown(i) {
                if let Some(r) = refs.get(i).filter(|r| !r.is_empty() && !out.contains(r)) {
                    out.push(r.clone());
                }
            }
        }
        out
    };
    let label = |r: Vec<String>, u: Unit| if r.is_empty() { u.symbol().to_string() } else { format!("{} ({})", r.join(", "), u.symbol()) };
    let part = |u: Unit| label(refs_in(&|i| units.get(i) == Some(&u)), u);
    let side = |s: Side| label(refs_in(&|i| plan.side(i) == s), plan.unit(s));
    if !plan.unaxed.is_empty() {
        let others: Vec<String> = plan.unaxed.iter().map(|u| part(*u)).collect();
        return Some(format!(
            "Series in {} units: the axis shows {} only; {} are drawn on that same scale — read their values in their own units in the tooltip and table.",
            plan.unaxed.len() + 1,
            part(plan.left),
            others.join(" and ")
        ));
    }
    plan.right?;
    Some(format!("Left axis: {} · right axis: {}", side(Side::Left), side(Side::Right)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unit_is_one_left_axis() {
        let p = plan(&[Unit::PerSecond, Unit::PerSecond], &[], &[], Unit::None);
        assert_eq!((p.left, p.right), (Unit::PerSecond, None));
        assert_eq!(p.sides, vec![Side::Left, Side::Left]);
        assert!(p.unaxed.is_empty());
        assert_eq!(caption(&p, &[Unit::PerSecond; 2], &["A".into(), "A".into()], &[]), None);
    }

    #[test]
    fn a_second_unit_gets_the_right_axis() {
        let units = [Unit::PerSecond, Unit::PerSecond, Unit::Seconds];
        let p = plan(&units, &[], &[true, true, true], Unit::None);
        assert_eq!((p.left, p.right), (Unit::PerSecond, Some(Unit::Seconds)));
        assert_eq!(p.sides, vec![Side::Left, Side::Left, Side::Right]);
        assert_eq!(p.unit(Side::Right), Unit::Seconds);
        let refs = ["A".to_string(), "A".into(), "B".into()];
        assert_eq!(caption(&p, &units, &refs, &[]).as_deref(), Some("Left axis: A (req/s) · right axis: B (s)"));
    }

    #[test]
    fn hidden_series_do_not_claim_an_axis() {
        let units = [Unit::PerSecond, Unit::Seconds];
        let p = plan(&units, &[], &[true, false], Unit::None);
        assert_eq!((p.left, p.right), (Unit::PerSecond, None));
        // With the first hidden, the second unit is alone and goes left.
        let p = plan(&units, &[], &[false, true], Unit::None);
        assert_eq!((p.left, p.right), (Unit::Seconds, None));
        assert_eq!(p.sides, vec![Side::Left, Side::Left]);
        // Nothing visible: the fallback unit.
        let p = plan(&units, &[], &[false, false], Unit::Bytes);
        assert_eq!((p.left, p.right), (Unit::Bytes, None));
        assert_eq!(plan(&[], &[], &[], Unit::Percent).left, Unit::Percent);
    }

    #[test]
    fn a_series_placed_right_gets_a_right_axis_of_its_own_even_in_the_same_unit() {
        // Apache's "Requests / Traffic": "Bytes sent" (Bps) placed right, requests (req/s) auto.
        let units = [Unit::PerSecond, Unit::BytesPerSecond];
        let placed = [AxisPlacement::Auto, AxisPlacement::Right];
        let p = plan(&units, &placed, &[], Unit::None);
        assert_eq!((p.left, p.right, p.sides.clone()), (Unit::PerSecond, Some(Unit::BytesPerSecond), vec![Side::Left, Side::Right]));
        assert!(p.unaxed.is_empty() && !p.left_hidden && !p.right_hidden);
        // One unit: without placement one axis; placed right, the series has the right axis to itself.
        let same = [Unit::PerSecond; 3];
        assert_eq!(plan(&same, &[], &[], Unit::None).right, None);
        let p = plan(&same, &[AxisPlacement::Auto, AxisPlacement::Right, AxisPlacement::Auto], &[], Unit::None);
        assert_eq!((p.right, p.sides.clone()), (Some(Unit::PerSecond), vec![Side::Left, Side::Right, Side::Left]));
        let refs = ["A".to_string(), "B".into(), "A".into()];
        assert_eq!(caption(&p, &same, &refs, &[]).as_deref(), Some("Left axis: A (req/s) · right axis: B (req/s)"));
        // Placed left: a second unit that auto would put right stays left, labelled in the left unit.
        let p = plan(&[Unit::PerSecond, Unit::Seconds], &[AxisPlacement::Auto, AxisPlacement::Left], &[], Unit::None);
        assert_eq!((p.right, p.sides.clone(), p.unaxed.clone()), (None, vec![Side::Left, Side::Left], vec![Unit::Seconds]));
        // The only series placed right is hidden: auto rules again.
        let p = plan(&units, &placed, &[true, false], Unit::None);
        assert_eq!((p.left, p.right), (Unit::PerSecond, None));
    }

    #[test]
    fn an_axis_whose_series_are_all_placed_hidden_has_no_labels() {
        let units = [Unit::PerSecond, Unit::Seconds];
        let p = plan(&units, &[AxisPlacement::Hidden, AxisPlacement::Auto], &[], Unit::None);
        assert_eq!((p.left_hidden, p.right_hidden), (true, false));
        let p = plan(&units, &[AxisPlacement::Hidden, AxisPlacement::Hidden], &[], Unit::None);
        assert_eq!((p.left_hidden, p.right_hidden, p.right), (true, true, Some(Unit::Seconds)));
        // One series not hidden on the left keeps its labels.
        let p = plan(&[Unit::PerSecond; 2], &[AxisPlacement::Hidden, AxisPlacement::Auto], &[], Unit::None);
        assert!(!p.left_hidden);
    }

    #[test]
    fn three_units_share_the_left_axis_and_say_so() {
        let units = [Unit::PerSecond, Unit::Seconds, Unit::Bytes];
        let p = plan(&units, &[], &[], Unit::None);
        assert_eq!((p.left, p.right), (Unit::PerSecond, None));
        assert_eq!(p.sides, vec![Side::Left; 3]);
        assert_eq!(p.unaxed, vec![Unit::Seconds, Unit::Bytes]);
        let refs = ["A".to_string(), "B".into(), "C".into()];
        let c = caption(&p, &units, &refs, &[]).unwrap();
        assert!(c.contains("3 units") && c.contains("A (req/s) only") && c.contains("B (s) and C (bytes)"), "{c}");
    }
}
