//! LogQL lexer: stream selectors, line filters, pipeline stages (parsers, formatters, label filters,
//! `unwrap`), range aggregations and metric expressions. Never panics; the tokens tile the input exactly.

use super::functions::is_aggregation;
use super::scan::{is_ident_continue, is_ident_start, push_token, scan_number, scan_string, variable_or_error, Scanner, LOKI_UNITS};
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
            } else if KEYWORDS.contains(&word) {
                opens_labels = GROUPING.contains(&word);
                TokenKind::Keyword
            } else if s.peek_past_ws() == Some('(') {
                TokenKind::Function
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
            variable_or_error(&mut s)
        };
        let kind = push_token(&mut s, &mut out, kind, start);
        if !kind.is_trivia() {
            grouping = opens_labels;
            prev_sig = Some((kind, start, s.pos));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{of, sig};
    use super::super::Lang;
    use super::TokenKind::{self, *};

    fn l(text: &str) -> Vec<(TokenKind, std::string::String)> {
        sig(Lang::LogQL, text)
    }
    fn kinds(text: &str) -> Vec<TokenKind> {
        super::super::test_util::kinds(Lang::LogQL, text)
    }

    #[test]
    fn selector_line_filter_json_label_filter_line_format() {
        let q = r#"{service_name="x"} |= "error" | json | level="error" | line_format "{{.msg}}""#;
        let expected: Vec<(TokenKind, &str)> = vec![
            (Punct, "{"), (LabelName, "service_name"), (Matcher, "="), (String, "\"x\""), (Punct, "}"),
            (Matcher, "|="), (String, "\"error\""), (Operator, "|"), (Keyword, "json"), (Operator, "|"),
            (LabelName, "level"), (Matcher, "="), (String, "\"error\""), (Operator, "|"),
            (Keyword, "line_format"), (String, "\"{{.msg}}\""),
        ];
        assert_eq!(l(q).iter().map(|(k, t)| (*k, t.as_str())).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn metric_queries() {
        assert_eq!(
            kinds(r#"sum by (level) (count_over_time({job=~".+"}[1m]))"#),
            vec![Function, Keyword, Punct, LabelName, Punct, Punct, Function, Punct, Punct, LabelName, Matcher, String, Punct, Punct, Duration, Punct, Punct, Punct]
        );
        let t = l(r#"quantile_over_time(0.99, {a="b"} | json | unwrap duration(latency) [5m] offset 1h) by (x) > 2"#);
        assert_eq!(of(&t, "quantile_over_time"), vec![Function]);
        assert_eq!(of(&t, "unwrap"), vec![Keyword]);
        assert_eq!(of(&t, "duration"), vec![Function]);
        assert_eq!(of(&t, "latency"), vec![LabelName]);
        assert_eq!(of(&t, "5m"), vec![Duration]);
        assert_eq!(of(&t, "offset"), vec![Keyword]);
        assert_eq!(of(&t, "by"), vec![Keyword]);
        assert_eq!(of(&t, "x"), vec![LabelName]);
        assert_eq!(of(&t, ">"), vec![Operator]);
        for f in ["bytes_over_time", "rate", "bytes_rate", "absent_over_time", "rate_counter", "topk", "sort_desc"] {
            assert_eq!(kinds(&format!("{f}(x)"))[0], Function, "{f}");
        }
        assert_eq!(kinds("sum without (a) (x)")[..2], [Function, Keyword]);
    }

    #[test]
    fn line_filters_and_stages() {
        let t = l(r#"{a="b"} != "x" |~ "y.*" !~ "z" |> "<_> GET <_>" !> "p" |= "a" or "b""#);
        for op in ["!=", "|~", "!~", "|>", "!>", "|="] {
            assert_eq!(of(&t, op), vec![Matcher], "{op}");
        }
        assert_eq!(of(&t, "or"), vec![Keyword]);
        let t = l(r#"{a="b"} | logfmt --strict --keep-empty | drop a, b="c" | keep d | label_format x="{{.y}}" | decolorize | pattern "<ip> <_>" | regexp "(?P<x>.*)" | unpack"#);
        for kw in ["logfmt", "--strict", "--keep-empty", "drop", "keep", "label_format", "decolorize", "pattern", "regexp", "unpack"] {
            assert_eq!(of(&t, kw), vec![Keyword], "{kw}");
        }
        for lab in ["b", "d", "x"] {
            assert_eq!(of(&t, lab), vec![LabelName], "{lab}");
        }
        assert_eq!(of(&t, "a"), vec![LabelName, LabelName]);
    }

    #[test]
    fn label_filters_with_numbers_durations_and_bytes() {
        let t = l(r#"{job="rag-demo", level=~"error|warn"} | json | status >= 500 and duration > 10s or size <= 20MB"#);
        assert_eq!(of(&t, "status"), vec![LabelName]);
        assert_eq!(of(&t, ">="), vec![Operator]);
        assert_eq!(of(&t, "500"), vec![Number]);
        assert_eq!(of(&t, "10s"), vec![Duration]);
        assert_eq!(of(&t, "20MB"), vec![Number]);
        assert_eq!(of(&t, "and"), vec![Keyword]);
        assert_eq!(of(&t, "or"), vec![Keyword]);
        assert_eq!(of(&t, "duration"), vec![LabelName]);
        assert_eq!(of(&t, "size"), vec![LabelName]);
        assert_eq!(kinds("| x > 250us"), vec![Operator, LabelName, Operator, Duration]);
        assert_eq!(kinds("| x > 1.5KiB"), vec![Operator, LabelName, Operator, Number]);
    }

    #[test]
    fn real_queries_and_errors() {
        for q in [
            r#"{job="rag-demo"} |= "6575de447380ec933e5135e5d844e736""#,
            r#"{job=~".+"}"#,
            r#"{service_name="embedding-service"} | json"#,
            r#"sum by (service_name) (count_over_time({job="rag-demo"}[5m]))"#,
            r#"{service_name=~".+"} |= "6575de447380ec933e5135e5d844e736""#,
        ] {
            assert!(l(q).iter().all(|(k, _)| *k != Error), "{q}");
        }
        assert_eq!(kinds(r#"{service_name="search-service""#), vec![Punct, LabelName, Matcher, String]);
        assert_eq!(kinds(r#"{a="b"} |= "unterminated"#).last(), Some(&Error));
        assert_eq!(kinds("{a=`raw\nmulti`}"), vec![Punct, LabelName, Matcher, String, Punct]);
        assert_eq!(kinds("$ ; é"), vec![Error, Error, Error]);
    }
}
