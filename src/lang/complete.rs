//! Completion: what is expected at a cursor position ([`context_at`]), ranked candidates for it
//! ([`suggest`]) and the edit that accepts one ([`apply`]).
//!
//! Contexts by language:
//! - PromQL: `FunctionOrMetric` at the start, after `(`, `,` and operators; `MetricName` when the word is
//!   directly followed by `{`; `LabelName` inside `{…}` and in `by (…)`/`without (…)`/`on (…)` lists;
//!   `LabelValue` after a matcher (`quoted` when the cursor is inside the quotes); `Keyword` after a
//!   complete expression or an aggregation name (`sum b|`); `Duration` inside `[…]` and after `offset`.
//! - LogQL: as PromQL for selectors, groupings and ranges (no metric names); `PipelineStage` right after
//!   `|` (stage names and label names for label filters); `LabelName` in `| json a, b` / `| drop` /
//!   `| keep` / `| label_format` / `| unwrap`; `LabelValue` in label filters (`| level="…"`); `None` in
//!   line-filter text.
//! - TraceQL: `LabelName` (attributes and intrinsics) inside `{…}` at the start and after `&&`, `||`,
//!   `(`, and inside `by(…)`/`select(…)`/`avg(…)`…; `LabelValue` after a comparison (status and kind values
//!   are built in); `PipelineStage` after `|` (aggregates and metrics functions).

use std::ops::Range;

use super::functions::{
    self, FnKind, FunctionDoc, LOGQL_KEYWORDS, LOGQL_STAGES, PROMQL_KEYWORDS, TRACEQL_AGGREGATES,
    TRACEQL_INTRINSICS, TRACEQL_KIND_VALUES, TRACEQL_METRICS, TRACEQL_STATUS_VALUES,
};
use super::token::{Token, TokenKind};
use super::{tokenize, Lang};

/// Most suggestions returned by [`suggest`].
pub const MAX_SUGGESTIONS: usize = 50;

/// What is expected at the cursor.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum CompletionKind {
    /// A metric name only (the word is the name of a selector: `http_re|{job="x"}`).
    MetricName,
    /// The start of an expression: a function or aggregation, or (PromQL) a metric name.
    FunctionOrMetric,
    /// A label name (TraceQL: an attribute or intrinsic). `metric` is the metric of the selector or
    /// aggregated expression when known; `existing` are the labels already used in the same list.
    LabelName { metric: Option<String>, existing: Vec<String> },
    /// A value of `label`. `quoted`: the cursor is inside a string, so the value is inserted without quotes.
    LabelValue { metric: Option<String>, label: String, quoted: bool },
    /// A keyword (`by`, `without`, `offset`, `and`, `or`, `unless`, `on`, `ignoring`, `bool`, …).
    Keyword,
    /// A duration (range `[…]`, subquery step, `offset`).
    Duration,
    /// LogQL: a pipeline stage (`json`, `logfmt`, …) or a label to filter on; TraceQL: a pipeline aggregate
    /// or metrics function (`count()`, `avg()`, `select()`, `rate()`, …).
    PipelineStage,
    /// Nothing to complete here (inside line-filter text, a comment, after a complete matcher, …).
    #[default]
    None,
}

/// The completion context at a cursor: what is expected, the word typed so far, and the byte range a
/// chosen suggestion replaces (the whole word around the cursor, or the string content for quoted values).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CompletionContext {
    pub lang: Lang,
    pub kind: CompletionKind,
    /// The text from the start of the word (or string content) to the cursor.
    pub prefix: String,
    /// The byte range a suggestion replaces; `cursor..cursor` when nothing is typed yet.
    pub replace: Range<usize>,
}

/// Data fetched from the backend for a context. Built-in functions, keywords, stages and intrinsics are
/// added by [`suggest`] itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    /// Metric names (PromQL `MetricName`/`FunctionOrMetric`).
    pub metrics: &'a [String],
    /// Label names (TraceQL: attribute names such as `resource.service.name`, `span.http.method`, `.foo`).
    pub labels: &'a [String],
    /// Values of the context's label.
    pub values: &'a [String],
}

/// What a suggestion is (for an icon or style).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SuggestionKind {
    Metric,
    Function,
    Keyword,
    Label,
    Value,
    Duration,
    Stage,
    Intrinsic,
}

