//! Stream selectors for the label browser: LogQL string quoting, regex escaping of picked values, building
//! `{name="v", other=~"a|b"}` from picks, and putting it in place of a query's selector.

use crate::backends::prometheus::request::is_label_name;
use crate::lang::token::TokenKind;
use crate::lang::{tokenize, Lang};
use crate::telemetry::Labels;

/// A LogQL double-quoted string for any text (see `lang::quote`).
pub use crate::lang::quote::quote_string as quote;

/// Escapes RE2 metacharacters so a value matches itself literally inside `=~`.
pub fn regex_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One matcher for a label and the values picked for it: `name="v"` for one, `name=~"v1|v2"` for several,
/// None for no value or a name that is not a valid label name.
pub fn matcher(name: &str, values: &[String]) -> Option<String> {
    if !is_label_name(name) {
        return None;
    }
    let mut vals: Vec<&str> = values.iter().map(String::as_str).collect();
    vals.sort_unstable();
    vals.dedup();
    match vals.as_slice() {
        [] => None,
        [one] => Some(format!("{name}={}", quote(one))),
        many => {
            let alt: Vec<String> = many.iter().map(|v| regex_escape(v)).collect();
            Some(format!("{name}=~{}", quote(&alt.join("|"))))
        }
    }
}

/// `{a="1", b=~"x|y"}` from picks in order; labels without values are left out. Empty when nothing is picked.
pub fn build_selector(picks: &[(String, Vec<String>)]) -> String {
    let parts: Vec<String> = picks.iter().filter_map(|(n, v)| matcher(n, v)).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", parts.join(", "))
    }
}

/// The selector matching exactly one stream's label set (for "show context").
pub fn stream_selector(labels: &Labels) -> String {
    let picks: Vec<(String, Vec<String>)> = labels.iter().map(|(k, v)| (k.to_string(), vec![v.to_string()])).collect();
    build_selector(&picks)
}

/// Byte range of the first stream selector `{…}` in a query (strings and comments respected), if any. An
/// unclosed selector runs to the end of the text.
pub fn selector_range(query: &str) -> Option<std::ops::Range<usize>> {
    let toks = tokenize(Lang::LogQL, query);
    let open = toks.iter().position(|t| t.kind == TokenKind::Punct && t.text(query) == "{")?;
    let start = toks.get(open)?.start;
    let end = toks
        .iter()
        .skip(open + 1)
        .find(|t| t.kind == TokenKind::Punct && t.text(query) == "}")
        .map(|t| t.end)
        .unwrap_or(query.len());
    Some(start..end)
}

/// The query's first stream selector as text (to scope label lookups to what was typed so far).
pub fn selector_of(query: &str) -> Option<&str> {
    let r = selector_range(query)?;
    let s = query.get(r)?;
    s.ends_with('}').then_some(s)
}

/// The query with its first selector replaced by `selector` (pipeline kept); just `selector` when the query
/// has none. An empty `selector` leaves the query as it is.
pub fn replace_selector(query: &str, selector: &str) -> String {
    if selector.is_empty() {
        return query.to_string();
    }
    match selector_range(query) {
        Some(r) => format!("{}{}{}", query.get(..r.start).unwrap_or(""), selector, query.get(r.end..).unwrap_or("")),
        None if query.trim().is_empty() => selector.to_string(),
        None => format!("{selector} {}", query.trim_start()),
    }
}

/// Values picked for `name` in the picks (empty when none).
pub fn picked<'a>(picks: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    picks.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice()).unwrap_or(&[])
}

/// Toggles one value of a label in the picks (adds the label when new, drops it when its last value goes).
pub fn toggle(picks: &mut Vec<(String, Vec<String>)>, name: &str, value: &str) {
    match picks.iter_mut().find(|(n, _)| n == name) {
        Some((_, vals)) => {
            if let Some(i) = vals.iter().position(|v| v == value) {
                vals.remove(i);
            } else {
                vals.push(value.to_string());
            }
        }
        None => picks.push((name.to_string(), vec![value.to_string()])),
    }
    picks.retain(|(_, v)| !v.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, vals: &[&str]) -> (String, Vec<String>) {
        (name.to_string(), vals.iter().map(|v| v.to_string()).collect())
    }

    #[test]
    fn quoting_escapes_what_logql_strings_need() {
        assert_eq!(quote("search-service"), "\"search-service\"");
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("x\ny\tz\r"), "\"x\\ny\\tz\\r\"");
        assert_eq!(quote("\u{1}é"), "\"\\u0001é\"");
        assert_eq!(quote(""), "\"\"");
    }

    #[test]
    fn one_value_is_equality_several_are_an_escaped_alternation() {
        assert_eq!(build_selector(&[p("service_name", &["search-service"])]), "{service_name=\"search-service\"}");
        assert_eq!(
            build_selector(&[p("service_name", &["b.svc", "a(1)"]), p("level", &["error"])]),
            r#"{service_name=~"a\\(1\\)|b\\.svc", level="error"}"#
        );
        // Duplicates collapse; labels without values and invalid names are left out.
        assert_eq!(build_selector(&[p("a", &["x", "x"]), p("b", &[]), p("0bad", &["y"])]), "{a=\"x\"}");
        assert_eq!(build_selector(&[]), "");
        assert_eq!(regex_escape("a|b.c*"), r"a\|b\.c\*");
    }

    #[test]
    fn stream_selector_matches_a_label_set() {
        let mut l = Labels::new();
        l.insert("service_name", "search-service");
        l.insert("level", "in\"fo");
        assert_eq!(stream_selector(&l), r#"{level="in\"fo", service_name="search-service"}"#);
    }

    #[test]
    fn selector_is_found_and_replaced_keeping_the_pipeline() {
        let q = r#"{a="}"} |= "{x}" | json"#;
        assert_eq!(selector_of(q), Some(r#"{a="}"}"#));
        assert_eq!(replace_selector(q, r#"{b="1"}"#), r#"{b="1"} |= "{x}" | json"#);
        assert_eq!(replace_selector("", "{b=\"1\"}"), "{b=\"1\"}");
        assert_eq!(replace_selector("|= \"x\"", "{b=\"1\"}"), "{b=\"1\"} |= \"x\"");
        assert_eq!(replace_selector("rate({a=\"1\"}[5m])", "{b=\"2\"}"), "rate({b=\"2\"}[5m])");
        assert_eq!(replace_selector("{a=\"1\"}", ""), "{a=\"1\"}");
        // Unclosed: replaced to the end, not returned as a selector.
        assert_eq!(selector_of("{a=\"1\""), None);
        assert_eq!(replace_selector("{a=\"1\"", "{b=\"2\"}"), "{b=\"2\"}");
        assert_eq!(selector_of("# {a=\"1\"}\n{b=\"2\"}"), Some("{b=\"2\"}"));
    }

    #[test]
    fn toggling_values() {
        let mut picks = Vec::new();
        toggle(&mut picks, "a", "1");
        toggle(&mut picks, "a", "2");
        toggle(&mut picks, "b", "x");
        assert_eq!(picked(&picks, "a"), ["1".to_string(), "2".to_string()]);
        toggle(&mut picks, "a", "1");
        toggle(&mut picks, "a", "2");
        assert!(picked(&picks, "a").is_empty());
        assert_eq!(picks, vec![p("b", &["x"])]);
    }
}
