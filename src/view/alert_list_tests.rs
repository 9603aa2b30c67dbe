use super::*;
use crate::backends::prometheus::rules::parse_rules;

/// Prometheus' rules answer recorded from the test stack (tests/fixtures/alerts/rules.json).
fn groups() -> Vec<RuleGroup> {
    let body = std::fs::read_to_string(format!("{}/tests/fixtures/alerts/rules.json", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
    parse_rules(200, "application/json", &body).expect("rules")
}

/// Anchored match for the few patterns the tests use: `x.*` prefixes and literals.
fn full(p: &str, v: &str) -> Option<bool> {
    if p.contains('(') {
        return None;
    }
    Some(match p.strip_suffix(".*") {
        Some(prefix) => v.starts_with(prefix),
        None => v == p,
    })
}

fn titles(l: &AlertList) -> Vec<&str> {
    l.rows.iter().map(|r| r.title.as_str()).collect()
}

#[test]
fn by_importance_firing_then_pending_then_inactive() {
    let l = alert_list(&groups(), &AlertListOptions { max_items: 50, ..AlertListOptions::default() }, &full);
    assert_eq!(titles(&l), ["ErrorBudgetBurn", "HighErrorRate", "TrafficSustained", "DurationByCount", "RequestFlood"]);
    let high = &l.rows[1];
    assert_eq!((high.state, high.alerts), (AlertState::Firing, 5));
    // 2026-12-06T10:17:42.710Z, the earliest of its five alerts.
    assert_eq!(high.active_since_ms, Some(1_796_552_262_710));
    // The first alert's summary, filled in; the rule's templated label `service` is left out.
    assert_eq!(high.summary, "search-service answers errors");
    assert_eq!(high.labels.0.keys().collect::<Vec<_>>(), ["severity"]);
    assert_eq!(l.kept, 5);
}

#[test]
fn state_filter_max_items_and_sorts() {
    let mut o = AlertListOptions { states: vec![AlertState::Firing, AlertState::Pending], max_items: 2, sort: AlertSort::AlphaAsc, ..AlertListOptions::default() };
    let l = alert_list(&groups(), &o, &full);
    assert_eq!(titles(&l), ["ErrorBudgetBurn", "HighErrorRate"]);
    assert_eq!(l.kept, 3);
    o.sort = AlertSort::AlphaDesc;
    assert_eq!(titles(&alert_list(&groups(), &o, &full)), ["TrafficSustained", "HighErrorRate"]);
    // TrafficSustained's alerts became active at 10:17:27, HighErrorRate's at 10:17:42, ErrorBudgetBurn's at 10:17:43.
    o.sort = AlertSort::TimeAsc;
    o.max_items = 10;
    assert_eq!(titles(&alert_list(&groups(), &o, &full)), ["TrafficSustained", "HighErrorRate", "ErrorBudgetBurn"]);
    o.sort = AlertSort::TimeDesc;
    assert_eq!(titles(&alert_list(&groups(), &o, &full)), ["ErrorBudgetBurn", "HighErrorRate", "TrafficSustained"]);
}

#[test]
fn name_and_label_filters() {
    let o = AlertListOptions { name: "error".into(), ..AlertListOptions::default() };
    assert_eq!(titles(&alert_list(&groups(), &o, &full)), ["ErrorBudgetBurn", "HighErrorRate"]);
    // Alerts of llm-gateway exist only for TrafficSustained.
    let o = AlertListOptions { labels: r#"{service_name="llm-gateway"}"#.into(), ..AlertListOptions::default() };
    let l = alert_list(&groups(), &o, &full);
    assert_eq!(titles(&l), ["TrafficSustained"]);
    assert_eq!(l.rows[0].alerts, 1);
    let o = AlertListOptions { labels: r#"severity=~"crit.*""#.into(), ..AlertListOptions::default() };
    assert_eq!(titles(&alert_list(&groups(), &o, &full)), ["ErrorBudgetBurn", "RequestFlood"]);
    let o = AlertListOptions { labels: "severity!=warning, severity!=info".into(), ..AlertListOptions::default() };
    assert_eq!(titles(&alert_list(&groups(), &o, &full)), ["ErrorBudgetBurn", "RequestFlood"]);
}

#[test]
fn group_by_labels_over_alerts() {
    let o = AlertListOptions { group_by: vec!["severity".into()], ..AlertListOptions::default() };
    let l = alert_list(&groups(), &o, &full);
    // critical: ErrorBudgetBurn's 4 firing alerts; warning: HighErrorRate's 5; info: TrafficSustained's 6 pending.
    let got: Vec<_> = l.rows.iter().map(|r| (r.title.as_str(), r.state, r.alerts)).collect();
    assert_eq!(got, [("severity=critical", AlertState::Firing, 4), ("severity=warning", AlertState::Firing, 5), ("severity=info", AlertState::Pending, 6)]);
}

#[test]
fn bad_filters_are_reported_not_applied() {
    let o = AlertListOptions { labels: r#"{service="x"#.into(), ..AlertListOptions::default() };
    let l = alert_list(&groups(), &o, &full);
    assert!(l.filter_error.as_deref().is_some_and(|e| e.contains("closing quote")), "{l:?}");
    assert_eq!(l.rows.len(), 5);
    let o = AlertListOptions { labels: r#"service=~"(""#.into(), ..AlertListOptions::default() };
    assert!(alert_list(&groups(), &o, &full).filter_error.is_some());
    assert!(parse_matchers("=x").is_err());
    assert!(parse_matchers("a x").is_err());
    assert_eq!(parse_matchers(r#"{a="q\"é", b!~"x"}"#).unwrap().iter().map(|m| m.to_string()).collect::<Vec<_>>(), [r#"a="q\"é""#, r#"b!~"x""#]);
}
