//! Alertmanager's API v2: alert groups (`/api/v2/alerts/groups`), silences (list, create, expire), as request
//! values, the exact wire JSON and its conversion into `telemetry::alerts`.

use serde::{Deserialize, Serialize};

use super::prometheus::convert::{from_json, precheck};
use super::prometheus::rules::rfc3339_ms;
use super::prometheus::wire::null_as_empty;
use super::{ApiError, ApiRequest, Method};
use crate::telemetry::alerts::{AlertGroup, ManagedAlert, MatchOp, Matcher, Silence, SilenceState};
use crate::telemetry::Labels;

pub fn groups_request() -> ApiRequest {
    ApiRequest::get("/api/v2/alerts/groups")
}

pub fn silences_request() -> ApiRequest {
    ApiRequest::get("/api/v2/silences")
}

/// `POST /api/v2/silences`; its JSON body is [`silence_body`].
pub fn create_silence_request() -> ApiRequest {
    ApiRequest { method: Method::Post, ..ApiRequest::get("/api/v2/silences") }
}

/// `DELETE /api/v2/silence/<id>`: expires the silence now. The id is percent-encoded.
pub fn expire_request(id: &str) -> ApiRequest {
    let mut path = String::from("/api/v2/silence/");
    super::request::encode_component(id, &mut path);
    ApiRequest { method: Method::Delete, ..ApiRequest::get(path) }
}

/// `GET /api/v2/status`: the probe.
pub fn status_request() -> ApiRequest {
    ApiRequest::get("/api/v2/status")
}

/// A silence to create: matchers, its window, who and why.
#[derive(Clone, Debug, PartialEq)]
pub struct NewSilence {
    pub matchers: Vec<Matcher>,
    pub starts_ms: i64,
    pub ends_ms: i64,
    pub created_by: String,
    pub comment: String,
}

#[derive(Serialize, Deserialize)]
struct WireMatcher {
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: String,
    #[serde(default, rename = "isRegex")]
    is_regex: bool,
    #[serde(default = "yes", rename = "isEqual")]
    is_equal: bool,
}

fn yes() -> bool {
    true
}

fn rfc3339(ms: i64) -> String {
    crate::time::civil::DateTime::from_ms(ms).map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ")).unwrap_or_default()
}

/// The JSON body of a new silence.
pub fn silence_body(s: &NewSilence) -> String {
    let matchers: Vec<WireMatcher> = s
        .matchers
        .iter()
        .map(|m| WireMatcher { name: m.name.clone(), value: m.value.clone(), is_regex: m.op.is_regex(), is_equal: m.op.is_equal() })
        .collect();
    serde_json::json!({
        "matchers": matchers,
        "startsAt": rfc3339(s.starts_ms),
        "endsAt": rfc3339(s.ends_ms),
        "createdBy": s.created_by,
        "comment": s.comment,
    })
    .to_string()
}

#[derive(Deserialize)]
struct WireGroup {
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    receiver: Option<WireReceiver>,
    #[serde(default, deserialize_with = "null_as_empty")]
    alerts: Vec<WireAlert>,
}

