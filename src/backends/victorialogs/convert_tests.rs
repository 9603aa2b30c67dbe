//! Tests of the VictoriaLogs conversions on answers recorded from a real server
//! (tests/fixtures/victorialogs/INDEX.md), plus hand-written edge cases.

use super::*;
use crate::telemetry::{LogLevel, TraceId};

const LINES: &str = "application/stream+json";
const JSON: &str = "application/json";

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../tests/fixtures/victorialogs/", $name))
    };
}

/// The recorded lines as JSON objects, read independently of the parser.
fn raw(body: &str) -> Vec<serde_json::Value> {
    body.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn stream_query_lines_keep_stream_fields_as_labels_and_the_rest_as_fields() {
    let body = fixture!("query_stream.jsonl");
    let r = parse_query(200, LINES, body, &[], true).unwrap();
    let raw = raw(body);
    assert_eq!(r.entries.len(), raw.len());
    assert_eq!(r.entries.len(), 20, "the recorded query asked for 20 lines and the window holds more");
    assert!(r.warnings.is_empty());
    assert!(r.entries.windows(2).all(|w| w[0].ts_ns >= w[1].ts_ns), "newest first");
    for e in &r.entries {
        let src = raw.iter().find(|o| parse_time_ns(o["_time"].as_str().unwrap()) == Some(e.ts_ns) && o["_msg"] == e.line.as_str()).unwrap();
        assert_eq!(e.stream.get("service_name"), Some("search-service"));
        assert_eq!(e.stream.get("level"), src["level"].as_str());
        assert_eq!(e.stream.get("job"), Some("trifocal-gen"));
        assert_eq!(e.stream.len(), 3);
        assert_eq!(e.metadata.get("trace_id"), src["trace_id"].as_str());
        assert_eq!(e.metadata.get("span_id"), src["span_id"].as_str());
        assert_eq!(e.metadata.len(), 2, "{:?}", e.metadata);
        assert_eq!(e.level, LogLevel::from_name(src["level"].as_str().unwrap()));
        assert_eq!(e.trace_id, TraceId::parse_hex(src["trace_id"].as_str().unwrap()));
    }
    // Lines of one stream share its labels.
    let info: Vec<_> = r.entries.iter().filter(|e| e.stream.get("level") == Some("info")).collect();
    assert!(info.len() > 1 && info.windows(2).all(|w| Arc::ptr_eq(&w[0].stream, &w[1].stream)));
    let oldest = parse_query(200, LINES, body, &[], false).unwrap();
    assert!(oldest.entries.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns));
    assert_eq!(oldest.entries.first(), r.entries.last());
}

#[test]
fn trace_query_lines_are_that_trace_with_full_precision_times() {
    let body = fixture!("query_trace.jsonl");
    let r = parse_query(200, LINES, body, &["trace_id"], true).unwrap();
    let raw = raw(body);
    let id = raw[0]["trace_id"].as_str().unwrap();
    assert_eq!(r.entries.len(), raw.len());
    assert!(r.entries.len() > 3);
    assert!(r.entries.iter().all(|e| e.trace_id == TraceId::parse_hex(id)));
    let newest = raw.iter().map(|o| o["_time"].as_str().unwrap()).max().unwrap();
    assert_eq!(Some(r.entries[0].ts_ns), parse_time_ns(newest));
    assert_eq!(parse_time_ns("2026-12-06T07:46:02.419051269Z"), Some(1_796_543_162_419_051_269));
    assert_eq!(parse_time_ns("2026-12-06T07:40:00Z"), Some(1_796_542_800_000_000_000));
    assert_eq!(parse_time_ns("yesterday"), None);
}

