//! The dashboard page's pure logic: URL variables ↔ dashboard variables, the effective time range, each
//! panel's query step, shipped files and import detection, new panels,
//! "Open in Explore" routes, and a minimal markdown reader for text panels (text only, safe links).

use serde_json::Value;

use crate::dashboard::{
    grid, import_grafana, import_perses, parse_dashboard, parse_snapshot, variables::ALL_VALUE, Dashboard, DashboardTime, DatasourceKind, Import, Panel,
    PanelKind, PanelQuery, Snapshot, VariableKind,
};
pub use crate::dashboard::schema::MAX_QUERIES;
use crate::lang::Lang;
use crate::time::duration::parse_duration;
use crate::time::step::auto_step;
use crate::time::TimeRange;
use crate::telemetry::TraceId;
use crate::url_state::{CorrelateState, LogsState, MetricQuery, MetricsState, Route, SearchState, TraceState};

/// Sets each variable's selection from the URL's `var-NAME=value` pairs (several pairs for a multi-value
/// variable; a single-value variable keeps the first). Variables not in the URL keep their saved
/// selection; unknown names and constants are ignored. Returns the names that matched no variable.
pub fn apply_url_vars(d: &mut Dashboard, vars: &[(String, String)]) -> Vec<String> {
    let mut unknown = Vec::new();
    for (name, _) in vars {
        if d.variable(name).is_none() && !unknown.contains(name) {
            unknown.push(name.clone());
        }
    }
    for v in d.variables.iter_mut() {
        if matches!(v.kind, VariableKind::Constant { .. }) {
            continue;
        }
        let mut values: Vec<String> = vars.iter().filter(|(n, _)| *n == v.name).map(|(_, val)| val.clone()).collect();
        if values.is_empty() {
            continue;
        }
        if !v.multi {
            values.truncate(1);
        }
        if let VariableKind::TextBox { value } = &mut v.kind {
            if let Some(first) = values.first() {
                value.clone_from(first);
            }
        }
        v.current = values;
    }
    unknown
}

/// The `var-NAME=value` pairs for the current selections (constants and hidden variables left out).
pub fn url_vars(d: &Dashboard) -> Vec<(String, String)> {
    d.variables
        .iter()
        .filter(|v| !v.hidden && !matches!(v.kind, VariableKind::Constant { .. }))
        .flat_map(|v| v.current.iter().map(move |c| (v.name.clone(), c.clone())))
        .collect()
}

/// Sets variable `name`'s selection (from a picker). A multi-value selection that includes All becomes
/// just All; an empty multi-value selection also becomes All when the variable offers it.
pub fn select(d: &mut Dashboard, name: &str, values: Vec<String>) {
    let Some(v) = d.variables.iter_mut().find(|v| v.name == name) else { return };
    let mut values = values;
    if values.iter().any(|x| x == ALL_VALUE) || (values.is_empty() && v.include_all && v.multi) {
        values = vec![ALL_VALUE.to_string()];
    }
    if !v.multi {
        values.truncate(1);
    }
    if let VariableKind::TextBox { value } = &mut v.kind {
        *value = values.first().cloned().unwrap_or_default();
    }
    v.current = values;
}

/// The range a dashboard shows: the URL's when the link has one, else the dashboard's saved time (a
/// malformed saved time falls back to the URL's default).
pub fn effective_range(time: &DashboardTime, url_range: &TimeRange, url_has_range: bool) -> TimeRange {
    if url_has_range {
        return url_range.clone();
    }
    TimeRange::parse(&time.from, &time.to).unwrap_or_else(|_| url_range.clone())
}

/// True when the URL fragment names a time range (`from=` or `to=` parameter).
pub fn fragment_has_range(fragment: &str) -> bool {
    let q = fragment.split_once('?').map_or("", |(_, q)| q);
    q.split('&').any(|kv| kv.starts_with("from=") || kv.starts_with("to="))
}

/// The step of one panel query: about one point per pixel of the panel (`width_px`), at least the query's
/// or the panel's min interval (when it is a duration, not a variable), times the query's interval factor.
pub fn panel_step(range_ms: i64, width_px: u32, panel: &Panel, query: &PanelQuery) -> i64 {
    let min = query
        .min_interval
        .as_deref()
        .and_then(parse_duration)
        .or_else(|| panel.options.min_interval.as_deref().and_then(parse_duration))
        .filter(|m| *m > 0);
    auto_step(range_ms, width_px.max(50), min).saturating_mul(i64::from(query.interval_factor.max(1)))
}

