//! Tests of dashboard reading/writing: round trips, JSON-path errors, notices and size limits.

use super::*;
use serde_json::json;

fn sample() -> Dashboard {
    let mut row = Panel {
        id: 10,
        title: "Details".into(),
        kind: PanelKind::Row,
        grid_pos: GridPos { x: 0, y: 8, w: 24, h: 1 },
        collapsed: true,
        ..Panel::default()
    };
    row.panels.push(Panel {
        id: 11,
        title: "Logs".into(),
        kind: PanelKind::Logs,
        grid_pos: GridPos { x: 0, y: 9, w: 24, h: 10 },
        queries: vec![PanelQuery { limit: Some(500), ..PanelQuery::new("A", DatasourceKind::Loki, "{job=\"$job\"}") }],
        ..Panel::default()
    });
    Dashboard {
        uid: "svc-overview".into(),
        title: "Service overview".into(),
        description: "Requests, errors, latency".into(),
        tags: vec!["rag".into(), "demo".into()],
        time: DashboardTime { from: "now-1h".into(), to: "now".into() },
        refresh: Some("30s".into()),
        variables: vec![
            Variable {
                name: "job".into(),
                label: "Job".into(),
                kind: VariableKind::Query {
                    datasource: DatasourceKind::Prometheus,
                    query: "label_values(up, job)".into(),
                    regex: String::new(),
                },
                current: vec!["api".into(), "worker".into()],
                multi: true,
                include_all: true,
                all_value: Some(".*".into()),
                ..Variable::default()
            },
            Variable {
                name: "step".into(),
                kind: VariableKind::Interval { values: vec!["1m".into(), "5m".into()], auto: Some(AutoInterval { count: 20, min: "1m".into() }) },
                current: vec!["1m".into()],
                ..Variable::default()
            },
            Variable { name: "c".into(), kind: VariableKind::Constant { value: "x".into() }, hidden: true, ..Variable::default() },
            Variable { name: "free".into(), kind: VariableKind::Custom { values: vec!["a".into(), "b c".into()] }, ..Variable::default() },
        ],
        panels: vec![
            Panel {
                id: 1,
                title: "Request rate".into(),
                description: "per job".into(),
                kind: PanelKind::TimeSeries,
                grid_pos: GridPos { x: 0, y: 0, w: 12, h: 8 },
                queries: vec![
                    PanelQuery {
                        legend: "{{job}}".into(),
                        min_interval: Some("$step".into()),
                        interval_factor: 2,
                        ..PanelQuery::new("A", DatasourceKind::Prometheus, "sum by (job) (rate(http_requests_total{job=~\"$job\"}[$__rate_interval]))")
                    },
                    PanelQuery { hidden: true, instant: true, ..PanelQuery::new("B", DatasourceKind::Prometheus, "up") },
                ],
                options: PanelOptions {
                    unit: Some("reqps".into()),
                    decimals: Some(2),
                    min: Some(0.0),
                    max: Some(1.5e3),
                    style: SeriesStyle::Bars,
                    stacked: true,
                    log_scale: true,
                    show_legend: false,
                    thresholds: vec![
                        Threshold { value: None, color: "green".into() },
                        Threshold { value: Some(80.5), color: "#e24d42".into() },
                    ],
                    min_interval: Some("15s".into()),
                    ..PanelOptions::default()
                },
                ..Panel::default()
            },
            Panel {
                id: 2,
                title: "Errors".into(),
                kind: PanelKind::Stat,
                grid_pos: GridPos { x: 12, y: 0, w: 12, h: 8 },
                queries: vec![PanelQuery::new("A", DatasourceKind::Prometheus, "sum(rate(errors_total[5m]))")],
                options: PanelOptions { calc: StatCalc::Mean, ..PanelOptions::default() },
                ..Panel::default()
            },
            Panel {
                id: 3,
                title: "Notes".into(),
                kind: PanelKind::Text,
                grid_pos: GridPos { x: 0, y: 7, w: 24, h: 1 },
                options: PanelOptions { content: "# Hello\n<b>not html</b> ünïcode".into(), ..PanelOptions::default() },
                ..Panel::default()
            },
            row,
            Panel {
                id: 12,
                title: "Slow traces".into(),
                kind: PanelKind::Traces,
                grid_pos: GridPos { x: 0, y: 9, w: 24, h: 8 },
                queries: vec![PanelQuery::new("A", DatasourceKind::Tempo, "{ duration > 1s }")],
                ..Panel::default()
            },
        ],
        ..Dashboard::default()
    }
}

