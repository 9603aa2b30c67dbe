//! A dashboard's variables bar: one picker per visible variable.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::dashboard::variables::ALL_VALUE;
use crate::dashboard::{
    Dashboard,
    VariableKind,
};
use crate::ui::ctx::use_ctx;

/// The variables bar: one picker per visible variable.
#[component]
pub(super) fn VariablesBar(dash: RwSignal<Option<Dashboard>>, options: RwSignal<BTreeMap<String, Vec<String>>>, on_change: Callback<(String, Vec<String>)>) -> impl IntoView {
    // The multi-value list that is open stays open while values are ticked (as Grafana's does), though each
    // change draws the page again, until the user closes it.
    let open = use_ctx().open_var;
    let pickers = move || {
        let Some(d) = dash.get() else { return Vec::new() };
        let uid = d.uid.clone();
        let opts = options.get();
        d.variables
            .iter()
            .filter(|v| !v.hidden && !matches!(v.kind, VariableKind::Constant { .. }))
            .map(|v| {
                let name = v.name.clone();
                let label = if v.label.is_empty() { v.name.clone() } else { v.label.clone() };
                let current = v.current.clone();
                let list = opts.get(&v.name).cloned().unwrap_or_default();
                let control = match &v.kind {
                    VariableKind::TextBox { value } => {
                        let n = name.clone();
                        view! {
                            <input aria-label=format!("Variable {label}") prop:value=value.clone() data-testid="var-input"
                                on:change=move |ev| on_change.run((n.clone(), vec![event_target_value(&ev)])) />
                        }
                        .into_any()
                    }
                    _ if v.multi => {
                        let all_on = current.iter().any(|c| c == ALL_VALUE);
                        let summary = if all_on || current.is_empty() { "All".to_string() } else { current.join(" + ") };
                        let mut entries: Vec<(String, String)> = Vec::new();
                        if v.include_all {
                            entries.push((ALL_VALUE.to_string(), "All".to_string()));
                        }
                        entries.extend(list.iter().map(|o| (o.clone(), o.clone())));
                        let boxes = entries
                            .into_iter()
                            .map(|(val, text)| {
                                let on = current.contains(&val);
                                let (n, cur, val2) = (name.clone(), current.clone(), val.clone());
                                view! {
                                    <label class="check var-option">
                                        <input type="checkbox" prop:checked=on data-value=val.clone() on:change=move |ev| {
                                            let checked = event_target_checked(&ev);
                                            let mut next: Vec<String> = cur.iter().filter(|c| **c != val2 && **c != ALL_VALUE).cloned().collect();
                                            if checked {
                                                if val2 == ALL_VALUE { next = vec![ALL_VALUE.to_string()]; } else { next.push(val2.clone()); }
                                            }
                                            on_change.run((n.clone(), next));
                                        }/>
                                        {text}
                                    </label>
                                }
                            })
                            .collect_view();
                        let key = format!("{uid}/{name}");
                        let (n_open, n_toggle) = (key.clone(), key);
                        let on_toggle = move |ev: leptos::ev::Event| {
                            let is_open = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).is_some_and(|e| e.has_attribute("open"));
                            if is_open {
                                open.set(Some(n_toggle.clone()));
                            } else if open.get_untracked().as_deref() == Some(n_toggle.as_str()) {
                                open.set(None);
                            }
                        };
                        view! {
                            <details class="var-multi" data-testid="var-multi" open=open.get_untracked().as_deref() == Some(n_open.as_str()) on:toggle=on_toggle>
                                <summary aria-label=format!("Variable {label}")>{summary}</summary>
                                <div class="var-options">{boxes}</div>
                            </details>
                        }
                        .into_any()
                    }
                    _ => {
                        let n = name.clone();
                        let sel = current.first().cloned().unwrap_or_default();
                        let mut entries: Vec<(String, String)> = Vec::new();
                        if v.include_all {
                            entries.push((ALL_VALUE.to_string(), "All".to_string()));
                        }
                        entries.extend(list.iter().map(|o| (o.clone(), o.clone())));
                        if !sel.is_empty() && !entries.iter().any(|(v, _)| *v == sel) {
                            entries.insert(0, (sel.clone(), sel.clone()));
                        }
                        view! {
                            <select aria-label=format!("Variable {label}") data-testid="var-select" on:change=move |ev| on_change.run((n.clone(), vec![event_target_value(&ev)]))>
                                {entries.into_iter().map(|(val, text)| view! { <option value=val.clone() selected=val == sel>{text}</option> }).collect_view()}
                            </select>
                        }
                        .into_any()
                    }
                };
                view! { <div class="var" data-var=name.clone()><span class="var-label">{label.clone()}</span>{control}</div> }
            })
            .collect::<Vec<_>>()
    };
    view! { <div class="vars-bar" role="group" aria-label="Variables" data-testid="vars-bar">{pickers}</div> }
}
