//! Prometheus' rules and alerts API (`/api/v1/rules`, `/api/v1/alerts`): requests, the exact wire JSON and its
//! conversion into `telemetry::alerts`. Unknown states and unreadable times are kept as `Unknown`/`None`.

use serde::Deserialize;

use super::convert::open_serde;
use super::wire::null_as_empty;
use crate::backends::{ApiError, ApiRequest};
use crate::telemetry::alerts::{Alert, AlertState, Rule, RuleGroup, RuleHealth, RuleKind};
use crate::telemetry::Labels;

/// `GET /api/v1/rules`: every group, alerting and recording rules, with their alerts.
pub fn rules_request() -> ApiRequest {
    ApiRequest::get("/api/v1/rules")
}

/// `GET /api/v1/alerts`: the active (pending and firing) alerts.
pub fn alerts_request() -> ApiRequest {
    ApiRequest::get("/api/v1/alerts")
}

#[derive(Deserialize)]
struct WireRules {
    #[serde(default, deserialize_with = "null_as_empty")]
    groups: Vec<WireGroup>,
}

#[derive(Deserialize)]
struct WireGroup {
    #[serde(default)]
    name: String,
    #[serde(default)]
    file: String,
    #[serde(default)]
    interval: f64,
    #[serde(default, deserialize_with = "null_as_empty")]
    rules: Vec<WireRule>,
}

#[derive(Deserialize)]
struct WireRule {
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    duration: f64,
    #[serde(default, rename = "keepFiringFor")]
    keep_firing_for: f64,
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    annotations: Option<Labels>,
    #[serde(default, deserialize_with = "null_as_empty")]
    alerts: Vec<WireAlert>,
    #[serde(default)]
    health: String,
    #[serde(default, rename = "lastError")]
    last_error: String,
    #[serde(default, rename = "evaluationTime")]
    evaluation_time: f64,
    #[serde(default, rename = "lastEvaluation")]
    last_evaluation: String,
}

#[derive(Deserialize)]
struct WireAlert {
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    annotations: Option<Labels>,
    #[serde(default)]
    state: String,
    #[serde(default, rename = "activeAt")]
    active_at: Option<String>,
    #[serde(default)]
    value: String,
}

#[derive(Deserialize)]
struct WireAlerts {
    #[serde(default, deserialize_with = "null_as_empty")]
    alerts: Vec<WireAlert>,
}

/// An RFC 3339 time (Prometheus writes nanoseconds) as epoch ms; None when missing, zero (`0001-01-01…`) or unreadable.
pub(crate) fn rfc3339_ms(s: &str) -> Option<i64> {
    let ms = crate::time::civil::rfc3339_ms(s.trim())?;
    (ms > 0).then_some(ms)
}

fn state(s: &str) -> AlertState {
    AlertState::from_id(s).unwrap_or(AlertState::Inactive)
}

fn alert(a: WireAlert) -> Alert {
    Alert {
        labels: a.labels.unwrap_or_default(),
        annotations: a.annotations.unwrap_or_default(),
        state: state(&a.state),
        active_at_ms: a.active_at.as_deref().and_then(rfc3339_ms),
        value: a.value,
    }
}

fn rule(r: WireRule) -> Rule {
    let kind = if r.kind == "recording" {
        RuleKind::Recording
    } else {
        RuleKind::Alerting {
            state: state(&r.state),
            for_s: r.duration,
            keep_firing_for_s: r.keep_firing_for,
            annotations: r.annotations.unwrap_or_default(),
            alerts: r.alerts.into_iter().map(alert).collect(),
        }
    };
    Rule {
        name: r.name,
        query: r.query,
        labels: r.labels.unwrap_or_default(),
        health: match r.health.as_str() {
            "ok" => RuleHealth::Ok,
            "err" => RuleHealth::Err,
            _ => RuleHealth::Unknown,
        },
        last_error: r.last_error,
        last_evaluation_ms: rfc3339_ms(&r.last_evaluation),
        evaluation_time_s: r.evaluation_time,
        kind,
    }
}

