//! Tests of Perses import on sample dashboards shaped like the Perses community mixins
//! (tests/fixtures/perses) and on broken inputs.

use super::*;
use crate::dashboard::{parse_dashboard, to_json};
use serde_json::json;

const NODE: &str = include_str!("../../tests/fixtures/perses/node-exporter-overview.json");
const RAG: &str = include_str!("../../tests/fixtures/perses/rag-service.json");

fn titled<'a>(d: &'a Dashboard, title: &str) -> &'a Panel {
    d.all_panels().into_iter().find(|p| p.title == title).unwrap_or_else(|| panic!("no panel {title}"))
}

fn var_query(d: &Dashboard, name: &str) -> (String, String) {
    match &d.variable(name).unwrap().kind {
        VariableKind::Query { query, regex, .. } => (query.clone(), regex.clone()),
        other => panic!("{name} is {other:?}"),
    }
}

fn err(v: serde_json::Value) -> String {
    import_perses(&v.to_string()).unwrap_err()
}

/// A minimal dashboard with one panel `p` of `plugin` placed at the top left.
fn one_panel(plugin: serde_json::Value, queries: serde_json::Value) -> serde_json::Value {
    json!({"kind": "Dashboard", "metadata": {"name": "t"}, "spec": {
        "panels": {"p": {"kind": "Panel", "spec": {"display": {"name": "P"}, "plugin": plugin, "queries": queries}}},
        "layouts": [{"kind": "Grid", "spec": {"items": [{"x": 0, "y": 0, "width": 6, "height": 4, "content": {"$ref": "#/spec/panels/p"}}]}}]
    }})
}

#[test]
fn node_exporter_metadata_time_and_refresh() {
    let i = import_perses(NODE).unwrap();
    let d = &i.dashboard;
    assert_eq!((d.uid.as_str(), d.title.as_str()), ("node-exporter-nodes", "Node Exporter / Nodes"));
    assert_eq!(d.description, "CPU, memory, disk and network of one node.");
    assert_eq!(d.tags, vec!["perses-dev".to_string()]);
    assert_eq!((d.time.from.as_str(), d.time.to.as_str()), ("now-1h", "now"));
    assert_eq!(d.refresh.as_deref(), Some("30s"));
    check(d).unwrap();
}

#[test]
fn node_exporter_rows_positions_and_ids() {
    let d = import_perses(NODE).unwrap().dashboard;
    // Top level: the untitled grid, CPU (open) and its panels, Memory (folded), Disk (open) and its panels
    // with the placeholder of the missing panel, Network (folded), the folded row of unplaced panels.
    let top: Vec<(&str, PanelKind, bool)> = d.panels.iter().map(|p| (p.title.as_str(), p.kind, p.collapsed)).collect();
    assert_eq!(
        top,
        vec![
            ("About this dashboard", PanelKind::Text, false),
            ("Uptime", PanelKind::Stat, false),
            ("CPU", PanelKind::Row, false),
            ("CPU usage", PanelKind::TimeSeries, false),
            ("Load average", PanelKind::TimeSeries, false),
            ("Memory", PanelKind::Row, true),
            ("Disk", PanelKind::Row, false),
            ("Disk space used", PanelKind::Table, false),
            ("Disk I/O", PanelKind::TimeSeries, false),
            ("Missing panel", PanelKind::Text, false),
            ("Network", PanelKind::Row, true),
            (UNPLACED_ROW_TITLE, PanelKind::Row, true),
        ]
    );
    assert_eq!(d.all_panels().len(), 17);
    // Panel names become ids in the order the layouts show them.
    let ids: Vec<(u32, &str)> = d.all_panels().iter().filter(|p| p.kind != PanelKind::Row).map(|p| (p.id, p.title.as_str())).collect();
    assert_eq!(&ids[..4], &[(1, "About this dashboard"), (2, "Uptime"), (3, "CPU usage"), (4, "Load average")]);
    // Positions: sections stack; item positions are relative to their section.
    let pos = |t: &str| titled(&d, t).grid_pos;
    assert_eq!(pos("About this dashboard"), GridPos { x: 0, y: 0, w: 18, h: 3 });
    assert_eq!(pos("Uptime"), GridPos { x: 18, y: 0, w: 6, h: 3 });
    assert_eq!(pos("CPU"), GridPos { x: 0, y: 3, w: 24, h: 1 });
    assert_eq!(pos("Load average"), GridPos { x: 12, y: 4, w: 12, h: 8 });
    assert_eq!(pos("Memory").y, 12);
    assert_eq!(pos("Disk").y, 13);
    assert_eq!(pos("Disk I/O"), GridPos { x: 12, y: 14, w: 12, h: 7 });
    assert_eq!(pos("Missing panel"), GridPos { x: 0, y: 21, w: 24, h: 4 });
    assert_eq!(pos("Network").y, 25);
    // Folded rows hold their panels.
    let memory: Vec<&str> = titled(&d, "Memory").panels.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(memory, ["Memory used", "Memory usage"]);
    assert_eq!(titled(&d, "Memory used").grid_pos, GridPos { x: 0, y: 13, w: 8, h: 6 });
    let network: Vec<&str> = titled(&d, "Network").panels.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(network, ["Network traffic", "Network errors by device"]);
    let unplaced: Vec<&str> = titled(&d, UNPLACED_ROW_TITLE).panels.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(unplaced, ["Old draft"]);
}

