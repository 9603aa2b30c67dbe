//! One OTLP/JSON span read by hand straight into the telemetry model: one pass over its bytes, no serde, IDs
//! and times parsed in place, text copied once. It takes only the clean common case and says
//! [`Got::Defer`] for anything the full reader (`wire` + `convert`) would warn about or read differently (an odd
//! number, an unreadable ID, an array or map value, a key twice, invalid JSON): the caller then reads that span
//! the full way, so both give the same span.

use std::borrow::Cow;

use crate::telemetry::{AttrValue, Attribute, SpanEvent, SpanId, SpanKind, SpanStatus, TraceId};

/// The fields of one span, read and checked.
pub(super) struct Fast {
    pub trace_id: Option<TraceId>,
    pub span_id: SpanId,
    pub parent_id: Option<SpanId>,
    pub name: String,
    pub kind: SpanKind,
    pub status: SpanStatus,
    pub start_ns: i64,
    pub end_ns: i64,
    pub attributes: Vec<Attribute>,
    pub events: Vec<SpanEvent>,
    /// Links carry a kind the builder sets; read here as (trace, span, attributes).
    pub links: Vec<(TraceId, SpanId, Vec<Attribute>)>,
}

/// What [`span`] made of the bytes (returned once a span, never stored: no box for the large variant).
#[allow(clippy::large_enum_variant)]
pub(super) enum Got {
    /// The span, and how many bytes its object took.
    Span(Fast, usize),
    /// The bytes end before the object does (the rest of it is still on the wire).
    Short,
    /// The full reader's to read (or to reject).
    Defer,
}

/// The trace ID the last span gave, as written and as read: the next span's bytes, most often the same, are
/// compared instead of read again as hex.
#[derive(Default)]
pub(super) struct LastTrace {
    raw: Vec<u8>,
    id: Option<TraceId>,
}

/// Deepest nesting inside a span that this reader skips (serde_json stops at 128 from the span object).
const MAX_DEPTH: u32 = 100;

/// Reads the span object `b` starts with (after blanks). `scratch` holds a list's attributes while it is read,
/// so that each list gets exactly its own length (one allocation, no spare room kept for every span).
pub(super) fn span(b: &[u8], scratch: &mut Vec<Attribute>, last: &mut LastTrace) -> Got {
    let mut c = Cur { b, at: 0, short: false };
    match read_span(&mut c, scratch, last) {
        Some(f) => Got::Span(f, c.at),
        None if c.short => Got::Short,
        None => Got::Defer,
    }
}

/// A JSON scalar as `flex::Flex` reads it, without copying a string: integers (what fits an i64), floats,
/// strings without escapes.
#[derive(Clone, Copy)]
enum Num<'a> {
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
}

/// `Flex::as_i64` where the answer is sure (`None`: the full reader decides).
#[inline]
fn as_i64(n: Num) -> Option<i64> {
    match n {
        Num::Int(i) => Some(i),
        Num::Str(s) => decimal_i64(s),
        Num::Float(_) => None,
    }
}

// Keys seen in a span (a key twice, or in both spellings, is serde's "duplicate field": the full reader's).
const TRACE_ID: u16 = 1;
const SPAN_ID: u16 = 1 << 1;
const PARENT: u16 = 1 << 2;
const NAME: u16 = 1 << 3;
const KIND: u16 = 1 << 4;
const START: u16 = 1 << 5;
const END: u16 = 1 << 6;
const ATTRIBUTES: u16 = 1 << 7;
const EVENTS: u16 = 1 << 8;
const LINKS: u16 = 1 << 9;
const STATUS: u16 = 1 << 10;

/// Marks `bit` in `seen`; `None` when it was there already.
#[inline]
fn once(seen: &mut u16, bit: u16) -> Option<()> {
    if *seen & bit != 0 {
        return None;
    }
    *seen |= bit;
    Some(())
}

