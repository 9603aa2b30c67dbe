//! The serde-free reader against serde's reading of the same answers (`convert::open_serde` and the wire types'
//! derives, which read them before), on every recorded answer, cut and damaged copies, and hand-written shapes.

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::de::DeserializeOwned;

use super::super::convert;
use super::super::wire;
use crate::backends::ApiError;
use crate::telemetry::{Exemplar, Labels, SeriesResult};

const JSON: &str = "application/json";

/// serde's reading of the envelope, `data` optional (the label lists' `null` reads as empty).
fn open_opt<T: DeserializeOwned>(s: u16, c: &str, b: &str) -> Result<Option<T>, ApiError> {
    match convert::open_serde::<Option<T>>(s, c, b) {
        Err(ApiError::InvalidJson(m)) if m.contains("no \"data\"") => Ok(None),
        r => r.map(|(data, _, _)| data),
    }
}

fn exemplars_serde(s: u16, c: &str, b: &str) -> Result<Vec<Exemplar>, ApiError> {
    let (data, _, _) = convert::open_serde::<Vec<Option<wire::ExemplarSeries>>>(s, c, b)?;
    let mut out = Vec::new();
    for s in data.into_iter().flatten() {
        for e in s.exemplars {
            let Some(t_ms) = convert::secs_to_ms(e.timestamp) else { continue };
            let trace_id = Exemplar::find_trace_id(&e.labels);
            out.push(Exemplar { series_labels: s.series_labels.clone(), labels: e.labels, t_ms, value: e.value.0, trace_id });
        }
    }
    crate::sort::by_key(&mut out, |e| e.t_ms);
    Ok(out)
}

fn strings_serde(s: u16, c: &str, b: &str) -> Result<Vec<String>, ApiError> {
    Ok(open_opt::<Vec<String>>(s, c, b)?.unwrap_or_default())
}

fn series_serde(s: u16, c: &str, b: &str) -> Result<Vec<Labels>, ApiError> {
    Ok(open_opt::<Vec<Labels>>(s, c, b)?.unwrap_or_default())
}

fn metadata_serde(s: u16, c: &str, b: &str) -> Result<BTreeMap<String, convert::MetricMeta>, ApiError> {
    let (data, _, _) = convert::open_serde::<BTreeMap<String, Vec<wire::WireMetadata>>>(s, c, b)?;
    let mut out = BTreeMap::new();
    out.extend(data.into_iter().filter_map(|(name, list)| {
        let m = list.into_iter().next()?;
        Some((name, convert::MetricMeta { kind: m.kind, help: m.help, unit: m.unit }))
    }));
    Ok(out)
}

/// What a parse gave, comparable: the value's Debug text (NaN equals NaN there), or the error's kind (the
/// whole error for the server's own message; serde's wording of invalid JSON is not kept).
pub(crate) fn outcome<T: Debug>(r: Result<T, ApiError>) -> String {
    match r {
        Ok(v) => format!("{v:?}"),
        Err(ApiError::InvalidJson(_)) => "invalid JSON".into(),
        Err(e) => format!("{e:?}"),
    }
}

/// Every reader, new and old, on one answer: the differences found.
fn differences(status: u16, ct: &str, body: &str) -> Vec<String> {
    let pairs = [
        ("query", outcome(convert::parse_query(status, ct, body)), outcome(convert::parse_query_serde(status, ct, body))),
        ("exemplars", outcome(convert::parse_exemplars(status, ct, body)), outcome(exemplars_serde(status, ct, body))),
        ("strings", outcome(convert::parse_strings(status, ct, body)), outcome(strings_serde(status, ct, body))),
        ("series", outcome(convert::parse_series(status, ct, body)), outcome(series_serde(status, ct, body))),
        ("metadata", outcome(convert::parse_metadata(status, ct, body)), outcome(metadata_serde(status, ct, body))),
    ];
    pairs
        .into_iter()
        .filter(|(_, new, old)| new != old)
        .map(|(what, new, old)| format!("{what}: {} / serde {}", crate::backends::otlp::flex::clip(&new, 300), crate::backends::otlp::flex::clip(&old, 300)))
        .collect()
}

fn recorded() -> Vec<(String, String)> {
    let dirs = ["tests/fixtures/prometheus", "tests/fixtures/prometheus3", "tests/fixtures/real/prometheus"];
    crate::backends::recorded::recorded(&dirs, |_, p| crate::backends::recorded::has_ext(p, &["json"]))
}

