//! Explore keyboard shortcuts (Grafana's): `t` then `←` / `→` shifts the time range, `t` then `z` zooms
//! out; the pending `t` is forgotten after any other key. Pure key → action logic for the UI.

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// `t` was pressed: wait for the next key.
    Pending,
    ShiftBack,
    ShiftForward,
    ZoomOut,
    /// Not a shortcut.
    None,
}

/// The shortcuts as shown in the help popover: keys and what they do.
pub const HELP: [(&str, &str); 6] = [
    ("t ←", "Shift the time range back"),
    ("t →", "Shift the time range forward"),
    ("t z", "Zoom out (double the range)"),
    ("Shift+Enter", "Run the queries (in an editor)"),
    ("Ctrl+Space", "Open suggestions (in an editor)"),
    ("↑ ↓ Enter Tab Esc", "Choose, accept or close a suggestion"),
];

/// The action for `key` (a `KeyboardEvent.key`) given whether a `t` is pending. Keys with Ctrl, Alt or
/// Meta held (`modified`) are never shortcuts.
pub fn shortcut(pending_t: bool, key: &str, modified: bool) -> Shortcut {
    if modified {
        return Shortcut::None;
    }
    match (pending_t, key) {
        (true, "ArrowLeft") => Shortcut::ShiftBack,
        (true, "ArrowRight") => Shortcut::ShiftForward,
        (true, "z" | "Z") => Shortcut::ZoomOut,
        (_, "t" | "T") => Shortcut::Pending,
        _ => Shortcut::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_sequences() {
        assert_eq!(shortcut(false, "t", false), Shortcut::Pending);
        assert_eq!(shortcut(true, "ArrowLeft", false), Shortcut::ShiftBack);
        assert_eq!(shortcut(true, "ArrowRight", false), Shortcut::ShiftForward);
        assert_eq!(shortcut(true, "z", false), Shortcut::ZoomOut);
        assert_eq!(shortcut(true, "t", false), Shortcut::Pending);
        assert_eq!(shortcut(false, "z", false), Shortcut::None, "z alone does nothing");
        assert_eq!(shortcut(false, "ArrowLeft", false), Shortcut::None);
        assert_eq!(shortcut(true, "x", false), Shortcut::None);
        assert_eq!(shortcut(true, "z", true), Shortcut::None, "Ctrl+z is undo, not zoom");
    }
}
