//! Tests of Grafana import on real dashboards (tests/fixtures/grafana) and on hand-written edge cases.

use super::*;
use crate::dashboard::{parse_dashboard, to_json, LineFill, LineStyle, StackMode, Stacking, Transform};
use serde_json::json;

const NODE: &str = include_str!("../../tests/fixtures/grafana/node-exporter-full.json");
const HAPROXY: &str = include_str!("../../tests/fixtures/grafana/haproxy.json");
const APACHE: &str = include_str!("../../tests/fixtures/grafana/apache-full.json");

fn count(d: &Dashboard, k: PanelKind) -> usize {
    d.all_panels().iter().filter(|p| p.kind == k).count()
}

fn queries(d: &Dashboard) -> usize {
    d.all_panels().iter().map(|p| p.queries.len()).sum()
}

fn var_query(v: &Variable) -> &str {
    match &v.kind {
        VariableKind::Query { query, .. } => query,
        _ => "",
    }
}

fn imp(v: serde_json::Value) -> Import {
    import_grafana(&v.to_string()).unwrap()
}

#[test]
fn node_exporter_full() {
    let i = import_grafana(NODE).unwrap();
    let d = &i.dashboard;
    assert_eq!((d.uid.as_str(), d.title.as_str()), ("rYdddlPWk", "Node Exporter Full"));
    assert_eq!(d.tags, vec!["linux".to_string()]);
    assert_eq!((d.time.from.as_str(), d.time.to.as_str()), ("now-24h", "now"));
    assert_eq!(d.refresh.as_deref(), Some("1m"));
    // 16 rows (2 expanded, 14 collapsed holding 110 panels) + 125 panels, nothing skipped.
    assert_eq!(d.panels.len(), 31);
    assert_eq!(d.all_panels().len(), 141);
    assert_eq!(count(d, PanelKind::Row), 16);
    assert_eq!(count(d, PanelKind::TimeSeries), 111);
    assert_eq!(count(d, PanelKind::Stat), 14); // 5 stat + 5 gauge + 4 bargauge
    assert!(i.skipped_panels.is_empty());
    assert_eq!(queries(d), 286);
    let collapsed: Vec<_> = d.panels.iter().filter(|p| p.collapsed).map(|p| p.panels.len()).collect();
    assert_eq!(collapsed, vec![10, 13, 4, 6, 6, 6, 4, 4, 9, 4, 15, 10, 14, 5]);
    // Gauge "CPU Busy" → stat, with unit, range, thresholds, instant query.
    let cpu = d.panel(20).unwrap();
    assert_eq!(cpu.kind, PanelKind::Stat);
    assert_eq!(cpu.title, "CPU Busy");
    assert_eq!(cpu.grid_pos, GridPos { x: 3, y: 1, w: 3, h: 4 });
    assert_eq!(cpu.options.unit.as_deref(), Some("percent"));
    assert_eq!((cpu.options.min, cpu.options.max, cpu.options.decimals), (Some(0.0), Some(100.0), Some(1)));
    assert_eq!(cpu.options.calc, StatCalc::LastNotNull);
    assert_eq!(cpu.options.thresholds.len(), 3);
    assert_eq!(cpu.options.thresholds[0].value, None);
    assert_eq!(cpu.options.thresholds[2].value, Some(95.0));
    assert!(cpu.queries[0].instant);
    assert!(cpu.queries[0].expr.starts_with("100 * (1 - avg(rate(node_cpu_seconds_total{mode=\"idle\""));
    assert_eq!(d.all_panels().iter().flat_map(|p| &p.queries).filter(|q| q.instant).count(), 14);
    // Variables: the datasource variable (a Prometheus picker); chained label_values queries kept.
    let names: Vec<_> = d.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, vec!["ds_prometheus", "job", "nodename", "node"]);
    assert_eq!(d.variables[0].kind, VariableKind::Datasource { datasource: DatasourceKind::Prometheus, regex: String::new() });
    assert_eq!(var_query(&d.variables[1]), "label_values(node_uname_info, job)");
    assert_eq!(var_query(&d.variables[3]), "label_values(node_uname_info{job=\"$job\", nodename=\"$nodename\"}, instance)");
    assert_eq!(d.variables[3].label, "Instance");
    // Every query resolved `${ds_prometheus}` to Prometheus, and asks the datasource the variable picks.
    assert!(d.all_panels().iter().flat_map(|p| &p.queries).all(|q| q.datasource == DatasourceKind::Prometheus));
    assert!(d.all_panels().iter().flat_map(|p| &p.queries).all(|q| q.source == "$ds_prometheus"));
}

#[test]
fn haproxy() {
    let i = import_grafana(HAPROXY).unwrap();
    let d = &i.dashboard;
    assert_eq!((d.uid.as_str(), d.title.as_str()), ("rEqu1u5ue", "HAProxy"));
    assert_eq!(d.panels.len(), 17); // 10 rows + 7 panels under the first, expanded row
    assert_eq!(d.all_panels().len(), 113);
    assert_eq!(count(d, PanelKind::Row), 10);
    assert_eq!(count(d, PanelKind::TimeSeries), 102);
    assert_eq!(count(d, PanelKind::Stat), 1);
    assert!(i.skipped_panels.is_empty());
    assert_eq!(queries(d), 163);
    assert_eq!(d.all_panels().iter().flat_map(|p| &p.queries).filter(|q| q.hidden).count(), 4);
    let p = d.panel(83).unwrap();
    assert_eq!(p.title, "HTTP response / request");
    assert_eq!(p.options.unit.as_deref(), Some("reqps"));
    assert!(p.options.stacked);
    assert_eq!(p.options.decimals, Some(1));
    assert_eq!(p.queries.len(), 4);
    assert_eq!(p.queries[0].legend, "Front {{ code }}");
    assert_eq!(p.queries[0].min_interval.as_deref(), Some("$interval"));
    assert_eq!(p.queries[3].ref_id, "D");
    // Six variables: five label_values queries (four multi with All) and an interval.
    let names: Vec<_> = d.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, vec!["DS_PROMETHEUS", "host", "backend", "frontend", "server", "code", "interval"]);
    assert_eq!(var_query(&d.variables[1]), "label_values(haproxy_process_start_time_seconds,instance)");
    assert_eq!(var_query(&d.variables[2]), "label_values(haproxy_backend_status{instance=\"$host\"}, proxy)");
    assert_eq!(d.variables.iter().filter(|v| v.multi && v.include_all).count(), 4);
    assert_eq!(
        d.variables[6].kind,
        VariableKind::Interval {
            values: ["30s", "1m", "5m", "1h", "6h", "1d"].map(String::from).to_vec(),
            // The file's `"auto": true, "auto_count": 30, "auto_min": "10s"`.
            auto: Some(AutoInterval { count: 30, min: "10s".into() })
        }
    );
    assert_eq!(d.variables[6].kind.static_options().first().map(String::as_str), Some("auto"));
    assert_eq!(d.variables[6].current, vec!["30s".to_string()]);
    assert!(!i.notices.iter().any(|n| n.contains("interval")), "{:?}", i.notices);
}

#[test]
fn apache_full() {
    let i = import_grafana(APACHE).unwrap();
    let d = &i.dashboard;
    assert_eq!((d.uid.as_str(), d.title.as_str()), ("apache-http", "Apache Full"));
    assert_eq!(d.panels.len(), 11); // 8 panels + the placeholder + 2 collapsed rows (empty legacy `rows: []` ignored)
    assert_eq!(d.all_panels().len(), 19);
    assert_eq!(count(d, PanelKind::TimeSeries), 13);
    assert_eq!(count(d, PanelKind::Stat), 3);
    assert_eq!(i.skipped_panels, vec!["Up / Down".to_string()]);
    assert!(i.notices.iter().any(|n| n == "Panel \"Up / Down\" (id 3) is shown as a placeholder: panel type \"state-timeline\" is not supported."));
    assert_eq!(count(d, PanelKind::Text), 1);
    assert_eq!(queries(d), 26);
    assert_eq!(d.variables.len(), 3);
    assert!(matches!(d.variables[0].kind, VariableKind::Datasource { datasource: DatasourceKind::Prometheus, .. }));
    assert_eq!(var_query(&d.variables[1]), "label_values(apache_up, job)");
    assert_eq!(var_query(&d.variables[2]), "label_values(apache_up{job=\"$job\"}, instance)");
    assert!(d.variables[1].multi && d.variables[1].include_all);
    assert_eq!(d.variables[1].all_value.as_deref(), Some(".+"));
    assert!(d.variables[1].current.is_empty());
}

#[test]
fn imports_round_trip_through_the_trifocal_format() {
    for text in [NODE, HAPROXY, APACHE] {
        let d = import_grafana(text).unwrap().dashboard;
        let (back, notices) = parse_dashboard(&to_json(&d)).unwrap();
        assert_eq!(back, d);
        assert!(notices.is_empty());
    }
}