fn minimal() -> serde_json::Value {
    json!({"schemaVersion": 1, "uid": "u1", "panels": [
        {"id": 1, "kind": "timeseries", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "queries": [{"refId": "A", "expr": "up"}]}
    ]})
}

/// The notice a version 1 file gets.
const UPGRADED: &str = "schemaVersion is 1: this file was upgraded to version 2; saving writes version 2";

fn err_of(v: serde_json::Value) -> String {
    parse_dashboard(&v.to_string()).unwrap_err()
}

#[test]
fn full_dashboard_round_trips() {
    let d = sample();
    let text = to_json(&d);
    let (back, notices) = parse_dashboard(&text).unwrap();
    assert_eq!(back, d);
    assert!(notices.is_empty(), "{notices:?}");
    // Stable: writing again gives the same bytes.
    assert_eq!(to_json(&back), text);
    assert!(check(&d).is_ok());
}

#[test]
fn output_has_stable_field_order_and_names() {
    let text = to_json(&sample());
    let pos = |k: &str| text.find(k).unwrap_or_else(|| panic!("{k} missing in {text}"));
    assert!(pos("\"kind\": \"Dashboard\"") < pos("\"schemaVersion\": 2"));
    assert!(pos("\"schemaVersion\": 2") < pos("\"metadata\""));
    assert!(pos("\"metadata\"") < pos("\"spec\""));
    assert!(pos("\"time\"") < pos("\"refreshInterval\""));
    assert!(pos("\"variables\"") < pos("\"panels\""));
    assert!(pos("\"panels\"") < pos("\"layouts\""));
    // Panels by id.
    assert!(pos("\"1\": {") < pos("\"2\": {"));
    assert!(pos("\"11\": {") < pos("\"12\": {"));
    for k in ["\"$ref\": \"#/spec/panels/11\"", "\"refId\"", "\"intervalFactor\": 2", "\"logScale\": true", "\"includeAll\": true",
        "\"allValue\": \".*\"", "\"kind\": \"constant\"", "\"kind\": \"query\"", "\"kind\": \"timeseries\"",
        "\"calc\": \"mean\"", "\"style\": \"bars\"", "\"kind\": \"loki\"", "\"open\": false", "\"kind\": \"Grid\""] {
        pos(k);
    }
    // Defaults are left out.
    assert!(!text.contains("\"hidden\": false"));
    assert!(!text.contains("\"intervalFactor\": 1"));
}

