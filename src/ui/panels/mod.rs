//! Dashboard panels: each panel loads its own data (interpolated queries, its own step) once it is in or
//! near the viewport, shows its own waiting/loading/error/empty state and never affects the others. Bodies
//! per kind live in the files next to this.

pub mod settings;
pub mod store;
mod alert_list;
pub mod field_editor;
mod heatmap;
mod node_graph;
pub(crate) mod menu;
pub(crate) mod late;
mod logs;
mod stat;
mod table;
mod text;
mod timeseries;
mod single_trace;
mod traces;

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::backends::prometheus::legend::format_legend;
use crate::backends::ApiError;
use crate::browser;
use crate::dashboard::snapshot::{SnapLog, SnapSeries, SnapTrace, SnapTraceSpans};
use crate::dashboard::grid::DragKind;
use crate::dashboard::links::{shown_links, ShownLink};
use crate::dashboard::{interpolate, Annotation, Builtins, DatasourceKind, Panel, PanelData, PanelKind, PanelQuery, Snapshot};
use crate::datasource::Datasources;
use crate::datasource::plan::{plan_panel, PlanEnv};
use crate::http::panel::{self as http_panel, Answer};
use crate::http::Abort;
use crate::telemetry::{LogEntry, Series, Trace, TraceSummary};
use crate::time::TimeRange;
use crate::ui::ctx::Health;
use crate::url_state;
use crate::view::heatmap::{prefers_heatmap_of, AUTO_HEATMAP_NOTE};
use crate::view::annotations::{regions, Region};
use crate::view::dash::explore_route;

/// What every panel of one dashboard view shares: the range, the variable values, the backends' health,
/// a refresh counter, and the snapshot when the dashboard is one.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelEnv {
    pub range: TimeRange,
    pub from_ms: i64,
    pub to_ms: i64,
    /// `(name, values)` with All already resolved.
    pub vars: Vec<(String, Vec<String>)>,
    pub health: Health,
    pub tick: u32,
    pub snapshot: Option<Arc<Snapshot>>,
    /// The dashboard's annotation queries (drawn on time-series panels).
    pub annotations: Arc<Vec<Annotation>>,
    /// When the window was resolved and the time zone's offset (a panel's own relative time counts from them).
    pub now_ms: i64,
    pub tz_offset_min: i32,
}

/// One query as it was sent (for tests, the inspector and "Open in Explore").
#[derive(Clone, Debug, PartialEq)]
pub struct QueryInfo {
    pub ref_id: String,
    pub datasource: DatasourceKind,
    /// The named datasource asked; empty = the default.
    pub source: String,
    pub expr: String,
    pub legend: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub step_ms: i64,
    pub instant: bool,
    pub count: usize,
}

/// A panel's loaded data.
#[derive(Clone, Debug, Default)]
pub struct PanelResult {
    /// `(ref_id, series, legend text)`.
    pub series: Vec<(String, Series, String)>,
    pub logs: Vec<LogEntry>,
    pub traces: Vec<TraceSummary>,
    /// The one trace of a traces panel whose query is a trace ID.
    pub trace: Option<Arc<Trace>>,
    pub errors: Vec<String>,
    pub note: Option<String>,
    pub queries: Vec<QueryInfo>,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Time-series panels: the dashboard's annotation regions over the panel's range.
    pub regions: Vec<Region>,
}

impl PanelResult {
    /// True when the series hold histogram samples and no float samples (`view::heatmap::auto_viz` draws
    /// such a time-series result as a heatmap).
    fn histograms_only(&self) -> bool {
        prefers_heatmap_of(self.series.iter().map(|(_, s, _)| s))
    }

    fn count(&self, kind: PanelKind) -> usize {
        match kind {
            PanelKind::Logs => self.logs.len(),
            PanelKind::Traces => self.trace.as_ref().map(|t| t.spans.len()).unwrap_or(self.traces.len()),
            _ => self.series.len(),
        }
    }

