//! Tests of the snapshot format: round trips, exact wire shape, conversions and bad input.

use super::*;
use crate::dashboard::schema::{DatasourceKind, GridPos, Panel, PanelKind, PanelQuery, Variable, VariableKind};
use crate::telemetry::{LogLevel, Point};

fn dash() -> Dashboard {
    Dashboard {
        uid: "snap".into(),
        title: "Snap".into(),
        variables: vec![Variable {
            name: "job".into(),
            kind: VariableKind::Custom { values: vec!["api".into()] },
            current: vec!["api".into()],
            ..Variable::default()
        }],
        panels: vec![
            Panel {
                id: 1,
                kind: PanelKind::TimeSeries,
                grid_pos: GridPos { x: 0, y: 0, w: 12, h: 8 },
                queries: vec![PanelQuery::new("A", DatasourceKind::Prometheus, "up")],
                ..Panel::default()
            },
            Panel { id: 2, kind: PanelKind::Logs, grid_pos: GridPos { x: 12, y: 0, w: 12, h: 8 }, ..Panel::default() },
            Panel { id: 3, kind: PanelKind::Traces, grid_pos: GridPos { x: 0, y: 8, w: 24, h: 8 }, ..Panel::default() },
        ],
        ..Dashboard::default()
    }
}

fn sample() -> Snapshot {
    let mut labels = BTreeMap::new();
    labels.insert("job".to_string(), "api".to_string());
    let data = vec![
        PanelData {
            panel_id: 1,
            series: vec![SnapSeries {
                ref_id: "A".into(),
                labels: labels.clone(),
                points: vec![SnapPoint(1_700_000_000_000, 1.5), SnapPoint(1_700_000_015_000, f64::NAN), SnapPoint(1_700_000_030_000, f64::INFINITY), SnapPoint(1_700_000_045_000, f64::NEG_INFINITY)],
                histograms: Vec::new(),
            }],
            ..PanelData::default()
        },
        PanelData {
            panel_id: 2,
            logs: vec![SnapLog {
                ts_ns: 1_700_000_000_123_456_789,
                line: "GET /x \"quoted\" ünï".into(),
                labels: labels.clone(),
                metadata: BTreeMap::new(),
                level: "error".into(),
                trace_id: Some("0af7651916cd43dd8448eb211c80319c".into()),
            }],
            ..PanelData::default()
        },
        PanelData {
            panel_id: 3,
            traces: vec![SnapTrace {
                trace_id: "0af7651916cd43dd8448eb211c80319c".into(),
                root_service: "api".into(),
                root_name: "GET /".into(),
                start_ms: 1_700_000_000_000,
                duration_ms: 12.5,
                span_count: Some(7),
                error: true,
            }],
            error: Some("partial result".into()),
            ..PanelData::default()
        },
    ];
    Snapshot::new(dash(), 1_700_000_100_000, 1_699_996_500_000, 1_700_000_100_000, data)
}

/// Equality that treats NaN as equal to NaN.
fn same_points(a: &[SnapPoint], b: &[SnapPoint]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0 && (x.1 == y.1 || (x.1.is_nan() && y.1.is_nan())))
}

#[test]
fn round_trip() {
    let s = sample();
    let text = snapshot_to_json(&s);
    let (back, notices) = parse_snapshot(&text).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(back.dashboard, s.dashboard);
    assert_eq!(back.variables, vec![SnapVariable { name: "job".into(), values: vec!["api".into()] }]);
    assert_eq!((back.captured_at_ms, back.from_ms, back.to_ms), (s.captured_at_ms, s.from_ms, s.to_ms));
    assert!(same_points(&back.data[0].series[0].points, &s.data[0].series[0].points));
    assert_eq!(back.data[1], s.data[1]);
    assert_eq!(back.data[2], s.data[2]);
    assert_eq!(snapshot_to_json(&back), text);
    assert_eq!(back.panel_data(3).and_then(|d| d.error.as_deref()), Some("partial result"));
    assert!(back.panel_data(9).is_none());
}

#[test]
fn wire_shape_is_stable() {
    let text = snapshot_to_json(&sample());
    assert!(text.starts_with("{\"snapshotVersion\":1,\"capturedAtMs\":1700000100000,\"fromMs\":1699996500000,\"toMs\":1700000100000,\"variables\":[{\"name\":\"job\",\"values\":[\"api\"]}],\"dashboard\":{\"kind\":\"Dashboard\",\"schemaVersion\":2,\"metadata\":{\"name\":\"snap\"},"), "{text}");
    assert!(text.contains("\"points\":[[1700000000000,1.5],[1700000015000,\"NaN\"],[1700000030000,\"+Inf\"],[1700000045000,\"-Inf\"]]"));
    assert!(text.contains("\"tsNs\":\"1700000000123456789\""));
    assert!(text.contains("\"traceId\":\"0af7651916cd43dd8448eb211c80319c\""));
    assert!(text.contains("{\"panelId\":3,\"error\":\"partial result\",\"traces\":"));
}

