//! Panel and row repeats (Grafana's `repeat`): a panel drawn once per value of a variable, each copy with the
//! variable bound to one value, placed side by side (wrapping after `maxPerRow`) or one below the other,
//! and the panels below pushed down to make room; a row drawn once per value with its panels, the copies
//! stacked below one another. Pure: the page draws what `expand` returns.

use std::collections::HashMap;

use super::layout::{assemble, sections, Section};
use super::schema::{Panel, PanelKind, RepeatDirection, Variable, MAX_REPEATS};
use super::variables::ALL_VALUE;

/// One panel as drawn: a panel of the dashboard, or a copy of a repeated one (or of a panel in a repeated row).
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// The panel with its place on the grid; a copy has its own id (the first copy keeps the panel's).
    pub panel: Panel,
    /// The repeat variables this copy is bound to, each to one value: its row's, then its own.
    pub bindings: Vec<(String, String)>,
    /// The id of the dashboard panel it comes from.
    pub source: u32,
}

/// The values a repeat runs over: every option when All is chosen (not the custom All value: one copy per
/// option, as Grafana does), else the chosen values, else the first option; at most `MAX_REPEATS`.
pub fn repeat_values(var: &Variable, options: &[String]) -> Vec<String> {
    let all = var.current.iter().any(|c| c == ALL_VALUE);
    let values: Vec<String> = if all {
        options.to_vec()
    } else if var.current.is_empty() {
        options.first().cloned().into_iter().collect()
    } else {
        var.current.clone()
    };
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) && out.len() < MAX_REPEATS {
            out.push(v);
        }
    }
    out
}

/// A copy of a repeated row whose fold differs from its row's: the row's id and the copy's value.
pub type Flip = (u32, String);

/// The panels to draw. `values` gives each repeat variable's values (see `repeat_values`); a repeated panel
/// or row whose variable has no value is drawn once, unbound. Repeated tabs come first (see
/// [`expand_tabs`]), then repeated rows: each becomes one row per value, its panels copied under each (a copy
/// folded as its row is, unless `flipped` names it), the copies one below the other and what follows pushed
/// down; then repeated panels, in and out of rows.
pub fn expand(panels: &[Panel], values: &[(String, Vec<String>)], flipped: &[Flip]) -> Vec<Shown> {
    expand_shown(expand_tabs(panels, values), values, flipped)
}

/// Repeated tabs (tab rows with a repeat, Grafana 12's repeated `TabsLayoutTab`): each drawn as one tab per
/// value, next to one another in its set, with its panels bound to that value and the value in its title
/// (its `$variable` filled in, else the value added in brackets, so the tabs can be told apart and chosen).
/// Nothing else is repeated yet: the page picks the shown tab of each set first, then [`expand_shown`].
pub fn expand_tabs(panels: &[Panel], values: &[(String, Vec<String>)]) -> Vec<Shown> {
    let vals_of = |name: &str| values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice()).unwrap_or(&[]);
    let plain: Vec<Shown> = panels.iter().map(|p| Shown { source: p.id, panel: p.clone(), bindings: Vec::new() }).collect();
    let mut next_id = max_id(panels);
    repeat_rows(plain, &vals_of, &[], &mut next_id, true)
}

/// The rest of [`expand`] on panels [`expand_tabs`] gave (their bindings kept): repeated rows that are not
/// tabs, then repeated panels.
pub fn expand_shown(items: Vec<Shown>, values: &[(String, Vec<String>)], flipped: &[Flip]) -> Vec<Shown> {
    let vals_of = |name: &str| values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice()).unwrap_or(&[]);
    let panels: Vec<Panel> = items.iter().map(|s| s.panel.clone()).collect();
    let mut next_id = max_id(&panels);
    let items = repeat_rows(items, &vals_of, flipped, &mut next_id, false);
    repeat_panels(items, &vals_of, &mut next_id)
}

fn max_id(panels: &[Panel]) -> u32 {
    panels.iter().flat_map(|p| std::iter::once(p.id).chain(p.panels.iter().map(|c| c.id))).max().unwrap_or(0)
}

