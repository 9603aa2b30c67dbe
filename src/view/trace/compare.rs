//! Two traces compared, as Jaeger UI's "Compare" does: their span trees merged by call path (service and
//! operation from the root down), with each node's span count, total duration and errors in A and in B.
//!
//! Linear in the spans of both traces: each model's rows are in tree order (a parent before its children),
//! so one pass per trace finds every row's merged node from its parent row's node.
//!
//! A node differs when its span count, its error count or its mean duration changed (at least doubled or
//! halved, and by [`MIN_DURATION_CHANGE_NS`] or more, so that ordinary jitter is not a difference).
//! "Differences only" orders siblings by the biggest change in their subtree, errors first, then time.

use std::collections::HashMap;

use crate::telemetry::Trace;
use crate::view::trace::model::TraceModel;

/// One side's figures for a merged node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Side {
    /// Spans at this call path.
    pub count: u32,
    /// Sum of their durations.
    pub total_ns: i64,
    /// How many of them are errors.
    pub errors: u32,
}

impl Side {
    /// Mean duration, `None` when there is no span.
    pub fn mean_ns(&self) -> Option<i64> {
        (self.count > 0).then(|| self.total_ns / i64::from(self.count))
    }
}

/// How a node differs between A and B (the first that applies, in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    OnlyA,
    OnlyB,
    /// In both, with fewer spans in B.
    Fewer,
    /// In both, with more spans in B.
    More,
    /// As many spans, more of them errors in B.
    MoreErrors,
    /// As many spans, fewer of them errors in B.
    FewerErrors,
    /// As many spans and errors, the mean duration at least doubled in B.
    Slower,
    /// As many spans and errors, the mean duration at least halved in B.
    Faster,
    /// As many spans and errors, about as long.
    Same,
}

/// A mean duration change smaller than this (1 ms) is never a difference, whatever its ratio.
pub const MIN_DURATION_CHANGE_NS: i64 = 1_000_000;
/// A mean duration is changed when one side is at least this many times the other.
pub const DURATION_RATIO: i64 = 2;

impl Change {
    /// A CSS class and a word for the row.
    pub fn label(self) -> &'static str {
        match self {
            Change::OnlyA => "only-a",
            Change::OnlyB => "only-b",
            Change::Fewer => "fewer",
            Change::More => "more",
            Change::MoreErrors => "more-errors",
            Change::FewerErrors => "fewer-errors",
            Change::Slower => "slower",
            Change::Faster => "faster",
            Change::Same => "same",
        }
    }
}

/// A merged node, in tree order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareRow {
    pub depth: u32,
    pub parent: Option<u32>,
    pub service: String,
    /// The operation; "(missing parent)" for a placeholder row standing for a span neither trace holds.
    pub name: String,
    pub a: Side,
    pub b: Side,
}

impl CompareRow {
    pub fn change(&self) -> Change {
        match (self.a.count, self.b.count) {
            // A placeholder for a missing parent holds no span on either side.
            (0, 0) => Change::Same,
            (0, _) => Change::OnlyB,
            (_, 0) => Change::OnlyA,
            (a, b) if b < a => Change::Fewer,
            (a, b) if b > a => Change::More,
            _ if self.b.errors > self.a.errors => Change::MoreErrors,
            _ if self.b.errors < self.a.errors => Change::FewerErrors,
            _ => match (self.a.mean_ns(), self.b.mean_ns()) {
                (Some(a), Some(b)) if duration_changed(a, b) => {
                    if b > a {
                        Change::Slower
                    } else {
                        Change::Faster
                    }
                }
                _ => Change::Same,
            },
        }
    }

    /// How much this node changed, for ordering: whether its errors changed, then how much its total time did.
    pub fn impact(&self) -> (bool, i64) {
        (self.a.errors != self.b.errors, self.b.total_ns.saturating_sub(self.a.total_ns).saturating_abs())
    }
}

/// Whether mean durations `a` and `b` (ns) differ by a ratio of [`DURATION_RATIO`] and at least
/// [`MIN_DURATION_CHANGE_NS`].
fn duration_changed(a: i64, b: i64) -> bool {
    let (lo, hi) = (a.min(b).max(0), a.max(b).max(0));
    hi - lo >= MIN_DURATION_CHANGE_NS && hi >= lo.saturating_mul(DURATION_RATIO)
}

