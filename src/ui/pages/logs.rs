//! Explore logs: a LogQL query over a time range, paged past Loki's limit, shown in a virtualised list.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backends::ApiError;
use crate::browser;
use crate::demo;
use crate::http::logs::{self, LogAnswer};
use crate::http::Abort;
use crate::telemetry::LogEntry;
use crate::time::format::{format_ns, TimeZone};
use crate::time::TimeRange;
use crate::ui::ctx::use_ctx;
use crate::ui::time_picker::TimePicker;
use crate::url_state::{self, LogsState, Route, TraceState};
use crate::view::log_text;

const ROW_PX: f64 = 22.0;
const MAX_SHOWN_CHARS: usize = 2000;

#[component]
pub fn Logs(state: LogsState) -> impl IntoView {
    let ctx = use_ctx();
    let query = RwSignal::new(state.query.clone());
    let answer = RwSignal::new_local(None::<Result<Arc<LogAnswer>, ApiError>>);
    let loaded = RwSignal::new(0usize);
    let running = RwSignal::new(false);
    let scroll_top = RwSignal::new(0.0f64);
    let viewport_px = RwSignal::new(600.0f64);
    let expanded = RwSignal::new(None::<usize>);
    let abort = StoredValue::new_local(Abort::new());
    on_cleanup(move || abort.get_value().abort());
    let st = StoredValue::new(state.clone());

    let run = move || {
        let h = ctx.health.get_untracked();
        let s = st.get_value();
        if !h.checked || (h.loki && s.query.trim().is_empty()) {
            return;
        }
        abort.get_value().abort();
        let a = Abort::new();
        abort.set_value(a.clone());
        let (start, end) = if !h.loki && s.range.is_relative() {
            (demo::START_MS, demo::END_MS)
        } else {
            s.range.resolve(browser::now_ms(), ctx.tz_offset())
        };
        let ds = ctx.ds.get_untracked();
        running.set(true);
        loaded.set(0);
        browser::mark("trifocal:logs-query");
        spawn_local(async move {
            let progress = move |n: usize| loaded.set(n);
            let r = logs::query(&ds, h.loki, &s.query, start.saturating_mul(1_000_000), end.saturating_mul(1_000_000), s.limit, s.newest_first, &a, &progress).await;
            if matches!(r, Err(ApiError::Aborted)) {
                return;
            }
            answer.set(Some(r.map(Arc::new)));
            running.set(false);
            browser::mark("trifocal:logs-loaded");
            browser::mark_after_paint("trifocal:logs-painted");
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
        ctx.navigate(&Route::Logs(s));
    };
    let set_range = Callback::new(move |r: TimeRange| {
        let mut s = st.get_value();
        s.range = r;
        s.query = query.get_untracked();
        ctx.navigate(&Route::Logs(s));
    });

    let entries = move || answer.get().and_then(|a| a.ok());
    let rows = move || {
        let Some(a) = entries() else { return Vec::new() };
        let n = a.logs.entries.len();
        let first = ((scroll_top.get() / ROW_PX).floor() as usize).saturating_sub(10).min(n);
        let last = (first + (viewport_px.get() / ROW_PX).ceil() as usize + 20).min(n);
        let tz = if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
        let open = expanded.get();
        (first..last)
            .filter_map(|i| a.logs.entries.get(i).map(|e| (i, e.clone())))
            .map(|(i, e)| log_row(i, e, tz, open == Some(i), expanded))
            .collect::<Vec<_>>()
    };
    let total_height = move || entries().map(|a| a.logs.entries.len() as f64 * ROW_PX + if expanded.get().is_some() { 240.0 } else { 0.0 }).unwrap_or(0.0);
    let status = move || match answer.get() {
        None if running.get() => view! { <p class="muted" role="status">{move || format!("Loading… {} lines", loaded.get())}</p> }.into_any(),
        None => view! { <p class="muted">"Type a LogQL query such as {service_name=\"search-service\"} |= \"error\" and press Run."</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="query-error">{e.to_string()}</p> }.into_any(),
        Some(Ok(a)) => {
            let n = a.logs.entries.len();
            let text = if n == 0 {
                "No logs in this range — widen it, or loosen the query.".to_string()
            } else {
                format!("{n} lines loaded in {} page(s){}", a.pages, if a.complete { ", the whole range" } else { " — more in range (raise the line limit)" })
            };
            view! {
                {a.demo_note.clone().map(|n| view! { <p class="demo-note" data-testid="demo-note">{n}</p> })}
                <p class="muted" data-testid="logs-summary" data-lines=n.to_string()>{text}</p>
                {a.logs.warnings.iter().map(|w| view! { <p class="warning">{w.clone()}</p> }).collect_view()}
            }.into_any()
        }
    };

    view! {
        <section class="explore" aria-label="Explore logs">
            <div class="toolbar">
                <h1>"Logs"</h1>
                <TimePicker range=state.range.clone() on_change=set_range/>
                <label>"Limit "<input type="number" class="num" min="1" max="100000" aria-label="Line limit" prop:value=state.limit.to_string()
                    on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<u32>() { let mut s = st.get_value(); s.limit = v.clamp(1, 100_000); st.set_value(s); } }/></label>
                <label class="check"><input type="checkbox" prop:checked=state.newest_first
                    on:change=move |ev| { let mut s = st.get_value(); s.newest_first = event_target_checked(&ev); st.set_value(s); }/>"Newest first"</label>
                <button class="primary" on:click=move |_| submit() data-testid="run-query">{move || if running.get() { "Running…" } else { "Run query" }}</button>
                <Show when=move || running.get()><button on:click=move |_| { abort.get_value().abort(); running.set(false); }>"Cancel"</button></Show>
            </div>
            <textarea class="code" rows="2" spellcheck="false" aria-label="LogQL query"
                placeholder="LogQL, e.g. {service_name=\"search-service\"} |= \"error\" — Shift+Enter runs"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" && ev.shift_key() { ev.prevent_default(); submit(); }></textarea>
            {status}
            <div class="log-list" role="list" aria-label="Log lines" data-testid="log-list"
                on:scroll=move |ev| {
                    let el = event_target::<web_sys::HtmlElement>(&ev);
                    scroll_top.set(el.scroll_top() as f64);
                    viewport_px.set(el.client_height() as f64);
                }>
                <div class="log-spacer" style=move || format!("height:{}px", total_height())>
                    <div class="log-window" style=move || {
                        let first = ((scroll_top.get() / ROW_PX).floor() as usize).saturating_sub(10);
                        format!("transform:translateY({}px)", first as f64 * ROW_PX)
                    }>{rows}</div>
                </div>
            </div>
        </section>
    }
}

fn log_row(i: usize, e: LogEntry, tz: TimeZone, open: bool, expanded: RwSignal<Option<usize>>) -> impl IntoView {
    let level = e.level.as_str();
    let ts = format_ns(e.ts_ns, tz);
    let shown = log_text::shorten(&e.line, MAX_SHOWN_CHARS);
    let trace_link = e.trace_id.map(|id| {
        let href = format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: id.to_hex(), span: None, find: String::new() })));
        view! { <a class="trace-link" href=href data-testid="log-trace-link" aria-label=format!("Open trace {}", id.to_hex())>"trace"</a> }
    });
    let details = open.then(|| {
        let rows = e.stream.iter().map(|(k, v)| ("label", k.to_string(), v.to_string()))
            .chain(e.metadata.iter().map(|(k, v)| ("metadata", k.to_string(), v.to_string())))
            .chain(e.parsed.iter().map(|(k, v)| ("parsed", k.to_string(), v.to_string())))
            .map(|(kind, k, v)| view! { <tr><td class="muted">{kind}</td><td>{k}</td><td class="code">{v}</td></tr> })
            .collect_view();
        let full = log_text::shorten(&e.line, 100_000);
        let line = e.line.clone();
        view! {
            <div class="log-details" data-testid="log-details">
                <table><tbody>{rows}</tbody></table>
                <pre class="code wrap">{full}</pre>
                <button class="link" on:click=move |_| browser::copy_to_clipboard(&line)>"Copy line"</button>
            </div>
        }
    });
    view! {
        <div class="log-row" role="listitem" data-level=level>
            <button class="log-toggle" aria-expanded=open.to_string() aria-label="Show details"
                on:click=move |_| expanded.update(|x| *x = if *x == Some(i) { None } else { Some(i) })>{if open { "▾" } else { "▸" }}</button>
            <span class="log-ts">{ts}</span>
            <span class="log-level">{level}</span>
            <span class="log-line">{shown}</span>
            {trace_link}
        </div>
        {details}
    }
}
