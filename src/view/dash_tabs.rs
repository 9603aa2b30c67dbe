//! Tabs on a dashboard page (Grafana 12's tabs, kept as tab rows): of each run of consecutive tab rows only
//! the chosen tab and its panels are drawn, so the other tabs load nothing (as folded rows); the strip of
//! titles the shown tab heads; and the URL's `tab` list after a tab is chosen.

use std::collections::BTreeMap;

use crate::dashboard::repeat::Shown;
use crate::dashboard::{Panel, PanelKind};

/// The tabs of one set: `(row id, title)` in order, and the one shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TabStrip {
    pub tabs: Vec<(u32, String)>,
    pub current: u32,
}

/// Each set of tabs as the index ranges of its tabs (a tab row and the panels up to the next row).
fn sets(panels: &[Panel]) -> Vec<Vec<(usize, usize)>> {
    let is_tab = |p: &Panel| p.kind == PanelKind::Row && p.tab;
    let mut out = Vec::new();
    let mut i = 0;
    while i < panels.len() {
        if !is_tab(&panels[i]) {
            i += 1;
            continue;
        }
        let mut set = Vec::new();
        while i < panels.len() && is_tab(&panels[i]) {
            let mut j = i + 1;
            while j < panels.len() && panels[j].kind != PanelKind::Row {
                j += 1;
            }
            set.push((i, j));
            i = j;
        }
        out.push(set);
    }
    out
}

/// The tab of `set` that `chosen` (titles from the URL) names, else its first.
fn pick(panels: &[Panel], set: &[(usize, usize)], chosen: &[String]) -> (usize, usize) {
    set.iter().copied().find(|(i, _)| chosen.iter().any(|c| *c == panels[*i].title)).unwrap_or(set[0])
}

/// The panels as the page draws them: every set of tabs reduced to its chosen tab (its row and panels),
/// and the strip each shown tab row heads, by its id.
pub fn shown(panels: &[Panel], chosen: &[String]) -> (Vec<Panel>, BTreeMap<u32, TabStrip>) {
    let (keep, strips) = pick_all(panels, chosen);
    (panels.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| p.clone()).collect(), strips)
}

/// [`shown`] of panels drawn with their repeat bindings (the copies of repeated tabs being tabs of their own).
pub fn shown_copies(items: Vec<Shown>, chosen: &[String]) -> (Vec<Shown>, BTreeMap<u32, TabStrip>) {
    let panels: Vec<Panel> = items.iter().map(|s| s.panel.clone()).collect();
    let (keep, strips) = pick_all(&panels, chosen);
    (items.into_iter().zip(keep).filter(|(_, k)| *k).map(|(s, _)| s).collect(), strips)
}

/// Per panel whether it is drawn (not in a tab other than its set's chosen one), and the strips.
fn pick_all(panels: &[Panel], chosen: &[String]) -> (Vec<bool>, BTreeMap<u32, TabStrip>) {
    let mut keep = vec![true; panels.len()];
    let mut strips = BTreeMap::new();
    for set in &sets(panels) {
        let (ci, _) = pick(panels, set, chosen);
        for &(a, b) in set {
            if a != ci {
                keep[a..b].iter_mut().for_each(|k| *k = false);
            }
        }
        let tabs = set.iter().map(|&(a, _)| (panels[a].id, panels[a].title.clone())).collect();
        strips.insert(panels[ci].id, TabStrip { tabs, current: panels[ci].id });
    }
    (keep, strips)
}

/// The URL's `tab` list once the tab row `id` is chosen: the other titles of its set leave the list, and
/// its own is added unless it is the set's first (shown without naming it).
pub fn choose(panels: &[Panel], chosen: &[String], id: u32) -> Vec<String> {
    let Some(set) = sets(panels).into_iter().find(|s| s.iter().any(|&(a, _)| panels[a].id == id)) else {
        return chosen.to_vec();
    };
    let titles: Vec<&str> = set.iter().map(|&(a, _)| panels[a].title.as_str()).collect();
    let mut out: Vec<String> = chosen.iter().filter(|c| !titles.contains(&c.as_str())).cloned().collect();
    if let Some(&(a, _)) = set.iter().find(|&&(a, _)| panels[a].id == id) {
        if a != set[0].0 {
            out.push(panels[a].title.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::GridPos;

    fn row(id: u32, title: &str, tab: bool) -> Panel {
        Panel { id, title: title.into(), kind: PanelKind::Row, tab, grid_pos: GridPos { x: 0, y: 0, w: 24, h: 1 }, ..Panel::default() }
    }

    fn panel(id: u32) -> Panel {
        Panel { id, title: format!("P{id}"), ..Panel::default() }
    }

    /// Panel ids as drawn.
    fn ids(ps: &[Panel]) -> Vec<u32> {
        ps.iter().map(|p| p.id).collect()
    }

    /// A row heading two tabs, then a plain row: `R(1) [T(2) 3 4] [T(5) 6] R(7) 8`.
    fn board() -> Vec<Panel> {
        vec![row(1, "Overview", false), row(2, "Tab 1", true), panel(3), panel(4), row(5, "Tab 2", true), panel(6), row(7, "Plain", false), panel(8)]
    }

    #[test]
    fn only_the_chosen_tab_of_a_set_is_drawn_the_first_by_default() {
        let (ps, strips) = shown(&board(), &[]);
        assert_eq!(ids(&ps), vec![1, 2, 3, 4, 7, 8]);
        assert_eq!(strips.get(&2), Some(&TabStrip { tabs: vec![(2, "Tab 1".into()), (5, "Tab 2".into())], current: 2 }));
        let (ps, strips) = shown(&board(), &["Tab 2".into()]);
        assert_eq!(ids(&ps), vec![1, 5, 6, 7, 8]);
        assert_eq!(strips.get(&5).map(|s| s.current), Some(5));
        // A title no tab has: the first is shown.
        assert_eq!(ids(&shown(&board(), &["Nope".into()]).0), vec![1, 2, 3, 4, 7, 8]);
    }

    #[test]
    fn a_plain_row_between_tabs_starts_a_new_set() {
        let ps = vec![row(1, "A", true), panel(2), row(3, "Plain", false), row(4, "B", true), panel(5), row(6, "C", true), panel(7)];
        let (out, strips) = shown(&ps, &["C".into()]);
        assert_eq!(ids(&out), vec![1, 2, 3, 6, 7]);
        assert_eq!(strips.len(), 2);
        assert_eq!(strips[&1].tabs.len(), 1);
        assert_eq!(strips[&6].tabs, vec![(4, "B".into()), (6, "C".into())]);
    }

    #[test]
    fn a_dashboard_without_tabs_is_drawn_whole() {
        let ps = vec![row(1, "R", false), panel(2), panel(3)];
        assert_eq!(shown(&ps, &["x".into()]), (ps.clone(), BTreeMap::new()));
    }

    #[test]
    fn choosing_a_tab_names_it_in_the_url_and_forgets_its_siblings() {
        let b = board();
        assert_eq!(choose(&b, &[], 5), vec!["Tab 2".to_string()]);
        // Back to the first tab: the URL needs no name; other sets' choices stay.
        assert_eq!(choose(&b, &["other".into(), "Tab 2".into()], 2), vec!["other".to_string()]);
        // Not a tab: nothing changes.
        assert_eq!(choose(&b, &["x".into()], 8), vec!["x".to_string()]);
    }
}
