//! Tempo HTTP API calls as `ApiRequest` values (paths below the Tempo datasource base).

use crate::backends::ApiRequest;
use crate::telemetry::TraceId;

/// `GET /api/v2/traces/<id>`: the trace as `{"trace":{"resourceSpans":[…]}}` (Tempo 2.5+).
pub fn trace_v2(id: TraceId) -> ApiRequest {
    ApiRequest::get(format!("/api/v2/traces/{}", id.to_hex()))
}

/// `GET /api/traces/<id>`: the trace as `{"batches":[…]}` (every Tempo version).
pub fn trace_v1(id: TraceId) -> ApiRequest {
    ApiRequest::get(format!("/api/traces/{}", id.to_hex()))
}

/// `GET /api/search`: TraceQL search between `start_s` and `end_s` (Unix seconds), at most `limit` traces and
/// `spss` matched spans per span set. A blank query is left out (Tempo then lists recent traces).
pub fn search(q: &str, start_s: i64, end_s: i64, limit: u32, spss: u32) -> ApiRequest {
    let mut r = ApiRequest::get("/api/search");
    if !q.trim().is_empty() {
        r = r.param("q", q.trim());
    }
    r.param("start", start_s.to_string())
        .param("end", end_s.max(start_s).to_string())
        .param("limit", limit.max(1).to_string())
        .param("spss", spss.max(1).to_string())
}

/// `GET /api/status/buildinfo`: `{"version":"v2.6.1",…}`; used to detect Tempo.
pub fn buildinfo() -> ApiRequest {
    ApiRequest::get("/api/status/buildinfo")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_params() {
        let id = TraceId::parse_hex("6c2ff0c496dc0a60fa77e9daed541e5").unwrap();
        assert_eq!(trace_v2(id).url("/api/tempo"), "/api/tempo/api/v2/traces/06c2ff0c496dc0a60fa77e9daed541e5");
        assert_eq!(trace_v1(id).path, "/api/traces/06c2ff0c496dc0a60fa77e9daed541e5");
        assert_eq!(buildinfo().path, "/api/status/buildinfo");
        let r = search("{status=error}", 1795452831, 1795454006, 20, 3);
        assert_eq!(r.url(""), "/api/search?q=%7Bstatus%3Derror%7D&start=1795452831&end=1795454006&limit=20&spss=3");
        let r = search("  ", 10, 5, 0, 0);
        assert_eq!(r.url(""), "/api/search?start=10&end=10&limit=1&spss=1");
    }
}
