//! Span tree of one trace: display rows in depth-first pre-order with depth, subtree extent, self time
//! and problem flags. Iterative and O(n log n), so broken or huge traces (loops, 50k-deep chains) are safe.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::telemetry::{Span, SpanId, Trace};

/// What a row is, or what is wrong with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowFlags {
    /// A synthetic row standing for a parent span that is not in the trace (`OrphanMode::UnderPlaceholder`).
    pub placeholder: bool,
    /// The span names a parent that is not in the trace.
    pub orphan: bool,
    /// The span starts before its parent or ends after it.
    pub clock_skew: bool,
    /// Another span earlier in the trace has the same span ID (children attach to that first one).
    pub duplicate_id: bool,
    /// The span's parent chain loops back to itself; the link to its parent was dropped and it is shown
    /// as a root.
    pub cycle: bool,
    /// The span's status is an error.
    pub error: bool,
    /// The span is on the critical path (see `critical_path`).
    pub critical: bool,
}

/// One display row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Index into `trace.spans`; `None` for a placeholder standing for a missing parent.
    pub span: Option<usize>,
    /// 0 for roots.
    pub depth: u32,
    pub parent_row: Option<u32>,
    /// One past the last row of this row's subtree: the subtree is `rows[i..subtree_end]`.
    pub subtree_end: u32,
    /// Number of direct children.
    pub child_count: u32,
    /// Duration not covered by any child (children clipped to this span), as Jaeger computes it.
    pub self_time_ns: i64,
    /// For a placeholder: the ID of the missing span it stands for.
    pub missing_id: Option<SpanId>,
    pub flags: RowFlags,
}

/// Where spans whose parent is not in the trace go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OrphanMode {
    /// As roots, sorted with the other roots by start time (what Jaeger UI does). Flagged `orphan`.
    #[default]
    AsRoots,
    /// Under one placeholder row per missing parent ID, so siblings stay together. Flagged `orphan`.
    UnderPlaceholder,
}

/// The rows of a trace and what the page needs around them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TraceModel {
    /// Depth-first pre-order; children sorted by start time (ties: order in the trace).
    pub rows: Vec<Row>,
    /// Service name and its span count, in order of first appearance in `rows` (so the root's service is
    /// first and colours stay stable while scrolling).
    pub services: Vec<(String, usize)>,
    /// Row of each span, indexed like `trace.spans`.
    pub row_of_span: Vec<u32>,
    /// Earliest span start and latest span end (0 and 0 for an empty trace).
    pub start_ns: i64,
    pub end_ns: i64,
    /// Largest row depth (0 for a flat or empty trace).
    pub max_depth: u32,
    /// Problems found in the structure, one sentence each, to show above the trace.
    pub notes: Vec<String>,
}

/// A map keyed by span IDs.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Hashes a span ID with one splitmix64 finalizer instead of SipHash (a 250k-span trace looks up every span
/// twice while it is laid out). Every bit of the ID moves the low bits the table picks a slot by, so IDs that
/// differ only in their high bits (or count up from 1) still spread.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = mix(self.0 ^ v);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The distinct services of a trace's spans and each span's one, as an index into `names`.
struct ServiceNumbers<'a> {
    names: Vec<&'a str>,
    of_span: Vec<u32>,
}

fn service_numbers(spans: &[Span]) -> ServiceNumbers<'_> {
    let mut names: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut of_span = Vec::with_capacity(spans.len());
    let mut last: Option<(&str, u32)> = None;
    for s in spans {
        let name = &*s.service;
        let k = match last {
            Some((l, k)) if l == name => k,
            _ => *index.entry(name).or_insert_with(|| {
                names.push(name);
                to_u32(names.len() - 1)
            }),
        };
        last = Some((name, k));
        of_span.push(k);
    }
    ServiceNumbers { names, of_span }
}

/// A span's interval with a negative duration treated as zero.
pub(crate) fn interval(s: &Span) -> (i64, i64) {
    (s.start_ns, s.end_ns.max(s.start_ns))
}

