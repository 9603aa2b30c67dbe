//! Dashboard settings in edit mode: the variables (add, edit, reorder, remove) and the JSON model (edit the
//! whole dashboard as its file). Every change goes through the page's checked edit, so it is a draft until
//! saved; a refused change says why where it was made and leaves the fields as typed.

use leptos::prelude::*;

use crate::dashboard::{Dashboard, DatasourceKind, VariableKind};
use crate::view::var_edit::{apply_form, apply_json_model, move_variable, remove_variable, used_before_defined, VarForm, KINDS};

/// The variable list and its editor.
#[component]
pub fn VariablesEditor(dash: RwSignal<Option<Dashboard>>, on_edit: Callback<Dashboard>) -> impl IntoView {
    // The form being edited: (index, or None for a new variable; fields).
    let form = RwSignal::new(None::<(Option<usize>, VarForm)>);
    let error = RwSignal::new(None::<String>);
    let change = move |f: &dyn Fn(&mut Dashboard) -> bool| {
        if let Some(mut d) = dash.get_untracked() {
            if f(&mut d) {
                on_edit.run(d);
            }
        }
    };
    let rows = move || {
        let Some(d) = dash.get() else { return Vec::new() };
        let n = d.variables.len();
        d.variables
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let what = match &v.kind {
                    VariableKind::Query { datasource, query, .. } => format!("{} · {query}", datasource.label()),
                    VariableKind::Datasource { datasource, regex } if regex.is_empty() => format!("{} datasources", datasource.label()),
                    VariableKind::Datasource { datasource, regex } => format!("{} datasources with “{regex}” in their name", datasource.label()),
                    VariableKind::Custom { values } | VariableKind::Interval { values, auto: None } => values.join(", "),
                    VariableKind::Interval { values, auto: Some(a) } => format!("auto ({} steps, at least {}), {}", a.count, a.min, values.join(", ")),
                    VariableKind::Constant { value } | VariableKind::TextBox { value } => value.clone(),
                };
                let late = used_before_defined(&d, i);
                let v2 = v.clone();
                view! {
                    <tr data-testid="var-row" data-name=v.name.clone()>
                        <td class="code">{format!("${}", v.name)}</td>
                        <td>{v.kind.id()}</td>
                        <td class="code small">{what}
                            {(!late.is_empty()).then(|| view! {
                                <span class="warning small" data-testid="var-order">
                                    {format!(" uses {} defined after it: move it below them", late.iter().map(|l| format!("${l}")).collect::<Vec<_>>().join(", "))}
                                </span>
                            })}
                        </td>
                        <td class="actions">
                            <button class="small" aria-label=format!("Edit variable {}", v.name) on:click=move |_| {
                                error.set(None);
                                form.set(Some((Some(i), VarForm::from_variable(&v2))));
                            }>"Edit"</button>
                            <button class="small" aria-label=format!("Move variable {} up", v.name) disabled=i == 0
                                on:click=move |_| change(&|d| move_variable(d, i, true))>"↑"</button>
                            <button class="small" aria-label=format!("Move variable {} down", v.name) disabled=i + 1 == n
                                on:click=move |_| change(&|d| move_variable(d, i, false))>"↓"</button>
                            <button class="small" aria-label=format!("Remove variable {}", v.name) on:click=move |_| {
                                form.set(None);
                                change(&|d| remove_variable(d, i));
                            }>"Remove"</button>
                        </td>
                    </tr>
                }
            })
            .collect::<Vec<_>>()
    };
    let apply = move |_| {
        let Some((index, f)) = form.get_untracked() else { return };
        let Some(mut d) = dash.get_untracked() else { return };
        match apply_form(&mut d, index, &f) {
            Ok(()) => {
                error.set(None);
                form.set(None);
                on_edit.run(d);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let count = move || dash.with(|d| d.as_ref().map_or(0, |d| d.variables.len()));
    view! {
        <details class="dash-settings" data-testid="vars-editor">
            <summary>{move || format!("Variables ({})", count())}</summary>
            <table class="var-table">
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col">"Query or values"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button class="small" data-testid="var-add" on:click=move |_| {
                error.set(None);
                form.set(Some((None, VarForm::default())));
            }>"Add variable"</button>
            {move || form.get().map(|(index, _)| view! { <VarFormView form=form index=index error=error on_apply=Callback::new(apply) /> })}
        </details>
    }
}

/// The fields of one variable; they show what the chosen type uses.
#[component]
fn VarFormView(form: RwSignal<Option<(Option<usize>, VarForm)>>, index: Option<usize>, error: RwSignal<Option<String>>, on_apply: Callback<()>) -> impl IntoView {
    let get = move || form.with(|f| f.as_ref().map(|(_, f)| f.clone()).unwrap_or_default());
    let set = move |f: &dyn Fn(&mut VarForm)| form.update(|x| if let Some((_, v)) = x { f(v) });
    let kind = move || get().kind;
    let text = move |label: &'static str, testid: &'static str, read: fn(&VarForm) -> String, write: fn(&mut VarForm, String)| {
        view! {
            <label>{label}" "<input aria-label=format!("Variable {label}") data-testid=testid prop:value=move || read(&get())
                on:input=move |ev| { let v = event_target_value(&ev); set(&|f| write(f, v.clone())); } /></label>
        }
    };
    let check = move |label: &'static str, read: fn(&VarForm) -> bool, write: fn(&mut VarForm, bool)| {
        view! {
            <label class="check"><input type="checkbox" aria-label=format!("Variable {label}") prop:checked=move || read(&get())
                on:change=move |ev| { let v = event_target_checked(&ev); set(&|f| write(f, v)); } />" "{label}</label>
        }
    };
    view! {
        <fieldset class="var-form" data-testid="var-form">
            <legend>{if index.is_some() { "Edit variable" } else { "New variable" }}</legend>
            {text("Name", "var-name", |f| f.name.clone(), |f, v| f.name = v)}
            {text("Label", "var-label", |f| f.label.clone(), |f, v| f.label = v)}
            <label>"Type "<select aria-label="Variable type" data-testid="var-kind" on:change=move |ev| { let v = event_target_value(&ev); set(&|f| f.kind = v.clone()); }>
                {KINDS.iter().map(|(id, label)| view! { <option value=*id selected=move || kind() == *id>{*label}</option> }).collect_view()}
            </select></label>
            <Show when=move || kind() == "query">
                <label>"Datasource "<select aria-label="Variable datasource" data-testid="var-datasource" on:change=move |ev| {
                    if let Some(k) = DatasourceKind::from_id(&event_target_value(&ev)) { set(&|f| f.datasource = k); }
                }>
                    {[DatasourceKind::Prometheus, DatasourceKind::Loki, DatasourceKind::Tempo].into_iter().map(|k| view! {
                        <option value=k.id() selected=move || get().datasource == k>{k.label()}</option>
                    }).collect_view()}
                </select></label>
                {text("Query", "var-query", |f| f.query.clone(), |f, v| f.query = v)}
                {text("Regex", "var-regex", |f| f.regex.clone(), |f, v| f.regex = v)}
            </Show>
            <Show when=move || kind() == "custom" || kind() == "interval">
                {text("Values", "var-values", |f| f.values.clone(), |f, v| f.values = v)}
            </Show>
            <Show when=move || kind() == "interval">
                {check("Auto option", |f| f.auto, |f, v| f.auto = v)}
                <Show when=move || get().auto>
                    {text("Auto steps", "var-auto-count", |f| f.auto_count.clone(), |f, v| f.auto_count = v)}
                    {text("Auto minimum", "var-auto-min", |f| f.auto_min.clone(), |f, v| f.auto_min = v)}
                </Show>
            </Show>
            <Show when=move || kind() == "textbox" || kind() == "constant">
                {text("Value", "var-value", |f| f.value.clone(), |f, v| f.value = v)}
            </Show>
            <Show when=move || matches!(kind().as_str(), "query" | "custom" | "interval")>
                <Show when=move || kind() != "interval">{check("Multi-value", |f| f.multi, |f, v| f.multi = v)}</Show>
                {check("Include All", |f| f.include_all, |f, v| f.include_all = v)}
                <Show when=move || get().include_all>{text("All value", "var-all-value", |f| f.all_value.clone(), |f, v| f.all_value = v)}</Show>
            </Show>
            {check("Hidden", |f| f.hidden, |f, v| f.hidden = v)}
            <p class="muted small">"Queries: label_values(metric, label), label_values(label), label_names(), query_result(expr), metrics(regex); Loki and Tempo: label_values(label). Use $other for a variable above this one."</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="var-error">{e}</p> })}
            <div class="toolbar">
                <button class="primary" data-testid="var-apply" on:click=move |_| on_apply.run(())>"Apply"</button>
                <button on:click=move |_| { error.set(None); form.set(None); }>"Cancel"</button>
            </div>
        </fieldset>
    }
}

