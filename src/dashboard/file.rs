//! The dashboard file, version 2: Perses-like `{kind, spec}` objects — panels in a map keyed by id, grid
//! layouts (one per row) whose items refer to them — read with checks that name the JSON path, and written
//! in a stable order. Version 1 files (Grafana-shaped panel list) are read by [`super::validate`] and
//! written back as version 2.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::json::{clip, index, join, type_name, Notes, Obj};
use super::layout::{assemble, sections, Section};
use super::links::{safe_href, MAX_LINKS, MAX_LINK_URL};
use super::schema::*;
use super::validate::{
    check_uid, read_options, read_query_fields, read_refresh, read_time, read_var_common, read_var_kind,
    read_var_name, var_kind_keys, MAX_SHORT, MAX_TAGS, MAX_TEXT, MAX_TITLE, VAR_COMMON_KEYS, VAR_KINDS,
};

/// Where a layout item's `content.$ref` points: `#/spec/panels/<id>`.
const REF_PREFIX: &str = "#/spec/panels/";
/// Title of the row that shows panels no layout places.
pub const UNPLACED_ROW_TITLE: &str = "Panels not in any layout";

// ---- writing ----

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileOut<'a> {
    kind: &'static str,
    schema_version: u32,
    metadata: Metadata<'a>,
    spec: SpecOut<'a>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SpecOut<'a> {
    display: Display<'a>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    time: &'a DashboardTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_interval: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    variables: Vec<KindSpec<VarSpec<'a>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<LinkOut<'a>>,
    #[serde(skip_serializing_if = "<[Annotation]>::is_empty")]
    annotations: &'a [Annotation],
    panels: BTreeMap<u32, KindSpec<PanelSpec<'a>>>,
    layouts: Vec<KindSpec<GridSpec<'a>>>,
}

#[derive(Serialize)]
struct KindSpec<T> {
    kind: &'static str,
    spec: T,
}

#[derive(Serialize)]
struct Display<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
}

#[derive(Serialize)]
struct PanelSpec<'a> {
    display: Display<'a>,
    plugin: KindSpec<&'a PanelOptions>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    queries: Vec<KindSpec<QuerySpec<'a>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<LinkOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repeat: Option<&'a Repeat>,
    #[serde(rename = "timeFrom", skip_serializing_if = "Option::is_none")]
    time_from: Option<&'a str>,
    #[serde(rename = "timeShift", skip_serializing_if = "Option::is_none")]
    time_shift: Option<&'a str>,
    #[serde(rename = "hideTimeOverride", skip_serializing_if = "std::ops::Not::not")]
    hide_time_override: bool,
}

/// A link as Perses writes it: `name`, `url`, `targetBlank`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LinkOut<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    target_blank: bool,
}

fn links_out(links: &[Link]) -> Vec<LinkOut<'_>> {
    links.iter().map(|l| LinkOut { name: &l.title, url: &l.url, target_blank: l.new_tab }).collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QuerySpec<'a> {
    ref_id: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    source: &'a str,
    expr: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    legend: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    instant: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hidden: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_interval: Option<&'a str>,
    #[serde(skip_serializing_if = "is_one")]
    interval_factor: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VarSpec<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    datasource: Option<DatasourceKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    regex: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto: Option<&'a AutoInterval>,
    current: &'a [String],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    multi: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    include_all: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    all_value: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hidden: bool,
}

#[derive(Serialize)]
struct GridSpec<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<GridDisplay<'a>>,
    /// A row drawn once per value of this variable, its panels under each copy (Perses' `repeatVariable`).
    #[serde(rename = "repeatVariable", skip_serializing_if = "Option::is_none")]
    repeat_variable: Option<&'a str>,
    items: Vec<GridItem>,
}

#[derive(Serialize)]
struct GridDisplay<'a> {
    title: &'a str,
    collapse: Collapse,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    tab: bool,
}

#[derive(Serialize)]
struct Collapse {
    open: bool,
}

#[derive(Serialize)]
struct GridItem {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
    content: Ref,
}

