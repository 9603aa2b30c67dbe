//! Tempo answers → telemetry: a trace (v2 or v1 body) or search results; errors as `ApiError`.

use serde_json::Value;

use super::wire::{SearchResponse, SearchTrace, TraceResponse};
use crate::backends::otlp::convert::{lenient_in, to_trace, Warnings};
use crate::backends::otlp::flex::{clip, Flex};
use crate::backends::error::json_error;
use crate::backends::ApiError;
use crate::telemetry::{Trace, TraceId, TraceSummary};

/// What Tempo's search shows for a trace whose root span has not arrived yet.
pub const NO_ROOT_YET: &str = "<root span not yet received>";

/// Parses `/api/v2/traces/<id>` (`{"trace":{"resourceSpans":[…]},"status":"partial"?}`) or `/api/traces/<id>`
/// (`{"batches":[…]}`). 404 or an empty trace → `ApiError::NotFound`.
pub fn parse_trace(status: u16, content_type: &str, body: &str) -> Result<Trace, ApiError> {
    if status == 404 && !looks_html(content_type, body) {
        let text = body.trim();
        let msg = if text.is_empty() || text.len() > 300 { "Tempo has no trace with this ID (too old for its retention, or not received yet)." } else { text };
        return Err(ApiError::NotFound(msg.to_string()));
    }
    check_body(status, content_type, body)?;
    let mut trace = match serde_json::from_str::<TraceResponse>(body) {
        Ok(r) => {
            let partial = is_partial(r.status.as_ref());
            let spans = match (r.trace, r.batches, r.resource_spans) {
                (Some(t), _, _) => t.resource_spans,
                (None, Some(b), _) => b,
                (None, None, Some(rs)) => rs,
                (None, None, None) => return Err(not_a_trace(body)),
            };
            let mut t = to_trace(spans, Warnings::default());
            t.partial = partial;
            add_message(&mut t, r.message);
            t
        }
        Err(e) => lenient(body).ok_or_else(|| ApiError::InvalidJson(format!("Tempo's trace could not be read ({}).", json_error(&e))))?,
    };
    if trace.spans.is_empty() && trace.warnings.is_empty() {
        return Err(ApiError::NotFound("Tempo returned an empty trace for this ID.".into()));
    }
    if trace.partial {
        trace.warnings.insert(0, "Tempo returned only part of this trace (it is larger than the server's limit).".into());
    }
    Ok(trace)
}

/// The slow path: the body is JSON but some span did not fit the wire types.
fn lenient(body: &str) -> Option<Trace> {
    let mut v: Value = serde_json::from_str(body).ok()?;
    let pointer = if v.get("trace").is_some() {
        "/trace/resourceSpans"
    } else if v.get("batches").is_some() {
        "/batches"
    } else if v.get("resourceSpans").is_some() {
        "/resourceSpans"
    } else {
        return None;
    };
    let status = v.get("status").and_then(|s| serde_json::from_value::<Flex>(s.clone()).ok());
    let message = v.get("message").and_then(Value::as_str).map(str::to_string);
    let mut t = lenient_in(&mut v, pointer);
    t.partial = is_partial(status.as_ref());
    add_message(&mut t, message);
    Some(t)
}

fn is_partial(status: Option<&Flex>) -> bool {
    match status {
        Some(Flex::Str(s)) => s.trim().eq_ignore_ascii_case("partial"),
        Some(f) => f.as_i64() == Some(1),
        None => false,
    }
}

fn add_message(t: &mut Trace, message: Option<String>) {
    if let Some(m) = message.filter(|m| !m.trim().is_empty()) {
        t.warnings.push(format!("Tempo: {}", clip(m.trim(), 500)));
    }
}

fn not_a_trace(body: &str) -> ApiError {
    ApiError::InvalidJson(format!(
        "expected a Tempo trace ({{\"trace\":…}} or {{\"batches\":…}}) but got {}",
        clip(body.trim(), 120)
    ))
}

