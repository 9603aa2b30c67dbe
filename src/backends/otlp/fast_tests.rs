//! The hand-written span reader against the full one (serde's wire types + `convert`), on every recorded
//! trace answer and on targeted cases.

use serde_json::Value;

use super::*;
use crate::backends::otlp::convert::{to_trace, TraceBuilder, Warnings};
use crate::backends::otlp::wire;
use crate::telemetry::Trace;

fn got(json: &str) -> Got {
    span(json.as_bytes(), &mut Vec::new(), &mut LastTrace::default())
}

fn read(json: &str) -> Option<Fast> {
    match got(json) {
        Got::Span(f, _) => Some(f),
        _ => None,
    }
}

fn is_defer(json: &str) -> bool {
    matches!(got(json), Got::Defer)
}

/// A trace from spans read by the full reader only (the oracle).
fn full(spans: &[&str]) -> Trace {
    let spans = spans.iter().map(|s| serde_json::from_str::<wire::Span>(s).expect("the wire types read it")).collect();
    let scope = wire::ScopeSpans { spans, ..Default::default() };
    to_trace(vec![wire::ResourceSpans { scope_spans: vec![scope], ..Default::default() }], Warnings::default())
}

/// A trace from the same spans read by this reader only (each must be read here).
fn fast(spans: &[&str]) -> Trace {
    let mut b = TraceBuilder::new(Warnings::default());
    b.resource(None);
    b.scope(None);
    // One last trace ID for all, as a builder reads an answer's spans.
    let mut last = LastTrace::default();
    for s in spans {
        let Got::Span(f, n) = span(s.as_bytes(), &mut Vec::new(), &mut last) else { panic!("left to the full reader: {s}") };
        assert_eq!(n, s.trim_end().len(), "the span's object ends at its closing brace: {s}");
        b.fast_span(f);
    }
    b.finish()
}

