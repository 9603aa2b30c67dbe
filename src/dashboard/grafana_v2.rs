//! Grafana 12 dashboards in schema v2 (`apiVersion: dashboard.grafana.app/v2…`, or its bare `spec`): panels
//! kept in `elements` and placed by `layout` (GridLayout, AutoGridLayout, RowsLayout, TabsLayout), variables
//! as kinds, `timeSettings`, queries as `PanelQuery` kinds. They are read as the classic JSON the v1 import
//! ([`super::grafana`]) reads, so panels, queries, mappings and overrides are converted in one place; tabs
//! become tab rows. Every layout or setting that cannot be carried over is named in a notice.

use serde_json::{json, Map, Value};

use super::grafana::{import_value, Import};
use super::json::clip;

/// Most notices of the v2 reading itself (the classic import has its own cap).
const MAX_NOTES: usize = 500;
/// Grafana's auto grid: rows of about 320 px are 9 grid units (short 5, tall 13).
const AUTO_ROW_HEIGHT: u64 = 9;

/// True for a v2 dashboard: the resource (`apiVersion: dashboard.grafana.app/v2…`) or its bare spec
/// (`elements` and `layout` objects, no `panels`).
pub fn is_v2(top: &Map<String, Value>) -> bool {
    let api = top.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    if api.starts_with("dashboard.grafana.app/") {
        return api.starts_with("dashboard.grafana.app/v2");
    }
    let spec = top.get("spec").and_then(Value::as_object).unwrap_or(top);
    spec.get("elements").is_some_and(Value::is_object) && spec.get("layout").is_some_and(Value::is_object) && !spec.contains_key("panels")
}

/// Converts a v2 dashboard ([`is_v2`]); errors when its spec is not an object.
pub fn import_v2(top: &Map<String, Value>) -> Result<Import, String> {
    let (spec, uid) = match top.get("apiVersion").and_then(Value::as_str) {
        Some(_) => match top.get("spec") {
            Some(Value::Object(s)) => (s, top.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str)),
            _ => return Err("This Grafana v2 dashboard has no \"spec\" object.".into()),
        },
        None => (top, None),
    };
    let empty = Map::new();
    let elements = spec.get("elements").and_then(Value::as_object).unwrap_or(&empty);
    let max_id = elements.values().filter_map(|e| e.pointer("/spec/id").and_then(Value::as_u64)).max().unwrap_or(0);
    let mut cx = V2 { elements, notes: Vec::new(), next_id: max_id.saturating_add(1), tab_ids: Vec::new(), used: Vec::new(), bottom: 0 };
    let mut classic = Map::new();
    for k in ["title", "description", "tags", "links"] {
        if let Some(v) = spec.get(k) {
            classic.insert(k.into(), v.clone());
        }
    }
    if let Some(u) = uid {
        classic.insert("uid".into(), json!(u));
    }
    classic.insert("schemaVersion".into(), json!(41));
    cx.time_settings(spec.get("timeSettings"), &mut classic);
    classic.insert("templating".into(), json!({ "list": cx.variables(spec.get("variables")) }));
    classic.insert("annotations".into(), json!({ "list": cx.annotations(spec.get("annotations")) }));
    let sections = match spec.get("layout") {
        Some(l) => cx.top(l),
        None => {
            cx.note("This dashboard has no layout; its panels are placed one after another.".into());
            Vec::new()
        }
    };
    let mut panels = cx.emit(sections);
    panels.extend(cx.unplaced());
    classic.insert("panels".into(), Value::Array(panels));

    let mut imported = import_value(&Value::Object(classic))?;
    for p in imported.dashboard.panels.iter_mut() {
        if p.kind == super::PanelKind::Row && cx.tab_ids.contains(&u64::from(p.id)) {
            p.tab = true;
        }
    }
    let mut notices = cx.notes;
    notices.append(&mut imported.notices);
    imported.notices = notices;
    Ok(imported)
}