#[test]
fn empty_answers_bad_queries_and_stats_rows() {
    assert_eq!(fixture!("query_empty.jsonl"), "", "VictoriaLogs answers no lines with an empty body");
    assert_eq!(parse_query(200, LINES, fixture!("query_empty.jsonl"), &[], true).unwrap(), LogResult::default());
    let e = parse_query(400, "text/plain; charset=utf-8", fixture!("query_bad.txt"), &[], true).unwrap_err();
    let ApiError::Backend { status: 400, message } = &e else { panic!("{e:?}") };
    assert!(message.starts_with("cannot parse `query` arg [level:=(]"), "{message}");
    assert!(e.to_string().contains("compound token cannot start with"));
    let stats = parse_query(200, LINES, fixture!("count_stream.jsonl"), &[], true).unwrap();
    assert!(stats.entries.is_empty() && stats.warnings[0].contains("1 rows without a _time"));
    assert!(matches!(parse_query(200, LINES, "{\"_time\":", &[], true), Err(ApiError::InvalidJson(m)) if m.starts_with("line 1")));
    assert!(matches!(parse_query(502, "text/html", "<html><title>Bad Gateway</title></html>", &[], true), Err(ApiError::Html { .. })));
    // Odd but valid lines: a number field, no stream, no message.
    let r = parse_query(200, LINES, "{\"_time\":\"2026-12-06T07:40:00Z\",\"n\":3,\"o\":{}}\n", &[], true).unwrap();
    assert_eq!((r.entries[0].line.as_str(), r.entries[0].metadata.get("n"), r.entries[0].stream.len()), ("", Some("3"), 0));
}

#[test]
fn hits_add_up_to_the_lines_of_the_range() {
    let hits = parse_hits(200, JSON, fixture!("hits_stream_level.json")).unwrap();
    let count: u64 = raw(fixture!("count_stream.jsonl"))[0]["lines"].as_str().unwrap().parse().unwrap();
    let sum: f64 = hits.series.iter().flat_map(|s| s.points.iter().map(|p| p.v)).sum();
    assert_eq!(sum as u64, count, "the recorded hits (offset + _time filter) count exactly the lines of the range");
    let mut levels: Vec<_> = hits.series.iter().map(|s| s.labels.get("level").unwrap_or("")).collect();
    levels.sort();
    assert_eq!(levels, ["debug", "error", "info", "warn"]);
    // The buckets start at the range start (07:36:02.576), a minute apart.
    let pts = &hits.series[0].points;
    assert_eq!(pts[0].t_ms, 1_796_542_562_576);
    assert!(pts.windows(2).all(|w| w[1].t_ms - w[0].t_ms == 60_000));
    assert!(parse_hits(200, JSON, fixture!("hits_empty.json")).unwrap().series.is_empty());
}

#[test]
fn field_lists_and_health() {
    assert_eq!(parse_values(200, JSON, fixture!("stream_field_names.json")).unwrap(), ["job", "level", "service_name"]);
    let services = parse_values(200, JSON, fixture!("stream_field_values.json")).unwrap();
    assert!(services.contains(&"search-service".to_string()) && services.contains(&"postgres".to_string()), "{services:?}");
    let names = parse_values(200, JSON, fixture!("field_names.json")).unwrap();
    assert!(names.iter().any(|n| n == "trace_id") && names.iter().any(|n| n == "_msg"), "{names:?}");
    let mut levels = parse_values(200, JSON, fixture!("field_values.json")).unwrap();
    levels.sort();
    assert_eq!(levels, ["debug", "error", "info", "warn"]);
    assert!(health_ok(200, fixture!("health.txt")));
    assert!(!health_ok(200, "<html>"));
    assert!(!health_ok(503, "OK"));
    assert!(matches!(parse_values(200, JSON, ""), Err(ApiError::InvalidJson(_))));
}

#[test]
fn a_query_answer_is_recognised_without_reading_its_lines() {
    assert!(answers_query(200, LINES, fixture!("query_stream.jsonl")));
    assert!(answers_query(200, LINES, fixture!("query_empty.jsonl")));
    assert!(!answers_query(400, "text/plain", fixture!("query_bad.txt")));
    assert!(!answers_query(200, "text/html", "<html>app</html>"));
    assert!(!answers_query(200, "application/json", "[1,2]"));
}

