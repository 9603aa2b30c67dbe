//! OTLP/HTTP JSON encoding of spans (ExportTraceServiceRequest: hex ids, string nanos, integer enums).

use crate::model::{hex, service_info, Attrs, Span, Trace, Value};
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

/// Spans per POST when a large set is split.
pub const BATCH_SPANS: usize = 5000;

fn any_value(v: &Value) -> Json {
    match v {
        Value::Str(s) => json!({ "stringValue": s }),
        // OTLP JSON carries int64 as a string.
        Value::Int(i) => json!({ "intValue": i.to_string() }),
        Value::Float(f) if f.is_finite() => json!({ "doubleValue": f }),
        Value::Float(f) => json!({ "stringValue": f.to_string() }),
        Value::Bool(b) => json!({ "boolValue": b }),
    }
}

fn attributes(attrs: &Attrs) -> Json {
    Json::Array(attrs.iter().map(|(k, v)| json!({ "key": k, "value": any_value(v) })).collect())
}

/// The OTLP resource of a simulated service (the same for its spans and its metrics).
pub fn resource(service: &str) -> Json {
    let mut attrs: Attrs = vec![("service.name".into(), Value::from(service)), ("service.namespace".into(), Value::from("trifocal-demo"))];
    if let Some(info) = service_info(service) {
        attrs.push(("service.version".into(), Value::from(info.version)));
        attrs.push(("telemetry.sdk.language".into(), Value::from(info.language)));
        attrs.push(("host.name".into(), Value::from(info.host)));
    }
    attrs.push(("telemetry.sdk.name".into(), Value::from("opentelemetry")));
    attrs.push(("deployment.environment.name".into(), Value::from("test")));
    json!({ "attributes": attributes(&attrs) })
}

/// One span as an OTLP JSON object.
pub fn span_json(s: &Span) -> Json {
    let mut m = Map::new();
    m.insert("traceId".into(), json!(hex(&s.trace_id)));
    m.insert("spanId".into(), json!(hex(&s.span_id)));
    if let Some(p) = s.parent_span_id {
        m.insert("parentSpanId".into(), json!(hex(&p)));
    }
    m.insert("name".into(), json!(s.name));
    m.insert("kind".into(), json!(s.kind as i32));
    m.insert("startTimeUnixNano".into(), json!(s.start_ns.to_string()));
    m.insert("endTimeUnixNano".into(), json!(s.end_ns.to_string()));
    m.insert("attributes".into(), attributes(&s.attributes));
    if !s.events.is_empty() {
        let events: Vec<Json> = s
            .events
            .iter()
            .map(|e| json!({ "timeUnixNano": e.time_ns.to_string(), "name": e.name, "attributes": attributes(&e.attributes) }))
            .collect();
        m.insert("events".into(), Json::Array(events));
    }
    let mut status = Map::new();
    if s.status as i32 != 0 {
        status.insert("code".into(), json!(s.status as i32));
    }
    if !s.status_message.is_empty() {
        status.insert("message".into(), json!(s.status_message));
    }
    m.insert("status".into(), Json::Object(status));
    Json::Object(m)
}

/// An ExportTraceServiceRequest for `spans`, one resourceSpans entry per service (in name order).
pub fn export_request<'a>(spans: impl IntoIterator<Item = &'a Span>) -> Json {
    let mut by_service: BTreeMap<&str, Vec<Json>> = BTreeMap::new();
    for s in spans {
        by_service.entry(s.service.as_str()).or_default().push(span_json(s));
    }
    let resource_spans: Vec<Json> = by_service
        .into_iter()
        .map(|(service, spans)| {
            json!({
                "resource": resource(service),
                "scopeSpans": [{ "scope": { "name": "trifocal-gen", "version": env!("CARGO_PKG_VERSION") }, "spans": spans }]
            })
        })
        .collect();
    json!({ "resourceSpans": resource_spans })
}

