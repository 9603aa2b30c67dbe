//! Explore metrics: PromQL queries (A, B, …) over a time range, drawn with their exemplars.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::backends::prometheus::legend::format_legend;
use crate::backends::ApiError;
use crate::browser;
use crate::demo;
use crate::http::metrics::{self, MetricAnswer};
use crate::http::Abort;
use crate::lang::promql_build::{bucket_selector, family_name, first_metric, histogram_counts_unit, native_counts_unit, native_quantile_query, quantile_query, selector_for_metric, QUANTILES};
use crate::lang::{CompletionContext, CompletionKind, Lang};
use crate::telemetry::Exemplar;
use crate::time::duration::parse_duration;
use crate::time::{step::auto_step, TimeRange};
use crate::ui::chart_canvas::{ChartData, ChartOptions, HiddenSet, TimeSeriesChart};
use crate::ui::ctx::{known, use_ctx};
use crate::dashboard::{DatasourceKind, StatCalc};
use crate::ui::heatmap_chart::{HeatmapChart, HeatmapData};
use crate::ui::metrics::controls::{style_from_id, style_id, ChartOptionsBar, MinStepInput, RefreshPicker, ShortcutHelp, VizPicker};
use crate::ui::stat_list::StatList;
use crate::view::heatmap_fields::CountFormat;
use crate::view::heatmap::{auto_viz, bucket_unit, hidden_histograms_note, prefers_heatmap, AUTO_HEATMAP_NOTE};
use crate::ui::metrics::instant_table::InstantTable;
use crate::ui::metrics::range_table::RangeTable;
use crate::ui::query_editor::{sources_fn, QueryEditor, SourceLists};
use crate::ui::source_picker::SourcePicker;
use crate::ui::time_picker::TimePicker;
use crate::url_state::{MetricQuery, MetricsState, Route};
use crate::view::exemplars::thin;
use crate::view::series_view::with_query;
use crate::view::units::{guess_unit, Unit};

thread_local! {
    /// Series hidden through the legend, kept across re-runs (the page is rebuilt on each navigation).
    static LAST_HIDDEN: RefCell<HiddenSet> = RefCell::new(HiddenSet::new());
}