/// A file of the shipped `dashboards/` folder: a dashboard, or a snapshot (dashboard and data, opened with
/// no backend: what a docs site ships to embed a frozen dashboard).
#[derive(Clone, Debug, PartialEq)]
pub enum ShippedFile {
    Dashboard(Dashboard),
    Snapshot(Box<Snapshot>),
}

/// Reads a shipped file; errors name the file.
pub fn read_shipped_file(file: &str, text: &str) -> Result<ShippedFile, String> {
    let is_snapshot = serde_json::from_str::<Value>(text).ok().is_some_and(|v| v.get("snapshotVersion").is_some());
    if is_snapshot {
        return parse_snapshot(text).map(|(s, _)| ShippedFile::Snapshot(Box::new(s))).map_err(|e| format!("The shipped snapshot {file} is invalid: {e}"));
    }
    parse_dashboard(text).map(|(d, _)| ShippedFile::Dashboard(d)).map_err(|e| format!("The shipped dashboard {file} is invalid: {e}"))
}

/// What an imported file turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Imported {
    /// Trifocal's own dashboard JSON, with reading notices.
    Trifocal(Dashboard, Vec<String>),
    /// A Grafana dashboard, converted (notices and skipped panels inside).
    Grafana(Import),
    /// A Perses dashboard, converted (notices and skipped panels inside).
    Perses(Import),
    /// A Trifocal snapshot (dashboard + data).
    Snapshot(Box<Snapshot>, Vec<String>),
}

/// Reads a pasted or uploaded file: a Trifocal snapshot (`snapshotVersion`), a Trifocal dashboard
/// (`schemaVersion` 2, or 1 with Trifocal panel kinds), a Perses dashboard (`kind: Dashboard` with a `spec` and
/// no `schemaVersion`) or a Grafana dashboard (classic JSON, v1 resource, an export with `__inputs`, or a
/// Grafana 12 v2 dashboard: the resource or its bare spec). Errors say what was wrong.
pub fn import_any(text: &str) -> Result<Imported, String> {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Err("Nothing to import: the text is empty.".into());
    }
    let v: Value = serde_json::from_str(t).map_err(|e| format!("This is not valid JSON: {e}"))?;
    let Some(obj) = v.as_object() else {
        return Err("This JSON is not a dashboard: expected an object { … }.".into());
    };
    if obj.contains_key("snapshotVersion") {
        let (s, n) = parse_snapshot(t)?;
        return Ok(Imported::Snapshot(Box::new(s), n));
    }
    let version = obj.get("schemaVersion").and_then(Value::as_u64);
    if version == Some(2) && obj.get("kind").and_then(Value::as_str) == Some("Dashboard") {
        return parse_dashboard(t).map(|(d, n)| Imported::Trifocal(d, n));
    }
    // Perses: `{"kind": "Dashboard", "spec": {…}}` without the `schemaVersion` of Trifocal's own file.
    if obj.get("kind").and_then(Value::as_str) == Some("Dashboard")
        && obj.get("spec").is_some_and(Value::is_object)
        && !obj.contains_key("schemaVersion")
        && !obj.get("apiVersion").and_then(Value::as_str).is_some_and(|a| a.starts_with("dashboard.grafana.app"))
    {
        return import_perses(t).map(Imported::Perses);
    }
    let is_grafana = obj.contains_key("templating")
        || obj.contains_key("__inputs")
        || obj.contains_key("spec")
        || obj.contains_key("dashboard")
        || (obj.contains_key("elements") && obj.contains_key("layout"))
        || version.is_some_and(|n| n != 1)
        || obj
            .get("panels")
            .and_then(Value::as_array)
            .is_some_and(|ps| ps.iter().any(|p| p.get("type").is_some() && p.get("kind").is_none()));
    if is_grafana {
        return import_grafana(t).map(Imported::Grafana);
    }
    parse_dashboard(t).map(|(d, n)| Imported::Trifocal(d, n))
}

