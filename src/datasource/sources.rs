//! Named datasources beyond the default one of each kind (a staging Prometheus next to prod, a Loki and a
//! VictoriaLogs), each with its own URL and auth; how a query names one (`name`, `uid` or a `$ds`
//! variable's value) and the settings a request to it is sent with.
//!
//! Secrets (token, password, tenant) are never serialised with the rest: `Auth`'s `Serialize` leaves
//! them out, and only [`super::Datasources::to_storage_json`] keeps them, apart, for localStorage.

use serde::{Deserialize, Serialize};

use crate::dashboard::DatasourceKind;

/// The server behind a datasource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    #[default]
    Prometheus,
    Loki,
    #[serde(rename = "victorialogs")]
    VictoriaLogs,
    Tempo,
    Jaeger,
}

impl SourceKind {
    pub const ALL: [SourceKind; 5] = [SourceKind::Prometheus, SourceKind::Loki, SourceKind::VictoriaLogs, SourceKind::Tempo, SourceKind::Jaeger];

    /// The id in stored settings and form values (Grafana's plugin type where there is one).
    pub fn id(self) -> &'static str {
        match self {
            SourceKind::Prometheus => "prometheus",
            SourceKind::Loki => "loki",
            SourceKind::VictoriaLogs => "victorialogs",
            SourceKind::Tempo => "tempo",
            SourceKind::Jaeger => "jaeger",
        }
    }

    pub fn from_id(id: &str) -> Option<SourceKind> {
        let id = id.trim().to_ascii_lowercase();
        // Grafana's plugin id of VictoriaLogs.
        let id = if id == "victoriametrics-logs-datasource" { "victorialogs".to_string() } else { id };
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The server's name, and the name of the default datasource of this kind.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Prometheus => "Prometheus",
            SourceKind::Loki => "Loki",
            SourceKind::VictoriaLogs => "VictoriaLogs",
            SourceKind::Tempo => "Tempo",
            SourceKind::Jaeger => "Jaeger",
        }
    }

    /// Whether the server takes VictoriaLogs' tenant headers (`AccountID`, `ProjectID`): the settings form asks
    /// for them only then.
    pub fn takes_account_ids(self) -> bool {
        matches!(self, SourceKind::VictoriaLogs)
    }

    /// The signal it serves, as panel queries name it (metrics: Prometheus, logs: Loki, traces: Tempo).
    pub fn signal(self) -> DatasourceKind {
        match self {
            SourceKind::Prometheus => DatasourceKind::Prometheus,
            SourceKind::Loki | SourceKind::VictoriaLogs => DatasourceKind::Loki,
            SourceKind::Tempo | SourceKind::Jaeger => DatasourceKind::Tempo,
        }
    }
}

/// How requests to one datasource authenticate. Only the user name and VictoriaLogs' tenant ids are
/// serialised; the token, the password and the `X-Scope-OrgID` tenant are secrets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Auth {
    /// `Authorization: Bearer …`.
    #[serde(skip_serializing)]
    pub bearer_token: String,
    /// Basic auth (`Authorization: Basic …`) when the user is set.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub basic_user: String,
    #[serde(skip_serializing)]
    pub basic_password: String,
    /// `X-Scope-OrgID` (Loki, Tempo, Mimir tenants).
    #[serde(skip_serializing)]
    pub tenant: String,
    /// VictoriaLogs' tenant: `AccountID` and `ProjectID` headers.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub account_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project_id: String,
}

/// The secret part of [`Auth`], as localStorage keeps it beside the settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Secrets {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub bearer_token: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub basic_password: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tenant: String,
}

impl Secrets {
    pub fn is_empty(&self) -> bool {
        self.bearer_token.is_empty() && self.basic_password.is_empty() && self.tenant.is_empty()
    }
}

impl Auth {
    pub fn secrets(&self) -> Secrets {
        Secrets { bearer_token: self.bearer_token.clone(), basic_password: self.basic_password.clone(), tenant: self.tenant.clone() }
    }

    pub fn set_secrets(&mut self, s: Secrets) {
        self.bearer_token = s.bearer_token;
        self.basic_password = s.basic_password;
        self.tenant = s.tenant;
    }

