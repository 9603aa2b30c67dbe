//! Where a popup anchored at a caret goes (the query editor's completion list): under the caret when it
//! fits, above it when only that fits, always inside the viewport, narrowed or shortened when the viewport
//! is smaller than the popup. Coordinates are CSS pixels relative to the viewport. A menu opened by a
//! button ([`under_button`]) is placed the same way, its right edge on the button's.

/// The caret: its left edge and its line box's top and bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Caret {
    pub x: f64,
    pub top: f64,
    pub bottom: f64,
}

/// Where to put the popup and the most it may measure there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub left: f64,
    pub top: f64,
    pub max_width: f64,
    pub max_height: f64,
    /// Drawn above the caret (not enough room below).
    pub above: bool,
}

/// Gap between the caret line and the popup, and the least room kept to the viewport's edges.
pub const GAP: f64 = 2.0;
pub const MARGIN: f64 = 4.0;

fn finite(v: f64, or: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        or
    }
}

/// Places a popup of `width` × `height` for `caret` in a viewport of `vw` × `vh`. The left edge is the
/// caret's, moved left just enough to keep the popup inside the viewport; below the caret unless it only
/// fits above, or there is more room above when it fits nowhere (then its height is capped).
/// Non-finite or negative input never gives a place outside the viewport.
pub fn place(caret: Caret, width: f64, height: f64, vw: f64, vh: f64) -> Placement {
    let vw = finite(vw, 0.0).max(0.0);
    let vh = finite(vh, 0.0).max(0.0);
    let max_width = (vw - 2.0 * MARGIN).max(0.0);
    let w = finite(width, 0.0).clamp(0.0, max_width);
    let h = finite(height, 0.0).max(0.0);
    let x = finite(caret.x, MARGIN);
    let left = x.min(vw - MARGIN - w).max(MARGIN.min(vw));
    let line_top = finite(caret.top, 0.0).clamp(0.0, vh);
    let line_bottom = finite(caret.bottom, line_top).clamp(line_top, vh);
    let room_below = (vh - MARGIN - (line_bottom + GAP)).max(0.0);
    let room_above = (line_top - GAP - MARGIN).max(0.0);
    let above = h > room_below && (h <= room_above || room_above > room_below);
    let max_height = if above { room_above } else { room_below };
    let shown = h.min(max_height);
    let top = if above { line_top - GAP - shown } else { line_bottom + GAP };
    Placement { left, top, max_width, max_height, above }
}

/// Places a menu of `width` × `height` opened by a button whose right edge is at `right` and whose box spans
/// `top..bottom`: right-aligned with the button, under it (or above when only that fits), inside the viewport.
pub fn under_button(right: f64, top: f64, bottom: f64, width: f64, height: f64, vw: f64, vh: f64) -> Placement {
    let w = finite(width, 0.0).max(0.0);
    let x = finite(right, MARGIN) - w;
    place(Caret { x, top, bottom }, w, height, vw, vh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_menu_hangs_from_its_buttons_right_edge_inside_the_viewport() {
        // A button near the right edge: the menu ends where the button does.
        let p = under_button(984.0, 100.0, 124.0, 160.0, 300.0, 1024.0, 700.0);
        assert_eq!((p.left, p.top, p.above), (824.0, 124.0 + GAP, false));
        // Near the left edge: kept inside.
        let p = under_button(20.0, 100.0, 124.0, 160.0, 300.0, 1024.0, 700.0);
        assert_eq!(p.left, MARGIN);
        // Near the bottom: above the button.
        let p = under_button(524.0, 600.0, 624.0, 160.0, 300.0, 1024.0, 700.0);
        assert!(p.above);
        assert_eq!(p.top, 600.0 - GAP - 300.0);
        let p = under_button(f64::NAN, f64::NAN, f64::INFINITY, f64::NAN, 10.0, 1024.0, 700.0);
        assert!(p.left >= 0.0 && p.top >= 0.0 && p.top <= 700.0);
    }

    fn caret(x: f64, top: f64) -> Caret {
        Caret { x, top, bottom: top + 19.0 }
    }

    fn inside(p: &Placement, w: f64, h: f64, vw: f64, vh: f64) -> bool {
        let (w, h) = (w.min(p.max_width), h.min(p.max_height));
        p.left >= 0.0 && p.top >= 0.0 && p.left + w <= vw && p.top + h <= vh
    }

    #[test]
    fn goes_under_the_caret_when_it_fits() {
        let p = place(caret(300.0, 100.0), 416.0, 256.0, 1400.0, 900.0);
        assert_eq!(p.left, 300.0);
        assert_eq!(p.top, 100.0 + 19.0 + GAP);
        assert!(!p.above);
        assert!(inside(&p, 416.0, 256.0, 1400.0, 900.0));
    }

    #[test]
    fn moves_left_at_the_right_edge_never_past_the_left_edge() {
        let p = place(caret(1000.0, 100.0), 416.0, 256.0, 1024.0, 700.0);
        assert_eq!(p.left, 1024.0 - MARGIN - 416.0);
        assert!(inside(&p, 416.0, 256.0, 1024.0, 700.0));
        // A caret left of the viewport (a scrolled editor) still gives a popup inside it.
        let p = place(caret(-141.0, 100.0), 416.0, 256.0, 1024.0, 700.0);
        assert_eq!(p.left, MARGIN);
    }

    #[test]
    fn flips_above_when_only_that_fits_and_caps_when_neither_does() {
        let p = place(caret(100.0, 600.0), 416.0, 256.0, 1024.0, 700.0);
        assert!(p.above);
        assert_eq!(p.top, 600.0 - GAP - 256.0);
        assert!(inside(&p, 416.0, 256.0, 1024.0, 700.0));
        // A 300 px viewport: room above (146) beats room below (125); the list is capped to it.
        let p = place(caret(10.0, 150.0), 416.0, 256.0, 1024.0, 300.0);
        assert!(p.above);
        assert_eq!(p.max_height, 150.0 - GAP - MARGIN);
        assert!(inside(&p, 416.0, 256.0, 1024.0, 300.0));
    }

    #[test]
    fn a_viewport_narrower_than_the_popup_narrows_it() {
        let p = place(caret(50.0, 10.0), 416.0, 100.0, 300.0, 700.0);
        assert_eq!(p.left, MARGIN);
        assert_eq!(p.max_width, 300.0 - 2.0 * MARGIN);
        assert!(inside(&p, 416.0, 100.0, 300.0, 700.0));
    }

    #[test]
    fn nonsense_input_stays_inside() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -5.0, 1e12] {
            let p = place(Caret { x: v, top: v, bottom: v }, v, v, 800.0, 600.0);
            assert!(p.left.is_finite() && p.top.is_finite() && p.max_height.is_finite(), "{v}: {p:?}");
            assert!(inside(&p, 416.0, 200.0, 800.0, 600.0), "{v}: {p:?}");
        }
        let p = place(caret(10.0, 10.0), 100.0, 100.0, f64::NAN, -1.0);
        assert!(p.left.is_finite() && p.top.is_finite());
    }
}