/// What a section of the flattened layout is.
#[derive(Debug, PartialEq)]
enum Head {
    /// Panels under no row (the top of the dashboard).
    None,
    Row { title: String, collapsed: bool, repeat: Option<String> },
    Tab { title: String, repeat: Option<String> },
}

/// A row, a tab or the top: its panels as classic JSON with positions relative to it.
struct Section {
    head: Head,
    items: Vec<Value>,
}

struct V2<'a> {
    elements: &'a Map<String, Value>,
    notes: Vec<String>,
    next_id: u64,
    /// Ids given to the rows that are tabs.
    tab_ids: Vec<u64>,
    /// Elements placed so far.
    used: Vec<String>,
    /// The bottom of the panels emitted so far.
    bottom: u64,
}

fn s<'v>(v: Option<&'v Value>, key: &str) -> &'v str {
    v.and_then(|v| v.get(key)).and_then(Value::as_str).unwrap_or("")
}

fn kind(v: &Value) -> &str {
    v.get("kind").and_then(Value::as_str).unwrap_or("")
}

fn arr<'v>(v: Option<&'v Value>, key: &str) -> &'v [Value] {
    v.and_then(|v| v.get(key)).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn num(v: Option<&Value>, key: &str) -> Option<u64> {
    v.and_then(|v| v.get(key)).and_then(Value::as_f64).filter(|n| n.is_finite() && *n >= 0.0).map(|n| n.round() as u64)
}

/// A v2 query (`{kind: "DataQuery", group, datasource: {name}, spec}`, or v2alpha1's `{kind: <plugin>, spec}`
/// with the datasource beside it) as the classic target's fields and its `{type, uid}` datasource.
fn classic_query(query: Option<&Value>, outer_ds: Option<&Value>) -> (Map<String, Value>, Value) {
    let q = query.unwrap_or(&Value::Null);
    let (group, uid) = if kind(q) == "DataQuery" {
        (s(Some(q), "group").to_string(), s(q.get("datasource"), "name").to_string())
    } else {
        let t = s(outer_ds, "type");
        (if t.is_empty() { kind(q).to_string() } else { t.to_string() }, s(outer_ds, "uid").to_string())
    };
    let fields = q.get("spec").and_then(Value::as_object).cloned().unwrap_or_default();
    (fields, json!({ "type": group, "uid": uid }))
}

