//! Tests of the Loki conversions on responses recorded from a real server, plus hand-written edge cases.

use super::*;
use crate::telemetry::{LogLevel, TraceId, ValueKind};

const JSON: &str = "application/json; charset=UTF-8";

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../tests/fixtures/loki/", $name))
    };
}

fn logs(body: &str) -> LogResult {
    match parse_query(200, JSON, body, &[]) {
        Ok(LokiResult::Logs(l)) => l,
        other => panic!("expected logs, got {other:?}"),
    }
}

fn metric(body: &str) -> SeriesResult {
    match parse_query(200, JSON, body, &[]) {
        Ok(LokiResult::Metric(m)) => m,
        other => panic!("expected a metric result, got {other:?}"),
    }
}

/// The `"trace_id":"<hex>"` written in a JSON log line, found independently of the parser.
fn line_trace_id(line: &str) -> Option<TraceId> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    TraceId::parse_hex(v.get("trace_id")?.as_str()?)
}

fn line_level(line: &str) -> Option<LogLevel> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    Some(LogLevel::from_name(v.get("level")?.as_str()?))
}

#[test]
fn plain_streams_fixture() {
    let r = logs(fixture!("query_range_streams.json"));
    assert_eq!(r.entries.len(), 100);
    assert!(r.warnings.is_empty());
    // Backward query: newest first, across the 4 streams.
    assert!(r.entries.is_sorted_by(|a, b| a.ts_ns >= b.ts_ns));
    assert_eq!(r.entries[0].ts_ns, 1_795_453_971_018_070_563);
    assert_eq!(r.entries.last().map(|e| e.ts_ns), Some(1_795_453_947_288_236_287));
    for e in &r.entries {
        assert_eq!(Some(e.level), e.stream.get("level").map(LogLevel::from_name));
        assert_eq!(e.trace_id, line_trace_id(&e.line), "{}", e.line);
        assert!(e.metadata.is_empty() && e.parsed.is_empty());
    }
    assert_eq!(r.entries.iter().filter(|e| e.trace_id.is_some()).count(), 97);
    let levels: std::collections::BTreeSet<_> = r.entries.iter().map(|e| e.level).collect();
    assert_eq!(levels.len(), 4);
    // Entries of one stream share one label set.
    let first = &r.entries[0];
    let same = r.entries.iter().filter(|e| e.stream == first.stream).collect::<Vec<_>>();
    assert!(same.len() > 1);
    assert!(same.iter().all(|e| std::sync::Arc::ptr_eq(&e.stream, &first.stream)));
}

#[test]
fn categorized_fixture_keeps_metadata_and_parsed_apart() {
    let r = logs(fixture!("query_range_streams_categorized.json"));
    assert_eq!(r.entries.len(), 20);
    assert!(r.entries.is_sorted_by(|a, b| a.ts_ns >= b.ts_ns));
    let e = &r.entries[0];
    assert_eq!(e.ts_ns, 1_795_453_970_287_282_728);
    assert_eq!(e.stream.len(), 3);
    assert_eq!(e.stream.get("service_name"), Some("embedding-service"));
    assert_eq!(e.metadata.get("span_id"), Some("81938ad878aa8565"));
    assert_eq!(e.metadata.get("detected_level"), Some("debug"));
    assert_eq!(e.parsed.get("dims"), Some("1536"));
    assert_eq!(e.parsed.get("trace_id_extracted"), Some("0a192955176133b44f1d2921b43d2e8a"));
    assert_eq!(e.trace_id, TraceId::parse_hex("0a192955176133b44f1d2921b43d2e8a"));
    assert_eq!(e.level, LogLevel::Debug);
    for e in &r.entries {
        assert_eq!(e.trace_id, line_trace_id(&e.line));
        assert_eq!(e.trace_id.is_some(), e.metadata.get("trace_id").is_some());
        assert_eq!(Some(e.level), line_level(&e.line));
    }
    assert_eq!(r.entries.iter().filter(|e| e.trace_id.is_some()).count(), 18);
}

#[test]
fn structured_metadata_and_json_filter_fixtures() {
    let r = logs(fixture!("query_range_streams_structured_metadata.json"));
    assert_eq!(r.entries.len(), 40);
    assert!(r.entries.is_sorted_by(|a, b| a.ts_ns >= b.ts_ns));
    for e in &r.entries {
        assert_eq!(e.trace_id, line_trace_id(&e.line));
        if let Some(t) = e.stream.get("trace_id") {
            assert_eq!(e.trace_id, TraceId::parse_hex(t));
        }
    }
    let r = logs(fixture!("query_range_streams_json_filter.json"));
    assert_eq!(r.entries.len(), 50);
    // One entry per stream: no order to read, so newest first (the request was backward).
    assert!(r.entries.is_sorted_by(|a, b| a.ts_ns >= b.ts_ns));
    assert!(r.entries.iter().all(|e| e.level == LogLevel::Error && e.trace_id.is_some()));
    // `| json | status >= 500`: the extracted fields are part of the stream labels.
    assert!(r.entries.iter().all(|e| matches!(e.stream.get("status"), Some("500") | Some("502"))));
    assert_eq!(r.entries.iter().filter(|e| e.stream.get("status") == Some("502")).count(), 41);
}

