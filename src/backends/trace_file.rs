//! Opening a trace from a file: detects OTLP JSON exports (also one document per line, as the OpenTelemetry
//! Collector's file exporter writes), Tempo v2/v1 answers, Jaeger v3 answers and Jaeger UI/API JSON.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::error::json_error;
use super::jaeger::convert::{classic_trace, lenient_classic_trace};
use super::jaeger::wire as jw;
use super::otlp::convert::{lenient_in, to_trace, Warnings};
use super::otlp::flex::{clip, nullable, Flex};
use super::otlp::wire::{ResourceSpans, TracesData};
use crate::telemetry::Trace;

const EXPECTED: &str = "Open an OTLP JSON export ({\"resourceSpans\":…}), a Tempo trace ({\"trace\":…} or {\"batches\":…}) or a Jaeger JSON export ({\"data\":[{\"traceID\",\"spans\",\"processes\"}]}).";

/// Every shape a trace file can have, read in one pass; the first matching key wins.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnyFile {
    #[serde(default, alias = "resource_spans")]
    resource_spans: Option<Vec<ResourceSpans>>,
    /// Tempo v2.
    #[serde(default)]
    trace: Option<TracesData>,
    /// Tempo v1.
    #[serde(default)]
    batches: Option<Vec<ResourceSpans>>,
    /// Jaeger v3.
    #[serde(default)]
    result: Option<TracesData>,
    /// Jaeger classic API or UI export.
    #[serde(default)]
    data: Option<Vec<jw::Trace>>,
    #[serde(default)]
    errors: Option<Vec<jw::ErrorItem>>,
    /// A bare Jaeger trace object.
    #[serde(default, rename = "traceID")]
    trace_id: Option<String>,
    #[serde(default)]
    spans: Option<Vec<jw::Span>>,
    #[serde(default, deserialize_with = "nullable")]
    processes: HashMap<String, jw::Process>,
    #[serde(default, deserialize_with = "nullable")]
    warnings: Vec<String>,
    /// Tempo v2 `PARTIAL`.
    #[serde(default)]
    status: Option<Flex>,
}

/// Reads a trace file. The error is a sentence for the user (what was found, what is expected).
pub fn parse_trace_file(text: &str) -> Result<Trace, String> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err("the file is empty.".into());
    }
    if text.starts_with('<') {
        return Err(format!("this is an HTML or XML file, not a trace. {EXPECTED}"));
    }
    if !text.starts_with('{') && !text.starts_with('[') {
        return Err(format!("this is not JSON. {EXPECTED}"));
    }
    let typed: Result<Vec<AnyFile>, _> = serde_json::Deserializer::from_str(text).into_iter::<AnyFile>().collect();
    let traces = match typed {
        Ok(docs) => docs.into_iter().map(from_doc).collect::<Result<Vec<_>, _>>()?,
        Err(_) => {
            // Some part did not fit the wire types: read the JSON again, span by span.
            let values: Result<Vec<Value>, _> = serde_json::Deserializer::from_str(text).into_iter::<Value>().collect();
            match values {
                Ok(values) => values.into_iter().map(lenient_doc).collect::<Result<Vec<_>, _>>()?,
                Err(e) => return Err(format!("the file is not valid JSON ({}).", json_error(&e))),
            }
        }
    };
    let trace = merge(traces);
    if trace.spans.is_empty() {
        let why = trace.warnings.first().map(|w| format!(" ({w})")).unwrap_or_default();
        return Err(format!("the file holds no readable spans{why}."));
    }
    Ok(trace)
}

