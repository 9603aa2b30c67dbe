//! Grafana v2 import on real dashboards saved by Grafana (tests/fixtures/grafana-v2, see its README), and
//! a few conversion rules the real files do not exercise (Prometheus queries, panel time, nesting).

use crate::dashboard::{import_grafana, parse_dashboard, to_json, Dashboard, Panel, PanelKind, VariableKind};
use serde_json::json;

const TABS: &str = include_str!("../../tests/fixtures/grafana-v2/V2DashWithTabs.json");
const SLUG: &str = include_str!("../../tests/fixtures/grafana-v2/V2DashboardWithTabsForSlugTest.json");

/// `(kind, title, tab, y)` of the top-level panel list, in order.
fn outline(d: &Dashboard) -> Vec<(PanelKind, String, bool, u32)> {
    d.panels.iter().map(|p| (p.kind, p.title.clone(), p.tab, p.grid_pos.y)).collect()
}

fn titled<'a>(d: &'a Dashboard, title: &str) -> &'a Panel {
    d.panels.iter().find(|p| p.title == title).unwrap_or_else(|| panic!("no panel {title}"))
}

#[test]
fn a_row_of_three_tabs_imports_with_its_tabs_and_their_panels() {
    let i = import_grafana(TABS).unwrap();
    let d = &i.dashboard;
    assert_eq!(d.title, "New dashboard");
    assert_eq!((d.time.from.as_str(), d.time.to.as_str()), ("now-6h", "now"));
    // The row "New row" holds tabs "Tab 1" (a grid of panels 1, 2 and 7), "Tab 2" (an auto grid: panel 9)
    // and "Tab 3" (panel 8): the row heading, then each tab followed by its panels.
    let o = outline(d);
    let kinds: Vec<(&str, bool)> = o.iter().map(|(k, t, tab, _)| (if *k == PanelKind::Row { t.as_str() } else { "panel" }, *tab)).collect();
    assert_eq!(
        kinds,
        vec![("New row", false), ("Tab 1", true), ("panel", false), ("panel", false), ("panel", false), ("Tab 2", true), ("panel", false), ("Tab 3", true), ("panel", false)]
    );
    let ids: Vec<u32> = d.panels.iter().filter(|p| p.kind != PanelKind::Row).map(|p| p.id).collect();
    assert_eq!(ids, vec![1, 2, 7, 9, 8]);
    // Tab 1's grid as Grafana places it, below the two headings.
    let g: Vec<(u32, u32, u32, u32)> = d.panels[2..5].iter().map(|p| (p.grid_pos.x, p.grid_pos.y, p.grid_pos.w, p.grid_pos.h)).collect();
    assert_eq!(g, vec![(0, 2, 12, 8), (12, 2, 12, 8), (0, 10, 8, 10)]);
    // The auto grid of at most 3 columns: a third of the width.
    assert_eq!(d.panels[6].grid_pos.w, 8);
    // The variables are CustomVariable kinds: values from "1, 2, 3, 4, 5", the current one kept.
    let names: Vec<&str> = d.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, vec!["hideByVariable", "showByVariable"]);
    for v in &d.variables {
        assert_eq!(v.kind, VariableKind::Custom { values: ["1", "2", "3", "4", "5"].map(String::from).to_vec() });
        assert_eq!(v.current, vec!["1".to_string()]);
    }
    assert_eq!(d.uid, "new-dashboard");
}

#[test]
fn nothing_of_the_tabs_dashboard_is_dropped_without_a_notice_naming_it() {
    let i = import_grafana(TABS).unwrap();
    // Panel 1 asks Grafana's testdata datasource; panels 2, 7, 8 and 9 were never configured in Grafana.
    let placeholders: Vec<u32> = i.dashboard.all_panels().iter().filter(|p| p.kind == PanelKind::Text).map(|p| p.id).collect();
    assert_eq!(placeholders, vec![1, 2, 7, 9, 8]);
    assert!(i.notices.iter().any(|n| n.contains("\"New panel\" (id 1)") && n.contains("grafana-testdata-datasource")), "{:#?}", i.notices);
    for id in [2, 7, 8, 9] {
        assert!(i.notices.iter().any(|n| n.contains(&format!("(id {id})")) && n.contains("__unconfigured-panel")), "{id}: {:#?}", i.notices);
    }
    assert_eq!(i.skipped_panels.len(), 5);
}

