//! Keyboard shortcuts (Grafana's keys where Grafana has one): a small state machine for two-key sequences
//! that never acts while the user types in an editor.

/// What a shortcut asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    GoHome,
    GoMetrics,
    GoLogs,
    GoTraces,
    GoDashboards,
    GoSettings,
    FocusQuery,
    ShiftBack,
    ShiftForward,
    ZoomOut,
    ToggleTheme,
    ToggleUtc,
    Help,
    Close,
}

/// Every shortcut with its keys and what it does, for the cheat sheet.
pub const SHORTCUTS: &[(&str, &str, Action)] = &[
    ("g h", "Go to home", Action::GoHome),
    ("g m", "Explore metrics", Action::GoMetrics),
    ("g l", "Explore logs", Action::GoLogs),
    ("g t", "Search traces", Action::GoTraces),
    ("g d", "Dashboards", Action::GoDashboards),
    ("g s", "Settings", Action::GoSettings),
    ("/", "Focus the query editor", Action::FocusQuery),
    ("t ←", "Shift the time range back", Action::ShiftBack),
    ("t →", "Shift the time range forward", Action::ShiftForward),
    ("t z", "Zoom the time range out", Action::ZoomOut),
    ("c t", "Toggle dark/light theme", Action::ToggleTheme),
    ("c u", "Toggle UTC/local time", Action::ToggleUtc),
    ("?", "Show this cheat sheet", Action::Help),
    ("Esc", "Close dialogs, leave the editor", Action::Close),
];

/// Keys of the query editors (handled by the editor itself, listed for the explore help).
pub const EDITOR_KEYS: &[(&str, &str)] = &[
    ("Shift+Enter", "Run the queries (in an editor)"),
    ("Ctrl+Space", "Open suggestions (in an editor)"),
    ("↑ ↓ Enter Tab Esc", "Choose, accept or close a suggestion"),
];

/// The help of an explore view: the time shortcuts, the editor keys, and where the full list is.
pub fn explore_help() -> Vec<(&'static str, &'static str)> {
    SHORTCUTS
        .iter()
        .filter(|(k, _, _)| k.starts_with("t ") || *k == "/")
        .map(|(k, d, _)| (*k, *d))
        .chain(EDITOR_KEYS.iter().copied())
        .chain(std::iter::once(("?", "All keyboard shortcuts")))
        .collect()
}

/// A key press as the browser reports it (`KeyboardEvent.key` and modifiers) and where focus is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Press<'a> {
    pub key: &'a str,
    pub ctrl_or_meta: bool,
    pub alt: bool,
    /// Focus is in a text input, textarea, select or contenteditable: only Escape is handled then.
    pub typing: bool,
}

/// Remembers the first key of a two-key sequence (`g`, `t`, `c`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sequence {
    pending: Option<char>,
}

impl Sequence {
    /// Feeds one key press; returns the action it completes, if any. Keys with Ctrl/Meta/Alt are the
    /// browser's and never taken.
    pub fn press(&mut self, p: Press) -> Option<Action> {
        if p.key == "Escape" {
            self.pending = None;
            return Some(Action::Close);
        }
        if p.typing || p.ctrl_or_meta || p.alt {
            self.pending = None;
            return None;
        }
        let first = self.pending.take();
        let action = match (first, p.key) {
            (Some('g'), "h") => Some(Action::GoHome),
            (Some('g'), "m") => Some(Action::GoMetrics),
            (Some('g'), "l") => Some(Action::GoLogs),
            (Some('g'), "t") => Some(Action::GoTraces),
            (Some('g'), "d") => Some(Action::GoDashboards),
            (Some('g'), "s") => Some(Action::GoSettings),
            (Some('t'), "ArrowLeft") => Some(Action::ShiftBack),
            (Some('t'), "ArrowRight") => Some(Action::ShiftForward),
            (Some('t'), "z") => Some(Action::ZoomOut),
            (Some('c'), "t") => Some(Action::ToggleTheme),
            (Some('c'), "u") => Some(Action::ToggleUtc),
            (None, "/") => Some(Action::FocusQuery),
            (None, "?") => Some(Action::Help),
            (None, "g" | "t" | "c") => {
                self.pending = p.key.chars().next();
                None
            }
            _ => None,
        };
        action
    }

    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Press<'_> {
        Press { key: k, ctrl_or_meta: false, alt: false, typing: false }
    }

    #[test]
    fn two_key_sequences_complete_actions() {
        let mut s = Sequence::default();
        assert_eq!(s.press(key("g")), None);
        assert!(s.is_pending());
        assert_eq!(s.press(key("l")), Some(Action::GoLogs));
        assert_eq!(s.press(key("t")), None);
        assert_eq!(s.press(key("ArrowLeft")), Some(Action::ShiftBack));
        assert_eq!(s.press(key("c")), None);
        assert_eq!(s.press(key("t")), Some(Action::ToggleTheme));
        assert_eq!(s.press(key("?")), Some(Action::Help));
    }

    #[test]
    fn a_wrong_second_key_cancels_the_sequence() {
        let mut s = Sequence::default();
        s.press(key("g"));
        assert_eq!(s.press(key("x")), None);
        assert!(!s.is_pending());
        assert_eq!(s.press(key("l")), None, "l alone does nothing");
    }

    #[test]
    fn typing_in_an_editor_is_never_taken_except_escape() {
        let mut s = Sequence::default();
        let typing = |k| Press { key: k, ctrl_or_meta: false, alt: false, typing: true };
        assert_eq!(s.press(typing("g")), None);
        assert_eq!(s.press(typing("l")), None);
        assert_eq!(s.press(typing("/")), None);
        assert_eq!(s.press(typing("?")), None);
        assert_eq!(s.press(typing("Escape")), Some(Action::Close));
    }

    #[test]
    fn explore_help_lists_time_and_editor_keys() {
        let h = explore_help();
        assert!(h.iter().any(|(k, _)| *k == "t ←") && h.iter().any(|(k, _)| *k == "Shift+Enter"));
        assert!(!h.iter().any(|(k, _)| k.starts_with("g ")), "navigation keys are in the full list only");
    }

    #[test]
    fn browser_shortcuts_are_left_alone() {
        let mut s = Sequence::default();
        assert_eq!(s.press(Press { key: "t", ctrl_or_meta: true, alt: false, typing: false }), None);
        assert_eq!(s.press(key("z")), None, "ctrl+t did not start a sequence");
        assert_eq!(s.press(Press { key: "/", ctrl_or_meta: false, alt: true, typing: false }), None);
    }

    #[test]
    fn every_action_in_the_cheat_sheet_is_reachable() {
        for (keys, _, action) in SHORTCUTS {
            let mut s = Sequence::default();
            let mut got = None;
            for k in keys.split(' ') {
                let k = match k { "←" => "ArrowLeft", "→" => "ArrowRight", "Esc" => "Escape", k => k };
                got = s.press(key(k));
            }
            assert_eq!(got, Some(*action), "{keys}");
        }
    }
}
