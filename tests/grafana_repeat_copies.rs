//! Old Grafana JSON with its repeats' copies saved in it (tests/fixtures/grafana/3scale-backend.json, a real
//! export from 3scale/3scale-operator): the copies (`repeatPanelId` on panels and rows, `repeatedByRow` on a
//! copied row's panels) are left out with one notice, as Grafana leaves them out on load, and each repeated
//! row is imported once with its repeat, so the dashboard draws one copy per value of the variable again.

use trifocal::dashboard::{import_grafana, PanelKind};

const FILE: &str = include_str!("fixtures/grafana/3scale-backend.json");

#[test]
fn repeat_copies_saved_in_the_file_are_left_out_with_a_notice() {
    let i = import_grafana(FILE).unwrap();
    // The file holds 118 top-level panels; 54 of them (rows with their repeatPanelId, panels with
    // repeatedByRow) are copies made for three values of $deployment, and 64 are the dashboard itself.
    assert!(
        i.notices.contains(&"54 repeated copies of panels and rows saved in the file (Grafana's `repeatPanelId`, `repeatedByRow`) were left out: their repeats draw them again, once per value.".to_string()),
        "{:#?}",
        i.notices
    );
    let all = i.dashboard.all_panels();
    assert_eq!(all.len(), 64);
    let rows: Vec<(String, Option<String>)> = all
        .iter()
        .filter(|p| p.kind == PanelKind::Row)
        .map(|p| (p.title.clone(), p.repeat.as_ref().map(|r| r.variable.clone())))
        .collect();
    let r = |t: &str, v: Option<&str>| (t.to_string(), v.map(str::to_string));
    assert_eq!(
        rows,
        vec![
            r("Listeners", None),
            r("Listeners Internal API", None),
            r("Workers", None),
            r("Pods ($deployment)", Some("deployment")),
            r("CPU Usage ($deployment)", Some("deployment")),
            r("CPU Quota ($deployment)", Some("deployment")),
            r("Memory Usage ($deployment)", Some("deployment")),
            r("Memory Quota ($deployment)", Some("deployment")),
            r("Network Usage ($deployment)", Some("deployment")),
        ]
    );
    // Under each repeated row, its own panels once (the copies had the same titles).
    let titles_after = |row: &str| -> Vec<String> {
        let at = all.iter().position(|p| p.title == row).unwrap();
        all[at + 1..].iter().take_while(|p| p.kind != PanelKind::Row).map(|p| p.title.clone()).collect()
    };
    assert_eq!(
        titles_after("Pods ($deployment)"),
        ["Running pods", "Unavailable pods", "Pods distributed on hosts", "Max pods restarts (last 5 minutes)", "Pod count (total, avail, unvail) and pods hosts distribution", "Pods restarts (last 5 minutes)"]
    );
    assert_eq!(titles_after("CPU Usage ($deployment)"), ["CPU Usage"]);
    assert_eq!(titles_after("Network Usage ($deployment)"), ["Receive Bandwidth", "Transmit Bandwidth"]);
}
