//! Layout editing in words and keys: what an arrow key does to the focused panel in edit mode, the sentence
//! announced after a panel moved or changed size, and the Undo toast's message for it.

use crate::dashboard::{GridPos, Panel, PanelKind};

/// What a key does to the focused panel in edit mode: arrows move it (one column sideways, past the
/// neighbour above or below), shift+arrows resize it by one column or row from its bottom-right corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutKey {
    Move(i32, i32),
    Resize(i32, i32),
}

/// The layout action of a key (`KeyboardEvent.key`) with or without shift; None for other keys, and for a
/// row with shift (rows keep their size).
pub fn layout_key(key: &str, shift: bool, is_row: bool) -> Option<LayoutKey> {
    let (dx, dy) = match key {
        "ArrowLeft" => (-1, 0),
        "ArrowRight" => (1, 0),
        "ArrowUp" => (0, -1),
        "ArrowDown" => (0, 1),
        _ => return None,
    };
    match (shift, is_row) {
        (false, false) => Some(LayoutKey::Move(dx, dy)),
        (false, true) => (dy != 0).then_some(LayoutKey::Move(0, dy)),
        (true, false) => Some(LayoutKey::Resize(dx, dy)),
        (true, true) => None,
    }
}

/// A panel's name in a sentence: “Title”, or "Panel 7" / "Row 7" when untitled.
pub fn panel_name(p: &Panel) -> String {
    let what = if p.kind == PanelKind::Row { "Row" } else { "Panel" };
    if p.title.trim().is_empty() {
        format!("{what} {}", p.id)
    } else {
        format!("{what} “{}”", p.title.trim())
    }
}

/// Where a panel now is, counted from 1 as a person reads the grid: "Panel “A”: column 13, row 1,
/// 12 columns wide, 8 rows high." (a row: only its line).
pub fn place_text(p: &Panel) -> String {
    let GridPos { x, y, w, h } = p.grid_pos;
    let (col, line) = (u64::from(x) + 1, u64::from(y) + 1);
    if p.kind == PanelKind::Row {
        return format!("{}: line {line}.", panel_name(p));
    }
    let plural = |n: u32, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    format!("{}: column {col}, row {line}, {} wide, {} high.", panel_name(p), plural(w, "column", "columns"), plural(h, "row", "rows"))
}

/// The Undo toast's message after a layout change of `p`: moved (same size) or resized.
pub fn change_message(before: &GridPos, p: &Panel) -> String {
    let verb = if before.w == p.grid_pos.w && before.h == p.grid_pos.h { "moved" } else { "resized" };
    format!("{} {verb}", panel_name(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(kind: PanelKind, title: &str, g: GridPos) -> Panel {
        Panel { id: 7, kind, title: title.into(), grid_pos: g, ..Panel::default() }
    }

    #[test]
    fn arrows_move_and_shift_arrows_resize() {
        assert_eq!(layout_key("ArrowLeft", false, false), Some(LayoutKey::Move(-1, 0)));
        assert_eq!(layout_key("ArrowDown", false, false), Some(LayoutKey::Move(0, 1)));
        assert_eq!(layout_key("ArrowRight", true, false), Some(LayoutKey::Resize(1, 0)));
        assert_eq!(layout_key("ArrowUp", true, false), Some(LayoutKey::Resize(0, -1)));
        assert_eq!(layout_key("Enter", false, false), None);
        assert_eq!(layout_key("a", true, false), None);
    }

    #[test]
    fn rows_only_move_up_and_down() {
        assert_eq!(layout_key("ArrowUp", false, true), Some(LayoutKey::Move(0, -1)));
        assert_eq!(layout_key("ArrowLeft", false, true), None);
        assert_eq!(layout_key("ArrowDown", true, true), None);
    }

    #[test]
    fn the_place_is_read_from_one() {
        let g = GridPos { x: 12, y: 0, w: 12, h: 8 };
        assert_eq!(place_text(&panel(PanelKind::TimeSeries, "A", g)), "Panel “A”: column 13, row 1, 12 columns wide, 8 rows high.");
        let one = GridPos { x: 0, y: 4, w: 1, h: 1 };
        assert_eq!(place_text(&panel(PanelKind::Stat, " ", one)), "Panel 7: column 1, row 5, 1 column wide, 1 row high.");
        assert_eq!(place_text(&panel(PanelKind::Row, "Disk", GridPos { x: 0, y: 9, w: 24, h: 1 })), "Row “Disk”: line 10.");
        let far = GridPos { x: 23, y: u32::MAX, w: u32::MAX, h: u32::MAX };
        assert!(place_text(&panel(PanelKind::Stat, "B", far)).contains("row 4294967296"));
    }

    #[test]
    fn the_message_says_moved_or_resized() {
        let before = GridPos { x: 0, y: 0, w: 12, h: 8 };
        let moved = panel(PanelKind::Stat, "A", GridPos { x: 1, ..before });
        assert_eq!(change_message(&before, &moved), "Panel “A” moved");
        let bigger = panel(PanelKind::Stat, "A", GridPos { w: 13, ..before });
        assert_eq!(change_message(&before, &bigger), "Panel “A” resized");
    }
}
