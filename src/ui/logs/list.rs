//! The virtualised log list with its toolbar: quick filter (count, next/previous, highlight), wrap,
//! prettify-JSON and dedup; rows with level colours and trace links; details with labels, copy line, copy
//! link, show context and the full text of long lines; a patterns tab (show only a pattern, hide some).
//! Filtering, dedup, patterns, layout and text come from the core.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::browser;
use crate::http::logs;
use crate::telemetry::LogEntry;
use crate::time::format::{format_ns, TimeZone};
use crate::ui::ctx::use_ctx;
use crate::url_state::{self, Route, TraceState};
use crate::view::log_dedup::{dedup_indices, DedupMode};
use crate::view::log_filter::{filter_lines, spans, step_match, Filter, LineIndex};
use crate::view::log_regex::{trace_id_by_regex, RegexMatcher};
use crate::view::log_json::display_text;
use crate::view::log_patterns::{find_patterns, keep_mask, Pattern};
use super::late;
use super::patterns::PatternList;
use crate::view::log_layout::{row_height, RowLayout, ROW_PX};
use crate::view::log_text;

/// Bytes of a line shown in its row; the details show more, and all on request.
const ROW_CHARS: usize = 2000;
/// Bytes of a line shown in the details before "Show all".
const DETAILS_CHARS: usize = 100_000;
/// Height of the details panel under an expanded row (matches `.log-details` in the stylesheet).
const DETAILS_PX: f64 = 300.0;
/// Lines of context either side.
const CONTEXT_LINES: u32 = 20;
/// Approximate width of one character of the list's monospace font.
const CHAR_PX: f64 = 7.6;

fn new_arc<T>(a: Option<&Arc<T>>, b: Option<&Arc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
        _ => true,
    }
}

/// The context shown under a row: (entry index, None while loading, or the lines and the row's position).
pub(super) type Context = (usize, Option<Result<(Vec<LogEntry>, Option<usize>), String>>);

