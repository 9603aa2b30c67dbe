//! Reading and writing Trifocal dashboard JSON: [`parse_dashboard`] checks every field (errors name the
//! JSON path), ignores unknown fields with a notice and caps sizes; [`to_json`] writes pretty, stable JSON.

use std::collections::HashSet;

use serde_json::Value;

use super::json::{index, type_name, Notes, Obj};
use super::schema::*;
use super::series_draw::read_series_draw;
use crate::time::duration::parse_duration;
use crate::time::TimeRange;

/// Largest dashboard text accepted (bytes).
pub const MAX_DASHBOARD_BYTES: usize = 8 * 1024 * 1024;
pub(super) const MAX_TITLE: usize = 500;
pub(super) const MAX_TEXT: usize = 100_000;
const MAX_EXPR: usize = 65_536;
pub(super) const MAX_SHORT: usize = 200;
pub(super) const MAX_TAGS: usize = 50;
const MAX_THRESHOLDS: usize = 100;
const MAX_MAPPINGS: usize = 200;

/// Parses and checks a Trifocal dashboard (`"schemaVersion": 1`). Returns the dashboard and notices (unknown
/// fields ignored), or one error sentence naming the JSON path of the first problem.
pub fn parse_dashboard(text: &str) -> Result<(Dashboard, Vec<String>), String> {
    if text.len() > MAX_DASHBOARD_BYTES {
        return Err(format!(
            "The dashboard is too large ({} bytes, at most {} MiB).",
            text.len(),
            MAX_DASHBOARD_BYTES / (1024 * 1024)
        ));
    }
    if text.trim().is_empty() {
        return Err("The dashboard text is empty.".into());
    }
    let v: Value = serde_json::from_str(text).map_err(|e| format!("The dashboard is not valid JSON: {e}"))?;
    if v.get("schemaVersion").and_then(Value::as_u64) == Some(2) {
        if let Some(key) = super::file::duplicate_panel_key(text) {
            return Err(format!("spec.panels has the key \"{}\" twice: panel ids must be unique", super::json::clip(&key, 40)));
        }
    }
    dashboard_from_value(&v)
}

/// As [`parse_dashboard`], from an already parsed JSON value.
pub fn dashboard_from_value(v: &Value) -> Result<(Dashboard, Vec<String>), String> {
    let mut notes = Notes::default();
    let d = read_dashboard(v, "", &mut notes)?;
    Ok((d, notes.finish()))
}

/// The version 2 file: pretty JSON with a stable field order; [`parse_dashboard`] reads it back to an equal
/// dashboard when its layout is normal ([`super::layout::normalize`]; every saved dashboard's is).
pub fn to_json(d: &Dashboard) -> String {
    super::file::write(d)
}

/// Checks a dashboard built in code (e.g. by the editor) with the same rules as [`parse_dashboard`].
pub fn check(d: &Dashboard) -> Result<(), String> {
    let v = serde_json::to_value(d).map_err(|e| e.to_string())?;
    dashboard_from_value(&v).map(|_| ())
}

impl<'de> serde::Deserialize<'de> for Dashboard {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(de)?;
        dashboard_from_value(&v).map(|(d, _)| d).map_err(serde::de::Error::custom)
    }
}

const DASH_KEYS: &[&str] =
    &["schemaVersion", "uid", "title", "description", "tags", "time", "refresh", "variables", "panels"];

/// Reads a dashboard file of either version at `path` (version 1 is upgraded, with a notice).
pub(crate) fn read_dashboard(v: &Value, path: &str, notes: &mut Notes) -> Result<Dashboard, String> {
    let at = super::json::join(path, "schemaVersion");
    match v.get("schemaVersion") {
        Some(Value::Number(n)) if n.as_u64() == Some(2) => super::file::read(v, path, notes),
        Some(Value::Number(n)) if n.as_u64() == Some(1) => {
            let d = read_v1(v, path, notes)?;
            notes.push(format!("{at} is 1: this file was upgraded to version {SCHEMA_VERSION}; saving writes version {SCHEMA_VERSION}"));
            Ok(d)
        }
        Some(Value::Number(n)) => Err(format!("{at} is {n}; this version of Trifocal reads versions 1 and {SCHEMA_VERSION}")),
        Some(other) => Err(format!("{at} must be a number, not {}", type_name(other))),
        None => {
            let Value::Object(m) = v else {
                let what = if path.is_empty() { "The dashboard" } else { path };
                return Err(format!("{what} must be an object, not {}", type_name(v)));
            };
            let hint = if m.contains_key("templating") || m.contains_key("gridPos") || m.contains_key("rows") {
                " (this looks like a Grafana dashboard: use Import)"
            } else if m.get("kind").and_then(Value::as_str) == Some("Dashboard") && m.contains_key("spec") {
                " (this looks like a Perses dashboard: use Import)"
            } else {
                ""
            };
            Err(format!("{at} is missing{hint}"))
        }
    }
}

