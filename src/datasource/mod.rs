//! Datasource settings: where each backend is reached, kept in the browser only.
//!
//! Defaults are the same-origin proxy paths of the shipped nginx recipe and of `trunk serve`.
//! Invariant: headers and tokens live here and in the request edge only — never in URLs, exports or snapshots
//! (`Datasources` has no `Serialize` for its secrets outside `to_storage_json`).

use serde::{Deserialize, Serialize};

pub mod correlations;

/// Which server answers trace queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TraceBackend {
    /// Try Tempo, then Jaeger; use the first that answers.
    #[default]
    Auto,
    Tempo,
    Jaeger,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Datasources {
    pub prometheus: String,
    pub loki: String,
    pub tempo: String,
    pub jaeger: String,
    pub traces: TraceBackend,
    /// `X-Scope-OrgID` for multi-tenant Loki/Tempo/Mimir; empty = none.
    pub tenant: String,
    /// Sent as `Authorization: Bearer …` when set. Stored in the browser only.
    pub bearer_token: String,
    /// Log fields that carry a trace ID.
    pub trace_id_fields: Vec<String>,
    /// A regular expression (JavaScript syntax) that finds a trace ID in a log line with no trace ID field:
    /// its first group (or the whole match) is the ID. Empty: none.
    pub trace_id_regex: String,
}

impl Default for Datasources {
    fn default() -> Self {
        Datasources {
            prometheus: "/api/prometheus".into(),
            loki: "/api/loki".into(),
            tempo: "/api/tempo".into(),
            jaeger: "/api/jaeger".into(),
            traces: TraceBackend::Auto,
            tenant: String::new(),
            bearer_token: String::new(),
            trace_id_fields: vec!["trace_id".into(), "traceID".into(), "traceId".into()],
            trace_id_regex: String::new(),
        }
    }
}

impl Datasources {
    /// Reads settings saved by `to_storage_json`; anything malformed falls back to the defaults.
    pub fn from_storage_json(s: &str) -> Datasources {
        serde_json::from_str(s).unwrap_or_default()
    }
    pub fn to_storage_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
    /// Extra headers every backend request carries.
    pub fn headers(&self) -> Vec<(String, String)> {
        let mut h = Vec::new();
        if !self.tenant.trim().is_empty() {
            h.push(("X-Scope-OrgID".to_string(), self.tenant.trim().to_string()));
        }
        if !self.bearer_token.trim().is_empty() {
            h.push(("Authorization".to_string(), format!("Bearer {}", self.bearer_token.trim())));
        }
        h
    }
}

/// Field names typed as a comma-separated list: trimmed, empty and repeated names dropped, order kept.
pub fn split_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_read_from_a_typed_list() {
        assert_eq!(split_names(" trace_id, traceID ,, trace_id,x-trace "), vec!["trace_id", "traceID", "x-trace"]);
        assert!(split_names(" , ").is_empty());
        let mut d = Datasources::default();
        d.trace_id_regex = r"tid=(\w+)".into();
        assert_eq!(Datasources::from_storage_json(&d.to_storage_json()), d);
        // Settings saved before the pattern existed still read, with no pattern.
        let old = r#"{"prometheus":"/p","trace_id_fields":["tid"]}"#;
        let d = Datasources::from_storage_json(old);
        assert_eq!((d.prometheus.as_str(), d.trace_id_fields.clone(), d.trace_id_regex.as_str()), ("/p", vec!["tid".to_string()], ""));
    }

    #[test]
    fn storage_round_trip_and_tolerance() {
        let mut d = Datasources::default();
        d.tenant = "team-a".into();
        d.traces = TraceBackend::Jaeger;
        assert_eq!(Datasources::from_storage_json(&d.to_storage_json()), d);
        assert_eq!(Datasources::from_storage_json("{not json"), Datasources::default());
        let partial = Datasources::from_storage_json(r#"{"loki":"/x"}"#);
        assert_eq!(partial.loki, "/x");
        assert_eq!(partial.prometheus, "/api/prometheus");
        assert_eq!(d.headers(), vec![("X-Scope-OrgID".to_string(), "team-a".to_string())]);
    }
}
