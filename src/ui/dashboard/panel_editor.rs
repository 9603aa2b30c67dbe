//! A dashboard's panel editor: the panel's queries, thresholds, links and field settings, with a preview.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::dashboard::links::MAX_LINKS;
use crate::dashboard::{
    DatasourceKind, Link, Panel, PanelKind, PanelQuery, StatCalc,
};
use crate::ui::ctx::use_ctx;
use crate::ui::query_editor::QueryEditor;
use crate::ui::query_sources::backend_sources;
use crate::ui::panels::{PanelAction, PanelBox, PanelEnv};
use crate::view::dash::{self as dash_view};
use crate::ui::panels::field_editor::FieldConfigEditor;
use crate::view::panel_edit;
use crate::view::units::Unit;

/// One query of the panel editor, by index into the draft panel's queries. Its expression is edited in the
/// explore views' query editor, in the language of the query's datasource (highlighting, bracket and quote
/// checks, completion from that backend over the dashboard's range); Shift+Enter or Ctrl+Enter runs it in
/// the preview at once.
#[component]
fn QueryRow(draft: RwSignal<Panel>, index: usize, env: Signal<PanelEnv>, on_run: Callback<()>) -> impl IntoView {
    let ctx = use_ctx();
    let q = move || draft.with(|p| p.queries.get(index).cloned().unwrap_or_default());
    let set = move |f: &dyn Fn(&mut PanelQuery)| draft.update(|p| if let Some(q) = p.queries.get_mut(index) { f(q) });
    let id = q().ref_id;
    let datasource = Memo::new(move |_| draft.with(|p| p.queries.get(index).map(|q| q.datasource).unwrap_or_default()));
    let text = RwSignal::new(q().expr);
    Effect::new(move |_| {
        let v = text.get();
        if draft.with_untracked(|p| p.queries.get(index).is_some_and(|q| q.expr != v)) {
            set(&|q| q.expr = v.clone());
        }
    });
    let editor_label = format!("Query {id}");
    let editor = move || {
        let lang = dash_view::query_lang(datasource.get(), &ctx.ds.get());
        let sources = backend_sources(ctx, lang, move || env.with_untracked(|e| (e.from_ms, e.to_ms)), move || text.get_untracked());
        let hint = dash_view::query_hint(lang);
        let placeholder = format!("{hint} — Shift+Enter previews, Ctrl+Space completes");
        view! { <QueryEditor lang=lang value=text aria_label=editor_label.clone() placeholder=placeholder on_submit=on_run sources=sources/> }
    };
    view! {
        <fieldset class="query-row" data-testid="query-row" data-ref=id.clone()>
            <legend class="code">{id.clone()}</legend>
            <label>"Datasource "
                <select aria-label=format!("Query {id} datasource") on:change=move |ev| { if let Some(k) = DatasourceKind::from_id(&event_target_value(&ev)) { set(&|q| q.datasource = k); } }>
                    {DatasourceKind::ALL.iter().map(|k| view! { <option value=k.id() selected=move || q().datasource == *k>{k.label()}</option> }).collect_view()}
                </select>
            </label>
            {let id = id.clone(); move || {
                let choices = dash_view::source_choices(&ctx.ds.get(), datasource.get(), &env.with(|e| e.vars.clone()));
                (choices.len() > 1).then(|| view! {
                    <label>"Source "
                        <select aria-label=format!("Query {id} source") data-testid="query-source"
                            on:change=move |ev| { let v = event_target_value(&ev); set(&|q| q.source = v.clone()); }>
                            {choices.into_iter().map(|(v, label)| { let v2 = v.clone(); view! { <option value=v selected=move || q().source == v2>{label}</option> } }).collect_view()}
                        </select>
                    </label>
                })
            }}
            <label class="check"><input type="checkbox" aria-label=format!("Query {id} instant") prop:checked=move || q().instant
                on:change=move |ev| { let v = event_target_checked(&ev); set(&|q| q.instant = v); } />"Instant"</label>
            <label class="check"><input type="checkbox" aria-label=format!("Hide query {id}") prop:checked=move || q().hidden
                on:change=move |ev| { let v = event_target_checked(&ev); set(&|q| q.hidden = v); } />"Hide"</label>
            <button class="small" aria-label=format!("Remove query {id}") on:click=move |_| draft.update(|p| { dash_view::remove_query(p, index); })>"Remove"</button>
            <div class="wide query-expr"><span>"Query"</span>{editor}</div>
            <label>"Legend " <input aria-label=format!("Query {id} legend") placeholder="{{label}}" prop:value=move || q().legend
                on:input=move |ev| { let v = event_target_value(&ev); set(&|q| q.legend = v.clone()); } /></label>
        </fieldset>
    }
}

