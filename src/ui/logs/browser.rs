//! Label browser: the stream labels for the range (Loki's labels, VictoriaLogs' stream fields), values of the
//! labels opened (scoped to the other picks), picked values build the stream selector (in the core) that goes
//! into the query; where the language has field filters, the other fields too (`fields.rs`).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fields::FieldPicker;
use crate::ui::latest::Latest;
use crate::http::logs;
use crate::ui::ctx::use_ctx;
use crate::view::log_lang::log_language;
use crate::view::log_selector::{build_selector, picked, toggle};

type Picks = Vec<(String, Vec<String>)>;

/// `range_ns`: the range the labels are looked up in. `on_apply(selector, run)`: put the selector in the
/// query (and run it when `run`). `on_field(field, value)`: narrow the query to a field's value.
#[component]
pub fn LabelBrowser(range_ns: (i64, i64), on_apply: Callback<(String, bool)>, on_field: Callback<(String, String)>) -> impl IntoView {
    let ctx = use_ctx();
    let names = RwSignal::new(None::<Result<Vec<String>, String>>);
    let open = RwSignal::new(Vec::<String>::new());
    let values = RwSignal::new(HashMap::<String, Result<Vec<String>, String>>::new());
    let picks = RwSignal::new(Picks::new());
    let abort = Latest::new();
    let (start, end) = range_ns;

    {
        let ds = ctx.ds.get_untracked();
        let a = abort.current();
        spawn_local(async move {
            let r = logs::label_names(&ds, start, end, None, &a).await;
            if !matches!(r, Err(crate::backends::ApiError::Aborted)) {
                names.try_set(Some(r.map_err(|e| e.to_string())));
            }
        });
    }

    // Values of `name` among streams matching the picks of the other labels.
    let load_values = move |name: String| {
        let others: Picks = picks.get_untracked().into_iter().filter(|(n, _)| *n != name).collect();
        let sel = build_selector(&others);
        let ds = ctx.ds.get_untracked();
        let a = abort.current();
        spawn_local(async move {
            let r = logs::label_values(&ds, &name, start, end, (!sel.is_empty()).then_some(sel.as_str()), &a).await;
            if !matches!(r, Err(crate::backends::ApiError::Aborted)) {
                values.try_update(|m| {
                    m.insert(name, r.map_err(|e| e.to_string()));
                });
            }
        });
    };

    let name_list = move || match names.get() {
        None => view! { <p class="muted">"Loading labels…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert">{format!("Labels: {e}")}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="muted">"No labels in this range."</p> }.into_any(),
        Some(Ok(list)) => list
            .into_iter()
            .map(|n| {
                let (n1, n2) = (n.clone(), n.clone());
                let is_open = move || open.get().contains(&n1);
                view! {
                    <button class="chip" data-testid="label-name" aria-pressed=move || is_open().to_string()
                        on:click=move |_| {
                            let name = n2.clone();
                            if open.get_untracked().contains(&name) {
                                open.update(|o| o.retain(|x| *x != name));
                            } else {
                                open.update(|o| o.push(name.clone()));
                                load_values(name);
                            }
                        }>{n}</button>
                }
            })
            .collect_view()
            .into_any(),
    };

    let value_lists = move || {
        open.get()
            .into_iter()
            .map(|name| {
                let vals = values.with(|m| m.get(&name).cloned());
                let body = match vals {
                    None => view! { <p class="muted">"Loading values…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error">{e}</p> }.into_any(),
                    Some(Ok(v)) => v
                        .into_iter()
                        .take(500)
                        .map(|val| {
                            let (nm, v1, v2) = (name.clone(), val.clone(), val.clone());
                            let nm2 = name.clone();
                            let on = move || picks.with(|p| picked(p, &nm).contains(&v1));
                            view! {
                                <button class="chip value" data-testid="label-value" aria-pressed=move || on().to_string()
                                    on:click=move |_| picks.update(|p| toggle(p, &nm2, &v2))>{val}</button>
                            }
                        })
                        .collect_view()
                        .into_any(),
                };
                view! {
                    <div class="label-values" role="group" aria-label=format!("Values of {name}")>
                        <h3>{name.clone()}</h3>
                        <div class="chips">{body}</div>
                    </div>
                }
            })
            .collect_view()
    };

    let selector = Memo::new(move |_| build_selector(&picks.get()));
    let fields = log_language(&ctx.ds.get_untracked()).field_filters.then(|| {
        let streams = Signal::derive(move || names.with(|n| n.as_ref().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default()));
        view! { <FieldPicker range_ns=range_ns streams=streams on_pick=on_field/> }
    });
    view! {
        <section class="label-browser" aria-label="Label browser" data-testid="label-browser">
            <div class="chips" role="group" aria-label="Labels">{name_list}</div>
            {value_lists}
            {fields}
            <div class="browser-actions">
                <code data-testid="built-selector">{move || { let s = selector.get(); if s.is_empty() { "Pick label values to build a selector".to_string() } else { s } }}</code>
                <button disabled=move || selector.get().is_empty() on:click=move |_| on_apply.run((selector.get_untracked(), false))>"Use in query"</button>
                <button class="primary" data-testid="browser-show-logs" disabled=move || selector.get().is_empty()
                    on:click=move |_| on_apply.run((selector.get_untracked(), true))>"Show logs"</button>
                <button class="link" on:click=move |_| picks.set(Picks::new())>"Clear"</button>
            </div>
        </section>
    }
}
