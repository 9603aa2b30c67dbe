//! Tests of grid layout, compaction, move/resize and row folding.

use super::*;
use crate::dashboard::schema::{Panel, PanelKind};

fn g(x: u32, y: u32, w: u32, h: u32) -> GridPos {
    GridPos { x, y, w, h }
}

fn p(id: u32, pos: GridPos) -> Panel {
    Panel { id, grid_pos: pos, ..Panel::default() }
}

fn row(id: u32, y: u32) -> Panel {
    Panel { id, kind: PanelKind::Row, grid_pos: g(0, y, 24, 1), ..Panel::default() }
}

fn pos(panels: &[Panel]) -> Vec<(u32, GridPos)> {
    panels.iter().map(|p| (p.id, p.grid_pos)).collect()
}

fn no_overlaps(panels: &[Panel]) -> bool {
    panels.iter().enumerate().all(|(i, a)| panels.iter().skip(i + 1).all(|b| !collides(&a.grid_pos, &b.grid_pos)))
}

#[test]
fn pixels_match_grafana_geometry() {
    // 1200 px: column = (1200 - 23*8)/24 = 42.333…
    let panels = vec![p(1, g(0, 0, 12, 8)), p(2, g(12, 0, 12, 8)), p(3, g(0, 8, 24, 1))];
    let r = layout(&panels, &GridGeometry::default());
    assert_eq!(r[0], PanelRect { index: 0, id: 1, x: 0, y: 0, w: 596, h: 296 });
    assert_eq!(r[1], PanelRect { index: 1, id: 2, x: 604, y: 0, w: 596, h: 296 });
    assert_eq!(r[2], PanelRect { index: 2, id: 3, x: 0, y: 304, w: 1200, h: 30 });
    assert_eq!(content_height(&panels, &GridGeometry::default()), 334);
    assert_eq!(content_height(&[], &GridGeometry::default()), 0);
}

#[test]
fn absurd_geometry_does_not_panic() {
    let panels = vec![p(1, g(0, 0, 24, 8))];
    for geom in [
        GridGeometry { width_px: f64::NAN, row_height_px: f64::INFINITY, margin_px: -5.0 },
        GridGeometry { width_px: 0.0, row_height_px: 0.0, margin_px: 0.0 },
        GridGeometry { width_px: 1e300, row_height_px: 1e300, margin_px: 1e300 },
    ] {
        let r = layout(&panels, &geom);
        assert_eq!(r.len(), 1);
        assert!(r[0].w >= 1);
    }
    assert_eq!(cell_at(f64::NAN, -3.0, &GridGeometry::default()), (0, 0));
    assert_eq!(cell_at(610.0, 305.0, &GridGeometry::default()), (12, 8));
    assert_eq!(cell_at(1e12, 0.0, &GridGeometry::default()), (23, 0));
}

#[test]
fn gaps_are_filled_by_gravity() {
    let mut items = vec![g(0, 5, 12, 4), g(12, 20, 12, 4), g(0, 30, 24, 2)];
    compact(&mut items);
    assert_eq!(items, vec![g(0, 0, 12, 4), g(12, 0, 12, 4), g(0, 4, 24, 2)]);
}

#[test]
fn overlaps_are_resolved_by_pushing_down() {
    let mut items = vec![g(0, 0, 12, 4), g(6, 2, 12, 4), g(0, 1, 24, 1)];
    compact(&mut items);
    // (0,0) first, then the row at y1 (hits it → y4), then the (6,2) box (hits both → y5).
    assert_eq!(items, vec![g(0, 0, 12, 4), g(6, 5, 12, 4), g(0, 4, 24, 1)]);
    // Invalid boxes are clamped.
    let mut items = vec![g(30, 0, 50, 0)];
    compact(&mut items);
    assert_eq!(items, vec![g(0, 0, 24, 1)]);
}

#[test]
fn layout_compacts_without_changing_the_input() {
    let panels = vec![p(1, g(0, 10, 24, 2))];
    let r = layout(&panels, &GridGeometry::default());
    assert_eq!(r[0].y, 0);
    assert_eq!(panels[0].grid_pos.y, 10);
}

#[test]
fn dragging_down_over_a_neighbour_swaps() {
    let mut panels = vec![p(1, g(0, 0, 24, 8)), p(2, g(0, 8, 24, 8))];
    assert!(move_panel(&mut panels, 0, 0, 8));
    assert_eq!(pos(&panels), vec![(1, g(0, 8, 24, 8)), (2, g(0, 0, 24, 8))]);
}

