//! Collapsed rows of the span tree and the rows left visible, in O(visible) using `Row::subtree_end`.

use std::collections::BTreeSet;

use crate::view::trace::model::TraceModel;

/// The set of collapsed rows (row indices of one `TraceModel`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Collapsed {
    rows: BTreeSet<u32>,
}

impl Collapsed {
    pub fn toggle(&mut self, row: u32) {
        if !self.rows.remove(&row) {
            self.rows.insert(row);
        }
    }
    pub fn collapse(&mut self, row: u32) {
        self.rows.insert(row);
    }
    pub fn expand(&mut self, row: u32) {
        self.rows.remove(&row);
    }
    /// Collapses every row that has children.
    pub fn collapse_all(&mut self, model: &TraceModel) {
        self.rows = (0..model.rows.len())
            .filter(|&r| model.rows[r].child_count > 0)
            .filter_map(|r| u32::try_from(r).ok())
            .collect();
    }
    pub fn expand_all(&mut self) {
        self.rows.clear();
    }
    /// Collapses `row` and every row with children below it, so that expanding it again opens one level.
    pub fn collapse_subtree(&mut self, model: &TraceModel, row: u32) {
        let end = model.rows.get(row as usize).map(|r| r.subtree_end).unwrap_or(row);
        self.rows.extend((row..end).filter(|&r| model.rows[r as usize].child_count > 0));
    }
    /// Expands `row` and everything below it.
    pub fn expand_subtree(&mut self, model: &TraceModel, row: u32) {
        let end = model.rows.get(row as usize).map(|r| r.subtree_end.max(row + 1)).unwrap_or(row);
        let inside: Vec<u32> = self.rows.range(row..end).copied().collect();
        for r in inside {
            self.rows.remove(&r);
        }
    }
    /// Shows `levels` levels of the tree (1: the roots only): rows with children at depth `levels - 1` are
    /// collapsed, everything above them expanded. 0 or more levels than the tree has expands everything.
    pub fn to_depth(&mut self, model: &TraceModel, levels: u32) {
        self.rows.clear();
        if levels == 0 {
            return;
        }
        self.rows = (0..model.rows.len())
            .filter(|&r| model.rows[r].child_count > 0 && model.rows[r].depth == levels - 1)
            .filter_map(|r| u32::try_from(r).ok())
            .collect();
    }
    pub fn is_collapsed(&self, row: u32) -> bool {
        self.rows.contains(&row)
    }
    /// Expands every ancestor of `row` so that it becomes visible (e.g. to show a find match).
    pub fn reveal(&mut self, model: &TraceModel, row: u32) {
        for a in model.ancestors(row) {
            self.rows.remove(&a);
        }
    }
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Rows to display, in order: every row except those inside a collapsed row's subtree.
pub fn visible_rows(model: &TraceModel, collapsed: &Collapsed) -> Vec<u32> {
    let n = u32::try_from(model.rows.len()).unwrap_or(u32::MAX);
    if collapsed.is_empty() {
        return (0..n).collect();
    }
    let mut out = Vec::new();
    let mut r = 0u32;
    while let Some(row) = model.rows.get(r as usize) {
        out.push(r);
        let next = r.saturating_add(1);
        r = if row.child_count > 0 && collapsed.is_collapsed(r) { row.subtree_end.max(next) } else { next };
        if r >= n {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::trace::testutil::{span, trace};

    fn model() -> TraceModel {
        // 1 { 2 { 4 }, 3 { 5, 6 } }, 7 (second root)
        TraceModel::build(&trace(vec![
            span(1, None, 0, 100),
            span(2, Some(1), 10, 20),
            span(3, Some(1), 30, 90),
            span(4, Some(2), 11, 12),
            span(5, Some(3), 40, 50),
            span(6, Some(3), 60, 70),
            span(7, None, 200, 300),
        ]))
    }

    #[test]
    fn collapse_hides_subtrees() {
        let m = model();
        let mut c = Collapsed::default();
        assert_eq!(visible_rows(&m, &c), vec![0, 1, 2, 3, 4, 5, 6]);
        c.toggle(3); // row of span 3
        assert!(c.is_collapsed(3));
        assert_eq!(visible_rows(&m, &c), vec![0, 1, 2, 3, 6]);
        c.toggle(1);
        assert_eq!(visible_rows(&m, &c), vec![0, 1, 3, 6]);
        c.toggle(0);
        assert_eq!(visible_rows(&m, &c), vec![0, 6]);
        c.toggle(3);
        assert!(!c.is_collapsed(3));
        assert_eq!(visible_rows(&m, &c), vec![0, 6]);
        c.toggle(0);
        assert_eq!(visible_rows(&m, &c), vec![0, 1, 3, 4, 5, 6]);
    }

    #[test]
    fn collapse_all_expand_all_and_reveal() {
        let m = model();
        let mut c = Collapsed::default();
        c.collapse_all(&m);
        assert_eq!(c.len(), 3); // rows 0, 1 and 3 have children
        assert_eq!(visible_rows(&m, &c), vec![0, 6]);
        c.reveal(&m, 4);
        assert_eq!(visible_rows(&m, &c), vec![0, 1, 3, 4, 5, 6]);
        // Collapsing a leaf hides nothing.
        c.collapse(6);
        assert_eq!(visible_rows(&m, &c).len(), 6);
        c.expand_all();
        assert!(c.is_empty());
        assert_eq!(visible_rows(&m, &c).len(), 7);
        assert!(visible_rows(&TraceModel::default(), &c).is_empty());
    }

    #[test]
    fn subtrees_and_levels() {
        let m = model();
        let mut c = Collapsed::default();
        // Collapsing the root's subtree: expanding the root again shows its children, still folded.
        c.collapse_subtree(&m, 0);
        assert_eq!(visible_rows(&m, &c), vec![0, 6]);
        c.expand(0);
        assert_eq!(visible_rows(&m, &c), vec![0, 1, 3, 6]);
        // Expanding the subtree opens everything under it, and only under it.
        c.collapse(6);
        c.expand_subtree(&m, 0);
        assert_eq!(visible_rows(&m, &c), vec![0, 1, 2, 3, 4, 5, 6]);
        assert!(c.is_collapsed(6));
        // Levels: 1 = the roots, 2 = their children, 3 and more = everything; 0 = everything.
        c.to_depth(&m, 1);
        assert_eq!(visible_rows(&m, &c), vec![0, 6]);
        c.to_depth(&m, 2);
        assert_eq!(visible_rows(&m, &c), vec![0, 1, 3, 6]);
        for levels in [3, 9, 0] {
            c.to_depth(&m, levels);
            assert_eq!(visible_rows(&m, &c).len(), 7, "{levels}");
        }
        // A row past the end changes nothing, and does not panic.
        c.collapse_subtree(&m, 99);
        c.expand_subtree(&m, 99);
        assert!(c.is_empty());
    }
}
