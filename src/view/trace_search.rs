//! The trace search page against Jaeger, computed: one search text gives the form's fields, the terms box,
//! the URL and the request, so what the form shows is what the box shows is what Jaeger receives.
//!
//! A TraceQL filter (a link from Home, the README or Tempo) is read as Jaeger terms, or refused with the
//! reason; a search without a service gets the first one Jaeger knows, written into the terms.

use crate::backends::jaeger::form::{compose, decompose, JaegerForm};
use crate::backends::jaeger::request::JaegerSearch;
use crate::backends::jaeger::terms::parse_terms;
use crate::backends::jaeger::traceql::{is_traceql, to_terms};

/// How the trace search page searches, from the trace server that answers: its query box, its hint, and
/// whether a form of fields writes the query. The page renders the dialect; it never names a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// TraceQL, with attribute names and values completed from the server (Tempo).
    TraceQl,
    /// Search terms a form of fields writes (`service=… operation=…`), services and operations listed
    /// by the server; simple TraceQL filters are read as terms (Jaeger).
    Terms,
    /// Recorded demo data: TraceQL, nothing to complete from.
    Demo,
}

impl Dialect {
    pub fn of(traces: Option<crate::datasource::TraceBackend>) -> Dialect {
        use crate::datasource::TraceBackend as T;
        match traces {
            Some(T::Jaeger) => Dialect::Terms,
            Some(_) => Dialect::TraceQl,
            None => Dialect::Demo,
        }
    }
    /// The query box's placeholder.
    pub fn hint(self) -> &'static str {
        match self {
            Dialect::Terms => "Jaeger search terms (the form writes them): service=<name> operation=\"…\" minDuration=100ms tag=value, or a simple TraceQL filter",
            Dialect::TraceQl => "TraceQL, e.g. {resource.service.name=\"search-service\" && status=error}",
            Dialect::Demo => "Demo data (no trace backend answered): TraceQL as for Tempo",
        }
    }
    /// A form of fields (service, operation, tags, durations) writes the query.
    pub fn has_form(self) -> bool {
        self == Dialect::Terms
    }
    /// Attribute names and values can be completed from the server.
    pub fn completes_attributes(self) -> bool {
        self == Dialect::TraceQl
    }
}

/// The services a search may pick: all the server lists but Jaeger's own (`jaeger`, its query service).
pub fn searchable_services(list: Vec<String>) -> Vec<String> {
    list.into_iter().filter(|s| s != "jaeger").collect()
}

/// What a Jaeger search sends and shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JaegerPlan {
    /// The terms box's text and the URL's `query` (equal to `compose(&form)`).
    pub terms: String,
    pub form: JaegerForm,
    /// The request, read from `terms` alone.
    pub search: JaegerSearch,
    /// Sentences for the page: TraceQL read as terms, terms ignored, the service chosen for the user.
    pub notices: Vec<String>,
}

/// Plans a Jaeger search for the URL's query. `services` is what Jaeger lists (its own `jaeger` service
/// is never chosen). Err is the sentence to show instead of sending a request Jaeger would misread.
pub fn jaeger_plan(query: &str, services: &[String], start_ms: i64, end_ms: i64, limit: u32) -> Result<JaegerPlan, String> {
    let mut notices = Vec::new();
    let text = if is_traceql(query) {
        let terms = to_terms(query)?;
        notices.push(format!(
            "Jaeger does not take TraceQL: {} was searched as {}.",
            query.trim(),
            if terms.is_empty() { "every trace".to_string() } else { terms.clone() }
        ));
        terms
    } else {
        query.to_string()
    };
    let (read, ignored) = parse_terms(&text, start_ms, end_ms, limit);
    if !ignored.is_empty() {
        notices.push(format!(
            "Ignored: {} (Jaeger takes service=, operation=, minDuration=, maxDuration=, limit= and tag=value terms, or a TraceQL filter)",
            ignored.join(" ")
        ));
    }
    let mut form = decompose(&text);
    if read.service.trim().is_empty() {
        match services.iter().find(|s| s.as_str() != "jaeger" && !s.trim().is_empty()) {
            Some(s) => {
                notices.push(format!("Jaeger needs a service: showing {s} — choose another above."));
                form.service = s.clone();
            }
            None => return Err("Jaeger needs a service to search, and it lists none yet: no traces have reached it.".to_string()),
        }
    }
    let terms = compose(&form);
    let (search, _) = parse_terms(&terms, start_ms, end_ms, read.limit);
    Ok(JaegerPlan { terms, form, search, notices })
}

