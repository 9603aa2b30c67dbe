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
//! - LogsQL: `LabelName`/`LabelValue` for stream fields inside `{…}`; `FieldValue` after `field:`, `field:=`,
//!   …; `PipelineStage` right after `|` (pipe names); `FieldName` elsewhere (filters, pipe arguments).

use std::ops::Range;

use super::functions::{
    self, FnKind, FunctionDoc, LOGQL_KEYWORDS, LOGQL_STAGES, LOGSQL_PIPES, PROMQL_KEYWORDS, TRACEQL_AGGREGATES,
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
    /// LogsQL: the name of a field to filter on or use in a pipe (`level‸:error`, `| stats by (‸)`).
    FieldName,
    /// LogsQL: a value of `field` after `field:`, `field:=`, … (`quoted`: inside the string).
    FieldValue { field: String, quoted: bool },
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
    /// PromQL: a detail line per metric family (`counter · help text`), sorted by name ([`metric_help`]).
    pub metric_help: &'a [(String, String)],
}

/// Longest help text shown in a suggestion's detail line.
const MAX_HELP_CHARS: usize = 160;

/// Detail lines for metric suggestions from Prometheus' metadata (`name → (type, help)`): `type · help`,
/// the help cut at [`MAX_HELP_CHARS`], sorted by name for lookup.
pub fn metric_help<'a>(meta: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = meta
        .into_iter()
        .map(|(name, kind, help)| {
            let help: String = help.split_whitespace().collect::<Vec<_>>().join(" ");
            let cut: String = help.chars().take(MAX_HELP_CHARS).collect();
            let help = if cut.len() < help.len() { format!("{}…", cut.trim_end()) } else { cut };
            let detail = match (kind.trim(), help.is_empty()) {
                ("", true) => "metric".to_string(),
                ("", false) => help,
                (k, true) => k.to_string(),
                (k, false) => format!("{k} · {help}"),
            };
            (name.to_string(), detail)
        })
        .collect();
    crate::sort::by(&mut out, |a, b| a.0.cmp(&b.0));
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// The detail line of a metric: its own metadata, else its family's (`x_bucket` → `x`), else "metric".
fn metric_detail<'a>(help: &'a [(String, String)], name: &str) -> &'a str {
    let find = |n: &str| help.binary_search_by(|(k, _)| k.as_str().cmp(n)).ok().and_then(|i| help.get(i)).map(|(_, d)| d.as_str());
    find(name).or_else(|| find(super::promql_build::family_name(name))).unwrap_or("metric")
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

/// The name a metric or label-name token stands for: the token text, unquoted when it is a Prometheus 3
/// quoted name (`"service.name"`).
fn name_of(t: &Token, src: &str) -> String {
    let text = t.text(src);
    if text.starts_with(['"', '\'', '`']) {
        unquote(text)
    } else {
        text.to_string()
    }
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
                out.push(name_of(t, self.src));
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
        // Search the whole selector (also after the cursor) for a quoted name (`{"rag.queue.depth", …}`)
        // or __name__="…".
        let start = self.toks.get(open)?.start;
        let sig: Vec<&Token> = all.iter().filter(|t| t.start > start && !t.kind.is_trivia()).collect();
        if let Some(t) = sig.iter().take_while(|t| t.text(self.src) != "}").find(|t| t.kind == TokenKind::Metric) {
            return Some(name_of(t, self.src));
        }
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
        .map(|t| name_of(t, src));
    let metric_after = all
        .iter()
        .find(|t| t.start >= cursor && t.kind == TokenKind::Metric)
        .map(|t| name_of(t, src));
    let kw = b.text(list_open.saturating_sub(1)).to_ascii_lowercase();
    if matches!(kw.as_str(), "by" | "without") && before_kw.is_none_or(|t| t.text(src) != ")") {
        metric_after.or(metric_before)
    } else {
        metric_before.or(metric_after)
    }
}

