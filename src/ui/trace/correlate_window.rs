//! The correlation workspace over a window (`#/correlate?from=…&to=…&service=…`): the service's log lines
//! of the window (those without a trace ID too, unless turned off), its RED chart, and the traces of the
//! window from the trace backend's search, each opening its own workspace. Dragging over the chart selects
//! a window (`sel=` in the URL): the lines and traces narrow to it. Each part fails on its own.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::correlate::{MAX_TRACES, NOT_CAPTURED};
use super::correlate_parts::{charts_of_snapshot, charts_view, export_button, export_snapshot, load_red_charts, load_when_known, snap_charts, snapshot_banner, trace_list, tz, Charts};
use crate::ui::latest::Latest;
use crate::dashboard::snapshot_workspace::{SnapWorkspace, WorkspaceFile};
use crate::backends::ApiError;
use crate::browser;
use crate::http::{logs, traces};
use crate::telemetry::{LogEntry, TraceSummary};
use crate::time::format::{format_ms, format_ns};
use crate::ui::ctx::use_ctx;
use crate::url_state::{CorrelateState, Route};
use crate::view::correlate_window::{asked_window, other_traces, selection_region, service_logs_query, shown_lines};
use crate::view::home::service_query;
use crate::view::log_text;

const MAX_LINES: u32 = 2000;
const LINE_CHARS: usize = 400;
const NO_LOGS: &str = "The logs backend does not answer, so this window's log lines cannot be shown; the metrics and traces are.";
const NO_TRACES: &str = "No trace backend answers, so this window's traces cannot be listed.";

