//! Trace view: header, time ruler, virtualised span rows (Gantt) with collapse, critical path, find and
//! span details with a jump to the span's logs. Layout comes from `view::trace`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backends::trace_file::parse_trace_file;
use crate::backends::ApiError;
use crate::browser;
use crate::http::traces;
use crate::http::Abort;
use crate::telemetry::{Trace, TraceId};
use crate::time::duration::format_duration_human;
use crate::ui::ctx::use_ctx;
use crate::url_state::{self, LogsState, Route, TraceState};
use crate::view::palette::service_color;
use crate::view::trace::collapse::{visible_rows, Collapsed};
use crate::view::trace::find::{find, FindQuery};
use crate::view::trace::viewport::{span_geometry, ticks, TimeWindow};
use crate::view::trace::{critical_path, stats, TraceModel};

const ROW_PX: f64 = 24.0;

struct Loaded {
    trace: Trace,
    model: TraceModel,
    critical: Vec<bool>,
    note: Option<String>,
}

#[component]
pub fn TraceView(state: TraceState) -> impl IntoView {
    let ctx = use_ctx();
    let id_input = RwSignal::new(state.trace_id.clone());
    let loaded = RwSignal::new_local(None::<Result<Arc<Loaded>, String>>);
    let collapsed = RwSignal::new(Collapsed::default());
    let selected = RwSignal::new(None::<u32>);
    let find_text = RwSignal::new(state.find.clone());
    let find_pos = RwSignal::new(0usize);
    let scroll_top = RwSignal::new(0.0f64);
    let window = RwSignal::new(TimeWindow { start: 0.0, end: 1.0 });
    let abort = StoredValue::new_local(Abort::new());
    on_cleanup(move || abort.get_value().abort());
    let st = StoredValue::new(state.clone());

    let set_trace = move |trace: Trace, note: Option<String>| {
        let model = TraceModel::build(&trace);
        let critical = critical_path(&model, &trace);
        collapsed.set(Collapsed::default());
        loaded.set(Some(Ok(Arc::new(Loaded { trace, model, critical, note }))));
        browser::mark("trifocal:trace-drawn");
        browser::mark_after_paint("trifocal:trace-painted");
    };

    let load = move || {
        let h = ctx.health.get_untracked();
        let s = st.get_value();
        if !h.checked || s.trace_id.trim().is_empty() {
            return;
        }
        let Some(id) = TraceId::parse_hex(s.trace_id.trim()) else {
            loaded.set(Some(Err(format!("'{}' is not a trace ID: use 16 or 32 hex digits.", s.trace_id.trim()))));
            return;
        };
        abort.get_value().abort();
        let a = Abort::new();
        abort.set_value(a.clone());
        let ds = ctx.ds.get_untracked();
        loaded.set(None);
        spawn_local(async move {
            match traces::trace_by_id(&ds, h.traces, id, &a).await {
                Ok((t, note)) => set_trace(t, note),
                Err(ApiError::Aborted) => {}
                Err(e) => loaded.set(Some(Err(e.to_string()))),
            }
        });
    };
    Effect::new(move |_| {
        if ctx.health.get().checked {
            load();
        }
    });

    let open_id = move || {
        let s = TraceState { trace_id: id_input.get_untracked().trim().to_string(), span: None, find: String::new() };
        ctx.navigate(&Route::Trace(s));
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            match text.ok().and_then(|v| v.as_string()) {
                Some(t) => match parse_trace_file(&t) {
                    Ok(trace) => set_trace(trace, Some(format!("Opened from the file {}", file.name()))),
                    Err(e) => loaded.set(Some(Err(format!("Could not read {}: {e}", file.name())))),
                },
                None => loaded.set(Some(Err("Could not read the file.".into()))),
            }
        });
    };

    let matches = move || -> Vec<u32> {
        let q = find_text.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        match loaded.get() {
            Some(Ok(l)) => find(&l.model, &l.trace, &FindQuery::parse(&q)),
            _ => Vec::new(),
        }
    };
    let visible = Memo::new(move |_| match loaded.get() {
        Some(Ok(l)) => visible_rows(&l.model, &collapsed.get()),
        _ => Vec::new(),
    });

    let body = move || match loaded.get() {
        None => view! { <p class="muted" role="status">{move || if st.get_value().trace_id.is_empty() { "Enter a trace ID, or open a trace file." } else { "Loading trace…" }}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="trace-error">{e}</p> }.into_any(),
        Some(Ok(l)) => {
            let s = stats(&l.trace, &l.model);
            let legend = l.model.services.iter().enumerate().map(|(i, (name, n))| {
                let (r, g, b) = service_color(i);
                view! { <li><span class="swatch" style=format!("background:rgb({r},{g},{b})")></span>{format!("{name} ({n})")}</li> }
            }).collect_view();
            let l2 = l.clone();
            let l3 = l.clone();
            let ruler = move || {
                let w = window.get();
                ticks(&w, s.duration_ns, 6).into_iter().map(|(x, label)| view! {
                    <span class="tick" style=format!("left:{:.2}%", x * 100.0)>{label}</span>
                }).collect_view()
            };
            let rows = move || {
                let vis = visible.get();
                let first = ((scroll_top.get() / ROW_PX).floor() as usize).saturating_sub(10).min(vis.len());
                let last = (first + 60).min(vis.len());
                let w = window.get();
                let sel = selected.get();
                let c = collapsed.get();
                let hits = matches();
                vis[first..last].iter().map(|&row| span_row(&l2, row, &w, sel == Some(row), c.is_collapsed(row), hits.contains(&row), collapsed, selected)).collect_view()
            };
            let details = move || selected.get().and_then(|row| span_details(&l3, row));
            let warnings = l.trace.warnings.iter().map(|w| view! { <p class="warning">{w.clone()}</p> }).collect_view();
            view! {
                {l.note.clone().map(|n| view! { <p class="demo-note" data-testid="demo-note">{n}</p> })}
                {l.trace.partial.then(|| view! { <p class="warning">"PARTIAL: the server returned an incomplete trace."</p> })}
                {warnings}
                <header class="trace-header" data-testid="trace-header" data-spans=s.span_count.to_string()>
                    <h2>{format!("{}: {}", s.root_service, s.root_name)}</h2>
                    <p class="muted">{format!("{} spans · {} services · depth {} · {} errors · {}", s.span_count, s.service_count, s.depth, s.error_count, format_duration_human(s.duration_ns))}</p>
                    <ul class="legend">{legend}</ul>
                </header>
                <div class="trace-tools">
                    <button on:click=move |_| collapsed.update(|c| c.expand_all())>"Expand all"</button>
                    <button on:click=move |_| { if let Some(Ok(l)) = loaded.get_untracked() { collapsed.update(|c| c.collapse_all(&l.model)); } }>"Collapse all"</button>
                    <button on:click=move |_| window.set(TimeWindow { start: 0.0, end: 1.0 })>"Reset zoom"</button>
                    <input type="search" aria-label="Find in trace" placeholder="Find: name, service=x, key=value, duration>10ms, status=error"
                        prop:value=move || find_text.get() on:input=move |ev| { find_text.set(event_target_value(&ev)); find_pos.set(0); }
                        on:keydown=move |ev| if ev.key() == "Enter" {
                            let m = matches();
                            if !m.is_empty() {
                                let p = (find_pos.get_untracked() + 1) % m.len();
                                find_pos.set(p);
                                selected.set(m.get(p).copied());
                            }
                        }/>
                    <span class="muted" data-testid="find-count">{move || { let n = matches().len(); if find_text.get().is_empty() { String::new() } else { format!("{n} matches") } }}</span>
                </div>
                <div class="gantt">
                    <div class="ruler" aria-hidden="true">{ruler}</div>
                    <div class="span-list" role="tree" aria-label="Spans" data-testid="span-list"
                        on:scroll=move |ev| scroll_top.set(event_target::<web_sys::HtmlElement>(&ev).scroll_top() as f64)>
                        <div style=move || format!("height:{}px;position:relative", visible.get().len() as f64 * ROW_PX)>
                            <div style=move || format!("transform:translateY({}px)", (((scroll_top.get() / ROW_PX).floor() as usize).saturating_sub(10)) as f64 * ROW_PX)>{rows}</div>
                        </div>
                    </div>
                </div>
                {details}
            }.into_any()
        }
    };

    view! {
        <section class="trace-page" aria-label="Trace">
            <div class="toolbar">
                <h1>"Trace"</h1>
                <input class="trace-id-input code" aria-label="Trace ID" placeholder="Trace ID (16 or 32 hex)" prop:value=move || id_input.get()
                    on:input=move |ev| id_input.set(event_target_value(&ev)) on:keydown=move |ev| if ev.key() == "Enter" { open_id() }/>
                <button class="primary" on:click=move |_| open_id()>"Open"</button>
                <label class="file">"Open file… "<input type="file" accept=".json,application/json" aria-label="Open a trace file" on:change=on_file/></label>
            </div>
            {body}
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn span_row(l: &Arc<Loaded>, row: u32, w: &TimeWindow, selected: bool, is_collapsed: bool, hit: bool, collapsed: RwSignal<Collapsed>, sel: RwSignal<Option<u32>>) -> impl IntoView {
    let r = &l.model.rows[row as usize];
    let critical = l.critical.get(row as usize).copied().unwrap_or(false);
    let (name, service, dur, err, color) = match r.span.and_then(|i| l.trace.spans.get(i)) {
        Some(s) => {
            let si = l.model.services.iter().position(|(n, _)| *n == s.service).unwrap_or(0);
            (s.name.clone(), s.service.clone(), format_duration_human(s.duration_ns()), s.is_error(), service_color(si))
        }
        None => ("missing parent span".to_string(), String::new(), String::new(), false, (128, 128, 128)),
    };
    let geom = span_geometry(&l.model, &l.trace, row, w);
    let bar = geom.map(|(left, width)| {
        let (cr, cg, cb) = color;
        view! {
            <span class="bar" class:critical=critical class:error=err
                style=format!("left:{:.3}%;width:max(2px,{:.3}%);background:rgb({cr},{cg},{cb})", left * 100.0, width * 100.0)></span>
            <span class="bar-label" style=format!("left:{:.3}%", (left + width).min(0.85) * 100.0)>{dur.clone()}</span>
        }
    });
    let has_children = r.child_count > 0;
    let depth = r.depth;
    let skew = r.flags.clock_skew;
    let placeholder = r.span.is_none();
    view! {
        <div class="span-row" role="treeitem" aria-selected=selected.to_string() attr:aria-level=(depth + 1).to_string()
            aria-expanded=has_children.then(|| (!is_collapsed).to_string())
            class:selected=selected class:hit=hit class:placeholder=placeholder
            on:click=move |_| sel.set(Some(row))>
            <span class="span-name" style=format!("padding-left:{}px", 8 + depth.min(60) * 12)>
                {has_children.then(|| view! {
                    <button class="twisty" aria-label=if is_collapsed { "Expand" } else { "Collapse" }
                        on:click=move |ev| { ev.stop_propagation(); collapsed.update(|c| c.toggle(row)); }>{if is_collapsed { "▸" } else { "▾" }}</button>
                })}
                {err.then(|| view! { <span class="err-mark" title="Error">"!"</span> })}
                <span class="svc">{service}</span>" "{name}
                {skew.then(|| view! { <span class="warning" title="Starts before its parent or ends after it (clock skew)">" ⧗"</span> })}
            </span>
            <span class="span-track">{bar}</span>
        </div>
    }
}

fn span_details(l: &Arc<Loaded>, row: u32) -> Option<impl IntoView> {
    let r = l.model.rows.get(row as usize)?;
    let s = l.trace.spans.get(r.span?)?;
    let trace_id = l.trace.trace_id.map(|t| t.to_hex()).unwrap_or_default();
    let attrs = |a: &[crate::telemetry::Attribute]| a.iter().map(|a| view! { <tr><td>{a.key.clone()}</td><td class="code">{a.value.to_string()}</td></tr> }).collect_view();
    let start_ms = s.start_ns / 1_000_000;
    let end_ms = s.end_ns / 1_000_000;
    let logs_route = Route::Logs(LogsState {
        range: crate::time::TimeRange::from_absolute(start_ms - 60_000, end_ms + 60_000),
        query: format!("{{service_name=~\".+\"}} |= \"{trace_id}\""),
        ..LogsState::default()
    });
    let logs_href = format!("#{}", url_state::encode(&logs_route));
    let events = s.events.iter().map(|e| view! { <li>{format!("{} (+{})", e.name, format_duration_human(e.time_ns - s.start_ns))}</li> }).collect_view();
    let links = s.links.iter().map(|k| {
        let href = format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: k.trace_id.to_hex(), span: Some(k.span_id.to_hex()), find: String::new() })));
        view! { <li><a href=href>{format!("{} {}/{}", k.kind, k.trace_id, k.span_id)}</a></li> }
    }).collect_view();
    let span_id = s.span_id.to_hex();
    Some(view! {
        <aside class="span-details" aria-label="Span details" data-testid="span-details">
            <h3>{s.name.clone()}</h3>
            <p class="muted">{format!("{} · {:?} · {} · {}", s.service, s.kind, format_duration_human(s.duration_ns()), match &s.status { crate::telemetry::SpanStatus::Error(m) => format!("error {m}"), st => format!("{st:?}") })}</p>
            <p class="code">"span " {span_id.clone()} " "<button class="link" on:click=move |_| browser::copy_to_clipboard(&span_id)>"copy"</button></p>
            <p><a href=logs_href data-testid="trace-logs-link">"Logs for this trace"</a></p>
            <h4>"Attributes"</h4><table><tbody>{attrs(&s.attributes)}</tbody></table>
            <h4>"Resource"</h4><table><tbody>{attrs(&s.resource)}</tbody></table>
            {(!s.events.is_empty()).then(|| view! { <h4>"Events"</h4><ul>{events}</ul> })}
            {(!s.links.is_empty()).then(|| view! { <h4>"Links"</h4><ul>{links}</ul> })}
        </aside>
    })
}
