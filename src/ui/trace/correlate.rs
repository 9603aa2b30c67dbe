//! The correlation workspace page (`#/correlate/<trace id>`): the trace's spans, its log lines from the
//! configured logs backend (by trace ID, the "Logs for this trace" template) and a RED chart per service of
//! the trace, with one cursor: hovering a span puts the cursor at its start on every chart and lights up the
//! log lines near it; hovering a log line lights up its span. Each part fails on its own (a logs backend
//! that is down leaves the trace and charts). Dragging over a chart selects a window (`sel=`): the lines
//! narrow to it and that service's other traces in it are listed. Past 2000 spans or lines only the rows in
//! view are drawn. Without a trace ID the page is the window form (`correlate_window`); `ds=` names the
//! logs and trace datasources. What belongs together is computed by `view::correlate`. Both forms export a
//! snapshot (trace, lines, charts, window); `#/correlate?snap=<uid>` draws a stored one with no backend.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::correlate_parts::{charts_of_snapshot, charts_view, export_button, export_snapshot, load_red_charts, load_when_known, snap_charts, snapshot_banner, trace_list, tz, Charts};
use super::correlate_window::CorrelateWindow;
use crate::ui::latest::Latest;
use crate::backends::ApiError;
use crate::datasource::correlations::{interpolate, LinkValues};
use crate::http::{dashboards as http_dash, logs, traces};
use crate::telemetry::{LogEntry, Trace, TraceId, TraceSummary};
use crate::time::format::{format_ms, format_ns};
use crate::dashboard::snapshot_workspace::{read_workspace_file, SnapWorkspace, WorkspaceFile};
use crate::dashboard::DatasourceKind;
use crate::time::TimeRange;
use crate::ui::panels::store;
use crate::datasource::sources::by_signal;
use crate::ui::ctx::{load_correlations, use_ctx, with_source};
use crate::url_state::{self, CorrelateState, Route, TraceState};
use crate::view::correlate::{bar_pct, chart_window_ms, drawn_rows, lines_near, lines_per_row, logs_window_ns, scroll_to_row, services, span_rows, ROW_PX, VIRTUAL_FROM};
use crate::view::correlate_window::{other_traces, selection_region, shown_lines};
use crate::view::home::service_query;
use crate::view::log_lang::log_language;
use crate::view::log_text;
use crate::view::palette::service_color;
use crate::view::trace::model::TraceModel;

/// Log lines loaded (past `VIRTUAL_FROM`, only those in view are drawn).
const MAX_LINES: u32 = 20_000;
const LINE_CHARS: usize = 400;
const NO_LOGS: &str = "The logs backend does not answer, so this trace's log lines cannot be shown; the spans and metrics are.";
/// A part a snapshot was taken without (it had not loaded yet).
pub const NOT_CAPTURED: &str = "This part had not loaded when the snapshot was taken.";
/// Most traces listed for a selected window.
pub const MAX_TRACES: u32 = 50;

#[derive(Clone)]
struct Loaded {
    trace: Arc<Trace>,
    model: Arc<TraceModel>,
}

/// The workspace of one trace, or of a service over a window (no trace ID), or a stored snapshot of one.
/// `ds=` names its logs and trace datasources (`name,name`), each used in place of its signal's default.
#[component]
pub fn Correlate(state: CorrelateState) -> impl IntoView {
    if !state.snapshot.is_empty() {
        return from_snapshot(&state.snapshot);
    }
    let names = use_ctx().ds.with_untracked(|d| by_signal(&d.sources, &state.source, DatasourceKind::Loki));
    with_sources(
        names,
        Box::new(move || if state.is_window() { view! { <CorrelateWindow state=state snap=None/> }.into_any() } else { view! { <CorrelateTrace state=state snap=None/> }.into_any() }),
    )
}

/// A workspace snapshot, drawn from the file alone: a stored one, else one shipped next to the app (the
/// `dashboards/` folder, as a docs site ships one).
fn from_snapshot(uid: &str) -> AnyView {
    if let Some(text) = store::snapshot_text(uid) {
        return workspace_of(uid, &text);
    }
    let text = RwSignal::new_local(None::<Result<String, String>>);
    let abort = Latest::new();
    let (uid, a) = (uid.to_string(), abort.current());
    let uid2 = uid.clone();
    spawn_local(async move {
        match http_dash::shipped(&uid2, &a).await {
            Ok((_, t)) => text.try_set(Some(Ok(t))),
            Err(e) => text.try_set(Some(Err(e))),
        };
    });
    (move || match text.get() {
        None => view! { <p class="muted" role="status">"Loading the snapshot…"</p> }.into_any(),
        Some(Ok(t)) => workspace_of(&uid, &t),
        Some(Err(e)) => snapshot_error(format!("{e} A workspace snapshot's file can also be imported on the Dashboards page.")),
    })
    .into_any()
}