/// One candidate: the text shown, the text inserted, a detail line (signature, doc or type) and its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub label: String,
    pub insert_text: String,
    pub detail: String,
    pub kind: SuggestionKind,
}

/// Durations offered inside `[…]` and after `offset`.
const DURATIONS: &[&str] = &["1m", "5m", "10m", "15m", "30m", "1h", "3h", "6h", "12h", "1d", "7d"];

fn ctx(lang: Lang, kind: CompletionKind, prefix: &str, replace: Range<usize>) -> CompletionContext {
    CompletionContext { lang, kind, prefix: prefix.to_string(), replace }
}

fn is_open(t: &Token, src: &str) -> bool {
    t.kind == TokenKind::Punct && matches!(t.text(src), "(" | "[" | "{")
}
fn is_close(t: &Token, src: &str) -> bool {
    t.kind == TokenKind::Punct && matches!(t.text(src), ")" | "]" | "}")
}

/// Characters of a TraceQL word at the cursor (attribute names with scopes and dots, intrinsics).
fn traceql_word_char(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(c, '{' | '}' | '(' | ')' | '=' | '~' | '!' | '<' | '>' | '&' | '|' | '^' | ',' | '"' | '`' | '[' | ']')
}

/// Unquotes a PromQL/LogQL string token's text (best effort: handles `\"` and `\\`).
fn unquote(s: &str) -> String {
    let inner = s.get(1..s.len().saturating_sub(1)).unwrap_or("");
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The significant tokens before a position, and the indices (into them) of unclosed brackets.
struct Before<'a> {
    src: &'a str,
    toks: Vec<Token>,
    open: Vec<usize>,
}

impl<'a> Before<'a> {
    fn new(src: &'a str, all: &[Token], upto: usize) -> Self {
        let toks: Vec<Token> = all.iter().filter(|t| t.end <= upto && !t.kind.is_trivia()).copied().collect();
        let mut open = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if is_open(t, src) {
                open.push(i);
            } else if is_close(t, src) {
                open.pop();
            }
        }
        Before { src, toks, open }
    }
    fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }
    fn last(&self) -> Option<&Token> {
        self.toks.last()
    }
    fn last_text(&self) -> &'a str {
        self.toks.last().map_or("", |t| t.text(self.src))
    }
    fn kind_at(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }
    /// The innermost unclosed bracket: its index and text.
    fn innermost(&self) -> Option<(usize, &'a str)> {
        self.open.last().map(|&i| (i, self.text(i)))
    }
    /// Whether the `(` at `i` opens a label list (`by (`, `without (`, `on (`, …).
    fn is_label_list(&self, i: usize) -> bool {
        i > 0
            && self.kind_at(i - 1) == Some(TokenKind::Keyword)
            && matches!(
                self.text(i - 1).to_ascii_lowercase().as_str(),
                "by" | "without" | "on" | "ignoring" | "group_left" | "group_right"
            )
    }
    /// Label names in the bracket group opened at index `open` (also after the cursor), except the word
    /// being completed (`exclude`).
    fn labels_in_group(&self, open: usize, all: &[Token], exclude: &Range<usize>) -> Vec<String> {
        let Some(start) = self.toks.get(open).map(|t| t.start) else {
            return Vec::new();
        };
        let mut depth = 0usize;
        let mut out = Vec::new();
        for t in all.iter().filter(|t| t.start > start) {
            if is_open(t, self.src) {
                depth += 1;
            } else if is_close(t, self.src) {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if depth == 0 && t.kind == TokenKind::LabelName && t.range() != *exclude {
                out.push(t.text(self.src).to_string());
            }
        }
        out
    }
    /// The metric of the selector whose `{` is at `open`: the metric name before it, or a
    /// `__name__="…"` matcher inside it.
    fn selector_metric(&self, open: usize, all: &[Token]) -> Option<String> {
        if open > 0 && self.kind_at(open - 1) == Some(TokenKind::Metric) {
            return Some(self.text(open - 1).to_string());
        }
        // Search the whole selector (also after the cursor) for __name__="…".
        let start = self.toks.get(open)?.start;
        let sig: Vec<&Token> = all.iter().filter(|t| t.start > start && !t.kind.is_trivia()).collect();
        for w in sig.windows(3) {
            if w[0].text(self.src) == "}" {
                break;
            }
            if w[0].kind == TokenKind::LabelName
                && w[0].text(self.src) == "__name__"
                && w[1].text(self.src) == "="
                && w[2].kind == TokenKind::String
            {
                return Some(unquote(w[2].text(self.src)));
            }
        }
        None
    }
}