/// Version 1: Grafana-shaped (a panel list in grid order, each with its `gridPos`; rows are panels).
fn read_v1(v: &Value, path: &str, notes: &mut Notes) -> Result<Dashboard, String> {
    let o = Obj::new(v, path, DASH_KEYS, notes)?;
    let uid = o.req_str("uid", 64)?;
    check_uid(&uid).map_err(|e| format!("{} {e}", o.p("uid")))?;
    let title = o.str("title", MAX_TITLE)?;
    let description = o.str("description", MAX_TEXT)?;
    let tags = o.str_list("tags", MAX_TAGS, MAX_SHORT)?;
    let time = read_time(&o, "time", notes)?;
    let refresh = read_refresh(&o, "refresh")?;
    let mut variables = Vec::new();
    let mut names = HashSet::new();
    for (i, vv) in o.arr("variables", MAX_VARIABLES)?.iter().enumerate() {
        let vp = index(&o.p("variables"), i);
        let var = read_variable(vv, &vp, notes)?;
        if !names.insert(var.name.clone()) {
            return Err(format!("{vp}.name \"{}\" is used by another variable", var.name));
        }
        variables.push(var);
    }
    let mut panels = Vec::new();
    let mut ids = HashSet::new();
    let mut total = 0usize;
    for (i, pv) in o.arr("panels", MAX_PANELS)?.iter().enumerate() {
        let pp = index(&o.p("panels"), i);
        let p = read_panel(pv, &pp, true, notes)?;
        total = total.saturating_add(1 + p.panels.len());
        if total > MAX_PANELS {
            return Err(format!("{} holds more than {MAX_PANELS} panels (rows included)", o.p("panels")));
        }
        for (j, q) in std::iter::once(&p).chain(p.panels.iter()).enumerate() {
            if !ids.insert(q.id) {
                let at = if j == 0 { pp.clone() } else { index(&format!("{pp}.panels"), j - 1) };
                return Err(format!("{at}.id {} is used by another panel", q.id));
            }
        }
        panels.push(p);
    }
    // Version 2 keys panels by id from 1: a version 1 id 0 gets the next free id.
    if ids.contains(&0) {
        let next = ids.iter().copied().max().unwrap_or(0).saturating_add(1);
        for (i, p) in panels.iter_mut().enumerate() {
            if p.id == 0 {
                p.id = next;
                notes.push(format!("{}.id 0 became {next}: ids start at 1 from version 2", index(&o.p("panels"), i)));
            }
            for (j, c) in p.panels.iter_mut().enumerate() {
                if c.id == 0 {
                    c.id = next;
                    notes.push(format!("{}.id 0 became {next}: ids start at 1 from version 2", index(&format!("{}.panels", index(&o.p("panels"), i)), j)));
                }
            }
        }
    }
    let panels = super::layout::normalize(&panels);
    Ok(Dashboard { schema_version: SCHEMA_VERSION, uid, title, description, tags, time, refresh, variables, links: Vec::new(), annotations: Vec::new(), panels })
}

/// The `time` object ({from, to}, Grafana time expressions); the default range when missing.
pub(super) fn read_time(o: &Obj<'_>, key: &str, notes: &mut Notes) -> Result<DashboardTime, String> {
    match o.get(key) {
        None => Ok(DashboardTime::default()),
        Some(t) => {
            let tp = o.p(key);
            let to = Obj::new(t, &tp, &["from", "to"], notes)?;
            let from = to.req_str("from", MAX_SHORT)?;
            let upto = to.req_str("to", MAX_SHORT)?;
            TimeRange::parse(&from, &upto).map_err(|e| format!("{tp}: {e}"))?;
            Ok(DashboardTime { from, to: upto })
        }
    }
}