#[derive(Serialize)]
struct Ref {
    #[serde(rename = "$ref")]
    to: String,
}

fn var_spec(v: &Variable) -> KindSpec<VarSpec<'_>> {
    let mut s = VarSpec {
        name: &v.name,
        label: &v.label,
        datasource: None,
        query: None,
        regex: None,
        values: None,
        value: None,
        auto: None,
        current: &v.current,
        multi: v.multi,
        include_all: v.include_all,
        all_value: v.all_value.as_deref(),
        hidden: v.hidden,
    };
    match &v.kind {
        VariableKind::Query { datasource, query, regex } => {
            s.datasource = Some(*datasource);
            s.query = Some(query);
            s.regex = Some(regex.as_str()).filter(|r| !r.is_empty());
        }
        VariableKind::Datasource { datasource, regex } => {
            s.datasource = Some(*datasource);
            s.regex = Some(regex.as_str()).filter(|r| !r.is_empty());
        }
        VariableKind::Custom { values } => s.values = Some(values),
        VariableKind::Interval { values, auto } => {
            s.values = Some(values);
            s.auto = auto.as_ref();
        }
        VariableKind::Constant { value } | VariableKind::TextBox { value } => s.value = Some(value),
    }
    KindSpec { kind: v.kind.id(), spec: s }
}

fn panel_spec(p: &Panel) -> KindSpec<PanelSpec<'_>> {
    let queries = p
        .queries
        .iter()
        .map(|q| KindSpec {
            kind: q.datasource.id(),
            spec: QuerySpec {
                ref_id: &q.ref_id,
                source: &q.source,
                expr: &q.expr,
                legend: &q.legend,
                instant: q.instant,
                hidden: q.hidden,
                min_interval: q.min_interval.as_deref(),
                interval_factor: q.interval_factor,
                limit: q.limit,
            },
        })
        .collect();
    KindSpec {
        kind: "Panel",
        spec: PanelSpec {
            display: Display { name: &p.title, description: &p.description },
            plugin: KindSpec { kind: p.kind.id(), spec: &p.options },
            queries,
            links: links_out(&p.links),
            repeat: p.repeat.as_ref(),
            time_from: p.time_from.as_deref(),
            time_shift: p.time_shift.as_deref(),
            hide_time_override: p.hide_time_override,
        },
    }
}

/// Writes `d` as a version 2 file (pretty JSON, stable order: panels by id, layouts top to bottom).
pub(crate) fn write(d: &Dashboard) -> String {
    serde_json::to_string_pretty(&file_out(d)).unwrap_or_default()
}

impl Serialize for Dashboard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        file_out(self).serialize(s)
    }
}

fn file_out(d: &Dashboard) -> FileOut<'_> {
    let panels = d
        .all_panels()
        .into_iter()
        .filter(|p| p.kind != PanelKind::Row)
        .map(|p| (p.id, panel_spec(p)))
        .collect();
    let layouts = sections(&d.panels)
        .into_iter()
        .map(|s| KindSpec {
            kind: "Grid",
            spec: GridSpec {
                id: s.row.map(|r| r.id),
                display: s.row.map(|r| GridDisplay { title: &r.title, collapse: Collapse { open: !r.collapsed }, tab: r.tab }),
                repeat_variable: s.row.and_then(|r| r.repeat.as_ref()).map(|r| r.variable.as_str()),
                items: s
                    .panels
                    .iter()
                    .map(|(p, g)| GridItem {
                        x: g.x,
                        y: g.y,
                        width: g.w,
                        height: g.h,
                        content: Ref { to: format!("{REF_PREFIX}{}", p.id) },
                    })
                    .collect(),
            },
        })
        .collect();
    FileOut {
        kind: "Dashboard",
        schema_version: SCHEMA_VERSION,
        metadata: Metadata { name: &d.uid },
        spec: SpecOut {
            display: Display { name: &d.title, description: &d.description },
            tags: &d.tags,
            time: &d.time,
            refresh_interval: d.refresh.as_deref(),
            variables: d.variables.iter().map(var_spec).collect(),
            links: links_out(&d.links),
            annotations: &d.annotations,
            panels,
            layouts,
        },
    }
}