#[test]
fn api_wrapper_is_unwrapped() {
    let inner: serde_json::Value = serde_json::from_str(APACHE).unwrap();
    let wrapped = json!({"meta": {"slug": "apache"}, "dashboard": inner});
    let i = imp(wrapped);
    assert_eq!(i.dashboard.uid, "apache-http");
    assert_eq!(i.dashboard.all_panels().len(), 19);
}

#[test]
fn repeat_copies_of_the_legacy_rows_form_are_left_out() {
    // Grafana 4's `rows`: the copies of a repeated row carry `repeatRowId` (the real export with copies in the
    // panels form is tests/grafana_repeat_copies.rs).
    let v = json!({
        "schemaVersion": 14, "title": "Old repeat",
        "templating": {"list": [{"name": "host", "type": "custom", "query": "a,b", "multi": true, "current": {"value": ["a", "b"]}}]},
        "rows": [
            {"title": "Host $host", "repeat": "host", "panels": [{"id": 1, "type": "graph", "title": "Load", "targets": [{"expr": "up"}]}]},
            {"title": "Host $host", "repeat": null, "repeatRowId": 1, "repeatIteration": 1_496_748_155_556u64,
             "panels": [{"id": 2, "type": "graph", "title": "Load", "targets": [{"expr": "up"}]}]}
        ]
    });
    let i = imp(v);
    let titles: Vec<&str> = i.dashboard.all_panels().iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Host $host", "Load"]);
    assert_eq!(i.dashboard.panels[0].repeat.as_ref().map(|r| r.variable.as_str()), Some("host"));
    assert!(i.notices.iter().any(|n| n.starts_with("2 repeated copies of panels and rows")), "{:?}", i.notices);
}

#[test]
fn legacy_rows_layout_is_converted() {
    let v = json!({
        "schemaVersion": 14, "title": "Old one",
        "rows": [
            {"title": "Top", "showTitle": true, "height": "250px", "panels": [
                {"id": 1, "type": "graph", "title": "A", "span": 6, "datasource": "Prometheus",
                 "targets": [{"expr": "up", "legendFormat": "{{job}}", "intervalFactor": 2, "refId": "A"}],
                 "yaxes": [{"format": "bytes", "logBase": 2, "min": "0"}, {}], "stack": true, "bars": true},
                {"id": 2, "type": "singlestat", "title": "B", "span": 6, "format": "percent", "valueName": "avg",
                 "targets": [{"expr": "sum(up)"}]},
                {"id": 3, "type": "graph", "title": "C", "span": 12, "height": 400, "targets": [{"expr": "x"}]}
            ]},
            {"title": "Hidden", "collapse": true, "height": 100, "panels": [
                {"id": 4, "type": "table-old", "title": "D", "span": 4, "targets": [{"expr": "y", "format": "table"}]}
            ]}
        ]
    });
    let i = imp(v);
    let d = &i.dashboard;
    assert_eq!(d.uid, "old-one");
    let top: Vec<_> = d.panels.iter().map(|p| (p.kind, p.title.as_str(), p.grid_pos)).collect();
    assert_eq!(
        top,
        vec![
            (PanelKind::Row, "Top", GridPos { x: 0, y: 0, w: 24, h: 1 }),
            (PanelKind::TimeSeries, "A", GridPos { x: 0, y: 1, w: 12, h: 7 }),
            (PanelKind::Stat, "B", GridPos { x: 12, y: 1, w: 12, h: 7 }),
            (PanelKind::TimeSeries, "C", GridPos { x: 0, y: 8, w: 24, h: 11 }),
            (PanelKind::Row, "Hidden", GridPos { x: 0, y: 19, w: 24, h: 1 }),
        ]
    );
    let hidden = &d.panels[4];
    assert!(hidden.collapsed);
    assert_eq!(hidden.panels.len(), 1);
    assert_eq!(hidden.panels[0].kind, PanelKind::Table);
    assert_eq!(hidden.panels[0].grid_pos, GridPos { x: 0, y: 20, w: 8, h: 3 });
    assert!(hidden.panels[0].queries[0].instant);
    let a = &d.panels[1];
    assert_eq!(a.options.unit.as_deref(), Some("bytes"));
    assert!(a.options.log_scale && a.options.stacked);
    assert_eq!(a.options.style, SeriesStyle::Bars);
    assert_eq!(a.options.min, Some(0.0));
    assert_eq!(a.queries[0].interval_factor, 2);
    assert_eq!(a.queries[0].legend, "{{job}}");
    assert_eq!(d.panels[2].options.calc, StatCalc::Mean);
    assert_eq!(d.panels[2].options.unit.as_deref(), Some("percent"));
    // Row ids do not clash with panel ids.
    let mut ids: Vec<_> = d.all_panels().iter().map(|p| p.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6);
}

#[test]
fn legacy_rows_without_titles_get_no_row_panels() {
    let v = json!({"rows": [{"height": 200, "panels": [{"id": 1, "type": "text", "span": 3, "content": "hi"}]}]});
    let d = imp(v).dashboard;
    assert_eq!(d.panels.len(), 1);
    assert_eq!(d.panels[0].grid_pos, GridPos { x: 0, y: 0, w: 6, h: 6 });
    assert_eq!(d.panels[0].options.content, "hi");
}

#[test]
fn datasources_resolve_by_type_name_and_input() {
    let v = json!({
        "__inputs": [{"name": "DS_LOGS", "type": "datasource", "pluginId": "loki"},
                     {"name": "DS_SQL", "type": "datasource", "pluginId": "mysql"}],
        "panels": [
            {"id": 1, "type": "logs", "title": "L", "datasource": "${DS_LOGS}", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
             "targets": [{"expr": "{app=\"x\"} |= \"err\"", "refId": "A", "maxLines": 500}]},
            {"id": 2, "type": "traces", "title": "T", "datasource": {"type": "tempo", "uid": "abc"},
             "targets": [{"query": "{ status = error }", "queryType": "traceql", "limit": 20, "refId": "A"}]},
            {"id": 3, "type": "table", "title": "SQL", "datasource": "${DS_SQL}", "targets": [{"rawSql": "select 1"}]},
            {"id": 4, "type": "timeseries", "title": "Mixed", "datasource": {"type": "datasource", "uid": "-- Mixed --"},
             "targets": [
                {"datasource": {"type": "prometheus", "uid": "p"}, "expr": "up", "refId": "A"},
                {"datasource": {"type": "loki", "uid": "l"}, "expr": "count_over_time({a=\"b\"}[1m])", "refId": "B"},
                {"datasource": {"type": "elasticsearch", "uid": "e"}, "query": "x", "refId": "C"}]},
            {"id": 5, "type": "timeseries", "title": "Named", "datasource": "My Loki", "targets": [{"expr": "rate({a=\"b\"}[1m])"}]},
            {"id": 6, "type": "timeseries", "title": "Default", "targets": [{"expr": "up"}, {"expr": ""}, {"expr": "up", "refId": "A"}]},
            {"id": 7, "type": "traces", "title": "Graph", "datasource": {"type": "tempo"}, "targets": [{"queryType": "serviceMap"}]},
            {"id": 8, "type": "stat", "title": "Anno", "datasource": "-- Grafana --", "targets": [{"refId": "A"}]}
        ]
    });
    let i = imp(v);
    let d = &i.dashboard;
    let l = d.panel(1).unwrap();
    assert_eq!((l.kind, l.queries[0].datasource, l.queries[0].limit), (PanelKind::Logs, DatasourceKind::Loki, Some(500)));
    let t = d.panel(2).unwrap();
    assert_eq!((t.queries[0].datasource, t.queries[0].expr.as_str(), t.queries[0].limit), (DatasourceKind::Tempo, "{ status = error }", Some(20)));
    // SQL: its only query is unsupported, so the panel is a placeholder that keeps the query as text.
    let sql = d.panel(3).unwrap();
    assert_eq!(sql.kind, PanelKind::Text);
    assert!(sql.queries.is_empty());
    assert!(sql.options.content.starts_with("**Not shown in Trifocal:** data source mysql is not supported."), "{}", sql.options.content);
    assert!(i.notices.iter().any(|n| n == "Panel \"SQL\" (id 3) is shown as a placeholder: data source mysql is not supported."));
    let m = d.panel(4).unwrap();
    let ds: Vec<_> = m.queries.iter().map(|q| q.datasource).collect();
    assert_eq!(ds, vec![DatasourceKind::Prometheus, DatasourceKind::Loki]);
    assert!(i.notices.iter().any(|n| n == "Panel \"Mixed\": a query was skipped (data source elasticsearch is not supported)."));
    assert_eq!(d.panel(5).unwrap().queries[0].datasource, DatasourceKind::Loki);
    let def = d.panel(6).unwrap();
    let refs: Vec<_> = def.queries.iter().map(|q| q.ref_id.as_str()).collect();
    assert_eq!(refs, vec!["A", "C"]); // empty expression dropped; duplicate refId renamed
    assert_eq!(def.queries[0].datasource, DatasourceKind::Prometheus);
    assert_eq!(i.skipped_panels, vec!["SQL", "Anno"]);
    // Tempo's service map: a node graph of Prometheus' service-graph metrics.
    let g = d.panel(7).unwrap();
    assert_eq!((g.kind, g.options.node_graph.map(|n| n.source)), (PanelKind::NodeGraph, Some(MapSource::Metrics)));
    assert!(i.notices.iter().any(|n| n == "Panel \"Anno\" (id 8) is shown as a placeholder: data source Grafana built-in is not supported."));
}

