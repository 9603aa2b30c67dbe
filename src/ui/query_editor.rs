//! A query editor for PromQL, LogQL and TraceQL: a real textarea over a syntax-highlighted `<pre>`, an
//! autocomplete listbox fed by the caller's data sources, inline bracket/quote problems, Shift+Enter (or
//! Ctrl+Enter) runs.
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

use crate::lang::{self, CompletionContext, Lang, Suggestion, SuggestionKind};
use crate::view::editor;
use crate::view::popup::{self, Caret};

use super::query_complete;

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

/// Why the list is worked out: a keystroke or caret move, Ctrl+Space, or a suggestion just accepted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    Typed,
    Forced,
    Accepted,
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
/// screen readers find it by that); `on_submit` runs on Shift+Enter or Ctrl+Enter; `sources` feeds autocomplete with
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
    let popup_ref = NodeRef::<leptos::html::Div>::new();
    // Bumped when the window is resized, to place an open list again.
    let reflow = RwSignal::new(0u32);
    let items = RwSignal::new(Vec::<Suggestion>::new());
    let open = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let cctx = RwSignal::new(None::<CompletionContext>);
    let generation = StoredValue::new(0u64);

    let show = move |c: &CompletionContext, found: Vec<Suggestion>, force: bool| {
        // A lone suggestion that is exactly what is typed adds nothing (unless asked for).
        let pointless = !force && found.len() == 1 && found.first().is_some_and(|x| x.insert_text == c.prefix);
        active.set(0);
        open.set(!found.is_empty() && !pointless);
        items.set(found);
    };

    // Works out the context at the caret and (re)fills the list (`query_complete`: in the release build that code
    // is a part fetched on focus, so the work is asynchronous; a newer keystroke makes an older answer moot).
    let complete = move |how: Ask| {
        let Some(el) = area.get_untracked() else { return };
        let text = el.value();
        let caret = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        let cur = editor::utf16_to_byte(&text, caret);
        let _ = generation.try_update_value(|g| *g = g.wrapping_add(1));
        let Some(g) = generation.try_get_value() else { return };
        let current = move || generation.try_get_value() == Some(g);
        spawn_local(async move {
            let Some(c) = query_complete::context(lang, text, cur).await else { return };
            if !current() {
                return;
            }
            let force = how == Ask::Forced;
            let wanted = match how {
                Ask::Typed => editor::auto_opens(&c),
                Ask::Forced => c.kind != lang::CompletionKind::None || editor::auto_opens(&c),
                // A chosen label name usually continues with a matcher and value: keep helping there.
                Ask::Accepted => matches!(c.kind, lang::CompletionKind::LabelValue { .. }) && editor::auto_opens(&c),
            };
            if !wanted {
                open.set(false);
                return;
            }
            cctx.set(Some(c.clone()));
            let lists = match sources {
                Some(cb) => {
                    let Some(fut) = cb.try_run(c.clone()) else { return };
                    loading.set(true);
                    let s = fut.await;
                    if !current() {
                        return;
                    }
                    loading.set(false);
                    s
                }
                None => SourceLists::default(),
            };
            let Some(found) = query_complete::suggest(c.clone(), lists).await else { return };
            if current() {
                show(&c, found, force);
            }
        });
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
        complete(Ask::Accepted);
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

    // Place the open list under the caret, inside the viewport (`view::popup`): again when the suggestions,
    // the caret or the window change.
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        items.track();
        cctx.track();
        reflow.track();
        let (Some(div), Some(a), Some(p)) = (popup_ref.get(), area.get_untracked(), pre.get_untracked()) else { return };
        place_popup(&div, &a, &p);
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        let _ = reflow.try_update(|n| *n = n.wrapping_add(1));
    });
    on_cleanup(move || resize.remove());

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
    // The highlighted copy is in the flow and sizes the box (the textarea lies over it): at least `min_rows`
    // lines, and while the editor is empty, as many as the placeholder takes.
    let min_height = format!("min-height:calc({min_rows} * 1.45em + 10px)");
    let ghost_text = placeholder.clone();
    let ghost = move || value.with(|t| t.is_empty()).then(|| view! { <span class="qe-ghost">{ghost_text.clone()}</span> });

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
        Some(view! {
            <ul class="qe-list" role="listbox" id=list_id.clone() aria-label="Suggestions" node_ref=list>{opts}</ul>
            {doc.map(|d| view! { <div class="qe-doc">{d}</div> })}
        })
    };

    view! {
        <div class="qe">
            <div class="qe-box">
                <pre class="qe-highlight" aria-hidden="true" node_ref=pre style=min_height>{highlighted}{ghost}"\n"</pre>
                <textarea class="code qe-input" node_ref=area spellcheck="false" autocomplete="off"
                    autocapitalize="off"
                    aria-label=aria_label placeholder=placeholder
                    rows=min_rows
                    aria-autocomplete="list" aria-haspopup="listbox"
                    aria-controls=move || open.get().then(|| format!("qe-list-{uid}"))
                    aria-activedescendant=move || open.get().then(|| opt_id(active.get()))
                    prop:value=move || value.get()
                    on:input=move |ev| { value.set(event_target_value(&ev)); complete(Ask::Typed); sync_scroll(); }
                    on:scroll=move |_| sync_scroll()
                    on:focus=move |_| query_complete::prefetch()
                    on:blur=move |_| close()
                    on:click=move |_| if open.get_untracked() { complete(Ask::Typed) }
                    on:keyup=move |ev: web_sys::KeyboardEvent| {
                        if open.get_untracked() && matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") { complete(Ask::Typed) }
                    }
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        let key = ev.key();
                        if key == "Enter" && (ev.shift_key() || ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            close();
                            on_submit.try_run(());
                            return;
                        }
                        if ev.ctrl_key() && (key == " " || ev.code() == "Space") {
                            ev.prevent_default();
                            complete(Ask::Forced);
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
            // The element stays while the list is open (placed by the effect above); its content follows the list.
            <Show when=move || open.get()>
                <div class="qe-popup" node_ref=popup_ref style="visibility:hidden">{popup.clone()}</div>
            </Show>
            {problems}
        </div>
    }
}

