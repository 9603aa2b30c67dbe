//! PromQL lexer: classifies metric names, functions, keywords, label names/values, numbers, durations,
//! operators, matchers, brackets and comments. Never panics; the tokens tile the input exactly.

use super::functions::is_aggregation;
use super::scan::{is_ident_continue, is_ident_start, push_token, scan_number, scan_string, variable_or_error, Scanner, PROM_UNITS};
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
    // Text of the last significant token (to tell a string that starts a matcher: after `{`, `,`, `or`).
    let mut prev_text: &str = "";
    // Strings that may be Prometheus 3 quoted names: (index in `out`, inside a label list).
    let mut quoted_names: Vec<(usize, bool)> = Vec::new();
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
            let kind = scan_string(&mut s);
            let starts_matcher = in_brace && (matches!(prev_text, "{" | ",") || prev_text.eq_ignore_ascii_case("or"));
            let in_list = in_labels && matches!(prev_text, "(" | ",");
            if kind == TokenKind::String && (starts_matcher || in_list) {
                quoted_names.push((out.len(), in_list));
            }
            kind
        } else if c.is_ascii_digit() || (c == '.' && s.peek_nth(1).is_some_and(|d| d.is_ascii_digit())) {
            scan_number(&mut s, PROM_UNITS, false)
        } else if is_ident_start(c)
            || (c == ':' && !in_bracket && !in_brace && !in_labels && s.peek_nth(1).is_some_and(is_metric_continue))
        {
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
            } else if s.peek_past_ws() == Some('(')
                || (is_aggregation(Lang::PromQL, word)
                    && matches!(s.word_past_ws().to_ascii_lowercase().as_str(), "by" | "without"))
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
            variable_or_error(&mut s)
        };
        let kind = push_token(&mut s, &mut out, kind, start);
        if !kind.is_trivia() {
            grouping = opens_labels;
            prev_sig = Some(kind);
            prev_text = s.src.get(start..s.pos).unwrap_or("");
        }
    }
    // Prometheus 3 quoted names: in a selector, a string followed by a matcher is a label name
    // (`{"service.name"="x"}`) and a string alone is the metric name (`{"rag.queue.depth", …}`); in a
    // `by (…)`-style list, a string is a label name.
    for (i, in_list) in quoted_names {
        let next = out.get(i + 1..).unwrap_or(&[]).iter().find(|t| !t.kind.is_trivia());
        let next_text = next.map_or("", |t| t.text(src));
        let kind = match next.map(|t| t.kind) {
            _ if in_list => matches!(next_text, "," | ")" | "").then_some(TokenKind::LabelName),
            Some(TokenKind::Matcher) => Some(TokenKind::LabelName),
            Some(TokenKind::Punct) if matches!(next_text, "," | "}") => Some(TokenKind::Metric),
            None => Some(TokenKind::Metric),
            _ => None,
        };
        if let (Some(kind), Some(t)) = (kind, out.get_mut(i)) {
            t.kind = kind;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{of, sig};
    use super::super::Lang;
    use super::TokenKind::{self, *};

    fn p(text: &str) -> Vec<(TokenKind, std::string::String)> {
        sig(Lang::PromQL, text)
    }
    fn kinds(text: &str) -> Vec<TokenKind> {
        super::super::test_util::kinds(Lang::PromQL, text)
    }

    #[test]
    fn histogram_quantile_query() {
        let q = r#"histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="search-service"}[5m])))"#;
        let expected: Vec<(TokenKind, &str)> = vec![
            (Function, "histogram_quantile"), (Punct, "("), (Number, "0.95"), (Punct, ","), (Function, "sum"),
            (Keyword, "by"), (Punct, "("), (LabelName, "le"), (Punct, ")"), (Punct, "("), (Function, "rate"),
            (Punct, "("), (Metric, "http_server_request_duration_seconds_bucket"), (Punct, "{"),
            (LabelName, "service_name"), (Matcher, "="), (String, "\"search-service\""), (Punct, "}"),
            (Punct, "["), (Duration, "5m"), (Punct, "]"), (Punct, ")"), (Punct, ")"), (Punct, ")"),
        ];
        let got = p(q);
        assert_eq!(got.iter().map(|(k, t)| (*k, t.as_str())).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn keywords_operators_and_vector_matching() {
        let q = "sum(rate(a[5m] offset 1h)) by (job) / on(job) group_left(instance) b > bool 0.5 and c unless d or e atan2 f";
        let t = p(q);
        for kw in ["by", "offset", "on", "group_left", "bool", "and", "unless", "or"] {
            assert_eq!(of(&t, kw), vec![Keyword], "{kw}");
        }
        assert_eq!(of(&t, "job"), vec![LabelName, LabelName]);
        assert_eq!(of(&t, "instance"), vec![LabelName]);
        assert_eq!(of(&t, "1h"), vec![Duration]);
        assert_eq!(of(&t, "/"), vec![Operator]);
        assert_eq!(of(&t, ">"), vec![Operator]);
        assert_eq!(of(&t, "atan2"), vec![Operator]);
        for m in ["a", "b", "c", "d", "e", "f"] {
            assert_eq!(of(&t, m), vec![Metric], "{m}");
        }
        // Keywords are case-insensitive, like Prometheus.
        assert_eq!(kinds("sum BY (job) (x)"), vec![Function, Keyword, Punct, LabelName, Punct, Punct, Metric, Punct]);
        assert_eq!(kinds("a != b == c >= d <= e"), vec![Metric, Operator, Metric, Operator, Metric, Operator, Metric, Operator, Metric]);
    }

    #[test]
    fn aggregations_with_trailing_or_leading_grouping() {
        assert_eq!(kinds("topk by (job) (5, x)"), vec![Function, Keyword, Punct, LabelName, Punct, Punct, Number, Punct, Metric, Punct]);
        assert_eq!(kinds("sum without(instance)(x)")[0], Function);
        assert_eq!(kinds("count_values(\"v\", x)"), vec![Function, Punct, String, Punct, Metric, Punct]);
        // A name that is an aggregation but used alone is a metric.
        assert_eq!(kinds("sum"), vec![Metric]);
    }

    #[test]
    fn at_modifier_subqueries_and_numbers() {
        assert_eq!(kinds("x @ 1609746000"), vec![Metric, Keyword, Number]);
        assert_eq!(kinds("x @ start()"), vec![Metric, Keyword, Function, Punct, Punct]);
        assert_eq!(
            p("max_over_time(rate(x[5m])[30m:1m])").into_iter().filter(|(k, _)| *k == Duration || *k == Punct).map(|(_, t)| t).collect::<Vec<_>>(),
            vec!["(", "(", "[", "5m", "]", ")", "[", "30m", ":", "1m", "]", ")"]
        );
        assert_eq!(p("x offset -1h30m")[2..], [(Operator, "-".into()), (Duration, "1h30m".into())]);
        for n in ["0.95", "1e-3", "0x1F", ".5", "Inf", "NaN", "42"] {
            assert_eq!(kinds(n), vec![Number], "{n}");
        }
        assert_eq!(kinds("5min"), vec![Error]);
        assert_eq!(kinds("job:http_requests:rate5m"), vec![Metric]);
    }

    #[test]
    fn strings_comments_and_matchers() {
        let t = p(r#"{__name__=~"http_.*", job!="a\"b", env!~'dev', path=`C:\x`} # trailing comment"#);
        assert_eq!(of(&t, "=~"), vec![Matcher]);
        assert_eq!(of(&t, "!="), vec![Matcher]);
        assert_eq!(of(&t, "!~"), vec![Matcher]);
        assert_eq!(of(&t, r#""a\"b""#), vec![String]);
        assert_eq!(of(&t, "'dev'"), vec![String]);
        assert_eq!(of(&t, r"`C:\x`"), vec![String]);
        let q = "up # trailing comment";
        let last = super::tokenize_promql(q).last().map(|t| (t.kind, t.text(q).to_string()));
        assert_eq!(last, Some((Comment, "# trailing comment".to_string())));
        assert_eq!(of(&t, "__name__"), vec![LabelName]);
        // A comment ends at the newline.
        assert_eq!(kinds("# c\nup"), vec![Metric]);
        assert_eq!(super::tokenize_promql("# c\nup").iter().map(|t| t.kind).collect::<Vec<_>>(), vec![Comment, Whitespace, Metric]);
        // Prometheus 3 quoted metric names and `or` inside selectors.
        assert_eq!(kinds(r#"{"my.metric", a="1" or b="2"}"#), vec![Punct, Metric, Punct, LabelName, Matcher, String, Keyword, LabelName, Matcher, String, Punct]);
        // Quoted label names: before a matcher, in grouping lists; values stay strings.
        assert_eq!(
            p(r#"sum by ("service.name", job) ({"rag.queue.depth", "service.name"=~"search.*"})"#),
            vec![
                (Function, "sum".into()), (Keyword, "by".into()), (Punct, "(".into()), (LabelName, "\"service.name\"".into()),
                (Punct, ",".into()), (LabelName, "job".into()), (Punct, ")".into()), (Punct, "(".into()), (Punct, "{".into()),
                (Metric, "\"rag.queue.depth\"".into()), (Punct, ",".into()), (LabelName, "\"service.name\"".into()),
                (Matcher, "=~".into()), (String, "\"search.*\"".into()), (Punct, "}".into()), (Punct, ")".into()),
            ]
        );
        assert_eq!(kinds(r#"{"a.b"}"#), vec![Punct, Metric, Punct]);
        assert_eq!(kinds(r#"x{a="1", "b.c"!="2"}"#), vec![Metric, Punct, LabelName, Matcher, String, Punct, LabelName, Matcher, String, Punct]);
        // A string in a function argument stays a string.
        assert_eq!(kinds(r#"label_replace(up, "dst", "$1", "src", "(.*)")"#)[4], String);
        assert_eq!(kinds(r#"{a="héllo ✓"}"#), vec![Punct, LabelName, Matcher, String, Punct]);
    }

    #[test]
    fn errors_are_tokens_not_panics() {
        assert_eq!(p(r#"{a="b"#), vec![(Punct, "{".into()), (LabelName, "a".into()), (Matcher, "=".into()), (Error, "\"b".into())]);
        // An unterminated quoted string stops at the end of the line.
        assert_eq!(kinds("\"abc\nup"), vec![Error, Metric]);
        assert_eq!(kinds("`abc\nup"), vec![Error]);
        assert_eq!(kinds("up $ é"), vec![Metric, Error, Error]);
        assert_eq!(kinds("a ! b"), vec![Metric, Error, Metric]);
        assert_eq!(kinds("\"a\\"), vec![Error]);
    }

    #[test]
    fn real_queries_lex_without_errors() {
        for q in [
            "sum by (service_name, http_response_status_code) (rate(http_server_requests_total[5m]))",
            r#"scalar(sum(rate(http_server_requests_total{service_name="search-ui"}[5m])))"#,
            r#""hello""#,
            "does_not_exist_total",
            "histogram_quantile(0.95, sum by (le, service_name) (rate(http_server_request_duration_seconds_bucket[1m])))",
            r#"http_server_request_duration_seconds_bucket{service_name="search-service"}"#,
            "http_server_requests_total / on() http_server_request_duration_seconds_count",
            r#"sum(rate(http_server_requests_total{http_response_status_code=~"5.."}[5m]))"#,
            "sum by (service, span_kind) (rate(traces_spanmetrics_calls_total[1m]))",
            "up",
            "gen_ai_client_token_usage_total",
        ] {
            let t = p(q);
            assert!(t.iter().all(|(k, _)| *k != Error), "{q}: {t:?}");
        }
        let t = p("http_server_requests_total / on() http_server_request_duration_seconds_count");
        assert_eq!(t.iter().map(|(k, _)| *k).collect::<Vec<_>>(), vec![Metric, Operator, Keyword, Punct, Punct, Metric]);
    }
}
