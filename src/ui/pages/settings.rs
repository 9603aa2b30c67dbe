//! Settings: where each backend is reached, tenant, token or basic auth (kept in this browser only), more
//! named datasources (settings_sources.rs), query timeout and
//! largest answer, a connection test, trace IDs in log lines, the colour palette, and the trace →
//! logs/metrics link templates.

use leptos::prelude::*;

use crate::datasource::{split_names, Datasources, LogsBackend, TraceBackend};
use crate::ui::ctx::use_ctx;
use crate::ui::trace::links_form::TraceLinksForm;
use crate::view::palette::Palette;

#[component]
pub fn Settings() -> impl IntoView {
    let ctx = use_ctx();
    let draft = RwSignal::new(ctx.ds.get_untracked());
    let message = RwSignal::new(None::<String>);
    // Typed as text and read on save (so "trace_id, " can be typed without being tidied away at once).
    let id_fields = RwSignal::new(draft.get_untracked().trace_id_fields.join(", "));
    // The number fields keep what is typed (an empty or half-typed field is not rewritten as "0");
    // it is read when saving.
    let timeout_text = RwSignal::new(draft.get_untracked().timeout_s.to_string());
    let answer_text = RwSignal::new(draft.get_untracked().max_answer_mb.to_string());
    let number = move |label: &'static str, id: &'static str, text: RwSignal<String>| {
        view! {
            <label class="field">{label}
                <input inputmode="numeric" data-testid=id prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
            </label>
        }
    };
    let field = move |label: &'static str, get: fn(&Datasources) -> String, set: fn(&mut Datasources, String)| {
        view! {
            <label class="field">{label}
                <input prop:value=move || get(&draft.get()) on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| set(d, v)); }/>
            </label>
        }
    };
    view! {
        <section class="settings" aria-label="Settings">
            <h1>"Datasources"</h1>
            {field("Prometheus URL", |d| d.prometheus.clone(), |d, v| d.prometheus = v)}
            {field("Loki URL", |d| d.loki.clone(), |d, v| d.loki = v)}
            {field("VictoriaLogs URL", |d| d.victorialogs.clone(), |d, v| d.victorialogs = v)}
            <label class="field">"Logs backend (the logs view, log panels and variables)"
                <select data-testid="logs-backend" on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.logs = LogsBackend::from_id(&v)); }>
                    {LogsBackend::ALL.into_iter().map(|b| view! {
                        <option value=b.id() selected=move || draft.get().logs == b>{b.name()}</option>
                    }).collect_view()}
                </select>
            </label>
            {field("Tempo URL", |d| d.tempo.clone(), |d, v| d.tempo = v)}
            {field("Jaeger URL", |d| d.jaeger.clone(), |d, v| d.jaeger = v)}
            {field("Alertmanager URL (empty: none)", |d| d.alertmanager.clone(), |d, v| d.alertmanager = v)}
            <label class="field">"Trace backend"
                <select on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.traces = TraceBackend::from_id(&v)); }>
                    {TraceBackend::ALL.into_iter().map(|b| view! {
                        <option value=b.id() selected=move || draft.get().traces == b>{b.choice()}</option>
                    }).collect_view()}
                </select>
            </label>
            {field("Tenant (X-Scope-OrgID)", |d| d.tenant.clone(), |d, v| d.tenant = v)}
            <label class="field">"Bearer token (kept in this browser only; never in links or exports)"
                <input type="password" data-testid="bearer-token" autocomplete="off" prop:value=move || draft.get().bearer_token on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.bearer_token = v); }/>
            </label>
            {field("Basic auth user (instead of a token)", |d| d.basic_user.clone(), |d, v| d.basic_user = v)}
            <label class="field">"Basic auth password (kept in this browser only)"
                <input type="password" autocomplete="off" prop:value=move || draft.get().basic_password on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.basic_password = v); }/>
            </label>
            {field("VictoriaLogs AccountID", |d| d.account_id.clone(), |d, v| d.account_id = v)}
            {field("VictoriaLogs ProjectID", |d| d.project_id.clone(), |d, v| d.project_id = v)}
            {number("Timeout of a query (seconds)", "timeout", timeout_text)}
            {number("Largest answer (MB)", "max-answer", answer_text)}
            <h2>"Trace IDs in log lines"</h2>
            <label class="field">"Fields that hold a trace ID (labels, structured metadata, JSON or logfmt keys; comma-separated)"
                <input data-testid="trace-id-fields" prop:value=move || id_fields.get() on:input=move |ev| id_fields.set(event_target_value(&ev))/>
            </label>
            <label class="field">"Pattern that finds a trace ID in other lines (JavaScript regular expression; its first group is the ID)"
                <input class="code" data-testid="trace-id-regex" placeholder=r"e.g. traceparent=00-([0-9a-f]{32})" prop:value=move || draft.get().trace_id_regex
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.trace_id_regex = v); }/>
            </label>
            <div class="toolbar">
                <button class="primary" data-testid="settings-save" on:click=move |_| {
                    let mut d = draft.get_untracked();
                    // The named datasources are saved as they are added and removed (below).
                    d.sources = ctx.ds.get_untracked().sources;
                    // Not a whole number: 0, which `check` refuses with the field's range.
                    d.timeout_s = timeout_text.get_untracked().trim().parse().unwrap_or(0);
                    d.max_answer_mb = answer_text.get_untracked().trim().parse().unwrap_or(0);
                    if let Err(e) = d.check() {
                        message.set(Some(format!("Not saved: {e}")));
                        return;
                    }
                    d.trace_id_fields = split_names(&id_fields.get_untracked());
                    let pattern = d.trace_id_regex.trim().to_string();
                    if !pattern.is_empty() {
                        if let Err(e) = crate::browser::regex::compile(&pattern, true) {
                            message.set(Some(format!("Not saved: the trace ID pattern is not a valid regular expression: {e}")));
                            return;
                        }
                    }
                    d.trace_id_regex = pattern;
                    let r = ctx.save_datasources(d);
                    message.set(Some(match r { Ok(()) => "Saved. Testing the connections…".into(), Err(e) => e }));
                    ctx.health.set(Default::default());
                    crate::ui::app::probe(ctx);
                }>"Save and test"</button>
                <button on:click=move |_| {
                    let d = Datasources::default();
                    timeout_text.set(d.timeout_s.to_string());
                    answer_text.set(d.max_answer_mb.to_string());
                    id_fields.set(d.trace_id_fields.join(", "));
                    draft.set(d);
                }>"Restore defaults"</button>
            </div>
            {move || message.get().map(|m| view! { <p role="status" data-testid="settings-message">{m}</p> })}
            {move || { let h = ctx.health.get(); h.checked.then(|| view! {
                <ul data-testid="connection-test">
                    {h.answer_lines(ctx.ds.get().logs.name()).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                </ul>
            }) }}
            <super::settings_sources::NamedSources/>
            <PaletteChoice/>
            <TraceLinksForm/>
        </section>
    }
}

/// The colour palette of series, log levels and trace services, applied at once and kept in this browser.
#[component]
fn PaletteChoice() -> impl IntoView {
    let ctx = use_ctx();
    let message = RwSignal::new(None::<String>);
    view! {
        <h2>"Colours"</h2>
        <label class="field">"Palette for series, log levels and trace services"
            <select data-testid="palette-picker" on:change=move |ev| {
                let p = Palette::from_id(&event_target_value(&ev));
                message.set(ctx.set_palette(p).err());
            }>
                {[Palette::ColorBlind, Palette::Classic].into_iter().map(|p| view! {
                    <option value=p.id() selected=move || ctx.palette.get() == p>{p.label()}</option>
                }).collect_view()}
            </select>
        </label>
        {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
    }
}
