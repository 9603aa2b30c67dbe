//! Perses dashboard import: a Perses `{"kind": "Dashboard", "metadata", "spec"}` JSON (panels keyed by name,
//! grid layouts referring to them with `$ref`, list and text variables, Prometheus/Loki/Tempo query plugins)
//! into a Trifocal [`Dashboard`], with a notice for everything that could not be carried over. Sections go
//! through [`super::layout::assemble`]; panel names become numeric ids in the order the layouts show them.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::grafana::{check_import_size, fresh_ref, make_uid, read_refresh, Import};
use super::json::{clip, index, join, type_name, Notes};
use super::layout::{assemble, normalize, Section};
use super::links::{admit_imported, Admit};
use super::schema::*;
use super::validate::{check, check_variable_name};
use crate::time::TimeRange;

const MAX_IMPORT_NOTICES: usize = 2000;
/// Title of the collapsed row that keeps the panels no layout shows.
pub const UNPLACED_ROW_TITLE: &str = "Panels in no layout";

/// Converts a Perses dashboard (JSON). Errors are one sentence naming the JSON path of what is wrong.
pub fn import_perses(text: &str) -> Result<Import, String> {
    check_import_size(text, "Perses")?;
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Err("The Perses dashboard text is empty.".into());
    }
    let v: Value = serde_json::from_str(t).map_err(|e| format!("This is not valid JSON: {e}"))?;
    import_value(&v)
}

// ----- typed access with JSON paths -----

fn obj<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>, String> {
    match v {
        Value::Object(m) => Ok(m),
        other if path.is_empty() => Err(format!("A Perses dashboard is a JSON object, not {}.", type_name(other))),
        other => Err(format!("{path} must be an object, not {}.", type_name(other))),
    }
}

/// `m[key]`; `null` counts as missing.
fn get<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}

fn opt_obj<'a>(m: &'a Map<String, Value>, key: &str, path: &str) -> Result<Option<&'a Map<String, Value>>, String> {
    get(m, key).map(|v| obj(v, &join(path, key))).transpose()
}

fn opt_str<'a>(m: &'a Map<String, Value>, key: &str, path: &str) -> Result<Option<&'a str>, String> {
    match get(m, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(format!("{} must be a string, not {}.", join(path, key), type_name(v))),
    }
}

fn opt_bool(m: &Map<String, Value>, key: &str, path: &str) -> Result<Option<bool>, String> {
    match get(m, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(v) => Err(format!("{} must be true or false, not {}.", join(path, key), type_name(v))),
    }
}

fn opt_num(m: &Map<String, Value>, key: &str, path: &str) -> Result<Option<f64>, String> {
    match get(m, key) {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64().filter(|x| x.is_finite())),
        Some(v) => Err(format!("{} must be a number, not {}.", join(path, key), type_name(v))),
    }
}

fn opt_arr<'a>(m: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a [Value], String> {
    match get(m, key) {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(v) => Err(format!("{} must be an array, not {}.", join(path, key), type_name(v))),
    }
}

/// A grid coordinate: a whole number ≥ 0 (fractions rounded), clamped to `hi`.
fn grid_num(m: &Map<String, Value>, key: &str, path: &str, default: u32, hi: u32) -> Result<u32, String> {
    match opt_num(m, key, path)? {
        None => Ok(default),
        Some(x) if x < 0.0 => Err(format!("{} must not be negative (got {x}).", join(path, key))),
        Some(x) => Ok((x.round().min(f64::from(hi))) as u32),
    }
}

/// `{kind, spec}` of a plugin (panel, query or variable plugin): kind required, spec an object (empty when missing).
fn plugin<'a>(v: &'a Value, path: &str) -> Result<(&'a str, &'a Map<String, Value>), String> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    let m = obj(v, path)?;
    let kind = opt_str(m, "kind", path)?.ok_or_else(|| format!("{} is missing.", join(path, "kind")))?;
    let spec = match opt_obj(m, "spec", path)? {
        Some(s) => s,
        None => EMPTY.get_or_init(Map::new),
    };
    Ok((kind, spec))
}

// ----- the dashboard -----

