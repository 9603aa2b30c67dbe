//! Answers recorded from a real Prometheus 3.16.0 (module v0.316.0) fed by OTLP (tests/fixtures/prometheus3,
//! made by tools/record/prometheus3): native histograms, dotted (UTF-8) metric and label names, errors.
//!
//! Expected values are read from the recorded JSON with serde_json here, or derived by hand from the
//! generator's rules (tools/record/prometheus3/otlp_metrics.py): per 15 s step, search-service adds 1 zero
//! observation and 2, 3, 1 observations to the buckets (0.125, 0.25], (0.25, 0.5], (0.5, 1];
//! embedding-service adds 4 and 1 to the first two; the gauge rag.queue.depth is `step % 7 + 10 * service
//! index` (search-service 0, embedding-service 1); 41 steps, the last one at the recorded `time`.

use serde_json::Value;

use trifocal::backends::prometheus::convert::{parse_buildinfo, parse_exemplars, parse_query, parse_series, parse_strings};
use trifocal::backends::prometheus::legend::{format_legend, series_name};
use trifocal::backends::prometheus::request::label_values;
use trifocal::backends::ApiError;
use trifocal::dashboard::parse_label_values_query;
use trifocal::lang::promql_build::{bucket_selector, selector_for_metric};
use trifocal::lang::{apply, check, context_at, highlight, suggest, CompletionKind, Lang, Sources, SuggestionKind};
use trifocal::telemetry::{Boundary, Series, ValueKind};
use trifocal::view::heatmap::{auto_viz, bucket_unit, from_series as heatmap, hidden_histograms_note, prefers_heatmap};
use trifocal::view::table::{from_series as table, HISTOGRAM_COLUMNS, VALUE_COLUMN};
use trifocal::dashboard::StatCalc;
use trifocal::view::units::{metric_names, Unit};

const JSON: &str = "application/json";

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("fixtures/prometheus3/", $name))
    };
}

const INDEX: &str = fixture!("INDEX.md");

fn json(body: &str) -> Value {
    serde_json::from_str(body).expect("recorded JSON")
}

fn f(v: &Value) -> f64 {
    v.as_str().expect("a number as a string").parse().expect("a float")
}

/// The recorded query window's end (the `time` of the instant queries), from INDEX.md.
fn end_secs() -> i64 {
    let line = INDEX.lines().find(|l| l.starts_with("Query window:")).expect("window line");
    line.split("end=").nth(1).and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next()).and_then(|n| n.parse().ok()).expect("end")
}

fn by_service<'a>(series: &'a [Series], service: &str) -> &'a Series {
    series.iter().find(|s| s.labels.get("service.name") == Some(service)).unwrap_or_else(|| panic!("no {service} series"))
}

/// (lower, upper, count, boundary) of a sample's buckets.
fn buckets(s: &Series, i: usize) -> Vec<(f64, f64, f64, Boundary)> {
    s.histograms[i].buckets.iter().map(|b| (b.lower, b.upper, b.count, b.boundary)).collect()
}

#[test]
fn buildinfo_says_version_3() {
    assert_eq!(parse_buildinfo(200, JSON, fixture!("buildinfo.json")).unwrap(), "3.16.0");
}

