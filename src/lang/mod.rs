//! Query-language support for the query editors (pure, no UI): lexers for PromQL, LogQL, TraceQL and LogsQL,
//! syntax highlighting spans, bracket/quote checking, completion contexts and ranked suggestions, and the
//! built-in vocabulary with signatures.
//!
//! # API
//! - [`tokenize`]`(lang, text) -> Vec<Token>` (or [`tokenize_promql`], [`tokenize_logql`],
//!   [`tokenize_traceql`]): `Token { kind: TokenKind, start, end }` with byte offsets on char boundaries.
//!   The tokens tile the input exactly (concatenated they give the input back) and no input panics.
//! - [`highlight()`]`(lang, text) -> Vec<(&'static str, Range<usize>)>`: CSS class per span, covering the text
//!   exactly; render each range of the textarea's text as a `<span class=…>` text node in an overlay.
//!   Classes: `tok-metric tok-fn tok-kw tok-label tok-str tok-num tok-dur tok-op tok-punct tok-comment
//!   tok-err tok-ident tok-ws` (see [`class_of`]).
//! - [`check()`]`(lang, text) -> Vec<Problem { range, message }>`: unbalanced/mismatched brackets, braces and
//!   parentheses, unterminated strings, stray characters; show inline before sending the query.
//! - Completion: [`context_at`]`(lang, text, cursor) -> CompletionContext { lang, kind, prefix, replace }`,
//!   then [`suggest`]`(&ctx, &Sources { metrics, labels, values }) -> Vec<Suggestion>` (ranked, ≤ 50;
//!   built-in functions/keywords come from [`functions`]), then [`apply`]`(text, &suggestion, replace) ->
//!   (new_text, new_cursor)`. The UI fetches `Sources` for the context: metric names for
//!   `MetricName`/`FunctionOrMetric`, label names for `LabelName` (filtered by its `metric` when given),
//!   label values of `label` for `LabelValue`.
//! - [`functions`]: `FunctionDoc { name, signature, doc, kind }` tables and `lookup(lang, name)`.
//!
//! Typical wiring: on input or caret move, `let ctx = context_at(lang, &text, caret)`; if `ctx.kind` is not
//! `None`, fetch what it needs, `suggest(&ctx, &sources)`, show the list; on accept,
//! `let (text, caret) = apply(&text, &s, ctx.replace.clone())`.

pub mod check;
pub mod complete;
pub mod functions;
pub mod highlight;
pub mod logql;
pub mod logsql;
pub mod promql;
pub mod promql_build;
pub mod quote;
mod scan;
pub mod token;
pub mod traceql;

pub use check::{check, Problem};
pub use complete::{apply, context_at, metric_help, suggest, CompletionContext, CompletionKind, Sources, Suggestion, SuggestionKind};
pub use functions::{FnKind, FunctionDoc};
pub use highlight::{class_of, highlight};
pub use logql::tokenize_logql;
pub use logsql::tokenize_logsql;
pub use promql::tokenize_promql;
pub use token::{Token, TokenKind};
pub use traceql::tokenize_traceql;

/// A query language of one of the backends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Prometheus.
    #[default]
    PromQL,
    /// Loki.
    LogQL,
    /// Tempo.
    TraceQL,
    /// VictoriaLogs (highlighting and checks; no completion yet).
    LogsQL,
}

