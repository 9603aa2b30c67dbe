//! Tests of panel repeats.

use super::*;
use crate::dashboard::{GridPos, Repeat, VariableKind};

fn panel(id: u32, x: u32, y: u32, w: u32, h: u32) -> Panel {
    Panel { id, title: format!("P{id}"), grid_pos: GridPos { x, y, w, h }, ..Panel::default() }
}

fn repeated(mut p: Panel, direction: RepeatDirection, max_per_row: u32) -> Panel {
    p.repeat = Some(Repeat { variable: "node".into(), direction, max_per_row });
    p
}

fn vals(n: usize) -> Vec<(String, Vec<String>)> {
    vec![("node".into(), (1..=n).map(|i| format!("n{i}")).collect())]
}

/// (id, x, y, w, source, bound value) of each drawn panel.
type Place<'a> = (u32, u32, u32, u32, u32, Option<&'a str>);

fn places(s: &[Shown]) -> Vec<Place<'_>> {
    s.iter().map(|x| (x.panel.id, x.panel.grid_pos.x, x.panel.grid_pos.y, x.panel.grid_pos.w, x.source, x.binding.as_ref().map(|b| b.1.as_str()))).collect()
}

#[test]
fn horizontal_repeats_share_the_row_and_wrap_after_max_per_row() {
    // Three values, up to 4 per row: each 8 wide, one row; the panel below does not move.
    let ps = vec![repeated(panel(1, 6, 0, 12, 5), RepeatDirection::Horizontal, 4), panel(2, 0, 5, 24, 4)];
    let s = expand(&ps, &vals(3));
    assert_eq!(places(&s), vec![(1, 0, 0, 8, 1, Some("n1")), (3, 8, 0, 8, 1, Some("n2")), (4, 16, 0, 8, 1, Some("n3")), (2, 0, 5, 24, 2, None)]);
    assert_eq!(s[3].panel.grid_pos.y, 5);
    // Six values, 4 per row: 6 wide, two rows of height 5; the panel below moves down by one row.
    let s = expand(&ps, &vals(6));
    let xy: Vec<(u32, u32, u32)> = s.iter().map(|x| (x.panel.grid_pos.x, x.panel.grid_pos.y, x.panel.grid_pos.w)).collect();
    assert_eq!(xy, vec![(0, 0, 6), (6, 0, 6), (12, 0, 6), (18, 0, 6), (0, 5, 6), (6, 5, 6), (0, 10, 24)]);
    // The copies are bound to one value each, keep the panel's queries and come from panel 1.
    assert!(s[..6].iter().all(|x| x.source == 1 && x.panel.title == "P1"));
    let bound: Vec<&str> = s[..6].iter().map(|x| x.binding.as_ref().unwrap().1.as_str()).collect();
    assert_eq!(bound, vec!["n1", "n2", "n3", "n4", "n5", "n6"]);
}

#[test]
fn vertical_repeats_stack_below_and_push_the_rest_down() {
    let ps = vec![panel(5, 0, 0, 12, 4), repeated(panel(7, 12, 0, 12, 4), RepeatDirection::Vertical, 4), panel(9, 0, 4, 24, 3)];
    let s = expand(&ps, &vals(3));
    assert_eq!(
        places(&s),
        vec![(5, 0, 0, 12, 5, None), (7, 12, 0, 12, 7, Some("n1")), (10, 12, 4, 12, 7, Some("n2")), (11, 12, 8, 12, 7, Some("n3")), (9, 0, 12, 24, 9, None)]
    );
}

#[test]
fn copies_get_ids_above_every_panel_even_those_in_folded_rows() {
    let mut row = panel(20, 0, 10, 24, 1);
    row.panels = vec![panel(30, 0, 11, 12, 4)];
    let ps = vec![repeated(panel(1, 0, 0, 12, 5), RepeatDirection::Horizontal, 2), row];
    let ids: Vec<u32> = expand(&ps, &vals(3)).iter().map(|s| s.panel.id).collect();
    assert_eq!(ids, vec![1, 31, 32, 20]);
    // The same dashboard and values give the same ids (a snapshot finds its data again).
    assert_eq!(expand(&ps, &vals(3)), expand(&ps, &vals(3)));
}