#[test]
fn dragging_half_way_keeps_the_order() {
    let mut panels = vec![p(1, g(0, 0, 24, 8)), p(2, g(0, 8, 24, 8))];
    move_panel(&mut panels, 0, 0, 4);
    assert_eq!(pos(&panels), vec![(1, g(0, 0, 24, 8)), (2, g(0, 8, 24, 8))]);
}

#[test]
fn moving_sideways_and_into_occupied_space() {
    let mut panels = vec![p(1, g(0, 0, 12, 4)), p(2, g(12, 0, 12, 4)), p(3, g(0, 4, 12, 4))];
    // Panel 3 onto panel 2's spot: panel 2 hops above? No room above (y 0), so it is pushed down.
    move_panel(&mut panels, 2, 12, 0);
    assert_eq!(pos(&panels), vec![(1, g(0, 0, 12, 4)), (2, g(12, 4, 12, 4)), (3, g(12, 0, 12, 4))]);
    assert!(no_overlaps(&panels));
    // Off-grid targets are clamped.
    move_panel(&mut panels, 0, 40, 7);
    assert_eq!(panels[0].grid_pos.x, 12);
    assert!(no_overlaps(&panels));
    assert!(!move_panel(&mut panels, 9, 0, 0));
    // Rows stay at x 0.
    let mut panels = vec![row(1, 0), p(2, g(0, 1, 12, 4))];
    move_panel(&mut panels, 0, 5, 5);
    assert_eq!(panels[0].grid_pos.x, 0);
}

#[test]
fn resizing_pushes_neighbours() {
    let mut panels = vec![p(1, g(0, 0, 12, 4)), p(2, g(12, 0, 12, 4)), p(3, g(0, 4, 24, 4))];
    assert!(resize_panel(&mut panels, 0, 18, 6));
    assert_eq!(pos(&panels), vec![(1, g(0, 0, 18, 6)), (2, g(12, 6, 12, 4)), (3, g(0, 10, 24, 4))]);
    assert!(no_overlaps(&panels));
    // Width clamped to what fits right of x.
    resize_panel(&mut panels, 1, 99, 0);
    assert_eq!(panels[1].grid_pos, g(12, 6, 12, 1));
    assert!(!resize_panel(&mut panels, 7, 1, 1));
    let mut rows = vec![row(1, 0)];
    assert!(!resize_panel(&mut rows, 0, 12, 3));
}

#[test]
fn many_random_moves_keep_the_grid_valid() {
    let mut panels: Vec<Panel> = (0..40).map(|i| p(i + 1, g((i * 5) % 20, i, 4 + i % 5, 1 + i % 7))).collect();
    let mut seed: u64 = 42;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as u32
    };
    for _ in 0..300 {
        let i = (next() % 40) as usize;
        if next() % 2 == 0 {
            move_panel(&mut panels, i, next() % 30, next() % 80);
        } else {
            resize_panel(&mut panels, i, next() % 30, next() % 12);
        }
        assert!(no_overlaps(&panels));
        assert!(panels.iter().all(|p| p.grid_pos.x + p.grid_pos.w <= 24 && p.grid_pos.w >= 1 && p.grid_pos.h >= 1));
    }
    // Compacted: every panel touches the top or another panel right above it.
    for a in &panels {
        let gp = a.grid_pos;
        let supported = gp.y == 0
            || panels.iter().any(|b| collides(&b.grid_pos, &GridPos { y: gp.y - 1, ..gp }) && b.id != a.id);
        assert!(supported, "panel {} floats at {:?}", a.id, gp);
    }
}

#[test]
fn free_spot_finds_the_first_hole() {
    let panels = vec![p(1, g(0, 0, 12, 4)), p(2, g(0, 4, 24, 4))];
    assert_eq!(free_spot(&panels, 12, 4), g(12, 0, 12, 4));
    assert_eq!(free_spot(&panels, 24, 2), g(0, 8, 24, 2));
    assert_eq!(free_spot(&[], 99, 3), g(0, 0, 24, 3));
}

