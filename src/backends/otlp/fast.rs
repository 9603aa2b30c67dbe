//! One OTLP/JSON span read straight into the telemetry model: strings borrowed from the answer's bytes (no
//! wire `String` per ID, time or key), IDs and times parsed in place. It takes only the clean common case and
//! says `None` for anything the full reader (`wire` + `convert`) would warn about or read differently (escaped
//! text, an odd number, an unreadable ID, an array or map value): the caller then reads that span the full way,
//! so both give the same span.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::flex::nullable;
use crate::telemetry::{AttrValue, Attribute, SpanEvent, SpanId, SpanKind, SpanStatus, TraceId};

// The field order and aliases are those of `wire` (a struct written as a JSON array reads the same way).

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SpanRef<'a> {
    #[serde(default, borrow, alias = "trace_id")]
    pub trace_id: Option<Raw<'a>>,
    #[serde(default, borrow, alias = "span_id")]
    pub span_id: Option<Raw<'a>>,
    #[serde(default, borrow, alias = "parent_span_id")]
    pub parent_span_id: Option<Raw<'a>>,
    #[serde(default)]
    pub name: Option<&'a str>,
    #[serde(default)]
    pub kind: Option<Num<'a>>,
    #[serde(default, borrow, alias = "start_time_unix_nano")]
    pub start_time_unix_nano: Option<Num<'a>>,
    #[serde(default, borrow, alias = "end_time_unix_nano")]
    pub end_time_unix_nano: Option<Num<'a>>,
    #[serde(default)]
    pub attributes: Attrs,
    #[serde(default, borrow, deserialize_with = "nullable")]
    pub events: Vec<EventRef<'a>>,
    #[serde(default, borrow, deserialize_with = "nullable")]
    pub links: Vec<LinkRef<'a>>,
    #[serde(default, borrow)]
    pub status: Option<StatusRef<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct EventRef<'a> {
    #[serde(default, borrow, alias = "time_unix_nano")]
    time_unix_nano: Option<Num<'a>>,
    #[serde(default)]
    name: Option<&'a str>,
    #[serde(default)]
    attributes: Attrs,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LinkRef<'a> {
    #[serde(default, alias = "trace_id")]
    trace_id: Option<&'a str>,
    #[serde(default, alias = "span_id")]
    span_id: Option<&'a str>,
    #[serde(default)]
    attributes: Attrs,
}

#[derive(Deserialize)]
pub(super) struct StatusRef<'a> {
    #[serde(default, borrow)]
    code: Option<Num<'a>>,
    #[serde(default)]
    message: Option<&'a str>,
}

#[derive(Deserialize)]
pub(super) struct KeyValueRef<'a> {
    #[serde(default)]
    key: &'a str,
    #[serde(default, borrow)]
    value: Option<AnyValueRef<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnyValueRef<'a> {
    #[serde(default, alias = "string_value")]
    string_value: Option<&'a str>,
    #[serde(default, borrow, alias = "int_value")]
    int_value: Option<Num<'a>>,
    #[serde(default, borrow, alias = "double_value")]
    double_value: Option<Num<'a>>,
    #[serde(default, alias = "bool_value")]
    bool_value: Option<bool>,
    #[serde(default, alias = "array_value")]
    array_value: Option<IgnoredAny>,
    #[serde(default, alias = "kvlist_value")]
    kvlist_value: Option<IgnoredAny>,
    #[serde(default, alias = "bytes_value")]
    bytes_value: Option<&'a str>,
}

/// A JSON scalar as `flex::Flex` reads it, without copying a string. Never fails to deserialize (as `Flex`);
/// what this reader leaves to the full one is `Odd`.
#[derive(Clone, Copy)]
pub(super) enum Num<'a> {
    Int(i64),
    Float(f64),
    Str(&'a str),
    Odd,
}

impl<'de: 'a, 'a> Deserialize<'de> for Num<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num<'a>, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

struct NumVisitor;

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Num<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Num<'de>, E> {
        Ok(Num::Odd)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num<'de>, E> {
        Ok(Num::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num<'de>, E> {
        Ok(i64::try_from(v).map(Num::Int).unwrap_or(Num::Odd))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num<'de>, E> {
        Ok(Num::Float(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Num<'de>, E> {
        Ok(Num::Str(v))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Num<'de>, E> {
        Ok(Num::Odd)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Num<'de>, E> {
        Ok(Num::Odd)
    }
    fn visit_none<E: de::Error>(self) -> Result<Num<'de>, E> {
        Ok(Num::Odd)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Num<'de>, D::Error> {
        d.deserialize_any(NumVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Num<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Num::Odd)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Num<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Num::Odd)
    }
}