/// The metric an aggregation's label list most likely refers to: for `agg(…) by (` the nearest metric
/// before; for `agg by (…) (…)` the first metric after the cursor; otherwise the nearest before, then any.
fn grouping_metric(b: &Before, list_open: usize, all: &[Token], cursor: usize) -> Option<String> {
    let src = b.src;
    let before_kw = list_open.checked_sub(2).and_then(|i| b.toks.get(i));
    let metric_before = b.toks[..list_open.min(b.toks.len())]
        .iter()
        .rev()
        .find(|t| t.kind == TokenKind::Metric)
        .map(|t| t.text(src).to_string());
    let metric_after = all
        .iter()
        .find(|t| t.start >= cursor && t.kind == TokenKind::Metric)
        .map(|t| t.text(src).to_string());
    let kw = b.text(list_open.saturating_sub(1)).to_ascii_lowercase();
    if matches!(kw.as_str(), "by" | "without") && !before_kw.is_some_and(|t| t.text(src) == ")") {
        metric_after.or(metric_before)
    } else {
        metric_before.or(metric_after)
    }
}

/// Finds the completion context at byte offset `cursor` (clamped to the text and to a char boundary).
pub fn context_at(lang: Lang, text: &str, cursor: usize) -> CompletionContext {
    let mut cursor = cursor.min(text.len());
    while cursor > 0 && !text.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let all = tokenize(lang, text);
    let none = || ctx(lang, CompletionKind::None, "", cursor..cursor);

    // Inside a string or a comment?
    if let Some(t) = all.iter().find(|t| t.start < cursor && cursor <= t.end) {
        let tok = t.text(text);
        let quoted_str = t.kind == TokenKind::String || (t.kind == TokenKind::Error && tok.starts_with(['"', '\'', '`']));
        if t.kind == TokenKind::Comment {
            return none();
        }
        if quoted_str && (cursor < t.end || t.kind == TokenKind::Error) {
            let content_start = t.start + 1;
            let content_end = if t.kind == TokenKind::String { t.end.saturating_sub(1).max(content_start) } else { cursor };
            let prefix = text.get(content_start..cursor).unwrap_or("");
            let b = Before::new(text, &all, t.start);
            let kind = value_context(lang, &b, &all, true).unwrap_or_default();
            return ctx(lang, kind, prefix, content_start..content_end);
        }
    }

    // The word around the cursor.
    let (ws, we) = if lang == Lang::TraceQL {
        let before = text.get(..cursor).unwrap_or("");
        let after = text.get(cursor..).unwrap_or("");
        let ws = before.char_indices().rev().take_while(|(_, c)| traceql_word_char(*c)).last().map_or(cursor, |(i, _)| i);
        let we = cursor + after.find(|c: char| !traceql_word_char(c)).unwrap_or(after.len());
        (ws, we)
    } else {
        match all.iter().find(|t| t.start < cursor && cursor <= t.end) {
            Some(t) if t.kind.is_word() || matches!(t.kind, TokenKind::Number | TokenKind::Duration | TokenKind::Error) => {
                (t.start, t.end)
            }
            _ => (cursor, cursor),
        }
    };
    let word = text.get(ws..we).unwrap_or("");
    let prefix = text.get(ws..cursor).unwrap_or("");
    let replace = ws..we;
    let b = Before::new(text, &all, ws);
    let numeric = prefix.starts_with(|c: char| c.is_ascii_digit());
    let kind = match lang {
        Lang::PromQL | Lang::LogQL => {
            let kind = prom_loki_context(lang, &b, &all, cursor, numeric, &replace);
            // A word glued to a following `{` is the metric name of that selector.
            let glued_brace = text.get(we..).is_some_and(|r| r.starts_with('{'));
            if kind == CompletionKind::FunctionOrMetric && glued_brace && !word.is_empty() && lang == Lang::PromQL {
                CompletionKind::MetricName
            } else {
                kind
            }
        }
        Lang::TraceQL => traceql_context(&b, numeric),
    };
    ctx(lang, kind, prefix, replace)
}