#[test]
fn unsupported_panels_are_named() {
    let v = json!({"panels": [
        {"id": 1, "type": "piechart", "title": "Pie"},
        {"id": 2, "libraryPanel": {"uid": "x", "name": "Lib"}, "title": "Shared"},
        {"id": 3, "type": "news"},
        {"id": 4, "type": "row", "title": "R", "collapsed": true, "panels": [
            {"id": 5, "type": "row", "title": "Inner"}, {"id": 6, "type": "geomap", "title": "Map"}, {"id": 7, "type": "text", "title": "ok"}]},
        "not a panel"
    ]});
    let i = imp(v);
    assert_eq!(i.skipped_panels, vec!["Pie", "Shared", "(untitled)", "Inner", "Map"]);
    assert!(i.notices.contains(&"Panel \"Pie\" (id 1) is shown as a placeholder: panel type \"piechart\" is not supported.".to_string()));
    assert!(i.notices.contains(&"Panel \"Inner\" (id 5) was skipped: a row inside a row is not supported.".to_string()));
    assert!(i.notices.contains(&"A panel that is not a JSON object was skipped.".to_string()));
    // Pie, Shared and the untitled news panel keep their place; the row holds Map's placeholder and "ok".
    let top: Vec<(&str, PanelKind)> = i.dashboard.panels.iter().map(|p| (p.title.as_str(), p.kind)).collect();
    assert_eq!(top, vec![("Pie", PanelKind::Text), ("Shared", PanelKind::Text), ("(untitled)", PanelKind::Text), ("R", PanelKind::Row)]);
    let kids: Vec<&str> = i.dashboard.panels[3].panels.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(kids, vec!["Map", "ok"]);
}

#[test]
fn an_interval_variables_auto_option_is_imported_with_its_choice() {
    // Grafana keeps the chosen auto option as `$__auto_interval_<name>`; counts may be strings in older files.
    let v = json!({"panels": [], "templating": {"list": [
        {"name": "a", "type": "interval", "query": "1m,10m", "auto": true, "auto_count": 50, "auto_min": "1m",
         "current": {"text": "auto", "value": "$__auto_interval_a"}},
        {"name": "b", "type": "interval", "query": "1m", "auto": true, "auto_count": "10", "current": {"value": "1m"}},
        {"name": "c", "type": "interval", "query": "1m", "auto": true, "auto_count": "many", "auto_min": "soon"},
        {"name": "d", "type": "interval", "query": "1m", "auto": false, "auto_count": 30, "current": {"value": "$__auto_interval_d"}}
    ]}});
    let i = import_value(&v).unwrap();
    let vars = &i.dashboard.variables;
    assert_eq!(vars[0].kind, VariableKind::Interval { values: vec!["1m".into(), "10m".into()], auto: Some(AutoInterval { count: 50, min: "1m".into() }) });
    assert_eq!(vars[0].current, vec!["auto".to_string()]);
    assert_eq!(vars[1].kind, VariableKind::Interval { values: vec!["1m".into()], auto: Some(AutoInterval { count: 10, min: "10s".into() }) });
    assert_eq!(vars[1].current, vec!["1m".to_string()]);
    // What cannot be read falls back to Grafana's defaults (30 steps, at least 10 s), and says so.
    assert_eq!(vars[2].kind, VariableKind::Interval { values: vec!["1m".into()], auto: Some(AutoInterval { count: 30, min: "10s".into() }) });
    assert!(i.notices.contains(&"Variable \"c\": the Auto option's step count was not understood; 30 is used.".to_string()), "{:?}", i.notices);
    assert!(i.notices.contains(&"Variable \"c\": the Auto option's minimum \"soon\" is not a duration; 10s is used.".to_string()), "{:?}", i.notices);
    // Auto off: no auto option, and a stale auto choice is dropped (the first value stands).
    assert_eq!(vars[3].kind, VariableKind::Interval { values: vec!["1m".into()], auto: None });
    assert!(vars[3].current.is_empty());
    assert_eq!(i.notices.len(), 2, "{:?}", i.notices);
}

#[test]
fn variables_of_every_kind() {
    let v = json!({"panels": [], "templating": {"list": [
        {"name": "q", "type": "query", "datasource": "Prometheus", "query": "query_result(topk(5, up))", "regex": "/job=\"(.*)\"/",
         "current": {"text": ["a", "b"], "value": ["a", "b"]}, "multi": true, "hide": 2},
        {"name": "qo", "type": "query", "query": {"query": "label_values(up, job)", "refId": "X"}, "current": {"value": "$__all"}, "includeAll": true},
        {"name": "def", "type": "query", "query": "", "definition": "label_values(instance)"},
        {"name": "lk", "type": "query", "datasource": {"type": "loki", "uid": "x"}, "query": {"label": "app", "type": 1}},
        {"name": "lks", "type": "query", "datasource": {"type": "loki", "uid": "x"}, "query": {"label": "pod", "stream": "{app=\"$lk\"}", "type": 1, "refId": "LokiVariableQueryEditor-VariableQuery"}},
        {"name": "lkn", "type": "query", "datasource": {"type": "loki", "uid": "x"}, "query": {"type": 0}},
        {"name": "lkbad", "type": "query", "datasource": {"type": "loki", "uid": "x"}, "query": {"type": 1}},
        {"name": "c", "type": "custom", "query": "prod : p, dev,a\\,b", "current": {"value": "p"}},
        {"name": "co", "type": "custom", "query": "ignored", "options": [{"value": "x"}, {"value": "y"}]},
        {"name": "iv", "type": "interval", "query": "1m,bad,10m", "current": {"value": "10m"}},
        {"name": "k", "type": "constant", "query": "prod-eu"},
        {"name": "tb", "type": "textbox", "query": "", "current": {"value": "typed"}},
        {"name": "ds", "type": "datasource", "query": "prometheus"},
        {"name": "ad", "type": "adhoc"},
        {"name": "sql", "type": "query", "datasource": {"type": "mysql"}, "query": "select 1"},
        {"name": "9bad", "type": "constant", "query": "x"},
        {"name": "k", "type": "constant", "query": "again"},
        {"name": "single", "type": "custom", "query": "a,b", "current": {"value": ["a", "b"]}}
    ]}});
    let i = imp(v);
    let d = &i.dashboard;
    let names: Vec<_> = d.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, vec!["q", "qo", "def", "lk", "lks", "lkn", "c", "co", "iv", "k", "tb", "ds", "single"]);
    let q = &d.variables[0];
    assert_eq!(q.kind, VariableKind::Query { datasource: DatasourceKind::Prometheus, query: "query_result(topk(5, up))".into(), regex: "/job=\"(.*)\"/".into() });
    assert_eq!((q.current.clone(), q.multi, q.hidden), (vec!["a".to_string(), "b".to_string()], true, true));
    assert_eq!(var_query(&d.variables[1]), "label_values(up, job)");
    assert_eq!(d.variables[1].current, vec!["$__all".to_string()]);
    assert_eq!(var_query(&d.variables[2]), "label_values(instance)");
    // Grafana's Loki variable editor: label values (of the streams a selector picks) and label names.
    let loki = |q: &str| VariableKind::Query { datasource: DatasourceKind::Loki, query: q.into(), regex: String::new() };
    assert_eq!(d.variables[3].kind, loki("label_values(app)"));
    assert_eq!(d.variables[4].kind, loki("label_values({app=\"$lk\"}, pod)"));
    assert_eq!(d.variables[5].kind, loki("label_names()"));
    assert_eq!(d.variables[6].kind, VariableKind::Custom { values: vec!["p".into(), "dev".into(), "a,b".into()] });
    assert_eq!(d.variables[6].current, vec!["p".to_string()]);
    assert_eq!(d.variables[7].kind, VariableKind::Custom { values: vec!["x".into(), "y".into()] });
    assert_eq!(d.variables[8].kind, VariableKind::Interval { values: vec!["1m".into(), "10m".into()], auto: None });
    assert_eq!(d.variables[8].current, vec!["10m".to_string()]);
    assert_eq!(d.variables[9].kind, VariableKind::Constant { value: "prod-eu".into() });
    assert_eq!(d.variables[10].kind, VariableKind::TextBox { value: "typed".into() });
    assert_eq!(d.variables[12].current, vec!["a".to_string()]); // not multi: one value kept
    let n = &i.notices;
    for want in [
        "Variable \"lkbad\" was skipped: its query is empty or not in a form Trifocal reads.",
        "Variable \"iv\": interval values bad were dropped (not durations).",
        "Variable \"ad\" was skipped: type \"adhoc\" is not supported.",
        "Variable \"sql\" was skipped: its data source (mysql) is not supported.",
        "Variable \"k\" appears twice; the second was skipped.",
    ] {
        assert!(n.iter().any(|x| x == want), "missing {want:?} in {n:#?}");
    }
    assert!(n.iter().any(|x| x.starts_with("Variable \"9bad\" was skipped: its name must start with a letter")));
    assert_eq!(d.variables[11].kind, VariableKind::Datasource { datasource: DatasourceKind::Prometheus, regex: String::new() });
}