/// Parses an answer of `/api/v1/rules`.
pub fn parse_rules(status: u16, content_type: &str, body: &str) -> Result<Vec<RuleGroup>, ApiError> {
    let (data, _, _) = open_serde::<WireRules>(status, content_type, body)?;
    Ok(data
        .groups
        .into_iter()
        .map(|g| RuleGroup { name: g.name, file: g.file, interval_s: g.interval, rules: g.rules.into_iter().map(rule).collect() })
        .collect())
}

/// Parses an answer of `/api/v1/alerts`.
pub fn parse_alerts(status: u16, content_type: &str, body: &str) -> Result<Vec<Alert>, ApiError> {
    let (data, _, _) = open_serde::<WireAlerts>(status, content_type, body)?;
    Ok(data.alerts.into_iter().map(alert).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/fixtures/alerts/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
    }

    fn find<'a>(groups: &'a [RuleGroup], name: &str) -> &'a Rule {
        groups.iter().flat_map(|g| &g.rules).find(|r| r.name == name).expect(name)
    }

    #[test]
    fn recorded_rules_have_every_state_health_and_kind() {
        let groups = parse_rules(200, "application/json", &fixture("rules.json")).expect("parses");
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["rag-alerts", "rag-recording", "rag-slo"]);
        assert!(groups.iter().all(|g| g.file.ends_with("rules.yml") && g.interval_s == 5.0));
        let firing = find(&groups, "HighErrorRate");
        assert_eq!((firing.state(), firing.health), (Some(AlertState::Firing), RuleHealth::Ok));
        let RuleKind::Alerting { for_s, keep_firing_for_s, annotations, alerts, .. } = &firing.kind else { panic!("alerting") };
        assert_eq!((*for_s, *keep_firing_for_s), (10.0, 30.0));
        assert_eq!(annotations.0.get("runbook_url").map(String::as_str), Some("https://runbooks.example.com/rag/high-error-rate"));
        let a = alerts.iter().find(|a| a.labels.0.get("service").map(String::as_str) == Some("search-service")).expect("search-service alert");
        assert_eq!(a.state, AlertState::Firing);
        assert_eq!(a.value, "6.21802653527478e-02");
        // 2026-12-06T10:17:42.71084746Z
        assert_eq!(a.active_at_ms, Some(1_796_552_262_710));
        assert_eq!(find(&groups, "TrafficSustained").state(), Some(AlertState::Pending));
        assert_eq!(find(&groups, "RequestFlood").state(), Some(AlertState::Inactive));
        let broken = find(&groups, "DurationByCount");
        assert_eq!(broken.health, RuleHealth::Err);
        assert!(broken.last_error.contains("many-to-many matching not allowed"), "{}", broken.last_error);
        let rec = find(&groups, "service:http_requests:rate1m");
        assert_eq!(rec.kind, RuleKind::Recording);
        assert!(rec.last_evaluation_ms.is_some() && rec.evaluation_time_s > 0.0);
    }

    #[test]
    fn recorded_alerts_list_pending_and_firing() {
        let alerts = parse_alerts(200, "application/json", &fixture("alerts.json")).expect("parses");
        assert!(alerts.iter().any(|a| a.state == AlertState::Firing));
        assert!(alerts.iter().any(|a| a.state == AlertState::Pending));
        assert!(alerts.iter().all(|a| a.active_at_ms.is_some()));
    }

    #[test]
    fn refusals_html_and_garbage_are_errors_not_panics() {
        let e = parse_rules(400, "application/json", &fixture("rules_bad_type.json")).unwrap_err();
        assert!(matches!(&e, ApiError::Backend { status: 400, message } if message.contains("type")), "{e:?}");
        assert!(matches!(parse_rules(502, "text/html", "<html><title>Bad Gateway</title></html>"), Err(ApiError::Html { .. })));
        assert!(matches!(parse_rules(200, "application/json", "{\"status\":\"success\",\"data\":{\"groups\":[{\"rules\":7}]}}"), Err(ApiError::InvalidJson(_))));
        let odd = parse_rules(200, "application/json", r#"{"status":"success","data":{"groups":[{"name":"g","rules":[{"name":"r","state":"weird","alerts":null,"lastEvaluation":"yesterday"}]}]}}"#).expect("tolerant");
        assert_eq!((odd[0].rules[0].state(), odd[0].rules[0].last_evaluation_ms), (Some(AlertState::Inactive), None));
    }
}
