//! Grafana dashboard import: real Grafana JSON (schemaVersion 16..41, API wrapper, collapsed rows, pre-v5
//! `rows[]`) into a Trifocal [`Dashboard`], with a notice for everything that could not be carried over.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::links::{admit_imported, Admit};
use super::json::{clip, Notes};
use super::schema::*;
use super::series_draw::{set_grafana_style, SeriesDraw};
use super::validate::{check, check_uid, check_variable_name};
use crate::time::duration::parse_duration;
use crate::time::TimeRange;

/// Largest Grafana JSON accepted (bytes).
pub const MAX_GRAFANA_BYTES: usize = 32 * 1024 * 1024;
const MAX_IMPORT_NOTICES: usize = 2000;

/// The result of an import: a valid dashboard and what could not be imported, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub dashboard: Dashboard,
    /// One sentence per thing dropped or changed (skipped panels name the panel).
    pub notices: Vec<String>,
    /// Titles of the panels that were not imported (their reasons are in `notices`).
    pub skipped_panels: Vec<String>,
}

/// Refuses a dashboard to import (`what`: "Grafana", "Perses") over [`MAX_GRAFANA_BYTES`].
pub(super) fn check_import_size(text: &str, what: &str) -> Result<(), String> {
    if text.len() > MAX_GRAFANA_BYTES {
        return Err(format!("The {what} dashboard is too large ({} bytes, at most {} MiB).", text.len(), MAX_GRAFANA_BYTES / (1024 * 1024)));
    }
    Ok(())
}

/// Converts a Grafana dashboard (the JSON export, or the `{"dashboard": …, "meta": …}` API answer).
/// Errors only when the text is not JSON or not a Grafana dashboard at all.
pub fn import_grafana(text: &str) -> Result<Import, String> {
    check_import_size(text, "Grafana")?;
    if text.trim().is_empty() {
        return Err("The Grafana dashboard text is empty.".into());
    }
    let v: Value = serde_json::from_str(text).map_err(|e| format!("This is not valid JSON: {e}"))?;
    import_value(&v)
}

/// As [`import_grafana`], from parsed JSON.
pub fn import_value(v: &Value) -> Result<Import, String> {
    let Value::Object(top) = v else {
        return Err(format!("A Grafana dashboard is a JSON object, not {}.", super::json::type_name(v)));
    };
    if super::grafana_v2::is_v2(top) {
        return super::grafana_v2::import_v2(top);
    }
    // The API's `{meta, dashboard}` wrapper, or the v1 resource (`apiVersion: dashboard.grafana.app/v1…`,
    // `metadata.name` is the uid, the classic dashboard is `spec`).
    let resource = top.get("apiVersion").and_then(Value::as_str).is_some_and(|a| a.starts_with("dashboard.grafana.app/"));
    let dash = match (top.get("dashboard"), top.get("spec")) {
        (Some(Value::Object(d)), _) if !top.contains_key("panels") && !top.contains_key("rows") => d,
        (_, Some(Value::Object(s))) if resource => s,
        _ => top,
    };
    if resource && !top.get("apiVersion").and_then(Value::as_str).is_some_and(|a| a.starts_with("dashboard.grafana.app/v1")) {
        return Err(format!(
            "This is a Grafana dashboard resource of version \"{}\"; Trifocal imports the classic JSON and the v1 resource (in Grafana: Export → Export as JSON, classic).",
            clip(top.get("apiVersion").and_then(Value::as_str).unwrap_or(""), 60)
        ));
    }
    let resource_uid = resource.then(|| top.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str)).flatten();
    let looks_like = ["panels", "rows", "templating", "schemaVersion"].iter().any(|k| dash.contains_key(*k));
    if !looks_like {
        return Err("This JSON is not a Grafana dashboard (no panels, rows, templating or schemaVersion).".into());
    }
    let v1 = dash.get("schemaVersion").and_then(Value::as_u64) == Some(1)
        && dash.contains_key("uid")
        && dash.get("panels").and_then(Value::as_array).is_some_and(|p| p.iter().any(|p| p.get("kind").is_some()));
    let v2 = dash.get("schemaVersion").and_then(Value::as_u64) == Some(2)
        && dash.get("kind").and_then(Value::as_str) == Some("Dashboard");
    if v1 || v2 {
        return Err("This is already a Trifocal dashboard: open it instead of importing it.".into());
    }
    let mut cx = Cx { notes: Notes::with_cap(MAX_IMPORT_NOTICES), ds_vars: HashMap::new(), ds_variables: HashSet::new(), skipped: Vec::new() };
    cx.collect_datasources(dash);

    let title = str_of(dash.get("title")).map(|t| clip(t.trim(), 500)).unwrap_or_default();
    let uid = make_uid(str_of(dash.get("uid")).or(resource_uid), &title, &mut cx.notes);
    let description = str_of(dash.get("description")).map(|d| clip(d, 100_000)).unwrap_or_default();
    let tags: Vec<String> = arr_of(dash.get("tags")).iter().filter_map(|t| t.as_str()).take(50).map(|t| clip(t, 200)).collect();
    let time = read_time(dash.get("time"), &mut cx.notes);
    let refresh = read_refresh(dash.get("refresh"), &mut cx.notes);
    let links = cx.links(dash.get("links"), "Dashboard");
    let variables = cx.variables(dash);
    let mut panels = super::layout::normalize(&cx.panels(dash));
    cx.drop_unknown_repeats(&mut panels, &variables);
    let annotations = cx.annotations(dash);

    let dashboard = Dashboard {
        schema_version: SCHEMA_VERSION,
        uid,
        title,
        description,
        tags,
        time,
        refresh,
        variables,
        links,
        annotations,
        panels,
    };
    check(&dashboard).map_err(|e| format!("The imported dashboard is not valid ({e}); please report this dashboard."))?;
    Ok(Import { dashboard, notices: cx.notes.finish(), skipped_panels: cx.skipped })
}

fn str_of(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

fn arr_of(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// A number, also from numeric text (`"0"`, `"250px"` is not one).
fn num_of(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64().filter(|x| x.is_finite()),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|x| x.is_finite()),
        _ => None,
    }
}

fn u32_of(v: Option<&Value>) -> Option<u32> {
    let x = num_of(v)?;
    (x >= 0.0 && x <= f64::from(u32::MAX)).then(|| x.round() as u32)
}

pub(super) fn make_uid(uid: Option<&str>, title: &str, notes: &mut Notes) -> String {
    if let Some(u) = uid {
        if check_uid(u).is_ok() {
            return u.to_string();
        }
    }
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    let slug = if slug.is_empty() { "imported".to_string() } else { slug };
    match uid {
        Some(u) if !u.is_empty() => notes.push(format!("The uid \"{}\" is not usable here; \"{slug}\" is used instead.", clip(u, 40))),
        _ => {}
    }
    slug
}

fn read_time(v: Option<&Value>, notes: &mut Notes) -> DashboardTime {
    let (Some(f), Some(t)) = (str_of(v.and_then(|t| t.get("from"))), str_of(v.and_then(|t| t.get("to")))) else {
        return DashboardTime::default();
    };
    match TimeRange::parse(f, t) {
        Ok(_) => DashboardTime { from: f.trim().to_string(), to: t.trim().to_string() },
        Err(e) => {
            notices_time(notes, &e);
            DashboardTime::default()
        }
    }
}

fn notices_time(notes: &mut Notes, e: &str) {
    let d = DashboardTime::default();
    notes.push(format!("The time range was not imported ({e}); {} to {} is used.", d.from, d.to));
}

pub(super) fn read_refresh(v: Option<&Value>, notes: &mut Notes) -> Option<String> {
    let r = str_of(v)?.trim();
    if r.is_empty() {
        return None;
    }
    match parse_duration(r) {
        Some(ms) if ms >= 1000 => Some(r.to_string()),
        _ => {
            notes.push(format!("The refresh interval \"{}\" was not understood; auto-refresh is off.", clip(r, 40)));
            None
        }
    }
}

/// How a Grafana datasource reference resolved.
#[derive(Clone, Debug, PartialEq)]
enum Ds {
    Kind(DatasourceKind),
    /// Nothing said (or a name we cannot place): decide from the panel.
    Unknown,
    /// `-- Mixed --`: each query names its own.
    Mixed,
    /// A datasource Trifocal cannot query (named for the notice).
    Unsupported(String),
}

fn kind_from_type(t: &str) -> Option<DatasourceKind> {
    let t = t.to_ascii_lowercase();
    // The logs datasource: Loki's, or VictoriaLogs' plugin (`victoriametrics-logs-datasource`, LogsQL in `expr`);
    // the logs view speaks the language of the logs backend chosen in Settings.
    if t.contains("loki") || t.contains("victoriametrics-logs") || t.contains("victorialogs") {
        Some(DatasourceKind::Loki)
    } else if t.contains("tempo") || t.contains("jaeger") {
        // The traces datasource: the app finds out whether Tempo or Jaeger answers.
        Some(DatasourceKind::Tempo)
    } else if t.contains("prom") || t.contains("mimir") || t.contains("thanos") || t.contains("cortex") {
        Some(DatasourceKind::Prometheus)
    } else {
        None
    }
}