/// The merged tree and its totals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    pub rows: Vec<CompareRow>,
    pub only_a: usize,
    pub only_b: usize,
    /// In both, with a different span count.
    pub changed: usize,
    /// As many spans, a different error count.
    pub errors_changed: usize,
    /// As many spans and errors, a mean duration at least doubled or halved.
    pub retimed: usize,
}

const MISSING: &str = "(missing parent)";

/// Key of a merged node: its parent node and its label (an index into `Merge::labels`).
type Key = (Option<u32>, u32);

struct Merge {
    /// (service, operation) pairs, each once; `labels[0]` is the placeholder's.
    labels: Vec<(String, String)>,
    /// service → operation → label.
    label_index: HashMap<String, HashMap<String, u32>>,
    nodes: Vec<(u32, Side, Side)>,
    index: HashMap<Key, u32>,
    children: Vec<Vec<u32>>,
    roots: Vec<u32>,
}

impl Merge {
    fn new() -> Merge {
        let missing = (String::new(), MISSING.to_string());
        Merge {
            labels: vec![missing.clone()],
            label_index: HashMap::from([(missing.0.clone(), HashMap::from([(missing.1.clone(), 0)]))]),
            nodes: Vec::new(),
            index: HashMap::new(),
            children: Vec::new(),
            roots: Vec::new(),
        }
    }

    fn label(&mut self, service: &str, name: &str) -> u32 {
        // Most spans repeat a label already seen: found by reference, with no allocation.
        if let Some(&l) = self.label_index.get(service).and_then(|ops| ops.get(name)) {
            return l;
        }
        let l = self.labels.len() as u32;
        self.labels.push((service.to_string(), name.to_string()));
        self.label_index.entry(service.to_string()).or_default().insert(name.to_string(), l);
        l
    }

    fn node(&mut self, key: Key) -> u32 {
        if let Some(&n) = self.index.get(&key) {
            return n;
        }
        let n = self.nodes.len() as u32;
        match key.0 {
            Some(p) => self.children[p as usize].push(n),
            None => self.roots.push(n),
        }
        self.index.insert(key, n);
        self.nodes.push((key.1, Side::default(), Side::default()));
        self.children.push(Vec::new());
        n
    }

    fn add(&mut self, trace: &Trace, model: &TraceModel, b_side: bool) {
        let mut node_of_row = vec![0u32; model.rows.len()];
        for (r, row) in model.rows.iter().enumerate() {
            let parent = row.parent_row.and_then(|p| node_of_row.get(p as usize).copied());
            let span = row.span.and_then(|i| trace.spans.get(i));
            let label = match span {
                Some(s) => self.label(&s.service, &s.name),
                None => 0,
            };
            let n = self.node((parent, label));
            node_of_row[r] = n;
            if let Some(s) = span {
                let side = if b_side { &mut self.nodes[n as usize].2 } else { &mut self.nodes[n as usize].1 };
                side.count += 1;
                side.total_ns = side.total_ns.saturating_add(s.duration_ns().max(0));
                side.errors += u32::from(s.is_error());
            }
        }
    }
}

/// Compares trace A with trace B (each with its model).
pub fn compare(a: &Trace, ma: &TraceModel, b: &Trace, mb: &TraceModel) -> Comparison {
    let mut m = Merge::new();
    m.add(a, ma, false);
    m.add(b, mb, true);
    // Tree order: depth first, children in the order first met (A's order, then what only B has).
    let mut out = Comparison::default();
    let mut stack: Vec<(u32, u32, Option<u32>)> = m.roots.iter().rev().map(|&n| (n, 0, None)).collect();
    while let Some((n, depth, parent)) = stack.pop() {
        let (label, a, b) = m.nodes[n as usize];
        let (service, name) = &m.labels[label as usize];
        let here = out.rows.len() as u32;
        let row = CompareRow { depth, parent, service: service.clone(), name: name.clone(), a, b };
        match row.change() {
            Change::OnlyA => out.only_a += 1,
            Change::OnlyB => out.only_b += 1,
            Change::Fewer | Change::More => out.changed += 1,
            Change::MoreErrors | Change::FewerErrors => out.errors_changed += 1,
            Change::Slower | Change::Faster => out.retimed += 1,
            Change::Same => {}
        }
        out.rows.push(row);
        stack.extend(m.children[n as usize].iter().rev().map(|&c| (c, depth + 1, Some(here))));
    }
    out
}

