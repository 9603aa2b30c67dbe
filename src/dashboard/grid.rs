//! The panel grid: 24 columns, rows of 30 px with 8 px margins (Grafana's react-grid-layout settings),
//! vertical compaction (panels float up into gaps), overlap resolution, move/resize keeping the grid valid,
//! pointer drags snapped to the grid, and folding/unfolding rows.

use super::schema::{GridPos, Panel, PanelKind, GRID_COLUMNS, MAX_GRID_Y};

/// Container measurements for [`layout`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridGeometry {
    /// Width of the grid container in CSS px.
    pub width_px: f64,
    /// Height of one grid row (Grafana: 30).
    pub row_height_px: f64,
    /// Gap between panels, horizontal and vertical (Grafana: 8).
    pub margin_px: f64,
}

impl Default for GridGeometry {
    fn default() -> Self {
        GridGeometry { width_px: 1200.0, row_height_px: 30.0, margin_px: 8.0 }
    }
}

/// Where one top-level panel is drawn, in whole CSS px relative to the grid container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PanelRect {
    /// Index into the `panels` slice given to [`layout`].
    pub index: usize,
    pub id: u32,
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

fn bottom(g: &GridPos) -> u32 {
    g.y.saturating_add(g.h)
}

/// True when two grid boxes overlap.
pub fn collides(a: &GridPos, b: &GridPos) -> bool {
    a.x < b.x.saturating_add(b.w) && b.x < a.x.saturating_add(a.w) && a.y < bottom(b) && b.y < bottom(a)
}

/// `g` made valid: `w` 1..24, `x + w ≤ 24`, `h ≥ 1`, `y ≤ MAX_GRID_Y`.
pub fn clamp(g: GridPos) -> GridPos {
    let w = g.w.clamp(1, GRID_COLUMNS);
    GridPos { x: g.x.min(GRID_COLUMNS - w), y: g.y.min(MAX_GRID_Y), w, h: g.h.clamp(1, 1000) }
}

/// Vertical compaction (react-grid-layout's): in (y, x) order each box first moves down out of any
/// overlap with the boxes already placed, then floats up as far as it can. Result: no overlaps, no gaps
/// above any box. Relative vertical order is kept.
pub fn compact(items: &mut [GridPos]) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    crate::sort::by_key(&mut order, |&i| items.get(i).map(|g| (g.y, g.x)).unwrap_or((u32::MAX, u32::MAX)));
    let mut placed: Vec<GridPos> = Vec::with_capacity(items.len());
    for i in order {
        let Some(slot) = items.get_mut(i) else { continue };
        let mut g = clamp(*slot);
        let max_bottom = placed.iter().map(bottom).max().unwrap_or(0);
        g.y = g.y.min(max_bottom);
        while g.y > 0 && !placed.iter().any(|p| collides(p, &GridPos { y: g.y - 1, ..g })) {
            g.y -= 1;
        }
        while let Some(p) = placed.iter().find(|p| collides(p, &g)) {
            g.y = bottom(p);
        }
        *slot = g;
        placed.push(g);
    }
}

/// Pushes boxes down so that none overlaps: `pinned` (if any) keeps its place, the others are taken in
/// (y, x) order and moved below whatever they hit.
pub(crate) fn resolve_overlaps(items: &mut [GridPos], pinned: Option<usize>) {
    let mut order: Vec<usize> = (0..items.len()).filter(|i| Some(*i) != pinned).collect();
    crate::sort::by_key(&mut order, |&i| items.get(i).map(|g| (g.y, g.x)).unwrap_or((u32::MAX, u32::MAX)));
    if let Some(p) = pinned.filter(|p| *p < items.len()) {
        order.insert(0, p);
    }
    let mut placed: Vec<GridPos> = Vec::with_capacity(items.len());
    for i in order {
        let Some(slot) = items.get_mut(i) else { continue };
        let mut g = clamp(*slot);
        while let Some(p) = placed.iter().find(|p| collides(p, &g)) {
            g.y = bottom(p);
        }
        *slot = g;
        placed.push(g);
    }
}

pub(crate) fn positions(panels: &[Panel]) -> Vec<GridPos> {
    panels.iter().map(|p| p.grid_pos).collect()
}

