//! Trace view model: span tree rows, critical path, stats, collapse, time window geometry and find.
//!
//! Everything here is pure and tolerant of broken traces (missing parents, loops, duplicate IDs,
//! negative durations); the trace page only turns the numbers into pixels.

pub mod collapse;
pub mod compare;
pub mod critical_path;
pub mod detail;
pub mod find;
pub mod graph;
pub mod minimap;
pub mod model;
pub mod nav;
pub mod results;
pub mod stats;
pub mod viewport;

pub use critical_path::critical_path;
pub use model::{OrphanMode, Row, RowFlags, TraceModel};
pub use stats::{stats, TraceStats};

#[cfg(test)]
pub(crate) mod testutil {
    //! Hand-made spans for the tests of this module.
    use crate::telemetry::{Attribute, AttrValue, Span, SpanId, SpanKind, SpanStatus, Trace, TraceId};
    use serde_json::Value;

    pub fn span(id: u64, parent: Option<u64>, start: i64, end: i64) -> Span {
        Span {
            span_id: SpanId(id),
            parent_id: parent.map(SpanId),
            name: format!("op{id}"),
            service: "svc".into(),
            kind: SpanKind::Internal,
            status: SpanStatus::Unset,
            start_ns: start,
            end_ns: end,
            attributes: Vec::new(),
            resource: Default::default(),
            scope: None,
            events: Vec::new(),
            links: Vec::new(),
        }
    }

    pub fn with_service(mut s: Span, service: &str) -> Span {
        s.service = service.into();
        s
    }

    pub fn with_attr(mut s: Span, key: &str, value: AttrValue) -> Span {
        s.attributes.push(Attribute { key: key.into(), value });
        s
    }

    pub fn trace(spans: Vec<Span>) -> Trace {
        Trace { trace_id: None, spans, partial: false, warnings: Vec::new() }
    }

    fn attributes(v: &Value) -> Vec<Attribute> {
        let list = v.get("attributes").and_then(Value::as_array).cloned().unwrap_or_default();
        list.iter()
            .map(|a| {
                let key = a["key"].as_str().unwrap_or_default().to_string();
                let val = &a["value"];
                let value = if let Some(s) = val.get("stringValue").and_then(Value::as_str) {
                    AttrValue::Str(s.into())
                } else if let Some(i) = val.get("intValue").and_then(Value::as_str) {
                    AttrValue::Int(i.parse().unwrap_or(0))
                } else {
                    AttrValue::Other(val.to_string())
                };
                Attribute { key, value }
            })
            .collect()
    }

    /// A minimal reader of Tempo's OTLP JSON (`batches`), enough for these tests; the real converter
    /// lives in `backends`.
    pub fn load_otlp(json: &str) -> Trace {
        let doc: Value = serde_json::from_str(json).unwrap();
        let mut spans = Vec::new();
        let mut trace_id = None;
        for batch in doc["batches"].as_array().unwrap() {
            let resource = attributes(&batch["resource"]);
            let service = resource
                .iter()
                .find(|a| a.key == "service.name")
                .map(|a| a.value.to_string())
                .unwrap_or_else(|| "unknown_service".into());
            for scope in batch["scopeSpans"].as_array().unwrap() {
                for s in scope["spans"].as_array().unwrap() {
                    trace_id = TraceId::parse_wire(s["traceId"].as_str().unwrap());
                    let status = match s["status"].get("code").and_then(Value::as_str) {
                        Some("STATUS_CODE_ERROR") => {
                            SpanStatus::Error(s["status"]["message"].as_str().unwrap_or_default().into())
                        }
                        Some("STATUS_CODE_OK") => SpanStatus::Ok,
                        _ => SpanStatus::Unset,
                    };
                    let kind = match s["kind"].as_str() {
                        Some("SPAN_KIND_SERVER") => SpanKind::Server,
                        Some("SPAN_KIND_CLIENT") => SpanKind::Client,
                        Some("SPAN_KIND_INTERNAL") => SpanKind::Internal,
                        _ => SpanKind::Unspecified,
                    };
                    spans.push(Span {
                        span_id: SpanId::parse_wire(s["spanId"].as_str().unwrap()).unwrap(),
                        parent_id: s.get("parentSpanId").and_then(Value::as_str).and_then(SpanId::parse_wire),
                        name: s["name"].as_str().unwrap().into(),
                        service: service.as_str().into(),
                        kind,
                        status,
                        start_ns: s["startTimeUnixNano"].as_str().unwrap().parse().unwrap(),
                        end_ns: s["endTimeUnixNano"].as_str().unwrap().parse().unwrap(),
                        attributes: attributes(s),
                        resource: resource.clone().into(),
                        scope: None,
                        events: Vec::new(),
                        links: Vec::new(),
                    });
                }
            }
        }
        Trace { trace_id, spans, partial: false, warnings: Vec::new() }
    }
}

