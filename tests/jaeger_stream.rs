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
    let mut services: Vec<&str> = expected.spans.iter().map(|s| s.service.as_str()).collect();
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