fn from_doc(d: AnyFile) -> Result<Trace, String> {
    let partial = match &d.status {
        Some(Flex::Str(s)) => s.trim().eq_ignore_ascii_case("partial"),
        _ => false,
    };
    let otlp = d.resource_spans.or(d.trace.map(|t| t.resource_spans)).or(d.batches).or(d.result.map(|t| t.resource_spans));
    if let Some(rs) = otlp {
        let mut t = to_trace(rs, Warnings::default());
        t.partial = partial;
        return Ok(t);
    }
    if let Some(list) = d.data {
        return first_of(list.into_iter().map(|jt| classic_trace(jt, Warnings::default())).collect());
    }
    if let Some(spans) = d.spans {
        let jt = jw::Trace { trace_id: d.trace_id, spans, processes: d.processes, warnings: d.warnings };
        return Ok(classic_trace(jt, Warnings::default()));
    }
    if let Some(msg) = d.errors.and_then(|e| e.into_iter().next()).and_then(|e| e.msg) {
        return Err(format!("the file holds a Jaeger error, not a trace: {}", clip(&msg, 200)));
    }
    Err(format!("this JSON is not a trace export. {EXPECTED}"))
}

/// The slow path for a document the wire types rejected: the same detection on the JSON value, reading span
/// by span.
fn lenient_doc(mut v: Value) -> Result<Trace, String> {
    for (key, pointer) in [
        ("resourceSpans", "/resourceSpans"),
        ("resource_spans", "/resource_spans"),
        ("trace", "/trace/resourceSpans"),
        ("batches", "/batches"),
        ("result", "/result/resourceSpans"),
    ] {
        if v.get(key).is_some() {
            let partial = v.get("status").and_then(Value::as_str).is_some_and(|s| s.eq_ignore_ascii_case("partial"));
            let mut t = lenient_in(&mut v, pointer);
            t.partial = partial;
            return Ok(t);
        }
    }
    match v {
        Value::Object(mut obj) => match obj.remove("data") {
            Some(Value::Array(list)) => first_of(list.into_iter().filter_map(lenient_classic_trace).collect()),
            _ if obj.contains_key("spans") => lenient_classic_trace(Value::Object(obj)).ok_or_else(|| "the Jaeger trace could not be read.".into()),
            _ => {
                let keys: Vec<&str> = obj.keys().take(8).map(String::as_str).collect();
                Err(format!("this JSON is not a trace export (its keys: {}). {EXPECTED}", clip(&keys.join(", "), 200)))
            }
        },
        Value::Array(list) if list.iter().any(|t| t.get("spans").is_some()) => first_of(list.into_iter().filter_map(lenient_classic_trace).collect()),
        _ => Err(format!("this JSON is not a trace export. {EXPECTED}")),
    }
}

fn first_of(traces: Vec<Trace>) -> Result<Trace, String> {
    let n = traces.len();
    let mut t = traces.into_iter().next().ok_or_else(|| "the Jaeger export holds no traces.".to_string())?;
    if n > 1 {
        t.warnings.push(format!("The file holds {n} traces; showing the first."));
    }
    Ok(t)
}