/// The context for a value (after a matcher or comparison), or None when the position is not a value.
fn value_context(lang: Lang, b: &Before, all: &[Token], quoted: bool) -> Option<CompletionKind> {
    let n = b.toks.len();
    let last = b.last()?;
    let is_cmp = last.kind == TokenKind::Matcher
        || (last.kind == TokenKind::Operator && matches!(last.text(b.src), "==" | ">" | "<" | ">=" | "<="));
    if !is_cmp || n < 2 {
        return None;
    }
    let label_kind = b.kind_at(n - 2)?;
    if !matches!(label_kind, TokenKind::LabelName | TokenKind::Intrinsic) {
        return None;
    }
    let label = b.text(n - 2).to_string();
    let metric = match (lang, b.innermost()) {
        (Lang::PromQL, Some((i, "{"))) => b.selector_metric(i, all),
        _ => None,
    };
    Some(CompletionKind::LabelValue { metric, label, quoted })
}

fn prom_loki_context(lang: Lang, b: &Before, all: &[Token], cursor: usize, numeric: bool, word: &Range<usize>) -> CompletionKind {
    let src = b.src;
    let last = b.last();
    let last_text = b.last_text();
    let after_offset = last.is_some_and(|t| t.kind == TokenKind::Keyword && last_text.eq_ignore_ascii_case("offset"));
    match b.innermost() {
        Some((_, "[")) => return CompletionKind::Duration,
        _ if after_offset => return CompletionKind::Duration,
        _ if numeric => return CompletionKind::None,
        Some((i, "{")) => {
            let metric = if lang == Lang::PromQL { b.selector_metric(i, all) } else { None };
            let starts_matcher = last.is_some_and(|t| {
                matches!(t.text(src), "{" | ",") || (t.kind == TokenKind::Keyword && t.text(src) == "or")
            });
            if starts_matcher {
                return CompletionKind::LabelName { metric, existing: b.labels_in_group(i, all, word) };
            }
            return value_context(lang, b, all, false).unwrap_or_default();
        }
        Some((i, "(")) if b.is_label_list(i) => {
            let metric = if lang == Lang::PromQL { grouping_metric(b, i, all, cursor) } else { None };
            return CompletionKind::LabelName { metric, existing: b.labels_in_group(i, all, word) };
        }
        _ => {}
    }
    if lang == Lang::LogQL {
        if let Some(kind) = logql_pipeline_context(b, all) {
            return kind;
        }
    }
    let Some(last) = last else {
        return CompletionKind::FunctionOrMetric;
    };
    match last.kind {
        TokenKind::Function => {
            let agg = functions::is_aggregation(lang, last_text);
            if agg {
                CompletionKind::Keyword
            } else {
                CompletionKind::None
            }
        }
        TokenKind::Metric | TokenKind::Number | TokenKind::Duration | TokenKind::String => CompletionKind::Keyword,
        TokenKind::Punct if matches!(last_text, ")" | "]") => CompletionKind::Keyword,
        TokenKind::Punct if last_text == "}" => {
            if lang == Lang::PromQL {
                CompletionKind::Keyword
            } else {
                CompletionKind::None
            }
        }
        TokenKind::Punct if matches!(last_text, "(" | ",") => CompletionKind::FunctionOrMetric,
        TokenKind::Operator => CompletionKind::FunctionOrMetric,
        TokenKind::Keyword => {
            let kw = last_text.to_ascii_lowercase();
            if matches!(kw.as_str(), "and" | "or" | "unless" | "bool") {
                CompletionKind::FunctionOrMetric
            } else {
                CompletionKind::None
            }
        }
        _ => CompletionKind::None,
    }
}

