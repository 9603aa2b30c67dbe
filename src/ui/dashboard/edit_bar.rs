//! A dashboard's edit bar (edit mode): its title and adding panels.

use leptos::prelude::*;

use crate::dashboard::{
    Dashboard, PanelKind,
};
use crate::view::dash::{self as dash_view};

/// Edit mode: dashboard title and adding panels.
#[component]
pub(super) fn EditBar(dash: RwSignal<Option<Dashboard>>, on_edit: Callback<Dashboard>) -> impl IntoView {
    let kind = RwSignal::new(PanelKind::TimeSeries);
    let expr = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let add = move |_| {
        let Some(mut d) = dash.get_untracked() else { return };
        let k = kind.get_untracked();
        let t = title.get_untracked();
        let t = if t.trim().is_empty() { k.label().to_string() } else { t };
        let p = dash_view::new_panel(&d, k, &t, &expr.get_untracked());
        d.panels.push(p);
        on_edit.run(d);
        expr.set(String::new());
        title.set(String::new());
    };
    view! {
        <div class="edit-bar" role="group" aria-label="Edit dashboard">
            <label>"Title " <input aria-label="Dashboard title" prop:value=move || dash.with(|d| d.as_ref().map(|d| d.title.clone()).unwrap_or_default())
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(mut d) = dash.get_untracked() { d.title = v; on_edit.run(d); }
                } /></label>
            <span class="spacer"></span>
            <select aria-label="New panel kind" on:change=move |ev| { if let Some(k) = PanelKind::from_id(&event_target_value(&ev)) { kind.set(k); } }>
                {PanelKind::ALL.iter().map(|k| view! { <option value=k.id()>{k.label()}</option> }).collect_view()}
            </select>
            <input aria-label="New panel title" placeholder="Title" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
            <input class="code" aria-label="New panel query" placeholder="Query (PromQL, LogQL, TraceQL) or text" prop:value=move || expr.get()
                on:input=move |ev| expr.set(event_target_value(&ev)) />
            <button class="primary" on:click=add data-testid="add-panel">"Add panel"</button>
        </div>
    }
}