#[test]
fn instant_native_histograms_become_histogram_samples() {
    let body = fixture!("query_histogram_vector.json");
    let r = parse_query(200, JSON, body).unwrap();
    assert_eq!(r.kind, ValueKind::Vector);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // Against the recorded JSON, series by series.
    let raw = json(body);
    let list = raw["data"]["result"].as_array().unwrap();
    assert_eq!(r.series.len(), list.len());
    for (s, w) in r.series.iter().zip(list) {
        assert!(s.is_histogram() && s.points.is_empty());
        assert_eq!(s.labels.get("__name__"), w["metric"]["__name__"].as_str());
        assert_eq!(s.labels.get("service.name"), w["metric"]["service.name"].as_str());
        let (t, h) = (&w["histogram"][0], &w["histogram"][1]);
        let p = &s.histograms[0];
        assert_eq!(p.t_ms, (t.as_f64().unwrap() * 1000.0) as i64);
        assert_eq!(p.count, f(&h["count"]));
        assert_eq!(p.sum, f(&h["sum"]));
        let wb = h["buckets"].as_array().unwrap();
        assert_eq!(p.buckets.len(), wb.len());
        for (b, w) in p.buckets.iter().zip(wb) {
            assert_eq!(Some(b.boundary), Boundary::from_code(w[0].as_u64().unwrap() as u8));
            assert_eq!((b.lower, b.upper, b.count), (f(&w[1]), f(&w[2]), f(&w[3])));
        }
    }
    // By hand: 41 steps of search-service: 41 zero observations, 82, 123, 41 in its buckets; 287 in all;
    // the sum grows 2.5 per step.
    let s = by_service(&r.series, "search-service");
    assert_eq!(s.histograms[0].t_ms, end_secs() * 1000);
    assert_eq!(s.histograms[0].count, 287.0);
    assert_eq!(s.histograms[0].sum, 102.5);
    let b = buckets(s, 0);
    assert_eq!(b.len(), 4);
    // The zero bucket is closed on both ends and straddles 0.
    assert_eq!(b[0].3, Boundary::ClosedBoth);
    assert!(b[0].0 < 0.0 && b[0].1 > 0.0 && b[0].1 < 1e-100);
    assert_eq!(b[0].2, 41.0);
    assert_eq!(&b[1..], &[(0.125, 0.25, 82.0, Boundary::OpenLower), (0.25, 0.5, 123.0, Boundary::OpenLower), (0.5, 1.0, 41.0, Boundary::OpenLower)]);
    let e = by_service(&r.series, "embedding-service");
    assert_eq!(buckets(e, 0), vec![(0.125, 0.25, 164.0, Boundary::OpenLower), (0.25, 0.5, 41.0, Boundary::OpenLower)]);
    assert_eq!((e.histograms[0].count, e.histograms[0].sum), (205.0, 51.25));
}

#[test]
fn instant_histograms_show_in_tables_with_count_sum_and_buckets() {
    let r = parse_query(200, JSON, fixture!("query_histogram_rate_vector.json")).unwrap();
    let t = table(&r.series, StatCalc::Last);
    assert_eq!(t.columns, vec!["service.name", "count", "sum", "buckets", VALUE_COLUMN]);
    assert_eq!(&t.columns[1..4], &HISTOGRAM_COLUMNS);
    let row = t.rows.iter().find(|r| r.cells[0] == "embedding-service").expect("row");
    // Rate over [1m] at the end: 3 steps of 15 s seen, extrapolated to the minute: 5 observations per
    // step / 15 s = 1/3 per second; 4 per step in (0.125, 0.25] = 0.2667/s, 1 in (0.25, 0.5] = 0.0667/s.
    assert_eq!(row.cells[1], "0.333333");
    assert_eq!(row.cells[2], "0.0833333");
    assert_eq!(row.cells[3], "(0.125, 0.25]: 0.266667, (0.25, 0.5]: 0.0666667");
    assert_eq!(row.value, None);
    let search = t.rows.iter().find(|r| r.cells[0] == "search-service").expect("row");
    assert!(search.cells[3].starts_with("[-1e-128, 1e-128]: 0.0666667, (0.125, 0.25]: 0.133333"), "{}", search.cells[3]);

    // A result mixing a gauge and a histogram: the float row has a value, the histogram row its columns.
    let r = parse_query(200, JSON, fixture!("query_mixed_vector.json")).unwrap();
    assert_eq!(r.series.len(), 2);
    let t = table(&r.series, StatCalc::Last);
    let metric_col = t.columns.iter().position(|c| c == "metric").unwrap();
    let count_col = t.columns.iter().position(|c| c == "count").unwrap();
    let gauge = t.rows.iter().find(|r| r.cells[metric_col] == "rag.queue.depth").unwrap();
    assert_eq!(gauge.value, Some(15.0)); // 40 % 7 + 10
    assert_eq!(gauge.cells[count_col], "");
    let hist = t.rows.iter().find(|r| r.cells[metric_col] == "rag.request.duration").unwrap();
    assert_eq!((hist.cells[count_col].as_str(), hist.value), ("205", None));
    assert!(!prefers_heatmap(&r.series));
    // Drawn as a chart, the histogram series is named as left out; as a table or heatmap it is shown.
    assert_eq!(auto_viz("graph", &r.series), "graph");
    assert!(hidden_histograms_note("graph", &r.series).is_some_and(|n| n.starts_with("1 series hold native histograms")));
    assert_eq!(hidden_histograms_note("table", &r.series), None);
    let h = heatmap(&r.series).unwrap();
    assert!(h.notes.iter().any(|n| n.contains("1 series without histogram samples")), "{:?}", h.notes);
}

