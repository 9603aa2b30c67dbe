//! Datasource settings: where each backend is reached, kept in the browser only.
//!
//! Defaults are the same-origin proxy paths of the shipped nginx recipe and of `trunk serve`.
//! Invariant: headers and tokens live here and in the request edge only — never in URLs, exports or snapshots
//! (`Datasources`' `Serialize` leaves its secrets out; only `to_storage_json` keeps them, apart). Besides
//! the default datasource of each kind, `sources` holds named ones, each with its own URL and auth
//! (`sources.rs`); a query names one and [`Datasources::with_source`] gives the settings it is sent with.

use serde::{Deserialize, Serialize};

pub mod correlations;
pub mod health;
pub mod plan;
pub mod sources;

use sources::{Auth, Pick, Secrets, Source, SourceKind};
use crate::dashboard::DatasourceKind;

/// Which server answers trace queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TraceBackend {
    /// Try Tempo, then Jaeger; use the first that answers.
    #[default]
    Auto,
    Tempo,
    Jaeger,
}

/// Which server answers the logs view (and log panels, log variables): Loki (LogQL) or VictoriaLogs
/// (LogsQL). Loki unless chosen, so settings saved before the choice existed keep using it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum LogsBackend {
    #[default]
    Loki,
    VictoriaLogs,
}

impl LogsBackend {
    pub const ALL: [LogsBackend; 2] = [LogsBackend::Loki, LogsBackend::VictoriaLogs];
    /// The server's name, as the status bar and Settings show it.
    pub fn name(self) -> &'static str {
        match self {
            LogsBackend::Loki => "Loki",
            LogsBackend::VictoriaLogs => "VictoriaLogs",
        }
    }
    /// A stable id for a form's option value.
    pub fn id(self) -> &'static str {
        match self {
            LogsBackend::Loki => "loki",
            LogsBackend::VictoriaLogs => "victorialogs",
        }
    }
    /// The backend of an id; Loki for anything else.
    pub fn from_id(id: &str) -> LogsBackend {
        Self::ALL.into_iter().find(|b| b.id() == id).unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Datasources {
    pub prometheus: String,
    pub loki: String,
    /// VictoriaLogs' base (its `/select/logsql/*` API below it).
    pub victorialogs: String,
    /// Which server the logs view queries.
    pub logs: LogsBackend,
    pub tempo: String,
    pub jaeger: String,
    pub traces: TraceBackend,
    /// Alertmanager's base (its `/api/v2/*` API below it); empty: no Alertmanager, the alerts page shows
    /// Prometheus' rules and alerts only.
    pub alertmanager: String,
    /// `X-Scope-OrgID` for multi-tenant Loki/Tempo/Mimir; empty = none. A secret (kept apart in storage).
    #[serde(skip_serializing)]
    pub tenant: String,
    /// Sent as `Authorization: Bearer …` when set. Stored in the browser only, never serialised with the rest.
    #[serde(skip_serializing)]
    pub bearer_token: String,
    /// Basic auth of the default datasources (when the user is set); the password is a secret.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub basic_user: String,
    #[serde(skip_serializing)]
    pub basic_password: String,
    /// VictoriaLogs' tenant (`AccountID`, `ProjectID` headers); empty = none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub account_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project_id: String,
    /// Named datasources besides the defaults above, each with its own URL and auth.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Log fields that carry a trace ID.
    pub trace_id_fields: Vec<String>,
    /// A regular expression (JavaScript syntax) that finds a trace ID in a log line with no trace ID field:
    /// its first group (or the whole match) is the ID. Empty: none.
    pub trace_id_regex: String,
    /// Seconds a data query may take before it is given up (autocomplete and probes wait less).
    pub timeout_s: u32,
    /// Largest answer read, in MB: a bigger one is cut off with a "too large" message instead of filling
    /// the tab's memory.
    pub max_answer_mb: u32,
}

/// The secrets beside the settings in storage, by datasource uid (`""`: the defaults).
#[derive(Deserialize, Default)]
struct StoredSecrets {
    #[serde(default)]
    secrets: std::collections::BTreeMap<String, Secrets>,
}

/// How long a request may take and how big its answer may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub timeout_s: u32,
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout_s: DEFAULT_TIMEOUT_S, max_bytes: u64::from(DEFAULT_MAX_ANSWER_MB) * 1_000_000 }
    }
}

