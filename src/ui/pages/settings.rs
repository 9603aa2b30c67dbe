//! Settings: where each backend is reached, tenant and token (kept in this browser only), query timeout and
//! largest answer, a connection test, and the trace → logs/metrics link templates.

use leptos::prelude::*;

use crate::datasource::{Datasources, TraceBackend};
use crate::ui::ctx::use_ctx;
use crate::ui::trace::links_form::TraceLinksForm;

#[component]
pub fn Settings() -> impl IntoView {
    let ctx = use_ctx();
    let draft = RwSignal::new(ctx.ds.get_untracked());
    let message = RwSignal::new(None::<String>);
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
            {field("Tempo URL", |d| d.tempo.clone(), |d, v| d.tempo = v)}
            {field("Jaeger URL", |d| d.jaeger.clone(), |d, v| d.jaeger = v)}
            <label class="field">"Trace backend"
                <select on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.traces = match v.as_str() { "tempo" => TraceBackend::Tempo, "jaeger" => TraceBackend::Jaeger, _ => TraceBackend::Auto }); }>
                    <option value="auto" selected=move || draft.get().traces == TraceBackend::Auto>"Auto (Tempo, then Jaeger)"</option>
                    <option value="tempo" selected=move || draft.get().traces == TraceBackend::Tempo>"Tempo"</option>
                    <option value="jaeger" selected=move || draft.get().traces == TraceBackend::Jaeger>"Jaeger"</option>
                </select>
            </label>
            {field("Tenant (X-Scope-OrgID)", |d| d.tenant.clone(), |d, v| d.tenant = v)}
            <label class="field">"Bearer token (kept in this browser only; never in links or exports)"
                <input type="password" autocomplete="off" prop:value=move || draft.get().bearer_token on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.bearer_token = v); }/>
            </label>
            {number("Timeout of a query (seconds)", "timeout", timeout_text)}
            {number("Largest answer (MB)", "max-answer", answer_text)}
            <div class="toolbar">
                <button class="primary" data-testid="settings-save" on:click=move |_| {
                    let mut d = draft.get_untracked();
                    // Not a whole number: 0, which `check` refuses with the field's range.
                    d.timeout_s = timeout_text.get_untracked().trim().parse().unwrap_or(0);
                    d.max_answer_mb = answer_text.get_untracked().trim().parse().unwrap_or(0);
                    if let Err(e) = d.check() {
                        message.set(Some(format!("Not saved: {e}")));
                        return;
                    }
                    let r = ctx.save_datasources(d);
                    message.set(Some(match r { Ok(()) => "Saved. Testing the connections…".into(), Err(e) => e }));
                    ctx.health.set(Default::default());
                    crate::ui::app::probe(ctx);
                }>"Save and test"</button>
                <button on:click=move |_| {
                    let d = Datasources::default();
                    timeout_text.set(d.timeout_s.to_string());
                    answer_text.set(d.max_answer_mb.to_string());
                    draft.set(d);
                }>"Restore defaults"</button>
            </div>
            {move || message.get().map(|m| view! { <p role="status" data-testid="settings-message">{m}</p> })}
            {move || { let h = ctx.health.get(); h.checked.then(|| view! {
                <ul data-testid="connection-test">
                    <li>{format!("Prometheus: {}", if h.prometheus { "answers" } else { "no answer" })}</li>
                    <li>{format!("Loki: {}", if h.loki { "answers" } else { "no answer" })}</li>
                    <li>{format!("Traces: {}", match h.traces { Some(TraceBackend::Jaeger) => "Jaeger answers", Some(_) => "Tempo answers", None => "no answer" })}</li>
                </ul>
            }) }}
            <TraceLinksForm/>
        </section>
    }
}
