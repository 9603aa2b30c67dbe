//! Tests of the Prometheus conversions on responses recorded from a real server, plus hand-written edge cases.

use super::*;
use crate::telemetry::TraceId;

const JSON: &str = "application/json";

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../tests/fixtures/prometheus/", $name))
    };
}

fn ok(body: &str) -> SeriesResult {
    match parse_query(200, JSON, body) {
        Ok(r) => r,
        Err(e) => panic!("parse failed: {e}"),
    }
}

#[test]
fn range_matrix_fixture() {
    let r = ok(fixture!("query_range_matrix.json"));
    assert_eq!(r.kind, ValueKind::Matrix);
    assert_eq!(r.series.len(), 3);
    assert_eq!(r.point_count(), 222);
    assert_eq!(r.series[0].labels.get("service_name"), Some("embedding-service"));
    assert_eq!(r.series[0].points[0], Point { t_ms: 1_795_452_906_000, v: 0.09040934938953003 });
    assert!(r.warnings.is_empty() && r.infos.is_empty() && r.text.is_none());
    for s in &r.series {
        assert!(s.points.windows(2).all(|w| w[0].t_ms < w[1].t_ms));
    }
}

#[test]
fn rate_and_spanmetrics_fixtures() {
    let r = ok(fixture!("query_range_matrix_rate.json"));
    assert_eq!((r.series.len(), r.point_count()), (10, 693));
    assert_eq!(r.series[0].labels.get("http_response_status_code"), Some("200"));
    let r = ok(fixture!("query_range_matrix_tempo_spanmetrics.json"));
    assert_eq!((r.series.len(), r.point_count()), (8, 296));
    assert_eq!(r.series[0].labels.get("span_kind"), Some("SPAN_KIND_CLIENT"));
}

#[test]
fn vector_scalar_string_and_empty_fixtures() {
    let r = ok(fixture!("query_vector.json"));
    assert_eq!(r.kind, ValueKind::Vector);
    assert_eq!(r.series.len(), 10);
    assert!(r.series.iter().all(|s| s.points.len() == 1));
    assert_eq!(r.series[0].points[0], Point { t_ms: 1_795_454_006_000, v: 0.3965517241379311 });

    let r = ok(fixture!("query_scalar.json"));
    assert_eq!(r.kind, ValueKind::Scalar);
    assert_eq!(r.series.len(), 1);
    assert!(r.series[0].labels.is_empty());
    assert_eq!(r.series[0].points, vec![Point { t_ms: 1_795_454_006_000, v: 0.43448275862068975 }]);

    let r = ok(fixture!("query_string.json"));
    assert_eq!(r.kind, ValueKind::String);
    assert_eq!(r.text.as_deref(), Some("hello"));
    assert!(r.series.is_empty());

    for body in [fixture!("query_range_empty.json"), fixture!("query_vector_empty.json")] {
        let r = ok(body);
        assert!(r.series.is_empty());
        assert_eq!(r.point_count(), 0);
    }
    assert_eq!(ok(fixture!("query_range_empty.json")).kind, ValueKind::Matrix);
    assert_eq!(ok(fixture!("query_vector_empty.json")).kind, ValueKind::Vector);
}

#[test]
fn error_fixtures_keep_the_server_message() {
    let e = parse_query(400, JSON, fixture!("error_bad_query.json")).unwrap_err();
    assert_eq!(
        e,
        ApiError::Backend {
            status: 400,
            message: "bad_data: invalid parameter \"query\": 1:41: parse error: unclosed left parenthesis".into()
        }
    );
    let e = parse_query(400, JSON, fixture!("error_bad_query_range_step.json")).unwrap_err();
    assert!(matches!(&e, ApiError::Backend { status: 400, message } if message.contains("11,000 points")));
    let e = parse_query(422, JSON, fixture!("error_execution_many_to_many.json")).unwrap_err();
    assert!(matches!(&e, ApiError::Backend { status: 422, message } if message.starts_with("execution: found duplicate series")));
    // The same error envelope with a 200 status is still an error.
    let e = parse_query(200, JSON, fixture!("error_bad_query.json")).unwrap_err();
    assert!(matches!(&e, ApiError::Backend { status: 200, message } if message.contains("unclosed left parenthesis")));
}