pub(crate) fn store(panels: &mut [Panel], items: &[GridPos]) {
    for (p, g) in panels.iter_mut().zip(items) {
        p.grid_pos = *g;
    }
}

/// Compacts the top-level panels in place (rows stay full width).
pub fn compact_panels(panels: &mut [Panel]) {
    let mut items = positions(panels);
    compact(&mut items);
    store(panels, &items);
}

/// Pixel rectangles for the top-level panels (panels inside collapsed rows are not drawn), after
/// compaction, in `panels` order. Column width = (width − 23 margins) / 24; a box of `w` columns is
/// `w × col + (w − 1) × margin` wide, `h` rows are `h × row + (h − 1) × margin` high.
pub fn layout(panels: &[Panel], geom: &GridGeometry) -> Vec<PanelRect> {
    let mut items = positions(panels);
    compact(&mut items);
    let m = sane(geom.margin_px, 0.0);
    let row = sane(geom.row_height_px, 1.0);
    let cols = f64::from(GRID_COLUMNS);
    let col = ((sane(geom.width_px, 0.0) - m * (cols - 1.0)) / cols).max(1.0);
    let px = |v: f64| v.round().clamp(-1e9, 1e9) as i32;
    items
        .iter()
        .zip(panels)
        .enumerate()
        .map(|(index, (g, p))| {
            let (x, y, w, h) = (f64::from(g.x), f64::from(g.y), f64::from(g.w), f64::from(g.h));
            PanelRect {
                index,
                id: p.id,
                x: px(x * (col + m)),
                y: px(y * (row + m)),
                w: px(w * col + (w - 1.0).max(0.0) * m),
                h: px(h * row + (h - 1.0).max(0.0) * m),
            }
        })
        .collect()
}

fn sane(v: f64, min: f64) -> f64 {
    if v.is_finite() {
        v.max(min)
    } else {
        min
    }
}

/// Height in px of the laid-out grid (for sizing the container).
pub fn content_height(panels: &[Panel], geom: &GridGeometry) -> i32 {
    layout(panels, geom).iter().map(|r| r.y.saturating_add(r.h)).max().unwrap_or(0)
}

/// The grid cell under a point of the container (for drop targets): `(x, y)` in grid units.
pub fn cell_at(px_x: f64, px_y: f64, geom: &GridGeometry) -> (u32, u32) {
    let m = sane(geom.margin_px, 0.0);
    let cols = f64::from(GRID_COLUMNS);
    let col = ((sane(geom.width_px, 0.0) - m * (cols - 1.0)) / cols).max(1.0);
    let row = sane(geom.row_height_px, 1.0);
    let x = (sane(px_x, 0.0) / (col + m)).floor().min(cols - 1.0);
    let y = (sane(px_y, 0.0) / (row + m)).floor().min(f64::from(MAX_GRID_Y));
    (x as u32, y as u32)
}

/// Moves top-level panel `index` to grid cell (`x`, `y`) and keeps the grid valid: a panel it lands on
/// jumps above it when there is room (so dragging down over a neighbour swaps them), otherwise is pushed
/// down; then everything is compacted. Rows keep x = 0. False when `index` is out of range.
pub fn move_panel(panels: &mut [Panel], index: usize, x: u32, y: u32) -> bool {
    let mut items = positions(panels);
    let Some(old) = items.get(index).copied() else { return false };
    let x = if panels.get(index).is_some_and(|p| p.kind == PanelKind::Row) { 0 } else { x };
    let moved = clamp(GridPos { x, y, ..old });
    if let Some(slot) = items.get_mut(index) {
        *slot = moved;
    }
    // Panels hit by the moved one try to hop above it (react-grid-layout's user-action rule).
    let mut hit: Vec<usize> = (0..items.len()).filter(|&i| i != index && items.get(i).is_some_and(|g| collides(g, &moved))).collect();
    crate::sort::by_key(&mut hit, |&i| items.get(i).map(|g| (g.y, g.x)));
    for i in hit {
        let Some(g) = items.get(i).copied() else { continue };
        if !collides(&g, &moved) {
            continue;
        }
        let above = GridPos { y: moved.y.saturating_sub(g.h), ..g };
        let free = items.iter().enumerate().all(|(j, o)| j == i || !collides(o, &above));
        if free && above.y < moved.y {
            if let Some(slot) = items.get_mut(i) {
                *slot = above;
            }
        }
    }
    resolve_overlaps(&mut items, Some(index));
    compact(&mut items);
    store(panels, &items);
    true
}