/// An auto-refresh interval of at least 1s; empty or missing is off.
pub(super) fn read_refresh(o: &Obj<'_>, key: &str) -> Result<Option<String>, String> {
    match o.opt_str(key, 32)? {
        None => Ok(None),
        Some(r) if r.trim().is_empty() => Ok(None),
        Some(r) => match parse_duration(&r) {
            Some(ms) if ms >= 1000 => Ok(Some(r.trim().to_string())),
            _ => Err(format!("{} must be a duration of at least 1s such as 30s or 1m (got \"{r}\")", o.p(key))),
        },
    }
}

/// Uids: 1..64 characters from `A-Z a-z 0-9 - _ .`.
pub fn check_uid(uid: &str) -> Result<(), String> {
    if uid.is_empty() {
        return Err("must not be empty".into());
    }
    if uid.len() > 64 {
        return Err("must be at most 64 characters".into());
    }
    if !uid.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) {
        return Err("may only hold letters, digits, '-', '_' and '.'".into());
    }
    Ok(())
}

/// Variable names: `[A-Za-z_][A-Za-z0-9_]*`, at most 64 characters, not starting with `__` (reserved for
/// built-ins such as `$__interval`).
pub fn check_variable_name(name: &str) -> Result<(), String> {
    let mut bytes = name.bytes();
    let ok_first = bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if !ok_first || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err("must start with a letter or '_' and hold only letters, digits and '_'".into());
    }
    if name.len() > 64 {
        return Err("must be at most 64 characters".into());
    }
    if name.starts_with("__") {
        return Err("must not start with '__' (reserved for built-in variables)".into());
    }
    Ok(())
}

const PANEL_KEYS: &[&str] =
    &["id", "title", "description", "kind", "gridPos", "queries", "options", "collapsed", "panels"];

fn read_panel(v: &Value, path: &str, top: bool, notes: &mut Notes) -> Result<Panel, String> {
    let o = Obj::new(v, path, PANEL_KEYS, notes)?;
    let id = o.req_u32("id", 0, u32::MAX)?;
    let title = o.str("title", MAX_TITLE)?;
    let description = o.str("description", MAX_TEXT)?;
    let kind_s = o.req_str("kind", 32)?;
    let kind = PanelKind::from_id(&kind_s).ok_or_else(|| {
        let all: Vec<_> = PanelKind::ALL.iter().map(|k| k.id()).collect();
        format!("{} \"{}\" is not a panel kind (one of {})", o.p("kind"), super::json::clip(&kind_s, 40), all.join(", "))
    })?;
    let gp = o.p("gridPos");
    let g = Obj::new(o.get("gridPos").ok_or_else(|| format!("{gp} is missing"))?, &gp, &["x", "y", "w", "h"], notes)?;
    let w = g.req_u32("w", 1, GRID_COLUMNS)?;
    let x = g.opt_u32("x", 0, GRID_COLUMNS - 1)?.unwrap_or(0);
    if x + w > GRID_COLUMNS {
        return Err(format!("{gp}: x + w must be at most {GRID_COLUMNS} (x {x}, w {w})"));
    }
    let h = g.req_u32("h", 1, 1000)?;
    let y = g.opt_u32("y", 0, MAX_GRID_Y)?.unwrap_or(0);
    let grid_pos = GridPos { x, y, w, h };
    if kind == PanelKind::Row && (w != GRID_COLUMNS || x != 0 || h != 1) {
        return Err(format!("{gp}: a row spans the full width (x 0, w {GRID_COLUMNS}) and is 1 high"));
    }
    let mut queries = Vec::new();
    let mut refs = HashSet::new();
    for (i, qv) in o.arr("queries", MAX_QUERIES)?.iter().enumerate() {
        let qp = index(&o.p("queries"), i);
        let q = read_query(qv, &qp, kind, notes)?;
        if !refs.insert(q.ref_id.clone()) {
            return Err(format!("{qp}.refId \"{}\" is used by another query of this panel", q.ref_id));
        }
        queries.push(q);
    }
    if !kind.has_queries() && !queries.is_empty() {
        notes.push(format!("{}: a {} panel runs no queries; they were dropped", o.p("queries"), kind.id()));
        queries.clear();
    }
    let options = match o.get("options") {
        None => PanelOptions::default(),
        Some(ov) => read_options(ov, &o.p("options"), notes)?,
    };
    let collapsed = o.bool("collapsed", false)?;
    let mut panels = Vec::new();
    let children = o.arr("panels", MAX_PANELS)?;
    if !children.is_empty() {
        if kind != PanelKind::Row || !top {
            return Err(format!("{}: only a top-level row may hold panels", o.p("panels")));
        }
        if !collapsed {
            return Err(format!("{}: only a collapsed row holds its panels (set collapsed: true)", o.p("panels")));
        }
        for (i, cv) in children.iter().enumerate() {
            let cp = index(&o.p("panels"), i);
            let c = read_panel(cv, &cp, false, notes)?;
            if c.kind == PanelKind::Row {
                return Err(format!("{cp}: a row cannot be inside another row"));
            }
            panels.push(c);
        }
    }
    if collapsed && kind != PanelKind::Row {
        return Err(format!("{}: only rows can be collapsed", o.p("collapsed")));
    }
    Ok(Panel { id, title, description, kind, grid_pos, queries, options, links: Vec::new(), collapsed, panels, repeat: None, ..Panel::default() })
}

