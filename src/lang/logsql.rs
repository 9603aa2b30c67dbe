//! LogsQL lexer (VictoriaLogs), for highlighting and bracket checking: words and phrases, quoted strings,
//! `field:` filters (`level:error`, `trace_id:="…"`, `_time:5m`, `x:~"re"`, `n:>5`), `{…}` stream filters
//! with `=`/`!=`/`=~`/`!~`, `|` pipes (the word after one is the pipe's name), `#` comments. LogsQL allows
//! almost any character in a bare word, so only an unterminated string is an error. Never panics; the
//! tokens tile the input exactly.

use super::scan::{push_token, scan_string, Scanner};
use super::token::{Token, TokenKind};

/// Logical words of filters and pipe arguments.
const KEYWORDS: &[&str] = &["and", "or", "not", "AND", "OR", "NOT", "by", "as", "desc", "asc", "limit", "in", "if"];
/// Filter operators after a field name's `:`, longest first (`:` alone is a plain filter).
const FIELD_OPS: &[&str] = &[":!~", ":!=", ":>=", ":<=", ":=", ":~", ":>", ":<", ":"];
/// Stream-filter matchers, longest first.
const MATCHERS: &[&str] = &["!=", "=~", "!~", "="];

/// A character that can be part of a bare word: anything but whitespace, quotes, brackets and operators.
fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '"' | '\'' | '`' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | '|' | ':' | '=' | '!' | '~' | '#' | '<' | '>')
}

/// Splits LogsQL text into tokens. A word followed by `:` or a matcher is a field name (`LabelName`), the word after `|`
/// a pipe name (`Function`), a word starting with a digit a `Number` (all digits and dots) or a `Duration`
/// (`5m`, `1h30m`); other words are `Ident` or, for `and`/`or`/`not`/`by`/…, `Keyword`.
pub fn tokenize_logsql(src: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut s = Scanner::new(src);
    let mut after_pipe = false;
    while let Some(c) = s.peek() {
        let start = s.pos;
        let kind = if c.is_whitespace() {
            s.eat_while(char::is_whitespace);
            TokenKind::Whitespace
        } else if c == '#' {
            s.eat_while(|c| c != '\n');
            TokenKind::Comment
        } else if matches!(c, '"' | '\'' | '`') {
            scan_string(&mut s)
        } else if matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | ',') {
            s.bump();
            TokenKind::Punct
        } else if c == '|' {
            s.bump();
            TokenKind::Operator
        } else if c == ':' {
            s.eat_any(FIELD_OPS);
            TokenKind::Matcher
        } else if s.eat_any(MATCHERS).is_some() {
            TokenKind::Matcher
        } else if matches!(c, '!' | '~' | '<' | '>') {
            s.bump();
            TokenKind::Operator
        } else {
            s.eat_while(is_word_char);
            let word = s.src.get(start..s.pos).unwrap_or("");
            let rest = s.rest();
            if rest.starts_with(':') || MATCHERS.iter().any(|m| rest.starts_with(m)) {
                TokenKind::LabelName
            } else if after_pipe {
                TokenKind::Function
            } else if word.starts_with(|c: char| c.is_ascii_digit()) {
                if word.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    TokenKind::Number
                } else {
                    TokenKind::Duration
                }
            } else if KEYWORDS.contains(&word) {
                TokenKind::Keyword
            } else {
                TokenKind::Ident
            }
        };
        let kind = push_token(&mut s, &mut out, kind, start);
        if !kind.is_trivia() {
            after_pipe = kind == TokenKind::Operator && s.src.get(start..s.pos) == Some("|");
        }
    }
    out
}

/// True when the query has a `stats` pipe (`… | stats by (level) count()`): its answer is numbers per group,
/// drawn as time series, not log lines. A `stats` word elsewhere (a filter, a quoted phrase) does not count.
pub fn has_stats_pipe(src: &str) -> bool {
    tokenize_logsql(src).iter().any(|t| t.kind == TokenKind::Function && t.text(src) == "stats")
}

