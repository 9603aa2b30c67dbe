//! Explore logs: a LogQL or LogsQL query (the configured logs backend's; editor, label browser) over a time
//! range, paged past Loki's limit, with the volume histogram above the virtualised list, or a live tail.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::late;
use super::list::LogList;
use super::metric::{LogMetric, LogMetricChart};
use super::volume::{LogVolume, VolumeInput};
use crate::ui::latest::Latest;
use crate::backends::ApiError;
use crate::browser;
use crate::demo;
use crate::http::logs::{self, LogAnswer};
use crate::http::Abort;
use crate::lang::{CompletionContext, CompletionKind};
use crate::telemetry::LogEntry;
use crate::time::duration::parse_duration;
use crate::time::{step::auto_step, TimeRange};
use crate::dashboard::DatasourceKind;
use crate::ui::chart_canvas::ChartData;
use crate::view::log_lang::{log_language, TailTransport};
use crate::view::log_volume;
use crate::view::series_view::default_name;
use crate::view::units::Unit;
use crate::ui::ctx::{known, use_ctx, with_source};
use crate::ui::query_editor::{sources_fn, QueryEditor, SourceLists};
use crate::ui::source_picker::SourcePicker;
use crate::ui::time_picker::TimePicker;
use crate::url_state::{self, LogsState, Route};
use crate::view::log_selector::{replace_selector, selector_of};

/// Completion lists already fetched, by kind, label, selector and time range.
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

/// Explore logs, asking the logs datasource the link names (`ds=`) in place of the default.
#[component]
pub fn Logs(state: LogsState) -> impl IntoView {
    let settings = use_ctx().ds;
    let source = state.source.clone();
    with_source(
        DatasourceKind::Loki,
        &source,
        |e| view! { <section class="explore" aria-label="Explore logs"><p class="error" role="alert" data-testid="query-error">{e}</p></section> }.into_any(),
        move || view! { <LogsView state=state settings=settings/> },
    )
}