const QUERY_KEYS: &[&str] =
    &["refId", "datasource", "source", "expr", "legend", "instant", "hidden", "minInterval", "intervalFactor", "limit"];

fn read_query(v: &Value, path: &str, kind: PanelKind, notes: &mut Notes) -> Result<PanelQuery, String> {
    let o = Obj::new(v, path, QUERY_KEYS, notes)?;
    let datasource = match o.opt_str("datasource", 32)? {
        None => kind.default_datasource(),
        Some(s) => DatasourceKind::from_id(&s).ok_or_else(|| {
            format!("{} \"{}\" is not one of prometheus, loki, tempo", o.p("datasource"), super::json::clip(&s, 40))
        })?,
    };
    read_query_fields(&o, datasource)
}

/// A query's fields but its datasource (version 2 keeps that in the query's `kind`).
pub(super) fn read_query_fields(o: &Obj<'_>, datasource: DatasourceKind) -> Result<PanelQuery, String> {
    let ref_id = o.req_str("refId", 32)?;
    if ref_id.trim().is_empty() {
        return Err(format!("{} must not be empty", o.p("refId")));
    }
    let expr = o.str("expr", MAX_EXPR)?;
    let legend = o.str("legend", MAX_TITLE)?;
    let instant = o.bool("instant", false)?;
    let hidden = o.bool("hidden", false)?;
    let min_interval = o.opt_str("minInterval", 32)?.filter(|s| !s.trim().is_empty());
    let interval_factor = o.opt_u32("intervalFactor", 1, 100)?.unwrap_or(1);
    let limit = o.opt_u32("limit", 1, 100_000)?;
    let source = o.str("source", MAX_SHORT)?.trim().to_string();
    Ok(PanelQuery { ref_id, datasource, source, expr, legend, instant, hidden, min_interval, interval_factor, limit })
}

const OPTION_KEYS: &[&str] = &[
    "unit",
    "decimals",
    "min",
    "max",
    "softMin",
    "softMax",
    "colorMin",
    "colorMax",
    "noValue",
    "style",
    "stacked",
    "logScale",
    "showLegend",
    "calc",
    "thresholds",
    "thresholdsPercent",
    "thresholdsStyle",
    "mappings",
    "overrides",
    "hideFrom",
    "axisPlacement",
    "transform",
    "fillOpacity",
    "lineWidth",
    "lineStyle",
    "stacking",
    "minInterval",
    "content",
    "alertList",
    "nodeGraph",
];

