//! The trace comparison page (`#/compare/<a>/<b>`): fetches two traces, shows each one's header and their
//! merged call tree (`view::trace::compare`) with span counts, mean durations and errors side by side,
//! coloured by what changed; "Differences only" keeps the rows that differ (spans, errors, duration) and
//! their ancestors, the biggest change first.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::backends::ApiError;
use crate::http::traces;
use crate::telemetry::{Trace, TraceId};
use crate::time::duration::format_duration_human;
use crate::dashboard::DatasourceKind;
use crate::ui::ctx::{known, use_ctx, with_source};
use crate::url_state::{self, CompareState, Route, TraceState};
use crate::view::trace::compare::{compare, differences, Change, CompareRow, Comparison, Side};
use crate::view::trace::nav::row_window;
use crate::view::trace::{stats, TraceModel, TraceStats};

/// Height of a comparison row (fixed, so that rows can be virtualised) and rows drawn beyond the view.
const ROW_PX: f64 = 28.0;
const OVERSCAN: usize = 20;

struct Fetched {
    trace: Trace,
    model: TraceModel,
    stats: TraceStats,
}

type SideState = RwSignal<Option<Result<Arc<Fetched>, String>>>;

fn trace_href(id: &str, source: &str) -> String {
    format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: id.to_string(), source: source.to_string(), ..TraceState::default() })))
}

/// Two traces side by side, from the trace datasource the link names (`ds=`) in place of the default.
#[component]
pub fn TraceCompare(state: CompareState) -> impl IntoView {
    let source = state.source.clone();
    with_source(
        DatasourceKind::Tempo,
        &source,
        |e| view! { <section class="compare-page" aria-label="Compare traces"><p class="error" role="alert" data-testid="compare-error">{e}</p></section> }.into_any(),
        move || view! { <TraceCompareOf state=state/> },
    )
}

