//! Keeps docs/dashboard.schema.json (version 2) true: the shipped dashboard, the writer's output (demo,
//! Grafana imports, a dashboard with every kind and option set) validate against it, and documents the reader
//! refuses are refused by it too. Runs the fixtures in tests/fixtures/dashboards/ as data: `valid/` files
//! read without notices and validate; `invalid/` files are refused with the message in their `.error` file;
//! `migrate/` pairs: each `.v1.json` validates against docs/dashboard-v1.schema.json and is written back as
//! exactly its `.v2.json`. The checker below knows the keywords the schemas use (type, const, enum,
//! required, properties, additionalProperties (false or a schema), items, minItems/maxItems,
//! minimum/maximum, minLength/maxLength, $ref to $defs, oneOf); `pattern`, `propertyNames` and
//! `maxProperties` are not checked here (the reader's own tests cover ids, uids and variable names).

use serde_json::{json, Value};
use trifocal::dashboard::layout::normalize;
use trifocal::dashboard::{AlertListOptions, AutoInterval, SeriesStyle, AxisPlacement, FieldOverride, HideFrom, LineFill, LineStyle, SeriesDraw, StackMode, Stacking, Transform, Annotation, AlertSort, MapSource, NodeGraphOptions, 
    import_grafana, parse_dashboard, to_json, Dashboard, DatasourceKind, GridPos, Link, Panel, PanelKind, PanelOptions, PanelQuery, Repeat, RepeatDirection, Threshold, Variable,
    VariableKind,
};

const SCHEMA: &str = include_str!("../docs/dashboard.schema.json");
const SCHEMA_V1: &str = include_str!("../docs/dashboard-v1.schema.json");
const UPGRADED: &str = "schemaVersion is 1: this file was upgraded to version 2; saving writes version 2";

/// Errors of `v` against `s` (empty: valid), each with its JSON path.
fn check(root: &Value, s: &Value, v: &Value, path: &str, out: &mut Vec<String>) {
    let Some(s) = s.as_object() else { return };
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("only local $defs refs");
        check(root, &root["$defs"][name], v, path, out);
        return;
    }
    if let Some(c) = s.get("const") {
        if c != v {
            out.push(format!("{path}: {v} is not {c}"));
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            out.push(format!("{path}: {v} is not one of {e:?}"));
        }
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            "number" => v.is_number(),
            "integer" => v.as_i64().is_some() || v.as_u64().is_some(),
            _ => false,
        });
        if !ok {
            out.push(format!("{path}: {v} is not of type {t}"));
            return;
        }
    }
    if let Some(o) = v.as_object() {
        for r in s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !o.contains_key(r) {
                out.push(format!("{path}: {r} is missing"));
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        for (k, val) in o {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => check(root, ps, val, &format!("{path}.{k}"), out),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => out.push(format!("{path}: {k} is not allowed")),
                    Some(extra @ Value::Object(_)) => check(root, extra, val, &format!("{path}.{k}"), out),
                    _ => {}
                },
            }
        }
    }
    if let Some(a) = v.as_array() {
        if let Some(n) = s.get("maxItems").and_then(Value::as_u64) {
            if a.len() as u64 > n {
                out.push(format!("{path}: more than {n} items"));
            }
        }
        if let Some(is) = s.get("items") {
            for (i, x) in a.iter().enumerate() {
                check(root, is, x, &format!("{path}[{i}]"), out);
            }
        }
    }
    if let Some(x) = v.as_f64() {
        if s.get("minimum").and_then(Value::as_f64).is_some_and(|m| x < m) || s.get("maximum").and_then(Value::as_f64).is_some_and(|m| x > m) {
            out.push(format!("{path}: {x} is out of range"));
        }
    }
    if let Some(t) = v.as_str() {
        let n = t.chars().count() as u64;
        if s.get("minLength").and_then(Value::as_u64).is_some_and(|m| n < m) || s.get("maxLength").and_then(Value::as_u64).is_some_and(|m| n > m) {
            out.push(format!("{path}: a string of {n} characters is out of range"));
        }
    }
    if let Some(alts) = s.get("oneOf").and_then(Value::as_array) {
        let matching = alts
            .iter()
            .filter(|alt| {
                let mut e = Vec::new();
                check(root, alt, v, path, &mut e);
                e.is_empty()
            })
            .count();
        if matching != 1 {
            out.push(format!("{path}: matches {matching} of the oneOf alternatives, not exactly one"));
        }
    }
}