/// Groups whole traces into batches of at most `max_spans` spans (a bigger trace is a batch of its own).
pub fn batch_traces(traces: &[Trace], max_spans: usize) -> Vec<Vec<&Trace>> {
    let mut out: Vec<Vec<&Trace>> = Vec::new();
    let mut cur: Vec<&Trace> = Vec::new();
    let mut n = 0usize;
    for t in traces {
        if !cur.is_empty() && n.saturating_add(t.spans.len()) > max_spans {
            out.push(std::mem::take(&mut cur));
            n = 0;
        }
        n = n.saturating_add(t.spans.len());
        cur.push(t);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Splits spans into request bodies of at most `max_spans` spans each.
pub fn chunked_requests(spans: &[Span], max_spans: usize) -> Vec<Json> {
    spans.chunks(max_spans.max(1)).map(|c| export_request(c.iter())).collect()
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::sim::Sim;
    use std::collections::HashMap;

    fn is_hex(s: &str, len: usize) -> bool {
        s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }

    /// Checks an OTLP JSON request body: ids, string nanos, ordered times, existing parents.
    /// Returns the number of spans.
    pub fn check_export(body: &str) -> usize {
        let v: Json = serde_json::from_str(body).expect("valid JSON");
        let rs = v["resourceSpans"].as_array().expect("resourceSpans array");
        let mut spans: Vec<&Json> = Vec::new();
        for r in rs {
            let attrs = r["resource"]["attributes"].as_array().expect("resource attributes");
            assert!(attrs.iter().any(|a| a["key"] == "service.name" && a["value"]["stringValue"].is_string()));
            for ss in r["scopeSpans"].as_array().expect("scopeSpans") {
                spans.extend(ss["spans"].as_array().expect("spans").iter());
            }
        }
        let mut by_id: HashMap<(String, String), (u64, u64)> = HashMap::new();
        for s in &spans {
            let tid = s["traceId"].as_str().expect("traceId");
            let sid = s["spanId"].as_str().expect("spanId");
            assert!(is_hex(tid, 32), "{tid}");
            assert!(is_hex(sid, 16), "{sid}");
            let start: u64 = s["startTimeUnixNano"].as_str().expect("string nanos").parse().expect("nanos");
            let end: u64 = s["endTimeUnixNano"].as_str().expect("string nanos").parse().expect("nanos");
            assert!(start <= end, "start after end");
            assert!((1..=5).contains(&s["kind"].as_i64().expect("integer kind")));
            if let Some(code) = s["status"].get("code") {
                assert!((0..=2).contains(&code.as_i64().expect("integer status")));
            }
            for a in s["attributes"].as_array().expect("attributes") {
                if let Some(i) = a["value"].get("intValue") {
                    i.as_str().expect("intValue as string").parse::<i64>().expect("int");
                }
            }
            assert!(by_id.insert((tid.to_string(), sid.to_string()), (start, end)).is_none(), "duplicate span");
        }
        for s in &spans {
            if let Some(p) = s.get("parentSpanId").and_then(|p| p.as_str()) {
                assert!(is_hex(p, 16));
                let tid = s["traceId"].as_str().unwrap_or_default().to_string();
                let (ps, pe) = by_id.get(&(tid, p.to_string())).copied().expect("parent exists");
                let start: u64 = s["startTimeUnixNano"].as_str().unwrap_or("0").parse().unwrap_or(0);
                let end: u64 = s["endTimeUnixNano"].as_str().unwrap_or("0").parse().unwrap_or(0);
                assert!(ps <= start && end <= pe, "child outside its parent");
            }
        }
        spans.len()
    }

    #[test]
    fn export_request_has_the_otlp_json_shape() {
        let mut sim = Sim::new(42);
        let traces: Vec<Trace> = (0..50).map(|i| sim.trace(1_795_453_063_000_000_000 + i * 1_000_000_000)).collect();
        let total: usize = traces.iter().map(|t| t.spans.len()).sum();
        let body = export_request(traces.iter().flat_map(|t| t.spans.iter())).to_string();
        assert_eq!(check_export(&body), total);
        let v: Json = serde_json::from_str(&body).unwrap_or_default();
        let all = v["resourceSpans"].as_array().cloned().unwrap_or_default();
        let names: Vec<String> = all
            .iter()
            .filter_map(|r| r["resource"]["attributes"].as_array())
            .filter_map(|a| a.iter().find(|x| x["key"] == "service.name"))
            .filter_map(|x| x["value"]["stringValue"].as_str().map(String::from))
            .collect();
        assert!(names.contains(&"search-service".to_string()));
        assert!(body.contains("\"http.route\"") && body.contains("\"http.response.status_code\""));
        assert!(body.contains("\"events\""));
    }

    #[test]
    fn error_spans_carry_status_code_2_and_an_exception_event() {
        let t = Sim::new(3).rag_trace(1_795_453_063_000_000_000, true);
        let v = export_request(t.spans.iter());
        let spans: Vec<Json> = v["resourceSpans"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| r["scopeSpans"][0]["spans"].as_array().cloned().unwrap_or_default())
            .collect();
        let errs: Vec<&Json> = spans.iter().filter(|s| s["status"]["code"] == 2).collect();
        assert!(!errs.is_empty());
        assert!(errs.iter().any(|s| s["events"].as_array().is_some_and(|e| e.iter().any(|e| e["name"] == "exception"))));
    }

    #[test]
    fn batching_keeps_traces_whole_and_under_the_limit() {
        let mut sim = Sim::new(9);
        let traces: Vec<Trace> = (0..200).map(|i| sim.trace(1_795_453_063_000_000_000 + i * 10_000_000)).collect();
        let batches = batch_traces(&traces, 100);
        assert_eq!(batches.iter().map(|b| b.len()).sum::<usize>(), 200);
        for b in &batches {
            assert!(b.iter().map(|t| t.spans.len()).sum::<usize>() <= 100);
        }
        let spans: Vec<Span> = traces.iter().flat_map(|t| t.spans.clone()).collect();
        let reqs = chunked_requests(&spans, 1000);
        assert_eq!(reqs.len(), spans.len().div_ceil(1000));
    }
}