/// The rows to show when only differences are wanted: every row that differs, with its ancestors for
/// context; a parent's kept children are ordered by the biggest change in their subtree ([`CompareRow::impact`],
/// largest first; ties keep tree order), so the worst regression is the first path.
pub fn differences(c: &Comparison) -> Vec<u32> {
    let n = c.rows.len();
    let mut keep = vec![false; n];
    // The biggest impact in each row's subtree (rows are in tree order: children after their parent).
    let mut worst: Vec<(bool, i64)> = c.rows.iter().map(CompareRow::impact).collect();
    for (i, r) in c.rows.iter().enumerate().rev() {
        if r.change() != Change::Same || keep[i] {
            keep[i] = true;
            if let Some(p) = r.parent.map(|p| p as usize).filter(|&p| p < i) {
                keep[p] = true;
                worst[p] = worst[p].max(worst[i]);
            }
        }
    }
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for i in (0..n).filter(|&i| keep[i]) {
        match c.rows[i].parent.map(|p| p as usize).filter(|&p| p < i) {
            Some(p) => children[p].push(i as u32),
            None => roots.push(i as u32),
        }
    }
    let by_impact = |v: &mut Vec<u32>| v.sort_by(|x, y| worst[*y as usize].cmp(&worst[*x as usize]));
    by_impact(&mut roots);
    let mut out = Vec::with_capacity(n);
    let mut stack: Vec<u32> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        out.push(i);
        let kids = &mut children[i as usize];
        by_impact(kids);
        stack.extend(kids.iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::SpanStatus;
    use crate::view::trace::testutil::{span, trace, with_service};

    fn named(id: u64, parent: Option<u64>, service: &str, name: &str, dur: i64) -> crate::telemetry::Span {
        let mut s = with_service(span(id, parent, 0, dur), service);
        s.name = name.into();
        s
    }

    fn cmp(a: &Trace, b: &Trace) -> Comparison {
        compare(a, &TraceModel::build(a), b, &TraceModel::build(b))
    }

    fn shape(c: &Comparison) -> Vec<String> {
        c.rows
            .iter()
            .map(|r| format!("{}{}:{} {}/{} {}", " ".repeat(r.depth as usize), r.service, r.name, r.a.count, r.b.count, r.change().label()))
            .collect()
    }

    #[test]
    fn merges_by_call_path_and_counts_each_side() {
        // A: api → db ×2, api → cache.  B: api → db ×3, api → queue; a B db call fails.
        let a = trace(vec![
            named(1, None, "api", "GET /", 100),
            named(2, Some(1), "db", "select", 10),
            named(3, Some(1), "db", "select", 30),
            named(4, Some(1), "cache", "get", 5),
        ]);
        let mut failed = named(13, Some(1), "db", "select", 40);
        failed.status = SpanStatus::Error("timeout".into());
        let b = trace(vec![
            named(1, None, "api", "GET /", 120),
            named(11, Some(1), "db", "select", 20),
            named(12, Some(1), "db", "select", 20),
            failed,
            named(14, Some(1), "queue", "publish", 7),
        ]);
        let c = cmp(&a, &b);
        assert_eq!(
            shape(&c),
            vec!["api:GET / 1/1 same", " db:select 2/3 more", " cache:get 1/0 only-a", " queue:publish 0/1 only-b"]
        );
        assert_eq!((c.only_a, c.only_b, c.changed), (1, 1, 1));
        let db = &c.rows[1];
        assert_eq!((db.a.total_ns, db.b.total_ns), (40, 80));
        assert_eq!((db.a.mean_ns(), db.b.mean_ns()), (Some(20), Some(26)));
        assert_eq!((db.a.errors, db.b.errors), (0, 1));
        assert_eq!(c.rows[3].a.mean_ns(), None);
        assert_eq!(c.rows[1].parent, Some(0));
    }

    #[test]
    fn the_same_operation_under_different_parents_stays_apart() {
        let a = trace(vec![
            named(1, None, "api", "root", 10),
            named(2, Some(1), "api", "auth", 5),
            named(3, Some(2), "db", "select", 1),
            named(4, Some(1), "db", "select", 1),
        ]);
        let c = cmp(&a, &a);
        assert_eq!(shape(&c), vec!["api:root 1/1 same", " api:auth 1/1 same", "  db:select 1/1 same", " db:select 1/1 same"]);
        assert_eq!((c.only_a, c.only_b, c.changed), (0, 0, 0));
        assert!(differences(&c).is_empty());
    }

    #[test]
    fn broken_traces_compare_without_panicking() {
        // A has an orphan (parent 99 missing) and a duplicate ID; B is empty.
        let a = trace(vec![named(1, None, "api", "root", 10), named(2, Some(99), "w", "job", 3), named(2, Some(1), "api", "dup", 1)]);
        let b = trace(vec![]);
        let c = cmp(&a, &b);
        assert!(c.rows.iter().all(|r| r.change() == Change::OnlyA), "{:?}", shape(&c));
        let spans: u32 = c.rows.iter().map(|r| r.a.count).sum();
        assert_eq!(spans, 3);
        assert_eq!(c.only_a, c.rows.len());
        assert_eq!(shape(&c), vec!["api:root 1/0 only-a", " api:dup 1/0 only-a", "w:job 1/0 only-a"]);
        // With orphans under a placeholder, the placeholder is a node of its own that counts no span.
        let placed = TraceModel::build_with(&a, crate::view::trace::OrphanMode::UnderPlaceholder);
        let c3 = compare(&a, &placed, &b, &TraceModel::build(&b));
        let missing = c3.rows.iter().find(|r| r.name == MISSING).expect("a placeholder node");
        assert_eq!((missing.a.count, missing.b.count, missing.change()), (0, 0, Change::Same));
        assert_eq!(c3.rows.iter().map(|r| r.a.count).sum::<u32>(), 3);
        // And the other way round: the same rows, only in B.
        let c2 = cmp(&b, &a);
        assert_eq!(c2.only_b, c.rows.len());
        assert!(cmp(&b, &b).rows.is_empty());
    }

    #[test]
    fn differences_keep_their_ancestors() {
        let a = trace(vec![
            named(1, None, "api", "root", 10),
            named(2, Some(1), "api", "same", 5),
            named(3, Some(1), "api", "branch", 5),
            named(4, Some(3), "db", "q", 1),
        ]);
        let b = trace(vec![
            named(1, None, "api", "root", 10),
            named(2, Some(1), "api", "same", 5),
            named(3, Some(1), "api", "branch", 5),
            named(4, Some(3), "db", "q", 1),
            named(5, Some(3), "db", "q", 1),
        ]);
        let c = cmp(&a, &b);
        let keep: Vec<String> = differences(&c).iter().map(|&i| c.rows[i as usize].name.clone()).collect();
        assert_eq!(keep, vec!["root", "branch", "q"]);
    }

    #[test]
    fn recorded_trace_against_itself_and_a_pruned_copy() {
        let t = crate::view::trace::testutil::load_otlp(include_str!("../../../tests/fixtures/tempo/trace_by_id.json"));
        let c = cmp(&t, &t);
        assert_eq!(c.rows.iter().map(|r| r.a.count).sum::<u32>(), t.spans.len() as u32);
        assert!(c.rows.iter().all(|r| r.a == r.b));
        // Drop the embedding call's subtree from B: those rows become only-in-A.
        let model = TraceModel::build(&t);
        let call = model.rows.iter().position(|r| r.span.map(|i| t.spans[i].name == "POST /v1/embeddings").unwrap_or(false)).unwrap();
        let end = model.rows[call].subtree_end as usize;
        let dropped: Vec<usize> = (call..end).filter_map(|r| model.rows[r].span).collect();
        let mut pruned = t.clone();
        pruned.spans = t.spans.iter().enumerate().filter(|(i, _)| !dropped.contains(i)).map(|(_, s)| s.clone()).collect();
        let c = cmp(&t, &pruned);
        assert_eq!(c.only_a, dropped.len(), "{:?}", shape(&c));
        assert_eq!(c.only_b, 0);
    }

    const MS: i64 = 1_000_000;

    #[test]
    fn a_slower_failing_span_is_a_difference_and_comes_first() {
        // A: ui → search (36 ms) → embed, ui → cache.  B: the same calls, search took 5.05 s and failed; one
        // more cache call elsewhere (a count change, smaller).
        let a = trace(vec![
            named(1, None, "ui", "GET /", 40 * MS),
            named(2, Some(1), "api", "cache", 2 * MS),
            named(3, Some(1), "api", "search", 36 * MS),
            named(4, Some(3), "emb", "embed", 10 * MS),
        ]);
        let mut slow = named(13, Some(11), "api", "search", 5_050 * MS);
        slow.status = SpanStatus::Error("deadline exceeded".into());
        let b = trace(vec![
            named(11, None, "ui", "GET /", 5_060 * MS),
            named(12, Some(11), "api", "cache", 2 * MS),
            named(15, Some(11), "api", "cache", 2 * MS),
            slow,
            named(14, Some(13), "emb", "embed", 12 * MS),
        ]);
        let c = cmp(&a, &b);
        assert_eq!(
            shape(&c),
            vec!["ui:GET / 1/1 slower", " api:cache 1/2 more", " api:search 1/1 more-errors", "  emb:embed 1/1 same"]
        );
        assert_eq!((c.only_a, c.only_b, c.changed, c.errors_changed, c.retimed), (0, 0, 1, 1, 1));
        // Differences only: the failing path stays and comes before the smaller change; its unchanged child goes.
        let keep: Vec<&str> = differences(&c).iter().map(|&i| c.rows[i as usize].name.as_str()).collect();
        assert_eq!(keep, vec!["GET /", "search", "cache"]);
        // Without the error, the slowdown alone is a difference, still first.
        let mut b2 = b.clone();
        b2.spans[3].status = SpanStatus::Unset;
        let c2 = cmp(&a, &b2);
        assert_eq!(c2.rows[2].change(), Change::Slower);
        let keep: Vec<&str> = differences(&c2).iter().map(|&i| c2.rows[i as usize].name.as_str()).collect();
        assert_eq!(keep, vec!["GET /", "search", "cache"]);
        // And the other way round: fixed and faster.
        let back = cmp(&b, &a);
        assert_eq!(back.rows[2].change(), Change::FewerErrors);
        assert_eq!(back.rows[0].change(), Change::Faster);
    }

    #[test]
    fn jitter_is_not_a_difference() {
        for (x, y) in [(36 * MS, 50 * MS), (36 * MS, 71 * MS), (MS / 5, MS * 7 / 10), (0, MS / 2), (10 * MS, 10 * MS)] {
            let a = trace(vec![named(1, None, "ui", "GET /", x)]);
            let b = trace(vec![named(1, None, "ui", "GET /", y)]);
            assert_eq!(cmp(&a, &b).rows[0].change(), Change::Same, "{x} → {y}");
            assert!(differences(&cmp(&a, &b)).is_empty());
        }
        for (x, y) in [(36 * MS, 72 * MS), (0, 2 * MS), (4 * MS, 2 * MS)] {
            let a = trace(vec![named(1, None, "ui", "GET /", x)]);
            let b = trace(vec![named(1, None, "ui", "GET /", y)]);
            assert_ne!(cmp(&a, &b).rows[0].change(), Change::Same, "{x} → {y}");
        }
        // Extreme values do not overflow.
        let a = trace(vec![named(1, None, "ui", "GET /", i64::MAX / 2)]);
        let b = trace(vec![named(1, None, "ui", "GET /", 0)]);
        assert_eq!(cmp(&a, &b).rows[0].change(), Change::Faster);
    }
}