/// `settings`: the app's (the picker's choices), not this view's copy with its datasource in place.
#[component]
fn LogsView(state: LogsState, settings: RwSignal<crate::datasource::Datasources>) -> impl IntoView {
    let ctx = use_ctx();
    let query = RwSignal::new(state.query.clone());
    // The last answer, its lines taken out once so the list shares them without a copy.
    let answer = RwSignal::new_local(None::<Result<(Arc<LogAnswer>, Arc<Vec<LogEntry>>), ApiError>>);
    let loaded = RwSignal::new(0usize);
    // The first lines of a run still loading, shown until its answer is in.
    let partial = RwSignal::new_local(None::<Arc<Vec<LogEntry>>>);
    let running = RwSignal::new(false);
    let volume_input = RwSignal::new(None::<VolumeInput>);
    // A LogQL metric query's chart (None: a log query, whose lines are listed).
    let metric = RwSignal::new(None::<LogMetric>);
    let filter_text = RwSignal::new(state.filter.clone());
    let filter_regex = RwSignal::new(state.filter_regex);
    let selected = RwSignal::new(state.line);
    let live = RwSignal::new(false);
    let browser_open = RwSignal::new(false);
    let abort = Latest::new();
    let st = StoredValue::new(state.clone());
    let cache: Cache = StoredValue::new(HashMap::new());

    let resolve = move || {
        let h = ctx.health.get_untracked();
        let s = st.get_value();
        if h.loki_known && !h.loki && s.range.is_relative() {
            (demo::START_MS, demo::END_MS)
        } else {
            s.range.resolve(browser::now_ms(), ctx.tz_offset())
        }
    };

    let run = move || {
        let h = ctx.health.get_untracked();
        let s = st.get_value();
        if !h.loki_known || (h.loki && s.query.trim().is_empty()) {
            return;
        }
        let a = abort.renew();
        let (start, end) = resolve();
        let ds = ctx.ds.get_untracked();
        running.set(true);
        loaded.set(0);
        partial.set(None);
        // An error (or "Cancelled.") from the last run gives way to the progress line; lines stay until replaced.
        if answer.with_untracked(|a| matches!(a, Some(Err(_)))) {
            answer.set(None);
        }
        if !s.query.trim().is_empty() && !log_language(&ds).is_log_query(&s.query) {
            // A metric or stats query: the backend's matrix as time series, one point per step (at least `min_step`).
            volume_input.set(None);
            let step = auto_step(end - start, 1200, s.min_step.as_deref().and_then(parse_duration));
            spawn_local(async move {
                let r = logs::metric_query(&ds, h.loki, &s.query, start, end, step, false, &a).await;
                match r {
                    Err(ApiError::Aborted) => return,
                    Ok(m) => {
                        let series = m.result.series;
                        let total = log_volume::total(&series);
                        let legends = series.iter().map(|x| default_name(&x.labels)).collect();
                        let data = ChartData { series, legends, start_ms: start, end_ms: end, unit: Unit::None, ..ChartData::default() };
                        let name = log_language(&ds).metric_name;
                        metric.try_set(Some(LogMetric { data, step_ms: step, name, total }));
                        answer.try_set(None);
                    }
                    Err(e) => {
                        metric.try_set(None);
                        answer.try_set(Some(Err(e)));
                    }
                }
                running.try_set(false);
            });
            return;
        }
        metric.set(None);
        volume_input.set(Some(VolumeInput { query: s.query.clone(), start_ms: start, end_ms: end, live: h.loki }));
        browser::mark("trifocal:logs-query");
        spawn_local(async move {
            let progress = move |n: usize, first: Option<Vec<LogEntry>>| {
                loaded.try_set(n);
                if let Some(first) = first {
                    // The first lines replace the last run's; the rest of them follow.
                    if answer.try_with_untracked(Option::is_some).unwrap_or(false) {
                        answer.try_set(None);
                    }
                    partial.try_set(Some(Arc::new(first)));
                }
            };
            let r = logs::query(&ds, h.loki, &s.query, start.saturating_mul(1_000_000), end.saturating_mul(1_000_000), s.limit, s.newest_first, &a, &progress).await;
            if matches!(r, Err(ApiError::Aborted)) {
                return;
            }
            answer.try_set(Some(r.map(|mut a| {
                let lines = Arc::new(std::mem::take(&mut a.logs.entries));
                (Arc::new(a), lines)
            })));
            partial.try_set(None);
            running.try_set(false);
            browser::mark("trifocal:logs-loaded");
            browser::mark_after_paint("trifocal:logs-painted");
        });
    };
    let ready = known(ctx, |h| h.loki_known);
    Effect::new(move |_| {
        if ready.get() {
            run();
        }
    });

    let submit = move || {
        let mut s = st.get_value();
        s.query = query.get_untracked();
        s.filter = filter_text.get_untracked();
        s.filter_regex = filter_regex.get_untracked();
        s.line = None;
        ctx.navigate(&Route::Logs(s));
    };
    let set_range = Callback::new(move |r: TimeRange| {
        let mut s = st.get_value();
        s.range = r;
        s.query = query.get_untracked();
        s.filter = filter_text.get_untracked();
        s.filter_regex = filter_regex.get_untracked();
        ctx.navigate(&Route::Logs(s));
    });
    let on_zoom = Callback::new(move |(a, b): (i64, i64)| set_range.run(TimeRange::from_absolute(a, b)));
    let on_apply = Callback::new(move |(selector, run_now): (String, bool)| {
        query.set(replace_selector(&query.get_untracked(), &selector));
        if run_now {
            browser_open.set(false);
            submit();
        }
    });
    let on_field = Callback::new(move |(field, value): (String, String)| {
        query.set(log_language(&ctx.ds.get_untracked()).with_field_filter(&query.get_untracked(), &field, &value));
    });
    // The quick filter is kept in the URL so a shared link keeps it, and so is the Patterns tab's choice.
    keep_in_url(ctx, st, move || (filter_text.get(), filter_regex.get()), |s, f| (s.filter, s.filter_regex) = f);
    let pattern_only = RwSignal::new(state.pattern.clone());
    let pattern_hidden = RwSignal::new(state.hidden_patterns.clone());
    keep_in_url(ctx, st, move || (pattern_only.get(), pattern_hidden.get()), |s, p| (s.pattern, s.hidden_patterns) = p);
    // A link to one line: this view with an absolute range (so it still holds the line later) and its time.
    let link_for = Callback::new(move |ts: i64| {
        let mut s = st.get_value();
        if s.range.is_relative() {
            let (a, b) = resolve();
            s.range = TimeRange::from_absolute(a, b);
        }
        s.line = Some(ts);
        s.query = query.get_untracked();
        s.filter = filter_text.get_untracked();
        s.filter_regex = filter_regex.get_untracked();
        let frag = url_state::encode(&Route::Logs(s));
        let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        let base = base.split('#').next().unwrap_or("").to_string();
        format!("{base}#{frag}")
    });

    // Autocomplete data from the logs backend (stream labels or fields, their values), scoped to the range and to the selector typed so far, cached.
    let sources = sources_fn(move |c: CompletionContext| {
        let h = ctx.health.get_untracked();
        let ds = ctx.ds.get_untracked();
        let (start, end) = resolve();
        let (start_ns, end_ns) = (start.saturating_mul(1_000_000), end.saturating_mul(1_000_000));
        let range_key = format!("{}:{}", start.div_euclid(60_000), end.div_euclid(60_000));
        let text = query.get_untracked();
        async move {
            if !h.loki {
                return SourceLists::default();
            }
            let a = Abort::new();
            let sel = selector_of(&text).map(str::to_string);
            let mut out = SourceLists::default();
            match &c.kind {
                CompletionKind::LabelName { .. } | CompletionKind::PipelineStage => {
                    out.labels = cached(cache, format!("l|{range_key}"), logs::label_names(&ds, start_ns, end_ns, None, &a)).await;
                }
                CompletionKind::LabelValue { label, .. } => {
                    let key = format!("v|{label}|{}|{range_key}", sel.as_deref().unwrap_or(""));
                    let mut v = cached(cache, key, logs::label_values(&ds, label, start_ns, end_ns, sel.as_deref(), &a)).await;
                    if v.is_empty() && sel.is_some() {
                        v = cached(cache, format!("v|{label}||{range_key}"), logs::label_values(&ds, label, start_ns, end_ns, None, &a)).await;
                    }
                    out.values = v;
                }
                CompletionKind::FieldName => {
                    out.labels = cached(cache, format!("f|{range_key}"), logs::field_names(&ds, start_ns, end_ns, &a)).await;
                }
                CompletionKind::FieldValue { field, .. } => {
                    out.values = cached(cache, format!("fv|{field}|{range_key}"), logs::field_values(&ds, field, start_ns, end_ns, &a)).await;
                }
                _ => {}
            }
            out
        }
    });

    // The loaded lines, shared with the list.
    let entries = Memo::new_with_compare(
        move |_| match answer.get() {
            Some(Ok((_, lines))) => lines,
            None => partial.get().unwrap_or_default(),
            Some(Err(_)) => Arc::new(Vec::<LogEntry>::new()),
        },
        |a, b| match (a, b) {
            (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
            _ => true,
        },
    );

    let status = move || match answer.get() {
        None if running.get() => view! {
            <p class="muted" role="status" data-testid="logs-loading" data-lines=move || loaded.get().to_string()>{move || format!("Loading… {} lines so far", loaded.get())}</p>
        }.into_any(),
        None if metric.with(Option::is_some) => ().into_any(),
        None => view! { <p class="muted">{move || log_language(&ctx.ds.get()).hint}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="query-error">{e.to_string()}</p> }.into_any(),
        Some(Ok((a, lines))) => {
            let n = lines.len();
            let text = if n == 0 {
                "No logs in this range — widen it, or loosen the query.".to_string()
            } else {
                format!("{n} lines loaded in {} page(s){}", a.pages, if a.complete { ", the whole range" } else { " — more in range (raise the line limit)" })
            };
            view! {
                {a.demo_note.clone().map(|n| view! { <p class="demo-note" data-testid="demo-note">{n}</p> })}
                <p class="muted" data-testid="logs-summary" data-lines=n.to_string() data-complete=a.complete.to_string() data-pages=a.pages.to_string()>{text}</p>
                {a.logs.warnings.iter().map(|w| view! { <p class="warning">{w.clone()}</p> }).collect_view()}
            }.into_any()
        }
    };

    let on_submit = Callback::new(move |_: ()| submit());
    // Each line's correlate link asks the same logs datasource as this view.
    let logs_source = state.source.clone();
    let browser_view = move || {
        browser_open.get().then(|| {
            let (a, b) = resolve();
            late::tool(late::Tool::Browser { range_ns: (a.saturating_mul(1_000_000), b.saturating_mul(1_000_000)), on_apply, on_field })
        })
    };
    let body = move || {
        if live.get() {
            let q = query.get_untracked();
            let stream = matches!(log_language(&ctx.ds.get_untracked()).tail, Some(TailTransport::HttpStream));
            late::tool(late::Tool::Tail { stream, query: q, filter_text, filter_regex, link_for })
        } else {
            view! {
                {status}
                <Show when=move || metric.with(Option::is_some)>
                    <LogMetricChart metric=metric.into() on_zoom=on_zoom/>
                </Show>
                <LogVolume input=volume_input.into() on_zoom=on_zoom/>
                <LogList entries=entries.into() filter_text=filter_text filter_regex=filter_regex selected=selected follow=false link_for=link_for
                    pattern_only=pattern_only pattern_hidden=pattern_hidden logs_source=logs_source.clone()/>
            }
            .into_any()
        }
    };

    let language = log_language(&ctx.ds.get_untracked());
    view! {
        <section class="explore" aria-label="Explore logs">
            <div class="toolbar">
                <h1>"Logs"</h1>
                <TimePicker range=state.range.clone() on_change=set_range/>
                <SourcePicker ds=settings signal=DatasourceKind::Loki current=state.source.clone() on_pick=move |name| {
                    let mut s = st.get_value();
                    s.source = name;
                    s.query = query.get_untracked();
                    ctx.navigate(&Route::Logs(s));
                }/>
                <label>"Limit "<input type="number" class="num" min="1" max="100000" aria-label="Line limit" prop:value=state.limit.to_string()
                    on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<u32>() { let mut s = st.get_value(); s.limit = v.clamp(1, 100_000); st.set_value(s); } }/></label>
                <label title="Smallest step of a metric query (sum by (level) (count_over_time(…[1m]))), e.g. 1m">"Min step "<input class="num" aria-label="Min step" placeholder="auto"
                    prop:value=state.min_step.clone().unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); let mut s = st.get_value(); s.min_step = parse_duration(v.trim()).filter(|ms| *ms > 0).map(|_| v.trim().to_string()); st.set_value(s); }/></label>
                <label class="check"><input type="checkbox" prop:checked=state.newest_first
                    on:change=move |ev| { let mut s = st.get_value(); s.newest_first = event_target_checked(&ev); st.set_value(s); }/>"Newest first"</label>
                <button on:click=move |_| browser_open.update(|o| *o = !*o) aria-expanded=move || browser_open.get().to_string() data-testid="open-label-browser">"Label browser"</button>
                <button class="primary" on:click=move |_| { live.set(false); submit(); } data-testid="run-query">{move || if running.get() { "Running…" } else { "Run query" }}</button>
                <button data-testid="live-toggle" aria-pressed=move || live.get().to_string()
                    disabled=move || !ctx.health.get().loki || log_language(&ctx.ds.get()).tail.is_none()
                    title=move || if log_language(&ctx.ds.get()).tail.is_some() { "Follow new lines as they arrive" } else { "Live tail is not available for this logs backend yet" }
                    on:click=move |_| { abort.abort(); running.set(false); live.update(|l| *l = !*l); }>
                    {move || if live.get() { "Stop live" } else { "Live tail" }}
                </button>
                <Show when=move || running.get()><button data-testid="cancel-query" on:click=move |_| {
                    abort.abort();
                    running.set(false);
                    answer.set(Some(Err(ApiError::Aborted)));
                    volume_input.set(None);
                }>"Cancel"</button></Show>
            </div>
            <QueryEditor lang=language.lang value=query aria_label=format!("{} query", language.name)
                placeholder=language.placeholder
                on_submit=on_submit sources=sources/>
            {browser_view}
            {body}
        </section>
    }
    .into_any()
}

/// Writes a piece of the view's state into the URL (without a history entry) each time it changes after the
/// view opened: `put` sets it in the logs state.
fn keep_in_url<T: Clone + PartialEq + 'static>(ctx: crate::ui::ctx::Ctx, st: StoredValue<LogsState>, value: impl Fn() -> T + 'static, put: fn(&mut LogsState, T)) {
    Effect::new(move |prev: Option<T>| {
        let v = value();
        if prev.is_some_and(|p| p != v) {
            let mut s = st.get_value();
            put(&mut s, v.clone());
            st.set_value(s.clone());
            ctx.replace(&Route::Logs(s));
        }
        v
    });
}
