//! The serde-free readers against serde's reading of the same answers (the wire types' derives, which read them
//! before), on every recorded VictoriaLogs answer, cut and damaged copies, and hand-written shapes.

use super::super::convert::{parse_hits, parse_values, QueryLines};
use super::super::wire::{self, Hits, ValueList};
use super::*;
use crate::backends::prometheus::convert::precheck;
use crate::backends::prometheus::read::tests::{cut_and_damaged, outcome};
use crate::backends::ApiError;
use crate::telemetry::{Point, Series};

const JSON: &str = "application/json";

/// `parse_hits` as it read with serde before `read.rs`.
fn hits_serde(status: u16, ct: &str, body: &str) -> Result<Vec<Series>, ApiError> {
    precheck(status, ct, body)?;
    let hits: Hits = serde_json::from_str(body).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    Ok(super::super::convert::hit_series(hits))
}

/// `parse_values` as it read with serde before `read.rs`.
fn values_serde(status: u16, ct: &str, body: &str) -> Result<Vec<String>, ApiError> {
    precheck(status, ct, body)?;
    let list: ValueList = serde_json::from_str(body).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    Ok(list.values.into_iter().map(|v| v.value).filter(|v| !v.is_empty()).collect())
}

/// A query answer through the app's readers (in place, then `read::row`) and through serde alone.
fn query_both(body: &str) -> (String, String) {
    let read = |mut lines: QueryLines| lines.push(body).map(|()| lines.finish(true));
    (outcome(read(QueryLines::new(&[]))), outcome(read(QueryLines::new(&[]).serde_only())))
}

/// Every reader, new and old, on one body: the differences found.
fn differences(status: u16, ct: &str, body: &str) -> Vec<String> {
    // Counts to 12 digits: serde_json's float parsing (without its `float_roundtrip`) can miss the nearest
    // float by an ulp on big exponents (41e39), which the reader's (Rust's, correctly rounded) does not.
    let rounded = |r: Result<Vec<Series>, ApiError>| {
        r.map(|s| s.into_iter().map(|s| (s.labels, s.points.iter().map(|p| (p.t_ms, format!("{:.12e}", p.v))).collect::<Vec<_>>())).collect::<Vec<_>>())
    };
    let hits = rounded(parse_hits(status, ct, body).map(|r| r.series));
    let rows = body.lines().map(|l| (outcome(row(l).map_err(ApiError::InvalidJson)), outcome(wire::row_serde(l).map_err(ApiError::InvalidJson))));
    let (query, query_serde) = query_both(body);
    [("hits", outcome(hits), outcome(rounded(hits_serde(status, ct, body)))), ("values", outcome(parse_values(status, ct, body)), outcome(values_serde(status, ct, body))), ("query", query, query_serde)]
        .into_iter()
        .chain(rows.map(|(new, old)| ("row", new, old)))
        .filter(|(_, new, old)| new != old)
        .map(|(what, new, old)| {
            // Shown from a little before where they part.
            let at = new.bytes().zip(old.bytes()).take_while(|(a, b)| a == b).count().saturating_sub(40);
            let from = |t: &str| t.char_indices().map(|(i, _)| i).find(|&i| i >= at).map_or("", |i| &t[i..]).to_string();
            format!("{what} (from byte {at}): {} / serde {}", crate::backends::otlp::flex::clip(&from(&new), 300), crate::backends::otlp::flex::clip(&from(&old), 300))
        })
        .collect()
}

fn recorded() -> Vec<(String, String)> {
    let dirs = ["tests/fixtures/victorialogs", "tests/fixtures/real/victorialogs", "../shared/fixtures/real/victorialogs"];
    crate::backends::recorded::recorded(&dirs, |_, p| crate::backends::recorded::has_ext(p, &["json", "jsonl", "txt"]))
}

#[test]
fn every_recorded_answer_reads_as_serde_read_it() {
    let all = recorded();
    assert!(all.len() >= 17, "{}", all.len());
    let mut read = (0, 0, 0);
    for (name, body) in &all {
        let d = differences(200, JSON, body);
        assert!(d.is_empty(), "{name}: {d:?}");
        read.0 += usize::from(parse_hits(200, JSON, body).is_ok_and(|r| !r.series.is_empty()));
        read.1 += usize::from(parse_values(200, JSON, body).is_ok_and(|v| !v.is_empty()));
        read.2 += body.lines().filter(|l| row(l).is_ok()).count();
    }
    // The answers were read, not refused alike: hits, four name/value lists, every query line.
    assert!(read.0 >= 1 && read.1 >= 4 && read.2 > 40, "{read:?}");
}