#[test]
fn serde_deserialize_uses_the_same_checks() {
    let d = sample();
    let back: Dashboard = serde_json::from_str(&to_json(&d)).unwrap();
    assert_eq!(back, d);
    let bad = serde_json::from_str::<Dashboard>(r#"{"schemaVersion":1,"uid":"a b"}"#).unwrap_err().to_string();
    assert!(bad.contains("uid may only hold"), "{bad}");
}

#[test]
fn minimal_dashboard_gets_defaults() {
    let (d, notices) = parse_dashboard(&minimal().to_string()).unwrap();
    assert_eq!(notices, vec![UPGRADED.to_string()]);
    assert_eq!(d.title, "");
    assert_eq!(d.time, DashboardTime::default());
    assert_eq!(d.refresh, None);
    let q = &d.panels[0].queries[0];
    assert_eq!(q.datasource, DatasourceKind::Prometheus);
    assert_eq!(q.interval_factor, 1);
    assert!(d.panels[0].options.show_legend);
}

#[test]
fn datasource_defaults_by_panel_kind() {
    let mut v = minimal();
    v["panels"][0]["kind"] = json!("logs");
    let (d, _) = parse_dashboard(&v.to_string()).unwrap();
    assert_eq!(d.panels[0].queries[0].datasource, DatasourceKind::Loki);
    v["panels"][0]["kind"] = json!("traces");
    let (d, _) = parse_dashboard(&v.to_string()).unwrap();
    assert_eq!(d.panels[0].queries[0].datasource, DatasourceKind::Tempo);
}

#[test]
fn unknown_fields_are_ignored_with_notices() {
    let mut v = minimal();
    v["owner"] = json!("me");
    v["panels"][0]["fancy"] = json!({"a": 1});
    v["panels"][0]["queries"][0]["editorMode"] = json!("code");
    let (d, notices) = parse_dashboard(&v.to_string()).unwrap();
    assert_eq!(d.panels.len(), 1);
    assert_eq!(
        notices,
        vec![
            "owner: unknown field ignored".to_string(),
            "panels[0].fancy: unknown field ignored".to_string(),
            "panels[0].queries[0].editorMode: unknown field ignored".to_string(),
            UPGRADED.to_string(),
        ]
    );
}

#[test]
fn errors_name_the_json_path() {
    let ok = |id: u32| json!({"id": id, "kind": "stat", "gridPos": {"w": 4, "h": 4}});
    let cases: Vec<(serde_json::Value, &str)> = vec![
        (json!({"schemaVersion": 1, "uid": "u", "panels": [ok(1), ok(2), ok(3), {"id": 4, "kind": "stat", "gridPos": {"x": 0, "y": 0, "w": 30, "h": 2}}]}),
            "panels[3].gridPos.w must be a whole number in 1..24 (got 30)"),
        (json!({"schemaVersion": 1, "uid": "u", "panels": [{"id": 1, "kind": "stat", "gridPos": {"x": 20, "y": 0, "w": 8, "h": 2}}]}),
            "panels[0].gridPos: x + w must be at most 24 (x 20, w 8)"),
        (json!({"schemaVersion": 1, "uid": "u", "panels": [{"id": 1, "kind": "pie", "gridPos": {"w": 8, "h": 2}}]}),
            "panels[0].kind \"pie\" is not a panel kind (one of timeseries, stat, table, heatmap, logs, traces, text, row, alertlist, nodegraph)"),
        (json!({"schemaVersion": 1, "uid": "u", "panels": [{"id": 1, "kind": "stat"}]}), "panels[0].gridPos is missing"),
        (json!({"schemaVersion": 1, "uid": "u", "panels": [{"kind": "stat", "gridPos": {"w": 8, "h": 2}}]}), "panels[0].id is missing"),
        (json!({"schemaVersion": 1, "uid": "u", "panels": [{"id": "1", "kind": "stat", "gridPos": {"w": 8, "h": 2}}]}),
            "panels[0].id must be a number, not a string"),
        (json!({"schemaVersion": 1, "uid": "u", "panels": {}}), "panels must be an array, not an object"),
        (json!({"schemaVersion": 1, "uid": "u", "panels": [7]}), "panels[0] must be an object, not a number"),
        (json!({"schemaVersion": 1, "uid": "u", "time": {"from": "now", "to": "now-1h"}}), "time: From (now) must be before To (now-1h)."),
        (json!({"schemaVersion": 1, "uid": "u", "time": {"from": "yesterday", "to": "now"}}), "time: From: \"yesterday\" is not a time"),
        (json!({"schemaVersion": 1, "uid": "u", "time": {"to": "now"}}), "time.from is missing"),
        (json!({"schemaVersion": 1, "uid": "u", "refresh": "soon"}), "refresh must be a duration of at least 1s"),
        (json!({"schemaVersion": 3, "uid": "u"}), "schemaVersion is 3; this version of Trifocal reads versions 1 and 2"),
        (json!({"schemaVersion": "1", "uid": "u"}), "schemaVersion must be a number, not a string"),
        (json!({"uid": "u"}), "schemaVersion is missing"),
        (json!({"templating": {}, "panels": []}), "schemaVersion is missing (this looks like a Grafana dashboard"),
        (json!({"schemaVersion": 1}), "uid is missing"),
        (json!({"schemaVersion": 1, "uid": ""}), "uid must not be empty"),
        (json!({"schemaVersion": 1, "uid": "u", "tags": [1]}), "tags[0] must be a string, not a number"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "1x", "kind": {"type": "textbox"}}]}),
            "variables[0].name \"1x\" must start with a letter"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "__x", "kind": {"type": "textbox"}}]}),
            "variables[0].name \"__x\" must not start with '__'"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": {"type": "textbox"}}, {"name": "a", "kind": {"type": "constant"}}]}),
            "variables[1].name \"a\" is used by another variable"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": {"type": "adhoc"}}]}),
            "variables[0].kind.type \"adhoc\" is not one of query, custom, interval, constant, textbox"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": {"type": "query"}}]}), "variables[0].kind.query is missing"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": {"type": "interval", "values": ["1m", "often"]}}]}),
            "variables[0].kind.values[1] \"often\" is not a duration"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": {"type": "interval", "values": ["1m"], "auto": {"count": 0, "min": "10s"}}}]}),
            "variables[0].kind.auto.count must be a whole number of steps in 1..500"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": {"type": "interval", "values": ["1m"], "auto": {"count": 30, "min": "soon"}}}]}),
            "variables[0].kind.auto.min must be a duration such as 10s"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": {"type": "interval", "values": ["1m"], "auto": true}}]}),
            "variables[0].kind.auto must be an object such as {\"count\": 30, \"min\": \"10s\"}, not a boolean"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": {"type": "interval", "values": ["1m"], "auto": {"count": 30, "min": "10s", "max": "1h"}}}]}),
            "variables[0].kind.auto.max is not a field of auto (count, min)"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a"}]}), "variables[0].kind is missing"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": "query"}]}), "variables[0].kind must be an object, not a string"),
        (json!({"schemaVersion": 1, "uid": "u", "variables": [{"name": "a", "kind": {"type": "textbox"}, "multi": "yes"}]}),
            "variables[0].multi must be true or false, not a string"),
    ];
    for (v, want) in cases {
        let got = err_of(v.clone());
        assert!(got.starts_with(want), "for {v}\n got: {got}\nwant: {want}");
    }
}

