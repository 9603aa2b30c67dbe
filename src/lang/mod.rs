//! Query-language support for the query editors (pure, no UI): lexers for PromQL, LogQL and TraceQL,
//! syntax highlighting spans, bracket/quote checking, completion contexts and ranked suggestions, and the
//! built-in vocabulary with signatures.
//!
//! # API
//! - [`tokenize`]`(lang, text) -> Vec<Token>` (or [`tokenize_promql`], [`tokenize_logql`],
//!   [`tokenize_traceql`]): `Token { kind: TokenKind, start, end }` with byte offsets on char boundaries.
//!   The tokens tile the input exactly (concatenated they give the input back) and no input panics.
//! - [`highlight`]`(lang, text) -> Vec<(&'static str, Range<usize>)>`: CSS class per span, covering the text
//!   exactly; render each range of the textarea's text as a `<span class=…>` text node in an overlay.
//!   Classes: `tok-metric tok-fn tok-kw tok-label tok-str tok-num tok-dur tok-op tok-punct tok-comment
//!   tok-err tok-ident tok-ws` (see [`class_of`]).
//! - [`check`]`(lang, text) -> Vec<Problem { range, message }>`: unbalanced/mismatched brackets, braces and
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
pub mod promql;
pub mod promql_build;
mod scan;
pub mod token;
pub mod traceql;

pub use check::{check, Problem};
pub use complete::{apply, context_at, suggest, CompletionContext, CompletionKind, Sources, Suggestion, SuggestionKind};
pub use functions::{FnKind, FunctionDoc};
pub use highlight::{class_of, highlight};
pub use logql::tokenize_logql;
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
}

/// Tokenizes `text` as `lang`.
pub fn tokenize(lang: Lang, text: &str) -> Vec<Token> {
    match lang {
        Lang::PromQL => tokenize_promql(text),
        Lang::LogQL => tokenize_logql(text),
        Lang::TraceQL => tokenize_traceql(text),
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
}