/// The query with the exact-value filter `field:="value"` added to its filters (before its first pipe, so pipes
/// keep working on the narrowed lines). A query that is empty or `*` becomes the filter alone.
pub fn add_field_filter(query: &str, field: &str, value: &str) -> String {
    let name = if !field.is_empty() && field.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-')) {
        field.to_string()
    } else {
        super::quote::quote_string(field)
    };
    let filter = format!("{name}:={}", super::quote::quote_string(value));
    let toks = tokenize_logsql(query);
    let pipe = toks.iter().find(|t| t.kind == TokenKind::Operator && t.text(query) == "|").map(|t| t.start);
    let (head, tail) = query.split_at(pipe.unwrap_or(query.len()));
    let head = head.trim();
    let tail = tail.trim_start();
    let joined = if head.is_empty() || head == "*" { filter } else { format!("{head} {filter}") };
    if tail.is_empty() { joined } else { format!("{joined} {tail}") }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::sig;
    use super::super::{check, Lang};
    use super::TokenKind::{self, *};

    fn t(text: &str) -> Vec<(TokenKind, std::string::String)> {
        sig(Lang::LogsQL, text)
    }
    fn p(list: &[(TokenKind, &str)]) -> Vec<(TokenKind, std::string::String)> {
        list.iter().map(|(k, s)| (*k, s.to_string())).collect()
    }

    #[test]
    fn a_field_filter_goes_before_the_pipes() {
        use super::add_field_filter as add;
        assert_eq!(add("", "level", "error"), "level:=\"error\"");
        assert_eq!(add(" * ", "level", "error"), "level:=\"error\"");
        assert_eq!(add("{service_name=\"a\"}", "trace_id", "ab"), "{service_name=\"a\"} trace_id:=\"ab\"");
        assert_eq!(add("{a=\"b\"} | stats by (level) count()", "level", "warn"), "{a=\"b\"} level:=\"warn\" | stats by (level) count()");
        assert_eq!(add("\"x | y\" | sort by (_time)", "k", "v"), "\"x | y\" k:=\"v\" | sort by (_time)");
        assert_eq!(add("err", "odd name", "q\"uote"), "err \"odd name\":=\"q\\\"uote\"");
    }

    #[test]
    fn a_stats_pipe_is_found_only_after_a_pipe() {
        assert!(super::has_stats_pipe("{a=\"b\"} | stats by (level) count()"));
        assert!(super::has_stats_pipe("error | fields _time |stats count() n"));
        assert!(!super::has_stats_pipe("stats"));
        assert!(!super::has_stats_pipe("\"| stats\" error # | stats"));
        assert!(!super::has_stats_pipe("x | sort by (stats)"));
        assert!(!super::has_stats_pipe(""));
    }

    #[test]
    fn stream_filters_field_filters_and_pipes() {
        assert_eq!(
            t(r#"{service_name="search-service"} trace_id:="ab12" | sort by (_time) limit 5"#),
            p(&[(Punct, "{"), (LabelName, "service_name"), (Matcher, "="), (String, "\"search-service\""), (Punct, "}"),
                (LabelName, "trace_id"), (Matcher, ":="), (String, "\"ab12\""), (Operator, "|"), (Function, "sort"),
                (Keyword, "by"), (Punct, "("), (Ident, "_time"), (Punct, ")"), (Keyword, "limit"), (Number, "5")])
        );
        assert_eq!(
            t("_time:5m error -level:~\"deb.*\" or !x # note"),
            p(&[(LabelName, "_time"), (Matcher, ":"), (Duration, "5m"), (Ident, "error"), (LabelName, "-level"), (Matcher, ":~"),
                (String, "\"deb.*\""), (Keyword, "or"), (Operator, "!"), (Ident, "x")])
        );
        assert_eq!(t("n:>=5 | stats count() n")[1], (Matcher, ":>=".into()));
        assert_eq!(t("{a=~\"x|y\"}")[2], (Matcher, "=~".into()));
    }

    #[test]
    fn only_unterminated_strings_and_brackets_are_problems() {
        assert!(check(Lang::LogsQL, r#"{service_name="x"} "a b" level:in(error, warn) | fields _time, _msg"#).is_empty());
        assert!(check(Lang::LogsQL, "path:/api/v1/* user@host 10.0.0.1 é ∑").is_empty());
        assert_eq!(check(Lang::LogsQL, "trace_id:=\"ab").len(), 1);
        assert_eq!(check(Lang::LogsQL, "{service_name=\"x\"").len(), 1);
        for text in ["", ":", "|||", "::=", "\"", "{", "a:b:c", "#"] {
            let _ = t(text);
        }
    }
}