impl V2<'_> {
    fn note(&mut self, n: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(n);
        }
    }

    fn fresh_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        id
    }

    fn time_settings(&mut self, t: Option<&Value>, classic: &mut Map<String, Value>) {
        let (from, to) = (s(t, "from"), s(t, "to"));
        if !from.is_empty() && !to.is_empty() {
            classic.insert("time".into(), json!({ "from": from, "to": to }));
        }
        let refresh = s(t, "autoRefresh");
        if !refresh.is_empty() {
            classic.insert("refresh".into(), json!(refresh));
        }
    }

    // ----- variables and annotations -----

    fn variables(&mut self, v: Option<&Value>) -> Vec<Value> {
        let Some(list) = v.and_then(Value::as_array) else { return Vec::new() };
        list.iter().map(|k| self.variable(k)).collect()
    }

    /// A variable kind as the classic variable (`type` from the kind; kinds Trifocal lacks keep a type the
    /// classic import names in its notice).
    fn variable(&mut self, k: &Value) -> Value {
        let spec = k.get("spec").cloned().unwrap_or(Value::Null);
        let mut out = spec.as_object().cloned().unwrap_or_default();
        let ty = match kind(k) {
            "QueryVariable" => "query",
            "CustomVariable" => "custom",
            "ConstantVariable" => "constant",
            "TextVariable" => "textbox",
            "IntervalVariable" => "interval",
            "DatasourceVariable" => "datasource",
            "AdhocVariable" => "adhoc",
            "GroupByVariable" => "groupby",
            "SwitchVariable" => "switch",
            other => {
                let t = other.trim_end_matches("Variable").to_ascii_lowercase();
                out.insert("type".into(), json!(if t.is_empty() { "unknown".to_string() } else { clip(&t, 40) }));
                return Value::Object(out);
            }
        };
        out.insert("type".into(), json!(ty));
        let hide = match s(Some(&spec), "hide") {
            "hideLabel" => 1,
            "hideVariable" => 2,
            _ => 0,
        };
        out.insert("hide".into(), json!(hide));
        match ty {
            "query" => {
                let (fields, ds) = classic_query(spec.get("query"), spec.get("datasource"));
                let text = fields.get("__legacyStringValue").cloned();
                out.insert("datasource".into(), ds);
                out.insert("query".into(), text.unwrap_or(Value::Object(fields)));
            }
            "datasource" => {
                out.insert("query".into(), json!(s(Some(&spec), "pluginId")));
            }
            _ => {}
        }
        Value::Object(out)
    }

    fn annotations(&mut self, v: Option<&Value>) -> Vec<Value> {
        let Some(list) = v.and_then(Value::as_array) else { return Vec::new() };
        let mut out = Vec::new();
        for a in list {
            let spec = a.get("spec");
            let mut c = spec.and_then(Value::as_object).cloned().unwrap_or_default();
            c.remove("query");
            if spec.and_then(|s| s.get("builtIn")).and_then(Value::as_bool) == Some(true) {
                c.insert("builtIn".into(), json!(1));
            }
            let (fields, ds) = classic_query(spec.and_then(|s| s.get("query")), spec.and_then(|s| s.get("datasource")));
            c.insert("datasource".into(), ds);
            c.insert("target".into(), Value::Object(fields));
            out.push(Value::Object(c));
        }
        out
    }

    // ----- layout -----

    /// The dashboard's layout as sections: rows stay rows, tabs become tab rows (a row holding tabs keeps
    /// its heading above them); what nests deeper is stacked into its row or tab, with a notice.
    fn top(&mut self, layout: &Value) -> Vec<Section> {
        let spec = layout.get("spec");
        match kind(layout) {
            "GridLayout" | "AutoGridLayout" => vec![Section { head: Head::None, items: self.flat(layout, "the dashboard") }],
            "RowsLayout" => {
                let mut out = Vec::new();
                for r in arr(spec, "rows") {
                    let rs = r.get("spec");
                    let title = s(rs, "title").to_string();
                    let shown = if title.is_empty() { "(untitled)".to_string() } else { clip(&title, 60) };
                    self.conditional(rs, &format!("Row \"{shown}\""));
                    if rs.and_then(|r| r.get("hideHeader")).and_then(Value::as_bool) == Some(true) {
                        self.note(format!("Row \"{shown}\" hides its heading in Grafana; it is shown here."));
                    }
                    let collapsed = rs.and_then(|r| r.get("collapse")).and_then(Value::as_bool).unwrap_or(false);
                    let repeat = Some(s(rs.and_then(|r| r.get("repeat")), "value").to_string()).filter(|v| !v.is_empty());
                    let inner = rs.and_then(|r| r.get("layout")).unwrap_or(&Value::Null);
                    if kind(inner) == "TabsLayout" {
                        if collapsed {
                            self.note(format!("Row \"{shown}\" is folded in Grafana; its tabs are shown open."));
                        }
                        out.push(Section { head: Head::Row { title, collapsed: false, repeat }, items: Vec::new() });
                        out.extend(self.tabs(inner));
                    } else {
                        let items = self.flat(inner, &format!("row \"{shown}\""));
                        out.push(Section { head: Head::Row { title, collapsed, repeat }, items });
                    }
                }
                out
            }
            "TabsLayout" => self.tabs(layout),
            other => {
                self.note(format!("The layout kind \"{}\" is not known; its panels are placed one after another.", clip(other, 40)));
                Vec::new()
            }
        }
    }

    fn tabs(&mut self, layout: &Value) -> Vec<Section> {
        let mut out = Vec::new();
        for t in arr(layout.get("spec"), "tabs") {
            let ts = t.get("spec");
            let title = s(ts, "title").to_string();
            let shown = if title.is_empty() { "(untitled)".to_string() } else { clip(&title, 60) };
            self.conditional(ts, &format!("Tab \"{shown}\""));
            let repeat = Some(s(ts.and_then(|t| t.get("repeat")), "value").to_string()).filter(|v| !v.is_empty());
            let items = self.flat(ts.and_then(|t| t.get("layout")).unwrap_or(&Value::Null), &format!("tab \"{shown}\""));
            out.push(Section { head: Head::Tab { title, repeat }, items });
        }
        out
    }

    fn conditional(&mut self, spec: Option<&Value>, what: &str) {
        if spec.and_then(|s| s.get("conditionalRendering")).is_some_and(|c| !c.is_null()) {
            self.note(format!("{what} is shown only under conditions in Grafana (conditional rendering); it is always shown here."));
        }
    }

    /// Every panel a layout places, in one grid (positions relative to its top); rows and tabs nested here
    /// are stacked one after another without their headings, and named.
    fn flat(&mut self, layout: &Value, within: &str) -> Vec<Value> {
        let spec = layout.get("spec");
        match kind(layout) {
            "GridLayout" => {
                let mut out = Vec::new();
                for it in arr(spec, "items") {
                    let is = it.get("spec");
                    self.conditional(is, &format!("A panel of {within}"));
                    let pos = (num(is, "x").unwrap_or(0), num(is, "y").unwrap_or(0), num(is, "width").unwrap_or(12), num(is, "height").unwrap_or(8));
                    let r = is.and_then(|i| i.get("repeat"));
                    let repeat = (s(r, "value"), s(r, "direction"), num(r, "maxPerRow"));
                    if let Some(p) = self.element(is.and_then(|i| i.get("element")), pos, repeat) {
                        out.push(p);
                    }
                }
                out
            }
            "AutoGridLayout" => {
                let cols = num(spec, "maxColumnCount").unwrap_or(3).clamp(1, 24);
                let w = (24 / cols).max(1);
                let h = match s(spec, "rowHeightMode") {
                    "short" => 5,
                    "tall" => 13,
                    "custom" => num(spec, "rowHeight").map_or(AUTO_ROW_HEIGHT, |px| (px / 38).clamp(2, 40)),
                    _ => AUTO_ROW_HEIGHT,
                };
                let mut out = Vec::new();
                for (i, it) in arr(spec, "items").iter().enumerate() {
                    let is = it.get("spec");
                    self.conditional(is, &format!("A panel of {within}"));
                    let i = i as u64;
                    let pos = ((i % cols) * w, (i / cols) * h, w, h);
                    let r = is.and_then(|i| i.get("repeat"));
                    if let Some(p) = self.element(is.and_then(|i| i.get("element")), pos, (s(r, "value"), "h", Some(cols))) {
                        out.push(p);
                    }
                }
                out
            }
            "RowsLayout" | "TabsLayout" => {
                let (list, part) = if kind(layout) == "RowsLayout" { ("rows", "rows") } else { ("tabs", "tabs") };
                let mut out = Vec::new();
                let mut titles = Vec::new();
                let mut top = 0;
                for r in arr(spec, list) {
                    let rs = r.get("spec");
                    titles.push(format!("\"{}\"", clip(s(rs, "title"), 60)));
                    let repeat = s(rs.and_then(|r| r.get("repeat")), "value");
                    if !repeat.is_empty() {
                        let one = if list == "rows" { "Row" } else { "Tab" };
                        self.note(format!(
                            "{one} \"{}\" inside {within} repeats for each value of ${} in Grafana; it is drawn once.",
                            clip(s(rs, "title"), 60),
                            clip(repeat, 40)
                        ));
                    }
                    let inner = rs.and_then(|r| r.get("layout")).unwrap_or(&Value::Null);
                    let mut items = self.flat(inner, within);
                    let bottom = items.iter().filter_map(|p| Some(num(p.get("gridPos"), "y")? + num(p.get("gridPos"), "h")?)).max().unwrap_or(0);
                    for p in &mut items {
                        if let Some(y) = p.pointer_mut("/gridPos/y") {
                            *y = json!(y.as_u64().unwrap_or(0) + top);
                        }
                    }
                    top += bottom;
                    out.extend(items);
                }
                if !titles.is_empty() {
                    self.note(format!("The {part} inside {within} ({}) are drawn one after another, without their headings.", titles.join(", ")));
                }
                out
            }
            "" if layout.is_null() => Vec::new(),
            other => {
                self.note(format!("The layout kind \"{}\" in {within} is not known; its panels were not placed.", clip(other, 40)));
                Vec::new()
            }
        }
    }

    /// The classic panel of the element an item refers to, at `(x, y, w, h)`, with the item's repeat.
    fn element(&mut self, reference: Option<&Value>, (x, y, w, h): (u64, u64, u64, u64), (rep, dir, per_row): (&str, &str, Option<u64>)) -> Option<Value> {
        let name = s(reference, "name").to_string();
        let Some(el) = self.elements.get(&name) else {
            self.note(format!("A layout item refers to the element \"{}\", which this dashboard does not have; it was skipped.", clip(&name, 60)));
            return None;
        };
        if self.used.contains(&name) {
            self.note(format!("The element \"{}\" is placed twice; it is shown once.", clip(&name, 60)));
            return None;
        }
        self.used.push(name.clone());
        let mut p = self.classic_panel(&name, el);
        p.insert("gridPos".into(), json!({ "x": x.min(23), "y": y, "w": w.clamp(1, 24), "h": h.max(1) }));
        if !rep.is_empty() {
            p.insert("repeat".into(), json!(rep));
            p.insert("repeatDirection".into(), json!(if dir == "v" { "v" } else { "h" }));
            if let Some(n) = per_row {
                p.insert("maxPerRow".into(), json!(n));
            }
        }
        Some(Value::Object(p))
    }

    /// An element (`Panel` or `LibraryPanel`) as a classic panel.
    fn classic_panel(&mut self, name: &str, el: &Value) -> Map<String, Value> {
        let spec = el.get("spec");
        let mut p = Map::new();
        for k in ["id", "title", "description", "links", "transparent"] {
            if let Some(v) = spec.and_then(|s| s.get(k)) {
                p.insert(k.into(), v.clone());
            }
        }
        if !p.contains_key("title") {
            p.insert("title".into(), json!(name));
        }
        match kind(el) {
            "Panel" => {}
            "LibraryPanel" => {
                p.insert("libraryPanel".into(), spec.and_then(|s| s.get("libraryPanel")).cloned().unwrap_or(json!({})));
                return p;
            }
            other => {
                p.insert("type".into(), json!(format!("element kind {}", clip(other, 40))));
                return p;
            }
        }
        let viz = spec.and_then(|s| s.get("vizConfig"));
        let ty = if viz.is_some_and(|v| kind(v) == "VizConfig") { s(viz, "group") } else { viz.map(kind).unwrap_or("") };
        p.insert("type".into(), json!(ty));
        let vs = viz.and_then(|v| v.get("spec"));
        for k in ["options", "fieldConfig"] {
            if let Some(v) = vs.and_then(|s| s.get(k)) {
                p.insert(k.into(), v.clone());
            }
        }
        let data = spec.and_then(|s| s.get("data")).and_then(|d| d.get("spec"));
        let mut targets = Vec::new();
        for q in arr(data, "queries") {
            let qs = q.get("spec");
            let (mut t, ds) = classic_query(qs.and_then(|q| q.get("query")), qs.and_then(|q| q.get("datasource")));
            t.insert("refId".into(), json!(s(qs, "refId")));
            t.insert("hide".into(), json!(qs.and_then(|q| q.get("hidden")).and_then(Value::as_bool).unwrap_or(false)));
            t.insert("datasource".into(), ds);
            targets.push(Value::Object(t));
        }
        p.insert("targets".into(), Value::Array(targets));
        let transformations: Vec<Value> = arr(data, "transformations").iter().map(|t| t.get("spec").cloned().unwrap_or(Value::Null)).collect();
        p.insert("transformations".into(), Value::Array(transformations));
        let opts = data.and_then(|d| d.get("queryOptions"));
        for k in ["timeFrom", "timeShift", "interval", "maxDataPoints", "hideTimeOverride"] {
            if let Some(v) = opts.and_then(|o| o.get(k)) {
                p.insert(k.into(), v.clone());
            }
        }
        p
    }

    /// Sections as the classic panel list: a row (or tab) panel at the top of each, its panels below it
    /// (inside it when it is folded), positions made absolute.
    fn emit(&mut self, sections: Vec<Section>) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cursor: u64 = 0;
        for sec in sections {
            let bottom = sec.items.iter().filter_map(|p| Some(num(p.get("gridPos"), "y")? + num(p.get("gridPos"), "h")?)).max().unwrap_or(0);
            let (row, below) = match sec.head {
                Head::None => (None, cursor),
                Head::Row { title, collapsed, repeat } => {
                    let id = self.fresh_id();
                    let mut r = json!({ "type": "row", "id": id, "title": title, "collapsed": collapsed, "gridPos": { "x": 0, "y": cursor, "w": 24, "h": 1 } });
                    if let Some(v) = repeat {
                        r["repeat"] = json!(v);
                    }
                    (Some((r, collapsed)), cursor + 1)
                }
                Head::Tab { title, repeat } => {
                    let id = self.fresh_id();
                    self.tab_ids.push(id);
                    let mut r = json!({ "type": "row", "id": id, "title": title, "collapsed": false, "gridPos": { "x": 0, "y": cursor, "w": 24, "h": 1 } });
                    if let Some(v) = repeat {
                        r["repeat"] = json!(v);
                    }
                    (Some((r, false)), cursor + 1)
                }
            };
            let mut items = sec.items;
            for p in &mut items {
                if let Some(y) = p.pointer_mut("/gridPos/y") {
                    *y = json!(y.as_u64().unwrap_or(0) + below);
                }
            }
            match row {
                Some((mut r, true)) => {
                    r["panels"] = Value::Array(items);
                    out.push(r);
                    cursor = below;
                }
                Some((r, false)) => {
                    out.push(r);
                    out.extend(items);
                    cursor = below + bottom;
                }
                None => {
                    out.extend(items);
                    cursor = below + bottom;
                }
            }
        }
        self.bottom = cursor;
        out
    }

    /// Elements no layout places, under a folded row of their own at the bottom, named.
    fn unplaced(&mut self) -> Vec<Value> {
        let names: Vec<String> = self.elements.keys().filter(|k| !self.used.contains(k)).cloned().collect();
        if names.is_empty() {
            return Vec::new();
        }
        let shown: Vec<String> = names.iter().take(10).map(|n| format!("\"{}\"", clip(n, 60))).collect();
        self.note(format!("Elements in no layout ({}) are under a folded row \"Not in the layout\".", shown.join(", ")));
        let mut kids = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let i = i as u64;
            let pos = ((i % 2) * 12, self.bottom + 1 + (i / 2) * 8, 12, 8);
            if let Some(p) = self.element(Some(&json!({ "name": n })), pos, ("", "", None)) {
                kids.push(p);
            }
        }
        let id = self.fresh_id();
        vec![json!({ "type": "row", "id": id, "title": "Not in the layout", "collapsed": true, "gridPos": { "x": 0, "y": self.bottom, "w": 24, "h": 1 }, "panels": kids })]
    }
}

#[cfg(test)]
#[path = "grafana_v2_tests.rs"]
mod tests;
