//! Token kinds shared by the PromQL, LogQL and TraceQL lexers, and the [`Token`] span type.

/// What a piece of query text is. The same kinds are used for the three languages so that
/// highlighting and bracket checking work on any of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A metric name in a PromQL selector (`http_requests_total`).
    Metric,
    /// A function or aggregation name (`rate`, `sum`, `count_over_time`, TraceQL `count`).
    Function,
    /// A language keyword (`by`, `offset`, `and`, `@`, LogQL `json`/`logfmt`/…, TraceQL `error`/`server`/`true`).
    Keyword,
    /// A label name (selector, `by (…)` list, LogQL label filter) or a TraceQL attribute (`.attr`, `span.x`).
    LabelName,
    /// A TraceQL intrinsic (`name`, `status`, `duration`, `span:name`, `trace:rootService`).
    Intrinsic,
    /// A quoted string (label values, line-filter text, format templates), terminated.
    String,
    /// A number (`0.95`, `1e3`, `0x1f`, `Inf`, LogQL byte sizes such as `20MB`).
    Number,
    /// A duration (`5m`, `1h30m`, TraceQL `100ms`).
    Duration,
    /// An arithmetic, comparison, set or structural operator, or the LogQL/TraceQL pipe `|`.
    Operator,
    /// A match operator: `=`, `!=`, `=~`, `!~` in selectors and filters, LogQL line filters `|=`, `|~`, `|>`, `!>`.
    Matcher,
    /// Brackets and separators: `( ) { } [ ] ,` and the subquery `:`.
    Punct,
    /// A `#` comment running to the end of the line (PromQL and LogQL).
    Comment,
    /// Spaces, tabs and newlines.
    Whitespace,
    /// Any other identifier (TraceQL scope words, LogQL words not otherwise classified).
    Ident,
    /// A dashboard template variable: `$name` or `${name}` / `${name:format}` (filled in before the query
    /// is sent).
    Variable,
    /// Text that cannot start any token (a stray character) or an unterminated string.
    Error,
}

impl TokenKind {
    /// Whitespace and comments: tokens that carry no meaning for parsing or completion.
    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Whitespace | TokenKind::Comment)
    }

    /// Identifier-like kinds: the user may be typing a word of this kind at the cursor.
    pub fn is_word(self) -> bool {
        matches!(
            self,
            TokenKind::Metric
                | TokenKind::Function
                | TokenKind::Keyword
                | TokenKind::LabelName
                | TokenKind::Intrinsic
                | TokenKind::Ident
        )
    }
}

/// One token: its kind and its byte range `start..end` in the source. Offsets always lie on UTF-8 char
/// boundaries and the tokens of a lexer's output tile the input exactly, in order, without gaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text in `src` (empty if `src` is not the text the token came from).
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }

    /// The byte range of the token.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}