#[derive(Deserialize)]
struct WireReceiver {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct WireAlert {
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    annotations: Option<Labels>,
    #[serde(default)]
    fingerprint: String,
    #[serde(default, rename = "startsAt")]
    starts_at: String,
    #[serde(default)]
    status: Option<WireStatus>,
}

#[derive(Deserialize)]
struct WireStatus {
    #[serde(default)]
    state: String,
    #[serde(default, rename = "silencedBy", deserialize_with = "null_as_empty")]
    silenced_by: Vec<String>,
    #[serde(default, rename = "inhibitedBy", deserialize_with = "null_as_empty")]
    inhibited_by: Vec<String>,
}

#[derive(Deserialize)]
struct WireSilence {
    #[serde(default)]
    id: String,
    #[serde(default)]
    status: Option<WireSilenceStatus>,
    #[serde(default, deserialize_with = "null_as_empty")]
    matchers: Vec<WireMatcher>,
    #[serde(default, rename = "startsAt")]
    starts_at: String,
    #[serde(default, rename = "endsAt")]
    ends_at: String,
    #[serde(default, rename = "createdBy")]
    created_by: String,
    #[serde(default)]
    comment: String,
}

#[derive(Deserialize)]
struct WireSilenceStatus {
    #[serde(default)]
    state: String,
}

#[derive(Deserialize)]
struct WireCreated {
    #[serde(rename = "silenceID")]
    silence_id: String,
}

/// Alertmanager's errors: a JSON string (`"Failed to create silence: …"`), `{"message": …}`, or text.
fn check(status: u16, content_type: &str, body: &str) -> Result<(), ApiError> {
    match precheck(status, content_type, body) {
        Err(ApiError::Backend { status, message }) => {
            // Unquoted when it is a short JSON string; else the generic message (already clipped).
            let message = serde_json::from_str::<String>(body.trim())
                .ok()
                .filter(|m| !m.trim().is_empty() && m.chars().count() <= 2000)
                .unwrap_or(message);
            Err(ApiError::Backend { status, message })
        }
        other => other,
    }
}

/// Parses `/api/v2/alerts/groups`.
pub fn parse_groups(status: u16, content_type: &str, body: &str) -> Result<Vec<AlertGroup>, ApiError> {
    check(status, content_type, body)?;
    let groups: Vec<WireGroup> = from_json(body)?;
    Ok(groups
        .into_iter()
        .map(|g| AlertGroup {
            receiver: g.receiver.map(|r| r.name).unwrap_or_default(),
            labels: g.labels.unwrap_or_default(),
            alerts: g
                .alerts
                .into_iter()
                .map(|a| {
                    let st = a.status.unwrap_or(WireStatus { state: String::new(), silenced_by: Vec::new(), inhibited_by: Vec::new() });
                    ManagedAlert {
                        labels: a.labels.unwrap_or_default(),
                        annotations: a.annotations.unwrap_or_default(),
                        fingerprint: a.fingerprint,
                        starts_ms: rfc3339_ms(&a.starts_at),
                        state: st.state,
                        silenced_by: st.silenced_by,
                        inhibited_by: st.inhibited_by,
                    }
                })
                .collect(),
        })
        .collect())
}

/// Parses `/api/v2/silences`: active first, then pending, then expired; newest end first within each.
pub fn parse_silences(status: u16, content_type: &str, body: &str) -> Result<Vec<Silence>, ApiError> {
    check(status, content_type, body)?;
    let list: Vec<WireSilence> = from_json(body)?;
    let mut out: Vec<Silence> = list
        .into_iter()
        .map(|s| Silence {
            id: s.id,
            state: match s.status.map(|st| st.state).as_deref() {
                Some("active") => SilenceState::Active,
                Some("pending") => SilenceState::Pending,
                _ => SilenceState::Expired,
            },
            matchers: s.matchers.into_iter().map(|m| Matcher { name: m.name, op: MatchOp::of(m.is_regex, m.is_equal), value: m.value }).collect(),
            starts_ms: rfc3339_ms(&s.starts_at),
            ends_ms: rfc3339_ms(&s.ends_at),
            created_by: s.created_by,
            comment: s.comment,
        })
        .collect();
    let rank = |s: &Silence| match s.state {
        SilenceState::Active => 0,
        SilenceState::Pending => 1,
        SilenceState::Expired => 2,
    };
    crate::sort::by(&mut out, |a, b| rank(a).cmp(&rank(b)).then(b.ends_ms.cmp(&a.ends_ms)));
    Ok(out)
}

/// Parses the answer to a new silence: its id.
pub fn parse_created(status: u16, content_type: &str, body: &str) -> Result<String, ApiError> {
    check(status, content_type, body)?;
    Ok(from_json::<WireCreated>(body)?.silence_id)
}

/// Parses the answer to an expiry (an empty 200).
pub fn parse_expired(status: u16, content_type: &str, body: &str) -> Result<(), ApiError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    check(status, content_type, body)
}