/// Parses `/api/search`: one summary per trace, in Tempo's order. Tempo strips leading zeros from trace IDs;
/// they are restored. Entries without a readable trace ID are left out.
pub fn parse_search(status: u16, content_type: &str, body: &str) -> Result<Vec<TraceSummary>, ApiError> {
    check_body(status, content_type, body)?;
    let traces = match serde_json::from_str::<SearchResponse>(body) {
        Ok(r) => r.traces,
        Err(e) => {
            // One odd entry should not hide the others: read them one by one.
            let v: Value = serde_json::from_str(body).map_err(|_| ApiError::InvalidJson(format!("Tempo's search answer could not be read ({}).", json_error(&e))))?;
            match v.get("traces") {
                Some(Value::Array(list)) => list.iter().filter_map(|t| serde_json::from_value::<SearchTrace>(t.clone()).ok()).collect(),
                Some(Value::Null) => Vec::new(),
                _ => return Err(ApiError::InvalidJson(format!("Tempo's search answer has no `traces` list ({}).", json_error(&e)))),
            }
        }
    };
    if traces.is_empty() && !is_search_answer(body) {
        return Err(ApiError::InvalidJson(format!(
            "expected a Tempo search answer ({{\"traces\":…}}) but got {}",
            clip(body.trim(), 120)
        )));
    }
    Ok(traces.into_iter().filter_map(summary).collect())
}

/// Tempo's search answer has `traces` and `metrics` (either may be left out when empty, not both); another
/// server's JSON (a Prometheus or Loki envelope, Jaeger's `data`) has neither and is not "no traces found".
fn is_search_answer(body: &str) -> bool {
    serde_json::from_str::<Value>(body).is_ok_and(|v| v.get("traces").is_some() || v.get("metrics").is_some())
}

fn summary(t: SearchTrace) -> Option<TraceSummary> {
    let trace_id = TraceId::parse_hex(t.trace_id.as_deref()?)?;
    let count = |f: &Option<Flex>| f.as_ref().and_then(Flex::as_i64).unwrap_or(0).clamp(0, u32::MAX as i64) as u32;
    let matched = if t.span_sets.is_empty() {
        t.span_set.as_ref().map(|s| count(&s.matched)).unwrap_or(0)
    } else {
        t.span_sets.iter().fold(0u32, |a, s| a.saturating_add(count(&s.matched)))
    };
    let span_count = (!t.service_stats.is_empty()).then(|| t.service_stats.values().fold(0u32, |a, s| a.saturating_add(count(&s.span_count))));
    let errors = t.service_stats.values().fold(0u32, |a, s| a.saturating_add(count(&s.error_count)));
    Some(TraceSummary {
        trace_id,
        root_service: t.root_service_name.filter(|s| !s.is_empty()).unwrap_or_else(|| NO_ROOT_YET.to_string()),
        root_name: t.root_trace_name.unwrap_or_default(),
        start_ms: t.start_time_unix_nano.as_ref().and_then(Flex::as_i64).unwrap_or(0).div_euclid(1_000_000),
        duration_ms: t.duration_ms.as_ref().and_then(Flex::as_f64).filter(|d| d.is_finite() && *d >= 0.0).unwrap_or(0.0),
        span_count,
        matched,
        error: errors > 0,
    })
}

fn looks_html(content_type: &str, body: &str) -> bool {
    let t = body.trim_start();
    content_type.contains("html") || t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("<html") || p.eq_ignore_ascii_case("<!doc"))
}