#[cfg(test)]
mod fixture_tests {
    //! The whole module on a trace recorded from Tempo (simulated RAG app, 9 spans, 3 services).
    use super::collapse::{visible_rows, Collapsed};
    use super::find::{find, FindQuery};
    use super::viewport::{span_geometry, ticks, TimeWindow};
    use super::*;

    fn recorded() -> (crate::telemetry::Trace, TraceModel) {
        let t = testutil::load_otlp(include_str!("../../../tests/fixtures/tempo/trace_by_id.json"));
        let m = TraceModel::build(&t);
        (t, m)
    }

    fn names(t: &crate::telemetry::Trace, m: &TraceModel, rows: &[u32]) -> Vec<String> {
        rows.iter()
            .map(|&r| {
                let row = &m.rows[r as usize];
                format!("{}{}", " ".repeat(row.depth as usize), t.spans[row.span.unwrap()].name)
            })
            .collect()
    }

    #[test]
    fn recorded_tempo_trace() {
        let (t, m) = recorded();
        let all: Vec<u32> = (0..m.rows.len() as u32).collect();
        assert_eq!(
            names(&t, &m, &all),
            vec![
                "GET /search",
                " POST",
                "  POST /api/v1/search",
                "   parse_query",
                "   POST",
                "    POST /v1/embeddings",
                "     tokenize",
                "     embeddings text-embedding-3-small",
                "   search documents",
            ]
        );
        assert!(m.notes.is_empty(), "{:?}", m.notes);
        assert_eq!(
            m.services,
            vec![("search-ui".into(), 2), ("search-service".into(), 4), ("embedding-service".into(), 3)]
        );

        let s = stats(&t, &m);
        assert_eq!((s.span_count, s.service_count, s.depth, s.error_count), (9, 3, 6, 4));
        assert_eq!(s.duration_ns, 1795453063204929916 - 1795453063153273726);
        assert_eq!((s.root_service.as_str(), s.root_name.as_str()), ("search-ui", "GET /search"));

        // Critical path: the calls in this trace are back to back (search documents starts when the
        // embedding call ends, embeddings when tokenize ends, the embedding call when parse_query ends), so
        // every span is on it. Jaeger's strict "ends before" would leave the embedding branch off.
        let crit: Vec<u32> = critical_path(&m, &t).iter().enumerate().filter(|(_, c)| **c).map(|(r, _)| r as u32).collect();
        assert_eq!(crit, vec![0, 1, 2, 3, 4, 5, 6, 7, 8]);

        // Find.
        assert_eq!(find(&m, &t, &FindQuery::parse("status=error")), vec![0, 1, 2, 8]);
        assert_eq!(find(&m, &t, &FindQuery::parse("db.system=qdrant")), vec![8]);
        assert_eq!(find(&m, &t, &FindQuery::parse("POST embedding")), vec![4, 5]);
        assert_eq!(find(&m, &t, &FindQuery::parse("service=embedding-service duration>20ms")), vec![5, 7]);

        // Collapse the search-service server span.
        let mut c = Collapsed::default();
        c.toggle(2);
        assert_eq!(visible_rows(&m, &c), vec![0, 1, 2]);

        // Geometry: the root fills the track; ticks every 10 ms over ~51.7 ms.
        assert_eq!(span_geometry(&m, &t, 0, &TimeWindow::FULL), Some((0.0, 1.0)));
        let labels: Vec<String> = ticks(&TimeWindow::FULL, s.duration_ns, 6).into_iter().map(|t| t.1).collect();
        assert_eq!(labels, vec!["0", "10ms", "20ms", "30ms", "40ms", "50ms"]);
    }
}
