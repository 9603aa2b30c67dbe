//! Deleting a panel and undoing it: the panels below a deleted one move up into its place (compaction), and
//! the undo puts it back where it was, pushing down whatever has moved there since.

use super::grid::{compact, positions, resolve_overlaps, store};
use super::schema::Panel;

/// Where a deleted panel was.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// Top level, at this index of the panel list.
    Top(usize),
    /// Inside the collapsed row with this id, at this index of its panels.
    InRow { row: u32, index: usize },
}

/// A deleted panel (with the panels of a collapsed row, if it is one) and where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Removed {
    pub panel: Panel,
    pub place: Place,
}

/// Deletes panel `id` (top level, or inside a collapsed row) and compacts the top-level grid, so the panels
/// below it move up. None when there is no such panel.
pub fn remove(panels: &mut Vec<Panel>, id: u32) -> Option<Removed> {
    let removed = if let Some(i) = panels.iter().position(|p| p.id == id) {
        Removed { panel: panels.remove(i), place: Place::Top(i) }
    } else {
        panels.iter_mut().find_map(|r| {
            let j = r.panels.iter().position(|p| p.id == id)?;
            Some(Removed { panel: r.panels.remove(j), place: Place::InRow { row: r.id, index: j } })
        })?
    };
    let mut items = positions(panels);
    compact(&mut items);
    store(panels, &items);
    Some(removed)
}

/// Puts a deleted panel back at its place and size: the panels now in its way move down, then the grid is
/// compacted. If its row is gone it returns to the top level; if its id has been given to another panel
/// since, it gets a new one (as do the panels of a restored collapsed row). Returns the id it has.
pub fn restore(panels: &mut Vec<Panel>, removed: Removed) -> u32 {
    let Removed { mut panel, place } = removed;
    let mut used: Vec<u32> = panels.iter().flat_map(|p| std::iter::once(p.id).chain(p.panels.iter().map(|c| c.id))).collect();
    let fresh = |id: u32, used: &mut Vec<u32>| {
        let id = if used.contains(&id) { used.iter().max().map_or(1, |m| m.saturating_add(1)) } else { id };
        used.push(id);
        id
    };
    panel.id = fresh(panel.id, &mut used);
    for c in panel.panels.iter_mut() {
        c.id = fresh(c.id, &mut used);
    }
    let id = panel.id;
    if let Place::InRow { row, index } = place {
        if let Some(r) = panels.iter_mut().find(|r| r.id == row && r.collapsed) {
            let at = index.min(r.panels.len());
            r.panels.insert(at, panel);
            return id;
        }
    }
    let at = match place {
        Place::Top(i) => i.min(panels.len()),
        Place::InRow { .. } => panels.len(),
    };
    panels.insert(at, panel);
    let mut items = positions(panels);
    resolve_overlaps(&mut items, Some(at));
    compact(&mut items);
    store(panels, &items);
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::schema::{GridPos, PanelKind};

    fn g(x: u32, y: u32, w: u32, h: u32) -> GridPos {
        GridPos { x, y, w, h }
    }

    fn p(id: u32, pos: GridPos) -> Panel {
        Panel { id, title: format!("P{id}"), grid_pos: pos, ..Panel::default() }
    }

    fn pos(panels: &[Panel]) -> Vec<(u32, GridPos)> {
        panels.iter().map(|p| (p.id, p.grid_pos)).collect()
    }

    #[test]
    fn the_panels_below_a_deleted_one_move_up_and_undo_puts_it_back() {
        // 1 | 2 side by side, 3 under 1, 4 full width under everything.
        let start = vec![p(1, g(0, 0, 12, 8)), p(2, g(12, 0, 12, 6)), p(3, g(0, 8, 12, 4)), p(4, g(0, 12, 24, 5))];
        let mut panels = start.clone();
        let r = remove(&mut panels, 1).expect("panel 1 is there");
        assert_eq!(r.place, Place::Top(0));
        assert_eq!(r.panel, start[0]);
        // 3 goes to the top of its column; 4 rises to just under 2 (the lowest above it).
        assert_eq!(pos(&panels), vec![(2, g(12, 0, 12, 6)), (3, g(0, 0, 12, 4)), (4, g(0, 6, 24, 5))]);
        assert_eq!(restore(&mut panels, r), 1);
        assert_eq!(panels, start);
    }

    #[test]
    fn undo_after_other_edits_pushes_the_newcomers_down() {
        let mut panels = vec![p(1, g(0, 0, 24, 4)), p(2, g(0, 4, 24, 4))];
        let r = remove(&mut panels, 1).expect("panel 1 is there");
        assert_eq!(pos(&panels), vec![(2, g(0, 0, 24, 4))]);
        // A new panel takes the freed id and a place below.
        panels.push(p(1, g(0, 4, 12, 3)));
        let id = restore(&mut panels, r);
        assert_eq!(id, 3, "a new id: 1 is taken");
        assert_eq!(pos(&panels), vec![(3, g(0, 0, 24, 4)), (2, g(0, 4, 24, 4)), (1, g(0, 8, 12, 3))]);
        assert_eq!(panels[0].title, "P1");
    }

    #[test]
    fn panels_of_a_collapsed_row_and_unknown_ids() {
        let kid = p(7, g(0, 2, 12, 4));
        let row = Panel { id: 5, kind: PanelKind::Row, collapsed: true, grid_pos: g(0, 0, 24, 1), panels: vec![p(6, g(0, 1, 12, 4)), kid.clone()], ..Panel::default() };
        let mut panels = vec![row.clone(), p(8, g(0, 1, 24, 4))];
        assert_eq!(remove(&mut panels, 99), None);
        let r = remove(&mut panels, 7).expect("panel 7 is in the row");
        assert_eq!(r.place, Place::InRow { row: 5, index: 1 });
        assert_eq!(panels[0].panels.len(), 1);
        restore(&mut panels, r.clone());
        assert_eq!(panels[0], row);
        // Its row deleted meanwhile: it comes back at the top level, at its place; the panel there moves down.
        let mut gone = vec![p(8, g(0, 0, 24, 4))];
        assert_eq!(restore(&mut gone, r), 7);
        assert_eq!(pos(&gone), vec![(8, g(0, 4, 24, 4)), (7, g(0, 0, 12, 4))]);
        assert_eq!(gone[1].title, kid.title);
    }

    #[test]
    fn a_deleted_collapsed_row_comes_back_with_its_panels() {
        let row = Panel { id: 1, kind: PanelKind::Row, collapsed: true, grid_pos: g(0, 0, 24, 1), panels: vec![p(2, g(0, 1, 24, 4))], ..Panel::default() };
        let start = vec![row, p(3, g(0, 1, 24, 4))];
        let mut panels = start.clone();
        let r = remove(&mut panels, 1).expect("row 1 is there");
        assert_eq!(pos(&panels), vec![(3, g(0, 0, 24, 4))]);
        restore(&mut panels, r);
        assert_eq!(panels, start);
    }
}