/// Finds the completion context at byte offset `cursor` (clamped to the text and to a char boundary).
pub fn context_at(lang: Lang, text: &str, cursor: usize) -> CompletionContext {
    let cursor = text.floor_char_boundary(cursor);
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
            let kind = if lang == Lang::LogsQL { logsql_context(&b, false, true) } else { value_context(lang, &b, &all, true).unwrap_or_default() };
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
    // PromQL: a dotted name typed bare (`rag.qu‸`, to be completed into `{"rag.queue.depth"}`) is one word.
    let (ws, we) = if lang == Lang::PromQL && !text.get(ws..we).unwrap_or("").starts_with(['"', '\'', '`']) {
        let name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.');
        let before = text.get(..ws).unwrap_or("");
        let after = text.get(we..).unwrap_or("");
        let s2 = before.char_indices().rev().take_while(|(_, c)| name_char(*c)).last().map_or(ws, |(i, _)| i);
        let e2 = we + after.find(|c: char| !name_char(c)).unwrap_or(after.len());
        let joined = text.get(s2..e2).unwrap_or("");
        let starts_like_name = joined.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if joined.contains('.') && starts_like_name && (s2 < ws || e2 > we) {
            (s2, e2)
        } else {
            (ws, we)
        }
    } else {
        (ws, we)
    };
    let word = text.get(ws..we).unwrap_or("");
    // Inside a quoted name (`{"serv‸ice.name"="x"}`) the prefix is the text after the quote; the whole
    // quoted name is replaced.
    let quoted_name = lang == Lang::PromQL && word.starts_with('"') && cursor > ws;
    let prefix = text.get(if quoted_name { ws + 1 } else { ws }..cursor).unwrap_or("");
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
        Lang::LogsQL => logsql_context(&b, numeric, false),
    };
    ctx(lang, kind, prefix, replace)
}

/// LogsQL: inside a `{…}` stream filter, stream field names and (after `=`, `!=`, …) their values; after a
/// field's `:`/`:=`/… a value of that field; right after `|` a pipe name; elsewhere a field name (a filter's
/// or a pipe argument's). `quoted`: the cursor is inside a string.
fn logsql_context(b: &Before, numeric: bool, quoted: bool) -> CompletionKind {
    let n = b.toks.len();
    let in_stream = matches!(b.innermost(), Some((_, "{")));
    if let Some(last) = b.last() {
        if last.kind == TokenKind::Matcher && n >= 2 && b.kind_at(n - 2) == Some(TokenKind::LabelName) {
            let field = b.toks.get(n - 2).map(|t| name_of(t, b.src)).unwrap_or_default();
            return if in_stream { CompletionKind::LabelValue { metric: None, label: field, quoted } } else { CompletionKind::FieldValue { field, quoted } };
        }
    }
    if quoted || numeric {
        return CompletionKind::None;
    }
    let last_text = b.last_text();
    if in_stream {
        return if matches!(last_text, "{" | ",") || last_text.eq_ignore_ascii_case("or") {
            CompletionKind::LabelName { metric: None, existing: Vec::new() }
        } else {
            CompletionKind::None
        };
    }
    if b.last().is_some_and(|t| t.kind == TokenKind::Operator) && last_text == "|" {
        return CompletionKind::PipelineStage;
    }
    CompletionKind::FieldName
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
    let label = b.toks.get(n - 2).map(|t| name_of(t, b.src)).unwrap_or_default();
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
        Some((_, "{")) => {
            if let Some(kind) = value_context(Lang::TraceQL, b, &[], false) {
                return kind;
            }
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
    // PromQL: a UTF-8 metric name is inserted as its quoted selector (`{"rag.queue.depth"}`), a UTF-8 label
    // name quoted (`"service.name"`).
    let metric = |m: &String| {
        let insert = if c.lang == Lang::PromQL { super::promql_build::selector_for_metric(m) } else { m.clone() };
        plain(m, insert, metric_detail(src.metric_help, m), SuggestionKind::Metric)
    };
    let label_insert = |l: &String| {
        if c.lang == Lang::PromQL && !crate::backends::prometheus::request::is_label_name(l) {
            super::quote::quote_string(l)
        } else {
            l.clone()
        }
    };
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
                out.extend(TRACEQL_INTRINSICS.iter().filter(|d| bare != d.name.contains(':')).map(|d| fn_suggestion(d, false)));
                out.extend(src.labels.iter().map(|l| {
                    let a = traceql_attr(l);
                    plain(&a, a.clone(), "attribute", SuggestionKind::Label)
                }));
            } else {
                out.extend(
                    src.labels.iter().filter(|l| !existing.contains(l)).map(|l| plain(l, label_insert(l), "label", SuggestionKind::Label)),
                );
            }
        }
        CompletionKind::FieldName => out.extend(src.labels.iter().map(|l| plain(l, l.clone(), "field", SuggestionKind::Label))),
        CompletionKind::FieldValue { field, quoted } => {
            out.extend(src.values.iter().map(|v| {
                let insert = if *quoted { escape(v) } else { format!("\"{}\"", escape(v)) };
                plain(v, insert, field, SuggestionKind::Value)
            }));
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
                Lang::TraceQL | Lang::LogsQL => &[],
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
            Lang::LogsQL => out.extend(LOGSQL_PIPES.iter().map(|d| fn_suggestion(d, false))),
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
///
/// Values for an unquoted `LabelValue` context are inserted in double quotes with `"` and `\` escaped
/// (TraceQL numbers and booleans bare); inside quotes only the escaped text is inserted (the same escaping
/// is used inside backtick strings, and regex matchers get the value as is, not regex-escaped).
pub fn suggest(c: &CompletionContext, sources: &Sources) -> Vec<Suggestion> {
    let mut seen = std::collections::HashSet::new();
    let mut ranked: Vec<((u8, usize), usize, Suggestion)> = candidates(c, sources)
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| Some((rank(&s.label, &c.prefix)?, i, s)))
        .filter(|(_, _, s)| seen.insert((s.label.clone(), s.kind)))
        .collect();
    crate::sort::by_key(&mut ranked, |(r, i, _)| (*r, *i));
    ranked.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, s)| s).collect()
}