// ---- reading ----

/// Reads a version 2 dashboard from `v` (at `path`, for snapshots that hold one).
pub(crate) fn read(v: &Value, path: &str, notes: &mut Notes) -> Result<Dashboard, String> {
    let o = Obj::new(v, path, &["kind", "schemaVersion", "metadata", "spec"], notes)?;
    match o.get("kind") {
        Some(Value::String(k)) if k == "Dashboard" => {}
        None => return Err(format!("{} is missing (it must be \"Dashboard\")", o.p("kind"))),
        Some(Value::String(k)) => return Err(format!("{} is \"{}\"; it must be \"Dashboard\"", o.p("kind"), clip(k, 40))),
        Some(other) => return Err(format!("{} must be the string \"Dashboard\", not {}", o.p("kind"), type_name(other))),
    }
    let mp = o.p("metadata");
    let meta = Obj::new(o.get("metadata").ok_or_else(|| format!("{mp} is missing"))?, &mp, &["name"], notes)?;
    let uid = meta.req_str("name", 64)?;
    check_uid(&uid).map_err(|e| format!("{} {e}", meta.p("name")))?;
    let sp = o.p("spec");
    let spec = Obj::new(
        o.get("spec").ok_or_else(|| format!("{sp} is missing"))?,
        &sp,
        &["display", "tags", "time", "refreshInterval", "variables", "links", "annotations", "panels", "layouts"],
        notes,
    )?;
    let (title, description) = match spec.get("display") {
        None => (String::new(), String::new()),
        Some(dv) => {
            let d = Obj::new(dv, &spec.p("display"), &["name", "description"], notes)?;
            (d.str("name", MAX_TITLE)?, d.str("description", MAX_TEXT)?)
        }
    };
    let tags = spec.str_list("tags", MAX_TAGS, MAX_SHORT)?;
    let time = read_time(&spec, "time", notes)?;
    let refresh = read_refresh(&spec, "refreshInterval")?;
    let mut variables = Vec::new();
    let mut names = HashSet::new();
    for (i, vv) in spec.arr("variables", MAX_VARIABLES)?.iter().enumerate() {
        let vp = index(&spec.p("variables"), i);
        let var = read_variable(vv, &vp, notes)?;
        if !names.insert(var.name.clone()) {
            return Err(format!("{vp}.spec.name \"{}\" is used by another variable", var.name));
        }
        variables.push(var);
    }
    let links = read_links(&spec, notes)?;
    let annotations = read_annotations(&spec, notes)?;
    let mut panels = read_panels(&spec, notes)?;
    for (path, p) in panels.values() {
        if let Some(r) = p.repeat.as_ref().filter(|r| !names.contains(&r.variable)) {
            let have: Vec<&str> = variables.iter().map(|v| v.name.as_str()).collect();
            let have = if have.is_empty() { "there are none".to_string() } else { format!("variables: {}", have.join(", ")) };
            return Err(format!("{path}.spec.repeat.variable \"{}\" names no variable of this dashboard ({have})", r.variable));
        }
    }
    let layouts = read_layouts(&spec, &mut panels, notes)?;
    for (i, row) in layouts.iter().enumerate().filter_map(|(i, s)| s.row.as_ref().map(|r| (i, r))) {
        if let Some(r) = row.repeat.as_ref().filter(|r| !names.contains(&r.variable)) {
            let have: Vec<&str> = variables.iter().map(|v| v.name.as_str()).collect();
            let have = if have.is_empty() { "there are none".to_string() } else { format!("variables: {}", have.join(", ")) };
            return Err(format!("{}.spec.repeatVariable \"{}\" names no variable of this dashboard ({have})", index(&spec.p("layouts"), i), r.variable));
        }
    }
    Ok(Dashboard {
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
        panels: assemble(layouts),
    })
}

