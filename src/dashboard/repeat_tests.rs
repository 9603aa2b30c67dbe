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
    s.iter().map(|x| (x.panel.id, x.panel.grid_pos.x, x.panel.grid_pos.y, x.panel.grid_pos.w, x.source, x.bindings.last().map(|b| b.1.as_str()))).collect()
}

#[test]
fn horizontal_repeats_share_the_row_and_wrap_after_max_per_row() {
    // Three values, up to 4 per row: each 8 wide, one row; the panel below does not move.
    let ps = vec![repeated(panel(1, 6, 0, 12, 5), RepeatDirection::Horizontal, 4), panel(2, 0, 5, 24, 4)];
    let s = expand(&ps, &vals(3), &[]);
    assert_eq!(places(&s), vec![(1, 0, 0, 8, 1, Some("n1")), (3, 8, 0, 8, 1, Some("n2")), (4, 16, 0, 8, 1, Some("n3")), (2, 0, 5, 24, 2, None)]);
    assert_eq!(s[3].panel.grid_pos.y, 5);
    // Six values, 4 per row: 6 wide, two rows of height 5; the panel below moves down by one row.
    let s = expand(&ps, &vals(6), &[]);
    let xy: Vec<(u32, u32, u32)> = s.iter().map(|x| (x.panel.grid_pos.x, x.panel.grid_pos.y, x.panel.grid_pos.w)).collect();
    assert_eq!(xy, vec![(0, 0, 6), (6, 0, 6), (12, 0, 6), (18, 0, 6), (0, 5, 6), (6, 5, 6), (0, 10, 24)]);
    // The copies are bound to one value each, keep the panel's queries and come from panel 1.
    assert!(s[..6].iter().all(|x| x.source == 1 && x.panel.title == "P1"));
    let bound: Vec<&str> = s[..6].iter().map(|x| x.bindings[0].1.as_str()).collect();
    assert_eq!(bound, vec!["n1", "n2", "n3", "n4", "n5", "n6"]);
}

#[test]
fn vertical_repeats_stack_below_and_push_the_rest_down() {
    let ps = vec![panel(5, 0, 0, 12, 4), repeated(panel(7, 12, 0, 12, 4), RepeatDirection::Vertical, 4), panel(9, 0, 4, 24, 3)];
    let s = expand(&ps, &vals(3), &[]);
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
    let ids: Vec<u32> = expand(&ps, &vals(3), &[]).iter().map(|s| s.panel.id).collect();
    assert_eq!(ids, vec![1, 31, 32, 20]);
    // The same dashboard and values give the same ids (a snapshot finds its data again).
    assert_eq!(expand(&ps, &vals(3), &[]), expand(&ps, &vals(3), &[]));
}

#[test]
fn two_repeats_one_below_the_other_both_make_room() {
    let ps = vec![
        repeated(panel(1, 0, 0, 24, 2), RepeatDirection::Vertical, 4),
        repeated(panel(2, 0, 2, 24, 3), RepeatDirection::Vertical, 4),
        panel(3, 0, 5, 24, 1),
    ];
    let s = expand(&ps, &vals(2), &[]);
    let ys: Vec<(u32, u32)> = s.iter().map(|x| (x.source, x.panel.grid_pos.y)).collect();
    assert_eq!(ys, vec![(1, 0), (1, 2), (2, 4), (2, 7), (3, 10)]);
}

#[test]
fn no_values_or_no_repeat_draws_the_panel_once_unbound() {
    let ps = vec![repeated(panel(1, 3, 0, 12, 5), RepeatDirection::Horizontal, 4), panel(2, 0, 5, 24, 4)];
    let s = expand(&ps, &[], &[]);
    assert_eq!(places(&s), vec![(1, 3, 0, 12, 1, None), (2, 0, 5, 24, 2, None)]);
    assert_eq!(expand(&ps, &[("node".into(), vec![])], &[]), s);
    assert!(expand(&[], &vals(3), &[]).is_empty());
}

