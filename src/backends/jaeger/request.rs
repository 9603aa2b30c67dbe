//! Jaeger query-service HTTP calls as `ApiRequest` values (paths below the Jaeger datasource base).

use crate::backends::ApiRequest;
use crate::telemetry::TraceId;

/// A classic trace search (`/api/traces?service=…`), as the search page fills it in.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct JaegerSearch {
    /// Required by Jaeger.
    pub service: String,
    pub operation: Option<String>,
    /// Tag filters, all of which must match (`error=true`, `http.status_code=500`).
    pub tags: Vec<(String, String)>,
    /// Go duration text as Jaeger takes it (`100ms`, `1.5s`).
    pub min_duration: Option<String>,
    pub max_duration: Option<String>,
    /// Time range, Unix milliseconds (sent as microseconds).
    pub start_ms: i64,
    pub end_ms: i64,
    pub limit: u32,
}

/// `GET /api/services`: `{"data":["svc",…]}`; also used to detect Jaeger.
pub fn services() -> ApiRequest {
    ApiRequest::get("/api/services")
}

/// `GET /api/v3/traces/<id>`: `{"result":{"resourceSpans":[…]}}` (OTLP JSON).
pub fn trace_v3(id: TraceId) -> ApiRequest {
    ApiRequest::get(format!("/api/v3/traces/{}", id.to_hex()))
}

/// `GET /api/dependencies?endTs=&lookback=` (milliseconds): `{"data":[{"parent","child","callCount"}]}`, the
/// calls between services in the window (the in-memory and other stores compute them from the spans).
pub fn dependencies(end_ms: i64, lookback_ms: i64) -> ApiRequest {
    ApiRequest::get("/api/dependencies").param("endTs", &end_ms.to_string()).param("lookback", &lookback_ms.max(1).to_string())
}

/// `GET /api/traces/<id>`: `{"data":[{"traceID","spans","processes"}]}` (Jaeger's classic JSON).
pub fn trace_classic(id: TraceId) -> ApiRequest {
    ApiRequest::get(format!("/api/traces/{}", id.to_hex()))
}

/// `GET /api/traces?service=&operation=&tags=&minDuration=&maxDuration=&start=&end=&limit=`.
pub fn search(q: &JaegerSearch) -> ApiRequest {
    let mut r = ApiRequest::get("/api/traces").param("service", q.service.trim());
    if let Some(op) = q.operation.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        r = r.param("operation", op);
    }
    if !q.tags.is_empty() {
        let map: serde_json::Map<String, serde_json::Value> =
            q.tags.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
        r = r.param("tags", serde_json::Value::Object(map).to_string());
    }
    if let Some(d) = q.min_duration.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        r = r.param("minDuration", d);
    }
    if let Some(d) = q.max_duration.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        r = r.param("maxDuration", d);
    }
    let start_us = q.start_ms.saturating_mul(1000);
    let end_us = q.end_ms.saturating_mul(1000).max(start_us);
    r.param("start", start_us.to_string()).param("end", end_us.to_string()).param("limit", q.limit.max(1).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_search_params() {
        let id = TraceId::parse_hex("abc").unwrap();
        assert_eq!(services().url("/api/jaeger"), "/api/jaeger/api/services");
        assert_eq!(trace_v3(id).path, "/api/v3/traces/00000000000000000000000000000abc");
        assert_eq!(trace_classic(id).path, "/api/traces/00000000000000000000000000000abc");
        let q = JaegerSearch {
            service: "search-service".into(),
            operation: Some("POST /api/v1/search".into()),
            tags: vec![("error".into(), "true".into()), ("http.status_code".into(), "500".into())],
            min_duration: Some("100ms".into()),
            max_duration: None,
            start_ms: 1_795_452_831_000,
            end_ms: 1_795_454_006_000,
            limit: 20,
        };
        let r = search(&q);
        let get = |k: &str| r.query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("service"), Some("search-service"));
        assert_eq!(get("operation"), Some("POST /api/v1/search"));
        assert_eq!(get("tags"), Some(r#"{"error":"true","http.status_code":"500"}"#));
        assert_eq!(get("minDuration"), Some("100ms"));
        assert_eq!(get("maxDuration"), None);
        assert_eq!(get("start"), Some("1795452831000000"));
        assert_eq!(get("end"), Some("1795454006000000"));
        assert_eq!(get("limit"), Some("20"));
        let r = search(&JaegerSearch { service: "a".into(), ..Default::default() });
        assert_eq!(r.url(""), "/api/traces?service=a&start=0&end=0&limit=1");
    }

    #[test]
    fn the_boot_script_asks_what_the_auto_trace_backend_asks() {
        // scripts/boot-early-query.js starts a trace link's requests before the app runs; a different URL there
        // would only lose the early start, so this keeps the copies equal (under the default datasources).
        let js = include_str!("../../../scripts/boot-early-query.js");
        let d = crate::datasource::Datasources::default();
        let id = TraceId::parse_hex("abc").unwrap();
        let tempo = crate::backends::tempo::request::buildinfo().url(&d.tempo);
        assert!(js.contains(&format!("const TEMPO_PROBE = '{tempo}';")), "{tempo}");
        let jaeger = services().url(&d.jaeger);
        assert!(js.contains(&format!("const JAEGER_PROBE = '{jaeger}';")), "{jaeger}");
        let trace = trace_v3(id).url(&d.jaeger);
        let prefix = trace.strip_suffix(&id.to_hex()).unwrap();
        assert!(js.contains(&format!("const JAEGER_TRACE = '{prefix}';")), "{trace}");
        // The ID as the app writes it: 32 lower-case hex digits.
        assert!(js.contains(".toLowerCase().padStart(32, '0')"));
    }
}
