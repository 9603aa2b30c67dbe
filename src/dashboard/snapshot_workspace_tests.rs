//! A workspace snapshot's round trip on recorded answers of the test stack: Jaeger's trace, VictoriaLogs'
//! lines of that trace and a Prometheus range answer come back as the same trace, lines and series, and the
//! workspace computed from them (span rows, lines per span) is the same.

use super::*;
use crate::dashboard::schema::Dashboard;
use crate::dashboard::snapshot::{parse_snapshot, snapshot_to_json, Snapshot};
use crate::view::correlate::span_rows;
use crate::view::trace::TraceModel;

fn recorded() -> (Trace, Vec<LogEntry>, Vec<Series>) {
    let trace = crate::backends::jaeger::convert::parse_trace_classic(200, "application/json", include_str!("../../tests/fixtures/jaeger/trace_classic.json")).unwrap();
    let logs = crate::backends::victorialogs::convert::parse_query(200, "application/stream+json", include_str!("../../tests/fixtures/victorialogs/query_trace.jsonl"), &[], true).unwrap().entries;
    let series = crate::backends::prometheus::convert::parse_query(200, "application/json", include_str!("../../tests/fixtures/prometheus3/query_range_quantile.json")).unwrap().series;
    (trace, logs, series)
}

fn workspace() -> (SnapWorkspace, Trace, Vec<LogEntry>, ChartSeries) {
    let (trace, logs, series) = recorded();
    let chart = ChartSeries { legends: series.iter().map(|_| "p90".to_string()).collect(), units: series.iter().map(|_| Unit::Milliseconds).collect(), series };
    let mut w = SnapWorkspace { trace_id: "085ccd3f70d63d6477ce39fc4ea4035c".into(), service: "api".into(), selection: Some((10, 20)), ..SnapWorkspace::default() };
    w.set_trace(Some(Ok(&trace)));
    w.set_logs(Some(Ok(&logs)));
    let mut api = SnapChart::new("api", Ok(&chart));
    api.problems = vec!["The errors template: unknown placeholder ${traceId} (use ${service})".into()];
    w.charts = vec![api, SnapChart::new("db", Err(&"Prometheus does not answer".to_string()))];
    w.set_traces(Some(Err(&"Jaeger: timeout".to_string())));
    (w, trace, logs, chart)
}

#[test]
fn recorded_workspace_survives_the_file_as_drawn() {
    let (w, trace, logs, chart) = workspace();
    assert!(!trace.spans.is_empty() && !logs.is_empty() && !chart.series.is_empty());
    let snap = Snapshot::of_workspace(w.clone(), 1_796_543_200_000, 1_796_542_562_576, 1_796_543_162_421);
    let text = snapshot_to_json(&snap);
    let (back, notices) = parse_snapshot(&text).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!((back.captured_at_ms, back.from_ms, back.to_ms), (1_796_543_200_000, 1_796_542_562_576, 1_796_543_162_421));
    assert_eq!(back.dashboard.title, "Correlation workspace: trace 085ccd3f70d63d6477ce39fc4ea4035c");
    assert!(back.dashboard.panels.is_empty());
    let bw = back.workspace.expect("the workspace is read back");
    assert_eq!((bw.trace_id.as_str(), bw.service.as_str(), bw.selection), ("085ccd3f70d63d6477ce39fc4ea4035c", "api", Some((10, 20))));

    // The trace: every span, the same rows.
    let t2 = bw.trace().unwrap().unwrap();
    assert_eq!(t2.spans.len(), trace.spans.len());
    let (m1, m2) = (TraceModel::build(&trace), TraceModel::build(&t2));
    assert_eq!(m1.rows, m2.rows);
    // The lines: every one, with its time, text, level and trace ID; each on the same span's row.
    let l2 = bw.log_entries().unwrap().unwrap();
    assert_eq!(l2.len(), logs.len());
    for (a, b) in logs.iter().zip(&l2) {
        assert_eq!((a.ts_ns, &a.line, a.level, a.trace_id), (b.ts_ns, &b.line, b.level, b.trace_id));
    }
    let rows = span_rows(&m1, &trace, &logs);
    assert!(rows.iter().any(Option::is_some), "some recorded lines name a span of the trace");
    assert_eq!(span_rows(&m2, &t2, &l2), rows);
    // The charts: the series with their legends and units; the failed one keeps its message.
    assert_eq!(bw.charts[0].to_chart(Unit::PerSecond).unwrap(), chart);
    assert_eq!(bw.charts[0].problems, vec!["The errors template: unknown placeholder ${traceId} (use ${service})".to_string()]);
    assert_eq!(bw.charts[1].to_chart(Unit::PerSecond), Err("Prometheus does not answer".to_string()));
    assert_eq!(bw.trace_list(), Some(Err("Jaeger: timeout".to_string())));
    // Written again, the same text.
    assert_eq!(snapshot_to_json(&Snapshot::of_workspace(bw, 1_796_543_200_000, 1_796_542_562_576, 1_796_543_162_421)), text);
}

