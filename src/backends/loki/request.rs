//! Loki HTTP API requests as values: paths, parameter names, nanosecond times and the categorize header.

use crate::backends::prometheus::request::{is_label_name, secs};
use crate::backends::ApiRequest;

/// Asks Loki 3 to send structured metadata and parsed labels apart from the stream labels (a third element
/// per entry) instead of merging them into the stream's label set.
pub const CATEGORIZE_HEADER: (&str, &str) = ("X-Loki-Response-Encoding-Flags", "categorize-labels");

/// `GET /loki/api/v1/query_range`. `start_ns` is inclusive and `end_ns` exclusive; `newest_first` selects
/// `direction=backward`. `step_ms` only matters for metric queries (sent as seconds).
pub fn query_range(query: &str, start_ns: i64, end_ns: i64, limit: u32, newest_first: bool, step_ms: Option<i64>) -> ApiRequest {
    let mut r = ApiRequest::get("/loki/api/v1/query_range")
        .param("query", query)
        .param("start", start_ns.to_string())
        .param("end", end_ns.to_string())
        .param("limit", limit.max(1).to_string())
        .param("direction", if newest_first { "backward" } else { "forward" });
    if let Some(step) = step_ms {
        r = r.param("step", secs(step.max(1)));
    }
    r
}

/// `GET /loki/api/v1/query` at one instant (metric queries).
pub fn query_instant(query: &str, time_ns: i64, limit: u32, newest_first: bool) -> ApiRequest {
    ApiRequest::get("/loki/api/v1/query")
        .param("query", query)
        .param("time", time_ns.to_string())
        .param("limit", limit.max(1).to_string())
        .param("direction", if newest_first { "backward" } else { "forward" })
}

/// `GET /loki/api/v1/labels`, optionally only for streams matching a selector (`query`).
pub fn labels(start_ns: i64, end_ns: i64, selector: Option<&str>) -> ApiRequest {
    let mut r = ApiRequest::get("/loki/api/v1/labels").param("start", start_ns.to_string()).param("end", end_ns.to_string());
    if let Some(q) = selector.filter(|q| !q.trim().is_empty()) {
        r = r.param("query", q);
    }
    r
}

/// `GET /loki/api/v1/label/<name>/values`. The name goes into the path, so only plain label names
/// (`[a-zA-Z_][a-zA-Z0-9_]*`) are accepted.
pub fn label_values(name: &str, start_ns: i64, end_ns: i64, selector: Option<&str>) -> Result<ApiRequest, String> {
    if !is_label_name(name) {
        return Err(format!("\"{name}\" is not a valid label name (letters, digits and _, not starting with a digit)"));
    }
    let mut r = ApiRequest::get(format!("/loki/api/v1/label/{name}/values"))
        .param("start", start_ns.to_string())
        .param("end", end_ns.to_string());
    if let Some(q) = selector.filter(|q| !q.trim().is_empty()) {
        r = r.param("query", q);
    }
    Ok(r)
}

/// `GET /loki/api/v1/status/buildinfo`: the cheapest "is it Loki and is it up" call.
pub fn buildinfo() -> ApiRequest {
    ApiRequest::get("/loki/api/v1/status/buildinfo")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_query_matches_the_recorded_request() {
        let r = query_range("{service_name=\"search-service\"}", 1_795_452_831_000_000_000, 1_795_454_006_000_000_000, 100, true, None);
        assert_eq!(
            r.url(""),
            "/loki/api/v1/query_range?query=%7Bservice_name%3D%22search-service%22%7D&start=1795452831000000000&end=1795454006000000000&limit=100&direction=backward"
        );
        let r = query_range("sum(x)", 0, 10, 0, false, Some(60_000));
        assert_eq!(r.url(""), "/loki/api/v1/query_range?query=sum%28x%29&start=0&end=10&limit=1&direction=forward&step=60");
    }

    #[test]
    fn labels_values_instant_and_buildinfo() {
        assert_eq!(labels(1, 2, None).url(""), "/loki/api/v1/labels?start=1&end=2");
        assert_eq!(labels(1, 2, Some("{a=\"b\"}")).url(""), "/loki/api/v1/labels?start=1&end=2&query=%7Ba%3D%22b%22%7D");
        assert_eq!(label_values("service_name", 1, 2, None).unwrap().url(""), "/loki/api/v1/label/service_name/values?start=1&end=2");
        assert!(label_values("../../x", 1, 2, None).is_err());
        assert!(label_values("", 1, 2, None).is_err());
        assert_eq!(query_instant("x", 5, 10, true).url(""), "/loki/api/v1/query?query=x&time=5&limit=10&direction=backward");
        assert_eq!(buildinfo().url("/api/loki/"), "/api/loki/loki/api/v1/status/buildinfo");
        assert_eq!(CATEGORIZE_HEADER.0, "X-Loki-Response-Encoding-Flags");
    }
}