#[test]
fn rows_fold_and_unfold() {
    let mut panels = vec![
        p(1, g(0, 0, 24, 4)),
        row(2, 4),
        p(3, g(0, 5, 12, 6)),
        p(4, g(12, 5, 12, 6)),
        row(5, 11),
        p(6, g(0, 12, 24, 3)),
    ];
    assert!(toggle_row(&mut panels, 1));
    assert_eq!(panels.len(), 4);
    assert!(panels[1].collapsed);
    assert_eq!(panels[1].panels.iter().map(|k| k.id).collect::<Vec<_>>(), vec![3, 4]);
    // The next row and its panel float up.
    assert_eq!(pos(&panels)[2..], [(5, g(0, 5, 24, 1)), (6, g(0, 6, 24, 3))]);
    assert!(toggle_row(&mut panels, 1));
    assert!(!panels[1].collapsed && panels[1].panels.is_empty());
    assert_eq!(
        pos(&panels),
        vec![
            (1, g(0, 0, 24, 4)),
            (2, g(0, 4, 24, 1)),
            (3, g(0, 5, 12, 6)),
            (4, g(12, 5, 12, 6)),
            (5, g(0, 11, 24, 1)),
            (6, g(0, 12, 24, 3)),
        ]
    );
    // Last row: everything below it is folded.
    assert!(toggle_row(&mut panels, 4));
    assert_eq!(panels.len(), 5);
    assert_eq!(panels[4].panels.len(), 1);
    assert!(!toggle_row(&mut panels, 0));
    assert!(!toggle_row(&mut panels, 99));
}

#[test]
fn imported_collapsed_rows_unfold_under_their_row() {
    // As Grafana stores them: children keep their old absolute y (here far below).
    let mut r = row(10, 2);
    r.collapsed = true;
    r.panels = vec![p(11, g(0, 16203, 12, 11)), p(12, g(12, 16203, 12, 11))];
    let mut panels = vec![p(1, g(0, 0, 24, 2)), r, row(20, 3)];
    assert!(toggle_row(&mut panels, 1));
    assert_eq!(
        pos(&panels),
        vec![(1, g(0, 0, 24, 2)), (10, g(0, 2, 24, 1)), (11, g(0, 3, 12, 11)), (12, g(12, 3, 12, 11)), (20, g(0, 14, 24, 1))]
    );
}

#[test]
fn pointer_offsets_snap_to_the_nearest_cell() {
    // 1200 px wide: a column plus its margin is 50.333… px, a row plus margin 38 px.
    let geom = GridGeometry::default();
    assert_eq!(snap_offset(0.0, 0.0, &geom), (0, 0));
    assert_eq!(snap_offset(25.0, 18.0, &geom), (0, 0));
    assert_eq!(snap_offset(26.0, 20.0, &geom), (1, 1));
    assert_eq!(snap_offset(-604.0, -380.0, &geom), (-12, -10));
    assert_eq!(snap_offset(f64::NAN, f64::INFINITY, &geom), (0, 0));
    assert_eq!(snap_offset(1e300, -1e300, &geom), (1_000_000, -1_000_000));
}

#[test]
fn dragging_a_header_moves_the_panel_to_the_snapped_cell() {
    let geom = GridGeometry::default();
    let start = vec![p(1, g(0, 0, 12, 8)), p(2, g(12, 0, 12, 8)), p(3, g(0, 8, 24, 4))];
    // Panel 1 dragged 6 columns right (≈302 px) lands on panel 2, which has no room above: pushed down.
    let out = drag(&start, 0, DragKind::Move, 300.0, 5.0, &geom);
    assert_eq!(pos(&out), vec![(1, g(6, 0, 12, 8)), (2, g(12, 8, 12, 8)), (3, g(0, 16, 24, 4))]);
    assert!(no_overlaps(&out));
    // The start layout is not touched, and a drag back to the origin restores it.
    assert_eq!(start[0].grid_pos, g(0, 0, 12, 8));
    assert_eq!(drag(&start, 0, DragKind::Move, 10.0, -10.0, &geom), start);
    // Dragged far right or up: kept inside the grid.
    let out = drag(&start, 0, DragKind::Move, 5000.0, -5000.0, &geom);
    assert_eq!(out[0].grid_pos, g(12, 0, 12, 8));
    assert_eq!(out[1].grid_pos, g(12, 8, 12, 8));
    // Dragged down by its own height onto the full-width panel: gravity lifts it back (nothing above it),
    // as in Grafana; dragged further, below that panel, it stays there.
    assert_eq!(drag(&start, 0, DragKind::Move, 0.0, 8.0 * 38.0, &geom), start);
    let out = drag(&start, 0, DragKind::Move, 0.0, 12.0 * 38.0, &geom);
    assert_eq!(pos(&out), vec![(1, g(0, 12, 12, 8)), (2, g(12, 0, 12, 8)), (3, g(0, 8, 24, 4))]);
    // Dragged up to the top: the panels it lands on go below it.
    let out = drag(&start, 2, DragKind::Move, 0.0, -8.0 * 38.0, &geom);
    assert_eq!(pos(&out), vec![(1, g(0, 4, 12, 8)), (2, g(12, 4, 12, 8)), (3, g(0, 0, 24, 4))]);
    assert!(no_overlaps(&out));
    // Out of range, or a row: unchanged.
    assert_eq!(drag(&start, 9, DragKind::Move, 300.0, 0.0, &geom), start);
    let rows = vec![row(1, 0), p(2, g(0, 1, 12, 4))];
    assert_eq!(drag(&rows, 0, DragKind::Move, 0.0, 200.0, &geom), rows);
}