#[test]
fn panel_and_dashboard_links_import() {
    let i = imp(json!({"panels": [{"id": 1, "type": "stat", "title": "S", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
            "links": [{"title": "Runbook", "url": "https://runbooks.example/s", "targetBlank": true},
                      {"title": "Evil", "url": "javascript:alert(1)"}]}],
        "links": [{"title": "Other", "type": "link", "url": "/d/abc/other?orgId=1", "keepTime": true, "includeVars": true},
                  {"title": "Team", "type": "dashboards", "tags": ["team"]}]}));
    let d = &i.dashboard;
    assert_eq!(d.panels[0].links, vec![Link { title: "Runbook".into(), url: "https://runbooks.example/s".into(), new_tab: true }]);
    assert_eq!(d.links, vec![Link { title: "Other".into(), url: "/d/abc/other?orgId=1&${__url_time_range}".into(), new_tab: false }]);
    for want in [
        "Panel \"S\": the link \"Evil\" was not imported (only http(s) and relative links, at most 2000 characters).",
        "Dashboard: the link \"Other\" does not carry the variables (includeVars).",
        "Dashboard: the link \"Team\" lists dashboards by tag; it was not imported.",
    ] {
        assert!(i.notices.iter().any(|x| x == want), "missing {want:?} in {:#?}", i.notices);
    }
}

#[test]
fn metadata_fallbacks() {
    let i = imp(json!({"title": "Ünïcode / Dash!", "uid": "bad uid", "time": {"from": "now", "to": "now-1h"}, "refresh": "sometimes",
        "tags": ["a", 1, "b"], "panels": [], "links": [{"title": "x"}],
        "annotations": {"list": [{"builtIn": 1}, {"name": "deploys"}]}}));
    let d = &i.dashboard;
    assert_eq!(d.uid, "n-code-dash");
    assert_eq!(d.time, DashboardTime::default());
    assert_eq!(d.refresh, None);
    assert_eq!(d.tags, vec!["a".to_string(), "b".to_string()]);
    for want in [
        "The uid \"bad uid\" is not usable here; \"n-code-dash\" is used instead.",
        "The refresh interval \"sometimes\" was not understood; auto-refresh is off.",
        "1 annotation queries were not imported (only Prometheus queries with an expression are).",
        "Dashboard: the link \"x\" was not imported (only http(s) and relative links, at most 2000 characters).",
    ] {
        assert!(i.notices.iter().any(|x| x == want), "missing {want:?} in {:#?}", i.notices);
    }
    assert!(i.notices.iter().any(|x| x.starts_with("The time range was not imported")));
    assert_eq!(imp(json!({"panels": []})).dashboard.uid, "imported");
    assert_eq!(imp(json!({"panels": [], "refresh": false})).dashboard.refresh, None);
}

#[test]
fn odd_grid_positions_are_clamped_and_ids_fixed() {
    let i = imp(json!({"panels": [
        {"id": 1, "type": "text", "gridPos": {"x": 30, "y": -4, "w": 99, "h": 0}},
        {"id": 1, "type": "text", "gridPos": {"x": "3", "y": 1e12, "w": 5.6, "h": "big"}},
        {"type": "text"},
        {"id": 7, "type": "row", "gridPos": {"x": 5, "y": 2, "w": 3, "h": 9}}
    ]}));
    let g: Vec<_> = i.dashboard.panels.iter().map(|p| (p.id, p.grid_pos)).collect();
    assert_eq!(
        g,
        vec![
            (1, GridPos { x: 0, y: 0, w: 24, h: 1 }),
            (9, GridPos { x: 0, y: 0, w: 12, h: 8 }),
            // The row goes below the panels above it; panel 8 (below the row) follows it.
            (7, GridPos { x: 0, y: 8, w: 24, h: 1 }),
            (8, GridPos { x: 3, y: MAX_GRID_Y, w: 6, h: 8 }),
        ]
    );
}

#[test]
fn malformed_and_absurd_input() {
    assert!(import_grafana("").unwrap_err().contains("empty"));
    assert!(import_grafana("{").unwrap_err().starts_with("This is not valid JSON"));
    assert!(import_grafana("[]").unwrap_err().starts_with("A Grafana dashboard is a JSON object"));
    assert!(import_grafana("{\"foo\": 1}").unwrap_err().starts_with("This JSON is not a Grafana dashboard"));
    assert!(import_grafana(&format!("{}{}", "[".repeat(50_000), "]".repeat(50_000))).is_err());
    assert!(import_grafana(&" ".repeat(MAX_GRAFANA_BYTES + 1)).unwrap_err().contains("too large"));
    // A Trifocal dashboard is recognised.
    let own = to_json(&import_grafana(APACHE).unwrap().dashboard);
    assert!(import_grafana(&own).unwrap_err().contains("already a Trifocal dashboard"));
    // Wrong types everywhere do not stop the import.
    let i = imp(json!({"title": 5, "panels": {"a": 1}, "rows": "x", "templating": {"list": [1, {"name": 3}, {"name": "ok", "type": "custom", "query": 7}]},
        "time": "now", "tags": "x", "__inputs": 4}));
    assert_eq!(i.dashboard.title, "");
    assert!(i.dashboard.panels.is_empty());
    assert_eq!(i.dashboard.variables.len(), 1);
    // Too many panels: capped at MAX_PANELS, with a notice.
    let panels: Vec<_> = (1..=800).map(|n| json!({"id": n, "type": "text", "gridPos": {"x": 0, "y": n, "w": 1, "h": 1}})).collect();
    let i = imp(json!({"panels": panels}));
    assert_eq!(i.dashboard.panels.len(), MAX_PANELS);
    assert!(i.notices.contains(&format!("Only the first {MAX_PANELS} panels were imported.")));
    let kids: Vec<_> = (1..=800).map(|n| json!({"id": n + 10, "type": "text"})).collect();
    let i = imp(json!({"panels": [{"id": 1, "type": "row", "collapsed": true, "panels": kids}, {"id": 2, "type": "text"}]}));
    assert!(i.dashboard.all_panels().len() <= MAX_PANELS);
    // Too many queries in a panel.
    let targets: Vec<_> = (0..40).map(|n| json!({"expr": format!("up{{n=\"{n}\"}}")})).collect();
    let i = imp(json!({"panels": [{"id": 1, "type": "timeseries", "title": "Q", "targets": targets}]}));
    assert_eq!(i.dashboard.panels[0].queries.len(), MAX_QUERIES);
    let refs: std::collections::HashSet<_> = i.dashboard.panels[0].queries.iter().map(|q| q.ref_id.clone()).collect();
    assert_eq!(refs.len(), MAX_QUERIES);
}

#[test]
fn split_custom_values() {
    assert_eq!(split_custom("a, b ,,c"), vec!["a", "b", "c"]);
    assert_eq!(split_custom("x : 1,y : 2"), vec!["1", "2"]);
    assert!(split_custom("").is_empty());
    assert_eq!(grid_height(Some(&json!("250px"))), 7);
    assert_eq!(grid_height(Some(&json!(10))), 3);
    assert_eq!(grid_height(None), 7);
}

#[test]
fn a_jaeger_search_panel_imports_as_a_traces_panel_with_jaeger_terms() {
    let i = imp(json!({
        "title": "Jaeger", "uid": "jg",
        "panels": [{
            "id": 1, "type": "traces", "title": "Slow checkouts",
            "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
            "datasource": {"type": "jaeger", "uid": "j1"},
            "targets": [{"refId": "A", "queryType": "search", "service": "checkout", "operation": "POST /api/checkout",
                         "tags": "error=true http.status_code=500", "minDuration": "100ms"}]
        }]
    }));
    let p = &i.dashboard.panels[0];
    assert_eq!(p.kind, PanelKind::Traces);
    assert_eq!(p.queries.len(), 1);
    assert_eq!(p.queries[0].datasource, DatasourceKind::Tempo, "the traces datasource (Tempo or Jaeger, found at run time)");
    assert_eq!(p.queries[0].expr, r#"service=checkout operation="POST /api/checkout" minDuration=100ms error=true http.status_code=500"#);
    assert!(i.skipped_panels.is_empty());
    // The terms read back as the Jaeger search they came from.
    let (s, ignored) = crate::backends::jaeger::terms::parse_terms(&p.queries[0].expr, 0, 1, 20);
    assert!(ignored.is_empty());
    assert_eq!((s.service.as_str(), s.operation.as_deref(), s.min_duration.as_deref()), ("checkout", Some("POST /api/checkout"), Some("100ms")));
    assert_eq!(s.tags.len(), 2);
}

#[test]
fn heatmap_panels_import_as_heatmaps_with_their_bucket_unit() {
    // Grafana 10's heatmap (bucket unit under options.yAxis) and the legacy one (yAxis.format), both on
    // Prometheus `le` buckets as Grafana's docs show them.
    let i = imp(json!({
        "title": "Latency", "uid": "hm",
        "panels": [
            {"id": 1, "type": "heatmap", "title": "Latency heatmap", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
             "datasource": {"type": "prometheus", "uid": "p"},
             "options": {"calculate": false, "yAxis": {"unit": "s"}, "cellValues": {"unit": "reqps"}},
             "fieldConfig": {"defaults": {"unit": "reqps"}},
             "targets": [{"refId": "A", "expr": "sum by (le) (rate(http_server_request_duration_seconds_bucket[$__rate_interval]))", "format": "heatmap", "legendFormat": "{{le}}"}]},
            {"id": 2, "type": "heatmap", "title": "Legacy", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
             "dataFormat": "tsbuckets", "yAxis": {"format": "bytes"},
             "targets": [{"refId": "A", "expr": "sum(increase(prometheus_http_response_size_bytes_bucket[1m])) by (le)", "format": "heatmap"}]}
        ]
    }));
    assert!(i.skipped_panels.is_empty(), "{:?}", i.notices);
    let kinds: Vec<PanelKind> = i.dashboard.panels.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, vec![PanelKind::Heatmap, PanelKind::Heatmap]);
    assert_eq!(i.dashboard.panels[0].options.unit.as_deref(), Some("s"));
    assert_eq!(i.dashboard.panels[1].options.unit.as_deref(), Some("bytes"));
    assert_eq!(i.dashboard.panels[0].queries[0].expr, "sum by (le) (rate(http_server_request_duration_seconds_bucket[$__rate_interval]))");
}