#[test]
fn query_and_option_errors_name_the_path() {
    let mut v = minimal();
    v["panels"][0]["queries"][0]["datasource"] = json!("mysql");
    assert!(err_of(v.clone()).starts_with("panels[0].queries[0].datasource \"mysql\" is not one of prometheus, loki, tempo"));
    let mut v = minimal();
    v["panels"][0]["queries"] = json!([{"refId": "A", "expr": "a"}, {"refId": "A", "expr": "b"}]);
    assert_eq!(err_of(v), "panels[0].queries[1].refId \"A\" is used by another query of this panel");
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"min": 5, "max": 1});
    assert_eq!(err_of(v), "panels[0].options: min (5) must not be above max (1)");
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"decimals": 99});
    assert_eq!(err_of(v), "panels[0].options.decimals must be a whole number in 0..20 (got 99)");
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"thresholds": [{"value": 1}]});
    assert_eq!(err_of(v), "panels[0].options.thresholds[0].color is missing");
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"style": "area"});
    assert_eq!(err_of(v), "panels[0].options.style \"area\" is not one of lines, points, bars");
    let mut v = minimal();
    v["panels"][0]["queries"][0]["intervalFactor"] = json!(0);
    assert_eq!(err_of(v), "panels[0].queries[0].intervalFactor must be a whole number in 1..100 (got 0)");
}

#[test]
fn rows_are_checked() {
    let row = |extra: serde_json::Value| {
        let mut r = json!({"id": 5, "kind": "row", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}});
        if let (Some(r), Some(e)) = (r.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        json!({"schemaVersion": 1, "uid": "u", "panels": [r]})
    };
    let child = json!({"id": 6, "kind": "stat", "gridPos": {"w": 4, "h": 4}});
    assert!(parse_dashboard(&row(json!({"collapsed": true, "panels": [child.clone()]})).to_string()).is_ok());
    assert_eq!(
        err_of(row(json!({"panels": [child.clone()]}))),
        "panels[0].panels: only a collapsed row holds its panels (set collapsed: true)"
    );
    assert_eq!(
        err_of(row(json!({"collapsed": true, "panels": [{"id": 5, "kind": "stat", "gridPos": {"w": 4, "h": 4}}]}))),
        "panels[0].panels[0].id 5 is used by another panel"
    );
    assert_eq!(
        err_of(row(json!({"collapsed": true, "panels": [{"id": 7, "kind": "row", "gridPos": {"w": 24, "h": 1}}]}))),
        "panels[0].panels[0]: a row cannot be inside another row"
    );
    let mut v = row(json!({}));
    v["panels"][0]["gridPos"]["w"] = json!(12);
    assert_eq!(err_of(v), "panels[0].gridPos: a row spans the full width (x 0, w 24) and is 1 high");
    let mut v = minimal();
    v["panels"][0]["collapsed"] = json!(true);
    assert_eq!(err_of(v), "panels[0].collapsed: only rows can be collapsed");
    let mut v = minimal();
    v["panels"][0]["panels"] = json!([child]);
    assert_eq!(err_of(v), "panels[0].panels: only a top-level row may hold panels");
}