#[test]
fn range_native_histograms_match_the_recording() {
    let body = fixture!("query_range_histogram_rate.json");
    let r = parse_query(200, JSON, body).unwrap();
    assert_eq!(r.kind, ValueKind::Matrix);
    let raw = json(body);
    let list = raw["data"]["result"].as_array().unwrap();
    assert_eq!(r.series.len(), list.len());
    let mut samples = 0;
    for (s, w) in r.series.iter().zip(list) {
        let wh = w["histograms"].as_array().unwrap();
        assert!(w.get("values").is_none());
        assert_eq!(s.histograms.len(), wh.len());
        for (p, w) in s.histograms.iter().zip(wh) {
            assert_eq!(p.t_ms, (w[0].as_f64().unwrap() * 1000.0) as i64);
            assert_eq!(p.count, f(&w[1]["count"]));
            let counts: Vec<f64> = w[1]["buckets"].as_array().unwrap().iter().map(|b| f(&b[3])).collect();
            assert_eq!(p.buckets.iter().map(|b| b.count).collect::<Vec<_>>(), counts);
        }
        samples += wh.len();
    }
    assert_eq!(r.point_count(), samples);
    // The heatmap: rows are the distinct buckets (zero bucket, then (0.125, 0.25], (0.25, 0.5], (0.5, 1]),
    // columns the sample times; the two services are summed. At the last column, by hand: per 15 s step
    // 1 zero observation, 2 + 4 = 6, 3 + 1 = 4, 1 in the buckets, so 1/15, 6/15, 4/15, 1/15 per second.
    let h = heatmap(&r.series).unwrap();
    assert_eq!(h.buckets.len(), 4);
    assert_eq!((h.buckets[1].lower, h.buckets[1].upper), (Some(0.125), 0.25));
    assert_eq!((h.buckets[2].lower, h.buckets[2].upper), (Some(0.25), 0.5));
    assert_eq!((h.buckets[3].lower, h.buckets[3].upper), (Some(0.5), 1.0));
    assert!(h.buckets[0].upper < 1e-100 && h.buckets[0].lower.unwrap() < 0.0);
    assert_eq!(h.buckets[0].label(Unit::Seconds), "0 (zero bucket)");
    assert_eq!(h.buckets[1].label(Unit::Seconds), "125 ms – 250 ms");
    assert!(!h.from_counters);
    assert_eq!(*h.times.last().unwrap(), end_secs() * 1000);
    assert_eq!(h.step_ms, 15_000);
    let last = h.counts.last().unwrap();
    for (cell, want) in last.iter().zip([1.0 / 15.0, 6.0 / 15.0, 4.0 / 15.0, 1.0 / 15.0]) {
        assert!((cell.unwrap() - want).abs() < 1e-9, "{cell:?} vs {want}");
    }
    assert!((h.max - 0.4).abs() < 1e-9, "{}", h.max);
    assert!(h.notes.iter().any(|n| n.contains("2 histograms summed")), "{:?}", h.notes);
    // Drawn as a heatmap by default, and as chosen otherwise.
    assert!(prefers_heatmap(&r.series));
    assert_eq!(auto_viz("graph", &r.series), "heatmap");
    assert_eq!(auto_viz("timeseries", &r.series), "heatmap");
    assert_eq!(auto_viz("table", &r.series), "table");
    // Bucket bounds of rag.request.duration carry no unit in the name (NoTranslation drops suffixes).
    assert_eq!(bucket_unit(r#"rate({"rag.request.duration"}[1m])"#), Unit::None);
    assert_eq!(bucket_unit("rate(http_server_request_duration_seconds[1m])"), Unit::Seconds);
}

#[test]
fn raw_histogram_counters_give_increases_per_step() {
    let r = parse_query(200, JSON, fixture!("query_range_histogram_raw.json")).unwrap();
    assert_eq!(r.series.len(), 1);
    assert_eq!(r.series[0].labels.get("__name__"), Some("rag.request.duration"));
    assert_eq!(r.series[0].histograms.len(), 41);
    let h = heatmap(&r.series).unwrap();
    assert!(h.from_counters);
    assert_eq!(h.times.len(), 41);
    // The first column has no previous sample; every later one holds one step of search-service:
    // 1 zero observation, 2, 3, 1.
    assert!(h.counts[0].iter().all(Option::is_none));
    for col in &h.counts[1..] {
        assert_eq!(col, &vec![Some(1.0), Some(2.0), Some(3.0), Some(1.0)]);
    }
    assert_eq!(h.max, 3.0);
}

#[test]
fn histogram_quantile_over_native_histograms_is_lines() {
    let r = parse_query(200, JSON, fixture!("query_range_quantile.json")).unwrap();
    assert_eq!(r.series.len(), 2);
    let raw = json(fixture!("query_range_quantile.json"));
    for (s, w) in r.series.iter().zip(raw["data"]["result"].as_array().unwrap()) {
        assert!(s.histograms.is_empty());
        assert_eq!(s.points.len(), w["values"].as_array().unwrap().len());
        assert!(s.points.len() >= 39);
    }
    assert!(!prefers_heatmap(&r.series));
    assert_eq!(auto_viz("graph", &r.series), "graph");
    // By hand, Prometheus 3 interpolates exponentially inside exponential buckets: embedding-service's
    // 90th percentile is 4.5 of 5 observations per step, half-way into (0.25, 0.5] → 0.25·√2;
    // search-service's is 6.3 of 7, 0.3 into (0.5, 1] → 0.5·2^0.3.
    let e = by_service(&r.series, "embedding-service").points.last().unwrap().v;
    assert!((e - 0.25 * 2f64.sqrt()).abs() < 1e-9, "{e}");
    let s = by_service(&r.series, "search-service").points.last().unwrap().v;
    assert!((s - 0.5 * 2f64.powf(0.3)).abs() < 1e-9, "{s}");
    // Its heatmap is refused with a sentence.
    assert!(heatmap(&r.series).unwrap_err().contains("heatmap needs histogram buckets"));
}

#[test]
fn dotted_gauge_series_legends_and_names() {
    let r = parse_query(200, JSON, fixture!("query_range_dotted_gauge.json")).unwrap();
    assert_eq!(r.series.len(), 1);
    let s = &r.series[0];
    assert_eq!(s.labels.get("__name__"), Some("rag.queue.depth"));
    // step % 7 for search-service, the last step being 40.
    assert_eq!(s.points.len(), 41);
    assert_eq!(s.points.iter().map(|p| p.v).collect::<Vec<_>>(), (0..41).map(|k| (k % 7) as f64).collect::<Vec<_>>());
    assert_eq!(format_legend("{{service.name}}", &s.labels), "search-service");
    assert_eq!(format_legend("{{ service.name }} / {{queue.name}} ({{__name__}})", &s.labels), "search-service / ingest (rag.queue.depth)");
    assert_eq!(
        series_name(&s.labels),
        r#"rag.queue.depth{instance="search-service-1", job="rag/search-service", queue.name="ingest", service.name="search-service", service.namespace="rag"}"#
    );
    let v = parse_query(200, JSON, fixture!("query_dotted_gauge_vector.json")).unwrap();
    let vals: Vec<(String, f64)> = v.series.iter().map(|s| (format_legend("{{service.name}}", &s.labels), s.points[0].v)).collect();
    assert_eq!(vals, vec![("search-service".to_string(), 5.0), ("embedding-service".to_string(), 15.0)]);
}

#[test]
fn labels_values_series_and_exemplars_with_dotted_names() {
    let labels = parse_strings(200, JSON, fixture!("labels.json")).unwrap();
    for l in ["service.name", "service.namespace", "queue.name", "http.route"] {
        assert!(labels.iter().any(|x| x == l), "{l} in {labels:?}");
    }
    let metrics = parse_strings(200, JSON, fixture!("label_values_metric_names.json")).unwrap();
    assert_eq!(metrics, vec!["rag.queue.depth", "rag.request.duration"]);
    assert_eq!(parse_strings(200, JSON, fixture!("label_values_service_name.json")).unwrap(), vec!["embedding-service", "search-service"]);
    // The app asks label values of service.name at the very path that was recorded.
    let req = label_values("service.name", 0, 1, &[]).unwrap();
    assert!(INDEX.contains(&format!("- path: `{}`", req.path)), "{}", req.path);
    let series = parse_series(200, JSON, fixture!("series_dotted.json")).unwrap();
    assert_eq!(series.len(), 2);
    assert!(series.iter().all(|l| l.get("__name__") == Some("rag.queue.depth")));
    // The selector the app builds for a dotted metric is the one that found these series.
    assert!(INDEX.contains(&format!("`match[]` = `{}`", selector_for_metric("rag.queue.depth"))));

    let body = fixture!("query_exemplars_histogram.json");
    let ex = parse_exemplars(200, JSON, body).unwrap();
    let raw = json(body);
    let n: usize = raw["data"].as_array().unwrap().iter().map(|s| s["exemplars"].as_array().unwrap().len()).sum();
    assert_eq!(ex.len(), n);
    assert!(ex.iter().all(|e| e.trace_id.is_some() && e.value == 0.75));
    assert!(ex.iter().all(|e| e.series_labels.get("__name__") == Some("rag.request.duration")));
}

#[test]
fn error_answers_say_what_went_wrong() {
    let cases = [
        ("error_bad_data.json", fixture!("error_bad_data.json"), 400),
        ("error_resolution.json", fixture!("error_resolution.json"), 400),
        ("error_execution.json", fixture!("error_execution.json"), 422),
        ("error_bad_time.json", fixture!("error_bad_time.json"), 400),
    ];
    for (name, body, status) in cases {
        // The status recorded in INDEX.md is the one used here.
        let entry = INDEX.split("\n## ").find(|e| e.starts_with(name)).expect("INDEX entry");
        assert!(entry.contains(&format!("HTTP {status}, `Content-Type: application/json`")), "{entry}");
        let raw = json(body);
        let err = parse_query(status, JSON, body).unwrap_err();
        let want = format!("{}: {}", raw["errorType"].as_str().unwrap(), raw["error"].as_str().unwrap());
        assert_eq!(err, ApiError::Backend { status, message: want.clone() });
        assert_eq!(err.to_string(), format!("The server answered {status}: {want}"));
    }
    // The info annotation of Prometheus 3 is kept for display.
    let body = fixture!("query_info_annotation.json");
    let r = parse_query(200, JSON, body).unwrap();
    let raw = json(body);
    assert_eq!(r.infos, vec![raw["infos"][0].as_str().unwrap().to_string()]);
    assert!(r.infos[0].contains("\"rag.queue.depth\""));
}

/// The PromQL of every recorded query (from INDEX.md).
fn recorded_queries() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut file = String::new();
    for line in INDEX.lines() {
        if let Some(f) = line.strip_prefix("## ") {
            file = f.to_string();
        }
        if let Some(q) = line.strip_prefix("  - `query` = `").and_then(|q| q.strip_suffix('`')) {
            out.push((file.clone(), q.to_string()));
        }
    }
    out
}

#[test]
fn the_editor_checks_and_highlights_recorded_queries() {
    let queries = recorded_queries();
    assert!(queries.len() >= 10);
    for (file, q) in &queries {
        let problems = check(Lang::PromQL, q);
        if file == "error_bad_data.json" {
            // Prometheus refused the bare dotted name; so does the editor, at the same place (1:4).
            assert_eq!(problems.first().map(|p| p.range.start), Some(3), "{q}: {problems:?}");
        } else {
            assert!(problems.is_empty(), "{file}: {q}: {problems:?}");
            assert!(highlight(Lang::PromQL, q).iter().all(|(c, _)| *c != "tok-err"), "{q}");
        }
    }
    // Quoted names are drawn as metric and label names, values as strings.
    let q = r#"sum by ("service.name") (rate({"rag.request.duration", "service.name"="search-service"}[1m]))"#;
    let classes: Vec<(&str, &str)> = highlight(Lang::PromQL, q).into_iter().filter(|(c, _)| *c != "tok-ws").map(|(c, r)| (c, &q[r])).collect();
    assert!(classes.contains(&("tok-label", "\"service.name\"")));
    assert!(classes.contains(&("tok-metric", "\"rag.request.duration\"")));
    assert!(classes.contains(&("tok-str", "\"search-service\"")));
    assert_eq!(classes.iter().filter(|(c, _)| *c == "tok-label").count(), 2);
    // The app reads the metric of a quoted selector (units, heatmap rows, percentile buttons).
    assert_eq!(metric_names(q), vec!["rag.request.duration"]);
    assert_eq!(metric_names(r#"{"a.b_bucket", le="1"}"#), vec!["a.b_bucket"]);
    assert_eq!(bucket_selector(r#"rate({"a.b_bucket"}[5m])"#).map(|(m, _)| m).as_deref(), Some("a.b_bucket"));
}

#[test]
fn completion_quotes_recorded_dotted_names() {
    let metrics = parse_strings(200, JSON, fixture!("label_values_metric_names.json")).unwrap();
    let labels = parse_strings(200, JSON, fixture!("labels.json")).unwrap();
    let values = parse_strings(200, JSON, fixture!("label_values_service_name.json")).unwrap();
    let src = Sources { metrics: &metrics, labels: &labels, values: &values, ..Sources::default() };
    let at = |marked: &str| {
        let cursor = marked.find('‸').unwrap();
        let text = marked.replacen('‸', "", 1);
        (context_at(Lang::PromQL, &text, cursor), text)
    };

    // A metric at the start of an expression: the quoted selector form.
    let (c, text) = at("sum(rate(rag.qu‸");
    let s = suggest(&c, &src);
    let depth = s.iter().find(|s| s.label == "rag.queue.depth" && s.kind == SuggestionKind::Metric).expect("metric");
    assert_eq!(depth.insert_text, r#"{"rag.queue.depth"}"#);
    let (new, cur) = apply(&text, depth, c.replace.clone());
    assert_eq!(new, r#"sum(rate({"rag.queue.depth"}"#);
    assert_eq!(cur, new.len());
    assert!(check(Lang::PromQL, &(new + "[1m]))")).is_empty());

    // Before an existing selector the quoted name joins it.
    let (c, text) = at(r#"rag‸{"service.name"="search-service"}"#);
    let s = suggest(&c, &src);
    let m = s.iter().find(|s| s.label == "rag.request.duration").expect("metric");
    assert_eq!(apply(&text, m, c.replace.clone()).0, r#"{"rag.request.duration", "service.name"="search-service"}"#);
    let (c, text) = at("ra‸{}");
    let m = suggest(&c, &src).into_iter().find(|s| s.label == "rag.request.duration").expect("metric");
    assert_eq!(apply(&text, &m, c.replace.clone()).0, r#"{"rag.request.duration"}"#);

    // Label names: dotted ones quoted, classic ones bare; the metric of a quoted selector is known.
    let (c, _) = at(r#"{"rag.queue.depth", ‸}"#);
    assert_eq!(c.kind, CompletionKind::LabelName { metric: Some("rag.queue.depth".into()), existing: vec![] });
    let s = suggest(&c, &src);
    let ins = |l: &str| s.iter().find(|s| s.label == l).map(|s| s.insert_text.clone());
    assert_eq!(ins("service.name").as_deref(), Some(r#""service.name""#));
    assert_eq!(ins("job").as_deref(), Some("job"));
    let (c, _) = at(r#"sum by ("service.name", ‸) ({"rag.queue.depth"})"#);
    assert_eq!(c.kind, CompletionKind::LabelName { metric: Some("rag.queue.depth".into()), existing: vec!["service.name".into()] });
    assert!(suggest(&c, &src).iter().all(|s| s.label != "service.name"));
    // Typing inside a quoted label name: the prefix is what follows the quote.
    let (c, text) = at(r#"{"rag.queue.depth", "serv‸"}"#);
    assert_eq!(c.prefix, "serv");
    let first = suggest(&c, &src).into_iter().next().expect("a label");
    assert_eq!(first.label, "service.name");
    assert_eq!(apply(&text, &first, c.replace.clone()).0, r#"{"rag.queue.depth", "service.name"}"#);

    // Values of a quoted label name: the label is known unquoted.
    let (c, text) = at(r#"{"rag.queue.depth", "service.name"=‸}"#);
    assert_eq!(c.kind, CompletionKind::LabelValue { metric: Some("rag.queue.depth".into()), label: "service.name".into(), quoted: false });
    let v = suggest(&c, &src).into_iter().find(|s| s.label == "search-service").unwrap();
    assert_eq!(apply(&text, &v, c.replace.clone()).0, r#"{"rag.queue.depth", "service.name"="search-service"}"#);
}

#[test]
fn dashboard_variables_quote_dotted_names() {
    assert_eq!(
        parse_label_values_query("label_values(rag.queue.depth, service.name)"),
        Some((Some(r#"{"rag.queue.depth"}"#.to_string()), "service.name".to_string()))
    );
    assert_eq!(
        parse_label_values_query(r#"label_values({"rag.queue.depth"}, "service.name")"#),
        Some((Some(r#"{"rag.queue.depth"}"#.to_string()), "service.name".to_string()))
    );
    assert_eq!(parse_label_values_query("label_values(up, job)"), Some((Some("up".to_string()), "job".to_string())));
}

#[test]
fn service_metric_templates_with_quoted_names_stay_valid_promql() {
    use trifocal::datasource::correlations::{interpolate, LinkValues};
    // A "Metrics for this service" template for a Prometheus 3 stack that keeps OTel names.
    let t = r#"sum by ("service.name") (rate({"rag.request.duration", "service.name"="${service}"}[1m]))"#;
    let q = interpolate(t, &LinkValues { service: "search\"service", ..LinkValues::default() });
    assert_eq!(q, r#"sum by ("service.name") (rate({"rag.request.duration", "service.name"="search\"service"}[1m]))"#);
    assert!(check(Lang::PromQL, &q).is_empty());
    assert_eq!(metric_names(&q), vec!["rag.request.duration"]);
}

#[test]
fn the_native_heatmap_draws_one_row_per_bucket() {
    use plotters::prelude::{IntoDrawingArea, SVGBackend};
    use trifocal::chart::heatmap::{draw, HeatmapSpec};
    use trifocal::chart::theme::ChartTheme;
    use trifocal::view::palette::Palette;
    let r = parse_query(200, JSON, fixture!("query_range_histogram_rate.json")).unwrap();
    let h = heatmap(&r.series).unwrap();
    let (start, end) = (h.times[0] - h.step_ms, *h.times.last().unwrap());
    let mut svg = String::new();
    let theme = ChartTheme::dark();
    let layout = {
        let area = SVGBackend::with_string(&mut svg, (800, 300)).into_drawing_area();
        let spec = HeatmapSpec { heat: &h, start_ms: start, end_ms: end, bucket_unit: Unit::Seconds, theme: &theme, palette: Palette::Classic, tz_offset_min: 0, selection: None, color_min: None, color_max: None };
        let l = draw(&area, &spec).unwrap();
        area.present().unwrap();
        l
    };
    assert_eq!(layout.rows, 4);
    // Every non-empty cell is a rectangle; each column has all 4 buckets non-empty.
    let cells: usize = h.counts.iter().map(|c| c.iter().filter(|v| v.is_some_and(|v| v > 0.0)).count()).sum();
    assert_eq!(cells, h.times.len() * 4);
    assert!(svg.matches("<rect").count() >= cells);
    if let Ok(path) = std::env::var("TRIFOCAL_SVG_OUT") {
        std::fs::write(path, &svg).unwrap();
    }
}

#[test]
fn snapshots_keep_native_histograms() {
    use trifocal::dashboard::snapshot::SnapSeries;
    let r = parse_query(200, JSON, fixture!("query_range_histogram_rate.json")).unwrap();
    for s in &r.series {
        let snap = SnapSeries::from_series("A", s);
        let text = serde_json::to_string(&snap).unwrap();
        let back = serde_json::from_str::<SnapSeries>(&text).unwrap().to_series();
        // serde_json reads floats to within an ulp or so, not always bit for bit.
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
        assert_eq!((&back.labels, back.points.len(), back.histograms.len()), (&s.labels, 0, s.histograms.len()));
        for (a, b) in back.histograms.iter().zip(&s.histograms) {
            assert!(a.t_ms == b.t_ms && close(a.count, b.count) && close(a.sum, b.sum));
            assert_eq!(a.buckets.len(), b.buckets.len());
            for (x, y) in a.buckets.iter().zip(&b.buckets) {
                assert!(x.boundary == y.boundary && close(x.lower, y.lower) && close(x.upper, y.upper) && close(x.count, y.count), "{x:?} {y:?}");
            }
        }
    }
    let raw = parse_query(200, JSON, fixture!("query_histogram_vector.json")).unwrap();
    let text = serde_json::to_string(&SnapSeries::from_series("A", &raw.series[0])).unwrap();
    // The zero bucket [-1e-128, 1e-128] with its rule 3 and count 41 (search-service, 41 steps).
    assert!(text.contains(r#"[3,-1e-128,1e-128,41.0]"#), "{text}");
}

#[test]
fn percentile_buttons_for_native_histograms_build_the_recorded_quantile_query() {
    use trifocal::lang::promql_build::native_quantile_query;
    // The recorded rate query, turned into the 90th percentile, is the recorded quantile query.
    let rate = recorded_queries().into_iter().find(|(f, _)| f == "query_range_histogram_rate.json").unwrap().1;
    let quantile = recorded_queries().into_iter().find(|(f, _)| f == "query_range_quantile.json").unwrap().1;
    assert_eq!(native_quantile_query(&rate, 0.9, "5m").as_deref(), Some(quantile.as_str()));
    // A raw selector gets a rate and a sum.
    let raw = recorded_queries().into_iter().find(|(f, _)| f == "query_range_histogram_raw.json").unwrap().1;
    let q = native_quantile_query(&raw, 0.5, "").unwrap();
    assert_eq!(q, format!("histogram_quantile(0.5, sum(rate({raw}[5m])))"));
    assert!(check(Lang::PromQL, &q).is_empty());
    assert_eq!(native_quantile_query(&quantile, 0.5, ""), None);
    assert_eq!(native_quantile_query(r#"{"rag.queue.depth"} > 1"#, 0.5, ""), None);
}
