//! The correlation workspace page (`#/correlate/<trace id>`): the trace's spans, its log lines from the
//! configured logs backend (by trace ID, the "Logs for this trace" template) and a RED chart per service of
//! the trace, with one cursor: hovering a span puts the cursor at its start on every chart and lights up the
//! log lines near it; hovering a log line lights up its span. Each part fails on its own (a logs backend
//! that is down leaves the trace and charts). What belongs together is computed by `view::correlate`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backends::ApiError;
use crate::browser;
use crate::datasource::correlations::{interpolate, LinkValues};
use crate::http::{logs, metrics, traces, Abort};
use crate::telemetry::{LogEntry, Trace, TraceId};
use crate::time::format::{format_ns, TimeZone};
use crate::time::step::auto_step;
use crate::ui::chart_canvas::{ChartData, TimeSeriesChart};
use crate::ui::ctx::{known, load_correlations, use_ctx};
use crate::url_state::{self, CorrelateState, Route, TraceState};
use crate::view::correlate::{bar_pct, chart_window_ms, lines_near, logs_window_ns, services, span_rows, RedTemplates};
use crate::view::log_lang::log_language;
use crate::view::log_text;
use crate::view::palette::service_color;
use crate::view::trace::model::TraceModel;
use crate::view::units::Unit;

/// Spans drawn (a larger trace is cut, with a note) and log lines loaded.
const MAX_ROWS: usize = 2000;
const MAX_LINES: u32 = 2000;
const LINE_CHARS: usize = 400;
const NO_LOGS: &str = "The logs backend does not answer, so this trace's log lines cannot be shown; the spans and metrics are.";
const NO_METRICS: &str = "Prometheus does not answer, so no metrics for this service.";

#[derive(Clone)]
struct Loaded {
    trace: Arc<Trace>,
    model: Arc<TraceModel>,
}

type Charts = Vec<(String, Result<ChartData, String>)>;