#[test]
fn many_values_give_thin_but_valid_copies() {
    let ps = vec![repeated(panel(1, 0, 0, 24, 2), RepeatDirection::Horizontal, 24)];
    let s = expand(&ps, &vals(30), &[]);
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
    let live = expand(&ps, &[("node".into(), repeat_values(&var, &opts))], &[]);
    let recorded = bound_values(&live);
    assert_eq!(recorded, vec![("node".to_string(), opts.clone())]);
    // Offline, the recorded values stand in for the options: the same copies and ids.
    let offline = expand(&ps, &[("node".into(), repeat_values(&var, &recorded[0].1))], &[]);
    assert_eq!(offline, live);
    assert!(bound_values(&expand(&ps, &[], &[])).is_empty());
}

fn row(id: u32, y: u32, title: &str) -> Panel {
    Panel { id, title: title.into(), kind: crate::dashboard::PanelKind::Row, grid_pos: GridPos { x: 0, y, w: 24, h: 1 }, ..Panel::default() }
}

fn repeated_row(mut r: Panel) -> Panel {
    r.repeat = Some(Repeat { variable: "node".into(), direction: RepeatDirection::Vertical, max_per_row: 1 });
    r
}

/// (id, kind is row, y, source, bound values) of each drawn panel.
fn rows_places(s: &[Shown]) -> Vec<(u32, bool, u32, u32, Vec<&str>)> {
    s.iter()
        .map(|x| (x.panel.id, x.panel.kind == crate::dashboard::PanelKind::Row, x.panel.grid_pos.y, x.source, x.bindings.iter().map(|b| b.1.as_str()).collect()))
        .collect()
}

#[test]
fn a_repeated_row_is_drawn_once_per_value_with_its_panels_stacked_and_the_rest_pushed_down() {
    // A panel above, a repeated row (at y 4) holding two panels 5 high, then a plain row and its panel.
    let ps = vec![panel(1, 0, 0, 24, 4), repeated_row(row(2, 4, "Node $node")), panel(3, 0, 5, 12, 5), panel(4, 12, 5, 12, 5), row(5, 10, "Other"), panel(6, 0, 11, 24, 3)];
    let s = expand(&ps, &vals(3), &[]);
    // Each copy takes 1 (heading) + 5 lines: copies at 4, 10 and 16; the plain row moves from 10 to 22.
    assert_eq!(
        rows_places(&s),
        vec![
            (1, false, 0, 1, vec![]),
            (2, true, 4, 2, vec!["n1"]),
            (3, false, 5, 3, vec!["n1"]),
            (4, false, 5, 4, vec!["n1"]),
            (7, true, 10, 2, vec!["n2"]),
            (8, false, 11, 3, vec!["n2"]),
            (9, false, 11, 4, vec!["n2"]),
            (10, true, 16, 2, vec!["n3"]),
            (11, false, 17, 3, vec!["n3"]),
            (12, false, 17, 4, vec!["n3"]),
            (5, true, 22, 5, vec![]),
            (6, false, 23, 6, vec![]),
        ]
    );
    // Each copy keeps the row's title and queries: the page fills in `$node` from its binding.
    assert!(s.iter().filter(|x| x.source == 2).all(|x| x.panel.title == "Node $node"));
    // The x of the panels in each copy is kept.
    assert_eq!(s.iter().filter(|x| x.source == 4).map(|x| x.panel.grid_pos.x).collect::<Vec<_>>(), vec![12, 12, 12]);
}