#[test]
fn converts_from_and_to_telemetry() {
    let mut labels = Labels::new();
    labels.insert("job", "api");
    let s = Series { labels: labels.clone(), points: vec![Point { t_ms: 5, v: 2.0 }], histograms: Vec::new() };
    let snap = SnapSeries::from_series("B", &s);
    assert_eq!(snap.ref_id, "B");
    assert_eq!(snap.to_series(), s);
    let tid = TraceId::parse_hex("0af7651916cd43dd8448eb211c80319c");
    let e = LogEntry {
        ts_ns: 42,
        line: "x".into(),
        stream: Arc::new(labels.clone()),
        metadata: Fields::new(),
        parsed: Fields::new(),
        level: LogLevel::Warn,
        trace_id: tid,
    };
    let sl = SnapLog::from_entry(&e);
    assert_eq!(sl.level, "warn");
    assert_eq!(sl.to_entry(), e);
    let t = TraceSummary {
        trace_id: TraceId(0xabc),
        root_service: "s".into(),
        root_name: "n".into(),
        start_ms: 1,
        duration_ms: 2.5,
        span_count: None,
        matched: 0,
        error: false,
    };
    let st = SnapTrace::from_summary(&t);
    assert_eq!(st.trace_id, "00000000000000000000000000000abc");
    assert_eq!(st.to_summary(), Some(t));
    assert_eq!(SnapTrace { trace_id: "zz".into(), ..SnapTrace::default() }.to_summary(), None);
}

#[test]
fn bad_snapshots_give_messages() {
    let good: Value = serde_json::from_str(&snapshot_to_json(&sample())).unwrap();
    let with = |k: &str, v: Value| {
        let mut g = good.clone();
        g[k] = v;
        parse_snapshot(&g.to_string()).unwrap_err()
    };
    assert_eq!(with("snapshotVersion", Value::from(2)), "snapshotVersion is 2; this version of Trifocal reads version 1");
    assert_eq!(with("snapshotVersion", Value::from("1")), "snapshotVersion must be a number, not a string");
    assert_eq!(with("fromMs", Value::from(1.5)), "fromMs must be a whole number of milliseconds");
    assert_eq!(with("toMs", Value::Null), "toMs is missing");
    assert_eq!(with("dashboard", Value::Null), "dashboard is missing");
    let mut d = good["dashboard"].clone();
    d["spec"]["layouts"][0]["spec"]["items"][0]["width"] = Value::from(0);
    assert_eq!(
        with("dashboard", d),
        "dashboard.spec.layouts[0].spec.items[0].width must be a whole number in 1..24 (got 0)"
    );
    let e = with("data", serde_json::json!([{"panelId": 1, "series": [{"points": [[1, true]]}]}]));
    assert!(e.starts_with("data[0]: point value must be a number, not a boolean"), "{e}");
    let e = with("data", serde_json::json!([{"panelId": 1, "series": [{"points": [[1, 2, 3]]}]}]));
    assert!(e.starts_with("data[0]:"), "{e}");
    let e = with("data", serde_json::json!([{"panelId": 2, "logs": [{"tsNs": "soon"}]}]));
    assert!(e.contains("is not a nanosecond timestamp"), "{e}");
    assert!(with("data", serde_json::json!({})).starts_with("data must be an array"));
    for t in ["", "{", "[]", "null", "{}"] {
        assert!(parse_snapshot(t).is_err(), "{t}");
    }
    assert_eq!(parse_snapshot("[]").unwrap_err(), "The snapshot must be an object, not an array");
    assert!(parse_snapshot(&" ".repeat(MAX_SNAPSHOT_BYTES + 1)).unwrap_err().contains("too large"));
}

#[test]
fn unknown_panels_and_fields_give_notices() {
    let mut g: Value = serde_json::from_str(&snapshot_to_json(&sample())).unwrap();
    g["data"] = serde_json::json!([{"panelId": 99, "series": []}, {"panelId": 1, "series": [{"refId": "A", "points": [[1, "2.5"]], "extra": 1}]}]);
    g["comment"] = Value::from("hi");
    let (s, notices) = parse_snapshot(&g.to_string()).unwrap();
    assert_eq!(s.data.len(), 1);
    assert_eq!(s.data[0].series[0].points, vec![SnapPoint(1, 2.5)]);
    assert_eq!(
        notices,
        vec![
            "comment: unknown field ignored".to_string(),
            "data[0]: panel 99 is not in the dashboard; its data was dropped".to_string()
        ]
    );
    // Numeric log timestamps are accepted too.
    g["data"] = serde_json::json!([{"panelId": 2, "logs": [{"tsNs": 12, "line": "x"}]}]);
    let (s, _) = parse_snapshot(&g.to_string()).unwrap();
    assert_eq!(s.data[0].logs[0].ts_ns, 12);
}

#[test]
fn data_of_repeated_copies_is_kept_and_found_again() {
    let mut s = sample();
    s.dashboard.panels[0].repeat = Some(crate::dashboard::Repeat { variable: "job".into(), direction: Default::default(), max_per_row: 4 });
    s.dashboard.variables[0].kind = VariableKind::Custom { values: vec!["api".into(), "db".into()] };
    s.dashboard.variables[0].multi = true;
    s.dashboard.variables[0].current = vec!["api".into(), "db".into()];
    s.variables = vec![SnapVariable { name: "job".into(), values: vec!["api".into(), "db".into()] }];
    // The second copy's id is the one expansion gives it (above every panel: 4).
    let values = vec![("job".to_string(), crate::dashboard::repeat::repeat_values(&s.dashboard.variables[0], &s.variables[0].values))];
    let shown = crate::dashboard::repeat::expand(&s.dashboard.panels, &values, &[]);
    let copy = shown.iter().find(|x| x.source == 1 && x.panel.id != 1).unwrap().panel.id;
    assert_eq!(copy, 4);
    s.data.push(PanelData { panel_id: copy, ..PanelData::default() });
    let (back, notices) = parse_snapshot(&snapshot_to_json(&s)).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert!(back.panel_data(copy).is_some());
    // Far above what repeats can make, an id is still dropped.
    s.data.push(PanelData { panel_id: 4 + crate::dashboard::schema::MAX_REPEATS as u32, ..PanelData::default() });
    let (_, notices) = parse_snapshot(&snapshot_to_json(&s)).unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
}