pub(super) fn read_options(v: &Value, path: &str, notes: &mut Notes) -> Result<PanelOptions, String> {
    let o = Obj::new(v, path, OPTION_KEYS, notes)?;
    let unit = o.opt_str("unit", 64)?.filter(|s| !s.is_empty());
    let decimals = o.opt_u32("decimals", 0, 20)?.and_then(|d| u8::try_from(d).ok());
    let min = o.opt_f64("min")?;
    let max = o.opt_f64("max")?;
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            return Err(format!("{path}: min ({a}) must not be above max ({b})"));
        }
    }
    let (color_min, color_max) = (o.opt_f64("colorMin")?, o.opt_f64("colorMax")?);
    if let (Some(a), Some(b)) = (color_min, color_max) {
        if a >= b {
            return Err(format!("{path}: colorMin ({a}) must be below colorMax ({b})"));
        }
    }
    let style = match o.opt_str("style", 32)? {
        None => SeriesStyle::Lines,
        Some(s) => SeriesStyle::from_id(&s)
            .ok_or_else(|| format!("{} \"{}\" is not one of lines, points, bars", o.p("style"), super::json::clip(&s, 40)))?,
    };
    let calc = match o.opt_str("calc", 32)? {
        None => StatCalc::LastNotNull,
        Some(s) => StatCalc::from_id(&s).ok_or_else(|| {
            let all: Vec<_> = StatCalc::ALL.iter().map(|k| k.id()).collect();
            format!("{} \"{}\" is not one of {}", o.p("calc"), super::json::clip(&s, 40), all.join(", "))
        })?,
    };
    let mut thresholds = Vec::new();
    for (i, tv) in o.arr("thresholds", MAX_THRESHOLDS)?.iter().enumerate() {
        let tp = index(&o.p("thresholds"), i);
        let t = Obj::new(tv, &tp, &["value", "color"], notes)?;
        thresholds.push(Threshold { value: t.opt_f64("value")?, color: t.req_str("color", 64)? });
    }
    let mut mappings = Vec::new();
    for (i, mv) in o.arr("mappings", MAX_MAPPINGS)?.iter().enumerate() {
        mappings.push(read_mapping(mv, &index(&o.p("mappings"), i), notes)?);
    }
    let mut overrides = Vec::new();
    for (i, ov) in o.arr("overrides", MAX_MAPPINGS)?.iter().enumerate() {
        overrides.push(read_override(ov, &index(&o.p("overrides"), i), notes)?);
    }
    Ok(PanelOptions {
        unit,
        decimals,
        min,
        max,
        soft_min: o.opt_f64("softMin")?,
        soft_max: o.opt_f64("softMax")?,
        color_min,
        color_max,
        style,
        stacked: o.bool("stacked", false)?,
        log_scale: o.bool("logScale", false)?,
        show_legend: o.bool("showLegend", true)?,
        calc,
        thresholds,
        thresholds_percent: o.bool("thresholdsPercent", false)?,
        thresholds_style: match o.opt_str("thresholdsStyle", 32)? {
            None => ThresholdsStyle::Off,
            Some(s) => ThresholdsStyle::from_id(&s).ok_or_else(|| {
                let all: Vec<_> = ThresholdsStyle::ALL.iter().map(|k| k.id()).collect();
                format!("{} \"{}\" is not one of {}", o.p("thresholdsStyle"), super::json::clip(&s, 40), all.join(", "))
            })?,
        },
        mappings,
        overrides,
        hide_from: read_hide_from(&o, notes)?.unwrap_or_default(),
        axis_placement: read_axis_placement(&o)?.unwrap_or_default(),
        no_value: o.opt_str("noValue", MAX_SHORT)?.filter(|s| !s.is_empty()),
        // A panel's own lines, bars or points are its `style`.
        series_draw: super::SeriesDraw { draw_style: None, ..read_series_draw(&o, notes)? },
        min_interval: o.opt_str("minInterval", 32)?.filter(|s| !s.trim().is_empty()),
        content: o.str("content", MAX_TEXT)?,
        alert_list: match o.get("alertList") {
            None => None,
            Some(av) => Some(read_alert_list(av, &o.p("alertList"), notes)?),
        },
        node_graph: match o.get("nodeGraph") {
            None => None,
            Some(nv) => {
                let n = Obj::new(nv, &o.p("nodeGraph"), &["source"], notes)?;
                let source = match n.opt_str("source", 32)? {
                    None => MapSource::default(),
                    Some(s) => MapSource::from_id(&s)
                        .ok_or_else(|| format!("{} \"{}\" is not one of both, traces, metrics", n.p("source"), super::json::clip(&s, 40)))?,
                };
                Some(NodeGraphOptions { source })
            }
        },
    })
}