/// The terms after one field of the form changed (typed, cleared or chosen): the new form and its text.
pub fn edit_form(form: &JaegerForm, edit: impl FnOnce(&mut JaegerForm)) -> (JaegerForm, String) {
    let mut f = form.clone();
    edit(&mut f);
    let text = compose(&f);
    (f, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::jaeger::request::search;

    fn services() -> Vec<String> {
        ["jaeger", "search-service", "search-ui"].iter().map(|s| s.to_string()).collect()
    }

    fn param(s: &JaegerSearch, k: &str) -> Option<String> {
        search(s).query.into_iter().find(|(n, _)| n == k).map(|(_, v)| v)
    }

    #[test]
    fn traceql_from_a_link_becomes_the_terms_the_form_and_the_request() {
        let p = jaeger_plan(r#"{resource.service.name="search-service" && status=error}"#, &services(), 1, 2, 20).unwrap();
        assert_eq!(p.terms, "service=search-service error=true");
        assert_eq!(p.form.service, "search-service");
        assert_eq!(p.form.tags, "error=true");
        assert_eq!(param(&p.search, "service").as_deref(), Some("search-service"));
        assert_eq!(param(&p.search, "tags").as_deref(), Some(r#"{"error":"true"}"#));
        assert!(p.notices[0].contains("does not take TraceQL"), "{:?}", p.notices);
        let refused = jaeger_plan("{status=ok}", &services(), 1, 2, 20).unwrap_err();
        assert!(refused.contains("status=ok"), "{refused}");
    }

    #[test]
    fn a_missing_service_is_chosen_and_written_into_the_terms() {
        let p = jaeger_plan("minDuration=100ms", &services(), 1, 2, 20).unwrap();
        assert_eq!(p.terms, "service=search-service minDuration=100ms");
        assert_eq!(p.form.service, "search-service");
        assert_eq!(param(&p.search, "minDuration").as_deref(), Some("100ms"));
        assert!(p.notices.iter().any(|n| n.contains("showing search-service")));
        assert!(jaeger_plan("", &["jaeger".to_string()], 1, 2, 20).unwrap_err().contains("lists none"));
    }

    #[test]
    fn a_cleared_field_leaves_the_terms_and_the_request() {
        let p = jaeger_plan("service=a minDuration=100ms", &services(), 1, 2, 20).unwrap();
        assert_eq!(param(&p.search, "minDuration").as_deref(), Some("100ms"));
        let (form, text) = edit_form(&p.form, |f| f.min_duration = "  ".into());
        assert_eq!(text, "service=a");
        assert_eq!(form.min_duration, "  ");
        let again = jaeger_plan(&text, &services(), 1, 2, 20).unwrap();
        assert_eq!(param(&again.search, "minDuration"), None);
        assert_eq!(again.form.min_duration, "");
        // Typed: shown in the terms and sent.
        let (_, text) = edit_form(&again.form, |f| f.min_duration = "250ms".into());
        assert_eq!(text, "service=a minDuration=250ms");
        let typed = jaeger_plan(&text, &services(), 1, 2, 20).unwrap();
        assert_eq!(typed.terms, text);
        assert_eq!(param(&typed.search, "minDuration").as_deref(), Some("250ms"));
    }

    #[test]
    fn terms_box_form_and_request_agree_and_limit_is_kept() {
        for q in ["service=a operation=\"GET /x\" error=true maxDuration=2s", "service=a limit=7 k=\"v w\"", "a"] {
            let p = jaeger_plan(q, &services(), 1, 2, 20).unwrap();
            assert_eq!(p.terms, compose(&p.form), "{q}");
            assert_eq!(decompose(&p.terms), p.form, "{q}");
            assert_eq!(p.search, parse_terms(&p.terms, 1, 2, p.search.limit).0, "{q}");
        }
        assert_eq!(jaeger_plan("service=a limit=7", &services(), 1, 2, 20).unwrap().search.limit, 7);
        let odd = jaeger_plan("{x} limit=abc", &services(), 1, 2, 20);
        assert!(odd.is_err() || odd.unwrap().notices.iter().any(|n| n.starts_with("Ignored")));
    }

    #[test]
    fn the_search_dialect_follows_the_trace_server_that_answers() {
        use crate::datasource::TraceBackend as T;
        assert!(Dialect::of(Some(T::Jaeger)).has_form() && !Dialect::of(Some(T::Jaeger)).completes_attributes());
        assert!(Dialect::of(Some(T::Tempo)).completes_attributes() && !Dialect::of(Some(T::Tempo)).has_form());
        assert_eq!(Dialect::of(None), Dialect::Demo);
        assert!(Dialect::of(None).hint().starts_with("Demo data"));
    }
}