#[test]
fn victorialogs_plugin_panels_are_logs_datasource_panels() {
    let vl = json!({"type": "victoriametrics-logs-datasource", "uid": "vl"});
    let v = json!({
        "__inputs": [{"name": "DS_VL", "type": "datasource", "pluginId": "victoriametrics-logs-datasource"}],
        "panels": [
            {"id": 1, "type": "logs", "title": "Errors", "datasource": vl, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
             "targets": [{"datasource": vl, "expr": "{service_name=\"api\"} level:=error", "queryType": "instant", "refId": "A", "maxLines": 200}]},
            {"id": 2, "type": "timeseries", "title": "By level", "datasource": "${DS_VL}",
             "targets": [{"expr": "* | stats by (level) count()", "queryType": "statsRange", "refId": "A", "legendFormat": "{{level}}"}]}
        ]
    });
    let i = imp(v);
    let logs = i.dashboard.panel(1).unwrap();
    assert_eq!((logs.kind, logs.queries[0].datasource, logs.queries[0].expr.as_str()), (PanelKind::Logs, DatasourceKind::Loki, "{service_name=\"api\"} level:=error"));
    let stats = i.dashboard.panel(2).unwrap();
    assert_eq!((stats.kind, stats.queries[0].datasource, stats.queries[0].legend.as_str()), (PanelKind::TimeSeries, DatasourceKind::Loki, "{{level}}"));
    assert!(i.skipped_panels.is_empty() && !i.notices.iter().any(|n| n.contains("not supported")), "{:?}", i.notices);
}

/// The alert list panel as Grafana 12.3 exports it, a legacy one (Grafana 7: `stateFilter` as a list,
/// `limit`), a node graph panel and a Tempo service-map query.
#[test]
fn alert_list_and_node_graph_panels() {
    use crate::telemetry::alerts::AlertState;
    let i = imp(json!({"title": "Alerts", "panels": [
        {"id": 15, "type": "alertlist", "title": "Alert Panel", "gridPos": {"h": 8, "w": 7, "x": 0, "y": 0},
         "pluginVersion": "12.3.1",
         "options": {"alertInstanceLabelFilter": "{severity=\"warning\"}", "alertName": "Error", "dashboardAlerts": false,
            "groupBy": ["service"], "groupMode": "custom", "maxItems": 20, "showInactiveAlerts": false, "sortOrder": 4,
            "stateFilter": {"error": true, "firing": true, "noData": false, "normal": false, "pending": true, "recovering": true},
            "viewMode": "list"}},
        {"id": 16, "type": "alertlist", "title": "Old", "gridPos": {"h": 8, "w": 7, "x": 7, "y": 0},
         "show": "current", "limit": 5, "sortOrder": 2, "stateFilter": ["alerting", "ok"]},
        {"id": 17, "type": "nodeGraph", "title": "Map", "gridPos": {"h": 10, "w": 10, "x": 14, "y": 0},
         "datasource": {"type": "tempo", "uid": "tempo"},
         "targets": [{"datasource": {"type": "tempo", "uid": "tempo"}, "queryType": "serviceMap", "refId": "A"}]},
        {"id": 18, "type": "traces", "title": "Tempo map in a traces panel", "gridPos": {"h": 10, "w": 10, "x": 0, "y": 10},
         "targets": [{"datasource": {"type": "tempo", "uid": "tempo"}, "queryType": "serviceMap", "serviceMapQuery": "{client=\"a\"}", "refId": "A"}]},
        {"id": 19, "type": "nodeGraph", "title": "Plain", "gridPos": {"h": 10, "w": 10, "x": 10, "y": 10}}
    ]}));
    let d = &i.dashboard;
    let kinds: Vec<_> = d.panels.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PanelKind::AlertList, PanelKind::AlertList, PanelKind::NodeGraph, PanelKind::NodeGraph, PanelKind::NodeGraph]);
    let a = d.panels[0].options.alert_list.clone().unwrap();
    assert_eq!(a.states, [AlertState::Firing, AlertState::Pending]);
    assert_eq!((a.max_items, a.sort), (20, AlertSort::TimeAsc));
    assert_eq!((a.name.as_str(), a.labels.as_str(), a.group_by.clone()), ("Error", "{severity=\"warning\"}", vec!["service".to_string()]));
    let old = d.panels[1].options.alert_list.clone().unwrap();
    assert_eq!((old.states, old.max_items, old.sort), (vec![AlertState::Firing, AlertState::Inactive], 5, AlertSort::AlphaDesc));
    let src = |k: usize| d.panels[k].options.node_graph.unwrap().source;
    assert_eq!((src(2), src(3), src(4)), (MapSource::Metrics, MapSource::Metrics, MapSource::Both));
    assert!(d.panels.iter().all(|p| p.queries.is_empty()));
    assert!(i.notices.iter().any(|n| n.contains("serviceMapQuery")), "{:?}", i.notices);
    // Written and read back unchanged.
    let (back, notes) = parse_dashboard(&to_json(d)).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(&back.panels, &d.panels);
}

/// Prometheus annotation queries as Grafana writes them (before 9: `expr`/`step` on the annotation; later:
/// under `target`), the built-in one and a tag query.
#[test]
fn prometheus_annotations_import() {
    let i = imp(json!({"title": "Annotated", "panels": [], "annotations": {"list": [
        {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": true, "hide": true,
         "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard"},
        {"name": "Alerts", "datasource": {"type": "prometheus", "uid": "prom-uid"}, "enable": true, "iconColor": "red",
         "expr": "ALERTS{severity=\"critical\"}", "step": "60s", "titleFormat": "{{alertname}}", "tagKeys": "severity,namespace"},
        {"datasource": {"type": "prometheus", "uid": "${datasource}"}, "enable": false, "iconColor": "red", "name": "Firing",
         "target": {"expr": "ALERTS{alertstate=\"firing\"}", "interval": "30s", "refId": "Anno"},
         "titleFormat": "{{alertname}}", "textFormat": "{{alertstate}}"},
        {"name": "Incidents", "datasource": {"type": "datasource", "uid": "grafana"}, "enable": true, "iconColor": "red",
         "target": {"type": "tags", "tags": ["incident"], "limit": 100, "matchAny": false}}
    ]}}));
    let a = &i.dashboard.annotations;
    assert_eq!(a.len(), 2);
    assert_eq!((a[0].name.as_str(), a[0].enabled, a[0].expr.as_str(), a[0].step.as_deref()), ("Alerts", true, "ALERTS{severity=\"critical\"}", Some("60s")));
    assert_eq!((a[0].title_format.as_str(), a[0].tag_keys.clone(), a[0].color.as_str()), ("{{alertname}}", vec!["severity".to_string(), "namespace".to_string()], "red"));
    assert_eq!((a[1].enabled, a[1].expr.as_str(), a[1].step.as_deref(), a[1].text_format.as_str()), (false, "ALERTS{alertstate=\"firing\"}", Some("30s"), "{{alertstate}}"));
    assert!(i.notices.iter().any(|n| n.starts_with("1 annotation queries were not imported")), "{:?}", i.notices);
    let (back, notes) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(&back.annotations, a);
}

fn special_na() -> ValueMapping {
    ValueMapping { kind: MappingKind::Special, value: "null".into(), from: None, to: None, text: "N/A".into(), color: None }
}

