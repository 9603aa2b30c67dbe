//! The fields part of the browser (LogsQL): the names of the lines' fields beyond their stream's, and the
//! values of the one opened; a click on a value narrows the query to it (`field:="value"`, built in the core).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::backends::ApiError;
use crate::http::logs;
use crate::ui::ctx::use_ctx;

/// `range_ns`: the range the fields are looked up in; `streams`: the stream field names (not listed again);
/// `on_pick(field, value)`: narrow the query.
#[component]
pub fn FieldPicker(range_ns: (i64, i64), streams: Signal<Vec<String>>, on_pick: Callback<(String, String)>) -> impl IntoView {
    let ctx = use_ctx();
    let names = RwSignal::new(None::<Result<Vec<String>, String>>);
    let open = RwSignal::new(None::<(String, Option<Result<Vec<String>, String>>)>);
    let abort = Latest::new();
    let (start, end) = range_ns;
    {
        let (ds, a) = (ctx.ds.get_untracked(), abort.current());
        spawn_local(async move {
            let r = logs::field_names(&ds, start, end, &a).await;
            if !matches!(r, Err(ApiError::Aborted)) {
                names.try_set(Some(r.map_err(|e| e.to_string())));
            }
        });
    }
    let load = move |name: String| {
        open.set(Some((name.clone(), None)));
        let (ds, a) = (ctx.ds.get_untracked(), abort.current());
        spawn_local(async move {
            let r = logs::field_values(&ds, &name, start, end, &a).await;
            if !matches!(r, Err(ApiError::Aborted)) {
                open.try_update(|o| {
                    if o.as_ref().is_some_and(|(n, _)| *n == name) {
                        *o = Some((name, Some(r.map_err(|e| e.to_string()))));
                    }
                });
            }
        });
    };
    let name_list = move || match names.get() {
        None => view! { <p class="muted">"Loading fields…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert">{format!("Fields: {e}")}</p> }.into_any(),
        Some(Ok(list)) => {
            let streams = streams.get();
            list.into_iter()
                .filter(|n| !n.starts_with('_') && !streams.contains(n))
                .map(|n| {
                    let (n1, n2) = (n.clone(), n.clone());
                    view! {
                        <button class="chip" data-testid="field-name" aria-pressed=move || open.with(|o| o.as_ref().is_some_and(|(x, _)| *x == n1)).to_string()
                            on:click=move |_| load(n2.clone())>{n}</button>
                    }
                })
                .collect_view()
                .into_any()
        }
    };
    let values = move || {
        open.get().map(|(name, vals)| {
            let body = match vals {
                None => view! { <p class="muted">"Loading values…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error">{e}</p> }.into_any(),
                Some(Ok(v)) => v
                    .into_iter()
                    .take(500)
                    .map(|val| {
                        let (f, v) = (name.clone(), val.clone());
                        view! { <button class="chip value" data-testid="field-value" on:click=move |_| on_pick.run((f.clone(), v.clone()))>{val}</button> }
                    })
                    .collect_view()
                    .into_any(),
            };
            view! {
                <div class="label-values" role="group" aria-label=format!("Values of field {name}")>
                    <h3>{name.clone()}</h3>
                    <div class="chips">{body}</div>
                </div>
            }
        })
    };
    view! {
        <div class="chips" role="group" aria-label="Fields" data-testid="field-names">{name_list}</div>
        {values}
    }
}
