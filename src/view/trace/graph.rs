//! Trace graph (Jaeger's Trace Graph): one node per distinct call path of service + operation, identical
//! paths merged, with count, errors, total and self time; edges child-of or follows-from; laid out left
//! to right by `view::graph::layout`. Each node has a stable key (a hash of its path) that the find query
//! `path=KEY` selects, so a click on a node selects its spans in the waterfall.

use std::collections::HashMap;

use crate::telemetry::{Span, SpanKind, Trace};
use crate::time::duration::format_duration_human;
use crate::view::graph::layout::{layout, Layout, Spacing};
use crate::view::trace::model::TraceModel;

/// How a node is reached from its parent node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    ChildOf,
    /// The child is a consumer, its parent a producer, or it names its parent with a FOLLOWS_FROM link.
    FollowsFrom,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GraphNode {
    pub service: String,
    pub operation: String,
    pub parent: Option<u32>,
    /// How this node is reached from `parent` (by the majority of its spans).
    pub edge: EdgeKind,
    /// Rows of the trace model merged into this node, in display order.
    pub rows: Vec<u32>,
    pub errors: u32,
    /// Sum of the spans' durations and of their self times.
    pub total_ns: i64,
    pub self_ns: i64,
    /// Hash of the path from the root (FNV-1a, stable across runs), as 16 hex digits.
    pub key: String,
}

