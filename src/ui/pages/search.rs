//! Trace search: TraceQL against Tempo, or service/operation/tags against Jaeger; results open the trace.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backends::jaeger::terms::parse_terms;
use crate::backends::ApiError;
use crate::browser;
use crate::datasource::TraceBackend;
use crate::demo;
use crate::http::traces;
use crate::http::Abort;
use crate::telemetry::TraceSummary;
use crate::time::format::{format_ms, TimeZone};
use crate::time::TimeRange;
use crate::ui::ctx::use_ctx;
use crate::ui::time_picker::TimePicker;
use crate::url_state::{self, Route, SearchState, TraceState};

#[component]
pub fn Search(state: SearchState) -> impl IntoView {
    let ctx = use_ctx();
    let query = RwSignal::new(state.query.clone());
    let results = RwSignal::new(None::<Result<Vec<TraceSummary>, ApiError>>);
    let notice = RwSignal::new(None::<String>);
    let used_service = RwSignal::new(None::<String>);
    let services = RwSignal::new(Vec::<String>::new());
    let abort = StoredValue::new_local(Abort::new());
    on_cleanup(move || abort.get_value().abort());
    let st = StoredValue::new(state.clone());

    let run = move || {
        let h = ctx.health.get_untracked();
        if !h.checked {
            return;
        }
        let s = st.get_value();
        abort.get_value().abort();
        let a = Abort::new();
        abort.set_value(a.clone());
        let ds = ctx.ds.get_untracked();
        let (start, end) = if h.traces.is_none() && s.range.is_relative() { (demo::START_MS, demo::END_MS) } else { s.range.resolve(browser::now_ms(), ctx.tz_offset()) };
        spawn_local(async move {
            let r = match h.traces {
                Some(TraceBackend::Jaeger) => {
                    if services.get_untracked().is_empty() {
                        if let Ok(list) = traces::jaeger_services(&ds, &a).await {
                            services.set(list.into_iter().filter(|s| s != "jaeger").collect());
                        }
                    }
                    let (mut q, ignored) = parse_terms(&s.query, start, end, s.limit);
                    if q.service.is_empty() {
                        // Jaeger needs a service: like Jaeger UI, start with the first one (named in the hint).
                        q.service = services.get_untracked().first().cloned().unwrap_or_default();
                    }
                    notice.set((!ignored.is_empty()).then(|| format!("Ignored: {} (Jaeger takes service=, operation=, minDuration=, maxDuration=, limit= and tag=value terms)", ignored.join(" "))));
                    used_service.set(Some(q.service.clone()));
                    traces::search_jaeger(&ds, &q, &a).await
                }
                live => traces::search_tempo(&ds, live.is_some(), &s.query, start, end, s.limit, &a).await,
            };
            if !matches!(r, Err(ApiError::Aborted)) {
                results.set(Some(r));
                browser::mark("trifocal:search-loaded");
            }
        });
    };
    Effect::new(move |_| {
        if ctx.health.get().checked {
            run();
        }
    });
    let submit = move || {
        let mut s = st.get_value();
        s.query = query.get_untracked();
        ctx.navigate(&Route::Search(s));
    };
    let set_range = Callback::new(move |r: TimeRange| {
        let mut s = st.get_value();
        s.range = r;
        s.query = query.get_untracked();
        ctx.navigate(&Route::Search(s));
    });
    let hint = move || match ctx.health.get().traces {
        Some(TraceBackend::Jaeger) => "Jaeger: service=<name> and tag=value terms, e.g. service=search-service error=true",
        Some(_) => "TraceQL, e.g. {resource.service.name=\"search-service\" && status=error}",
        None => "Demo data (no trace backend answered): TraceQL as for Tempo",
    };
    let table = move || match results.get() {
        None => view! { <p class="muted">"Searching…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="query-error">{e.to_string()}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"No traces matched in this range — widen it?"</p> }.into_any(),
        Some(Ok(list)) => {
            let tz = if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
            let rows = list.into_iter().map(|t| {
                let href = format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: t.trace_id.to_hex(), span: None, find: String::new() })));
                view! {
                    <tr class:error=t.error>
                        <td><a href=href class="code" data-testid="search-result">{t.trace_id.to_hex()}</a></td>
                        <td>{t.root_service.clone()}</td><td>{t.root_name.clone()}</td>
                        <td>{format_ms(t.start_ms, tz, false)}</td>
                        <td class="num">{format!("{:.1} ms", t.duration_ms)}</td>
                        <td class="num">{t.span_count.map(|n| n.to_string()).unwrap_or_else(|| t.matched.to_string())}</td>
                    </tr>
                }
            }).collect_view();
            view! {
                <table class="results" data-testid="search-results" data-query=st.get_value().query>
                    <thead><tr><th>"Trace ID"</th><th>"Root service"</th><th>"Root span"</th><th>"Start"</th><th>"Duration"</th><th>"Spans"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }.into_any()
        }
    };
    view! {
        <section class="explore" aria-label="Search traces">
            <div class="toolbar">
                <h1>"Traces"</h1>
                <TimePicker range=state.range.clone() on_change=set_range/>
                <button class="primary" on:click=move |_| submit()>"Search"</button>
                <a href="#/trace">"Open by ID or file"</a>
            </div>
            <textarea class="code" rows="2" spellcheck="false" aria-label="Trace query" placeholder=hint
                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" && ev.shift_key() { ev.prevent_default(); submit(); }></textarea>
            <p class="muted">{hint}</p>
            {move || notice.get().map(|n| view! { <p class="warning" role="status">{n}</p> })}
            {move || used_service.get().filter(|_| !st.get_value().query.contains("service")).map(|s| view! { <p class="muted">"Showing service " <b>{s}</b> " — add service=<name> to choose."</p> })}
            {move || (!services.get().is_empty()).then(|| view! { <p class="muted">"Services: " {services.get().join(", ")}</p> })}
            {table}
        </section>
    }
}
