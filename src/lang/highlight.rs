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
