//! Geometry of the virtualised log list: estimated row heights (one line, wrapped, prettified JSON),
//! their prefix sums, and which rows a scroll position shows.

use std::ops::Range;

/// Height of one text line of a row, in CSS pixels (matches `.log-row` in the stylesheet).
pub const LINE_PX: f64 = 18.0;
/// Height of a one-line row.
pub const ROW_PX: f64 = 22.0;
/// Tallest a row gets; taller content scrolls inside the row.
pub const MAX_ROW_PX: f64 = 600.0;

/// Estimated height of a row showing `text` (what is displayed): one line, or wrapped at `cols` characters
/// per line, counting its own line breaks.
pub fn row_height(text: &str, wrap: bool, cols: usize) -> f64 {
    if !wrap && !text.contains('\n') {
        return ROW_PX;
    }
    let cols = cols.max(10);
    let lines: usize = text
        .split('\n')
        .map(|l| if wrap { l.chars().count().div_ceil(cols).max(1) } else { 1 })
        .fold(0usize, |a, b| a.saturating_add(b));
    (ROW_PX - LINE_PX + lines as f64 * LINE_PX).min(MAX_ROW_PX)
}

/// Prefix sums of row heights: `tops[i]` is where row i starts, the last entry the total height.
#[derive(Clone, Debug, PartialEq)]
pub struct RowLayout {
    tops: Vec<f64>,
}

impl Default for RowLayout {
    fn default() -> Self {
        RowLayout { tops: vec![0.0] }
    }
}

impl RowLayout {
    pub fn from_heights(heights: impl IntoIterator<Item = f64>) -> RowLayout {
        let mut tops = vec![0.0];
        let mut y = 0.0;
        for h in heights {
            y += if h.is_finite() && h > 0.0 { h } else { ROW_PX };
            tops.push(y);
        }
        RowLayout { tops }
    }

    pub fn uniform(n: usize, h: f64) -> RowLayout {
        RowLayout::from_heights(std::iter::repeat_n(h, n))
    }

    pub fn len(&self) -> usize {
        self.tops.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn total(&self) -> f64 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// Top of row `i` (the total height past the end).
    pub fn top(&self, i: usize) -> f64 {
        self.tops.get(i).copied().unwrap_or_else(|| self.total())
    }

    pub fn height(&self, i: usize) -> f64 {
        self.top(i + 1) - self.top(i)
    }

    /// The row at height `y` (clamped to the rows).
    pub fn index_at(&self, y: f64) -> usize {
        if self.is_empty() || !y.is_finite() || y <= 0.0 {
            return 0;
        }
        // First top greater than y, minus one.
        let p = self.tops.partition_point(|t| *t <= y);
        p.saturating_sub(1).min(self.len().saturating_sub(1))
    }

    /// Rows to render for a viewport at `scroll_top` of height `viewport`, with `overscan` rows either side.
    pub fn visible(&self, scroll_top: f64, viewport: f64, overscan: usize) -> Range<usize> {
        if self.is_empty() {
            return 0..0;
        }
        let first = self.index_at(scroll_top).saturating_sub(overscan);
        let last = self.index_at(scroll_top + viewport.max(0.0)).saturating_add(overscan + 1).min(self.len());
        first..last.max(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_of_plain_wrapped_and_multiline_rows() {
        assert_eq!(row_height("short", false, 80), ROW_PX);
        assert_eq!(row_height(&"x".repeat(200), false, 80), ROW_PX);
        assert_eq!(row_height(&"x".repeat(200), true, 80), ROW_PX - LINE_PX + 3.0 * LINE_PX);
        assert_eq!(row_height("{\n  \"a\": 1\n}", false, 80), ROW_PX - LINE_PX + 3.0 * LINE_PX);
        assert_eq!(row_height(&"é".repeat(100), true, 100), ROW_PX);
        assert_eq!(row_height(&"x\n".repeat(10_000), false, 80), MAX_ROW_PX);
        assert_eq!(row_height("", true, 0), ROW_PX);
    }

    #[test]
    fn visible_rows_follow_the_scroll_position() {
        let l = RowLayout::from_heights([22.0, 40.0, 22.0, 100.0, 22.0]);
        assert_eq!(l.len(), 5);
        assert_eq!(l.total(), 206.0);
        assert_eq!((l.top(3), l.height(3)), (84.0, 100.0));
        assert_eq!(l.index_at(0.0), 0);
        assert_eq!(l.index_at(21.9), 0);
        assert_eq!(l.index_at(22.0), 1);
        assert_eq!(l.index_at(100.0), 3);
        assert_eq!(l.index_at(1e9), 4);
        assert_eq!(l.index_at(f64::NAN), 0);
        assert_eq!(l.visible(30.0, 60.0, 0), 1..4);
        assert_eq!(l.visible(30.0, 60.0, 10), 0..5);
        assert_eq!(RowLayout::default().visible(0.0, 100.0, 5), 0..0);
        let u = RowLayout::uniform(100_000, ROW_PX);
        assert_eq!(u.total(), 2_200_000.0);
        assert_eq!(u.visible(22_000.0, 220.0, 0), 1000..1011);
        assert_eq!(RowLayout::from_heights([f64::NAN, -1.0]).total(), 2.0 * ROW_PX);
    }
}
