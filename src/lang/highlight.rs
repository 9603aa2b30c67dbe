//! Syntax highlighting: CSS class spans covering the query text exactly, for an overlay over the textarea.

use std::ops::Range;

use super::token::TokenKind;
use super::{tokenize, Lang};

/// The CSS class of a token kind.
///
/// | kind | class |
/// | --- | --- |
/// | Metric | `tok-metric` |
/// | Function | `tok-fn` |
/// | Keyword | `tok-kw` |
/// | LabelName, Intrinsic | `tok-label` |
/// | String | `tok-str` |
/// | Number | `tok-num` |
/// | Duration | `tok-dur` |
/// | Operator, Matcher | `tok-op` |
/// | Punct | `tok-punct` |
/// | Comment | `tok-comment` |
/// | Error | `tok-err` |
/// | Ident | `tok-ident` |
/// | Whitespace | `tok-ws` |
pub fn class_of(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Metric => "tok-metric",
        TokenKind::Function => "tok-fn",
        TokenKind::Keyword => "tok-kw",
        TokenKind::LabelName | TokenKind::Intrinsic => "tok-label",
        TokenKind::String => "tok-str",
        TokenKind::Number => "tok-num",
        TokenKind::Duration => "tok-dur",
        TokenKind::Operator | TokenKind::Matcher => "tok-op",
        TokenKind::Punct => "tok-punct",
        TokenKind::Comment => "tok-comment",
        TokenKind::Error => "tok-err",
        TokenKind::Variable => "tok-var",
        TokenKind::Ident => "tok-ident",
        TokenKind::Whitespace => "tok-ws",
    }
}

/// Highlight spans for `text`: `(css class, byte range)` in order, covering the text exactly with no gaps
/// or overlaps; adjacent tokens of the same class are merged into one span. Empty text gives no spans.
pub fn highlight(lang: Lang, text: &str) -> Vec<(&'static str, Range<usize>)> {
    let mut out: Vec<(&'static str, Range<usize>)> = Vec::new();
    for t in tokenize(lang, text) {
        let class = class_of(t.kind);
        match out.last_mut() {
            Some((c, r)) if *c == class && r.end == t.start => r.end = t.end,
            _ => out.push((class, t.start..t.end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(lang: Lang, text: &str) -> Vec<(&'static str, &str)> {
        let spans = highlight(lang, text);
        let mut pos = 0;
        for (_, r) in &spans {
            assert_eq!(r.start, pos);
            pos = r.end;
        }
        assert_eq!(pos, text.len());
        spans.into_iter().map(|(c, r)| (c, text.get(r).unwrap_or("?"))).collect()
    }

    #[test]
    fn promql_spans() {
        let got = classes(Lang::PromQL, r#"sum by (le) (rate(x{a="b"}[5m])) # c"#);
        assert_eq!(
            got,
            vec![
                ("tok-fn", "sum"), ("tok-ws", " "), ("tok-kw", "by"), ("tok-ws", " "), ("tok-punct", "("),
                ("tok-label", "le"), ("tok-punct", ")"), ("tok-ws", " "), ("tok-punct", "("), ("tok-fn", "rate"),
                ("tok-punct", "("), ("tok-metric", "x"), ("tok-punct", "{"), ("tok-label", "a"), ("tok-op", "="),
                ("tok-str", "\"b\""), ("tok-punct", "}["), ("tok-dur", "5m"), ("tok-punct", "]))"), ("tok-ws", " "),
                ("tok-comment", "# c"),
            ]
        );
    }

    #[test]
    fn other_languages_and_errors() {
        let got = classes(Lang::LogQL, r#"{a="b"} |= "x" | json | n > 2"#);
        assert!(got.contains(&("tok-kw", "json")));
        assert!(got.contains(&("tok-op", "|=")));
        assert!(got.contains(&("tok-num", "2")));
        let got = classes(Lang::TraceQL, "{ .a = \"é\" && status = error } | count() > 1");
        assert!(got.contains(&("tok-label", ".a")));
        assert!(got.contains(&("tok-label", "status")));
        assert!(got.contains(&("tok-kw", "error")));
        assert!(got.contains(&("tok-str", "\"é\"")));
        assert_eq!(classes(Lang::PromQL, "up{a=\"x"), vec![("tok-metric", "up"), ("tok-punct", "{"), ("tok-label", "a"), ("tok-op", "="), ("tok-err", "\"x")]);
        assert!(highlight(Lang::PromQL, "").is_empty());
    }
}