/// The workspace of a snapshot file's text.
fn workspace_of(uid: &str, text: &str) -> AnyView {
    let s = match read_workspace_file(text) {
        Ok(s) if s.workspace.is_some() => Arc::new(s),
        Ok(_) => return snapshot_error(format!("The snapshot \"{uid}\" is a dashboard's, not a workspace's.")),
        Err(e) => return snapshot_error(e),
    };
    let Some(w) = s.workspace.as_ref() else { return snapshot_error(String::new()) };
    let state = CorrelateState {
        trace_id: w.trace_id.clone(),
        range: TimeRange::from_absolute(s.from_ms, s.to_ms),
        service: w.service.clone(),
        selection: w.selection,
        untraced: w.untraced,
        source: String::new(),
        snapshot: uid.to_string(),
    };
    let snap = Some(s);
    if state.is_window() {
        view! { <CorrelateWindow state=state snap=snap/> }.into_any()
    } else {
        view! { <CorrelateTrace state=state snap=snap/> }.into_any()
    }
}

fn snapshot_error(e: String) -> AnyView {
    view! { <section class="explore correlate" aria-label="Correlation workspace"><p class="error" role="alert" data-testid="corr-snapshot-error">{e}</p></section> }.into_any()
}

fn with_sources(mut names: Vec<(DatasourceKind, String)>, body: Box<dyn FnOnce() -> AnyView>) -> AnyView {
    match names.pop() {
        None => body(),
        Some((signal, name)) => with_source(
            signal,
            &name,
            |e| view! { <section class="explore correlate" aria-label="Correlation workspace"><p class="error" role="alert" data-testid="corr-source-error">{e}</p></section> }.into_any(),
            move || with_sources(names, body),
        ),
    }
}