#[test]
fn node_exporter_queries_and_options() {
    let d = import_perses(NODE).unwrap().dashboard;
    let cpu = titled(&d, "CPU usage");
    assert_eq!(cpu.description, "Share of CPU time not idle, per instance.");
    assert_eq!(cpu.queries.len(), 1);
    let q = &cpu.queries[0];
    assert_eq!(q.datasource, DatasourceKind::Prometheus);
    assert_eq!(q.expr, "1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\",instance=~\"$instance\"}[$interval]))");
    assert_eq!((q.ref_id.as_str(), q.legend.as_str(), q.min_interval.as_deref()), ("A", "{{instance}}", Some("30s")));
    let o = &cpu.options;
    assert_eq!((o.unit.as_deref(), o.decimals, o.min, o.max), (Some("percentunit"), Some(1), Some(0.0), Some(1.0)));
    assert!(o.stacked && o.show_legend);
    assert_eq!(o.style, SeriesStyle::Lines);
    assert_eq!(
        o.thresholds,
        vec![
            Threshold { value: None, color: "green".into() },
            Threshold { value: Some(0.8), color: "orange".into() },
            Threshold { value: Some(0.95), color: "red".into() },
        ]
    );
    let load = titled(&d, "Load average");
    let legends: Vec<(&str, &str)> = load.queries.iter().map(|q| (q.ref_id.as_str(), q.legend.as_str())).collect();
    assert_eq!(legends, [("A", "1m {{instance}}"), ("B", "5m {{instance}}"), ("C", "15m {{instance}}")]);
    assert!(!load.options.show_legend, "no legend in the Perses spec");
    let mem = titled(&d, "Memory usage");
    assert_eq!((mem.options.style, mem.options.unit.as_deref()), (SeriesStyle::Bars, Some("bytes")));
    let gauge = titled(&d, "Memory used");
    assert_eq!((gauge.kind, gauge.options.calc, gauge.options.max), (PanelKind::Stat, StatCalc::Mean, Some(100.0)));
    assert_eq!(gauge.options.thresholds, vec![Threshold { value: Some(90.0), color: "#e02f44".into() }]);
    let uptime = titled(&d, "Uptime");
    assert_eq!((uptime.options.unit.as_deref(), uptime.options.decimals, uptime.options.calc), (Some("s"), Some(0), StatCalc::LastNotNull));
    let table = titled(&d, "Disk space used");
    assert!(table.queries[0].instant, "a table shows one row per series");
    assert_eq!(titled(&d, "Disk I/O").options.unit.as_deref(), Some("Bps"));
    assert_eq!(titled(&d, "Network traffic").options.unit.as_deref(), Some("bps"));
    let about = titled(&d, "About this dashboard");
    assert_eq!(about.options.content, "# Node overview\n\nOne row per **resource**; open a row to see its charts.");
    assert!(about.queries.is_empty());
}

