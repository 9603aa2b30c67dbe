//! The trace page: loads a trace by ID (or from a file, a drop or pasted JSON), shows its header, legend,
//! notes, minimap, Gantt and span details, keeps the selected span in the URL, and handles the keys
//! (↑ ↓ select, ← → collapse/expand, Enter details, / find, n N next/previous match, Esc close).

use std::sync::Arc;

use leptos::html::{Aside, Input};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::details::span_details;
use super::graph::TraceGraphPanel;
use super::minimap::TraceMinimap;
use super::state::{Loaded, TraceUi, ROW_PX};
use super::waterfall::Waterfall;
use crate::ui::latest::Latest;
use crate::backends::trace_file::parse_trace_file;
use crate::backends::ApiError;
use crate::browser;
use crate::http::traces;
use crate::telemetry::{SpanId, Trace, TraceId};
use crate::time::duration::format_duration_human;
use crate::time::format::{format_ns, TimeZone};
use crate::dashboard::DatasourceKind;
use crate::ui::ctx::{known, use_ctx, with_source};
use crate::url_state::{self, CompareState, CorrelateState, Route, TraceState};
use crate::view::palette::service_color;
use crate::view::trace::nav::{match_count_text, match_ordinal, navigate, step_match, NavAction, NavKey};

/// Opens parsed text as a trace, with performance marks around each stage.
fn open_text(ui: TraceUi, text: &str, what: String) {
    browser::mark("trifocal:trace-file-read");
    match parse_trace_file(text) {
        Ok(trace) => {
            browser::mark("trifocal:trace-parsed");
            ui.show(Loaded::new(trace, Some(format!("Opened from {what}.")), true));
        }
        Err(e) => ui.loaded.set(Some(Err(format!("Could not read {what}: {e}")))),
    }
}

fn read_file(ui: TraceUi, file: web_sys::File) {
    browser::mark("trifocal:trace-file-chosen");
    ui.loaded.set(None);
    spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        match text.ok().and_then(|v| v.as_string()) {
            Some(t) => open_text(ui, &t, format!("the file {}", file.name())),
            None => ui.loaded.set(Some(Err(format!("Could not read the file {}.", file.name())))),
        }
    });
}

fn in_text_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.closest("[contenteditable]").ok().flatten().is_some())
        .unwrap_or(false)
}

/// One trace, from the trace datasource the link names (`ds=`) in place of the default.
#[component]
pub fn TraceView(state: TraceState) -> impl IntoView {
    let source = state.source.clone();
    with_source(
        DatasourceKind::Tempo,
        &source,
        |e| view! { <section class="trace-page" aria-label="Trace"><p class="error" role="alert" data-testid="trace-error">{e}</p></section> }.into_any(),
        move || view! { <TraceViewOf state=state/> },
    )
}

