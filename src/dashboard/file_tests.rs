use serde_json::json;

use super::*;
use crate::dashboard::{check, parse_dashboard, to_json};

fn doc(panels: Value, layouts: Value) -> String {
    json!({"kind": "Dashboard", "schemaVersion": 2, "metadata": {"name": "t"}, "spec": {"panels": panels, "layouts": layouts}})
        .to_string()
}

fn stat(name: &str) -> Value {
    json!({"kind": "Panel", "spec": {"display": {"name": name}, "plugin": {"kind": "stat"}}})
}

fn item(id: u32, x: u32, y: u32) -> Value {
    json!({"x": x, "y": y, "width": 12, "height": 4, "content": {"$ref": format!("#/spec/panels/{id}")}})
}

#[test]
fn rows_come_from_titled_grids_with_positions_relative_to_them() {
    let text = doc(
        json!({"1": stat("a"), "2": stat("b"), "3": stat("c"), "4": stat("d")}),
        json!([
            {"kind": "Grid", "spec": {"items": [item(1, 0, 0)]}},
            {"kind": "Grid", "spec": {"id": 40, "display": {"title": "R", "collapse": {"open": true}}, "items": [item(2, 0, 0), item(3, 12, 2)]}},
            {"kind": "Grid", "spec": {"display": {"title": "Folded", "collapse": {"open": false}}, "items": [item(4, 0, 5)]}}
        ]),
    );
    let (d, notes) = parse_dashboard(&text).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    let top: Vec<(u32, PanelKind, u32)> = d.panels.iter().map(|p| (p.id, p.kind, p.grid_pos.y)).collect();
    // a at 0..4; row R (id kept) at 4; b at 5, c at 7; the folded row (new id 41) at 11 holds d.
    assert_eq!(
        top,
        vec![(1, PanelKind::Stat, 0), (40, PanelKind::Row, 4), (2, PanelKind::Stat, 5), (3, PanelKind::Stat, 7), (41, PanelKind::Row, 11)]
    );
    assert!(d.panels[4].collapsed);
    assert_eq!(d.panels[4].title, "Folded");
    // The folded row's panel starts at its top (y 5 in the file is a gap that unfolding would close).
    assert_eq!(d.panels[4].panels.iter().map(|p| (p.id, p.grid_pos.y)).collect::<Vec<_>>(), vec![(4, 12)]);
    // Written back: the same grids and positions.
    let again: Value = serde_json::from_str(&to_json(&d)).unwrap();
    let before: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(again["spec"]["layouts"][1]["spec"]["items"], before["spec"]["layouts"][1]["spec"]["items"]);
    // A folded row's panels are written from its top (a leading gap closes, as it does when it unfolds).
    assert_eq!(again["spec"]["layouts"][2]["spec"]["items"][0]["y"], json!(0));
    assert_eq!(again["spec"]["layouts"][2]["spec"]["id"], json!(41));
}

#[test]
fn panels_in_no_layout_are_kept_under_their_own_row() {
    let text = doc(json!({"1": stat("placed"), "7": stat("lost"), "9": stat("also lost")}), json!([{"kind": "Grid", "spec": {"items": [item(1, 0, 0)]}}]));
    let (d, notes) = parse_dashboard(&text).unwrap();
    assert_eq!(
        notes,
        vec![
            format!("spec.panels.7 is in no layout; it is shown under a row \"{UNPLACED_ROW_TITLE}\""),
            format!("spec.panels.9 is in no layout; it is shown under a row \"{UNPLACED_ROW_TITLE}\""),
        ]
    );
    let row = d.panels.iter().find(|p| p.kind == PanelKind::Row).unwrap();
    assert_eq!(row.title, UNPLACED_ROW_TITLE);
    let after: Vec<&str> = d.panels.iter().skip_while(|p| p.kind != PanelKind::Row).skip(1).map(|p| p.title.as_str()).collect();
    assert_eq!(after, vec!["lost", "also lost"]);
    assert!(check(&d).is_ok());
}