/// The caret's line box in the viewport, measured on the highlighted copy of the text (same font, same
/// wrapping as the textarea): a collapsed DOM range at the caret's UTF-16 offset among the copy's text nodes.
fn caret_box(pre: &web_sys::HtmlElement, caret_utf16: u32) -> Option<Caret> {
    let doc = pre.owner_document()?;
    let mut texts = Vec::new();
    text_nodes(pre, &mut texts);
    // Where the caret falls between two text nodes, both places are tried: the end of the earlier one first
    // (a collapsed range at the start of the closing "\n" has no box), unless that ends a line.
    let mut left = caret_utf16;
    let mut places = Vec::new();
    for t in &texts {
        let len = t.length();
        if left == len && !t.data().ends_with('\n') {
            places.push((t, len));
        } else if left < len {
            places.push((t, left));
            break;
        }
        left = left.saturating_sub(len);
    }
    if places.is_empty() {
        places.extend(texts.last().map(|t| (t, t.length())));
    }
    places.into_iter().find_map(|(node, offset)| {
        let range = doc.create_range().ok()?;
        range.set_start(node, offset).ok()?;
        range.collapse_with_to_start(true);
        let r = range.get_client_rects().and_then(|l| l.get(0)).unwrap_or_else(|| range.get_bounding_client_rect());
        (r.height() > 0.0).then(|| Caret { x: r.left(), top: r.top(), bottom: r.bottom() })
    })
}

fn text_nodes(n: &web_sys::Node, out: &mut Vec<web_sys::CharacterData>) {
    let kids = n.child_nodes();
    for i in 0..kids.length() {
        let Some(k) = kids.item(i) else { continue };
        if k.node_type() == web_sys::Node::TEXT_NODE {
            if let Ok(t) = k.dyn_into::<web_sys::CharacterData>() {
                out.push(t);
            }
        } else {
            text_nodes(&k, out);
        }
    }
}

/// Moves the list to where `view::popup::place` says, relative to the editor (the list's positioned parent).
fn place_popup(div: &web_sys::HtmlDivElement, area: &web_sys::HtmlTextAreaElement, pre: &web_sys::HtmlElement) {
    let el: &web_sys::HtmlElement = div;
    let style = el.style();
    // Measured at its natural size: the caps of an earlier placement are lifted first.
    let _ = style.remove_property("max-height");
    let _ = style.remove_property("max-width");
    let Some(root) = div.owner_document().and_then(|d| d.document_element()) else { return };
    let (vw, vh) = (f64::from(root.client_width()), f64::from(root.client_height()));
    let caret_at = area.selection_start().ok().flatten().unwrap_or(0);
    let caret = caret_box(pre, caret_at).unwrap_or_else(|| {
        let r = area.get_bounding_client_rect();
        Caret { x: r.left(), top: r.top(), bottom: r.bottom() }
    });
    let p = popup::place(caret, f64::from(div.offset_width()), f64::from(div.offset_height()), vw, vh);
    let Some(host) = div.parent_element().map(|e| e.get_bounding_client_rect()) else { return };
    let px = |v: f64| format!("{v:.1}px");
    let _ = style.set_property("left", &px(p.left - host.left()));
    let _ = style.set_property("top", &px(p.top - host.top()));
    let _ = style.set_property("max-width", &px(p.max_width));
    let _ = style.set_property("max-height", &px(p.max_height));
    let _ = style.set_property("visibility", "visible");
}