#[test]
fn dragging_the_corner_resizes_and_pushes_neighbours_down() {
    let geom = GridGeometry::default();
    let start = vec![p(1, g(0, 0, 12, 8)), p(2, g(12, 0, 12, 8)), p(3, g(0, 8, 24, 4))];
    // 3 columns wider (≈151 px) and 2 rows taller: panel 2 is in the way and goes below, panel 3 too.
    let out = drag(&start, 0, DragKind::Resize, 151.0, 76.0, &geom);
    assert_eq!(pos(&out), vec![(1, g(0, 0, 15, 10)), (2, g(12, 10, 12, 8)), (3, g(0, 18, 24, 4))]);
    assert!(no_overlaps(&out));
    // Smaller: at least MIN_PANEL_W columns and MIN_PANEL_H rows; never past the right edge.
    let out = drag(&start, 1, DragKind::Resize, -5000.0, -5000.0, &geom);
    assert_eq!(out[1].grid_pos, g(12, 0, MIN_PANEL_W, MIN_PANEL_H));
    // A panel already narrower (an imported one) is not widened by making it shorter.
    let mut thin = vec![p(1, g(0, 0, 1, 8))];
    assert!(resize_by(&mut thin, 0, -2, -1));
    assert_eq!(thin[0].grid_pos, g(0, 0, 1, 7));
    let out = drag(&start, 1, DragKind::Resize, 5000.0, 0.0, &geom);
    assert_eq!(out[1].grid_pos, g(12, 0, 12, 8));
    // A shorter panel lets the one under it float up.
    let out = drag(&start, 0, DragKind::Resize, 0.0, -3.0 * 38.0, &geom);
    assert_eq!(pos(&out), vec![(1, g(0, 0, 12, 5)), (2, g(12, 0, 12, 8)), (3, g(0, 8, 24, 4))]);
    let mut two = vec![p(1, g(0, 0, 24, 8)), p(2, g(0, 8, 24, 4))];
    assert!(resize_by(&mut two, 0, 0, -4));
    assert_eq!(pos(&two), vec![(1, g(0, 0, 24, 4)), (2, g(0, 4, 24, 4))]);
    assert!(!resize_by(&mut two, 5, 1, 1));
}

// move_by: the menu's and the keyboard's one-step moves. Start: A B on top, C under A (12 × 8 each).
fn abc() -> Vec<Panel> {
    vec![p(1, g(0, 0, 12, 8)), p(2, g(12, 0, 12, 8)), p(3, g(0, 8, 12, 8))]
}

#[test]
fn move_by_down_swaps_with_the_panel_below() {
    let mut panels = abc();
    assert!(move_by(&mut panels, 0, 0, 1));
    // A lands on C, which hops above it.
    assert_eq!(pos(&panels), vec![(1, g(0, 8, 12, 8)), (2, g(12, 0, 12, 8)), (3, g(0, 0, 12, 8))]);
}

#[test]
fn move_by_up_swaps_with_the_panel_above() {
    let mut panels = abc();
    assert!(move_by(&mut panels, 2, 0, -1));
    // C takes A's place at the top; A, pushed down, goes under it.
    assert_eq!(pos(&panels), vec![(1, g(0, 8, 12, 8)), (2, g(12, 0, 12, 8)), (3, g(0, 0, 12, 8))]);
}