#[test]
fn unknown_fields_anywhere_are_ignored_with_notices() {
    let mut v: Value = serde_json::from_str(&doc(json!({"1": stat("a")}), json!([{"kind": "Grid", "spec": {"items": [item(1, 0, 0)]}}]))).unwrap();
    v["metadata"]["project"] = json!("perses-style");
    v["spec"]["panels"]["1"]["spec"]["transparent"] = json!(true);
    v["spec"]["layouts"][0]["spec"]["items"][0]["content"]["extra"] = json!(1);
    let (d, notes) = parse_dashboard(&v.to_string()).unwrap();
    assert_eq!(d.panels.len(), 1);
    assert_eq!(
        notes,
        vec![
            "metadata.project: unknown field ignored".to_string(),
            "spec.panels.1.spec.transparent: unknown field ignored".to_string(),
            "spec.layouts[0].spec.items[0].content.extra: unknown field ignored".to_string(),
        ]
    );
}

#[test]
fn duplicate_keys_are_found_only_in_spec_panels() {
    assert_eq!(duplicate_panel_key(r#"{"spec": {"panels": {"1": {}, "2": {}, "1": {}}}}"#), Some("1".into()));
    assert_eq!(duplicate_panel_key(r#"{"spec": {"panels": {"1": {}, "2": {}}}}"#), None);
    assert_eq!(duplicate_panel_key(r#"{"spec": {"panels": [1, 1]}}"#), None);
    assert_eq!(duplicate_panel_key(r#"{"spec": {"x": {"a": 1, "a": 2}}}"#), None);
    assert_eq!(duplicate_panel_key("not json"), None);
}

#[test]
fn too_many_panels_are_refused() {
    let panels: serde_json::Map<String, Value> = (1..=MAX_PANELS + 1).map(|i| (i.to_string(), stat("p"))).collect();
    let err = parse_dashboard(&doc(Value::Object(panels), json!([]))).unwrap_err();
    assert_eq!(err, format!("spec.panels has {} panels, at most {MAX_PANELS} are allowed", MAX_PANELS + 1));
}

#[test]
fn a_dashboard_serialises_as_the_file() {
    let d = Dashboard { uid: "s".into(), ..Dashboard::default() };
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["kind"], json!("Dashboard"));
    assert_eq!(v["schemaVersion"], json!(SCHEMA_VERSION));
    assert_eq!(v["metadata"]["name"], json!("s"));
    assert_eq!(v["spec"]["panels"], json!({}));
    assert_eq!(v["spec"]["layouts"], json!([]));
}

#[test]
fn links_are_read_written_and_refused_when_unsafe() {
    let mut v: Value = serde_json::from_str(&doc(json!({"1": stat("a")}), json!([{"kind": "Grid", "spec": {"items": [item(1, 0, 0)]}}]))).unwrap();
    v["spec"]["links"] = json!([{"name": "Wiki", "url": "https://wiki.example/x", "targetBlank": true}]);
    v["spec"]["panels"]["1"]["spec"]["links"] = json!([{"url": "#/dashboard/other?var-job=$job&${__url_time_range}"}]);
    let (d, notes) = parse_dashboard(&v.to_string()).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(d.links, vec![Link { title: "Wiki".into(), url: "https://wiki.example/x".into(), new_tab: true }]);
    assert_eq!(d.panels[0].links[0].url, "#/dashboard/other?var-job=$job&${__url_time_range}");
    let again: Value = serde_json::from_str(&to_json(&d)).unwrap();
    assert_eq!(again["spec"]["links"], v["spec"]["links"]);
    assert_eq!(again["spec"]["panels"]["1"]["spec"]["links"], v["spec"]["panels"]["1"]["spec"]["links"]);
    v["spec"]["panels"]["1"]["spec"]["links"] = json!([{"name": "x", "url": "javascript:alert(document.cookie)"}]);
    assert_eq!(
        parse_dashboard(&v.to_string()).unwrap_err(),
        "spec.panels.1.spec.links[0].url \"javascript:alert(document.cookie)\" is not a link Trifocal opens: only http(s) and relative links"
    );
}

#[test]
fn a_repeat_is_read_with_defaults_and_must_name_a_variable() {
    let mut p = stat("cpu");
    p["spec"]["repeat"] = json!({"variable": "node"});
    let mut v: Value = serde_json::from_str(&doc(json!({"1": p}), json!([{"kind": "Grid", "spec": {"items": [item(1, 0, 0)]}}]))).unwrap();
    // No variable $node yet: refused, naming the path and the variables there are.
    let e = parse_dashboard(&v.to_string()).unwrap_err();
    assert!(e.contains("spec.panels.1.spec.repeat.variable \"node\" names no variable") && e.contains("there are none"), "{e}");
    v["spec"]["variables"] = json!([{"kind": "custom", "spec": {"name": "node", "values": ["a", "b"], "current": []}}]);
    let (d, _) = parse_dashboard(&v.to_string()).unwrap();
    assert_eq!(d.panels[0].repeat, Some(Repeat { variable: "node".into(), direction: RepeatDirection::Horizontal, max_per_row: 4 }));
    // Written back, read back the same.
    assert_eq!(parse_dashboard(&to_json(&d)).unwrap().0, d);
    v["spec"]["panels"]["1"]["spec"]["repeat"] = json!({"variable": "node", "direction": "sideways"});
    assert!(parse_dashboard(&v.to_string()).unwrap_err().contains("repeat.direction \"sideways\" must be \"h\" or \"v\""));
    v["spec"]["panels"]["1"]["spec"]["repeat"] = json!({"variable": "node", "maxPerRow": 30});
    assert!(parse_dashboard(&v.to_string()).unwrap_err().contains("maxPerRow"));
}

#[test]
fn a_rows_repeat_variable_is_kept_and_must_name_a_variable() {
    let rowed = json!([{"kind": "Grid", "spec": {"id": 9, "display": {"title": "Node $node"}, "repeatVariable": "node", "items": [item(1, 0, 0)]}}]);
    let mut v: Value = serde_json::from_str(&doc(json!({"1": stat("cpu")}), rowed)).unwrap();
    let e = parse_dashboard(&v.to_string()).unwrap_err();
    assert!(e.contains("spec.layouts[0].spec.repeatVariable \"node\" names no variable") && e.contains("there are none"), "{e}");
    v["spec"]["variables"] = json!([{"kind": "custom", "spec": {"name": "node", "values": ["a", "b"], "current": []}}]);
    let (d, notes) = parse_dashboard(&v.to_string()).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(d.panels[0].repeat.as_ref().map(|r| r.variable.as_str()), Some("node"));
    // Written back as it was read.
    let again: Value = serde_json::from_str(&to_json(&d)).unwrap();
    assert_eq!(again["spec"]["layouts"][0]["spec"]["repeatVariable"], "node");
    assert_eq!(parse_dashboard(&to_json(&d)).unwrap().0, d);
    // On a grid that is no row it means nothing: said, and dropped.
    v["spec"]["layouts"] = json!([{"kind": "Grid", "spec": {"repeatVariable": "node", "items": [item(1, 0, 0)]}}]);
    let (d, notes) = parse_dashboard(&v.to_string()).unwrap();
    assert!(d.panels.iter().all(|p| p.repeat.is_none()));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("repeatVariable"), "{notes:?}");
}

#[test]
fn a_panels_hidden_time_note_is_kept() {
    let mut p = stat("cpu");
    p["spec"]["timeFrom"] = json!("1h");
    p["spec"]["hideTimeOverride"] = json!(true);
    let mut v: Value = serde_json::from_str(&doc(json!({"1": p}), json!([{"kind": "Grid", "spec": {"items": [item(1, 0, 0)]}}]))).unwrap();
    let (d, notes) = parse_dashboard(&v.to_string()).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert!(d.panels[0].hide_time_override);
    assert_eq!(parse_dashboard(&to_json(&d)).unwrap().0, d);
    v["spec"]["panels"]["1"]["spec"]["hideTimeOverride"] = json!("yes");
    assert!(parse_dashboard(&v.to_string()).unwrap_err().contains("hideTimeOverride"));
}
