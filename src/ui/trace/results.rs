//! Trace search results: a duration-over-time scatter plot (each dot opens its trace) over a table sortable
//! by start, duration and span count, where two traces can be ticked and compared. Order and placement come
//! from `view::trace::results`.

use std::sync::Arc;

use leptos::prelude::*;

use crate::browser;
use crate::telemetry::TraceSummary;
use crate::time::format::{format_ms, TimeZone};
use crate::ui::ctx::use_ctx;
use crate::url_state::{self, CompareState, CorrelateState, Route, TraceState};
use crate::view::trace::results::{scatter, sorted_order, span_count, toggle_sort, SortKey};

fn trace_href(t: &TraceSummary, source: &str) -> String {
    format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: t.trace_id.to_hex(), source: source.to_string(), ..TraceState::default() })))
}

#[component]
pub fn SearchResults(list: Arc<Vec<TraceSummary>>, query: String, #[prop(optional)] source: String) -> impl IntoView {
    let source = StoredValue::new(source);
    let ctx = use_ctx();
    let sort = RwSignal::new((SortKey::Start, true));
    // Ticked for comparison, in the order ticked; a third tick drops the oldest.
    let picked = RwSignal::new(Vec::<String>::new());
    let toggle_pick = move |id: String, on: bool| {
        picked.update(|p| {
            p.retain(|x| *x != id);
            if on {
                p.push(id);
                if p.len() > 2 {
                    p.remove(0);
                }
            }
        })
    };
    let compare = move |_| {
        let p = picked.get_untracked();
        if let [a, b] = p.as_slice() {
            ctx.navigate(&Route::Compare(CompareState { a: a.clone(), b: b.clone(), source: source.get_value() }));
        }
    };
    let tz = move || if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };

    let l1 = list.clone();
    let plot = move || {
        let sc = scatter(&l1, tz());
        let dots = sc
            .points
            .iter()
            .filter_map(|p| {
                let t = l1.get(p.index)?;
                Some(view! {
                    <a class="dot" class:error=p.error href=source.with_value(|s| trace_href(t, s)) title=p.title.clone() aria-label=format!("Open trace {}: {}", t.trace_id.to_hex(), p.title)
                        data-testid="scatter-dot" style=format!("left:{:.2}%;bottom:{:.2}%", p.x * 100.0, p.y * 100.0)></a>
                })
            })
            .collect_view();
        let xt = sc.x_ticks.into_iter().map(|(x, s)| view! { <span class="tick" style=format!("left:{:.2}%", x * 100.0)>{s}</span> }).collect_view();
        let yt = sc.y_ticks.into_iter().map(|(y, s)| view! { <span class="ytick" style=format!("bottom:{:.2}%", y * 100.0)>{s}</span> }).collect_view();
        view! {
            <div class="scatter" data-testid="scatter" aria-label="Trace duration over time">
                <div class="scatter-y" aria-hidden="true">{yt}</div>
                <div class="scatter-plot">{dots}</div>
                <div class="scatter-x" aria-hidden="true">{xt}</div>
            </div>
        }
    };

    let header = move |key: SortKey| {
        let aria = move || {
            let (k, desc) = sort.get();
            if k == key {
                if desc { "descending" } else { "ascending" }
            } else {
                "none"
            }
        };
        let arrow = move || {
            let (k, desc) = sort.get();
            if k == key {
                if desc { " ▼" } else { " ▲" }
            } else {
                ""
            }
        };
        view! {
            <th aria-sort=aria class="num"><button class="sort" data-sort=key.label() on:click=move |_| sort.update(|s| *s = toggle_sort(*s, key))>{key.label()}{arrow}</button></th>
        }
    };

    let l2 = list.clone();
    let rows = move || {
        let (key, desc) = sort.get();
        let tz = tz();
        sorted_order(&l2, key, desc)
            .into_iter()
            .filter_map(|i| l2.get(i).cloned())
            .map(|t| {
                view! {
                    <tr class:error=t.error data-duration-ms=t.duration_ms.to_string() data-start-ms=t.start_ms.to_string()>
                        {
                            let id = t.trace_id.to_hex();
                            let id2 = id.clone();
                            view! {
                                <td><input type="checkbox" data-testid="compare-pick" aria-label=format!("Compare trace {id}")
                                    prop:checked=move || picked.with(|p| p.contains(&id2))
                                    on:change=move |ev| toggle_pick(id.clone(), event_target_checked(&ev))/></td>
                            }
                        }
                        <td><a href=source.with_value(|s| trace_href(&t, s)) class="code" data-testid="search-result">{t.trace_id.to_hex()}</a>" "
                            <a href=CorrelateState::href(&t.trace_id.to_hex()) class="small" data-testid="search-result-correlate"
                                aria-label=format!("Correlate trace {} with its logs and metrics", t.trace_id.to_hex())>"correlate"</a></td>
                        <td>{t.root_service.clone()}</td><td>{t.root_name.clone()}</td>
                        <td>{format_ms(t.start_ms, tz, false)}</td>
                        <td class="num">{format!("{:.1} ms", t.duration_ms)}</td>
                        <td class="num">{span_count(&t).to_string()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        {plot}
        <div class="compare-bar">
            <button data-testid="compare-selected" disabled=move || picked.with(|p| p.len() != 2) on:click=compare>"Compare selected"</button>
            <span class="muted">{move || match picked.with(|p| p.len()) { 0 => "Tick two traces to compare them.".to_string(), 1 => "Tick one more trace.".to_string(), _ => String::new() }}</span>
        </div>
        <table class="results" data-testid="search-results" data-query=query>
            <thead><tr>
                <th><span class="sr-only">"Compare"</span></th><th>"Trace ID"</th><th>"Root service"</th><th>"Root span"</th>
                {header(SortKey::Start)}{header(SortKey::Duration)}{header(SortKey::Spans)}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