/// Tokenizes `text` as `lang`.
pub fn tokenize(lang: Lang, text: &str) -> Vec<Token> {
    match lang {
        Lang::PromQL => tokenize_promql(text),
        Lang::LogQL => tokenize_logql(text),
        Lang::TraceQL => tokenize_traceql(text),
        Lang::LogsQL => tokenize_logsql(text),
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::{tokenize, Lang, TokenKind};

    /// Significant tokens as (kind, text) pairs, after checking that the tokens tile the input.
    pub fn sig(lang: Lang, text: &str) -> Vec<(TokenKind, String)> {
        let toks = tokenize(lang, text);
        let mut pos = 0;
        for t in &toks {
            assert_eq!(t.start, pos, "gap or overlap at {pos} in {text:?}");
            assert!(t.end > t.start);
            pos = t.end;
        }
        assert_eq!(pos, text.len());
        toks.iter().filter(|t| !t.kind.is_trivia()).map(|t| (t.kind, t.text(text).to_string())).collect()
    }

    /// The kinds of the significant tokens.
    pub fn kinds(lang: Lang, text: &str) -> Vec<TokenKind> {
        sig(lang, text).into_iter().map(|(k, _)| k).collect()
    }

    /// The kinds given to every token whose text is `text`.
    pub fn of(toks: &[(TokenKind, String)], text: &str) -> Vec<TokenKind> {
        toks.iter().filter(|(_, t)| t == text).map(|(k, _)| *k).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: a small seeded PRNG so the random inputs are the same on every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "{", "}", "(", ")", "[", "]", "\"", "'", "`", "\\", "=", "!", "~", "|", "&", "<", ">", ".", ",", ":", "#",
        "@", "+", "-", "*", "/", "%", "^", " ", "\n", "\t", "a", "z", "_", "0", "9", "é", "µ", "✓", "😀", "\u{212A}",
        "by", "sum", "rate(", "{:a", "by(:x", "[:", ":b", "[5m]", "offset", "1h30m", "0x1f", "1e-3", "| json", "|= \"x", "span.", "span:",
        "resource.service.name", "status=", "error", "&&", "||", "count()", "__name__", "le", "--strict", "20MB",
        "100µs", "`raw", "\"unterminated", "unwrap", "line_format", "Inf", "--", "..", "=~", "!~", "|~", ">>",
    ];

    fn random_text(rng: &mut Rng) -> String {
        let n = rng.below(40);
        (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
    }

    fn assert_tiles(text: &str, ranges: impl Iterator<Item = Range<usize>>) {
        let mut pos = 0;
        for r in ranges {
            assert_eq!(r.start, pos, "{text:?}");
            assert!(r.end > r.start, "{text:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{text:?}");
            pos = r.end;
        }
        assert_eq!(pos, text.len(), "{text:?}");
    }

    use std::ops::Range;

    #[test]
    fn random_inputs_tile_and_never_panic() {
        let mut rng = Rng(0x5EED_1234_ABCD_0001);
        let metrics = vec!["up".to_string(), "http_requests_total".to_string()];
        let labels = vec!["job".to_string(), "span.http.method".to_string()];
        let values = vec!["a\"b".to_string(), "200".to_string()];
        let sources = Sources { metrics: &metrics, labels: &labels, values: &values, ..Sources::default() };
        let mut contexts = 0;
        for _ in 0..1500 {
            let text = random_text(&mut rng);
            for lang in [Lang::PromQL, Lang::LogQL, Lang::TraceQL] {
                assert_tiles(&text, tokenize(lang, &text).into_iter().map(|t| t.start..t.end));
                assert_tiles(&text, highlight(lang, &text).into_iter().map(|(_, r)| r));
                for p in check(lang, &text) {
                    assert!(p.range.start <= p.range.end && p.range.end <= text.len());
                    assert!(!p.message.is_empty());
                }
                // Every byte offset, including ones inside multi-byte chars and past the end.
                for cursor in (0..=text.len() + 1).step_by(1 + rng.below(3)) {
                    let c = context_at(lang, &text, cursor);
                    assert!(c.replace.start <= c.replace.end && c.replace.end <= text.len(), "{text:?} {cursor}");
                    assert!(text.is_char_boundary(c.replace.start) && text.is_char_boundary(c.replace.end));
                    assert!(text.get(c.replace.clone()).is_some());
                    for s in suggest(&c, &sources).iter().take(2) {
                        let (new, cur) = apply(&text, s, c.replace.clone());
                        assert!(new.is_char_boundary(cur) && cur <= new.len(), "{text:?} {s:?}");
                    }
                    contexts += 1;
                }
            }
        }
        assert!(contexts > 10_000);
    }

    #[test]
    fn every_single_char_lexes() {
        let mut text = String::new();
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            text.push(c);
            text.push(' ');
        }
        for lang in [Lang::PromQL, Lang::LogQL, Lang::TraceQL] {
            assert_tiles(&text, tokenize(lang, &text).into_iter().map(|t| t.start..t.end));
        }
    }

    #[test]
    fn megabyte_inputs() {
        let query = r#"sum by (le) (rate(x{a="b", c=~"d|e"}[5m])) | json | level="error" {.a="x" && status=error} "#;
        let big = query.repeat(1_000_000 / query.len() + 1);
        let unterminated = format!("{{a=\"{}", "x".repeat(1_000_000));
        let opens = "(".repeat(1_000_000);
        let unicode = "é✓😀".repeat(120_000);
        for text in [&big, &unterminated, &opens, &unicode] {
            for lang in [Lang::PromQL, Lang::LogQL, Lang::TraceQL] {
                let toks = tokenize(lang, text);
                assert_eq!(toks.last().map(|t| t.end), Some(text.len()));
                let _ = check(lang, text);
                let c = context_at(lang, text, text.len() / 2);
                assert!(c.replace.end <= text.len());
            }
        }
        assert_eq!(check(Lang::PromQL, &opens).len(), 1_000_000);
        assert_eq!(tokenize(Lang::PromQL, &unterminated).len(), 4);
    }

    #[test]
    fn tokenize_dispatches_by_language() {
        let kinds = |lang| tokenize(lang, "rate(x)").iter().map(|t| t.kind).collect::<Vec<_>>();
        assert_eq!(kinds(Lang::PromQL)[2], TokenKind::Metric);
        assert_eq!(kinds(Lang::LogQL)[2], TokenKind::Ident);
        assert_eq!(kinds(Lang::TraceQL)[2], TokenKind::Ident);
        assert_eq!(Lang::default(), Lang::PromQL);
    }
}