/// A Grafana Jaeger search target as the search terms the traces panel takes
/// (`service=x operation="GET /a" error=true minDuration=100ms`).
fn jaeger_terms(t: &Value) -> String {
    use crate::backends::jaeger::terms::quote_term as quote;
    let mut terms = Vec::new();
    for (key, term) in [("service", "service"), ("operation", "operation"), ("minDuration", "minDuration"), ("maxDuration", "maxDuration")] {
        if let Some(v) = str_of(t.get(key)).map(str::trim).filter(|v| !v.is_empty()) {
            terms.push(format!("{term}={}", quote(v)));
        }
    }
    // Grafana keeps tags as logfmt text: `error=true http.status_code=500`.
    if let Some(tags) = str_of(t.get("tags")) {
        terms.extend(tags.split_whitespace().filter(|w| w.contains('=')).map(str::to_string));
    }
    terms.join(" ")
}

struct Cx {
    notes: Notes,
    /// Datasource variables and `__inputs` by name → plugin type.
    ds_vars: HashMap<String, String>,
    /// The datasource variables (imported as such; `__inputs` are not variables).
    ds_variables: HashSet<String>,
    skipped: Vec<String>,
}

impl Cx {
    /// A repeat over a variable the dashboard does not have is dropped (the panel is shown once), with a notice.
    fn drop_unknown_repeats(&mut self, panels: &mut [Panel], variables: &[Variable]) {
        for p in panels.iter_mut() {
            self.drop_unknown_repeats(&mut p.panels, variables);
            if let Some(r) = &p.repeat {
                if !variables.iter().any(|v| v.name == r.variable) {
                    self.notes.push(format!("Panel \"{}\" repeats over ${}, which this dashboard does not have; it is shown once.", p.title, r.variable));
                    p.repeat = None;
                }
            }
        }
    }

    fn collect_datasources(&mut self, dash: &Map<String, Value>) {
        for i in arr_of(dash.get("__inputs")) {
            if let (Some(n), Some(p)) = (str_of(i.get("name")), str_of(i.get("pluginId"))) {
                self.ds_vars.insert(n.to_string(), p.to_string());
            }
        }
        for v in arr_of(dash.get("templating").and_then(|t| t.get("list"))) {
            if str_of(v.get("type")) == Some("datasource") {
                if let (Some(n), Some(q)) = (str_of(v.get("name")), str_of(v.get("query"))) {
                    self.ds_vars.insert(n.to_string(), q.to_string());
                    if kind_from_type(q).is_some() {
                        self.ds_variables.insert(n.to_string());
                    }
                }
            }
        }
    }

    /// Resolves a name or `${var}` / `$var` reference.
    fn ds_name(&self, s: &str) -> Ds {
        let s = s.trim();
        match s {
            "" => return Ds::Unknown,
            "-- Mixed --" => return Ds::Mixed,
            "-- Grafana --" | "grafana" => return Ds::Unsupported("Grafana built-in".into()),
            "-- Dashboard --" => return Ds::Unsupported("Dashboard (reuse of another panel's data)".into()),
            "default" => return Ds::Unknown,
            _ => {}
        }
        let var = s
            .strip_prefix("${")
            .and_then(|r| r.strip_suffix('}'))
            .map(|r| r.split(':').next().unwrap_or(r))
            .or_else(|| s.strip_prefix('$'));
        if let Some(name) = var {
            if let Some(t) = self.ds_vars.get(name) {
                return kind_from_type(t).map_or_else(|| Ds::Unsupported(t.clone()), Ds::Kind);
            }
            return kind_from_type(name).map_or(Ds::Unknown, Ds::Kind);
        }
        kind_from_type(s).map_or(Ds::Unknown, Ds::Kind)
    }

    /// The datasource a reference names, as a query's `source`: `$name` of a datasource variable, a
    /// concrete uid or name (mapped onto the configured datasources after import:
    /// `datasource::sources::map_imported`), or empty for the default (nothing said, `default`, mixed, an
    /// `__inputs` placeholder).
    fn source_ref(&self, v: Option<&Value>) -> String {
        let raw = match v {
            Some(Value::String(s)) => s.trim(),
            Some(Value::Object(o)) => str_of(o.get("uid")).unwrap_or("").trim(),
            _ => "",
        };
        if raw.is_empty() || matches!(raw, "default" | "-- Mixed --" | "-- Grafana --" | "-- Dashboard --" | "grafana") {
            return String::new();
        }
        // `prometheus`, `loki`, `tempo`…: the conventional uid of the one datasource of a kind, the default.
        if crate::datasource::sources::SourceKind::from_id(raw).is_some() {
            return String::new();
        }
        let var = raw.strip_prefix("${").and_then(|r| r.strip_suffix('}')).map(|r| r.split(':').next().unwrap_or(r)).or_else(|| raw.strip_prefix('$'));
        match var {
            Some(name) if self.ds_variables.contains(name) => format!("${name}"),
            Some(_) => String::new(),
            None => clip(raw, 120),
        }
    }

    fn ds(&self, v: Option<&Value>) -> Ds {
        match v {
            None | Some(Value::Null) => Ds::Unknown,
            Some(Value::String(s)) => self.ds_name(s),
            Some(Value::Object(o)) => {
                let uid = str_of(o.get("uid")).unwrap_or("");
                match str_of(o.get("type")) {
                    Some("datasource") => self.ds_name(if uid == "grafana" { "-- Grafana --" } else { uid }),
                    Some(t) if !t.is_empty() && !t.starts_with('$') => {
                        kind_from_type(t).map_or_else(|| Ds::Unsupported(t.to_string()), Ds::Kind)
                    }
                    Some(t) if t.starts_with('$') => self.ds_name(t),
                    _ => self.ds_name(uid),
                }
            }
            Some(_) => Ds::Unknown,
        }
    }

    // ----- variables -----

    fn variables(&mut self, dash: &Map<String, Value>) -> Vec<Variable> {
        let mut out: Vec<Variable> = Vec::new();
        for v in arr_of(dash.get("templating").and_then(|t| t.get("list"))) {
            if out.len() >= MAX_VARIABLES {
                self.notes.push(format!("Only the first {MAX_VARIABLES} variables were imported."));
                break;
            }
            if let Some(var) = self.variable(v) {
                if out.iter().any(|o| o.name == var.name) {
                    self.notes.push(format!("Variable \"{}\" appears twice; the second was skipped.", var.name));
                } else {
                    out.push(var);
                }
            }
        }
        out
    }