/// `snap`: a stored snapshot the workspace is drawn from, with no backend.
#[component]
fn CorrelateTrace(state: CorrelateState, snap: Option<Arc<WorkspaceFile>>) -> impl IntoView {
    let ctx = use_ctx();
    let loaded = RwSignal::new_local(None::<Result<Loaded, String>>);
    let log_lines = RwSignal::new_local(None::<Result<Arc<Vec<LogEntry>>, String>>);
    let charts = RwSignal::new_local(Charts::new());
    let cursor = RwSignal::new(None::<i64>);
    let lit_span = RwSignal::new(None::<u32>);
    let lit_lines = RwSignal::new(Vec::<usize>::new());
    let abort = Latest::new();
    let id_text = state.trace_id.trim().to_string();
    let others = RwSignal::new_local(None::<Result<Arc<Vec<TraceSummary>>, String>>);
    let (selection, service) = (state.selection, state.service.clone());

    let load = {
        let id_text = id_text.clone();
        move || {
            let service = service.clone();
            let h = ctx.health.get_untracked();
            let Some(id) = TraceId::parse_hex(&id_text) else {
                loaded.set(Some(Err(format!("'{id_text}' is not a trace ID: use 16 or 32 hex digits."))));
                return;
            };
            let a = abort.renew();
            let ds = ctx.ds.get_untracked();
            spawn_local(async move {
                let (trace, _) = match traces::trace_by_id(&ds, h.traces, id, &a).await {
                    Ok(t) => t,
                    Err(ApiError::Aborted) => return,
                    Err(e) => {
                        loaded.try_set(Some(Err(e.to_string())));
                        return;
                    }
                };
                let model = Arc::new(TraceModel::build(&trace));
                let trace = Arc::new(trace);
                loaded.try_set(Some(Ok(Loaded { trace: trace.clone(), model: model.clone() })));
                // Logs and metrics at once; each shows its own error.
                let (ds2, a2, m2) = (ds.clone(), a.clone(), model.clone());
                spawn_local(async move {
                    // No demo lines beside a live trace: a logs backend that is down is said where the lines go.
                    if !h.loki {
                        log_lines.try_set(Some(Err(NO_LOGS.to_string())));
                        return;
                    }
                    let lang = log_language(&ds2).lang;
                    let template = load_correlations().for_logs(lang).trace_logs;
                    let hex = id.to_hex();
                    let q = interpolate(&template, &LinkValues { trace_id: &hex, ..LinkValues::default() });
                    let (start, end) = logs_window_ns(&m2);
                    let r = logs::query(&ds2, h.loki, &q, start, end, MAX_LINES, false, &a2, &|_, _| {}).await;
                    if !matches!(r, Err(ApiError::Aborted)) {
                        log_lines.try_set(Some(r.map(|x| Arc::new(x.logs.entries)).map_err(|e| e.to_string())));
                    }
                });
                let (ds3, a3, m3, h3) = (ds.clone(), a.clone(), model.clone(), h.clone());
                spawn_local(async move {
                    load_red_charts(&ds3, h3, services(&m3), chart_window_ms(&m3), selection_region(selection), &a3, charts).await;
                });
                // The other traces of the window selected on a service's chart.
                if let (Some((from, to)), Some(backend), false) = (selection, h.traces, service.is_empty()) {
                    let r = traces::search_traceql(&ds, backend, &service_query(&service), from, to, MAX_TRACES, &a).await;
                    others.try_set(Some(r.map(|l| Arc::new(other_traces(&l, Some(id))))));
                }
            });
        }
    };
    // A snapshot: every part from the file.
    let fill = move |s: &WorkspaceFile| {
        let Some(w) = &s.workspace else { return };
        loaded.set(Some(match w.trace() {
            Some(Ok(t)) => Ok(Loaded { model: Arc::new(TraceModel::build(&t)), trace: Arc::new(t) }),
            Some(Err(e)) => Err(e),
            None => Err(NOT_CAPTURED.to_string()),
        }));
        log_lines.set(Some(w.log_entries().map(|r| r.map(Arc::new)).unwrap_or_else(|| Err(NOT_CAPTURED.to_string()))));
        charts.set(charts_of_snapshot(s, selection_region(selection)));
        others.set(w.trace_list().map(|r| r.map(Arc::new)));
    };
    match &snap {
        Some(s) => fill(s),
        None => load_when_known(ctx, load),
    }
    let here = state.clone();
    let export = move || {
        let mut w = SnapWorkspace { trace_id: here.trace_id.trim().to_string(), service: here.service.clone(), selection, untraced: here.untraced, ..SnapWorkspace::default() };
        let window = loaded.with_untracked(|l| {
            w.set_trace(l.as_ref().map(|r| r.as_ref().map(|l| l.trace.as_ref())));
            l.as_ref().and_then(|r| r.as_ref().ok()).map(|l| chart_window_ms(&l.model))
        });
        log_lines.with_untracked(|l| w.set_logs(l.as_ref().map(|r| r.as_ref().map(|v| v.as_ref()))));
        others.with_untracked(|o| w.set_traces(o.as_ref().map(|r| r.as_ref().map(|v| v.as_ref()))));
        w.charts = charts.with_untracked(snap_charts);
        export_snapshot(w, window.unwrap_or_default());
    };

    // Per log line, the row of its span.
    let rows_of_lines = Memo::new(move |_| {
        let l = loaded.with(|l| l.as_ref().and_then(|r| r.as_ref().ok()).cloned());
        let lines = log_lines.with(|x| x.as_ref().and_then(|r| r.as_ref().ok()).cloned());
        match (l, lines) {
            (Some(l), Some(lines)) => span_rows(&l.model, &l.trace, &lines),
            _ => Vec::new(),
        }
    });
    let hover_span = move |row: u32, start_ns: i64, end_ns: i64| {
        cursor.set(Some(start_ns.div_euclid(1_000_000)));
        lit_span.set(Some(row));
        let ts: Vec<i64> = log_lines.with_untracked(|x| x.as_ref().and_then(|r| r.as_ref().ok()).map(|v| v.iter().map(|e| e.ts_ns).collect()).unwrap_or_default());
        lit_lines.set(rows_of_lines.with_untracked(|rows| lines_near(&ts, rows, row, start_ns, end_ns)));
    };

    let tz = move || tz(ctx);
    // Dragging over a chart selects a window: the lines narrow to it and the service's other traces in it are listed.
    let here = state.clone();
    let offline = snap.is_some();
    let on_select = Callback::new(move |(service, w): (String, (i64, i64))| {
        if !offline {
            ctx.navigate(&Route::Correlate(CorrelateState { selection: Some(w), service, ..here.clone() }));
        }
    });
    // Scroll position and height of the spans' and the lines' panes: past VIRTUAL_FROM rows only those in
    // view are drawn (rows of ROW_PX).
    let (span_top, span_h) = (RwSignal::new(0.0), RwSignal::new(400.0));
    let (log_top, log_h) = (RwSignal::new(0.0), RwSignal::new(400.0));
    let on_scroll = |top: RwSignal<f64>, h: RwSignal<f64>| {
        move |ev: web_sys::Event| {
            let el = event_target::<web_sys::HtmlElement>(&ev);
            top.set(f64::from(el.scroll_top()));
            h.set(f64::from(el.client_height()));
        }
    };
    // Hovering a line whose span row is out of the (virtualised) spans' view scrolls that row into it.
    let span_pane = NodeRef::<leptos::html::Div>::new();
    let show_span_row = move |row: u32| {
        let pos = loaded.with_untracked(|l| {
            let l = l.as_ref()?.as_ref().ok()?;
            let count = l.model.rows.iter().filter(|r| r.span.is_some()).count();
            (count > VIRTUAL_FROM).then(|| l.model.rows.iter().take(row as usize).filter(|r| r.span.is_some()).count())
        });
        let Some(pos) = pos else { return };
        if let (Some(top), Some(el)) = (scroll_to_row(pos, span_top.get_untracked(), span_h.get_untracked()), span_pane.get_untracked()) {
            el.set_scroll_top(top as i32);
        }
    };
    let fixed = |count: usize| if count > VIRTUAL_FROM { format!("height:{ROW_PX}px;overflow:hidden;white-space:nowrap") } else { String::new() };

    let spans_view = move || {
        let l = match loaded.get() {
            None => return view! { <p class="muted" role="status">"Loading the trace…"</p> }.into_any(),
            Some(Err(e)) => return view! { <p class="error" role="alert" data-testid="corr-trace-error">{e}</p> }.into_any(),
            Some(Ok(l)) => l,
        };
        let palette = ctx.palette.get_untracked();
        let n = l.trace.spans.len();
        // The model's rows that hold a span.
        let with_span: Arc<Vec<u32>> = Arc::new(l.model.rows.iter().enumerate().filter(|(_, row)| row.span.is_some()).map(|(r, _)| r as u32).collect());
        let count = with_span.len();
        let n_rows = l.model.rows.len();
        let marks = Memo::new(move |_| lines_per_row(&rows_of_lines.get(), n_rows));
        // Redrawn when the rows in view change, not on every scroll event.
        let window = Memo::new(move |_| drawn_rows(count, span_top.get(), span_h.get()));
        // One row, kept while it stays in view: scrolling adds and removes the rows at the edges only.
        let row_view = move |r: u32| {
            let row = l.model.rows.get(r as usize);
            let Some((depth, s)) = row.and_then(|row| Some((row.depth, l.trace.spans.get(row.span?)?))) else { return ().into_any() };
            let (left, width) = bar_pct(&l.model, s.start_ns, s.end_ns);
            let svc = l.model.services.iter().position(|(n, _)| **n == *s.service).unwrap_or(0);
            let (cr, cg, cb) = service_color(svc, palette);
            let logs_here = move || marks.with(|m| m.get(r as usize).copied().unwrap_or(0));
            let (start, end) = (s.start_ns, s.end_ns);
            view! {
                <div class="corr-span" data-testid="corr-span" data-row=r.to_string() data-start-ms=start.div_euclid(1_000_000).to_string()
                    class:lit=move || lit_span.get() == Some(r)
                    on:mouseenter=move |_| hover_span(r, start, end)>
                    <span class="corr-span-name" style=format!("padding-left:{}px", depth.min(20) * 10)>{format!("{}: {}", s.service, s.name)}</span>
                    <span class="corr-span-track">
                        <span class="corr-bar" style=format!("left:{left:.2}%;width:{width:.2}%;background:rgb({cr},{cg},{cb})")></span>
                    </span>
                    <span class="corr-log-marks" data-testid="corr-log-marks" title="Log lines of this span">{move || { let n = logs_here(); (n > 0).then(|| format!("{n} ✎")) }}</span>
                </div>
            }
            .into_any()
        };
        let in_view = move || {
            let (first, last) = window.get();
            with_span[first..last].to_vec()
        };
        // The list keeps its full height and is contained (strict: its size is its own); the drawn rows move
        // down it by a transform, as the trace view's do. A scroll then changes no box's size: only the rows
        // added at the edges are laid out and painted, not the page around the list.
        let rows = view! {
            <div style=format!("height:{}px;position:relative;contain:strict", count as f64 * ROW_PX)>
                <div style=move || format!("transform:translateY({}px)", window.get().0 as f64 * ROW_PX)>
                    <For each=in_view key=|r| *r let:r>{row_view(r)}</For>
                </div>
            </div>
        };
        view! { <div class="corr-waterfall" data-testid="corr-waterfall" data-spans=n.to_string() data-rows=count.to_string() on:mouseleave=move |_| { lit_span.set(None); lit_lines.set(Vec::new()); }>{rows}</div> }.into_any()
    };

    let logs_view = move || match log_lines.get() {
        None => view! { <p class="muted" role="status">"Loading log lines…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="corr-logs-error">{format!("Logs: {e}")}</p> }.into_any(),
        Some(Ok(lines)) => {
            let tz = tz();
            let shown = Arc::new(shown_lines(&lines, selection, true));
            let n = shown.len();
            let style = fixed(n);
            let lines2 = lines.clone();
            let shown2 = shown.clone();
            let window = Memo::new(move |_| drawn_rows(n, log_top.get(), log_h.get()));
            let items = move || {
                let rows = rows_of_lines.get();
                let (first, last) = window.get();
                let drawn = shown2[first..last]
                    .iter()
                    .filter_map(|&i| Some((i, lines2.get(i)?)))
                    .map(|(i, e)| {
                        let row = rows.get(i).copied().flatten();
                        let ts = e.ts_ns;
                        view! {
                            <li class="corr-log" data-testid="corr-log" data-level=e.level.as_str() data-ts=ts.to_string() data-span-row=row.map(|r| r.to_string()).unwrap_or_default()
                                style=style.clone() class:lit=move || lit_lines.with(|l| l.contains(&i))
                                on:mouseenter=move |_| { lit_span.set(row); cursor.set(Some(ts.div_euclid(1_000_000))); if let Some(r) = row { show_span_row(r); } }>
                                <span class="log-ts">{format_ns(ts, tz)}</span>" "{log_text::shorten(&e.line, LINE_CHARS)}
                            </li>
                        }
                    })
                    .collect_view();
                view! { <li aria-hidden="true" style=format!("height:{}px", first as f64 * ROW_PX)></li>{drawn}<li aria-hidden="true" style=format!("height:{}px", (n - last) as f64 * ROW_PX)></li> }
            };
            let of = if selection.is_some() { format!("{n} of {} log lines of this trace, in the selected window", lines.len()) } else { format!("{n} log lines of this trace") };
            view! {
                <p class="muted" data-testid="corr-logs-summary" data-lines=n.to_string()>{if lines.is_empty() { "No log lines carry this trace ID.".to_string() } else { of }}</p>
                <ol class="corr-logs" data-testid="corr-logs">{items}</ol>
            }
            .into_any()
        }
    };

    let others_view = move || {
        let (from, to) = selection?;
        let head = format!("Other traces of {} from {} to {}", state.service, format_ms(from, tz(), true), format_ms(to, tz(), true));
        Some(view! {
            <div class="corr-pane" data-testid="corr-selection" data-from=from.to_string() data-to=to.to_string()>
                <h3>{head}</h3>
                {move || match others.get() {
                    None => view! { <p class="muted" role="status">"Looking for traces…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{format!("Traces: {e}")}</p> }.into_any(),
                    Some(Ok(l)) => trace_list(&l, tz(), "corr-other-traces").into_any(),
                }}
            </div>
        })
    };

    // The trace view takes the trace datasource of `ds=` alone.
    let trace_source = ctx.ds.with_untracked(|d| by_signal(&d.sources, &state.source, DatasourceKind::Loki)).into_iter().filter(|(k, _)| *k == DatasourceKind::Tempo).map(|(_, n)| n).next().unwrap_or_default();
    let trace_href = format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: id_text.clone(), span: None, find: String::new(), source: trace_source })));
    view! {
        <section class="explore correlate" aria-label="Correlation workspace" data-testid="correlate">
            <div class="toolbar">
                <h1>"Correlate"</h1>
                <code>{id_text.clone()}</code>
                {(!offline).then(|| view! { <a href=trace_href data-testid="corr-trace-link">"Open in the trace view"</a> })}
                {export_button(export)}
                <span class="muted" data-testid="corr-cursor" data-ms=move || cursor.get().map(|c| c.to_string()).unwrap_or_default()>
                    {move || cursor.get().map(|c| format_ns(c.saturating_mul(1_000_000), tz())).unwrap_or_else(|| "Hover a span or a log line".into())}
                </span>
            </div>
            {snap.as_ref().map(|s| snapshot_banner(s, tz()))}
            <div class="corr-grid">
                <div class="corr-pane" data-testid="corr-span-pane" node_ref=span_pane on:scroll=on_scroll(span_top, span_h)>{spans_view}</div>
                <div class="corr-pane" data-testid="corr-log-pane" on:scroll=on_scroll(log_top, log_h)>{logs_view}</div>
            </div>
            <div class="corr-charts">{charts_view(charts, cursor, on_select)}</div>
            {others_view}
        </section>
    }
}