#[test]
fn every_recorded_answer_reads_as_serde_read_it() {
    let all = recorded();
    assert!(all.len() >= 40, "fixtures found: {}", all.len());
    for (name, body) in &all {
        for status in [200, 400, 422] {
            let d = differences(status, JSON, body);
            assert!(d.is_empty(), "{name} (HTTP {status}): {d:#?}");
        }
        // Each answer but the recorded errors was read by its own reader (the build info by the probe's): the comparison is not between failures.
        let read = [
            convert::parse_query(200, JSON, body).is_ok(),
            convert::parse_exemplars(200, JSON, body).is_ok(),
            convert::parse_strings(200, JSON, body).is_ok(),
            convert::parse_series(200, JSON, body).is_ok(),
            convert::parse_metadata(200, JSON, body).is_ok(),
            convert::parse_buildinfo(200, JSON, body).is_ok(),
        ];
        assert_eq!(read.contains(&true), !name.contains("/error_"), "{name}: {read:?}");
    }
}

#[test]
fn cut_and_damaged_answers_fail_or_read_as_serde_read_them() {
    let bodies = [
        r#"{"status":"success","warnings":["w"],"data":{"resultType":"matrix","result":[{"metric":{"a":"x\"y"},"values":[[1.5,"NaN"],[2,"+Inf"]],"histograms":[[3,{"count":"2","sum":"-Inf","buckets":[[0,"0.1","0.2","2"]]}]]}]}}"#,
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"2"]},{"metric":{"b":"c"},"histogram":[1,{"count":"1"}]}]}}"#,
        r#"{"status":"success","data":[{"seriesLabels":{"a":"1"},"exemplars":[{"labels":{"trace_id":"ab"},"value":"1","timestamp":2.5}]},null]}"#,
        r#"{"status":"success","data":{"up":[{"type":"gauge","help":"h\n","unit":""}],"x":[]}}"#,
        r#"{"status":"error","errorType":"bad_data","error":"parse error","data":{"resultType":"matrix","result":[]}}"#,
        r#"{"status":"success","data":["a","b\u00e9"]}"#,
    ];
    let mut compared = 0;
    for body in bodies {
        assert_eq!(differences(200, JSON, body), Vec::<String>::new(), "{body}");
        for text in cut_and_damaged(body, b"\"[}0 ") {
            let d = differences(200, JSON, &text);
            assert!(d.is_empty(), "{text}: {d:#?}");
            compared += 1;
        }
    }
    assert!(compared > 2000, "{compared}");
}

/// Every prefix of `body`, and `body` with each one byte left out or replaced by one of `with` (those still
/// UTF-8): the cut and damaged copies both readers are given (Loki's tests too).
pub(crate) fn cut_and_damaged(body: &str, with: &[u8]) -> Vec<String> {
    let b = body.as_bytes();
    let mut variants: Vec<Vec<u8>> = (0..b.len()).map(|n| b[..n].to_vec()).collect();
    for i in 0..b.len() {
        variants.push([&b[..i], &b[i + 1..]].concat());
        for &c in with {
            let mut v = b.to_vec();
            v[i] = c;
            variants.push(v);
        }
    }
    variants.into_iter().filter_map(|v| String::from_utf8(v).ok()).collect()
}

fn query(body: &str) -> SeriesResult {
    convert::parse_query(200, JSON, body).unwrap_or_else(|e| panic!("{body}: {e}"))
}