#[test]
fn stats_over_whole_minutes_add_up_to_the_lines_of_those_minutes() {
    let r = parse_stats(200, JSON, fixture!("stats_range_level.json")).unwrap();
    assert_eq!(r.kind, ValueKind::Matrix);
    let count: f64 = raw(fixture!("count_stream_minutes.jsonl"))[0]["lines"].as_str().unwrap().parse().unwrap();
    let sum: f64 = r.series.iter().flat_map(|s| s.points.iter().map(|p| p.v)).sum();
    assert_eq!(sum, count);
    let mut levels: Vec<_> = r.series.iter().map(|s| s.labels.get("level").unwrap_or("")).collect();
    levels.sort();
    assert_eq!(levels, ["debug", "error", "info", "warn"]);
    assert!(r.series.iter().all(|s| s.labels.get("__name__") == Some("count(*)")));
    // One point a minute from the recorded start (1796551440 s), nine minutes.
    let pts = &r.series[0].points;
    assert_eq!(pts.first().map(|p| p.t_ms), Some(1_796_551_440_000));
    assert!(pts.len() <= 9 && pts.windows(2).all(|w| (w[1].t_ms - w[0].t_ms) % 60_000 == 0));
    let at_once = parse_stats(200, JSON, fixture!("stats_instant.json")).unwrap();
    assert_eq!(at_once.kind, ValueKind::Vector);
    assert_eq!(at_once.series.iter().map(|s| s.points[0].v).sum::<f64>(), count, "the same minutes at once");
}

#[test]
fn a_bad_stats_query_is_victorialogs_own_message() {
    let e = parse_stats(422, JSON, fixture!("stats_bad.json")).unwrap_err();
    let ApiError::Backend { status: 422, message } = &e else { panic!("{e:?}") };
    assert!(message.contains("cannot parse \"stats\" pipe"), "{message}");
    let e = parse_stats(422, JSON, fixture!("stats_no_pipe.json")).unwrap_err();
    assert!(e.to_string().contains("missing `| stats ...` pipe"), "{e}");
    assert!(matches!(parse_stats(502, "text/html", "<html><title>Bad Gateway</title></html>"), Err(ApiError::Html { .. })));
    assert!(matches!(parse_stats(200, JSON, "{\"status\":\"success\""), Err(ApiError::InvalidJson(_))));
}

/// Both readers over one body: the in-place one (the full one behind it) and the full one alone (`read::row`).
fn both_ways(body: &str) -> (Result<LogResult, ApiError>, Result<LogResult, ApiError>) {
    let read = |lines: QueryLines| {
        let mut lines = lines;
        lines.push(body).map(|()| lines.finish(true))
    };
    (read(QueryLines::new(&[])), read(QueryLines::new(&[]).full_only()))
}

#[test]
fn the_in_place_reader_gives_the_serde_readers_entries_on_every_recorded_answer() {
    let recorded = [fixture!("query_stream.jsonl"), fixture!("query_trace.jsonl"), fixture!("query_utf8.jsonl"), fixture!("query_empty.jsonl"),
        fixture!("count_stream.jsonl"), fixture!("count_stream_minutes.jsonl")];
    let mut taken = 0;
    for body in recorded {
        let (fast, serde) = both_ways(body);
        assert_eq!(fast, serde);
        let mut raw = Vec::new();
        taken += body.lines().filter(|l| super::fast::fields(l, &mut raw)).count();
    }
    // Every recorded query line is plain (its `_stream` escaped) and read in place.
    let query_lines: usize = recorded[..3].iter().map(|b| b.lines().count()).sum();
    assert!(taken >= query_lines && query_lines > 30, "{taken} of {query_lines}");
}