#[test]
fn folded_copies_hold_their_panels_and_one_opened_copy_alone_takes_room() {
    // A folded repeated row holding a panel (stale position, as Grafana keeps), then a plain panel below it.
    let mut r = repeated_row(row(2, 0, "Node $node"));
    r.collapsed = true;
    r.panels = vec![panel(3, 0, 40, 24, 6)];
    let ps = vec![r, row(5, 1, "After"), panel(6, 0, 2, 24, 3)];
    let s = expand(&ps, &vals(3), &[]);
    // Three folded headings, one line each; nothing of theirs is drawn (so nothing loads).
    assert_eq!(rows_places(&s), vec![(2, true, 0, 2, vec!["n1"]), (7, true, 1, 2, vec!["n2"]), (9, true, 2, 2, vec!["n3"]), (5, true, 3, 5, vec![]), (6, false, 4, 6, vec![])]);
    assert!(s.iter().take(3).all(|x| x.panel.collapsed && x.panel.panels.len() == 1));
    assert_eq!(s[1].panel.panels[0].id, 8);
    // The second copy opened: its panel is drawn under it, bound to n2; the others stay folded.
    let flip = copy_fold(&s, 7).expect("a copy");
    assert_eq!(flip, (2, "n2".to_string()));
    let mut flipped = Vec::new();
    toggle_fold(&mut flipped, flip.clone());
    let s = expand(&ps, &vals(3), &flipped);
    assert_eq!(
        rows_places(&s),
        vec![(2, true, 0, 2, vec!["n1"]), (7, true, 1, 2, vec!["n2"]), (8, false, 2, 3, vec!["n2"]), (9, true, 8, 2, vec!["n3"]), (5, true, 9, 5, vec![]), (6, false, 10, 6, vec![])]
    );
    assert!(!s[1].panel.collapsed && s[1].panel.panels.is_empty());
    // Clicked again, it folds back; a plain row or panel is no copy.
    toggle_fold(&mut flipped, flip);
    assert!(flipped.is_empty());
    assert_eq!(copy_fold(&s, 5), None);
    assert_eq!(copy_fold(&s, 8), None);
}

#[test]
fn a_row_whose_variable_has_no_value_is_drawn_once_as_it_is() {
    let ps = vec![repeated_row(row(2, 0, "Node $node")), panel(3, 0, 1, 24, 4)];
    let s = expand(&ps, &[("node".into(), vec![])], &[]);
    assert_eq!(rows_places(&s), vec![(2, true, 0, 2, vec![]), (3, false, 1, 3, vec![])]);
}

#[test]
fn a_panel_repeated_inside_a_repeated_row_is_bound_to_both_values() {
    // Grafana's own "Repeating rows" dashboard: a row per $node with a panel repeated per $pod inside.
    let mut p = panel(3, 0, 1, 12, 6);
    p.repeat = Some(Repeat { variable: "pod".into(), direction: RepeatDirection::Horizontal, max_per_row: 3 });
    let ps = vec![repeated_row(row(2, 0, "Node $node")), p];
    let values = vec![("node".into(), vec!["a".into(), "b".into()]), ("pod".into(), vec!["1".into(), "2".into()])];
    let s = expand(&ps, &values, &[]);
    let got: Vec<(u32, u32, u32, Vec<(&str, &str)>)> =
        s.iter().map(|x| (x.panel.grid_pos.x, x.panel.grid_pos.y, x.source, x.bindings.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect())).collect();
    assert_eq!(
        got,
        vec![
            (0, 0, 2, vec![("node", "a")]),
            (0, 1, 3, vec![("node", "a"), ("pod", "1")]),
            (12, 1, 3, vec![("node", "a"), ("pod", "2")]),
            (0, 7, 2, vec![("node", "b")]),
            (0, 8, 3, vec![("node", "b"), ("pod", "1")]),
            (12, 8, 3, vec![("node", "b"), ("pod", "2")]),
        ]
    );
    // Every drawn panel has its own id.
    let mut ids: Vec<u32> = s.iter().map(|x| x.panel.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), s.len());
    assert_eq!(bound_values(&s), values);
}