impl Limits {
    /// The same limits with the timeout capped at `seconds` (autocomplete, probes).
    pub fn within(self, seconds: u32) -> Limits {
        Limits { timeout_s: self.timeout_s.min(seconds), ..self }
    }
}

pub const DEFAULT_TIMEOUT_S: u32 = 60;
/// 40 MB holds a million-point matrix (23 MB) with room to spare.
pub const DEFAULT_MAX_ANSWER_MB: u32 = 40;
const TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 1..=3600;
const ANSWER_RANGE: std::ops::RangeInclusive<u32> = 1..=2000;
/// What replaces a secret wherever text that might echo it is shown or kept.
pub const REDACTED: &str = "[redacted]";

impl Default for Datasources {
    fn default() -> Self {
        Datasources {
            prometheus: "/api/prometheus".into(),
            loki: "/api/loki".into(),
            victorialogs: "/api/victorialogs".into(),
            logs: LogsBackend::Loki,
            tempo: "/api/tempo".into(),
            jaeger: "/api/jaeger".into(),
            traces: TraceBackend::Auto,
            alertmanager: "/api/alertmanager".into(),
            tenant: String::new(),
            bearer_token: String::new(),
            basic_user: String::new(),
            basic_password: String::new(),
            account_id: String::new(),
            project_id: String::new(),
            sources: Vec::new(),
            trace_id_fields: vec!["trace_id".into(), "traceID".into(), "traceId".into()],
            trace_id_regex: String::new(),
            timeout_s: DEFAULT_TIMEOUT_S,
            max_answer_mb: DEFAULT_MAX_ANSWER_MB,
        }
    }
}