/// A new panel of `kind` placed at the first free spot, with one query (`expr`) when the kind has queries.
pub fn new_panel(d: &Dashboard, kind: PanelKind, title: &str, expr: &str) -> Panel {
    let (w, h) = match kind {
        PanelKind::Stat => (6, 5),
        PanelKind::Row => (24, 1),
        PanelKind::Logs | PanelKind::Table | PanelKind::Traces => (12, 9),
        _ => (12, 8),
    };
    let grid_pos = grid::free_spot(&d.panels, w, h);
    let queries = if kind.has_queries() {
        let mut q = PanelQuery::new("A", kind.default_datasource(), expr);
        q.instant = kind == PanelKind::Table;
        vec![q]
    } else {
        Vec::new()
    };
    let mut p = Panel { id: d.next_panel_id(), title: title.to_string(), kind, grid_pos, queries, ..Panel::default() };
    if kind == PanelKind::Text {
        p.options.content = expr.to_string();
    }
    p
}

/// Renames row `id` to `asked` (trimmed): false when it is empty, unchanged, or `id` is not a row.
pub fn rename_row(d: &mut Dashboard, id: u32, asked: &str) -> bool {
    let title = asked.trim();
    match d.panels.iter_mut().find(|p| p.id == id && p.kind == PanelKind::Row) {
        Some(r) if !title.is_empty() && r.title != title => {
            r.title = title.to_string();
            true
        }
        _ => false,
    }
}

/// The first reference id not used by `queries`: `A` … `Z`, then `AA`, `AB`, … (as Grafana names them).
pub fn next_ref_id(queries: &[PanelQuery]) -> String {
    (0u32..)
        .map(ref_id_name)
        .find(|n| !queries.iter().any(|q| q.ref_id == *n))
        .unwrap_or_else(|| "Q".to_string())
}

