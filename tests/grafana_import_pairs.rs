//! Grafana import as data: each `tests/fixtures/grafana-import/<name>.grafana.json` (hand-written, shaped
//! like popular dashboards: node-exporter style rows, repeats, `__inputs` and every variable type; the v1
//! resource with Loki and Tempo panels) imports to exactly `<name>.expected.dashboard.json` (Trifocal's
//! version 2 file) with the notices and left-out panels of `<name>.expected.json`.

use serde_json::Value;
use trifocal::dashboard::{import_grafana, parse_dashboard, to_json};

fn dir() -> String {
    format!("{}/tests/fixtures/grafana-import", env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{}/{name}", dir())).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn grafana_dashboards_import_to_their_expected_files() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".grafana.json").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 2, "{names:?}");
    for name in names {
        let i = import_grafana(&read(&format!("{name}.grafana.json"))).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = read(&format!("{name}.expected.dashboard.json"));
        assert_eq!(to_json(&i.dashboard) + "\n", expected, "{name}");
        let meta: Value = serde_json::from_str(&read(&format!("{name}.expected.json"))).unwrap();
        let strings = |k: &str| -> Vec<String> {
            meta[k].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
        };
        assert_eq!(i.notices, strings("notices"), "{name}");
        assert_eq!(i.skipped_panels, strings("skipped"), "{name}");
        // The expected file is a clean Trifocal dashboard.
        let (back, notes) = parse_dashboard(&expected).unwrap();
        assert_eq!(back, i.dashboard, "{name}");
        assert!(notes.is_empty(), "{name}: {notes:?}");
    }
}

#[test]
fn other_grafana_resource_versions_are_refused_with_a_reason() {
    // Schema v2 (Grafana 12) is read; a version after it is refused with the version named.
    let v2 = r#"{"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard", "metadata": {"name": "x"},
        "spec": {"title": "x", "elements": {}, "layout": {"kind": "GridLayout", "spec": {"items": []}}}}"#;
    assert_eq!(import_grafana(v2).unwrap().dashboard.title, "x");
    let v3 = v2.replace("v2beta1", "v3alpha1");
    let err = import_grafana(&v3).map(|_| ()).unwrap_err();
    assert!(err.starts_with("This is a Grafana dashboard resource of version \"dashboard.grafana.app/v3alpha1\""), "{err}");
}