fn to_u32(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

impl TraceModel {
    /// Builds the rows with orphans shown as roots (Jaeger's behaviour).
    pub fn build(trace: &Trace) -> TraceModel {
        TraceModel::build_with(trace, OrphanMode::AsRoots)
    }

    pub fn build_with(trace: &Trace, mode: OrphanMode) -> TraceModel {
        let spans = &trace.spans;
        let n = spans.len();
        let mut notes = Vec::new();
        // Each span's interval and error flag, read once in order into compact lists: the sorts and scans
        // below then never reach into the large span records in tree order (a cache miss each in a 250k-span
        // trace).
        let mut starts: Vec<i64> = Vec::with_capacity(n);
        let mut ends: Vec<i64> = Vec::with_capacity(n);
        let mut errors: Vec<bool> = Vec::with_capacity(n);
        for s in spans {
            let (a, b) = interval(s);
            starts.push(a);
            ends.push(b);
            errors.push(s.is_error());
        }

        // 1. Span ID -> first span with it.
        let mut by_id: IdMap<usize> = IdMap::with_capacity_and_hasher(n, Default::default());
        let mut duplicate = vec![false; n];
        for (i, s) in spans.iter().enumerate() {
            match by_id.entry(s.span_id.0) {
                Entry::Occupied(_) => duplicate[i] = true,
                Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }

        // 2. Parent of every node. Nodes 0..n are spans, n.. are placeholders for missing parents.
        let mut parent: Vec<Option<usize>> = vec![None; n];
        let mut orphan = vec![false; n];
        let mut missing: Vec<SpanId> = Vec::new();
        let mut missing_node: IdMap<usize> = IdMap::default();
        for (i, s) in spans.iter().enumerate() {
            let Some(p) = s.parent_id else { continue };
            match by_id.get(&p.0) {
                Some(&j) => parent[i] = Some(j),
                // An all-zero parent ID means "no parent" in several exporters.
                None if p.0 == 0 => {}
                None => {
                    orphan[i] = true;
                    if mode == OrphanMode::UnderPlaceholder {
                        let node = *missing_node.entry(p.0).or_insert_with(|| {
                            missing.push(p);
                            n + missing.len() - 1
                        });
                        parent[i] = Some(node);
                    }
                }
            }
        }
        let m = n + missing.len();
        parent.resize(m, None);
        let start_of = |node: usize| starts.get(node).copied();

        // 3. Break parent loops: walk each chain up until it reaches a known-good node or a root; a chain
        //    that meets itself is a loop, cut at its earliest-starting span. O(m) overall.
        let mut cycle = vec![false; n];
        {
            const UNKNOWN: u8 = 0;
            const ON_WALK: u8 = 1;
            const GOOD: u8 = 2;
            let mut state = vec![UNKNOWN; m];
            let mut walk: Vec<usize> = Vec::new();
            for first in 0..m {
                if state[first] == GOOD {
                    continue;
                }
                walk.clear();
                let mut cur = first;
                loop {
                    if state[cur] == GOOD {
                        break;
                    }
                    if state[cur] == ON_WALK {
                        // The loop is walk[pos..], where walk[pos] == cur.
                        let pos = walk.iter().rposition(|&w| w == cur).unwrap_or(0);
                        let members = walk.get(pos..).unwrap_or(&[]);
                        let cut = members
                            .iter()
                            .copied()
                            .min_by_key(|&w| (start_of(w).unwrap_or(i64::MAX), w))
                            .unwrap_or(cur);
                        parent[cut] = None;
                        if let Some(c) = cycle.get_mut(cut) {
                            *c = true;
                        }
                        break;
                    }
                    state[cur] = ON_WALK;
                    walk.push(cur);
                    match parent[cur] {
                        Some(p) => cur = p,
                        None => break,
                    }
                }
                for &w in &walk {
                    state[w] = GOOD;
                }
            }
        }

        // 4. Children lists (CSR), each sorted by (start, node). A placeholder starts with its first child.
        //    One sort of every node by (start, node), then each node placed under its parent in that order:
        //    each list comes out sorted (instead of a sort per list, each looking its spans up).
        let mut ph_start = vec![i64::MAX; missing.len()];
        for (i, p) in parent.iter().enumerate().take(n) {
            if let Some(k) = p.and_then(|p| p.checked_sub(n)) {
                if let (Some(slot), Some(&s)) = (ph_start.get_mut(k), starts.get(i)) {
                    *slot = (*slot).min(s);
                }
            }
        }
        let mut order: Vec<(i64, usize)> = starts.iter().chain(&ph_start).copied().zip(0..m).collect();
        order.sort_unstable();
        let mut offsets = vec![0usize; m + 1];
        for p in parent.iter().flatten() {
            offsets[p + 1] += 1;
        }
        for i in 0..m {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut children = vec![0usize; offsets[m]];
        let mut roots: Vec<usize> = Vec::new();
        for &(_, i) in &order {
            match parent[i] {
                Some(p) => {
                    children[fill[p]] = i;
                    fill[p] += 1;
                }
                None => roots.push(i),
            }
        }
        drop(order);

        // 5. Pre-order rows with an explicit stack.
        let mut rows: Vec<Row> = Vec::with_capacity(m);
        let mut node_of_row: Vec<usize> = Vec::with_capacity(m);
        let mut stack: Vec<(usize, Option<u32>, u32)> = roots.iter().rev().map(|&r| (r, None, 0)).collect();
        while let Some((node, parent_row, depth)) = stack.pop() {
            let row = to_u32(rows.len());
            let kids = &children[offsets[node]..offsets[node + 1]];
            let span = (node < n).then_some(node);
            rows.push(Row {
                span,
                depth,
                parent_row,
                subtree_end: 0,
                child_count: to_u32(kids.len()),
                self_time_ns: 0,
                missing_id: node.checked_sub(n).and_then(|k| missing.get(k).copied()),
                flags: RowFlags {
                    placeholder: span.is_none(),
                    orphan: orphan.get(node).copied().unwrap_or(false),
                    duplicate_id: duplicate.get(node).copied().unwrap_or(false),
                    cycle: cycle.get(node).copied().unwrap_or(false),
                    error: errors.get(node).copied().unwrap_or(false),
                    ..RowFlags::default()
                },
            });
            node_of_row.push(node);
            let child_depth = depth.saturating_add(1);
            stack.extend(kids.iter().rev().map(|&c| (c, Some(row), child_depth)));
        }

        // 6. Subtree extents: sizes accumulated bottom-up (a parent row always precedes its children).
        let mut size = vec![1u32; rows.len()];
        for r in (0..rows.len()).rev() {
            if let Some(p) = rows[r].parent_row {
                let add = size[r];
                if let Some(ps) = size.get_mut(p as usize) {
                    *ps = ps.saturating_add(add);
                }
            }
        }
        for (r, row) in rows.iter_mut().enumerate() {
            row.subtree_end = to_u32(r).saturating_add(size[r]);
        }

        // 7. Clock skew and self time, from each span's children (sorted by start).
        let mut skewed = 0usize;
        for (r, row) in rows.iter_mut().enumerate() {
            let node = node_of_row[r];
            let (Some(&ps), Some(&pe)) = (starts.get(node), ends.get(node)) else { continue };
            if let Some((&qs, &qe)) = parent[node].and_then(|p| Some((starts.get(p)?, ends.get(p)?))) {
                if ps < qs || pe > qe {
                    row.flags.clock_skew = true;
                    skewed += 1;
                }
            }
            let mut covered: i128 = 0;
            let mut run: Option<(i64, i64)> = None;
            for (&cs, &ce) in children[offsets[node]..offsets[node + 1]].iter().filter_map(|&c| Some((starts.get(c)?, ends.get(c)?))) {
                let (cs, ce) = (cs.clamp(ps, pe), ce.clamp(ps, pe));
                if ce <= cs {
                    continue;
                }
                run = match run {
                    Some((a, b)) if cs <= b => Some((a, b.max(ce))),
                    Some((a, b)) => {
                        covered += b as i128 - a as i128;
                        Some((cs, ce))
                    }
                    None => Some((cs, ce)),
                };
            }
            if let Some((a, b)) = run {
                covered += b as i128 - a as i128;
            }
            let own = pe as i128 - ps as i128 - covered;
            row.self_time_ns = own.clamp(0, i64::MAX as i128) as i64;
        }

        // 8. Services by first appearance, span -> row, bounds, depth.
        let mut services: Vec<(String, usize)> = Vec::new();
        // Each span's service as a number, in the order of `spans` (a resource's spans come together, so
        // most spans compare equal to the one before and never reach the map).
        let service_of = service_numbers(spans);
        let mut rank = vec![u32::MAX; service_of.names.len()];
        let mut row_of_span = vec![0u32; n];
        for (r, row) in rows.iter().enumerate() {
            let Some(i) = row.span else { continue };
            let (Some(slot), Some(&k)) = (row_of_span.get_mut(i), service_of.of_span.get(i)) else { continue };
            *slot = to_u32(r);
            let Some(rk) = rank.get_mut(k as usize) else { continue };
            if *rk == u32::MAX {
                *rk = to_u32(services.len());
                services.push((service_of.names.get(k as usize).map(|s| s.to_string()).unwrap_or_default(), 0));
            }
            if let Some(e) = services.get_mut(*rk as usize) {
                e.1 += 1;
            }
        }
        let start_ns = starts.iter().copied().min().unwrap_or(0);
        let end_ns = ends.iter().copied().max().unwrap_or(0);
        let max_depth = rows.iter().map(|r| r.depth).max().unwrap_or(0);

        let orphans = orphan.iter().filter(|&&o| o).count();
        if orphans > 0 {
            let missing_ids: std::collections::HashSet<u64> = spans
                .iter()
                .zip(&orphan)
                .filter(|(_, &o)| o)
                .filter_map(|(s, _)| s.parent_id.map(|p| p.0))
                .collect();
            let place = match mode {
                OrphanMode::AsRoots => "shown as roots",
                OrphanMode::UnderPlaceholder => "shown under a placeholder for each missing parent",
            };
            notes.push(format!(
                "{orphans} span(s) refer to {} parent span(s) missing from this trace; they are {place}.",
                missing_ids.len()
            ));
        }
        let dups = duplicate.iter().filter(|&&d| d).count();
        if dups > 0 {
            notes.push(format!("{dups} span(s) reuse the ID of an earlier span; children attach to the first one."));
        }
        let loops = cycle.iter().filter(|&&c| c).count();
        if loops > 0 {
            notes.push(format!("{loops} loop(s) in the parent links were broken; the span(s) where they were cut are shown as roots."));
        }
        if skewed > 0 {
            notes.push(format!("{skewed} span(s) start before their parent or end after it (clock skew)."));
        }

        let mut model = TraceModel { rows, services, row_of_span, start_ns, end_ns, max_depth, notes };
        let critical = crate::view::trace::critical_path(&model, trace);
        for (row, c) in model.rows.iter_mut().zip(critical) {
            row.flags.critical = c;
        }
        model
    }

    /// Time from the earliest start to the latest end (never negative).
    pub fn duration_ns(&self) -> i64 {
        self.end_ns.saturating_sub(self.start_ns).max(0)
    }

    /// The direct children of a row, in display order. O(children · 1) using `subtree_end`.
    pub fn children(&self, row: u32) -> Children<'_> {
        let (next, end) = match self.rows.get(row as usize) {
            Some(r) => (row.saturating_add(1), r.subtree_end.min(to_u32(self.rows.len()))),
            None => (0, 0),
        };
        Children { model: self, next, end }
    }

    /// The row of the first span with this ID.
    pub fn row_for_span_id(&self, trace: &Trace, id: SpanId) -> Option<u32> {
        let i = trace.spans.iter().position(|s| s.span_id == id)?;
        self.row_of_span.get(i).copied()
    }

    /// Ancestors of a row, nearest first.
    pub fn ancestors(&self, row: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut cur = self.rows.get(row as usize).and_then(|r| r.parent_row);
        while let Some(p) = cur {
            if out.len() > self.rows.len() {
                break;
            }
            out.push(p);
            cur = self.rows.get(p as usize).and_then(|r| r.parent_row);
        }
        out
    }
}

/// Iterator over a row's direct children.
pub struct Children<'a> {
    model: &'a TraceModel,
    next: u32,
    end: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next >= self.end {
            return None;
        }
        let r = self.next;
        let after = self.model.rows.get(r as usize)?.subtree_end;
        // Always move forward, even on a malformed extent.
        self.next = after.max(r.saturating_add(1));
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::SpanStatus;
    use crate::view::trace::testutil::{span, trace, with_service};

    fn order(m: &TraceModel, t: &Trace) -> Vec<String> {
        m.rows
            .iter()
            .map(|r| match r.span {
                Some(i) => format!("{}{}", " ".repeat(r.depth as usize), t.spans[i].span_id.0),
                None => format!("{}?{}", " ".repeat(r.depth as usize), r.missing_id.map(|m| m.0).unwrap_or(0)),
            })
            .collect()
    }

    #[test]
    fn simple_tree_is_preorder_with_children_by_start() {
        // Root 1 with children 3 (starts later) and 2 (starts earlier), 2 has child 4.
        let t = trace(vec![
            span(3, Some(1), 50, 90),
            span(1, None, 0, 100),
            span(4, Some(2), 20, 30),
            span(2, Some(1), 10, 40),
        ]);
        let m = TraceModel::build(&t);
        assert_eq!(order(&m, &t), vec!["1", " 2", "  4", " 3"]);
        assert_eq!(m.rows[0].subtree_end, 4);
        assert_eq!(m.rows[1].subtree_end, 3);
        assert_eq!(m.rows[2].subtree_end, 3);
        assert_eq!(m.rows[3].subtree_end, 4);
        assert_eq!(m.rows[0].child_count, 2);
        assert_eq!(m.rows[1].child_count, 1);
        assert_eq!(m.rows[2].parent_row, Some(1));
        assert_eq!(m.rows[3].parent_row, Some(0));
        assert_eq!(m.row_of_span, vec![3, 0, 2, 1]);
        assert_eq!(m.children(0).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(m.ancestors(2), vec![1, 0]);
        assert_eq!((m.start_ns, m.end_ns, m.duration_ns(), m.max_depth), (0, 100, 100, 2));
        assert!(m.notes.is_empty());
        // Self time: root 100 - (30 + 40) = 30; span 2: 30 - 10 = 20.
        assert_eq!(m.rows[0].self_time_ns, 30);
        assert_eq!(m.rows[1].self_time_ns, 20);
        assert_eq!(m.rows[2].self_time_ns, 10);
    }

    #[test]
    fn equal_starts_keep_the_trace_order_and_placeholders_come_after_spans() {
        // Siblings 4 and 3 start together: trace order (4 is listed first); 2 starts before both. Roots 1 and 7
        // start together too.
        let t = trace(vec![
            span(1, None, 0, 100),
            span(4, Some(1), 10, 20),
            span(3, Some(1), 10, 20),
            span(2, Some(1), 5, 20),
            span(7, None, 0, 5),
        ]);
        assert_eq!(order(&TraceModel::build(&t), &t), vec!["1", " 2", " 4", " 3", "7"]);
        // A placeholder starts with its first child; at the same start as a span, it comes after it.
        let t = trace(vec![span(2, Some(99), 0, 10), span(1, None, 0, 100)]);
        let m = TraceModel::build_with(&t, OrphanMode::UnderPlaceholder);
        assert_eq!(order(&m, &t), vec!["1", "?99", " 2"]);
    }

    #[test]
    fn self_time_merges_overlapping_children_and_clips_them() {
        let t = trace(vec![
            span(1, None, 0, 100),
            span(2, Some(1), 10, 50),
            span(3, Some(1), 30, 60),  // overlaps 2: union 10..60
            span(4, Some(1), 90, 150), // clipped to 90..100, clock skew
        ]);
        let m = TraceModel::build(&t);
        assert_eq!(m.rows[0].self_time_ns, 100 - 50 - 10);
        assert!(m.rows[3].flags.clock_skew);
        assert!(!m.rows[1].flags.clock_skew);
        assert_eq!(m.notes.len(), 1);
    }

    #[test]
    fn orphans_become_flagged_roots_like_jaeger() {
        let t = trace(vec![
            span(1, None, 10, 100),
            span(2, Some(99), 0, 20),  // parent 99 missing, starts first
            span(3, Some(99), 30, 40), // same missing parent
            span(4, Some(1), 20, 30),
        ]);
        let m = TraceModel::build(&t);
        assert_eq!(order(&m, &t), vec!["2", "1", " 4", "3"]);
        assert!(m.rows[0].flags.orphan && m.rows[3].flags.orphan);
        assert!(!m.rows[1].flags.orphan);
        assert!(m.rows.iter().all(|r| !r.flags.placeholder));
        assert!(m.notes[0].contains("2 span(s) refer to 1 parent"), "{:?}", m.notes);
    }

    #[test]
    fn orphans_can_be_grouped_under_placeholders() {
        let t = trace(vec![
            span(1, None, 10, 100),
            span(2, Some(99), 0, 20),
            span(3, Some(99), 30, 40),
            span(5, Some(77), 50, 60),
        ]);
        let m = TraceModel::build_with(&t, OrphanMode::UnderPlaceholder);
        assert_eq!(order(&m, &t), vec!["?99", " 2", " 3", "1", "?77", " 5"]);
        assert!(m.rows[0].flags.placeholder && m.rows[0].span.is_none());
        assert_eq!(m.rows[0].child_count, 2);
        assert_eq!(m.rows[0].subtree_end, 3);
        assert!(m.rows[1].flags.orphan && !m.rows[1].flags.clock_skew);
        assert_eq!(m.services, vec![("svc".to_string(), 4)]);
    }

    #[test]
    fn cycles_terminate_and_are_cut_at_the_earliest_span() {
        // Parent links 2 -> 4 -> 3 -> 2 (a loop), 5 hangs off 3, plus a self-parented span 6 and a real root 1.
        let t = trace(vec![
            span(1, None, 0, 10),
            span(2, Some(4), 5, 50),
            span(3, Some(2), 3, 40),
            span(4, Some(3), 7, 30),
            span(5, Some(3), 8, 9),
            span(6, Some(6), 1, 2),
        ]);
        let m = TraceModel::build(&t);
        assert_eq!(m.rows.len(), 6);
        // Span 3 starts first in the loop, so it becomes a root.
        assert_eq!(order(&m, &t), vec!["1", "6", "3", " 4", "  2", " 5"]);
        let flagged: Vec<u64> =
            m.rows.iter().filter(|r| r.flags.cycle).map(|r| t.spans[r.span.unwrap()].span_id.0).collect();
        assert_eq!(flagged, vec![6, 3]);
        assert!(m.notes.iter().any(|n| n.contains("2 loop(s)")));
    }

    #[test]
    fn duplicate_ids_and_multiple_roots() {
        let t = trace(vec![
            span(1, None, 0, 10),
            span(1, None, 20, 30), // duplicate ID, second root
            span(2, Some(1), 2, 5), // attaches to the first span 1
        ]);
        let m = TraceModel::build(&t);
        assert_eq!(m.rows.len(), 3);
        assert_eq!(m.rows[0].span, Some(0));
        assert_eq!(m.rows[1].span, Some(2));
        assert_eq!(m.rows[2].span, Some(1));
        assert!(m.rows[2].flags.duplicate_id && !m.rows[0].flags.duplicate_id);
        assert_eq!(m.rows.iter().filter(|r| r.parent_row.is_none()).count(), 2);
    }

    #[test]
    fn zero_negative_and_extreme_times_do_not_panic() {
        let mut err = span(3, Some(1), i64::MAX, i64::MIN);
        err.status = SpanStatus::Error("boom".into());
        let t = trace(vec![span(1, None, i64::MIN, i64::MAX), span(2, Some(1), 5, 5), err, span(4, Some(0), 1, 0)]);
        let m = TraceModel::build(&t);
        assert_eq!(m.rows.len(), 4);
        assert_eq!(m.rows[0].self_time_ns, i64::MAX);
        assert_eq!(m.rows[1].self_time_ns, 0);
        assert!(m.rows.iter().any(|r| r.flags.error));
        // Parent ID zero means no parent, not an orphan.
        assert!(m.rows.iter().all(|r| !r.flags.orphan));
        assert_eq!(m.duration_ns(), i64::MAX);
        assert_eq!(TraceModel::build(&trace(vec![])), TraceModel::default());
    }

    #[test]
    fn services_in_order_of_first_appearance() {
        let t = trace(vec![
            with_service(span(2, Some(1), 5, 6), "b"),
            with_service(span(1, None, 0, 10), "a"),
            with_service(span(3, Some(1), 7, 8), "b"),
            with_service(span(4, Some(1), 8, 9), "c"),
        ]);
        let m = TraceModel::build(&t);
        assert_eq!(m.services, vec![("a".into(), 1), ("b".into(), 2), ("c".into(), 1)]);
        assert_eq!(m.row_for_span_id(&t, SpanId(3)), Some(2));
        assert_eq!(m.row_for_span_id(&t, SpanId(42)), None);
    }

    #[test]
    fn deep_chain_of_50k_spans_builds_iteratively() {
        let n = 50_000u64;
        let spans = (1..=n).map(|i| span(i, (i > 1).then(|| i - 1), i as i64, 2 * n as i64 - i as i64)).collect();
        let t = trace(spans);
        let m = TraceModel::build(&t);
        assert_eq!(m.rows.len(), n as usize);
        assert_eq!(m.max_depth, n as u32 - 1);
        assert_eq!(m.rows[0].subtree_end, n as u32);
        assert_eq!(m.rows[n as usize - 1].depth, n as u32 - 1);
        assert!(m.rows.iter().all(|r| r.flags.critical));
    }

    #[test]
    fn wide_trace_of_50k_spans_builds() {
        let n = 50_000u64;
        let mut spans = vec![span(1, None, 0, 1_000_000)];
        // Reverse start order so sorting matters.
        spans.extend((2..=n).map(|i| span(i, Some(1), (n - i) as i64, (n - i) as i64 + 10)));
        let t = trace(spans);
        let m = TraceModel::build(&t);
        assert_eq!(m.rows.len(), n as usize);
        assert_eq!(m.rows[0].child_count, n as u32 - 1);
        assert_eq!(m.rows[1].span, Some(n as usize - 1));
        assert_eq!(m.max_depth, 1);
    }

    #[test]
    fn long_loop_of_50k_spans_terminates() {
        let n = 50_000u64;
        let spans = (1..=n).map(|i| span(i, Some(if i == 1 { n } else { i - 1 }), i as i64, i as i64 + 1)).collect();
        let t = trace(spans);
        let m = TraceModel::build(&t);
        assert_eq!(m.rows.len(), n as usize);
        assert_eq!(m.rows[0].span, Some(0));
        assert!(m.rows[0].flags.cycle);
        assert_eq!(m.max_depth, n as u32 - 1);
    }

    #[test]
    fn a_service_met_again_after_another_counts_once() {
        // Spans of a service come back after other services' spans, and runs of one service follow each other.
        let t = trace(vec![
            with_service(span(1, None, 0, 100), "a"),
            with_service(span(2, Some(1), 10, 20), "a"),
            with_service(span(3, Some(1), 20, 30), "b"),
            with_service(span(4, Some(1), 30, 40), "a"),
            with_service(span(5, Some(1), 5, 8), "c"),
            with_service(span(6, Some(1), 50, 60), "b"),
        ]);
        let m = TraceModel::build(&t);
        // Rows: 1, 5 (c), 2, 3 (b), 4, 6.
        assert_eq!(m.services, vec![("a".into(), 3), ("c".into(), 1), ("b".into(), 2)]);
        let rows: Vec<u32> = (1..=6).map(|id| m.row_for_span_id(&t, SpanId(id)).unwrap_or(u32::MAX)).collect();
        assert_eq!(rows, vec![0, 2, 3, 4, 1, 5]);
    }

    #[test]
    fn span_ids_differing_only_in_their_high_bits_spread_over_the_table() {
        use std::hash::BuildHasher;
        let h = BuildHasherDefault::<IdHasher>::default();
        // A table of 1024 slots picks by the low 10 bits: IDs 1<<40, 2<<40, … must not land in a few of them.
        let slots: std::collections::HashSet<u64> = (0..1024u64).map(|k| h.hash_one(k << 40) & 1023).collect();
        assert!(slots.len() > 500, "{} slots used", slots.len());
        let slots: std::collections::HashSet<u64> = (0..1024u64).map(|k| h.hash_one(k) & 1023).collect();
        assert!(slots.len() > 500, "{} slots used", slots.len());
        // And the map finds every span by its ID, duplicates kept to the first.
        let t = trace((0..2000u64).map(|k| span(k << 48 | 1, if k == 0 { None } else { Some(1) }, 0, 10)).collect());
        let m = TraceModel::build(&t);
        assert!(m.rows.iter().all(|r| !r.flags.orphan && !r.flags.duplicate_id));
        assert_eq!(m.max_depth, 1);
    }
}