/// `0` → `A`, `25` → `Z`, `26` → `AA` (bijective base 26).
fn ref_id_name(mut n: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Adds a query to a panel (the panel editor's "Add query"): the next free reference id, the datasource of
/// the last query (or the kind's default), an empty expression. Returns its index, or None when the panel
/// already has the most queries a dashboard allows ([`MAX_QUERIES`]).
pub fn add_query(panel: &mut Panel) -> Option<usize> {
    if panel.queries.len() >= MAX_QUERIES {
        return None;
    }
    let ds = panel.queries.last().map_or_else(|| panel.kind.default_datasource(), |q| q.datasource);
    let q = PanelQuery::new(&next_ref_id(&panel.queries), ds, "");
    panel.queries.push(q);
    Some(panel.queries.len() - 1)
}

/// Removes query `index` of a panel; the others keep their reference ids (so links and legends that name
/// them stay right). False when there is no such query.
pub fn remove_query(panel: &mut Panel, index: usize) -> bool {
    if index >= panel.queries.len() {
        return false;
    }
    panel.queries.remove(index);
    true
}

/// A copy of panel `id` placed at the next free spot, with a new id. None when there is no such panel or
/// it is a row.
pub fn duplicate_panel(d: &Dashboard, id: u32) -> Option<Panel> {
    let p = d.panel(id).filter(|p| p.kind != PanelKind::Row)?;
    let mut c = p.clone();
    c.id = d.next_panel_id();
    c.grid_pos = grid::free_spot(&d.panels, p.grid_pos.w, p.grid_pos.h);
    Some(c)
}

/// The query language of a panel query's datasource (what its editor highlights, checks and completes).
pub fn query_lang(datasource: DatasourceKind, ds: &crate::datasource::Datasources) -> Lang {
    match datasource {
        DatasourceKind::Prometheus => Lang::PromQL,
        // Log queries go to the logs backend chosen in Settings: LogQL for Loki, LogsQL for VictoriaLogs.
        DatasourceKind::Loki => crate::view::log_lang::log_language(ds).lang,
        DatasourceKind::Tempo => Lang::TraceQL,
    }
}

/// The datasources a panel query of `signal` can pick, as `(value, label)`: the default, each configured
/// one of that signal, and each dashboard variable (`vars`: name and selected values) whose values name
/// datasources of that signal (a `datasource` variable).
pub fn source_choices(ds: &crate::datasource::Datasources, signal: DatasourceKind, vars: &[(String, Vec<String>)]) -> Vec<(String, String)> {
    use crate::datasource::sources::{pick, Pick};
    let mut out = vec![(String::new(), format!("{} (default)", ds.default_name(signal)))];
    out.extend(ds.sources.iter().filter(|s| s.kind.signal() == signal).map(|s| (s.name.clone(), format!("{} ({})", s.name, s.kind.label()))));
    for (name, values) in vars {
        let names_sources = !values.is_empty() && values.iter().all(|v| pick(&ds.sources, signal, v).is_ok());
        let names_one = values.iter().any(|v| matches!(pick(&ds.sources, signal, v), Ok(Pick::Source(_)))) || values.iter().any(|v| v.trim() == ds.default_name(signal));
        if names_sources && names_one {
            out.push((format!("${name}"), format!("${name} (variable)")));
        }
    }
    out
}

/// The panel editor's example for a query language (its placeholder).
pub fn query_hint(lang: Lang) -> &'static str {
    match lang {
        Lang::PromQL => "PromQL, e.g. sum by (service_name) (rate(http_server_requests_total[$__rate_interval]))",
        Lang::LogQL => "LogQL, e.g. {service_name=\"$service\"} |= \"error\"",
        Lang::LogsQL => "LogsQL, e.g. {service_name=\"$service\"} level:=error",
        Lang::TraceQL => "TraceQL, e.g. { resource.service.name = \"$service\" && status = error }",
    }
}

/// "Open in Explore" for one query (already interpolated) over a range: Prometheus → metrics, Loki →
/// logs, Tempo → trace search (or the trace, when the query is a trace ID), asking the same datasource
/// (`source`, a name; empty = the default).
pub fn explore_route(datasource: DatasourceKind, source: &str, expr: &str, legend: &str, instant: bool, range: &TimeRange) -> Route {
    let source = source.to_string();
    match datasource {
        DatasourceKind::Prometheus => Route::Metrics(MetricsState {
            range: range.clone(),
            queries: vec![MetricQuery { ref_id: "A".into(), expr: expr.into(), legend: legend.into(), instant, hidden: false }],
            source,
            ..MetricsState::default()
        }),
        DatasourceKind::Loki => Route::Logs(LogsState { range: range.clone(), query: expr.into(), source, ..LogsState::default() }),
        DatasourceKind::Tempo => match trace_id_query(expr) {
            Some(id) => Route::Trace(TraceState { trace_id: id.to_hex(), source, ..TraceState::default() }),
            None => Route::Search(SearchState { range: range.clone(), query: expr.into(), source, ..SearchState::default() }),
        },
    }
}

/// A trace's links in a logs or traces panel, `(trace view, correlation workspace)`, asking the datasource
/// the panel's query asked (`signal`; `source`, a name; empty = the default): a traces panel's source is the
/// trace view's and the workspace's trace datasource, a logs panel's the workspace's logs datasource (`ds=`).
pub fn panel_trace_links(trace_id: &TraceId, signal: DatasourceKind, source: &str) -> (String, String) {
    let hex = trace_id.to_hex();
    let trace_source = if signal == DatasourceKind::Tempo { source.trim() } else { "" };
    let trace = Route::Trace(TraceState { trace_id: hex.clone(), source: trace_source.to_string(), ..TraceState::default() });
    let ws_source = if matches!(signal, DatasourceKind::Tempo | DatasourceKind::Loki) { source.trim() } else { "" };
    (format!("#{}", crate::url_state::encode(&trace)), CorrelateState::href_in(&hex, ws_source))
}

/// The trace ID a traces panel's query names when the whole query is one (16 or 32 hex digits, any case, as
/// Grafana's trace panel takes it): the panel then shows that trace instead of a search.
pub fn trace_id_query(expr: &str) -> Option<TraceId> {
    let e = expr.trim();
    (matches!(e.len(), 16 | 32) && e.bytes().all(|b| b.is_ascii_hexdigit())).then(|| TraceId::parse_hex(e)).flatten()
}

/// A traces panel's query as Jaeger search terms: a TraceQL filter is translated
/// (`backends::jaeger::traceql`), text without `{` is already terms. Err says what Jaeger cannot express.
pub fn traceql_to_terms(q: &str) -> Result<String, String> {
    if crate::backends::jaeger::traceql::is_traceql(q) {
        crate::backends::jaeger::traceql::to_terms(q)
    } else {
        Ok(q.trim().to_string())
    }
}

/// Inline text of a text panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Emphasis(String),
    Code(String),
    /// A link whose target passed [`safe_href`].
    Link { text: String, href: String },
}

