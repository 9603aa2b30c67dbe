//! Explore metrics: PromQL queries (A, B, …) over a time range, drawn with their exemplars.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backends::prometheus::legend::format_legend;
use crate::backends::ApiError;
use crate::browser;
use crate::demo;
use crate::http::metrics::{self, MetricAnswer};
use crate::http::Abort;
use crate::lang::{CompletionContext, CompletionKind, Lang};
use crate::telemetry::Exemplar;
use crate::time::{step::auto_step, TimeRange};
use crate::ui::chart_canvas::{ChartData, TimeSeriesChart};
use crate::ui::ctx::use_ctx;
use crate::ui::query_editor::{sources_fn, QueryEditor, SourceLists};
use crate::ui::time_picker::TimePicker;
use crate::url_state::{MetricQuery, MetricsState, Route};
use crate::view::units::{guess_unit, Unit};

#[derive(Clone)]
struct Outcome {
    ref_id: String,
    expr: String,
    legend: String,
    answer: Result<MetricAnswer, ApiError>,
    exemplars: Vec<Exemplar>,
}

/// One query row's editable state.
#[derive(Clone)]
struct Row {
    ref_id: String,
    expr: RwSignal<String>,
    legend: RwSignal<String>,
    instant: RwSignal<bool>,
    hidden: bool,
}

impl Row {
    fn new(q: &MetricQuery) -> Row {
        Row {
            ref_id: q.ref_id.clone(),
            expr: RwSignal::new(q.expr.clone()),
            legend: RwSignal::new(q.legend.clone()),
            instant: RwSignal::new(q.instant),
            hidden: q.hidden,
        }
    }
    fn query(&self) -> MetricQuery {
        MetricQuery {
            ref_id: self.ref_id.clone(),
            expr: self.expr.get_untracked(),
            legend: self.legend.get_untracked(),
            instant: self.instant.get_untracked(),
            hidden: self.hidden,
        }
    }
}

/// Completion lists already fetched, by kind, metric/label and time range.
type Cache = StoredValue<HashMap<String, Arc<Vec<String>>>>;

async fn cached<F>(cache: Cache, key: String, fetch: F) -> Vec<String>
where
    F: std::future::Future<Output = Result<Vec<String>, ApiError>>,
{
    if let Some(v) = cache.with_value(|m| m.get(&key).cloned()) {
        return v.to_vec();
    }
    match fetch.await {
        Ok(v) => {
            cache.update_value(|m| {
                m.insert(key, Arc::new(v.clone()));
            });
            v
        }
        Err(e) => {
            web_sys::console::warn_1(&format!("autocomplete: {e}").into());
            Vec::new()
        }
    }
}

