//! Moving around the span list: keyboard selection (↑ ↓ ← → Home End PageUp PageDown), jumping between
//! find matches, and which rows of a virtualised list are in view and where to scroll to show a row.

use crate::view::trace::collapse::Collapsed;
use crate::view::trace::model::TraceModel;

/// A navigation key of the span list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavKey {
    Up,
    Down,
    /// Collapse, or go to the parent.
    Left,
    /// Expand, or go to the first child.
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

impl NavKey {
    /// The key of a `KeyboardEvent.key` value.
    pub fn from_key(key: &str) -> Option<NavKey> {
        Some(match key {
            "ArrowUp" => NavKey::Up,
            "ArrowDown" => NavKey::Down,
            "ArrowLeft" => NavKey::Left,
            "ArrowRight" => NavKey::Right,
            "Home" => NavKey::Home,
            "End" => NavKey::End,
            "PageUp" => NavKey::PageUp,
            "PageDown" => NavKey::PageDown,
            _ => return None,
        })
    }
}

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavAction {
    Select(u32),
    Collapse(u32),
    Expand(u32),
    None,
}

/// Position in `visible` (sorted rows) of `row`, or of the last visible row before it when it is hidden.
fn position(visible: &[u32], row: u32) -> (usize, bool) {
    match visible.binary_search(&row) {
        Ok(i) => (i, true),
        Err(i) => (i.saturating_sub(1), false),
    }
}

/// The action of `key` with `selected` selected among the `visible` rows (ascending, as `visible_rows`
/// gives them). `page` is the number of rows a PageUp/PageDown moves.
pub fn navigate(model: &TraceModel, visible: &[u32], collapsed: &Collapsed, selected: Option<u32>, key: NavKey, page: usize) -> NavAction {
    let (Some(&first), Some(&last)) = (visible.first(), visible.last()) else { return NavAction::None };
    let Some(sel) = selected else {
        return match key {
            NavKey::End => NavAction::Select(last),
            _ => NavAction::Select(first),
        };
    };
    let (pos, shown) = position(visible, sel);
    let at = |i: usize| visible.get(i.min(visible.len() - 1)).copied().map_or(NavAction::None, NavAction::Select);
    let page = page.max(1);
    match key {
        NavKey::Down => at(pos.saturating_add(1)),
        NavKey::Up if !shown => at(pos),
        NavKey::Up => at(pos.saturating_sub(1)),
        NavKey::Home => NavAction::Select(first),
        NavKey::End => NavAction::Select(last),
        NavKey::PageDown => at(pos.saturating_add(page)),
        NavKey::PageUp => at(pos.saturating_sub(page)),
        NavKey::Left => {
            let Some(r) = model.rows.get(sel as usize) else { return NavAction::None };
            if r.child_count > 0 && !collapsed.is_collapsed(sel) {
                NavAction::Collapse(sel)
            } else {
                r.parent_row.map_or(NavAction::None, NavAction::Select)
            }
        }
        NavKey::Right => {
            let Some(r) = model.rows.get(sel as usize) else { return NavAction::None };
            if r.child_count == 0 {
                NavAction::None
            } else if collapsed.is_collapsed(sel) {
                NavAction::Expand(sel)
            } else {
                NavAction::Select(sel.saturating_add(1))
            }
        }
    }
}

/// The next find match after `current` (or the previous one before it), wrapping around; the first (last)
/// match when nothing is selected. `matches` is ascending.
pub fn step_match(matches: &[u32], current: Option<u32>, forward: bool) -> Option<u32> {
    let (&first, &last) = (matches.first()?, matches.last()?);
    let Some(cur) = current else { return Some(if forward { first } else { last }) };
    if forward {
        let i = matches.partition_point(|&m| m <= cur);
        Some(matches.get(i).copied().unwrap_or(first))
    } else {
        let i = matches.partition_point(|&m| m < cur);
        Some(if i == 0 { last } else { matches.get(i - 1).copied().unwrap_or(last) })
    }
}

/// 1-based position of `current` among the matches, for "3 of 12".
pub fn match_ordinal(matches: &[u32], current: Option<u32>) -> Option<usize> {
    let cur = current?;
    matches.binary_search(&cur).ok().map(|i| i + 1)
}