/// Applies a suggestion: replaces `replace` (clamped to the text and char boundaries) with its insert text
/// and returns the new text and cursor. Functions are inserted as `name()` with the cursor between the
/// parentheses (only `name` when a `(` already follows); a value inserted inside quotes gets the closing
/// quote added when missing and the cursor placed after it.
pub fn apply(text: &str, s: &Suggestion, replace: Range<usize>) -> (String, usize) {
    let clamp = |i: usize| text.floor_char_boundary(i);
    let start = clamp(replace.start);
    let end = clamp(replace.end).max(start);
    let head = text.get(..start).unwrap_or("");
    let tail = text.get(end..).unwrap_or("");
    let mut insert = s.insert_text.clone();
    let mut cursor_back = 0;
    let mut extra = String::new();
    let mut skip_after = 0;
    // Bytes of `tail` that the insert replaces.
    let mut drop_tail = 0;
    match s.kind {
        SuggestionKind::Function if insert.ends_with("()") => {
            if tail.trim_start().starts_with('(') {
                insert.truncate(insert.len() - 2);
            } else {
                cursor_back = 1;
            }
        }
        // A quoted-selector metric (`{"a.b"}`) typed before its own selector (`a.b‸{job="x"}`) joins it:
        // `{"a.b", job="x"}`.
        SuggestionKind::Metric if insert.starts_with('{') && insert.ends_with('}') && tail.starts_with('{') => {
            insert.pop();
            let inner = tail.get(1..).unwrap_or("");
            if !inner.trim_start().starts_with('}') {
                insert.push_str(", ");
            }
            drop_tail = 1;
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
    let tail = tail.get(drop_tail..).unwrap_or("");
    let new_text = format!("{head}{insert}{extra}{tail}");
    let cursor = (start + insert.len() + extra.len() + skip_after).saturating_sub(cursor_back);
    (new_text, cursor)
}

#[cfg(test)]
mod tests {
    use super::CompletionKind::{Duration, FunctionOrMetric, Keyword, LabelName, LabelValue, MetricName, PipelineStage};
    use super::*;

    /// Context at the `‸` marker (removed from the text).
    fn at(lang: Lang, marked: &str) -> CompletionContext {
        let cursor = marked.find('‸').expect("marker");
        let text = marked.replacen('‸', "", 1);
        context_at(lang, &text, cursor)
    }
    fn kind(lang: Lang, marked: &str) -> CompletionKind {
        at(lang, marked).kind
    }
    fn label(metric: Option<&str>, existing: &[&str]) -> CompletionKind {
        LabelName { metric: metric.map(String::from), existing: existing.iter().map(|s| s.to_string()).collect() }
    }
    fn value(metric: Option<&str>, l: &str, quoted: bool) -> CompletionKind {
        LabelValue { metric: metric.map(String::from), label: l.to_string(), quoted }
    }
    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }
    const P: Lang = Lang::PromQL;
    const L: Lang = Lang::LogQL;
    const T: Lang = Lang::TraceQL;

    #[test]
    fn logsql_stream_fields_fields_values_and_pipes() {
        const Q: Lang = Lang::LogsQL;
        let fv = |f: &str, quoted| CompletionKind::FieldValue { field: f.to_string(), quoted };
        assert_eq!(kind(Q, "{‸"), label(None, &[]));
        assert_eq!(kind(Q, "{service_name=\"a\", lev‸"), label(None, &[]));
        assert_eq!(kind(Q, "{service_name=‸"), value(None, "service_name", false));
        let c = at(Q, "{service_name=\"sea‸\"}");
        assert_eq!((c.kind, c.prefix.as_str()), (value(None, "service_name", true), "sea"));
        assert_eq!(kind(Q, "{service_name=\"a\"} lev‸"), CompletionKind::FieldName);
        assert_eq!(kind(Q, "‸"), CompletionKind::FieldName);
        assert_eq!(kind(Q, "error and not tra‸"), CompletionKind::FieldName);
        assert_eq!(kind(Q, "level:‸"), fv("level", false));
        assert_eq!(kind(Q, "x level:=‸"), fv("level", false));
        let c = at(Q, "trace_id:=\"ab‸");
        assert_eq!((c.kind, c.prefix.as_str()), (fv("trace_id", true), "ab"));
        assert_eq!(kind(Q, "* | ‸"), PipelineStage);
        let c = at(Q, "* | sta‸");
        assert_eq!((c.kind, c.prefix.as_str()), (PipelineStage, "sta"));
        assert_eq!(kind(Q, "* | stats by (‸"), CompletionKind::FieldName);
        assert_eq!(kind(Q, "\"some phr‸ase\""), CompletionKind::None);
        assert_eq!(kind(Q, "_time:5‸"), fv("_time", false), "after a field's colon, even a number");
        assert_eq!(kind(Q, "x # a comm‸"), CompletionKind::None);
        // Candidates: pipe names built in, fields and values from the backend, values quoted.
        let pipes = suggest(&at(Q, "* | sta‸"), &Sources::default());
        assert_eq!(pipes[0].label, "stats");
        let names = strings(&["level", "trace_id"]);
        let f = suggest(&at(Q, "lev‸"), &Sources { labels: &names, ..Sources::default() });
        assert_eq!(f.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["level"]);
        let vals = strings(&["error", "we\"ird"]);
        let v = suggest(&at(Q, "level:=‸"), &Sources { values: &vals, ..Sources::default() });
        assert_eq!(v.iter().map(|s| s.insert_text.as_str()).collect::<Vec<_>>(), ["\"error\"", "\"we\\\"ird\""]);
        let (t, _) = apply("level:=", &v[0], at(Q, "level:=‸").replace);
        assert_eq!(t, "level:=\"error\"");
    }

    #[test]
    fn promql_expression_starts() {
        let c = at(P, "‸");
        assert_eq!((c.kind, c.prefix.as_str(), c.replace), (FunctionOrMetric, "", 0..0));
        let c = at(P, "ra‸");
        assert_eq!((c.kind, c.prefix.as_str(), c.replace), (FunctionOrMetric, "ra", 0..2));
        let c = at(P, "rate(http_re‸");
        assert_eq!((c.kind, c.prefix.as_str(), c.replace), (FunctionOrMetric, "http_re", 5..12));
        // Cursor in the middle of a word: the prefix is the part before it, the whole word is replaced.
        let c = at(P, "rate(http_re‸quests_total[5m])");
        assert_eq!((c.prefix.as_str(), c.replace), ("http_re", 5..24));
        assert_eq!(kind(P, "histogram_quantile(0.95, ‸"), FunctionOrMetric);
        assert_eq!(kind(P, "up + ‸"), FunctionOrMetric);
        assert_eq!(kind(P, "up and ‸"), FunctionOrMetric);
        assert_eq!(kind(P, "up > bool ‸"), FunctionOrMetric);
        let c = at(P, "http_re‸{job=\"x\"}");
        assert_eq!((c.kind, c.replace), (MetricName, 0..7));
    }

    #[test]
    fn promql_selectors() {
        assert_eq!(kind(P, "http_requests_total{‸"), label(Some("http_requests_total"), &[]));
        let c = at(P, r#"http_requests_total{job="api", ins‸}"#);
        assert_eq!((c.kind, c.prefix.as_str()), (label(Some("http_requests_total"), &["job"]), "ins"));
        // Labels after the cursor count as existing too.
        assert_eq!(kind(P, r#"up{‸, job="a"}"#), label(Some("up"), &["job"]));
        assert_eq!(kind(P, r#"{__name__="foo", ‸}"#), label(Some("foo"), &["__name__"]));
        assert_eq!(kind(P, "up{job=‸"), value(Some("up"), "job", false));
        assert_eq!(kind(P, "up{job=~‸"), value(Some("up"), "job", false));
        let c = at(P, "up{job=\"ap‸");
        assert_eq!((c.kind, c.prefix.as_str(), c.replace), (value(Some("up"), "job", true), "ap", 8..10));
        let c = at(P, "up{job=\"a‸pi\"}");
        assert_eq!((c.kind, c.prefix.as_str(), c.replace), (value(Some("up"), "job", true), "a", 8..11));
        assert_eq!(kind(P, "up{job=\"api\"‸}"), CompletionKind::None);
        assert_eq!(kind(P, "up{job‸"), label(Some("up"), &[]));
        assert_eq!(kind(P, "up{job ‸"), CompletionKind::None);
    }

    #[test]
    fn promql_groupings_keywords_durations() {
        assert_eq!(kind(P, "sum by (‸) (rate(x[5m]))"), label(Some("x"), &[]));
        assert_eq!(kind(P, "sum by (le, ‸) (rate(x[5m]))"), label(Some("x"), &["le"]));
        assert_eq!(kind(P, "sum(rate(x[5m])) by (‸"), label(Some("x"), &[]));
        assert_eq!(kind(P, "a / on(‸) b"), label(Some("a"), &[]));
        assert_eq!(kind(P, "sum ‸"), Keyword);
        let c = at(P, "sum b‸");
        assert_eq!((c.kind, c.prefix.as_str()), (Keyword, "b"));
        assert_eq!(kind(P, "rate(x[5m]) ‸"), Keyword);
        assert_eq!(kind(P, "up o‸"), Keyword);
        assert_eq!(kind(P, "up{a=\"b\"} ‸"), Keyword);
        assert_eq!(kind(P, "rate(x[‸"), Duration);
        let c = at(P, "rate(x[5‸])");
        assert_eq!((c.kind, c.prefix.as_str(), c.replace), (Duration, "5", 7..8));
        assert_eq!(kind(P, "rate(x[5m:‸"), Duration);
        assert_eq!(kind(P, "x offset ‸"), Duration);
        assert_eq!(kind(P, "x offset 1‸"), Duration);
        assert_eq!(kind(P, "sum by ‸"), CompletionKind::None);
        assert_eq!(kind(P, "up # com‸ment"), CompletionKind::None);
        assert_eq!(kind(P, "label_replace(up, \"a‸"), CompletionKind::None);
        assert_eq!(kind(P, "rate(‸"), FunctionOrMetric);
        assert_eq!(kind(P, "rate(x[5m]) + 1‸"), CompletionKind::None);
    }

    #[test]
    fn logql_contexts() {
        assert_eq!(kind(L, "‸"), FunctionOrMetric);
        assert_eq!(kind(L, "{‸"), label(None, &[]));
        assert_eq!(at(L, "{job=\"x\", lev‸}").kind, label(None, &["job"]));
        assert_eq!(kind(L, "{job=‸"), value(None, "job", false));
        assert_eq!(kind(L, "{job=\"x\"} |= \"err‸"), CompletionKind::None);
        assert_eq!(kind(L, "{job=\"x\"} |= \"err\" ‸"), CompletionKind::None);
        assert_eq!(kind(L, "{job=\"x\"} ‸"), CompletionKind::None);
        assert_eq!(kind(L, "{job=\"x\"} | ‸"), PipelineStage);
        let c = at(L, "{job=\"x\"} | js‸");
        assert_eq!((c.kind, c.prefix.as_str()), (PipelineStage, "js"));
        assert_eq!(kind(L, "{job=\"x\"} |= \"a\" | ‸"), PipelineStage);
        assert_eq!(kind(L, "{job=\"x\"} | json | level=‸"), value(None, "level", false));
        assert_eq!(kind(L, "{job=\"x\"} | json | level=\"er‸"), value(None, "level", true));
        assert_eq!(kind(L, "{job=\"x\"} | json | level=\"error\" ‸"), Keyword);
        assert_eq!(kind(L, "{job=\"x\"} | json | level=\"error\" and ‸"), label(None, &[]));
        assert_eq!(kind(L, "{job=\"x\"} | json ‸"), label(None, &[]));
        assert_eq!(kind(L, "{job=\"x\"} | drop a, ‸"), label(None, &["a"]));
        assert_eq!(kind(L, "{job=\"x\"} | unwrap ‸"), label(None, &[]));
        assert_eq!(kind(L, "{job=\"x\"} | line_format \"{{.‸"), CompletionKind::None);
        assert_eq!(kind(L, "sum by (‸"), label(None, &[]));
        assert_eq!(kind(L, "count_over_time({job=\"x\"}[‸"), Duration);
        assert_eq!(kind(L, "count_over_time({job=\"x\"} | json [‸"), Duration);
        assert_eq!(kind(L, "sum(count_over_time({a=\"b\"}[5m])) ‸"), Keyword);
        assert_eq!(kind(L, "sum(‸"), FunctionOrMetric);
        assert_eq!(kind(L, "sum(count_over_time({a=\"b\"} | json | ‸"), PipelineStage);
    }

    #[test]
    fn traceql_contexts() {
        assert_eq!(kind(T, "{‸"), label(None, &[]));
        assert_eq!(kind(T, "{ ‸}"), label(None, &[]));
        let c = at(T, "{ .ht‸");
        assert_eq!((c.kind, c.prefix.as_str(), c.replace), (label(None, &[]), ".ht", 2..5));
        let c = at(T, "{ span.ht‸tp = 1 }");
        assert_eq!((c.prefix.as_str(), c.replace), ("span.ht", 2..11));
        assert_eq!(at(T, "{ span.‸").prefix, "span.");
        assert_eq!(at(T, "{ span:na‸").prefix, "span:na");
        let c = at(T, "{resource.service.name=\"search-service\" && sta‸");
        assert_eq!((c.kind, c.prefix.as_str()), (label(None, &[]), "sta"));
        assert_eq!(kind(T, "{ status=‸"), value(None, "status", false));
        assert_eq!(kind(T, "{ .http.status_code >= ‸"), value(None, ".http.status_code", false));
        assert_eq!(kind(T, "{ resource.service.name=\"sea‸"), value(None, "resource.service.name", true));
        assert_eq!(kind(T, "{ .a = \"x\" ‸"), CompletionKind::None);
        assert_eq!(kind(T, "{ .a = 1 } | ‸"), PipelineStage);
        assert_eq!(at(T, "{ .a = 1 } | co‸").prefix, "co");
        assert_eq!(kind(T, "{ } | select(‸"), label(None, &[]));
        assert_eq!(kind(T, "{ } | by(.a, ‸"), label(None, &[]));
        assert_eq!(kind(T, "{ } | avg(‸"), label(None, &[]));
        assert_eq!(kind(T, "‸"), CompletionKind::None);
        assert_eq!(kind(T, "{ duration > 1‸"), CompletionKind::None);
    }

    #[test]
    fn cursor_is_clamped() {
        assert_eq!(context_at(P, "ra", 99).replace, 0..2);
        // Inside the two-byte `é` the cursor moves back to its start.
        let c = context_at(P, "up{a=\"é", 7);
        assert_eq!((c.prefix.as_str(), c.replace), ("", 6..6));
    }

    #[test]
    fn ranking_prefix_then_substring_then_fuzzy() {
        let metrics = strings(&["http_rate_total", "rate_limit_hits", "grpc_server_handled_total"]);
        let c = at(P, "rat‸");
        let got: Vec<String> = suggest(&c, &Sources { metrics: &metrics, ..Sources::default() }).into_iter().map(|s| s.label).collect();
        assert_eq!(got[0], "rate");
        assert_eq!(got[1], "rate_limit_hits");
        let irate = got.iter().position(|l| l == "irate").expect("irate");
        let http = got.iter().position(|l| l == "http_rate_total").expect("substring");
        let grpc = got.iter().position(|l| l == "grpc_server_handled_total").expect("fuzzy");
        assert!(2 <= irate && irate < http && http < grpc, "{got:?}");
        // Case-insensitive.
        assert_eq!(suggest(&at(P, "RATE‸"), &Sources::default())[0].label, "rate");
        // No match at all is dropped.
        assert!(suggest(&at(P, "zzzq‸"), &Sources::default()).is_empty());
    }

    #[test]
    fn suggestion_contents() {
        let metrics: Vec<String> = (0..200).map(|i| format!("metric_{i:03}")).collect();
        let all = suggest(&at(P, "‸"), &Sources { metrics: &metrics, ..Sources::default() });
        assert_eq!(all.len(), MAX_SUGGESTIONS);
        assert_eq!(all[0].label, "metric_000");
        let rate = suggest(&at(P, "rate‸"), &Sources::default()).into_iter().next().expect("rate");
        assert_eq!((rate.insert_text.as_str(), rate.kind), ("rate()", SuggestionKind::Function));
        assert!(rate.detail.starts_with("rate(v range-vector) -> instant-vector"), "{}", rate.detail);
        let labels = strings(&["job", "instance", "le"]);
        let got: Vec<String> = suggest(&at(P, "up{job=\"a\", ‸}"), &Sources { labels: &labels, ..Sources::default() }).into_iter().map(|s| s.label).collect();
        assert_eq!(got, strings(&["instance", "le"]));
        let values = strings(&["a\"b\\c", "plain"]);
        let src = Sources { values: &values, ..Sources::default() };
        let unq = suggest(&at(P, "up{job=‸"), &src);
        assert_eq!(unq[0].insert_text, r#""a\"b\\c""#);
        let q = suggest(&at(P, "up{job=\"‸"), &src);
        assert_eq!(q[0].insert_text, r#"a\"b\\c"#);
        assert_eq!(q[1].insert_text, "plain");
        let kw: Vec<String> = suggest(&at(P, "sum w‸"), &Sources::default()).into_iter().map(|s| s.label).collect();
        assert_eq!(kw[0], "without");
        let d: Vec<String> = suggest(&at(P, "rate(x[1‸"), &Sources::default()).into_iter().map(|s| s.label).collect();
        assert_eq!(d[..4], strings(&["1m", "1h", "1d", "10m"]));
        // A metric and a function of the same name are both kept.
        let m = strings(&["rate"]);
        let both = suggest(&at(P, "rate‸"), &Sources { metrics: &m, ..Sources::default() });
        assert_eq!(both.iter().filter(|s| s.label == "rate").count(), 2);
    }

    #[test]
    fn logql_and_traceql_suggestions() {
        let labels = strings(&["level", "service_name"]);
        let st: Vec<Suggestion> = suggest(&at(L, "{a=\"b\"} | j‸"), &Sources { labels: &labels, ..Sources::default() });
        assert_eq!((st[0].label.as_str(), st[0].insert_text.as_str(), st[0].kind), ("json", "json", SuggestionKind::Stage));
        let st: Vec<String> = suggest(&at(L, "{a=\"b\"} | lev‸"), &Sources { labels: &labels, ..Sources::default() }).into_iter().map(|s| s.label).collect();
        assert_eq!(st[0], "level");
        let f: Vec<String> = suggest(&at(L, "count‸"), &Sources::default()).into_iter().map(|s| s.label).collect();
        assert_eq!(f[..2], strings(&["count", "count_over_time"]));
        let attrs = strings(&["resource.service.name", "http.method", ".http.url"]);
        let got: Vec<String> = suggest(&at(T, "{ ‸"), &Sources { labels: &attrs, ..Sources::default() }).into_iter().map(|s| s.label).collect();
        assert!(got.contains(&"status".to_string()) && got.contains(&".http.method".to_string()) && got.contains(&"resource.service.name".to_string()));
        assert!(!got.contains(&"span:name".to_string()));
        let got: Vec<String> = suggest(&at(T, "{ .htt‸"), &Sources { labels: &attrs, ..Sources::default() }).into_iter().map(|s| s.label).collect();
        assert_eq!(got, strings(&[".http.url", ".http.method"]));
        let got: Vec<String> = suggest(&at(T, "{ span:‸"), &Sources::default()).into_iter().map(|s| s.label).collect();
        assert_eq!(got[0], "span:id");
        assert!(got.contains(&"span:name".to_string()) && got.iter().all(|g| g.starts_with("span:")));
        let got: Vec<String> = suggest(&at(T, "{ status = ‸"), &Sources::default()).into_iter().map(|s| s.insert_text).collect();
        assert_eq!(got, strings(&["ok", "error", "unset"]));
        let values = strings(&["200", "GET"]);
        let got: Vec<String> = suggest(&at(T, "{ .code = ‸"), &Sources { values: &values, ..Sources::default() }).into_iter().map(|s| s.insert_text).collect();
        assert_eq!(got, strings(&["200", "\"GET\""]));
        let got: Vec<Suggestion> = suggest(&at(T, "{} | cou‸"), &Sources::default());
        assert_eq!((got[0].label.as_str(), got[0].insert_text.as_str()), ("count", "count()"));
        assert!(suggest(&at(T, "{ .a = \"x\" ‸"), &Sources::default()).is_empty());
    }

    #[test]
    fn apply_edits() {
        let rate = suggest(&at(P, "ra‸"), &Sources::default()).into_iter().find(|s| s.label == "rate").expect("rate");
        assert_eq!(apply("ra", &rate, 0..2), ("rate()".to_string(), 5));
        assert_eq!(apply("ra(x)", &rate, 0..2), ("rate(x)".to_string(), 4));
        assert_eq!(apply("sum(ra)", &rate, 4..6), ("sum(rate())".to_string(), 9));
        let v = Suggestion { label: "api".into(), insert_text: "\"api\"".into(), detail: "job".into(), kind: SuggestionKind::Value };
        assert_eq!(apply("up{job=}", &v, 7..7), ("up{job=\"api\"}".to_string(), 12));
        let vq = Suggestion { insert_text: "api".into(), ..v.clone() };
        assert_eq!(apply("up{job=\"ap", &vq, 8..10), ("up{job=\"api\"".to_string(), 12));
        assert_eq!(apply("up{job=\"ap\"}", &vq, 8..10), ("up{job=\"api\"}".to_string(), 12));
        let l = Suggestion { label: "job".into(), insert_text: "job".into(), detail: "label".into(), kind: SuggestionKind::Label };
        assert_eq!(apply("up{jo}", &l, 3..5), ("up{job}".to_string(), 6));
        // Out-of-range and mid-char ranges are clamped.
        assert_eq!(apply("é", &l, 1..99), ("job".to_string(), 3));
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 2..1;
        assert_eq!(apply("ab", &l, reversed), ("abjob".to_string(), 5));
        // Round trip through context, suggestion and apply.
        let text = "sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name=\"sea\"}[5m]))";
        let cursor = text.find("sea").expect("sea") + 3;
        let c = context_at(P, text, cursor);
        let values = strings(&["search-service", "search-ui"]);
        let s = suggest(&c, &Sources { values: &values, ..Sources::default() });
        let (new, cur) = apply(text, &s[0], c.replace.clone());
        assert_eq!(s[0].label, "search-ui");
        assert_eq!(new, text.replace("\"sea\"", "\"search-ui\""));
        assert_eq!(new.get(cur..cur + 1), Some("}"));
    }

    #[test]
    fn metric_suggestions_carry_their_type_and_help() {
        let long = "word ".repeat(60);
        let help = metric_help([
            ("http_server_request_duration_seconds", "histogram", "Duration of HTTP\n server requests."),
            ("up", "gauge", ""),
            ("odd", "", "no type"),
            ("chatty", "counter", long.as_str()),
        ]);
        let metrics = strings(&["http_server_request_duration_seconds_bucket", "up", "odd", "chatty", "unknown_metric"]);
        let got = suggest(&at(P, "‸"), &Sources { metrics: &metrics, metric_help: &help, ..Sources::default() });
        let detail = |l: &str| got.iter().find(|s| s.label == l).map(|s| s.detail.clone()).unwrap_or_default();
        // A histogram's series find their family's metadata; whitespace is folded.
        assert_eq!(detail("http_server_request_duration_seconds_bucket"), "histogram · Duration of HTTP server requests.");
        assert_eq!(detail("up"), "gauge");
        assert_eq!(detail("odd"), "no type");
        assert_eq!(detail("unknown_metric"), "metric");
        let c = detail("chatty");
        assert!(c.starts_with("counter · word word") && c.ends_with('…') && c.chars().count() <= 170, "{c}");
    }
}