#[test]
fn node_exporter_variables() {
    let d = import_perses(NODE).unwrap().dashboard;
    let names: Vec<&str> = d.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["job", "instance", "device", "label", "interval", "mountpoint", "cluster"]);
    assert_eq!(var_query(&d, "job").0, "label_values(node_uname_info{}, job)");
    let job = d.variable("job").unwrap();
    assert_eq!((job.label.as_str(), job.current.clone(), job.multi, job.include_all), ("Job", vec!["node".to_string()], false, false));
    assert_eq!(var_query(&d, "instance").0, "label_values(node_uname_info{job=\"$job\"}, instance)");
    let inst = d.variable("instance").unwrap();
    assert!(inst.multi && inst.include_all);
    assert_eq!((inst.all_value.as_deref(), inst.current.clone()), (Some(".*"), vec!["$__all".to_string()]));
    assert_eq!(
        var_query(&d, "device"),
        ("query_result(count by (device) (node_network_up{instance=~\"$instance\"}))".to_string(), "/device=\"([^\"]*)\"/".to_string())
    );
    assert_eq!(var_query(&d, "label").0, "label_names()");
    assert!(d.variable("label").unwrap().hidden);
    let interval = d.variable("interval").unwrap();
    assert_eq!(interval.kind, VariableKind::Custom { values: vec!["1m".into(), "5m".into(), "15m".into()] });
    assert_eq!(interval.current, vec!["5m".to_string()]);
    assert_eq!(d.variable("mountpoint").unwrap().kind, VariableKind::TextBox { value: "/".into() });
    assert_eq!(d.variable("cluster").unwrap().kind, VariableKind::Constant { value: "eu-west-1".into() });
}

#[test]
fn node_exporter_notices_name_what_was_not_kept() {
    let i = import_perses(NODE).unwrap();
    let has = |s: &str| i.notices.iter().any(|n| n.contains(s));
    assert!(has("Variable \"instance\": only its first matcher (node_uname_info{job=\"$job\"}) is used; 1 more were dropped."), "{:?}", i.notices);
    assert!(has("Variable \"dc\" was skipped: its plugin \"SomeVendorDatacenterVariable\" is not supported."));
    assert!(has("Panel \"Network errors by device\" (netErrors, id 10) is shown as a placeholder: panel plugin \"PieChart\" is not supported."));
    assert!(has("spec.layouts[3].spec.items[2] refers to \"#/spec/panels/diskQuota\", which is not in spec.panels"));
    assert!(has("Panels in spec.panels but in no layout (oldDraft)"));
    assert_eq!(i.notices.len(), 5, "{:?}", i.notices);
    assert_eq!(i.skipped_panels, vec!["(missing panel #/spec/panels/diskQuota)".to_string(), "Network errors by device".to_string()]);
    // The placeholder keeps the query it held.
    let pie = titled(&i.dashboard, "Network errors by device");
    assert_eq!(pie.kind, PanelKind::Text);
    assert!(pie.options.content.contains("PrometheusTimeSeriesQuery: sum by (device) (increase(node_network_receive_errs_total"));
}

