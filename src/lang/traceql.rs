//! TraceQL lexer: spanset filters `{…}`, attributes (`.attr`, `span.x`, `resource.service.name`,
//! quoted `span."a b"`), intrinsics (`name`, `status`, `span:name`, `trace:rootService`), logical,
//! comparison and structural operators, pipelines (`| count() > 2`, `| select(...)`) and metrics
//! functions. Never panics; the tokens tile the input exactly.

use super::scan::{is_ident_continue, is_ident_start, push_token, scan_number, scan_string, variable_or_error, Scanner, TEMPO_UNITS};
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
            variable_or_error(&mut s)
        };
        push_token(&mut s, &mut out, kind, start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{of, sig};
    use super::super::Lang;
    use super::TokenKind::{self, *};

    fn t(text: &str) -> Vec<(TokenKind, std::string::String)> {
        sig(Lang::TraceQL, text)
    }
    fn kinds(text: &str) -> Vec<TokenKind> {
        super::super::test_util::kinds(Lang::TraceQL, text)
    }

    #[test]
    fn filter_with_count_pipeline() {
        let q = r#"{resource.service.name="search-service" && status=error} | count() > 2"#;
        let expected: Vec<(TokenKind, &str)> = vec![
            (Punct, "{"), (LabelName, "resource.service.name"), (Matcher, "="), (String, "\"search-service\""),
            (Operator, "&&"), (Intrinsic, "status"), (Matcher, "="), (Keyword, "error"), (Punct, "}"),
            (Operator, "|"), (Function, "count"), (Punct, "("), (Punct, ")"), (Operator, ">"), (Number, "2"),
        ];
        assert_eq!(t(q).iter().map(|(k, x)| (*k, x.as_str())).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn structural_select_and_scoped_intrinsics() {
        let s = t(r#"{resource.service.name="search-ui"} >> {span.gen_ai.operation.name="embeddings" && status=error}"#);
        assert_eq!(of(&s, ">>"), vec![Operator]);
        assert_eq!(of(&s, "span.gen_ai.operation.name"), vec![LabelName]);
        let s = t("{span.gen_ai.request.model=\"gpt-4o-mini\"} | select(span.gen_ai.usage.input_tokens, span.gen_ai.usage.output_tokens)");
        assert_eq!(of(&s, "select"), vec![Function]);
        assert_eq!(of(&s, "span.gen_ai.usage.input_tokens"), vec![LabelName]);
        assert_eq!(kinds(r#"{trace:id="06c2ff0c496dc0a60fa77e9daed541e5"}"#), vec![Punct, Intrinsic, Matcher, String, Punct]);
        let s = t("{resource.service.name=\"search-service\" && kind=server} | rate() by (span.http.response.status_code)");
        assert_eq!(of(&s, "kind"), vec![Intrinsic]);
        assert_eq!(of(&s, "server"), vec![Keyword]);
        assert_eq!(of(&s, "rate"), vec![Function]);
        assert_eq!(of(&s, "by"), vec![Keyword]);
        for op in ["&>>", "!<<", "~", "!~", "&~", "<<", "||"] {
            assert_eq!(kinds(&format!("{{}} {op} {{}}"))[2], if op == "!~" { Matcher } else { Operator }, "{op}");
        }
    }

    #[test]
    fn attributes_numbers_durations() {
        let s = t(r#"{ duration > 1.5s && .http.status_code >= 500 || span."foo bar" = "x" || ."q" != nil || traceDuration < 100µs }"#);
        assert_eq!(of(&s, "duration"), vec![Intrinsic]);
        assert_eq!(of(&s, "1.5s"), vec![Duration]);
        assert_eq!(of(&s, ".http.status_code"), vec![LabelName]);
        assert_eq!(of(&s, "500"), vec![Number]);
        assert_eq!(of(&s, "span.\"foo bar\""), vec![LabelName]);
        assert_eq!(of(&s, ".\"q\""), vec![LabelName]);
        assert_eq!(of(&s, "nil"), vec![Keyword]);
        assert_eq!(of(&s, "traceDuration"), vec![Intrinsic]);
        assert_eq!(of(&s, "100µs"), vec![Duration]);
        assert_eq!(kinds("{ .k8s.pod-name = \"a\" }"), vec![Punct, LabelName, Matcher, String, Punct]);
        assert_eq!(kinds("| avg(duration) > 100ms"), vec![Operator, Function, Punct, Intrinsic, Punct, Operator, Duration]);
        assert_eq!(kinds("{ .a = 0.5 }")[3], Number);
    }

    #[test]
    fn errors() {
        assert_eq!(kinds(r#"{ .a = "x"#), vec![Punct, LabelName, Matcher, Error]);
        assert_eq!(kinds("{ span.\"x }"), vec![Punct, Error]);
        assert_eq!(kinds("# $ ;"), vec![Error, Error, Error]);
        assert_eq!(kinds("{ . }"), vec![Punct, Error, Punct]);
        assert_eq!(kinds("{ span. }"), vec![Punct, Ident, Error, Punct]);
    }
}