/// `Flex::as_i64` where the answer is sure: `Err` when the full reader must decide.
#[inline]
fn as_i64(n: Num) -> Result<Option<i64>, ()> {
    match n {
        Num::Int(i) => Ok(Some(i)),
        Num::Str(s) => decimal_i64(s.as_bytes()).map(Some).ok_or(()),
        Num::Float(_) | Num::Odd => Err(()),
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

/// A string value taken as its raw bytes, not checked as UTF-8 (IDs: hex digits are ASCII). Escaped text,
/// or anything but a string, is `Odd`: the full reader's (an ID that is not clean hex goes there too).
#[derive(Clone, Copy)]
pub(super) enum Raw<'a> {
    Bytes(&'a [u8]),
    Odd,
}

impl<'de: 'a, 'a> Deserialize<'de> for Raw<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw<'a>, D::Error> {
        d.deserialize_bytes(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Raw<'de>, E> {
        Ok(Raw::Bytes(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Bytes(v.as_bytes()))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Raw<'de>, E> {
        Ok(Raw::Odd)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Odd)
    }
}

impl Raw<'_> {
    /// The span ID as `SpanId::parse_wire` reads it (hex straight from the bytes; base64 as text); `Err` when
    /// the full reader must decide.
    #[inline]
    fn span_id(self) -> Result<SpanId, ()> {
        match self {
            Raw::Bytes(b) => SpanId::parse_hex_bytes(b).or_else(|| SpanId::parse_wire(std::str::from_utf8(b).ok()?)).ok_or(()),
            Raw::Odd => Err(()),
        }
    }
    /// Blank (only ASCII whitespace) or not.
    fn is_blank(self) -> bool {
        matches!(self, Raw::Bytes(b) if b.trim_ascii().is_empty())
    }
}

/// The fields of one span, read and checked; `None` when the full reader must read it.
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

/// Converts one span read as [`SpanRef`], or `None` (see the module comment).
pub(super) fn span(ws: SpanRef) -> Option<Fast> {
    let span_id = ws.span_id?.span_id().ok()?;
    // A blank trace ID is none; one `parse_wire` cannot read is the full reader's (it warns).
    let trace_id = match ws.trace_id {
        None => None,
        Some(raw) if raw.is_blank() => None,
        Some(Raw::Bytes(b)) => Some(TraceId::parse_hex_bytes(b).or_else(|| TraceId::parse_wire(std::str::from_utf8(b).ok()?))?),
        Some(Raw::Odd) => return None,
    };
    let parent_id = match ws.parent_span_id {
        None => None,
        Some(raw) if raw.is_blank() => None,
        Some(raw) => match raw.span_id().ok()? {
            SpanId(0) => None,
            p => Some(p),
        },
    };
    let start_ns = as_i64(ws.start_time_unix_nano?).ok()?.filter(|t| *t > 0)?;
    let end_ns = as_i64(ws.end_time_unix_nano?)
        .ok()?
        .filter(|t| *t >= start_ns)?;
    let kind = match ws.kind {
        None => SpanKind::Unspecified,
        Some(k) => kind(k)?,
    };
    let status = match ws.status {
        None => SpanStatus::Unset,
        Some(s) => status(s)?,
    };
    let mut events = Vec::with_capacity(ws.events.len());
    for e in ws.events {
        events.push(SpanEvent {
            time_ns: match e.time_unix_nano {
                None => start_ns,
                Some(t) => as_i64(t).ok()?.unwrap_or(start_ns),
            },
            name: e.name.unwrap_or_default().to_owned(),
            attributes: e.attributes.0?,
        });
    }
    let mut links = Vec::with_capacity(ws.links.len());
    for l in ws.links {
        links.push((
            TraceId::parse_wire(l.trace_id?)?,
            SpanId::parse_wire(l.span_id?)?,
            l.attributes.0?,
        ));
    }
    Some(Fast {
        trace_id,
        span_id,
        parent_id,
        name: ws.name.unwrap_or_default().to_owned(),
        kind,
        status,
        start_ns,
        end_ns,
        attributes: ws.attributes.0?,
        events,
        links,
    })
}

/// `convert::span_kind`, for the encodings this reader is sure of.
#[inline]
fn kind(k: Num) -> Option<SpanKind> {
    match k {
        // A name (letters first) is never read as a number by `Flex::as_i64` ("inf"/"nan" give no integer).
        Num::Str(s) if s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) => {
            Some(super::convert::span_kind_name(s))
        }
        n => as_i64(n).ok()?.map(super::convert::span_kind_number),
    }
}

/// `convert::status`, for the encodings this reader is sure of.
#[inline]
fn status(s: StatusRef) -> Option<SpanStatus> {
    let code = match s.code {
        None => 0,
        Some(Num::Str(t)) if t.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) => super::convert::status_code_name(t),
        Some(n) => as_i64(n).ok()??,
    };
    Some(super::convert::status_of(code, s.message.unwrap_or_default().to_owned()))
}

