//! LogQL lexer: stream selectors, line filters, pipeline stages (parsers, formatters, label filters,
//! `unwrap`), range aggregations and metric expressions. Never panics; the tokens tile the input exactly.

use super::functions::is_aggregation;
use super::scan::{is_ident_continue, is_ident_start, push, scan_number, scan_string, Scanner, LOKI_UNITS};
use super::token::{Token, TokenKind};
use super::Lang;

/// Pipeline stage names (after `|`).
pub(crate) const STAGES: &[&str] = &[
    "json", "logfmt", "regexp", "pattern", "unpack", "line_format", "label_format", "drop", "keep",
    "decolorize", "unwrap",
];
const KEYWORDS: &[&str] = &[
    "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless",
];
const GROUPING: &[&str] = &["by", "without", "on", "ignoring", "group_left", "group_right"];

/// Longest first. Line filters `|= |~ |> != !~ !>` come before the pipe and comparisons.
const OPERATORS: &[&str] = &[
    "|=", "|~", "|>", "!=", "!~", "!>", "==", ">=", "<=", "=~", "+", "-", "*", "/", "%", "^", "<", ">", "=",
    "|",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Brace,
    Paren { labels: bool },
    Bracket,
}

/// Splits LogQL text into tokens. Inside `{…}` words are label names; after `|` a stage name is a
/// keyword and other words in the pipeline are label names (label filters, parser arguments, `unwrap`
/// targets); words before `(` are functions; `--strict`-style parser flags are keywords.
pub fn tokenize_logql(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut s = Scanner::new(src);
    let mut stack: Vec<Open> = Vec::new();
    let mut grouping = false;
    // Stack depth at which the current pipeline started (after a `|`).
    let mut pipeline: Option<usize> = None;
    let mut prev_sig: Option<(TokenKind, usize, usize)> = None;
    while let Some(c) = s.peek() {
        let start = s.pos;
        let top = stack.last().copied();
        let in_brace = top == Some(Open::Brace);
        let in_labels = top == Some(Open::Paren { labels: true });
        let in_pipeline = pipeline.is_some();
        let mut opens_labels = false;
        let kind = if c.is_whitespace() {
            s.eat_while(char::is_whitespace);
            TokenKind::Whitespace
        } else if c == '#' {
            s.eat_while(|c| c != '\n');
            TokenKind::Comment
        } else if c == '"' || c == '`' {
            scan_string(&mut s)
        } else if c.is_ascii_digit() || (c == '.' && s.peek_nth(1).is_some_and(|d| d.is_ascii_digit())) {
            scan_number(&mut s, LOKI_UNITS, true)
        } else if c == '-' && s.peek_nth(1) == Some('-') && s.peek_nth(2).is_some_and(is_ident_start) {
            s.pos += 2;
            s.eat_while(|c| is_ident_continue(c) || c == '-');
            TokenKind::Keyword
        } else if is_ident_start(c) {
            s.eat_while(is_ident_continue);
            let word = s.src.get(start..s.pos).unwrap_or("");
            let after_pipe = prev_sig.is_some_and(|(k, a, b)| {
                k == TokenKind::Operator && s.src.get(a..b) == Some("|")
            });
            if in_brace || in_labels {
                TokenKind::LabelName
            } else if after_pipe && STAGES.contains(&word) {
                TokenKind::Keyword
            } else if s.peek_past_ws() == Some('(') {
                TokenKind::Function
            } else if KEYWORDS.contains(&word) {
                opens_labels = GROUPING.contains(&word);
                TokenKind::Keyword
            } else if in_pipeline {
                TokenKind::LabelName
            } else if is_aggregation(Lang::LogQL, word) && matches!(s.word_past_ws(), "by" | "without") {
                TokenKind::Function
            } else {
                TokenKind::Ident
            }
        } else if matches!(c, '(' | '[' | '{') {
            s.bump();
            if c == '[' && pipeline == Some(stack.len()) {
                pipeline = None;
            }
            stack.push(match c {
                '(' => Open::Paren { labels: grouping },
                '[' => Open::Bracket,
                _ => Open::Brace,
            });
            TokenKind::Punct
        } else if matches!(c, ')' | ']' | '}') {
            s.bump();
            stack.pop();
            if pipeline.is_some_and(|d| stack.len() < d) {
                pipeline = None;
            }
            TokenKind::Punct
        } else if c == ',' {
            s.bump();
            TokenKind::Punct
        } else if let Some(op) = s.eat_any(OPERATORS) {
            if !in_brace && matches!(op, "|" | "|=" | "|~" | "|>" | "!>") {
                pipeline = Some(stack.len());
            }
            // `!=`/`!~` after a selector or another line filter start a line filter, hence a pipeline.
            let after_selector = prev_sig.is_some_and(|(k, a, b)| {
                k == TokenKind::String || (k == TokenKind::Punct && s.src.get(a..b) == Some("}"))
            });
            if !in_brace && !in_pipeline && after_selector && matches!(op, "!=" | "!~") {
                pipeline = Some(stack.len());
            }
            if matches!(op, "=" | "!=" | "=~" | "!~" | "|=" | "|~" | "|>" | "!>") {
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
            prev_sig = Some((kind, start, s.pos));
        }
    }
    out
}