/// The `annotations` of a dashboard spec: Prometheus queries drawn as regions on time-series panels.
fn read_annotations(o: &Obj<'_>, notes: &mut Notes) -> Result<Vec<Annotation>, String> {
    let mut out = Vec::new();
    for (i, av) in o.arr("annotations", MAX_ANNOTATIONS)?.iter().enumerate() {
        let ap = index(&o.p("annotations"), i);
        let a = Obj::new(av, &ap, &["name", "enabled", "source", "expr", "step", "titleFormat", "textFormat", "tagKeys", "color"], notes)?;
        let step = a.opt_str("step", 32)?.filter(|s| !s.trim().is_empty());
        if let Some(s) = &step {
            if !s.starts_with('$') && crate::time::duration::parse_duration(s).is_none() {
                return Err(format!("{} \"{}\" is not a duration (30s, 1m)", a.p("step"), clip(s, 32)));
            }
        }
        out.push(Annotation {
            name: a.str("name", MAX_SHORT)?,
            enabled: a.bool("enabled", true)?,
            source: a.str("source", MAX_SHORT)?,
            expr: a.req_str("expr", MAX_TEXT)?,
            step,
            title_format: a.str("titleFormat", MAX_SHORT * 5)?,
            text_format: a.str("textFormat", MAX_TEXT)?,
            tag_keys: a.str_list("tagKeys", 20, MAX_SHORT)?,
            color: a.str("color", 64)?,
        });
    }
    Ok(out)
}

fn read_variable(v: &Value, path: &str, notes: &mut Notes) -> Result<Variable, String> {
    let o = Obj::new(v, path, &["kind", "spec"], notes)?;
    let ty = o.req_str("kind", 32)?;
    let Some(keys) = var_kind_keys(&ty) else {
        return Err(format!("{} \"{}\" is not one of {VAR_KINDS}", o.p("kind"), clip(&ty, 40)));
    };
    let known: Vec<&str> = VAR_COMMON_KEYS.iter().chain(keys.iter()).copied().collect();
    let sp = o.p("spec");
    let s = Obj::new(o.get("spec").ok_or_else(|| format!("{sp} is missing"))?, &sp, &known, notes)?;
    let name = read_var_name(&s)?;
    let kind = read_var_kind(&ty, &s)?;
    read_var_common(&s, name, kind)
}

/// `spec.panels`: the map from id to panel, in id order.
fn read_panels(spec: &Obj<'_>, notes: &mut Notes) -> Result<BTreeMap<u32, (String, Panel)>, String> {
    let pp = spec.p("panels");
    let map = match spec.get("panels") {
        None => return Ok(BTreeMap::new()),
        Some(Value::Object(m)) => m,
        Some(other) => return Err(format!("{pp} must be an object keyed by panel id, not {}", type_name(other))),
    };
    if map.len() > MAX_PANELS {
        return Err(format!("{pp} has {} panels, at most {MAX_PANELS} are allowed", map.len()));
    }
    let mut out = BTreeMap::new();
    for (key, pv) in map {
        let path = join(&pp, &clip(key, 40));
        let id = key
            .parse::<u32>()
            .ok()
            .filter(|id| *id >= 1 && id.to_string() == *key)
            .ok_or_else(|| format!("{path}: a panel's key is its id, a whole number from 1 (got \"{}\")", clip(key, 40)))?;
        out.insert(id, (path.clone(), read_panel(pv, &path, id, notes)?));
    }
    Ok(out)
}

