//! Trace search: TraceQL against Tempo (an editor with autocomplete of attribute names and values from Tempo),
//! or a service/operation/tags/duration form against Jaeger (kept in the URL as search terms); results as a
//! scatter plot and a sortable table that open the trace.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::backends::jaeger::form::{decompose, JaegerForm};
use crate::backends::ApiError;
use crate::browser;
use crate::demo;
use crate::http::traces;
use crate::http::Abort;
use crate::lang::{CompletionContext, CompletionKind, Lang};
use crate::telemetry::TraceSummary;
use crate::time::TimeRange;
use crate::dashboard::DatasourceKind;
use crate::ui::ctx::{known, use_ctx, with_source};
use crate::ui::source_picker::SourcePicker;
use crate::ui::query_editor::{cached_list, sources_fn, ListCache, QueryEditor, SourceLists};
use crate::ui::time_picker::TimePicker;
use crate::ui::trace::results::SearchResults;
use crate::url_state::{Route, SearchState, MAX_SEARCH_LIMIT};
use crate::view::trace_search::{edit_form, jaeger_plan, searchable_services, Dialect};

/// Trace search, asking the trace datasource the link names (`ds=`) in place of the default.
#[component]
pub fn Search(state: SearchState) -> impl IntoView {
    let settings = use_ctx().ds;
    let source = state.source.clone();
    with_source(
        DatasourceKind::Tempo,
        &source,
        |e| view! { <section class="explore" aria-label="Search traces"><p class="error" role="alert" data-testid="query-error">{e}</p></section> }.into_any(),
        move || view! { <SearchView state=state settings=settings/> },
    )
}