/// The find count as read out: "1 match", "3 matches", "2 of 3 matches" when `ordinal` (1-based, from
/// [`match_ordinal`]) says which match is selected, "No matches" for none.
pub fn match_count_text(count: usize, ordinal: Option<usize>) -> String {
    let noun = if count == 1 { "match" } else { "matches" };
    match (count, ordinal) {
        (0, _) => "No matches".to_string(),
        (n, Some(i)) if i >= 1 && i <= n => format!("{i} of {n} {noun}"),
        (n, _) => format!("{n} {noun}"),
    }
}

/// The slice of rows to render for a list of `count` rows of `row_px` scrolled to `scroll_top` in a box
/// `viewport_px` high, with `overscan` extra rows on each side: `first..last` indices into the list.
pub fn row_window(count: usize, scroll_top: f64, row_px: f64, viewport_px: f64, overscan: usize) -> (usize, usize) {
    if count == 0 || !(row_px > 0.0) {
        return (0, 0);
    }
    let top = if scroll_top.is_finite() { scroll_top.max(0.0) } else { 0.0 };
    let height = if viewport_px.is_finite() && viewport_px > 0.0 { viewport_px } else { 600.0 };
    let first_in_view = ((top / row_px).floor() as usize).min(count);
    let in_view = ((height / row_px).ceil() as usize).saturating_add(1);
    let first = first_in_view.saturating_sub(overscan);
    let last = first_in_view.saturating_add(in_view).saturating_add(overscan).min(count);
    (first.min(last), last)
}