    /// The headers every request to the datasource carries.
    pub fn headers(&self) -> Vec<(String, String)> {
        let mut h = Vec::new();
        let tenant = self.tenant.trim();
        if !tenant.is_empty() {
            h.push(("X-Scope-OrgID".to_string(), tenant.to_string()));
        }
        let token = self.bearer_token.trim();
        if !token.is_empty() {
            h.push(("Authorization".to_string(), format!("Bearer {token}")));
        } else if !self.basic_user.trim().is_empty() {
            let pair = format!("{}:{}", self.basic_user.trim(), self.basic_password);
            h.push(("Authorization".to_string(), format!("Basic {}", base64(pair.as_bytes()))));
        }
        for (name, v) in [("AccountID", &self.account_id), ("ProjectID", &self.project_id)] {
            if !v.trim().is_empty() {
                h.push((name.to_string(), v.trim().to_string()));
            }
        }
        h
    }

    /// Checks the fields before they are saved; the message names the field, never its value.
    pub fn check(&self) -> Result<(), String> {
        let fields = [
            ("tenant", &self.tenant),
            ("bearer token", &self.bearer_token),
            ("user name", &self.basic_user),
            ("password", &self.basic_password),
            ("AccountID", &self.account_id),
            ("ProjectID", &self.project_id),
        ];
        for (name, v) in fields {
            if let Some(bad) = super::bad_header_char(v.trim()) {
                return Err(format!("The {name} contains {bad}, which a request header cannot carry."));
            }
        }
        if self.basic_user.contains(':') {
            return Err("The user name cannot contain “:” (basic auth separates it from the password with one).".into());
        }
        for (name, v) in [("AccountID", &self.account_id), ("ProjectID", &self.project_id)] {
            if !v.trim().is_empty() && v.trim().parse::<u32>().is_err() {
                return Err(format!("VictoriaLogs' {name} is a whole number (0 to 4294967295)."));
            }
        }
        if !self.bearer_token.trim().is_empty() && !self.basic_user.trim().is_empty() {
            return Err("Set a bearer token or a user name and password, not both.".into());
        }
        Ok(())
    }
}

/// One configured datasource.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    /// Stable id (Grafana's datasource uid when it came from an import mapping); queries may name it.
    pub uid: String,
    /// What pickers show and `$ds` variables hold.
    pub name: String,
    pub kind: SourceKind,
    /// Base URL or same-origin path (`/api/prometheus-2`, `https://prom.example.com`).
    pub url: String,
    pub auth: Auth,
}

impl Source {
    /// Checks a datasource before it is added; `others` are the ones already configured.
    pub fn check(&self, others: &[Source]) -> Result<(), String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("Give the datasource a name.".into());
        }
        if name.starts_with('$') {
            return Err("A datasource name cannot start with “$” (that names a dashboard variable).".into());
        }
        if SourceKind::ALL.iter().any(|k| k.label().eq_ignore_ascii_case(name)) {
            return Err(format!("“{name}” is the name of a default datasource: choose another."));
        }
        if others.iter().any(|o| o.uid != self.uid && (o.name.trim().eq_ignore_ascii_case(name) || o.uid == name)) {
            return Err(format!("A datasource named “{name}” exists already."));
        }
        let url = self.url.trim();
        if url.is_empty() {
            return Err("Give the datasource a URL or a path such as /api/prometheus-2.".into());
        }
        if !(url.starts_with('/') || url.starts_with("http://") || url.starts_with("https://")) {
            return Err("The URL must be a path on this site (/api/…) or start with http:// or https://.".into());
        }
        self.auth.check()
    }
}

/// A uid for a new datasource from its name: lowercase letters, digits and `-`, unique among `taken`.
pub fn new_uid(name: &str, taken: &[Source]) -> String {
    let mut base: String = name.trim().to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    base = base.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if base.is_empty() {
        base = "ds".into();
    }
    base.truncate(40);
    let mut uid = base.clone();
    let mut n = 2;
    while taken.iter().any(|s| s.uid == uid) {
        uid = format!("{base}-{n}");
        n += 1;
    }
    uid
}

/// How a query names its datasource, once `$variables` are filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick<'a> {
    /// The default datasource of the signal (empty text, the kind's own name, Grafana's `default`).
    Default,
    Source(&'a Source),
}