#[test]
fn the_resource_export_with_two_rows_of_tabs_imports_under_its_own_uid() {
    let i = import_grafana(SLUG).unwrap();
    let d = &i.dashboard;
    assert_eq!(d.uid, "admww4w");
    assert_eq!(d.title, "URL test dashboard");
    let heads: Vec<(String, bool)> = d.panels.iter().filter(|p| p.kind == PanelKind::Row).map(|p| (p.title.clone(), p.tab)).collect();
    let want = [("Overview", false), ("Logs", true), ("Metrics&Traces", true), ("Logs+", true), ("Overview+", false), ("Drilldown", true), ("Drilldown-wip", true)];
    assert_eq!(heads, want.map(|(t, b)| (t.to_string(), b)).to_vec());
    // The one panel sits in the tab "Logs", right after it.
    let logs = d.panels.iter().position(|p| p.title == "Logs").unwrap();
    assert_eq!(d.panels[logs + 1].title, "repeat - $c1");
    assert!(i.notices.iter().any(|n| n.contains("\"repeat - $c1\"") && n.contains("grafana-testdata-datasource")), "{:#?}", i.notices);
}

#[test]
fn tabs_survive_the_trifocal_file() {
    for text in [TABS, SLUG] {
        let d = import_grafana(text).unwrap().dashboard;
        let (back, notes) = parse_dashboard(&to_json(&d)).unwrap();
        assert_eq!(back, d);
        assert!(notes.is_empty(), "{notes:?}");
        assert!(back.panels.iter().any(|p| p.tab));
    }
}

#[test]
fn prometheus_queries_and_panel_time_come_from_the_query_group() {
    // The shape of a v2beta1 panel as Grafana writes it (DataQuery of group prometheus, queryOptions).
    let v = json!({"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard", "metadata": {"name": "p"},
        "spec": {"title": "P", "elements": {"panel-3": {"kind": "Panel", "spec": {"id": 3, "title": "Rate",
            "data": {"kind": "QueryGroup", "spec": {"queries": [{"kind": "PanelQuery", "spec": {"refId": "A", "hidden": false,
                "query": {"kind": "DataQuery", "group": "prometheus", "version": "v0", "datasource": {"name": "prom-uid"},
                    "spec": {"expr": "rate(x[5m])", "legendFormat": "{{job}}"}}}}],
                "transformations": [], "queryOptions": {"timeFrom": "1h", "timeShift": "1d", "hideTimeOverride": true}}},
            "vizConfig": {"kind": "VizConfig", "group": "stat", "spec": {"options": {}, "fieldConfig": {"defaults": {"unit": "s"}, "overrides": []}}}}}},
        "layout": {"kind": "TabsLayout", "spec": {"tabs": [{"kind": "TabsLayoutTab", "spec": {"title": "T",
            "layout": {"kind": "GridLayout", "spec": {"items": [{"kind": "GridLayoutItem", "spec": {"x": 0, "y": 0, "width": 6, "height": 4,
                "element": {"kind": "ElementReference", "name": "panel-3"},
                "repeat": {"mode": "variable", "value": "job", "direction": "v"}}}]}}}}]}},
        "variables": [{"kind": "QueryVariable", "spec": {"name": "job", "hide": "hideVariable", "current": {"text": "a", "value": "a"},
            "query": {"kind": "DataQuery", "group": "prometheus", "version": "v0", "spec": {"query": "label_values(up, job)"}}}}]}});
    let i = import_grafana(&v.to_string()).unwrap();
    let p = i.dashboard.panel(3).unwrap();
    assert_eq!((p.kind, p.queries.len()), (PanelKind::Stat, 1));
    assert_eq!((p.queries[0].expr.as_str(), p.queries[0].legend.as_str(), p.queries[0].source.as_str()), ("rate(x[5m])", "{{job}}", "prom-uid"));
    assert_eq!((p.time_from.as_deref(), p.time_shift.as_deref()), (Some("1h"), Some("1d")));
    assert!(p.hide_time_override);
    assert_eq!(p.options.unit.as_deref(), Some("s"));
    assert_eq!(p.repeat.as_ref().map(|r| r.variable.as_str()), Some("job"));
    let v = &i.dashboard.variables[0];
    assert!(v.hidden);
    assert!(matches!(&v.kind, VariableKind::Query { query, .. } if query == "label_values(up, job)"));
    assert!(titled(&i.dashboard, "T").tab);
}