#[test]
fn special_values_and_warnings() {
    let body = r#"{"status":"success","warnings":["PromQL warning: x"],"infos":["PromQL info: y"],
        "data":{"resultType":"matrix","result":[{"metric":{"__name__":"a"},"values":[[1,"NaN"],[2,"+Inf"],[3,"-Inf"],[4.5,"-0.5"]]}]}}"#;
    let r = ok(body);
    let p = &r.series[0].points;
    assert!(p[0].v.is_nan());
    assert_eq!(p[1].v, f64::INFINITY);
    assert_eq!(p[2].v, f64::NEG_INFINITY);
    assert_eq!(p[3], Point { t_ms: 4500, v: -0.5 });
    assert_eq!(r.warnings, vec!["PromQL warning: x".to_string()]);
    assert_eq!(r.infos, vec!["PromQL info: y".to_string()]);
}

#[test]
fn native_histogram_edge_shapes_are_kept_or_noted() {
    // Shapes a recording does not show: a bucket with an unknown boundary rule, a histogram without buckets,
    // a series with both floats and histograms.
    let body = r#"{"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"a":"1"},"histograms":[[1,{"count":"2","sum":"3","buckets":[[7,"0.1","0.2","2"],[0,"0.2","0.4","1"]]}]]},
        {"metric":{"a":"2"},"values":[[1,"1"]],"histograms":[[2,{"count":"0","sum":"0"}]]}]}}"#;
    let r = ok(body);
    assert_eq!(r.series.len(), 2);
    assert_eq!(r.series[0].histograms[0].buckets.len(), 1);
    assert_eq!(r.series[0].histograms[0].buckets[0].lower, 0.2);
    assert_eq!(r.warnings.len(), 1);
    assert!(r.warnings[0].contains("boundary rule"));
    assert_eq!((r.series[1].points.len(), r.series[1].histograms.len()), (1, 1));
    assert!(r.series[1].histograms[0].buckets.is_empty());
    let body = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,{"count":"1"}]}]}}"#;
    let r = ok(body);
    assert_eq!(r.series.len(), 1);
    assert!(r.series[0].is_histogram());
    assert!(r.series[0].histograms[0].sum.is_nan());
    assert!(r.warnings.is_empty());
}