/// Finds the datasource a query names (`text`: a name, a uid or a default's name) among `sources`, for a
/// query of `signal`. The error is the sentence the panel shows.
pub fn pick<'a>(sources: &'a [Source], signal: DatasourceKind, text: &str) -> Result<Pick<'a>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("default") || SourceKind::ALL.iter().any(|k| k.signal() == signal && k.label().eq_ignore_ascii_case(t)) {
        return Ok(Pick::Default);
    }
    if t.starts_with('$') {
        return Err(format!("The datasource {t} is a variable this dashboard does not define."));
    }
    let found = sources.iter().find(|s| s.uid == t).or_else(|| sources.iter().find(|s| s.name.trim().eq_ignore_ascii_case(t)));
    match found {
        Some(s) if s.kind.signal() == signal => Ok(Pick::Source(s)),
        Some(s) => Err(format!("The datasource “{}” is {}, which does not answer {} queries.", s.name, s.kind.label(), signal.label())),
        None => Err(format!("No datasource “{t}” is configured: add it under Settings → Datasources.")),
    }
}

/// A `ds=` that names one datasource per signal, comma-separated (the correlation workspace's logs and
/// traces): each name with the signal it answers, a configured datasource's (by uid or name) or a default's
/// (by its kind's label); a name not known goes under `fallback`, where [`pick`] then says why.
pub fn by_signal(sources: &[Source], text: &str, fallback: DatasourceKind) -> Vec<(DatasourceKind, String)> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            let known = sources.iter().find(|s| s.uid == t || s.name.trim().eq_ignore_ascii_case(t)).map(|s| s.kind.signal());
            let default = SourceKind::ALL.iter().find(|k| k.label().eq_ignore_ascii_case(t)).map(|k| k.signal());
            (known.or(default).unwrap_or(fallback), t.to_string())
        })
        .collect()
}

/// The names a `datasource` variable of `signal` offers: the default datasource's (`default`), then the
/// configured ones of that signal, kept when `filter` (a plain substring; empty = all) is in the name.
pub fn names_for(sources: &[Source], signal: DatasourceKind, default: &str, filter: &str) -> Vec<String> {
    let configured = sources.iter().filter(|s| s.kind.signal() == signal).map(|s| s.name.trim().to_string());
    std::iter::once(default.to_string()).chain(configured).filter(|n| filter.is_empty() || n.contains(filter)).collect()
}

