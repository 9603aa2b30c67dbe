//! Grid sections: the panel list (rows are panels, as in Grafana) seen as Perses-style layout sections — the
//! panels above the first row, then one titled, collapsible grid per row, with positions counted from the
//! section's top — and back. The dashboard file (version 2) and the Perses import are written in sections.

use super::schema::{GridPos, Panel, PanelKind, GRID_COLUMNS, MAX_GRID_Y};

/// One section of the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// The row heading the section (kind [`PanelKind::Row`]; its `collapsed` flag decides where its panels
    /// go); `None` for the panels above the first row. A row with id 0 gets a fresh id from [`assemble`].
    pub row: Option<Panel>,
    /// The section's panels, `grid_pos.y` counted from the line below the row heading (from the top of the
    /// dashboard for the first, untitled section).
    pub panels: Vec<Panel>,
}

/// Borrowed view of one section, for writing (see [`sections`]).
#[derive(Debug, PartialEq)]
pub struct SectionRef<'a> {
    pub row: Option<&'a Panel>,
    /// The panels with their position relative to the section.
    pub panels: Vec<(&'a Panel, GridPos)>,
}

/// Builds the panel list from sections, top to bottom: each row is placed on the line below the previous
/// section, an expanded row is followed by its panels and a collapsed row holds them (taking no room).
/// A row keeps only its title, id, fold, tab and repeat. A collapsed row's panels are moved up together so the highest starts at its top. An untitled section
/// after the first holds panels outside any row (below a collapsed row, as Grafana
/// allows). Rows with id 0 get ids above every other id. Positions are clamped to the grid (`y` at most
/// [`MAX_GRID_Y`]).
pub fn assemble(sections: Vec<Section>) -> Vec<Panel> {
    let mut next_id = sections
        .iter()
        .flat_map(|s| s.row.iter().chain(s.panels.iter()))
        .map(|p| p.id)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let mut out = Vec::new();
    let mut cursor = 0u32;
    for s in sections {
        let row = s.row;
        let top = if row.is_some() { cursor.saturating_add(1).min(MAX_GRID_Y) } else { cursor };
        let mut panels = s.panels;
        // A folded row's panels start at its top (Grafana keeps stale positions there; the gap would
        // close anyway when it unfolds), so a read and a write give the same list.
        let lift = if row.as_ref().is_some_and(|r| r.collapsed) { panels.iter().map(|p| p.grid_pos.y).min().unwrap_or(0) } else { 0 };
        for p in panels.iter_mut() {
            let g = GridPos { y: p.grid_pos.y - lift, ..p.grid_pos };
            let w = g.w.clamp(1, GRID_COLUMNS);
            let x = g.x.min(GRID_COLUMNS - w);
            p.grid_pos = GridPos { x, y: top.saturating_add(g.y).min(MAX_GRID_Y), w, h: g.h.clamp(1, MAX_GRID_Y) };
        }
        let bottom = panels.iter().map(|p| p.grid_pos.y.saturating_add(p.grid_pos.h)).max().unwrap_or(top);
        match row {
            None => {
                cursor = cursor.max(bottom).min(MAX_GRID_Y);
                out.extend(panels);
            }
            Some(mut r) => {
                if r.id == 0 {
                    r.id = next_id;
                    next_id = next_id.saturating_add(1);
                }
                // A row is a heading: its title, id, fold, tab and repeat are all it keeps (all a file holds of it).
                r = Panel { id: r.id, title: r.title, collapsed: r.collapsed, tab: r.tab, repeat: r.repeat, ..Panel::default() };
                r.kind = PanelKind::Row;
                r.grid_pos = GridPos { x: 0, y: cursor, w: GRID_COLUMNS, h: 1 };
                if r.collapsed {
                    r.panels = panels;
                    out.push(r);
                    cursor = top;
                } else {
                    out.push(r);
                    out.extend(panels);
                    cursor = bottom.max(top).min(MAX_GRID_Y);
                }
            }
        }
    }
    out
}

/// The sections of a panel list, top to bottom: rows in `y` order; a top-level panel belongs to the last row
/// above it (`row.y < y`, as when folding a row), or to the first, untitled section (left out when empty).
/// Positions are made relative: to the line below the row for an expanded row, to the highest of its panels
/// for a collapsed one (Grafana keeps stale positions in collapsed rows). Top-level panels below a collapsed
/// row (hand-edited files) stay visible: they form an untitled section after it.
pub fn sections(panels: &[Panel]) -> Vec<SectionRef<'_>> {
    let mut rows: Vec<&Panel> = panels.iter().filter(|p| p.kind == PanelKind::Row).collect();
    crate::sort::by_key(&mut rows, |r| r.grid_pos.y);
    // Per row: its section and the stray top-level panels below it when it is collapsed.
    let mut first = SectionRef { row: None, panels: Vec::new() };
    let mut own: Vec<SectionRef<'_>> = rows.iter().map(|r| SectionRef { row: Some(*r), panels: Vec::new() }).collect();
    let mut stray: Vec<Vec<(&Panel, GridPos)>> = rows.iter().map(|_| Vec::new()).collect();
    for p in panels.iter().filter(|p| p.kind != PanelKind::Row) {
        match rows.iter().rposition(|r| r.grid_pos.y < p.grid_pos.y) {
            None => first.panels.push((p, p.grid_pos)),
            Some(i) => {
                let r = rows[i];
                let rel = GridPos { y: p.grid_pos.y.saturating_sub(r.grid_pos.y.saturating_add(1)), ..p.grid_pos };
                let target = if r.collapsed { stray.get_mut(i) } else { own.get_mut(i).map(|s| &mut s.panels) };
                if let Some(t) = target {
                    t.push((p, rel));
                }
            }
        }
    }
    let mut out = Vec::new();
    if !first.panels.is_empty() {
        out.push(first);
    }
    for ((mut s, extra), r) in own.into_iter().zip(stray).zip(rows.iter()) {
        let top = r.panels.iter().map(|c| c.grid_pos.y).min().unwrap_or(0);
        s.panels.extend(r.panels.iter().map(|c| (c, GridPos { y: c.grid_pos.y.saturating_sub(top), ..c.grid_pos })));
        out.push(s);
        if !extra.is_empty() {
            out.push(SectionRef { row: None, panels: extra });
        }
    }
    out
}

/// The panel list rebuilt from its own sections: rows right below the section above them, panels in
/// section order. Idempotent; what a saved and reopened dashboard looks like.
pub fn normalize(panels: &[Panel]) -> Vec<Panel> {
    let owned: Vec<Section> = sections(panels)
        .into_iter()
        .map(|s| Section {
            row: s.row.cloned(),
            panels: s.panels.into_iter().map(|(p, g)| Panel { grid_pos: g, ..p.clone() }).collect(),
        })
        .collect();
    assemble(owned)
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