#[test]
fn a_window_workspace_and_its_parts_that_were_not_there() {
    let w = SnapWorkspace { service: "search service/α".into(), untraced: true, ..SnapWorkspace::default() };
    let snap = Snapshot::of_workspace(w, 5, 1, 2);
    assert_eq!(snap.dashboard.uid, "correlate-search-service--");
    let text = snapshot_to_json(&snap);
    assert!(text.contains("\"workspace\":{\"service\":\"search service/α\",\"untraced\":true,\"trace\":\"none\",\"logs\":\"none\""), "{text}");
    let bw = parse_snapshot(&text).unwrap().0.workspace.unwrap();
    assert_eq!((bw.trace(), bw.log_entries(), bw.trace_list()), (None, None, None));
    assert!(bw.untraced);
    // A dashboard snapshot has no workspace.
    let plain = Snapshot::new(Dashboard::default(), 1, 1, 2, Vec::new());
    assert!(!snapshot_to_json(&plain).contains("workspace"));
}

#[test]
fn bad_workspace_parts_are_said_and_unknown_units_read_as_the_fallback() {
    let snap = Snapshot::of_workspace(SnapWorkspace { trace_id: "ab".into(), ..SnapWorkspace::default() }, 5, 1, 2);
    let mut v: serde_json::Value = serde_json::from_str(&snapshot_to_json(&snap)).unwrap();
    v["workspace"]["logs"] = serde_json::json!({ "data": [{ "tsNs": "not a time", "line": "x" }] });
    let e = parse_snapshot(&v.to_string()).unwrap_err();
    assert!(e.starts_with("workspace: "), "{e}");
    v["workspace"]["logs"] = serde_json::json!(7);
    assert!(parse_snapshot(&v.to_string()).unwrap_err().starts_with("workspace: "));
    let c = SnapChart { service: "s".into(), series: vec![SnapSeries { ref_id: "rate".into(), ..SnapSeries::default() }], units: vec!["no such unit".into()], ..SnapChart::default() };
    assert_eq!(c.to_chart(Unit::PerSecond).unwrap().units, vec![Unit::PerSecond]);
}

#[test]
fn many_lines_keep_the_first_and_count_the_rest() {
    let (_, logs, _) = recorded();
    let many: Vec<LogEntry> = logs.iter().cycle().take(MAX_SNAPSHOT_LINES + 5).cloned().collect();
    let mut w = SnapWorkspace::default();
    w.set_logs(Some(Ok(&many)));
    assert_eq!(w.dropped_lines, 5);
    assert_eq!(w.log_entries().unwrap().unwrap().len(), MAX_SNAPSHOT_LINES);
}


#[test]
fn the_workspaces_own_writer_writes_what_the_dashboard_snapshot_writer_does_and_reads_it_back() {
    let (w, _, logs, _) = workspace();
    let (at, from, to) = (1_796_543_200_000, 1_796_542_562_576, 1_796_543_162_421);
    let (name, text) = workspace_snapshot_json(&w, at, from, to);
    // The same file, value for value, as the whole snapshot writer makes of `Snapshot::of_workspace`.
    let full = Snapshot::of_workspace(w.clone(), at, from, to);
    let lean: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(lean, serde_json::from_str::<serde_json::Value>(&snapshot_to_json(&full)).unwrap());
    assert_eq!(name, "correlate-085ccd3f70d63d6477ce39fc4ea4035c");
    // The one snapshot reader accepts it (the Dashboards page imports it with that reader) ...
    let (back, notices) = parse_snapshot(&text).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(back.workspace.as_ref(), Some(&w));
    // ... and the workspace reads its part of it.
    let f = read_workspace_file(&text).unwrap();
    assert_eq!((f.captured_at_ms, f.from_ms, f.to_ms), (at, from, to));
    assert_eq!(f.workspace.as_ref(), Some(&w));
    assert_eq!(f.workspace.unwrap().log_entries().unwrap().unwrap().len(), logs.len());
}

#[test]
fn the_workspace_reader_says_what_is_wrong_with_a_file() {
    let dash = snapshot_to_json(&Snapshot::new(Dashboard { uid: "d".into(), title: "D".into(), ..Dashboard::default() }, 1, 0, 1, Vec::new()));
    assert_eq!(read_workspace_file(&dash).unwrap().workspace, None, "a dashboard's snapshot has no workspace");
    assert!(read_workspace_file("").unwrap_err().contains("not valid JSON"));
    assert!(read_workspace_file("<html>").unwrap_err().contains("not valid JSON"));
    let v2 = dash.replace("\"snapshotVersion\":1", "\"snapshotVersion\":2");
    assert!(read_workspace_file(&v2).unwrap_err().contains("snapshotVersion is 2"), "{v2}");
}
