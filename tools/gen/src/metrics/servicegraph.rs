//! Service-graph and span metrics, as Tempo's metrics generator and the OpenTelemetry Collector's
//! servicegraph and spanmetrics connectors derive them from spans:
//! - an edge is a CLIENT (or PRODUCER) span with a SERVER (or CONSUMER) child in another service:
//!   `traces_service_graph_request_total`, `_request_failed_total` (either side an error),
//!   `_request_server_seconds` and `_request_client_seconds` histograms; labels `client`, `server`,
//!   `connection_type` ("messaging_system" for producer → consumer, "database" when the client span names a
//!   `db.system.name`, else empty);
//! - every span: `traces_span_metrics_calls_total` and `traces_span_metrics_duration_milliseconds`; labels
//!   `service_name`, `span_name`, `span_kind` (SPAN_KIND_…), `status_code` (STATUS_CODE_…).

use std::collections::{BTreeMap, HashMap};

use super::{family, histogram_samples, label_set, sample, Histogram, BUCKETS};
use crate::model::{Span, SpanKind, StatusCode, Trace};

/// Span duration buckets in milliseconds (the seconds buckets × 1000).
const MS_BUCKETS: &[f64] = &[5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0];

type EdgeKey = (String, String, String); // client, server, connection_type
type SpanKey = (String, String, &'static str, &'static str); // service, span name, kind, status

#[derive(Debug, Default)]
struct Edge {
    total: u64,
    failed: u64,
    server: Histogram,
    client: Histogram,
}

#[derive(Debug, Default)]
pub(super) struct Graph {
    edges: BTreeMap<EdgeKey, Edge>,
    calls: BTreeMap<SpanKey, u64>,
    durations: BTreeMap<SpanKey, Histogram>,
}

fn kind_name(k: SpanKind) -> &'static str {
    match k {
        SpanKind::Internal => "SPAN_KIND_INTERNAL",
        SpanKind::Server => "SPAN_KIND_SERVER",
        SpanKind::Client => "SPAN_KIND_CLIENT",
        SpanKind::Producer => "SPAN_KIND_PRODUCER",
        SpanKind::Consumer => "SPAN_KIND_CONSUMER",
    }
}

fn status_name(s: StatusCode) -> &'static str {
    match s {
        StatusCode::Unset => "STATUS_CODE_UNSET",
        StatusCode::Ok => "STATUS_CODE_OK",
        StatusCode::Error => "STATUS_CODE_ERROR",
    }
}