/// As [`import_perses`], from parsed JSON.
pub fn import_value(v: &Value) -> Result<Import, String> {
    let top = obj(v, "")?;
    match opt_str(top, "kind", "")? {
        Some("Dashboard") => {}
        Some(k) => return Err(format!("kind is \"{}\"; a Perses dashboard has kind \"Dashboard\".", clip(k, 40))),
        None => return Err("kind is missing; a Perses dashboard has kind \"Dashboard\".".into()),
    }
    let spec = opt_obj(top, "spec", "")?.ok_or("spec is missing: a Perses dashboard keeps its panels and layouts in spec.")?;
    let metadata = opt_obj(top, "metadata", "")?;
    let mut cx = Cx { notes: Notes::with_cap(MAX_IMPORT_NOTICES), skipped: Vec::new() };

    let name = metadata.map(|m| opt_str(m, "name", "metadata")).transpose()?.flatten();
    let project = metadata.map(|m| opt_str(m, "project", "metadata")).transpose()?.flatten();
    let display = opt_obj(spec, "display", "spec")?;
    let shown_name = display.map(|d| opt_str(d, "name", "spec.display")).transpose()?.flatten();
    let title = clip(shown_name.or(name).unwrap_or("").trim(), 500);
    let title = if title.is_empty() { "Imported Perses dashboard".to_string() } else { title };
    let uid = make_uid(name, &title, &mut cx.notes);
    let description = display
        .map(|d| opt_str(d, "description", "spec.display"))
        .transpose()?
        .flatten()
        .map(|d| clip(d, 100_000))
        .unwrap_or_default();
    let tags: Vec<String> = project.filter(|p| !p.trim().is_empty()).map(|p| clip(p.trim(), 200)).into_iter().collect();
    let time = match opt_str(spec, "duration", "spec")? {
        None => DashboardTime::default(),
        Some(d) => {
            let from = format!("now-{}", d.trim());
            match TimeRange::parse(&from, "now") {
                Ok(_) => DashboardTime { from, to: "now".into() },
                Err(e) => {
                    let def = DashboardTime::default();
                    cx.notes.push(format!(
                        "The duration \"{}\" was not understood ({e}); {} to {} is used.",
                        clip(d, 40),
                        def.from,
                        def.to
                    ));
                    def
                }
            }
        }
    };
    let refresh = match opt_str(spec, "refreshInterval", "spec")?.map(str::trim) {
        Some("0s" | "0" | "") | None => None,
        Some(r) => read_refresh(Some(&Value::from(r)), &mut cx.notes),
    };
    let variables = cx.variables(opt_arr(spec, "variables", "spec")?)?;
    let mut panels = cx.panels(spec)?;
    // A row repeating over a variable the dashboard does not have is shown once.
    for r in panels.iter_mut().filter(|p| p.kind == PanelKind::Row) {
        if let Some(rep) = r.repeat.as_ref().filter(|rep| !variables.iter().any(|v| v.name == rep.variable)) {
            cx.notes.push(format!("Row \"{}\" repeats over ${}, which this dashboard does not have; it is shown once.", r.title, rep.variable));
            r.repeat = None;
        }
    }
    let links = cx.links(opt_arr(spec, "links", "spec")?, "spec.links", "Dashboard")?;
    let local_ds = match get(spec, "datasources") {
        Some(Value::Object(m)) => !m.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        _ => false,
    };
    if local_ds {
        cx.notes.push("Datasources defined in the dashboard were not imported; Trifocal queries its configured Prometheus, Loki and Tempo.".into());
    }

    let dashboard =
        Dashboard { schema_version: SCHEMA_VERSION, uid, title, description, tags, time, refresh, variables, links, annotations: Vec::new(), panels };
    check(&dashboard).map_err(|e| format!("The imported dashboard is not valid ({e}); please report this dashboard."))?;
    Ok(Import { dashboard, notices: cx.notes.finish(), skipped_panels: cx.skipped })
}

struct Cx {
    notes: Notes,
    skipped: Vec<String>,
}

/// A query plugin kind → the datasource that runs it.
fn query_datasource(kind: &str) -> Option<DatasourceKind> {
    let k = kind.to_ascii_lowercase();
    if k.starts_with("prometheus") {
        Some(DatasourceKind::Prometheus)
    } else if k.starts_with("loki") {
        Some(DatasourceKind::Loki)
    } else if k.starts_with("tempo") || k.starts_with("jaeger") {
        Some(DatasourceKind::Tempo)
    } else {
        None
    }
}

/// A Perses unit (`format.unit`) as a Trifocal/Grafana unit id; `None` for the default number format.
fn unit_of(u: &str) -> Option<String> {
    let id = match u {
        "decimal" | "" => return None,
        "percent" => "percent",
        "percent-decimal" => "percentunit",
        "seconds" => "s",
        "milliseconds" => "ms",
        "microseconds" => "us",
        "nanoseconds" => "ns",
        "minutes" => "m",
        "hours" => "h",
        "days" => "d",
        "bytes" => "bytes",
        "decbytes" => "decbytes",
        "bits" => "bits",
        "decbits" => "decbits",
        "bytes/sec" => "Bps",
        "decbytes/sec" => "decBps",
        "bits/sec" => "bps",
        "decbits/sec" => "decbps",
        "requests/sec" => "reqps",
        "ops/sec" => "ops",
        "counts/sec" => "cps",
        "reads/sec" => "rps",
        "writes/sec" => "wps",
        "events/sec" | "messages/sec" | "records/sec" | "packets/sec" | "rows/sec" => "reqps",
        other => other,
    };
    Some(clip(id, 64))
}