#[test]
fn move_by_sideways_pushes_what_it_lands_on_down() {
    let mut panels = abc();
    assert!(move_by(&mut panels, 0, 1, 0));
    // A at columns 1–12 overlaps B's first column: B is pushed below A (row 8), beside C, which stays.
    assert_eq!(pos(&panels), vec![(1, g(1, 0, 12, 8)), (2, g(12, 8, 12, 8)), (3, g(0, 8, 12, 8))]);
    assert!(no_overlaps(&panels));
}

#[test]
fn move_by_at_an_edge_changes_nothing() {
    let mut panels = abc();
    assert!(!move_by(&mut panels, 1, 0, -1), "B is at the top");
    assert!(!move_by(&mut panels, 1, 1, 0), "B is at the right edge");
    assert!(!move_by(&mut panels, 0, -3, 0), "A is at the left edge");
    assert!(!move_by(&mut panels, 7, 1, 0), "no such panel");
    assert_eq!(pos(&panels), pos(&abc()));
}

#[test]
fn move_by_down_at_the_bottom_goes_one_row_and_floats_back() {
    let mut panels = abc();
    // C has nothing below: one row down, then gravity puts it back under A.
    assert!(!move_by(&mut panels, 2, 0, 1));
    assert_eq!(pos(&panels), pos(&abc()));
}

#[test]
fn restore_positions_undoes_a_move_and_a_resize() {
    let mut panels = abc();
    let before = layout_of(&panels);
    assert!(move_by(&mut panels, 0, 0, 1));
    assert!(resize_by(&mut panels, 2, 6, 2));
    assert_ne!(pos(&panels), pos(&abc()));
    restore_positions(&mut panels, &before);
    assert_eq!(pos(&panels), pos(&abc()));
}

#[test]
fn restore_positions_keeps_a_panel_added_since_out_of_the_way() {
    let mut panels = abc();
    let before = layout_of(&panels);
    assert!(move_by(&mut panels, 2, 0, -1));
    // D added at (0, 8) after the move: C returns there, so D goes below C.
    panels.push(p(4, g(0, 8, 6, 2)));
    restore_positions(&mut panels, &before);
    assert_eq!(pos(&panels), vec![(1, g(0, 0, 12, 8)), (2, g(12, 0, 12, 8)), (3, g(0, 8, 12, 8)), (4, g(0, 16, 6, 2))]);
    // Ids the panels no longer have change nothing.
    let mut one = vec![p(9, g(3, 0, 4, 4))];
    restore_positions(&mut one, &before);
    assert_eq!(pos(&one), vec![(9, g(3, 0, 4, 4))]);
}

/// The ids of each section's panels (sorted), rows by id (0: the panels above the first row): what a save keeps.
fn membership(panels: &[Panel]) -> Vec<(u32, Vec<u32>)> {
    crate::dashboard::layout::sections(panels)
        .iter()
        .map(|s| {
            let mut ids: Vec<u32> = s.panels.iter().map(|(p, _)| p.id).collect();
            ids.sort_unstable();
            (s.row.map_or(0, |r| r.id), ids)
        })
        .collect()
}

/// A top-level panel 1, row 10 holding 2 and 3, row 20 holding 4.
fn two_rows() -> Vec<Panel> {
    vec![p(1, g(0, 0, 12, 4)), row(10, 4), p(2, g(0, 5, 12, 4)), p(3, g(12, 5, 12, 4)), row(20, 9), p(4, g(0, 10, 12, 4))]
}

#[test]
fn a_panel_dragged_from_the_top_into_a_row_below_joins_it() {
    let geom = GridGeometry::default();
    let step = geom.row_height_px + geom.margin_px;
    // Panel 1 dragged 11 lines down: onto row 20's area, beside panel 4.
    let out = drag(&two_rows(), 0, DragKind::Move, 0.0, 11.0 * step, &geom);
    assert!(no_overlaps(&out));
    assert_eq!(membership(&out), vec![(10, vec![2, 3]), (20, vec![1, 4])]);
    // Dragged only onto the first row's heading: it goes under it, into row 10.
    let out = drag(&two_rows(), 0, DragKind::Move, 0.0, 4.0 * step, &geom);
    assert_eq!(membership(&out), vec![(10, vec![1, 2, 3]), (20, vec![4])]);
}