/// Standard base64 (RFC 4648, with padding), for basic auth.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(uid: &str, name: &str, kind: SourceKind) -> Source {
        Source { uid: uid.into(), name: name.into(), kind, url: "/api/x".into(), auth: Auth::default() }
    }

    #[test]
    fn only_victorialogs_asks_for_account_and_project_ids() {
        // VictoriaLogs' multitenancy is the AccountID/ProjectID headers; the others' tenant is X-Scope-OrgID.
        let asking: Vec<SourceKind> = SourceKind::ALL.into_iter().filter(|k| k.takes_account_ids()).collect();
        assert_eq!(asking, vec![SourceKind::VictoriaLogs]);
    }

    #[test]
    fn a_ds_list_names_one_datasource_per_signal() {
        let all = [src("u1", "Logs B", SourceKind::VictoriaLogs), src("u2", "Traces B", SourceKind::Jaeger)];
        assert_eq!(
            by_signal(&all, " logs b , u2 ", DatasourceKind::Loki),
            vec![(DatasourceKind::Loki, "logs b".to_string()), (DatasourceKind::Tempo, "u2".to_string())]
        );
        // A default by its kind's label; an unknown name under the fallback (whose pick says why); blanks dropped.
        assert_eq!(by_signal(&all, "Jaeger,,nope", DatasourceKind::Loki), vec![(DatasourceKind::Tempo, "Jaeger".to_string()), (DatasourceKind::Loki, "nope".to_string())]);
        assert!(pick(&all, DatasourceKind::Loki, "nope").is_err());
        assert!(by_signal(&all, "", DatasourceKind::Loki).is_empty());
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (i, o) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(i.as_bytes()), o);
        }
        // The example of RFC 7617 (basic auth).
        assert_eq!(base64(b"Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    #[test]
    fn auth_headers_per_scheme() {
        let basic = Auth { basic_user: "Aladdin".into(), basic_password: "open sesame".into(), ..Auth::default() };
        assert_eq!(basic.headers(), vec![("Authorization".to_string(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".to_string())]);
        let vl = Auth { account_id: "12".into(), project_id: " 3 ".into(), tenant: "t-1".into(), ..Auth::default() };
        assert_eq!(
            vl.headers(),
            vec![("X-Scope-OrgID".into(), "t-1".into()), ("AccountID".into(), "12".into()), ("ProjectID".into(), "3".into())]
        );
        assert!(Auth::default().headers().is_empty());
        assert!(Auth { account_id: "x".into(), ..Auth::default() }.check().unwrap_err().contains("AccountID"));
        assert!(Auth { basic_user: "a:b".into(), ..Auth::default() }.check().is_err());
        assert!(Auth { bearer_token: "t".into(), basic_user: "u".into(), ..Auth::default() }.check().unwrap_err().contains("not both"));
        let e = Auth { basic_password: "pw\nsecret".into(), ..Auth::default() }.check().unwrap_err();
        assert!(e.contains("password") && !e.contains("secret"), "{e}");
    }

    #[test]
    fn secrets_are_not_serialised_with_the_source() {
        let mut s = src("p2", "Prom 2", SourceKind::Prometheus);
        s.auth = Auth { bearer_token: "tok-123".into(), basic_user: "u".into(), basic_password: "pw-456".into(), tenant: "ten-789".into(), ..Auth::default() };
        let json = serde_json::to_string(&s).unwrap();
        for secret in ["tok-123", "pw-456", "ten-789"] {
            assert!(!json.contains(secret), "{json}");
        }
        assert!(json.contains("\"basic_user\":\"u\""), "{json}");
        let back: Source = serde_json::from_str(&json).unwrap();
        assert_eq!(back.auth.bearer_token, "");
        let mut again = back;
        again.auth.set_secrets(s.auth.secrets());
        assert_eq!(again, s);
    }

    #[test]
    fn a_query_picks_its_datasource_by_uid_or_name() {
        let list = vec![src("prom-2", "Prometheus 2.42", SourceKind::Prometheus), src("vl", "Logs VL", SourceKind::VictoriaLogs)];
        let m = DatasourceKind::Prometheus;
        for t in ["", " ", "default", "Prometheus", "prometheus"] {
            assert_eq!(pick(&list, m, t), Ok(Pick::Default), "{t:?}");
        }
        assert_eq!(pick(&list, m, "prom-2"), Ok(Pick::Source(&list[0])));
        assert_eq!(pick(&list, m, "prometheus 2.42"), Ok(Pick::Source(&list[0])));
        assert_eq!(pick(&list, DatasourceKind::Loki, "Logs VL"), Ok(Pick::Source(&list[1])));
        assert_eq!(pick(&list, DatasourceKind::Loki, "VictoriaLogs"), Ok(Pick::Default));
        assert!(pick(&list, m, "Logs VL").unwrap_err().contains("does not answer Prometheus"));
        assert!(pick(&list, m, "staging").unwrap_err().contains("No datasource “staging”"));
        assert!(pick(&list, m, "$ds").unwrap_err().contains("variable"));
    }

    #[test]
    fn a_datasource_variable_lists_the_defaults_then_the_configured_ones_of_its_signal() {
        let list = vec![src("a", "Prom staging", SourceKind::Prometheus), src("b", "VL", SourceKind::VictoriaLogs), src("c", "Prom 2", SourceKind::Prometheus)];
        assert_eq!(names_for(&list, DatasourceKind::Prometheus, "Prometheus", ""), vec!["Prometheus", "Prom staging", "Prom 2"]);
        assert_eq!(names_for(&list, DatasourceKind::Loki, "Loki", ""), vec!["Loki", "VL"]);
        assert_eq!(names_for(&list, DatasourceKind::Prometheus, "Prometheus", "staging"), vec!["Prom staging"]);
    }

    #[test]
    fn a_new_datasource_is_checked_and_gets_a_unique_uid() {
        let list = vec![src("prom-2", "Prom 2", SourceKind::Prometheus)];
        assert_eq!(new_uid("Prom 2", &list), "prom-2-2");
        assert_eq!(new_uid("  Staging EU!! ", &list), "staging-eu");
        assert_eq!(new_uid("", &list), "ds");
        let mut s = src("x", "prom 2", SourceKind::Prometheus);
        assert!(s.check(&list).unwrap_err().contains("exists"));
        s.name = "Prometheus".into();
        assert!(s.check(&list).unwrap_err().contains("default"));
        s.name = "$ds".into();
        assert!(s.check(&list).is_err());
        s.name = "Staging".into();
        s.url = "ftp://x".into();
        assert!(s.check(&list).unwrap_err().contains("http"));
        s.url = "https://prom.example.com".into();
        assert_eq!(s.check(&list), Ok(()));
        for k in SourceKind::ALL {
            assert_eq!(SourceKind::from_id(k.id()), Some(k));
        }
        assert_eq!(SourceKind::from_id("victoriametrics-logs-datasource"), Some(SourceKind::VictoriaLogs));
    }
}