#[test]
fn text_panel_queries_are_dropped_with_notice() {
    let mut v = minimal();
    v["panels"][0]["kind"] = json!("text");
    let (d, notices) = parse_dashboard(&v.to_string()).unwrap();
    assert!(d.panels[0].queries.is_empty());
    assert_eq!(notices, vec!["panels[0].queries: a text panel runs no queries; they were dropped".to_string(), UPGRADED.to_string()]);
}

#[test]
fn duplicate_panel_ids_are_rejected() {
    let mut v = minimal();
    let p = v["panels"][0].clone();
    v["panels"] = json!([p.clone(), p]);
    assert_eq!(err_of(v), "panels[1].id 1 is used by another panel");
}

#[test]
fn malformed_json_gives_a_message() {
    for text in ["", "   ", "{", "[1,2", "nul", "{\"schemaVersion\": 1,}", "\u{0}", "\"just a string\"", "[]", "42", "null"] {
        let e = parse_dashboard(text).unwrap_err();
        assert!(!e.is_empty(), "{text:?}");
    }
    assert_eq!(parse_dashboard("[]").unwrap_err(), "The dashboard must be an object, not an array");
    assert!(parse_dashboard("{").unwrap_err().starts_with("The dashboard is not valid JSON"));
}

#[test]
fn absurd_sizes_are_refused_without_panicking() {
    let huge = " ".repeat(MAX_DASHBOARD_BYTES + 1);
    assert!(parse_dashboard(&huge).unwrap_err().starts_with("The dashboard is too large"));
    // Deep nesting hits serde_json's recursion limit, not the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse_dashboard(&deep).is_err());
    let deep_obj = format!("{{\"schemaVersion\":1,\"uid\":\"u\",\"x\":{}1{}}}", "{\"a\":".repeat(5000), "}".repeat(5000));
    assert!(parse_dashboard(&deep_obj).is_err());
    // Too many panels.
    let panels: Vec<_> = (0..501).map(|i| json!({"id": i, "kind": "stat", "gridPos": {"w": 1, "h": 1}})).collect();
    let e = err_of(json!({"schemaVersion": 1, "uid": "u", "panels": panels}));
    assert_eq!(e, "panels has 501 items, at most 500 are allowed");
    // Rows with many children count too.
    let kids: Vec<_> = (1000..1400).map(|i| json!({"id": i, "kind": "stat", "gridPos": {"w": 1, "h": 1}})).collect();
    let row = |id: u32| json!({"id": id, "kind": "row", "collapsed": true, "gridPos": {"w": 24, "h": 1}, "panels": kids});
    let mut r2 = row(2);
    r2["panels"] = json!(kids.iter().map(|k| { let mut k = k.clone(); k["id"] = json!(k["id"].as_u64().unwrap_or(0) + 1000); k }).collect::<Vec<_>>());
    let e = err_of(json!({"schemaVersion": 1, "uid": "u", "panels": [row(1), r2]}));
    assert_eq!(e, "panels holds more than 500 panels (rows included)");
    // Huge numbers and strings.
    let mut v = minimal();
    v["panels"][0]["gridPos"]["y"] = json!(1e300);
    assert!(err_of(v).starts_with("panels[0].gridPos.y must be a whole number"));
    let mut v = minimal();
    v["panels"][0]["id"] = json!(-1);
    assert!(err_of(v).starts_with("panels[0].id must be a whole number"));
    let mut v = minimal();
    v["title"] = json!("x".repeat(501));
    assert_eq!(err_of(v), "title is too long (501 characters, at most 500)");
}

#[test]
fn helpers_find_panels_and_ids() {
    let d = sample();
    assert_eq!(d.all_panels().len(), 6);
    assert_eq!(d.panel(11).map(|p| p.title.as_str()), Some("Logs"));
    assert_eq!(d.next_panel_id(), 13);
    assert_eq!(Dashboard::default().next_panel_id(), 1);
    assert_eq!(d.variable("job").map(|v| v.multi), Some(true));
    assert_eq!(d.variable_values()[0], ("job".to_string(), vec!["api".to_string(), "worker".to_string()]));
    let mut d = d;
    if let Some(p) = d.panel_mut(11) {
        p.title = "Renamed".into();
    }
    assert_eq!(d.panel(11).map(|p| p.title.as_str()), Some("Renamed"));
}