/// `entries`: the lines in display order. `filter_text`: the quick filter box. `selected`: the timestamp of
/// a linked line (highlighted and scrolled to once it is loaded). `follow`: keep the newest (last) line in
/// view (live tail). `filter_regex`: the filter box holds a regular expression. `link_for`: the URL of a link to the line at a timestamp.
#[component]
pub fn LogList(
    entries: Signal<Arc<Vec<LogEntry>>>,
    filter_text: RwSignal<String>,
    filter_regex: RwSignal<bool>,
    selected: RwSignal<Option<i64>>,
    #[prop(into)] follow: Signal<bool>,
    link_for: Callback<i64, String>,
    /// The Patterns tab's choice (show only one, hide some) when the page keeps it (in its URL).
    #[prop(optional)]
    pattern_only: Option<RwSignal<Option<String>>>,
    #[prop(optional)]
    pattern_hidden: Option<RwSignal<Vec<String>>>,
    /// The logs datasource the view asks (its `ds=`), carried by each line's correlate link.
    #[prop(optional)]
    logs_source: String,
) -> impl IntoView {
    let ctx = use_ctx();
    let case_sensitive = RwSignal::new(false);
    let regex_mode = filter_regex;
    let only_matching = RwSignal::new(false);
    let wrap = RwSignal::new(false);
    let pretty = RwSignal::new(false);
    let dedup = RwSignal::new(DedupMode::None);
    let expanded = RwSignal::new(None::<usize>);
    let patterns_tab = RwSignal::new(false);
    let pattern_only = pattern_only.unwrap_or_else(|| RwSignal::new(None::<String>));
    let pattern_hidden = pattern_hidden.unwrap_or_else(|| RwSignal::new(Vec::<String>::new()));
    let show_all = RwSignal::new(None::<usize>);
    let cursor = RwSignal::new(None::<usize>);
    let context = RwSignal::new_local(None::<Context>);
    let scroll_top = RwSignal::new(0.0f64);
    let viewport_px = RwSignal::new(600.0f64);
    let width_px = RwSignal::new(1200.0f64);
    let list_ref = NodeRef::<leptos::html::Div>::new();
    let pending_scroll = StoredValue::new(selected.get_untracked().is_some());
    let abort = Latest::new();

    let index = Memo::new_with_compare(move |_| Arc::new(LineIndex::build(entries.get().iter().map(|e| e.line.as_str()))), new_arc);
    // Build the search index right after the lines are painted, not on the first keystroke (~15 ms for 100k
    // lines), so the first quick-filter keystroke repaints as fast as the others.
    Effect::new(move |_| {
        entries.track();
        set_timeout(move || { let _ = index.try_with_untracked(|_| ()); }, std::time::Duration::from_millis(50));
    });
    // Settings' derived field: a pattern that finds a trace ID in lines without a trace ID field.
    let derived = Memo::new(move |_| {
        let p = ctx.ds.with(|d| d.trace_id_regex.clone());
        (!p.trim().is_empty()).then(|| browser::regex::compile(&p, true).ok()).flatten().map(DerivedRegex)
    });
    let filter = Memo::new(move |_| {
        let (text, cs) = (filter_text.get(), case_sensitive.get());
        if regex_mode.get() { Filter::regex(&text, cs, &browser::regex::compile) } else { Filter::parse(&text, cs) }
    });
    let matches = Memo::new_with_compare(
        move |_| {
            let e = entries.get();
            let f = filter.get();
            // No filter: no matches, and the search index is not built before the lines are painted.
            let m = if f.is_empty() { Vec::new() } else { filter_lines(&index.get(), e.iter().map(|x| x.line.as_str()), &f) };
            browser::mark("trifocal:quick-filter");
            Arc::new(m)
        },
        new_arc,
    );
    // Patterns of the lines the quick filter keeps, computed while the tab is open or a pattern is chosen.
    let patterns = Memo::new_with_compare(
        move |_| {
            let wanted = patterns_tab.get() || pattern_only.with(Option::is_some) || pattern_hidden.with(|h| !h.is_empty());
            if !wanted {
                return Arc::new(Vec::<Pattern>::new());
            }
            let e = entries.get();
            let ps = if filter.with(Filter::is_empty) {
                find_patterns(e.iter().enumerate().map(|(i, x)| (i as u32, x.line.as_str())))
            } else {
                let m = matches.get();
                find_patterns(m.iter().filter_map(|&i| e.get(i).map(|x| (i as u32, x.line.as_str()))))
            };
            browser::mark("trifocal:log-patterns");
            Arc::new(ps)
        },
        new_arc,
    );
    let keep = Memo::new_with_compare(
        move |_| {
            let (only, hidden) = (pattern_only.get(), pattern_hidden.get());
            if only.is_none() && hidden.is_empty() {
                return Arc::new(None);
            }
            Arc::new(keep_mask(&patterns.get(), entries.with(|e| e.len()), only.as_deref(), &hidden))
        },
        new_arc,
    );
    // Rows shown: (entry index, lines it stands for).
    let rows = Memo::new_with_compare(
        move |_| {
            let e = entries.get();
            let mode = dedup.get();
            let only = only_matching.get() && !filter.with(Filter::is_empty);
            let line_of = |i: usize| e.get(i).map(|x| x.line.as_str()).unwrap_or("");
            let k = keep.get();
            let kept = |i: &usize| k.as_ref().as_ref().is_none_or(|m| m.get(*i).copied().unwrap_or(false));
            Arc::new(if only {
                let m = matches.get();
                dedup_indices(m.iter().copied().filter(kept), line_of, mode)
            } else {
                dedup_indices((0..e.len()).filter(kept), line_of, mode)
            })
        },
        new_arc,
    );
    // Row heights without the open details (recomputed only when the text shape changes).
    let heights = Memo::new_with_compare(
        move |_| {
            let (w, p) = (wrap.get(), pretty.get());
            let r = rows.get();
            if !w && !p {
                return Arc::new(Vec::new());
            }
            let e = entries.get();
            let cols = ((width_px.get() - 330.0) / CHAR_PX).max(20.0) as usize;
            Arc::new(
                r.iter()
                    .map(|(i, _)| e.get(*i).map(|x| if p { row_height(&display_text(&x.line, true, ROW_CHARS), w, cols) } else { row_height(&x.line, w, cols) }).unwrap_or(ROW_PX))
                    .collect::<Vec<f64>>(),
            )
        },
        new_arc,
    );
    let layout = Memo::new_with_compare(
        move |_| {
            let r = rows.get();
            let h = heights.get();
            let open = expanded.get();
            Arc::new(RowLayout::from_heights(r.iter().enumerate().map(|(k, (i, _))| {
                h.get(k).copied().unwrap_or(ROW_PX) + if open == Some(*i) { DETAILS_PX } else { 0.0 }
            })))
        },
        new_arc,
    );

    // Position (in rows) of an entry: the row whose run holds it.
    let row_of = move |entry: usize| -> Option<usize> {
        rows.with_untracked(|r| {
            let k = r.partition_point(|(i, _)| *i <= entry);
            k.checked_sub(1)
        })
    };
    let scroll_to_row = move |k: usize| {
        let y = layout.with_untracked(|l| l.top(k));
        if let Some(el) = list_ref.get_untracked() {
            let target = (y - viewport_px.get_untracked() / 3.0).max(0.0);
            el.set_scroll_top(target as i32);
            scroll_top.set(target);
        }
    };
    let jump = move |forward: bool| {
        let m = matches.get_untracked();
        if let Some(next) = step_match(&m, cursor.get_untracked(), forward) {
            cursor.set(Some(next));
            if let Some(k) = row_of(next) {
                scroll_to_row(k);
            }
        }
    };

    // A linked line: once loaded, select it and scroll to it.
    Effect::new(move |_| {
        let _ = layout.get();
        if !pending_scroll.get_value() {
            return;
        }
        let Some(ts) = selected.get_untracked() else { return };
        let e = entries.get_untracked();
        if let Some(i) = e.iter().position(|x| x.ts_ns == ts) {
            pending_scroll.set_value(false);
            if let Some(k) = row_of(i) {
                request_frame(move || scroll_to_row(k));
            }
        }
    });
    // Live tail: keep the newest line in view.
    Effect::new(move |_| {
        let total = layout.with(|l| l.total());
        if follow.get() {
            if let Some(el) = list_ref.get_untracked() {
                el.set_scroll_top(total as i32);
            }
        }
    });

    let tz = move || if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
    let visible_rows = move || {
        let l = layout.get();
        let r = rows.get();
        let e = entries.get();
        let f = filter.get();
        let derive = derived.get();
        let open = expanded.get();
        let cur = cursor.get();
        let sel = selected.get();
        let (w, p) = (wrap.get(), pretty.get());
        let multi = w || p;
        let range = l.visible(scroll_top.get(), viewport_px.get(), 10);
        let tz = tz();
        range
            .filter_map(|k| r.get(k).map(|(i, n)| (k, *i, *n)))
            .filter_map(|(k, i, n)| e.get(i).map(|x| (k, i, n, x.clone())))
            .map(|(k, i, n, mut x)| {
                if let (None, Some(d)) = (x.trace_id, &derive) {
                    x.trace_id = trace_id_by_regex(&x.line, d.0.as_ref());
                }
                let flags = RowFlags { open: open == Some(i), current: cur == Some(i), selected: sel == Some(x.ts_ns), wrap: multi };
                let text = display_text(&x.line, p, ROW_CHARS);
                let h = l.height(k);
                view! {
                    <div class="log-slot" style=format!("height:{h}px")>
                        {log_row(i, n, &x, &text, &f, tz, flags, expanded, &logs_source)}
                        {flags.open.then(|| late::tool(late::Tool::Details(Opened { i, entry: x.clone(), show_all, context, abort, link_for, selected })))}
                    </div>
                }
            })
            .collect::<Vec<_>>()
    };

    let count_text = move || {
        let f = filter.get();
        let total = entries.with(|e| e.len());
        if f.is_empty() {
            return String::new();
        }
        let m = matches.with(|m| m.len());
        let pos = cursor.get().and_then(|c| matches.with(|m| m.iter().position(|x| *x == c))).map(|p| format!(" (#{})", p + 1)).unwrap_or_default();
        format!("{m} of {total} lines match{pos}")
    };

    let on_lines = Callback::new(move |_: ()| patterns_tab.set(false));
    let pattern_bar = move || {
        let only = pattern_only.get();
        let hidden = pattern_hidden.with(Vec::len);
        (only.is_some() || hidden > 0).then(|| view! {
            <p class="pattern-bar" data-testid="pattern-bar" data-shown=move || rows.with(|r| r.iter().map(|(_, n)| *n).sum::<usize>()).to_string()>
                {only.map(|t| view! { <span data-testid="pattern-chip">"Pattern: "<code>{t}</code>" "
                    <button class="link" data-testid="pattern-clear" on:click=move |_| pattern_only.set(None)>"Show all"</button></span> })}
                {(hidden > 0).then(|| view! { <span data-testid="patterns-hidden">{format!(" {hidden} pattern(s) hidden ")}
                    <button class="link" on:click=move |_| pattern_hidden.set(Vec::new())>"Unhide"</button></span> })}
            </p>
        })
    };

    view! {
        <div class="log-tabs" role="tablist" aria-label="Lines or patterns">
            <button role="tab" data-testid="tab-lines" aria-selected=move || (!patterns_tab.get()).to_string() on:click=move |_| patterns_tab.set(false)>"Lines"</button>
            <button role="tab" data-testid="tab-patterns" aria-selected=move || patterns_tab.get().to_string() on:click=move |_| patterns_tab.set(true)
                title="Group the lines the quick filter keeps into patterns (variable parts as <_>)">"Patterns"</button>
        </div>
        <div class="log-tools" role="toolbar" aria-label="Log list options">
            <input type="search" class="quick-filter" aria-label="Quick filter" data-testid="quick-filter"
                placeholder=move || if regex_mode.get() { "Filter loaded lines: a JavaScript regular expression — Enter: next match" } else { "Filter loaded lines: text or /a|b/ — Enter: next match" }
                prop:value=move || filter_text.get()
                on:input=move |ev| { filter_text.set(event_target_value(&ev)); cursor.set(None); }
                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); jump(!ev.shift_key()); } />
            <span class="muted" data-testid="filter-count" aria-live="polite"
                data-matches=move || if filter.with(Filter::is_empty) { String::new() } else { matches.with(|m| m.len()).to_string() }>{count_text}</span>
            <button on:click=move |_| jump(false) aria-label="Previous match" disabled=move || matches.with(|m| m.is_empty())>"↑"</button>
            <button on:click=move |_| jump(true) aria-label="Next match" disabled=move || matches.with(|m| m.is_empty())>"↓"</button>
            <label class="check"><input type="checkbox" prop:checked=move || case_sensitive.get() on:change=move |ev| case_sensitive.set(event_target_checked(&ev))/>"Aa"</label>
            <label class="check" title="Regular expression"><input type="checkbox" aria-label="Regular expression" prop:checked=move || regex_mode.get() on:change=move |ev| { regex_mode.set(event_target_checked(&ev)); cursor.set(None); }/>".*"</label>
            <label class="check"><input type="checkbox" prop:checked=move || only_matching.get() on:change=move |ev| only_matching.set(event_target_checked(&ev))/>"Only matching"</label>
            <span class="spacer"></span>
            <label class="check"><input type="checkbox" aria-label="Wrap lines" prop:checked=move || wrap.get() on:change=move |ev| wrap.set(event_target_checked(&ev))/>"Wrap"</label>
            <label class="check"><input type="checkbox" aria-label="Prettify JSON" prop:checked=move || pretty.get() on:change=move |ev| pretty.set(event_target_checked(&ev))/>"Pretty JSON"</label>
            <label>"Dedup "
                <select aria-label="Dedup" on:change=move |ev| dedup.set(DedupMode::from_name(&event_target_value(&ev)))>
                    <option value="none">"None"</option>
                    <option value="exact">"Exact"</option>
                    <option value="numbers">"Ignore numbers"</option>
                </select>
            </label>
        </div>
        {move || filter.with(|f| f.note.clone()).map(|n| view! { <p class="muted">{n}</p> })}
        {move || filter.with(|f| f.error.clone()).map(|e| view! { <p class="error" role="alert" data-testid="filter-error">{e}</p> })}
        {move || (dedup.get() != DedupMode::None).then(|| view! {
            <p class="muted" data-testid="dedup-summary">{format!("{} rows for {} lines", rows.with(|r| r.len()), entries.with(|e| e.len()))}</p>
        })}
        {pattern_bar}
        <Show when=move || patterns_tab.get()>
            <PatternList patterns=patterns entries=entries only=pattern_only hidden=pattern_hidden on_lines=on_lines/>
        </Show>
        <div class="log-list" role="list" aria-label="Log lines" data-testid="log-list" node_ref=list_ref
            class:wrap=move || wrap.get() || pretty.get()
            class:hidden=move || patterns_tab.get()
            on:scroll=move |ev| {
                let el = event_target::<web_sys::HtmlElement>(&ev);
                scroll_top.set(el.scroll_top() as f64);
                viewport_px.set(el.client_height() as f64);
                width_px.set(el.client_width() as f64);
            }>
            <div class="log-spacer" style=move || format!("height:{}px", layout.with(|l| l.total()))>
                <div class="log-window" style=move || {
                    let l = layout.get();
                    let first = l.visible(scroll_top.get(), viewport_px.get(), 10).start;
                    format!("transform:translateY({}px)", l.top(first))
                }>{visible_rows}</div>
            </div>
        </div>
    }
}

