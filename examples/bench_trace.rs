//! Timing of the trace view model (and of comparing two traces, and of the trace graph) on synthetic 50,000-span traces (a bushy random
//! tree and a deep chain):
//! `cargo run --release --example bench_trace`.

use std::time::Instant;

use trifocal::telemetry::{Attribute, AttrValue, Span, SpanId, SpanKind, SpanStatus, Trace};
use trifocal::view::trace::collapse::{visible_rows, Collapsed};
use trifocal::view::trace::compare::compare;
use trifocal::view::trace::find::{find, FindQuery};
use trifocal::view::graph::layout::Spacing;
use trifocal::view::trace::graph;
use trifocal::view::trace::{critical_path, stats, TraceModel};

const N: usize = 50_000;

/// Deterministic pseudo-random numbers (64-bit LCG).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn span(id: u64, parent: Option<u64>, start: i64, end: i64, service: &str) -> Span {
    Span {
        span_id: SpanId(id),
        parent_id: parent.map(SpanId),
        name: format!("op-{}", id % 97),
        service: service.into(),
        kind: SpanKind::Internal,
        status: if id.is_multiple_of(101) { SpanStatus::Error("boom".into()) } else { SpanStatus::Unset },
        start_ns: start,
        end_ns: end,
        attributes: vec![Attribute { key: "http.route".into(), value: AttrValue::Str(format!("/r/{}", id % 13)) }],
        resource: Default::default(),
        scope: None,
        events: Vec::new(),
        links: Vec::new(),
    }
}

/// Each span's parent is a random earlier span; children fit inside their parent. Spans are shuffled.
fn bushy() -> Trace {
    let mut rng = Lcg(42);
    let services = ["web", "api", "db", "cache", "search", "auth", "queue", "llm"];
    let mut bounds: Vec<(i64, i64)> = vec![(0, 10_000_000_000)];
    let mut spans = vec![span(1, None, 0, 10_000_000_000, "web")];
    for i in 1..N {
        let p = (rng.next() as usize) % i;
        let (ps, pe) = bounds[p];
        let len = (pe - ps).max(1);
        let a = ps + (rng.next() as i64) % len;
        let b = a + (rng.next() as i64) % (pe - a).max(1);
        bounds.push((a, b));
        spans.push(span(i as u64 + 1, Some(p as u64 + 1), a, b, services[i % services.len()]));
    }
    for i in (1..spans.len()).rev() {
        let j = (rng.next() as usize) % (i + 1);
        spans.swap(i, j);
    }
    Trace { trace_id: None, spans, partial: false, warnings: Vec::new() }
}

fn chain() -> Trace {
    let n = N as i64;
    let spans = (1..=N as u64).map(|i| span(i, (i > 1).then(|| i - 1), i as i64, 2 * n - i as i64, "svc")).collect();
    Trace { trace_id: None, spans, partial: false, warnings: Vec::new() }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn run(label: &str, trace: &Trace) {
    let t = Instant::now();
    let model = TraceModel::build(trace);
    let build = ms(t);
    let t = Instant::now();
    let critical = critical_path(&model, trace);
    let crit = ms(t);
    let t = Instant::now();
    let expanded = visible_rows(&model, &Collapsed::default());
    let vis_all = ms(t);
    let mut collapsed = Collapsed::default();
    collapsed.collapse_all(&model);
    let t = Instant::now();
    let folded = visible_rows(&model, &collapsed);
    let vis_folded = ms(t);
    let t = Instant::now();
    let hits = find(&model, trace, &FindQuery::parse("service=db /r/7"));
    let find_ms = ms(t);
    // Compared with itself minus every tenth span (their subtrees become orphans, shown as roots).
    let mut other = trace.clone();
    other.spans = trace.spans.iter().enumerate().filter(|(i, _)| i % 10 != 3).map(|(_, s)| s.clone()).collect();
    let other_model = TraceModel::build(&other);
    let t = Instant::now();
    let c = compare(trace, &model, &other, &other_model);
    let compare_ms = ms(t);
    let t = Instant::now();
    let g = graph::build(&model, trace, &Spacing::default());
    let graph_ms = ms(t);
    let s = stats(trace, &model);
    println!(
        "  trace graph (merge by call path + layered layout) {graph_ms:.2} ms ({} nodes, {} columns)",
        g.nodes.len(),
        g.layout.layer.iter().max().map_or(0, |l| l + 1)
    );
    println!(
        "{label}: {} spans, depth {}, {} on the critical path\n  build {build:.2} ms · critical_path {crit:.2} ms · \
         visible_rows {vis_all:.3} ms ({} rows) / collapsed {vis_folded:.3} ms ({} rows) · find {find_ms:.2} ms ({} hits)\n  \
         compare with a copy missing every tenth span {compare_ms:.2} ms ({} call paths, {} only in A)",
        s.span_count,
        s.depth,
        critical.iter().filter(|c| **c).count(),
        expanded.len(),
        folded.len(),
        hits.len(),
        c.rows.len(),
        c.only_a
    );
}

fn main() {
    run("bushy random tree", &bushy());
    run("deep chain", &chain());
}