/// `snap`: a stored snapshot the workspace is drawn from, with no backend.
#[component]
pub fn CorrelateWindow(state: CorrelateState, snap: Option<Arc<WorkspaceFile>>) -> impl IntoView {
    let ctx = use_ctx();
    let lines = RwSignal::new_local(None::<Result<Arc<Vec<LogEntry>>, String>>);
    let found = RwSignal::new_local(None::<Result<Arc<Vec<TraceSummary>>, String>>);
    let charts = RwSignal::new_local(Charts::new());
    let cursor = RwSignal::new(None::<i64>);
    let abort = Latest::new();
    let service = state.service.trim().to_string();
    let window = state.range.resolve(browser::now_ms(), browser::tz_offset_min());
    let selection = state.selection;
    let (from, to) = asked_window(window, selection);

    let load = {
        let service = service.clone();
        move || {
            if service.is_empty() {
                return;
            }
            let h = ctx.health.get_untracked();
            let ds = ctx.ds.get_untracked();
            let a = abort.renew();
            let (ds2, a2, s2) = (ds.clone(), a.clone(), service.clone());
            spawn_local(async move {
                if !h.loki {
                    lines.try_set(Some(Err(NO_LOGS.to_string())));
                    return;
                }
                let q = service_logs_query(&s2);
                let r = logs::query(&ds2, h.loki, &q, from.saturating_mul(1_000_000), to.saturating_mul(1_000_000), MAX_LINES, true, &a2, &|_, _| {}).await;
                if !matches!(r, Err(ApiError::Aborted)) {
                    lines.try_set(Some(r.map(|x| Arc::new(x.logs.entries)).map_err(|e| e.to_string())));
                }
            });
            let (ds3, a3, s3, h3) = (ds.clone(), a.clone(), service.clone(), h.clone());
            spawn_local(async move {
                load_red_charts(&ds3, h3, vec![s3], window, selection_region(selection), &a3, charts).await;
            });
            let (a4, s4) = (a.clone(), service.clone());
            spawn_local(async move {
                let Some(backend) = h.traces else {
                    found.try_set(Some(Err(NO_TRACES.to_string())));
                    return;
                };
                let r = traces::search_traceql(&ds, backend, &service_query(&s4), from, to, MAX_TRACES, &a4).await;
                found.try_set(Some(r.map(|l| Arc::new(other_traces(&l, None)))));
            });
        }
    };
    match &snap {
        // A snapshot: every part from the file.
        Some(s) => {
            if let Some(w) = &s.workspace {
                lines.set(Some(w.log_entries().map(|r| r.map(Arc::new)).unwrap_or_else(|| Err(NOT_CAPTURED.to_string()))));
                found.set(Some(w.trace_list().map(|r| r.map(Arc::new)).unwrap_or_else(|| Err(NOT_CAPTURED.to_string()))));
                charts.set(charts_of_snapshot(s, selection_region(selection)));
            }
        }
        None => load_when_known(ctx, load),
    }
    let offline = snap.is_some();
    let here = state.clone();
    let export = move || {
        let mut w = SnapWorkspace { service: here.service.trim().to_string(), selection, untraced: here.untraced, ..SnapWorkspace::default() };
        lines.with_untracked(|l| w.set_logs(l.as_ref().map(|r| r.as_ref().map(|v| v.as_ref()))));
        found.with_untracked(|o| w.set_traces(o.as_ref().map(|r| r.as_ref().map(|v| v.as_ref()))));
        w.charts = charts.with_untracked(snap_charts);
        export_snapshot(w, window);
    };

    let here = state.clone();
    let on_select = Callback::new(move |(service, w): (String, (i64, i64))| {
        if !offline {
            ctx.navigate(&Route::Correlate(CorrelateState { selection: Some(w), service, ..here.clone() }));
        }
    });
    let here = state.clone();
    let toggle_untraced = move |on: bool| ctx.navigate(&Route::Correlate(CorrelateState { untraced: on, ..here.clone() }));
    let here = state.clone();
    let clear_selection = move |_| ctx.navigate(&Route::Correlate(CorrelateState { selection: None, ..here.clone() }));
    let untraced = state.untraced;

    let logs_view = move || match lines.get() {
        None => view! { <p class="muted" role="status">"Loading log lines…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="corr-logs-error">{format!("Logs: {e}")}</p> }.into_any(),
        Some(Ok(all)) => {
            let tz = tz(ctx);
            let shown = shown_lines(&all, selection, untraced);
            let items = shown
                .iter()
                .filter_map(|&i| all.get(i))
                .map(|e| {
                    let ts = e.ts_ns;
                    let link = e.trace_id.map(|t| view! { " "<a class="trace-link" href=CorrelateState::href(&t.to_hex()) data-testid="corr-log-trace">"correlate"</a> });
                    view! {
                        <li class="corr-log" data-testid="corr-log" data-level=e.level.as_str() data-ts=ts.to_string() data-traced=e.trace_id.is_some().to_string()
                            on:mouseenter=move |_| cursor.set(Some(ts.div_euclid(1_000_000)))>
                            <span class="log-ts">{format_ns(ts, tz)}</span>" "{log_text::shorten(&e.line, LINE_CHARS)}{link}
                        </li>
                    }
                })
                .collect_view();
            let n = shown.len();
            let cut = (all.len() as u32 >= MAX_LINES).then(|| format!(" (the newest {MAX_LINES} loaded)"));
            view! {
                <p class="muted" data-testid="corr-logs-summary" data-lines=n.to_string() data-loaded=all.len().to_string()>
                    {format!("{n} of {} log lines{}", all.len(), cut.unwrap_or_default())}</p>
                <ol class="corr-logs" data-testid="corr-logs">{items}</ol>
            }
            .into_any()
        }
    };

    let traces_view = move || match found.get() {
        None => view! { <p class="muted" role="status">"Looking for traces…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="corr-traces-error">{format!("Traces: {e}")}</p> }.into_any(),
        Some(Ok(l)) => trace_list(&l, tz(ctx), "corr-window-traces").into_any(),
    };

    let head = if service.is_empty() { String::new() } else { format!("{service}, {} to {}", format_ms(window.0, tz(ctx), true), format_ms(window.1, tz(ctx), true)) };
    let sel_text = selection.map(|(a, b)| format!("Selected: {} to {}", format_ms(a, tz(ctx), true), format_ms(b, tz(ctx), true)));
    view! {
        <section class="explore correlate" aria-label="Correlation workspace" data-testid="correlate" data-service=service.clone()>
            <div class="toolbar">
                <h1>"Correlate"</h1>
                <span data-testid="corr-window">{head}</span>
                {sel_text.map(|t| view! { <span data-testid="corr-selection-text">{t}</span>{(!offline).then(|| view! { <button class="link small" data-testid="corr-clear-selection" on:click=clear_selection>"Whole window"</button> })} })}
                <label class="check"><input type="checkbox" data-testid="corr-untraced" prop:checked=untraced prop:disabled=offline
                    on:change=move |ev| toggle_untraced(event_target_checked(&ev))/>"Lines without a trace ID"</label>
                {export_button(export)}
                <span class="muted" data-testid="corr-cursor" data-ms=move || cursor.get().map(|c| c.to_string()).unwrap_or_default()></span>
            </div>
            {snap.as_ref().map(|s| snapshot_banner(s, tz(ctx)))}
            {service.is_empty().then(|| view! { <p class="error" role="alert" data-testid="corr-no-service">"Name a service: #/correlate?from=…&to=…&service=…"</p> })}
            <div class="corr-charts">{charts_view(charts, cursor, on_select)}</div>
            <div class="corr-grid">
                <div class="corr-pane"><h3>"Log lines"</h3>{logs_view}</div>
                <div class="corr-pane" data-testid="corr-selection"><h3>{if selection.is_some() { "Traces in the selected window" } else { "Traces of the window" }}</h3>{traces_view}</div>
            </div>
        </section>
    }
}