fn request_frame(f: impl FnOnce() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let cb = Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

/// The compiled derived-field pattern (equal when it is the same compiled object, so the memo notifies on
/// a change of settings only).
#[derive(Clone)]
struct DerivedRegex(Arc<dyn RegexMatcher>);

impl PartialEq for DerivedRegex {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Copy)]
struct RowFlags {
    open: bool,
    current: bool,
    selected: bool,
    wrap: bool,
}

/// One row: toggle, time, level, the text with matches as `<mark>` text spans, repeat count, trace link.
#[allow(clippy::too_many_arguments)]
fn log_row(i: usize, repeats: usize, e: &LogEntry, text: &str, f: &Filter, tz: TimeZone, flags: RowFlags, expanded: RwSignal<Option<usize>>, logs_source: &str) -> impl IntoView {
    let level = e.level.as_str();
    let pieces = spans(text, f)
        .into_iter()
        .map(|(t, m)| if m { view! { <mark>{t.to_string()}</mark> }.into_any() } else { t.to_string().into_any() })
        .collect_view();
    let trace_link = e.trace_id.map(|id| {
        let href = format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: id.to_hex(), ..TraceState::default() })));
        let correlate = url_state::CorrelateState::href_in(&id.to_hex(), logs_source);
        view! {
            <a class="trace-link" href=href data-testid="log-trace-link" aria-label=format!("Open trace {}", id.to_hex())>"trace"</a>
            <a class="trace-link" href=correlate data-testid="log-correlate-link" aria-label=format!("Correlate trace {} with its logs and metrics", id.to_hex())
                title="The trace, its log lines and its services' metrics on one time axis">"correlate"</a>
        }
    });
    let open = flags.open;
    view! {
        <div class="log-row" role="listitem" data-level=level data-ts=e.ts_ns.to_string()
            class:multi=flags.wrap class:current=flags.current class:selected=flags.selected
            aria-current=if flags.selected { "true" } else { "false" }>
            <button class="log-toggle" aria-expanded=open.to_string() aria-label="Show details"
                on:click=move |_| expanded.update(|x| *x = if *x == Some(i) { None } else { Some(i) })>{if open { "▾" } else { "▸" }}</button>
            <span class="log-ts">{format_ns(e.ts_ns, tz)}</span>
            <span class="log-level">{level}</span>
            {(repeats > 1).then(|| view! { <span class="log-repeats" title="Repeated lines collapsed by dedup">{format!("×{repeats}")}</span> })}
            <span class="log-line">{pieces}</span>
            {trace_link}
        </div>
    }
}