#[test]
fn two_repeats_one_below_the_other_both_make_room() {
    let ps = vec![
        repeated(panel(1, 0, 0, 24, 2), RepeatDirection::Vertical, 4),
        repeated(panel(2, 0, 2, 24, 3), RepeatDirection::Vertical, 4),
        panel(3, 0, 5, 24, 1),
    ];
    let s = expand(&ps, &vals(2));
    let ys: Vec<(u32, u32)> = s.iter().map(|x| (x.source, x.panel.grid_pos.y)).collect();
    assert_eq!(ys, vec![(1, 0), (1, 2), (2, 4), (2, 7), (3, 10)]);
}

#[test]
fn no_values_or_no_repeat_draws_the_panel_once_unbound() {
    let ps = vec![repeated(panel(1, 3, 0, 12, 5), RepeatDirection::Horizontal, 4), panel(2, 0, 5, 24, 4)];
    let s = expand(&ps, &[]);
    assert_eq!(places(&s), vec![(1, 3, 0, 12, 1, None), (2, 0, 5, 24, 2, None)]);
    assert_eq!(expand(&ps, &[("node".into(), vec![])]), s);
    assert!(expand(&[], &vals(3)).is_empty());
}

#[test]
fn many_values_give_thin_but_valid_copies() {
    let ps = vec![repeated(panel(1, 0, 0, 24, 2), RepeatDirection::Horizontal, 24)];
    let s = expand(&ps, &vals(30));
    assert_eq!(s.len(), 30);
    assert!(s.iter().all(|x| x.panel.grid_pos.w == 1 && x.panel.grid_pos.x + x.panel.grid_pos.w <= 24));
    assert_eq!(s[24].panel.grid_pos.y, 2);
}

#[test]
fn repeat_values_follow_the_selection() {
    let opts: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
    let var = |current: Vec<&str>, all_value: Option<&str>| Variable {
        name: "node".into(),
        kind: VariableKind::Custom { values: opts.clone() },
        current: current.into_iter().map(str::to_string).collect(),
        multi: true,
        include_all: true,
        all_value: all_value.map(str::to_string),
        ..Variable::default()
    };
    // All: one copy per option, even with a custom All value such as .*.
    assert_eq!(repeat_values(&var(vec![ALL_VALUE], Some(".*")), &opts), opts);
    assert_eq!(repeat_values(&var(vec!["c", "a", "c"], None), &opts), vec!["c", "a"]);
    assert_eq!(repeat_values(&var(vec![], None), &opts), vec!["a"]);
    assert!(repeat_values(&var(vec![], None), &[]).is_empty());
    let many: Vec<String> = (0..500).map(|i| i.to_string()).collect();
    assert_eq!(repeat_values(&var(vec![ALL_VALUE], None), &many).len(), MAX_REPEATS);
}

#[test]
fn a_snapshot_records_the_bound_values_and_gets_the_same_copies_back() {
    let opts: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
    let var = Variable { name: "node".into(), kind: VariableKind::Custom { values: opts.clone() }, current: vec![ALL_VALUE.into()], multi: true, include_all: true, all_value: Some(".*".into()), ..Variable::default() };
    let ps = vec![repeated(panel(1, 0, 0, 8, 4), RepeatDirection::Horizontal, 4), panel(2, 0, 4, 24, 2)];
    let live = expand(&ps, &[("node".into(), repeat_values(&var, &opts))]);
    let recorded = bound_values(&live);
    assert_eq!(recorded, vec![("node".to_string(), opts.clone())]);
    // Offline, the recorded values stand in for the options: the same copies and ids.
    let offline = expand(&ps, &[("node".into(), repeat_values(&var, &recorded[0].1))]);
    assert_eq!(offline, live);
    assert!(bound_values(&expand(&ps, &[])).is_empty());
}