    fn variable(&mut self, v: &Value) -> Option<Variable> {
        let name = str_of(v.get("name")).unwrap_or("").to_string();
        let ty = str_of(v.get("type")).unwrap_or("");
        let shown = clip(&name, 60);
        if let Err(e) = check_variable_name(&name) {
            self.notes.push(format!("Variable \"{shown}\" was skipped: its name {e}."));
            return None;
        }
        let query_text = match v.get("query") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(o)) => match str_of(o.get("query")).filter(|q| !q.trim().is_empty()) {
                Some(q) => q.to_string(),
                None => loki_variable_query(o),
            },
            _ => String::new(),
        };
        let query_text = if query_text.trim().is_empty() {
            str_of(v.get("definition")).unwrap_or("").to_string()
        } else {
            query_text
        };
        let options: Vec<String> = arr_of(v.get("options"))
            .iter()
            .filter_map(|o| str_of(o.get("value")))
            .filter(|s| *s != super::variables::ALL_VALUE)
            .take(MAX_VALUES)
            .map(|s| clip(s, 1000))
            .collect();
        let kind = match ty {
            "query" => {
                let datasource = match self.ds(v.get("datasource")) {
                    Ds::Kind(k) => k,
                    Ds::Unknown | Ds::Mixed => DatasourceKind::Prometheus,
                    Ds::Unsupported(t) => {
                        self.notes.push(format!("Variable \"{shown}\" was skipped: its data source ({}) is not supported.", clip(&t, 40)));
                        return None;
                    }
                };
                if query_text.trim().is_empty() {
                    self.notes.push(format!("Variable \"{shown}\" was skipped: its query is empty or not in a form Trifocal reads."));
                    return None;
                }
                VariableKind::Query {
                    datasource,
                    query: clip(query_text.trim(), 65_000),
                    regex: str_of(v.get("regex")).map(|r| clip(r, 1000)).unwrap_or_default(),
                }
            }
            "custom" => {
                let values = if options.is_empty() { split_custom(&query_text) } else { options };
                VariableKind::Custom { values }
            }
            "interval" => {
                let list = if query_text.trim().is_empty() { options } else { split_custom(&query_text) };
                let (ok, bad): (Vec<String>, Vec<String>) =
                    list.into_iter().partition(|s| parse_duration(s).is_some_and(|ms| ms > 0));
                if !bad.is_empty() {
                    self.notes.push(format!("Variable \"{shown}\": interval values {} were dropped (not durations).", bad.join(", ")));
                }
                VariableKind::Interval { values: ok, auto: self.auto_interval(v, &shown) }
            }
            "constant" => VariableKind::Constant { value: clip(&query_text, 65_000) },
            "textbox" => {
                let cur = current_values(v.get("current"));
                let value = if query_text.is_empty() { cur.into_iter().next().unwrap_or_default() } else { query_text };
                VariableKind::TextBox { value: clip(&value, 65_000) }
            }
            "datasource" => match kind_from_type(&query_text) {
                Some(datasource) => VariableKind::Datasource { datasource, regex: clip(str_of(v.get("regex")).unwrap_or("").trim(), 200) },
                None => {
                    self.notes.push(format!("Variable \"{shown}\" selects {} data sources, which Trifocal cannot query; it was not imported.", clip(&query_text, 40)));
                    return None;
                }
            },
            other => {
                self.notes.push(format!("Variable \"{shown}\" was skipped: type \"{}\" is not supported.", clip(other, 40)));
                return None;
            }
        };
        let mut current = current_values(v.get("current"));
        if matches!(kind, VariableKind::Interval { auto: Some(_), .. }) {
            // Grafana keeps the auto option's value as `$__auto_interval_<name>` (older: `$__auto_interval`).
            for c in current.iter_mut().filter(|c| c.starts_with("$__auto_interval")) {
                *c = super::variables::AUTO_VALUE.to_string();
            }
        }
        if let VariableKind::Interval { .. } | VariableKind::Custom { .. } = &kind {
            let options = kind.static_options();
            current.retain(|c| options.contains(c) || c == super::variables::ALL_VALUE);
        }
        let multi = v.get("multi").and_then(Value::as_bool).unwrap_or(false);
        if !multi && current.len() > 1 {
            current.truncate(1);
        }
        let include_all = v.get("includeAll").and_then(Value::as_bool).unwrap_or(false);
        if !include_all {
            current.retain(|c| c != super::variables::ALL_VALUE);
        }
        Some(Variable {
            name,
            label: str_of(v.get("label")).map(|l| clip(l, 500)).unwrap_or_default(),
            kind,
            current,
            multi,
            include_all,
            all_value: str_of(v.get("allValue")).filter(|s| !s.is_empty()).map(|s| clip(s, 65_000)),
            hidden: u32_of(v.get("hide")) == Some(2),
        })
    }

    // ----- panels -----

    /// An interval variable's "Auto" option (`auto`, `auto_count`, `auto_min`), `None` when off; a count or
    /// minimum Trifocal cannot read is replaced by Grafana's default, with a notice.
    fn auto_interval(&mut self, v: &Value, shown: &str) -> Option<AutoInterval> {
        if v.get("auto").and_then(Value::as_bool) != Some(true) {
            return None;
        }
        let mut auto = AutoInterval::default();
        // A count is a number, or in older files a numeric string.
        match v.get("auto_count").and_then(|c| c.as_u64().or_else(|| c.as_str().and_then(|s| s.trim().parse().ok()))) {
            Some(n) if (1..=super::validate::MAX_AUTO_COUNT).contains(&n) => auto.count = u32::try_from(n).unwrap_or(auto.count),
            None if v.get("auto_count").is_none_or(Value::is_null) => {}
            _ => self.notes.push(format!("Variable \"{shown}\": the Auto option's step count was not understood; {} is used.", auto.count)),
        }
        match str_of(v.get("auto_min")).map(str::trim) {
            Some(m) if parse_duration(m).is_some_and(|ms| ms >= 0) => auto.min = clip(m, 30),
            None | Some("") => {}
            Some(m) => self.notes.push(format!("Variable \"{shown}\": the Auto option's minimum \"{}\" is not a duration; {} is used.", clip(m, 30), auto.min)),
        }
        Some(auto)
    }

    fn panels(&mut self, dash: &Map<String, Value>) -> Vec<Panel> {
        let raw: Vec<Value> = match dash.get("panels").and_then(Value::as_array) {
            Some(p) if !p.is_empty() => p.clone(),
            _ => {
                let rows = arr_of(dash.get("rows"));
                if rows.is_empty() {
                    Vec::new()
                } else {
                    legacy_rows_to_panels(rows)
                }
            }
        };
        let mut out: Vec<Panel> = Vec::new();
        let mut count = 0usize;
        let mut copies = 0usize;
        for p in &raw {
            // Copies Grafana saved of a repeated panel or row (and a copied row's panels) are drawn again by
            // the repeat, as Grafana does on load.
            if repeat_copy(p) {
                copies += 1 + if str_of(p.get("type")) == Some("row") { arr_of(p.get("panels")).len() } else { 0 };
                continue;
            }
            if count >= MAX_PANELS {
                self.notes.push(format!("Only the first {MAX_PANELS} panels were imported."));
                break;
            }
            let is_row = str_of(p.get("type")) == Some("row");
            if is_row {
                let Some(mut row) = self.panel(p) else { continue };
                let collapsed = row.collapsed;
                let mut kids = Vec::new();
                for c in arr_of(p.get("panels")) {
                    if count.saturating_add(1).saturating_add(kids.len()) >= MAX_PANELS {
                        break;
                    }
                    if repeat_copy(c) {
                        copies += 1;
                        continue;
                    }
                    if str_of(c.get("type")) == Some("row") {
                        self.skip(c, "a row inside a row is not supported");
                        continue;
                    }
                    if let Some(k) = self.panel(c) {
                        kids.push(k);
                    }
                }
                count = count.saturating_add(1 + kids.len());
                if collapsed {
                    row.panels = kids;
                    out.push(row);
                } else {
                    out.push(row);
                    out.extend(kids);
                }
            } else if let Some(panel) = self.panel(p) {
                count += 1;
                out.push(panel);
            }
        }
        if copies > 0 {
            self.notes.push(format!(
                "{copies} repeated copies of panels and rows saved in the file (Grafana's `repeatPanelId`, `repeatedByRow`) were left out: their repeats draw them again, once per value."
            ));
        }
        fix_ids(&mut out);
        out
    }

    fn skip(&mut self, p: &Value, why: &str) {
        let title = panel_title(p);
        let id = u32_of(p.get("id")).map(|i| format!(" (id {i})")).unwrap_or_default();
        self.notes.push(format!("Panel \"{title}\"{id} was skipped: {why}."));
        self.skipped.push(title);
    }

    /// A panel Trifocal cannot show keeps its place and title as a text panel that says why, with the
    /// queries it held (so nothing is lost silently); it is also named in the notices and `skipped`.
    fn placeholder(&mut self, p: &Value, why: &str) -> Panel {
        let title = panel_title(p);
        let id = u32_of(p.get("id")).map(|i| format!(" (id {i})")).unwrap_or_default();
        self.notes.push(format!("Panel \"{title}\"{id} is shown as a placeholder: {why}."));
        self.skipped.push(title.clone());
        let queries: Vec<String> = arr_of(p.get("targets"))
            .iter()
            .filter_map(|t| str_of(t.get("expr")).or_else(|| str_of(t.get("query"))).or_else(|| str_of(t.get("rawSql"))))
            .filter(|q| !q.trim().is_empty())
            .take(10)
            .map(|q| clip(q, 2000))
            .collect();
        let mut content = format!("**Not shown in Trifocal:** {why}.");
        if !queries.is_empty() {
            content.push_str("\n\nIts queries in Grafana:\n\n```\n");
            content.push_str(&queries.join("\n"));
            content.push_str("\n```");
        }
        Panel {
            id: u32_of(p.get("id")).unwrap_or(0),
            title,
            description: str_of(p.get("description")).map(|d| clip(d, 100_000)).unwrap_or_default(),
            kind: PanelKind::Text,
            grid_pos: grid_pos(p.get("gridPos"), PanelKind::Text),
            options: PanelOptions { content, ..PanelOptions::default() },
            // Repeated as in Grafana, so the dashboard keeps its shape.
            repeat: repeat_of(p),
            ..Panel::default()
        }
    }

    fn panel(&mut self, p: &Value) -> Option<Panel> {
        if !p.is_object() {
            self.notes.push("A panel that is not a JSON object was skipped.".into());
            return None;
        }
        let ty = str_of(p.get("type")).unwrap_or("");
        // A Tempo service-map query draws the service graph whatever the panel type (Grafana's Explore and
        // node graph panels); it reads Prometheus' service-graph metrics, so does Trifocal's.
        let service_map = ty != "row" && arr_of(p.get("targets")).iter().any(|t| str_of(t.get("queryType")) == Some("serviceMap"));
        let kind = match ty {
            _ if service_map => PanelKind::NodeGraph,
            "alertlist" => PanelKind::AlertList,
            "nodeGraph" => PanelKind::NodeGraph,
            "row" => PanelKind::Row,
            "graph" | "timeseries" => PanelKind::TimeSeries,
            "singlestat" | "stat" | "gauge" | "bargauge" => PanelKind::Stat,
            "table" | "table-old" => PanelKind::Table,
            "heatmap" => PanelKind::Heatmap,
            "logs" => PanelKind::Logs,
            "traces" => PanelKind::Traces,
            "text" => PanelKind::Text,
            "" if p.get("libraryPanel").is_some() => {
                return Some(self.placeholder(p, "library panels are stored in Grafana, not in the dashboard JSON"));
            }
            other => {
                return Some(self.placeholder(p, &format!("panel type \"{}\" is not supported", clip(other, 40))));
            }
        };
        let title = panel_title(p);
        let grid_pos = grid_pos(p.get("gridPos"), kind);
        let panel_ds = self.ds(p.get("datasource"));
        let panel_source = self.source_ref(p.get("datasource"));
        let mut queries = Vec::new();
        let mut refs: HashSet<String> = HashSet::new();
        let targets = arr_of(p.get("targets"));
        let mut unsupported: Vec<String> = Vec::new();
        if kind.has_queries() {
            for (i, t) in targets.iter().enumerate() {
                if queries.len() >= MAX_QUERIES {
                    self.notes.push(format!("Panel \"{title}\": only the first {MAX_QUERIES} queries were imported."));
                    break;
                }
                match self.query(t, &panel_ds, kind, i, &mut refs) {
                    Ok(Some(mut q)) => {
                        let own = self.source_ref(t.get("datasource"));
                        q.source = if own.is_empty() { panel_source.clone() } else { own };
                        queries.push(q);
                    }
                    Ok(None) => {}
                    Err(why) => unsupported.push(why),
                }
            }
            if queries.is_empty() && !unsupported.is_empty() {
                return Some(self.placeholder(p, &unsupported.join("; ")));
            }
            for why in unsupported {
                self.notes.push(format!("Panel \"{title}\": a query was skipped ({why})."));
            }
        }
        // A row's copies go one below the other, whatever it says.
        let repeat = repeat_of(p).map(|r| if kind == PanelKind::Row { Repeat { direction: RepeatDirection::Vertical, max_per_row: 1, ..r } } else { r });
        if !arr_of(p.get("transformations")).is_empty() {
            self.notes.push(format!("Panel \"{title}\": Grafana transformations were not imported."));
        }
        let mut options = self.kind_options(p, kind, &title);
        let field_config = p.get("fieldConfig");
        options.mappings = self.mappings(field_config.and_then(|f| f.get("defaults")).and_then(|d| d.get("mappings")), &title);
        if !options.mappings.is_empty() && !matches!(kind, PanelKind::Stat | PanelKind::Table | PanelKind::TimeSeries | PanelKind::Heatmap) {
            self.notes.push(format!(
                "Panel \"{title}\": its {} value mapping(s) are kept but shown only in stat, table, time-series and heatmap panels, not in a {} panel.",
                options.mappings.len(),
                kind.label().to_lowercase()
            ));
        }
        options.overrides = self.overrides(field_config.and_then(|f| f.get("overrides")), &title, kind);
        let (time_from, time_shift) = self.panel_time(p, kind, &title);
        self.thresholds_style(field_config.and_then(|f| f.get("defaults")), &title, kind, &mut options);
        Some(Panel {
            id: u32_of(p.get("id")).unwrap_or(0),
            title: title.clone(),
            description: str_of(p.get("description")).map(|d| clip(d, 100_000)).unwrap_or_default(),
            kind,
            grid_pos,
            queries,
            options,
            // A row is a heading: its links (rare in Grafana) have nowhere to be drawn.
            links: if kind == PanelKind::Row { Vec::new() } else { self.links(p.get("links"), &format!("Panel \"{title}\"")) },
            collapsed: kind == PanelKind::Row && p.get("collapsed").and_then(Value::as_bool).unwrap_or(false),
            panels: Vec::new(),
            repeat,
            tab: false,
            time_from,
            time_shift,
            hide_time_override: kind.has_queries() && p.get("hideTimeOverride").and_then(Value::as_bool).unwrap_or(false),
        })
    }

    /// A panel's `timeFrom` and `timeShift` (its own relative time and shift), each kept when Trifocal reads it.
    fn panel_time(&mut self, p: &Value, kind: PanelKind, title: &str) -> (Option<String>, Option<String>) {
        use super::panel_time::{check_time_from, check_time_shift};
        let mut read = |key: &str, what: &str, check: fn(&str) -> Result<(), String>| {
            let v = str_of(p.get(key)).map(str::trim).filter(|v| !v.is_empty())?;
            if !kind.has_queries() {
                return None;
            }
            match check(v) {
                Ok(()) => Some(clip(v, 64)),
                Err(e) => {
                    self.notes.push(format!("Panel \"{title}\": its {what} was not imported ({e}); it follows the dashboard's range."));
                    None
                }
            }
        };
        (read("timeFrom", "relative time", check_time_from), read("timeShift", "time shift", check_time_shift))
    }

    /// Grafana's value mappings (`fieldConfig.defaults.mappings`: value, range, regex and special, and the
    /// Grafana 6 form `{type: 1|2, value | from, to, text}`), in Grafana's order (`index` within a value
    /// mapping). What cannot be read is named in a notice.
    fn mappings(&mut self, v: Option<&Value>, title: &str) -> Vec<ValueMapping> {
        let mut out = Vec::new();
        let mut bad = 0usize;
        let result = |r: Option<&Value>| {
            let text = str_of(r.and_then(|r| r.get("text"))).map(|t| clip(t, 200)).unwrap_or_default();
            let color = str_of(r.and_then(|r| r.get("color"))).filter(|c| !c.is_empty()).map(|c| clip(c, 64));
            (text, color)
        };
        let blank = |kind| ValueMapping { kind, value: String::new(), from: None, to: None, text: String::new(), color: None };
        for m in arr_of(v).iter().take(200) {
            let opts = m.get("options");
            match (m.get("type"), opts) {
                (Some(Value::String(t)), Some(o)) if t == "value" => {
                    let Some(map) = o.as_object() else {
                        bad += 1;
                        continue;
                    };
                    let mut entries: Vec<(u64, &String, &Value)> =
                        map.iter().enumerate().map(|(i, (k, r))| (r.get("index").and_then(Value::as_u64).unwrap_or(i as u64), k, r)).collect();
                    crate::sort::by_key(&mut entries, |e| e.0);
                    for (_, k, r) in entries {
                        let (text, color) = result(Some(r));
                        out.push(ValueMapping { value: clip(k, 200), text, color, ..blank(MappingKind::Value) });
                    }
                }
                (Some(Value::String(t)), Some(o)) if t == "range" => {
                    let (from, to) = (num_of(o.get("from")), num_of(o.get("to")));
                    if from.is_none() && to.is_none() || from.zip(to).is_some_and(|(a, b)| a > b) {
                        bad += 1;
                        continue;
                    }
                    let (text, color) = result(o.get("result"));
                    out.push(ValueMapping { from, to, text, color, ..blank(MappingKind::Range) });
                }
                (Some(Value::String(t)), Some(o)) if t == "regex" => match str_of(o.get("pattern")).filter(|p| !p.is_empty()) {
                    Some(pattern) => {
                        let (text, color) = result(o.get("result"));
                        out.push(ValueMapping { value: clip(pattern, 200), text, color, ..blank(MappingKind::Regex) });
                    }
                    None => bad += 1,
                },
                (Some(Value::String(t)), Some(o)) if t == "special" => match str_of(o.get("match")).filter(|s| SPECIAL_VALUES.contains(s)) {
                    Some(special) => {
                        let (text, color) = result(o.get("result"));
                        out.push(ValueMapping { value: special.to_string(), text, color, ..blank(MappingKind::Special) });
                    }
                    None => bad += 1,
                },
                // Grafana 6: type 1 = value ("null" the special value), type 2 = range, text only.
                (Some(Value::Number(n)), _) if n.as_u64() == Some(1) => {
                    let value = str_of(m.get("value")).map(str::trim).unwrap_or("");
                    let (text, _) = result(Some(m));
                    match value {
                        "" => bad += 1,
                        "null" => out.push(ValueMapping { value: "null".into(), text, ..blank(MappingKind::Special) }),
                        v => out.push(ValueMapping { value: clip(v, 200), text, ..blank(MappingKind::Value) }),
                    }
                }
                (Some(Value::Number(n)), _) if n.as_u64() == Some(2) => {
                    let num = |k: &str| m.get(k).and_then(|x| x.as_f64().or_else(|| x.as_str().and_then(|s| s.trim().parse().ok())));
                    let (from, to) = (num("from"), num("to"));
                    if from.is_none() && to.is_none() || from.zip(to).is_some_and(|(a, b)| a > b) {
                        bad += 1;
                        continue;
                    }
                    let (text, _) = result(Some(m));
                    out.push(ValueMapping { from, to, text, ..blank(MappingKind::Range) });
                }
                _ => bad += 1,
            }
        }
        if bad > 0 {
            self.notes.push(format!("Panel \"{title}\": {bad} value mapping(s) could not be read and were not imported."));
        }
        out
    }

    /// Field overrides by name (`byName`) or regex (`byRegexp`) setting the display name, unit, decimals or
    /// a fixed colour become [`FieldOverride`]s; every other matcher and property is named in a notice, as
    /// are kept overrides on a panel kind that does not apply them (all but stat, time series and heatmap,
    /// which applies all but the colour).
    fn overrides(&mut self, v: Option<&Value>, title: &str, kind: PanelKind) -> Vec<FieldOverride> {
        let mut out = Vec::new();
        let mut left: Vec<String> = Vec::new();
        for o in arr_of(v).iter().take(200) {
            let matcher = o.get("matcher");
            let id = str_of(matcher.and_then(|m| m.get("id"))).unwrap_or("?");
            let arg = str_of(matcher.and_then(|m| m.get("options"))).unwrap_or("");
            let mut f = match id {
                "byName" if !arg.is_empty() => FieldOverride { name: clip(arg, 200), ..FieldOverride::default() },
                "byFrameRefID" if !arg.is_empty() => FieldOverride { ref_id: clip(arg, 32), ..FieldOverride::default() },
                "byType" if !arg.is_empty() => FieldOverride { field_type: clip(arg, 32), ..FieldOverride::default() },
                // `{mode: include|exclude, names: [...]}`: Grafana's legend click saves mode exclude.
                "byNames" if !names_of(matcher).is_empty() => {
                    let opts = matcher.and_then(|m| m.get("options"));
                    let names_exclude = str_of(opts.and_then(|o| o.get("mode"))) == Some("exclude");
                    FieldOverride { names: names_of(matcher), names_exclude, ..FieldOverride::default() }
                }
                "byRegexp" if !arg.is_empty() => {
                    // Grafana writes `/pattern/` or the bare pattern.
                    let bare = arg.strip_prefix('/').and_then(|a| a.strip_suffix('/')).unwrap_or(arg);
                    FieldOverride { regex: clip(bare, 200), ..FieldOverride::default() }
                }
                _ => {
                    left.push(format!("{} {}", clip(id, 40), clip(arg, 60)).trim().to_string());
                    continue;
                }
            };
            let mut unapplied = Vec::new();
            for pr in arr_of(o.get("properties")) {
                let pid = str_of(pr.get("id")).unwrap_or("?");
                let val = pr.get("value");
                match pid {
                    "displayName" if str_of(val).is_some() => f.display_name = str_of(val).map(|t| clip(t, 200)),
                    "unit" if str_of(val).is_some() => f.unit = str_of(val).filter(|u| !u.is_empty()).map(|u| clip(u, 64)),
                    "decimals" if u32_of(val).is_some() => f.decimals = u32_of(val).map(|d| d.min(20) as u8),
                    "color" if str_of(val.and_then(|c| c.get("fixedColor"))).is_some() => {
                        f.color = str_of(val.and_then(|c| c.get("fixedColor"))).map(|c| clip(c, 64));
                    }
                    "custom.hideFrom" if hide_from_of(val).is_some() => f.hide_from = hide_from_of(val),
                    "custom.axisPlacement" if placement_of(val).is_some() => f.axis_placement = placement_of(val),
                    k if k.strip_prefix("custom.").is_some_and(|k| set_grafana_style(&mut f.draw, k, val)) => {}
                    other => unapplied.push(clip(other, 40)),
                }
            }
            let what = match (&f.name, &f.regex, &f.ref_id) {
                _ if !f.names.is_empty() => format!("byNames {}", clip(&f.names.join(", "), 60)),
                (n, _, _) if !n.is_empty() => format!("byName {n}"),
                (_, r, _) if !r.is_empty() => format!("byRegexp {r}"),
                (_, _, q) if !q.is_empty() => format!("byFrameRefID {q}"),
                _ => format!("byType {}", f.field_type),
            };
            if !unapplied.is_empty() {
                unapplied.sort();
                unapplied.dedup();
                left.push(format!("{what}: {}", unapplied.join(", ")));
            }
            if f.sets_something() {
                out.push(f);
            }
        }
        if !left.is_empty() {
            let shown: Vec<String> = left.iter().take(6).cloned().collect();
            let more = if left.len() > shown.len() { format!("; and {} more", left.len() - shown.len()) } else { String::new() };
            self.notes.push(format!("Panel \"{title}\": field overrides not applied: {}{more}.", shown.join("; ")));
        }
        if kind == PanelKind::Heatmap {
            // A heatmap's counts take the name, unit and decimals; its cells are coloured by count.
            let coloured = out.iter().filter(|f| f.color.is_some()).count();
            if coloured > 0 {
                self.notes.push(format!(
                    "Panel \"{title}\": {coloured} field override(s) setting a fixed colour are kept but applied only in stat and time-series panels (a heatmap colours its cells by count)."
                ));
            }
        } else if !out.is_empty() && !matches!(kind, PanelKind::Stat | PanelKind::TimeSeries) {
            self.notes.push(format!(
                "Panel \"{title}\": {} field override(s) (display name, unit, decimals, colour) are kept but applied only in stat, time-series and heatmap panels.",
                out.len()
            ));
        }
        let series_only = out.iter().filter(|f| f.hide_from.is_some() || f.axis_placement.is_some() || !f.draw.is_empty()).count();
        if series_only > 0 && kind != PanelKind::TimeSeries {
            self.notes.push(format!(
                "Panel \"{title}\": {series_only} field override(s) hiding a series, placing its axis or setting how it is drawn are kept but applied only in time-series panels."
            ));
        }
        out
    }

    /// Grafana's thresholds mode (`thresholds.mode`: absolute or percentage) and, for time series, how they
    /// are drawn (`custom.thresholdsStyle.mode`); percentages outside time series and stats are named in a notice.
    fn thresholds_style(&mut self, defaults: Option<&Value>, title: &str, kind: PanelKind, options: &mut PanelOptions) {
        let percent = str_of(defaults.and_then(|d| d.get("thresholds")).and_then(|t| t.get("mode"))) == Some("percentage");
        options.thresholds_percent = percent && !options.thresholds.is_empty();
        if options.thresholds_percent && !matches!(kind, PanelKind::TimeSeries | PanelKind::Stat) {
            self.notes.push(format!("Panel \"{title}\": its thresholds are percentages; a {} panel reads them as absolute values.", kind.label().to_lowercase()));
        }
        if kind != PanelKind::TimeSeries {
            return;
        }
        let mode = str_of(defaults.and_then(|d| d.get("custom")).and_then(|c| c.get("thresholdsStyle")).and_then(|t| t.get("mode")));
        options.thresholds_style = match mode {
            None => ThresholdsStyle::Off,
            Some(m) => ThresholdsStyle::from_id(m).unwrap_or_else(|| {
                self.notes.push(format!("Panel \"{title}\": thresholds style \"{}\" is not drawn.", clip(m, 40)));
                ThresholdsStyle::Off
            }),
        };
    }

    /// One target → query; `Ok(None)` when the target is empty, `Err(why)` when it cannot be imported.
    fn query(
        &mut self,
        t: &Value,
        panel_ds: &Ds,
        kind: PanelKind,
        i: usize,
        refs: &mut HashSet<String>,
    ) -> Result<Option<PanelQuery>, String> {
        let ds = match self.ds(t.get("datasource")) {
            Ds::Unknown | Ds::Mixed => panel_ds.clone(),
            other => other,
        };
        let datasource = match ds {
            Ds::Kind(k) => k,
            Ds::Unknown | Ds::Mixed => {
                // Decide from the query's shape, then the panel kind.
                if t.get("query").is_some() && t.get("expr").is_none() {
                    DatasourceKind::Tempo
                } else {
                    kind.default_datasource()
                }
            }
            Ds::Unsupported(name) => return Err(format!("data source {} is not supported", clip(&name, 40))),
        };
        let expr = match datasource {
            DatasourceKind::Tempo => {
                let qt = str_of(t.get("queryType")).unwrap_or("traceql");
                if qt == "search" && t.get("service").is_some() {
                    // Grafana's Jaeger search: service, operation, tags, durations → Jaeger search terms.
                    jaeger_terms(t)
                } else if !matches!(qt, "traceql" | "traceqlSearch" | "") {
                    return Err(format!("Tempo query type \"{}\" is not supported (only TraceQL)", clip(qt, 40)));
                } else {
                    str_of(t.get("query")).or_else(|| str_of(t.get("expr"))).unwrap_or("").to_string()
                }
            }
            _ => str_of(t.get("expr")).unwrap_or("").to_string(),
        };
        if expr.trim().is_empty() {
            return Ok(None);
        }
        let mut ref_id = str_of(t.get("refId")).map(|r| clip(r.trim(), 30)).unwrap_or_default();
        if ref_id.is_empty() || refs.contains(&ref_id) {
            ref_id = fresh_ref(i, refs);
        }
        refs.insert(ref_id.clone());
        let legend = str_of(t.get("legendFormat")).filter(|l| *l != "__auto").map(|l| clip(l, 500)).unwrap_or_default();
        let format_table = str_of(t.get("format")) == Some("table");
        let range = t.get("range").and_then(Value::as_bool);
        let instant = (t.get("instant").and_then(Value::as_bool) == Some(true) && range != Some(true))
            || (format_table && kind == PanelKind::Table && range != Some(true));
        let min_interval = str_of(t.get("interval")).map(str::trim).filter(|s| !s.is_empty()).map(|s| clip(s, 30));
        let interval_factor = u32_of(t.get("intervalFactor")).unwrap_or(1).clamp(1, 100);
        let limit = u32_of(t.get("maxLines")).or_else(|| u32_of(t.get("limit"))).filter(|n| *n >= 1).map(|n| n.min(100_000));
        Ok(Some(PanelQuery {
            ref_id,
            datasource,
            source: String::new(),
            expr: clip(&expr, 65_000),
            legend,
            instant,
            hidden: t.get("hide").and_then(Value::as_bool).unwrap_or(false),
            min_interval,
            interval_factor,
            limit,
        }))
    }

    /// The display options, and the alert list's or node graph's own.
    fn kind_options(&mut self, p: &Value, kind: PanelKind, title: &str) -> PanelOptions {
        let mut o = options(p, kind);
        match kind {
            PanelKind::AlertList => o.alert_list = Some(self.alert_list(p, title)),
            PanelKind::NodeGraph => {
                let targets = arr_of(p.get("targets"));
                let qt = |want: &str| targets.iter().any(|t| str_of(t.get("queryType")) == Some(want));
                // Tempo's service map reads the metrics; Jaeger's dependency graph its dependencies.
                let source = if qt("serviceMap") {
                    MapSource::Metrics
                } else if qt("dependencyGraph") {
                    MapSource::Traces
                } else {
                    MapSource::Both
                };
                if targets.iter().any(|t| str_of(t.get("serviceMapQuery")).is_some_and(|q| !q.trim().is_empty())) {
                    self.notes.push(format!("Panel \"{title}\": the service map's filter (serviceMapQuery) was not imported; all services are drawn."));
                }
                o.node_graph = Some(NodeGraphOptions { source });
            }
            _ => {}
        }
        o
    }

    /// Grafana's `alertlist` options (Grafana 8+: `options.stateFilter` as an object, `maxItems`,
    /// `sortOrder`, `alertName`, `alertInstanceLabelFilter`, `groupMode`/`groupBy`; before: `stateFilter` as
    /// a list of `alerting`/`pending`/`ok`…, `limit`).
    fn alert_list(&mut self, p: &Value, title: &str) -> AlertListOptions {
        use crate::telemetry::alerts::AlertState;
        let o = p.get("options");
        let opt = |k: &str| o.and_then(|o| o.get(k)).or_else(|| p.get(k));
        let mut states = Vec::new();
        let mut add = |s: AlertState| {
            if !states.contains(&s) {
                states.push(s);
            }
        };
        match opt("stateFilter") {
            Some(Value::Object(m)) => {
                for (k, v) in m {
                    if v.as_bool() != Some(true) {
                        continue;
                    }
                    match k.as_str() {
                        "firing" | "alerting" => add(AlertState::Firing),
                        "pending" => add(AlertState::Pending),
                        "normal" | "inactive" | "ok" => add(AlertState::Inactive),
                        _ => {}
                    }
                }
                if opt("showInactiveAlerts").and_then(Value::as_bool) == Some(true) {
                    add(AlertState::Inactive);
                }
            }
            Some(Value::Array(list)) => {
                for v in list {
                    match v.as_str() {
                        Some("alerting" | "firing") => add(AlertState::Firing),
                        Some("pending") => add(AlertState::Pending),
                        Some("ok" | "normal" | "inactive") => add(AlertState::Inactive),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        states.sort();
        let sort = match u32_of(opt("sortOrder")) {
            Some(1) => AlertSort::AlphaAsc,
            Some(2) => AlertSort::AlphaDesc,
            Some(4) => AlertSort::TimeAsc,
            Some(5) => AlertSort::TimeDesc,
            _ => AlertSort::Importance,
        };
        let custom = str_of(opt("groupMode")) != Some("default");
        let group_by: Vec<String> = if custom {
            arr_of(opt("groupBy")).iter().filter_map(|g| str_of(Some(g))).map(str::trim).filter(|g| !g.is_empty()).take(20).map(|g| clip(g, 200)).collect()
        } else {
            Vec::new()
        };
        if opt("dashboardAlerts").and_then(Value::as_bool) == Some(true) {
            self.notes.push(format!("Panel \"{title}\": Grafana's \"alerts from this dashboard only\" has no meaning here; all of Prometheus' alerting rules are listed."));
        }
        AlertListOptions {
            states,
            max_items: u32_of(opt("maxItems")).or_else(|| u32_of(p.get("limit"))).unwrap_or(10).clamp(1, MAX_ALERT_ITEMS),
            sort,
            group_by,
            name: str_of(opt("alertName")).map(|n| clip(n.trim(), 200)).unwrap_or_default(),
            labels: str_of(opt("alertInstanceLabelFilter")).map(|n| clip(n.trim(), 10_000)).unwrap_or_default(),
        }
    }

    /// Grafana's annotation queries: the Prometheus ones (`expr`, `step`, `titleFormat`, `textFormat`,
    /// `tagKeys`, `iconColor`, `enable`) are kept; Grafana's built-in one is Grafana's own store and is
    /// dropped quietly; the others are named in a notice.
    fn annotations(&mut self, dash: &Map<String, Value>) -> Vec<Annotation> {
        let mut out = Vec::new();
        let mut dropped = 0;
        for a in arr_of(dash.get("annotations").and_then(|a| a.get("list"))) {
            if u32_of(a.get("builtIn")) == Some(1) {
                continue;
            }
            // Grafana 8 and earlier keep `expr` and `step` on the annotation; later versions under `target`
            // (`expr`, `interval`).
            let target = a.get("target");
            let expr = str_of(a.get("expr")).or_else(|| str_of(target.and_then(|t| t.get("expr")))).map(str::trim).unwrap_or("");
            let prometheus = matches!(self.ds(a.get("datasource")), Ds::Kind(DatasourceKind::Prometheus) | Ds::Unknown);
            if !prometheus || expr.is_empty() || out.len() >= MAX_ANNOTATIONS {
                dropped += 1;
                continue;
            }
            let step = str_of(a.get("step")).or_else(|| str_of(target.and_then(|t| t.get("interval")))).map(str::trim).filter(|s| !s.is_empty() && (s.starts_with('$') || parse_duration(s).is_some()));
            out.push(Annotation {
                name: str_of(a.get("name")).map(|n| clip(n, 200)).unwrap_or_default(),
                enabled: a.get("enable").and_then(Value::as_bool).unwrap_or(true),
                source: self.source_ref(a.get("datasource")),
                expr: clip(expr, 65_000),
                step: step.map(|s| clip(s, 32)),
                title_format: str_of(a.get("titleFormat")).map(|t| clip(t, 1000)).unwrap_or_default(),
                text_format: str_of(a.get("textFormat")).map(|t| clip(t, 100_000)).unwrap_or_default(),
                tag_keys: str_of(a.get("tagKeys")).unwrap_or("").split(',').map(str::trim).filter(|k| !k.is_empty()).take(20).map(|k| clip(k, 200)).collect(),
                color: str_of(a.get("iconColor")).map(|c| clip(c, 64)).unwrap_or_default(),
            });
        }
        if dropped > 0 {
            self.notes.push(format!("{dropped} annotation queries were not imported (only Prometheus queries with an expression are)."));
        }
        out
    }

    /// Grafana panel or dashboard links → links: `url` links (with `keepTime` as `${__url_time_range}`);
    /// lists of dashboards by tag and unsafe targets are named in a notice.
    fn links(&mut self, v: Option<&Value>, whose: &str) -> Vec<Link> {
        let mut out = Vec::new();
        for l in arr_of(v) {
            let title = str_of(l.get("title")).map(|t| clip(t.trim(), 500)).unwrap_or_default();
            let url = str_of(l.get("url")).map(str::trim).unwrap_or("");
            if str_of(l.get("type")) == Some("dashboards") {
                self.notes.push(format!("{whose}: the link \"{title}\" lists dashboards by tag; it was not imported."));
                continue;
            }
            match admit_imported(whose, &title, url, out.len()) {
                Admit::Keep => {}
                Admit::Skip(note) => {
                    self.notes.push(note);
                    continue;
                }
                Admit::Stop(note) => {
                    self.notes.push(note);
                    break;
                }
            }
            let mut url = url.to_string();
            if l.get("keepTime").and_then(Value::as_bool) == Some(true) && !url.contains("${__url_time_range}") {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str("${__url_time_range}");
            }
            if l.get("includeVars").and_then(Value::as_bool) == Some(true) {
                self.notes.push(format!("{whose}: the link \"{title}\" does not carry the variables (includeVars)."));
            }
            out.push(Link { title, url, new_tab: l.get("targetBlank").and_then(Value::as_bool).unwrap_or(false) });
        }
        out
    }
}

fn panel_title(p: &Value) -> String {
    let t = str_of(p.get("title")).map(str::trim).unwrap_or("");
    if t.is_empty() {
        "(untitled)".to_string()
    } else {
        clip(t, 500)
    }
}

pub(super) fn fresh_ref(i: usize, refs: &HashSet<String>) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let first = letters.get(i % 26).map(|b| char::from(*b).to_string()).unwrap_or_else(|| "Q".into());
    if !refs.contains(&first) {
        return first;
    }
    (1..)
        .map(|n| format!("Q{n}"))
        .find(|r| !refs.contains(r))
        .unwrap_or_else(|| "Q".into())
}

fn grid_pos(v: Option<&Value>, kind: PanelKind) -> GridPos {
    if kind == PanelKind::Row {
        let y = num_of(v.and_then(|g| g.get("y"))).map_or(0, |y| y.round().clamp(0.0, 1e9) as u32).min(MAX_GRID_Y);
        return GridPos { x: 0, y, w: GRID_COLUMNS, h: 1 };
    }
    // Out-of-range numbers saturate (then clamp below); non-numbers use the defaults.
    let g = |k: &str| num_of(v.and_then(|g| g.get(k))).map(|x| x.round().clamp(0.0, 1e9) as u32);
    let w = g("w").unwrap_or(12).clamp(1, GRID_COLUMNS);
    let x = g("x").unwrap_or(0).min(GRID_COLUMNS - w);
    let h = g("h").unwrap_or(8).clamp(1, 1000);
    let y = g("y").unwrap_or(0).min(MAX_GRID_Y);
    GridPos { x, y, w, h }
}

/// Values of `current.value` (a string or an array).
fn current_values(v: Option<&Value>) -> Vec<String> {
    let val = v.and_then(|c| c.get("value"));
    match val {
        Some(Value::String(s)) if !s.is_empty() => vec![clip(s, 65_000)],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).take(MAX_VALUES).map(|s| clip(s, 65_000)).collect(),
        _ => Vec::new(),
    }
}

/// Grafana custom values: comma separated, `\,` for a literal comma, `key : value` keeps the value.
fn split_custom(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = q.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&',') {
            cur.push(',');
            chars.next();
        } else if c == ',' {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| match s.split_once(" : ") {
            Some((_, v)) => v.trim().to_string(),
            None => s.trim().to_string(),
        })
        .filter(|s| !s.is_empty())
        .take(MAX_VALUES)
        .map(|s| clip(&s, 1000))
        .collect()
}