    /// The data to keep in a snapshot.
    pub fn to_snapshot(&self, panel_id: u32) -> PanelData {
        PanelData {
            panel_id,
            error: (!self.errors.is_empty()).then(|| self.errors.join("; ")),
            series: self.series.iter().map(|(r, s, _)| SnapSeries::from_series(r, s)).collect(),
            logs: self.logs.iter().map(SnapLog::from_entry).collect(),
            traces: self.traces.iter().map(SnapTrace::from_summary).collect(),
            trace: self.trace.as_deref().map(SnapTraceSpans::from_trace),
        }
    }
}

/// Edits asked for from a panel's header (edit mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelAction {
    Edit(u32),
    Duplicate(u32),
    Delete(u32),
    Move(u32, i32, i32),
    Resize(u32, i32, i32),
    ToggleRow(u32),
    /// Asks for a row's new title.
    Rename(u32),
    FullScreen(u32),
    /// The pointer went down on the panel's header (move) or corner handle (resize), at client (x, y).
    Drag(u32, DragKind, i32, i32),
}

/// Starts a drag from a pointer press, unless it was on a control inside the header.
fn start_drag(ev: &leptos::ev::PointerEvent, id: u32, kind: DragKind, on_action: Callback<PanelAction>) {
    use wasm_bindgen::JsCast;
    if ev.button() != 0 {
        return;
    }
    let on_control = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("button, a, input, select, textarea").ok().flatten())
        .is_some();
    if on_control {
        return;
    }
    ev.prevent_default();
    on_action.run(PanelAction::Drag(id, kind, ev.client_x(), ev.client_y()));
}

/// In edit mode, arrow keys pressed on the focused panel (not on a control inside it) move it and
/// shift+arrows resize it (`view::dash_layout::layout_key`), through the same actions as its menu.
fn layout_keys(ev: &leptos::ev::KeyboardEvent, id: u32, is_row: bool, on_action: Callback<PanelAction>) {
    use crate::view::dash_layout::{layout_key, LayoutKey};
    if ev.target() != ev.current_target() || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
        return;
    }
    let Some(k) = layout_key(&ev.key(), ev.shift_key(), is_row) else { return };
    ev.prevent_default();
    on_action.run(match k {
        LayoutKey::Move(dx, dy) => PanelAction::Move(id, dx, dy),
        LayoutKey::Resize(dw, dh) => PanelAction::Resize(id, dw, dh),
    });
}

/// Loads one panel's data: its plan (`datasource::plan`), each planned query run by `http::panel`.
pub async fn load(panel: &Panel, env: &PanelEnv, width_px: u32, ds: &Datasources, abort: &Abort) -> Result<PanelResult, ApiError> {
    if let Some(snap) = &env.snapshot {
        return Ok(from_snapshot(panel, snap));
    }
    let penv = PlanEnv {
        range: &env.range,
        from_ms: env.from_ms,
        to_ms: env.to_ms,
        vars: &env.vars,
        health: &env.health,
        width_px,
        now_ms: env.now_ms,
        tz_offset_min: env.tz_offset_min,
    };
    let plan = plan_panel(panel, &penv, ds);
    let mut out = PanelResult { start_ms: plan.start_ms, end_ms: plan.end_ms, errors: plan.refused, ..PanelResult::default() };
    let series_panel = !matches!(panel.kind, PanelKind::Logs | PanelKind::Traces);
    for q in &plan.queries {
        let mut count = 0;
        match late::run(q, abort).await {
            Err(ApiError::Aborted) => return Err(ApiError::Aborted),
            Err(e) if series_panel => out.errors.push(format!("{}: {e}", q.ref_id)),
            Err(e) => out.errors.push(e.to_string()),
            Ok((answer, note)) => {
                if out.note.is_none() {
                    out.note = note;
                }
                match answer {
                    Answer::Series(list) => {
                        count = list.len();
                        for s in list {
                            let legend = format_legend(&q.legend, &s.labels);
                            out.series.push((q.ref_id.clone(), s, legend));
                        }
                    }
                    Answer::Lines(lines) => {
                        count = lines.len();
                        out.logs = lines;
                    }
                    Answer::Trace(t) => {
                        count = t.spans.len();
                        out.trace = Some(Arc::new(*t));
                    }
                    Answer::Traces(list) => {
                        count = list.len();
                        out.traces = list;
                    }
                }
            }
        }
        out.queries.push(QueryInfo {
            ref_id: q.ref_id.clone(),
            datasource: q.signal,
            source: q.source.clone(),
            expr: q.expr.clone(),
            legend: q.legend.clone(),
            start_ms: q.start_ms,
            end_ms: q.end_ms,
            step_ms: q.step_ms,
            instant: q.instant(),
            count,
        });
    }
    if panel.kind == PanelKind::TimeSeries && !env.annotations.is_empty() {
        load_regions(panel, env, &penv, ds, abort, &mut out).await?;
    }
    Ok(out)
}