fn read_span(c: &mut Cur, scratch: &mut Vec<Attribute>, last: &mut LastTrace) -> Option<Fast> {
    let mut seen = 0u16;
    let (mut trace_raw, mut span_raw, mut parent_raw) = (None, None, None);
    let (mut name, mut kind_num, mut start, mut end) = (None, None, None, None);
    let mut attributes = Vec::new();
    let mut events_raw: Vec<(Option<Num>, Option<String>, Vec<Attribute>)> = Vec::new();
    let mut links = Vec::new();
    let mut status = None;
    c.object(|c, key| {
        match key {
            b"traceId" | b"trace_id" => trace_raw = once(&mut seen, TRACE_ID).and_then(|()| c.raw_or_null())?,
            b"spanId" | b"span_id" => span_raw = once(&mut seen, SPAN_ID).and_then(|()| c.raw_or_null())?,
            b"parentSpanId" | b"parent_span_id" => parent_raw = once(&mut seen, PARENT).and_then(|()| c.raw_or_null())?,
            b"name" => name = once(&mut seen, NAME).and_then(|()| c.text_or_null())?,
            b"kind" => kind_num = once(&mut seen, KIND).and_then(|()| c.num_or_null())?,
            b"startTimeUnixNano" | b"start_time_unix_nano" => start = once(&mut seen, START).and_then(|()| c.num_or_null())?,
            b"endTimeUnixNano" | b"end_time_unix_nano" => end = once(&mut seen, END).and_then(|()| c.num_or_null())?,
            b"attributes" => attributes = once(&mut seen, ATTRIBUTES).and_then(|()| attrs(c, scratch))?,
            b"events" => {
                once(&mut seen, EVENTS)?;
                c.list(|c| {
                    events_raw.push(event(c, scratch)?);
                    Some(())
                })?;
            }
            b"links" => {
                once(&mut seen, LINKS)?;
                c.list(|c| {
                    links.push(link(c, scratch)?);
                    Some(())
                })?;
            }
            b"status" => {
                once(&mut seen, STATUS)?;
                status = if c.null() { None } else { Some(read_status(c)?) };
            }
            _ => c.skip(1)?,
        }
        Some(())
    })?;
    // A blank trace ID is none; one `parse_wire` cannot read is the full reader's (it warns).
    let trace_id = match trace_raw {
        None => None,
        Some(b) if b.trim_ascii().is_empty() => None,
        Some(b) if last.id.is_some() && b == last.raw.as_slice() => last.id,
        Some(b) => {
            let id = TraceId::parse_hex_bytes(b).or_else(|| TraceId::parse_wire(std::str::from_utf8(b).ok()?))?;
            last.raw.clear();
            last.raw.extend_from_slice(b);
            last.id = Some(id);
            Some(id)
        }
    };
    let span_id = span_id_of(span_raw?)?;
    let parent_id = match parent_raw {
        None => None,
        Some(b) if b.trim_ascii().is_empty() => None,
        Some(b) => match span_id_of(b)? {
            SpanId(0) => None,
            p => Some(p),
        },
    };
    let start_ns = as_i64(start?).filter(|t| *t > 0)?;
    let end_ns = as_i64(end?).filter(|t| *t >= start_ns)?;
    let kind = match kind_num {
        None => SpanKind::Unspecified,
        Some(k) => kind(k)?,
    };
    let mut events = Vec::with_capacity(events_raw.len());
    for (time, name, attributes) in events_raw {
        let time_ns = match time {
            None => start_ns,
            Some(t) => as_i64(t)?,
        };
        events.push(SpanEvent { time_ns, name: name.unwrap_or_default(), attributes });
    }
    Some(Fast {
        trace_id,
        span_id,
        parent_id,
        name: name.unwrap_or_default(),
        kind,
        status: status.unwrap_or(SpanStatus::Unset),
        start_ns,
        end_ns,
        attributes,
        events,
        links,
    })
}

/// The span ID as `SpanId::parse_wire` reads it (hex straight from the bytes; base64 as text).
#[inline]
fn span_id_of(b: &[u8]) -> Option<SpanId> {
    SpanId::parse_hex_bytes(b).or_else(|| SpanId::parse_wire(std::str::from_utf8(b).ok()?))
}

/// `{"timeUnixNano", "name", "attributes"}`: its time is checked once the span's start is known.
fn event<'a>(c: &mut Cur<'a>, scratch: &mut Vec<Attribute>) -> Option<(Option<Num<'a>>, Option<String>, Vec<Attribute>)> {
    let (mut seen, mut time, mut name, mut attributes) = (0u16, None, None, Vec::new());
    c.object(|c, key| {
        match key {
            b"timeUnixNano" | b"time_unix_nano" => time = once(&mut seen, 1).and_then(|()| c.num_or_null())?,
            b"name" => name = once(&mut seen, 2).and_then(|()| c.text_or_null())?,
            b"attributes" => attributes = once(&mut seen, 4).and_then(|()| attrs(c, scratch))?,
            _ => c.skip(2)?,
        }
        Some(())
    })?;
    Some((time, name, attributes))
}