/// Whether `p` is a copy Grafana saved of a repeated panel (`repeatPanelId`) or row (`repeatPanelId`, or
/// `repeatIteration` / `repeatedRowId` without a `repeat` of its own), or a panel of a copied row
/// (`repeatedByRow`).
fn repeat_copy(p: &Value) -> bool {
    let set = |k: &str| p.get(k).is_some_and(|v| !v.is_null() && v.as_bool() != Some(false) && v.as_str() != Some(""));
    let is_row = str_of(p.get("type")) == Some("row");
    set("repeatPanelId") || set("repeatedByRow") || (is_row && !set("repeat") && (set("repeatIteration") || set("repeatedRowId")))
}

/// Grafana's `custom.hideFrom` (`{legend, tooltip, viz}`); None when it is not an object.
fn hide_from_of(v: Option<&Value>) -> Option<HideFrom> {
    let o = v?.as_object()?;
    let on = |k: &str| o.get(k).and_then(Value::as_bool).unwrap_or(false);
    Some(HideFrom { legend: on("legend"), tooltip: on("tooltip"), viz: on("viz") })
}

/// The names of a `byNames` matcher (`options.names`, text entries only, at most 200).
fn names_of(matcher: Option<&Value>) -> Vec<String> {
    let names = matcher.and_then(|m| m.get("options")).and_then(|o| o.get("names"));
    arr_of(names).iter().filter_map(|n| str_of(Some(n))).filter(|n| !n.is_empty()).take(200).map(|n| clip(n, 200)).collect()
}