#[component]
fn TraceCompareOf(state: CompareState) -> impl IntoView {
    let ctx = use_ctx();
    let a_input = RwSignal::new(state.a.clone());
    let b_input = RwSignal::new(state.b.clone());
    let side_a: SideState = RwSignal::new(None);
    let side_b: SideState = RwSignal::new(None);
    let fetching = RwSignal::new(0u8);
    let only_diff = RwSignal::new(false);
    let abort = Latest::new();
    let st = StoredValue::new(state);

    let load = move || {
        let h = ctx.health.get_untracked();
        let s = st.get_value();
        if !h.traces_known {
            return;
        }
        let a = abort.renew();
        let ds = ctx.ds.get_untracked();
        // Each side that names a trace is fetched (one alone shows its header, waiting for the other ID).
        for (raw, side) in [(s.a.clone(), side_a), (s.b.clone(), side_b)].into_iter().filter(|(raw, _)| !raw.is_empty()) {
            let Some(id) = TraceId::parse_hex(&raw) else {
                side.set(Some(Err(format!("'{raw}' is not a trace ID: use 16 or 32 hex digits."))));
                continue;
            };
            side.set(None);
            fetching.update(|n| *n += 1);
            let (ds, a) = (ds.clone(), a.clone());
            spawn_local(async move {
                let r = traces::trace_by_id(&ds, h.traces, id, &a).await;
                if matches!(r, Err(ApiError::Aborted)) {
                    return;
                }
                let _ = fetching.try_update(|n| *n = n.saturating_sub(1));
                let r = r.map(|(trace, _)| {
                    let model = TraceModel::build(&trace);
                    let stats = stats(&trace, &model);
                    Arc::new(Fetched { trace, model, stats })
                });
                let _ = side.try_set(Some(r.map_err(|e| e.to_string())));
            });
        }
    };
    let ready = known(ctx, |h| h.traces_known);
    Effect::new(move |_| {
        if ready.get() {
            load();
        }
    });
    let cancel = move |_| {
        abort.abort();
        fetching.set(0);
        for side in [side_a, side_b] {
            if side.get_untracked().is_none() {
                side.set(Some(Err(ApiError::Aborted.to_string())));
            }
        }
    };
    let open = move || {
        let s = CompareState { a: a_input.get_untracked().trim().to_string(), b: b_input.get_untracked().trim().to_string(), source: st.get_value().source };
        ctx.navigate(&Route::Compare(s));
    };

    let comparison = Memo::new(move |_| match (side_a.get(), side_b.get()) {
        (Some(Ok(a)), Some(Ok(b))) => Some(Arc::new(compare(&a.trace, &a.model, &b.trace, &b.model))),
        _ => None,
    });

    let header = move |label: &'static str, side: SideState, id: String| {
        move || match side.get() {
            None => view! { <div class="compare-side"><h2>{label}</h2><p class="muted">{if id.is_empty() { "No trace chosen." } else { "Loading…" }}</p></div> }.into_any(),
            Some(Err(e)) => view! { <div class="compare-side"><h2>{label}</h2><p class="error" role="alert" data-testid="compare-error">{e}</p></div> }.into_any(),
            Some(Ok(f)) => {
                let s = &f.stats;
                view! {
                    <div class="compare-side" data-testid="compare-side" data-spans=s.span_count.to_string()>
                        <h2>{label}": "<a class="code" href=trace_href(&id, &st.get_value().source)>{id.clone()}</a></h2>
                        <p>{format!("{}: {}", s.root_service, s.root_name)}</p>
                        <p class="muted">{format!("{} spans · {} · {} services · {} errors", s.span_count, format_duration_human(s.duration_ns), s.service_count, s.error_count)}</p>
                    </div>
                }
                .into_any()
            }
        }
    };
    let s0 = st.get_value();

    let table = move || {
        let c = comparison.get()?;
        Some(compare_table(c, only_diff.get()))
    };

    view! {
        <section class="compare-page" aria-label="Compare traces">
            <div class="toolbar">
                <h1>"Compare traces"</h1>
                <input class="trace-id-input code" aria-label="Trace A" placeholder="Trace A (16 or 32 hex)" prop:value=move || a_input.get()
                    on:input=move |ev| a_input.set(event_target_value(&ev)) on:keydown=move |ev| if ev.key() == "Enter" { open() }/>
                <input class="trace-id-input code" aria-label="Trace B" placeholder="Trace B (16 or 32 hex)" prop:value=move || b_input.get()
                    on:input=move |ev| b_input.set(event_target_value(&ev)) on:keydown=move |ev| if ev.key() == "Enter" { open() }/>
                <button class="primary" on:click=move |_| open()>"Compare"</button>
                <Show when=move || fetching.get() != 0>
                    <span class="muted" role="status">"Loading traces… "</span>
                    <button data-testid="cancel-query" on:click=cancel>"Cancel"</button>
                </Show>
                <label class="check"><input type="checkbox" aria-label="Differences only" prop:checked=move || only_diff.get()
                    on:change=move |ev| only_diff.set(event_target_checked(&ev))/>" Differences only"</label>
            </div>
            <div class="compare-sides">{header("A", side_a, s0.a.clone())}{header("B", side_b, s0.b.clone())}</div>
            {table}
        </section>
    }
    .into_any()
}

fn count_cell(s: Side) -> String {
    if s.count == 0 { "–".to_string() } else { s.count.to_string() }
}

fn mean_cell(s: Side) -> String {
    s.mean_ns().map(format_duration_human).unwrap_or_else(|| "–".to_string())
}

