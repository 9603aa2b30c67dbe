//! The service map: services as nodes and calls as edges, merged from a trace backend's dependencies
//! (Jaeger's call counts) and Prometheus' service-graph metrics (as Tempo's metrics generator and the
//! OpenTelemetry Collector's servicegraph connector write them: request rate, error share and p90 latency
//! per edge and per serving node); focus on a service with a depth in hops; search; a layered layout
//! (`view::graph::layout`); and the links a node or an edge opens.

use std::collections::{BTreeMap, VecDeque};

use crate::datasource::TraceBackend;
use crate::lang::quote::quote_string;
use crate::telemetry::{SeriesResult, ServiceCall};
use crate::time::duration::format_duration_human;
use crate::time::TimeRange;
use crate::url_state::{LogsState, MetricQuery, MetricsState, Route, SearchState};
use crate::view::graph::layout::{layout, Layout, Spacing};

/// The PromQL of the map, evaluated as instant queries at the end of the range over `[window]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapQueries {
    pub edge_rate: String,
    pub edge_failed: String,
    pub edge_p90: String,
    pub node_rate: String,
    pub node_failed: String,
    pub node_p90: String,
}

/// Whether the trace backend can list calls between services: Jaeger can (`/api/dependencies`); for
/// anything else, the sentence the map shows instead.
pub fn trace_dependencies(backend: Option<TraceBackend>) -> Result<(), &'static str> {
    match backend {
        Some(TraceBackend::Jaeger) => Ok(()),
        Some(_) => Err("Tempo has no dependencies API: the map is drawn from its service-graph metrics in Prometheus."),
        None => Err("No trace backend answered: the map is drawn from the service-graph metrics in Prometheus alone."),
    }
}

/// The rate window for a range of `range_ms`: the whole range in seconds, at least one minute.
pub fn window(range_ms: i64) -> String {
    format!("{}s", (range_ms / 1000).max(60))
}

pub fn queries(range_ms: i64) -> MapQueries {
    let w = window(range_ms);
    let rate = |m: &str, by: &str| format!("sum by ({by}) (rate({m}[{w}]))");
    let p90 = |by: &str| format!("histogram_quantile(0.9, sum by ({by}, le) (rate(traces_service_graph_request_server_seconds_bucket[{w}])))");
    MapQueries {
        edge_rate: rate("traces_service_graph_request_total", "client, server"),
        edge_failed: rate("traces_service_graph_request_failed_total", "client, server"),
        edge_p90: p90("client, server"),
        node_rate: rate("traces_service_graph_request_total", "server"),
        node_failed: rate("traces_service_graph_request_failed_total", "server"),
        node_p90: p90("server"),
    }
}

/// The error share from which a node or an edge is drawn as failing.
pub const FAILING_PCT: f64 = 5.0;

/// Rate, failed rate (per second) and p90 latency (seconds); `None` when unknown or not a finite number.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    pub rate: Option<f64>,
    pub failed: Option<f64>,
    pub p90_s: Option<f64>,
}

impl Stats {
    /// Failed share of the requests in percent (0..=100), when both are known and there are requests.
    pub fn error_pct(&self) -> Option<f64> {
        match (self.rate, self.failed) {
            (Some(r), Some(f)) if r > 0.0 => Some((f / r * 100.0).clamp(0.0, 100.0)),
            (Some(r), None) if r > 0.0 => Some(0.0),
            _ => None,
        }
    }

    /// At least `FAILING_PCT` percent of the requests failed.
    pub fn is_failing(&self) -> bool {
        self.error_pct().is_some_and(|e| e >= FAILING_PCT)
    }

    /// The success/failed ring of a node (the arc of Grafana's node graph), when its requests are known.
    pub fn ring(&self) -> Option<Ring> {
        self.error_pct().map(|failed_pct| Ring { failed_pct })
    }

    /// "1.23 req/s · 4.5% errors · p90 12ms"; the parts that are unknown are left out.
    pub fn text(&self) -> String {
        self.parts().join(" · ")
    }

    /// The known numbers, one text each: rate, error share, p90.
    pub fn parts(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(r) = self.rate {
            parts.push(format!("{} req/s", num(r)));
        }
        if let Some(e) = self.error_pct() {
            parts.push(format!("{}% errors", num(e)));
        }
        if let Some(p) = self.p90_s {
            parts.push(format!("p90 {}", format_duration_human((p * 1e9).round() as i64)));
        }
        parts
    }

