//! Searching Jaeger for failed spans so that it works on every storage. The tag `error=true` is how Jaeger's
//! HTTP search asks for them, and most storages index it; but Jaeger v1.75's in-memory storage reads the
//! tags of the HTTP API as text, takes `"true"` for false and returns spans whose status is OK instead. So
//! the answer is checked span by span here, and when it holds no failed span the latest traces of the
//! service are searched without the tag and their failed spans kept.

use super::request::JaegerSearch;
use crate::telemetry::Trace;

/// The most traces read when Jaeger's error search found nothing: the latest traces of the service, among
/// which the failed ones are kept.
pub const FALLBACK_DEPTH: u32 = 300;

/// Whether the search asks for failed spans (`error=true`).
pub fn wants_errors(q: &JaegerSearch) -> bool {
    q.tags.iter().any(|(k, v)| k == "error" && v.trim().eq_ignore_ascii_case("true"))
}

/// The same search without the error tag, over the latest [`FALLBACK_DEPTH`] traces.
pub fn without_error_tag(q: &JaegerSearch) -> JaegerSearch {
    let mut out = q.clone();
    out.tags.retain(|(k, _)| k != "error");
    out.limit = FALLBACK_DEPTH.max(q.limit);
    out
}

/// The traces with a failed span of the searched service (and operation, when one is given), at most
/// `q.limit`, in the order given.
pub fn keep_failed(traces: Vec<Trace>, q: &JaegerSearch) -> Vec<Trace> {
    let service = q.service.trim();
    let op = q.operation.as_deref().map(str::trim).filter(|o| !o.is_empty());
    traces
        .into_iter()
        .filter(|t| {
            t.spans.iter().any(|s| s.is_error() && (service.is_empty() || &*s.service == service) && op.is_none_or(|o| s.name == o))
        })
        .take(q.limit.max(1) as usize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::SpanStatus;
    use crate::view::trace::testutil::{span, trace, with_service};

    fn q(tags: &[(&str, &str)], op: Option<&str>, limit: u32) -> JaegerSearch {
        JaegerSearch {
            service: "search-service".into(),
            operation: op.map(str::to_string),
            tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            limit,
            ..JaegerSearch::default()
        }
    }

    #[test]
    fn error_searches_are_recognised_and_widened_without_the_tag() {
        let s = q(&[("error", "true"), ("http.route", "/x")], None, 20);
        assert!(wants_errors(&s));
        assert!(!wants_errors(&q(&[("error", "false")], None, 20)));
        let wide = without_error_tag(&s);
        assert_eq!(wide.tags, vec![("http.route".to_string(), "/x".to_string())]);
        assert_eq!((wide.limit, wide.service.as_str()), (FALLBACK_DEPTH, "search-service"));
    }

    #[test]
    fn only_traces_with_a_failed_span_of_the_service_are_kept() {
        let failed = |id: u64, service: &str, name: &str| {
            let mut s = with_service(span(id, None, 0, 10), service);
            s.name = name.into();
            s.status = SpanStatus::Error("boom".into());
            s
        };
        let ok = trace(vec![with_service(span(1, None, 0, 10), "search-service")]);
        let elsewhere = trace(vec![with_service(span(2, None, 0, 10), "search-service"), failed(3, "qdrant", "search")]);
        let here = trace(vec![failed(4, "search-service", "POST /api/v1/search")]);
        let other_op = trace(vec![failed(5, "search-service", "GET /api/v1/suggest")]);
        let all = vec![ok, elsewhere, here.clone(), other_op.clone()];
        assert_eq!(keep_failed(all.clone(), &q(&[("error", "true")], None, 20)), vec![here.clone(), other_op.clone()]);
        assert_eq!(keep_failed(all.clone(), &q(&[("error", "true")], Some("POST /api/v1/search"), 20)), vec![here.clone()]);
        assert_eq!(keep_failed(all, &q(&[("error", "true")], None, 1)), vec![here]);
        assert!(keep_failed(Vec::new(), &q(&[], None, 0)).is_empty());
    }
}