/// One threshold step in the panel editor: value (none for the base), colour with a swatch, remove.
#[component]
fn ThresholdRow(draft: RwSignal<Panel>, index: usize, field_error: RwSignal<Option<String>>) -> impl IntoView {
    let n = index + 1;
    let t = move || draft.with(|p| p.options.thresholds.get(index).cloned().unwrap_or_default());
    let set = move |f: &dyn Fn(&mut crate::dashboard::Threshold)| draft.update(|p| { if let Some(t) = p.options.thresholds.get_mut(index) { f(t); } });
    view! {
        <div class="threshold-row" role="group" aria-label=format!("Threshold {n}") data-testid="threshold-row">
            <span class="swatch" style=move || format!("background:{}", crate::view::stat::css_color(&t().color))></span>
            <input class="num" aria-label=format!("Threshold {n} value") placeholder="Base"
                prop:value=move || t().value.map(|v| v.to_string()).unwrap_or_default()
                on:change=move |ev| match panel_edit::parse_number_field(&format!("Threshold {n}"), &event_target_value(&ev)) {
                    Ok(v) => { field_error.set(None); set(&|t| t.value = v); }
                    Err(e) => field_error.set(Some(e)),
                } />
            <input aria-label=format!("Threshold {n} colour") placeholder="green, #e24d42" prop:value=move || t().color
                on:input=move |ev| { let v = event_target_value(&ev); set(&|t| t.color = v.clone()); } />
            <button class="small" aria-label=format!("Remove threshold {n}") on:click=move |_| draft.update(|p| { if index < p.options.thresholds.len() { p.options.thresholds.remove(index); } })>"Remove"</button>
        </div>
    }
}

/// One link in the panel editor: text, URL, new tab, remove.
#[component]
fn LinkRow(draft: RwSignal<Panel>, index: usize) -> impl IntoView {
    let n = index + 1;
    let l = move || draft.with(|p| p.links.get(index).cloned().unwrap_or_default());
    let set = move |f: &dyn Fn(&mut Link)| draft.update(|p| { if let Some(l) = p.links.get_mut(index) { f(l); } });
    view! {
        <div class="link-row" role="group" aria-label=format!("Link {n}") data-testid="link-row">
            <input aria-label=format!("Link {n} text") placeholder="Text" prop:value=move || l().title
                on:input=move |ev| { let v = event_target_value(&ev); set(&|l| l.title = v.clone()); } />
            <input class="wide" aria-label=format!("Link {n} URL") placeholder="https://… or #/logs?…&${__url_time_range}" prop:value=move || l().url
                on:input=move |ev| { let v = event_target_value(&ev); set(&|l| l.url = v.clone()); } />
            <label class="check"><input type="checkbox" aria-label=format!("Link {n} new tab") prop:checked=move || l().new_tab
                on:change=move |ev| { let v = event_target_checked(&ev); set(&|l| l.new_tab = v); } />"New tab"</label>
            <button class="small" aria-label=format!("Remove link {n}") on:click=move |_| draft.update(|p| { if index < p.links.len() { p.links.remove(index); } })>"Remove"</button>
        </div>
    }
}

