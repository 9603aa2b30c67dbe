//! A query editor for PromQL, LogQL and TraceQL: a real textarea over a syntax-highlighted `<pre>`, an
//! autocomplete listbox fed by the caller's data sources, inline bracket/quote problems, Shift+Enter runs.
//!
//! Usage (the caller owns the text and where completion data comes from):
//! ```ignore
//! let text = RwSignal::new(String::new());
//! let sources = sources_fn(move |c: CompletionContext| async move {
//!     // fetch (and cache) what `c.kind` needs: metric names, label names, values of a label
//!     SourceLists { metrics: vec![], labels: vec![], values: vec![] }
//! });
//! view! { <QueryEditor lang=Lang::LogQL value=text aria_label="LogQL query" on_submit=move |_| run() sources=sources/> }
//! ```
//! All logic (tokens, highlighting, contexts, ranking, caret arithmetic) is in `crate::lang` and
//! `crate::view::editor`; this file only wires it to the DOM. Query text is always rendered as text nodes.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::lang::{self, CompletionContext, Lang, Sources, Suggestion, SuggestionKind};
use crate::view::editor;

/// Completion data for one context, fetched by the caller (owned lists; see [`lang::Sources`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceLists {
    /// Metric names (PromQL).
    pub metrics: Vec<String>,
    /// Label names (LogQL/PromQL) or attribute names (TraceQL).
    pub labels: Vec<String>,
    /// Values of the context's label.
    pub values: Vec<String>,
    /// PromQL: detail lines of metric families (`lang::metric_help`).
    pub metric_help: Arc<Vec<(String, String)>>,
}

/// The future a sources callback returns (local: browser futures are not `Send`).
pub type SourcesFuture = Pin<Box<dyn Future<Output = SourceLists>>>;

/// A callback giving the completion data for a context. It is called on each keystroke that opens or
/// refines the list, so it should cache its answers (per metric/label and time range).
pub type SourcesFn = Callback<CompletionContext, SourcesFuture>;

/// Completion lists already fetched, by a key the caller builds (kind, label, selector, time range).
pub type ListCache = StoredValue<std::collections::HashMap<String, std::sync::Arc<Vec<String>>>>;

/// The cached list for `key`, or `fetch`ed and cached. A failed fetch offers nothing (and is logged to the
/// console): autocomplete never shows errors over the query.
pub async fn cached_list<F>(cache: ListCache, key: String, fetch: F) -> Vec<String>
where
    F: Future<Output = Result<Vec<String>, crate::backends::ApiError>>,
{
    if let Some(v) = cache.with_value(|m| m.get(&key).cloned()) {
        return v.to_vec();
    }
    match fetch.await {
        Ok(v) => {
            cache.update_value(|m| {
                m.insert(key, std::sync::Arc::new(v.clone()));
            });
            v
        }
        Err(e) => {
            web_sys::console::warn_1(&format!("autocomplete: {e}").into());
            Vec::new()
        }
    }
}

