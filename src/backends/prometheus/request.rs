//! Prometheus HTTP API requests as values: paths, parameter names and the wire time format.

use crate::backends::request::encode_pairs;
use crate::backends::{ApiRequest, Method};

/// Above this many encoded bytes of query string, a query is sent as a form POST (proxies cap URL length).
pub const MAX_GET_QUERY_BYTES: usize = 4000;

/// Milliseconds since the epoch as Prometheus' float seconds: `1795452831`, `1795452831.5`, `-0.25`.
pub fn secs(ms: i64) -> String {
    let whole = ms.div_euclid(1000);
    let frac = ms.rem_euclid(1000);
    if frac == 0 {
        return whole.to_string();
    }
    // Negative values: -250 ms is -1 s + 750 ms, written -0.25.
    let (sign, whole, frac) = if ms < 0 && frac != 0 {
        ("-", -(whole + 1), 1000 - frac)
    } else {
        ("", whole, frac)
    };
    let digits = format!("{frac:03}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// Sends as GET unless the parameters are too long for a URL, then as a form POST to the same path.
fn get_or_post(path: &str, params: Vec<(String, String)>) -> ApiRequest {
    if encode_pairs(&params).len() > MAX_GET_QUERY_BYTES {
        ApiRequest { method: Method::Post, path: path.to_string(), query: Vec::new(), form: Some(params) }
    } else {
        ApiRequest { method: Method::Get, path: path.to_string(), query: params, form: None }
    }
}

fn pairs(items: &[(&str, String)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn with_matchers(mut params: Vec<(String, String)>, matchers: &[&str]) -> Vec<(String, String)> {
    params.extend(matchers.iter().filter(|m| !m.trim().is_empty()).map(|m| ("match[]".to_string(), m.to_string())));
    params
}

/// `GET /api/v1/query_range`: start/end in seconds, step in seconds (at least 1 ms).
pub fn query_range(expr: &str, start_ms: i64, end_ms: i64, step_ms: i64) -> ApiRequest {
    let params = pairs(&[
        ("query", expr.to_string()),
        ("start", secs(start_ms)),
        ("end", secs(end_ms)),
        ("step", secs(step_ms.max(1))),
    ]);
    get_or_post("/api/v1/query_range", params)
}

/// `GET /api/v1/query` at one instant.
pub fn query_instant(expr: &str, time_ms: i64) -> ApiRequest {
    get_or_post("/api/v1/query", pairs(&[("query", expr.to_string()), ("time", secs(time_ms))]))
}

/// `GET /api/v1/query_exemplars` over a range.
pub fn exemplars(expr: &str, start_ms: i64, end_ms: i64) -> ApiRequest {
    get_or_post(
        "/api/v1/query_exemplars",
        pairs(&[("query", expr.to_string()), ("start", secs(start_ms)), ("end", secs(end_ms))]),
    )
}

/// `GET /api/v1/labels`, optionally restricted to series matching `matchers` (`match[]`).
pub fn labels(start_ms: i64, end_ms: i64, matchers: &[&str]) -> ApiRequest {
    let params = with_matchers(pairs(&[("start", secs(start_ms)), ("end", secs(end_ms))]), matchers);
    get_or_post("/api/v1/labels", params)
}

/// True for a classic Prometheus label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
pub fn is_label_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_'),
        _ => false,
    }
}

/// A label name as it goes into the path of `/api/v1/label/<name>/values`: a classic name as it is, any
/// other (Prometheus 3 UTF-8 names such as `service.name`) in Prometheus' value-encoding escape
/// (`U__service_2e_name`: `_` doubled, every other character outside `[a-zA-Z0-9_:]`, and a leading digit,
/// as `_<hex code point>_`), which Prometheus 3 decodes. Path-safe either way.
pub fn label_name_path_segment(name: &str) -> String {
    if is_label_name(name) {
        return name.to_string();
    }
    let mut out = String::from("U__");
    for (i, c) in name.chars().enumerate() {
        match c {
            '_' => out.push_str("__"),
            c if c.is_ascii_alphabetic() || c == ':' || (c.is_ascii_digit() && i > 0) => out.push(c),
            c => out.push_str(&format!("_{:x}_", c as u32)),
        }
    }
    out
}

/// `GET /api/v1/label/<name>/values`. A classic label name goes into the path as it is; a UTF-8 name
/// (`service.name`) escaped as Prometheus 3 reads it ([`label_name_path_segment`]). An empty name is
/// refused.
pub fn label_values(name: &str, start_ms: i64, end_ms: i64, matchers: &[&str]) -> Result<ApiRequest, String> {
    if name.is_empty() {
        return Err("the label name is empty".to_string());
    }
    let params = with_matchers(pairs(&[("start", secs(start_ms)), ("end", secs(end_ms))]), matchers);
    let path = format!("/api/v1/label/{}/values", label_name_path_segment(name));
    // Always GET: this endpoint does not accept POST.
    Ok(ApiRequest { method: Method::Get, path, query: params, form: None })
}

/// `GET /api/v1/series` for the given selectors (at least one is required by Prometheus).
pub fn series(matchers: &[&str], start_ms: i64, end_ms: i64) -> ApiRequest {
    let params = with_matchers(pairs(&[("start", secs(start_ms)), ("end", secs(end_ms))]), matchers);
    get_or_post("/api/v1/series", params)
}

/// `GET /api/v1/metadata`, for one metric or all, with an optional limit on the number of metrics.
pub fn metadata(metric: Option<&str>, limit: Option<u32>) -> ApiRequest {
    let mut r = ApiRequest::get("/api/v1/metadata");
    if let Some(m) = metric.filter(|m| !m.is_empty()) {
        r = r.param("metric", m);
    }
    if let Some(l) = limit {
        r = r.param("limit", l.to_string());
    }
    r
}

/// `GET /api/v1/status/buildinfo`: the cheapest "is it Prometheus and is it up" call.
pub fn buildinfo() -> ApiRequest {
    ApiRequest::get("/api/v1/status/buildinfo")
}

/// `GET /api/v1/query?query=vector(1)`: does it answer the query API? For servers that hide or blank their
/// build info (Mimir, Thanos, VictoriaMetrics, Cortex, a Prometheus built from source, a proxy in front).
pub fn probe_query() -> ApiRequest {
    ApiRequest::get("/api/v1/query").param("query", "vector(1)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(r: &ApiRequest, k: &str) -> Vec<String> {
        r.query.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect()
    }

    #[test]
    fn seconds_keep_millisecond_precision() {
        assert_eq!(secs(1_795_452_831_000), "1795452831");
        assert_eq!(secs(1_795_452_831_500), "1795452831.5");
        assert_eq!(secs(1_795_452_831_007), "1795452831.007");
        assert_eq!(secs(15_000), "15");
        assert_eq!(secs(250), "0.25");
        assert_eq!(secs(0), "0");
        assert_eq!(secs(-250), "-0.25");
        assert_eq!(secs(-1_500), "-1.5");
        assert_eq!(secs(-2_000), "-2");
        assert!(!secs(i64::MIN).is_empty());
        assert!(!secs(i64::MAX).is_empty());
    }

    #[test]
    fn range_query_matches_the_recorded_request() {
        let r = query_range("up", 1_795_452_831_000, 1_795_454_006_000, 15_000);
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.url(""), "/api/v1/query_range?query=up&start=1795452831&end=1795454006&step=15");
        assert_eq!(q(&query_range("up", 0, 1, 0), "step"), vec!["0.001"]);
    }

    #[test]
    fn long_queries_go_as_form_posts() {
        let expr = format!("sum({})", "a".repeat(5000));
        let r = query_range(&expr, 0, 1000, 1000);
        assert_eq!(r.method, Method::Post);
        assert!(r.query.is_empty());
        assert_eq!(r.form.as_ref().map(|f| f[0].1.clone()), Some(expr));
    }

    #[test]
    fn instant_exemplars_and_metadata() {
        assert_eq!(query_instant("up", 1_795_454_006_000).url(""), "/api/v1/query?query=up&time=1795454006");
        assert_eq!(exemplars("x", 1000, 2500).url(""), "/api/v1/query_exemplars?query=x&start=1&end=2.5");
        assert_eq!(metadata(None, Some(50)).url(""), "/api/v1/metadata?limit=50");
        assert_eq!(metadata(Some("up"), None).url(""), "/api/v1/metadata?metric=up");
        assert_eq!(buildinfo().url("/api/prometheus"), "/api/prometheus/api/v1/status/buildinfo");
        assert_eq!(probe_query().url("/api/prometheus"), "/api/prometheus/api/v1/query?query=vector%281%29");
    }

    #[test]
    fn labels_and_series_carry_matchers() {
        let r = labels(1000, 2000, &["http_server_requests_total", " "]);
        assert_eq!(r.url(""), "/api/v1/labels?start=1&end=2&match%5B%5D=http_server_requests_total");
        let r = series(&["a", "b{c=\"d\"}"], 1000, 2000);
        assert_eq!(q(&r, "match[]"), vec!["a".to_string(), "b{c=\"d\"}".to_string()]);
        assert_eq!(r.path, "/api/v1/series");
    }

    #[test]
    fn label_values_escapes_names_that_would_change_the_path() {
        let r = label_values("__name__", 1000, 2000, &[]).unwrap();
        assert_eq!(r.url(""), "/api/v1/label/__name__/values?start=1&end=2");
        assert!(label_values("", 0, 1, &[]).is_err());
        // Expected segments written from Prometheus' EscapeName rules (common/model ValueEncodingEscaping).
        for (name, seg) in [
            ("service.name", "U__service_2e_name"),
            ("http.response.status_code", "U__http_2e_response_2e_status__code"),
            ("1abc", "U___31_abc"),
            ("a/b", "U__a_2f_b"),
            ("../x", "U___2e__2e__2f_x"),
            ("a b", "U__a_20_b"),
            ("é", "U___e9_"),
            ("a?b", "U__a_3f_b"),
        ] {
            let r = label_values(name, 0, 1, &[]).unwrap();
            assert_eq!(r.path, format!("/api/v1/label/{seg}/values"), "{name}");
            assert!(seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "{seg}");
        }
        assert!(is_label_name("_"));
        assert!(is_label_name("service_name2"));
    }
}
