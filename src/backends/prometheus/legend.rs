//! Series legends: Grafana-style `{{label}}` templates, or Prometheus' own `name{a="1"}` text.

use crate::telemetry::Labels;

/// Fills `{{label}}` / `{{ label }}` with the series' label values (missing labels become empty). An empty
/// (or blank) template gives the Prometheus text form `name{a="1", b="2"}`. An unclosed `{{` stays literal.
pub fn format_legend(template: &str, labels: &Labels) -> String {
    if template.trim().is_empty() {
        return series_name(labels);
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let (before, after_open) = rest.split_at(open);
        out.push_str(before);
        let inner = after_open.strip_prefix("{{").unwrap_or(after_open);
        match inner.split_once("}}") {
            Some((name, tail)) => {
                if let Some(v) = labels.get(name.trim()) {
                    out.push_str(v);
                }
                rest = tail;
            }
            None => {
                out.push_str(after_open);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `name{a="1", b="2"}`: the metric name outside the braces; `name` alone without other labels; `{}` for
/// an empty set (a scalar).
pub fn series_name(labels: &Labels) -> String {
    let name = labels.get("__name__").unwrap_or("");
    let mut out = String::from(name);
    let mut others = labels.iter().filter(|(k, _)| *k != "__name__").peekable();
    if others.peek().is_none() {
        if out.is_empty() {
            out.push_str("{}");
        }
        return out;
    }
    out.push('{');
    for (i, (k, v)) in others.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(k);
        out.push('=');
        out.push_str(&crate::lang::quote::quote_string(v));
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (*k, *v)).collect()
    }

    #[test]
    fn templates_substitute_labels() {
        let l = labels(&[("__name__", "up"), ("service_name", "search-ui"), ("code", "200")]);
        assert_eq!(format_legend("{{service_name}} {{ code }}", &l), "search-ui 200");
        assert_eq!(format_legend("{{service_name}}-{{missing}}!", &l), "search-ui-!");
        assert_eq!(format_legend("{{__name__}}", &l), "up");
        assert_eq!(format_legend("plain", &l), "plain");
        assert_eq!(format_legend("a {{ code", &l), "a {{ code");
        assert_eq!(format_legend("}}{{code}}{", &l), "}}200{");
        assert_eq!(format_legend("é{{code}}ü{{code}}", &l), "é200ü200");
    }

    #[test]
    fn empty_template_gives_prometheus_text() {
        let l = labels(&[("__name__", "up"), ("job", "a\"b"), ("instance", "x")]);
        assert_eq!(format_legend("", &l), "up{instance=\"x\", job=\"a\\\"b\"}");
        assert_eq!(format_legend("  ", &labels(&[("__name__", "up")])), "up");
        assert_eq!(format_legend("", &labels(&[("a", "1")])), "{a=\"1\"}");
        assert_eq!(format_legend("", &Labels::new()), "{}");
    }
}