/// Non-2xx and HTML bodies become the matching `ApiError`.
pub(super) fn check_body(status: u16, content_type: &str, body: &str) -> Result<(), ApiError> {
    if !(200..300).contains(&status) || looks_html(content_type, body) {
        return Err(ApiError::from_body(status, content_type, body));
    }
    if body.trim().is_empty() {
        return Err(ApiError::InvalidJson("Tempo sent an empty answer.".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{SpanKind, SpanStatus};

    const V2: &str = include_str!("../../../tests/fixtures/tempo/trace_by_id_v2.json");
    const V1: &str = include_str!("../../../tests/fixtures/tempo/trace_by_id.json");
    const LARGE_V2: &str = include_str!("../../../tests/fixtures/tempo/trace_large_v2.json");
    const NOT_FOUND: &str = include_str!("../../../tests/fixtures/tempo/trace_by_id_not_found.txt");
    const SEARCH: &str = include_str!("../../../tests/fixtures/tempo/search_traceql.json");
    const SEARCH_ZERO: &str = include_str!("../../../tests/fixtures/tempo/search_traceql_leading_zero_id.json");
    const SEARCH_LEGACY: &str = include_str!("../../../tests/fixtures/tempo/search_legacy_tag_query.json");
    const SEARCH_SELECT: &str = include_str!("../../../tests/fixtures/tempo/search_traceql_spanset_select.json");
    const BAD_QUERY: &str = include_str!("../../../tests/fixtures/tempo/error_bad_query.txt");
    const FEATURED: &str = "6575de447380ec933e5135e5d844e736";

    #[test]
    fn v2_and_v1_give_the_same_trace() {
        let t2 = parse_trace(200, "application/json", V2).unwrap();
        let t1 = parse_trace(200, "application/json", V1).unwrap();
        assert_eq!(t2.trace_id.unwrap().to_hex(), FEATURED);
        assert!(!t2.partial);
        assert!(t2.warnings.is_empty(), "{:?}", t2.warnings);
        assert_eq!(t2.spans, t1.spans);
        let root = t2.spans.iter().find(|s| s.parent_id.is_none()).unwrap();
        assert_eq!(root.name, "GET /search");
        assert_eq!(&*root.service, "search-ui");
        assert_eq!(root.kind, SpanKind::Server);
        assert_eq!(root.status, SpanStatus::Error("upstream search-service returned 500".into()));
        assert_eq!(root.scope.as_deref(), Some("@opentelemetry/instrumentation-http 0.52.1"));
        assert_eq!(root.start_ns, 1_795_453_063_153_273_726);
        assert_eq!(root.span_id.to_hex(), "a0a41a43ab4337a1");
        // Every span's parent is in the trace.
        let ids: std::collections::HashSet<_> = t2.spans.iter().map(|s| s.span_id).collect();
        assert!(t2.spans.iter().filter_map(|s| s.parent_id).all(|p| ids.contains(&p)));
        let services: std::collections::BTreeSet<_> = t2.spans.iter().map(|s| &*s.service).collect();
        assert!(services.contains("search-service") && services.contains("embedding-service"), "{services:?}");
    }

    #[test]
    fn large_trace_converts_completely() {
        let t = parse_trace(200, "application/json", LARGE_V2).unwrap();
        assert_eq!(t.spans.len(), 2101);
        assert_eq!(t.trace_id.unwrap().to_hex(), "f6fadfa7e5c15b629362da5cc13da58a");
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn not_found_errors_and_html() {
        assert!(matches!(parse_trace(404, "", NOT_FOUND), Err(ApiError::NotFound(_))));
        assert_eq!(parse_trace(404, "text/plain", "trace not found\n"), Err(ApiError::NotFound("trace not found".into())));
        assert_eq!(
            parse_trace(502, "text/html", "<html><title>502 Bad Gateway</title></html>"),
            Err(ApiError::Html { status: 502, title: "502 Bad Gateway".into() })
        );
        assert!(matches!(parse_trace(200, "text/plain", "<!DOCTYPE html><html></html>"), Err(ApiError::Html { status: 200, .. })));
        assert!(matches!(parse_trace(200, "application/json", "{\"foo\":1}"), Err(ApiError::InvalidJson(_))));
        assert!(matches!(parse_trace(200, "application/json", "not json"), Err(ApiError::InvalidJson(_))));
        assert!(matches!(parse_trace(200, "application/json", ""), Err(ApiError::InvalidJson(_))));
        assert!(matches!(parse_trace(200, "application/json", r#"{"batches":[]}"#), Err(ApiError::NotFound(_))));
        let e = parse_search(400, "text/plain; charset=utf-8", BAD_QUERY).unwrap_err();
        assert!(matches!(&e, ApiError::Backend { status: 400, message } if message.contains("parse error at line 1, col 43")), "{e:?}");
    }

    #[test]
    fn partial_trace_is_flagged() {
        let body = V2.replacen("{\"trace\":", "{\"status\":\"PARTIAL\",\"message\":\"trace exceeds max size\",\"trace\":", 1);
        let t = parse_trace(200, "application/json", &body).unwrap();
        assert!(t.partial);
        assert!(t.warnings.iter().any(|w| w.contains("trace exceeds max size")));
    }

    #[test]
    fn a_broken_span_in_a_real_trace_is_skipped_not_fatal() {
        let body = V2.replacen("\"name\":\"GET /search\"", "\"name\":[1,2]", 1);
        let good = parse_trace(200, "application/json", V2).unwrap();
        let t = parse_trace(200, "application/json", &body).unwrap();
        assert_eq!(t.spans.len(), good.spans.len() - 1);
        assert_eq!(t.warnings.len(), 1);
    }

    #[test]
    fn search_results() {
        let list = parse_search(200, "application/json", SEARCH).unwrap();
        assert_eq!(list.len(), 20);
        let first = &list[0];
        assert_eq!(first.trace_id.to_hex(), "865c9ff8bcd47b36c90c25b29def99bb");
        assert_eq!(first.root_service, "search-ui");
        assert_eq!(first.root_name, "GET /search");
        assert_eq!(first.start_ms, 1_795_453_960_785);
        assert_eq!(first.duration_ms, 5057.0);
        assert_eq!(first.matched, 2);
        assert_eq!(first.span_count, Some(8));
        assert!(first.error);
        assert!(list.iter().any(|t| t.trace_id.to_hex() == FEATURED));
    }

    #[test]
    fn search_ids_without_leading_zeros_are_padded() {
        let list = parse_search(200, "application/json", SEARCH_ZERO).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].trace_id.to_hex(), "06c2ff0c496dc0a60fa77e9daed541e5");
        assert_eq!(list[0].matched, 11);
        assert_eq!(list[0].span_count, Some(11));
        assert!(!list[0].error);
        let legacy = parse_search(200, "application/json", SEARCH_LEGACY).unwrap();
        assert_eq!(legacy.len(), 10);
        assert_eq!(legacy[3].trace_id.to_hex(), "0312778e74d04cc396f90fc897f51a63");
        assert_eq!(legacy[3].span_count, None);
        assert_eq!(legacy[3].matched, 0);
        assert!(!parse_search(200, "application/json", SEARCH_SELECT).unwrap().is_empty());
    }

    #[test]
    fn search_tolerates_odd_entries() {
        let body = r#"{"traces":[{"traceID":"abc","startTimeUnixNano":"2000000"},{"traceID":"not hex"},{"traceID":"def","serviceStats":"odd"},{"traceID":"1f","durationMs":"12.5"}]}"#;
        let list = parse_search(200, "application/json", body).unwrap();
        let ids: Vec<_> = list.iter().map(|t| t.trace_id.0).collect();
        assert_eq!(ids, [0xabc, 0x1f]);
        assert_eq!(list[0].root_service, NO_ROOT_YET);
        assert_eq!(list[0].start_ms, 2);
        assert_eq!(list[0].duration_ms, 0.0);
        assert_eq!(list[1].duration_ms, 12.5);
        assert_eq!(parse_search(200, "application/json", r#"{"traces":null}"#).unwrap(), vec![]);
        assert!(matches!(parse_search(200, "application/json", "[1]"), Err(ApiError::InvalidJson(_))));
    }

    #[test]
    fn another_servers_json_is_not_an_empty_search() {
        // Found by tests/error_matrix.rs: a Prometheus, Loki or Jaeger answer read as "no traces found".
        let prom = r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
        assert!(matches!(parse_search(200, "application/json", prom), Err(ApiError::InvalidJson(m)) if m.contains("Tempo search")));
        assert!(matches!(parse_search(200, "application/json", r#"{"data":[],"errors":null}"#), Err(ApiError::InvalidJson(_))));
        // An empty result from Tempo may leave out `traces` but has `metrics`.
        assert_eq!(parse_search(200, "application/json", r#"{"metrics":{"inspectedBytes":"0"}}"#), Ok(vec![]));
        assert_eq!(parse_search(200, "application/json", r#"{"traces":[]}"#), Ok(vec![]));
    }
}