fn read_panel(v: &Value, path: &str, id: u32, notes: &mut Notes) -> Result<Panel, String> {
    let o = Obj::new(v, path, &["kind", "spec"], notes)?;
    match o.req_str("kind", 32)?.as_str() {
        "Panel" => {}
        k => return Err(format!("{} is \"{}\"; it must be \"Panel\"", o.p("kind"), clip(k, 40))),
    }
    let sp = o.p("spec");
    let s = Obj::new(o.get("spec").ok_or_else(|| format!("{sp} is missing"))?, &sp, &["display", "plugin", "queries", "links", "repeat", "timeFrom", "timeShift", "hideTimeOverride"], notes)?;
    let (title, description) = match s.get("display") {
        None => (String::new(), String::new()),
        Some(dv) => {
            let d = Obj::new(dv, &s.p("display"), &["name", "description"], notes)?;
            (d.str("name", MAX_TITLE)?, d.str("description", MAX_TEXT)?)
        }
    };
    let plp = s.p("plugin");
    let pl = Obj::new(s.get("plugin").ok_or_else(|| format!("{plp} is missing"))?, &plp, &["kind", "spec"], notes)?;
    let kind_s = pl.req_str("kind", 32)?;
    let kind = PanelKind::from_id(&kind_s).filter(|k| *k != PanelKind::Row).ok_or_else(|| {
        let all: Vec<_> = PanelKind::ALL.iter().filter(|k| **k != PanelKind::Row).map(|k| k.id()).collect();
        let hint = if kind_s == "row" { " (rows are layouts in version 2)" } else { "" };
        format!("{} \"{}\" is not a panel kind (one of {}){hint}", pl.p("kind"), clip(&kind_s, 40), all.join(", "))
    })?;
    let options = match pl.get("spec") {
        None => PanelOptions::default(),
        Some(ov) => read_options(ov, &pl.p("spec"), notes)?,
    };
    let mut queries = Vec::new();
    let mut refs = HashSet::new();
    for (i, qv) in s.arr("queries", MAX_QUERIES)?.iter().enumerate() {
        let qp = index(&s.p("queries"), i);
        let q = Obj::new(qv, &qp, &["kind", "spec"], notes)?;
        let ds = q.req_str("kind", 32)?;
        let datasource = DatasourceKind::from_id(&ds)
            .ok_or_else(|| format!("{} \"{}\" is not one of prometheus, loki, tempo", q.p("kind"), clip(&ds, 40)))?;
        let qsp = q.p("spec");
        let fields = Obj::new(
            q.get("spec").ok_or_else(|| format!("{qsp} is missing"))?,
            &qsp,
            &["refId", "source", "expr", "legend", "instant", "hidden", "minInterval", "intervalFactor", "limit"],
            notes,
        )?;
        let query = read_query_fields(&fields, datasource)?;
        if !refs.insert(query.ref_id.clone()) {
            return Err(format!("{qsp}.refId \"{}\" is used by another query of this panel", query.ref_id));
        }
        queries.push(query);
    }
    if !kind.has_queries() && !queries.is_empty() {
        notes.push(format!("{}: a {} panel runs no queries; they were dropped", s.p("queries"), kind.id()));
        queries.clear();
    }
    let links = read_links(&s, notes)?;
    let repeat = match s.get("repeat") {
        None => None,
        Some(rv) => {
            let r = Obj::new(rv, &s.p("repeat"), &["variable", "direction", "maxPerRow"], notes)?;
            let variable = r.req_str("variable", 64)?;
            let dir = r.str("direction", 8)?;
            let direction = if dir.is_empty() {
                RepeatDirection::default()
            } else {
                RepeatDirection::from_id(&dir).ok_or_else(|| format!("{} \"{}\" must be \"h\" or \"v\"", r.p("direction"), clip(&dir, 8)))?
            };
            let max_per_row = r.opt_u32("maxPerRow", 1, 24)?.unwrap_or(4);
            Some(Repeat { variable, direction, max_per_row })
        }
    };
    let time_from = Some(s.str("timeFrom", 64)?).filter(|t| !t.trim().is_empty());
    if let Some(t) = &time_from {
        super::panel_time::check_time_from(t).map_err(|e| format!("{}: {e}", s.p("timeFrom")))?;
    }
    let time_shift = Some(s.str("timeShift", 64)?).filter(|t| !t.trim().is_empty());
    if let Some(t) = &time_shift {
        super::panel_time::check_time_shift(t).map_err(|e| format!("{}: {e}", s.p("timeShift")))?;
    }
    Ok(Panel {
        id,
        title,
        description,
        kind,
        grid_pos: GridPos::default(),
        queries,
        options,
        links,
        collapsed: false,
        panels: Vec::new(),
        repeat,
        tab: false,
        time_from,
        time_shift,
        hide_time_override: s.bool("hideTimeOverride", false)?,
    })
}