#[test]
fn forward_fixture_is_sorted_oldest_first() {
    let r = logs(fixture!("query_trace_logs.json"));
    assert_eq!(r.entries.len(), 8);
    assert!(r.entries.is_sorted_by(|a, b| a.ts_ns <= b.ts_ns));
    assert_eq!(r.entries[0].ts_ns, 1_795_453_063_153_473_726);
    let featured = TraceId::parse_hex("6575de447380ec933e5135e5d844e736");
    assert!(r.entries.iter().all(|e| e.trace_id == featured));
    assert_eq!(r.entries.iter().filter(|e| e.level == LogLevel::Error).count(), 3);
}

#[test]
fn metric_fixtures() {
    let m = metric(fixture!("query_range_matrix.json"));
    assert_eq!(m.kind, ValueKind::Matrix);
    assert_eq!(m.series.len(), 4);
    assert_eq!(m.series[0].labels.get("level"), Some("debug"));
    assert_eq!(m.series[0].points[0].t_ms, 1_795_452_900_000);
    assert_eq!(m.series[0].points[1].v, 111.0);
    let m = metric(fixture!("query_vector.json"));
    assert_eq!(m.kind, ValueKind::Vector);
    assert_eq!(m.series.len(), 3);
    assert_eq!(m.series[1].points[0].v, 707.0);
}

