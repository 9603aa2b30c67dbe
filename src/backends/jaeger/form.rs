//! The Jaeger search form (service, operation, tags, min/max duration) ⇄ the search text kept in the URL,
//! which `terms::parse_terms` reads back; and the operations list request.

use super::request::JaegerSearch;
use super::terms::parse_terms;
use crate::backends::request::encode_component;
use crate::backends::ApiRequest;

/// What the form's fields hold, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JaegerForm {
    pub service: String,
    /// Empty = all operations.
    pub operation: String,
    /// `key=value` pairs separated by spaces (quotes for values with spaces), as Jaeger UI's tags box.
    pub tags: String,
    pub min_duration: String,
    pub max_duration: String,
}

/// `GET /api/services/<service>/operations`: `{"data":["GET /a",…]}` (read with `convert::parse_strings`).
pub fn operations(service: &str) -> ApiRequest {
    let mut path = String::from("/api/services/");
    encode_component(service.trim(), &mut path);
    path.push_str("/operations");
    ApiRequest::get(path)
}

use super::terms::quote_term as quote;

/// The search text of a filled-in form: `service=… operation="…" minDuration=… maxDuration=… k=v …`.
/// Empty fields are left out; the tags box is normalised through the same parser that reads the URL.
pub fn compose(form: &JaegerForm) -> String {
    let mut parts = Vec::new();
    if !form.service.trim().is_empty() {
        parts.push(format!("service={}", quote(form.service.trim())));
    }
    if !form.operation.trim().is_empty() {
        parts.push(format!("operation={}", quote(form.operation.trim())));
    }
    if !form.min_duration.trim().is_empty() {
        parts.push(format!("minDuration={}", quote(form.min_duration.trim())));
    }
    if !form.max_duration.trim().is_empty() {
        parts.push(format!("maxDuration={}", quote(form.max_duration.trim())));
    }
    let (tags, _) = parse_terms(&form.tags, 0, 0, 1);
    for (k, v) in &tags.tags {
        parts.push(format!("{}={}", quote(k), quote(v)));
    }
    parts.join(" ")
}

/// The form for a search text (the inverse of `compose` for what it writes).
pub fn decompose(text: &str) -> JaegerForm {
    let (s, _): (JaegerSearch, _) = parse_terms(text, 0, 0, 1);
    JaegerForm {
        service: s.service,
        operation: s.operation.unwrap_or_default(),
        tags: s.tags.iter().map(|(k, v)| format!("{}={}", quote(k), quote(v))).collect::<Vec<_>>().join(" "),
        min_duration: s.min_duration.unwrap_or_default(),
        max_duration: s.max_duration.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::jaeger::convert::parse_strings;

    #[test]
    fn operations_request_and_answer() {
        assert_eq!(operations("search-service").url("/api/jaeger"), "/api/jaeger/api/services/search-service/operations");
        assert_eq!(operations("a b/c").path, "/api/services/a%20b%2Fc/operations");
        let body = r#"{"data":["search documents","POST /api/v1/search","parse_query","POST /api/v1/search"],"total":4,"limit":0,"offset":0,"errors":null}"#;
        let ops = parse_strings(200, "application/json", body).unwrap();
        assert_eq!(ops, vec!["POST /api/v1/search".to_string(), "parse_query".to_string(), "search documents".to_string()]);
    }

    #[test]
    fn recorded_jaeger_lists() {
        // Recorded from Jaeger 2 (in-memory storage) fed by trifocal-gen.
        let ops = parse_strings(200, "application/json", include_str!("../../../tests/fixtures/jaeger/operations.json")).unwrap();
        assert_eq!(ops.len(), 10);
        assert_eq!(ops.first().map(String::as_str), Some("GET /api/v1/documents/{id}"));
        assert!(ops.contains(&"POST /api/v1/search".to_string()));
        assert!(ops.windows(2).all(|w| w[0] < w[1]));
        let services = parse_strings(200, "application/json", include_str!("../../../tests/fixtures/jaeger/services.json")).unwrap();
        assert_eq!(services, vec!["checkout", "embedding-service", "llm-gateway", "postgres", "qdrant", "search-service", "search-ui"]);
    }

    #[test]
    fn compose_and_decompose_round_trip() {
        let form = JaegerForm {
            service: "search-service".into(),
            operation: "POST /api/v1/search".into(),
            tags: r#"error=true http.route="/api/v1/search" msg="say \"hi\"""#.into(),
            min_duration: "100ms".into(),
            max_duration: " ".into(),
        };
        let text = compose(&form);
        assert_eq!(
            text,
            r#"service=search-service operation="POST /api/v1/search" minDuration=100ms error=true http.route=/api/v1/search msg="say \"hi\"""#
        );
        let (s, ignored) = parse_terms(&text, 1, 2, 20);
        assert!(ignored.is_empty());
        assert_eq!(s.service, "search-service");
        assert_eq!(s.operation.as_deref(), Some("POST /api/v1/search"));
        assert_eq!(s.min_duration.as_deref(), Some("100ms"));
        assert_eq!(s.max_duration, None);
        assert_eq!(s.tags.len(), 3);
        assert_eq!(s.tags[2], ("msg".to_string(), "say \"hi\"".to_string()));
        let back = decompose(&text);
        assert_eq!(back.service, "search-service");
        assert_eq!(back.operation, "POST /api/v1/search");
        assert_eq!(back.min_duration, "100ms");
        assert_eq!(compose(&back), text);
        assert_eq!(compose(&JaegerForm::default()), "");
        assert_eq!(decompose(""), JaegerForm::default());
    }
}