/// `{"traceId", "spanId", "attributes"}`: both IDs readable, or the full reader's (it warns).
fn link(c: &mut Cur, scratch: &mut Vec<Attribute>) -> Option<(TraceId, SpanId, Vec<Attribute>)> {
    let (mut seen, mut trace, mut span, mut attributes) = (0u16, None, None, Vec::new());
    c.object(|c, key| {
        match key {
            b"traceId" | b"trace_id" => trace = once(&mut seen, 1).and_then(|()| c.raw_or_null())?,
            b"spanId" | b"span_id" => span = once(&mut seen, 2).and_then(|()| c.raw_or_null())?,
            b"attributes" => attributes = once(&mut seen, 4).and_then(|()| attrs(c, scratch))?,
            _ => c.skip(2)?,
        }
        Some(())
    })?;
    let (trace, span) = (std::str::from_utf8(trace?).ok()?, std::str::from_utf8(span?).ok()?);
    Some((TraceId::parse_wire(trace)?, SpanId::parse_wire(span)?, attributes))
}

/// `{"code", "message"}` as `convert::status` reads it.
fn read_status(c: &mut Cur) -> Option<SpanStatus> {
    let (mut seen, mut code, mut message) = (0u16, None, None);
    c.object(|c, key| {
        match key {
            b"code" => code = once(&mut seen, 1).and_then(|()| c.num_or_null())?,
            b"message" => message = once(&mut seen, 2).and_then(|()| c.text_or_null())?,
            _ => c.skip(2)?,
        }
        Some(())
    })?;
    let code = match code {
        None => 0,
        Some(Num::Str(t)) if t.first().is_some_and(u8::is_ascii_alphabetic) => super::convert::status_code_name(std::str::from_utf8(t).ok()?),
        Some(n) => as_i64(n)?,
    };
    Some(super::convert::status_of(code, message.unwrap_or_default()))
}

/// `convert::span_kind`, for the encodings this reader is sure of.
#[inline]
fn kind(k: Num) -> Option<SpanKind> {
    match k {
        // A name (letters first) is never read as a number by `Flex::as_i64` ("inf"/"nan" give no integer).
        Num::Str(s) if s.first().is_some_and(u8::is_ascii_alphabetic) => Some(super::convert::span_kind_name(std::str::from_utf8(s).ok()?)),
        n => as_i64(n).map(super::convert::span_kind_number),
    }
}

/// A list of `{"key", "value"}` attributes (or `null`: none), converted as it is read.
fn attrs(c: &mut Cur, scratch: &mut Vec<Attribute>) -> Option<Vec<Attribute>> {
    scratch.clear();
    let ok = c.list(|c| {
        let attribute = key_value(c)?;
        scratch.push(attribute);
        Some(())
    });
    // Moved into a list of their exact length (`mem::take` would keep the scratch's spare room per span).
    let out = ok.map(|()| {
        let mut list = Vec::with_capacity(scratch.len());
        list.append(scratch);
        list
    });
    scratch.clear();
    out
}

/// One `{"key": "k", "value": {…}}` (a missing key is "", a missing or `null` value an empty string).
fn key_value(c: &mut Cur) -> Option<Attribute> {
    let (mut seen, mut key, mut value) = (0u16, String::new(), None);
    c.object(|c, k| {
        match k {
            b"key" => {
                once(&mut seen, 1)?;
                key = c.text()?.into_owned();
            }
            b"value" => {
                once(&mut seen, 2)?;
                value = if c.null() { None } else { Some(any_value(c)?) };
            }
            _ => c.skip(3)?,
        }
        Some(())
    })?;
    Some(Attribute { key, value: value.unwrap_or(AttrValue::Str(String::new())) })
}

/// `convert::value` for scalars (its order when several fields are set); arrays and maps (shown as JSON text)
/// are the full reader's.
fn any_value(c: &mut Cur) -> Option<AttrValue> {
    let mut seen = 0u16;
    let (mut string, mut int, mut double, mut boolean, mut bytes) = (None, None, None, None, None);
    c.object(|c, key| {
        match key {
            b"stringValue" | b"string_value" => string = once(&mut seen, 1).and_then(|()| c.text_or_null())?,
            b"intValue" | b"int_value" => int = once(&mut seen, 2).and_then(|()| c.num_or_null())?,
            b"doubleValue" | b"double_value" => double = once(&mut seen, 4).and_then(|()| c.num_or_null())?,
            b"boolValue" | b"bool_value" => {
                once(&mut seen, 8)?;
                boolean = if c.null() { None } else { Some(c.boolean()?) };
            }
            b"bytesValue" | b"bytes_value" => bytes = once(&mut seen, 16).and_then(|()| c.text_or_null())?,
            b"arrayValue" | b"array_value" | b"kvlistValue" | b"kvlist_value" => {
                // `null` is no value; anything else is shown as JSON text by the full reader.
                if !c.null() {
                    return None;
                }
            }
            _ => c.skip(4)?,
        }
        Some(())
    })?;
    if let Some(s) = string {
        return Some(AttrValue::Str(s));
    }
    if let Some(i) = int {
        return as_i64(i).map(AttrValue::Int);
    }
    if let Some(d) = double {
        return match d {
            Num::Float(x) => Some(AttrValue::Float(x)),
            Num::Int(i) => Some(AttrValue::Float(i as f64)),
            Num::Str(_) => None,
        };
    }
    if let Some(b) = boolean {
        return Some(AttrValue::Bool(b));
    }
    if let Some(b) = bytes {
        return Some(AttrValue::Other(b));
    }
    Some(AttrValue::Str(String::new()))
}

