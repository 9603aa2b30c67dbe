//! The search box's text for Jaeger (`service=x operation="GET /a" error=true minDuration=100ms`) → a search.

use super::request::JaegerSearch;

/// Splits on whitespace outside double quotes; quotes are removed, `\"` keeps a quote.
fn words(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut escaped, mut any) = (false, false, false);
    for c in q.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
        } else if c == '\\' && quoted {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
            any = true;
        } else if c.is_whitespace() && !quoted {
            if any || !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            any = false;
        } else {
            cur.push(c);
            any = true;
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A term value as `parse_terms` reads it back: bare, or double-quoted (with `\` before `"` and `\`) when
/// it is empty or holds whitespace, a quote or a backslash.
pub fn quote_term(v: &str) -> String {
    if !v.is_empty() && !v.chars().any(|c| c.is_whitespace() || c == '"' || c == '\\') {
        return v.to_string();
    }
    let mut out = String::from("\"");
    for c in v.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Reads `key=value` terms: `service` (or `resource.service.name`), `operation` (or `name`), `minDuration`,
/// `maxDuration`, `limit`; any other key is a tag filter. A bare word is taken as the service when none is
/// given. Returns the search and the terms it could not use, for a notice.
pub fn parse_terms(q: &str, start_ms: i64, end_ms: i64, limit: u32) -> (JaegerSearch, Vec<String>) {
    let mut s = JaegerSearch { start_ms, end_ms, limit, ..JaegerSearch::default() };
    let mut ignored = Vec::new();
    for w in words(q) {
        match w.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() && !k.starts_with('{') => {
                let (k, v) = (k.trim(), v.trim().to_string());
                match k {
                    "service" | "resource.service.name" | "service.name" => s.service = v,
                    "operation" | "name" | "span" => s.operation = Some(v),
                    "minDuration" | "min_duration" => s.min_duration = Some(v),
                    "maxDuration" | "max_duration" => s.max_duration = Some(v),
                    "limit" => match v.parse::<u32>() {
                        Ok(n) if n > 0 => s.limit = n.min(10_000),
                        _ => ignored.push(w.clone()),
                    },
                    _ => s.tags.push((k.to_string(), v)),
                }
            }
            _ if s.service.is_empty() && !w.starts_with('{') && !w.is_empty() => s.service = w,
            _ => ignored.push(w),
        }
    }
    (s, ignored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_service_operation_durations_and_tags() {
        let (s, ignored) = parse_terms(r#"service=search-service operation="GET /api/search" error=true http.status_code=500 minDuration=100ms"#, 1, 2, 20);
        assert_eq!(s.service, "search-service");
        assert_eq!(s.operation.as_deref(), Some("GET /api/search"));
        assert_eq!(s.tags, vec![("error".to_string(), "true".to_string()), ("http.status_code".to_string(), "500".to_string())]);
        assert_eq!(s.min_duration.as_deref(), Some("100ms"));
        assert_eq!((s.start_ms, s.end_ms, s.limit), (1, 2, 20));
        assert!(ignored.is_empty());
    }

    #[test]
    fn bare_word_is_the_service_and_junk_is_reported() {
        let (s, ignored) = parse_terms("checkout {status=error} limit=abc", 0, 1, 20);
        assert_eq!(s.service, "checkout");
        assert_eq!(ignored, vec!["{status=error}".to_string(), "limit=abc".to_string()]);
    }

    #[test]
    fn quoted_terms_read_back_unchanged() {
        for v in ["plain", "GET /api/x", "say \"hi\"", "back\\slash", ""] {
            let (s, ignored) = parse_terms(&format!("service=svc msg={}", quote_term(v)), 0, 1, 5);
            assert!(ignored.is_empty(), "{v:?}");
            assert_eq!(s.tags, vec![("msg".to_string(), v.to_string())], "{v:?}");
        }
    }

    #[test]
    fn quoted_values_keep_spaces_and_escaped_quotes() {
        let (s, _) = parse_terms(r#"service=a msg="say \"hi\" now""#, 0, 1, 5);
        assert_eq!(s.tags, vec![("msg".to_string(), "say \"hi\" now".to_string())]);
        let (empty, ignored) = parse_terms("   ", 0, 1, 5);
        assert!(empty.service.is_empty() && ignored.is_empty());
    }
}