#[test]
fn rag_logs_traces_and_unsupported_queries() {
    let i = import_perses(RAG).unwrap();
    let d = &i.dashboard;
    assert_eq!((d.time.from.as_str(), d.refresh.clone()), ("now-30m", None));
    assert_eq!(var_query(d, "service").0, "label_values(http_server_requests_total, service_name)");
    let logs = titled(d, "Logs");
    assert_eq!((logs.kind, logs.queries[0].datasource, logs.queries[0].expr.as_str()), (PanelKind::Logs, DatasourceKind::Loki, "{job=~\".+\"}"));
    let traces = titled(d, "Failed searches");
    assert_eq!((traces.kind, traces.queries[0].datasource, traces.queries[0].limit), (PanelKind::Traces, DatasourceKind::Tempo, Some(20)));
    let sql = titled(d, "Orders (SQL)");
    assert_eq!(sql.kind, PanelKind::Text);
    assert!(sql.options.content.contains("query plugin \"SQLTimeSeriesQuery\" is not supported"));
    assert_eq!(i.skipped_panels, vec!["Orders (SQL)".to_string()]);
    let rows: Vec<&str> = d.panels.iter().filter(|p| p.kind == PanelKind::Row).map(|p| p.title.as_str()).collect();
    assert_eq!(rows, ["Traffic", "Logs and traces"]);
}

#[test]
fn imports_survive_a_write_and_a_reread() {
    for text in [NODE, RAG] {
        let d = import_perses(text).unwrap().dashboard;
        let (again, _) = parse_dashboard(&to_json(&d)).unwrap();
        assert_eq!(again, d);
    }
}

#[test]
fn a_panel_placed_twice_gets_a_second_id() {
    let mut v = one_panel(json!({"kind": "Markdown", "spec": {"text": "hi"}}), json!([]));
    v["spec"]["layouts"][0]["spec"]["items"]
        .as_array_mut()
        .unwrap()
        .push(json!({"x": 6, "y": 0, "width": 6, "height": 4, "content": {"$ref": "#/spec/panels/p"}}));
    let i = import_perses(&v.to_string()).unwrap();
    let ids: Vec<u32> = i.dashboard.panels.iter().map(|p| p.id).collect();
    assert_eq!(ids, [1, 2]);
    assert!(i.notices[0].contains("placed more than once (spec.layouts[0].spec.items[1])"));
}

#[test]
fn broken_inputs_are_one_sentence_with_the_path() {
    assert_eq!(import_perses("[]").unwrap_err(), "A Perses dashboard is a JSON object, not an array.");
    assert!(import_perses("{").unwrap_err().starts_with("This is not valid JSON"));
    assert_eq!(import_perses("  ").unwrap_err(), "The Perses dashboard text is empty.");
    assert_eq!(err(json!({"kind": "Dashboard"})), "spec is missing: a Perses dashboard keeps its panels and layouts in spec.");
    assert_eq!(err(json!({"kind": "Project", "spec": {}})), "kind is \"Project\"; a Perses dashboard has kind \"Dashboard\".");
    assert_eq!(err(json!({"kind": "Dashboard", "spec": []})), "spec must be an object, not an array.");
    assert_eq!(err(json!({"kind": "Dashboard", "spec": {"panels": []}})), "spec.panels must be an object, not an array.");
    let mut v = one_panel(json!({"kind": "Markdown"}), json!([]));
    v["spec"]["layouts"][0]["spec"]["items"][0]["width"] = json!("6");
    assert_eq!(err(v), "spec.layouts[0].spec.items[0].width must be a number, not a string.");
    let mut v = one_panel(json!({"kind": "Markdown"}), json!([]));
    v["spec"]["layouts"][0]["spec"]["items"][0]["content"] = json!({});
    assert_eq!(err(v), "spec.layouts[0].spec.items[0].content.$ref is missing.");
    assert_eq!(err(one_panel(json!({"spec": {}}), json!([]))), "spec.panels.p.spec.plugin.kind is missing.");
    assert_eq!(
        err(one_panel(json!({"kind": "TimeSeriesChart"}), json!([{"kind": "TimeSeriesQuery", "spec": {"plugin": {"kind": "PrometheusTimeSeriesQuery", "spec": {"query": 5}}}}]))),
        "spec.panels.p.spec.queries[0].spec.plugin.spec.query must be a string, not a number."
    );
    assert_eq!(
        err(json!({"kind": "Dashboard", "spec": {"variables": [{"kind": "TextVariable", "spec": {"value": "x"}}]}})),
        "spec.variables[0].spec.name is missing."
    );
    assert_eq!(
        err(json!({"kind": "Dashboard", "spec": {"layouts": [{"kind": "Grid", "spec": {"display": {"collapse": {"open": "no"}}}}]}})),
        "spec.layouts[0].spec.display.collapse.open must be true or false, not a string."
    );
}