/// A cursor over a span's bytes. Every reading method gives `None` when the bytes are not what the clean
/// case holds (the full reader's), with `short` set when they ran out first.
struct Cur<'a> {
    b: &'a [u8],
    at: usize,
    short: bool,
}

impl<'a> Cur<'a> {
    /// The next byte after blanks (`short` when there is none).
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.at) {
            if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(c);
            }
            self.at += 1;
        }
        self.short = true;
        None
    }

    #[inline]
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.at += 1)
    }

    /// `null` here (passed), or not (nothing passed).
    #[inline]
    fn null(&mut self) -> bool {
        self.peek() == Some(b'n') && self.word(b"null").is_some()
    }

    fn word(&mut self, w: &[u8]) -> Option<()> {
        let have = &self.b[self.at.min(self.b.len())..];
        if have.len() < w.len() {
            if w.starts_with(have) {
                self.short = true;
            }
            return None;
        }
        have.starts_with(w).then(|| self.at += w.len())
    }

    fn boolean(&mut self) -> Option<bool> {
        match self.peek()? {
            b't' => self.word(b"true").map(|()| true),
            b'f' => self.word(b"false").map(|()| false),
            _ => None,
        }
    }

    /// An object, each member's value read by `member` (given its key, which holds no escape).
    #[inline]
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a [u8]) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.raw()?;
            if !key.is_ascii() && std::str::from_utf8(key).is_err() {
                return None;
            }
            self.eat(b':')?;
            member(self, key)?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// An array (or `null`: none), each value read by `item`.
    #[inline]
    fn list(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if self.null() {
            return Some(());
        }
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        loop {
            item(self)?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A string without escapes, as its raw bytes (not checked as UTF-8: IDs and keys are compared as bytes).
    #[inline]
    fn raw(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let from = self.at;
        // Plain text 8 bytes at a time, up to a quote, a backslash or a control character.
        let at = crate::backends::bytes::skip_unmarked(self.b, from, |w| {
            use crate::backends::bytes::{below, equal};
            equal(w, b'"') | equal(w, b'\\') | below(w, 0x20)
        });
        let Some(i) = self.b.get(at..)?.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).map(|i| at + i) else {
            self.short = true;
            return None;
        };
        if self.b[i] != b'"' {
            // An escape (left to the callers that decode) or a control character (not JSON).
            self.at = i;
            return None;
        }
        self.at = i + 1;
        Some(&self.b[from..i])
    }

    /// `raw`, or `null` (none).
    fn raw_or_null(&mut self) -> Option<Option<&'a [u8]>> {
        if self.null() {
            return Some(None);
        }
        self.raw().map(Some)
    }

    /// A string as text: valid UTF-8, escapes decoded.
    fn text(&mut self) -> Option<Cow<'a, str>> {
        let start = self.at;
        if let Some(b) = self.raw() {
            return std::str::from_utf8(b).ok().map(Cow::Borrowed);
        }
        if self.short || self.b.get(self.at) != Some(&b'\\') {
            return None;
        }
        self.at = start;
        self.peek()?;
        self.escaped().map(Cow::Owned)
    }

    /// `text`, or `null` (none).
    fn text_or_null(&mut self) -> Option<Option<String>> {
        if self.null() {
            return Some(None);
        }
        self.text().map(|t| Some(t.into_owned()))
    }

    /// A string with escapes, from its opening quote, decoded as serde_json decodes it (a lone surrogate,
    /// which it refuses, is the full reader's).
    #[cold]
    fn escaped(&mut self) -> Option<String> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.at) else {
                self.short = true;
                return None;
            };
            self.at += 1;
            match c {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = self.byte()?;
                    let ch = match e {
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = match hi {
                                0xD800..=0xDBFF => {
                                    if self.byte()? != b'\\' || self.byte()? != b'u' {
                                        return None;
                                    }
                                    let lo = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&lo) {
                                        return None;
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return None,
                                _ => hi,
                            };
                            char::from_u32(code)?
                        }
                        _ => crate::backends::json_peek::simple_escape(e)?,
                    };
                    out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                }
                0..=0x1F => return None,
                _ => out.push(c),
            }
        }
    }

    /// The next byte, whatever it is.
    fn byte(&mut self) -> Option<u8> {
        let c = self.b.get(self.at).copied();
        match c {
            Some(_) => self.at += 1,
            None => self.short = true,
        }
        c
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut v = 0;
        for _ in 0..4 {
            v = v * 16 + char::from(self.byte()?).to_digit(16)?;
        }
        Some(v)
    }

    /// A number or a string (without escapes) as [`Num`]; `null` is none. Other values are the full reader's.
    fn num_or_null(&mut self) -> Option<Option<Num<'a>>> {
        match self.peek()? {
            b'"' => self.raw().map(|s| Some(Num::Str(s))),
            b'n' => self.word(b"null").map(|()| None),
            _ => self.number().map(Some),
        }
    }

    /// A JSON number: an integer that fits an i64, or a finite float.
    fn number(&mut self) -> Option<Num<'a>> {
        let text = self.number_text()?;
        let float = text.iter().any(|c| matches!(c, b'.' | b'e' | b'E'));
        if float {
            // Parsed exactly (serde_json's default may differ in the last bit: no such number in any recorded
            // answer; out of range is not JSON it reads).
            let x: f64 = std::str::from_utf8(text).ok()?.parse().ok()?;
            return x.is_finite().then_some(Num::Float(x));
        }
        // serde_json reads `-0` as the float -0.0.
        if text == b"-0" {
            return Some(Num::Float(-0.0));
        }
        decimal_i64(text).map(Num::Int)
    }

    /// A JSON number's bytes (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`).
    fn number_text(&mut self) -> Option<&'a [u8]> {
        let from = self.at;
        let b = self.b;
        let mut at = from;
        let digits = |at: &mut usize| {
            let start = *at;
            while b.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at - start
        };
        if b.get(at) == Some(&b'-') {
            at += 1;
        }
        let first = at;
        let n = digits(&mut at);
        if n == 0 || (n > 1 && b[first] == b'0') {
            self.short = at >= b.len();
            return None;
        }
        if b.get(at) == Some(&b'.') {
            at += 1;
            if digits(&mut at) == 0 {
                self.short = at >= b.len();
                return None;
            }
        }
        if matches!(b.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(b.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if digits(&mut at) == 0 {
                self.short = at >= b.len();
                return None;
            }
        }
        // A number cut at the end of the bytes reads short too: its object's end is missing.
        self.at = at;
        Some(&b[from..at])
    }

    /// Checks one value as JSON and passes it.
    fn skip(&mut self, depth: u32) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'{' => self.object(|c, _| c.skip(depth + 1)),
            b'[' => self.list(|c| c.skip(depth + 1)),
            b'"' => self.text().map(drop),
            b't' | b'f' => self.boolean().map(drop),
            b'n' => self.word(b"null"),
            _ => self.number_text().map(drop),
        }
    }
}

