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

#[cfg(test)]
mod tests {
    use super::*;

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
