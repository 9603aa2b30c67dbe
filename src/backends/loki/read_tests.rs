//! The serde-free reader against serde's reading of the same answers (the wire types' derives, which read them
//! before), on every recorded Loki answer, cut and damaged copies, and hand-written shapes.

use serde::de::IgnoredAny;

use super::super::convert::{self, convert_streams, LokiResult};
use super::super::tail::{parse_tail, TailMessage};
use super::super::wire::{self, Envelope, QueryData};
use crate::backends::prometheus::convert::{backend_error, check_success, convert_query, precheck};
use crate::backends::prometheus::read::tests::{cut_and_damaged, outcome};
use crate::backends::prometheus::wire::QueryData as PromData;
use crate::backends::ApiError;
use crate::telemetry::{Labels, LogResult};

const JSON: &str = "application/json";

/// serde's envelope, `data` read as `T`; as the reader does (and Prometheus' did before), a body marked
/// `"status":"error"` whose data does not fit says the server's message.
fn open_serde<T: serde::de::DeserializeOwned>(status: u16, ct: &str, body: &str) -> Result<(Option<T>, Vec<String>), ApiError> {
    precheck(status, ct, body)?;
    let env: Envelope<T> = match serde_json::from_str(body) {
        Ok(env) => env,
        Err(e) => {
            if let Ok(env) = serde_json::from_str::<Envelope<IgnoredAny>>(body) {
                if env.status == "error" {
                    return Err(backend_error(status, None, env.error));
                }
            }
            return Err(ApiError::InvalidJson(e.to_string()));
        }
    };
    if env.status == "error" {
        return Err(backend_error(status, None, env.error));
    }
    check_success(&env.status)?;
    Ok((env.data, env.warnings))
}

/// `convert::parse_query` as it read answers with serde before `read.rs`.
fn query_serde(status: u16, ct: &str, body: &str) -> Result<LokiResult, ApiError> {
    let (data, warnings) = open_serde::<QueryData>(status, ct, body)?;
    let data = data.ok_or_else(|| ApiError::InvalidJson("the answer has no \"data\"".into()))?;
    let metric = |d| LokiResult::Metric(convert_query(d, warnings.clone(), Vec::new()));
    Ok(match data {
        QueryData::Streams(streams) => LokiResult::Logs(convert_streams(streams, &[], warnings.clone())),
        QueryData::Matrix(m) => metric(PromData::Matrix(m)),
        QueryData::Vector(v) => metric(PromData::Vector(v)),
        QueryData::Scalar(s) => metric(PromData::Scalar(s)),
        QueryData::String(s) => metric(PromData::String(s)),
    })
}

fn strings_serde(s: u16, c: &str, b: &str) -> Result<Vec<String>, ApiError> {
    Ok(open_serde::<Vec<String>>(s, c, b)?.0.unwrap_or_default())
}

fn series_serde(s: u16, c: &str, b: &str) -> Result<Vec<Labels>, ApiError> {
    Ok(open_serde::<Vec<Labels>>(s, c, b)?.0.unwrap_or_default())
}

fn buildinfo_serde(s: u16, c: &str, b: &str) -> Result<String, ApiError> {
    precheck(s, c, b)?;
    let info: wire::BuildInfo = serde_json::from_str(b).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    if info.version.is_empty() && info.revision.is_empty() {
        return Err(ApiError::InvalidJson("the build info has no version".into()));
    }
    Ok(info.version)
}

/// The tail's message as serde read it: `{"streams", "dropped_entries"}`.
#[derive(serde::Deserialize)]
struct TailWire {
    #[serde(default, deserialize_with = "crate::backends::prometheus::wire::null_as_empty")]
    streams: Vec<wire::Stream>,
    #[serde(default, deserialize_with = "crate::backends::prometheus::wire::null_as_empty")]
    dropped_entries: Vec<IgnoredAny>,
}