#[component]
fn TraceViewOf(state: TraceState) -> impl IntoView {
    let ctx = use_ctx();
    let ui = TraceUi::new(&state.find);
    let id_input = RwSignal::new(state.trace_id.clone());
    let paste = RwSignal::new(String::new());
    let find_ref = NodeRef::<Input>::new();
    let panel = NodeRef::<Aside>::new();
    let abort = Latest::new();
    // True while a trace is being fetched: the page offers Cancel.
    let fetching = RwSignal::new(false);
    let st = StoredValue::new(state.clone());

    let select_from_url = move |l: &Loaded| {
        let s = st.get_value();
        let id = s.span.as_deref().and_then(SpanId::parse_hex)?;
        l.model.row_for_span_id(&l.trace, id)
    };
    let set_trace = move |trace: Trace, note: Option<String>| {
        browser::mark("trifocal:trace-parsed");
        let l = Loaded::new(trace, note, false);
        let row = select_from_url(&l);
        ui.show(l);
        if let Some(row) = row {
            ui.select(row, true);
        }
    };

    let load = move || {
        let h = ctx.health.get_untracked();
        let s = st.get_value();
        if !h.traces_known || s.trace_id.trim().is_empty() {
            return;
        }
        let Some(id) = TraceId::parse_hex(s.trace_id.trim()) else {
            ui.loaded.set(Some(Err(format!("'{}' is not a trace ID: use 16 or 32 hex digits.", s.trace_id.trim()))));
            return;
        };
        let a = abort.renew();
        let ds = ctx.ds.get_untracked();
        ui.loaded.set(None);
        fetching.set(true);
        browser::mark("trifocal:trace-fetch");
        spawn_local(async move {
            let r = traces::trace_by_id(&ds, h.traces, id, &a).await;
            if matches!(r, Err(ApiError::Aborted)) {
                // A newer load or the Cancel button took over; the page may be gone too.
                return;
            }
            let _ = fetching.try_set(false);
            match r {
                Ok((t, note)) => set_trace(t, note),
                Err(e) => {
                    // A trace link from demo logs or exemplars names a trace no live backend has: say so.
                    let mut msg = e.to_string();
                    if h.traces.is_some() && crate::http::demo::mentions_trace(&id.to_hex(), &a).await {
                        msg = format!("{msg} — {}", crate::demo::foreign_trace_note(&id.to_hex()));
                    }
                    let _ = ui.loaded.try_set(Some(Err(msg)));
                }
            }
        });
    };
    let ready = known(ctx, |h| h.traces_known);
    Effect::new(move |_| {
        if ready.get() {
            load();
        }
    });

    // The selection and the find text live in the URL (replaced, so they add no history entries).
    Effect::new(move |_| {
        let sel = ui.selected.get();
        let find = ui.find_text.get();
        let Some(Ok(l)) = ui.loaded.get() else { return };
        let s = st.get_value();
        if l.local || s.trace_id.trim().is_empty() {
            return;
        }
        let span = sel.and_then(|r| l.model.rows.get(r as usize)).and_then(|r| r.span).and_then(|i| l.trace.spans.get(i)).map(|s| s.span_id.to_hex());
        let next = TraceState { trace_id: s.trace_id.clone(), span, find, source: s.source.clone() };
        let frag = url_state::encode(&Route::Trace(next));
        if browser::location_hash().trim_start_matches('#') != frag {
            browser::replace_location_hash(&frag);
        }
    });

    let jump_match = move |forward: bool| {
        let m = ui.matches.get_untracked();
        if let Some(row) = step_match(&m, ui.selected.get_untracked(), forward) {
            ui.select(row, true);
        }
    };
    let focus_details = move || {
        request_animation_frame(move || {
            if let Some(p) = panel.try_get_untracked().flatten() {
                let _ = p.focus();
            }
        });
    };

    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || in_text_field(&ev) {
            return;
        }
        let Some(Ok(l)) = ui.loaded.get_untracked() else { return };
        let key = ev.key();
        // Shift+← / Shift+→: the selected row's whole subtree.
        if ev.shift_key() && matches!(key.as_str(), "ArrowLeft" | "ArrowRight") {
            if let Some(row) = ui.selected.get_untracked() {
                ev.prevent_default();
                let collapse = key == "ArrowLeft";
                ui.collapsed.update(|c| if collapse { c.collapse_subtree(&l.model, row) } else { c.expand_subtree(&l.model, row) });
            }
            return;
        }
        if let Some(k) = NavKey::from_key(&key) {
            ev.prevent_default();
            let vis = ui.visible.get_untracked();
            let page = (ui.viewport_h.get_untracked() / ROW_PX).floor().max(1.0) as usize;
            let action = ui.collapsed.with_untracked(|c| navigate(&l.model, &vis, c, ui.selected.get_untracked(), k, page));
            match action {
                NavAction::Select(r) => {
                    ui.selected.set(Some(r));
                    ui.scroll_to(r, false);
                }
                NavAction::Collapse(r) => ui.collapsed.update(|c| c.collapse(r)),
                NavAction::Expand(r) => ui.collapsed.update(|c| c.expand(r)),
                NavAction::None => {}
            }
            return;
        }
        match key.as_str() {
            "/" => {
                ev.prevent_default();
                if let Some(i) = find_ref.get_untracked() {
                    let _ = i.focus();
                    i.select();
                }
            }
            "Enter" if ui.selected.get_untracked().is_some() => {
                ev.prevent_default();
                focus_details();
            }
            "n" => jump_match(true),
            "N" => jump_match(false),
            "Escape" => ui.selected.set(None),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let open_id = move || {
        let s = TraceState { trace_id: id_input.get_untracked().trim().to_string(), source: st.get_value().source, ..TraceState::default() };
        ctx.navigate(&Route::Trace(s));
    };
    // A file or pasted JSON replaces a trace still being fetched.
    let stop_fetch = move || {
        abort.abort();
        fetching.set(false);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            stop_fetch();
            read_file(ui, file);
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            stop_fetch();
            read_file(ui, file);
        }
    };
    let close_details = Callback::new(move |_| ui.selected.set(None));

    let cancel = move |_| {
        abort.abort();
        fetching.set(false);
        ui.loaded.set(Some(Err(ApiError::Aborted.to_string())));
    };
    let body = move || match ui.loaded.get() {
        None if fetching.get() => view! {
            <p class="muted" role="status">"Loading trace… "<button data-testid="cancel-query" on:click=cancel>"Cancel"</button></p>
        }
        .into_any(),
        None => view! { <p class="muted" role="status">{move || if st.get_value().trace_id.is_empty() { "Enter a trace ID, or open a trace file (or drop one here)." } else { "Loading trace…" }}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="trace-error">{e}</p> }.into_any(),
        Some(Ok(l)) => loaded_view(ui, l, st.get_value().source, find_ref, panel, close_details, jump_match).into_any(),
    };

    view! {
        <section class="trace-page" aria-label="Trace" on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default() on:drop=on_drop>
            <div class="toolbar">
                <h1>"Trace"</h1>
                <input class="trace-id-input code" aria-label="Trace ID" placeholder="Trace ID (16 or 32 hex)" prop:value=move || id_input.get()
                    on:input=move |ev| id_input.set(event_target_value(&ev)) on:keydown=move |ev| if ev.key() == "Enter" { open_id() }/>
                <button class="primary" on:click=move |_| open_id()>"Open"</button>
                <label class="file">"Open file… "<input type="file" accept=".json,application/json" aria-label="Open a trace file" on:change=on_file/></label>
                <details class="paste">
                    <summary>"Paste JSON"</summary>
                    <textarea class="code" rows="4" aria-label="Trace JSON" placeholder="OTLP, Tempo or Jaeger trace JSON"
                        prop:value=move || paste.get() on:input=move |ev| paste.set(event_target_value(&ev))></textarea>
                    <button on:click=move |_| { let t = paste.get_untracked(); stop_fetch(); open_text(ui, &t, "pasted JSON".to_string()); }>"Open pasted JSON"</button>
                </details>
            </div>
            {body}
        </section>
    }
    .into_any()
}