#[test]
fn a_repeated_tab_becomes_one_tab_per_value_with_its_panels_bound_to_it() {
    use crate::dashboard::import_grafana;
    let i = import_grafana(include_str!("../../tests/fixtures/grafana-v2/V2DashWithTabRepeats.json")).unwrap();
    let d = &i.dashboard;
    let src = d.panels.iter().find(|p| p.tab && p.repeat.is_some()).unwrap();
    let inside: Vec<u32> = {
        let at = d.panels.iter().position(|p| p.id == src.id).unwrap();
        d.panels[at + 1..].iter().take_while(|p| p.kind != PanelKind::Row).map(|p| p.id).collect()
    };
    assert!(!inside.is_empty());
    let values = vec![("c1".to_string(), vec!["1".to_string(), "3".to_string()]), ("c3".to_string(), vec!["x".to_string()])];
    let tabbed = expand_tabs(&d.panels, &values);
    // One tab per value, in order, the value in the title, then the tab that does not repeat; all one set.
    let tabs: Vec<(&str, Vec<(String, String)>)> = tabbed.iter().filter(|s| s.panel.tab).map(|s| (s.panel.title.as_str(), s.bindings.clone())).collect();
    let bound = |v: &str| vec![("c1".to_string(), v.to_string())];
    assert_eq!(tabs, vec![("Tab - 1", bound("1")), ("Tab - 3", bound("3")), ("New tab", vec![])]);
    // Under each copy, the tab's panels, bound to its value, the first copy keeping the ids.
    let mut under: Vec<Vec<(u32, Vec<(String, String)>)>> = Vec::new();
    for s in &tabbed {
        if s.panel.kind == PanelKind::Row {
            under.push(Vec::new());
        } else if let Some(last) = under.last_mut() {
            last.push((s.source, s.bindings.clone()));
        }
    }
    let want = |v: &str| inside.iter().map(|id| (*id, bound(v))).collect::<Vec<_>>();
    assert_eq!(under[0], want("1"));
    assert_eq!(under[1], want("3"));
    let ids: Vec<u32> = tabbed.iter().map(|s| s.panel.id).collect();
    let mut uniq = ids.clone();
    uniq.sort_unstable();
    uniq.dedup();
    assert_eq!(uniq.len(), ids.len(), "ids are unique: {ids:?}");
    assert!(tabbed.iter().filter(|s| s.panel.kind != PanelKind::Row).take(inside.len()).map(|s| s.panel.id).eq(inside.iter().copied()));
    // Then the rest of the expansion keeps the tab's binding and adds the panel's own ($c3 on panel 1).
    let all = expand_shown(tabbed.clone(), &values, &[]);
    let p1: Vec<Vec<(String, String)>> = all.iter().filter(|s| s.source == 1).map(|s| s.bindings.clone()).collect();
    let both = |v: &str| vec![("c1".to_string(), v.to_string()), ("c3".to_string(), "x".to_string())];
    assert_eq!(p1, vec![both("1"), both("3")]);
    assert_eq!(expand(&d.panels, &values, &[]), all);
}

#[test]
fn a_repeated_tabs_title_names_the_value_however_it_names_the_variable() {
    let tab = |title: &str| Panel { tab: true, ..repeated_row(row(1, 0, title)) };
    let v = repeated_row(row(1, 0, "x")).repeat.unwrap().variable;
    let values = vec![(v.clone(), vec!["a".to_string(), "b".to_string()])];
    let titles = |t: &str| expand_tabs(&[tab(t)], &values).into_iter().map(|s| s.panel.title).collect::<Vec<_>>();
    assert_eq!(titles(&format!("On ${v} and ${{{v}}}, [[{v}]] ${{{v}:csv}}")), vec!["On a and a, a a", "On b and b, b b"]);
    // A longer name is not this variable; a title without it gets the value added.
    assert_eq!(titles(&format!("${v}x")), vec![format!("${v}x (a)"), format!("${v}x (b)")]);
    assert_eq!(titles("Plain"), vec!["Plain (a)", "Plain (b)"]);
    // A repeated row that is no tab is left to expand_shown, and a tab to expand_tabs only.
    let r = repeated_row(row(1, 0, "R"));
    assert_eq!(expand_tabs(std::slice::from_ref(&r), &values).len(), 1);
    let shown: Vec<Shown> = vec![Shown { source: 1, panel: tab("T"), bindings: vec![] }];
    assert_eq!(expand_shown(shown, &values, &[]).len(), 1);
}