/// Perses' `calculation` → how a stat reduces a series.
fn calc_of(c: &str) -> Option<StatCalc> {
    Some(match c {
        "last-number" => StatCalc::LastNotNull,
        "last" => StatCalc::Last,
        "first" | "first-number" => StatCalc::First,
        "mean" => StatCalc::Mean,
        "min" => StatCalc::Min,
        "max" => StatCalc::Max,
        "sum" => StatCalc::Sum,
        _ => return None,
    })
}

/// Name of the panel a `$ref` points at (`#/spec/panels/<name>`, `~1` and `~0` unescaped).
fn ref_name(r: &str) -> Option<String> {
    let rest = r.strip_prefix("#/spec/panels/")?;
    (!rest.is_empty() && !rest.contains('/')).then(|| rest.replace("~1", "/").replace("~0", "~"))
}

/// One grid item waiting for an id: the panel name it shows (or the dangling reference) and where.
struct Placed {
    target: Result<String, String>,
    pos: GridPos,
    path: String,
}

impl Cx {
    // ----- variables -----

    fn variables(&mut self, list: &[Value]) -> Result<Vec<Variable>, String> {
        let mut out: Vec<Variable> = Vec::new();
        for (i, v) in list.iter().enumerate() {
            let path = index("spec.variables", i);
            if out.len() >= MAX_VARIABLES {
                self.notes.push(format!("Only the first {MAX_VARIABLES} variables were imported."));
                break;
            }
            if let Some(var) = self.variable(v, &path)? {
                if out.iter().any(|o| o.name == var.name) {
                    self.notes.push(format!("Variable \"{}\" appears twice; the second was skipped.", var.name));
                } else {
                    out.push(var);
                }
            }
        }
        Ok(out)
    }