#[test]
fn query_fields_are_read_where_they_are() {
    // The result before its type, unknown members, escapes in names and values, a string result.
    let r = query(r#"{"data":{"result":[{"values":[[2,"1e3"]],"x":{"y":[true,null]},"metric":{"a\u0062":"\u00e9\n"}}],"stats":{},"resultType":"matrix"},"status":"success","infos":null}"#);
    assert_eq!(r.series.len(), 1);
    assert_eq!(r.series[0].labels.get("ab"), Some("é\n"));
    assert_eq!((r.series[0].points[0].t_ms, r.series[0].points[0].v), (2000, 1000.0));
    let r = query(r#"{"status":"success","data":{"resultType":"string","result":[1.5,"hi \"there\""]}}"#);
    assert_eq!(r.text.as_deref(), Some("hi \"there\""));
    let r = query(r#"{"status":"success","data":{"resultType":"scalar","result":[7,"-Inf"]}}"#);
    assert_eq!(r.series[0].points[0].t_ms, 7000);
    assert_eq!(r.series[0].points[0].v, f64::NEG_INFINITY);
    // Numbers written bare, null values, extra elements.
    let r = query(r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2.5,"extra"],["3","null"],[4,null]]}]}}"#);
    let p = &r.series[0].points;
    assert_eq!((p[0].t_ms, p[0].v, p[1].t_ms), (1000, 2.5, 3000));
    assert!(p[1].v.is_nan() && p[2].v.is_nan());
    // Histogram buckets: rule, bounds and count each in its place.
    let r = query(r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[5,{"sum":"9","count":"4","buckets":[[3,"-2","-1","1"],[1,"1","2","3"]]}]}]}}"#);
    let h = &r.series[0].histograms[0];
    assert_eq!((h.t_ms, h.count, h.sum), (5000, 4.0, 9.0));
    assert_eq!(h.buckets.len(), 2);
    assert_eq!((h.buckets[0].lower, h.buckets[0].upper, h.buckets[0].count), (-2.0, -1.0, 1.0));
    assert_eq!((h.buckets[1].lower, h.buckets[1].upper, h.buckets[1].count), (1.0, 2.0, 3.0));
    assert_ne!(h.buckets[0].boundary, h.buckets[1].boundary);
}

#[test]
fn warnings_infos_and_errors_are_kept() {
    let r = query(r#"{"status":"success","warnings":["a","b"],"infos":["c"],"data":{"resultType":"vector","result":[]}}"#);
    assert_eq!((r.warnings, r.infos), (vec!["a".to_string(), "b".to_string()], vec!["c".to_string()]));
    // An error whose data does not fit the query shape still says the server's message.
    let e = convert::parse_query(400, JSON, r#"{"status":"error","errorType":"bad_data","error":"oops","data":[1]}"#).unwrap_err();
    assert_eq!(e, ApiError::Backend { status: 400, message: "bad_data: oops".into() });
    let e = convert::parse_strings(422, JSON, r#"{"error":"slow","status":"error","errorType":"timeout"}"#).unwrap_err();
    assert_eq!(e, ApiError::Backend { status: 422, message: "timeout: slow".into() });
}

#[test]
fn what_is_not_an_answer_says_where() {
    let e = convert::parse_query(200, JSON, "{\"status\":\"success\",\n\"data\":{\"resultType\":\"matrix\",\"result\":[{\"values\":[[1,\"2\"]}]}}").unwrap_err();
    assert!(matches!(&e, ApiError::InvalidJson(m) if m.contains("line 2 column")), "{e:?}");
    for bad in [
        "{\"status\":\"success\",\"data\":[]} x",
        r#"{"status":"success","data":{"resultType":"matrix"}}"#,
        r#"{"status":"success","data":{"result":[]}}"#,
        r#"{"status":"success","data":{"resultType":"histogram","result":[]}}"#,
        r#"{"status":"success","data":{"resultType":"string","result":["1","a"]}}"#,
        r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":null}]}}"#,
        r#"{"status":"success","data":{"resultType":"matrix","result":[{"values":[[1]]}]}}"#,
        r#"{"status":"success","data":{"resultType":"matrix","result":[{"values":[[1,"2"]],"metric":{"a":1}}]}}"#,
    ] {
        assert!(matches!(convert::parse_query(200, JSON, bad), Err(ApiError::InvalidJson(_))), "{bad}");
    }
    assert!(matches!(convert::parse_query(200, "text/html", "<html><title>x</title></html>"), Err(ApiError::Html { .. })));
    let ex = r#"{"status":"success","data":[{"exemplars":[{"labels":{},"value":"1"}]}]}"#;
    assert!(matches!(convert::parse_exemplars(200, JSON, ex), Err(ApiError::InvalidJson(m)) if m.contains("timestamp")));
    let deep = format!(r#"{{"status":"success","x":{}{},"data":[]}}"#, "[".repeat(200), "]".repeat(200));
    assert!(matches!(convert::parse_strings(200, JSON, &deep), Err(ApiError::InvalidJson(m)) if m.contains("deeply")));
}