/// A block of a text panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextBlock {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List(Vec<Vec<Inline>>),
    Code(String),
}

pub use crate::dashboard::links::safe_href;

/// Reads minimal markdown: `#`..`######` headings, `-`/`*` bullet lists, fenced code blocks, paragraphs
/// separated by blank lines; inline `**strong**`, `*emphasis*`, `` `code` `` and `[text](url)` links
/// (unsafe targets become plain text). Raw HTML stays literal text. At most 2000 blocks.
pub fn markdown_blocks(src: &str) -> Vec<TextBlock> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<Vec<Inline>> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |para: &mut Vec<&str>, list: &mut Vec<Vec<Inline>>, out: &mut Vec<TextBlock>| {
        if !para.is_empty() {
            out.push(TextBlock::Paragraph(inlines(&para.join(" "))));
            para.clear();
        }
        if !list.is_empty() {
            out.push(TextBlock::List(std::mem::take(list)));
        }
    };
    for line in src.lines() {
        if out.len() >= 2000 {
            break;
        }
        let t = line.trim();
        if let Some(c) = code.as_mut() {
            if t.starts_with("```") {
                out.push(TextBlock::Code(c.join("\n")));
                code = None;
            } else {
                c.push(line);
            }
            continue;
        }
        if t.starts_with("```") {
            flush(&mut para, &mut list, &mut out);
            code = Some(Vec::new());
            continue;
        }
        if t.is_empty() {
            flush(&mut para, &mut list, &mut out);
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && t.chars().nth(hashes) == Some(' ') {
            flush(&mut para, &mut list, &mut out);
            let text = t.get(hashes..).unwrap_or("").trim();
            out.push(TextBlock::Heading(hashes as u8, inlines(text)));
            continue;
        }
        if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            if !para.is_empty() {
                out.push(TextBlock::Paragraph(inlines(&para.join(" "))));
                para.clear();
            }
            list.push(inlines(item.trim()));
            continue;
        }
        if !list.is_empty() {
            out.push(TextBlock::List(std::mem::take(&mut list)));
        }
        para.push(t);
    }
    if let Some(c) = code {
        out.push(TextBlock::Code(c.join("\n")));
    }
    flush(&mut para, &mut list, &mut out);
    out
}

/// Inline markdown of one paragraph or heading.
pub fn inlines(s: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    let push_text = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::Text(std::mem::take(text)));
        }
    };
    while let Some(c) = rest.chars().next() {
        let after = rest.get(c.len_utf8()..).unwrap_or("");
        if let Some(r) = rest.strip_prefix("**") {
            if let Some(end) = r.find("**").filter(|e| *e > 0) {
                push_text(&mut text, &mut out);
                out.push(Inline::Strong(r.get(..end).unwrap_or("").to_string()));
                rest = r.get(end + 2..).unwrap_or("");
                continue;
            }
        }
        if c == '`' {
            if let Some(end) = after.find('`') {
                push_text(&mut text, &mut out);
                out.push(Inline::Code(after.get(..end).unwrap_or("").to_string()));
                rest = after.get(end + 1..).unwrap_or("");
                continue;
            }
        }
        if c == '*' || c == '_' {
            if let Some(end) = after.find(c).filter(|e| *e > 0) {
                let inner = after.get(..end).unwrap_or("");
                if !inner.starts_with(' ') && !inner.ends_with(' ') {
                    push_text(&mut text, &mut out);
                    out.push(Inline::Emphasis(inner.to_string()));
                    rest = after.get(end + 1..).unwrap_or("");
                    continue;
                }
            }
        }
        if c == '[' {
            if let Some(close) = after.find("](") {
                let label = after.get(..close).unwrap_or("");
                let tail = after.get(close + 2..).unwrap_or("");
                if let Some(paren) = tail.find(')') {
                    let url = tail.get(..paren).unwrap_or("");
                    push_text(&mut text, &mut out);
                    match safe_href(url) {
                        Some(href) => out.push(Inline::Link { text: label.to_string(), href }),
                        None => out.push(Inline::Text(label.to_string())),
                    }
                    rest = tail.get(paren + 1..).unwrap_or("");
                    continue;
                }
            }
        }
        text.push(c);
        rest = after;
    }
    push_text(&mut text, &mut out);
    out
}

#[cfg(test)]
#[path = "dash_tests.rs"]
mod tests;