#[test]
fn node_exporter_full_value_mappings_and_overrides() {
    let i = import_grafana(NODE).unwrap();
    let d = &i.dashboard;
    // The 9 panels with a mapping in the file (Python count over fieldConfig.defaults.mappings) all have
    // Grafana's "null → N/A" and keep it.
    let mapped: Vec<_> = d.all_panels().into_iter().filter(|p| !p.options.mappings.is_empty()).collect();
    assert_eq!(mapped.len(), 9);
    for p in &mapped {
        assert_eq!(p.options.mappings, vec![special_na()], "{}", p.title);
        assert_eq!(p.kind, PanelKind::Stat, "{}", p.title);
    }
    let cores = d.all_panels().into_iter().find(|p| p.title == "CPU Cores").unwrap();
    assert_eq!(cores.options.mappings, vec![special_na()]);
    // Overrides are kept (by name or regex: display name, unit, decimals, fixed colour, draw style) or named
    // in a notice, never dropped silently. "Network Traffic Basic": /.*Tx.*/ flips the series below the axis,
    // every series filled at 40 % (its defaults).
    assert!(!i.notices.iter().any(|n| n.starts_with("Panel \"Network Traffic Basic\"")), "{:?}", i.notices);
    let net = d.all_panels().into_iter().find(|p| p.title == "Network Traffic Basic").unwrap();
    assert_eq!(
        net.options.overrides,
        vec![FieldOverride { regex: ".*Tx.*".into(), draw: SeriesDraw { transform: Some(Transform::NegativeY), ..SeriesDraw::default() }, ..FieldOverride::default() }]
    );
    assert_eq!(net.options.series_draw, SeriesDraw { fill_opacity: Some(40), ..SeriesDraw::default() });
    // "System Load": the core count a dashed dark-red line without fill over the 20 % fill of the loads.
    let load = d.all_panels().into_iter().find(|p| p.title == "System Load").unwrap();
    assert_eq!(load.options.series_draw, SeriesDraw { fill_opacity: Some(20), ..SeriesDraw::default() });
    let cores = load.options.overrides.iter().find(|o| o.name == "CPU Core Count").unwrap();
    assert_eq!(
        cores.draw,
        SeriesDraw { fill_opacity: Some(0), line_style: Some(LineStyle { fill: LineFill::Dash, dash: vec![10, 10] }), ..SeriesDraw::default() }
    );
    assert_eq!(cores.color.as_deref(), Some("dark-red"));
    // Per-series stacking: "Memory Basic"'s Total in a stack of its own (`group: false`), "CPU"'s Guest apart; the
    // panels' own stacks (group "A") are their Stacked style.
    let stacking = |title: &str| {
        let p = d.all_panels().into_iter().find(|p| p.title == title).unwrap();
        (p.options.stacked, p.options.series_draw.stacking.clone(), p.options.overrides.iter().find_map(|o| o.draw.stacking.clone()))
    };
    assert_eq!(stacking("Memory Basic"), (true, None, Some(Stacking { mode: StackMode::Normal, group: "false".into() })));
    assert_eq!(stacking("CPU"), (true, None, Some(Stacking { mode: StackMode::None, group: "A".into() })));
    // CPU Basic is a time series: its 5 overrides are applied there, so no notice names them.
    assert!(!i.notices.iter().any(|n| n.starts_with("Panel \"CPU Basic\"")), "{:?}", i.notices);
    let basic = d.all_panels().into_iter().find(|p| p.title == "CPU Basic").unwrap();
    assert_eq!(basic.options.overrides[0], FieldOverride { name: "Busy Iowait".into(), color: Some("#890F02".into()), ..FieldOverride::default() });
    assert!(!i.notices.iter().any(|n| n.starts_with("… and")), "no notice is cut off: {}", i.notices.len());
}

#[test]
fn value_mappings_of_every_grafana_kind_are_imported_in_order() {
    let i = imp(json!({"title": "m", "panels": [{"type": "stat", "id": 1, "title": "S", "targets": [{"expr": "up"}],
        "fieldConfig": {"defaults": {"mappings": [
            // Apache Full's "Up / Down": index 0 first whatever the key order.
            {"type": "value", "options": {"0": {"color": "red", "index": 1, "text": "Down"}, "1": {"color": "green", "index": 0, "text": "Up"}}},
            {"type": "range", "options": {"from": 10, "to": null, "result": {"text": "many", "color": "orange"}}},
            {"type": "regex", "options": {"pattern": "^4..$", "result": {"text": "client error"}}},
            {"type": "special", "options": {"match": "nan", "result": {"text": "not a number"}}},
            {"type": 1, "value": "null", "text": "none", "id": 0, "op": "="},
            {"type": 2, "from": "1", "to": "5", "text": "few", "id": 1},
            {"type": "range", "options": {"from": 5, "to": 1, "result": {"text": "backwards"}}},
            {"type": "special", "options": {"match": "sometimes", "result": {"text": "?"}}},
            {"type": "gradient"}
        ]}}}]}));
    let m = &i.dashboard.panels[0].options.mappings;
    let v = |kind, value: &str, text: &str, color: Option<&str>| ValueMapping { kind, value: value.into(), from: None, to: None, text: text.into(), color: color.map(Into::into) };
    assert_eq!(
        m,
        &vec![
            v(MappingKind::Value, "1", "Up", Some("green")),
            v(MappingKind::Value, "0", "Down", Some("red")),
            ValueMapping { from: Some(10.0), ..v(MappingKind::Range, "", "many", Some("orange")) },
            v(MappingKind::Regex, "^4..$", "client error", None),
            v(MappingKind::Special, "nan", "not a number", None),
            v(MappingKind::Special, "null", "none", None),
            ValueMapping { from: Some(1.0), to: Some(5.0), ..v(MappingKind::Range, "", "few", None) },
        ]
    );
    assert!(i.notices.iter().any(|n| n == "Panel \"S\": 3 value mapping(s) could not be read and were not imported."), "{:?}", i.notices);
    // Kept in the file and read back the same.
    let (back, notes) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(&back.panels[0].options.mappings, m);
}

#[test]
fn mappings_on_a_time_series_and_overrides_are_named_in_notices() {
    let i = imp(json!({"title": "m", "panels": [{"type": "timeseries", "id": 1, "title": "Status", "targets": [{"expr": "up"}],
        "fieldConfig": {"defaults": {"mappings": [{"type": "value", "options": {"1": {"text": "UP"}}}]},
            "overrides": [{"matcher": {"id": "byRegexp", "options": "/.*Tx.*/"}, "properties": [{"id": "custom.transform", "value": "upside-down"}, {"id": "color"}]}]}}]}));
    assert_eq!(i.dashboard.panels[0].options.mappings.len(), 1);
    // A time series shows its mappings (in the hover tip), as does a heatmap (in its cell tips); a text
    // panel does not and says so.
    assert!(!i.notices.iter().any(|n| n.contains("value mapping")), "{:?}", i.notices);
    let mapped = |ty: &str| imp(json!({"title": "m", "panels": [{"type": ty, "id": 1, "title": "P", "targets": [{"expr": "x_bucket"}], "options": {"content": "x"},
        "fieldConfig": {"defaults": {"mappings": [{"type": "value", "options": {"1": {"text": "UP"}}}]}}}]}));
    let h = mapped("heatmap");
    assert!(!h.notices.iter().any(|n| n.contains("value mapping")), "{:?}", h.notices);
    let t = mapped("text");
    assert!(t.notices.contains(&"Panel \"P\": its 1 value mapping(s) are kept but shown only in stat, table, time-series and heatmap panels, not in a text panel.".to_string()), "{:?}", t.notices);
    // A transform Grafana does not have is named, as is a colour without one.
    assert!(i.notices.contains(&"Panel \"Status\": field overrides not applied: byRegexp .*Tx.*: color, custom.transform.".to_string()), "{:?}", i.notices);
    assert!(i.dashboard.panels[0].options.overrides.is_empty());
}

