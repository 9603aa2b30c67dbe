//! Home's examples, built from what the connected backends hold: the failed-searches search names a service
//! the trace backend lists (the demo's when it has it), the span-by-span example opens a trace the backend
//! just returned, the logs example a service Loki lists for the last hour; when a backend holds nothing
//! usable, the example says why instead of linking to nothing. With no backend (demo mode) the recorded
//! demo queries are used.

use crate::demo;
use crate::telemetry::TraceSummary;
use crate::url_state::{self, LogsState, Route, SearchState, TraceState};

/// The demo's services: the one whose failures the example searches, the RAG app's front end (the root
/// of a whole request), and the one whose logs the logs example shows.
pub const ERRORS_SERVICE: &str = "search-service";
pub const ROOT_SERVICE: &str = "search-ui";
pub const LOGS_SERVICE: &str = "embedding-service";

/// One example link, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Example {
    /// Still asking the backend.
    Pending,
    /// The link (`#/…`), its text when it is not the example's title, and a note to show beside it (e.g. no
    /// errors lately).
    Link { href: String, label: Option<String>, note: Option<String> },
    /// No link: the sentence says why.
    Missing(String),
}

fn href(r: &Route) -> String {
    format!("#{}", url_state::encode(r))
}

/// TraceQL for the failed spans of one service (Jaeger's search reads it as `service=… error=true`).
pub fn errors_query(service: &str) -> String {
    format!("{{resource.service.name={} && status=error}}", crate::lang::quote::quote_string(service))
}

/// TraceQL for every span of one service.
pub fn service_query(service: &str) -> String {
    format!("{{resource.service.name={}}}", crate::lang::quote::quote_string(service))
}

/// `preferred` when the backend lists it, else the first real service (not Jaeger's own `jaeger`).
pub fn pick_service(services: &[String], preferred: &str) -> Option<String> {
    let real = |s: &&String| !s.trim().is_empty() && s.as_str() != "jaeger";
    services.iter().find(|s| s.as_str() == preferred).or_else(|| services.iter().find(real)).cloned()
}

/// The search example: the demo's recorded search with no backend, else the errors of `service`
/// (`errors_found` says whether the backend returned any lately; None while unknown).
pub fn failed_searches(live: bool, service: Option<&str>, errors_found: Option<bool>) -> Example {
    if !live {
        return Example::Link { href: href(&Route::Search(SearchState { query: demo::TRACE_QUERY.into(), ..SearchState::default() })), label: None, note: None };
    }
    let Some(service) = service else {
        return Example::Missing("The trace backend lists no services yet: no traces have reached it.".into());
    };
    let note = match errors_found {
        Some(false) => Some(format!("no failed spans of {service} in the last hour")),
        _ => None,
    };
    Example::Link { href: href(&Route::Search(SearchState { query: errors_query(service), ..SearchState::default() })), label: None, note }
}

/// The trace to show span by span: the one with the most spans (a whole request), the latest among equals.
pub fn pick_trace(list: &[TraceSummary]) -> Option<&TraceSummary> {
    list.iter().max_by_key(|t| (t.span_count.unwrap_or(0), t.start_ms))
}

/// The waterfall example: the demo's recorded trace with no backend, else `trace` (from a search of the
/// last hour; None when it found nothing).
pub fn span_by_span(live: bool, trace: Option<&TraceSummary>, searched: &str) -> Example {
    let open = |id: String| href(&Route::Trace(TraceState { trace_id: id, ..TraceState::default() }));
    if !live {
        return Example::Link { href: open(demo::FEATURED_TRACE_ID.into()), label: None, note: None };
    }
    match trace {
        Some(t) => Example::Link { href: open(t.trace_id.to_hex()), label: None, note: None },
        None => Example::Missing(format!("No trace of {searched} in the last hour to show.")),
    }
}