fn errors(v: &Value) -> Vec<String> {
    errors_against(SCHEMA, v)
}

fn errors_against(schema: &str, v: &Value) -> Vec<String> {
    let root: Value = serde_json::from_str(schema).expect("the schema is JSON");
    let mut out = Vec::new();
    check(&root, &root, v, "$", &mut out);
    out
}

fn written(d: &Dashboard) -> Value {
    serde_json::from_str(&to_json(d)).expect("the writer writes JSON")
}

#[test]
fn the_shipped_dashboard_and_its_rewrite_validate() {
    let text = include_str!("../assets/dashboards/trifocal-demo.json");
    let v: Value = serde_json::from_str(text).unwrap();
    assert_eq!(errors(&v), Vec::<String>::new());
    let (d, notes) = parse_dashboard(text).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(errors(&written(&d)), Vec::<String>::new());
}

#[test]
fn grafana_imports_are_written_as_the_schema_says() {
    for (name, text) in [
        ("node-exporter-full", include_str!("fixtures/grafana/node-exporter-full.json")),
        ("haproxy", include_str!("fixtures/grafana/haproxy.json")),
        ("apache-full", include_str!("fixtures/grafana/apache-full.json")),
    ] {
        let i = import_grafana(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!i.dashboard.panels.is_empty(), "{name}");
        assert_eq!(errors(&written(&i.dashboard)), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn every_kind_and_every_option_written_is_declared() {
    let q = |ds| PanelQuery {
        legend: "{{job}}".into(),
        instant: true,
        hidden: true,
        min_interval: Some("30s".into()),
        interval_factor: 2,
        limit: Some(500),
        ..PanelQuery::new("A", ds, "up")
    };
    let options = PanelOptions {
        unit: Some("s".into()),
        decimals: Some(2),
        min: Some(0.0),
        max: Some(1.5),
        soft_min: Some(-1.0),
        soft_max: Some(2.0),
        color_min: Some(1.0),
        color_max: Some(9.0),
        no_value: Some("0".into()),
        stacked: true,
        log_scale: true,
        show_legend: false,
        thresholds: vec![Threshold { value: None, color: "green".into() }, Threshold { value: Some(0.9), color: "red".into() }],
        min_interval: Some("1m".into()),
        content: "# Notes".into(),
        alert_list: Some(AlertListOptions {
            states: vec![trifocal::telemetry::alerts::AlertState::Firing],
            max_items: 20,
            sort: AlertSort::TimeDesc,
            group_by: vec!["service".into()],
            name: "Error".into(),
            labels: "{severity=\"critical\"}".into(),
        }),
        node_graph: Some(NodeGraphOptions { source: MapSource::Metrics }),
        hide_from: HideFrom { legend: true, tooltip: false, viz: false },
        axis_placement: AxisPlacement::Hidden,
        series_draw: SeriesDraw { transform: Some(Transform::Constant), fill_opacity: Some(20), line_width: Some(2), line_style: Some(LineStyle { fill: LineFill::Dot, dash: vec![0, 10] }), stacking: None, draw_style: None },
        overrides: vec![FieldOverride {
            name: "Bytes sent".into(),
            unit: Some("Bps".into()),
            hide_from: Some(HideFrom { legend: false, tooltip: true, viz: true }),
            axis_placement: Some(AxisPlacement::Right),
            draw: SeriesDraw { transform: Some(Transform::NegativeY), fill_opacity: Some(0), line_width: Some(0), line_style: Some(LineStyle { fill: LineFill::Dash, dash: vec![10, 10] }), stacking: Some(Stacking { mode: StackMode::None, group: "B".into() }), draw_style: Some(SeriesStyle::Bars) },
            ..FieldOverride::default()
        }, FieldOverride {
            names: vec!["Virtual Memory".into()],
            names_exclude: true,
            hide_from: Some(HideFrom { legend: false, tooltip: false, viz: true }),
            ..FieldOverride::default()
        }],
        ..PanelOptions::default()
    };
    let mut panels: Vec<Panel> = PanelKind::ALL
        .iter()
        .filter(|k| **k != PanelKind::Row)
        .enumerate()
        .map(|(i, k)| Panel {
            id: i as u32 + 1,
            title: format!("{k:?}"),
            description: "about it".into(),
            kind: *k,
            grid_pos: GridPos { x: 0, y: i as u32 * 8, w: 12, h: 8 },
            queries: if k.has_queries() { vec![q(k.default_datasource())] } else { Vec::new() },
            options: options.clone(),
            ..Panel::default()
        })
        .collect();
    let inner = Panel { id: 100, grid_pos: GridPos { x: 0, y: 0, w: 24, h: 8 }, ..Panel::default() };
    panels.push(Panel { id: 99, kind: PanelKind::Row, title: "Row".into(), collapsed: true, grid_pos: GridPos { x: 0, y: 80, w: 24, h: 1 }, panels: vec![inner], ..Panel::default() });
    let var = |name: &str, kind: VariableKind| Variable { name: name.into(), label: format!("{name} label"), kind, current: vec!["a".into()], ..Variable::default() };
    let variables = vec![
        Variable {
            multi: true,
            include_all: true,
            all_value: Some(".*".into()),
            hidden: true,
            ..var("q", VariableKind::Query { datasource: DatasourceKind::Loki, query: "label_values(job)".into(), regex: "/(.*)/".into() })
        },
        var("c", VariableKind::Custom { values: vec!["a".into(), "b".into()] }),
        var("i", VariableKind::Interval { values: vec!["1m".into()], auto: Some(AutoInterval::default()) }),
        var("k", VariableKind::Constant { value: "a".into() }),
        var("t", VariableKind::TextBox { value: "a".into() }),
    ];
    panels[0].links = vec![Link { title: "Runbook".into(), url: "https://runbooks.example/$q".into(), new_tab: true }];
    panels[1].repeat = Some(Repeat { variable: "c".into(), direction: RepeatDirection::Vertical, max_per_row: 3 });
    let links = vec![Link { title: String::new(), url: "#/dashboard/other?${__url_time_range}".into(), new_tab: false }];
    let annotations = vec![Annotation {
        name: "Firing".into(),
        enabled: false,
        source: "prom-b".into(),
        expr: "ALERTS{alertstate=\"firing\"}".into(),
        step: Some("30s".into()),
        title_format: "{{alertname}}".into(),
        text_format: "{{service_name}}".into(),
        tag_keys: vec!["severity".into()],
        color: "red".into(),
    }];
    let d = Dashboard { uid: "all-kinds".into(), description: "d".into(), tags: vec!["x".into()], refresh: Some("30s".into()), variables, links, annotations, panels, ..Dashboard::default() };
    let text = to_json(&d);
    // The reader takes it back unchanged (the collapsed row right below the panels, as any saved layout),
    // and the schema accepts every key the writer wrote.
    assert_eq!(parse_dashboard(&text).unwrap().0, Dashboard { panels: normalize(&d.panels), ..d.clone() });
    assert_eq!(errors(&written(&d)), Vec::<String>::new());
}

#[test]
fn documents_the_reader_refuses_are_refused_by_the_schema() {
    let ok = json!({"kind": "Dashboard", "schemaVersion": 2, "metadata": {"name": "x"}, "spec": {
        "panels": {"1": {"kind": "Panel", "spec": {"plugin": {"kind": "stat"}}}},
        "layouts": [{"kind": "Grid", "spec": {"items": [{"x": 0, "y": 0, "width": 6, "height": 4, "content": {"$ref": "#/spec/panels/1"}}]}}]}});
    assert_eq!(errors(&ok), Vec::<String>::new());
    assert!(parse_dashboard(&ok.to_string()).is_ok());
    let mut bad = Vec::new();
    let mut v = ok.clone();
    v["schemaVersion"] = json!(3);
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["panels"]["1"]["spec"]["plugin"]["kind"] = json!("piechart");
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["panels"]["1"]["spec"]["plugin"]["kind"] = json!("row");
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["layouts"][0]["spec"]["items"][0]["width"] = json!(25);
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["layouts"][0]["spec"]["items"][0].as_object_mut().unwrap().remove("content");
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["layouts"][0]["kind"] = json!("Flex");
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["variables"] = json!([{"kind": "query", "spec": {"name": "x"}}]);
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["panels"]["1"]["spec"]["queries"] = json!([{"kind": "mysql", "spec": {"refId": "A", "expr": "1"}}]);
    bad.push(v);
    let mut v = ok.clone();
    v["metadata"] = json!({});
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["panels"]["1"]["spec"]["links"] = json!([{"name": "no url"}]);
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["panels"]["1"]["spec"]["repeat"] = json!({"variable": "x", "direction": "diagonal"});
    bad.push(v);
    let mut v = ok.clone();
    v["spec"]["panels"]["1"]["spec"]["repeat"] = json!({"variable": "x", "maxPerRow": 0});
    bad.push(v);
    for v in bad {
        assert!(parse_dashboard(&v.to_string()).is_err(), "the reader refuses {v}");
        assert!(!errors(&v).is_empty(), "the schema refuses {v}");
    }
}

/// The files of `tests/fixtures/dashboards/<dir>` ending in `ext`, as (name, text), sorted.
fn fixtures(dir: &str, ext: &str) -> Vec<(String, String)> {
    let root = format!("{}/tests/fixtures/dashboards/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(String, String)> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{root}: {e}"))
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let stem = name.strip_suffix(ext)?.to_string();
            Some((stem, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn valid_fixtures_read_cleanly_validate_and_round_trip() {
    let all = fixtures("valid", ".json");
    assert!(all.len() >= 2);
    for (name, text) in all {
        let (d, notes) = parse_dashboard(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(notes.is_empty(), "{name}: {notes:?}");
        assert_eq!(errors(&serde_json::from_str(&text).unwrap()), Vec::<String>::new(), "{name}");
        let again = to_json(&d);
        assert_eq!(parse_dashboard(&again).unwrap().0, d, "{name}");
        assert_eq!(errors(&serde_json::from_str(&again).unwrap()), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn invalid_fixtures_are_refused_with_their_message() {
    let all = fixtures("invalid", ".json");
    assert!(all.len() >= 15);
    for (name, text) in all {
        let want = fixtures("invalid", ".error")
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, e)| e.trim().to_string())
            .unwrap_or_else(|| panic!("{name}.error is missing"));
        let got = parse_dashboard(&text).map(|_| ()).unwrap_err();
        assert!(got.starts_with(&want), "{name}\n got: {got}\nwant: {want}");
    }
}

#[test]
fn version_1_files_migrate_to_their_expected_version_2() {
    let inputs = fixtures("migrate", ".v1.json");
    assert!(inputs.len() >= 3);
    for (name, v1) in inputs {
        let expected = fixtures("migrate", ".v2.json")
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t)
            .unwrap_or_else(|| panic!("{name}.v2.json is missing"));
        assert_eq!(errors_against(SCHEMA_V1, &serde_json::from_str(&v1).unwrap()), Vec::<String>::new(), "{name} (v1)");
        let (d, notes) = parse_dashboard(&v1).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(notes, vec![UPGRADED.to_string()], "{name}");
        assert_eq!(to_json(&d) + "\n", expected, "{name}");
        assert_eq!(errors(&serde_json::from_str(&expected).unwrap()), Vec::<String>::new(), "{name} (v2)");
        let (back, notes) = parse_dashboard(&expected).unwrap();
        assert_eq!(back, d, "{name}");
        assert!(notes.is_empty(), "{name}: {notes:?}");
    }
}

#[test]
fn the_example_in_the_format_guide_reads_and_validates() {
    let guide = include_str!("../docs/dashboard-json.md");
    let start = guide.find("```json\n").expect("the guide has a JSON example") + "```json\n".len();
    let end = start + guide[start..].find("```").expect("the example ends");
    let example = &guide[start..end];
    let (d, notes) = parse_dashboard(example).unwrap_or_else(|e| panic!("the guide's example: {e}"));
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(errors(&serde_json::from_str(example).unwrap()), Vec::<String>::new());
    assert_eq!(d.uid, "checkout");
    let titles: Vec<&str> = d.all_panels().iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, vec!["Requests of $service", "Logs", "Errors"]);
}