fn read_alert_list(v: &Value, path: &str, notes: &mut Notes) -> Result<AlertListOptions, String> {
    use crate::telemetry::alerts::AlertState;
    let o = Obj::new(v, path, &["states", "maxItems", "sort", "groupBy", "name", "labels"], notes)?;
    let mut states = Vec::new();
    for (i, sv) in o.arr("states", 8)?.iter().enumerate() {
        let s = sv.as_str().unwrap_or("");
        let st = AlertState::from_id(s)
            .ok_or_else(|| format!("{} \"{}\" is not one of firing, pending, inactive", index(&o.p("states"), i), super::json::clip(s, 40)))?;
        if !states.contains(&st) {
            states.push(st);
        }
    }
    let sort = match o.opt_str("sort", 32)? {
        None => AlertSort::default(),
        Some(s) => AlertSort::from_id(&s).ok_or_else(|| {
            let all: Vec<_> = AlertSort::ALL.iter().map(|k| k.id()).collect();
            format!("{} \"{}\" is not one of {}", o.p("sort"), super::json::clip(&s, 40), all.join(", "))
        })?,
    };
    let mut group_by = Vec::new();
    for (i, gv) in o.arr("groupBy", 20)?.iter().enumerate() {
        match gv.as_str() {
            Some(g) if !g.trim().is_empty() && g.len() <= MAX_SHORT => group_by.push(g.trim().to_string()),
            _ => return Err(format!("{} must be a label name", index(&o.p("groupBy"), i))),
        }
    }
    Ok(AlertListOptions {
        states,
        max_items: o.opt_u32("maxItems", 1, MAX_ALERT_ITEMS)?.unwrap_or(10),
        sort,
        group_by,
        name: o.str("name", MAX_SHORT)?,
        labels: o.str("labels", MAX_TEXT)?,
    })
}

/// One value mapping: `kind` value / range (`from`, `to`) / regex / special, with its `text` and `color`.
fn read_mapping(v: &Value, path: &str, notes: &mut Notes) -> Result<ValueMapping, String> {
    let m = Obj::new(v, path, &["kind", "value", "from", "to", "text", "color"], notes)?;
    let kind_text = m.req_str("kind", 32)?;
    let kind = MappingKind::from_id(&kind_text).ok_or_else(|| {
        let all: Vec<_> = MappingKind::ALL.iter().map(|k| k.id()).collect();
        format!("{} \"{}\" is not one of {}", m.p("kind"), super::json::clip(&kind_text, 40), all.join(", "))
    })?;
    let value = m.str("value", MAX_SHORT)?;
    let (from, to) = (m.opt_f64("from")?, m.opt_f64("to")?);
    match kind {
        MappingKind::Range if from.is_none() && to.is_none() => return Err(format!("{path}: a range mapping needs from or to")),
        MappingKind::Range if from.zip(to).is_some_and(|(a, b)| a > b) => return Err(format!("{path}: from must not be above to")),
        MappingKind::Special if !SPECIAL_VALUES.contains(&value.as_str()) => {
            return Err(format!("{} \"{}\" is not one of {}", m.p("value"), super::json::clip(&value, 40), SPECIAL_VALUES.join(", ")))
        }
        MappingKind::Regex if value.is_empty() => return Err(format!("{path}: a regex mapping needs a pattern in value")),
        _ => {}
    }
    let color = m.opt_str("color", 64)?.filter(|c| !c.trim().is_empty());
    Ok(ValueMapping { kind, value, from, to, text: m.str("text", MAX_SHORT)?, color })
}