#[test]
fn overrides_by_name_regex_type_and_query_are_imported() {
    let i = imp(json!({"title": "o", "panels": [{"type": "stat", "id": 1, "title": "S", "targets": [{"expr": "up"}],
        "fieldConfig": {"defaults": {}, "overrides": [
            {"matcher": {"id": "byName", "options": "up"}, "properties": [{"id": "displayName", "value": "Up"}, {"id": "unit", "value": "percent"}, {"id": "decimals", "value": 1}]},
            {"matcher": {"id": "byRegexp", "options": "/^node.*/"}, "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "purple"}}]},
            {"matcher": {"id": "byType", "options": "number"}, "properties": [{"id": "unit", "value": "bytes"}]},
            {"matcher": {"id": "byFrameRefID", "options": "B"}, "properties": [{"id": "displayName", "value": "Errors"}, {"id": "custom.axisPlacement", "value": "right"}]},
            {"matcher": {"id": "byValue", "options": {"reducer": "max", "op": "gt", "value": 1}}, "properties": [{"id": "unit", "value": "s"}]}
        ]}}]}));
    assert_eq!(
        i.dashboard.panels[0].options.overrides,
        vec![
            FieldOverride { name: "up".into(), display_name: Some("Up".into()), unit: Some("percent".into()), decimals: Some(1), ..FieldOverride::default() },
            FieldOverride { regex: "^node.*".into(), color: Some("purple".into()), ..FieldOverride::default() },
            FieldOverride { field_type: "number".into(), unit: Some("bytes".into()), ..FieldOverride::default() },
            FieldOverride { ref_id: "B".into(), display_name: Some("Errors".into()), axis_placement: Some(AxisPlacement::Right), ..FieldOverride::default() },
        ]
    );
    assert_eq!(
        i.notices,
        vec![
            "Panel \"S\": field overrides not applied: byValue.".to_string(),
            "Panel \"S\": 1 field override(s) hiding a series, placing its axis or setting how it is drawn are kept but applied only in time-series panels.".to_string()
        ]
    );
    let (back, _) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
    assert_eq!(back.panels[0].options.overrides, i.dashboard.panels[0].options.overrides);
}

#[test]
fn heatmap_overrides_are_imported_and_only_a_fixed_colour_is_named() {
    let over = |ty: &str, props: serde_json::Value| {
        imp(json!({"title": "h", "panels": [{"type": ty, "id": 1, "title": "H", "targets": [{"expr": "sum by (le) (rate(x_bucket[5m]))"}],
            "fieldConfig": {"defaults": {}, "overrides": [{"matcher": {"id": "byType", "options": "number"}, "properties": props}]}}]}))
    };
    // Name, unit and decimals of the counts: applied by the heatmap, no notice.
    let h = over("heatmap", json!([{"id": "displayName", "value": "Requests"}, {"id": "unit", "value": "reqps"}, {"id": "decimals", "value": 1}]));
    assert_eq!(
        h.dashboard.panels[0].options.overrides,
        vec![FieldOverride { field_type: "number".into(), display_name: Some("Requests".into()), unit: Some("reqps".into()), decimals: Some(1), ..FieldOverride::default() }]
    );
    assert!(h.notices.is_empty(), "{:?}", h.notices);
    // A fixed colour is kept but not drawn (cells are coloured by count), and said so.
    let c = over("heatmap", json!([{"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}}]));
    assert_eq!(
        c.notices,
        vec!["Panel \"H\": 1 field override(s) setting a fixed colour are kept but applied only in stat and time-series panels (a heatmap colours its cells by count).".to_string()]
    );
    // A panel kind that applies none of them says so.
    let t = over("table", json!([{"id": "unit", "value": "s"}]));
    assert_eq!(
        t.notices,
        vec!["Panel \"H\": 1 field override(s) (display name, unit, decimals, colour) are kept but applied only in stat, time-series and heatmap panels.".to_string()]
    );
}

#[test]
fn hide_from_and_axis_placement_import_as_defaults_and_overrides_of_time_series() {
    // Node Exporter Full's "CPU Frequency Scaling" (Max hidden from the legend), Apache's "Requests / Traffic"
    // ("Bytes sent" on a right axis), and a bad placement named in the notice.
    let i = imp(json!({"title": "h", "panels": [{"type": "timeseries", "id": 1, "title": "T", "targets": [{"expr": "up"}],
        "fieldConfig": {"defaults": {"custom": {"axisPlacement": "hidden", "hideFrom": {"legend": false, "tooltip": true, "viz": false}}}, "overrides": [
            {"matcher": {"id": "byName", "options": "Max"}, "properties": [{"id": "custom.hideFrom", "value": {"legend": true, "tooltip": false, "viz": false}}]},
            {"matcher": {"id": "byName", "options": "Bytes sent"}, "properties": [{"id": "custom.axisPlacement", "value": "right"}, {"id": "unit", "value": "Bps"}]},
            {"matcher": {"id": "byName", "options": "x"}, "properties": [{"id": "custom.axisPlacement", "value": "top"}]}
        ]}}]}));
    let o = &i.dashboard.panels[0].options;
    assert_eq!((o.axis_placement, o.hide_from), (AxisPlacement::Hidden, HideFrom { tooltip: true, ..HideFrom::default() }));
    assert_eq!(
        o.overrides,
        vec![
            FieldOverride { name: "Max".into(), hide_from: Some(HideFrom { legend: true, ..HideFrom::default() }), ..FieldOverride::default() },
            FieldOverride { name: "Bytes sent".into(), unit: Some("Bps".into()), axis_placement: Some(AxisPlacement::Right), ..FieldOverride::default() },
        ]
    );
    assert_eq!(i.notices, vec!["Panel \"T\": field overrides not applied: byName x: custom.axisPlacement.".to_string()]);
    let (back, _) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
    assert_eq!(back.panels[0].options, i.dashboard.panels[0].options);
}

#[test]
fn by_names_matchers_import_in_both_modes_and_an_empty_one_is_named() {
    // Node Exporter Full's "Exporter Processes Memory": the "hide series" override Grafana's legend click
    // saves (every series but "Virtual Memory" hidden from the plot).
    let hide = HideFrom { viz: true, ..HideFrom::default() };
    let i = imp(json!({"title": "h", "panels": [{"type": "timeseries", "id": 1, "title": "T", "targets": [{"expr": "up"}],
        "fieldConfig": {"defaults": {}, "overrides": [
            {"__systemRef": "hideSeriesFrom", "matcher": {"id": "byNames", "options": {"mode": "exclude", "names": ["Virtual Memory"], "prefix": "All except:", "readOnly": true}},
             "properties": [{"id": "custom.hideFrom", "value": {"legend": false, "tooltip": false, "viz": true}}]},
            {"matcher": {"id": "byNames", "options": {"mode": "include", "names": ["a", 7, "b"]}}, "properties": [{"id": "color", "value": {"fixedColor": "red", "mode": "fixed"}}]},
            {"matcher": {"id": "byNames", "options": {"mode": "exclude", "names": []}}, "properties": [{"id": "unit", "value": "s"}]}
        ]}}]}));
    let o = &i.dashboard.panels[0].options;
    assert_eq!(
        o.overrides,
        vec![
            FieldOverride { names: vec!["Virtual Memory".into()], names_exclude: true, hide_from: Some(hide), ..FieldOverride::default() },
            FieldOverride { names: vec!["a".into(), "b".into()], color: Some("red".into()), ..FieldOverride::default() },
        ]
    );
    assert_eq!(i.notices, vec!["Panel \"T\": field overrides not applied: byNames.".to_string()]);
    // Kept in the Trifocal file, and a file that mixes matchers or excludes nothing is refused.
    let (back, _) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
    assert_eq!(back.panels[0].options, i.dashboard.panels[0].options);
    let edit = |f: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
        let mut v: serde_json::Value = serde_json::from_str(&to_json(&i.dashboard)).unwrap();
        f(v["spec"]["panels"]["1"]["spec"]["plugin"]["spec"]["overrides"][1].as_object_mut().unwrap());
        parse_dashboard(&v.to_string()).unwrap_err()
    };
    assert!(edit(&|o| drop(o.insert("name".into(), json!("c")))).contains("exactly one of name, regex, refId, type or names"));
    assert!(edit(&|o| drop(o.insert("names".into(), json!([])))).contains("exactly one of"));
    assert!(edit(&|o| {
        o.insert("names".into(), json!([]));
        o.insert("name".into(), json!("c"));
        o.insert("namesExclude".into(), json!(true));
    })
    .contains("namesExclude needs names"));
}

#[test]
fn axis_min_max_and_soft_bounds_import_and_are_kept() {
    let i = imp(json!({"title": "h", "panels": [{"type": "timeseries", "id": 1, "title": "T", "targets": [{"expr": "up"}],
        "fieldConfig": {"defaults": {"min": 0, "max": 100, "custom": {"axisSoftMin": -5, "axisSoftMax": 50}}}}]}));
    let o = &i.dashboard.panels[0].options;
    assert_eq!((o.min, o.max, o.soft_min, o.soft_max), (Some(0.0), Some(100.0), Some(-5.0), Some(50.0)));
    assert_eq!(i.notices, Vec::<String>::new());
    let (back, _) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
    assert_eq!(back.panels[0].options, i.dashboard.panels[0].options);
    // Node Exporter Full: "Disk Space Used Basic" is fixed at 0..100 % ("min": 0, "max": 100), "Memory Basic" starts at 0.
    let nef = imp(serde_json::from_str(&std::fs::read_to_string("tests/fixtures/grafana/node-exporter-full.json").unwrap()).unwrap());
    let bounds = |t: &str| nef.dashboard.panels.iter().find(|p| p.title == t).map(|p| (p.options.min, p.options.max));
    assert_eq!(bounds("Disk Space Used Basic"), Some((Some(0.0), Some(100.0))));
    assert_eq!(bounds("Memory Basic"), Some((Some(0.0), None)));
    // Its "TCP Stat Persistent" says "0" when Prometheus has nothing (`noValue`), kept in the file.
    let no_value = |d: &crate::dashboard::Dashboard| {
        let all = d.panels.iter().flat_map(|p| std::iter::once(p).chain(p.panels.iter()));
        all.filter(|p| p.title.starts_with("TCP Stat")).map(|p| p.options.no_value.clone()).collect::<Vec<_>>()
    };
    assert_eq!(no_value(&nef.dashboard), vec![Some("0".to_string()); 2]);
    let (back, _) = parse_dashboard(&to_json(&nef.dashboard)).unwrap();
    assert_eq!(no_value(&back), vec![Some("0".to_string()); 2]);
}

#[test]
fn a_heatmaps_colour_min_and_max_import_and_an_empty_range_is_dropped() {
    let heat = |color: serde_json::Value| {
        imp(json!({"title": "h", "panels": [{"type": "heatmap", "id": 1, "title": "H", "targets": [{"expr": "x_bucket"}],
            "options": {"color": color}}]}))
    };
    let i = heat(json!({"mode": "scheme", "scheme": "Oranges", "scale": "exponential", "exponent": 0.5, "min": 2, "max": 40}));
    let o = &i.dashboard.panels[0].options;
    assert_eq!((o.color_min, o.color_max), (Some(2.0), Some(40.0)));
    let (back, _) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
    assert_eq!(back.panels[0].options, i.dashboard.panels[0].options);
    let o = heat(json!({"mode": "scheme", "min": null, "max": 5})).dashboard.panels[0].options.clone();
    assert_eq!((o.color_min, o.color_max), (None, Some(5.0)));
    let o = heat(json!({"min": 9, "max": 5})).dashboard.panels[0].options.clone();
    assert_eq!((o.color_min, o.color_max), (None, None));
    // The file refuses an empty range.
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&i.dashboard)).unwrap();
    v["spec"]["panels"]["1"]["spec"]["plugin"]["spec"]["colorMin"] = json!(40);
    assert!(parse_dashboard(&v.to_string()).unwrap_err().contains("colorMin (40) must be below colorMax (40)"));
}

#[test]
fn a_panels_relative_time_and_time_shift_import_and_bad_ones_are_named() {
    let i = imp(json!({"title": "T", "panels": [
        {"id": 1, "type": "timeseries", "title": "Own", "timeFrom": "1h", "timeShift": "1d", "hideTimeOverride": true, "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "up"}]},
        {"id": 2, "type": "stat", "title": "Odd", "timeFrom": "soon", "timeShift": null, "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "up"}]}]}));
    let own = i.dashboard.panel(1).unwrap();
    assert_eq!((own.time_from.as_deref(), own.time_shift.as_deref()), (Some("1h"), Some("1d")));
    // Its header hides the time note (hideTimeOverride), though the window still applies.
    assert!(own.hide_time_override);
    assert_eq!(super::super::panel_time::header_note(own), None);
    let odd = i.dashboard.panel(2).unwrap();
    assert_eq!((odd.time_from.as_deref(), odd.time_shift.as_deref()), (None, None));
    assert!(!odd.hide_time_override);
    assert!(i.notices.iter().any(|n| n.contains("\"Odd\"") && n.contains("relative time") && n.contains("soon")), "{:#?}", i.notices);
    // Both survive the Trifocal file.
    let (back, _) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
    assert_eq!(back, i.dashboard);
}

#[test]
fn thresholds_style_and_percentage_mode_are_imported() {
    // Grafana 10+ time series: `custom.thresholdsStyle.mode` and `thresholds.mode`.
    let panel = |ty: &str, style: &str, mode: &str| {
        json!({"type": ty, "id": 1, "title": "T", "targets": [{"expr": "up"}], "fieldConfig": {"defaults": {
            "custom": {"thresholdsStyle": {"mode": style}},
            "thresholds": {"mode": mode, "steps": [{"color": "green", "value": null}, {"color": "red", "value": 80}]}}}})
    };
    for (style, want) in [("line", ThresholdsStyle::Line), ("dashed", ThresholdsStyle::Dashed), ("area", ThresholdsStyle::Area),
        ("line+area", ThresholdsStyle::LineArea), ("dashed+area", ThresholdsStyle::DashedArea), ("off", ThresholdsStyle::Off)] {
        let i = imp(json!({"title": "t", "panels": [panel("timeseries", style, "absolute")]}));
        let o = &i.dashboard.panels[0].options;
        assert_eq!((o.thresholds_style, o.thresholds_percent), (want, false), "{style}");
        assert!(i.notices.is_empty(), "{:?}", i.notices);
        let (back, _) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
        assert_eq!(back.panels[0].options, *o);
    }
    let i = imp(json!({"title": "t", "panels": [panel("timeseries", "line", "percentage")]}));
    assert!(i.dashboard.panels[0].options.thresholds_percent);
    let (back, _) = parse_dashboard(&to_json(&i.dashboard)).unwrap();
    assert!(back.panels[0].options.thresholds_percent);
    // An unknown style is named; a stat takes percentages too; a table reads them as absolute values and says so.
    let i = imp(json!({"title": "t", "panels": [panel("timeseries", "wavy", "absolute")]}));
    assert_eq!(i.notices, vec!["Panel \"T\": thresholds style \"wavy\" is not drawn.".to_string()]);
    let i = imp(json!({"title": "t", "panels": [panel("stat", "line", "percentage")]}));
    assert!(i.notices.is_empty() && i.dashboard.panels[0].options.thresholds_percent, "{:?}", i.notices);
    let i = imp(json!({"title": "t", "panels": [panel("table", "line", "percentage")]}));
    assert_eq!(i.notices, vec!["Panel \"T\": its thresholds are percentages; a table panel reads them as absolute values.".to_string()]);
}

#[test]
fn a_repeated_row_keeps_its_repeat_and_one_over_an_unknown_variable_is_dropped_with_a_notice() {
    let text = json!({
        "title": "rows",
        "templating": {"list": [{"name": "job", "type": "custom", "query": "a,b", "multi": true}]},
        "panels": [
            {"type": "row", "id": 1, "title": "Job $job", "repeat": "job", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
            {"type": "stat", "id": 2, "title": "up", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 4},
             "targets": [{"expr": "up{job=\"$job\"}", "refId": "A"}]},
            {"type": "row", "id": 3, "title": "Node $node", "repeat": "node", "collapsed": true, "gridPos": {"x": 0, "y": 5, "w": 24, "h": 1}, "panels": []}
        ]
    })
    .to_string();
    let i = import_grafana(&text).unwrap();
    let rows: Vec<(&str, Option<&str>)> =
        i.dashboard.panels.iter().filter(|p| p.kind == PanelKind::Row).map(|p| (p.title.as_str(), p.repeat.as_ref().map(|r| r.variable.as_str()))).collect();
    assert_eq!(rows, vec![("Job $job", Some("job")), ("Node $node", None)]);
    assert_eq!(i.notices, vec!["Panel \"Node $node\" repeats over $node, which this dashboard does not have; it is shown once.".to_string()]);
}

#[test]
fn draw_styles_are_imported_as_defaults_and_overrides_and_kept_in_the_file() {
    let i = imp(json!({"title": "d", "panels": [{"type": "timeseries", "id": 1, "title": "T", "targets": [{"expr": "up"}],
        "fieldConfig": {"defaults": {"custom": {"transform": "constant", "fillOpacity": 10, "lineWidth": 2, "lineStyle": {"fill": "dot", "dash": [0, 10]}}},
            "overrides": [
                {"matcher": {"id": "byName", "options": "out"}, "properties": [{"id": "custom.transform", "value": "negative-Y"}, {"id": "custom.lineWidth", "value": 1}]},
                {"matcher": {"id": "byName", "options": "limit"}, "properties": [{"id": "custom.lineStyle", "value": {"fill": "solid"}}, {"id": "custom.fillOpacity", "value": 0}]}
            ]}}]}));
    assert_eq!(i.notices, Vec::<String>::new());
    let o = &i.dashboard.panels[0].options;
    let dot = LineStyle { fill: LineFill::Dot, dash: vec![0, 10] };
    assert_eq!(o.series_draw, SeriesDraw { transform: Some(Transform::Constant), fill_opacity: Some(10), line_width: Some(2), line_style: Some(dot), stacking: None, draw_style: None });
    assert_eq!(o.overrides[0].draw, SeriesDraw { transform: Some(Transform::NegativeY), line_width: Some(1), ..SeriesDraw::default() });
    // An override's solid line and no fill are kept: they undo the panel's.
    assert_eq!(o.overrides[1].draw, SeriesDraw { fill_opacity: Some(0), line_style: Some(LineStyle::default()), ..SeriesDraw::default() });
    let text = to_json(&i.dashboard);
    assert!(text.contains("\"transform\": \"negative-Y\"") && text.contains("\"lineStyle\": {\n"), "{text}");
    let (back, notes) = parse_dashboard(&text).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(&back.panels[0].options, o);
    // A bad value in a saved file is refused with its path.
    let bad = text.replacen("\"negative-Y\"", "\"sideways\"", 1);
    let e = parse_dashboard(&bad).unwrap_err();
    assert!(e.contains("transform") && e.contains("\"sideways\" is not one of none, negative-Y, constant"), "{e}");
    let bad = text.replacen("\"lineWidth\": 2", "\"lineWidth\": 50", 1);
    assert!(parse_dashboard(&bad).unwrap_err().contains("lineWidth must be a whole number in 0..10"));
}