fn tail_serde(text: &str) -> Result<TailMessage, ApiError> {
    let t = text.trim_start();
    if !t.starts_with('{') {
        return parse_tail(text, &[]);
    }
    let w: TailWire = serde_json::from_str(t).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    let mut logs: LogResult = convert_streams(w.streams, &[], Vec::new());
    logs.entries.sort_by_key(|e| e.ts_ns);
    Ok(TailMessage { logs, dropped: w.dropped_entries.len() })
}

/// Every reader, new and old, on one answer: the differences found.
fn differences(status: u16, ct: &str, body: &str) -> Vec<String> {
    let pairs = [
        ("query", outcome(convert::parse_query(status, ct, body, &[])), outcome(query_serde(status, ct, body))),
        ("strings", outcome(convert::parse_strings(status, ct, body)), outcome(strings_serde(status, ct, body))),
        ("series", outcome(convert::parse_series(status, ct, body)), outcome(series_serde(status, ct, body))),
        ("buildinfo", outcome(convert::parse_buildinfo(status, ct, body)), outcome(buildinfo_serde(status, ct, body))),
        ("tail", outcome(parse_tail(body, &[])), outcome(tail_serde(body))),
    ];
    pairs
        .into_iter()
        .filter(|(_, new, old)| new != old)
        .map(|(what, new, old)| format!("{what}: {} / serde {}", crate::backends::otlp::flex::clip(&new, 300), crate::backends::otlp::flex::clip(&old, 300)))
        .collect()
}

fn recorded() -> Vec<(String, String)> {
    let dirs = ["tests/fixtures/loki", "tests/fixtures/real/loki", "../shared/fixtures/real/loki", "src/demo/data"];
    crate::backends::recorded::recorded(&dirs, |dir, p| {
        let loki = dir.contains("loki") || p.display().to_string().contains("query_range_streams");
        loki && crate::backends::recorded::has_ext(p, &["json", "txt"])
    })
}

#[test]
fn every_recorded_answer_reads_as_serde_read_it() {
    let all = recorded();
    assert!(all.len() >= 26, "fixtures found: {}", all.len());
    for (name, body) in &all {
        for status in [200, 400, 500] {
            let d = differences(status, JSON, body);
            assert!(d.is_empty(), "{name} (HTTP {status}): {d:#?}");
        }
        // Each answer but the recorded error was read by one of the readers: the comparison is not between failures.
        let read = [
            convert::parse_query(200, JSON, body, &[]).is_ok(),
            convert::parse_strings(200, JSON, body).is_ok(),
            convert::parse_series(200, JSON, body).is_ok(),
            convert::parse_buildinfo(200, JSON, body).is_ok(),
        ];
        assert_eq!(read.contains(&true), !name.contains("/error_"), "{name}: {read:?}");
    }
}

/// A tail message for each recorded stream answer: its `data.result` as the message's `streams`.
#[test]
fn recorded_streams_read_as_tail_messages_as_serde_read_them() {
    let mut n = 0;
    for (name, body) in recorded() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&body) else { continue };
        if v["data"]["resultType"] != "streams" {
            continue;
        }
        let msg = format!("{{\"streams\":{},\"dropped_entries\":[{{\"labels\":{{}},\"timestamp\":\"1\"}}]}}", v["data"]["result"]);
        let Ok(r) = parse_tail(&msg, &[]) else { continue };
        assert!(!r.logs.entries.is_empty() && r.dropped == 1, "{name}");
        assert_eq!(differences(200, JSON, &msg), Vec::<String>::new(), "{name}");
        n += 1;
    }
    assert!(n >= 4, "{n}");
}