/// One field override: `name`, `regex`, `refId`, `type` or `names` (exactly one; `namesExclude` only with
/// `names`) and what it sets.
fn read_override(v: &Value, path: &str, notes: &mut Notes) -> Result<FieldOverride, String> {
    let o = Obj::new(v, path, &["name", "regex", "refId", "type", "names", "namesExclude", "displayName", "unit", "decimals", "color", "hideFrom", "axisPlacement", "transform", "fillOpacity", "lineWidth", "lineStyle", "stacking", "drawStyle"], notes)?;
    let name = o.str("name", MAX_SHORT)?;
    let regex = o.str("regex", MAX_SHORT)?;
    let ref_id = o.str("refId", 32)?;
    let field_type = o.str("type", 32)?;
    let names = o.str_list("names", MAX_MAPPINGS, MAX_SHORT)?;
    let names_exclude = o.bool("namesExclude", false)?;
    if [name.is_empty(), regex.is_empty(), ref_id.is_empty(), field_type.is_empty(), names.is_empty()].iter().filter(|e| !**e).count() != 1 {
        return Err(format!("{path}: an override needs exactly one of name, regex, refId, type or names"));
    }
    if names_exclude && names.is_empty() {
        return Err(format!("{}: namesExclude needs names", o.p("namesExclude")));
    }
    Ok(FieldOverride {
        name,
        regex,
        ref_id,
        field_type,
        names,
        names_exclude,
        display_name: o.opt_str("displayName", MAX_SHORT)?,
        unit: o.opt_str("unit", 64)?.filter(|s| !s.is_empty()),
        decimals: o.opt_u32("decimals", 0, 20)?.and_then(|d| u8::try_from(d).ok()),
        color: o.opt_str("color", 64)?.filter(|s| !s.trim().is_empty()),
        hide_from: read_hide_from(&o, notes)?,
        axis_placement: read_axis_placement(&o)?,
        draw: read_series_draw(&o, notes)?,
    })
}

/// `hideFrom`: `{legend, tooltip, viz}`, each true or false.
fn read_hide_from(o: &Obj, notes: &mut Notes) -> Result<Option<HideFrom>, String> {
    let Some(hv) = o.get("hideFrom") else { return Ok(None) };
    let h = Obj::new(hv, &o.p("hideFrom"), &["legend", "tooltip", "viz"], notes)?;
    Ok(Some(HideFrom { legend: h.bool("legend", false)?, tooltip: h.bool("tooltip", false)?, viz: h.bool("viz", false)? }))
}

/// `axisPlacement`: auto, left, right or hidden.
fn read_axis_placement(o: &Obj) -> Result<Option<AxisPlacement>, String> {
    match o.opt_str("axisPlacement", 32)? {
        None => Ok(None),
        Some(s) => AxisPlacement::from_id(&s).map(Some).ok_or_else(|| {
            let all: Vec<_> = AxisPlacement::ALL.iter().map(|k| k.id()).collect();
            format!("{} \"{}\" is not one of {}", o.p("axisPlacement"), super::json::clip(&s, 40), all.join(", "))
        }),
    }
}

const VAR_KEYS: &[&str] = &["name", "label", "kind", "current", "multi", "includeAll", "allValue", "hidden"];
/// The fields every variable has, whatever its kind (version 2 puts them next to the kind's own fields).
pub(super) const VAR_COMMON_KEYS: &[&str] = &["name", "label", "current", "multi", "includeAll", "allValue", "hidden"];
/// The variable kinds (`type` in version 1, `kind` in version 2).
pub(super) const VAR_KINDS: &str = "query, custom, interval, constant, textbox, datasource";

/// The fields of a variable kind `ty`, or `None` for an unknown kind.
pub(super) fn var_kind_keys(ty: &str) -> Option<&'static [&'static str]> {
    match ty {
        "query" => Some(&["datasource", "query", "regex"]),
        "datasource" => Some(&["datasource", "regex"]),
        "custom" => Some(&["values"]),
        "interval" => Some(&["values", "auto"]),
        "constant" | "textbox" => Some(&["value"]),
        _ => None,
    }
}

fn read_variable(v: &Value, path: &str, notes: &mut Notes) -> Result<Variable, String> {
    let o = Obj::new(v, path, VAR_KEYS, notes)?;
    let name = read_var_name(&o)?;
    let kp = o.p("kind");
    let kv = o.get("kind").ok_or_else(|| format!("{kp} is missing"))?;
    let ty = match kv {
        Value::Object(m) => match m.get("type") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => return Err(format!("{kp}.type must be a string, not {}", type_name(other))),
            None => return Err(format!("{kp}.type is missing")),
        },
        other => return Err(format!("{kp} must be an object, not {}", type_name(other))),
    };
    let Some(keys) = var_kind_keys(&ty) else {
        return Err(format!("{kp}.type \"{}\" is not one of {VAR_KINDS}", super::json::clip(&ty, 40)));
    };
    let known: Vec<&str> = std::iter::once("type").chain(keys.iter().copied()).collect();
    let k = Obj::new(kv, &kp, &known, notes)?;
    let kind = read_var_kind(&ty, &k)?;
    read_var_common(&o, name, kind)
}