    /// Rate and p90 only, for an edge's label.
    pub fn short_text(&self) -> String {
        Stats { failed: None, ..*self }.parts().into_iter().filter(|p| !p.ends_with("errors")).collect::<Vec<_>>().join(" · ")
    }
}

/// A number with three significant digits at most ("0.0123", "1.23", "123", "12345").
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let a = v.abs();
    let s = if a == 0.0 || a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        let digits = (-a.log10().floor()) as usize + 2;
        format!("{v:.digits$}")
    };
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

/// One value per label combination of an instant vector: `labels` → value (finite only).
fn values(r: &SeriesResult, labels: &[&str]) -> Vec<(Vec<String>, f64)> {
    r.series
        .iter()
        .filter_map(|s| {
            let v = s.points.last()?.v;
            let key: Option<Vec<String>> = labels.iter().map(|l| s.labels.get(l).filter(|v| !v.is_empty()).map(str::to_string)).collect();
            v.is_finite().then_some((key?, v))
        })
        .collect()
}

/// What Prometheus answered to the six queries (each may have failed: `None`).
#[derive(Clone, Debug, Default)]
pub struct PromAnswers {
    pub edge_rate: Option<SeriesResult>,
    pub edge_failed: Option<SeriesResult>,
    pub edge_p90: Option<SeriesResult>,
    pub node_rate: Option<SeriesResult>,
    pub node_failed: Option<SeriesResult>,
    pub node_p90: Option<SeriesResult>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapNode {
    pub name: String,
    /// As the server of the edges that reach it (Prometheus).
    pub stats: Stats,
    /// Named by the trace backend's dependencies / by the metrics.
    pub in_traces: bool,
    pub in_metrics: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapEdge {
    pub from: usize,
    pub to: usize,
    /// Calls the trace backend counted.
    pub calls: Option<u64>,
    pub stats: Stats,
}

impl MapEdge {
    /// "1.23 req/s · p90 12ms · 456 calls".
    pub fn text(&self) -> String {
        let mut t = self.stats.text();
        if let Some(c) = self.calls {
            if !t.is_empty() {
                t.push_str(" · ");
            }
            t.push_str(&format!("{c} calls"));
        }
        t
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceMap {
    /// Sorted by name.
    pub nodes: Vec<MapNode>,
    /// Sorted by (from, to); no self-edges.
    pub edges: Vec<MapEdge>,
    /// Calls of a service to itself, left out of the drawing (counted here).
    pub self_calls: usize,
}

/// Merges the two sources. Either may be empty; edges to services neither source lists as a node
/// become nodes; self-calls are counted, not drawn.
pub fn build(calls: &[ServiceCall], prom: &PromAnswers) -> ServiceMap {
    #[derive(Default)]
    struct E {
        calls: Option<u64>,
        stats: Stats,
    }
    let mut nodes: BTreeMap<String, MapNode> = BTreeMap::new();
    let mut node = |name: &str, traces: bool| {
        let n = nodes.entry(name.to_string()).or_insert_with(|| MapNode { name: name.to_string(), stats: Stats::default(), in_traces: false, in_metrics: false });
        if traces {
            n.in_traces = true;
        } else {
            n.in_metrics = true;
        }
    };
    let mut edges: BTreeMap<(String, String), E> = BTreeMap::new();
    let mut self_calls = 0;
    for c in calls {
        node(&c.caller, true);
        node(&c.callee, true);
        if c.caller == c.callee {
            self_calls += 1;
            continue;
        }
        let e = edges.entry((c.caller.clone(), c.callee.clone())).or_default();
        e.calls = Some(e.calls.unwrap_or(0).saturating_add(c.calls));
    }
    let pair = ["client", "server"];
    let mut prom_edge = |r: &Option<SeriesResult>, set: fn(&mut Stats, f64)| {
        for (k, v) in r.as_ref().map(|r| values(r, &pair)).unwrap_or_default() {
            let (a, b) = (k[0].clone(), k[1].clone());
            node(&a, false);
            node(&b, false);
            if a == b {
                continue;
            }
            set(&mut edges.entry((a, b)).or_default().stats, v);
        }
    };
    prom_edge(&prom.edge_rate, |s, v| s.rate = Some(v));
    prom_edge(&prom.edge_failed, |s, v| s.failed = Some(v));
    prom_edge(&prom.edge_p90, |s, v| s.p90_s = Some(v));
    // Self-calls counted once per pair, whichever source named them.
    let mut prom_node = |r: &Option<SeriesResult>, set: fn(&mut Stats, f64)| {
        for (k, v) in r.as_ref().map(|r| values(r, &["server"])).unwrap_or_default() {
            let n = nodes.entry(k[0].clone()).or_insert_with(|| MapNode { name: k[0].clone(), stats: Stats::default(), in_traces: false, in_metrics: true });
            n.in_metrics = true;
            set(&mut n.stats, v);
        }
    };
    prom_node(&prom.node_rate, |s, v| s.rate = Some(v));
    prom_node(&prom.node_failed, |s, v| s.failed = Some(v));
    prom_node(&prom.node_p90, |s, v| s.p90_s = Some(v));

    let nodes: Vec<MapNode> = nodes.into_values().collect();
    let index = |name: &str| nodes.binary_search_by(|n| n.name.as_str().cmp(name)).ok();
    let edges = edges
        .into_iter()
        .filter_map(|((a, b), e)| Some(MapEdge { from: index(&a)?, to: index(&b)?, calls: e.calls, stats: e.stats }))
        .collect();
    ServiceMap { nodes, edges, self_calls }
}

/// What is drawn: the nodes shown (indices into the map), the edges among them, and where they go.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapView {
    pub nodes: Vec<usize>,
    /// Indices into `map.edges`, in the order of `layout.edges`.
    pub edges: Vec<usize>,
    pub layout: Layout,
    /// Set when the focus names no service of the map.
    pub note: Option<String>,
}

impl ServiceMap {
    /// The services within `depth` hops (either direction) of `focus`; every service when `focus` is empty
    /// or not in the map (then with a note).
    pub fn neighbourhood(&self, focus: &str, depth: u32) -> (Vec<bool>, Option<String>) {
        let n = self.nodes.len();
        let focus = focus.trim();
        if focus.is_empty() {
            return (vec![true; n], None);
        }
        let Some(start) = self.nodes.iter().position(|x| x.name == focus) else {
            return (vec![true; n], Some(format!("No service \"{focus}\" in the map: showing every service.")));
        };
        let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in &self.edges {
            adj[e.from].push(e.to);
            adj[e.to].push(e.from);
        }
        let mut hops = vec![u32::MAX; n];
        hops[start] = 0;
        let mut q = VecDeque::from([start]);
        while let Some(v) = q.pop_front() {
            if hops[v] >= depth {
                continue;
            }
            for &w in &adj[v] {
                if hops[w] == u32::MAX {
                    hops[w] = hops[v] + 1;
                    q.push_back(w);
                }
            }
        }
        (hops.iter().map(|&h| h != u32::MAX).collect(), None)
    }

    /// Lays out the focused part of the map.
    pub fn view(&self, focus: &str, depth: u32, spacing: &Spacing) -> MapView {
        let (keep, note) = self.neighbourhood(focus, depth);
        let nodes: Vec<usize> = (0..self.nodes.len()).filter(|&i| keep[i]).collect();
        let mut local = vec![usize::MAX; self.nodes.len()];
        for (k, &i) in nodes.iter().enumerate() {
            local[i] = k;
        }
        let edges: Vec<usize> = (0..self.edges.len()).filter(|&e| keep[self.edges[e].from] && keep[self.edges[e].to]).collect();
        let pairs: Vec<(usize, usize)> = edges.iter().map(|&e| (local[self.edges[e].from], local[self.edges[e].to])).collect();
        let layout = layout(nodes.len(), &pairs, spacing);
        let edges = layout.edges.iter().map(|p| edges[p.edge]).collect();
        MapView { nodes, edges, layout, note }
    }

    /// Whether a service matches the search text (case-insensitive substring; an empty search matches none).
    pub fn matches(&self, node: usize, search: &str) -> bool {
        let s = search.trim().to_lowercase();
        !s.is_empty() && self.nodes.get(node).is_some_and(|n| n.name.to_lowercase().contains(&s))
    }
}

/// Where an edge's label goes: the middle of its path.
pub fn label_point(points: &[(f64, f64)]) -> (f64, f64) {
    match points.len() {
        0 => (0.0, 0.0),
        n if n % 2 == 1 => points[n / 2],
        n => {
            let (a, b) = (points[n / 2 - 1], points[n / 2]);
            ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
        }
    }
}

fn href(r: &Route) -> String {
    format!("#{}", crate::url_state::encode(r))
}

/// A service's RED metrics from the span metrics (rate, errors, p90 of its server spans) in the metrics view.
pub fn red_metrics_link(service: &str, range: &TimeRange) -> String {
    let sel = format!("service_name={}, span_kind=\"SPAN_KIND_SERVER\"", quote_string(service));
    let q = |id: &str, expr: String, legend: &str| MetricQuery { ref_id: id.into(), expr, legend: legend.into(), instant: false, hidden: false };
    let queries = vec![
        q("A", format!("sum(rate(traces_span_metrics_calls_total{{{sel}}}[5m]))"), "requests/s"),
        q("B", format!("sum(rate(traces_span_metrics_calls_total{{{sel}, status_code=\"STATUS_CODE_ERROR\"}}[5m]))"), "errors/s"),
        q("C", format!("histogram_quantile(0.9, sum by (le) (rate(traces_span_metrics_duration_milliseconds_bucket{{{sel}}}[5m])))"), "p90 ms"),
    ];
    href(&Route::Metrics(MetricsState { range: range.clone(), queries, ..MetricsState::default() }))
}

/// A trace search for one service's spans.
pub fn traces_link(service: &str, range: &TimeRange) -> String {
    href(&Route::Search(SearchState { range: range.clone(), query: crate::view::home::service_query(service), ..SearchState::default() }))
}

/// The logs of one service (`{service_name="…"}` reads the same in LogQL and LogsQL).
pub fn logs_link(service: &str, range: &TimeRange) -> String {
    href(&Route::Logs(LogsState { range: range.clone(), query: format!("{{service_name={}}}", quote_string(service)), ..LogsState::default() }))
}

/// Traces that cross an edge. Tempo's TraceQL says it exactly (a span of the client with a child span of
/// the server); Jaeger's search cannot relate two spans, so it finds the traces with the server's spans,
/// a superset, and the second value says so.
pub fn edge_traces_link(client: &str, server: &str, backend: Option<TraceBackend>, range: &TimeRange) -> (String, Option<&'static str>) {
    let (query, note) = match backend {
        Some(TraceBackend::Tempo) => (
            format!("{{resource.service.name={}}} > {{resource.service.name={}}}", quote_string(client), quote_string(server)),
            None,
        ),
        _ => (crate::view::home::service_query(server), Some("Jaeger cannot search for a call between two services: these are the traces with spans of the server.")),
    };
    (href(&Route::Search(SearchState { range: range.clone(), query, ..SearchState::default() })), note)
}

/// A node's success/failed ring, drawn as two arcs of an SVG circle whose circumference is 100 (r = 15.915):
/// the successful share from the top clockwise, then the failed share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ring {
    /// Failed share of the requests, 0..=100.
    pub failed_pct: f64,
}

impl Ring {
    /// `stroke-dasharray` of the successful arc: its length, then the gap.
    pub fn ok_dash(&self) -> String {
        format!("{:.2} {:.2}", 100.0 - self.failed_pct, self.failed_pct)
    }
    /// `stroke-dasharray` of the failed arc.
    pub fn failed_dash(&self) -> String {
        format!("{:.2} {:.2}", self.failed_pct, 100.0 - self.failed_pct)
    }
    /// `stroke-dashoffset` that starts the failed arc where the successful one ends.
    pub fn failed_offset(&self) -> String {
        format!("{:.2}", -(100.0 - self.failed_pct))
    }
    /// What the ring says, for a screen reader.
    pub fn label(&self) -> String {
        format!("{}% of requests failed", num(self.failed_pct))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{Labels, Point, Series, ValueKind};

    fn vector(rows: &[(&[(&str, &str)], f64)]) -> SeriesResult {
        SeriesResult {
            kind: ValueKind::Vector,
            series: rows
                .iter()
                .map(|(l, v)| Series::new(Labels(l.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()), vec![Point { t_ms: 0, v: *v }]))
                .collect(),
            text: None,
            warnings: vec![],
            infos: vec![],
        }
    }

    fn call(a: &str, b: &str, n: u64) -> ServiceCall {
        ServiceCall { caller: a.into(), callee: b.into(), calls: n }
    }

    fn names(m: &ServiceMap) -> Vec<&str> {
        m.nodes.iter().map(|n| n.name.as_str()).collect()
    }

    #[test]
    fn queries_use_the_range_as_window() {
        let q = queries(15 * 60 * 1000);
        assert_eq!(q.edge_rate, "sum by (client, server) (rate(traces_service_graph_request_total[900s]))");
        assert_eq!(q.node_failed, "sum by (server) (rate(traces_service_graph_request_failed_total[900s]))");
        assert_eq!(q.edge_p90, "histogram_quantile(0.9, sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket[900s])))");
        assert_eq!(window(5_000), "60s");
    }

    #[test]
    fn both_sources_merge_into_one_map() {
        let prom = PromAnswers {
            edge_rate: Some(vector(&[(&[("client", "web"), ("server", "api")], 2.0), (&[("client", "api"), ("server", "db")], 4.0)])),
            edge_failed: Some(vector(&[(&[("client", "web"), ("server", "api")], 0.5)])),
            edge_p90: Some(vector(&[(&[("client", "web"), ("server", "api")], 0.012)])),
            node_rate: Some(vector(&[(&[("server", "api")], 2.0)])),
            node_failed: Some(vector(&[(&[("server", "api")], 0.5)])),
            node_p90: Some(vector(&[(&[("server", "api")], f64::NAN)])),
        };
        let m = build(&[call("web", "api", 10), call("api", "cache", 3), call("web", "web", 9)], &prom);
        assert_eq!(names(&m), vec!["api", "cache", "db", "web"]);
        assert_eq!(m.self_calls, 1);
        let e = |a: &str, b: &str| m.edges.iter().find(|e| m.nodes[e.from].name == a && m.nodes[e.to].name == b).unwrap();
        let wa = e("web", "api");
        assert_eq!((wa.calls, wa.stats.rate, wa.stats.failed, wa.stats.p90_s), (Some(10), Some(2.0), Some(0.5), Some(0.012)));
        assert_eq!(wa.text(), "2 req/s · 25% errors · p90 12ms · 10 calls");
        assert_eq!(wa.stats.short_text(), "2 req/s · p90 12ms");
        assert!(wa.stats.is_failing() && !Stats { rate: Some(100.0), failed: Some(4.9), p90_s: None }.is_failing());
        assert_eq!(e("api", "cache").text(), "3 calls");
        assert_eq!(e("api", "db").text(), "4 req/s · 0% errors");
        assert_eq!(m.edges.len(), 3);
        let api = &m.nodes[0];
        assert_eq!((api.in_traces, api.in_metrics), (true, true));
        assert_eq!(api.stats, Stats { rate: Some(2.0), failed: Some(0.5), p90_s: None }, "NaN p90 is unknown");
        assert!(!m.nodes[2].in_traces && m.nodes[2].in_metrics);
    }

    #[test]
    fn bad_and_empty_answers() {
        assert_eq!(build(&[], &PromAnswers::default()), ServiceMap::default());
        // Series without the labels, infinite values, empty names: ignored.
        let prom = PromAnswers {
            edge_rate: Some(vector(&[(&[("client", "a")], 1.0), (&[("client", ""), ("server", "b")], 1.0), (&[("client", "a"), ("server", "b")], f64::INFINITY)])),
            ..PromAnswers::default()
        };
        let m = build(&[], &prom);
        assert!(m.nodes.is_empty() && m.edges.is_empty());
        let v = m.view("", 2, &Spacing::default());
        assert!(v.nodes.is_empty() && v.layout.edges.is_empty());
        assert_eq!(Stats { rate: Some(0.0), failed: Some(1.0), p90_s: None }.error_pct(), None);
        assert_eq!(Stats { rate: Some(1.0), failed: Some(5.0), p90_s: None }.error_pct(), Some(100.0));
        // The ring: a quarter failed is 75 units of success, then 25 of failure starting where success ends.
        let r = Stats { rate: Some(4.0), failed: Some(1.0), p90_s: None }.ring().unwrap();
        assert_eq!((r.ok_dash(), r.failed_dash(), r.failed_offset()), ("75.00 25.00".into(), "25.00 75.00".into(), "-75.00".into()));
        assert_eq!(r.label(), "25% of requests failed");
        // No failures known but requests: all success; no requests: no ring.
        assert_eq!(Stats { rate: Some(2.0), failed: None, p90_s: None }.ring().map(|r| r.failed_dash()), Some("0.00 100.00".into()));
        assert_eq!(Stats { rate: None, failed: Some(1.0), p90_s: None }.ring(), None);
        assert_eq!(Stats::default().text(), "");
    }

    #[test]
    fn cycles_and_a_hub_with_thousands_of_edges_lay_out() {
        let mut calls = vec![call("a", "b", 1), call("b", "c", 1), call("c", "a", 1)];
        for i in 0..3000 {
            calls.push(call("hub", &format!("s{i:04}"), 1));
            calls.push(call(&format!("s{i:04}"), "hub", 1));
        }
        let m = build(&calls, &PromAnswers::default());
        assert_eq!(m.nodes.len(), 3004);
        let v = m.view("", 2, &Spacing::default());
        assert_eq!(v.layout.edges.len(), 6003);
        assert_eq!(v.edges.len(), 6003);
        assert!(v.layout.edges.iter().any(|e| e.reversed));
        assert!(v.layout.y.iter().all(|y| y.is_finite()));
    }

    #[test]
    fn focus_keeps_the_services_within_depth_hops() {
        let m = build(&[call("a", "b", 1), call("b", "c", 1), call("c", "d", 1), call("x", "c", 1)], &PromAnswers::default());
        let shown = |focus: &str, d: u32| {
            let v = m.view(focus, d, &Spacing::default());
            (v.nodes.iter().map(|&i| m.nodes[i].name.as_str()).collect::<Vec<_>>(), v.note)
        };
        assert_eq!(shown("b", 1), (vec!["a", "b", "c"], None));
        assert_eq!(shown("b", 2), (vec!["a", "b", "c", "d", "x"], None));
        assert_eq!(shown("b", 0), (vec!["b"], None));
        let (all, note) = shown("nope", 1);
        assert_eq!(all.len(), 5);
        assert_eq!(note.unwrap(), "No service \"nope\" in the map: showing every service.");
        // The view's edges are the map's edges among the shown nodes, in layout order.
        let v = m.view("b", 1, &Spacing::default());
        assert_eq!(v.edges.len(), 2);
        for (k, &e) in v.edges.iter().enumerate() {
            let p = &v.layout.edges[k];
            assert_eq!((v.nodes[p.from], v.nodes[p.to]), (m.edges[e].from, m.edges[e].to));
        }
        assert!(m.matches(0, "A") && !m.matches(0, "") && !m.matches(99, "a"));
    }

    #[test]
    fn numbers_and_labels() {
        assert_eq!(num(1234.6), "1235");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.01234), "0.0123");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(f64::NAN), "—");
        assert_eq!(label_point(&[(0.0, 0.0), (10.0, 20.0)]), (5.0, 10.0));
        assert_eq!(label_point(&[(0.0, 0.0), (10.0, 20.0), (30.0, 0.0)]), (10.0, 20.0));
        assert_eq!(label_point(&[]), (0.0, 0.0));
    }

