//! Settings: where each backend is reached, tenant and token (kept in this browser only), a connection test,
//! the colour palette, and the trace → logs/metrics link templates.

use leptos::prelude::*;

use crate::datasource::{Datasources, TraceBackend};
use crate::ui::ctx::use_ctx;
use crate::ui::trace::links_form::TraceLinksForm;
use crate::view::palette::Palette;

#[component]
pub fn Settings() -> impl IntoView {
    let ctx = use_ctx();
    let draft = RwSignal::new(ctx.ds.get_untracked());
    let message = RwSignal::new(None::<String>);
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
            <div class="toolbar">
                <button class="primary" on:click=move |_| {
                    let r = ctx.save_datasources(draft.get_untracked());
                    message.set(Some(match r { Ok(()) => "Saved. Testing the connections…".into(), Err(e) => e }));
                    ctx.health.set(Default::default());
                    crate::ui::app::probe(ctx);
                }>"Save and test"</button>
                <button on:click=move |_| draft.set(Datasources::default())>"Restore defaults"</button>
            </div>
            {move || message.get().map(|m| view! { <p role="status">{m}</p> })}
            {move || { let h = ctx.health.get(); h.checked.then(|| view! {
                <ul data-testid="connection-test">
                    <li>{format!("Prometheus: {}", if h.prometheus { "answers" } else { "no answer" })}</li>
                    <li>{format!("Loki: {}", if h.loki { "answers" } else { "no answer" })}</li>
                    <li>{format!("Traces: {}", match h.traces { Some(TraceBackend::Jaeger) => "Jaeger answers", Some(_) => "Tempo answers", None => "no answer" })}</li>
                </ul>
            }) }}
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