/// The checked `name` of a variable.
pub(super) fn read_var_name(o: &Obj<'_>) -> Result<String, String> {
    let name = o.req_str("name", 64)?;
    check_variable_name(&name).map_err(|e| format!("{} \"{name}\" {e}", o.p("name")))?;
    Ok(name)
}

/// The kind-specific fields of a variable of kind `ty` (one of [`VAR_KINDS`]) from `k`.
pub(super) fn read_var_kind(ty: &str, k: &Obj<'_>) -> Result<VariableKind, String> {
    Ok(match ty {
        "query" | "datasource" => {
            let datasource = match k.opt_str("datasource", 32)? {
                None => DatasourceKind::Prometheus,
                Some(s) => DatasourceKind::from_id(&s)
                    .ok_or_else(|| format!("{} \"{}\" is not one of prometheus, loki, tempo", k.p("datasource"), super::json::clip(&s, 40)))?,
            };
            let regex = k.str("regex", MAX_SHORT * 5)?;
            if ty == "datasource" {
                VariableKind::Datasource { datasource, regex }
            } else {
                VariableKind::Query { datasource, query: k.req_str("query", MAX_EXPR)?, regex }
            }
        }
        "custom" | "interval" => {
            let values = k.str_list("values", MAX_VALUES, MAX_SHORT * 5)?;
            if ty == "custom" {
                VariableKind::Custom { values }
            } else {
                for (i, s) in values.iter().enumerate() {
                    if parse_duration(s).is_none_or(|ms| ms <= 0) {
                        return Err(format!("{} \"{s}\" is not a duration such as 30s or 5m", index(&k.p("values"), i)));
                    }
                }
                VariableKind::Interval { values, auto: read_auto(k)? }
            }
        }
        "constant" => VariableKind::Constant { value: k.str("value", MAX_EXPR)? },
        _ => VariableKind::TextBox { value: k.str("value", MAX_EXPR)? },
    })
}

/// An interval variable's `auto` (`{"count": 30, "min": "10s"}`), `None` when missing.
fn read_auto(k: &Obj<'_>) -> Result<Option<AutoInterval>, String> {
    let Some(v) = k.get("auto") else { return Ok(None) };
    let p = k.p("auto");
    let Value::Object(m) = v else { return Err(format!("{p} must be an object such as {{\"count\": 30, \"min\": \"10s\"}}, not {}", type_name(v))) };
    if let Some(other) = m.keys().find(|key| !["count", "min"].contains(&key.as_str())) {
        return Err(format!("{p}.{} is not a field of auto (count, min)", super::json::clip(other, 40)));
    }
    let count = match m.get("count") {
        Some(Value::Number(n)) => n.as_u64().filter(|c| (1..=MAX_AUTO_COUNT).contains(c)).and_then(|c| u32::try_from(c).ok()),
        _ => None,
    }
    .ok_or_else(|| format!("{p}.count must be a whole number of steps in 1..{MAX_AUTO_COUNT}"))?;
    let min = match m.get("min") {
        Some(Value::String(s)) if parse_duration(s).is_some_and(|ms| ms >= 0) && s.len() <= 32 => s.clone(),
        _ => return Err(format!("{p}.min must be a duration such as 10s")),
    };
    Ok(Some(AutoInterval { count, min }))
}

/// Most steps an interval variable's "auto" divides the window into (Grafana offers 1 to 500).
pub const MAX_AUTO_COUNT: u64 = 500;

/// A variable from its name, kind and the common fields in `o`.
pub(super) fn read_var_common(o: &Obj<'_>, name: String, kind: VariableKind) -> Result<Variable, String> {
    Ok(Variable {
        name,
        label: o.str("label", MAX_TITLE)?,
        kind,
        current: o.str_list("current", MAX_VALUES, MAX_EXPR)?,
        multi: o.bool("multi", false)?,
        include_all: o.bool("includeAll", false)?,
        all_value: o.opt_str("allValue", MAX_EXPR)?,
        hidden: o.bool("hidden", false)?,
    })
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