#[test]
fn html_empty_and_garbage_bodies() {
    let html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    assert_eq!(parse_query(502, "text/html", html).unwrap_err(), ApiError::Html { status: 502, title: "502 Bad Gateway".into() });
    // index.html served with 200 by a misconfigured proxy.
    assert!(matches!(parse_query(200, "text/html; charset=utf-8", "<html><title>Trifocal</title></html>"), Err(ApiError::Html { status: 200, .. })));
    assert!(matches!(parse_query(200, JSON, ""), Err(ApiError::InvalidJson(_))));
    assert!(matches!(parse_query(200, JSON, "   "), Err(ApiError::InvalidJson(_))));
    assert!(matches!(parse_query(200, JSON, "{\"status\":\"success\""), Err(ApiError::InvalidJson(_))));
    assert!(matches!(parse_query(200, JSON, "[1,2]"), Err(ApiError::InvalidJson(_))));
    assert!(matches!(parse_query(200, JSON, r#"{"status":"success"}"#), Err(ApiError::InvalidJson(m)) if m.contains("data")));
    assert!(matches!(
        parse_query(200, JSON, r#"{"status":"success","data":{"resultType":"bogus","result":[]}}"#),
        Err(ApiError::InvalidJson(_))
    ));
    assert!(matches!(parse_query(503, "text/plain", "upstream connect error"), Err(ApiError::Backend { status: 503, .. })));
    assert!(matches!(parse_query(200, JSON, r#"{"status":"weird","data":null}"#), Err(ApiError::InvalidJson(_))));
}

#[test]
fn missing_and_odd_fields_do_not_fail() {
    // No metric, null values, a sample with a bad timestamp.
    let body = r#"{"status":"success","data":{"resultType":"matrix","result":[{"values":null},{"metric":{"a":"b"},"values":[["x","1"],[1e300,"2"],[2,"3"]]}]}}"#;
    let r = ok(body);
    assert_eq!(r.series.len(), 2);
    assert!(r.series[0].points.is_empty());
    assert_eq!(r.series[1].points, vec![Point { t_ms: 2000, v: 3.0 }]);
    assert!(r.warnings.iter().any(|w| w.contains("2 samples")));
    let r = ok(r#"{"status":"success","data":{"resultType":"vector","result":null}}"#);
    assert!(r.series.is_empty());
}

#[test]
fn exemplar_fixtures() {
    let ex = parse_exemplars(200, JSON, fixture!("query_exemplars.json")).unwrap();
    assert_eq!(ex.len(), 268);
    assert!(ex.iter().all(|e| e.trace_id.is_some()));
    assert!(ex.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
    assert_eq!(ex[0].t_ms, 1_795_452_891_734);
    let featured = TraceId::parse_hex("6575de447380ec933e5135e5d844e736");
    assert!(ex.iter().any(|e| e.trace_id == featured));
    let e = ex.iter().find(|e| e.trace_id == TraceId::parse_hex("f6fadfa7e5c15b629362da5cc13da58a")).unwrap();
    assert_eq!(e.value, 4.25);
    assert_eq!(e.series_labels.get("le"), Some("5.0"));
    assert_eq!(e.labels.get("span_id"), Some("7e6ddce7a7ace732"));

    let ex = parse_exemplars(200, JSON, fixture!("query_exemplars_counter.json")).unwrap();
    assert_eq!(ex.len(), 67);
    assert!(ex.iter().any(|e| e.trace_id == featured && e.series_labels.get("service_name") == Some("search-ui")));
}

#[test]
fn exemplars_without_trace_ids_and_errors() {
    let body = r#"{"status":"success","data":[{"seriesLabels":{"a":"1"},"exemplars":[{"labels":{"traceID":"ABC"},"value":"1","timestamp":2},{"labels":{},"value":"NaN","timestamp":1}]},null]}"#;
    let ex = parse_exemplars(200, JSON, body).unwrap();
    assert_eq!(ex.len(), 2);
    assert_eq!(ex[0].trace_id, None);
    assert!(ex[0].value.is_nan());
    assert_eq!(ex[1].trace_id, TraceId::parse_hex("abc"));
    assert_eq!(parse_exemplars(200, JSON, r#"{"status":"success","data":[]}"#).unwrap(), vec![]);
    assert!(matches!(parse_exemplars(400, JSON, fixture!("error_bad_query.json")), Err(ApiError::Backend { status: 400, .. })));
}

#[test]
fn strings_series_buildinfo_metadata_fixtures() {
    let names = parse_strings(200, JSON, fixture!("label_values_metric_names.json")).unwrap();
    assert_eq!(names.len(), 896);
    assert!(names.iter().any(|n| n == "http_server_requests_total"));
    let labels = parse_strings(200, JSON, fixture!("labels.json")).unwrap();
    assert_eq!(labels.len(), 80);
    assert_eq!(labels[1], "__name__");
    assert_eq!(
        parse_strings(200, JSON, fixture!("label_values.json")).unwrap(),
        vec!["embedding-service", "search-service", "search-ui"]
    );
    assert!(parse_strings(200, JSON, fixture!("labels_matched.json")).unwrap().contains(&"service_name".to_string()));
    assert_eq!(parse_strings(200, JSON, r#"{"status":"success","data":null}"#).unwrap(), Vec::<String>::new());
    assert!(matches!(parse_strings(400, JSON, fixture!("error_bad_query.json")), Err(ApiError::Backend { .. })));

    let series = parse_series(200, JSON, fixture!("series.json")).unwrap();
    assert_eq!(series.len(), 14);
    assert_eq!(series[0].get("__name__"), Some("gen_ai_client_token_usage_total"));

    assert_eq!(parse_buildinfo(200, JSON, fixture!("buildinfo.json")).unwrap(), "2.42.0+ds");
    assert!(parse_buildinfo(200, JSON, r#"{"status":"success","data":{}}"#).is_err());
    assert!(answers_api(200, JSON, fixture!("buildinfo.json")));
    assert!(answers_api(200, JSON, r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#));
    assert!(!answers_api(200, JSON, r#"{"status":"error","errorType":"bad_data","error":"x"}"#));
    assert!(!answers_api(200, JSON, r#"{"data":[]}"#), "JSON of another server");
    assert!(!answers_api(502, "text/html", "<html>502 Bad Gateway</html>"));
    assert!(matches!(parse_buildinfo(404, "text/plain", "404 page not found"), Err(ApiError::NotFound(_))));

    let meta = parse_metadata(200, JSON, fixture!("metadata.json")).unwrap();
    assert_eq!(meta.len(), 50);
    let m = &meta["go_cpu_classes_scavenge_total_cpu_seconds"];
    assert_eq!(m.kind, "counter");
    assert!(m.help.starts_with("Estimated total CPU time"));
    assert_eq!(m.unit, "");
}

#[test]
fn hostile_label_values_are_kept_verbatim() {
    let body = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"x":"<script>alert(1)</script>\u0000\"}"},"value":[1,"1"]}]}}"#;
    let r = ok(body);
    assert_eq!(r.series[0].labels.get("x"), Some("<script>alert(1)</script>\u{0}\"}"));
}

#[test]
fn a_million_points_parse() {
    let mut body = String::with_capacity(30_000_000);
    body.push_str(r#"{"status":"success","data":{"resultType":"matrix","result":["#);
    for s in 0..100 {
        if s > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#"{{"metric":{{"__name__":"m","i":"{s}"}},"values":["#));
        for i in 0..10_000 {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&format!("[{}.5,\"{}.25\"]", 1_700_000_000 + i, i));
        }
        body.push_str("]}");
    }
    body.push_str("]}}");
    // Correctness at size only: speed is printed by `cargo run --release --example bench_parse`, never asserted.
    let r = ok(&body);
    assert_eq!(r.point_count(), 1_000_000);
    assert_eq!(r.series[99].points[9_999], Point { t_ms: 1_700_009_999_500, v: 9_999.25 });
}

#[test]
fn huge_or_empty_error_messages_are_clipped_or_explained() {
    // Found by tests/fuzz_parsers.rs: a 50 kB `error` (or `status`) came back whole in the message.
    let body = format!(r#"{{"status":"error","errorType":"execution","error":"{}"}}"#, "x".repeat(50_000));
    let e = parse_query(422, JSON, &body).unwrap_err();
    let ApiError::Backend { status: 422, message } = &e else { panic!("{e:?}") };
    assert!(message.starts_with("execution: xxx") && message.ends_with('…'), "{message}");
    assert!(message.chars().count() <= MAX_MESSAGE_CHARS + 1);
    let body = format!(r#"{{"status":"{}","data":{{"resultType":"vector","result":[]}}}}"#, "y".repeat(50_000));
    assert!(parse_query(200, JSON, &body).unwrap_err().to_string().len() < 300);
    let e = parse_query(200, JSON, r#"{"status":"error","errorType":"bad_data","error":"  "}"#).unwrap_err();
    assert!(e.to_string().contains("without a message"), "{e}");
}

#[test]
fn unsorted_samples_are_put_in_time_order() {
    // Found by tests/fuzz_parsers.rs: a body with samples out of order kept them so.
    let r = ok(r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[3,"3"],[1,"1"],[2,"2"]]}]}}"#);
    let t: Vec<i64> = r.series[0].points.iter().map(|p| p.t_ms).collect();
    assert_eq!(t, [1000, 2000, 3000]);
    assert_eq!(r.series[0].points[0].v, 1.0);
}

#[test]
fn another_servers_json_is_not_an_empty_list() {
    // Found by tests/error_matrix.rs: Jaeger's `{"data":[...]}` or Tempo's `{"traces":[...]}` read as labels.
    let jaeger = r#"{"data":["search-ui"],"total":1,"limit":0,"offset":0,"errors":null}"#;
    assert!(matches!(parse_strings(200, JSON, jaeger), Err(ApiError::InvalidJson(m)) if m.contains("no status")));
    assert!(matches!(parse_series(200, JSON, r#"{"traces":[]}"#), Err(ApiError::InvalidJson(_))));
    assert_eq!(parse_strings(200, JSON, r#"{"status":"success"}"#), Ok(vec![]));
}