#[test]
fn a_panel_dragged_out_of_a_row_goes_to_the_top_or_another_row() {
    let geom = GridGeometry::default();
    let step = geom.row_height_px + geom.margin_px;
    let rows = two_rows();
    // Panel 3 (row 10, at line 5) dragged up 5 lines to the very top, right of panel 1: top level.
    let out = drag(&rows, 3, DragKind::Move, 0.0, -5.0 * step, &geom);
    assert!(no_overlaps(&out));
    assert_eq!(membership(&out), vec![(0, vec![1, 3]), (10, vec![2]), (20, vec![4])]);
    // Panel 4 (row 20) dragged up into row 10, beside panel 2 where 3 was: 3 makes room below.
    let out = drag(&rows, 5, DragKind::Move, 12.0 * (geom.width_px / 24.0), -5.0 * step, &geom);
    assert!(no_overlaps(&out));
    let m = membership(&out);
    assert_eq!(m[1].0, 10);
    assert!(m[1].1.contains(&4) && m[1].1.contains(&2), "{m:?}");
    assert_eq!(m[2], (20, vec![]));
}

#[test]
fn arrow_keys_move_a_panel_past_a_row_heading_into_that_row_and_back_out() {
    let mut ps = two_rows();
    // Down from the top: past row 10's heading, into row 10 (first in it).
    assert!(move_by(&mut ps, 0, 0, 1));
    assert!(no_overlaps(&ps));
    assert_eq!(membership(&ps), vec![(10, vec![1, 2, 3]), (20, vec![4])]);
    // Up again: out of the row, to the top level.
    let i = ps.iter().position(|x| x.id == 1).unwrap();
    assert!(move_by(&mut ps, i, 0, -1));
    assert_eq!(membership(&ps), vec![(0, vec![1]), (10, vec![2, 3]), (20, vec![4])]);
    // Panel 2 (in row 10) down: the next thing below it in its columns is row 20's heading, which cannot
    // hop above it (panel 3 shares its line): it goes under the heading, into row 20.
    let i = ps.iter().position(|x| x.id == 2).unwrap();
    assert!(move_by(&mut ps, i, 0, 1));
    assert_eq!(membership(&ps), vec![(0, vec![1]), (10, vec![3]), (20, vec![2, 4])]);
    // And up out of row 20 back into row 10.
    let i = ps.iter().position(|x| x.id == 2).unwrap();
    assert!(move_by(&mut ps, i, 0, -1));
    assert_eq!(membership(&ps), vec![(0, vec![1]), (10, vec![2, 3]), (20, vec![4])]);
}

#[test]
fn a_panel_arrowed_up_out_of_a_row_leaves_the_rest_of_the_row_in_it() {
    // Top above the rows; Overview holding Left and Right (both 8 high); Details holding Below.
    let start = vec![p(10, g(0, 0, 6, 5)), row(1, 5), p(11, g(0, 6, 6, 8)), p(12, g(6, 6, 12, 8)), row(2, 14), p(13, g(0, 15, 6, 5))];
    let mut ps = start.clone();
    let at = |ps: &[Panel], id: u32| ps.iter().position(|x| x.id == id).unwrap();
    // Right down: into Details, beside Below.
    let i = at(&ps, 12);
    assert!(move_by(&mut ps, i, 0, 1));
    assert_eq!(membership(&ps), vec![(0, vec![10]), (1, vec![11]), (2, vec![12, 13])]);
    // Right up: back into Overview; Below stays in Details.
    let i = at(&ps, 12);
    assert!(move_by(&mut ps, i, 0, -1));
    assert!(no_overlaps(&ps));
    assert_eq!(membership(&ps), membership(&start));
    // Left up: out of Overview to the top level, under Top (it shares Top's columns).
    let i = at(&ps, 11);
    assert!(move_by(&mut ps, i, 0, -1));
    assert_eq!(membership(&ps), vec![(0, vec![10, 11]), (1, vec![12]), (2, vec![13])]);
}

#[test]
fn undo_puts_a_panel_back_in_its_row() {
    let mut ps = two_rows();
    let before = layout_of(&ps);
    assert!(move_by(&mut ps, 2, 0, 1));
    assert_ne!(membership(&ps), membership(&two_rows()));
    restore_positions(&mut ps, &before);
    assert_eq!(membership(&ps), membership(&two_rows()));
}