#[test]
fn odd_values_never_panic_and_stay_valid() {
    let texts = [
        json!({"kind": "Dashboard", "spec": {}}),
        json!({"kind": "Dashboard", "metadata": null, "spec": {"duration": "forever", "refreshInterval": "0.1s"}}),
        json!({"kind": "Dashboard", "spec": {"layouts": [{"kind": "Grid", "spec": {"items": [
            {"x": 1e300, "y": 1e300, "width": 1e300, "height": 0, "content": {"$ref": "#/spec/panels/"}},
            {"x": 23.6, "y": 0.4, "width": 0.2, "height": 1e9, "content": {"$ref": "elsewhere"}}
        ]}}, {"kind": "Tabs", "spec": {}}]}}),
        one_panel(json!({"kind": "TimeSeriesChart", "spec": {"yAxis": {"min": 5, "max": 1}, "thresholds": {"steps": [{"value": 1}]}}}), json!([])),
        one_panel(json!({"kind": "StatChart", "spec": {"calculation": "median", "format": {"decimalPlaces": 1e9}}}), json!([])),
    ];
    for v in texts {
        let i = import_perses(&v.to_string()).unwrap_or_else(|e| panic!("{v}: {e}"));
        check(&i.dashboard).unwrap();
        let (again, _) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
        assert_eq!(again, i.dashboard);
    }
    let i = import_perses(&json!({"kind": "Dashboard", "spec": {"duration": "forever"}}).to_string()).unwrap();
    assert_eq!(i.dashboard.time, DashboardTime::default());
    assert!(i.notices[0].starts_with("The duration \"forever\" was not understood"));
    assert_eq!(i.dashboard.title, "Imported Perses dashboard");
}

#[test]
fn an_oversized_perses_dashboard_is_refused_by_name() {
    let big = " ".repeat(crate::dashboard::grafana::MAX_GRAFANA_BYTES + 1);
    assert!(import_perses(&big).unwrap_err().starts_with("The Perses dashboard is too large"));
}

#[test]
fn a_rows_repeat_variable_is_kept_and_one_over_an_unknown_variable_is_named() {
    let doc = |var: &str| {
        json!({"kind": "Dashboard", "metadata": {"name": "t"}, "spec": {
            "variables": [{"kind": "ListVariable", "spec": {"name": "job", "allowMultiple": true,
                "plugin": {"kind": "PrometheusLabelValuesVariable", "spec": {"labelName": "job"}}}}],
            "panels": {"p": {"kind": "Panel", "spec": {"display": {"name": "P"}, "plugin": {"kind": "Markdown", "spec": {"text": "x"}}}}},
            "layouts": [{"kind": "Grid", "spec": {"display": {"title": "Job $job"}, "repeatVariable": var,
                "items": [{"x": 0, "y": 0, "width": 6, "height": 4, "content": {"$ref": "#/spec/panels/p"}}]}}]
        }})
    };
    let i = import_perses(&doc("job").to_string()).unwrap();
    assert!(!i.notices.iter().any(|n| n.contains("repeat")), "{:?}", i.notices);
    assert_eq!(titled(&i.dashboard, "Job $job").repeat.as_ref().map(|r| r.variable.as_str()), Some("job"));
    let i = import_perses(&doc("node").to_string()).unwrap();
    assert_eq!(titled(&i.dashboard, "Job $job").repeat, None);
    assert!(i.notices.iter().any(|n| n == "Row \"Job $job\" repeats over $node, which this dashboard does not have; it is shown once."), "{:?}", i.notices);
}