/// LogQL: the context inside a pipeline stage, if the position is in one.
fn logql_pipeline_context(b: &Before, all: &[Token]) -> Option<CompletionKind> {
    let src = b.src;
    // Walk back at the same nesting level to the last `|` or line filter; stop at an enclosing opener or
    // at a closed selector.
    let mut depth = 0usize;
    let mut pipe = None;
    for (i, t) in b.toks.iter().enumerate().rev() {
        let tx = t.text(src);
        if is_close(t, src) {
            if depth == 0 && tx == "}" && pipe.is_none() {
                // Directly after `{…}`: a line filter or pipe comes next; nothing to complete.
                return if i + 1 == b.toks.len() { Some(CompletionKind::None) } else { None };
            }
            depth += 1;
        } else if is_open(t, src) {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if depth == 0 && (t.kind == TokenKind::Operator && tx == "|") {
            pipe = Some(i);
            break;
        } else if depth == 0 && t.kind == TokenKind::Matcher && matches!(tx, "|=" | "|~" | "|>" | "!>" | "!=" | "!~") {
            // A line filter: free text follows it.
            if i + 1 == b.toks.len() {
                return Some(CompletionKind::None);
            }
            let is_line_filter = i == 0 || b.toks.get(i - 1).is_some_and(|p| !matches!(p.kind, TokenKind::LabelName));
            if is_line_filter {
                return if b.last().is_some_and(|t| t.kind == TokenKind::String) {
                    Some(CompletionKind::None)
                } else {
                    None
                };
            }
        }
    }
    let pipe = pipe?;
    let stage: &[Token] = b.toks.get(pipe + 1..).unwrap_or(&[]);
    let Some(first) = stage.first() else {
        return Some(CompletionKind::PipelineStage);
    };
    let last = stage.last().unwrap_or(first);
    let last_text = last.text(src);
    let existing = || stage.iter().filter(|t| t.kind == TokenKind::LabelName).map(|t| t.text(src).to_string()).collect();
    if first.kind == TokenKind::Keyword {
        return Some(match first.text(src) {
            "json" | "logfmt" | "drop" | "keep" | "label_format" | "unwrap"
                if std::ptr::eq(last, first) || last_text == "," || (last.kind == TokenKind::Keyword && last_text.starts_with("--")) =>
            {
                CompletionKind::LabelName { metric: None, existing: existing() }
            }
            "unwrap" if last.kind == TokenKind::Punct && last_text == "(" => {
                CompletionKind::LabelName { metric: None, existing: Vec::new() }
            }
            _ => CompletionKind::None,
        });
    }
    // A label filter: `label op value [and|or label op value]`.
    if let Some(kind) = value_context(Lang::LogQL, b, all, false) {
        return Some(kind);
    }
    Some(match last.kind {
        TokenKind::Keyword if matches!(last_text, "and" | "or") => CompletionKind::LabelName { metric: None, existing: Vec::new() },
        TokenKind::Punct if last_text == "," => CompletionKind::LabelName { metric: None, existing: Vec::new() },
        TokenKind::String | TokenKind::Number | TokenKind::Duration => CompletionKind::Keyword,
        _ => CompletionKind::None,
    })
}

fn traceql_context(b: &Before, numeric: bool) -> CompletionKind {
    let src = b.src;
    if numeric {
        return CompletionKind::None;
    }
    let last = b.last();
    let last_text = b.last_text();
    let attr = || CompletionKind::LabelName { metric: None, existing: Vec::new() };
    match b.innermost() {
        Some((i, "{")) => {
            if let Some(kind) = value_context(Lang::TraceQL, b, &[], false) {
                return kind;
            }
            let _ = i;
            return match last {
                Some(t) if matches!(t.text(src), "{" | "(" | "&&" | "||" | "!") => attr(),
                Some(t) if t.kind == TokenKind::Operator && matches!(t.text(src), "+" | "-" | "*" | "/" | "%" | "^") => attr(),
                _ => CompletionKind::None,
            };
        }
        Some((i, "(")) => {
            let callee = i.checked_sub(1).map(|j| b.text(j)).unwrap_or("");
            let takes_fields = matches!(
                callee,
                "by" | "select" | "avg" | "min" | "max" | "sum" | "avg_over_time" | "min_over_time" | "max_over_time"
                    | "sum_over_time" | "quantile_over_time" | "histogram_over_time"
            );
            if takes_fields && matches!(last_text, "(" | ",") {
                return attr();
            }
            if let Some(kind) = value_context(Lang::TraceQL, b, &[], false) {
                return kind;
            }
        }
        _ => {}
    }
    match last {
        Some(t) if t.kind == TokenKind::Operator && last_text == "|" => CompletionKind::PipelineStage,
        Some(t) if t.kind == TokenKind::Keyword && last_text == "by" => CompletionKind::None,
        _ => CompletionKind::None,
    }
}

/// How a candidate matches the prefix: lower is better.
fn rank(label: &str, prefix: &str) -> Option<(u8, usize)> {
    if prefix.is_empty() {
        return Some((0, 0));
    }
    let l = label.to_lowercase();
    let p = prefix.to_lowercase();
    if l.starts_with(&p) {
        return Some((0, l.len()));
    }
    if let Some(pos) = l.find(&p) {
        return Some((1, pos));
    }
    // Fuzzy: the prefix's chars in order; score is the width of the matched window.
    let mut chars = p.chars().peekable();
    let mut first = None;
    let mut last = 0;
    for (i, c) in l.char_indices() {
        if chars.peek() == Some(&c) {
            chars.next();
            first.get_or_insert(i);
            last = i;
        }
    }
    if chars.peek().is_none() {
        return Some((2, last.saturating_sub(first.unwrap_or(0))));
    }
    None
}

/// Escapes `\` and `"` for a double-quoted string.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

fn fn_suggestion(d: &FunctionDoc, parens: bool) -> Suggestion {
    let (kind, insert) = match d.kind {
        FnKind::Stage if !parens => (SuggestionKind::Stage, d.name.to_string()),
        FnKind::Intrinsic => (SuggestionKind::Intrinsic, d.name.to_string()),
        FnKind::Operator => (SuggestionKind::Keyword, d.name.to_string()),
        _ => (SuggestionKind::Function, format!("{}()", d.name)),
    };
    Suggestion { label: d.name.to_string(), insert_text: insert, detail: format!("{} — {}", d.signature, d.doc), kind }
}

fn plain(label: &str, insert: String, detail: &str, kind: SuggestionKind) -> Suggestion {
    Suggestion { label: label.to_string(), insert_text: insert, detail: detail.to_string(), kind }
}

/// TraceQL attribute names as they are written in a query: names without a scope get a leading `.`.
fn traceql_attr(name: &str) -> String {
    let scoped = name.starts_with('.')
        || super::traceql::SCOPES.iter().any(|s| name.strip_prefix(s).is_some_and(|r| r.starts_with('.')));
    if scoped {
        name.to_string()
    } else {
        format!(".{name}")
    }
}

/// The candidates of a context, unranked, in preference order.
fn candidates(c: &CompletionContext, src: &Sources) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let metric = |m: &String| plain(m, m.clone(), "metric", SuggestionKind::Metric);
    match &c.kind {
        CompletionKind::None => {}
        CompletionKind::MetricName => out.extend(src.metrics.iter().map(metric)),
        CompletionKind::FunctionOrMetric => {
            if c.lang == Lang::PromQL {
                out.extend(src.metrics.iter().map(metric));
            }
            out.extend(functions::functions(c.lang).into_iter().map(|d| fn_suggestion(d, true)));
        }
        CompletionKind::LabelName { existing, .. } => {
            if c.lang == Lang::TraceQL {
                let bare = !c.prefix.starts_with('.') && !c.prefix.contains(':');
                out.extend(TRACEQL_INTRINSICS.iter().filter(|d| bare == !d.name.contains(':')).map(|d| fn_suggestion(d, false)));
                out.extend(src.labels.iter().map(|l| {
                    let a = traceql_attr(l);
                    plain(&a, a.clone(), "attribute", SuggestionKind::Label)
                }));
            } else {
                out.extend(
                    src.labels.iter().filter(|l| !existing.contains(l)).map(|l| plain(l, l.clone(), "label", SuggestionKind::Label)),
                );
            }
        }
        CompletionKind::LabelValue { label, quoted, .. } => {
            let builtin: &[&str] = match (c.lang, label.as_str()) {
                (Lang::TraceQL, "status" | "span:status") => TRACEQL_STATUS_VALUES,
                (Lang::TraceQL, "kind" | "span:kind") => TRACEQL_KIND_VALUES,
                _ => &[],
            };
            if !builtin.is_empty() {
                out.extend(builtin.iter().map(|v| plain(v, v.to_string(), label, SuggestionKind::Value)));
            } else {
                out.extend(src.values.iter().map(|v| {
                    let bare = c.lang == Lang::TraceQL
                        && (v.parse::<f64>().is_ok_and(f64::is_finite) || v == "true" || v == "false");
                    let insert = if *quoted {
                        escape(v)
                    } else if bare {
                        v.clone()
                    } else {
                        format!("\"{}\"", escape(v))
                    };
                    plain(v, insert, label, SuggestionKind::Value)
                }));
            }
        }
        CompletionKind::Keyword => {
            let table = match c.lang {
                Lang::PromQL => PROMQL_KEYWORDS,
                Lang::LogQL => LOGQL_KEYWORDS,
                Lang::TraceQL => &[],
            };
            out.extend(table.iter().map(|d| plain(d.name, d.name.to_string(), d.doc, SuggestionKind::Keyword)));
        }
        CompletionKind::Duration => {
            out.extend(DURATIONS.iter().map(|d| plain(d, d.to_string(), "duration", SuggestionKind::Duration)));
        }
        CompletionKind::PipelineStage => match c.lang {
            Lang::LogQL => {
                out.extend(LOGQL_STAGES.iter().map(|d| fn_suggestion(d, false)));
                out.extend(src.labels.iter().map(|l| plain(l, l.clone(), "label filter", SuggestionKind::Label)));
            }
            _ => {
                out.extend(TRACEQL_AGGREGATES.iter().chain(TRACEQL_METRICS).map(|d| fn_suggestion(d, true)));
            }
        },
    }
    out
}

