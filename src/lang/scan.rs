//! Character scanner and the lexing pieces the three query lexers share (strings, numbers, durations).

use super::token::{Token, TokenKind};

/// A position in a `&str` that only ever moves by whole chars, so every offset is a char boundary.
pub(crate) struct Scanner<'a> {
    pub src: &'a str,
    pub pos: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(src: &'a str) -> Self {
        Scanner { src, pos: 0 }
    }

    /// The text from the current position on.
    pub fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub fn peek_nth(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    pub fn eat_while(&mut self, f: impl Fn(char) -> bool) {
        while let Some(c) = self.peek() {
            if !f(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    /// Consumes the first of `ops` (longest first) the rest starts with; returns it.
    pub fn eat_any(&mut self, ops: &[&'static str]) -> Option<&'static str> {
        let found = ops.iter().find(|op| self.rest().starts_with(**op)).copied()?;
        self.pos += found.len();
        Some(found)
    }

    /// The first char after any whitespace from the current position (without moving).
    pub fn peek_past_ws(&self) -> Option<char> {
        self.rest().chars().find(|c| !c.is_whitespace())
    }

    /// The identifier after any whitespace from the current position (without moving), if any.
    pub fn word_past_ws(&self) -> &'a str {
        let rest = self.rest().trim_start();
        let len = rest.find(|c: char| !is_ident_continue(c)).unwrap_or(rest.len());
        rest.get(..len).unwrap_or("")
    }
}

pub(crate) fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

pub(crate) fn is_ident_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Scans a dashboard template variable at the current `$`: `$name`, or `${…}` closed on the same line
/// (`${name}`, `${name:csv}`). Consumes it and returns true; false (nothing consumed) for any other `$`.
pub(crate) fn scan_variable(s: &mut Scanner) -> bool {
    if s.peek() != Some('$') {
        return false;
    }
    match s.peek_nth(1) {
        Some(c) if is_ident_start(c) => {
            s.bump();
            s.eat_while(is_ident_continue);
            true
        }
        Some('{') => {
            let rest = s.rest().get(2..).unwrap_or("");
            let close = rest.find(['}', '\n', '{', '$']).filter(|&i| i > 0 && rest.as_bytes().get(i) == Some(&b'}'));
            match close {
                Some(i) => {
                    s.pos += 3 + i;
                    true
                }
                None => false,
            }
        }
        _ => false,
    }
}

/// Scans a quoted string whose opening quote is at the current position. `"` and `'` strings honour
/// backslash escapes and end at a newline when unterminated; backtick strings are raw and may span lines.
/// Returns `TokenKind::String`, or `TokenKind::Error` when the closing quote is missing.
pub(crate) fn scan_string(s: &mut Scanner) -> TokenKind {
    let Some(quote) = s.bump() else {
        return TokenKind::Error;
    };
    while let Some(c) = s.peek() {
        if c == quote {
            s.bump();
            return TokenKind::String;
        }
        if quote != '`' {
            if c == '\n' {
                return TokenKind::Error;
            }
            if c == '\\' {
                s.bump();
                if s.peek() == Some('\n') {
                    return TokenKind::Error;
                }
            }
        }
        s.bump();
    }
    TokenKind::Error
}

/// Duration units of Prometheus (`ms s m h d w y`).
pub(crate) const PROM_UNITS: &[&str] = &["ms", "s", "m", "h", "d", "w", "y"];
/// Duration units of LogQL: Prometheus units plus Go's `ns us µs`.
pub(crate) const LOKI_UNITS: &[&str] = &["ns", "us", "µs", "ms", "s", "m", "h", "d", "w", "y"];
/// Duration units of TraceQL (Go durations).
pub(crate) const TEMPO_UNITS: &[&str] = &["ns", "us", "µs", "ms", "s", "m", "h"];
/// LogQL byte-size units (case-insensitive), longest first.
const BYTE_UNITS: &[&str] = &[
    "kib", "mib", "gib", "tib", "pib", "eib", "kb", "mb", "gb", "tb", "pb", "eb", "ki", "mi", "gi", "ti",
    "pi", "ei", "k", "b",
];

fn digits_len(s: &str) -> usize {
    s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())
}

/// Length of a unit at the start of `s` among `units` (longest listed first where it matters).
fn unit_len(s: &str, units: &[&str]) -> usize {
    units.iter().find(|u| s.starts_with(**u)).map_or(0, |u| u.len())
}

/// Length of the duration units (and further `digits unit` groups) at the start of `r`, right after a
/// number: `m` in `5m`, `h30m` in `1h30m`. Zero when there is no unit or letters follow the last unit.
fn duration_len(r: &str, units: &[&str]) -> usize {
    let mut len = unit_len(r, units);
    if len == 0 {
        return 0;
    }
    loop {
        let rest = r.get(len..).unwrap_or("");
        let d = digits_len(rest);
        let u = if d > 0 { unit_len(rest.get(d..).unwrap_or(""), units) } else { 0 };
        if d == 0 || u == 0 {
            break;
        }
        len += d + u;
    }
    if r.get(len..).unwrap_or("").starts_with(is_ident_continue) {
        0
    } else {
        len
    }
}

/// Scans a number or duration at the current position (which holds a digit, or `.` followed by a digit).
/// Decimal, exponent and hex (`0x1f`) numbers; a number directly followed by units is a `Duration`
/// (`5m`, `1h30m`, `1.5s`); with `bytes`, a number followed by a byte unit (`20MB`) is a `Number`.
/// Letters glued to a number that form neither make the whole word an `Error`.
pub(crate) fn scan_number(s: &mut Scanner, units: &[&str], bytes: bool) -> TokenKind {
    let rest = s.rest();
    let kind = if (rest.starts_with("0x") || rest.starts_with("0X"))
        && rest.get(2..).unwrap_or("").starts_with(|c: char| c.is_ascii_hexdigit())
    {
        s.pos += 2;
        s.eat_while(|c| c.is_ascii_hexdigit());
        TokenKind::Number
    } else {
        s.eat_while(|c| c.is_ascii_digit());
        if s.peek() == Some('.') && s.peek_nth(1).is_some_and(|c| c.is_ascii_digit()) {
            s.bump();
            s.eat_while(|c| c.is_ascii_digit());
        }
        let r = s.rest();
        let exp = r.strip_prefix(['e', 'E']).map(|t| t.strip_prefix(['+', '-']).unwrap_or(t));
        if let Some(after) = exp {
            let d = digits_len(after);
            if d > 0 {
                s.pos += r.len() - after.len() + d;
            }
        }
        let mut kind = TokenKind::Number;
        let r = s.rest();
        let dur = duration_len(r, units);
        if dur > 0 {
            s.pos += dur;
            kind = TokenKind::Duration;
        } else if bytes {
            let unit = BYTE_UNITS.iter().find(|u| {
                r.get(..u.len()).is_some_and(|p| p.eq_ignore_ascii_case(u))
                    && !r.get(u.len()..).unwrap_or("").starts_with(is_ident_continue)
            });
            if let Some(b) = unit {
                s.pos += b.len();
            }
        }
        kind
    };
    if s.peek().is_some_and(is_ident_continue) {
        s.eat_while(is_ident_continue);
        return TokenKind::Error;
    }
    kind
}

/// What a lexer makes of a char no rule of its own took: a template variable, or a one-char error.
pub(crate) fn variable_or_error(s: &mut Scanner) -> TokenKind {
    if scan_variable(s) {
        TokenKind::Variable
    } else {
        s.bump();
        TokenKind::Error
    }
}

/// Appends the token that began at `start` and returns its kind. Guarantees progress whatever a lexer's
/// branch did: a stuck position becomes a one-char error.
pub(crate) fn push_token(s: &mut Scanner, out: &mut Vec<Token>, kind: TokenKind, start: usize) -> TokenKind {
    let kind = if s.pos == start {
        s.bump();
        TokenKind::Error
    } else {
        kind
    };
    push(out, kind, start, s.pos);
    kind
}

/// Appends a token unless it is empty.
pub(crate) fn push(out: &mut Vec<Token>, kind: TokenKind, start: usize, end: usize) {
    if end > start {
        out.push(Token { kind, start, end });
    }
}