#[test]
fn rows_inside_a_tab_are_stacked_and_named() {
    let grid = |name: &str| json!({"kind": "GridLayout", "spec": {"items": [{"kind": "GridLayoutItem", "spec": {"x": 0, "y": 0, "width": 24, "height": 5, "element": {"kind": "ElementReference", "name": name}}}]}});
    let panel = |id: u32| json!({"kind": "Panel", "spec": {"id": id, "title": format!("P{id}"), "vizConfig": {"kind": "VizConfig", "group": "text", "spec": {"options": {"content": "x"}}}}});
    let v = json!({"elements": {"a": panel(1), "b": panel(2), "lost": panel(3)},
        "layout": {"kind": "TabsLayout", "spec": {"tabs": [{"kind": "TabsLayoutTab", "spec": {"title": "Only",
            "conditionalRendering": {"kind": "ConditionalRenderingGroup", "spec": {}},
            "layout": {"kind": "RowsLayout", "spec": {"rows": [
                {"kind": "RowsLayoutRow", "spec": {"title": "R1", "layout": grid("a")}},
                {"kind": "RowsLayoutRow", "spec": {"title": "R2", "layout": grid("b")}}]}}}}]}}});
    let i = import_grafana(&v.to_string()).unwrap();
    let d = &i.dashboard;
    assert_eq!(outline(d)[..3], [(PanelKind::Row, "Only".to_string(), true, 0), (PanelKind::Text, "P1".into(), false, 1), (PanelKind::Text, "P2".into(), false, 6)]);
    let said = |words: &[&str]| i.notices.iter().any(|n| words.iter().all(|w| n.contains(w)));
    assert!(said(&["rows inside tab \"Only\"", "\"R1\", \"R2\""]), "{:#?}", i.notices);
    assert!(said(&["Tab \"Only\"", "conditional rendering"]), "{:#?}", i.notices);
    // The element no layout places is kept, folded, and named.
    assert!(said(&["\"lost\"", "Not in the layout"]), "{:#?}", i.notices);
    let last = d.panels.last().unwrap();
    assert_eq!((last.title.as_str(), last.collapsed, last.panels.len()), ("Not in the layout", true, 1));
}

#[test]
fn broken_v2_input_is_refused_or_named_never_a_panic() {
    for bad in [
        r#"{"apiVersion": "dashboard.grafana.app/v2", "spec": 3}"#,
        r#"{"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard"}"#,
    ] {
        assert!(import_grafana(bad).is_err(), "{bad}");
    }
    let odd = json!({"elements": {"x": {"kind": "Widget"}}, "layout": {"kind": "SpiralLayout"},
        "variables": [{"kind": "SwitchVariable", "spec": {"name": "s"}}, 7], "annotations": "no", "timeSettings": []});
    let i = import_grafana(&odd.to_string()).unwrap();
    assert!(i.notices.iter().any(|n| n.contains("SpiralLayout")), "{:#?}", i.notices);
    assert!(i.notices.iter().any(|n| n.contains("\"s\"") && n.contains("switch")), "{:#?}", i.notices);
}