/// `settings`: the app's (the picker's choices), not this view's copy with its datasource in place.
#[component]
fn SearchView(state: SearchState, settings: RwSignal<crate::datasource::Datasources>) -> impl IntoView {
    let ctx = use_ctx();
    let query = RwSignal::new(state.query.clone());
    let limit = RwSignal::new(state.limit);
    let form = RwSignal::new(decompose(&state.query));
    let results = RwSignal::new(None::<Result<Arc<Vec<TraceSummary>>, ApiError>>);
    let notice = RwSignal::new(None::<String>);
    // Why the search was not sent (TraceQL Jaeger cannot express, no service to search).
    let refused = RwSignal::new(None::<String>);
    let services = RwSignal::new(Vec::<String>::new());
    let operations = RwSignal::new(Vec::<String>::new());
    let running = RwSignal::new(false);
    let abort = Latest::new();
    let ops_abort = Latest::new();
    let st = StoredValue::new(state.clone());
    let dialect = move || Dialect::of(ctx.health.get().traces);
    let has_form = move || dialect().has_form();

    let run = move || {
        let h = ctx.health.get_untracked();
        if !h.traces_known {
            return;
        }
        let s = st.get_value();
        let a = abort.renew();
        let ds = ctx.ds.get_untracked();
        let (start, end) = if h.traces.is_none() && s.range.is_relative() { (demo::START_MS, demo::END_MS) } else { s.range.resolve(browser::now_ms(), ctx.tz_offset()) };
        running.set(true);
        spawn_local(async move {
            let r = match Dialect::of(h.traces) {
                Dialect::Terms => {
                    let mut known = services.get_untracked();
                    if known.is_empty() {
                        match traces::jaeger_services(&ds, &a).await {
                            Ok(list) => {
                                known = searchable_services(list);
                                services.set(known.clone());
                            }
                            // The page was left (or the search replaced) while the list loaded: its signals are
                            // gone, so stop here (reading one would panic).
                            Err(ApiError::Aborted) => return,
                            Err(_) => {}
                        }
                    }
                    // One text gives the form, the terms box, the URL and the request (view::trace_search).
                    let plan = match jaeger_plan(&s.query, &known, start, end, s.limit) {
                        Ok(p) => p,
                        Err(why) => {
                            notice.set(None);
                            refused.set(Some(why));
                            running.set(false);
                            return;
                        }
                    };
                    refused.set(None);
                    notice.set((!plan.notices.is_empty()).then(|| plan.notices.join(" ")));
                    // The box shows what is searched, unless the user typed something else meanwhile.
                    if query.try_get_untracked().as_ref() == Some(&s.query) {
                        query.set(plan.terms.clone());
                        form.set(plan.form.clone());
                    }
                    if plan.terms != s.query {
                        // The URL keeps what was searched (no new history entry).
                        let mut shown = s.clone();
                        shown.query = plan.terms.clone();
                        shown.limit = plan.search.limit;
                        st.set_value(shown.clone());
                        ctx.replace(&Route::Search(shown));
                    }
                    let q = plan.search;
                    traces::search_jaeger(&ds, &q, &a).await
                }
                d => traces::search_tempo(&ds, d != Dialect::Demo, &s.query, start, end, s.limit, &a).await,
            };
            if !matches!(r, Err(ApiError::Aborted)) {
                running.set(false);
                results.set(Some(r.map(Arc::new)));
                browser::mark("trifocal:search-loaded");
            }
        });
    };
    let ready = known(ctx, |h| h.traces_known);
    Effect::new(move |_| {
        if ready.get() {
            run();
        }
    });

    // Jaeger: the operations of the chosen service. The effect remembers the service it asked for (none
    // while the backend is not known yet, so a link opened cold still loads them once it is).
    Effect::new(move |prev: Option<Option<String>>| {
        let service = form.with(|f| f.service.clone());
        if !has_form() || service.trim().is_empty() {
            return None;
        }
        if prev.flatten().as_deref() != Some(service.as_str()) {
            let a = ops_abort.renew();
            let ds = ctx.ds.get_untracked();
            let svc = service.clone();
            spawn_local(async move {
                match traces::jaeger_operations(&ds, &svc, &a).await {
                    Ok(list) => operations.set(list),
                    Err(_) => operations.set(Vec::new()),
                }
            });
        }
        Some(service)
    });

    // Every keystroke in a field rewrites the terms box, and the search sends the terms box.
    let set_form = move |edit: &dyn Fn(&mut JaegerForm)| {
        let (f, text) = edit_form(&form.get_untracked(), edit);
        query.set(text);
        form.set(f);
    };
    let submit = move || {
        let mut s = st.get_value();
        s.query = query.get_untracked();
        s.limit = limit.get_untracked().clamp(1, MAX_SEARCH_LIMIT);
        ctx.navigate(&Route::Search(s));
    };
    let set_range = Callback::new(move |r: TimeRange| {
        let mut s = st.get_value();
        s.range = r;
        s.query = query.get_untracked();
        ctx.navigate(&Route::Search(s));
    });
    let hint = move || dialect().hint();
    // TraceQL autocomplete from Tempo: attribute names and values seen in the search range, cached.
    let cache: ListCache = StoredValue::new(Default::default());
    let sources = sources_fn(move |c: CompletionContext| {
        let h = ctx.health.get_untracked();
        let ds = ctx.ds.get_untracked();
        let (start, end) = st.get_value().range.resolve(browser::now_ms(), ctx.tz_offset());
        let range_key = format!("{}:{}", start.div_euclid(60_000), end.div_euclid(60_000));
        async move {
            let mut out = SourceLists::default();
            if !Dialect::of(h.traces).completes_attributes() {
                return out;
            }
            let a = Abort::new();
            match &c.kind {
                CompletionKind::LabelName { .. } => out.labels = cached_list(cache, format!("t|{range_key}"), traces::tempo_tags(&ds, start, end, &a)).await,
                CompletionKind::LabelValue { label, .. } => {
                    out.values = cached_list(cache, format!("v|{label}|{range_key}"), traces::tempo_tag_values(&ds, label, start, end, &a)).await
                }
                _ => {}
            }
            out
        }
    });
    let query_box = move || {
        if has_form() {
            view! {
                <textarea class="code" rows="2" spellcheck="false" aria-label="Trace query" placeholder=hint
                    prop:value=move || query.get() on:input=move |ev| { let t = event_target_value(&ev); form.set(decompose(&t)); query.set(t); }
                    on:keydown=move |ev| if ev.key() == "Enter" && (ev.shift_key() || ev.ctrl_key()) { ev.prevent_default(); submit(); }></textarea>
            }
            .into_any()
        } else {
            view! { <QueryEditor lang=Lang::TraceQL value=query aria_label="Trace query" placeholder=hint() on_submit=Callback::new(move |_| submit()) sources=sources/> }.into_any()
        }
    };
    let table = move || match results.get() {
        _ if refused.with(Option::is_some) => view! { <p class="error" role="alert" data-testid="query-error">{refused.get()}</p> }.into_any(),
        None => view! { <p class="muted">"Searching…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="query-error">{e.to_string()}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"No traces matched in this range — widen it?"</p> }.into_any(),
        Some(Ok(list)) => view! { <SearchResults list=list query=st.get_value().query source=st.get_value().source/> }.into_any(),
    };
    let field = move |label: &'static str, placeholder: &'static str, get: fn(&JaegerForm) -> String, put: fn(&mut JaegerForm, String)| {
        view! {
            <label class="field">{label}
                <input type="text" aria-label=label placeholder=placeholder prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); set_form(&|f| put(f, v.clone())); }
                    on:keydown=move |ev| if ev.key() == "Enter" { let v = event_target_value(&ev); set_form(&|f| put(f, v.clone())); submit(); }/>
            </label>
        }
    };
    let jaeger_form = move || {
        has_form().then(|| {
            let svc_options = move || {
                let cur = form.with(|f| f.service.clone());
                let mut list = services.get();
                if !cur.is_empty() && !list.contains(&cur) {
                    list.insert(0, cur.clone());
                }
                list.into_iter().map(|s| { let sel = s == cur; let v = s.clone(); view! { <option value=v selected=sel>{s}</option> } }).collect_view()
            };
            let op_options = move || {
                let cur = form.with(|f| f.operation.clone());
                let mut list = operations.get();
                if !cur.is_empty() && !list.contains(&cur) {
                    list.insert(0, cur.clone());
                }
                let all = view! { <option value="" selected=cur.is_empty()>"All operations"</option> };
                (all, list.into_iter().map(|s| { let sel = s == cur; let v = s.clone(); view! { <option value=v selected=sel>{s}</option> } }).collect_view())
            };
            view! {
                <div class="search-form" role="group" aria-label="Jaeger search">
                    <label class="field">"Service"
                        <select aria-label="Service" data-testid="service-select" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_form(&|f| {
                                f.service = v.clone();
                                f.operation.clear();
                            });
                        }>{svc_options}</select>
                    </label>
                    <label class="field">"Operation"
                        <select aria-label="Operation" data-testid="operation-select" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_form(&|f| f.operation = v.clone());
                        }>{op_options}</select>
                    </label>
                    {field("Tags", "error=true http.status_code=500", |f| f.tags.clone(), |f, v| f.tags = v)}
                    {field("Min duration", "100ms", |f| f.min_duration.clone(), |f, v| f.min_duration = v)}
                    {field("Max duration", "2s", |f| f.max_duration.clone(), |f, v| f.max_duration = v)}
                </div>
            }
        })
    };
    view! {
        <section class="explore" aria-label="Search traces">
            <div class="toolbar">
                <h1>"Traces"</h1>
                <TimePicker range=state.range.clone() on_change=set_range/>
                <SourcePicker ds=settings signal=DatasourceKind::Tempo current=state.source.clone() on_pick=move |name| {
                    let mut s = st.get_value();
                    s.source = name;
                    s.query = query.get_untracked();
                    ctx.navigate(&Route::Search(s));
                }/>
                <label class="field">"Limit"
                    <input type="number" min="1" max=MAX_SEARCH_LIMIT.to_string() aria-label="Limit" class="limit" prop:value=move || limit.get().to_string()
                        on:change=move |ev| { if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() { limit.set(n.clamp(1, MAX_SEARCH_LIMIT)) } }/>
                </label>
                <button class="primary" on:click=move |_| submit()>"Search"</button>
                <Show when=move || running.get()>
                    <span class="muted" role="status">"Searching…"</span>
                    <button data-testid="cancel-query" on:click=move |_| {
                        abort.abort();
                        running.set(false);
                        results.set(Some(Err(ApiError::Aborted)));
                    }>"Cancel"</button>
                </Show>
                <a href="#/trace">"Open by ID or file"</a>
            </div>
            {jaeger_form}
            {query_box}
            <p class="muted">{hint}" — Shift+Enter searches."</p>
            {move || notice.get().map(|n| view! { <p class="warning" role="status">{n}</p> })}
            {table}
        </section>
    }
    .into_any()
}