impl Datasources {
    /// Reads settings saved by `to_storage_json`; anything malformed falls back to the defaults. Secrets
    /// come from its `secrets` object (by datasource uid; `""` for the defaults) or, as saved before
    /// that existed, from top-level `tenant` and `bearer_token`.
    pub fn from_storage_json(s: &str) -> Datasources {
        // Typed reads only (no `serde_json::Value`: this runs at start-up, in the first page load).
        let Ok(mut d) = serde_json::from_str::<Datasources>(s) else { return Datasources::default() };
        let mut kept = serde_json::from_str::<StoredSecrets>(s).map(|k| k.secrets).unwrap_or_default();
        if let Some(own) = kept.remove("") {
            d.set_secrets(own);
        }
        for src in &mut d.sources {
            if let Some(sec) = kept.remove(&src.uid) {
                src.auth.set_secrets(sec);
            }
        }
        d
    }
    /// What localStorage keeps: the settings, and their secrets in an object of their own.
    pub fn to_storage_json(&self) -> String {
        let plain = serde_json::to_string(self).unwrap_or_default();
        let all = std::iter::once((String::new(), self.auth().secrets())).chain(self.sources.iter().map(|s| (s.uid.clone(), s.auth.secrets())));
        let kept: std::collections::BTreeMap<String, Secrets> = all.filter(|(_, s)| !s.is_empty()).collect();
        match (plain.strip_suffix('}'), kept.is_empty()) {
            (Some(head), false) => {
                let sep = if head.ends_with('{') { "" } else { "," };
                format!("{head}{sep}\"secrets\":{}}}", serde_json::to_string(&kept).unwrap_or_else(|_| "{}".into()))
            }
            _ => plain,
        }
    }
    /// The auth of the default datasources.
    pub fn auth(&self) -> Auth {
        Auth {
            bearer_token: self.bearer_token.clone(),
            basic_user: self.basic_user.clone(),
            basic_password: self.basic_password.clone(),
            tenant: self.tenant.clone(),
            account_id: self.account_id.clone(),
            project_id: self.project_id.clone(),
        }
    }
    fn set_auth(&mut self, a: Auth) {
        (self.bearer_token, self.basic_user, self.basic_password) = (a.bearer_token, a.basic_user, a.basic_password);
        (self.tenant, self.account_id, self.project_id) = (a.tenant, a.account_id, a.project_id);
    }
    fn set_secrets(&mut self, s: Secrets) {
        let mut a = self.auth();
        a.set_secrets(s);
        self.set_auth(a);
    }
    /// The name the default datasource of a signal goes by (in pickers and `$ds` variables).
    pub fn default_name(&self, signal: DatasourceKind) -> &'static str {
        match signal {
            DatasourceKind::Prometheus => "Prometheus",
            DatasourceKind::Loki => self.logs.name(),
            DatasourceKind::Tempo => match self.traces {
                TraceBackend::Jaeger => "Jaeger",
                _ => "Tempo",
            },
        }
    }
    /// The settings a query of `signal` naming datasource `text` (a name or uid, `$variables` filled in;
    /// empty: the default) is sent with: that datasource's URL and auth in place of the default's. Also
    /// whether a named datasource was picked (it is then asked live, never stood in for by demo data).
    pub fn with_source(&self, signal: DatasourceKind, text: &str) -> Result<(Datasources, bool), String> {
        let s = match sources::pick(&self.sources, signal, text)? {
            Pick::Default => return Ok((self.clone(), false)),
            Pick::Source(s) => s,
        };
        let mut d = self.clone();
        let url = s.url.trim().trim_end_matches('/').to_string();
        match s.kind {
            SourceKind::Prometheus => d.prometheus = url,
            SourceKind::Loki => (d.loki, d.logs) = (url, LogsBackend::Loki),
            SourceKind::VictoriaLogs => (d.victorialogs, d.logs) = (url, LogsBackend::VictoriaLogs),
            SourceKind::Tempo => (d.tempo, d.traces) = (url, TraceBackend::Tempo),
            SourceKind::Jaeger => (d.jaeger, d.traces) = (url, TraceBackend::Jaeger),
        }
        d.set_auth(s.auth.clone());
        Ok((d, true))
    }
    /// The base URL of the server the logs view queries.
    pub fn logs_base(&self) -> &str {
        match self.logs {
            LogsBackend::Loki => &self.loki,
            LogsBackend::VictoriaLogs => &self.victorialogs,
        }
    }
    /// Maps the datasources an imported dashboard's queries name (Grafana uids or names) onto the
    /// configured ones: a query naming one keeps it (by its name here); one naming a datasource not
    /// configured here uses the default of its kind. When a dashboard names several datasources of a
    /// kind that are not configured here, a notice says which (they all fall on the default); a single
    /// one is simply the default, as a dashboard exported with one Prometheus expects.
    /// `$variables` stay as they are.
    pub fn map_imported(&self, d: &mut crate::dashboard::Dashboard) -> Vec<String> {
        let mut unmapped: Vec<(DatasourceKind, String)> = Vec::new();
        for p in d.all_panels() {
            for q in &p.queries {
                let t = q.source.trim();
                if !t.is_empty() && !t.starts_with('$') && sources::pick(&self.sources, q.datasource, t).is_err() && !unmapped.iter().any(|(_, u)| u == t) {
                    unmapped.push((q.datasource, t.to_string()));
                }
            }
        }
        let several = |k: DatasourceKind| unmapped.iter().filter(|(s, _)| *s == k).count() > 1;
        let mut notes: Vec<String> = Vec::new();
        let mut missing: Vec<String> = Vec::new();
        let mut map = |p: &mut crate::dashboard::Panel| {
            for q in &mut p.queries {
                let t = q.source.trim().to_string();
                if t.is_empty() || t.starts_with('$') {
                    continue;
                }
                match sources::pick(&self.sources, q.datasource, &t) {
                    Ok(Pick::Source(s)) => q.source = s.name.clone(),
                    Ok(Pick::Default) => q.source.clear(),
                    Err(_) => {
                        if several(q.datasource) && !missing.contains(&t) {
                            notes.push(format!(
                                "Datasource “{t}” (first used by panel “{}”) is not configured here: its queries use the default {}. Add it under Settings → Datasources, then pick it in the panel editor.",
                                p.title,
                                self.default_name(q.datasource)
                            ));
                            missing.push(t);
                        }
                        q.source.clear();
                    }
                }
            }
        };
        for p in &mut d.panels {
            map(p);
            for c in &mut p.panels {
                map(c);
            }
        }
        notes
    }

    /// The limits for data queries, from the settings (out-of-range stored values fall back to the defaults).
    pub fn limits(&self) -> Limits {
        let timeout_s = if TIMEOUT_RANGE.contains(&self.timeout_s) { self.timeout_s } else { DEFAULT_TIMEOUT_S };
        let mb = if ANSWER_RANGE.contains(&self.max_answer_mb) { self.max_answer_mb } else { DEFAULT_MAX_ANSWER_MB };
        Limits { timeout_s, max_bytes: u64::from(mb) * 1_000_000 }
    }

    /// Checks settings before they are saved. The message names the field, never the secret's value.
    pub fn check(&self) -> Result<(), String> {
        if let Some(bad) = bad_header_char(self.bearer_token.trim()) {
            return Err(format!("The bearer token contains {bad}, which a request header cannot carry. Paste it again without it."));
        }
        self.auth().check()?;
        for (i, s) in self.sources.iter().enumerate() {
            s.check(&self.sources[..i]).map_err(|e| format!("Datasource “{}”: {e}", s.name))?;
        }
        if !TIMEOUT_RANGE.contains(&self.timeout_s) {
            return Err(format!("The timeout must be {} to {} seconds.", TIMEOUT_RANGE.start(), TIMEOUT_RANGE.end()));
        }
        if !ANSWER_RANGE.contains(&self.max_answer_mb) {
            return Err(format!("The largest answer must be {} to {} MB.", ANSWER_RANGE.start(), ANSWER_RANGE.end()));
        }
        Ok(())
    }

    /// The values that must never be shown or kept outside the settings: the token and the tenant.
    /// Every datasource's: the default one's and each named one's.
    pub fn secrets(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in std::iter::once(self.auth()).chain(self.sources.iter().map(|s| s.auth.clone())) {
            out.extend(secrets_of(&a.headers()));
            if !a.basic_password.is_empty() {
                out.push(a.basic_password.clone());
            }
        }
        out
    }

    /// Extra headers every backend request carries.
    pub fn headers(&self) -> Vec<(String, String)> {
        self.auth().headers()
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

/// A character a header value cannot hold (control characters, anything outside Latin-1), described
/// without quoting the value around it.
pub(crate) fn bad_header_char(v: &str) -> Option<String> {
    v.chars().find(|c| c.is_control() || u32::from(*c) > 0xFF).map(|c| {
        if c.is_control() {
            format!("a control character (U+{:04X})", u32::from(c))
        } else {
            format!("the character U+{:04X}", u32::from(c))
        }
    })
}

/// The secret parts of request headers: the bearer token of an `Authorization` header (with and without
/// its scheme) and the tenant (`X-Scope-OrgID`, when 3 characters or more: a shorter one would blank out
/// ordinary words). Used to scrub anything a server or the browser may echo back.
pub fn secrets_of(headers: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in headers {
        if k.eq_ignore_ascii_case("x-scope-orgid") && v.trim().chars().count() >= 3 {
            out.push(v.trim().to_string());
        }
        if !k.eq_ignore_ascii_case("authorization") || v.trim().is_empty() {
            continue;
        }
        out.push(v.clone());
        if let Some((_, token)) = v.split_once(' ') {
            if !token.trim().is_empty() {
                out.push(token.trim().to_string());
            }
        }
    }
    out
}

/// An answer's body as it may be kept for an error message: a failed request's body (a proxy's 401 page,
/// a backend error) is scrubbed of the secrets the request carried, since such pages often echo the
/// request's headers. Successful bodies are data and are left alone.
pub fn scrub_failed_body(status: u16, body: String, headers: &[(String, String)]) -> String {
    if (200..300).contains(&status) {
        return body;
    }
    let secrets = secrets_of(headers);
    if secrets.is_empty() {
        body
    } else {
        redact(&body, &secrets)
    }
}

/// `text` with every occurrence of each secret replaced by `[redacted]`, longest first (so "Bearer x"
/// goes as one piece). Also catches the secret percent-encoded, as it would appear in an echoed URL.
pub fn redact(text: &str, secrets: &[String]) -> String {
    // Kept longest first as they are added (a handful of values: no sort routine needed in the wasm).
    let mut list: Vec<String> = Vec::new();
    let mut add = |v: String| {
        let at = list.iter().position(|x| x.len() < v.len()).unwrap_or(list.len());
        list.insert(at, v);
    };
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        add(s.clone());
        let mut enc = String::new();
        crate::backends::request::encode_component(s, &mut enc);
        if enc != *s {
            add(enc);
        }
    }
    let mut out = text.to_string();
    for s in &list {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), REDACTED);
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
        // Settings saved before the limits existed read with the defaults.
        let old = Datasources::from_storage_json(r#"{"prometheus":"/p","bearer_token":"t"}"#);
        assert_eq!(old.limits(), Limits::default());
    }

    #[test]
    fn the_logs_backend_is_loki_unless_chosen() {
        let old = Datasources::from_storage_json(r#"{"loki":"/l"}"#);
        assert_eq!((old.logs, old.logs_base(), old.victorialogs.as_str()), (LogsBackend::Loki, "/l", "/api/victorialogs"));
        // As a browser test stores it: the variant's name.
        let v = Datasources::from_storage_json(r#"{"logs":"VictoriaLogs","victorialogs":"/vl"}"#);
        assert_eq!((v.logs, v.logs_base()), (LogsBackend::VictoriaLogs, "/vl"));
        assert_eq!(Datasources::from_storage_json(&v.to_storage_json()), v);
        assert_eq!(Datasources::from_storage_json(r#"{"logs":"Elastic","loki":"/l"}"#), Datasources::default(), "unknown: all defaults");
        for b in LogsBackend::ALL {
            assert_eq!(LogsBackend::from_id(b.id()), b);
        }
        assert_eq!(LogsBackend::from_id("x"), LogsBackend::Loki);
        assert_eq!(LogsBackend::VictoriaLogs.name(), "VictoriaLogs");
    }

    #[test]
    fn limits_come_from_the_settings_and_stay_in_range() {
        let mut d = Datasources { timeout_s: 3, max_answer_mb: 5, ..Datasources::default() };
        assert_eq!(d.limits(), Limits { timeout_s: 3, max_bytes: 5_000_000 });
        assert_eq!(d.limits().within(20).timeout_s, 3);
        d.timeout_s = 90;
        assert_eq!(d.limits().within(20).timeout_s, 20);
        d.timeout_s = 0;
        d.max_answer_mb = 0;
        assert_eq!(d.limits(), Limits::default());
        assert!(d.check().unwrap_err().contains("timeout"));
        d.timeout_s = 10;
        assert!(d.check().unwrap_err().contains("largest answer"));
        d.max_answer_mb = 40;
        assert_eq!(d.check(), Ok(()));
    }

    #[test]
    fn a_token_a_header_cannot_carry_is_refused_without_quoting_it() {
        for token in ["abc\ndef-secret", "abc€def-secret", "tab\there-secret"] {
            let d = Datasources { bearer_token: token.into(), ..Datasources::default() };
            let e = d.check().unwrap_err();
            assert!(e.contains("bearer token") && !e.contains("secret") && !e.contains("abc"), "{e}");
        }
        let d = Datasources { tenant: "t\u{7}x".into(), ..Datasources::default() };
        assert!(d.check().unwrap_err().contains("tenant"));
        let ok = Datasources { bearer_token: "  eyJhbGciOi.J9-_~+/=  ".into(), tenant: "team-ä".into(), ..Datasources::default() };
        assert_eq!(ok.check(), Ok(()));
    }

    #[test]
    fn secrets_are_the_token_with_and_without_its_scheme() {
        let d = Datasources { bearer_token: " s3cr3t-Tok ".into(), tenant: "team-a".into(), ..Datasources::default() };
        assert_eq!(d.secrets(), vec!["team-a".to_string(), "Bearer s3cr3t-Tok".to_string(), "s3cr3t-Tok".to_string()]);
        let short = Datasources { tenant: "a1".into(), ..Datasources::default() };
        assert!(short.secrets().is_empty());
        assert!(Datasources::default().secrets().is_empty());
        let text = "401: invalid credentials \"Bearer s3cr3t-Tok\" (token s3cr3t-Tok, url ?t=s3cr3t%2BTok)";
        let secrets = vec!["s3cr3t+Tok".to_string(), "Bearer s3cr3t-Tok".to_string(), "s3cr3t-Tok".to_string()];
        assert_eq!(redact(text, &secrets), "401: invalid credentials \"[redacted]\" (token [redacted], url ?t=[redacted])");
        assert_eq!(redact("nothing here", &[]), "nothing here");
        assert_eq!(redact("x", &[String::new()]), "x");
    }

    fn staging() -> Source {
        Source {
            uid: "prom-2".into(),
            name: "Prometheus 2.42".into(),
            kind: SourceKind::Prometheus,
            url: "/api/prometheus-2/".into(),
            auth: Auth { basic_user: "ops".into(), basic_password: "pw-staging-1".into(), ..Auth::default() },
        }
    }

    #[test]
    fn secrets_are_stored_apart_and_never_serialised_with_the_settings() {
        let d = Datasources { bearer_token: "tok-default-1".into(), tenant: "ten-default".into(), sources: vec![staging()], ..Datasources::default() };
        let plain = serde_json::to_string(&d).unwrap();
        for secret in ["tok-default-1", "ten-default", "pw-staging-1"] {
            assert!(!plain.contains(secret), "{plain}");
        }
        let stored = d.to_storage_json();
        let v: serde_json::Value = serde_json::from_str(&stored).unwrap();
        assert_eq!(v["secrets"][""]["bearer_token"], "tok-default-1");
        assert_eq!(v["secrets"]["prom-2"]["basic_password"], "pw-staging-1");
        assert!(v.get("bearer_token").is_none() && v.get("tenant").is_none(), "{stored}");
        assert_eq!(Datasources::from_storage_json(&stored), d);
        // Every datasource's secrets are scrubbed from what the app shows.
        let all = d.secrets();
        assert!(all.contains(&"tok-default-1".to_string()) && all.contains(&"pw-staging-1".to_string()), "{all:?}");
        assert!(all.contains(&format!("Basic {}", sources::base64(b"ops:pw-staging-1"))), "{all:?}");
    }

    #[test]
    fn a_query_naming_a_datasource_is_sent_with_its_url_and_auth() {
        let d = Datasources { bearer_token: "tok-default".into(), sources: vec![staging()], ..Datasources::default() };
        let (same, named) = d.with_source(DatasourceKind::Prometheus, "").unwrap();
        assert_eq!((same.prometheus.as_str(), named), ("/api/prometheus", false));
        let (p2, named) = d.with_source(DatasourceKind::Prometheus, "Prometheus 2.42").unwrap();
        assert!(named);
        assert_eq!(p2.prometheus, "/api/prometheus-2");
        assert_eq!(p2.headers(), vec![("Authorization".to_string(), format!("Basic {}", sources::base64(b"ops:pw-staging-1")))]);
        // The default's token does not go to the other server.
        assert!(!p2.headers().iter().any(|(_, v)| v.contains("tok-default")));
        let vl = Source { uid: "vl".into(), name: "VL eu".into(), kind: SourceKind::VictoriaLogs, url: "https://vl.example".into(), ..Source::default() };
        let d = Datasources { sources: vec![vl], ..Datasources::default() };
        let (v, _) = d.with_source(DatasourceKind::Loki, "vl").unwrap();
        assert_eq!((v.logs, v.logs_base()), (LogsBackend::VictoriaLogs, "https://vl.example"));
        assert!(d.with_source(DatasourceKind::Prometheus, "nope").is_err());
        assert_eq!(d.default_name(DatasourceKind::Loki), "Loki");
    }

    #[test]
    fn an_imported_dashboards_datasources_are_mapped_onto_the_configured_ones() {
        use crate::dashboard::{DatasourceKind as K, Panel, PanelQuery};
        let d = Datasources { sources: vec![staging()], ..Datasources::default() };
        let q = |src: &str| PanelQuery { source: src.into(), ..PanelQuery::new("A", K::Prometheus, "up") };
        let mut dash = crate::dashboard::Dashboard::default();
        let mut p = Panel { title: "Rates".into(), ..Panel::default() };
        p.queries = vec![q("prom-2"), q("$ds"), q("P1809F7CD0C75ACF3"), q("P1809F7CD0C75ACF3"), q("Prometheus")];
        dash.panels.push(p.clone());
        // One datasource not configured here: it is the default, nothing to say.
        let mut one = dash.clone();
        assert!(d.map_imported(&mut one).is_empty());
        assert_eq!(one.panels[0].queries[2].source, "");
        // Two: they cannot both be the default one meant, so each is named.
        p.title = "Errors".into();
        p.queries = vec![q("P-other")];
        dash.panels.push(p);
        let notes = d.map_imported(&mut dash);
        let got: Vec<&str> = dash.panels[0].queries.iter().map(|q| q.source.as_str()).collect();
        assert_eq!(got, vec!["Prometheus 2.42", "$ds", "", "", ""]);
        assert_eq!(dash.panels[1].queries[0].source, "");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("“P1809F7CD0C75ACF3”") && notes[0].contains("“Rates”") && notes[0].contains("default Prometheus"), "{notes:?}");
        assert!(notes[1].contains("“P-other”") && notes[1].contains("“Errors”"), "{notes:?}");
    }

    /// The fields of `TRACE_SETTINGS` in scripts/boot-early-query.js: `name: true` or `name: '<value>'`.
    fn boot_trace_settings() -> Vec<(String, Option<String>)> {
        let js = include_str!("../../scripts/boot-early-query.js");
        let from = js.find("const TRACE_SETTINGS = {").expect("the boot script lists the settings a trace link starts with");
        let rest = &js[from + "const TRACE_SETTINGS = {".len()..];
        let body = &rest[..rest.find("};").expect("TRACE_SETTINGS ends")];
        body.split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| {
                let (k, v) = e.split_once(':').expect("name: value");
                let v = v.trim();
                (k.trim().to_string(), (v != "true").then(|| v.trim_matches('\'').to_string()))
            })
            .collect()
    }

    #[test]
    fn the_boot_script_starts_a_trace_only_under_settings_that_ask_as_the_defaults_do() {
        // Every field the settings can be saved with is one the boot script knows (a new field makes it decide).
        let mut all = Datasources { tenant: "t".into(), bearer_token: "b".into(), basic_user: "u".into(), basic_password: "p".into(), account_id: "1".into(), project_id: "2".into(), ..Datasources::default() };
        all.sources.push(Source { uid: "x".into(), name: "X".into(), kind: SourceKind::Jaeger, url: "/j".into(), ..Source::default() });
        let saved: serde_json::Value = serde_json::from_str(&all.to_storage_json()).unwrap();
        let listed = boot_trace_settings();
        for key in saved.as_object().unwrap().keys() {
            assert!(key == "sources" || key == "secrets" || listed.iter().any(|(k, _)| k == key), "the boot script does not know the setting {key}");
        }
        // A field it requires holds that value by default.
        let defaults = serde_json::to_value(Datasources::default()).unwrap();
        for (k, v) in listed.iter().filter_map(|(k, v)| Some((k, v.as_ref()?))) {
            let d = defaults.get(k).and_then(|d| d.as_str()).unwrap_or("");
            assert_eq!(d, v, "the default of {k}");
        }
        assert!(Datasources::default().headers().is_empty(), "the defaults send no headers");
    }
}