/// Every span of the recorded answers (Jaeger v3, Tempo v1 and v2, the large Tempo trace), each as its own
/// JSON text, with its resource's attributes.
fn recorded_spans() -> Vec<(String, Value, String)> {
    let answers = [
        ("jaeger v3", include_str!("../../../tests/fixtures/jaeger/trace_v3.json"), "/result/resourceSpans"),
        ("tempo v1", include_str!("../../../tests/fixtures/tempo/trace_by_id.json"), "/batches"),
        ("tempo v2", include_str!("../../../tests/fixtures/tempo/trace_by_id_v2.json"), "/trace/resourceSpans"),
        ("tempo v2 large", include_str!("../../../tests/fixtures/tempo/trace_large_v2.json"), "/trace/resourceSpans"),
    ];
    let mut out = Vec::new();
    for (what, text, pointer) in answers {
        let v: Value = serde_json::from_str(text).expect("a recorded answer is JSON");
        let rs = v.pointer(pointer).and_then(Value::as_array).unwrap_or_else(|| panic!("{what}: no {pointer}"));
        for r in rs {
            for ss in r["scopeSpans"].as_array().into_iter().flatten() {
                for s in ss["spans"].as_array().into_iter().flatten() {
                    out.push((what.to_string(), r["resource"].clone(), s.to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_recorded_span_reads_here_as_the_full_reader_reads_it() {
    let spans = recorded_spans();
    // Spans counted with jq: `[.result.resourceSpans[].scopeSpans[].spans[]]|length` (25) for Jaeger,
    // `[.batches[].scopeSpans[].spans[]]|length` and `[.trace.resourceSpans[]…]|length` for Tempo.
    let count = |w: &str| spans.iter().filter(|(what, _, _)| what == w).count();
    assert_eq!(count("jaeger v3"), 25);
    assert!(count("tempo v1") > 0 && count("tempo v1") == count("tempo v2"));
    assert!(count("tempo v2 large") > 1000, "{}", count("tempo v2 large"));
    for (what, _, s) in &spans {
        assert_eq!(fast(&[s]).spans, full(&[s]).spans, "{what}: {s}");
        // Pretty-printed too (blanks everywhere the format allows them).
        let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(s).unwrap()).unwrap();
        assert_eq!(fast(&[&pretty]).spans, full(&[&pretty]).spans, "{what}: {pretty}");
    }
}

#[test]
fn a_span_cut_anywhere_is_short_never_a_span_nor_the_full_readers() {
    let (_, _, s) = recorded_spans().into_iter().find(|(_, _, s)| s.contains("\"events\"") || s.contains("\"links\"")).unwrap_or_default();
    let hostile = r#"{"spanId":"00000000000000a1","name":"a \"q\" \u00e9 \ud83d\ude00 日本","startTimeUnixNano":"1000","endTimeUnixNano":-0,"x":[true,false,null,-1.5e-3,{"y":"z"}]}"#;
    for text in [s.as_str(), hostile] {
        assert!(text.len() > 100, "{text}");
        for cut in 0..text.len() {
            let Some(prefix) = text.get(..cut) else { continue };
            assert!(matches!(got(prefix), Got::Short), "cut at {cut}: {prefix}");
        }
    }
}

#[test]
fn the_object_ends_where_its_brace_does_whatever_follows() {
    let s = r#" {"spanId":"00000000000000a1","startTimeUnixNano":"1000","endTimeUnixNano":"2000"}"#;
    for tail in ["", ",{\"spanId\"", "]}]}", " garbage", "}"] {
        let Got::Span(f, n) = got(&format!("{s}{tail}")) else { panic!("{tail}") };
        assert_eq!((n, f.span_id), (s.len(), SpanId(0xa1)), "{tail}");
    }
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
    let f = with("\"00000000000000a1\"", "null", "null").expect("null IDs are none");
    assert_eq!((f.parent_id, f.trace_id), (None, None));
    // IDs of the wrong length, not hex nor base64, escaped, not a string: the full reader's, which warns.
    for (span, parent, trace) in [
        ("\"00000000000000g1\"", "null", "null"),
        ("\"0000000000000000a1\"", "null", "null"),
        ("\"00000000000000a1\"", "\"xyz!\"", "null"),
        ("\"00000000000000a1\"", "\"00000000000000000a1\"", "null"),
        ("\"00000000000000a1\"", "null", "\"zz\""),
        ("\"00000000000000a1\"", "null", "\"0102030405060708090a0b0c0d0e0f1011\""),
        ("\"00000000000000\\u0061\"", "null", "null"),
        ("161", "null", "null"),
        ("null", "null", "null"),
        ("[0,0,0,0,0,0,0,1]", "null", "null"),
    ] {
        assert!(with(span, parent, trace).is_none(), "{span} {parent} {trace}");
    }
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

/// Spans in every encoding this reader takes, each compared with the full reader's span.
#[test]
fn numbers_as_strings_escapes_html_and_unknown_fields_read_as_the_full_reader_reads_them() {
    let spans = [
        // Times and integers as strings or numbers, kind and status as numbers, digit strings or names.
        r#"{"spanId":"00000000000000a1","startTimeUnixNano":1000,"endTimeUnixNano":2000,"kind":"3","status":{"code":"2","message":"m"}}"#.to_string(),
        format!(r#"{{{HEAD},"kind":"server","status":{{"code":"STATUS_CODE_ERROR"}},"attributes":[{{"key":"i","value":{{"intValue":12}}}},{{"key":"d","value":{{"doubleValue":-1.25e-2}}}},{{"key":"z","value":{{"doubleValue":-0}}}},{{"key":"dd","value":{{"doubleValue":4}}}}]}}"#),
        format!(r#"{{{HEAD},"kind":"SPAN_KIND_PRODUCER","status":{{"code":1}},"parentSpanId":"0000000000000000"}}"#),
        // Several value fields set (the first of string, int, double, bool, bytes wins), null ones skipped.
        format!(r#"{{{HEAD},"attributes":[{{"key":"a","value":{{"boolValue":false,"intValue":"5"}}}},{{"key":"b","value":{{"stringValue":null,"bytesValue":"AQI="}}}},{{"key":"c","value":{{"arrayValue":null}}}},{{"value":{{"stringValue":"no key"}}}}]}}"#),
        // Escapes and HTML in text: decoded, kept as text.
        format!(r#"{{{HEAD},"name":"<b>bold</b> \"q\" \\ \/ \b\f\n\r\t \u003cscript\u003e \u00e9 \ud83d\ude00","attributes":[{{"key":"k\u0065y","value":{{"stringValue":"<img src=x onerror=alert(1)>"}}}}]}}"#),
        // Unknown fields of every JSON kind, nested, at every level; snake_case keys.
        format!(r#"{{"droppedAttributesCount":0,{HEAD},"flags":256,"traceState":"","x":{{"a":[1,{{"b":[true,false,null,"\u0041"]}}],"c":-2.5E+3}},"attributes":[{{"key":"k","value":{{"stringValue":"v","extra":[{{}}]}},"more":null}}],"events":[{{"time_unix_nano":"1500","name":"e","dropped":1}}],"status":{{"other":{{}}}}}}"#),
        r#"{"span_id":"00000000000000a2","parent_span_id":"00000000000000a1","trace_id":"0102030405060708090a0b0c0d0e0f10","start_time_unix_nano":"5","end_time_unix_nano":"5","links":[{"trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"00000000000000a1"}]}"#.to_string(),
        // Nulls where the full reader takes none.
        format!(r#"{{{HEAD},"name":null,"kind":null,"status":null,"attributes":null,"events":null,"links":null}}"#),
        format!(r#"{{{HEAD},"status":{{"code":null,"message":null}},"events":[{{"timeUnixNano":null,"name":null,"attributes":null}}]}}"#),
    ];
    for s in &spans {
        let r = full(&[s]);
        assert!(r.warnings.is_empty(), "{s}: {:?}", r.warnings);
        assert_eq!(fast(&[s]).spans, r.spans, "{s}");
    }
    // What the cases hold, read by hand.
    let t = fast(&spans.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(t.spans[0].kind, SpanKind::Client);
    assert_eq!(t.spans[0].status, SpanStatus::Error("m".into()));
    assert_eq!(t.spans[1].attributes[1].value, AttrValue::Float(-0.0125));
    assert_eq!(t.spans[3].attributes[0].value, AttrValue::Int(5));
    assert_eq!(t.spans[3].attributes[1].value, AttrValue::Other("AQI=".into()));
    assert_eq!(t.spans[4].name, "<b>bold</b> \"q\" \\ / \u{8}\u{c}\n\r\t <script> é 😀");
    assert_eq!(t.spans[4].attributes[0].key, "key");
    assert_eq!(t.spans[5].events[0].time_ns, 1500);
    assert_eq!(t.spans[6].parent_id, Some(SpanId(0xa1)));
    assert_eq!(t.spans[6].links[0].span_id, SpanId(0xa1));
    assert_eq!(t.spans[8].events[0].time_ns, 1000);
}

#[test]
fn what_the_full_reader_reads_differently_or_warns_about_is_left_to_it() {
    let cases = [
        // Times: missing, zero, floats, padded, beyond i64, an end before the start, not a number.
        r#"{"spanId":"00000000000000a1","endTimeUnixNano":"2000"}"#.to_string(),
        r#"{"spanId":"00000000000000a1","startTimeUnixNano":"0","endTimeUnixNano":"2000"}"#.to_string(),
        r#"{"spanId":"00000000000000a1","startTimeUnixNano":1.5e3,"endTimeUnixNano":"2000"}"#.to_string(),
        r#"{"spanId":"00000000000000a1","startTimeUnixNano":" 1000","endTimeUnixNano":"2000"}"#.to_string(),
        r#"{"spanId":"00000000000000a1","startTimeUnixNano":18446744073709551615,"endTimeUnixNano":"2000"}"#.to_string(),
        r#"{"spanId":"00000000000000a1","startTimeUnixNano":"3000","endTimeUnixNano":"2000"}"#.to_string(),
        r#"{"spanId":"00000000000000a1","startTimeUnixNano":"1000"}"#.to_string(),
        r#"{"spanId":"00000000000000a1","startTimeUnixNano":true,"endTimeUnixNano":"2000"}"#.to_string(),
        // Kinds and codes the full reader reads its own way.
        format!(r#"{{{HEAD},"kind":" server "}}"#),
        format!(r#"{{{HEAD},"kind":2.0}}"#),
        format!(r#"{{{HEAD},"status":{{"code":true}}}}"#),
        // Values shown as JSON text, numbers in strings that are no integers, doubles as strings.
        format!(r#"{{{HEAD},"attributes":[{{"key":"a","value":{{"arrayValue":{{"values":[]}}}}}}]}}"#),
        format!(r#"{{{HEAD},"events":[{{"attributes":[{{"key":"m","value":{{"kvlistValue":{{}}}}}}]}}]}}"#),
        format!(r#"{{{HEAD},"attributes":[{{"key":"i","value":{{"intValue":"12abc"}}}}]}}"#),
        format!(r#"{{{HEAD},"attributes":[{{"key":"d","value":{{"doubleValue":"NaN"}}}}]}}"#),
        // A link the full reader skips with a warning.
        format!(r#"{{{HEAD},"links":[{{"traceId":"nope","spanId":"00000000000000a1"}}]}}"#),
        // Shapes serde reads its own way or refuses: a key twice (or in both spellings), an escaped key, a
        // struct as an array, a list that is no list, a key that is null, a name that is a number.
        format!(r#"{{{HEAD},"name":"a","name":"b"}}"#),
        format!(r#"{{{HEAD},"span_id":"00000000000000a2"}}"#),
        format!(r#"{{{HEAD},"na\u006de":"x"}}"#),
        format!(r#"{{{HEAD},"attributes":[["k",{{"stringValue":"v"}}]]}}"#),
        format!(r#"{{{HEAD},"attributes":{{"key":"a"}}}}"#),
        format!(r#"{{{HEAD},"attributes":[{{"key":null}}]}}"#),
        format!(r#"{{{HEAD},"name":7}}"#),
        // Not JSON: a lone surrogate, a control character, leading zeros, a trailing comma, a bare word.
        format!(r#"{{{HEAD},"name":"\ud83d x"}}"#),
        format!("{{{HEAD},\"name\":\"a\u{1}b\"}}"),
        format!(r#"{{{HEAD},"x":01}}"#),
        format!(r#"{{{HEAD},"x":[1,]}}"#),
        format!(r#"{{{HEAD},"x":tru }}"#),
        format!(r#"{{{HEAD},}}"#),
        "[1]".to_string(),
        "<html><body>Bad gateway</body></html>".to_string(),
    ];
    for s in &cases {
        assert!(is_defer(s), "read here: {s}");
    }
}

#[test]
fn deep_nesting_is_left_to_the_full_reader_and_never_overflows() {
    let nested = |n: usize| format!(r#"{{{HEAD},"x":{}{}}}"#, "[".repeat(n), "]".repeat(n));
    assert!(read(&nested(50)).is_some());
    for n in [101, 200, 100_000] {
        assert!(is_defer(&nested(n)), "{n} levels");
    }
}

#[test]
fn a_trace_id_is_read_again_whenever_its_bytes_change() {
    // The reader keeps the last span's trace ID and its bytes: a span with other bytes (another trace, the
    // same trace in upper case, base64, a blank) must be read for itself, never given the kept one.
    let one = "0af7651916cd43dd8448eb211c80319c";
    let other = "0af7651916cd43dd8448eb211c80319d";
    let b64 = "CvdlGRbNQ92ESOshHIAxnA=="; // `one` in base64
    let span = |t: &str, id: &str| format!(r#"{{"traceId":"{t}","spanId":"{id}","name":"n","startTimeUnixNano":"1","endTimeUnixNano":"2"}}"#);
    let spans = [
        span(one, "00f067aa0ba902b1"),
        span(one, "00f067aa0ba902b2"),
        span(other, "00f067aa0ba902b3"),
        span(&one.to_ascii_uppercase(), "00f067aa0ba902b4"),
        span(one, "00f067aa0ba902b5"),
        span(b64, "00f067aa0ba902b6"),
        span("", "00f067aa0ba902b7"),
        span(other, "00f067aa0ba902b8"),
    ];
    let mut last = LastTrace::default();
    let ids: Vec<Option<TraceId>> = spans
        .iter()
        .map(|s| match super::span(s.as_bytes(), &mut Vec::new(), &mut last) {
            Got::Span(f, _) => f.trace_id,
            _ => panic!("read here: {s}"),
        })
        .collect();
    let (a, b) = (TraceId::parse_hex(one), TraceId::parse_hex(other));
    assert!(a.is_some() && b.is_some() && a != b);
    assert_eq!(ids, vec![a, a, b, a, a, a, None, b]);
    // And the whole trace as the full reader gives it: one other-trace span counted per span of `other`.
    let texts: Vec<&str> = spans.iter().map(String::as_str).collect();
    let (f, w) = (fast(&texts), full(&texts));
    assert_eq!(f.spans, w.spans);
    assert_eq!(f.warnings, w.warnings);
    assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
}