/// Grafana's `custom.axisPlacement` (auto, left, right, hidden).
fn placement_of(v: Option<&Value>) -> Option<AxisPlacement> {
    str_of(v).and_then(AxisPlacement::from_id)
}

fn options(p: &Value, kind: PanelKind) -> PanelOptions {
    let mut o = PanelOptions::default();
    let defaults = p.get("fieldConfig").and_then(|f| f.get("defaults"));
    let custom = defaults.and_then(|d| d.get("custom"));
    let yaxis = p.get("yaxes").and_then(|y| y.get(0));
    // Heatmaps keep the unit of their bucket axis under `options.yAxis.unit` (Grafana 9+) or `yAxis.format`
    // (the legacy heatmap); it is the heatmap panel's unit here too.
    let heat_unit = (kind == PanelKind::Heatmap)
        .then(|| {
            str_of(p.get("options").and_then(|o| o.get("yAxis")).and_then(|y| y.get("unit")))
                .or_else(|| str_of(p.get("yAxis").and_then(|y| y.get("format"))))
        })
        .flatten();
    let unit = heat_unit
        .or_else(|| str_of(defaults.and_then(|d| d.get("unit"))))
        .or_else(|| str_of(yaxis.and_then(|y| y.get("format"))))
        .or_else(|| str_of(p.get("format")));
    o.unit = unit.filter(|u| !u.is_empty() && *u != "short" && *u != "none").map(|u| clip(u, 64));
    o.no_value = str_of(defaults.and_then(|d| d.get("noValue"))).filter(|t| !t.is_empty()).map(|t| clip(t, 200));
    o.decimals = u32_of(defaults.and_then(|d| d.get("decimals")))
        .or_else(|| u32_of(p.get("decimals")))
        .or_else(|| u32_of(yaxis.and_then(|y| y.get("decimals"))))
        .map(|d| d.min(20) as u8);
    o.min = num_of(defaults.and_then(|d| d.get("min"))).or_else(|| num_of(yaxis.and_then(|y| y.get("min"))));
    o.max = num_of(defaults.and_then(|d| d.get("max"))).or_else(|| num_of(yaxis.and_then(|y| y.get("max"))));
    if let (Some(a), Some(b)) = (o.min, o.max) {
        if a > b {
            o.min = None;
            o.max = None;
        }
    }
    o.style = match str_of(custom.and_then(|c| c.get("drawStyle"))) {
        Some(s) => SeriesStyle::from_grafana(s).unwrap_or(SeriesStyle::Lines),
        None if p.get("bars").and_then(Value::as_bool) == Some(true) => SeriesStyle::Bars,
        None if p.get("points").and_then(Value::as_bool) == Some(true)
            && p.get("lines").and_then(Value::as_bool) == Some(false) =>
        {
            SeriesStyle::Points
        }
        None => SeriesStyle::Lines,
    };
    o.stacked = matches!(str_of(custom.and_then(|c| c.get("stacking")).and_then(|s| s.get("mode"))), Some("normal" | "percent"))
        || p.get("stack").and_then(Value::as_bool) == Some(true);
    if kind == PanelKind::Heatmap {
        // Grafana's heatmap colour scale ends (`options.color.min`/`max`, null when unset).
        let color = p.get("options").and_then(|o| o.get("color"));
        o.color_min = num_of(color.and_then(|c| c.get("min")));
        o.color_max = num_of(color.and_then(|c| c.get("max")));
        if o.color_min.zip(o.color_max).is_some_and(|(a, b)| a >= b) {
            (o.color_min, o.color_max) = (None, None);
        }
    }
    if kind == PanelKind::TimeSeries {
        o.soft_min = num_of(custom.and_then(|c| c.get("axisSoftMin")));
        o.soft_max = num_of(custom.and_then(|c| c.get("axisSoftMax")));
        o.hide_from = hide_from_of(custom.and_then(|c| c.get("hideFrom"))).unwrap_or_default();
        o.axis_placement = placement_of(custom.and_then(|c| c.get("axisPlacement"))).unwrap_or_default();
        let mut draw = SeriesDraw::default();
        for key in ["transform", "fillOpacity", "lineWidth", "lineStyle", "stacking"] {
            set_grafana_style(&mut draw, key, custom.and_then(|c| c.get(key)));
        }
        // The panel's own stack is `stacked` (group "A"); a group of another name is kept so that the overrides
        // naming it join the panel's series, and others stack apart.
        draw.stacking = draw.stacking.filter(|s| s.group != super::DEFAULT_STACK_GROUP && s.mode != super::StackMode::None);
        o.series_draw = draw.without_defaults();
    }
    o.log_scale = str_of(custom.and_then(|c| c.get("scaleDistribution")).and_then(|s| s.get("type"))) == Some("log")
        || num_of(yaxis.and_then(|y| y.get("logBase"))).is_some_and(|b| b > 1.0);
    let legend = p.get("options").and_then(|o| o.get("legend"));
    o.show_legend = match legend {
        Some(l) => {
            l.get("showLegend").and_then(Value::as_bool).unwrap_or(true) && str_of(l.get("displayMode")) != Some("hidden")
        }
        None => p.get("legend").and_then(|l| l.get("show")).and_then(Value::as_bool).unwrap_or(true),
    };
    if kind == PanelKind::Stat {
        let calc = p
            .get("options")
            .and_then(|o| o.get("reduceOptions"))
            .and_then(|r| r.get("calcs"))
            .and_then(|c| c.get(0))
            .and_then(Value::as_str)
            .or_else(|| str_of(p.get("valueName")));
        o.calc = match calc {
            Some("current") => StatCalc::LastNotNull,
            Some("avg") => StatCalc::Mean,
            Some("total") => StatCalc::Sum,
            Some(c) => StatCalc::from_id(c).unwrap_or_default(),
            None => StatCalc::LastNotNull,
        };
    }
    o.thresholds = arr_of(defaults.and_then(|d| d.get("thresholds")).and_then(|t| t.get("steps")))
        .iter()
        .take(100)
        .filter_map(|s| {
            let color = str_of(s.get("color"))?;
            Some(Threshold { value: num_of(s.get("value")), color: clip(color, 64) })
        })
        .collect();
    o.min_interval = str_of(p.get("interval")).map(str::trim).filter(|s| !s.is_empty()).map(|s| clip(s, 30));
    if kind == PanelKind::Text {
        let content = str_of(p.get("options").and_then(|o| o.get("content"))).or_else(|| str_of(p.get("content")));
        o.content = content.map(|c| clip(c, 100_000)).unwrap_or_default();
    }
    o
}