#[test]
fn a_version_1_panel_id_0_gets_a_free_id() {
    let mut v = minimal();
    v["panels"][0]["id"] = json!(0);
    let (d, notices) = parse_dashboard(&v.to_string()).unwrap();
    assert_eq!(d.panels[0].id, 1);
    assert_eq!(notices[0], "panels[0].id 0 became 1: ids start at 1 from version 2");
    assert!(check(&d).is_ok());
    assert_eq!(parse_dashboard(&to_json(&d)).unwrap().0, d);
}

#[test]
fn value_mapping_errors_name_the_path() {
    let bad = |m: serde_json::Value| {
        let mut v = minimal();
        v["panels"][0]["options"] = json!({"mappings": [{"kind": "value", "value": "1", "text": "Up"}, m]});
        err_of(v)
    };
    assert_eq!(bad(json!({"kind": "gradient"})), "panels[0].options.mappings[1].kind \"gradient\" is not one of value, range, regex, special");
    assert_eq!(bad(json!({"text": "x"})), "panels[0].options.mappings[1].kind is missing");
    assert_eq!(bad(json!({"kind": "range", "text": "x"})), "panels[0].options.mappings[1]: a range mapping needs from or to");
    assert_eq!(bad(json!({"kind": "range", "from": 5, "to": 1})), "panels[0].options.mappings[1]: from must not be above to");
    assert_eq!(bad(json!({"kind": "special", "value": "sometimes"})), "panels[0].options.mappings[1].value \"sometimes\" is not one of null, nan, null+nan, true, false, empty");
    assert_eq!(bad(json!({"kind": "regex"})), "panels[0].options.mappings[1]: a regex mapping needs a pattern in value");
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"mappings": [{"kind": "range", "from": 0, "to": 10, "text": "low", "color": "green"}]});
    let (d, notes) = parse_dashboard(&v.to_string()).unwrap();
    assert!(!notes.iter().any(|n| n.contains("mapping")), "{notes:?}");
    assert_eq!(
        d.panels[0].options.mappings,
        vec![ValueMapping { kind: MappingKind::Range, value: String::new(), from: Some(0.0), to: Some(10.0), text: "low".into(), color: Some("green".into()) }]
    );
}

#[test]
fn an_override_needs_a_name_or_a_regex() {
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"overrides": [{"unit": "bytes"}]});
    assert_eq!(err_of(v), "panels[0].options.overrides[0]: an override needs exactly one of name, regex, refId, type or names");
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"overrides": [{"name": "a", "regex": "b"}]});
    assert_eq!(err_of(v), "panels[0].options.overrides[0]: an override needs exactly one of name, regex, refId, type or names");
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"overrides": [{"regex": "^x", "decimals": 2, "color": "red", "displayName": "X"}]});
    let (d, _) = parse_dashboard(&v.to_string()).unwrap();
    assert_eq!(
        d.panels[0].options.overrides,
        vec![FieldOverride { regex: "^x".into(), decimals: Some(2), color: Some("red".into()), display_name: Some("X".into()), ..FieldOverride::default() }]
    );
}

#[test]
fn overrides_by_query_or_type_and_the_thresholds_style_are_read() {
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"thresholdsStyle": "dashed+area", "thresholdsPercent": true,
        "overrides": [{"refId": "B", "color": "red"}, {"type": "number", "unit": "bytes"}]});
    let (d, notes) = parse_dashboard(&v.to_string()).unwrap();
    assert!(!notes.iter().any(|n| n.contains("options")), "{notes:?}");
    let o = &d.panels[0].options;
    assert_eq!((o.thresholds_style, o.thresholds_percent), (ThresholdsStyle::DashedArea, true));
    assert_eq!(
        o.overrides,
        vec![
            FieldOverride { ref_id: "B".into(), color: Some("red".into()), ..FieldOverride::default() },
            FieldOverride { field_type: "number".into(), unit: Some("bytes".into()), ..FieldOverride::default() },
        ]
    );
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"thresholdsStyle": "wavy"});
    assert_eq!(err_of(v), "panels[0].options.thresholdsStyle \"wavy\" is not one of off, line, dashed, area, line+area, dashed+area");
    let mut v = minimal();
    v["panels"][0]["options"] = json!({"overrides": [{"refId": "A", "type": "number"}]});
    assert_eq!(err_of(v), "panels[0].options.overrides[0]: an override needs exactly one of name, regex, refId, type or names");
}