fn edge_labels((client, server, connection): &EdgeKey) -> [(&'static str, &str); 3] {
    [("client", client.as_str()), ("server", server.as_str()), ("connection_type", connection.as_str())]
}

fn secs(s: &Span) -> f64 {
    s.duration_ns() as f64 / 1e9
}

impl Graph {
    pub(super) fn record_trace(&mut self, t: &Trace) {
        let by_id: HashMap<[u8; 8], &Span> = t.spans.iter().map(|s| (s.span_id, s)).collect();
        for s in &t.spans {
            let key: SpanKey = (s.service.clone(), s.name.clone(), kind_name(s.kind), status_name(s.status));
            *self.calls.entry(key.clone()).or_default() += 1;
            self.durations.entry(key).or_default().observe(MS_BUCKETS, secs(s) * 1000.0, None);

            let Some(parent) = s.parent_span_id.and_then(|p| by_id.get(&p)) else { continue };
            let pair = matches!((parent.kind, s.kind), (SpanKind::Client, SpanKind::Server) | (SpanKind::Producer, SpanKind::Consumer));
            if !pair || parent.service == s.service {
                continue;
            }
            let connection = if parent.kind == SpanKind::Producer {
                "messaging_system"
            } else if parent.attr_str("db.system.name").is_some() {
                "database"
            } else {
                ""
            };
            let e = self.edges.entry((parent.service.clone(), s.service.clone(), connection.to_string())).or_default();
            e.total += 1;
            if s.status == StatusCode::Error || parent.status == StatusCode::Error {
                e.failed += 1;
            }
            e.server.observe(BUCKETS, secs(s), None);
            e.client.observe(BUCKETS, secs(parent), None);
        }
    }

    pub(super) fn render(&self, o: &mut String) {
        family(o, "traces_service_graph_request", "counter", None, "Requests between two services, from client and server spans.");
        for (k, e) in &self.edges {
            sample(o, "traces_service_graph_request_total", &label_set(&edge_labels(k)), &e.total.to_string(), None);
        }
        family(o, "traces_service_graph_request_failed", "counter", None, "Failed requests between two services.");
        for (k, e) in &self.edges {
            sample(o, "traces_service_graph_request_failed_total", &label_set(&edge_labels(k)), &e.failed.to_string(), None);
        }
        for (name, server_side) in [("traces_service_graph_request_server_seconds", true), ("traces_service_graph_request_client_seconds", false)] {
            let side = if server_side { "server" } else { "client" };
            family(o, name, "histogram", Some("seconds"), &format!("Request duration between two services, as the {side} span saw it."));
            for (k, e) in &self.edges {
                histogram_samples(o, name, &edge_labels(k), BUCKETS, if server_side { &e.server } else { &e.client });
            }
        }
        let span_labels = |(svc, name, kind, status): &SpanKey| {
            vec![("service_name", svc.clone()), ("span_name", name.clone()), ("span_kind", kind.to_string()), ("status_code", status.to_string())]
        };
        family(o, "traces_span_metrics_calls", "counter", None, "Spans by service, name, kind and status.");
        for (k, n) in &self.calls {
            let l = span_labels(k);
            let refs: Vec<(&str, &str)> = l.iter().map(|(a, b)| (*a, b.as_str())).collect();
            sample(o, "traces_span_metrics_calls_total", &label_set(&refs), &n.to_string(), None);
        }
        family(o, "traces_span_metrics_duration_milliseconds", "histogram", Some("milliseconds"), "Span durations by service, name, kind and status.");
        for (k, h) in &self.durations {
            let l = span_labels(k);
            let refs: Vec<(&str, &str)> = l.iter().map(|(a, b)| (*a, b.as_str())).collect();
            histogram_samples(o, "traces_span_metrics_duration_milliseconds", &refs, MS_BUCKETS, h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Metrics;
    use crate::sim::Sim;
    use std::collections::{BTreeMap, BTreeSet};

    fn value(text: &str, line_prefix: &str) -> Option<f64> {
        text.lines().find(|l| l.starts_with(line_prefix)).and_then(|l| l.rsplit(' ').next()).and_then(|v| v.parse().ok())
    }

    #[test]
    fn edges_and_span_metrics_match_the_spans_sent() {
        let mut sim = Sim::new(11);
        let mut m = Metrics::new();
        let mut expected: BTreeMap<(String, String), u64> = BTreeMap::new();
        let mut spans = 0u64;
        for _ in 0..200 {
            let t = sim.trace(1_700_000_000_000_000_000 + spans * 1_000_000);
            // Independently of the registry: count client → server pairs across services.
            for s in &t.spans {
                spans += 1;
                let p = t.spans.iter().find(|p| Some(p.span_id) == s.parent_span_id);
                if let Some(p) = p {
                    use crate::model::SpanKind::*;
                    if matches!((p.kind, s.kind), (Client, Server) | (Producer, Consumer)) && p.service != s.service {
                        *expected.entry((p.service.clone(), s.service.clone())).or_default() += 1;
                    }
                }
            }
            m.record_trace(&t);
        }
        let text = m.render();
        assert!(!expected.is_empty());
        for ((c, s), n) in &expected {
            let prefix = format!("traces_service_graph_request_total{{client=\"{c}\",server=\"{s}\",");
            let got: f64 = text.lines().filter(|l| l.starts_with(&prefix)).filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok()).sum();
            assert_eq!(got, *n as f64, "{c} -> {s}");
            let count = format!("traces_service_graph_request_server_seconds_count{{client=\"{c}\",server=\"{s}\",");
            assert!(value(&text, &count).is_some(), "{count}");
        }
        // Span metrics count every span once.
        let calls: f64 = text.lines().filter(|l| l.starts_with("traces_span_metrics_calls_total{")).filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok()).sum();
        assert_eq!(calls, spans as f64);
        let services: BTreeSet<&str> = text.lines().filter_map(|l| l.split("service_name=\"").nth(1)?.split('"').next()).collect();
        assert!(services.len() >= 5, "{services:?}");
        assert!(text.contains("span_kind=\"SPAN_KIND_SERVER\""));
        assert!(text.contains("# TYPE traces_span_metrics_duration_milliseconds histogram"));
    }
}
