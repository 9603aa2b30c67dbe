use super::*;

fn panel(id: u32, x: u32, y: u32, w: u32, h: u32) -> Panel {
    Panel { id, title: format!("p{id}"), grid_pos: GridPos { x, y, w, h }, ..Panel::default() }
}

fn row(id: u32, y: u32, collapsed: bool, kids: Vec<Panel>) -> Panel {
    Panel {
        id,
        title: format!("row{id}"),
        kind: PanelKind::Row,
        grid_pos: GridPos { x: 0, y, w: 24, h: 1 },
        collapsed,
        panels: kids,
        ..Panel::default()
    }
}

fn ids_and_y(ps: &[Panel]) -> Vec<(u32, u32)> {
    ps.iter().map(|p| (p.id, p.grid_pos.y)).collect()
}

#[test]
fn assemble_stacks_rows_below_the_section_above() {
    let out = assemble(vec![
        Section { row: None, panels: vec![panel(1, 0, 0, 12, 8), panel(2, 12, 2, 12, 4)] },
        Section { row: Some(row(0, 0, false, vec![])), panels: vec![panel(3, 0, 0, 24, 5)] },
        Section { row: Some(row(0, 0, true, vec![])), panels: vec![panel(4, 0, 3, 6, 2)] },
        Section { row: Some(row(9, 0, false, vec![])), panels: vec![] },
    ]);
    // untitled: bottom 8; row at 8, its panel at 9..14; collapsed row at 14 holds p4 from its top (15); row 9 at 15.
    assert_eq!(ids_and_y(&out), vec![(1, 0), (2, 2), (10, 8), (3, 9), (11, 14), (9, 15)]);
    assert_eq!(ids_and_y(&out[4].panels), vec![(4, 15)]);
    assert!(out.iter().filter(|p| p.kind == PanelKind::Row).all(|r| r.grid_pos == GridPos { x: 0, y: r.grid_pos.y, w: 24, h: 1 }));
}

#[test]
fn assemble_clamps_positions_and_keeps_later_untitled_sections_outside_rows() {
    let out = assemble(vec![
        Section { row: Some(row(5, 0, true, vec![])), panels: vec![panel(1, 30, 0, 40, 0)] },
        Section { row: None, panels: vec![panel(2, 0, 2, 1, 1)] },
        Section { row: None, panels: vec![panel(3, 0, u32::MAX, 1, 1)] },
    ]);
    assert_eq!(out[0].panels[0].grid_pos, GridPos { x: 0, y: 1, w: 24, h: 1 });
    assert_eq!(ids_and_y(&out), vec![(5, 0), (2, 3), (3, MAX_GRID_Y)]);
    assert!(out[1..].iter().all(|p| p.kind != PanelKind::Row));
}

#[test]
fn sections_split_by_row_position_and_make_positions_relative() {
    let panels = vec![
        panel(1, 0, 0, 12, 8),
        row(2, 8, false, vec![]),
        panel(3, 0, 9, 12, 4),
        panel(4, 12, 11, 12, 4),
        row(5, 15, true, vec![panel(6, 0, 40, 12, 4), panel(7, 12, 42, 12, 4)]),
    ];
    let s = sections(&panels);
    assert_eq!(s.len(), 3);
    assert_eq!(s[0].row, None);
    assert_eq!(s[0].panels.iter().map(|(p, g)| (p.id, g.y)).collect::<Vec<_>>(), vec![(1, 0)]);
    assert_eq!(s[1].row.map(|r| r.id), Some(2));
    assert_eq!(s[1].panels.iter().map(|(p, g)| (p.id, g.y)).collect::<Vec<_>>(), vec![(3, 0), (4, 2)]);
    // Collapsed: relative to the highest child, whatever stale position Grafana left.
    assert_eq!(s[2].panels.iter().map(|(p, g)| (p.id, g.y)).collect::<Vec<_>>(), vec![(6, 0), (7, 2)]);
}

#[test]
fn panels_below_a_collapsed_row_stay_visible() {
    let panels = vec![row(1, 0, true, vec![panel(2, 0, 1, 12, 4)]), panel(3, 0, 1, 12, 4)];
    let s = sections(&panels);
    assert_eq!(s.len(), 2);
    assert_eq!(s[1].row, None);
    let out = normalize(&panels);
    assert_eq!(ids_and_y(&out), vec![(1, 0), (3, 1)]);
    assert_eq!(ids_and_y(&out[0].panels), vec![(2, 1)]);
    assert_eq!(normalize(&out), out);
}

#[test]
fn normalize_is_idempotent_and_keeps_every_panel() {
    let panels = vec![
        row(10, 30, true, vec![panel(11, 0, 3, 24, 6)]),
        panel(1, 0, 4, 12, 8),
        row(20, 20, false, vec![]),
        panel(21, 6, 25, 6, 3),
        panel(2, 12, 0, 12, 3),
    ];
    let once = normalize(&panels);
    assert_eq!(normalize(&once), once);
    let mut all: Vec<u32> = once.iter().flat_map(|p| std::iter::once(p.id).chain(p.panels.iter().map(|c| c.id))).collect();
    all.sort_unstable();
    assert_eq!(all, vec![1, 2, 10, 11, 20, 21]);
    // Rows in y order, each right below the section above.
    assert_eq!(ids_and_y(&once), vec![(1, 4), (2, 0), (20, 12), (21, 17), (10, 20)]);
    assert_eq!(ids_and_y(&once[4].panels), vec![(11, 21)]);
}

#[test]
fn a_folded_rows_panels_start_at_its_top_so_reading_and_writing_agree() {
    let out = assemble(vec![Section { row: Some(row(1, 0, true, vec![])), panels: vec![panel(2, 0, 5, 12, 8), panel(3, 12, 3, 12, 8)] }]);
    assert_eq!(ids_and_y(&out[0].panels), vec![(2, 3), (3, 1)]);
    let again: Vec<(u32, u32)> = sections(&out)[0].panels.iter().map(|(p, g)| (p.id, g.y)).collect();
    assert_eq!(again, vec![(2, 2), (3, 0)]);
    assert_eq!(normalize(&out), out);
}

#[test]
fn a_row_keeps_only_its_title_id_and_fold() {
    let mut r = row(1, 0, false, vec![]);
    r.description = "about".into();
    r.options.unit = Some("s".into());
    r.links = vec![crate::dashboard::Link { title: "x".into(), url: "/x".into(), new_tab: false }];
    let out = assemble(vec![Section { row: Some(r), panels: vec![] }]);
    assert_eq!(out, vec![row(1, 0, false, vec![])]);
}
