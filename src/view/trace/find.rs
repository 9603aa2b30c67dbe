//! Find in a trace: a query of space-separated terms, all of which must match a span.
//!
//! - free text: case-insensitive substring of the span name, service, span ID, status message, or any
//!   attribute or resource attribute key or value;
//! - `key=value`: an attribute (span or resource) with exactly this key and exactly this value; the keys
//!   `service`, `name`, `status` (error/ok/unset), `kind` (server, client, …) and `span` (span ID) compare
//!   with the span's own fields, case-insensitively;
//! - `path=KEY`: the spans of one node of the trace graph (`view::trace::graph`; KEY is its path hash);
//! - `duration>10ms` (also `>=`, `<`, `<=`; units ns, us/µs, ms, s, m, h; a bare number is ms).
//!
//! Double quotes group words: `"GET /search"`, `http.route="/api/v1/search"`.

use crate::telemetry::{Attribute, Span, SpanId, SpanKind, SpanStatus, Trace};
use crate::view::trace::model::TraceModel;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// Lowercased text to find anywhere.
    Text(String),
    /// `key=value`.
    Field { key: String, value: String },
    /// `duration<op><ns>`.
    Duration { op: Cmp, ns: i64 },
}

/// A parsed find query. No terms matches nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FindQuery {
    pub terms: Vec<Term>,
}