/// The panel editor: title, description, kind, its queries (A, B, … each with datasource, expression,
/// legend, instant and hide; added and removed), unit, calculation, text, links. Cancel leaves the panel as
/// it was; Apply refuses links that are not http(s) or relative.
#[component]
pub(super) fn PanelEditor(panel: Panel, env: Signal<PanelEnv>, on_close: Callback<Option<Panel>>) -> impl IntoView {
    let draft = RwSignal::new(panel.clone());
    // Live preview: the draft, drawn with the dashboard's time range and variables, half a second after the
    // last change (at once on Shift+Enter or Ctrl+Enter in a query).
    let preview = RwSignal::new(panel.clone());
    let run_now = Callback::new(move |_| preview.set(draft.get_untracked()));
    let count = Memo::new(move |_| draft.with(|p| p.queries.len()));
    let query_rows = move || (0..count.get()).map(|i| view! { <QueryRow draft=draft index=i env=env on_run=run_now/> }).collect_view();
    let link_count = Memo::new(move |_| draft.with(|p| p.links.len()));
    let link_rows = move || (0..link_count.get()).map(|i| view! { <LinkRow draft=draft index=i/> }).collect_view();
    let error = RwSignal::new(None::<String>);
    // A number field that does not parse keeps its message until it is fixed.
    let field_error = RwSignal::new(None::<String>);
    let apply = move |_| {
        if let Some(e) = field_error.get_untracked() {
            error.set(Some(e));
            return;
        }
        let mut p = draft.get_untracked();
        panel_edit::sort_thresholds(&mut p.options.thresholds);
        match panel_edit::check_panel(&p) {
            Ok(()) => on_close.run(Some(p)),
            Err(e) => error.set(Some(e)),
        }
    };
    let number = move |label: &'static str, get: fn(&Panel) -> Option<f64>, put: fn(&mut Panel, Option<f64>)| {
        view! {
            <label>{label}" " <input class="num" inputmode="decimal" aria-label=format!("Panel {}", label.to_lowercase())
                prop:value=move || draft.with(|p| get(p).map(|v| v.to_string()).unwrap_or_default())
                on:change=move |ev| match panel_edit::parse_number_field(label, &event_target_value(&ev)) {
                    Ok(v) => { field_error.set(None); draft.update(|p| put(p, v)); }
                    Err(e) => field_error.set(Some(e)),
                } /></label>
        }
    };
    let threshold_count = Memo::new(move |_| draft.with(|p| p.options.thresholds.len()));
    let threshold_rows = move || (0..threshold_count.get()).map(|i| view! { <ThresholdRow draft=draft index=i field_error=field_error/> }).collect_view();
    let generation = StoredValue::new(0u32);
    Effect::new(move |first: Option<()>| {
        let p = draft.get();
        if first.is_none() {
            return;
        }
        // An edit makes Apply's last complaint stale.
        error.set(None);
        generation.update_value(|g| *g = g.wrapping_add(1));
        let mine = generation.get_value();
        // The editor may be closed by then: its values are gone, so only try.
        set_timeout(
            move || {
                if generation.try_get_value() == Some(mine) {
                    preview.try_set(p);
                }
            },
            std::time::Duration::from_millis(500),
        );
    });
    view! {
        <div class="panel-editor" role="dialog" aria-label="Edit panel" data-testid="panel-editor">
            <h2>{format!("Edit panel {}", panel.id)}</h2>
            <label>"Title " <input aria-label="Panel title" prop:value=move || draft.with(|p| p.title.clone())
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|p| p.title = v); } /></label>
            <label>"Description " <input aria-label="Panel description" prop:value=move || draft.with(|p| p.description.clone())
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|p| p.description = v); } /></label>
            <label>"Kind "
                <select aria-label="Panel kind" on:change=move |ev| { if let Some(k) = PanelKind::from_id(&event_target_value(&ev)) { draft.update(|p| p.kind = k); } }>
                    {PanelKind::ALL.iter().filter(|k| **k != PanelKind::Row).map(|k| view! { <option value=k.id() selected=*k == panel.kind>{k.label()}</option> }).collect_view()}
                </select>
            </label>
            <Show when=move || draft.with(|p| p.kind.has_queries())>
                <div class="wide panel-queries" role="group" aria-label="Queries">
                    {query_rows}
                    <button class="small" data-testid="query-add" disabled=move || { count.get() >= dash_view::MAX_QUERIES }
                        on:click=move |_| draft.update(|p| { dash_view::add_query(p); })>"Add query"</button>
                </div>
            <label>"Unit "
                    <select aria-label="Panel unit" on:change=move |ev| { let v = event_target_value(&ev); draft.update(|p| p.options.unit = (!v.is_empty()).then_some(v)); }>
                        <option value="" selected=panel.options.unit.is_none()>"Auto"</option>
                        {Unit::ALL.iter().map(|u| view! { <option value=u.id() selected=panel.options.unit.as_deref() == Some(u.id())>{u.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Calculation "
                    <select aria-label="Stat calculation" on:change=move |ev| { if let Some(c) = StatCalc::from_id(&event_target_value(&ev)) { draft.update(|p| p.options.calc = c); } }>
                        {StatCalc::ALL.iter().map(|c| view! { <option value=c.id() selected=*c == panel.options.calc>{c.id()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check"><input type="checkbox" aria-label="Logarithmic scale" prop:checked=panel.options.log_scale
                    on:change=move |ev| { let v = event_target_checked(&ev); draft.update(|p| p.options.log_scale = v); } />"Log scale"</label>
                <label>"Relative time " <input class="num" aria-label="Panel relative time" placeholder="1h, now/d"
                    prop:value=move || draft.with(|p| p.time_from.clone().unwrap_or_default())
                    on:change=move |ev| match panel_edit::parse_time_from(&event_target_value(&ev)) {
                        Ok(v) => { field_error.set(None); draft.update(|p| p.time_from = v); }
                        Err(e) => field_error.set(Some(e)),
                    } /></label>
                <label>"Time shift " <input class="num" aria-label="Panel time shift" placeholder="1h, 1d/d"
                    prop:value=move || draft.with(|p| p.time_shift.clone().unwrap_or_default())
                    on:change=move |ev| match panel_edit::parse_time_shift(&event_target_value(&ev)) {
                        Ok(v) => { field_error.set(None); draft.update(|p| p.time_shift = v); }
                        Err(e) => field_error.set(Some(e)),
                    } /></label>
                <label class="check"><input type="checkbox" aria-label="Hide time info" prop:checked=panel.hide_time_override
                    on:change=move |ev| { let v = event_target_checked(&ev); draft.update(|p| p.hide_time_override = v); } />"Hide time info"</label>
            </Show>
            <Show when=move || draft.with(|p| p.kind == PanelKind::Text)>
                <label class="wide">"Text (markdown) " <textarea rows="6" aria-label="Panel text" prop:value=move || draft.with(|p| p.options.content.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|p| p.options.content = v); }></textarea></label>
            </Show>
            <Show when=move || draft.with(|p| matches!(p.kind, PanelKind::TimeSeries | PanelKind::Stat | PanelKind::Table | PanelKind::Heatmap))>
                <label>"Decimals " <input class="num" inputmode="numeric" aria-label="Panel decimals"
                    prop:value=move || draft.with(|p| p.options.decimals.map(|d| d.to_string()).unwrap_or_default())
                    on:change=move |ev| match panel_edit::parse_decimals(&event_target_value(&ev)) {
                        Ok(v) => { field_error.set(None); draft.update(|p| p.options.decimals = v); }
                        Err(e) => field_error.set(Some(e)),
                    } /></label>
                {number("Min", |p| p.options.min, |p, v| p.options.min = v)}
                {number("Max", |p| p.options.max, |p, v| p.options.max = v)}
                <Show when=move || draft.with(|p| p.kind == PanelKind::TimeSeries)>
                    {number("Soft min", |p| p.options.soft_min, |p, v| p.options.soft_min = v)}
                    {number("Soft max", |p| p.options.soft_max, |p, v| p.options.soft_max = v)}
                </Show>
                <label>"No value " <input aria-label="Panel no value" placeholder="No data"
                    prop:value=move || draft.with(|p| p.options.no_value.clone().unwrap_or_default())
                    on:change=move |ev| { let v = event_target_value(&ev); draft.update(|p| p.options.no_value = (!v.is_empty()).then_some(v)); } /></label>
                <Show when=move || draft.with(|p| p.kind == PanelKind::Heatmap)>
                    {number("Colour min", |p| p.options.color_min, |p, v| p.options.color_min = v)}
                    {number("Colour max", |p| p.options.color_max, |p, v| p.options.color_max = v)}
                </Show>
                <div class="wide panel-thresholds" role="group" aria-label="Thresholds">
                    <span class="muted small">"Thresholds (stat and table colours, time-series lines or bands; the base colour applies below the first value)"</span>
                    {threshold_rows}
                    <button class="small" data-testid="threshold-add" on:click=move |_| draft.update(|p| panel_edit::add_threshold(&mut p.options.thresholds))>"Add threshold"</button>
                </div>
                <FieldConfigEditor draft=draft field_error=field_error/>
            </Show>
            <div class="wide panel-links" role="group" aria-label="Links">
                <span class="muted small">"Links (http(s) or relative; $variables and ${__url_time_range} are filled in)"</span>
                {link_rows}
                <button class="small" data-testid="link-add" disabled=move || { link_count.get() >= MAX_LINKS }
                    on:click=move |_| draft.update(|p| p.links.push(Link::default()))>"Add link"</button>
            </div>
            {move || field_error.get().or_else(|| error.get()).map(|e| view! { <p class="error wide" role="alert" data-testid="panel-editor-error">{e}</p> })}
            <div class="wide panel-preview" data-testid="panel-preview" aria-label="Preview">
                <span class="muted small">"Preview"</span>
                {move || {
                    let p = preview.get();
                    view! {
                        <PanelBox panel=p env=env width_px=Signal::derive(|| 640) on_zoom=Callback::new(|_: (i64, i64)| {})
                            collected=RwSignal::new(BTreeMap::new()) editing=Signal::derive(|| false) on_action=Callback::new(|_: PanelAction| {})/>
                    }
                }}
            </div>
            <div class="editor-actions">
                <button class="primary" on:click=apply data-testid="panel-apply">"Apply"</button>
                <button on:click=move |_| on_close.run(None)>"Cancel"</button>
            </div>
        </div>
    }
}
