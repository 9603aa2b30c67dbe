//! Span details panel: name, service, kind, status, offsets, self time, attributes, resource, events, links
//! (clickable when the linked trace or span exists), copyable IDs, and the jumps to this span's and this trace's logs and to its service's metrics.

use std::sync::Arc;

use leptos::html::Aside;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::Loaded;
use crate::browser;
use crate::url_state::Route;
use crate::backends::ApiError;
use crate::http::{traces, Abort};
use crate::telemetry::TraceId;
use crate::view::trace::detail::{href, logs_for_span, logs_for_trace_at_span, metrics_for_service, span_detail, LinkTarget};

fn table(rows: Vec<(String, String)>, testid: &'static str) -> impl IntoView {
    view! {
        <table data-testid=testid><tbody>
            {rows.into_iter().map(|(k, v)| view! { <tr data-key=k.clone()><td>{k.clone()}</td><td class="code wrap">{v}</td></tr> }).collect_view()}
        </tbody></table>
    }
}

pub fn span_details(l: &Arc<Loaded>, row: u32, panel: NodeRef<Aside>, on_close: Callback<()>) -> Option<impl IntoView> {
    let d = span_detail(&l.model, &l.trace, row)?;
    let span = l.model.rows.get(row as usize)?.span.and_then(|i| l.trace.spans.get(i))?;
    // The logs links are written in the logs view's language (LogQL for Loki, LogsQL for VictoriaLogs).
    let lang = crate::view::log_lang::log_language(&crate::ui::ctx::use_ctx().ds.get_untracked()).lang;
    let c = crate::ui::ctx::load_correlations().for_logs(lang);
    let span_logs = logs_for_span(&l.model, &l.trace, span, &c).map(|s| href(&Route::Logs(s)));
    let trace_logs = logs_for_trace_at_span(&l.model, &l.trace, span, &c).map(|s| href(&Route::Logs(s)));
    let metrics = metrics_for_service(&l.model, &l.trace, span, &c).map(|s| href(&Route::Metrics(s)));
    let correlate = l.trace.trace_id.filter(|_| !l.local).map(|id| crate::url_state::CorrelateState::href(&id.to_hex()));
    let copied = RwSignal::new(false);
    let span_id = d.span_id.clone();
    let status = if d.status_message.is_empty() { d.status.to_string() } else { format!("{}: {}", d.status, d.status_message) };
    let events = d
        .events
        .into_iter()
        .map(|e| {
            let attrs = e.attributes.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ");
            view! { <li><span class="code">{format!("+{}", e.offset)}</span>" "<b>{e.name}</b>" "<span class="muted code">{attrs}</span></li> }
        })
        .collect_view();
    let ctx = crate::ui::ctx::use_ctx();
    let links = d
        .links
        .into_iter()
        .map(|k| {
            let text = format!("{} → trace {} span {}{}", k.kind, k.trace_id, k.span_id, if k.same_trace { " (this trace)" } else { "" });
            // Into this trace: known at once. Into another: asked of the trace backend (a small read).
            let target = RwSignal::new(match (k.same_trace, k.span_here) {
                (true, true) => LinkTarget::Found,
                (true, false) => LinkTarget::Missing,
                (false, _) => LinkTarget::Checking,
            });
            if !k.same_trace {
                if let Some(id) = TraceId::parse_hex(&k.trace_id) {
                    let (ds, backend) = (ctx.ds.get_untracked(), ctx.health.get_untracked().traces);
                    // Not aborted when the panel closes: a read of at most 1 MB and 10 s, whose answer then
                    // has nowhere to go (`try_set`).
                    let abort = Abort::new();
                    spawn_local(async move {
                        let r = traces::trace_exists(&ds, backend, id, &abort).await;
                        if !matches!(r, Err(ApiError::Aborted)) {
                            let _ = target.try_set(LinkTarget::from_fetch(r.as_ref().map(|_| ())));
                        }
                    });
                }
            }
            let href = k.href.clone();
            move || match target.get() {
                LinkTarget::Missing => view! {
                    <li><span class="muted" data-testid="span-link-missing" title="The trace backend has no such trace (or span)">{text.clone()}" (not found)"</span></li>
                }
                .into_any(),
                t => view! { <li><a href=href.clone() data-testid="span-link" data-target=format!("{t:?}").to_lowercase()>{text.clone()}</a></li> }.into_any(),
            }
        })
        .collect_view();
    let badges = d.badges.iter().map(|b| view! { <li class=b.class>{format!("{} {}", b.mark, b.title)}</li> }).collect_view();
    let (has_events, has_links, has_badges) = (!span.events.is_empty(), !span.links.is_empty(), !d.badges.is_empty());
    let parent = d.parent_id.clone();
    Some(view! {
        <aside class="span-details" aria-label="Span details" data-testid="span-details" data-span-id=d.span_id.clone() node_ref=panel tabindex="-1">
            <div class="details-head">
                <h3>{d.name.clone()}</h3>
                <button class="link" aria-label="Close span details" on:click=move |_| on_close.run(())>"✕"</button>
            </div>
            <table class="details-summary"><tbody>
                <tr><td>"Service"</td><td>{d.service.clone()}</td></tr>
                <tr><td>"Kind"</td><td>{d.kind}</td></tr>
                <tr><td>"Status"</td><td class:error=d.is_error data-testid="span-status">{status}</td></tr>
                <tr><td>"Start"</td><td>{format!("+{} from the trace start", d.start_offset)}</td></tr>
                <tr><td>"Duration"</td><td data-testid="span-duration">{d.duration.clone()}</td></tr>
                <tr><td>"Self time"</td><td>{d.self_time.clone()}</td></tr>
                <tr><td>"Span ID"</td><td class="code"><span data-testid="span-id">{d.span_id.clone()}</span>" "
                    <button class="link" data-testid="copy-span-id" on:click=move |_| { browser::copy_to_clipboard(&span_id); copied.set(true); }>
                        {move || if copied.get() { "copied" } else { "copy" }}</button></td></tr>
                {parent.map(|p| view! { <tr><td>"Parent"</td><td class="code">{p}</td></tr> })}
                {d.scope.clone().map(|s| view! { <tr><td>"Scope"</td><td>{s}</td></tr> })}
            </tbody></table>
            <p class="details-actions">
                {span_logs.map(|h| view! { <a href=h data-testid="span-logs-link">"Logs for this span"</a> })}
                {trace_logs.map(|h| view! { <a href=h data-testid="trace-logs-link" title="The span's own lines are highlighted">"Logs for this trace"</a> })}
                {metrics.map(|h| view! { <a href=h data-testid="service-metrics-link">"Metrics for this service"</a> })}
                {correlate.map(|h| view! { <a href=h data-testid="span-correlate-link" title="This trace, its log lines and its services' metrics on one time axis">"Correlate logs and metrics"</a> })}
            </p>
            {has_badges.then(|| view! { <ul class="details-flags">{badges}</ul> })}
            <h4>"Attributes"</h4>{table(d.attributes, "span-attributes")}
            <h4>"Resource"</h4>{table(d.resource, "span-resource")}
            {has_events.then(|| view! { <h4>"Events"</h4><ul data-testid="span-events">{events}</ul> })}
            {has_links.then(|| view! { <h4>"Links"</h4><ul>{links}</ul> })}
        </aside>
    })
}
