//! Where a chart's hover tooltip goes: right of the cursor when it fits, flipped to its left when it does
//! not, and in any case inside both the chart and the viewport (narrowed or shortened when that area is
//! smaller than the tooltip). Coordinates are CSS pixels relative to the chart's overlay box.

/// The area a tooltip may cover, relative to the chart's box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

/// Where to put the tooltip and the most it may measure there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TipPlacement {
    pub left: f64,
    pub top: f64,
    pub max_width: f64,
    pub max_height: f64,
    /// Drawn left of the cursor (not enough room on its right).
    pub flipped: bool,
}

/// Room kept between the cursor and the tooltip.
pub const GAP: f64 = 12.0;

fn finite(v: f64, or: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        or
    }
}

/// The part of a chart box `width` × `height` that is inside the viewport `vw` × `vh`, when the box's top
/// left corner is at (`box_left`, `box_top`) in the viewport. Relative to the box; empty (zero-sized, at the
/// nearest edge) when the box is scrolled out of sight.
pub fn visible_area(width: f64, height: f64, box_left: f64, box_top: f64, vw: f64, vh: f64) -> Area {
    let (w, h) = (finite(width, 0.0).max(0.0), finite(height, 0.0).max(0.0));
    let (bl, bt) = (finite(box_left, 0.0), finite(box_top, 0.0));
    let (vw, vh) = (finite(vw, 0.0).max(0.0), finite(vh, 0.0).max(0.0));
    let left = (-bl).clamp(0.0, w);
    let top = (-bt).clamp(0.0, h);
    let right = (vw - bl).clamp(left, w);
    let bottom = (vh - bt).clamp(top, h);
    Area { left, top, right, bottom }
}

/// Places a tooltip of `width` × `height` for a cursor at `x` (its top wanted at `y`) inside `area`: its
/// left edge `GAP` right of the cursor when the whole tooltip fits there, else its right edge `GAP` left of
/// the cursor when that fits, else as far right as still fits (against the area's left edge when it is
/// wider than the area, then narrowed to it). Its top is `y`, moved up just enough to fit, and shortened
/// when taller than the area. Non-finite or negative input never gives a place outside the area.
pub fn place_tip(x: f64, y: f64, width: f64, height: f64, area: Area) -> TipPlacement {
    let a_left = finite(area.left, 0.0);
    let a_top = finite(area.top, 0.0);
    let a_right = finite(area.right, a_left).max(a_left);
    let a_bottom = finite(area.bottom, a_top).max(a_top);
    let max_width = a_right - a_left;
    let max_height = a_bottom - a_top;
    let w = finite(width, 0.0).clamp(0.0, max_width);
    let h = finite(height, 0.0).clamp(0.0, max_height);
    let x = finite(x, a_left);
    let right_of = x + GAP;
    let left_of = x - GAP - w;
    let (left, flipped) = if right_of + w <= a_right && right_of >= a_left {
        (right_of, false)
    } else if left_of >= a_left && left_of + w <= a_right {
        (left_of, true)
    } else {
        ((a_right - w).min(right_of).max(a_left), x > (a_left + a_right) / 2.0)
    };
    let top = finite(y, a_top).min(a_bottom - h).max(a_top);
    TipPlacement { left, top, max_width, max_height, flipped }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHART: Area = Area { left: 0.0, top: 0.0, right: 1000.0, bottom: 340.0 };

    fn inside(p: &TipPlacement, w: f64, h: f64, a: Area) -> bool {
        let (w, h) = (w.min(p.max_width), h.min(p.max_height));
        p.left >= a.left && p.top >= a.top && p.left + w <= a.right && p.top + h <= a.bottom
    }

    #[test]
    fn goes_right_of_the_cursor_when_it_fits() {
        let p = place_tip(300.0, 8.0, 220.0, 150.0, CHART);
        assert_eq!((p.left, p.top, p.flipped), (300.0 + GAP, 8.0, false));
        assert!(inside(&p, 220.0, 150.0, CHART));
    }

    #[test]
    fn flips_left_of_the_cursor_near_the_right_edge() {
        // At 98 % of the width the tooltip ends GAP left of the cursor, wholly inside.
        let p = place_tip(980.0, 8.0, 220.0, 150.0, CHART);
        assert!(p.flipped);
        assert_eq!(p.left, 980.0 - GAP - 220.0);
        assert!(inside(&p, 220.0, 150.0, CHART));
        // Just where the right side stops fitting.
        let p = place_tip(1000.0 - 220.0 - GAP + 1.0, 8.0, 220.0, 150.0, CHART);
        assert!(p.flipped && inside(&p, 220.0, 150.0, CHART));
    }

    #[test]
    fn fits_neither_side_stays_inside_and_is_narrowed_when_too_wide() {
        let narrow = Area { left: 0.0, top: 0.0, right: 300.0, bottom: 340.0 };
        let p = place_tip(150.0, 8.0, 200.0, 100.0, narrow);
        assert_eq!(p.left, 100.0);
        assert!(inside(&p, 200.0, 100.0, narrow));
        let p = place_tip(150.0, 8.0, 500.0, 100.0, narrow);
        assert_eq!((p.left, p.max_width), (0.0, 300.0));
        assert!(inside(&p, 500.0, 100.0, narrow));
    }

    #[test]
    fn moves_up_and_shortens_to_the_area() {
        let p = place_tip(100.0, 300.0, 200.0, 150.0, CHART);
        assert_eq!(p.top, 340.0 - 150.0);
        let p = place_tip(100.0, 8.0, 200.0, 900.0, CHART);
        assert_eq!((p.top, p.max_height), (0.0, 340.0));
        assert!(inside(&p, 200.0, 900.0, CHART));
    }

    #[test]
    fn the_viewport_cuts_the_chart_box() {
        // A chart 1000 px wide whose box starts at x = 200 in a 1024 px viewport, its top 100 px above it.
        let a = visible_area(1000.0, 340.0, 200.0, -100.0, 1024.0, 700.0);
        assert_eq!(a, Area { left: 0.0, top: 100.0, right: 824.0, bottom: 340.0 });
        let p = place_tip(810.0, 8.0, 220.0, 150.0, a);
        assert!(p.flipped && inside(&p, 220.0, 150.0, a), "{p:?}");
        assert_eq!(p.top, 100.0);
        // Wholly inside the viewport: the whole box.
        assert_eq!(visible_area(1000.0, 340.0, 10.0, 10.0, 1400.0, 900.0), CHART);
        // Scrolled out of sight: an empty area, and a placement inside it.
        let a = visible_area(1000.0, 340.0, 0.0, 800.0, 1024.0, 700.0);
        assert_eq!(a.bottom - a.top, 0.0);
        let p = place_tip(500.0, 8.0, 220.0, 150.0, a);
        assert!(p.top >= a.top && p.top <= a.bottom);
    }

    #[test]
    fn nonsense_input_stays_inside() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -5.0, 1e12] {
            let p = place_tip(v, v, v, v, CHART);
            assert!(p.left.is_finite() && p.top.is_finite() && p.max_width.is_finite(), "{v}: {p:?}");
            assert!(inside(&p, 220.0, 150.0, CHART), "{v}: {p:?}");
            let a = visible_area(v, v, v, v, v, v);
            assert!(a.left <= a.right && a.top <= a.bottom, "{v}: {a:?}");
        }
        let p = place_tip(10.0, 10.0, 100.0, 100.0, Area { left: f64::NAN, top: 5.0, right: -3.0, bottom: f64::NAN });
        assert!(p.left.is_finite() && p.top.is_finite() && p.max_width >= 0.0 && p.max_height >= 0.0);
    }
}
