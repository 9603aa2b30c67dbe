//! Critical path, as Jaeger UI computes it: from the root, walk back from the end, always descending into
//! the last-finishing child that ends before the current cursor. One deliberate difference: a child
//! ending exactly at the cursor qualifies (Jaeger requires strictly before, which leaves back-to-back
//! sequential calls off the path, e.g. the embedding call of the recorded Tempo trace). Iterative;
//! each child is descended into at most once. Children are first clipped to
//! their parent (those entirely outside it are dropped with their subtree), as Jaeger's
//! `sanitizeOverFlowingChildren` does.

use crate::telemetry::Trace;
use crate::view::trace::model::{interval, TraceModel};

/// One flag per row of `model`: whether the row is on the critical path. Several roots are treated as
/// children of a virtual root spanning the whole trace (with one root this is exactly Jaeger's result).
pub fn critical_path(model: &TraceModel, trace: &Trace) -> Vec<bool> {
    let n = model.rows.len();
    let mut critical = vec![false; n];
    if n == 0 {
        return critical;
    }

    // Raw intervals; a placeholder covers its children.
    let mut raw: Vec<(i64, i64)> = model
        .rows
        .iter()
        .map(|r| r.span.and_then(|i| trace.spans.get(i)).map(interval).unwrap_or((i64::MAX, i64::MIN)))
        .collect();
    for r in (0..n).rev() {
        let Some(p) = model.rows[r].parent_row.map(|p| p as usize) else { continue };
        if p < r && model.rows.get(p).is_some_and(|row| row.span.is_none()) {
            let (cs, ce) = raw[r];
            if cs <= ce {
                raw[p] = (raw[p].0.min(cs), raw[p].1.max(ce));
            }
        }
    }
    for iv in raw.iter_mut() {
        if iv.0 > iv.1 {
            *iv = (model.start_ns, model.start_ns);
        }
    }

    // Clip each child to its (already clipped) parent, top-down; drop children entirely outside.
    let mut clipped = raw.clone();
    let mut valid = vec![true; n];
    for r in 0..n {
        let Some(p) = model.rows[r].parent_row.map(|p| p as usize) else { continue };
        if p >= r || !valid[p] {
            valid[r] = false;
            continue;
        }
        // Jaeger's rules: a child starting at or after the parent's end, or ending at or before its
        // start, is dropped; otherwise it is truncated to the parent.
        let (ps, pe) = clipped[p];
        let (s, e) = raw[r];
        if (s >= ps && s >= pe) || (s < ps && e <= ps) {
            valid[r] = false;
        } else {
            clipped[r] = (s.max(ps), e.min(pe));
        }
    }

    // Node 0 is the virtual root, node r + 1 is row r. Children lists are built lazily, sorted by end
    // descending (ties: later start first, then display order), and consumed with a pointer: the cursor
    // only decreases at a given node, so a skipped child never qualifies later.
    let roots: Vec<u32> = (0..n).filter(|&r| model.rows[r].parent_row.is_none()).map(|r| r as u32).collect();
    let mut lists: Vec<Option<(Vec<u32>, usize)>> = vec![None; n + 1];
    let mut cur = 0usize;
    let mut cursor: Option<i64> = None;
    let max_steps = 2 * n + 4;
    for _ in 0..max_steps {
        if let Some(c) = cur.checked_sub(1).and_then(|r| critical.get_mut(r)) {
            *c = true;
        }
        let entry = lists[cur].get_or_insert_with(|| {
            let mut kids: Vec<u32> = match cur.checked_sub(1) {
                None => roots.clone(),
                Some(r) => model.children(r as u32).collect(),
            };
            kids.retain(|&k| valid.get(k as usize).copied().unwrap_or(false));
            kids.sort_by(|&a, &b| {
                let (sa, ea) = clipped[a as usize];
                let (sb, eb) = clipped[b as usize];
                eb.cmp(&ea).then(sb.cmp(&sa)).then(a.cmp(&b))
            });
            (kids, 0)
        });
        let (kids, ptr) = entry;
        if let Some(limit) = cursor {
            while *ptr < kids.len() && clipped[kids[*ptr] as usize].1 > limit {
                *ptr += 1;
            }
        }
        if let Some(&child) = kids.get(*ptr) {
            *ptr += 1;
            cur = child as usize + 1;
            cursor = None;
            continue;
        }
        // No child left: go back up, with the cursor at this span's start.
        let Some(row) = cur.checked_sub(1) else { break };
        cursor = Some(clipped[row].0);
        cur = model.rows[row].parent_row.map(|p| p as usize).filter(|&p| p < row).map_or(0, |p| p + 1);
    }
    critical
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::trace::testutil::{span, trace};

    fn critical_ids(t: &Trace) -> Vec<u64> {
        let m = TraceModel::build(t);
        let c = critical_path(&m, t);
        // The model's flags agree with the function.
        assert_eq!(c, m.rows.iter().map(|r| r.flags.critical).collect::<Vec<_>>());
        let mut ids: Vec<u64> = m
            .rows
            .iter()
            .zip(c)
            .filter(|(_, c)| *c)
            .filter_map(|(r, _)| r.span.map(|i| t.spans[i].span_id.0))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn known_example() {
        // A 0..100 with B 10..40, C 20..60 (C has E 25..55 and F 21..30) and D 70..90.
        // Walk: A -> D (last to finish) -> back at 70 -> C (ends 60 < 70) -> E -> back at 25: F ends 30,
        // not before 25 -> back to A at 20: B ends 40, not before 20 -> done.
        let t = trace(vec![
            span(1, None, 0, 100),
            span(2, Some(1), 10, 40),
            span(3, Some(1), 20, 60),
            span(4, Some(1), 70, 90),
            span(5, Some(3), 25, 55),
            span(6, Some(3), 21, 30),
        ]);
        assert_eq!(critical_ids(&t), vec![1, 3, 4, 5]);
    }

    #[test]
    fn sequential_children_are_all_critical() {
        let t = trace(vec![
            span(1, None, 0, 100),
            span(2, Some(1), 0, 30),
            span(3, Some(1), 30, 60),
            span(4, Some(1), 61, 99),
            span(5, Some(1), 5, 31), // overlaps 3's start: not on the path
        ]);
        // 4 ends 99 -> back at 61 -> 3 ends 60 -> back at 30 -> 2 ends exactly at 30 (5 ends after 30).
        assert_eq!(critical_ids(&t), vec![1, 2, 3, 4]);
    }

    #[test]
    fn overflowing_child_is_clipped_and_outside_child_dropped() {
        let t = trace(vec![
            span(1, None, 0, 100),
            span(2, Some(1), 95, 200), // clipped to 95..100: last to finish
            span(3, Some(1), 50, 90),
            span(4, Some(1), 150, 300), // starts after the parent ends: dropped
        ]);
        assert_eq!(critical_ids(&t), vec![1, 2, 3]);
    }

    #[test]
    fn several_roots_chain_through_a_virtual_root() {
        let t = trace(vec![span(1, None, 0, 10), span(2, None, 20, 30), span(3, None, 5, 25)]);
        // Last to finish: 2 (30) -> back at 20 -> 1 ends 10 < 20 (3 ends 25, not < 20).
        assert_eq!(critical_ids(&t), vec![1, 2]);
    }

    #[test]
    fn empty_and_loops() {
        assert!(critical_path(&TraceModel::default(), &trace(vec![])).is_empty());
        let t = trace(vec![span(1, Some(2), 0, 10), span(2, Some(1), 1, 5)]);
        assert_eq!(critical_ids(&t), vec![1, 2]);
    }
}