    #[test]
    fn which_trace_backends_list_dependencies() {
        assert_eq!(trace_dependencies(Some(TraceBackend::Jaeger)), Ok(()));
        assert!(trace_dependencies(Some(TraceBackend::Tempo)).is_err());
        assert!(trace_dependencies(None).is_err());
    }

    #[test]
    fn links() {
        let r = TimeRange::default();
        let red = red_metrics_link("search \"x\"", &r);
        let d = crate::url_state::decode(&red);
        let Route::Metrics(m) = d.route else { panic!("{red}") };
        assert_eq!(m.queries.len(), 3);
        assert!(m.queries[0].expr.contains(r#"service_name="search \"x\"""#), "{}", m.queries[0].expr);
        let Route::Logs(l) = crate::url_state::decode(&logs_link("api", &r)).route else { panic!() };
        assert_eq!(l.query, r#"{service_name="api"}"#);
        let Route::Search(s) = crate::url_state::decode(&traces_link("api", &r)).route else { panic!() };
        assert_eq!(s.query, r#"{resource.service.name="api"}"#);
        let (tempo, none) = edge_traces_link("web", "api", Some(TraceBackend::Tempo), &r);
        let Route::Search(s) = crate::url_state::decode(&tempo).route else { panic!() };
        assert_eq!((s.query.as_str(), none), (r#"{resource.service.name="web"} > {resource.service.name="api"}"#, None));
        let (jaeger, note) = edge_traces_link("web", "api", Some(TraceBackend::Jaeger), &r);
        let Route::Search(s) = crate::url_state::decode(&jaeger).route else { panic!() };
        assert_eq!(s.query, r#"{resource.service.name="api"}"#);
        assert!(note.is_some());
    }
}