/// Runs the dashboard's enabled annotation queries over the panel's range (planned as the panel's own
/// queries are: variables, datasource, step) and keeps their regions; a failed one is named at the panel.
async fn load_regions(panel: &Panel, env: &PanelEnv, penv: &PlanEnv<'_>, ds: &Datasources, abort: &Abort, out: &mut PanelResult) -> Result<(), ApiError> {
    let shown: Vec<&Annotation> = env.annotations.iter().filter(|a| a.enabled).collect();
    let queries = shown
        .iter()
        .enumerate()
        .map(|(i, a)| PanelQuery { source: a.source.clone(), min_interval: a.step.clone(), ..PanelQuery::new(&format!("annotation {}", i + 1), DatasourceKind::Prometheus, &a.expr) })
        .collect();
    let anno_panel = Panel { kind: PanelKind::TimeSeries, queries, options: panel.options.clone(), ..Panel::default() };
    let plan = plan_panel(&anno_panel, penv, ds);
    out.errors.extend(plan.refused);
    for q in &plan.queries {
        let Some(a) = q.ref_id.strip_prefix("annotation ").and_then(|n| n.parse::<usize>().ok()).and_then(|n| shown.get(n.checked_sub(1)?)) else { continue };
        match http_panel::run_series(q, abort).await {
            Err(ApiError::Aborted) => return Err(ApiError::Aborted),
            Err(e) => out.errors.push(format!("Annotation \"{}\": {e}", a.name)),
            Ok((Answer::Series(list), _)) => out.regions.extend(regions(&list, q.step_ms, a, q.start_ms, q.end_ms)),
            Ok(_) => {}
        }
    }
    Ok(())
}

fn from_snapshot(panel: &Panel, snap: &Snapshot) -> PanelResult {
    let mut out = PanelResult { start_ms: snap.from_ms, end_ms: snap.to_ms, ..PanelResult::default() };
    out.note = Some("Snapshot: data captured when the snapshot was taken; no backend is asked.".into());
    let Some(d) = snap.panel_data(panel.id) else { return out };
    if let Some(e) = &d.error {
        out.errors.push(e.clone());
    }
    for s in &d.series {
        let legend_tpl = panel.queries.iter().find(|q| q.ref_id == s.ref_id).map(|q| q.legend.clone()).unwrap_or_default();
        let series = s.to_series();
        let legend = format_legend(&legend_tpl, &series.labels);
        out.series.push((s.ref_id.clone(), series, legend));
    }
    out.logs = d.logs.iter().map(SnapLog::to_entry).collect();
    out.traces = d.traces.iter().filter_map(SnapTrace::to_summary).collect();
    out.trace = d.trace.as_ref().map(|t| Arc::new(t.to_trace()));
    out
}

/// A panel or dashboard link (`rel="noopener noreferrer"`; a new tab when asked).
pub fn link_anchor(l: ShownLink, testid: &'static str) -> AnyView {
    if l.new_tab {
        view! { <a class="panel-link" data-testid=testid href=l.href target="_blank" rel="noopener noreferrer" title="Opens in a new tab">{l.text}" ↗"</a> }.into_any()
    } else {
        view! { <a class="panel-link" data-testid=testid href=l.href rel="noopener noreferrer">{l.text}</a> }.into_any()
    }
}

/// How near the viewport a panel starts loading (Grafana's lazy loader looks a little ahead too).
const VIEWPORT_MARGIN: &str = "200px";