#[component]
pub fn Correlate(state: CorrelateState) -> impl IntoView {
    let ctx = use_ctx();
    let loaded = RwSignal::new_local(None::<Result<Loaded, String>>);
    let log_lines = RwSignal::new_local(None::<Result<Arc<Vec<LogEntry>>, String>>);
    let charts = RwSignal::new_local(Charts::new());
    let cursor = RwSignal::new(None::<i64>);
    let lit_span = RwSignal::new(None::<u32>);
    let lit_lines = RwSignal::new(Vec::<usize>::new());
    let abort = StoredValue::new_local(Abort::new());
    on_cleanup(move || abort.get_value().abort());
    let id_text = state.trace_id.trim().to_string();

    let load = {
        let id_text = id_text.clone();
        move || {
            let h = ctx.health.get_untracked();
            let Some(id) = TraceId::parse_hex(&id_text) else {
                loaded.set(Some(Err(format!("'{id_text}' is not a trace ID: use 16 or 32 hex digits."))));
                return;
            };
            abort.get_value().abort();
            let a = Abort::new();
            abort.set_value(a.clone());
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
                    let r = logs::query(&ds2, h.loki, &q, start, end, MAX_LINES, false, &a2, &|_| {}).await;
                    if !matches!(r, Err(ApiError::Aborted)) {
                        log_lines.try_set(Some(r.map(|x| Arc::new(x.logs.entries)).map_err(|e| e.to_string())));
                    }
                });
                let (start, end) = chart_window_ms(&model);
                let step = auto_step(end - start, 300, None);
                let red = RedTemplates::default();
                for service in services(&model) {
                    let mut data = ChartData { start_ms: start, end_ms: end, unit: Unit::PerSecond, ..ChartData::default() };
                    let mut err = None;
                    for q in red.queries(&service).into_iter().filter(|_| h.prometheus) {
                        match metrics::query_range(&ds, h.prometheus, &q.expr, start, end, step, &a).await {
                            Ok(m) => {
                                for s in m.result.series {
                                    data.series.push(s);
                                    data.legends.push(q.legend.to_string());
                                    data.series_units.push(if q.millis { Unit::Milliseconds } else { Unit::PerSecond });
                                }
                            }
                            Err(ApiError::Aborted) => return,
                            Err(e) => err = Some(format!("{}: {e}", q.legend)),
                        }
                    }
                    if !h.prometheus {
                        err = Some(NO_METRICS.to_string());
                        data.series.clear();
                    }
                    let r = match err {
                        Some(e) if data.series.is_empty() => Err(e),
                        _ => Ok(data),
                    };
                    charts.try_update(|c| c.push((service, r)));
                }
            });
        }
    };
    let ready = known(ctx, |h| h.traces_known && h.loki_known && h.prometheus_known);
    Effect::new(move |_| {
        if ready.get() {
            load();
        }
    });

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

    let tz = move || if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
    let spans_view = move || {
        let l = match loaded.get() {
            None => return view! { <p class="muted" role="status">"Loading the trace…"</p> }.into_any(),
            Some(Err(e)) => return view! { <p class="error" role="alert" data-testid="corr-trace-error">{e}</p> }.into_any(),
            Some(Ok(l)) => l,
        };
        let palette = ctx.palette.get_untracked();
        let svc_index = |s: &str| l.model.services.iter().position(|(n, _)| n == s).unwrap_or(0);
        let marks = rows_of_lines.get();
        let n = l.trace.spans.len();
        let rows = l
            .model
            .rows
            .iter()
            .enumerate()
            .take(MAX_ROWS)
            .filter_map(|(r, row)| row.span.and_then(|i| l.trace.spans.get(i)).map(|s| (r as u32, row.depth, s.clone())))
            .map(|(r, depth, s)| {
                let (left, width) = bar_pct(&l.model, s.start_ns, s.end_ns);
                let (cr, cg, cb) = service_color(svc_index(&s.service), palette);
                let logs_here = marks.iter().filter(|m| **m == Some(r)).count();
                let (start, end) = (s.start_ns, s.end_ns);
                view! {
                    <div class="corr-span" data-testid="corr-span" data-row=r.to_string() data-start-ms=start.div_euclid(1_000_000).to_string()
                        class:lit=move || lit_span.get() == Some(r)
                        on:mouseenter=move |_| hover_span(r, start, end)>
                        <span class="corr-span-name" style=format!("padding-left:{}px", depth.min(20) * 10)>{format!("{}: {}", s.service, s.name)}</span>
                        <span class="corr-span-track">
                            <span class="corr-bar" style=format!("left:{left:.2}%;width:{width:.2}%;background:rgb({cr},{cg},{cb})")></span>
                        </span>
                        <span class="corr-log-marks" data-testid="corr-log-marks" title="Log lines of this span">{(logs_here > 0).then(|| format!("{logs_here} ✎"))}</span>
                    </div>
                }
            })
            .collect_view();
        let cut = (l.model.rows.len() > MAX_ROWS).then(|| view! { <p class="warning">{format!("The first {MAX_ROWS} of {} rows are shown.", l.model.rows.len())}</p> });
        view! { <div class="corr-waterfall" data-testid="corr-waterfall" data-spans=n.to_string() on:mouseleave=move |_| { lit_span.set(None); lit_lines.set(Vec::new()); }>{rows}{cut}</div> }.into_any()
    };

    let logs_view = move || match log_lines.get() {
        None => view! { <p class="muted" role="status">"Loading log lines…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="corr-logs-error">{format!("Logs: {e}")}</p> }.into_any(),
        Some(Ok(lines)) => {
            let tz = tz();
            let rows = rows_of_lines.get();
            let items = lines
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let row = rows.get(i).copied().flatten();
                    let ts = e.ts_ns;
                    view! {
                        <li class="corr-log" data-testid="corr-log" data-level=e.level.as_str() data-span-row=row.map(|r| r.to_string()).unwrap_or_default()
                            class:lit=move || lit_lines.with(|l| l.contains(&i))
                            on:mouseenter=move |_| { lit_span.set(row); cursor.set(Some(ts.div_euclid(1_000_000))); }>
                            <span class="log-ts">{format_ns(ts, tz)}</span>" "{log_text::shorten(&e.line, LINE_CHARS)}
                        </li>
                    }
                })
                .collect_view();
            let n = lines.len();
            view! {
                <p class="muted" data-testid="corr-logs-summary" data-lines=n.to_string()>{if n == 0 { "No log lines carry this trace ID.".to_string() } else { format!("{n} log lines of this trace") }}</p>
                <ol class="corr-logs" data-testid="corr-logs">{items}</ol>
            }
            .into_any()
        }
    };

    let charts_view = move || {
        charts
            .get()
            .into_iter()
            .map(|(service, r)| {
                let body = match r {
                    Ok(d) => {
                        let data = Signal::derive(move || d.clone());
                        view! { <TimeSeriesChart data=data on_zoom=Callback::new(|_| {}) label=format!("{service}: rate, errors, p90") compact=true cursor_ms=Signal::from(cursor)/> }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                };
                view! { <div class="corr-chart" data-testid="corr-chart" data-service=service.clone()><h3>{service.clone()}</h3>{body}</div> }
            })
            .collect_view()
    };

    let trace_href = format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: id_text.clone(), span: None, find: String::new(), source: String::new() })));
    view! {
        <section class="explore correlate" aria-label="Correlation workspace" data-testid="correlate">
            <div class="toolbar">
                <h1>"Correlate"</h1>
                <code>{id_text.clone()}</code>
                <a href=trace_href data-testid="corr-trace-link">"Open in the trace view"</a>
                <span class="muted" data-testid="corr-cursor" data-ms=move || cursor.get().map(|c| c.to_string()).unwrap_or_default()>
                    {move || cursor.get().map(|c| format_ns(c.saturating_mul(1_000_000), tz())).unwrap_or_else(|| "Hover a span or a log line".into())}
                </span>
            </div>
            <div class="corr-grid">
                <div class="corr-pane">{spans_view}</div>
                <div class="corr-pane">{logs_view}</div>
            </div>
            <div class="corr-charts">{charts_view}</div>
        </section>
    }
}