#[test]
fn cut_and_damaged_answers_fail_or_read_as_serde_read_them() {
    let bodies = [
        r#"{"status":"success","warnings":["w"],"data":{"resultType":"streams","encodingFlags":["categorize-labels"],"result":[{"stream":{"job":"a\"b"},"values":[["1795453970304193550","l\u00e9 1"],["12","x",{"structuredMetadata":{"trace_id":"ab","n":7},"parsed":{"level":"warn","ok":true}}],[5,"y",null,"z"]]},{"stream":{"job":"c"},"values":[["12","w"]]}],"stats":{"summary":{"x":1}}}}"#,
        r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"level":"info"},"values":[[1795453970,"3"],[1795453971.5,"NaN"]]}]}}"#,
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"+Inf"]}]}}"#,
        r#"{"status":"error","error":"parse error at line 1","data":{"resultType":"streams","result":[]}}"#,
        r#"{"status":"success","data":["job","level\n"]}"#,
        r#"{"streams":[{"stream":{"a":"1"},"values":[["2","t"]]}],"dropped_entries":[{"timestamp":"1"}]}"#,
        r#"{"version":"3.7.6","revision":"5003600d","goVersion":""}"#,
    ];
    let mut compared = 0;
    for body in bodies {
        assert_eq!(differences(200, JSON, body), Vec::<String>::new(), "{body}");
        // Every prefix, and the body with each one byte left out or replaced.
        for text in cut_and_damaged(body, b"\"[}0 -.") {
            let d = differences(200, JSON, &text);
            assert!(d.is_empty(), "{text}: {d:#?}");
            compared += 1;
        }
    }
    assert!(compared > 4000, "{compared}");
}

fn logs(body: &str) -> LogResult {
    match convert::parse_query(200, JSON, body, &[]) {
        Ok(LokiResult::Logs(l)) => l,
        other => panic!("{body}: {other:?}"),
    }
}

#[test]
fn entries_read_where_they_are() {
    // The result before its type, timestamps as strings, integers, floats, null, -0 and out of range.
    let l = logs(
        r#"{"data":{"result":[{"values":[["30","a"],[20,"b"],[1.5,"c"],[null,"d"],[-0,"e"],["99999999999999999999","f"],[9223372036854775808,"g"],[" 10 ","h"]],"stream":{"s":"1"}}],"resultType":"streams"},"status":"success"}"#,
    );
    let got: Vec<(i64, &str)> = l.entries.iter().map(|e| (e.ts_ns, e.line.as_str())).collect();
    assert_eq!(got, vec![(30, "a"), (20, "b"), (10, "h")]);
    assert_eq!(l.warnings, vec!["5 log lines with an unreadable timestamp were skipped".to_string()]);
    assert_eq!(l.entries[0].stream.get("s"), Some("1"));
    // Structured metadata and parsed labels: strings, numbers and booleans as text, others skipped; a third
    // element that is not an object is no metadata.
    let l = logs(
        r#"{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[["2","x",{"parsed":{"n":-12,"f":2.50,"b":false,"o":{"a":1},"z":null},"structuredMetadata":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"},"other":[1]}],["1","y",[{"structuredMetadata":{"k":"v"}}]]]}]}}"#,
    );
    let e = &l.entries[0];
    assert_eq!((e.parsed.get("n"), e.parsed.get("f"), e.parsed.get("b")), (Some("-12"), Some("2.50"), Some("false")));
    assert_eq!((e.parsed.get("o"), e.parsed.get("z")), (None, None));
    assert_eq!(e.metadata.get("trace_id"), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
    assert!(e.trace_id.is_some());
    assert_eq!(l.entries[1].metadata.len() + l.entries[1].parsed.len(), 0);
}

#[test]
fn hostile_lines_are_text() {
    // A huge line with every escape, markup and a surrogate pair.
    let big = "<script>alert(1)</script>\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u00e9\\uD834\\uDD1Ex".repeat(20_000);
    let body = format!(r#"{{"status":"success","data":{{"resultType":"streams","result":[{{"stream":{{"j":"<b>"}},"values":[["1","{big}"]]}}]}}}}"#);
    let l = logs(&body);
    assert_eq!(l.entries[0].line, "<script>alert(1)</script>\"\\/\u{8}\u{c}\n\r\t\u{0}é\u{1D11E}x".repeat(20_000));
    assert_eq!(l.entries[0].stream.get("j"), Some("<b>"));
    assert_eq!(differences(200, JSON, &body), Vec::<String>::new());
    // A raw control character, an unknown escape and a cut escape are refused.
    for bad in ["\t", "\\x", "\\u12"] {
        let body = format!(r#"{{"status":"success","data":{{"resultType":"streams","result":[{{"values":[["1","a{bad}"]]}}]}}}}"#);
        assert!(matches!(convert::parse_query(200, JSON, &body, &[]), Err(ApiError::InvalidJson(_))), "{bad}");
    }
}

#[test]
fn metric_answers_read_through_prometheus_reader() {
    let r = convert::parse_query(200, JSON, r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"level":"error"},"values":[[1795453970,"NaN"],[1795453971,"-Inf"],[1795453972,"2.5"]]}],"stats":{}}}"#, &[]);
    let Ok(LokiResult::Metric(m)) = r else { panic!("{r:?}") };
    let p = &m.series[0].points;
    assert_eq!(m.series[0].labels.get("level"), Some("error"));
    assert!(p[0].v.is_nan());
    assert_eq!((p[1].t_ms, p[1].v, p[2].v), (1_795_453_971_000, f64::NEG_INFINITY, 2.5));
}