#[test]
fn cut_and_damaged_answers_read_as_serde_read_them() {
    let with = b"\"\\{}[],:0-.en ";
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/victorialogs/");
    let hits = std::fs::read_to_string(format!("{dir}hits_stream_level.json")).unwrap();
    let hits = hits.replacen("],\"total\"", "],\"x\":[null,{\"y\":1.5e-3}],\"total\"", 1);
    let line = std::fs::read_to_string(format!("{dir}query_utf8.jsonl")).unwrap().lines().next().unwrap().to_string();
    let line = line.replacen("\"_msg\"", "\"n\":-12,\"b\":true,\"z\":null,\"o\":{\"k\":[\"v\"]},\"e\\u0073c\":\"\\u00e9\\n\",\"_msg\"", 1);
    for body in [hits.as_str(), include_str!("../../../tests/fixtures/victorialogs/field_values.json"), &line] {
        let mut checked = 0;
        for v in cut_and_damaged(body, with) {
            let d = differences(200, JSON, &v);
            assert!(d.is_empty(), "{v}: {d:?}");
            checked += 1;
        }
        assert!(checked > body.len() * 10, "{checked}");
    }
}

#[test]
fn query_lines_of_every_shape_read_as_serde_read_them() {
    let t = super::super::TEST_TIME;
    let s = super::super::TEST_STREAM;
    let huge = "<script>é\\\"".repeat(100_000);
    let lines = [
        format!(r#"{{{t},{s},"n":12,"m":-3,"f":0.25,"b":true,"c":false,"z":null,"a":[1,{{"x":"y"}}],"o":{{"k":"v"}},"_msg":"numbers"}}"#),
        format!(r#"{{{t},{s},"esc\"name":"v","\u005fmsg":"escaped name \ud83d\ude80"}}"#),
        format!(r#"{{{t},{s},"_msg":"{huge}","h{huge}":"{huge}"}}"#),
        format!(r#"{{{t},{s},"_msg":"x"}} trailing"#),
        format!(r#"{{{t},{s},"_msg":"x"}}{{}}"#),
        format!(r#"{{{t},{s},"_msg":"x",}}"#),
        format!(r#"{{{t},{s},"_msg":"x\q"}}"#),
        format!(r#"{{{t},{s},"_msg":"x\u12"}}"#),
        format!(r#"{{{t},{s},"_msg":"tab	raw"}}"#),
        format!(r#"{{{t},{s},"n":01}}"#),
        format!(r#"{{{t},{s},"n":1.}}"#),
        format!(r#"{{{t},{s},"n":NaN}}"#),
        format!(r#"{{{t},{s},"deep":{}{}}}"#, "[".repeat(100), "]".repeat(100)),
        "<html><body>502 Bad Gateway</body></html>".to_string(),
        "[1,2]".to_string(),
        "\"a string\"".to_string(),
        "{\"a\":\"b\"".to_string(),
    ];
    for line in &lines {
        let d = differences(200, "application/stream+json", line);
        assert!(d.is_empty(), "{}: {d:?}", &line[..line.len().min(200)]);
    }
    let r = row(&lines[0]).unwrap();
    let get = |name: &str| r.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_deref());
    assert_eq!((get("n"), get("m"), get("f"), get("b"), get("c")), (Some(Some("12")), Some(Some("-3")), Some(Some("0.25")), Some(Some("true")), Some(Some("false"))));
    assert_eq!((get("z"), get("a"), get("o")), (Some(None), Some(None), Some(None)));
    let r = row(&lines[1]).unwrap();
    assert_eq!(r.0.iter().map(|(k, _)| k.as_ref()).collect::<Vec<_>>(), ["_time", "_stream", "esc\"name", "_msg"]);
    assert_eq!(r.0[3].1.as_deref(), Some("escaped name \u{1F680}"));
    assert_eq!(row(&lines[2]).unwrap().0[2].1.as_deref().map(str::len), Some("<script>é\\\"".len() * 100_000 - 100_000));
}

/// Where the readers part on purpose: a lone surrogate reads as U+FFFD (serde refused the whole answer), a
/// number keeps its written text (serde wrote its own form), a repeated member replaces the earlier one (serde
/// refused it), an array is not an answer (serde took `[]` as an empty one), and a value nested past 128
/// levels is refused (serde skipped any depth; the reader recurses).
#[test]
fn surrogates_numbers_and_repeats_are_read_where_serde_refused_or_rewrote() {
    for (line, msg) in [(r#"{"_msg":"lone \udc00 low"}"#, "lone \u{FFFD} low"), (r#"{"_msg":"lone \ud800 high"}"#, "lone \u{FFFD} high"), (r#"{"_msg":"\ud800\u0041"}"#, "\u{FFFD}A")] {
        assert_eq!(row(line).unwrap().0[0].1.as_deref(), Some(msg), "{line}");
        assert!(wire::row_serde(line).is_err(), "{line}");
    }
    let r = row(r#"{"a":1.50,"b":1e3,"c":-0,"d":123456789012345678901234567890}"#).unwrap();
    assert_eq!(r.0.iter().map(|(_, v)| v.as_deref().unwrap()).collect::<Vec<_>>(), ["1.50", "1e3", "-0", "123456789012345678901234567890"]);
    let twice = r#"{"hits":[],"hits":[{"fields":{"level":"info"},"timestamps":["2026-12-06T07:36:02.576Z"],"values":[4]}]}"#;
    assert_eq!(parse_hits(200, JSON, twice).unwrap().series[0].points, [Point { t_ms: 1796542562576, v: 4.0 }]);
    assert!(hits_serde(200, JSON, twice).is_err());
    assert!(hits("[]").is_err() && serde_json::from_str::<Hits>("[]").is_ok_and(|h| h.hits.is_empty()));
    let deep = |n: usize| format!(r#"{{"_msg":"x","deep":{}{}}}"#, "[".repeat(n), "]".repeat(n));
    assert!(row(&deep(100)).is_ok());
    assert!(row(&deep(200)).unwrap_err().contains("deeply"));
    assert!(wire::row_serde(&deep(200)).is_ok());
}

#[test]
fn hits_and_lists_take_nulls_and_refuse_what_is_not_theirs() {
    let h = hits(r#"{"hits":[{"fields":null,"timestamps":null,"values":[1],"total":1}]}"#).unwrap();
    assert!(h.hits[0].fields.is_empty() && h.hits[0].timestamps.is_empty() && h.hits[0].values == [1.0]);
    assert!(hits(r#"{"hits":null}"#).unwrap().hits.is_empty());
    assert!(hits("{}").unwrap().hits.is_empty());
    assert_eq!(values(r#"{"values":null}"#).unwrap(), Vec::<String>::new());
    assert_eq!(values(r#"{"values":[{"hits":1,"value":"a"},{"value":"b"}],"x":[{}]}"#).unwrap(), ["a", "b"]);
    for bad in [r#"{"hits":[{"values":["1"]}]}"#, r#"{"hits":[{"values":[null]}]}"#, r#"{"hits":[{"fields":{"a":1}}]}"#, r#"{"hits":{}}"#, r#"{"hits":[]} x"#] {
        assert!(hits(bad).is_err(), "{bad}");
        assert!(serde_json::from_str::<Hits>(bad).is_err(), "serde: {bad}");
    }
    for bad in [r#"{"values":[{"value":null}]}"#, r#"{"values":[{"value":"a","hits":-1}]}"#, r#"{"values":[{"value":"a","hits":1.5}]}"#, r#"{"values":[{"value":"a","hits":"1"}]}"#, r#"{"values":["a"]}"#] {
        assert!(values(bad).is_err(), "{bad}");
        assert!(serde_json::from_str::<ValueList>(bad).is_err(), "serde: {bad}");
    }
    // An error says where: line and column.
    assert!(hits("{\"hits\":\n[x]}").unwrap_err().contains("line 2 column 2"), "{:?}", hits("{\"hits\":\n[x]}"));
    assert!(matches!(parse_values(502, "text/html", "<html>Bad Gateway</html>"), Err(ApiError::Html { .. })));
    assert!(matches!(parse_hits(200, JSON, "<!doctype html><p>login</p>"), Err(ApiError::Html { .. })));
}