fn loaded_view(
    ui: TraceUi,
    l: Arc<Loaded>,
    source: String,
    find_ref: NodeRef<Input>,
    panel: NodeRef<Aside>,
    close_details: Callback<()>,
    jump_match: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = use_ctx();
    let palette = ctx.palette.get_untracked();
    let s = l.stats.clone();
    let legend = l
        .model
        .services
        .iter()
        .enumerate()
        .map(|(i, (name, n))| {
            let (r, g, b) = service_color(i, palette);
            let q = format!("service={name}");
            view! {
                <li><button class="legend-item" title="Find this service's spans" on:click=move |_| ui.find_text.set(q.clone())>
                    <span class="swatch" style=format!("background:rgb({r},{g},{b})")></span>{format!("{name} ({n})")}
                </button></li>
            }
        })
        .collect_view();
    let warnings = l.trace.warnings.iter().map(|w| view! { <p class="warning">{w.clone()}</p> }).collect_view();
    let notes = l.model.notes.iter().map(|n| view! { <p class="warning">{n.clone()}</p> }).collect_view();
    let has_notes = !l.model.notes.is_empty() || !l.trace.warnings.is_empty();
    let start = move || {
        let tz = if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
        format_ns(s.start_ns, tz)
    };
    let source2 = source.clone();
    let compare_link = l.trace.trace_id.filter(|_| !l.local).map(|id| {
        let href = format!("#{}", url_state::encode(&Route::Compare(CompareState { a: id.to_hex(), b: String::new(), source })));
        view! { <a class="compare-link" href=href data-testid="compare-link">"Compare with another trace"</a> }
    });
    let correlate_link = l.trace.trace_id.filter(|_| !l.local).map(|id| {
        let href = format!("#{}", url_state::encode(&Route::Correlate(CorrelateState { trace_id: id.to_hex(), source: source2, ..CorrelateState::default() })));
        view! { <a class="compare-link" href=href data-testid="correlate-link" title="This trace, its log lines and its services' metrics on one time axis">"Correlate logs and metrics"</a> }
    });
    let s2 = l.stats.clone();
    let has_errors = s2.error_count > 0;
    let l_details = l.clone();
    let details = move || ui.selected.get().and_then(|row| span_details(&l_details, row, panel, close_details));
    let l_collapse = l.clone();
    let l_levels = l.clone();
    let levels_max = (l.model.max_depth + 1).min(30);
    let show_graph = RwSignal::new(false);
    let l_graph = l.clone();
    let find_count = move || {
        let m = ui.matches.get();
        if ui.find_text.get().trim().is_empty() {
            return String::new();
        }
        match_count_text(m.len(), match_ordinal(&m, ui.selected.get()))
    };
    view! {
        {l.note.clone().map(|n| view! { <p class="demo-note" data-testid="demo-note">{n}</p> })}
        {l.trace.partial.then(|| view! { <p class="warning">"PARTIAL: the server returned an incomplete trace."</p> })}
        {has_notes.then(|| view! { <div class="trace-notes" data-testid="trace-notes">{warnings}{notes}</div> })}
        <header class="trace-header" data-testid="trace-header" data-spans=s2.span_count.to_string()>
            <h2>{format!("{}: {}", s2.root_service, s2.root_name)}</h2>
            <dl class="trace-stats">
                <div><dt>"Start"</dt><dd>{start}</dd></div>
                <div><dt>"Duration"</dt><dd data-testid="trace-duration">{format_duration_human(s2.duration_ns)}</dd></div>
                <div><dt>"Spans"</dt><dd data-testid="trace-span-count">{s2.span_count.to_string()}</dd></div>
                <div><dt>"Services"</dt><dd>{s2.service_count.to_string()}</dd></div>
                <div><dt>"Depth"</dt><dd>{s2.depth.to_string()}</dd></div>
                <div><dt>"Errors"</dt><dd class:error=has_errors>{s2.error_count.to_string()}</dd></div>
            </dl>
            <ul class="legend" aria-label="Services">{legend}</ul>
            {compare_link}
            {correlate_link}
        </header>
        <TraceMinimap ui=ui l=l.clone()/>
        <div class="trace-tools">
            <button on:click=move |_| ui.collapsed.update(|c| c.expand_all())>"Expand all"</button>
            <button on:click=move |_| ui.collapsed.update(|c| c.collapse_all(&l_collapse.model))>"Collapse all"</button>
            <label class="check">"Levels "
                <select aria-label="Show levels" data-testid="trace-levels" on:change=move |ev| {
                    let n: u32 = event_target_value(&ev).parse().unwrap_or(0);
                    ui.collapsed.update(|c| c.to_depth(&l_levels.model, n));
                }>
                    <option value="">"—"</option>
                    {(1..=levels_max).map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                    <option value="0">"All"</option>
                </select>
            </label>
            <label class="check"><input type="checkbox" data-testid="trace-graph-toggle" prop:checked=move || show_graph.get()
                on:change=move |ev| show_graph.set(event_target_checked(&ev))/>" Graph"</label>
            <label class="check"><input type="checkbox" aria-label="Highlight the critical path" prop:checked=move || ui.show_critical.get()
                on:change=move |ev| ui.show_critical.set(event_target_checked(&ev))/>" Critical path"</label>
            <input type="search" aria-label="Find in trace" node_ref=find_ref
                placeholder="Find (/): name, service=x, key=value, duration>10ms, status=error"
                prop:value=move || ui.find_text.get() on:input=move |ev| ui.find_text.set(event_target_value(&ev))
                on:keydown=move |ev| match ev.key().as_str() {
                    "Enter" => { ev.prevent_default(); jump_match(!ev.shift_key()); }
                    "Escape" => { if let Some(i) = find_ref.get_untracked() { let _ = i.blur(); } }
                    _ => {}
                }/>
            <button aria-label="Previous match" title="Previous match (N)" on:click=move |_| jump_match(false)>"↑"</button>
            <button aria-label="Next match" title="Next match (n)" on:click=move |_| jump_match(true)>"↓"</button>
            <span class="muted" data-testid="find-count">{find_count}</span>
            <span class="muted keys">"Keys: ↑↓ select · ←→ collapse/expand (with Shift: the subtree) · Enter details · / find · n/N next/previous"</span>
        </div>
        {move || show_graph.get().then(|| view! { <TraceGraphPanel ui=ui l=l_graph.clone()/> })}
        <div class="trace-main">
            <Waterfall ui=ui l=l.clone()/>
            {details}
        </div>
    }
}
