//! OTLP/JSON traces read while the answer arrives: the bytes are fed piece by piece (cut anywhere), each span
//! is parsed and converted as soon as its last byte is in, so parsing overlaps the transfer and no list of
//! wire spans (nor the whole body as text) is ever held.
//!
//! This is the fast path for the common shape only. Anything else (a key written with escapes, a span that
//! does not fit the wire types, a resource after its spans, an `error`, invalid or truncated JSON) makes
//! [`SpanStream::finish`] return `None`, and the caller parses the whole body the slow way, which gives the
//! lenient reading and the error messages. So both paths agree on every answer.

use super::convert::{TraceBuilder, Warnings};
use super::wire;
use crate::telemetry::Trace;

/// Where the `resourceSpans` list sits in each top-level object of the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Root {
    /// Jaeger's `/api/v3/traces/<id>`: `{"result":{"resourceSpans":[…]}}`, possibly several such objects in a row.
    JaegerV3,
}

/// What a container or value is in the answer's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Skip,
    Top,
    Result,
    ErrorField,
    RsList,
    Rs,
    Resource,
    SsList,
    Ss,
    Scope,
    SpanList,
    Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    KeyOrEnd,
    Key,
    Colon,
    Value,
    ValueOrEnd,
    CommaOrEnd,
}

/// One open object or array outside the captured values.
struct Frame {
    role: Role,
    array: bool,
    expect: Expect,
    /// The role of the value after the current key.
    slot: Role,
    /// Keys seen that matter (bits of `SEEN_*`), to leave duplicates and odd orders to the slow path.
    seen: u8,
}

const SEEN_RESULT: u8 = 1;
const SEEN_RS: u8 = 2;
const SEEN_RESOURCE: u8 = 4;
const SEEN_SCOPE_SPANS: u8 = 8;
const SEEN_ILS: u8 = 16;
const SEEN_SCOPE: u8 = 32;
const SEEN_SPANS: u8 = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lex {
    /// Between tokens.
    Plain,
    /// In a key or a skipped string (`escaped`: after a backslash).
    Str { key: bool, escaped: bool },
    /// In a skipped number or literal; `role` says what a `null` there means.
    Scalar { role: Role },
    /// In a captured value (an object): its nesting depth and string state.
    Capture { role: Role, depth: u32, in_str: bool, escaped: bool },
}

/// Reads an OTLP/JSON trace answer fed in pieces. See the module comment.
pub struct SpanStream {
    root: Root,
    stack: Vec<Frame>,
    lex: Lex,
    buf: Vec<u8>,
    builder: Option<TraceBuilder>,
    tops: usize,
    bail: bool,
}

impl SpanStream {
    pub fn new(root: Root) -> SpanStream {
        SpanStream { root, stack: Vec::new(), lex: Lex::Plain, buf: Vec::new(), builder: Some(TraceBuilder::new(Warnings::default())), tops: 0, bail: false }
    }

    /// Feeds the next piece of the answer.
    pub fn feed(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() && !self.bail {
            i = self.step(bytes, i);
        }
    }

    /// The trace, when the whole answer had the shape this reader takes; `None` means "parse the body the
    /// slow way" (odd shape, invalid, truncated or empty answer).
    pub fn finish(self) -> Option<Trace> {
        if self.bail || !self.stack.is_empty() || self.lex != Lex::Plain || self.tops == 0 {
            return None;
        }
        self.builder.map(TraceBuilder::finish)
    }

