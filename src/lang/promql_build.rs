//! Building PromQL text from parts: selectors for a metric name (`match[]` for label lookups), the metric
//! a histogram `_bucket` query is about, and one-click `histogram_quantile` queries.

use crate::view::units::{metric_names, Unit};

/// True for a classic metric name `[a-zA-Z_:][a-zA-Z0-9_:]*` (usable bare in a selector).
pub fn is_classic_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':' => chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
        _ => false,
    }
}

/// A PromQL string literal (see `lang::quote`).
pub use super::quote::quote_string as quote;

/// The series selector of a metric name: the name itself when classic, else the Prometheus 3 quoted form
/// `{"name.with.dots"}`.
pub fn selector_for_metric(name: &str) -> String {
    if is_classic_metric_name(name) {
        name.to_string()
    } else {
        format!("{{{}}}", quote(name))
    }
}

/// The metric name without a histogram/summary/counter suffix (`_bucket`, `_count`, `_sum`, `_total`,
/// `_created`), as Prometheus' metadata usually names the family.
pub fn family_name(name: &str) -> &str {
    for suf in ["_bucket", "_count", "_sum", "_total", "_created"] {
        if let Some(b) = name.strip_suffix(suf) {
            if !b.is_empty() {
                return b;
            }
        }
    }
    name
}

/// The first metric name in an expression, if any.
pub fn first_metric(expr: &str) -> Option<String> {
    metric_names(expr).into_iter().next()
}

/// A histogram `_bucket` metric in the expression, with the label matchers of its selector (the text
/// between `{` and `}`, trimmed; empty when there are none). `None` when the expression names no
/// `_bucket` metric.
pub fn bucket_selector(expr: &str) -> Option<(String, String)> {
    let name = metric_names(expr).into_iter().find(|n| n.ends_with("_bucket") && n.len() > "_bucket".len())?;
    // Find `name` as a whole word followed (after spaces) by `{…}`.
    let mut from = 0;
    while let Some(pos) = expr.get(from..).and_then(|t| t.find(name.as_str())).map(|p| p + from) {
        let end = pos + name.len();
        // Prometheus 3 quoted form: `{"a.b_bucket", le="1", …}`: the other matchers follow the name.
        let quoted_open = expr.get(..pos).and_then(|t| t.strip_suffix('"')).is_some_and(|t| t.trim_end().ends_with('{'));
        if quoted_open && expr.get(end..).is_some_and(|r| r.starts_with('"')) {
            let rest = expr.get(end + 1..).unwrap_or("");
            let matchers = matcher_body(rest).unwrap_or("").trim().trim_start_matches(',').trim().to_string();
            return Some((name, matchers));
        }
        let before_ok = expr.get(..pos).and_then(|t| t.chars().next_back()).is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'));
        let rest = expr.get(end..).unwrap_or("");
        let after_ok = rest.chars().next().is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'));
        if before_ok && after_ok {
            let trimmed = rest.trim_start();
            if let Some(body) = trimmed.strip_prefix('{') {
                let matchers = matcher_body(body).unwrap_or("").trim().to_string();
                return Some((name, matchers));
            }
            return Some((name, String::new()));
        }
        from = end;
    }
    Some((name, String::new()))
}

/// The text up to the `}` closing a selector body (respecting quoted strings), or `None` if unclosed.
fn matcher_body(body: &str) -> Option<&str> {
    let (i, _) = super::quote::outside_quotes(body).find(|&(_, c)| c == '}')?;
    body.get(..i)
}

/// `histogram_quantile(q, sum by (le) (rate(<metric>{<matchers>}[<window>])))`. `q` is clamped to
/// 0..=1 (NaN gives 0.5); `window` defaults to `5m` when empty.
pub fn quantile_query(metric: &str, matchers: &str, q: f64, window: &str) -> String {
    let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
    let window = if window.trim().is_empty() { "5m" } else { window.trim() };
    let sel = if is_classic_metric_name(metric) {
        if matchers.trim().is_empty() {
            metric.to_string()
        } else {
            format!("{metric}{{{}}}", matchers.trim())
        }
    } else if matchers.trim().is_empty() {
        format!("{{{}}}", quote(metric))
    } else {
        format!("{{{}, {}}}", quote(metric), matchers.trim())
    };
    format!("histogram_quantile({q}, sum by (le) (rate({sel}[{window}])))")
}

/// A percentile query over native histograms (no `_bucket` series): `histogram_quantile(q, <expr>)` when the
/// expression already takes a rate (`rate({"a.b"}[1m])`, `sum by (x) (rate(…))`), or
/// `histogram_quantile(q, sum(rate(<expr>[<window>])))` when it is a plain selector (`{"a.b", c="d"}`).
/// `None` for anything else (or a quantile already). `q` is clamped to 0..=1 (NaN gives 0.5); `window`
/// defaults to `5m`.
pub fn native_quantile_query(expr: &str, q: f64, window: &str) -> Option<String> {
    use super::token::TokenKind;
    let expr = expr.trim();
    if expr.is_empty() || expr.contains("histogram_quantile") || expr.contains("histogram_fraction") {
        return None;
    }
    let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
    if expr.contains("rate(") {
        return Some(format!("histogram_quantile({q}, {expr})"));
    }
    let toks = super::promql::tokenize_promql(expr);
    let selector = toks.iter().filter(|t| !t.kind.is_trivia()).all(|t| match t.kind {
        TokenKind::Metric | TokenKind::LabelName | TokenKind::Matcher | TokenKind::String => true,
        TokenKind::Punct => matches!(t.text(expr), "{" | "}" | ","),
        TokenKind::Keyword => t.text(expr).eq_ignore_ascii_case("or"),
        _ => false,
    });
    let window = if window.trim().is_empty() { "5m" } else { window.trim() };
    selector.then(|| format!("histogram_quantile({q}, sum(rate({expr}[{window}])))"))
}