/// Gives every panel a unique non-zero id (keeping the first use of each id).
fn fix_ids(panels: &mut [Panel]) {
    let mut used: HashSet<u32> = HashSet::new();
    let mut next = panels
        .iter()
        .flat_map(|p| std::iter::once(p.id).chain(p.panels.iter().map(|c| c.id)))
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let mut fix = |p: &mut Panel| {
        if p.id == 0 || !used.insert(p.id) {
            while used.contains(&next) || next == 0 {
                next = next.wrapping_add(1);
            }
            p.id = next;
            used.insert(next);
        }
    };
    for p in panels.iter_mut() {
        fix(p);
        for c in p.panels.iter_mut() {
            fix(c);
        }
    }
}

/// A panel's or row's `repeat` (with `repeatDirection` and `maxPerRow`), when it names a variable.
fn repeat_of(p: &Value) -> Option<Repeat> {
    str_of(p.get("repeat")).map(|r| r.trim().trim_start_matches('$')).filter(|r| !r.is_empty()).map(|r| Repeat {
        variable: clip(r, 64),
        direction: str_of(p.get("repeatDirection")).and_then(RepeatDirection::from_id).unwrap_or_default(),
        max_per_row: u32_of(p.get("maxPerRow")).unwrap_or(4).clamp(1, 24),
    })
}

