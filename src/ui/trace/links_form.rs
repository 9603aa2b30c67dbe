//! The Settings section for trace → logs and trace → metrics links: the query templates of
//! `datasource::correlations` (the correlation workspace's RED charts too), checked before they are saved in
//! this browser.

use leptos::prelude::*;

use crate::datasource::correlations::{Correlations, MetricLink, RedTemplates, MAX_METRIC_LINKS, PLACEHOLDERS};
use crate::ui::ctx::{load_correlations, save_correlations};

#[component]
pub fn TraceLinksForm() -> impl IntoView {
    let draft = RwSignal::new(load_correlations());
    let message = RwSignal::new(None::<(bool, String)>);
    let placeholders = PLACEHOLDERS.iter().map(|p| format!("${{{p}}}")).collect::<Vec<_>>().join(" ");
    let metric_rows = move || {
        let n = draft.with(|c| c.metrics.len());
        (0..n)
            .map(|i| {
                let get = move |f: fn(&MetricLink) -> String| move || draft.with(|c| c.metrics.get(i).map(f).unwrap_or_default());
                view! {
                    <div class="toolbar trace-link-row">
                        <input aria-label=format!("Metric {} legend", i + 1) placeholder="legend" class="link-legend" prop:value=get(|m| m.legend.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| if let Some(m) = c.metrics.get_mut(i) { m.legend = v }); }/>
                        <input aria-label=format!("Metric {} query", i + 1) class="code grow" prop:value=get(|m| m.query.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| if let Some(m) = c.metrics.get_mut(i) { m.query = v }); }/>
                        <button aria-label=format!("Remove metric {}", i + 1) on:click=move |_| draft.update(|c| { if i < c.metrics.len() { c.metrics.remove(i); } })>"Remove"</button>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <h2>"Trace → logs and metrics"</h2>
        <p class="muted">"Query templates for the links in a span's details. Placeholders: " <span class="code">{placeholders}</span>
            " — each is replaced by its value escaped for a quoted string, so write it inside quotes. A blank template hides its link."</p>
        <label class="field">"Logs for this trace (LogQL)"
            <input class="code" aria-label="Trace logs template" prop:value=move || draft.with(|c| c.trace_logs.clone())
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| c.trace_logs = v); }/>
        </label>
        <label class="field">"Logs for this span (LogQL)"
            <input class="code" aria-label="Span logs template" prop:value=move || draft.with(|c| c.span_logs.clone())
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| c.span_logs = v); }/>
        </label>
        <label class="field">"Logs for this trace (LogsQL, VictoriaLogs)"
            <input class="code" aria-label="Trace logs template (LogsQL)" prop:value=move || draft.with(|c| c.trace_logs_logsql.clone())
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| c.trace_logs_logsql = v); }/>
        </label>
        <label class="field">"Logs for this span (LogsQL, VictoriaLogs)"
            <input class="code" aria-label="Span logs template (LogsQL)" prop:value=move || draft.with(|c| c.span_logs_logsql.clone())
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| c.span_logs_logsql = v); }/>
        </label>
        <p>"Metrics for this service (PromQL, one query each)"</p>
        {metric_rows}
        <h3>"Correlation workspace: each service's chart (PromQL)"</h3>
        <p class="muted">"Rate, errors and p90 duration (in ms) of a service; " <span class="code">"${service}"</span>
            " is its name. A blank template leaves its line out."</p>
        {red_field("Rate", "Rate template", |r| &mut r.rate, draft)}
        {red_field("Errors", "Errors template", |r| &mut r.errors, draft)}
        {red_field("p90 duration (ms)", "p90 duration template", |r| &mut r.p90, draft)}
        <div class="toolbar">
            <button data-testid="red-span-metrics" on:click=move |_| draft.update(|c| c.red = RedTemplates::default())>"Span metrics"</button>
            <button data-testid="red-http-metrics" on:click=move |_| draft.update(|c| c.red = RedTemplates::http_server())>"HTTP server metrics"</button>
        </div>
        <div class="toolbar">
            <button disabled=move || draft.with(|c| c.metrics.len() >= MAX_METRIC_LINKS)
                on:click=move |_| draft.update(|c| c.metrics.push(MetricLink::default()))>"Add metric query"</button>
            <button class="primary" on:click=move |_| {
                message.set(Some(match save_correlations(&draft.get_untracked()) {
                    Ok(()) => (true, "Saved: the next span or workspace you open uses these templates.".into()),
                    Err(e) => (false, format!("Not saved — {e}")),
                }));
            }>"Save links"</button>
            <button on:click=move |_| draft.set(Correlations::default())>"Restore default links"</button>
        </div>
        {move || message.get().map(|(ok, m)| view! { <p role="status" class=if ok { "" } else { "error" } data-testid="trace-links-message">{m}</p> })}
    }
}

/// One RED template's input.
fn red_field(label: &'static str, aria: &'static str, field: fn(&mut RedTemplates) -> &mut String, draft: RwSignal<Correlations>) -> impl IntoView {
    view! {
        <label class="field">{label}
            <input class="code" aria-label=aria prop:value=move || draft.with(|c| { let mut r = c.red.clone(); field(&mut r).clone() })
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| *field(&mut c.red) = v); }/>
        </label>
    }
}