/// The details under an expanded row.
/// Line `i` of the list, opened, and the list's state its details use.
pub(super) struct Opened {
    pub i: usize,
    pub entry: LogEntry,
    pub show_all: RwSignal<Option<usize>>,
    pub context: RwSignal<Option<Context>, LocalStorage>,
    pub abort: Latest,
    pub link_for: Callback<i64, String>,
    pub selected: RwSignal<Option<i64>>,
}

/// An opened line's details: its labels and fields, the whole text, copy, and the lines around it.
pub(super) fn details(o: Opened) -> impl IntoView {
    let Opened { i, entry: e, show_all, context, abort, link_for, selected } = o;
    let ctx = use_ctx();
    let rows = e
        .stream
        .iter()
        .map(|(k, v)| ("label", k.to_string(), v.to_string()))
        .chain(e.metadata.iter().map(|(k, v)| ("metadata", k.to_string(), v.to_string())))
        .chain(e.parsed.iter().map(|(k, v)| ("parsed", k.to_string(), v.to_string())))
        .map(|(kind, k, v)| view! { <tr><td class="muted">{kind}</td><td>{k}</td><td class="code">{v}</td></tr> })
        .collect_view();
    let long = e.line.len() > DETAILS_CHARS;
    let len = e.line.len();
    let line_for_text = e.line.clone();
    let full = move || {
        if show_all.get() == Some(i) {
            log_text::strip_controls(&line_for_text)
        } else {
            log_text::shorten(&line_for_text, DETAILS_CHARS)
        }
    };
    let (line, ts) = (e.line.clone(), e.ts_ns);
    let copied = RwSignal::new("");
    let entry = e.clone();
    let show_context = move |_| {
        let a = abort.renew();
        let ds = ctx.ds.get_untracked();
        let entry = entry.clone();
        context.set(Some((i, None)));
        spawn_local(async move {
            let r = logs::context(&ds, &entry, CONTEXT_LINES, &a).await;
            if !matches!(r, Err(crate::backends::ApiError::Aborted)) {
                context.try_set(Some((i, Some(r.map_err(|e| e.to_string())))));
            }
        });
    };
    let tz = move || if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
    let context_view = move || {
        context.with(|c| match c {
            Some((k, r)) if *k == i => Some(match r {
                None => view! { <p class="muted">"Loading context…"</p> }.into_any(),
                Some(Ok((lines, _))) if lines.is_empty() => view! { <p class="muted">"No lines around it in this stream."</p> }.into_any(),
                Some(Ok((lines, at))) => {
                    let tz = tz();
                    let at = *at;
                    view! {
                        <ol class="log-context" data-testid="log-context">
                            {lines.iter().enumerate().map(|(k, x)| view! {
                                <li class:selected=at == Some(k) data-level=x.level.as_str()>
                                    <span class="log-ts">{format_ns(x.ts_ns, tz)}</span>" "{log_text::shorten(&x.line, ROW_CHARS)}
                                </li>
                            }).collect_view()}
                        </ol>
                    }
                    .into_any()
                }
                Some(Err(e)) => view! { <p class="error" role="alert">{format!("Context: {e}")}</p> }.into_any(),
            }),
            _ => None,
        })
    };
    view! {
        <div class="log-details" data-testid="log-details">
            <div class="log-actions">
                <button class="link" on:click=move |_| { browser::copy_to_clipboard(&line); copied.set("Line copied"); }>"Copy line"</button>
                <button class="link" data-testid="copy-line-link" on:click=move |_| {
                    let url = link_for.run(ts);
                    browser::copy_to_clipboard(&url);
                    selected.set(Some(ts));
                    copied.set("Link copied");
                }>"Copy link"</button>
                <button class="link" data-testid="show-context" on:click=show_context>"Show context"</button>
                <span class="muted" role="status">{move || copied.get()}</span>
            </div>
            <table><tbody>{rows}</tbody></table>
            <pre class="code wrap">{full}</pre>
            {long.then(|| view! {
                <button class="link" on:click=move |_| show_all.update(|s| *s = if *s == Some(i) { None } else { Some(i) })>
                    {move || if show_all.get() == Some(i) { "Show less".to_string() } else { format!("Show all ({len} bytes)") }}
                </button>
            })}
            {context_view}
        </div>
    }
}