#[derive(Clone)]
struct Outcome {
    ref_id: String,
    expr: String,
    legend: String,
    instant: bool,
    answer: Result<MetricAnswer, ApiError>,
    /// Thinned for display (`view::exemplars::thin`); `exemplars_total` is what the server returned.
    exemplars: Vec<Exemplar>,
    exemplars_total: usize,
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
    if let Some(v) = cache.try_with_value(|m| m.get(&key).cloned()).flatten() {
        return v.to_vec();
    }
    match fetch.await {
        Ok(v) => {
            let _ = cache.try_update_value(|m| {
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
    let abort = Latest::new();
    let cache: Cache = StoredValue::new(HashMap::new());
    // Metric metadata for the suggestions' detail lines: fetched once per page (it does not depend on the range).
    let help_cache = StoredValue::new(None::<Arc<Vec<(String, String)>>>);

    // Chart options, kept in the URL without re-running the queries.
    let style = RwSignal::new(style_from_id(state.style.as_deref().unwrap_or("lines")));
    let unit_override = RwSignal::new(state.unit.as_deref().and_then(Unit::from_id));
    let log_scale = RwSignal::new(state.log_scale);
    let show_exemplars = RwSignal::new(state.exemplars);
    let viz = RwSignal::new(state.viz.clone().unwrap_or_else(|| "graph".to_string()));
    let refresh = RwSignal::new(state.refresh.clone());
    let meta_unit = RwSignal::new(String::new());
    let hidden = RwSignal::new(LAST_HIDDEN.with(|h| h.borrow().clone()));
    Effect::new(move |_| {
        let h = hidden.get();
        LAST_HIDDEN.with(|l| *l.borrow_mut() = h);
    });

    let st = StoredValue::new(state.clone());
    let queries_now = move || rows.get_untracked().iter().map(Row::query).collect::<Vec<_>>();
    // The datasource asked: the default Prometheus, or the one the link names (`ds=`), which is always
    // asked live.
    let picked = move || ctx.ds.with_untracked(|d| d.with_source(DatasourceKind::Prometheus, &st.get_value().source));
    // The resolved range: demo data has its own fixed window.
    let resolve_at = move |prometheus_live: bool, checked: bool, now: i64| {
        let s = st.get_value();
        if checked && !prometheus_live && s.range.is_relative() {
            (demo::START_MS, demo::END_MS)
        } else {
            s.range.resolve(now, ctx.tz_offset())
        }
    };
    let resolve = move |prometheus_live: bool, checked: bool| resolve_at(prometheus_live, checked, browser::now_ms());
    // Whether the datasource asked answers live (a named one always is asked live).
    let asked_live = move |h: &crate::ui::ctx::Health| h.prometheus || picked().is_ok_and(|(_, named)| named);
    let resolved = move || {
        let h = ctx.health.get();
        resolve(asked_live(&h), h.prometheus_known)
    };
    // The range of the last run (auto-refresh moves relative ranges forward).
    let ran_range = RwSignal::new(None::<(i64, i64)>);

    // Metadata (unit, type) of the first metric of the first range query, for the automatic unit.
    let load_meta = move |expr: String| {
        let h = ctx.health.get_untracked();
        let Ok((ds, named)) = picked() else { return };
        let src = st.get_value().source;
        let Some(name) = first_metric(&expr) else {
            meta_unit.set(String::new());
            return;
        };
        if !(named || h.prometheus) {
            return;
        }
        spawn_local(async move {
            let a = Abort::new();
            let mut unit = String::new();
            for n in [name.as_str(), family_name(&name)] {
                let key = format!("meta|{src}|{n}");
                let got = cached(cache, key, async { metrics::metadata(&ds, n, &a).await.map(|m| m.map(|m| vec![m.unit, m.kind]).unwrap_or_default()) }).await;
                if let Some(u) = got.first().filter(|u| !u.is_empty()) {
                    unit = u.clone();
                    break;
                }
            }
            meta_unit.set(unit);
        });
    };

    let run_queries = move || {
        let h = ctx.health.get_untracked();
        if !h.prometheus_known {
            return;
        }
        let a = abort.renew();
        let s = st.get_value();
        let (ds, live) = match picked() {
            Ok((ds, named)) => (ds, named || h.prometheus),
            Err(e) => {
                let out = s
                    .queries
                    .iter()
                    .filter(|q| !q.hidden && !q.expr.trim().is_empty())
                    .map(|q| Outcome { ref_id: q.ref_id.clone(), expr: q.expr.clone(), legend: q.legend.clone(), instant: q.instant, answer: Err(ApiError::Unsupported(e.clone())), exemplars: Vec::new(), exemplars_total: 0 })
                    .collect();
                outcomes.set(out);
                return;
            }
        };
        // A deep link's first run: at the moment it was opened, when its query was started then (boot script).
        let (start, end) = resolve_at(live, h.prometheus_known, browser::take_boot_now().unwrap_or_else(browser::now_ms));
        let min_step = s.min_step.as_deref().and_then(parse_duration);
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
                out.push(Outcome { ref_id: q.ref_id.clone(), expr: q.expr.clone(), legend: q.legend.clone(), instant: q.instant, answer, exemplars: Vec::new(), exemplars_total: 0 });
            }
            // Draw the series first; exemplars (often thousands) follow.
            let first = out.iter().find(|o| o.answer.is_ok()).map(|o| o.expr.clone()).unwrap_or_default();
            let wanted: Vec<(usize, String)> = out
                .iter()
                .enumerate()
                .filter(|(_, o)| o.answer.is_ok() && !o.instant)
                .map(|(i, o)| (i, if live { o.expr.clone() } else { demo::EXEMPLAR_QUERY.to_string() }))
                .collect();
            ran_range.set(Some((start, end)));
            outcomes.set(out);
            running.set(false);
            load_meta(first);
            browser::mark("trifocal:metrics-loaded");
            for (i, ex_query) in wanted {
                match metrics::exemplars(&ds, live, &ex_query, start, end, &a).await {
                    Err(ApiError::Aborted) => return,
                    Err(_) => {}
                    Ok(all) => {
                        // One per series per 6 px of a 1200 px chart, at most 400: enough to find outliers,
                        // few enough to tab through and to draw at once.
                        let shown = thin(&all, start, end, 1200, 6, 400);
                        outcomes.update(|o| {
                            if let Some(o) = o.get_mut(i) {
                                o.exemplars_total = all.len();
                                o.exemplars = shown;
                            }
                        });
                    }
                }
            }
        });
    };
    // Cancel: the requests are aborted and each query that was running says so (the last result is gone:
    // it no longer matches the query and range asked for).
    let cancel = move || {
        abort.abort();
        running.set(false);
        let s = st.get_value();
        let out = s
            .queries
            .iter()
            .filter(|q| !q.hidden && !q.expr.trim().is_empty())
            .map(|q| Outcome { ref_id: q.ref_id.clone(), expr: q.expr.clone(), legend: q.legend.clone(), instant: q.instant, answer: Err(ApiError::Aborted), exemplars: Vec::new(), exemplars_total: 0 })
            .collect();
        outcomes.set(out);
    };
    // Run when Prometheus' health is known (and on entering the page with a query in the URL).
    let ready = known(ctx, |h| h.prometheus_known);
    Effect::new(move |_| {
        if ready.get() {
            // Demo mode: an empty page shows the recorded example query, not an empty chart.
            let live = ctx.health.with_untracked(asked_live);
            if let Some(s) = (!live).then(|| demo::example_metrics(&st.get_value())).flatten() {
                // Into the rows on screen (kept by their ref id), or new rows where there were none.
                let shown = rows.get_untracked();
                if shown.is_empty() {
                    rows.set(s.queries.iter().map(Row::new).collect());
                }
                for (r, q) in shown.iter().zip(&s.queries) {
                    r.expr.set(q.expr.clone());
                    r.legend.set(q.legend.clone());
                }
                st.set_value(s.clone());
                ctx.replace(&Route::Metrics(s));
            }
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
    // Display options and refresh go into the URL in place (no history entry, no re-run).
    let persist = Callback::new(move |_: ()| {
        let mut s = st.get_value();
        s.style = Some(style_id(style.get_untracked())).filter(|v| *v != "lines").map(String::from);
        s.unit = unit_override.get_untracked().map(|u| u.id().to_string());
        s.log_scale = log_scale.get_untracked();
        s.exemplars = show_exemplars.get_untracked();
        s.viz = Some(viz.get_untracked()).filter(|v| v != "graph");
        s.refresh = refresh.get_untracked();
        st.set_value(s.clone());
        ctx.replace(&Route::Metrics(s));
    });
    let set_min_step = Callback::new(move |m: Option<String>| {
        let mut s = st.get_value();
        if s.min_step == m {
            return;
        }
        s.min_step = m;
        s.queries = queries_now();
        ctx.navigate(&Route::Metrics(s));
    });

    // Auto-refresh: a one-second tick counts down; hidden tabs and running queries pause it.
    let since = RwSignal::new(0u64);
    let tab_hidden = RwSignal::new(false);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let hidden_now = document().hidden();
            if tab_hidden.get_untracked() != hidden_now {
                tab_hidden.set(hidden_now);
            }
            let Some(period) = refresh.get_untracked().as_deref().and_then(parse_duration).filter(|ms| *ms > 0) else {
                return;
            };
            if hidden_now || running.get_untracked() {
                return;
            }
            let n = since.get_untracked().saturating_add(1);
            if n.saturating_mul(1000) >= period as u64 {
                since.set(0);
                run_queries();
            } else {
                since.set(n);
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let refresh_status = Signal::derive(move || {
        let period = refresh.get().as_deref().and_then(parse_duration).unwrap_or(0).max(0) as u64 / 1000;
        if tab_hidden.get() {
            "paused: tab hidden".to_string()
        } else if running.get() {
            "refreshing…".to_string()
        } else {
            format!("next in {}s", period.saturating_sub(since.get()))
        }
    });

    // Time shortcuts (t ←, t →, t z) are global: ui::shortcuts applies them to this route's range.

    // Autocomplete data from Prometheus, scoped to the selected range and cached per range.
    let sources = sources_fn(move |c: CompletionContext| {
        let h = ctx.health.get_untracked();
        let (ds, live) = match picked() {
            Ok((d, named)) => (d, named || h.prometheus),
            Err(_) => (ctx.ds.get_untracked(), false),
        };
        let (start, end) = resolve(live, h.prometheus_known);
        let range_key = format!("{}:{}:{}", st.get_value().source, start.div_euclid(60_000), end.div_euclid(60_000));
        async move {
            if !live {
                return SourceLists::default();
            }
            let a = Abort::new();
            let mut out = SourceLists::default();
            match &c.kind {
                CompletionKind::MetricName | CompletionKind::FunctionOrMetric => {
                    out.metrics = cached(cache, format!("m|{range_key}"), metrics::metric_names(&ds, start, end, &a)).await;
                    out.metric_help = match help_cache.try_get_value().flatten() {
                        Some(h) => h,
                        None => {
                            match metrics::metric_help(&ds, &a).await {
                                Ok(h) => {
                                    let h = Arc::new(h);
                                    let _ = help_cache.try_set_value(Some(h.clone()));
                                    h
                                }
                                Err(_) => Arc::default(),
                            }
                        }
                    };
                }
                CompletionKind::LabelName { metric, .. } => {
                    let sel = metric.as_deref().map(selector_for_metric);
                    let key = format!("l|{}|{range_key}", sel.as_deref().unwrap_or(""));
                    out.labels = cached(cache, key, metrics::label_names(&ds, sel.as_deref(), start, end, &a)).await;
                }
                CompletionKind::LabelValue { metric, label, .. } => {
                    let sel = metric.as_deref().map(selector_for_metric);
                    let key = format!("v|{label}|{}|{range_key}", sel.as_deref().unwrap_or(""));
                    out.values = cached(cache, key, metrics::label_values(&ds, label, sel.as_deref(), start, end, &a)).await;
                }
                _ => {}
            }
            out
        }
    });

    // The unit guessed for a query; metadata is fetched for the first query's metric only.
    let query_unit = move |expr: &str, first: bool| {
        let meta = if first { meta_unit.get() } else { String::new() };
        histogram_counts_unit(expr).unwrap_or_else(|| guess_unit(expr, &meta))
    };
    let auto_unit = Signal::derive(move || {
        let o = outcomes.get();
        let expr = o.iter().find(|o| o.answer.is_ok()).map(|o| o.expr.clone()).unwrap_or_default();
        query_unit(&expr, true)
    });
    let unit_now = Signal::derive(move || unit_override.get().unwrap_or_else(|| auto_unit.get()));
    // The guessed units of the range queries drawn, for the unit picker's "Auto (…)".
    let auto_units = Signal::derive(move || {
        let o = outcomes.get();
        let first_ref = o.iter().find(|o| o.answer.is_ok()).map(|o| o.ref_id.clone());
        let mut units: Vec<Unit> = Vec::new();
        for o in o.iter().filter(|o| !o.instant && o.answer.as_ref().is_ok_and(|a| !a.result.series.is_empty())) {
            let u = query_unit(&o.expr, first_ref.as_deref() == Some(o.ref_id.as_str()));
            if !units.contains(&u) {
                units.push(u);
            }
        }
        if units.is_empty() {
            units.push(auto_unit.get());
        }
        units
    });

    let chart_data = Memo::new(move |_| {
        let (start, end) = ran_range.get().unwrap_or_else(resolved);
        let mut d = ChartData { start_ms: start, end_ms: end, unit: unit_now.get(), ..ChartData::default() };
        let shown = show_exemplars.get();
        let o = outcomes.get();
        let ranged: Vec<&Outcome> = o.iter().filter(|o| !o.instant && o.answer.as_ref().is_ok_and(|a| !a.result.series.is_empty())).collect();
        // Several queries on one chart: each series says which query it is from, in its unit.
        let several = ranged.len() > 1;
        let first_ref = o.iter().find(|o| o.answer.is_ok()).map(|o| o.ref_id.clone());
        for o in ranged {
            let Ok(a) = &o.answer else { continue };
            let unit = unit_override.get().unwrap_or_else(|| query_unit(&o.expr, first_ref.as_deref() == Some(o.ref_id.as_str())));
            for s in &a.result.series {
                let legend = format_legend(&o.legend, &s.labels);
                d.legends.push(if several { with_query(&o.ref_id, &legend, &s.labels) } else { legend });
                d.series.push(s.clone());
                d.series_units.push(unit);
                d.series_refs.push(o.ref_id.clone());
            }
            if shown {
                d.exemplars.extend(o.exemplars.iter().cloned());
                d.exemplar_refs.extend(o.exemplars.iter().map(|_| o.ref_id.clone()));
            }
        }
        d
    });
    let chart_data: Signal<ChartData> = chart_data.into();
    let chart_options = Signal::derive(move || ChartOptions { style: style.get(), log_scale: log_scale.get() });
    let has_range = move || outcomes.with(|o| o.is_empty() || o.iter().any(|o| !o.instant));

    let add_query = move |_| {
        rows.update(|rs| {
            let next = (b'A'..=b'Z').map(|c| (c as char).to_string()).find(|id| !rs.iter().any(|r| &r.ref_id == id)).unwrap_or_else(|| "Z".into());
            rs.push(Row::new(&MetricQuery { ref_id: next, ..Default::default() }));
        })
    };
    // One-click percentiles of a `_bucket` metric: add the query (once) and run.
    let add_quantile = move |expr: String, label: &'static str| {
        rows.update(|rs| {
            if rs.iter().any(|r| r.expr.get_untracked() == expr) {
                return;
            }
            let Some(next) = (b'A'..=b'Z').map(|c| (c as char).to_string()).find(|id| !rs.iter().any(|r| &r.ref_id == id)) else { return };
            rs.push(Row::new(&MetricQuery { ref_id: next, expr: expr.clone(), legend: label.to_string(), ..Default::default() }));
        });
        submit();
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
        let (expr, legend, instant) = (r.expr, r.legend, r.instant);
        let q_id = r.ref_id.clone();
        let quantiles = move || {
            if expr.with(|e| e.contains("histogram_quantile")) {
                return None;
            }
            let e = expr.get();
            // Classic `_bucket` series, or a range result of native histograms only.
            let queries: Vec<(&'static str, f64, String)> = match bucket_selector(&e) {
                Some((metric, matchers)) => QUANTILES.iter().map(|&(l, q)| (l, q, quantile_query(&metric, &matchers, q, "5m"))).collect(),
                None => {
                    let native = outcomes.with(|o| {
                        o.iter().any(|o| o.ref_id == q_id && !o.instant && o.expr == e && o.answer.as_ref().is_ok_and(|a| prefers_heatmap(&a.result.series)))
                    });
                    if !native {
                        return None;
                    }
                    QUANTILES.iter().filter_map(|&(l, q)| Some((l, q, native_quantile_query(&e, q, "5m")?))).collect()
                }
            };
            if queries.is_empty() {
                return None;
            }
            let buttons = queries
                .into_iter()
                .map(|(label, q, query)| {
                    view! {
                        <button class="chip" data-testid=format!("quantile-{label}") title=format!("Add histogram_quantile({q}, …)")
                            on:click=move |_| add_quantile(query.clone(), label)>{label}</button>
                    }
                })
                .collect_view();
            Some(view! { <div class="quantiles" role="group" aria-label="Add a percentile query">"Percentiles: "{buttons}</div> })
        };
        view! {
            <div class="query-row">
                <span class="ref-id">{id.clone()}</span>
                <QueryEditor lang=Lang::PromQL value=expr aria_label=format!("PromQL query {id}")
                    placeholder="PromQL, e.g. rate(http_server_requests_total[5m]) — Shift+Enter runs, Ctrl+Space completes"
                    on_submit=on_submit sources=sources/>
                <input class="legend-input" aria-label=format!("Legend format {id}") placeholder="Legend: {{label}}"
                    prop:value=move || legend.get()
                    on:input=move |ev| legend.set(event_target_value(&ev)) />
                <label class="check"><input type="checkbox" prop:checked=move || instant.get()
                    on:change=move |ev| instant.set(event_target_checked(&ev)) />"Instant"</label>
                <button class="link" aria-label=format!("Remove query {id}")
                    on:click=move |_| rows.update(|rs| if rs.len() > 1 { rs.retain(|r| r.ref_id != remove_id) })>"✕"</button>
                {quantiles}
                {error}
            </div>
        }
    };

    let demo_note = move || outcomes.get().iter().find_map(|o| o.answer.as_ref().ok().and_then(|a| a.demo_note.clone())).map(|n| view! { <p class="demo-note" data-testid="demo-note">{n}</p> });
    let summary = move || {
        let o = outcomes.get();
        let series: usize = o.iter().filter_map(|o| o.answer.as_ref().ok()).map(|a| a.result.series.len()).sum();
        let points: usize = o.iter().filter_map(|o| o.answer.as_ref().ok()).map(|a| a.result.point_count()).sum();
        let ex: usize = o.iter().map(|o| o.exemplars_total).sum();
        let ex_shown: usize = o.iter().map(|o| o.exemplars.len()).sum();
        let warnings: Vec<String> = o.iter().filter_map(|o| o.answer.as_ref().ok()).flat_map(|a| a.result.warnings.clone()).collect();
        view! {
            <p class="muted" data-testid="metrics-summary" data-series=series.to_string() data-exemplars=ex.to_string()>
                {if ex_shown < ex { format!("{series} series, {points} points, {ex} exemplars ({ex_shown} shown: the highest per series and time slot)") } else { format!("{series} series, {points} points, {ex} exemplars") }}
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
    let tables = move || {
        let unit = unit_now.get();
        outcomes
            .get()
            .into_iter()
            .filter(|o| o.instant)
            .filter_map(|o| {
                let series = o.answer.ok()?.result.series;
                Some(view! { <InstantTable ref_id=o.ref_id series=series unit=unit/> })
            })
            .collect_view()
    };

    // The range results as the chosen visualisation (the time-series chart by default).
    // What is drawn, as a memo: the chart is rebuilt only when the kind changes, not on every new answer, unit
    // or style (a rebuilt chart is a new canvas, drawn from scratch).
    let drawn_viz = Memo::new(move |_| {
        let chosen = viz.get();
        chart_data.with(|d| auto_viz(&chosen, &d.series).to_string())
    });
    let range_notes = move || {
        let drawn = drawn_viz.get();
        let auto_note = (drawn != viz.get()).then(|| view! { <p class="muted" data-testid="auto-heatmap-note">{AUTO_HEATMAP_NOTE}</p> });
        let hidden_note = chart_data.with(|d| hidden_histograms_note(&drawn, &d.series)).map(|n| view! { <p class="warning" data-testid="hidden-histograms-note">{n}</p> });
        view! { {auto_note}{hidden_note} }
    };
    // The table view names its rows when a range query has a legend format.
    let named = Signal::derive(move || outcomes.with(|o| o.iter().any(|o| !o.instant && !o.legend.trim().is_empty())));
    let range_view = move || -> AnyView {
        let drawn = drawn_viz.get();
        let body = match drawn.as_str() {
            "stat" => {
                let d = chart_data.get();
                let items = d.series.into_iter().zip(d.legends).collect::<Vec<_>>();
                view! { <div class="explore-stats" data-testid="explore-stat"><StatList items=items unit=d.unit calc=StatCalc::LastNotNull decimals=None/></div> }.into_any()
            }
            "table" => view! { <RangeTable data=chart_data named=named/> }.into_any(),
            "heatmap" => {
                let data = Signal::derive(move || {
                    let expr = outcomes.with(|o| o.iter().find(|o| !o.instant && o.answer.is_ok()).map(|o| o.expr.clone()).unwrap_or_default());
                    let d = chart_data.get();
                    HeatmapData {
                        series: d.series,
                        start_ms: d.start_ms,
                        end_ms: d.end_ms,
                        bucket_unit: bucket_unit(&expr),
                        count: CountFormat::plain(histogram_counts_unit(&expr).unwrap_or_else(|| native_counts_unit(&expr))),
                        mappings: Vec::new(),
                        color_min: None,
                        color_max: None,
                    }
                });
                view! { <HeatmapChart data=data on_zoom=on_zoom label="Query result heatmap"/> }.into_any()
            }
            _ => view! {
                <ChartOptionsBar style=style unit=unit_override auto_units=auto_units log_scale=log_scale exemplars=show_exemplars on_change=persist/>
                <TimeSeriesChart data=chart_data on_zoom=on_zoom label="Query result chart" options=chart_options hidden=hidden no_table_toggle=true/>
            }
            .into_any(),
        };
        body
    };

    view! {
        <section class="explore" aria-label="Explore metrics">
            <div class="toolbar">
                <h1>"Metrics"</h1>
                <TimePicker range=state.range.clone() on_change=set_range/>
                <SourcePicker ds=ctx.ds signal=DatasourceKind::Prometheus current=state.source.clone() on_pick=move |name| {
                    let mut s = st.get_value();
                    s.source = name;
                    s.queries = queries_now();
                    ctx.navigate(&Route::Metrics(s));
                }/>
                <RefreshPicker refresh=refresh status=refresh_status on_change=persist/>
                <button class="primary" on:click=move |_| submit() data-testid="run-query">
                    {move || if running.get() { "Running…" } else { "Run query" }}
                </button>
                <Show when=move || running.get()>
                    <button data-testid="cancel-query" on:click=move |_| cancel()>"Cancel"</button>
                </Show>
                <ShortcutHelp/>
            </div>
            <div class="queries">
                <For each=move || rows.get() key=|r| r.ref_id.clone() children=editor_row/>
                <div class="query-actions">
                    <button class="link" on:click=add_query>"+ Add query"</button>
                    <button class="link" on:click=move |_| inspect_open.update(|v| *v = !*v)>"Query inspector"</button>
                    <MinStepInput initial=state.min_step.clone() on_commit=set_min_step/>
                </div>
            </div>
            {demo_note}
            {summary}
            {inspector}
            {empty}
            {tables}
            <Show when=has_range>
                <VizPicker viz=viz on_change=persist/>
                {range_notes}
                {range_view}
            </Show>
        </section>
    }
}