#[test]
fn labels_buildinfo_and_errors() {
    assert_eq!(parse_strings(200, JSON, fixture!("labels.json")).unwrap(), vec!["job", "level", "service_name"]);
    assert_eq!(parse_strings(200, JSON, fixture!("label_values.json")).unwrap().len(), 4);
    assert_eq!(parse_strings(200, JSON, r#"{"status":"success"}"#).unwrap(), Vec::<String>::new());
    assert_eq!(parse_series(200, JSON, fixture!("series.json")).unwrap().len(), 11);
    assert_eq!(parse_buildinfo(200, "application/json", fixture!("buildinfo.json")).unwrap(), "3.7.6");

    let e = parse_query(400, "text/plain; charset=utf-8", fixture!("error_bad_query.txt"), &[]).unwrap_err();
    assert_eq!(
        e,
        ApiError::Backend { status: 400, message: "parse error at line 1, col 31: syntax error: unexpected $end, expecting } or ,".into() }
    );
    let html = "<html><head><title>504 Gateway Time-out</title></head></html>";
    assert_eq!(parse_query(504, "text/html", html, &[]).unwrap_err(), ApiError::Html { status: 504, title: "504 Gateway Time-out".into() });
    assert!(matches!(parse_query(200, JSON, "", &[]), Err(ApiError::InvalidJson(_))));
    assert!(matches!(parse_query(200, JSON, "{\"status\":\"success\",\"data\":{\"resultType\":\"streams\"", &[]), Err(ApiError::InvalidJson(_))));
    assert!(matches!(parse_query(200, JSON, r#"{"status":"success"}"#, &[]), Err(ApiError::InvalidJson(_))));
    assert!(matches!(parse_query(200, JSON, r#"{"status":"error","error":"boom"}"#, &[]), Err(ApiError::Backend { status: 200, message }) if message == "boom"));
    assert!(matches!(parse_query(429, "text/plain", "too many outstanding requests", &[]), Err(ApiError::Backend { status: 429, .. })));
    assert!(parse_buildinfo(200, JSON, "{}").is_err());
}

#[test]
fn empty_results_and_missing_fields() {
    let r = logs(r#"{"status":"success","data":{"resultType":"streams","result":[]}}"#);
    assert!(r.entries.is_empty());
    let r = logs(r#"{"status":"success","data":{"resultType":"streams","result":null}}"#);
    assert!(r.entries.is_empty());
    let r = logs(r#"{"status":"success","warnings":["query timed out partially"],"data":{"resultType":"streams","result":[{"values":[["12","x"],["oops","y"],[null,"z"]]},{"stream":{"a":"1"}}]}}"#);
    assert_eq!(r.entries.len(), 1);
    assert!(r.entries[0].stream.is_empty());
    assert_eq!(r.entries[0].level, LogLevel::Unknown);
    assert_eq!(r.warnings.len(), 2);
    assert_eq!(r.warnings[0], "query timed out partially");
    assert!(r.warnings[1].contains("2 log lines"));
}

#[test]
fn level_and_trace_id_precedence() {
    let body = r#"{"status":"success","data":{"resultType":"streams","result":[
      {"stream":{"level":"info"},"values":[["3","level=error trace_id=11111111111111111111111111111111"]]},
      {"stream":{"app":"x"},"values":[["2","WARN something",{"structuredMetadata":{"detected_level":"error","traceID":"22222222222222222222222222222222"},"parsed":{"trace_id":"33333333333333333333333333333333"}}]]},
      {"stream":{"app":"y"},"values":[["1","msg level=debug","junk"],["0","{\"traceId\":\"4444444444444444\"} ERROR"]]}]}}"#;
    let r = logs(body);
    let by_ts = |t: i64| r.entries.iter().find(|e| e.ts_ns == t).unwrap();
    assert_eq!(by_ts(3).level, LogLevel::Info);
    assert_eq!(by_ts(3).trace_id, TraceId::parse_hex("11111111111111111111111111111111"));
    assert_eq!(by_ts(2).level, LogLevel::Error);
    assert_eq!(by_ts(2).trace_id, TraceId::parse_hex("22222222222222222222222222222222"));
    assert_eq!(by_ts(1).level, LogLevel::Debug);
    assert_eq!(by_ts(1).trace_id, None);
    assert_eq!(by_ts(0).level, LogLevel::Error);
    assert_eq!(by_ts(0).trace_id, TraceId::parse_hex("4444444444444444"));
    // Configured field names replace the defaults.
    let r = match parse_query(200, JSON, body, &["tid"]).unwrap() {
        LokiResult::Logs(l) => l,
        LokiResult::Metric(_) => panic!("logs expected"),
    };
    assert!(r.entries.iter().all(|e| e.trace_id.is_none()));
}

#[test]
fn hostile_lines_are_plain_data() {
    let line = "<script>alert(1)</script>\u{1b}[31m\u{202e}\u{0}{{level}} '; DROP TABLE x; -- ${jndi:ldap://x}";
    let body = serde_json::json!({"status":"success","data":{"resultType":"streams","result":[
        {"stream":{"job":"<img src=x onerror=alert(1)>"},"values":[["1", line]]}]}})
    .to_string();
    let r = logs(&body);
    assert_eq!(r.entries[0].line, line);
    assert_eq!(r.entries[0].stream.get("job"), Some("<img src=x onerror=alert(1)>"));
}

#[test]
fn a_hundred_thousand_lines_parse() {
    let mut body = String::with_capacity(25_000_000);
    body.push_str(r#"{"status":"success","data":{"resultType":"streams","result":["#);
    for s in 0..100 {
        if s > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#"{{"stream":{{"job":"j","pod":"p{s}"}},"values":["#));
        for i in 0..1000i64 {
            if i > 0 {
                body.push(',');
            }
            let ts = 1_795_453_970_000_000_000i64 - i * 1_000_000 - s;
            body.push_str(&format!(
                r#"["{ts}","{{\"ts\":\"2026-11-23T17:12:50Z\",\"level\":\"warn\",\"msg\":\"request {i} took long\",\"trace_id\":\"{:032x}\",\"path\":\"/api/v1/search\"}}"]"#,
                i + 1
            ));
        }
        body.push_str("]}");
    }
    body.push_str("]}}");
    // Correctness at size only: speed is printed by `cargo run --release --example bench_parse`, never asserted.
    let r = logs(&body);
    assert_eq!(r.entries.len(), 100_000);
    assert!(r.entries.is_sorted_by(|a, b| a.ts_ns >= b.ts_ns));
    assert!(r.entries.iter().all(|e| e.level == LogLevel::Warn));
    assert_eq!(r.entries[0].trace_id, Some(TraceId(1)));
}

#[test]
fn error_envelopes_say_why_and_stay_short() {
    // Found by tests/fuzz_parsers.rs: `{"status":"error"}` without a message gave "The server answered 200: "
    // and a huge message came back whole.
    let e = parse_strings(200, JSON, r#"{"status":"error"}"#).unwrap_err();
    assert!(e.to_string().contains("without a message"), "{e}");
    let e = parse_series(200, JSON, r#"{"status":"error","error":""}"#).unwrap_err();
    assert!(e.to_string().contains("without a message"), "{e}");
    let body = format!(r#"{{"status":"error","error":"{}"}}"#, "x".repeat(50_000));
    let e = parse_query(200, JSON, &body, &[]).unwrap_err();
    assert!(matches!(&e, ApiError::Backend { status: 200, message } if message.ends_with('…') && message.len() < 2100), "{e:?}");
    let body = format!(r#"{{"status":"{}","data":{{"resultType":"streams","result":[]}}}}"#, "y".repeat(50_000));
    assert!(parse_query(200, JSON, &body, &[]).unwrap_err().to_string().len() < 300);
}

#[test]
fn another_servers_json_is_not_an_empty_list() {
    // Found by tests/error_matrix.rs: a Tempo trace read as an empty series list.
    let tempo = r#"{"trace":{"resourceSpans":[]}}"#;
    assert!(matches!(parse_series(200, JSON, tempo), Err(ApiError::InvalidJson(_))));
    assert!(matches!(parse_strings(200, JSON, r#"{"data":["a"],"errors":null}"#), Err(ApiError::InvalidJson(_))));
    assert_eq!(parse_strings(200, JSON, r#"{"status":"success"}"#), Ok(vec![]));
}