/// Grafana's pre-v5 layout (`rows[].panels[]` with `span` out of 12 and row heights in px) converted to
/// gridPos panels, the way Grafana's own migration does: a row panel for each titled/collapsed row when any
/// row has one, panels packed left to right.
fn legacy_rows_to_panels(rows: &[Value]) -> Vec<Value> {
    let show_rows = rows.iter().any(|r| {
        r.get("collapse").and_then(Value::as_bool) == Some(true)
            || r.get("showTitle").and_then(Value::as_bool) == Some(true)
            || r.get("repeat").and_then(Value::as_str).is_some_and(|s| !s.is_empty())
    });
    let mut out = Vec::new();
    let mut y: u32 = 0;
    let mut next_id: u64 = rows
        .iter()
        .flat_map(|r| arr_of(r.get("panels")).iter())
        .filter_map(|p| p.get("id").and_then(Value::as_u64))
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    for r in rows {
        let row_h = grid_height(r.get("height"));
        let collapsed = r.get("collapse").and_then(Value::as_bool) == Some(true);
        let mut row_panel = None;
        if show_rows {
            let mut rp = Map::new();
            rp.insert("type".into(), Value::from("row"));
            rp.insert("id".into(), Value::from(next_id));
            next_id = next_id.saturating_add(1);
            rp.insert("title".into(), r.get("title").cloned().unwrap_or(Value::from("")));
            rp.insert("collapsed".into(), Value::from(collapsed));
            rp.insert("gridPos".into(), serde_json::json!({"x": 0, "y": y, "w": 24, "h": 1}));
            if let Some(rep) = r.get("repeat").filter(|v| v.is_string()) {
                rp.insert("repeat".into(), rep.clone());
            }
            // A copy Grafana saved of a repeated row (`repeatRowId`): left out with its panels, as in the
            // panels form.
            if let Some(src) = r.get("repeatRowId").filter(|v| !v.is_null()) {
                rp.insert("repeatPanelId".into(), src.clone());
            }
            row_panel = Some(rp);
            y = y.saturating_add(1);
        }
        let (mut x, mut line_h) = (0u32, 0u32);
        let mut kids = Vec::new();
        for p in arr_of(r.get("panels")) {
            let span = num_of(p.get("span")).unwrap_or(12.0).clamp(1.0, 12.0);
            let w = ((span * 2.0).floor() as u32).clamp(1, GRID_COLUMNS);
            let h = if p.get("height").is_some() { grid_height(p.get("height")) } else { row_h };
            if x + w > GRID_COLUMNS {
                x = 0;
                y = y.saturating_add(line_h);
                line_h = 0;
            }
            let mut np = p.as_object().cloned().unwrap_or_default();
            np.insert("gridPos".into(), serde_json::json!({"x": x, "y": y, "w": w, "h": h}));
            if r.get("repeatRowId").is_some_and(|v| !v.is_null()) {
                np.insert("repeatedByRow".into(), Value::from(true));
            }
            kids.push(Value::Object(np));
            x += w;
            line_h = line_h.max(h);
        }
        y = y.saturating_add(line_h).min(MAX_GRID_Y);
        match row_panel {
            Some(mut rp) if collapsed => {
                rp.insert("panels".into(), Value::Array(kids));
                out.push(Value::Object(rp));
            }
            Some(rp) => {
                out.push(Value::Object(rp));
                out.extend(kids);
            }
            None => out.extend(kids),
        }
    }
    out
}