    /// Reads from `bytes[i]` on; returns where it stopped.
    fn step(&mut self, bytes: &[u8], i: usize) -> usize {
        match self.lex {
            Lex::Capture { role, depth, in_str, escaped } => self.capture(bytes, i, role, depth, in_str, escaped),
            Lex::Str { key, escaped } => {
                let b = bytes[i];
                if escaped {
                    // `\u` escapes are left to the slow path (surrogates); the rest are checked here.
                    if !matches!(b, b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') || key {
                        self.bail = true;
                    }
                    self.lex = Lex::Str { key, escaped: false };
                } else if b == b'\\' {
                    self.lex = Lex::Str { key, escaped: true };
                } else if b == b'"' {
                    self.lex = Lex::Plain;
                    if key {
                        self.key_done();
                    } else {
                        self.value_done();
                    }
                } else if b < 0x20 {
                    self.bail = true;
                } else if key {
                    self.buf.push(b);
                }
                i + 1
            }
            Lex::Scalar { role } => {
                let b = bytes[i];
                if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b'}' | b']') {
                    self.scalar_done(role);
                    i // the delimiter is read as a token next
                } else {
                    self.buf.push(b);
                    i + 1
                }
            }
            Lex::Plain => {
                // A span that is whole in this piece is read where it lies (no copy, no scan for its end).
                if bytes[i] == b'{' && self.span_is_next() {
                    if let Some(n) = self.builder.as_mut().and_then(|b| b.span_in_place(&bytes[i..])) {
                        self.value_done();
                        return i + n;
                    }
                }
                self.token(bytes[i]);
                i + 1
            }
        }
    }

    /// Copies a captured object up to its closing brace; parses it there.
    fn capture(&mut self, bytes: &[u8], start: usize, role: Role, mut depth: u32, mut in_str: bool, mut escaped: bool) -> usize {
        let mut i = start;
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            if in_str {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_str = false;
                }
                continue;
            }
            match b {
                b'"' => in_str = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.buf.extend_from_slice(&bytes[start..i]);
                        self.lex = Lex::Plain;
                        self.captured(role);
                        return i;
                    }
                }
                _ => {}
            }
        }
        self.buf.extend_from_slice(&bytes[start..]);
        self.lex = Lex::Capture { role, depth, in_str, escaped };
        i
    }

    /// A captured value is complete in `buf`: parse it into its wire type and hand it to the builder.
    fn captured(&mut self, role: Role) {
        let ok = match (role, self.builder.as_mut()) {
            (Role::Span, Some(b)) => b.span_json(&self.buf),
            (Role::Resource, Some(b)) => serde_json::from_slice::<wire::Resource>(&self.buf).map(|r| b.resource(Some(r))).is_ok(),
            (Role::Scope, Some(b)) => serde_json::from_slice::<wire::Scope>(&self.buf).map(|s| b.scope(Some(s))).is_ok(),
            _ => false,
        };
        self.buf.clear();
        if !ok {
            self.bail = true;
        }
        self.value_done();
    }

    /// The next value is an element of a `spans` list.
    fn span_is_next(&self) -> bool {
        self.stack.last().is_some_and(|f| f.role == Role::SpanList && matches!(f.expect, Expect::Value | Expect::ValueOrEnd))
    }

    fn token(&mut self, b: u8) {
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            return;
        }
        let Some(top) = self.stack.last_mut() else {
            // Between top-level values: each one must be an object.
            if b == b'{' {
                self.tops += 1;
                self.open(Role::Top, false);
            } else {
                self.bail = true;
            }
            return;
        };
        match (top.expect, b) {
            (Expect::KeyOrEnd | Expect::Key, b'"') => {
                self.buf.clear();
                self.lex = Lex::Str { key: true, escaped: false };
            }
            (Expect::KeyOrEnd, b'}') | (Expect::CommaOrEnd, b'}') if !top.array => self.close(),
            (Expect::ValueOrEnd, b']') | (Expect::CommaOrEnd, b']') if top.array => self.close(),
            (Expect::Colon, b':') => top.expect = Expect::Value,
            (Expect::CommaOrEnd, b',') => top.expect = if top.array { Expect::Value } else { Expect::Key },
            (Expect::Value | Expect::ValueOrEnd, _) => {
                let slot = if top.array { element_role(top.role) } else { top.slot };
                self.value(slot, b);
            }
            _ => self.bail = true,
        }
    }

    /// A value starts with `b`, in the place `role`.
    fn value(&mut self, role: Role, b: u8) {
        match b {
            b'{' => match role {
                Role::Span | Role::Resource | Role::Scope => {
                    self.buf.clear();
                    self.buf.push(b'{');
                    self.lex = Lex::Capture { role, depth: 1, in_str: false, escaped: false };
                }
                Role::Skip | Role::Result | Role::Rs | Role::Ss => {
                    if role == Role::Rs {
                        if let Some(b) = self.builder.as_mut() {
                            b.resource(None);
                        }
                    } else if role == Role::Ss {
                        if let Some(b) = self.builder.as_mut() {
                            b.scope(None);
                        }
                    }
                    self.open(role, false)
                }
                _ => self.bail = true,
            },
            b'[' => match role {
                Role::Skip | Role::RsList | Role::SsList | Role::SpanList => self.open(role, true),
                _ => self.bail = true,
            },
            b'"' if role == Role::Skip => self.lex = Lex::Str { key: false, escaped: false },
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                self.buf.clear();
                self.buf.push(b);
                self.lex = Lex::Scalar { role };
            }
            _ => self.bail = true,
        }
    }

    fn open(&mut self, role: Role, array: bool) {
        let expect = if array { Expect::ValueOrEnd } else { Expect::KeyOrEnd };
        self.stack.push(Frame { role, array, expect, slot: Role::Skip, seen: 0 });
    }

    fn close(&mut self) {
        let Some(f) = self.stack.pop() else { return };
        // A top-level object without `result` (or a `result` that is null) is another server's JSON: the slow
        // path says so.
        if f.role == Role::Top && f.seen & SEEN_RESULT == 0 {
            self.bail = true;
        }
        self.value_done();
    }

    /// A value ended: its container expects a comma or its end.
    fn value_done(&mut self) {
        if let Some(top) = self.stack.last_mut() {
            top.expect = Expect::CommaOrEnd;
        }
    }

    fn scalar_done(&mut self, role: Role) {
        self.lex = Lex::Plain;
        let ok = match role {
            Role::Skip => valid_scalar(&self.buf),
            // `null` for a list or an optional object is an empty one.
            Role::Resource | Role::Scope | Role::ErrorField | Role::RsList | Role::SsList | Role::SpanList => self.buf == b"null",
            _ => false,
        };
        if !ok {
            self.bail = true;
        }
        self.value_done();
    }

    /// A key ended (its bytes in `buf`): what its value is, and whether the shape is still one this reader takes.
    fn key_done(&mut self) {
        let root = self.root;
        let Some(top) = self.stack.last_mut() else { return };
        top.expect = Expect::Colon;
        let key = self.buf.as_slice();
        let (slot, seen, needs_clear) = match (top.role, key, root) {
            (Role::Top, b"result", Root::JaegerV3) => (Role::Result, SEEN_RESULT, 0),
            (Role::Top, b"error", Root::JaegerV3) => (Role::ErrorField, 0, 0),
            (Role::Result, b"resourceSpans" | b"resource_spans", _) => (Role::RsList, SEEN_RS, 0),
            (Role::Rs, b"resource", _) => (Role::Resource, SEEN_RESOURCE, SEEN_SCOPE_SPANS | SEEN_ILS),
            (Role::Rs, b"scopeSpans" | b"scope_spans", _) => (Role::SsList, SEEN_SCOPE_SPANS, SEEN_ILS),
            (Role::Rs, b"instrumentationLibrarySpans" | b"instrumentation_library_spans", _) => (Role::SsList, SEEN_ILS, SEEN_SCOPE_SPANS),
            (Role::Ss, b"scope" | b"instrumentationLibrary" | b"instrumentation_library", _) => (Role::Scope, SEEN_SCOPE, SEEN_SPANS),
            (Role::Ss, b"spans", _) => (Role::SpanList, SEEN_SPANS, 0),
            _ => (Role::Skip, 0, 0),
        };
        // A key twice (serde's "duplicate field"), both spellings of the scope lists (they are read in another
        // order), or a resource or scope after its spans (the spans need it first): left to the slow path.
        if top.seen & (seen | needs_clear) != 0 {
            self.bail = true;
        }
        top.seen |= seen;
        top.slot = slot;
    }
}

/// What the elements of a list are.
fn element_role(list: Role) -> Role {
    match list {
        Role::RsList => Role::Rs,
        Role::SsList => Role::Ss,
        Role::SpanList => Role::Span,
        _ => Role::Skip,
    }
}

/// `true`, `false`, `null` or a JSON number short enough that no parser finds it out of range.
fn valid_scalar(s: &[u8]) -> bool {
    if matches!(s, b"true" | b"false" | b"null") {
        return true;
    }
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut i = usize::from(s.first() == Some(&b'-'));
    let int = digits(&s[i..]);
    if int == 0 || (int > 1 && s[i] == b'0') || s.len() > 24 {
        return false;
    }
    i += int;
    if s.get(i) == Some(&b'.') {
        let frac = digits(&s[i + 1..]);
        if frac == 0 {
            return false;
        }
        i += 1 + frac;
    }
    i == s.len()
}