/// `str::parse::<i64>` (an optional sign, then ASCII digits; `None` on anything else or overflow) in one
/// plain loop: the standard one is a radix-generic routine that the size-optimised wasm calls per digit,
/// and a span has four such numbers (two times of 19 digits, integer attributes). Not inlined: one copy.
fn decimal_i64(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    if digits.len() > 19 {
        return decimal_i64_long(neg, digits);
    }
    // 19 digits fit a u64 (< 1.9e19): no overflow check per digit, one range check at the end.
    let mut v = 0u64;
    let mut bad = false;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        bad |= d > 9;
        v = v.wrapping_mul(10).wrapping_add(u64::from(d));
    }
    match (bad, neg) {
        (true, _) => None,
        (false, false) => i64::try_from(v).ok(),
        // Down to -2^63 (i64::MIN, whose magnitude is no i64).
        (false, true) => (v <= 1 << 63).then(|| (v as i64).wrapping_neg()),
    }
}

/// [`decimal_i64`] for more than 19 digits (leading zeros), checked per digit.
#[cold]
fn decimal_i64_long(neg: bool, digits: &[u8]) -> Option<i64> {
    let mut v: i64 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?;
        v = if neg { v.checked_sub(i64::from(d))? } else { v.checked_add(i64::from(d))? };
    }
    Some(v)
}


#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