/// The scroll position that brings list index `index` into a box `viewport_px` high (currently scrolled to
/// `scroll_top`), or None when it is already fully visible. With `center`, the row is centred.
pub fn scroll_to_show(index: usize, row_px: f64, scroll_top: f64, viewport_px: f64, center: bool) -> Option<f64> {
    if !(row_px > 0.0) || !viewport_px.is_finite() {
        return None;
    }
    let top = index as f64 * row_px;
    let bottom = top + row_px;
    let view = viewport_px.max(row_px);
    if top >= scroll_top && bottom <= scroll_top + view {
        return None;
    }
    let target = if center { top - (view - row_px) / 2.0 } else if top < scroll_top { top } else { bottom - view };
    Some(target.max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::trace::collapse::visible_rows;
    use crate::view::trace::testutil::{span, trace};

    fn model() -> TraceModel {
        // 0:1 { 1:2 { 2:4 }, 3:3 { 4:5 } }, 5:7
        TraceModel::build(&trace(vec![
            span(1, None, 0, 100),
            span(2, Some(1), 10, 20),
            span(3, Some(1), 30, 90),
            span(4, Some(2), 11, 12),
            span(5, Some(3), 40, 50),
            span(7, None, 200, 300),
        ]))
    }

    #[test]
    fn arrows_move_collapse_and_expand() {
        let m = model();
        let mut c = Collapsed::default();
        let v = visible_rows(&m, &c);
        assert_eq!(navigate(&m, &v, &c, None, NavKey::Down, 10), NavAction::Select(0));
        assert_eq!(navigate(&m, &v, &c, None, NavKey::End, 10), NavAction::Select(5));
        assert_eq!(navigate(&m, &v, &c, Some(0), NavKey::Down, 10), NavAction::Select(1));
        assert_eq!(navigate(&m, &v, &c, Some(5), NavKey::Down, 10), NavAction::Select(5));
        assert_eq!(navigate(&m, &v, &c, Some(0), NavKey::Up, 10), NavAction::Select(0));
        assert_eq!(navigate(&m, &v, &c, Some(3), NavKey::Up, 10), NavAction::Select(2));
        assert_eq!(navigate(&m, &v, &c, Some(0), NavKey::PageDown, 3), NavAction::Select(3));
        assert_eq!(navigate(&m, &v, &c, Some(4), NavKey::PageUp, 3), NavAction::Select(1));
        assert_eq!(navigate(&m, &v, &c, Some(4), NavKey::Home, 3), NavAction::Select(0));
        // Left on an expanded parent collapses it; on a leaf goes to the parent.
        assert_eq!(navigate(&m, &v, &c, Some(3), NavKey::Left, 10), NavAction::Collapse(3));
        assert_eq!(navigate(&m, &v, &c, Some(4), NavKey::Left, 10), NavAction::Select(3));
        assert_eq!(navigate(&m, &v, &c, Some(5), NavKey::Left, 10), NavAction::None);
        // Right on an expanded parent goes to its first child; on a leaf does nothing.
        assert_eq!(navigate(&m, &v, &c, Some(3), NavKey::Right, 10), NavAction::Select(4));
        assert_eq!(navigate(&m, &v, &c, Some(4), NavKey::Right, 10), NavAction::None);
        c.collapse(3);
        let v = visible_rows(&m, &c);
        assert_eq!(navigate(&m, &v, &c, Some(3), NavKey::Right, 10), NavAction::Expand(3));
        assert_eq!(navigate(&m, &v, &c, Some(3), NavKey::Left, 10), NavAction::Select(0));
        assert_eq!(navigate(&m, &v, &c, Some(3), NavKey::Down, 10), NavAction::Select(5));
        // A selected row hidden inside a collapsed one: down goes to the next visible row, up to its
        // nearest visible row above.
        assert_eq!(navigate(&m, &v, &c, Some(4), NavKey::Down, 10), NavAction::Select(5));
        assert_eq!(navigate(&m, &v, &c, Some(4), NavKey::Up, 10), NavAction::Select(3));
        assert_eq!(navigate(&m, &[], &c, Some(4), NavKey::Up, 10), NavAction::None);
        assert_eq!(NavKey::from_key("ArrowLeft"), Some(NavKey::Left));
        assert_eq!(NavKey::from_key("x"), None);
    }

    #[test]
    fn matches_wrap_both_ways() {
        let m = [2, 5, 9];
        assert_eq!(step_match(&m, None, true), Some(2));
        assert_eq!(step_match(&m, None, false), Some(9));
        assert_eq!(step_match(&m, Some(2), true), Some(5));
        assert_eq!(step_match(&m, Some(3), true), Some(5));
        assert_eq!(step_match(&m, Some(9), true), Some(2));
        assert_eq!(step_match(&m, Some(5), false), Some(2));
        assert_eq!(step_match(&m, Some(2), false), Some(9));
        assert_eq!(step_match(&m, Some(7), false), Some(5));
        assert_eq!(step_match(&[], Some(7), false), None);
        assert_eq!(match_ordinal(&m, Some(9)), Some(3));
        assert_eq!(match_ordinal(&m, Some(4)), None);
    }

    #[test]
    fn match_counts_read_as_english() {
        assert_eq!(match_count_text(0, None), "No matches");
        assert_eq!(match_count_text(1, None), "1 match");
        assert_eq!(match_count_text(1, Some(1)), "1 of 1 match");
        assert_eq!(match_count_text(3, None), "3 matches");
        assert_eq!(match_count_text(3, Some(2)), "2 of 3 matches");
        assert_eq!(match_count_text(3, Some(7)), "3 matches", "a stale ordinal is not shown");
        assert_eq!(match_count_text(3, Some(0)), "3 matches");
    }

    #[test]
    fn virtual_window_and_scrolling() {
        // 1000 rows of 24 px in a 240 px box scrolled to row 100: rows 100..111 in view, ±5 overscan.
        assert_eq!(row_window(1000, 2400.0, 24.0, 240.0, 5), (95, 116));
        assert_eq!(row_window(1000, 0.0, 24.0, 240.0, 5), (0, 16));
        assert_eq!(row_window(10, 1e9, 24.0, 240.0, 5), (5, 10));
        assert_eq!(row_window(0, 0.0, 24.0, 240.0, 5), (0, 0));
        assert_eq!(row_window(10, f64::NAN, 0.0, 240.0, 5), (0, 0));
        assert_eq!(row_window(50_000, f64::NAN, 24.0, f64::NAN, 0), (0, 26));

        assert_eq!(scroll_to_show(5, 24.0, 0.0, 240.0, false), None);
        assert_eq!(scroll_to_show(20, 24.0, 0.0, 240.0, false), Some(21.0 * 24.0 - 240.0));
        assert_eq!(scroll_to_show(2, 24.0, 480.0, 240.0, false), Some(48.0));
        assert_eq!(scroll_to_show(100, 24.0, 0.0, 240.0, true), Some(2400.0 - 108.0));
        assert_eq!(scroll_to_show(0, 24.0, 480.0, 240.0, true), Some(0.0));
        assert_eq!(scroll_to_show(3, 0.0, 0.0, 240.0, true), None);
    }
}