#[component]
pub fn Metrics(state: MetricsState) -> impl IntoView {
    let ctx = use_ctx();
    let initial = if state.queries.is_empty() { vec![MetricQuery { ref_id: "A".into(), ..Default::default() }] } else { state.queries.clone() };
    let rows = RwSignal::new(initial.iter().map(Row::new).collect::<Vec<_>>());
    let outcomes = RwSignal::new(Vec::<Outcome>::new());
    let running = RwSignal::new(false);
    let inspect_open = RwSignal::new(false);
    let abort = StoredValue::new_local(Abort::new());
    on_cleanup(move || abort.get_value().abort());
    let cache: Cache = StoredValue::new(HashMap::new());

    let st = StoredValue::new(state.clone());
    let queries_now = move || rows.get_untracked().iter().map(Row::query).collect::<Vec<_>>();
    // The resolved range: demo data has its own fixed window.
    let resolve = move |prometheus_live: bool, checked: bool| {
        let s = st.get_value();
        if checked && !prometheus_live && s.range.is_relative() {
            (demo::START_MS, demo::END_MS)
        } else {
            s.range.resolve(browser::now_ms(), ctx.tz_offset())
        }
    };
    let resolved = move || {
        let h = ctx.health.get();
        resolve(h.prometheus, h.checked)
    };

    let run_queries = move || {
        let h = ctx.health.get_untracked();
        if !h.checked {
            return;
        }
        abort.get_value().abort();
        let a = Abort::new();
        abort.set_value(a.clone());
        let s = st.get_value();
        let (start, end) = resolve(h.prometheus, h.checked);
        let ds = ctx.ds.get_untracked();
        let live = h.prometheus;
        let min_step = s.min_step.as_deref().and_then(crate::time::duration::parse_duration);
        let step = auto_step(end - start, 1200, min_step);
        running.set(true);
        spawn_local(async move {
            let mut out = Vec::new();
            for q in s.queries.iter().filter(|q| !q.hidden && !q.expr.trim().is_empty()) {
                let answer = if q.instant {
                    metrics::query_instant(&ds, live, &q.expr, end, &a).await
                } else {
                    metrics::query_range(&ds, live, &q.expr, start, end, step, &a).await
                };
                if matches!(answer, Err(ApiError::Aborted)) {
                    return;
                }
                let exemplars = if answer.is_ok() && !q.instant {
                    let ex_query = if live { q.expr.clone() } else { demo::EXEMPLAR_QUERY.to_string() };
                    metrics::exemplars(&ds, live, &ex_query, start, end, &a).await.unwrap_or_default()
                } else {
                    Vec::new()
                };
                out.push(Outcome { ref_id: q.ref_id.clone(), expr: q.expr.clone(), legend: q.legend.clone(), answer, exemplars });
            }
            outcomes.set(out);
            running.set(false);
            browser::mark("trifocal:metrics-loaded");
        });
    };
    // Run when the backends' health is known (and on entering the page with a query in the URL).
    Effect::new(move |_| {
        if ctx.health.get().checked {
            run_queries();
        }
    });

    let submit = move || {
        let mut s = st.get_value();
        s.queries = queries_now();
        ctx.navigate(&Route::Metrics(s));
    };
    let set_range = Callback::new(move |r: TimeRange| {
        let mut s = st.get_value();
        s.range = r;
        s.queries = queries_now();
        ctx.navigate(&Route::Metrics(s));
    });
    let on_zoom = Callback::new(move |(a, b): (i64, i64)| set_range.run(TimeRange::from_absolute(a, b)));

    // Autocomplete data from Prometheus, scoped to the selected range and cached per range.
    let sources = sources_fn(move |c: CompletionContext| {
        let h = ctx.health.get_untracked();
        let ds = ctx.ds.get_untracked();
        let (start, end) = resolve(h.prometheus, h.checked);
        let range_key = format!("{}:{}", start.div_euclid(60_000), end.div_euclid(60_000));
        async move {
            if !h.prometheus {
                return SourceLists::default();
            }
            let a = Abort::new();
            let mut out = SourceLists::default();
            match &c.kind {
                CompletionKind::MetricName | CompletionKind::FunctionOrMetric => {
                    out.metrics = cached(cache, format!("m|{range_key}"), metrics::metric_names(&ds, start, end, &a)).await;
                }
                CompletionKind::LabelName { metric, .. } => {
                    let sel = metric.as_deref().map(crate::lang::promql_build::selector_for_metric);
                    let key = format!("l|{}|{range_key}", sel.as_deref().unwrap_or(""));
                    out.labels = cached(cache, key, metrics::label_names(&ds, sel.as_deref(), start, end, &a)).await;
                }
                CompletionKind::LabelValue { metric, label, .. } => {
                    let sel = metric.as_deref().map(crate::lang::promql_build::selector_for_metric);
                    let key = format!("v|{label}|{}|{range_key}", sel.as_deref().unwrap_or(""));
                    out.values = cached(cache, key, metrics::label_values(&ds, label, sel.as_deref(), start, end, &a)).await;
                }
                _ => {}
            }
            out
        }
    });

    let chart_data = Signal::derive(move || {
        let (start, end) = resolved();
        let mut series = Vec::new();
        let mut legends = Vec::new();
        let mut exemplars = Vec::new();
        let mut unit = Unit::None;
        for o in outcomes.get() {
            if let Ok(a) = &o.answer {
                if unit == Unit::None {
                    unit = guess_unit(&o.expr, "");
                }
                for s in &a.result.series {
                    legends.push(format_legend(&o.legend, &s.labels));
                    series.push(s.clone());
                }
                exemplars.extend(o.exemplars.iter().cloned());
            }
        }
        ChartData { series, legends, exemplars, start_ms: start, end_ms: end, unit }
    });

    let add_query = move |_| {
        rows.update(|rs| {
            let next = (b'A'..=b'Z').map(|c| (c as char).to_string()).find(|id| !rs.iter().any(|r| &r.ref_id == id)).unwrap_or_else(|| "Z".into());
            rs.push(Row::new(&MetricQuery { ref_id: next, ..Default::default() }));
        })
    };

    let on_submit = Callback::new(move |_: ()| submit());
    let editor_row = move |r: Row| {
        let id = r.ref_id.clone();
        let err_id = r.ref_id.clone();
        let remove_id = r.ref_id.clone();
        let error = move || {
            outcomes.get().into_iter().find(|o| o.ref_id == err_id).and_then(|o| match o.answer {
                Err(e) => Some(view! { <p class="error" role="alert" data-testid="query-error">{e.to_string()}</p> }),
                Ok(_) => None,
            })
        };
        let (legend, instant) = (r.legend, r.instant);
        view! {
            <div class="query-row">
                <span class="ref-id">{id.clone()}</span>
                <QueryEditor lang=Lang::PromQL value=r.expr aria_label=format!("PromQL query {id}")
                    placeholder="PromQL, e.g. rate(http_server_requests_total[5m]) — Shift+Enter runs, Ctrl+Space completes"
                    on_submit=on_submit sources=sources/>
                <input class="legend-input" aria-label=format!("Legend format {id}") placeholder="Legend: {{label}}"
                    prop:value=move || legend.get()
                    on:input=move |ev| legend.set(event_target_value(&ev)) />
                <label class="check"><input type="checkbox" prop:checked=move || instant.get()
                    on:change=move |ev| instant.set(event_target_checked(&ev)) />"Instant"</label>
                <button class="link" aria-label=format!("Remove query {id}")
                    on:click=move |_| rows.update(|rs| if rs.len() > 1 { rs.retain(|r| r.ref_id != remove_id) })>"✕"</button>
                {error}
            </div>
        }
    };

    let demo_note = move || outcomes.get().iter().find_map(|o| o.answer.as_ref().ok().and_then(|a| a.demo_note.clone())).map(|n| view! { <p class="demo-note" data-testid="demo-note">{n}</p> });
    let summary = move || {
        let o = outcomes.get();
        let series: usize = o.iter().filter_map(|o| o.answer.as_ref().ok()).map(|a| a.result.series.len()).sum();
        let points: usize = o.iter().filter_map(|o| o.answer.as_ref().ok()).map(|a| a.result.point_count()).sum();
        let ex: usize = o.iter().map(|o| o.exemplars.len()).sum();
        let warnings: Vec<String> = o.iter().filter_map(|o| o.answer.as_ref().ok()).flat_map(|a| a.result.warnings.clone()).collect();
        view! {
            <p class="muted" data-testid="metrics-summary" data-series=series.to_string() data-exemplars=ex.to_string()>
                {format!("{series} series, {points} points, {ex} exemplars")}
            </p>
            {warnings.into_iter().map(|w| view! { <p class="warning">{w}</p> }).collect_view()}
        }
    };
    let inspector = move || {
        inspect_open.get().then(|| {
            let rows = outcomes.get().into_iter().map(|o| {
                let text = match &o.answer {
                    Ok(a) => format!("{}: {} HTTP {} in {:.0} ms, {} bytes, {} series, {} points", o.ref_id, a.inspect.url, a.inspect.status, a.inspect.elapsed_ms, a.inspect.bytes, a.result.series.len(), a.result.point_count()),
                    Err(e) => format!("{}: error: {e}", o.ref_id),
                };
                let raw = o.answer.as_ref().ok().map(|a| a.raw.chars().take(20000).collect::<String>()).unwrap_or_default();
                view! { <details><summary class="code">{text}</summary><pre class="raw">{raw}</pre></details> }
            }).collect_view();
            view! { <section class="inspector" aria-label="Query inspector">{rows}</section> }
        })
    };
    let empty = move || {
        let o = outcomes.get();
        (!o.is_empty() && o.iter().all(|o| o.answer.as_ref().map(|a| a.result.series.is_empty()).unwrap_or(false)))
            .then(|| view! { <p class="empty">"No series matched. Check the metric name and labels, or widen the time range."</p> })
    };

    view! {
        <section class="explore" aria-label="Explore metrics">
            <div class="toolbar">
                <h1>"Metrics"</h1>
                <TimePicker range=state.range.clone() on_change=set_range/>
                <button class="primary" on:click=move |_| submit() data-testid="run-query">
                    {move || if running.get() { "Running…" } else { "Run query" }}
                </button>
                <Show when=move || running.get()>
                    <button on:click=move |_| { abort.get_value().abort(); running.set(false); }>"Cancel"</button>
                </Show>
            </div>
            <div class="queries">
                <For each=move || rows.get() key=|r| r.ref_id.clone() children=editor_row/>
                <button class="link" on:click=add_query>"+ Add query"</button>
                <button class="link" on:click=move |_| inspect_open.update(|v| *v = !*v)>"Query inspector"</button>
            </div>
            {demo_note}
            {summary}
            {inspector}
            {empty}
            <TimeSeriesChart data=chart_data on_zoom=on_zoom label="Query result chart"/>
        </section>
    }
}