impl GraphNode {
    pub fn count(&self) -> usize {
        self.rows.len()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TraceGraph {
    pub nodes: Vec<GraphNode>,
    /// Node of each row of the model (`u32::MAX` for placeholder rows).
    pub node_of_row: Vec<u32>,
    /// The trace's duration (earliest start to latest end), the base of the percentages.
    pub trace_ns: i64,
    pub layout: Layout,
}

pub const NO_NODE: u32 = u32::MAX;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The path hash of a span given its parent's: parent hash, service, a separator, the operation.
fn path_hash(parent: u64, s: &Span) -> u64 {
    let h = fnv(parent, &parent.to_le_bytes());
    let h = fnv(h, s.service.as_bytes());
    let h = fnv(h, &[0xff]);
    fnv(h, s.name.as_bytes())
}

/// Path hash of every row (0 for placeholders); children of a placeholder start a new path.
pub fn row_path_hashes(model: &TraceModel, trace: &Trace) -> Vec<u64> {
    let mut out = vec![0u64; model.rows.len()];
    for (r, row) in model.rows.iter().enumerate() {
        let Some(s) = row.span.and_then(|i| trace.spans.get(i)) else { continue };
        let parent = row.parent_row.and_then(|p| out.get(p as usize).copied()).filter(|&h| h != 0).unwrap_or(FNV_OFFSET);
        out[r] = path_hash(parent, s);
    }
    out
}

pub fn key_text(h: u64) -> String {
    format!("{h:016x}")
}

fn follows_from(child: &Span, parent: Option<&Span>) -> bool {
    child.kind == SpanKind::Consumer
        || parent.is_some_and(|p| p.kind == SpanKind::Producer)
        || parent.is_some_and(|p| child.links.iter().any(|l| l.span_id == p.span_id && l.kind.eq_ignore_ascii_case("FOLLOWS_FROM")))
}

/// Builds the graph of a trace and lays it out with `spacing`. Linear in the spans (plus the layout).
pub fn build(model: &TraceModel, trace: &Trace, spacing: &Spacing) -> TraceGraph {
    let hashes = row_path_hashes(model, trace);
    let mut index: HashMap<u64, u32> = HashMap::new();
    let mut nodes: Vec<GraphNode> = Vec::new();
    let mut follows: Vec<(u32, u32)> = Vec::new();
    let mut node_of_row = vec![NO_NODE; model.rows.len()];
    for (r, row) in model.rows.iter().enumerate() {
        let Some(s) = row.span.and_then(|i| trace.spans.get(i)) else { continue };
        let parent_row = row.parent_row.filter(|&p| node_of_row.get(p as usize).is_some_and(|&n| n != NO_NODE));
        let parent_node = parent_row.map(|p| node_of_row[p as usize]);
        let parent_span = parent_row.and_then(|p| model.rows.get(p as usize)).and_then(|pr| pr.span).and_then(|i| trace.spans.get(i));
        let id = *index.entry(hashes[r]).or_insert_with(|| {
            nodes.push(GraphNode {
                service: s.service.to_string(),
                operation: s.name.clone(),
                parent: parent_node,
                edge: EdgeKind::ChildOf,
                rows: Vec::new(),
                errors: 0,
                total_ns: 0,
                self_ns: 0,
                key: key_text(hashes[r]),
            });
            follows.push((0, 0));
            (nodes.len() - 1) as u32
        });
        node_of_row[r] = id;
        let n = &mut nodes[id as usize];
        n.rows.push(r as u32);
        n.errors += u32::from(s.is_error());
        n.total_ns = n.total_ns.saturating_add(s.duration_ns());
        n.self_ns = n.self_ns.saturating_add(row.self_time_ns.max(0));
        let f = &mut follows[id as usize];
        if follows_from(s, parent_span) {
            f.0 += 1;
        } else {
            f.1 += 1;
        }
    }
    for (n, (ff, co)) in nodes.iter_mut().zip(follows) {
        if n.parent.is_some() && ff > co {
            n.edge = EdgeKind::FollowsFrom;
        }
    }
    let edges: Vec<(usize, usize)> = nodes.iter().enumerate().filter_map(|(i, n)| n.parent.map(|p| (p as usize, i))).collect();
    let layout = layout(nodes.len(), &edges, spacing);
    TraceGraph { nodes, node_of_row, trace_ns: model.duration_ns(), layout }
}

impl TraceGraph {
    /// `part` as a percentage of the trace's duration (0 for an empty trace).
    pub fn percent(&self, part_ns: i64) -> f64 {
        if self.trace_ns <= 0 {
            0.0
        } else {
            part_ns as f64 * 100.0 / self.trace_ns as f64
        }
    }

    /// Largest self time of a node (the top of the self-time colour scale).
    pub fn max_self_ns(&self) -> i64 {
        self.nodes.iter().map(|n| n.self_ns).max().unwrap_or(0)
    }

    /// The node holding a row.
    pub fn node_of(&self, row: u32) -> Option<u32> {
        self.node_of_row.get(row as usize).copied().filter(|&n| n != NO_NODE)
    }

    /// A node's numbers as shown on it: "2 spans · 1 error", "total 60ms (60.0%)", "self 42ms (42.0%)".
    pub fn node_text(&self, node: u32) -> [String; 3] {
        let Some(n) = self.nodes.get(node as usize) else { return Default::default() };
        let plural = |k: usize, one: &str| if k == 1 { format!("1 {one}") } else { format!("{k} {one}s") };
        let counts = if n.errors > 0 { format!("{} · {}", plural(n.count(), "span"), plural(n.errors as usize, "error")) } else { plural(n.count(), "span") };
        let total = format!("total {} ({:.1}%)", format_duration_human(n.total_ns), self.percent(n.total_ns));
        let own = format!("self {} ({:.1}%)", format_duration_human(n.self_ns), self.percent(n.self_ns));
        [counts, total, own]
    }

    /// The find query that selects a node's spans.
    pub fn find_query(&self, node: u32) -> Option<String> {
        self.nodes.get(node as usize).map(|n| format!("path={}", n.key))
    }
}

/// Self-time colour: from pale yellow (none) to deep red (the largest self time), as Jaeger shades it.
pub fn self_time_color(self_ns: i64, max_ns: i64) -> (u8, u8, u8) {
    let f = if max_ns <= 0 { 0.0 } else { (self_ns as f64 / max_ns as f64).clamp(0.0, 1.0) };
    let lerp = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
    (lerp(255.0, 190.0), lerp(236.0, 30.0), lerp(179.0, 45.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{SpanLink, SpanStatus, TraceId, SpanId};
    use crate::view::trace::testutil::{span, trace, with_service};

    fn named(id: u64, parent: Option<u64>, start: i64, end: i64, service: &str, name: &str) -> Span {
        let mut s = with_service(span(id, parent, start, end), service);
        s.name = name.into();
        s
    }

    /// web GET / -> api query (twice, one error) -> db select (under each); web GET / -> api query is one path.
    fn sample() -> Trace {
        let mut e = named(3, Some(1), 40, 80, "api", "query");
        e.status = SpanStatus::Error("x".into());
        trace(vec![
            named(1, None, 0, 100, "web", "GET /"),
            named(2, Some(1), 10, 30, "api", "query"),
            e,
            named(4, Some(2), 12, 20, "db", "select"),
            named(5, Some(3), 50, 60, "db", "select"),
            named(6, Some(1), 85, 95, "db", "select"),
        ])
    }

    #[test]
    fn identical_paths_merge_and_counts_add_up() {
        let t = sample();
        let m = TraceModel::build(&t);
        let g = build(&m, &t, &Spacing::default());
        let desc: Vec<(String, usize, u32, i64, i64)> = g
            .nodes
            .iter()
            .map(|n| (format!("{}:{}", n.service, n.operation), n.count(), n.errors, n.total_ns, n.self_ns))
            .collect();
        assert_eq!(
            desc,
            vec![
                ("web:GET /".into(), 1, 0, 100, 100 - 20 - 40 - 10),
                ("api:query".into(), 2, 1, 60, (20 - 8) + (40 - 10)),
                ("db:select".into(), 2, 0, 18, 18),
                // The same operation straight under the root is another path.
                ("db:select".into(), 1, 0, 10, 10),
            ]
        );
        assert_eq!(g.nodes.iter().map(GraphNode::count).sum::<usize>(), t.spans.len());
        assert_eq!(g.nodes[1].parent, Some(0));
        assert_eq!(g.nodes[2].parent, Some(1));
        assert_eq!(g.nodes[3].parent, Some(0));
        assert_ne!(g.nodes[2].key, g.nodes[3].key);
        assert_eq!(g.layout.edges.len(), 3);
        assert_eq!(g.percent(g.nodes[1].total_ns), 60.0);
        assert_eq!(g.node_text(1), ["2 spans · 1 error".to_string(), "total 60ns (60.0%)".to_string(), "self 42ns (42.0%)".to_string()]);
        assert_eq!(g.node_text(3)[0], "1 span");
        assert_eq!(g.node_text(99), <[String; 3]>::default());
        // Every row maps to the node that lists it.
        for (i, n) in g.nodes.iter().enumerate() {
            for &r in &n.rows {
                assert_eq!(g.node_of(r), Some(i as u32));
            }
        }
    }

    #[test]
    fn keys_are_stable_and_depend_on_the_whole_path() {
        let t = sample();
        let m = TraceModel::build(&t);
        let a = build(&m, &t, &Spacing::default());
        let b = build(&m, &t, &Spacing::default());
        assert_eq!(a.nodes.iter().map(|n| &n.key).collect::<Vec<_>>(), b.nodes.iter().map(|n| &n.key).collect::<Vec<_>>());
        // A fixed value: FNV-1a is the same on every platform and in every release.
        let root = path_hash(FNV_OFFSET, &t.spans[0]);
        assert_eq!(a.nodes[0].key, key_text(root));
        // Service "ab" op "c" differs from service "a" op "bc".
        let x = named(1, None, 0, 1, "ab", "c");
        let y = named(1, None, 0, 1, "a", "bc");
        assert_ne!(path_hash(FNV_OFFSET, &x), path_hash(FNV_OFFSET, &y));
        assert_eq!(a.find_query(2).unwrap(), format!("path={}", a.nodes[2].key));
    }

    #[test]
    fn follows_from_edges() {
        let mut prod = named(2, Some(1), 10, 20, "api", "publish");
        prod.kind = SpanKind::Producer;
        let mut cons = named(3, Some(2), 30, 40, "worker", "handle");
        cons.kind = SpanKind::Consumer;
        let mut linked = named(4, Some(1), 50, 60, "api", "later");
        linked.links.push(SpanLink { trace_id: TraceId(1), span_id: SpanId(1), kind: "FOLLOWS_FROM".into(), attributes: vec![] });
        let t = trace(vec![named(1, None, 0, 100, "web", "GET /"), prod, cons, linked]);
        let m = TraceModel::build(&t);
        let g = build(&m, &t, &Spacing::default());
        let kinds: Vec<(String, EdgeKind)> = g.nodes.iter().map(|n| (n.operation.clone(), n.edge)).collect();
        assert_eq!(
            kinds,
            vec![
                ("GET /".into(), EdgeKind::ChildOf),
                ("publish".into(), EdgeKind::ChildOf),
                ("handle".into(), EdgeKind::FollowsFrom),
                ("later".into(), EdgeKind::FollowsFrom),
            ]
        );
    }

    #[test]
    fn broken_traces() {
        // Empty.
        let t = trace(vec![]);
        let g = build(&TraceModel::build(&t), &t, &Spacing::default());
        assert!(g.nodes.is_empty() && g.percent(5) == 0.0 && g.max_self_ns() == 0);
        // Orphans, a loop and a negative duration: every span still lands in exactly one node.
        let t = trace(vec![
            named(1, Some(99), 0, 10, "a", "x"),
            named(2, Some(3), 0, 10, "a", "y"),
            named(3, Some(2), 0, 10, "a", "z"),
            named(4, Some(1), 20, 5, "b", "neg"),
        ]);
        let m = TraceModel::build(&t);
        let g = build(&m, &t, &Spacing::default());
        assert_eq!(g.nodes.iter().map(GraphNode::count).sum::<usize>(), 4);
        assert!(g.nodes.iter().all(|n| n.total_ns >= 0 && n.self_ns >= 0));
        // Placeholder rows belong to no node; their children are roots of the graph.
        let m = TraceModel::build_with(&t, crate::view::trace::OrphanMode::UnderPlaceholder);
        let g = build(&m, &t, &Spacing::default());
        assert_eq!(g.nodes.iter().map(GraphNode::count).sum::<usize>(), 4);
        assert!(g.node_of_row.contains(&NO_NODE));
    }

    #[test]
    fn self_time_colours_run_from_pale_to_red() {
        assert_eq!(self_time_color(0, 100), (255, 236, 179));
        assert_eq!(self_time_color(100, 100), (190, 30, 45));
        assert_eq!(self_time_color(5, 0), (255, 236, 179));
        assert_eq!(self_time_color(500, 100), (190, 30, 45));
    }

    #[test]
    fn fifty_thousand_spans() {
        // A wide fan (10 operations under a root, repeated) and a 50k-deep chain.
        let mut spans = vec![named(1, None, 0, 1_000_000, "web", "root")];
        for i in 2..=50_000u64 {
            spans.push(named(i, Some(1), 0, 10, "svc", &format!("op{}", i % 10)));
        }
        let t = trace(spans);
        let m = TraceModel::build(&t);
        let g = build(&m, &t, &Spacing::default());
        assert_eq!(g.nodes.len(), 11);
        assert_eq!(g.nodes.iter().map(GraphNode::count).sum::<usize>(), 50_000);

        let spans: Vec<Span> = (1..=50_000u64).map(|i| named(i, (i > 1).then(|| i - 1), 0, 10, "svc", "op")).collect();
        let t = trace(spans);
        let m = TraceModel::build(&t);
        let g = build(&m, &t, &Spacing::default());
        assert_eq!(g.nodes.len(), 50_000);
        assert_eq!(g.layout.layer[49_999], 49_999);
    }
}