/// Wraps an async closure as a [`SourcesFn`].
pub fn sources_fn<F, Fut>(f: F) -> SourcesFn
where
    F: Fn(CompletionContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = SourceLists> + 'static,
{
    Callback::new(move |c| Box::pin(f(c)) as SourcesFuture)
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

fn kind_badge(k: SuggestionKind) -> (&'static str, &'static str) {
    match k {
        SuggestionKind::Metric => ("M", "metric"),
        SuggestionKind::Function => ("ƒ", "function"),
        SuggestionKind::Keyword => ("K", "keyword"),
        SuggestionKind::Label => ("L", "label"),
        SuggestionKind::Value => ("V", "value"),
        SuggestionKind::Duration => ("D", "duration"),
        SuggestionKind::Stage => ("S", "stage"),
        SuggestionKind::Intrinsic => ("I", "intrinsic"),
    }
}

/// The editor. `value` is the query text (read and written); `aria_label` names the textarea (tests and
/// screen readers find it by that); `on_submit` runs on Shift+Enter; `sources` feeds autocomplete with
/// backend data (built-in functions and keywords are always offered).
#[component]
pub fn QueryEditor(
    lang: Lang,
    value: RwSignal<String>,
    #[prop(into)] aria_label: String,
    #[prop(into, optional)] placeholder: String,
    #[prop(into)] on_submit: Callback<()>,
    #[prop(optional)] sources: Option<SourcesFn>,
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    let uid = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let list_id = format!("qe-list-{uid}");
    let opt_id = move |i: usize| format!("qe-{uid}-opt-{i}");
    let min_rows = rows.unwrap_or(2).max(1);
    let area = NodeRef::<leptos::html::Textarea>::new();
    let pre = NodeRef::<leptos::html::Pre>::new();
    let list = NodeRef::<leptos::html::Ul>::new();
    let items = RwSignal::new(Vec::<Suggestion>::new());
    let open = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let cctx = RwSignal::new(None::<CompletionContext>);
    let column = RwSignal::new(0usize);
    let generation = StoredValue::new(0u64);

    let show = move |c: &CompletionContext, s: &SourceLists, force: bool| {
        let found = lang::suggest(c, &Sources { metrics: &s.metrics, labels: &s.labels, values: &s.values, metric_help: &s.metric_help });
        // A lone suggestion that is exactly what is typed adds nothing (unless asked for).
        let pointless = !force && found.len() == 1 && found.first().is_some_and(|x| x.insert_text == c.prefix);
        active.set(0);
        open.set(!found.is_empty() && !pointless);
        items.set(found);
    };

    // Works out the context at the caret and (re)fills the list. `force`: Ctrl+Space.
    let complete = move |force: bool| {
        let Some(el) = area.get_untracked() else { return };
        let text = el.value();
        let caret = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        let cur = editor::utf16_to_byte(&text, caret);
        let c = lang::context_at(lang, &text, cur);
        let _ = generation.try_update_value(|g| *g = g.wrapping_add(1));
        if !(force && c.kind != lang::CompletionKind::None) && !editor::auto_opens(&c) {
            open.set(false);
            return;
        }
        column.set(editor::line_col(&text, c.replace.start).1);
        cctx.set(Some(c.clone()));
        match sources {
            Some(cb) => {
                let Some(g) = generation.try_get_value() else { return };
                let Some(fut) = cb.try_run(c.clone()) else { return };
                loading.set(true);
                spawn_local(async move {
                    let s = fut.await;
                    if generation.try_get_value() != Some(g) {
                        return;
                    }
                    loading.set(false);
                    show(&c, &s, force);
                });
            }
            None => show(&c, &SourceLists::default(), force),
        }
    };

    let close = move || {
        let _ = generation.try_update_value(|g| *g = g.wrapping_add(1));
        open.set(false);
        loading.set(false);
    };

    let accept = move |i: usize| {
        let Some(s) = items.with_untracked(|v| v.get(i).cloned()) else { return };
        let Some(c) = cctx.get_untracked() else { return };
        let Some(el) = area.get_untracked() else { return };
        let text = el.value();
        let (new_text, cur) = lang::apply(&text, &s, c.replace.clone());
        el.set_value(&new_text);
        value.set(new_text.clone());
        let u = editor::byte_to_utf16(&new_text, cur) as u32;
        let _ = el.set_selection_range(u, u);
        close();
        // A chosen label name usually continues with a matcher and value: keep helping there.
        let next = lang::context_at(lang, &new_text, cur);
        if matches!(next.kind, lang::CompletionKind::LabelValue { .. }) {
            complete(false);
        }
    };

    // Keep the highlighted option visible inside the list.
    Effect::new(move |_| {
        let i = active.get();
        if !open.get() {
            return;
        }
        let Some(ul) = list.get() else { return };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(li) = doc.get_element_by_id(&opt_id(i)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
        let (top, h, view_top, view_h) = (li.offset_top(), li.offset_height(), ul.scroll_top(), ul.client_height());
        if top < view_top {
            ul.set_scroll_top(top);
        } else if top + h > view_top + view_h {
            ul.set_scroll_top(top + h - view_h);
        }
    });

    let sync_scroll = move || {
        if let (Some(a), Some(p)) = (area.get_untracked(), pre.get_untracked()) {
            p.set_scroll_top(a.scroll_top());
            p.set_scroll_left(a.scroll_left());
        }
    };

    let highlighted = move || {
        let text = value.get();
        lang::highlight(lang, &text)
            .into_iter()
            .map(|(class, r)| {
                let s = text.get(r).unwrap_or("").to_string();
                view! { <span class=class>{s}</span> }
            })
            .collect_view()
    };
    let line_rows = move || value.with(|t| t.lines().count().max(1) as u32 + u32::from(t.ends_with('\n'))).max(min_rows);

    let problems = move || {
        let text = value.get();
        if text.trim().is_empty() {
            return None;
        }
        let found = lang::check(lang, &text);
        (!found.is_empty()).then(|| {
            let rows = found.iter().map(|p| view! { <li>{editor::describe_problem(&text, p)}</li> }).collect_view();
            view! { <ul class="qe-problems" data-testid="query-problems" aria-live="polite">{rows}</ul> }
        })
    };

    let popup = move || {
        if !open.get() {
            return None;
        }
        let act = active.get();
        let opts = items
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let (badge, kind) = kind_badge(s.kind);
                let detail = s.detail.clone();
                view! {
                    <li role="option" id=opt_id(i) class="qe-option" class:active=i == act aria-selected=(i == act).to_string()
                        data-kind=kind data-value=s.label.clone()
                        on:mousedown=move |ev| { ev.prevent_default(); accept(i); }
                        on:mousemove=move |_| if active.get_untracked() != i { active.set(i) }>
                        <span class="qe-badge" title=kind aria-hidden="true">{badge}</span>
                        <span class="qe-label">{s.label.clone()}</span>
                        <span class="qe-detail">{detail}</span>
                    </li>
                }
            })
            .collect_view();
        // The active item's detail (a function's signature and doc) when it says more than its kind.
        let doc = items.with(|v| v.get(act).map(|s| (s.detail.clone(), kind_badge(s.kind).1))).filter(|(d, k)| !d.is_empty() && d != k).map(|(d, _)| d);
        let left = format!("left:min({}ch, calc(100% - 26rem))", column.get());
        Some(view! {
            <div class="qe-popup" style=left>
                <ul class="qe-list" role="listbox" id=list_id.clone() aria-label="Suggestions" node_ref=list>{opts}</ul>
                {doc.map(|d| view! { <div class="qe-doc">{d}</div> })}
            </div>
        })
    };

    view! {
        <div class="qe">
            <div class="qe-box">
                <pre class="qe-highlight" aria-hidden="true" node_ref=pre>{highlighted}"\n"</pre>
                <textarea class="code qe-input" node_ref=area spellcheck="false" autocomplete="off"
                    autocapitalize="off"
                    aria-label=aria_label placeholder=placeholder
                    rows=line_rows
                    aria-autocomplete="list" aria-haspopup="listbox"
                    aria-controls=move || open.get().then(|| format!("qe-list-{uid}"))
                    aria-activedescendant=move || open.get().then(|| opt_id(active.get()))
                    prop:value=move || value.get()
                    on:input=move |ev| { value.set(event_target_value(&ev)); complete(false); sync_scroll(); }
                    on:scroll=move |_| sync_scroll()
                    on:blur=move |_| close()
                    on:click=move |_| if open.get_untracked() { complete(false) }
                    on:keyup=move |ev: web_sys::KeyboardEvent| {
                        if open.get_untracked() && matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") { complete(false) }
                    }
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        let key = ev.key();
                        if key == "Enter" && ev.shift_key() {
                            ev.prevent_default();
                            close();
                            on_submit.try_run(());
                            return;
                        }
                        if ev.ctrl_key() && (key == " " || ev.code() == "Space") {
                            ev.prevent_default();
                            complete(true);
                            return;
                        }
                        if !open.get_untracked() {
                            return;
                        }
                        let n = items.with_untracked(|v| v.len());
                        match key.as_str() {
                            "ArrowDown" => { ev.prevent_default(); active.update(|a| *a = editor::step(*a, n, 1)); }
                            "ArrowUp" => { ev.prevent_default(); active.update(|a| *a = editor::step(*a, n, -1)); }
                            "Enter" | "Tab" if !ev.ctrl_key() && !ev.alt_key() && !ev.meta_key() => { ev.prevent_default(); accept(active.get_untracked()); }
                            "Escape" => { ev.prevent_default(); ev.stop_propagation(); close(); }
                            _ => {}
                        }
                    }
                ></textarea>
            </div>
            {popup}
            {problems}
        </div>
    }
}