/// The logs example: the demo's recorded query with no Loki, else the logs of a service Loki lists for the
/// last hour (`services`: its `service_name` values, or why it could not list them).
pub fn service_logs(live: bool, services: Option<Result<Vec<String>, String>>) -> Example {
    let label = |service: &str| {
        let mut c = service.chars();
        Some(c.next().map(|f| f.to_uppercase().chain(c).collect::<String>() + " logs").unwrap_or_default())
    };
    let open = |service: &str| {
        let query = format!("{{service_name={}}}", crate::lang::quote::quote_string(service));
        Example::Link { href: href(&Route::Logs(LogsState { query, ..LogsState::default() })), label: label(service), note: None }
    };
    if !live {
        return Example::Link { href: href(&Route::Logs(LogsState { query: demo::LOG_QUERY.into(), ..LogsState::default() })), label: label(LOGS_SERVICE), note: None };
    }
    match services {
        None => Example::Pending,
        Some(Err(e)) => Example::Missing(format!("Loki did not list its log streams of the last hour: {e}")),
        Some(Ok(list)) => match pick_service(&list, LOGS_SERVICE) {
            Some(s) => open(&s),
            None => Example::Missing("Loki holds no logs with a service_name in the last hour.".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::jaeger::traceql::to_terms;
    use crate::telemetry::TraceId;

    fn summary(id: &str, spans: Option<u32>, start_ms: i64) -> TraceSummary {
        TraceSummary {
            trace_id: TraceId::parse_hex(id).unwrap(),
            root_service: "search-ui".into(),
            root_name: "GET /".into(),
            start_ms,
            duration_ms: 1.0,
            span_count: spans,
            matched: 0,
            error: false,
        }
    }

    #[test]
    fn the_failed_searches_example_names_a_service_the_backend_holds() {
        let svcs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(pick_service(&svcs(&["jaeger", "checkout", "search-service"]), ERRORS_SERVICE).as_deref(), Some("search-service"));
        assert_eq!(pick_service(&svcs(&["jaeger", "checkout"]), ERRORS_SERVICE).as_deref(), Some("checkout"));
        assert_eq!(pick_service(&svcs(&["jaeger", ""]), ERRORS_SERVICE), None);
        let Example::Link { href, note, .. } = failed_searches(true, Some("checkout"), Some(false)) else { panic!() };
        let Route::Search(s) = url_state::decode(&href).route else { panic!("{href}") };
        assert_eq!(s.query, r#"{resource.service.name="checkout" && status=error}"#);
        assert_eq!(to_terms(&s.query).unwrap(), "service=checkout error=true");
        assert!(note.unwrap().contains("checkout"));
        assert!(matches!(failed_searches(true, None, None), Example::Missing(m) if m.contains("no services")));
        let Example::Link { href, .. } = failed_searches(false, None, None) else { panic!() };
        assert!(href.contains("search-service"), "{href}");
        assert_eq!(to_terms(&errors_query("a \"b\"")).unwrap(), r#"service="a \"b\"" error=true"#);
    }

    #[test]
    fn the_span_by_span_example_opens_a_trace_the_backend_returned() {
        let list = vec![summary("a1", Some(5), 10), summary("b2", Some(12), 5), summary("c3", Some(12), 7), summary("d4", None, 99)];
        let t = pick_trace(&list).unwrap();
        assert_eq!(t.trace_id.to_hex(), TraceId::parse_hex("c3").unwrap().to_hex());
        let Example::Link { href, .. } = span_by_span(true, Some(t), "search-ui") else { panic!() };
        assert!(href.ends_with(&t.trace_id.to_hex()), "{href}");
        assert!(pick_trace(&[]).is_none());
        assert!(matches!(span_by_span(true, None, "search-ui"), Example::Missing(m) if m.contains("search-ui")));
        let Example::Link { href, .. } = span_by_span(false, None, "") else { panic!() };
        assert!(href.ends_with(demo::FEATURED_TRACE_ID));
    }

    #[test]
    fn the_logs_example_names_a_service_loki_lists_or_says_why_not() {
        let Example::Link { href, label, .. } = service_logs(true, Some(Ok(vec!["a".into(), LOGS_SERVICE.into()]))) else { panic!() };
        assert_eq!(label.as_deref(), Some("Embedding-service logs"));
        let Route::Logs(l) = url_state::decode(&href).route else { panic!("{href}") };
        assert_eq!(l.query, r#"{service_name="embedding-service"}"#);
        let Example::Link { href, .. } = service_logs(true, Some(Ok(vec!["checkout".into()]))) else { panic!() };
        assert!(href.contains("checkout"));
        assert!(matches!(service_logs(true, Some(Ok(vec![]))), Example::Missing(m) if m.contains("no logs")));
        assert!(matches!(service_logs(true, Some(Err("HTTP 404".into()))), Example::Missing(m) if m.contains("HTTP 404")));
        assert_eq!(service_logs(true, None), Example::Pending);
        let Example::Link { href, .. } = service_logs(false, None) else { panic!() };
        let Route::Logs(l) = url_state::decode(&href).route else { panic!("{href}") };
        assert_eq!(l.query, demo::LOG_QUERY);
    }
}