/// The unit of a query over histogram buckets that is not a quantile: bucket series count observations,
/// whatever the unit of the observed value (`_seconds_bucket` counts are not seconds) — per second under
/// `rate`/`irate`, plain counts otherwise. `None` when this rule does not apply (use `guess_unit`).
pub fn histogram_counts_unit(expr: &str) -> Option<Unit> {
    if expr.contains("histogram_quantile") || expr.contains("histogram_fraction") {
        return None;
    }
    bucket_selector(expr)?;
    Some(if expr.contains("rate(") { Unit::PerSecond } else { Unit::None })
}

/// The unit of heatmap cells of a query over native histograms (no `_bucket` series): observations per
/// second under `rate`/`irate`, plain counts otherwise.
pub fn native_counts_unit(expr: &str) -> Unit {
    if expr.contains("rate(") {
        Unit::PerSecond
    } else {
        Unit::None
    }
}

/// The quantile buttons offered for `_bucket` metrics: label and quantile.
pub const QUANTILES: [(&str, f64); 3] = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{check, Lang};

    #[test]
    fn selectors_for_classic_and_utf8_names() {
        assert_eq!(selector_for_metric("http_server_requests_total"), "http_server_requests_total");
        assert_eq!(selector_for_metric("a:b_c"), "a:b_c");
        assert_eq!(selector_for_metric("http.server.duration"), "{\"http.server.duration\"}");
        assert_eq!(selector_for_metric("9lives"), "{\"9lives\"}");
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }

    #[test]
    fn family_names() {
        assert_eq!(family_name("http_server_request_duration_seconds_bucket"), "http_server_request_duration_seconds");
        assert_eq!(family_name("http_server_requests_total"), "http_server_requests");
        assert_eq!(family_name("up"), "up");
        assert_eq!(family_name("_total"), "_total");
    }

    #[test]
    fn finds_the_bucket_metric_and_its_matchers() {
        assert_eq!(
            bucket_selector(r#"http_server_request_duration_seconds_bucket{service_name="search-service"}"#),
            Some(("http_server_request_duration_seconds_bucket".into(), r#"service_name="search-service""#.into()))
        );
        assert_eq!(
            bucket_selector(r#"sum(rate(x_bucket { a="}", b=~"c" }[5m]))"#),
            Some(("x_bucket".into(), r#"a="}", b=~"c""#.into()))
        );
        assert_eq!(bucket_selector("rate(x_bucket[5m])"), Some(("x_bucket".into(), String::new())));
        assert_eq!(bucket_selector("rate(x_total[5m])"), None);
        assert_eq!(bucket_selector(""), None);
        assert_eq!(bucket_selector("x_bucket{a=\"b"), Some(("x_bucket".into(), String::new())));
        // Prometheus 3 quoted selectors keep their other matchers, and a quantile query rebuilt from them
        // is the same selector.
        let q = r#"rate({"http.server.duration_bucket", "service.name"="search-service"}[5m])"#;
        let (m, mm) = bucket_selector(q).unwrap();
        assert_eq!((m.as_str(), mm.as_str()), ("http.server.duration_bucket", r#""service.name"="search-service""#));
        assert!(quantile_query(&m, &mm, 0.5, "5m").contains(r#"{"http.server.duration_bucket", "service.name"="search-service"}"#));
        assert_eq!(bucket_selector(r#"{"a.b_bucket"}"#), Some(("a.b_bucket".into(), String::new())));
    }

    #[test]
    fn bucket_counts_have_count_units() {
        assert_eq!(histogram_counts_unit("x_seconds_bucket{a=\"b\"}"), Some(Unit::None));
        assert_eq!(histogram_counts_unit("sum by (le) (rate(x_seconds_bucket[5m]))"), Some(Unit::PerSecond));
        assert_eq!(histogram_counts_unit("histogram_quantile(0.9, sum by (le) (rate(x_seconds_bucket[5m])))"), None);
        assert_eq!(histogram_counts_unit("rate(x_seconds_sum[5m])"), None);
    }

    #[test]
    fn quantile_queries_are_valid_promql() {
        let q = quantile_query("http_server_request_duration_seconds_bucket", r#"service_name="search-service""#, 0.9, "");
        assert_eq!(
            q,
            r#"histogram_quantile(0.9, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="search-service"}[5m])))"#
        );
        assert!(check(Lang::PromQL, &q).is_empty());
        assert_eq!(quantile_query("x_bucket", "", 0.99, "1m"), "histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m])))");
        assert_eq!(quantile_query("a.b_bucket", "c=\"d\"", 2.0, ""), "histogram_quantile(1, sum by (le) (rate({\"a.b_bucket\", c=\"d\"}[5m])))");
        assert!(quantile_query("x", "", f64::NAN, "").starts_with("histogram_quantile(0.5,"));
        // The metric a quantile query is about round-trips through bucket_selector.
        assert_eq!(bucket_selector(&q).map(|(m, _)| m).as_deref(), Some("http_server_request_duration_seconds_bucket"));
    }
}