    fn variable(&mut self, v: &Value, path: &str) -> Result<Option<Variable>, String> {
        let (kind, spec) = plugin(v, path)?;
        let sp = join(path, "spec");
        let name = opt_str(spec, "name", &sp)?.ok_or_else(|| format!("{sp}.name is missing."))?;
        let shown = clip(name, 60);
        if let Err(e) = check_variable_name(name) {
            self.notes.push(format!("Variable \"{shown}\" was skipped: its name {e}."));
            return Ok(None);
        }
        let display = opt_obj(spec, "display", &sp)?;
        let dp = join(&sp, "display");
        let label = display.map(|d| opt_str(d, "name", &dp)).transpose()?.flatten().map(|l| clip(l, 500)).unwrap_or_default();
        let hidden = display.map(|d| opt_bool(d, "hidden", &dp)).transpose()?.flatten().unwrap_or(false);
        let mut var = Variable { name: name.to_string(), label, hidden, ..Variable::default() };
        match kind {
            "TextVariable" => {
                let value = clip(opt_str(spec, "value", &sp)?.unwrap_or(""), 65_000);
                var.current = if value.is_empty() { Vec::new() } else { vec![value.clone()] };
                var.kind = if opt_bool(spec, "constant", &sp)?.unwrap_or(false) {
                    VariableKind::Constant { value }
                } else {
                    VariableKind::TextBox { value }
                };
            }
            "ListVariable" => {
                var.multi = opt_bool(spec, "allowMultiple", &sp)?.unwrap_or(false);
                var.include_all = opt_bool(spec, "allowAllValue", &sp)?.unwrap_or(false);
                var.all_value = opt_str(spec, "customAllValue", &sp)?.filter(|s| !s.is_empty()).map(|s| clip(s, 65_000));
                var.current = match get(spec, "defaultValue") {
                    None => Vec::new(),
                    Some(Value::String(s)) if s.is_empty() => Vec::new(),
                    Some(Value::String(s)) => vec![clip(s, 65_000)],
                    Some(Value::Array(a)) => {
                        let mut out = Vec::new();
                        for (j, x) in a.iter().take(MAX_VALUES).enumerate() {
                            match x {
                                Value::String(s) => out.push(clip(s, 65_000)),
                                other => {
                                    return Err(format!(
                                        "{} must be a string, not {}.",
                                        index(&join(&sp, "defaultValue"), j),
                                        type_name(other)
                                    ))
                                }
                            }
                        }
                        out
                    }
                    Some(other) => {
                        return Err(format!("{sp}.defaultValue must be a string or an array, not {}.", type_name(other)))
                    }
                };
                let pp = join(&sp, "plugin");
                let Some(pv) = get(spec, "plugin") else {
                    return Err(format!("{pp} is missing."));
                };
                let (pk, ps) = plugin(pv, &pp)?;
                let psp = join(&pp, "spec");
                let regex = opt_str(spec, "capturingRegexp", &sp)?.map(|r| clip(r, 1000)).unwrap_or_default();
                var.kind = match pk {
                    "PrometheusLabelValuesVariable" | "LokiLabelValuesVariable" => {
                        let label = opt_str(ps, "labelName", &psp)?.map(str::trim).unwrap_or("");
                        if label.is_empty() {
                            self.notes.push(format!("Variable \"{shown}\" was skipped: it names no label (labelName)."));
                            return Ok(None);
                        }
                        let mut matchers = Vec::new();
                        for (j, m) in opt_arr(ps, "matchers", &psp)?.iter().enumerate() {
                            match m {
                                Value::String(s) if !s.trim().is_empty() => matchers.push(s.trim()),
                                Value::String(_) => {}
                                other => {
                                    return Err(format!(
                                        "{} must be a string, not {}.",
                                        index(&join(&psp, "matchers"), j),
                                        type_name(other)
                                    ))
                                }
                            }
                        }
                        if matchers.len() > 1 {
                            self.notes.push(format!(
                                "Variable \"{shown}\": only its first matcher ({}) is used; {} more were dropped.",
                                clip(matchers[0], 200),
                                matchers.len() - 1
                            ));
                        }
                        let query = match matchers.first() {
                            Some(m) => format!("label_values({m}, {label})"),
                            None => format!("label_values({label})"),
                        };
                        VariableKind::Query { datasource: ds_of_var(pk), query: clip(&query, 65_000), regex }
                    }
                    "PrometheusLabelNamesVariable" | "LokiLabelNamesVariable" => {
                        let first = opt_arr(ps, "matchers", &psp)?.iter().find_map(|m| m.as_str().filter(|s| !s.trim().is_empty()));
                        let query = format!("label_names({})", first.map(str::trim).unwrap_or(""));
                        VariableKind::Query { datasource: ds_of_var(pk), query: clip(&query, 65_000), regex }
                    }
                    "PrometheusPromQLVariable" => {
                        let expr = opt_str(ps, "expr", &psp)?.map(str::trim).unwrap_or("");
                        if expr.is_empty() {
                            self.notes.push(format!("Variable \"{shown}\" was skipped: its PromQL expression is empty."));
                            return Ok(None);
                        }
                        let label = opt_str(ps, "labelName", &psp)?.map(str::trim).unwrap_or("");
                        // Each result is `metric{label="value", …} 1`: the label's value is the option.
                        let label_regex = (!label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
                            .then(|| format!("/{label}=\"([^\"]*)\"/"));
                        if label_regex.is_some() && !regex.is_empty() {
                            self.notes.push(format!(
                                "Variable \"{shown}\": its capturing regexp was dropped (the label \"{label}\" is extracted by a regex already)."
                            ));
                        }
                        VariableKind::Query {
                            datasource: DatasourceKind::Prometheus,
                            query: clip(&format!("query_result({expr})"), 65_000),
                            regex: label_regex.unwrap_or(regex),
                        }
                    }
                    "StaticListVariable" => {
                        let mut values = Vec::new();
                        for (j, x) in opt_arr(ps, "values", &psp)?.iter().enumerate() {
                            let s = match x {
                                Value::String(s) => Some(s.as_str()),
                                Value::Object(o) => opt_str(o, "value", &index(&join(&psp, "values"), j))?,
                                other => {
                                    return Err(format!(
                                        "{} must be a string or an object, not {}.",
                                        index(&join(&psp, "values"), j),
                                        type_name(other)
                                    ))
                                }
                            };
                            if let Some(s) = s.filter(|s| !s.is_empty()) {
                                if values.len() < MAX_VALUES && !values.iter().any(|x: &String| x == s) {
                                    values.push(clip(s, 1000));
                                }
                            }
                        }
                        var.current.retain(|c| values.contains(c) || c == super::variables::ALL_VALUE);
                        VariableKind::Custom { values }
                    }
                    other => {
                        self.notes.push(format!(
                            "Variable \"{shown}\" was skipped: its plugin \"{}\" is not supported.",
                            clip(other, 60)
                        ));
                        return Ok(None);
                    }
                };
            }
            other => {
                self.notes.push(format!("Variable \"{shown}\" was skipped: kind \"{}\" is not supported.", clip(other, 40)));
                return Ok(None);
            }
        }
        if !var.multi && var.current.len() > 1 {
            var.current.truncate(1);
        }
        if !var.include_all {
            var.current.retain(|c| c != super::variables::ALL_VALUE);
        }
        Ok(Some(var))
    }

    // ----- panels and layouts -----

    fn panels(&mut self, spec: &Map<String, Value>) -> Result<Vec<Panel>, String> {
        let defs: &Map<String, Value> = match get(spec, "panels") {
            None => {
                static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
                EMPTY.get_or_init(Map::new)
            }
            Some(v) => obj(v, "spec.panels")?,
        };
        // The sections as the layouts list them, each item still naming its panel.
        let mut sections: Vec<(Option<Panel>, Vec<Placed>)> = Vec::new();
        for (i, l) in opt_arr(spec, "layouts", "spec")?.iter().enumerate() {
            let lp = index("spec.layouts", i);
            let (kind, ls) = plugin(l, &lp)?;
            if kind != "Grid" {
                self.notes.push(format!("{lp}: layout kind \"{}\" is not supported; its panels were not placed.", clip(kind, 40)));
                continue;
            }
            let sp = join(&lp, "spec");
            let display = opt_obj(ls, "display", &sp)?;
            let dp = join(&sp, "display");
            let row = match display {
                None => None,
                Some(d) => {
                    let title = opt_str(d, "title", &dp)?.map(|t| clip(t.trim(), 500)).unwrap_or_default();
                    let collapse = opt_obj(d, "collapse", &dp)?;
                    let open = collapse.map(|c| opt_bool(c, "open", &join(&dp, "collapse"))).transpose()?.flatten().unwrap_or(true);
                    Some(Panel { id: 0, title, kind: PanelKind::Row, collapsed: !open, ..Panel::default() })
                }
            };
            let mut row = row;
            if let Some(r) = opt_str(ls, "repeatVariable", &sp)?.map(|r| r.trim().trim_start_matches('$')).filter(|r| !r.is_empty()) {
                match row.as_mut() {
                    Some(row) => row.repeat = Some(Repeat { variable: clip(r, 64), direction: RepeatDirection::Vertical, max_per_row: 1 }),
                    None => self.notes.push(format!("{sp}: a grid with no display (not a row) repeats over ${} in Perses; it is shown once.", clip(r, 60))),
                }
            }
            let mut items = Vec::new();
            for (j, it) in opt_arr(ls, "items", &sp)?.iter().enumerate() {
                let ip = index(&join(&sp, "items"), j);
                let im = obj(it, &ip)?;
                let w = grid_num(im, "width", &ip, 12, GRID_COLUMNS)?.max(1);
                let x = grid_num(im, "x", &ip, 0, GRID_COLUMNS)?.min(GRID_COLUMNS - w);
                let pos = GridPos { x, y: grid_num(im, "y", &ip, 0, MAX_GRID_Y)?, w, h: grid_num(im, "height", &ip, 8, 1000)?.max(1) };
                let cp = join(&ip, "content");
                let content = opt_obj(im, "content", &ip)?.ok_or_else(|| format!("{cp} is missing."))?;
                let r = opt_str(content, "$ref", &cp)?.ok_or_else(|| format!("{cp}.$ref is missing."))?;
                let target = match ref_name(r) {
                    Some(n) if defs.contains_key(&n) => Ok(n),
                    _ => Err(r.to_string()),
                };
                items.push(Placed { target, pos, path: ip });
            }
            sections.push((row, items));
        }
        // Ids: the panel names in the order the layouts show them; repeated uses get fresh ids later.
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut next = 1u32;
        for (_, items) in &sections {
            for name in items.iter().filter_map(|p| p.target.as_ref().ok()) {
                if !ids.contains_key(name) {
                    ids.insert(name.clone(), next);
                    next = next.saturating_add(1);
                }
            }
        }
        let unplaced: Vec<&String> = defs.keys().filter(|k| !ids.contains_key(*k)).collect();
        for name in &unplaced {
            ids.insert((*name).clone(), next);
            next = next.saturating_add(1);
        }
        let mut converted: HashMap<&str, Panel> = HashMap::new();
        let mut count = 0usize;
        let mut out_sections = Vec::new();
        let mut used: HashSet<u32> = HashSet::new();
        for (row, items) in sections {
            let mut panels = Vec::new();
            if row.is_some() {
                count = count.saturating_add(1);
            }
            for p in items {
                if count >= MAX_PANELS {
                    self.notes.push(format!("Only the first {MAX_PANELS} panels were imported."));
                    break;
                }
                count += 1;
                let mut panel = match &p.target {
                    Ok(name) => {
                        if !converted.contains_key(name.as_str()) {
                            let def = defs.get(name).unwrap_or(&Value::Null);
                            let id = ids.get(name).copied().unwrap_or(0);
                            let made = self.panel(name, def, id)?;
                            if let Some((k, _)) = defs.get_key_value(name) {
                                converted.insert(k.as_str(), made);
                            }
                        }
                        let Some(mut made) = converted.get(name.as_str()).cloned() else { continue };
                        if !used.insert(made.id) {
                            made.id = next;
                            next = next.saturating_add(1);
                            used.insert(made.id);
                            self.notes.push(format!(
                                "Panel \"{name}\" is placed more than once ({}); each copy is its own panel (id {}).",
                                p.path, made.id
                            ));
                        }
                        made
                    }
                    Err(r) => {
                        let why = format!("{} refers to \"{}\", which is not in spec.panels", p.path, clip(r, 200));
                        self.notes.push(format!("A grid item is shown as a placeholder: {why}."));
                        self.skipped.push(format!("(missing panel {})", clip(r, 200)));
                        let id = next;
                        next = next.saturating_add(1);
                        used.insert(id);
                        Panel {
                            id,
                            title: "Missing panel".into(),
                            kind: PanelKind::Text,
                            options: PanelOptions { content: format!("**Not shown in Trifocal:** {why}."), ..PanelOptions::default() },
                            ..Panel::default()
                        }
                    }
                };
                panel.grid_pos = p.pos;
                panels.push(panel);
            }
            out_sections.push(Section { row, panels });
        }
        // Panels no layout shows (Perses does not show them either) are kept in a folded row at the bottom.
        if !unplaced.is_empty() {
            let mut panels = Vec::new();
            let (mut x, mut y) = (0u32, 0u32);
            for name in &unplaced {
                if count >= MAX_PANELS {
                    self.notes.push(format!("Only the first {MAX_PANELS} panels were imported."));
                    break;
                }
                count += 1;
                let def = defs.get(*name).unwrap_or(&Value::Null);
                let mut panel = self.panel(name, def, ids.get(*name).copied().unwrap_or(0))?;
                panel.grid_pos = GridPos { x, y, w: 12, h: 8 };
                (x, y) = if x == 0 { (12, y) } else { (0, y.saturating_add(8)) };
                panels.push(panel);
            }
            self.notes.push(format!(
                "Panels in spec.panels but in no layout ({}) are not shown by Perses; they are kept in the folded row \"{UNPLACED_ROW_TITLE}\".",
                clip(&unplaced.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "), 300)
            ));
            let row = Panel { id: 0, title: UNPLACED_ROW_TITLE.into(), kind: PanelKind::Row, collapsed: true, ..Panel::default() };
            out_sections.push(Section { row: Some(row), panels });
        }
        Ok(normalize(&assemble(out_sections)))
    }

    /// One `spec.panels.<name>` entry → panel (a text placeholder when its plugin cannot be shown).
    fn panel(&mut self, name: &str, v: &Value, id: u32) -> Result<Panel, String> {
        let path = format!("spec.panels.{}", clip(name, 60));
        let m = obj(v, &path)?;
        let sp = join(&path, "spec");
        let spec = opt_obj(m, "spec", &path)?.ok_or_else(|| format!("{sp} is missing."))?;
        let display = opt_obj(spec, "display", &sp)?;
        let dp = join(&sp, "display");
        let shown = display.map(|d| opt_str(d, "name", &dp)).transpose()?.flatten().map(str::trim).unwrap_or("");
        let title = clip(if shown.is_empty() { name } else { shown }, 500);
        let description =
            display.map(|d| opt_str(d, "description", &dp)).transpose()?.flatten().map(|d| clip(d, 100_000)).unwrap_or_default();
        let pp = join(&sp, "plugin");
        let (pk, ps) = plugin(get(spec, "plugin").ok_or_else(|| format!("{pp} is missing."))?, &pp)?;
        let psp = join(&pp, "spec");
        let links = self.links(opt_arr(spec, "links", &sp)?, &join(&sp, "links"), &format!("Panel \"{title}\""))?;

        let mut raw_queries: Vec<(String, &str)> = Vec::new(); // (plugin kind, query text), for placeholders
        let mut queries = Vec::new();
        let mut refs: HashSet<String> = HashSet::new();
        let mut unsupported = Vec::new();
        for (i, q) in opt_arr(spec, "queries", &sp)?.iter().enumerate() {
            let qp = index(&join(&sp, "queries"), i);
            let qm = obj(q, &qp)?;
            let qsp = join(&qp, "spec");
            let qs = opt_obj(qm, "spec", &qp)?.ok_or_else(|| format!("{qsp} is missing."))?;
            let qpp = join(&qsp, "plugin");
            let (qk, qps) = plugin(get(qs, "plugin").ok_or_else(|| format!("{qpp} is missing."))?, &qpp)?;
            let qpsp = join(&qpp, "spec");
            let text = opt_str(qps, "query", &qpsp)?.or(opt_str(qps, "expr", &qpsp)?).unwrap_or("");
            raw_queries.push((qk.to_string(), text));
            let Some(datasource) = query_datasource(qk) else {
                unsupported.push(format!("query plugin \"{}\" is not supported", clip(qk, 60)));
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            if queries.len() >= MAX_QUERIES {
                self.notes.push(format!("Panel \"{title}\": only the first {MAX_QUERIES} queries were imported."));
                break;
            }
            let ref_id = fresh_ref(i, &refs);
            refs.insert(ref_id.clone());
            let legend = opt_str(qps, "seriesNameFormat", &qpsp)?.map(|l| clip(l, 500)).unwrap_or_default();
            let min_interval = opt_str(qps, "minStep", &qpsp)?.map(str::trim).filter(|s| !s.is_empty()).map(|s| clip(s, 30));
            let limit = opt_num(qps, "limit", &qpsp)?.filter(|n| *n >= 1.0).map(|n| n.min(100_000.0) as u32);
            let mut q = PanelQuery::new(&ref_id, datasource, &clip(text.trim(), 65_000));
            q.legend = legend;
            q.min_interval = min_interval;
            q.limit = limit;
            queries.push(q);
        }

        let kind = match pk {
            "TimeSeriesChart" => Some(PanelKind::TimeSeries),
            "StatChart" | "GaugeChart" => Some(PanelKind::Stat),
            "BarChart" => {
                self.notes.push(format!("Panel \"{title}\": the Perses bar chart is shown as a stat panel (one value per series)."));
                Some(PanelKind::Stat)
            }
            "Table" | "TimeSeriesTable" => Some(PanelKind::Table),
            "HeatMapChart" | "HeatmapChart" => Some(PanelKind::Heatmap),
            "Markdown" => Some(PanelKind::Text),
            "LogsTable" | "LogsChart" | "LogsPanel" => Some(PanelKind::Logs),
            "TraceTable" | "ScatterChart" => Some(PanelKind::Traces),
            "TracingGanttChart" => {
                self.notes.push(format!("Panel \"{title}\": the trace Gantt chart is shown as a trace search list."));
                Some(PanelKind::Traces)
            }
            _ => None,
        };
        let reason = match kind {
            None => Some(format!("panel plugin \"{}\" is not supported", clip(pk, 60))),
            Some(k) if k.has_queries() && queries.is_empty() && !unsupported.is_empty() => Some(unsupported.join("; ")),
            _ => None,
        };
        if let Some(why) = reason {
            self.notes.push(format!("Panel \"{title}\" ({name}, id {id}) is shown as a placeholder: {why}."));
            self.skipped.push(title.clone());
            let mut content = format!("**Not shown in Trifocal:** {why}.");
            let texts: Vec<String> =
                raw_queries.iter().filter(|(_, t)| !t.trim().is_empty()).take(10).map(|(k, t)| format!("{k}: {}", clip(t, 2000))).collect();
            if !texts.is_empty() {
                content.push_str("\n\nIts queries in Perses:\n\n```\n");
                content.push_str(&texts.join("\n"));
                content.push_str("\n```");
            }
            return Ok(Panel {
                id,
                title,
                description,
                kind: PanelKind::Text,
                options: PanelOptions { content, ..PanelOptions::default() },
                links,
                ..Panel::default()
            });
        }
        let kind = kind.unwrap_or(PanelKind::Text);
        for why in unsupported {
            self.notes.push(format!("Panel \"{title}\": a query was skipped ({why})."));
        }
        if !kind.has_queries() && !queries.is_empty() {
            queries.clear();
        }
        if kind == PanelKind::Table {
            for q in queries.iter_mut().filter(|q| q.datasource == DatasourceKind::Prometheus) {
                q.instant = true;
            }
        }
        let options = self.options(kind, pk, ps, &psp, &title)?;
        Ok(Panel { id, title, description, kind, grid_pos: GridPos::default(), queries, options, links, collapsed: false, panels: Vec::new(), repeat: None, ..Panel::default() })
    }

    /// The panel plugin's spec → display options.
    fn options(&mut self, kind: PanelKind, pk: &str, ps: &Map<String, Value>, psp: &str, title: &str) -> Result<PanelOptions, String> {
        let mut o = PanelOptions::default();
        // The value format: `yAxis.format` (time series) or `format` (stat, gauge, table…).
        let y_axis = opt_obj(ps, "yAxis", psp)?;
        let yp = join(psp, "yAxis");
        let format = match y_axis {
            Some(y) => opt_obj(y, "format", &yp)?,
            None => None,
        };
        let (format, fp) = match format {
            Some(f) => (Some(f), join(&yp, "format")),
            None => (opt_obj(ps, "format", psp)?, join(psp, "format")),
        };
        if let Some(f) = format {
            o.unit = opt_str(f, "unit", &fp)?.and_then(unit_of);
            o.decimals = opt_num(f, "decimalPlaces", &fp)?.filter(|d| *d >= 0.0).map(|d| d.min(20.0) as u8);
        }
        if let Some(y) = y_axis {
            o.min = opt_num(y, "min", &yp)?;
            o.max = opt_num(y, "max", &yp)?;
            if opt_num(y, "logBase", &yp)?.is_some_and(|b| b > 1.0) {
                o.log_scale = true;
            }
        }
        if pk == "GaugeChart" {
            o.max = opt_num(ps, "max", psp)?.or(o.max);
        }
        if let (Some(a), Some(b)) = (o.min, o.max) {
            if a > b {
                o.min = None;
                o.max = None;
            }
        }
        if let Some(t) = opt_obj(ps, "thresholds", psp)? {
            let tp = join(psp, "thresholds");
            if let Some(c) = opt_str(t, "defaultColor", &tp)?.filter(|c| !c.is_empty()) {
                o.thresholds.push(Threshold { value: None, color: clip(c, 64) });
            }
            if opt_str(t, "mode", &tp)? == Some("percent") {
                self.notes.push(format!("Panel \"{title}\": percent thresholds are used as absolute values."));
            }
            for (i, s) in opt_arr(t, "steps", &tp)?.iter().take(100).enumerate() {
                let sp = index(&join(&tp, "steps"), i);
                let sm = obj(s, &sp)?;
                let value = opt_num(sm, "value", &sp)?;
                let color = opt_str(sm, "color", &sp)?.filter(|c| !c.is_empty());
                // A step without a colour takes the next palette colour in Perses; red is the usual alert colour.
                o.thresholds.push(Threshold { value, color: clip(color.unwrap_or("red"), 64) });
            }
        }
        match kind {
            PanelKind::TimeSeries => {
                o.show_legend = match opt_obj(ps, "legend", psp)? {
                    None => false,
                    Some(l) => opt_bool(l, "show", &join(psp, "legend"))?.unwrap_or(true),
                };
                if let Some(v) = opt_obj(ps, "visual", psp)? {
                    let vp = join(psp, "visual");
                    if opt_str(v, "display", &vp)? == Some("bar") {
                        o.style = SeriesStyle::Bars;
                    }
                    o.stacked = matches!(opt_str(v, "stack", &vp)?, Some("all" | "percent"));
                }
            }
            PanelKind::Stat => {
                if let Some(c) = opt_str(ps, "calculation", psp)? {
                    match calc_of(c) {
                        Some(calc) => o.calc = calc,
                        None => self.notes.push(format!(
                            "Panel \"{title}\": the calculation \"{}\" is not supported; the last value is shown.",
                            clip(c, 40)
                        )),
                    }
                }
            }
            PanelKind::Text => {
                o.content = opt_str(ps, "text", psp)?.map(|t| clip(t, 100_000)).unwrap_or_default();
            }
            _ => {}
        }
        Ok(o)
    }

    /// Perses links (`{url, name, targetBlank}`) → links; unsafe targets are named in a notice.
    fn links(&mut self, list: &[Value], path: &str, whose: &str) -> Result<Vec<Link>, String> {
        let mut out = Vec::new();
        for (i, l) in list.iter().enumerate() {
            let lp = index(path, i);
            let m = obj(l, &lp)?;
            let title = opt_str(m, "name", &lp)?.map(|t| clip(t.trim(), 500)).unwrap_or_default();
            let url = opt_str(m, "url", &lp)?.map(str::trim).unwrap_or("");
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
            out.push(Link { title, url: url.to_string(), new_tab: opt_bool(m, "targetBlank", &lp)?.unwrap_or(false) });
        }
        Ok(out)
    }
}

fn ds_of_var(plugin_kind: &str) -> DatasourceKind {
    query_datasource(plugin_kind).unwrap_or(DatasourceKind::Prometheus)
}

#[cfg(test)]
#[path = "perses_tests.rs"]
mod tests;