/// Ranked suggestions for a context: candidates whose label starts with the prefix first (shorter
/// first), then those containing it (earlier first), then fuzzy subsequence matches (tighter first); all
/// case-insensitive, ties in source order, duplicates (same label and kind) removed, at most [`MAX_SUGGESTIONS`].
pub fn suggest(c: &CompletionContext, sources: &Sources) -> Vec<Suggestion> {
    let mut seen = std::collections::HashSet::new();
    let mut ranked: Vec<((u8, usize), usize, Suggestion)> = candidates(c, sources)
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| Some((rank(&s.label, &c.prefix)?, i, s)))
        .filter(|(_, _, s)| seen.insert((s.label.clone(), s.kind)))
        .collect();
    ranked.sort_by_key(|(r, i, _)| (*r, *i));
    ranked.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, s)| s).collect()
}

/// Applies a suggestion: replaces `replace` (clamped to the text and char boundaries) with its insert text
/// and returns the new text and cursor. Functions are inserted as `name()` with the cursor between the
/// parentheses (only `name` when a `(` already follows); a value inserted inside quotes gets the closing
/// quote added when missing and the cursor placed after it.
pub fn apply(text: &str, s: &Suggestion, replace: Range<usize>) -> (String, usize) {
    let clamp = |mut i: usize| {
        i = i.min(text.len());
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = clamp(replace.start);
    let end = clamp(replace.end).max(start);
    let head = text.get(..start).unwrap_or("");
    let tail = text.get(end..).unwrap_or("");
    let mut insert = s.insert_text.clone();
    let mut cursor_back = 0;
    let mut extra = String::new();
    let mut skip_after = 0;
    match s.kind {
        SuggestionKind::Function if insert.ends_with("()") => {
            if tail.trim_start().starts_with('(') {
                insert.truncate(insert.len() - 2);
            } else {
                cursor_back = 1;
            }
        }
        SuggestionKind::Value => {
            if let Some(q) = head.chars().next_back().filter(|c| matches!(c, '"' | '`' | '\'')) {
                if tail.starts_with(q) {
                    skip_after = q.len_utf8();
                } else {
                    extra.push(q);
                }
            }
        }
        _ => {}
    }
    let new_text = format!("{head}{insert}{extra}{tail}");
    let cursor = (start + insert.len() + extra.len() + skip_after).saturating_sub(cursor_back);
    (new_text, cursor)
}
