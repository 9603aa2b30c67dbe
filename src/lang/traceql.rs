//! TraceQL lexer: spanset filters `{…}`, attributes (`.attr`, `span.x`, `resource.service.name`,
//! quoted `span."a b"`), intrinsics (`name`, `status`, `span:name`, `trace:rootService`), logical,
//! comparison and structural operators, pipelines (`| count() > 2`, `| select(...)`) and metrics
//! functions. Never panics; the tokens tile the input exactly.

use super::scan::{is_ident_continue, is_ident_start, push, scan_number, scan_string, Scanner, TEMPO_UNITS};
use super::token::{Token, TokenKind};

/// Attribute scopes written before a dot (`span.http.method`).
pub(crate) const SCOPES: &[&str] = &["span", "resource", "event", "link", "instrumentation", "parent"];
/// Scopes of scoped intrinsics written before a colon (`span:name`).
const INTRINSIC_SCOPES: &[&str] = &["span", "trace", "event", "link", "instrumentation"];
/// Unscoped intrinsics.
pub(crate) const INTRINSICS: &[&str] = &[
    "name", "status", "statusMessage", "kind", "duration", "rootName", "rootServiceName", "traceDuration",
    "nestedSetLeft", "nestedSetRight", "nestedSetParent", "childCount",
];
/// Keywords and literal values.
const KEYWORDS: &[&str] = &[
    "ok", "error", "unset", "unspecified", "internal", "server", "client", "producer", "consumer", "true",
    "false", "nil", "by", "with",
];
/// Longest first.
const OPERATORS: &[&str] = &[
    "&>>", "&<<", "!>>", "!<<", "&&", "||", ">>", "<<", "=~", "!~", "!=", ">=", "<=", "&>", "&<", "&~", "!>",
    "!<", "=", ">", "<", "~", "!", "+", "-", "*", "/", "%", "^", "|",
];

/// Characters that end an attribute name (besides whitespace), as in Tempo's lexer.
fn is_attribute_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '{' | '}' | '(' | ')' | '=' | '~' | '!' | '<' | '>' | '&' | '|' | '^' | ',' | '"' | '`' | '[' | ']')
}

/// Consumes an attribute name after its leading `.` (already consumed): either a quoted name or a run
/// of attribute characters. Returns `String`-or-`Error` status of a quoted name, `None` when plain.
fn scan_attribute_name(s: &mut Scanner) -> TokenKind {
    if s.peek() == Some('"') {
        let k = scan_string(s);
        return if k == TokenKind::String { TokenKind::LabelName } else { TokenKind::Error };
    }
    s.eat_while(is_attribute_char);
    TokenKind::LabelName
}

/// Splits TraceQL text into tokens. Attributes are `LabelName`, intrinsics `Intrinsic`, status/kind values
/// and `true`/`false`/`nil` keywords, words before `(` functions, `=`/`!=`/`=~`/`!~` matchers.
pub fn tokenize_traceql(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut s = Scanner::new(src);
    while let Some(c) = s.peek() {
        let start = s.pos;
        let kind = if c.is_whitespace() {
            s.eat_while(char::is_whitespace);
            TokenKind::Whitespace
        } else if c == '"' || c == '`' {
            scan_string(&mut s)
        } else if c.is_ascii_digit() || (c == '.' && s.peek_nth(1).is_some_and(|d| d.is_ascii_digit())) {
            scan_number(&mut s, TEMPO_UNITS, false)
        } else if c == '.' && s.peek_nth(1).is_some_and(|d| (is_attribute_char(d) && d != '.') || d == '"') {
            s.bump();
            scan_attribute_name(&mut s)
        } else if is_ident_start(c) {
            s.eat_while(is_ident_continue);
            let word = s.src.get(start..s.pos).unwrap_or("");
            let next = s.peek();
            let next2 = s.peek_nth(1);
            if SCOPES.contains(&word) && next == Some('.') && next2.is_some_and(|d| is_attribute_char(d) || d == '"') {
                s.bump();
                scan_attribute_name(&mut s)
            } else if INTRINSIC_SCOPES.contains(&word) && next == Some(':') && next2.is_some_and(is_ident_start) {
                s.bump();
                s.eat_while(is_ident_continue);
                TokenKind::Intrinsic
            } else if s.peek_past_ws() == Some('(') && !KEYWORDS.contains(&word) {
                TokenKind::Function
            } else if INTRINSICS.contains(&word) {
                TokenKind::Intrinsic
            } else if KEYWORDS.contains(&word) {
                TokenKind::Keyword
            } else {
                TokenKind::Ident
            }
        } else if matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | ',') {
            s.bump();
            TokenKind::Punct
        } else if let Some(op) = s.eat_any(OPERATORS) {
            if matches!(op, "=" | "!=" | "=~" | "!~") {
                TokenKind::Matcher
            } else {
                TokenKind::Operator
            }
        } else {
            s.bump();
            TokenKind::Error
        };
        push(&mut out, kind, start, s.pos);
    }
    out
}