const REPEATING_ROWS: &str = include_str!("../../tests/fixtures/grafana-v2/templating-repeating-rows.json");

#[test]
fn grafanas_repeating_rows_dashboard_repeats_its_row_per_server_and_its_panel_per_pod() {
    use crate::dashboard::repeat::{expand, repeat_values};
    let i = import_grafana(REPEATING_ROWS).unwrap();
    let d = &i.dashboard;
    // The row repeat is kept, with no notice of it (the testdata query is what is not imported).
    assert!(!i.notices.iter().any(|n| n.contains("repeats")), "{:?}", i.notices);
    let row = titled(d, "Row for server $server");
    assert_eq!(row.repeat.as_ref().map(|r| r.variable.as_str()), Some("server"));
    // Drawn with the saved selection (A and B; pod 1 and 2): two copies of the row, each with two pods.
    let values: Vec<(String, Vec<String>)> = d.variables.iter().map(|v| (v.name.clone(), repeat_values(v, &v.kind.static_options()))).collect();
    assert_eq!(values, vec![("server".to_string(), vec!["A".to_string(), "B".to_string()]), ("pod".to_string(), vec!["1".to_string(), "2".to_string()])]);
    let s = expand(&d.panels, &values, &[]);
    let rows: Vec<(&str, Vec<&str>)> =
        s.iter().filter(|x| x.panel.kind == PanelKind::Row).map(|x| (x.panel.title.as_str(), x.bindings.iter().map(|b| b.1.as_str()).collect())).collect();
    assert_eq!(
        rows,
        vec![
            ("Row at the top - not repeated - saved expanded", vec![]),
            ("Row for server $server", vec!["A"]),
            ("Row for server $server", vec!["B"]),
            ("Row at the bottom - not repeated - saved collapsed", vec![]),
        ]
    );
    let pods: Vec<Vec<&str>> = s.iter().filter(|x| x.source == 2).map(|x| x.bindings.iter().map(|b| b.1.as_str()).collect()).collect();
    assert_eq!(pods, vec![vec!["A", "1"], vec!["A", "2"], vec!["B", "1"], vec!["B", "2"]]);
    // Saved and read back, the row still repeats.
    let (back, notes) = parse_dashboard(&to_json(d)).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(titled(&back, "Row for server $server").repeat, row.repeat);
}

const TAB_REPEATS: &str = include_str!("../../tests/fixtures/grafana-v2/V2DashWithTabRepeats.json");

#[test]
fn a_repeated_tab_imports_with_its_repeat_and_no_notice_of_it() {
    let i = import_grafana(TAB_REPEATS).unwrap();
    let d = &i.dashboard;
    // Tab "Tab - $c1" repeats over $c1; "New tab" does not.
    let tabs: Vec<(&str, Option<&str>)> = d.panels.iter().filter(|p| p.tab).map(|p| (p.title.as_str(), p.repeat.as_ref().map(|r| r.variable.as_str()))).collect();
    assert_eq!(tabs, vec![("Tab - $c1", Some("c1")), ("New tab", None)]);
    assert!(!i.notices.iter().any(|n| n.contains("Tab \"Tab - $c1\"")), "{:?}", i.notices);
    // Its rows are drawn one after another inside it; the repeat of one of them is named.
    assert!(i.notices.contains(&"Row \"Row $c2\" inside tab \"Tab - $c1\" repeats for each value of $c2 in Grafana; it is drawn once.".to_string()), "{:?}", i.notices);
    // It survives the Trifocal file.
    let back = parse_dashboard(&to_json(d)).unwrap();
    assert_eq!(back.0.panels.iter().find(|p| p.tab && p.title == "Tab - $c1").and_then(|p| p.repeat.as_ref()).map(|r| r.variable.as_str()), Some("c1"));
}
