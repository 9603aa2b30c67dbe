//! Tempo's autocomplete data for the TraceQL editor: attribute names by scope (`/api/v2/search/tags`) and the
//! values of one attribute (`/api/v2/search/tag/<name>/values`), as they are written in a query.

use serde::Deserialize;

use super::convert::check_body;
use crate::backends::error::json_error;
use crate::backends::otlp::flex::{clip, nullable};
use crate::backends::{ApiError, ApiRequest};

/// `GET /api/v2/search/tags?start&end`: every scope's attribute names seen in the range (Unix seconds).
pub fn tags_request(start_s: i64, end_s: i64) -> ApiRequest {
    ApiRequest::get("/api/v2/search/tags").param("start", start_s.to_string()).param("end", end_s.max(start_s).to_string())
}

/// `GET /api/v2/search/tag/<attribute>/values?start&end`: the values of an attribute written as in TraceQL
/// (`resource.service.name`, `span.http.route`, `.foo`, `name`).
pub fn tag_values_request(attribute: &str, start_s: i64, end_s: i64) -> ApiRequest {
    let mut path = String::from("/api/v2/search/tag/");
    crate::backends::request::encode_component(attribute, &mut path);
    path.push_str("/values");
    ApiRequest::get(path).param("start", start_s.to_string()).param("end", end_s.max(start_s).to_string())
}

#[derive(Deserialize)]
struct TagsResponse {
    #[serde(default, deserialize_with = "nullable")]
    scopes: Vec<Scope>,
}

#[derive(Deserialize)]
struct Scope {
    #[serde(default)]
    name: String,
    #[serde(default, deserialize_with = "nullable")]
    tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TagValuesResponse {
    #[serde(default, deserialize_with = "nullable")]
    tag_values: Vec<TagValue>,
}

#[derive(Deserialize)]
struct TagValue {
    #[serde(default)]
    value: Option<serde_json::Value>,
}

/// Parses `/api/v2/search/tags` into attribute names as written in TraceQL: `resource.service.name`,
/// `span.http.route`, `event.exception.type`… Intrinsics (`duration`, `status`…) are left out: the editor
/// offers them itself. Sorted, without duplicates.
pub fn parse_tags(status: u16, content_type: &str, body: &str) -> Result<Vec<String>, ApiError> {
    check_body(status, content_type, body)?;
    let r: TagsResponse = serde_json::from_str(body).map_err(|e| ApiError::InvalidJson(format!("Tempo's tag list could not be read ({}).", json_error(&e))))?;
    if r.scopes.is_empty() && !body.contains("\"scopes\"") {
        return Err(ApiError::InvalidJson(format!("expected Tempo's tag list ({{\"scopes\":…}}) but got {}", clip(body.trim(), 120))));
    }
    let mut out: Vec<String> = r
        .scopes
        .into_iter()
        .filter(|s| s.name != "intrinsic" && !s.name.is_empty() && s.name.len() <= 40)
        .flat_map(|s| {
            let scope = s.name;
            s.tags.into_iter().filter(|t| !t.is_empty() && t.len() <= 200).map(move |t| format!("{scope}.{t}"))
        })
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// Parses `/api/v2/search/tag/<name>/values` (`{"tagValues":[{"type":"string","value":"…"}]}`) into the values
/// as text (numbers and booleans too), sorted, without duplicates.
pub fn parse_tag_values(status: u16, content_type: &str, body: &str) -> Result<Vec<String>, ApiError> {
    check_body(status, content_type, body)?;
    let r: TagValuesResponse = serde_json::from_str(body).map_err(|e| ApiError::InvalidJson(format!("Tempo's tag values could not be read ({}).", json_error(&e))))?;
    if r.tag_values.is_empty() && !body.contains("\"tagValues\"") {
        return Err(ApiError::InvalidJson(format!("expected Tempo's tag values ({{\"tagValues\":…}}) but got {}", clip(body.trim(), 120))));
    }
    let mut out: Vec<String> = r
        .tag_values
        .into_iter()
        .filter_map(|v| match v.value? {
            serde_json::Value::String(s) => Some(s),
            n @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/fixtures/tempo/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn requests() {
        assert_eq!(tags_request(1795452831, 1795454006).url("/api/tempo"), "/api/tempo/api/v2/search/tags?start=1795452831&end=1795454006");
        assert_eq!(tag_values_request("resource.service.name", 10, 5).url(""), "/api/v2/search/tag/resource.service.name/values?start=10&end=10");
        assert_eq!(tag_values_request("span.a/b c", 1, 2).path, "/api/v2/search/tag/span.a%2Fb%20c/values");
    }

    #[test]
    fn tag_names_from_a_real_tempo() {
        let tags = parse_tags(200, "application/json", &fixture("search_tags_v2.json")).unwrap();
        assert!(tags.contains(&"resource.service.name".to_string()), "{tags:?}");
        assert!(tags.contains(&"span.http.route".to_string()), "{tags:?}");
        assert!(tags.contains(&"event.exception.type".to_string()), "{tags:?}");
        assert!(!tags.iter().any(|t| t == "duration" || t.starts_with("intrinsic.")), "intrinsics are the editor's own");
        assert!(tags.windows(2).all(|w| w[0] < w[1]));
        let span = parse_tags(200, "application/json", &fixture("search_tags_v2_scope_span.json")).unwrap();
        assert!(!span.is_empty() && span.iter().all(|t| t.starts_with("span.")), "{span:?}");
    }

    #[test]
    fn tag_values_from_a_real_tempo() {
        let v = parse_tag_values(200, "application/json", &fixture("tag_values_v2.json")).unwrap();
        assert_eq!(v, ["embedding-service", "search-service", "search-ui"]);
        let v = parse_tag_values(200, "application/json", &fixture("tag_values_v2_filtered.json")).unwrap();
        assert_eq!(v, ["/api/v1/search"]);
        let mixed = r#"{"tagValues":[{"type":"int","value":200},{"type":"bool","value":true},{"type":"string","value":"a"},{"type":"x"},{"value":null}]}"#;
        assert_eq!(parse_tag_values(200, "application/json", mixed).unwrap(), ["200", "a", "true"]);
        assert_eq!(parse_tag_values(200, "application/json", r#"{"tagValues":[]}"#).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn errors_say_what_happened() {
        // The legacy (v1) answer, another server's JSON, HTML and a 400 are not a tag list.
        let legacy = fixture("search_tags.json");
        assert!(matches!(parse_tags(200, "application/json", &legacy), Err(ApiError::InvalidJson(_))));
        assert!(matches!(parse_tag_values(200, "application/json", r#"{"status":"success","data":[]}"#), Err(ApiError::InvalidJson(_))));
        assert!(matches!(parse_tags(502, "text/html", "<html><title>502 Bad Gateway</title></html>"), Err(ApiError::Html { .. })));
        let e = parse_tag_values(400, "text/plain", "invalid TraceQL query: parse error at line 1, col 2").unwrap_err();
        assert!(e.to_string().contains("parse error"), "{e}");
    }
}