/// `title` with `$name`, `${name}` (or `${name:format}`) and `[[name]]` replaced by `value`; when it names
/// none of them, `title (value)`.
fn titled(title: &str, name: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = title;
    let mut found = false;
    while let Some(i) = rest.find(['$', '[']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let braced = tail.strip_prefix("${").and_then(|t| t.strip_prefix(name)).and_then(|t| {
            let end = t.find('}')?;
            (end == 0 || t.starts_with(':')).then(|| &t[end + 1..])
        });
        let bracketed = tail.strip_prefix("[[").and_then(|t| t.strip_prefix(name)).and_then(|t| t.strip_prefix("]]"));
        let bare = tail.strip_prefix('$').and_then(|t| t.strip_prefix(name)).filter(|t| !t.starts_with(|c: char| c.is_alphanumeric() || c == '_'));
        match braced.or(bracketed).or(bare) {
            Some(after) => {
                out.push_str(value);
                rest = after;
                found = true;
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    if found {
        out
    } else {
        format!("{title} ({value})")
    }
}

/// The panel list with each repeated row (`tabs`: each repeated tab row; else each repeated row that is no
/// tab) written once per value (through the layout's sections, so the copies stack and what follows moves
/// down), each panel with the bindings and source it comes with (those of `items`, and the row's).
fn repeat_rows<'a>(items: Vec<Shown>, vals_of: &dyn Fn(&str) -> &'a [String], flipped: &[Flip], next_id: &mut u32, tabs: bool) -> Vec<Shown> {
    let repeats = |p: &Panel| p.kind == PanelKind::Row && p.tab == tabs && p.repeat.as_ref().is_some_and(|r| !vals_of(&r.variable).is_empty());
    if !items.iter().any(|s| repeats(&s.panel)) {
        return items;
    }
    // Per id of a panel: where it comes from and its bindings (as `items` have them; of each copy made here).
    let base: HashMap<u32, (u32, Vec<(String, String)>)> = items.iter().map(|s| (s.panel.id, (s.source, s.bindings.clone()))).collect();
    let mut made: HashMap<u32, (u32, Vec<(String, String)>)> = HashMap::new();
    let panels: Vec<Panel> = items.into_iter().map(|s| s.panel).collect();
    let mut out: Vec<Section> = Vec::new();
    for s in sections(&panels) {
        let own = |(p, g): &(&Panel, super::GridPos)| Panel { grid_pos: *g, ..(*p).clone() };
        let repeat = s.row.filter(|r| repeats(r)).and_then(|r| r.repeat.as_ref().map(|rep| (r, rep)));
        let Some((row, rep)) = repeat else {
            out.push(Section { row: s.row.cloned(), panels: s.panels.iter().map(own).collect() });
            continue;
        };
        for (k, value) in vals_of(&rep.variable).iter().enumerate() {
            let binding = (rep.variable.clone(), value.clone());
            let mut fresh = |p: &Panel| {
                let mut c = p.clone();
                if k > 0 {
                    *next_id = next_id.saturating_add(1);
                    c.id = *next_id;
                }
                let (source, mut bindings) = base.get(&p.id).cloned().unwrap_or((p.id, Vec::new()));
                bindings.push(binding.clone());
                made.insert(c.id, (source, bindings));
                c
            };
            let mut r = fresh(row);
            r.collapsed = row.collapsed != flipped.iter().any(|(id, v)| *id == row.id && v == value);
            if tabs {
                r.title = titled(&row.title, &rep.variable, value);
            }
            let copies = s.panels.iter().map(|x| fresh(&own(x))).collect();
            out.push(Section { row: Some(r), panels: copies });
        }
    }
    assemble(out)
        .into_iter()
        .map(|p| match made.get(&p.id).or_else(|| base.get(&p.id)) {
            Some((source, b)) => Shown { source: *source, bindings: b.clone(), panel: p },
            None => Shown { source: p.id, bindings: Vec::new(), panel: p },
        })
        .collect()
}

/// Each repeated panel (not a row) drawn once per value, its copies side by side or one below the other,
/// what is below pushed down.
fn repeat_panels<'a>(mut placed: Vec<Shown>, vals_of: &dyn Fn(&str) -> &'a [String], next_id: &mut u32) -> Vec<Shown> {
    // Top to bottom, so a repeat pushes down what is below it, including later repeats.
    let mut order: Vec<usize> = (0..placed.len()).collect();
    crate::sort::by_key(&mut order, |i| (placed[*i].panel.grid_pos.y, placed[*i].panel.grid_pos.x));
    let mut copies: Vec<Vec<Shown>> = vec![Vec::new(); placed.len()];
    for i in order {
        let s = placed[i].clone();
        let p = &s.panel;
        if p.kind == PanelKind::Row {
            continue;
        }
        let Some(r) = p.repeat.as_ref() else { continue };
        let vals = vals_of(&r.variable);
        if vals.is_empty() {
            continue;
        }
        let g = p.grid_pos;
        let n = vals.len() as u32;
        let (cells, extra): (Vec<(u32, u32, u32)>, u32) = match r.direction {
            RepeatDirection::Horizontal => {
                let w = (24 / n.max(1)).max(24 / r.max_per_row.clamp(1, 24)).max(1);
                let per_row = (24 / w).max(1);
                let rows = n.div_ceil(per_row);
                ((0..n).map(|k| ((k % per_row) * w, g.y + (k / per_row) * g.h, w)).collect(), (rows - 1) * g.h)
            }
            RepeatDirection::Vertical => ((0..n).map(|k| (g.x, g.y + k * g.h, g.w)).collect(), (n - 1) * g.h),
        };
        let bottom = g.y + g.h;
        if extra > 0 {
            for (j, q) in placed.iter_mut().enumerate() {
                if j != i && q.panel.grid_pos.y >= bottom {
                    q.panel.grid_pos.y += extra;
                }
            }
        }
        copies[i] = vals
            .iter()
            .zip(cells)
            .enumerate()
            .map(|(k, (value, (x, y, w)))| {
                let mut c = p.clone();
                if k > 0 {
                    *next_id = next_id.saturating_add(1);
                    c.id = *next_id;
                }
                c.grid_pos.x = x;
                c.grid_pos.y = y;
                c.grid_pos.w = w;
                let mut bindings = s.bindings.clone();
                bindings.push((r.variable.clone(), value.clone()));
                Shown { panel: c, bindings, source: s.source }
            })
            .collect();
    }
    placed.into_iter().zip(copies).flat_map(|(p, c)| if c.is_empty() { vec![p] } else { c }).collect()
}

/// The fold of a drawn copy of a repeated row, when `id` is one: its row's id and its value (what
/// [`expand`]'s `flipped` lists). `None` for any other panel, whose fold is the dashboard's.
pub fn copy_fold(shown: &[Shown], id: u32) -> Option<Flip> {
    let s = shown.iter().find(|s| s.panel.id == id && s.panel.kind == PanelKind::Row)?;
    s.bindings.first().map(|(_, v)| (s.source, v.clone()))
}

/// `flipped` with `copy` added, or taken out when it is there: a click on a copy's heading.
pub fn toggle_fold(flipped: &mut Vec<Flip>, copy: Flip) {
    match flipped.iter().position(|f| *f == copy) {
        Some(i) => {
            flipped.remove(i);
        }
        None => flipped.push(copy),
    }
}

/// Each repeat variable with the values its copies are bound to, in order: what a snapshot records, so the
/// copies (and the ids their data is kept under) come back the same with no backend to list the options.
pub fn bound_values(shown: &[Shown]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in shown.iter().flat_map(|s| s.bindings.iter()) {
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, vs)) if !vs.contains(value) => vs.push(value.clone()),
            Some(_) => {}
            None => out.push((name.clone(), vec![value.clone()])),
        }
    }
    out
}

#[cfg(test)]
#[path = "repeat_tests.rs"]
mod tests;