/// One panel: header (title, state, Explore link, links, edit controls) and its body.
#[component]
pub fn PanelBox(
    panel: Panel,
    env: Signal<PanelEnv>,
    width_px: Signal<u32>,
    on_zoom: Callback<(i64, i64)>,
    collected: RwSignal<BTreeMap<u32, PanelData>>,
    editing: Signal<bool>,
    on_action: Callback<PanelAction>,
    /// Load even while out of view (a snapshot export needs every panel's data).
    #[prop(optional)]
    eager: Option<Signal<bool>>,
) -> impl IntoView {
    let ctx = crate::ui::ctx::use_ctx();
    late::prefetch_for(&panel);
    let id = panel.id;
    let kind = panel.kind;
    let result = RwSignal::new(None::<Arc<PanelResult>>);
    let loading = RwSignal::new(false);
    let abort = Latest::new();
    let p = StoredValue::new(panel.clone());

    // As in Grafana, a panel asks its backend only once it is in (or near) the viewport. One that scrolled
    // out keeps what it drew, and loads again when it scrolls back in if its range or variables changed.
    // None until the browser first says.
    let root = NodeRef::<leptos::html::Section>::new();
    let in_view = RwSignal::new(None::<bool>);
    let watch = StoredValue::new_local(None::<browser::ViewportWatch>);
    Effect::new(move |_| {
        let Some(el) = root.get() else { return };
        match browser::watch_viewport(&el, VIEWPORT_MARGIN, move |v| {
            in_view.try_set(Some(v));
        }) {
            Some(w) => watch.set_value(Some(w)),
            None => in_view.set(Some(true)),
        }
    });
    let eager = eager.unwrap_or_else(|| Signal::derive(|| false));
    let wanted = move || in_view.get() == Some(true) || eager.get();
    // Out of view with nothing asked yet: says so instead of "Loading…".
    let waiting = move || in_view.get() == Some(false) && !eager.get();
    // The environment the shown data (or the load under way) is for.
    let loaded_for = StoredValue::new(None::<PanelEnv>);

    Effect::new(move |_| {
        let e = env.get();
        let wanted = wanted();
        if !e.health.checked && e.snapshot.is_none() {
            return;
        }
        if !kind.has_queries() || loaded_for.with_value(|l| l.as_ref() == Some(&e)) {
            return;
        }
        abort.abort();
        loading.set(false);
        if !wanted {
            // Out of view: what it shows is not for this range, so a snapshot export waits for it.
            collected.update(|m| {
                m.remove(&id);
            });
            return;
        }
        loaded_for.set_value(Some(e.clone()));
        let a = abort.renew();
        let ds = ctx.ds.get_untracked();
        let w = width_px.get_untracked();
        let panel = p.get_value();
        loading.set(true);
        spawn_local(async move {
            let r = load(&panel, &e, w, &ds, &a).await;
            let r = match r {
                Err(ApiError::Aborted) => return,
                Err(e) => PanelResult { errors: vec![e.to_string()], ..PanelResult::default() },
                Ok(r) => r,
            };
            collected.update(|m| {
                m.insert(id, r.to_snapshot(id));
            });
            result.set(Some(Arc::new(r)));
            loading.set(false);
            browser::mark("trifocal:panel-loaded");
        });
    });

    let state = move || {
        if !kind.has_queries() {
            return "ok";
        }
        match result.get() {
            _ if loading.get() => "loading",
            None if waiting() => "waiting",
            None => "loading",
            Some(r) if !r.errors.is_empty() && r.count(kind) == 0 => "error",
            Some(r) if r.count(kind) == 0 => "empty",
            Some(_) => "ok",
        }
    };
    let count = move || result.get().map(|r| r.count(kind)).unwrap_or(0).to_string();
    let first = move || result.get().and_then(|r| r.queries.first().cloned());
    let attr = move |f: fn(&QueryInfo) -> String| move || first().map(|q| f(&q)).unwrap_or_default();
    let queries_json = move || {
        result
            .get()
            .map(|r| {
                let list: Vec<serde_json::Value> = r
                    .queries
                    .iter()
                    .map(|q| {
                        // Each drawn series of the query: legend, number of points and the last point.
                        let series: Vec<serde_json::Value> = r
                            .series
                            .iter()
                            .filter(|(id, _, _)| *id == q.ref_id)
                            .map(|(_, s, legend)| {
                                let last = s.points.last().map(|p| serde_json::json!([p.t_ms, p.v]));
                                serde_json::json!([legend, s.points.len(), last])
                            })
                            .collect();
                        serde_json::json!({"refId": q.ref_id, "expr": q.expr, "start": q.start_ms, "end": q.end_ms, "step": q.step_ms, "instant": q.instant, "count": q.count, "series": series})
                    })
                    .collect();
                serde_json::Value::Array(list).to_string()
            })
            .unwrap_or_default()
    };
    let explore = move || {
        let q = first()?;
        let e = env.get_untracked();
        let range = if e.range.is_relative() { e.range.clone() } else { TimeRange::from_absolute(q.start_ms, q.end_ms) };
        let route = explore_route(q.datasource, &q.source, &q.expr, &q.legend, q.instant, &range);
        Some(view! { <a class="panel-link" href=format!("#{}", url_state::encode(&route)) title="Open this query in Explore" data-testid="panel-explore">"Explore"</a> })
    };
    let links = StoredValue::new(panel.links.clone());
    let out_links = move || {
        let e = env.get();
        shown_links(&links.get_value(), &e.vars, &e.range, e.from_ms, e.to_ms).into_iter().map(|l| link_anchor(l, "panel-out-link")).collect_view()
    };
    let title_tpl = StoredValue::new(panel.title.clone());
    let title = move || interpolate(&title_tpl.get_value(), &env.with(|e| e.vars.clone()), &Builtins::default());
    let description = panel.description.clone();
    let repeat_note = panel.repeat.as_ref().map(|r| r.variable.clone());
    // The panel's own time, as Grafana shows it: "Last 1 hour timeshift -1h".
    let own_time = crate::dashboard::panel_time::header_note(&panel);
    let body = {
        let panel = panel.clone();
        move || -> AnyView {
            let panel = panel.clone();
            match kind {
                PanelKind::Text => view! { <text::TextBody content=panel.options.content.clone()/> }.into_any(),
                PanelKind::Row => ().into_any(),
                PanelKind::AlertList => late::body(late::Body::AlertList(panel, env)),
                PanelKind::NodeGraph => late::body(late::Body::NodeGraph(panel, env)),
                _ => match result.get() {
                    None if waiting() => view! { <p class="muted panel-msg">"Loads when scrolled into view."</p> }.into_any(),
                    None => view! { <p class="muted panel-msg">"Loading…"</p> }.into_any(),
                    Some(r) => {
                        let errors = r.errors.clone();
                        let note = r.note.clone();
                        let empty = r.count(kind) == 0 && errors.is_empty();
                        // Nothing to show: a stat shows Grafana's "null" mapping (Node Exporter Full: N/A) or
                        // the panel's no-value text as its value; other panels the no-value text as their message.
                        let no_value = (empty && kind == PanelKind::Stat)
                            .then(|| crate::view::mapping::no_value(&panel.options.mappings, panel.options.no_value.as_deref()))
                            .flatten();
                        let empty_text = panel.options.no_value.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| "No data in this range.".to_string());
                        let empty = empty && no_value.is_none();
                        let inner = if r.count(kind) == 0 {
                            ().into_any()
                        } else {
                            match kind {
                                PanelKind::Stat => view! { <stat::StatBody panel=panel result=r.clone()/> }.into_any(),
                                PanelKind::Table => view! { <table::TableBody panel=panel result=r.clone()/> }.into_any(),
                                PanelKind::Logs => late::body(late::Body::Logs(r.clone())),
                                PanelKind::Traces => match r.trace.clone() {
                                    Some(t) => late::body(late::Body::Trace(t)),
                                    None => late::body(late::Body::Traces(r.clone())),
                                },
                                PanelKind::Heatmap => view! { <heatmap::HeatmapBody panel=panel result=r.clone() on_zoom=on_zoom/> }.into_any(),
                                // A time-series panel of native histograms only: nothing to draw as lines.
                                PanelKind::TimeSeries if r.histograms_only() => view! {
                                    <p class="muted panel-note" data-testid="auto-heatmap-note">{AUTO_HEATMAP_NOTE}</p>
                                    <heatmap::HeatmapBody panel=panel result=r.clone() on_zoom=on_zoom/>
                                }.into_any(),
                                _ => view! { <timeseries::TimeSeriesBody panel=panel result=r.clone() on_zoom=on_zoom/> }.into_any(),
                            }
                        };
                        view! {
                            {errors.into_iter().map(|e| view! { <p class="error panel-msg" role="alert" data-testid="panel-error">{e}</p> }).collect_view()}
                            {note.map(|n| { let t = n.clone(); view! { <p class="demo-note panel-note" title=t>{n}</p> } })}
                            {empty.then(|| view! { <p class="empty panel-msg" data-testid="panel-empty">{empty_text}</p> })}
                            {no_value.map(|m| {
                                let style = m.color.as_deref().map(|c| format!("color:{}", crate::view::stat::css_color(c)));
                                view! {
                                    <div class="stats"><div class="stat" data-testid="stat-value" data-value="">
                                        <div class="stat-number" style=style data-mapped="true">{m.text.unwrap_or_else(|| "—".to_string())}</div>
                                    </div></div>
                                }
                            })}
                            {inner}
                        }
                        .into_any()
                    }
                },
            }
        }
    };
    let controls = move || editing.get().then(|| view! { <menu::PanelControls id=id is_row=kind == PanelKind::Row on_action=on_action/> });

    if kind == PanelKind::Row {
        let collapsed = panel.collapsed;
        let n = panel.panels.len();
        return view! {
            <div class="dash-row" data-testid="dash-row" data-panel-id=id.to_string()
                tabindex=move || editing.get().then_some("0") aria-keyshortcuts=move || editing.get().then_some("ArrowUp ArrowDown")
                on:keydown=move |ev| if editing.get_untracked() { layout_keys(&ev, id, true, on_action) }>
                <button class="row-toggle" aria-expanded=(!collapsed).to_string() on:click=move |_| on_action.run(PanelAction::ToggleRow(id))>
                    {if collapsed { "▸ " } else { "▾ " }}{title}
                    {(collapsed && n > 0).then(|| format!(" ({n} panels)"))}
                </button>
                {controls}
            </div>
        }
        .into_any();
    }
    view! {
        <section class="dash-panel" node_ref=root data-testid="panel" data-panel-id=id.to_string() data-kind=kind.id()
            data-state=state data-count=count data-query=attr(|q| q.expr.clone())
            data-start=attr(|q| q.start_ms.to_string()) data-end=attr(|q| q.end_ms.to_string())
            data-step=attr(|q| q.step_ms.to_string()) data-instant=attr(|q| q.instant.to_string())
            data-queries=queries_json aria-label=title
            tabindex=move || editing.get().then_some("0")
            aria-keyshortcuts=move || editing.get().then_some("ArrowLeft ArrowRight ArrowUp ArrowDown Shift+ArrowLeft Shift+ArrowRight Shift+ArrowUp Shift+ArrowDown")
            aria-description=move || editing.get().then_some("Arrow keys move this panel, shift and arrow keys resize it.")
            on:keydown=move |ev| if editing.get_untracked() { layout_keys(&ev, id, false, on_action) }>
            <header class="panel-head" class:draggable=move || editing.get()
                title=move || if editing.get() { "Drag to move" } else { "" }
                on:pointerdown=move |ev| if editing.get_untracked() { start_drag(&ev, id, DragKind::Move, on_action) }>
                <h3 class="panel-title" title=description data-testid="panel-title">{title}</h3>
                {own_time.map(|t| view! { <span class="panel-time muted small" data-testid="panel-time">{t}</span> })}
                {repeat_note.map(|v| view! {
                    <Show when=move || editing.get()><span class="muted small" data-testid="panel-repeat">{format!("repeats for each ${v}")}</span></Show>
                })}
                <Show when=move || loading.get()><span class="muted small" aria-live="polite">"…"</span></Show>
                <span class="spacer"></span>
                {out_links}
                {explore}
                <button class="icon small" aria-label=format!("View panel {id} full screen") title="Full screen (again to leave)" on:click=move |_| on_action.run(PanelAction::FullScreen(id))>"⤢"</button>
                {controls}
            </header>
            <div class="panel-body">{body}</div>
            <Show when=move || editing.get()>
                <div class="resize-handle" title="Drag to resize" data-testid="panel-resize" aria-hidden="true"
                    on:pointerdown=move |ev| start_drag(&ev, id, DragKind::Resize, on_action)></div>
            </Show>
        </section>
    }
    .into_any()
}