/// Several documents (one per line) become one trace; a warning says when they hold different trace IDs.
fn merge(traces: Vec<Trace>) -> Trace {
    let mut iter = traces.into_iter();
    let Some(mut out) = iter.next() else { return Trace::default() };
    let mut other_ids = 0usize;
    let mut notes = Warnings::default();
    for w in std::mem::take(&mut out.warnings) {
        notes.push(w);
    }
    for t in iter {
        match (out.trace_id, t.trace_id) {
            (None, id) => out.trace_id = id,
            (Some(a), Some(b)) if a != b => other_ids += t.spans.len(),
            _ => {}
        }
        out.spans.extend(t.spans);
        out.partial |= t.partial;
        for w in t.warnings {
            notes.push(w);
        }
    }
    if other_ids > 0 {
        notes.push(format!("{other_ids} spans in the file belong to other traces; they are shown together."));
    }
    out.warnings = notes.into_vec();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{SpanId, SpanKind};

    const TEMPO_V2: &str = include_str!("../../tests/fixtures/tempo/trace_by_id_v2.json");
    const TEMPO_V1: &str = include_str!("../../tests/fixtures/tempo/trace_by_id.json");
    const FEATURED: &str = "6575de447380ec933e5135e5d844e736";

    fn otlp_export() -> String {
        // The `trace` object of a Tempo v2 answer is exactly an OTLP JSON export.
        let v: Value = serde_json::from_str(TEMPO_V2).unwrap();
        v["trace"].to_string()
    }

    #[test]
    fn tempo_answers_and_otlp_exports_are_recognised() {
        let v2 = parse_trace_file(TEMPO_V2).unwrap();
        let v1 = parse_trace_file(TEMPO_V1).unwrap();
        let otlp = parse_trace_file(&otlp_export()).unwrap();
        assert_eq!(v2.trace_id.unwrap().to_hex(), FEATURED);
        assert!(!v2.spans.is_empty());
        assert_eq!(v2.spans, v1.spans);
        assert_eq!(v2.spans, otlp.spans);
        let v3 = parse_trace_file(&format!("\u{feff}{{\"result\":{}}}\n", otlp_export())).unwrap();
        assert_eq!(v3.spans, v2.spans);
    }

    #[test]
    fn json_lines_are_merged() {
        let one = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"01","spanId":"01","name":"a","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}"#;
        let two = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"01","spanId":"02","parentSpanId":"01","name":"b","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}"#;
        let other = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"02","spanId":"03","name":"c","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}"#;
        let t = parse_trace_file(&format!("{one}\n{two}\n")).unwrap();
        assert_eq!(t.spans.len(), 2);
        assert_eq!(t.spans[1].parent_id, Some(SpanId(1)));
        assert!(t.warnings.is_empty());
        let t = parse_trace_file(&format!("{one}\n{other}")).unwrap();
        assert_eq!(t.spans.len(), 2);
        assert!(t.warnings[0].contains("other traces"));
    }

    #[test]
    fn jaeger_exports_are_recognised() {
        let trace = r#"{"traceID":"00000000000000000000000000000abc","spans":[
            {"traceID":"abc","spanID":"1","operationName":"root","references":[],"startTime":1000,"duration":50,"processID":"p1",
             "tags":[{"key":"span.kind","type":"string","value":"server"}],"logs":[]}],
            "processes":{"p1":{"serviceName":"svc","tags":[]}},"warnings":null}"#;
        for text in [format!(r#"{{"data":[{trace}],"total":0,"limit":0,"offset":0,"errors":null}}"#), trace.to_string(), format!("[{trace}]")] {
            let t = parse_trace_file(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
            assert_eq!(t.trace_id.unwrap().0, 0xabc);
            assert_eq!(&*t.spans[0].service, "svc");
            assert_eq!(t.spans[0].kind, SpanKind::Server);
            assert_eq!(t.spans[0].start_ns, 1_000_000);
        }
        let two = format!(r#"{{"data":[{trace},{trace}]}}"#);
        assert!(parse_trace_file(&two).unwrap().warnings.iter().any(|w| w.contains("2 traces")));
    }

    #[test]
    fn clear_messages_for_other_files() {
        let err = |t: &str| parse_trace_file(t).unwrap_err();
        assert_eq!(err("  "), "the file is empty.");
        assert!(err("<!DOCTYPE html><html></html>").contains("HTML"));
        assert!(err("time=1 level=info msg=hi").contains("not JSON"));
        assert!(err("{\"resourceSpans\": [").contains("not valid JSON"));
        let e = err(r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#);
        assert!(e.contains("not a trace export") && !e.contains("resultType") && e.contains("status"), "{e}");
        assert!(err(r#"{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}"#).contains("trace not found"));
        assert!(err(r#"{"resourceSpans":[]}"#).contains("no readable spans"));
        let e = err(r#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"01","name":"x"}]}]}]}"#);
        assert!(e.contains("no readable spans") && e.contains("start time"), "{e}");
        assert!(err("[1, 2]").contains("not a trace export"));
    }

    #[test]
    fn broken_span_in_a_file_is_skipped() {
        let text = otlp_export().replacen(r#""name":"GET /search""#, r#""name":false"#, 1);
        let good = parse_trace_file(&otlp_export()).unwrap();
        let t = parse_trace_file(&text).unwrap();
        assert_eq!(t.spans.len(), good.spans.len() - 1);
        assert_eq!(t.warnings.len(), 1);
    }
}
