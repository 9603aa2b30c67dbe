//! TraceQL → Jaeger search terms: the span filters Jaeger's search can express (one `{…}` of conditions
//! joined by `&&`: service, span name, `status=error`, span duration bounds, attributes equal to a value);
//! anything else is refused with a sentence saying why, never sent as a broken request.
//!
//! Jaeger (v1.75, `GET /api/traces`) finds traces with one span matching every term: `service`, `operation`,
//! `minDuration`/`maxDuration` (span duration), and `tags` (a JSON object; a key matches span, scope,
//! resource or event attributes by value; the key `error` selects spans whose status is error) — the same
//! per-span meaning as a TraceQL spanset filter.

use super::terms::quote_term;
use crate::lang::token::TokenKind;
use crate::lang::tokenize_traceql;

/// Whether a search text is TraceQL (a `{…}` filter) rather than Jaeger search terms.
pub fn is_traceql(q: &str) -> bool {
    q.trim_start().starts_with('{')
}

/// What Jaeger's search takes, listed in every refusal.
const JAEGER_TAKES: &str =
    "Jaeger's search takes one {…} filter of conditions joined by &&: resource.service.name=\"…\", name=\"…\", status=error, duration>… or duration<…, and attributes equal to a value";

fn refuse(what: &str) -> String {
    format!("Jaeger cannot search for {what}. {JAEGER_TAKES}.")
}

#[derive(Default)]
struct Terms {
    service: Option<String>,
    operation: Option<String>,
    min: Option<String>,
    max: Option<String>,
    tags: Vec<(String, String)>,
}

impl Terms {
    fn text(&self) -> String {
        let mut out = Vec::new();
        let mut push = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                out.push(format!("{k}={}", quote_term(v)));
            }
        };
        push("service", &self.service);
        push("operation", &self.operation);
        push("minDuration", &self.min);
        push("maxDuration", &self.max);
        for (k, v) in &self.tags {
            out.push(format!("{}={}", quote_term(k), quote_term(v)));
        }
        out.join(" ")
    }
}