/// One row of the table; `pos` is its place among the rows shown (for tests: names repeat across paths).
fn compare_row(pos: usize, r: &CompareRow) -> impl IntoView {
    let change = r.change();
    let word = match change {
        Change::OnlyA => "only in A",
        Change::OnlyB => "only in B",
        Change::Fewer => "fewer in B",
        Change::More => "more in B",
        Change::MoreErrors => "more errors in B",
        Change::FewerErrors => "fewer errors in B",
        Change::Slower => "slower in B",
        Change::Faster => "faster in B",
        Change::Same => "",
    };
    let delta = i64::from(r.b.count) - i64::from(r.a.count);
    let label = format!("{} {}", r.service, r.name);
    view! {
        <tr class=format!("compare-row {}", change.label()) data-testid="compare-row" data-pos=pos.to_string() data-service=r.service.clone() data-name=r.name.clone()
            data-a=r.a.count.to_string() data-b=r.b.count.to_string() data-change=change.label() data-depth=r.depth.to_string()>
            <td style=format!("padding-left:{}px", 8 + 14 * r.depth.min(40)) title=label>
                <span class="compare-service">{r.service.clone()}</span>" "{r.name.clone()}
                {(!word.is_empty()).then(|| view! { <span class="compare-tag">{word}</span> })}
            </td>
            <td class="num">{count_cell(r.a)}</td>
            <td class="num">{count_cell(r.b)}</td>
            <td class="num">{if delta == 0 { String::new() } else { format!("{delta:+}") }}</td>
            <td class="num">{mean_cell(r.a)}</td>
            <td class="num">{mean_cell(r.b)}</td>
            <td class="num" class:error={r.a.errors > 0}>{r.a.errors.to_string()}</td>
            <td class="num" class:error={r.b.errors > 0}>{r.b.errors.to_string()}</td>
        </tr>
    }
}

/// The merged tree as a table whose rows are virtualised (only those in view, plus a margin, are in the
/// page; spacer rows keep the scroll height), so two 50k-span traces compare without freezing the tab.
fn compare_table(c: Arc<Comparison>, only_diff: bool) -> impl IntoView {
    let shown: Arc<Vec<u32>> = Arc::new(if only_diff { differences(&c) } else { (0..c.rows.len() as u32).collect() });
    let total = shown.len();
    let scroll_top = RwSignal::new(0.0);
    let viewport_h = RwSignal::new(600.0);
    let list = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = list.get() {
            // Toggling "Differences only" may keep the same scrolled element: start from where it is.
            scroll_top.set(f64::from(el.scroll_top()));
            viewport_h.set(f64::from(el.client_height()));
        }
    });
    let c2 = c.clone();
    let rows = move || {
        let (first, last) = row_window(shown.len(), scroll_top.get(), ROW_PX, viewport_h.get(), OVERSCAN);
        let above = first as f64 * ROW_PX;
        let below = (shown.len() - last) as f64 * ROW_PX;
        let drawn = shown[first..last].iter().enumerate().filter_map(|(k, &i)| c2.rows.get(i as usize).map(|r| compare_row(first + k, r))).collect_view();
        view! {
            <tr class="spacer" aria-hidden="true" style=format!("height:{above}px")></tr>
            {drawn}
            <tr class="spacer" aria-hidden="true" style=format!("height:{below}px")></tr>
        }
    };
    let summary = format!(
        "{} call paths: {} only in A, {} only in B, {} with another span count, {} with another error count, {} at least twice as slow or fast.",
        c.rows.len(),
        c.only_a,
        c.only_b,
        c.changed,
        c.errors_changed,
        c.retimed
    );
    view! {
        <p data-testid="compare-summary" data-paths=c.rows.len().to_string() data-only-a=c.only_a.to_string()
            data-only-b=c.only_b.to_string() data-changed=c.changed.to_string()
            data-errors-changed=c.errors_changed.to_string() data-retimed=c.retimed.to_string()>{summary}</p>
        <div class="compare-scroll" node_ref=list on:scroll=move |ev| {
            let el = event_target::<web_sys::HtmlElement>(&ev);
            scroll_top.set(f64::from(el.scroll_top()));
            viewport_h.set(f64::from(el.client_height()));
        }>
            <table class="results compare" data-testid="compare-table" data-rows=total.to_string()>
                <colgroup><col/><col class="n"/><col class="n"/><col class="n"/><col class="n"/><col class="n"/><col class="n"/><col class="n"/></colgroup>
                <thead><tr>
                    <th>"Service and operation"</th><th class="num">"Spans A"</th><th class="num">"Spans B"</th><th class="num">"Δ"</th>
                    <th class="num">"Mean A"</th><th class="num">"Mean B"</th><th class="num">"Errors A"</th><th class="num">"Errors B"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
