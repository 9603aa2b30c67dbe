//! Panel repeats (Grafana's `repeat`): a panel drawn once per value of a variable, each copy with the
//! variable bound to one value, placed side by side (wrapping after `maxPerRow`) or one below the other,
//! and the panels below pushed down to make room. Pure: the page draws what `expand` returns.

use super::schema::{Panel, RepeatDirection, Variable, MAX_REPEATS};
use super::variables::ALL_VALUE;

/// One panel as drawn: a panel of the dashboard, or a copy of a repeated one.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// The panel with its place on the grid; a copy has its own id (the first copy keeps the panel's).
    pub panel: Panel,
    /// The repeat variable and the one value this copy stands for.
    pub binding: Option<(String, String)>,
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

/// The panels to draw. `values` gives each repeat variable's values (see `repeat_values`); a repeated panel
/// whose variable has no value is drawn once, unbound.
pub fn expand(panels: &[Panel], values: &[(String, Vec<String>)]) -> Vec<Shown> {
    let mut next_id = panels.iter().flat_map(|p| std::iter::once(p.id).chain(p.panels.iter().map(|c| c.id))).max().unwrap_or(0);
    let mut placed: Vec<Panel> = panels.to_vec();
    // Top to bottom, so a repeat pushes down what is below it, including later repeats.
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by_key(|i| (placed[*i].grid_pos.y, placed[*i].grid_pos.x));
    let mut copies: Vec<Vec<Shown>> = vec![Vec::new(); placed.len()];
    for i in order {
        let p = placed[i].clone();
        let Some(r) = p.repeat.as_ref() else { continue };
        let vals = values.iter().find(|(n, _)| *n == r.variable).map(|(_, v)| v.as_slice()).unwrap_or(&[]);
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
                if j != i && q.grid_pos.y >= bottom {
                    q.grid_pos.y += extra;
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
                    next_id += 1;
                    c.id = next_id;
                }
                c.grid_pos.x = x;
                c.grid_pos.y = y;
                c.grid_pos.w = w;
                Shown { panel: c, binding: Some((r.variable.clone(), value.clone())), source: p.id }
            })
            .collect();
    }
    placed
        .into_iter()
        .zip(copies)
        .flat_map(|(p, c)| if c.is_empty() { vec![Shown { source: p.id, panel: p, binding: None }] } else { c })
        .collect()
}

/// Each repeat variable with the values its copies are bound to, in order: what a snapshot records, so the
/// copies (and the ids their data is kept under) come back the same with no backend to list the options.
pub fn bound_values(shown: &[Shown]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in shown.iter().filter_map(|s| s.binding.as_ref()) {
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