/// A TraceQL string literal's value (`"a\"b"` → `a"b`; backquoted strings are raw).
fn unquote(lit: &str) -> String {
    if let Some(raw) = lit.strip_prefix('`') {
        return raw.strip_suffix('`').unwrap_or(raw).to_string();
    }
    let inner = lit.strip_prefix('"').unwrap_or(lit);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An attribute token's name without its scope (`span.http.route` → `http.route`, `."a b"` → `a b`) and
/// whether it was `resource.`-scoped or unscoped (where `service.name` is the service).
fn attribute_name(tok: &str) -> (String, bool) {
    let (rest, service_scope) = if let Some(r) = tok.strip_prefix("resource.") {
        (r, true)
    } else if let Some(r) = tok.strip_prefix("span.") {
        (r, false)
    } else if let Some(r) = tok.strip_prefix('.') {
        (r, true)
    } else {
        (tok, false)
    };
    let name = if rest.starts_with('"') { unquote(rest) } else { rest.to_string() };
    (name, service_scope)
}

/// One condition `lhs op value` added to the terms.
fn condition(t: &mut Terms, lhs: (TokenKind, &str), op: &str, value: (TokenKind, &str)) -> Result<(), String> {
    let cond = format!("{}{op}{}", lhs.1, value.1);
    let text_value = || match value.0 {
        TokenKind::String => Some(unquote(value.1)),
        TokenKind::Number | TokenKind::Duration => Some(value.1.to_string()),
        TokenKind::Keyword if matches!(value.1, "true" | "false") => Some(value.1.to_string()),
        _ => None,
    };
    let set = |slot: &mut Option<String>, v: String, what: &str| -> Result<(), String> {
        match slot {
            Some(old) if *old != v => Err(refuse(&format!("two different {what}s ({old} and {v})"))),
            _ => {
                *slot = Some(v);
                Ok(())
            }
        }
    };
    let intrinsic = lhs.1.strip_prefix("span:").unwrap_or(lhs.1);
    match (lhs.0, intrinsic) {
        (TokenKind::Intrinsic, "status") => match (op, value.1) {
            ("=", "error") => {
                if !t.tags.iter().any(|(k, _)| k == "error") {
                    t.tags.push(("error".into(), "true".into()));
                }
                Ok(())
            }
            _ => Err(refuse(&format!("`{cond}` (only spans with an error: status=error)"))),
        },
        (TokenKind::Intrinsic, "name") if op == "=" => match text_value() {
            Some(v) => set(&mut t.operation, v, "span name"),
            None => Err(refuse(&format!("`{cond}`"))),
        },
        (TokenKind::Intrinsic, "duration") if value.0 == TokenKind::Duration => match op {
            ">" | ">=" => set(&mut t.min, value.1.replace('µ', "u"), "minimum duration"),
            "<" | "<=" => set(&mut t.max, value.1.replace('µ', "u"), "maximum duration"),
            _ => Err(refuse(&format!("`{cond}` (a duration takes > or <)"))),
        },
        (TokenKind::Intrinsic, _) => Err(refuse(&format!("`{cond}`"))),
        (TokenKind::LabelName, _) => {
            let (name, service_scope) = attribute_name(lhs.1);
            let Some(v) = text_value().filter(|_| op == "=") else {
                return Err(refuse(&format!("`{cond}` (attributes are matched by equal value only)")));
            };
            if name.is_empty() {
                return Err(refuse(&format!("`{cond}`")));
            }
            if service_scope && name == "service.name" {
                return set(&mut t.service, v, "service");
            }
            match t.tags.iter().find(|(k, _)| *k == name) {
                Some((_, old)) if *old != v => Err(refuse(&format!("two values of {name} ({old} and {v})"))),
                Some(_) => Ok(()),
                None => {
                    t.tags.push((name, v));
                    Ok(())
                }
            }
        }
        _ => Err(refuse(&format!("`{cond}`"))),
    }
}

/// The Jaeger search terms (`service=… operation=… minDuration=… k=v`, as `terms::parse_terms` reads them)
/// for a TraceQL filter, or a sentence saying what Jaeger cannot express. `{}` gives no terms (every trace).
pub fn to_terms(traceql: &str) -> Result<String, String> {
    let toks: Vec<(TokenKind, &str)> = tokenize_traceql(traceql)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .map(|t| (t.kind, traceql.get(t.start..t.end).unwrap_or("")))
        .collect();
    if let Some((_, bad)) = toks.iter().find(|(k, _)| *k == TokenKind::Error) {
        return Err(format!("This TraceQL does not read: `{bad}` is not valid there. {JAEGER_TAKES}."));
    }
    let (first, last) = (toks.first().map(|t| t.1), toks.last().map(|t| t.1));
    let braces = toks.iter().filter(|(k, s)| *k == TokenKind::Punct && (*s == "{" || *s == "}")).count();
    if first != Some("{") || last != Some("}") || braces != 2 {
        let what = if toks.iter().any(|(_, s)| *s == "|") {
            "a pipeline (| …)".to_string()
        } else if braces > 2 {
            "several {…} filters combined".to_string()
        } else {
            format!("`{}`", traceql.trim())
        };
        return Err(refuse(&what));
    }
    let inner = toks.get(1..toks.len() - 1).unwrap_or(&[]);
    let mut terms = Terms::default();
    for cond in inner.split(|(k, s)| *k == TokenKind::Operator && *s == "&&") {
        match cond {
            [] if inner.is_empty() => {}
            [lhs, (TokenKind::Matcher | TokenKind::Operator, op), value] if matches!(lhs.0, TokenKind::LabelName | TokenKind::Intrinsic) => {
                condition(&mut terms, *lhs, op, *value)?;
            }
            _ => {
                let text: Vec<&str> = cond.iter().map(|t| t.1).collect();
                let what = if text.contains(&"||") {
                    "conditions joined by || (every term must match)".to_string()
                } else if text.is_empty() {
                    "an empty condition".to_string()
                } else {
                    format!("`{}`", text.join(" "))
                };
                return Err(refuse(&what));
            }
        }
    }
    Ok(terms.text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::jaeger::request::search;
    use crate::backends::jaeger::terms::parse_terms;

    fn ok(q: &str) -> String {
        to_terms(q).unwrap_or_else(|e| panic!("{q}: {e}"))
    }

    /// The query parameters Jaeger receives for a TraceQL filter.
    fn params(q: &str) -> Vec<(String, String)> {
        let (s, ignored) = parse_terms(&ok(q), 1000, 2000, 20);
        assert!(ignored.is_empty(), "{q}: {ignored:?}");
        search(&s).query.into_iter().filter(|(k, _)| !matches!(k.as_str(), "start" | "end" | "limit")).collect()
    }

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_failed_searches_example_becomes_service_and_error() {
        let q = r#"{resource.service.name="search-service" && status=error}"#;
        assert!(is_traceql(q));
        assert_eq!(ok(q), "service=search-service error=true");
        assert_eq!(params(q), p(&[("service", "search-service"), ("tags", r#"{"error":"true"}"#)]));
    }

    #[test]
    fn route_name_and_durations() {
        assert_eq!(params(r#"{span.http.route="/x"}"#), p(&[("service", ""), ("tags", r#"{"http.route":"/x"}"#)]));
        assert_eq!(params(r#"{ name = "GET /api/v1/documents/{id}" }"#), p(&[("service", ""), ("operation", "GET /api/v1/documents/{id}")]));
        assert_eq!(params("{duration>100ms}"), p(&[("service", ""), ("minDuration", "100ms")]));
        assert_eq!(ok("{duration >= 1.5s && duration < 2m}"), "minDuration=1.5s maxDuration=2m");
        assert_eq!(ok("{span:duration > 500µs}"), "minDuration=500us");
        assert_eq!(
            ok(r#"{resource.service.name="search-service" && span:name="POST /api/v1/search" && span.http.response.status_code=500 && .retry=true && resource.deployment.environment=`prod`}"#),
            r#"service=search-service operation="POST /api/v1/search" http.response.status_code=500 retry=true deployment.environment=prod"#
        );
        assert_eq!(ok(r#"{.service.name="a" && span."my key"="x y"}"#), r#"service=a "my key"="x y""#);
        assert_eq!(ok("{}"), "");
        assert_eq!(ok(" { } "), "");
        assert_eq!(ok(r#"{status=error && status=error && .service.name="a" && resource.service.name="a"}"#), "service=a error=true");
    }

    #[test]
    fn terms_read_back_through_the_search_form() {
        let terms = ok(r#"{resource.service.name="a b" && name="say \"hi\"" && span.k="v\\w"}"#);
        let (s, ignored) = parse_terms(&terms, 0, 1, 5);
        assert!(ignored.is_empty());
        assert_eq!(s.service, "a b");
        assert_eq!(s.operation.as_deref(), Some("say \"hi\""));
        assert_eq!(s.tags, vec![("k".to_string(), "v\\w".to_string())]);
    }

    #[test]
    fn what_jaeger_cannot_express_is_refused_with_a_reason() {
        for (q, says) in [
            (r#"{.a="1" || .b="2"}"#, "||"),
            ("{status=ok}", "status=ok"),
            ("{status!=error}", "status!=error"),
            (r#"{span.http.route=~"/api.*"}"#, "equal value"),
            (r#"{span.http.route!="/x"}"#, "equal value"),
            ("{span.http.status_code>=500}", "equal value"),
            ("{kind=server}", "kind=server"),
            (r#"{rootServiceName="a"}"#, "rootServiceName"),
            ("{traceDuration>1s}", "traceDuration"),
            ("{duration=1s}", "duration"),
            (r#"{resource.service.name="a"} | count() > 2"#, "pipeline"),
            (r#"{resource.service.name="a"} >> {status=error}"#, "several"),
            (r#"{resource.service.name="a" && resource.service.name="b"}"#, "two different services"),
            (r#"{.k="a" && span.k="b"}"#, "two values of k"),
            (r#"{.a = "x"#, "does not read"),
            ("{ && }", "empty condition"),
            ("{ .a }", "`.a`"),
            (r#"{.a=nil}"#, "equal value"),
        ] {
            let e = to_terms(q).expect_err(q);
            assert!(e.contains(says), "{q}: {e}");
            assert!(e.starts_with("Jaeger cannot") || e.starts_with("This TraceQL"), "{q}: {e}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for q in ["", "{", "}", "{{}}", "{\"", "{.=1}", "{ span. = 1 }", "{ = }", "{ name = }", "{µ}", "{`a`}", "{ .a = `b }"] {
            let _ = to_terms(q);
        }
        assert!(!is_traceql("service=a"));
    }
}
