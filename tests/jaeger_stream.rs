//! The Jaeger v3 trace read while it arrives (`otlp::stream`), fed the recorded answer
//! (tests/fixtures/jaeger/trace_v3.json, 25 spans by `jq '[.result.resourceSpans[].scopeSpans[].spans[]]|length'`)
//! cut into pieces of every awkward size: the same trace as the whole-body parser, or `None` (then the caller
//! parses the body) for every shape it leaves to the slow path, truncated and malformed answers included.

use serde_json::Value;
use trifocal::backends::jaeger::convert::{parse_trace_v3, trace_v3_stream};
use trifocal::telemetry::Trace;

const V3: &str = include_str!("fixtures/jaeger/trace_v3.json");
/// Spans in the recorded answer (jq, above) and its services (`jq '[.result.resourceSpans[].resource.attributes[]
/// |select(.key=="service.name").value.stringValue]|unique'`).
const SPANS: usize = 25;
const SERVICES: [&str; 6] = ["embedding-service", "llm-gateway", "postgres", "qdrant", "search-service", "search-ui"];

fn streamed(body: &[u8], piece: usize) -> Option<Trace> {
    let mut s = trace_v3_stream();
    for chunk in body.chunks(piece.max(1)) {
        s.feed(chunk);
    }
    s.finish()
}

fn whole(body: &str) -> Trace {
    parse_trace_v3(200, "application/json", body).expect("the whole-body parser reads it")
}