/// Resizes top-level panel `index` to `w` × `h` grid units (clamped to the grid; rows cannot be resized),
/// pushing overlapped panels down, then compacts. False when `index` is out of range or is a row.
pub fn resize_panel(panels: &mut [Panel], index: usize, w: u32, h: u32) -> bool {
    if panels.get(index).is_none_or(|p| p.kind == PanelKind::Row) {
        return false;
    }
    let mut items = positions(panels);
    let Some(old) = items.get(index).copied() else { return false };
    let w = w.clamp(1, GRID_COLUMNS - old.x.min(GRID_COLUMNS - 1));
    if let Some(slot) = items.get_mut(index) {
        *slot = clamp(GridPos { w, h, ..old });
    }
    resolve_overlaps(&mut items, Some(index));
    compact(&mut items);
    store(panels, &items);
    true
}

/// Moves top-level panel `index` one step, as the menu's and the keyboard's Move do: sideways by `dx`
/// columns (kept inside the grid); up or down (`dy` < 0 or > 0) by taking the place of the nearest panel
/// above or below that shares columns with it (with gravity a one-row step down would float back), or
/// one row when there is none. When that neighbour is a row's heading the panel crosses it: down, it
/// becomes the first line of that row; up, the last line of what is above the row (the row above, or the
/// top level). The grid is compacted first and after. False when nothing moved.
pub fn move_by(panels: &mut [Panel], index: usize, dx: i32, dy: i32) -> bool {
    compact_panels(panels);
    let Some(g) = panels.get(index).map(|p| p.grid_pos) else { return false };
    let shares = |o: &GridPos| o.x < g.x.saturating_add(g.w) && g.x < o.x.saturating_add(o.w);
    let is_row = panels.get(index).is_some_and(|p| p.kind == PanelKind::Row);
    if dy != 0 && !is_row {
        let next = panels
            .iter()
            .enumerate()
            .filter(|(j, o)| *j != index && shares(&o.grid_pos) && if dy > 0 { o.grid_pos.y >= bottom(&g) } else { bottom(&o.grid_pos) <= g.y })
            .min_by_key(|(_, o)| if dy > 0 { i64::from(o.grid_pos.y) } else { -i64::from(o.grid_pos.y) })
            .map(|(_, o)| (o.kind, o.grid_pos.y));
        if let Some((PanelKind::Row, row_y)) = next {
            return cross_row(panels, index, if dy > 0 { row_y.saturating_add(1) } else { row_y });
        }
    }
    let others = || panels.iter().enumerate().filter(move |(j, _)| *j != index).map(|(_, p)| p.grid_pos);
    let (x, y) = if dy > 0 {
        let below = others().filter(|o| o.y >= bottom(&g) && shares(o)).map(|o| o.y).min();
        (g.x, below.unwrap_or(bottom(&g)))
    } else if dy < 0 {
        let above = others().filter(|o| bottom(o) <= g.y && shares(o)).map(|o| o.y).max();
        (g.x, above.unwrap_or(g.y.saturating_sub(1)))
    } else {
        let max_x = i64::from(GRID_COLUMNS - g.w.clamp(1, GRID_COLUMNS));
        (i64::from(g.x).saturating_add(i64::from(dx)).clamp(0, max_x) as u32, g.y)
    };
    let before = positions(panels);
    move_panel(panels, index, x, y);
    positions(panels) != before
}

/// Puts top-level panel `index` on line `y` (keeping its column) after moving everything else from that
/// line down by its height, all together (so no panel changes row), then compacts: on the line under a
/// heading it is that row's first; on a heading's line it is above the heading, in what precedes the row.
/// False when nothing moved.
fn cross_row(panels: &mut [Panel], index: usize, y: u32) -> bool {
    let before = positions(panels);
    let mut items = before.clone();
    let Some(h) = items.get(index).map(|g| g.h) else { return false };
    for (j, g) in items.iter_mut().enumerate() {
        if j == index {
            *g = clamp(GridPos { y, ..*g });
        } else if g.y >= y {
            g.y = g.y.saturating_add(h).min(MAX_GRID_Y);
        }
    }
    resolve_overlaps(&mut items, Some(index));
    compact(&mut items);
    store(panels, &items);
    positions(panels) != before
}