/// A list of attributes converted while it is read (no list of wire pairs in between); `None` when one of
/// them is left to the full reader. A missing list or `null` is an empty one (as `nullable` reads it).
pub(super) struct Attrs(Option<Vec<Attribute>>);

impl Default for Attrs {
    fn default() -> Attrs {
        Attrs(Some(Vec::new()))
    }
}

impl<'de> Deserialize<'de> for Attrs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Attrs, D::Error> {
        d.deserialize_option(AttrsVisitor)
    }
}

struct AttrsVisitor;

thread_local! {
    /// The attributes of the list being read, before they move into a list of their exact length (one
    /// allocation a list instead of a growing one, and no spare capacity kept for every span).
    static SCRATCH: std::cell::RefCell<Vec<Attribute>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl<'de> Visitor<'de> for AttrsVisitor {
    type Value = Attrs;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of attributes")
    }
    fn visit_none<E: de::Error>(self) -> Result<Attrs, E> {
        Ok(Attrs::default())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Attrs, E> {
        Ok(Attrs::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Attrs, D::Error> {
        d.deserialize_seq(AttrsVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Attrs, A::Error> {
        SCRATCH.with(|cell| {
            // Never nested (a value's own lists are skipped), but a list of its own is the safe answer if it were.
            let mut own = Vec::new();
            let mut borrowed = cell.try_borrow_mut().ok();
            let list = match borrowed.as_deref_mut() {
                Some(scratch) => {
                    scratch.clear();
                    scratch
                }
                None => &mut own,
            };
            let mut ok = true;
            while let Some(kv) = seq.next_element::<KeyValueRef>()? {
                if !ok {
                    continue;
                }
                let value = match kv.value {
                    None => Some(AttrValue::Str(String::new())),
                    Some(v) => value(v),
                };
                match value {
                    Some(value) => list.push(Attribute { key: kv.key.to_owned(), value }),
                    None => ok = false,
                }
            }
            let out = ok.then(|| list.drain(..).collect());
            list.clear();
            Ok(Attrs(out))
        })
    }
}

/// `convert::value` for scalars; arrays and maps (shown as JSON text) are left to the full reader.
#[inline]
fn value(v: AnyValueRef) -> Option<AttrValue> {
    if v.array_value.is_some() || v.kvlist_value.is_some() {
        return None;
    }
    if let Some(s) = v.string_value {
        return Some(AttrValue::Str(s.to_owned()));
    }
    if let Some(i) = v.int_value {
        return as_i64(i).ok()?.map(AttrValue::Int);
    }
    if let Some(d) = v.double_value {
        return match d {
            Num::Float(x) => Some(AttrValue::Float(x)),
            Num::Int(i) => Some(AttrValue::Float(i as f64)),
            Num::Str(_) | Num::Odd => None,
        };
    }
    if let Some(b) = v.bool_value {
        return Some(AttrValue::Bool(b));
    }
    if let Some(b) = v.bytes_value {
        return Some(AttrValue::Other(b.to_owned()));
    }
    Some(AttrValue::Str(String::new()))
}


#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Option<Fast> {
        span(serde_json::from_str::<SpanRef>(json).ok()?)
    }

    #[test]
    fn ids_read_from_raw_bytes_as_parse_wire_reads_them() {
        let with = |span: &str, parent: &str, trace: &str| {
            read(&format!(
                r#"{{"spanId":{span},"parentSpanId":{parent},"traceId":{trace},"startTimeUnixNano":"1000","endTimeUnixNano":"2000"}}"#
            ))
        };
        // Hex in any case, surrounding spaces, base64 (as Tempo writes IDs): the same IDs as `parse_wire`.
        for (span, parent, trace) in [
            ("00000000000000a1", "00000000000000B2", "0102030405060708090a0b0c0d0e0f10"),
            (" 00000000000000a1 ", " ", "ABCDEF"),
            ("AAECAwQFBgc=", "AAAAAAAAAAA=", "AAECAwQFBgcICQoLDA0ODw=="),
        ] {
            let f = with(&format!("\"{span}\""), &format!("\"{parent}\""), &format!("\"{trace}\"")).expect("read here");
            assert_eq!(Some(f.span_id), SpanId::parse_wire(span), "{span}");
            assert_eq!(f.trace_id, TraceId::parse_wire(trace), "{trace}");
            let parent_id = SpanId::parse_wire(parent).filter(|p| *p != SpanId(0));
            assert_eq!(f.parent_id, parent_id, "{parent}");
        }
        let f = with("\"00000000000000a1\"", "\"  \"", "\"\"").expect("blank IDs are none");
        assert_eq!((f.parent_id, f.trace_id), (None, None));
        // Anything else goes to the full reader, which warns: not hex nor base64, escaped, not a string.
        assert!(with("\"00000000000000g1\"", "null", "null").is_none());
        assert!(with("\"00000000000000a1\"", "\"xyz!\"", "null").is_none());
        assert!(with("\"00000000000000a1\"", "null", "\"zz\"").is_none());
        assert!(with("\"00000000000000\\u0061\"", "null", "null").is_none());
        assert!(with("161", "null", "null").is_none());
        assert!(with("[0,0,0,0,0,0,0,1]", "null", "null").is_none());
    }

    #[test]
    fn decimals_read_as_the_standard_parser_reads_them() {
        let cases = [
            "0", "-0", "+0", "7", "-7", "+7", "1796621584825576465", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "99999999999999999999", "00012", "-00012", "", "-", "+",
            "+-1", "-+1", "--1", "1 ", " 1", "1.0", "1e3", "0x10", "１", "1_000", "12a", "/", ":",
            // 19 digits and more (leading zeros), around the limits and past a u64.
            "9999999999999999999", "-9999999999999999999", "18446744073709551615", "18446744073709551616",
            "00000000000000000012", "-00000000000000000012", "09223372036854775807", "-09223372036854775808",
            "09223372036854775808", "000000000000000000000000000000x",
        ];
        for c in cases {
            assert_eq!(decimal_i64(c.as_bytes()), c.parse::<i64>().ok(), "{c:?}");
        }
        // Every i64 the digits of which end in each digit, around the limits.
        for v in (i64::MAX - 20..=i64::MAX).chain(i64::MIN..=i64::MIN + 20).chain(-1000..1000) {
            assert_eq!(decimal_i64(v.to_string().as_bytes()), Some(v));
        }
    }

    const HEAD: &str = r#""spanId":"00000000000000a1","startTimeUnixNano":"1000","endTimeUnixNano":"2000""#;

    #[test]
    fn attributes_are_read_in_place_in_their_order() {
        let f = read(&format!(
            r#"{{{HEAD},"attributes":[{{"key":"s","value":{{"stringValue":"v"}}}},{{"key":"i","value":{{"intValue":"-42"}}}},
            {{"key":"n","value":null}},{{"key":"b","value":{{"boolValue":true}}}}],
            "events":[{{"name":"ev","attributes":[{{"key":"k","value":{{"doubleValue":0.5}}}}]}}],
            "links":[{{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"00000000000000a2","attributes":[{{"key":"l","value":{{"intValue":3}}}}]}}]}}"#
        ))
        .expect("a clean span is read here");
        let pairs: Vec<(&str, AttrValue)> = f.attributes.iter().map(|a| (a.key.as_str(), a.value.clone())).collect();
        assert_eq!(
            pairs,
            [("s", AttrValue::Str("v".into())), ("i", AttrValue::Int(-42)), ("n", AttrValue::Str(String::new())), ("b", AttrValue::Bool(true))]
        );
        // Each list has exactly its own length (no spare room kept per span).
        assert_eq!(f.attributes.capacity(), 4);
        assert_eq!(f.events[0].attributes, [Attribute { key: "k".into(), value: AttrValue::Float(0.5) }]);
        assert_eq!(f.links[0].2, [Attribute { key: "l".into(), value: AttrValue::Int(3) }]);
    }

    #[test]
    fn missing_or_null_lists_are_empty_and_odd_values_go_to_the_full_reader() {
        for json in [format!("{{{HEAD}}}"), format!(r#"{{{HEAD},"attributes":null,"events":[{{"attributes":null}}]}}"#)] {
            let f = read(&json).expect("read here");
            assert!(f.attributes.is_empty(), "{json}");
            assert!(f.events.iter().all(|e| e.attributes.is_empty()), "{json}");
        }
        // An array or map value, in the span's list or an event's: the full reader's.
        assert!(read(&format!(r#"{{{HEAD},"attributes":[{{"key":"a","value":{{"arrayValue":{{"values":[]}}}}}}]}}"#)).is_none());
        assert!(read(&format!(r#"{{{HEAD},"events":[{{"attributes":[{{"key":"m","value":{{"kvlistValue":{{}}}}}}]}}]}}"#)).is_none());
        // A list that is no list is no span of this shape.
        assert!(read(&format!(r#"{{{HEAD},"attributes":{{"key":"a"}}}}"#)).is_none());
        // After a list left to the full reader, the next span's list is read afresh.
        let f = read(&format!(r#"{{{HEAD},"attributes":[{{"key":"z","value":{{"stringValue":"1"}}}}]}}"#)).expect("read here");
        assert_eq!(f.attributes, [Attribute { key: "z".into(), value: AttrValue::Str("1".into()) }]);
    }
}
