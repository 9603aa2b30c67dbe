//! Explore metrics: PromQL queries (A, B, …) over a time range, drawn with their exemplars.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backends::prometheus::legend::format_legend;
use crate::backends::ApiError;
use crate::browser;
use crate::demo;
use crate::http::metrics::{self, MetricAnswer};
use crate::http::Abort;
use crate::telemetry::Exemplar;
use crate::time::{step::auto_step, TimeRange};
use crate::ui::chart_canvas::{ChartData, TimeSeriesChart};
use crate::ui::ctx::use_ctx;
use crate::ui::time_picker::TimePicker;
use crate::url_state::{MetricQuery, MetricsState, Route};
use crate::view::units::{guess_unit, Unit};

#[derive(Clone)]
struct Outcome {
    ref_id: String,
    answer: Result<MetricAnswer, ApiError>,
    exemplars: Vec<Exemplar>,
}

#[component]
pub fn Metrics(state: MetricsState) -> impl IntoView {
    let ctx = use_ctx();
    let queries = RwSignal::new(if state.queries.is_empty() { vec![MetricQuery { ref_id: "A".into(), ..Default::default() }] } else { state.queries.clone() });
    let outcomes = RwSignal::new(Vec::<Outcome>::new());
    let running = RwSignal::new(false);
    let inspect_open = RwSignal::new(false);
    let abort = StoredValue::new_local(Abort::new());
    on_cleanup(move || abort.get_value().abort());

    let st = StoredValue::new(state.clone());
    // The resolved range: demo data has its own fixed window.
    let resolved = move || {
        let s = st.get_value();
        let h = ctx.health.get();
        if h.checked && !h.prometheus && s.range.is_relative() {
            (demo::START_MS, demo::END_MS)
        } else {
            s.range.resolve(browser::now_ms(), ctx.tz_offset())
        }
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
        let (start, end) = resolved();
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
                out.push(Outcome { ref_id: q.ref_id.clone(), answer, exemplars });
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
        s.queries = queries.get_untracked();
        ctx.navigate(&Route::Metrics(s));
    };
    let set_range = Callback::new(move |r: TimeRange| {
        let mut s = st.get_value();
        s.range = r;
        s.queries = queries.get_untracked();
        ctx.navigate(&Route::Metrics(s));
    });
    let on_zoom = Callback::new(move |(a, b): (i64, i64)| set_range.run(TimeRange::from_absolute(a, b)));

    let chart_data = Signal::derive(move || {
        let (start, end) = resolved();
        let qs = queries.get_untracked();
        let mut series = Vec::new();
        let mut legends = Vec::new();
        let mut exemplars = Vec::new();
        let mut unit = Unit::None;
        for o in outcomes.get() {
            if let Ok(a) = &o.answer {
                let legend = qs.iter().find(|q| q.ref_id == o.ref_id).map(|q| q.legend.clone()).unwrap_or_default();
                let expr = qs.iter().find(|q| q.ref_id == o.ref_id).map(|q| q.expr.clone()).unwrap_or_default();
                if unit == Unit::None {
                    unit = if expr.contains("rate(") && expr.contains("_total") { Unit::PerSecond } else { guess_unit(&expr, "") };
                }
                for s in &a.result.series {
                    legends.push(format_legend(&legend, &s.labels));
                    series.push(s.clone());
                }
                exemplars.extend(o.exemplars.iter().cloned());
            }
        }
        ChartData { series, legends, exemplars, start_ms: start, end_ms: end, unit }
    });

    let add_query = move |_| {
        queries.update(|qs| {
            let next = (b'A'..=b'Z').map(|c| (c as char).to_string()).find(|id| !qs.iter().any(|q| &q.ref_id == id)).unwrap_or_else(|| "Z".into());
            qs.push(MetricQuery { ref_id: next, ..Default::default() });
        })
    };

    let editors = move || {
        queries
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, q)| {
                let id = q.ref_id.clone();
                let err_id = q.ref_id.clone();
                let error = move || {
                    outcomes.get().into_iter().find(|o| o.ref_id == err_id).and_then(|o| match o.answer {
                        Err(e) => Some(view! { <p class="error" role="alert" data-testid="query-error">{e.to_string()}</p> }),
                        Ok(_) => None,
                    })
                };
                view! {
                    <div class="query-row">
                        <span class="ref-id">{id.clone()}</span>
                        <textarea class="code" rows="2" spellcheck="false" aria-label=format!("PromQL query {id}")
                            placeholder="PromQL, e.g. rate(http_server_requests_total[5m]) — Shift+Enter runs"
                            prop:value=q.expr.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); queries.update(|qs| if let Some(q) = qs.get_mut(i) { q.expr = v; }); }
                            on:keydown=move |ev| if ev.key() == "Enter" && ev.shift_key() { ev.prevent_default(); submit(); }
                        ></textarea>
                        <input class="legend-input" aria-label=format!("Legend format {}", q.ref_id) placeholder="Legend: {{label}}"
                            prop:value=q.legend.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); queries.update(|qs| if let Some(q) = qs.get_mut(i) { q.legend = v; }); } />
                        <label class="check"><input type="checkbox" prop:checked=q.instant
                            on:change=move |ev| { let v = event_target_checked(&ev); queries.update(|qs| if let Some(q) = qs.get_mut(i) { q.instant = v; }); } />"Instant"</label>
                        <button class="link" aria-label=format!("Remove query {}", q.ref_id) on:click=move |_| queries.update(|qs| { if qs.len() > 1 { qs.remove(i); } })>"✕"</button>
                        {error}
                    </div>
                }
            })
            .collect_view()
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
            <div class="queries">{editors}
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