/// The dashboard as its JSON file, editable; Apply reads it with the checked reader (same id).
#[component]
pub fn JsonModel(dash: RwSignal<Option<Dashboard>>, on_edit: Callback<Dashboard>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notices = RwSignal::new(Vec::<String>::new());
    let fill = move || text.set(dash.with_untracked(|d| d.as_ref().map(crate::dashboard::to_json).unwrap_or_default()));
    let on_toggle = move |ev: leptos::ev::Event| {
        let open = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).is_some_and(|e| e.has_attribute("open"));
        if open && error.get_untracked().is_none() {
            fill();
        }
    };
    let apply = move |_| {
        let Some(d) = dash.get_untracked() else { return };
        match apply_json_model(&d, &text.get_untracked()) {
            Ok((next, n)) => {
                error.set(None);
                notices.set(n);
                on_edit.run(next);
                fill();
            }
            Err(e) => error.set(Some(format!("Not applied: {e}"))),
        }
    };
    view! {
        <details class="dash-settings" data-testid="json-model" on:toggle=on_toggle>
            <summary>"JSON model"</summary>
            <textarea class="code" rows="16" spellcheck="false" aria-label="Dashboard JSON model" data-testid="json-model-text"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="json-model-error">{e}</p> })}
            {move || notices.get().into_iter().map(|n| view! { <p class="warning small">{n}</p> }).collect_view()}
            <div class="toolbar">
                <button class="primary" data-testid="json-model-apply" on:click=apply>"Apply"</button>
                <button on:click=move |_| { error.set(None); fill(); }>"Reset"</button>
            </div>
        </details>
    }
}