/// Row/panel height in px (number or `"250px"`) → grid rows, as Grafana's migration computes it.
fn grid_height(v: Option<&Value>) -> u32 {
    let px = match v {
        Some(Value::String(s)) => s.trim().trim_end_matches("px").trim().parse::<f64>().ok(),
        other => num_of(other),
    }
    .filter(|x| x.is_finite())
    .unwrap_or(250.0)
    .clamp(90.0, 30_000.0);
    (px / 38.0).ceil() as u32
}

#[cfg(test)]
#[path = "grafana_tests.rs"]
mod tests;

/// Grafana's Loki variable editor stores `{"type": 1, "label": "job", "stream": "{app=\"x\"}"}` (values of a
/// label, optionally of the streams a selector picks) or `{"type": 0}` (label names): written here as the
/// `label_values(…)` / `label_names()` text the other variables use. Empty for anything else.
fn loki_variable_query(o: &Map<String, Value>) -> String {
    let stream = str_of(o.get("stream")).map(str::trim).filter(|s| !s.is_empty());
    match (o.get("type").and_then(Value::as_u64), str_of(o.get("label")).map(str::trim)) {
        (Some(1), Some(label)) if !label.is_empty() => match stream {
            Some(sel) => format!("label_values({sel}, {label})"),
            None => format!("label_values({label})"),
        },
        (Some(0), _) => format!("label_names({})", stream.unwrap_or("")),
        _ => String::new(),
    }
}