#[test]
fn the_in_place_reader_gives_the_serde_readers_entries_or_error_on_hostile_lines() {
    let t = super::super::TEST_TIME;
    let s = super::super::TEST_STREAM;
    let huge = "é".repeat(300_000);
    let hostile = [
        format!(r#"{{{t},{s},"_msg":"quote \" backslash \\ slash \/ tab \t nl \n \u00e9 \u2028 \u0000 <script>"}}"#),
        format!(r#"{{{t},{s},"_msg":"emoji 🚀 \ud83d\ude80 pair","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}}"#),
        format!(r#"{{{t},{s},"_msg":"lone \udc00"}}"#),
        format!(r#"{{{t},{s},"_msg":"bad \x escape"}}"#),
        format!(r#"{{{t},"_msg":"no stream, level=error trace_id=0af7651916cd43dd8448eb211c80319c"}}"#),
        format!(r#"{{{s},"_msg":"no time"}}"#),
        format!(r#"{{"_time":"2026-13-06T07:46:02Z",{s},"_msg":"bad time"}}"#),
        format!(r#"{{"_time":"",{s}}}"#),
        format!(r#"{{{t},"_time":"yesterday",{s},"_msg":"two times, the last one counts"}}"#),
        format!(r#"{{{t},{s},"_msg":"first","_msg":"second","level":"error","level":"debug"}}"#),
        format!(r#"{{{t},{s},"_msg":"{huge}","f{huge}":"{huge}"}}"#),
        format!(r#"{{{t},{s},"n":12.5,"b":true,"z":null,"a":[1,{{"x":"y"}}],"o":{{"k":"v"}}}}"#),
        format!(r#"{{{t},"_stream":"{{level=\"err\\\"or\"}}","esc\"name":"v","_msg":"x"}}"#),
        format!(r#"{{{t},"_stream":"not a stream","service_name":"x","level":"warn"}}"#),
        format!(r#"{{{t},"_stream":null,"_msg":null,"level":"info"}}"#),
        format!(r#"  {{ {t} , {s} , "_msg" : "spaced" }}  "#),
        format!(r#"{{{t},{s},"_msg":"raw	tab"}}"#),
        format!(r#"{{{t},{s},"_msg":"trailing"}} x"#),
        format!(r#"{{{t},{s},"_msg":"unclosed}}"#),
        format!(r#"{{{t},{s},"_msg":"trailing comma",}}"#),
        format!(r#"[{t}]"#),
        "{}".to_string(),
        "not json".to_string(),
        // A name that is a stream's label in one line and the line's own field in another, either order.
        format!(r#"{{{t},"_stream":"{{job=\"a\"}}","level":"warn","job":"a","_msg":"job is a label"}}"#),
        format!(r#"{{{t},{s},"job":"a","level":"warn","_msg":"job is a field"}}"#),
        // Names beside VictoriaLogs' own (same length, prefix, case).
        format!(r#"{{{t},{s},"_tima":"1","_ms":"2","_stream_idx":"3","_TIME":"4","_stream_id":"5","_msg":"near names"}}"#),
        // More distinct names than the reader remembers, then lines with the names past them.
        format!("{{{t},{s},{},\"_msg\":\"many names\"}}", (0..80).map(|k| format!(r#""f{k}":"v{k}""#)).collect::<Vec<_>>().join(",")),
        format!(r#"{{{t},{s},"f79":"late","level":"info","f3":"early","_stream_id":"x","_msg":"past the most"}}"#),
        format!(r#"{{"_msg":"time last",{s},"f70":"a",{t}}}"#),
    ];
    for line in &hostile {
        let (fast, serde) = both_ways(line);
        assert_eq!(fast, serde, "{}", &line[..line.len().min(200)]);
    }
    // All of them in one answer: the streams seen are shared between lines read either way.
    let ok: Vec<&str> = hostile.iter().map(String::as_str).filter(|l| both_ways(l).1.is_ok()).collect();
    assert!(ok.len() > 12, "{}", ok.len());
    let (fast, serde) = both_ways(&ok.join("\n"));
    assert_eq!(fast, serde);
    let fast = fast.unwrap();
    assert_eq!(fast.entries.len(), ok.len() - 5, "five of them (the empty object too) have no readable _time");
    // The fields read in place, checked against the lines themselves (not only against the other reader).
    let line = |msg: &str| fast.entries.iter().find(|e| e.line == msg).unwrap();
    assert_eq!(line("job is a label").stream.get("job"), Some("a"));
    assert_eq!(line("job is a label").metadata.iter().collect::<Vec<_>>(), vec![("level", "warn")]);
    assert_eq!(line("job is a field").metadata.iter().collect::<Vec<_>>(), vec![("job", "a")], "level is the stream's");
    assert_eq!(line("near names").metadata.iter().collect::<Vec<_>>(), vec![("_TIME", "4"), ("_ms", "2"), ("_stream_idx", "3"), ("_tima", "1")]);
    assert_eq!(line("many names").metadata.len(), 80);
    assert_eq!(line("many names").metadata.get("f79"), Some("v79"));
    assert_eq!(line("past the most").metadata.iter().collect::<Vec<_>>(), vec![("f3", "early"), ("f79", "late")]);
    assert_eq!(line("time last").metadata.iter().collect::<Vec<_>>(), vec![("f70", "a")]);
}
