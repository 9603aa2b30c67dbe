//! Bracket and quote checking: unbalanced or mismatched `()`, `[]`, `{}`, unterminated strings and stray
//! characters, reported as ranges with a message to show inline before the query is sent.

use std::ops::Range;

use super::token::TokenKind;
use super::{tokenize, Lang};

/// A problem in the query text: the byte range to underline and a sentence saying what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub message: String,
}

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Problems in `text` in source order: unterminated strings, characters that start no token, closing
/// brackets without an opener, closers of the wrong kind, and openers never closed. Empty when the
/// brackets and quotes balance (this is not a full parse).
pub fn check(lang: Lang, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut stack: Vec<(char, Range<usize>)> = Vec::new();
    for t in tokenize(lang, text) {
        let tok = t.text(text);
        match t.kind {
            TokenKind::Error => {
                let first = tok.chars().next().unwrap_or(' ');
                let message = if matches!(first, '"' | '\'' | '`') {
                    format!("Unterminated string: add the closing {first}")
                } else if tok.starts_with('.') && tok.len() > 1 {
                    "Unterminated quoted attribute name".to_string()
                } else if tok.starts_with(|c: char| c.is_ascii_digit()) {
                    format!("Invalid number or duration `{tok}`")
                } else {
                    format!("Unexpected character `{tok}`")
                };
                problems.push(Problem { range: t.range(), message });
            }
            TokenKind::Punct => match tok {
                "(" | "[" | "{" => stack.push((tok.chars().next().unwrap_or('('), t.range())),
                ")" | "]" | "}" => {
                    let close = tok.chars().next().unwrap_or(')');
                    match stack.last() {
                        Some((open, _)) if closer(*open) == close => {
                            stack.pop();
                        }
                        Some((open, r)) => {
                            let message = format!("`{close}` does not match the `{open}` at offset {}; expected `{}`", r.start, closer(*open));
                            problems.push(Problem { range: t.range(), message });
                            // Recover: if some outer opener matches, close up to it; else drop the closer.
                            // The mismatched top opener is named in that message; openers between it and
                            // an outer match are reported as never closed.
                            if let Some(i) = stack.iter().rposition(|(o, _)| closer(*o) == close) {
                                let inner: Vec<(char, Range<usize>)> = stack.drain(i + 1..).collect();
                                let n = inner.len().saturating_sub(1);
                                for (o, r) in inner.into_iter().take(n) {
                                    let message = format!("`{o}` is never closed: add `{}`", closer(o));
                                    problems.push(Problem { range: r, message });
                                }
                                stack.pop();
                            }
                        }
                        None => problems.push(Problem {
                            range: t.range(),
                            message: format!("`{close}` has no matching opening bracket"),
                        }),
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    for (o, r) in stack {
        problems.push(Problem { range: r, message: format!("`{o}` is never closed: add `{}`", closer(o)) });
    }
    crate::sort::by_key(&mut problems, |p| (p.range.start, p.range.end));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msgs(lang: Lang, text: &str) -> Vec<(Range<usize>, String)> {
        check(lang, text).into_iter().map(|p| (p.range, p.message)).collect()
    }

    #[test]
    fn dashboard_variables_are_not_stray_characters() {
        let q = r#"sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name=~"$service"}[$__rate_interval]))"#;
        assert!(check(Lang::PromQL, q).is_empty());
        assert!(check(Lang::PromQL, "rate(x[${__range}:$__interval]) * ${factor:raw}").is_empty());
        assert!(check(Lang::LogQL, r#"sum(count_over_time({service_name="$svc"} |= "x" [$__auto]))"#).is_empty());
        assert!(check(Lang::TraceQL, "{ resource.service.name = $svc && duration > ${min} }").is_empty());
        let toks: Vec<_> = tokenize(Lang::PromQL, "up[$__rate_interval]").into_iter().map(|t| t.kind).collect();
        assert_eq!(toks, vec![TokenKind::Metric, TokenKind::Punct, TokenKind::Variable, TokenKind::Punct]);
        // A `$` that starts no variable is still reported; so is an unclosed `${`.
        assert_eq!(msgs(Lang::PromQL, "up $ 1").len(), 1);
        assert!(!check(Lang::PromQL, "up * ${x").is_empty());
        assert!(!check(Lang::PromQL, "up * ${}").is_empty());
        // Brackets around variables are still checked.
        assert_eq!(msgs(Lang::PromQL, "sum(rate(x[$__rate_interval])").len(), 1);
    }

    #[test]
    fn balanced_queries_have_no_problems() {
        assert!(check(Lang::PromQL, r#"histogram_quantile(0.95, sum by (le) (rate(x{a="b"}[5m])))"#).is_empty());
        assert!(check(Lang::LogQL, r#"{a="(b"} |= "[" | json"#).is_empty());
        assert!(check(Lang::TraceQL, r#"{ .a = "}" } | count() > 2"#).is_empty());
    }

    #[test]
    fn unclosed_and_unmatched_brackets() {
        assert_eq!(msgs(Lang::PromQL, "sum(rate(http_server_requests_total[5m])"), vec![(3..4, "`(` is never closed: add `)`".to_string())]);
        assert_eq!(msgs(Lang::LogQL, r#"{service_name="search-service""#), vec![(0..1, "`{` is never closed: add `}`".to_string())]);
        assert_eq!(msgs(Lang::TraceQL, r#"{resource.service.name="search-service" &&"#), vec![(0..1, "`{` is never closed: add `}`".to_string())]);
        assert_eq!(msgs(Lang::PromQL, "up)"), vec![(2..3, "`)` has no matching opening bracket".to_string())]);
        let m = msgs(Lang::PromQL, "rate(x[5m)");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0, 9..10);
        assert!(m[0].1.contains("does not match the `[`"), "{m:?}");
        // `)` closes `g(`: the skipped `[` is reported, the mismatched `{` is named by the `)` message, and
        // the outer `f(` stays unclosed.
        let m = msgs(Lang::PromQL, "f(g([{x)");
        assert_eq!(m.iter().map(|(r, _)| r.start).collect::<Vec<_>>(), vec![1, 4, 7]);
    }

    #[test]
    fn strings_and_stray_characters() {
        assert_eq!(msgs(Lang::PromQL, r#"up{a="b}"#), vec![(2..3, "`{` is never closed: add `}`".to_string()), (5..8, "Unterminated string: add the closing \"".to_string())]);
        assert_eq!(msgs(Lang::LogQL, "{a=\"b\"} $"), vec![(8..9, "Unexpected character `$`".to_string())]);
        assert_eq!(msgs(Lang::PromQL, "x[5min]"), vec![(2..6, "Invalid number or duration `5min`".to_string())]);
        assert_eq!(msgs(Lang::TraceQL, "{ span.\"x }").len(), 2);
    }
}