/// The recorded answer with hostile text in a span name and an attribute: escapes, quotes, a backslash,
/// multi-byte UTF-8 (2, 3 and 4 bytes), so pieces are cut inside strings, escapes and characters.
fn hostile() -> String {
    let mut v: Value = serde_json::from_str(V3).unwrap();
    let span = &mut v["result"]["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
    span["name"] = Value::String("quote \" back \\ slash / tab \t é 日本 😀 }]{[".into());
    span["attributes"][0]["value"] = serde_json::json!({"stringValue": "line\nbreak \"x\" ünï 🎉"});
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn the_recorded_answer_in_pieces_of_every_size_gives_the_whole_body_trace() {
    let expected = whole(V3);
    assert_eq!(expected.spans.len(), SPANS);
    let mut services: Vec<&str> = expected.spans.iter().map(|s| &*s.service).collect();
    services.sort();
    services.dedup();
    assert_eq!(services, SERVICES);
    for piece in (1..=130).chain([255, 256, 4096, 65536, V3.len()]) {
        let t = streamed(V3.as_bytes(), piece).unwrap_or_else(|| panic!("pieces of {piece} bytes: the fast path gave up"));
        assert_eq!(t, expected, "pieces of {piece} bytes");
    }
}

#[test]
fn cut_at_every_byte_inside_strings_escapes_and_multibyte_characters() {
    let body = hostile();
    let expected = whole(&body);
    assert_eq!(expected.spans.len(), SPANS);
    assert!(expected.spans.iter().any(|s| s.name == "quote \" back \\ slash / tab \t é 日本 😀 }]{["));
    let bytes = body.as_bytes();
    // Every byte around the hostile text (its span and the attribute), every 61st elsewhere.
    let near = |text: &str| {
        let at = body.find(text).expect("the hostile text is in the body");
        at.saturating_sub(200)..at + 200
    };
    let (name, attr) = (near("quote \\\""), near("ünï"));
    for cut in (0..=bytes.len()).filter(|c| name.contains(c) || attr.contains(c) || c % 61 == 0) {
        let mut s = trace_v3_stream();
        s.feed(&bytes[..cut]);
        s.feed(&bytes[cut..]);
        assert_eq!(s.finish().as_ref(), Some(&expected), "cut at byte {cut}");
    }
    for piece in [1, 2, 3, 5, 7] {
        assert_eq!(streamed(bytes, piece).as_ref(), Some(&expected), "pieces of {piece} bytes");
    }
}

#[test]
fn several_answers_in_a_row_are_one_trace() {
    let body = format!("{V3}\n{V3}");
    let expected = whole(&body);
    assert_eq!(expected.spans.len(), 2 * SPANS);
    assert_eq!(streamed(body.as_bytes(), 1000).as_ref(), Some(&expected));
}

#[test]
fn a_truncated_answer_is_left_to_the_slow_path_which_says_it_is_broken() {
    let bytes = V3.trim_end().as_bytes();
    // Every length inside the first span and the last one, every 7th elsewhere.
    for len in (0..bytes.len()).filter(|l| *l < 2500 || *l > bytes.len() - 600 || l % 7 == 0) {
        assert!(streamed(&bytes[..len], 97).is_none(), "{len} bytes of {}: a trace from a truncated answer", bytes.len());
    }
    // What the user reads then (the slow path on the same bytes), at a cut inside a span.
    let cut = &V3[..V3.len() / 2];
    let e = parse_trace_v3(200, "application/json", cut).unwrap_err().to_string();
    assert!(e.contains("could not be read"), "{e}");
}

#[test]
fn odd_shapes_go_to_the_slow_path_and_both_paths_still_agree() {
    let v: Value = serde_json::from_str(V3).unwrap();
    let rs0 = &v["result"]["resourceSpans"][0];
    // The resource after its spans (valid OTLP, another order than Jaeger writes).
    let late_resource = format!(
        r#"{{"result":{{"resourceSpans":[{{"scopeSpans":{},"resource":{}}}]}}}}"#,
        rs0["scopeSpans"], rs0["resource"]
    );
    // A span the wire types reject (a span ID that is a number): the slow path skips it with a warning.
    let mut bad_span = v.clone();
    bad_span["result"]["resourceSpans"][0]["scopeSpans"][0]["spans"][1]["spanId"] = serde_json::json!(12);
    let bad_span = bad_span.to_string();
    for body in [late_resource.as_str(), bad_span.as_str()] {
        assert!(streamed(body.as_bytes(), 64).is_none(), "fast path took {}", &body[..80]);
        assert!(!whole(body).spans.is_empty());
    }
    assert_eq!(whole(&bad_span).spans.len(), SPANS - 1);
    assert!(whole(&bad_span).warnings.iter().any(|w| w.contains("Skipped span #2")), "{:?}", whole(&bad_span).warnings);
    for body in [
        "",
        "   ",
        "<html><body>Bad gateway</body></html>",
        r#"{"error":{"httpCode":404,"message":"trace not found"}}"#,
        r#"{"result":null}"#,
        r#"{"data":[]}"#,
        r#"{"result":{"resourceSpans":[]}} garbage"#,
        r#"{"result":{"resourceSpans":[],}}"#,
        r#"{"result":{"resourceSpans":[]},"result":{"resourceSpans":[]}}"#,
        r#"{"result":{"resourceSpans":[null]}}"#,
        r#"{"result":{"resourceSpans":[{"scopeSpans":[{"spans":[1]}]}]}}"#,
        r#"{"result":{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"00000000000000aa"]}]}]}}"#,
        r#"{"result":{"resourceSpans":[]},"x":tru}"#,
        r#"{"result":{"resourceSpans":[]},"x":01}"#,
        r#"{"result":{"resourceSpans":[]},"x":"\u0041"}"#,
        "{\"result\":{\"resourceSpans\":[]},\"x\":\"a\u{1}b\"}",
        r#"{"res\u0075lt":{"resourceSpans":[]}}"#,
        r#"[{"result":{"resourceSpans":[]}}]"#,
    ] {
        for piece in [1, 3, 1000] {
            assert!(streamed(body.as_bytes(), piece).is_none(), "fast path took {body:?}");
        }
    }
}

#[test]
fn empty_answers_and_skipped_fields_agree_with_the_whole_body_parser() {
    for body in [
        r#"{"result":{"resourceSpans":[]}}"#,
        r#"{"result":{"resourceSpans":null},"error":null}"#,
        r#"{"result":{"resourceSpans":[{"resource":null,"scopeSpans":[{"scope":null,"spans":null}]}]},"x":[1,-2.5,true,false,null,{"a":"b\n"}]}"#,
    ] {
        assert_eq!(streamed(body.as_bytes(), 2), Some(whole(body)), "{body}");
    }
}

/// Spans in every encoding OTLP/JSON writers use, and the broken ones: the streamed reader takes the clean ones
/// straight into the model and hands the rest to the wire types; either way the trace equals the whole-body
/// parser's, warnings included, whatever the cut.
#[test]
fn every_span_encoding_gives_the_whole_body_trace() {
    let t = "0102030405060708090a0b0c0d0e0f10";
    let spans = [
        // Clean: hex IDs, times as strings, every scalar value, an event with and without time, a link.
        format!(
            r#"{{"traceId":"{t}","spanId":"00000000000000a1","parentSpanId":"0000000000000000","name":"clean","kind":2,
            "startTimeUnixNano":"1000","endTimeUnixNano":"3000","status":{{"code":2,"message":"boom"}},
            "attributes":[{{"key":"s","value":{{"stringValue":"v"}}}},{{"key":"i","value":{{"intValue":"-42"}}}},
              {{"key":"i2","value":{{"intValue":7}}}},{{"key":"d","value":{{"doubleValue":0.25}}}},{{"key":"d2","value":{{"doubleValue":3}}}},
              {{"key":"b","value":{{"boolValue":false}}}},{{"key":"raw","value":{{"bytesValue":"AQI="}}}},{{"key":"e","value":{{}}}},
              {{"key":"n","value":null}}],
            "events":[{{"timeUnixNano":"2000","name":"ev","attributes":[{{"key":"k","value":{{"stringValue":"x"}}}}]}},{{"name":"no time"}}],
            "links":[{{"traceId":"{t}","spanId":"00000000000000a2","attributes":[{{"key":"l","value":{{"boolValue":true}}}}]}}]}}"#
        ),
        // Names for enums, numbers for times, base64 IDs, snake_case keys.
        r#"{"trace_id":"AQIDBAUGBwgJCgsMDQ4PEA==","span_id":"AAAAAAAAAKM=","parent_span_id":"AAAAAAAAAKE=","name":"names",
            "kind":"SPAN_KIND_CLIENT","start_time_unix_nano":1500,"end_time_unix_nano":2500,"status":{"code":"STATUS_CODE_OK"}}"#
            .to_string(),
        // What only the wire types read: times as floats, kind as a digit string or float, a padded name,
        // numbers in strings that are not integers, doubles as strings, arrays and maps.
        r#"{"spanId":"00000000000000a4","name":"odd numbers","kind":"3","startTimeUnixNano":1.5e3,"endTimeUnixNano":"2.5e3",
            "status":{"code":"2","message":"x"},"attributes":[{"key":"i","value":{"intValue":"12abc"}},{"key":"f","value":{"intValue":1.0}},
              {"key":"ds","value":{"doubleValue":" 2.5"}},{"key":"inf","value":{"doubleValue":"-Infinity"}},
              {"key":"arr","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"}]}}},
              {"key":"map","value":{"kvlistValue":{"values":[{"key":"k","value":{"boolValue":true}}]}}}]}"#
            .to_string(),
        r#"{"spanId":"00000000000000a5","name":"padded","kind":" server ","startTimeUnixNano":" 1000 ","endTimeUnixNano":"2000","kind2":2.0}"#
            .to_string(),
        r#"{"spanId":"00000000000000a6","name":"float kind","kind":2.0,"startTimeUnixNano":"1000","endTimeUnixNano":"2000","status":{"code":true}}"#
            .to_string(),
        // Escapes in a key, a name and a value.
        r#"{"spanId":"00000000000000a7","na\u006de":"esc \"q\" \u00e9","startTimeUnixNano":"1000","endTimeUnixNano":"2000",
            "attributes":[{"key":"k\n","value":{"stringValue":"\u65e5"}}]}"#
            .to_string(),
        // Broken in ways that warn: a bad parent, a bad link, an end before the start, no end, another trace.
        r#"{"traceId":"ffff","spanId":"00000000000000a8","parentSpanId":"zz","name":"warns","startTimeUnixNano":"5000","endTimeUnixNano":"4000",
            "links":[{"traceId":"nope","spanId":"00000000000000a1"}]}"#
            .to_string(),
        r#"{"traceId":"","spanId":"00000000000000a9","parentSpanId":"  ","name":"no end","startTimeUnixNano":"1000","kind":null,"status":null,
            "attributes":null,"events":null,"links":null}"#
            .to_string(),
        // Skipped with a warning: no start, a start beyond i64, a bad span ID, a bad trace ID.
        r#"{"spanId":"00000000000000b1","name":"no start","endTimeUnixNano":"2000"}"#.to_string(),
        r#"{"spanId":"00000000000000b2","name":"huge","startTimeUnixNano":18446744073709551615,"endTimeUnixNano":"2000"}"#.to_string(),
        r#"{"spanId":"xyz","name":"bad id","startTimeUnixNano":"1000","endTimeUnixNano":"2000"}"#.to_string(),
        r#"{"traceId":"not hex","spanId":"00000000000000b3","name":"bad trace","startTimeUnixNano":"1000","endTimeUnixNano":"2000"}"#.to_string(),
    ];
    let body = format!(
        r#"{{"result":{{"resourceSpans":[{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"api"}}}}]}},
        "scopeSpans":[{{"scope":{{"name":"lib","version":"1"}},"spans":[{}]}}]}}]}}}}"#,
        spans.join(",\n")
    );
    let expected = whole(&body);
    // Read by hand from the spans above: four are skipped, the names in order, and what the odd ones become.
    let names: Vec<&str> = expected.spans.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["clean", "names", "odd numbers", "padded", "float kind", "esc \"q\" é", "warns", "no end", "bad trace"]);
    assert_eq!(expected.spans[0].attributes.len(), 9);
    assert_eq!(expected.spans[1].parent_id, Some(trifocal::telemetry::SpanId(0xa1)));
    assert_eq!(expected.spans[2].start_ns, 1500);
    assert_eq!(expected.spans[5].attributes[0].key, "k\n");
    // Three for "warns", one for "no end", four skipped or unreadable, one for the other trace ("ffff").
    assert_eq!(expected.warnings.len(), 9, "{:#?}", expected.warnings);
    for piece in (1..=40).chain([97, 1000, body.len()]) {
        assert_eq!(streamed(body.as_bytes(), piece).as_ref(), Some(&expected), "pieces of {piece} bytes");
    }
}