/// Whether the status answer is Alertmanager's (`{"cluster":…,"versionInfo":…}`).
pub fn parse_status(status: u16, content_type: &str, body: &str) -> Result<String, ApiError> {
    #[derive(Deserialize)]
    struct S {
        #[serde(rename = "versionInfo")]
        version_info: Option<V>,
    }
    #[derive(Deserialize)]
    struct V {
        #[serde(default)]
        version: String,
    }
    check(status, content_type, body)?;
    let s: S = from_json(body)?;
    s.version_info.map(|v| v.version).ok_or_else(|| ApiError::InvalidJson("this JSON is not Alertmanager's status (no versionInfo): is the URL of the right server set?".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/fixtures/alerts/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
    }

    #[test]
    fn recorded_groups_carry_receiver_group_labels_and_state() {
        let groups = parse_groups(200, "application/json", &fixture("am_groups.json")).expect("parses");
        assert!(!groups.is_empty());
        assert!(groups.iter().all(|g| g.receiver == "team-rag" && g.labels.0.contains_key("alertname")));
        let high = groups.iter().find(|g| g.labels.0.get("alertname").map(String::as_str) == Some("HighErrorRate")).expect("HighErrorRate group");
        let a = &high.alerts[0];
        assert!(a.starts_ms.is_some() && !a.fingerprint.is_empty());
        // The recorder silenced HighErrorRate on search-service before asking.
        let silenced: Vec<&ManagedAlert> = groups.iter().flat_map(|g| &g.alerts).filter(|a| !a.silenced_by.is_empty()).collect();
        assert!(silenced.iter().all(|a| a.state == "suppressed" && a.labels.0.get("service").map(String::as_str) == Some("search-service")));
        assert_eq!(silenced.len(), 1);
    }

    #[test]
    fn recorded_silences_list_active_before_expired_with_their_matchers() {
        let list = parse_silences(200, "application/json", &fixture("am_silences.json")).expect("parses");
        assert_eq!(list.iter().map(|s| s.state).collect::<Vec<_>>(), [SilenceState::Active, SilenceState::Expired]);
        assert_eq!(list[0].matchers[1].to_string(), "service=\"search-service\"");
        assert_eq!(list[1].matchers[1].op, MatchOp::Re);
        assert_eq!((list[0].created_by.as_str(), list[0].comment.as_str()), ("recorder", "recorded: quiet during the demo"));
        assert_eq!(parse_created(200, "application/json", &fixture("silence_created.json")).expect("id"), list[0].id);
    }

    #[test]
    fn a_refused_silence_says_alertmanagers_own_words() {
        let e = parse_created(400, "application/json", &fixture("silence_refused.json")).unwrap_err();
        assert_eq!(e, ApiError::Backend { status: 400, message: "Failed to create silence: start time must be before end time".into() });
    }

    #[test]
    fn html_404_and_other_json_are_errors() {
        assert!(matches!(parse_groups(200, "text/html", "<!doctype html><title>Trifocal</title>"), Err(ApiError::Html { .. })));
        assert!(parse_groups(404, "text/plain", "404 page not found").is_err());
        assert!(parse_groups(200, "application/json", "{\"status\":\"success\"}").is_err());
        assert!(parse_status(200, "application/json", "{\"status\":\"success\",\"data\":[]}").is_err());
        assert_eq!(parse_status(200, "application/json", &fixture("am_status.json")).expect("status"), "0.35.0");
    }

    #[test]
    fn a_new_silence_body_keeps_quotes_unicode_and_operators() {
        let s = NewSilence {
            matchers: vec![
                Matcher { name: "alertname".into(), op: MatchOp::Eq, value: "High\"Error\"Rate".into() },
                Matcher { name: "service".into(), op: MatchOp::NotRe, value: "sérvice-.*".into() },
            ],
            starts_ms: 1_796_552_262_000,
            ends_ms: 1_796_555_862_000,
            created_by: "ana".into(),
            comment: "deploy ✓".into(),
        };
        let v: serde_json::Value = serde_json::from_str(&silence_body(&s)).expect("json");
        assert_eq!(v["matchers"][0]["value"], "High\"Error\"Rate");
        assert_eq!((v["matchers"][1]["isRegex"].as_bool(), v["matchers"][1]["isEqual"].as_bool()), (Some(true), Some(false)));
        assert_eq!(v["matchers"][1]["value"], "sérvice-.*");
        assert_eq!(v["startsAt"], "2026-12-06T10:17:42.000Z");
        assert_eq!(v["comment"], "deploy ✓");
        assert_eq!(expire_request("a/b").path, "/api/v2/silence/a%2Fb");
        assert_eq!(expire_request("x").method, Method::Delete);
    }
}
