//! PromQL lexer: classifies metric names, functions, keywords, label names/values, numbers, durations,
//! operators, matchers, brackets and comments. Never panics; the tokens tile the input exactly.

use super::functions::is_aggregation;
use super::scan::{is_ident_continue, is_ident_start, push, scan_number, scan_string, Scanner, PROM_UNITS};
use super::token::{Token, TokenKind};
use super::Lang;

/// Keywords of PromQL (matched case-insensitively, as Prometheus does).
const KEYWORDS: &[&str] = &[
    "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless",
];
/// Keywords whose following `(` holds a list of label names.
const GROUPING: &[&str] = &["by", "without", "on", "ignoring", "group_left", "group_right"];

const OPERATORS: &[&str] = &["==", "!=", ">=", "<=", "=~", "!~", "+", "-", "*", "/", "%", "^", "<", ">", "="];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Brace,
    Paren { labels: bool },
    Bracket,
}

fn is_metric_continue(c: char) -> bool {
    is_ident_continue(c) || c == ':'
}

/// Splits PromQL text into tokens (see [`TokenKind`]). Identifiers are classified by position: label
/// names inside `{…}` and in `by (…)`-style lists, functions before `(` (and aggregations before
/// `by`/`without`), keywords, `Inf`/`NaN` as numbers, everything else a metric name.
pub fn tokenize_promql(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut s = Scanner::new(src);
    let mut stack: Vec<Open> = Vec::new();
    // Last significant token was a grouping keyword: the next `(` opens a label list.
    let mut grouping = false;
    let mut prev_sig: Option<TokenKind> = None;
    while let Some(c) = s.peek() {
        let start = s.pos;
        let in_brace = stack.last() == Some(&Open::Brace);
        let in_labels = stack.last() == Some(&Open::Paren { labels: true });
        let in_bracket = stack.last() == Some(&Open::Bracket);
        let mut opens_labels = false;
        let kind = if c.is_whitespace() {
            s.eat_while(char::is_whitespace);
            TokenKind::Whitespace
        } else if c == '#' {
            s.eat_while(|c| c != '\n');
            TokenKind::Comment
        } else if c == '"' || c == '\'' || c == '`' {
            scan_string(&mut s)
        } else if c.is_ascii_digit() || (c == '.' && s.peek_nth(1).is_some_and(|d| d.is_ascii_digit())) {
            scan_number(&mut s, PROM_UNITS, false)
        } else if is_ident_start(c) || (c == ':' && !in_bracket && s.peek_nth(1).is_some_and(is_metric_continue)) {
            if in_brace || in_labels {
                s.eat_while(is_ident_continue);
            } else {
                s.eat_while(is_metric_continue);
            }
            let word = s.src.get(start..s.pos).unwrap_or("");
            let lower = word.to_ascii_lowercase();
            if in_brace {
                if lower == "or" && prev_sig == Some(TokenKind::String) {
                    TokenKind::Keyword
                } else {
                    TokenKind::LabelName
                }
            } else if in_labels {
                TokenKind::LabelName
            } else if KEYWORDS.contains(&lower.as_str()) {
                opens_labels = GROUPING.contains(&lower.as_str());
                TokenKind::Keyword
            } else if lower == "atan2" {
                TokenKind::Operator
            } else if lower == "inf" || lower == "nan" {
                TokenKind::Number
            } else if s.peek_past_ws() == Some('(') {
                TokenKind::Function
            } else if is_aggregation(Lang::PromQL, word)
                && matches!(s.word_past_ws().to_ascii_lowercase().as_str(), "by" | "without")
            {
                TokenKind::Function
            } else {
                TokenKind::Metric
            }
        } else if c == '@' {
            s.bump();
            TokenKind::Keyword
        } else if matches!(c, '(' | '[' | '{') {
            s.bump();
            stack.push(match c {
                '(' => Open::Paren { labels: grouping },
                '[' => Open::Bracket,
                _ => Open::Brace,
            });
            TokenKind::Punct
        } else if matches!(c, ')' | ']' | '}') {
            s.bump();
            stack.pop();
            TokenKind::Punct
        } else if c == ',' || (c == ':' && in_bracket) {
            s.bump();
            TokenKind::Punct
        } else if let Some(op) = s.eat_any(OPERATORS) {
            if matches!(op, "=~" | "!~") || (in_brace && matches!(op, "=" | "!=")) {
                TokenKind::Matcher
            } else {
                TokenKind::Operator
            }
        } else {
            s.bump();
            TokenKind::Error
        };
        push(&mut out, kind, start, s.pos);
        if !kind.is_trivia() {
            grouping = opens_labels;
            prev_sig = Some(kind);
        }
    }
    out
}
