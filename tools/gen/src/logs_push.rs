//! Loki push API JSON body, which Loki and VictoriaLogs accept: streams by service and level, structured
//! metadata. It is POSTed as is to the URL given with `--logs-push` / `--push`.

use crate::model::LogLine;
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;

/// The `job` label on every stream this generator pushes.
pub const JOB: &str = "trifocal-gen";
/// Lines per push.
pub const BATCH_LINES: usize = 1000;
/// Approximate body size limit per push (bytes of line text).
pub const BATCH_BYTES: usize = 2 * 1024 * 1024;

/// A push body for `lines`: one stream per (service, level) with labels `service_name`, `level`, `job`;
/// each value is `[ts_ns_string, line, {"trace_id", "span_id"}]` (the metadata object only holds the ids
/// that are present), in time order within each stream.
pub fn push_body(lines: &[LogLine]) -> Json {
    let mut streams: BTreeMap<(&str, &str), Vec<&LogLine>> = BTreeMap::new();
    for l in lines {
        streams.entry((l.service.as_str(), l.level.as_str())).or_default().push(l);
    }
    let streams: Vec<Json> = streams
        .into_iter()
        .map(|((service, level), mut ls)| {
            ls.sort_by_key(|l| l.ts_ns);
            let values: Vec<Json> = ls
                .iter()
                .map(|l| {
                    let mut meta = serde_json::Map::new();
                    if !l.trace_id.is_empty() {
                        meta.insert("trace_id".into(), json!(l.trace_id));
                    }
                    if !l.span_id.is_empty() {
                        meta.insert("span_id".into(), json!(l.span_id));
                    }
                    if meta.is_empty() {
                        json!([l.ts_ns.to_string(), l.line])
                    } else {
                        json!([l.ts_ns.to_string(), l.line, meta])
                    }
                })
                .collect();
            json!({ "stream": { "service_name": service, "level": level, "job": JOB }, "values": values })
        })
        .collect();
    json!({ "streams": streams })
}

/// Sorts lines by time and splits them into pushes of at most `max_lines` lines and about `max_bytes`
/// bytes, so each stream receives its entries in order across pushes.
pub fn batches(mut lines: Vec<LogLine>, max_lines: usize, max_bytes: usize) -> Vec<Vec<LogLine>> {
    lines.sort_by_key(|l| l.ts_ns);
    let max_lines = max_lines.max(1);
    let mut out = Vec::new();
    let mut cur: Vec<LogLine> = Vec::new();
    let mut bytes = 0usize;
    for l in lines {
        let size = l.line.len().saturating_add(120);
        if !cur.is_empty() && (cur.len() >= max_lines || bytes.saturating_add(size) > max_bytes) {
            out.push(std::mem::take(&mut cur));
            bytes = 0;
        }
        bytes = bytes.saturating_add(size);
        cur.push(l);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    fn line(ts: u64, service: &str, level: Level, text: &str, tid: &str) -> LogLine {
        LogLine { ts_ns: ts, service: service.into(), level, line: text.into(), trace_id: tid.into(), span_id: if tid.is_empty() { String::new() } else { "00f067aa0ba902b7".into() } }
    }

    #[test]
    fn push_body_groups_streams_and_carries_structured_metadata() {
        let tid = "4bf92f3577b34da6a3ce929d0e0e4736";
        let lines = vec![
            line(3, "search-service", Level::Info, "level=info msg=\"b\"", tid),
            line(1, "search-service", Level::Info, "level=info msg=\"a\"", tid),
            line(2, "qdrant", Level::Error, "level=error msg=\"c\"", tid),
            line(4, "qdrant", Level::Error, "no ids", ""),
        ];
        let body = push_body(&lines).to_string();
        let v: Json = serde_json::from_str(&body).expect("valid JSON");
        let streams = v["streams"].as_array().expect("streams");
        assert_eq!(streams.len(), 2);
        for s in streams {
            assert_eq!(s["stream"]["job"], JOB);
            assert!(s["stream"]["service_name"].is_string());
            assert!(s["stream"]["level"].is_string());
            let values = s["values"].as_array().expect("values");
            let mut last = 0u64;
            for val in values {
                let ts: u64 = val[0].as_str().expect("ts string").parse().expect("nanos");
                assert!(ts >= last, "stream out of order");
                last = ts;
                assert!(val[1].is_string());
            }
        }
        let ss = streams.iter().find(|s| s["stream"]["service_name"] == "search-service").expect("stream");
        assert_eq!(ss["stream"]["level"], "info");
        assert_eq!(ss["values"][0][1], "level=info msg=\"a\"");
        assert_eq!(ss["values"][0][2]["trace_id"], tid);
        assert_eq!(ss["values"][0][2]["span_id"], "00f067aa0ba902b7");
        let q = streams.iter().find(|s| s["stream"]["service_name"] == "qdrant").expect("stream");
        assert_eq!(q["values"][1].as_array().map(|a| a.len()), Some(2), "no metadata object without ids");
    }

    #[test]
    fn batches_are_time_ordered_and_bounded() {
        let lines: Vec<LogLine> = (0..2500u64).rev().map(|i| line(i, "a", Level::Info, "x", "")).collect();
        let b = batches(lines, 1000, usize::MAX);
        assert_eq!(b.iter().map(|x| x.len()).collect::<Vec<_>>(), vec![1000, 1000, 500]);
        assert_eq!(b[0][0].ts_ns, 0);
        assert_eq!(b[2][499].ts_ns, 2499);
        let big = vec![line(1, "a", Level::Info, &"x".repeat(100_000), ""), line(2, "a", Level::Info, &"y".repeat(100_000), "")];
        assert_eq!(batches(big, 1000, 150_000).len(), 2);
    }
}