impl FindQuery {
    pub fn parse(input: &str) -> FindQuery {
        FindQuery { terms: tokens(input).into_iter().filter(|t| !t.is_empty()).map(|t| parse_term(&t)).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Splits on whitespace outside double quotes; quotes are removed.
fn tokens(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn parse_term(token: &str) -> Term {
    if let Some(t) = parse_duration_term(token) {
        return t;
    }
    match token.split_once('=') {
        Some((key, value)) if !key.is_empty() => Term::Field { key: key.to_string(), value: value.to_string() },
        _ => Term::Text(token.to_lowercase()),
    }
}

fn parse_duration_term(token: &str) -> Option<Term> {
    let lower = token.to_ascii_lowercase();
    let rest = lower.strip_prefix("duration").or_else(|| lower.strip_prefix("dur"))?;
    let (op, rest) = if let Some(r) = rest.strip_prefix(">=") {
        (Cmp::Ge, r)
    } else if let Some(r) = rest.strip_prefix("<=") {
        (Cmp::Le, r)
    } else if let Some(r) = rest.strip_prefix('>') {
        (Cmp::Gt, r)
    } else if let Some(r) = rest.strip_prefix('<') {
        (Cmp::Lt, r)
    } else {
        return None;
    };
    Some(Term::Duration { op, ns: parse_duration_ns(rest.trim())? })
}

/// "10ms", "1.5s", "250us", "42" (ms) -> nanoseconds.
fn parse_duration_ns(s: &str) -> Option<i64> {
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let value: f64 = num.parse().ok()?;
    let scale = match unit.trim() {
        "" | "ms" => 1e6,
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "s" => 1e9,
        "m" => 60e9,
        "h" => 3600e9,
        _ => return None,
    };
    let ns = value * scale;
    (ns.is_finite() && ns >= 0.0 && ns < i64::MAX as f64).then_some(ns as i64)
}

/// Case-insensitive substring test; `needle` is already lowercase.
fn contains_ci(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        haystack.to_lowercase().contains(needle)
    }
}

fn kind_name(k: SpanKind) -> &'static str {
    match k {
        SpanKind::Unspecified => "unspecified",
        SpanKind::Internal => "internal",
        SpanKind::Server => "server",
        SpanKind::Client => "client",
        SpanKind::Producer => "producer",
        SpanKind::Consumer => "consumer",
    }
}

fn attrs(s: &Span) -> impl Iterator<Item = &Attribute> {
    s.attributes.iter().chain(s.resource.iter())
}

fn span_id_matches(id: SpanId, value: &str) -> bool {
    SpanId::parse_hex(value) == Some(id)
}

fn term_matches(term: &Term, s: &Span) -> bool {
    match term {
        Term::Text(t) => {
            contains_ci(&s.name, t)
                || contains_ci(&s.service, t)
                || s.span_id.to_hex().contains(t.as_str())
                || matches!(&s.status, SpanStatus::Error(m) if contains_ci(m, t))
                || attrs(s).any(|a| contains_ci(&a.key, t) || contains_ci(&a.value.to_string(), t))
        }
        Term::Field { key, value } => {
            let own = match key.to_ascii_lowercase().as_str() {
                "service" | "service.name" | "service_name" => s.service.eq_ignore_ascii_case(value),
                "name" | "span.name" => s.name.eq_ignore_ascii_case(value),
                "status" => match value.to_ascii_lowercase().as_str() {
                    "error" => s.is_error(),
                    "ok" => s.status == SpanStatus::Ok,
                    "unset" => s.status == SpanStatus::Unset,
                    _ => false,
                },
                "kind" => kind_name(s.kind).eq_ignore_ascii_case(value),
                "span" | "spanid" | "span_id" | "id" => span_id_matches(s.span_id, value),
                _ => false,
            };
            own || attrs(s).any(|a| a.key == *key && a.value.to_string() == *value)
        }
        Term::Duration { op, ns } => {
            let d = s.duration_ns();
            match op {
                Cmp::Gt => d > *ns,
                Cmp::Ge => d >= *ns,
                Cmp::Lt => d < *ns,
                Cmp::Le => d <= *ns,
            }
        }
    }
}

/// A placeholder (missing parent) matches only by its span ID.
fn placeholder_matches(term: &Term, id: SpanId) -> bool {
    match term {
        Term::Text(t) => id.to_hex().contains(t.as_str()),
        Term::Field { key, value } => {
            matches!(key.to_ascii_lowercase().as_str(), "span" | "spanid" | "span_id" | "id")
                && span_id_matches(id, value)
        }
        Term::Duration { .. } => false,
    }
}

/// Rows matching every term of `query`, in display order. An empty query matches nothing.
pub fn find(model: &TraceModel, trace: &Trace, query: &FindQuery) -> Vec<u32> {
    if query.terms.is_empty() {
        return Vec::new();
    }
    // `path=KEY` terms need every row's call path hash, computed once.
    let is_path = |t: &Term| matches!(t, Term::Field { key, .. } if key.eq_ignore_ascii_case("path"));
    let hashes = query.terms.iter().any(is_path).then(|| crate::view::trace::graph::row_path_hashes(model, trace));
    let path_ok = |t: &Term, r: usize| match (t, &hashes) {
        (Term::Field { value, .. }, Some(h)) => h.get(r).is_some_and(|&x| x != 0 && crate::view::trace::graph::key_text(x).eq_ignore_ascii_case(value)),
        _ => false,
    };
    let mut out = Vec::new();
    for (r, row) in model.rows.iter().enumerate() {
        let hit = match row.span.and_then(|i| trace.spans.get(i)) {
            Some(s) => query.terms.iter().all(|t| if is_path(t) { path_ok(t, r) } else { term_matches(t, s) }),
            None => row.missing_id.is_some_and(|id| query.terms.iter().all(|t| placeholder_matches(t, id))),
        };
        if hit {
            if let Ok(r) = u32::try_from(r) {
                out.push(r);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::AttrValue;
    use crate::view::trace::testutil::{span, trace, with_attr, with_service};
    use crate::view::trace::OrphanMode;

    fn sample() -> (Trace, TraceModel) {
        let mut db = with_service(span(3, Some(1), 30, 90), "Postgres");
        db.status = SpanStatus::Error("connection Reset".into());
        db.kind = SpanKind::Client;
        db.name = "SELECT users".into();
        let t = trace(vec![
            with_attr(with_service(span(1, None, 0, 100), "web"), "http.route", AttrValue::Str("/search".into())),
            with_attr(with_service(span(2, Some(1), 10, 20), "web"), "http.status_code", AttrValue::Int(500)),
            db,
            span(0xabcdef, Some(0x999), 95, 96),
        ]);
        let m = TraceModel::build(&t);
        (t, m)
    }

    fn ids(t: &Trace, m: &TraceModel, q: &str) -> Vec<u64> {
        find(m, t, &FindQuery::parse(q)).iter().map(|&r| t.spans[m.rows[r as usize].span.unwrap()].span_id.0).collect()
    }

    #[test]
    fn path_selects_the_spans_of_one_trace_graph_node() {
        let (t, m) = sample();
        let g = crate::view::trace::graph::build(&m, &t, &Default::default());
        for (i, n) in g.nodes.iter().enumerate() {
            let q = g.find_query(i as u32).unwrap();
            assert_eq!(find(&m, &t, &FindQuery::parse(&q)), n.rows, "{q}");
            assert_eq!(find(&m, &t, &FindQuery::parse(&q.to_uppercase().replace("PATH", "path"))), n.rows);
        }
        assert!(ids(&t, &m, "path=0000000000000000").is_empty());
        assert!(ids(&t, &m, "path=nonsense").is_empty());
        // With other terms, all must match.
        let root = g.find_query(0).unwrap();
        assert_eq!(ids(&t, &m, &format!("{root} service=web")), vec![1]);
        assert!(ids(&t, &m, &format!("{root} service=db")).is_empty());
    }

    #[test]
    fn parses_terms() {
        let q = FindQuery::parse(r#"  GET "a b"  http.route="/x y" duration>=1.5s dur<20 service= "#);
        assert_eq!(
            q.terms,
            vec![
                Term::Text("get".into()),
                Term::Text("a b".into()),
                Term::Field { key: "http.route".into(), value: "/x y".into() },
                Term::Duration { op: Cmp::Ge, ns: 1_500_000_000 },
                Term::Duration { op: Cmp::Lt, ns: 20_000_000 },
                Term::Field { key: "service".into(), value: String::new() },
            ]
        );
        assert!(FindQuery::parse("   ").is_empty());
        // Not a valid duration: plain text.
        assert_eq!(FindQuery::parse("duration>abc").terms, vec![Term::Text("duration>abc".into())]);
        assert_eq!(FindQuery::parse("=x").terms, vec![Term::Text("=x".into())]);
    }

    #[test]
    fn free_text_is_case_insensitive_everywhere() {
        let (t, m) = sample();
        assert_eq!(ids(&t, &m, "select"), vec![3]);
        assert_eq!(ids(&t, &m, "POSTGRES"), vec![3]);
        assert_eq!(ids(&t, &m, "reset"), vec![3]);
        assert_eq!(ids(&t, &m, "http.ROUTE"), vec![1]);
        assert_eq!(ids(&t, &m, "/SEARCH"), vec![1]);
        assert_eq!(ids(&t, &m, "abcdef"), vec![0xabcdef]);
        assert_eq!(ids(&t, &m, "web"), vec![1, 2]);
        assert_eq!(ids(&t, &m, "nothing-like-this"), Vec::<u64>::new());
        assert!(find(&m, &t, &FindQuery::default()).is_empty());
    }

    #[test]
    fn fields_durations_and_and() {
        let (t, m) = sample();
        assert_eq!(ids(&t, &m, "http.status_code=500"), vec![2]);
        assert_eq!(ids(&t, &m, "http.status_code=50"), Vec::<u64>::new());
        assert_eq!(ids(&t, &m, "http.route=/SEARCH"), Vec::<u64>::new()); // exact
        assert_eq!(ids(&t, &m, "service=postgres"), vec![3]);
        assert_eq!(ids(&t, &m, "status=error"), vec![3]);
        assert_eq!(ids(&t, &m, "kind=client"), vec![3]);
        assert_eq!(ids(&t, &m, "span=ABCDEF"), vec![0xabcdef]);
        assert_eq!(ids(&t, &m, "duration>0.00005ms"), vec![1, 3]);
        assert_eq!(ids(&t, &m, "duration<=10ns"), vec![2, 0xabcdef]);
        assert_eq!(ids(&t, &m, "web duration<50ns"), vec![2]);
        assert_eq!(ids(&t, &m, "service=web name=op1"), vec![1]);
    }

    #[test]
    fn placeholders_match_by_missing_id() {
        let t = trace(vec![span(1, Some(0x999), 0, 10)]);
        let m = TraceModel::build_with(&t, OrphanMode::UnderPlaceholder);
        assert_eq!(find(&m, &t, &FindQuery::parse("999")), vec![0]);
        assert_eq!(find(&m, &t, &FindQuery::parse("span=999")), vec![0]);
        assert_eq!(find(&m, &t, &FindQuery::parse("op1")), vec![1]);
    }

    #[test]
    fn non_ascii_text() {
        let t = trace(vec![with_service(span(1, None, 0, 1), "ÜBER-Dienst")]);
        let m = TraceModel::build(&t);
        assert_eq!(find(&m, &t, &FindQuery::parse("über")), vec![0]);
        assert_eq!(find(&m, &t, &FindQuery::parse("dienst")), vec![0]);
    }
}