/// The `links` of a panel or dashboard spec: `{name, url, targetBlank}`; only http(s) and relative URLs.
fn read_links(o: &Obj<'_>, notes: &mut Notes) -> Result<Vec<Link>, String> {
    let mut out = Vec::new();
    for (i, lv) in o.arr("links", MAX_LINKS)?.iter().enumerate() {
        let lp = index(&o.p("links"), i);
        let l = Obj::new(lv, &lp, &["name", "url", "targetBlank"], notes)?;
        let url = l.req_str("url", MAX_LINK_URL)?;
        if safe_href(&url).is_none() {
            return Err(format!("{} \"{}\" is not a link Trifocal opens: only http(s) and relative links", l.p("url"), clip(&url, 60)));
        }
        out.push(Link { title: l.str("name", MAX_TITLE)?, url, new_tab: l.bool("targetBlank", false)? });
    }
    Ok(out)
}

/// `spec.layouts` as sections, taking the panels they refer to out of `panels`; panels no layout places go
/// under a row of their own (with a notice).
fn read_layouts(
    spec: &Obj<'_>,
    panels: &mut BTreeMap<u32, (String, Panel)>,
    notes: &mut Notes,
) -> Result<Vec<Section>, String> {
    let mut out = Vec::new();
    let mut placed: HashMap<u32, String> = HashMap::new();
    let mut row_ids: HashMap<u32, String> = HashMap::new();
    let panel_paths: HashMap<u32, String> = panels.iter().map(|(id, (path, _))| (*id, path.clone())).collect();
    let total = panels.len();
    let layouts = spec.arr("layouts", MAX_PANELS)?;
    let rows = layouts.iter().filter(|l| l.get("spec").and_then(|s| s.get("display")).is_some()).count();
    if total.saturating_add(rows) > MAX_PANELS {
        return Err(format!("{} holds more than {MAX_PANELS} panels (rows included)", spec.p("layouts")));
    }
    for (i, lv) in layouts.iter().enumerate() {
        let lp = index(&spec.p("layouts"), i);
        let l = Obj::new(lv, &lp, &["kind", "spec"], notes)?;
        match l.req_str("kind", 32)?.as_str() {
            "Grid" => {}
            k => return Err(format!("{} \"{}\" is not a layout kind (only \"Grid\")", l.p("kind"), clip(k, 40))),
        }
        let gp = l.p("spec");
        let g = Obj::new(l.get("spec").ok_or_else(|| format!("{gp} is missing"))?, &gp, &["id", "display", "repeatVariable", "items"], notes)?;
        let row = match g.get("display") {
            None => None,
            Some(dv) => {
                let d = Obj::new(dv, &g.p("display"), &["title", "collapse", "tab"], notes)?;
                let open = match d.get("collapse") {
                    None => true,
                    Some(cv) => Obj::new(cv, &d.p("collapse"), &["open"], notes)?.bool("open", true)?,
                };
                let id = g.opt_u32("id", 1, u32::MAX)?.unwrap_or(0);
                if id != 0 {
                    if let Some(other) = panel_paths.get(&id) {
                        return Err(format!("{} {id} is also the id of the panel {other}", g.p("id")));
                    }
                    if let Some(other) = row_ids.insert(id, g.p("id")) {
                        return Err(format!("{} {id} is also the id of {other}", g.p("id")));
                    }
                }
                Some(Panel {
                    id,
                    title: d.str("title", MAX_TITLE)?,
                    kind: PanelKind::Row,
                    grid_pos: GridPos { x: 0, y: 0, w: GRID_COLUMNS, h: 1 },
                    collapsed: !open,
                    tab: d.bool("tab", false)?,
                    repeat: g.opt_str("repeatVariable", 64)?.filter(|v| !v.is_empty()).map(|variable| Repeat {
                        variable,
                        direction: RepeatDirection::Vertical,
                        max_per_row: 1,
                    }),
                    ..Panel::default()
                })
            }
        };
        if row.is_none() && g.get("id").is_some() {
            notes.push(format!("{}: only a layout with a display (a row) has an id; ignored", g.p("id")));
        }
        if row.is_none() && g.get("repeatVariable").is_some() {
            notes.push(format!("{}: only a layout with a display (a row) repeats; ignored", g.p("repeatVariable")));
        }
        let mut items = Vec::new();
        for (j, iv) in g.arr("items", MAX_PANELS)?.iter().enumerate() {
            let ip = index(&g.p("items"), j);
            let it = Obj::new(iv, &ip, &["x", "y", "width", "height", "content"], notes)?;
            let w = it.req_u32("width", 1, GRID_COLUMNS)?;
            let x = it.opt_u32("x", 0, GRID_COLUMNS - 1)?.unwrap_or(0);
            if x + w > GRID_COLUMNS {
                return Err(format!("{ip}: x + width must be at most {GRID_COLUMNS} (x {x}, width {w})"));
            }
            let h = it.req_u32("height", 1, 1000)?;
            let y = it.opt_u32("y", 0, MAX_GRID_Y)?.unwrap_or(0);
            let cp = it.p("content");
            let c = Obj::new(it.get("content").ok_or_else(|| format!("{cp} is missing"))?, &cp, &["$ref"], notes)?;
            let to = c.req_str("$ref", 64)?;
            let id = to
                .strip_prefix(REF_PREFIX)
                .and_then(|k| k.parse::<u32>().ok())
                .ok_or_else(|| format!("{} \"{}\" must be \"{REF_PREFIX}<panel id>\"", c.p("$ref"), clip(&to, 40)))?;
            if let Some(first) = placed.get(&id) {
                return Err(format!("{} places panel {id} a second time (first at {first})", c.p("$ref")));
            }
            let Some((_, mut panel)) = panels.remove(&id) else {
                let known: Vec<String> = panels.keys().take(20).map(u32::to_string).collect();
                let have = if known.is_empty() { "none is left".to_string() } else { format!("ids: {}", known.join(", ")) };
                return Err(format!("{} \"{to}\" names no panel in spec.panels ({have})", c.p("$ref")));
            };
            placed.insert(id, c.p("$ref"));
            panel.grid_pos = GridPos { x, y, w, h };
            items.push(panel);
        }
        out.push(Section { row, panels: items });
    }
    if !panels.is_empty() {
        let mut bottom = 0u32;
        let mut rest = Vec::new();
        for (_, (path, mut p)) in std::mem::take(panels) {
            notes.push(format!("{path} is in no layout; it is shown under a row \"{UNPLACED_ROW_TITLE}\""));
            p.grid_pos = GridPos { x: 0, y: bottom, w: GRID_COLUMNS / 2, h: 8 };
            bottom = bottom.saturating_add(8).min(MAX_GRID_Y);
            rest.push(p);
        }
        let row = Panel { id: 0, title: UNPLACED_ROW_TITLE.into(), kind: PanelKind::Row, ..Panel::default() };
        out.push(Section { row: Some(row), panels: rest });
    }
    Ok(out)
}

/// The first panel id that appears twice as a key of `spec.panels` in the text (a JSON parser keeps only
/// the last one, so this is looked for before reading). `None` when there is none or the text is not a
/// version 2 shape (the reader then says what is wrong).
pub(crate) fn duplicate_panel_key(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Top {
        spec: Option<Spec>,
    }
    #[derive(Deserialize)]
    struct Spec {
        panels: Option<Keys>,
    }
    struct Keys(Option<String>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a map")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Keys, A::Error> {
                    let mut seen = HashSet::new();
                    let mut dup = None;
                    while let Some(k) = m.next_key::<String>()? {
                        m.next_value::<serde::de::IgnoredAny>()?;
                        if dup.is_none() && !seen.insert(k.clone()) {
                            dup = Some(k);
                        }
                    }
                    Ok(Keys(dup))
                }
            }
            de.deserialize_map(V)
        }
    }
    let top: Top = serde_json::from_str(text).ok()?;
    top.spec?.panels?.0
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