#[test]
fn errors_html_and_trailing_text() {
    // Loki's JSON error (the type before the message, as the metrics page shows it), and one whose data does
    // not fit a query's shape.
    let e = convert::parse_query(400, JSON, r#"{"status":"error","errorType":"bad_data","error":"parse error"}"#, &[]).unwrap_err();
    assert_eq!(e, ApiError::Backend { status: 400, message: "bad_data: parse error".into() });
    let e = convert::parse_query(200, JSON, r#"{"status":"error","error":"too many","data":[1]}"#, &[]).unwrap_err();
    assert_eq!(e, ApiError::Backend { status: 200, message: "too many".into() });
    let e = convert::parse_strings(200, JSON, r#"{"status":"error","error":"no"}"#).unwrap_err();
    assert_eq!(e, ApiError::Backend { status: 200, message: "no".into() });
    assert!(matches!(convert::parse_query(200, "text/html", "<html>login</html>", &[]), Err(ApiError::Html { .. })));
    assert!(matches!(convert::parse_query(200, JSON, "  <!doctype html><p>x", &[]), Err(ApiError::Html { .. })));
    for bad in [
        "{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[]}} x",
        r#"{"status":"success","data":{"resultType":"streams"}}"#,
        r#"{"status":"success","data":{"resultType":"logs","result":[]}}"#,
        r#"{"status":"success","data":{"resultType":"streams","result":[{"values":[["1"]]}]}}"#,
        r#"{"status":"success","data":{"resultType":"streams","result":[{"values":[["1",2]]}]}}"#,
        r#"{"status":"success","data":{"resultType":"streams","result":[{"values":[[true,"a"]]}]}}"#,
        r#"{"status":"success","data":{"resultType":"streams","result":[{"stream":{"a":1},"values":[]}]}}"#,
        r#"{"status":"success","data":{"resultType":"streams","result":[{"values":[["1","a",{"parsed":"x"}]]}]}}"#,
        r#"{"data":{"resultType":"streams","result":[]}}"#,
    ] {
        assert!(matches!(convert::parse_query(200, JSON, bad, &[]), Err(ApiError::InvalidJson(_))), "{bad}");
        assert_eq!(differences(200, JSON, bad), Vec::<String>::new(), "{bad}");
    }
    let e = convert::parse_query(200, JSON, "{\"status\":\"success\",\n\"data\":{\"resultType\":\"streams\",\"result\":[{\"values\":[[\"1\"]]}]}}", &[]).unwrap_err();
    assert!(matches!(&e, ApiError::InvalidJson(m) if m.contains("line 2 column")), "{e:?}");
    assert!(matches!(parse_tail("{\"streams\":[]} x", &[]), Err(ApiError::InvalidJson(_))));
    let deep = format!(r#"{{"status":"success","x":{}{},"data":{{"resultType":"streams","result":[]}}}}"#, "[".repeat(200), "]".repeat(200));
    assert!(matches!(convert::parse_query(200, JSON, &deep, &[]), Err(ApiError::InvalidJson(m)) if m.contains("deeply")));
}