/// Every top-level panel's place, by id: what [`restore_positions`] takes to undo a layout change.
pub fn layout_of(panels: &[Panel]) -> Vec<(u32, GridPos)> {
    panels.iter().map(|p| (p.id, p.grid_pos)).collect()
}

/// Undoes a layout change: each top-level panel named in `before` goes back to its place and size there;
/// a panel added since keeps its own place, moved down if it is in the way; then the grid is compacted.
pub fn restore_positions(panels: &mut [Panel], before: &[(u32, GridPos)]) {
    let mut known = Vec::new();
    for (i, p) in panels.iter_mut().enumerate() {
        if let Some((_, g)) = before.iter().find(|(id, _)| *id == p.id) {
            p.grid_pos = *g;
            known.push(i);
        }
    }
    // The restored panels are placed first (they did not overlap), the others below whatever they hit.
    let mut items = positions(panels);
    let mut placed: Vec<GridPos> = known.iter().filter_map(|&i| items.get(i).copied()).collect();
    for (i, slot) in items.iter_mut().enumerate() {
        if known.contains(&i) {
            continue;
        }
        let mut g = clamp(*slot);
        while let Some(o) = placed.iter().find(|o| collides(o, &g)) {
            g.y = bottom(o);
        }
        *slot = g;
        placed.push(g);
    }
    compact(&mut items);
    store(panels, &items);
}

/// Smallest height a panel can be resized to (title bar and a little body).
pub const MIN_PANEL_H: u32 = 2;

/// Smallest width a panel can be resized to: its header's controls (full screen, edit, menu) still fit on
/// one line at a 1024 px wide window.
pub const MIN_PANEL_W: u32 = 3;

/// Resizes top-level panel `index` by `dw` columns and `dh` rows (at least [`MIN_PANEL_W`] columns, or
/// its width if already narrower, and [`MIN_PANEL_H`] rows, at most what fits right of it), pushing
/// neighbours down, then compacts. False when `index` is out of range or is a row.
pub fn resize_by(panels: &mut [Panel], index: usize, dw: i32, dh: i32) -> bool {
    let Some(g) = panels.get(index).map(|p| p.grid_pos) else { return false };
    let min_w = i64::from(MIN_PANEL_W.min(g.w.max(1)));
    let w = i64::from(g.w).saturating_add(i64::from(dw)).clamp(min_w, i64::from(GRID_COLUMNS)) as u32;
    let h = i64::from(g.h).saturating_add(i64::from(dh)).clamp(i64::from(MIN_PANEL_H), 1000) as u32;
    resize_panel(panels, index, w, h)
}

/// What a pointer drag on a panel does: its header moves it, its corner handle resizes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DragKind {
    Move,
    Resize,
}

/// The whole grid columns and rows a pointer offset covers, rounded to the nearest cell (a drag snaps
/// once the pointer is past half a cell, as in Grafana).
pub fn snap_offset(dx_px: f64, dy_px: f64, geom: &GridGeometry) -> (i32, i32) {
    let m = sane(geom.margin_px, 0.0);
    let cols = f64::from(GRID_COLUMNS);
    let col = ((sane(geom.width_px, 0.0) - m * (cols - 1.0)) / cols).max(1.0);
    let row = sane(geom.row_height_px, 1.0);
    let cells = |d: f64, size: f64| if d.is_finite() { (d / size).round().clamp(-1e6, 1e6) as i32 } else { 0 };
    (cells(dx_px, col + m), cells(dy_px, row + m))
}

/// The layout while a drag of top-level panel `index` is under way (and where it ends): `start` is the
/// layout when the pointer went down, (`dx_px`, `dy_px`) how far the pointer has gone since. Computed
/// afresh from `start` on every pointer move, so going back restores the layout. A move snaps the panel to
/// the nearest cell (inside the 24 columns), panels in its way hop above it or are pushed down, then
/// everything floats up (gravity); a resize changes the size from the bottom-right corner the same way.
/// Rows are not dragged; an out-of-range index changes nothing.
pub fn drag(start: &[Panel], index: usize, kind: DragKind, dx_px: f64, dy_px: f64, geom: &GridGeometry) -> Vec<Panel> {
    let mut panels = start.to_vec();
    let Some(p) = start.get(index) else { return panels };
    if p.kind == PanelKind::Row {
        return panels;
    }
    let (dc, dr) = snap_offset(dx_px, dy_px, geom);
    let g = p.grid_pos;
    match kind {
        DragKind::Move => {
            let x = i64::from(g.x).saturating_add(i64::from(dc)).clamp(0, i64::from(GRID_COLUMNS - g.w.clamp(1, GRID_COLUMNS)));
            let y = i64::from(g.y).saturating_add(i64::from(dr)).clamp(0, i64::from(MAX_GRID_Y));
            move_panel(&mut panels, index, x as u32, y as u32);
        }
        DragKind::Resize => {
            resize_by(&mut panels, index, dc, dr);
        }
    }
    panels
}

/// The first free place (top to bottom, left to right) for a new `w` × `h` panel.
pub fn free_spot(panels: &[Panel], w: u32, h: u32) -> GridPos {
    let items = positions(panels);
    let g = clamp(GridPos { x: 0, y: 0, w, h });
    let max_y = items.iter().map(bottom).max().unwrap_or(0);
    for y in 0..=max_y {
        for x in 0..=(GRID_COLUMNS - g.w) {
            let c = GridPos { x, y, ..g };
            if !items.iter().any(|o| collides(o, &c)) {
                return c;
            }
        }
    }
    GridPos { x: 0, y: max_y.min(MAX_GRID_Y), ..g }
}

/// Folds or unfolds the row at top-level `index` (Grafana's behaviour): folding moves the panels between
/// this row and the next row into `row.panels`; unfolding puts them back right under the row and pushes
/// the panels below down. The grid is compacted afterwards. False when `index` is not a row.
pub fn toggle_row(panels: &mut Vec<Panel>, index: usize) -> bool {
    let Some(row) = panels.get(index) else { return false };
    if row.kind != PanelKind::Row {
        return false;
    }
    compact_panels(panels);
    let row_y = panels.get(index).map_or(0, |r| r.grid_pos.y);
    if panels.get(index).is_some_and(|r| r.collapsed) {
        let mut kids = panels.get_mut(index).map(|r| std::mem::take(&mut r.panels)).unwrap_or_default();
        let top = kids.iter().map(|k| k.grid_pos.y).min().unwrap_or(0);
        let base = row_y.saturating_add(1);
        for k in kids.iter_mut() {
            k.grid_pos.y = k.grid_pos.y.saturating_sub(top).saturating_add(base).min(MAX_GRID_Y);
        }
        let height = kids.iter().map(|k| bottom(&k.grid_pos)).max().unwrap_or(base).saturating_sub(base);
        for (i, p) in panels.iter_mut().enumerate() {
            if i != index && p.grid_pos.y > row_y {
                p.grid_pos.y = p.grid_pos.y.saturating_add(height).min(MAX_GRID_Y);
            }
        }
        if let Some(r) = panels.get_mut(index) {
            r.collapsed = false;
        }
        let at = index.saturating_add(1).min(panels.len());
        panels.splice(at..at, kids);
    } else {
        let next_row_y = panels
            .iter()
            .filter(|p| p.kind == PanelKind::Row && p.grid_pos.y > row_y)
            .map(|p| p.grid_pos.y)
            .min()
            .unwrap_or(u32::MAX);
        let mut kids = Vec::new();
        let mut i = 0;
        let mut row_at = index;
        while i < panels.len() {
            let take = panels.get(i).is_some_and(|p| {
                i != row_at && p.kind != PanelKind::Row && p.grid_pos.y > row_y && p.grid_pos.y < next_row_y
            });
            if take {
                kids.push(panels.remove(i));
                if i < row_at {
                    row_at -= 1;
                }
            } else {
                i += 1;
            }
        }
        crate::sort::by_key(&mut kids, |k| (k.grid_pos.y, k.grid_pos.x));
        if let Some(r) = panels.get_mut(row_at) {
            r.collapsed = true;
            r.panels = kids;
        }
    }
    compact_panels(panels);
    true
}

#[cfg(test)]
#[path = "grid_tests.rs"]
mod tests;
