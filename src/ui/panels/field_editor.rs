//! The panel editor's field config: how thresholds are drawn on a time series, value mappings (value, range,
//! regex, special → text and colour) and field overrides (by name, regex, query or type → display name,
//! unit, decimals, colour, what the series is hidden from, where its axis goes and how it is drawn), each
//! added and removed in place; a time series' default hiding, axis placement and draw style. The rules are
//! `view::panel_edit`.

use leptos::prelude::*;

use crate::dashboard::series_draw::MAX_LINE_WIDTH;
use crate::dashboard::{AxisPlacement, FieldOverride, HideFrom, LineFill, MappingKind, Panel, PanelKind, SeriesDraw, StackMode, ThresholdsStyle, Transform, ValueMapping, SPECIAL_VALUES};
use crate::view::panel_edit::{self, DrawField, OverrideMatch};
use crate::view::stat::css_color;
use crate::view::units::Unit;

/// A text field: empty is "not set".
fn opt(v: String) -> Option<String> {
    (!v.trim().is_empty()).then_some(v)
}

/// Checkboxes hiding a series from the legend, the tooltip and the plot (`what`: the label's prefix).
#[component]
fn HideChecks(what: String, get: Signal<Option<HideFrom>>, set: Callback<Option<HideFrom>>) -> impl IntoView {
    panel_edit::HIDE_TARGETS
        .iter()
        .map(|(key, label)| {
            let key = *key;
            view! {
                <label class="check"><input type="checkbox" aria-label=format!("{what} hidden from the {label}")
                    prop:checked=move || get.get().is_some_and(|h| panel_edit::is_hidden(h, key))
                    on:change=move |ev| set.run(panel_edit::set_hidden(get.get_untracked(), key, event_target_checked(&ev))) />{format!("no {label}")}</label>
            }
        })
        .collect_view()
}

/// A select of axis placements; `panel` names the first option "panel's" (an override's None).
#[component]
fn PlacementSelect(label: String, get: Signal<Option<AxisPlacement>>, set: Callback<Option<AxisPlacement>>, panel: bool) -> impl IntoView {
    view! {
        <select aria-label=label on:change=move |ev| set.run(AxisPlacement::from_id(&event_target_value(&ev)))>
            {panel.then(|| view! { <option value="" selected=move || get.get().is_none()>"Axis: panel's"</option> })}
            {AxisPlacement::ALL.iter().map(|a| view! { <option value=a.id() selected=move || get.get() == Some(*a)>{format!("Axis: {}", a.id())}</option> }).collect_view()}
        </select>
    }
}

/// A series' draw style: transform, fill opacity, line width and line style, and with `stacking` its lines,
/// points or bars and its stack (mode and group: an override's; a panel's own are its style and Stacked) (`what`: the labels' prefix;
/// `unset`: what an empty choice means, "panel's" or "default").
#[component]
fn DrawControls(what: String, get: Signal<SeriesDraw>, set: Callback<SeriesDraw>, unset: &'static str, #[prop(optional)] stacking: bool) -> impl IntoView {
    let text = move |f: DrawField| get.with(|d| panel_edit::draw_text(d, f));
    let put = move |f: DrawField, v: String| set.run(panel_edit::set_draw(&get.get_untracked(), f, &v));
    let choice = move |f: DrawField, label: String, ids: Vec<&'static str>| {
        view! {
            <select aria-label=label on:change=move |ev| put(f, event_target_value(&ev))>
                <option value="" selected=move || text(f).is_empty()>{unset}</option>
                {ids.into_iter().map(|id| view! { <option value=id selected=move || text(f) == id>{id}</option> }).collect_view()}
            </select>
        }
    };
    let number = move |f: DrawField, label: String, hint: &'static str, max: u8| {
        view! {
            <input type="number" min="0" max=max.to_string() style="width:5.5em" aria-label=label placeholder=hint prop:value=move || text(f)
                on:change=move |ev| put(f, event_target_value(&ev)) />
        }
    };
    view! {
        {choice(DrawField::Transform, format!("{what} transform"), Transform::ALL.iter().map(|t| t.id()).collect())}
        {number(DrawField::FillOpacity, format!("{what} fill opacity"), "fill %", 100)}
        {number(DrawField::LineWidth, format!("{what} line width"), "line px", MAX_LINE_WIDTH)}
        {choice(DrawField::LineStyle, format!("{what} line style"), LineFill::ALL.iter().map(|l| l.id()).collect())}
        {stacking.then(|| view! {
            {choice(DrawField::DrawStyle, format!("{what} draw style"), ["lines", "points", "bars"].to_vec())}
            {choice(DrawField::StackMode, format!("{what} stacking"), StackMode::ALL.iter().map(|m| m.id()).collect())}
            <input style="width:5.5em" aria-label=format!("{what} stack group") placeholder="group" prop:value=move || text(DrawField::StackGroup)
                on:change=move |ev| put(DrawField::StackGroup, event_target_value(&ev)) />
        })}
    }
}

/// One value mapping: kind, what it matches (a value, a range or a pattern), its text and colour, remove.
#[component]
fn MappingRow(draft: RwSignal<Panel>, index: usize, field_error: RwSignal<Option<String>>) -> impl IntoView {
    let n = index + 1;
    let m = move || draft.with(|p| p.options.mappings.get(index).cloned());
    let set = move |f: &dyn Fn(&mut ValueMapping)| draft.update(|p| { if let Some(m) = p.options.mappings.get_mut(index) { f(m); } });
    let kind = move || m().map(|m| m.kind).unwrap_or(MappingKind::Value);
    let bound = move |label: &'static str, get: fn(&ValueMapping) -> Option<f64>, put: fn(&mut ValueMapping, Option<f64>)| view! {
        <input class="num" aria-label=format!("Mapping {n} {}", label.to_lowercase()) placeholder=label
            prop:value=move || m().and_then(|m| get(&m)).map(|v| v.to_string()).unwrap_or_default()
            on:change=move |ev| match panel_edit::parse_number_field(&format!("Mapping {n} {label}"), &event_target_value(&ev)) {
                Ok(v) => { field_error.set(None); set(&|m| put(m, v)); }
                Err(e) => field_error.set(Some(e)),
            } />
    };
    view! {
        <div class="threshold-row mapping-row" role="group" aria-label=format!("Mapping {n}") data-testid="mapping-row">
            <select aria-label=format!("Mapping {n} kind") on:change=move |ev| {
                if let Some(k) = MappingKind::from_id(&event_target_value(&ev)) { set(&|m| panel_edit::set_mapping_kind(m, k)); }
            }>
                {MappingKind::ALL.iter().map(|k| view! { <option value=k.id() selected=move || kind() == *k>{k.id()}</option> }).collect_view()}
            </select>
            {move || match kind() {
                MappingKind::Range => view! { {bound("From", |m| m.from, |m, v| m.from = v)}{bound("To", |m| m.to, |m, v| m.to = v)} }.into_any(),
                MappingKind::Special => view! {
                    <select aria-label=format!("Mapping {n} special value") on:change=move |ev| { let v = event_target_value(&ev); set(&|m| m.value = v.clone()); }>
                        {SPECIAL_VALUES.iter().map(|s| view! { <option value=*s selected=move || m().is_some_and(|m| m.value == *s)>{*s}</option> }).collect_view()}
                    </select>
                }.into_any(),
                k => view! {
                    <input aria-label=format!("Mapping {n} value") placeholder=if k == MappingKind::Regex { "regex" } else { "value" }
                        prop:value=move || m().map(|m| m.value).unwrap_or_default()
                        on:input=move |ev| { let v = event_target_value(&ev); set(&|m| m.value = v.clone()); } />
                }.into_any(),
            }}
            "→"
            <input aria-label=format!("Mapping {n} text") placeholder="Text" prop:value=move || m().map(|m| m.text).unwrap_or_default()
                on:input=move |ev| { let v = event_target_value(&ev); set(&|m| m.text = v.clone()); } />
            <span class="swatch" style=move || m().and_then(|m| m.color).map(|c| format!("background:{}", css_color(&c))).unwrap_or_default()></span>
            <input aria-label=format!("Mapping {n} colour") placeholder="colour" prop:value=move || m().and_then(|m| m.color).unwrap_or_default()
                on:input=move |ev| { let v = opt(event_target_value(&ev)); set(&|m| m.color = v.clone()); } />
            <button class="small" aria-label=format!("Remove mapping {n}")
                on:click=move |_| draft.update(|p| { if index < p.options.mappings.len() { p.options.mappings.remove(index); } })>"Remove"</button>
        </div>
    }
}

/// One field override: what it matches, display name, unit, colour, remove.
#[component]
fn OverrideRow(draft: RwSignal<Panel>, index: usize) -> impl IntoView {
    let n = index + 1;
    let o = move || draft.with(|p| p.options.overrides.get(index).cloned().unwrap_or_default());
    let set = move |f: &dyn Fn(&mut FieldOverride)| draft.update(|p| { if let Some(o) = p.options.overrides.get_mut(index) { f(o); } });
    let by = move || panel_edit::override_match(&o());
    view! {
        <div class="threshold-row override-row" role="group" aria-label=format!("Override {n}") data-testid="override-row">
            <select aria-label=format!("Override {n} matches") on:change=move |ev| {
                if let Some(b) = OverrideMatch::from_id(&event_target_value(&ev)) { let text = by().1; set(&|o| panel_edit::set_override_match(o, b, &text)); }
            }>
                {OverrideMatch::ALL.iter().map(|b| view! { <option value=b.id() selected=move || by().0 == *b>{b.label()}</option> }).collect_view()}
            </select>
            <input aria-label=format!("Override {n} match") placeholder="name, regex, A or number" prop:value=move || by().1
                on:input=move |ev| { let v = event_target_value(&ev); let b = by().0; set(&|o| panel_edit::set_override_match(o, b, &v)); } />
            <input aria-label=format!("Override {n} display name") placeholder="Display name" prop:value=move || o().display_name.unwrap_or_default()
                on:input=move |ev| { let v = opt(event_target_value(&ev)); set(&|o| o.display_name = v.clone()); } />
            <select aria-label=format!("Override {n} unit") on:change=move |ev| { let v = opt(event_target_value(&ev)); set(&|o| o.unit = v.clone()); }>
                <option value="" selected=move || o().unit.is_none()>"Unit: panel's"</option>
                {Unit::ALL.iter().map(|u| view! { <option value=u.id() selected=move || o().unit.as_deref() == Some(u.id())>{u.label()}</option> }).collect_view()}
            </select>
            <span class="swatch" style=move || o().color.map(|c| format!("background:{}", css_color(&c))).unwrap_or_default()></span>
            <input aria-label=format!("Override {n} colour") placeholder="colour" prop:value=move || o().color.unwrap_or_default()
                on:input=move |ev| { let v = opt(event_target_value(&ev)); set(&|o| o.color = v.clone()); } />
            <Show when=move || draft.with(|p| p.kind == PanelKind::TimeSeries)>
                <PlacementSelect label=format!("Override {n} axis") get=Signal::derive(move || o().axis_placement)
                    set=Callback::new(move |v| set(&|o| o.axis_placement = v)) panel=true/>
                <HideChecks what=format!("Override {n}") get=Signal::derive(move || o().hide_from)
                    set=Callback::new(move |v| set(&|o| o.hide_from = v))/>
                <DrawControls what=format!("Override {n}") get=Signal::derive(move || o().draw)
                    set=Callback::new(move |v: SeriesDraw| set(&|o| o.draw = v.clone())) unset="panel's" stacking=true/>
            </Show>
            <button class="small" aria-label=format!("Remove override {n}")
                on:click=move |_| draft.update(|p| { if index < p.options.overrides.len() { p.options.overrides.remove(index); } })>"Remove"</button>
        </div>
    }
}

/// The field config part of the panel editor (time series, stat, table and heatmap panels).
#[component]
pub fn FieldConfigEditor(draft: RwSignal<Panel>, field_error: RwSignal<Option<String>>) -> impl IntoView {
    let mapping_count = Memo::new(move |_| draft.with(|p| p.options.mappings.len()));
    let override_count = Memo::new(move |_| draft.with(|p| p.options.overrides.len()));
    let style = move || draft.with(|p| p.options.thresholds_style);
    view! {
        <Show when=move || draft.with(|p| p.kind == PanelKind::TimeSeries)>
            <label>"Thresholds drawn as "
                <select aria-label="Thresholds style" on:change=move |ev| {
                    if let Some(s) = ThresholdsStyle::from_id(&event_target_value(&ev)) { draft.update(|p| p.options.thresholds_style = s); }
                }>
                    {ThresholdsStyle::ALL.iter().map(|s| view! { <option value=s.id() selected=move || style() == *s>{s.id()}</option> }).collect_view()}
                </select>
            </label>
            <label class="check"><input type="checkbox" aria-label="Thresholds in percent" prop:checked=move || draft.with(|p| p.options.thresholds_percent)
                on:change=move |ev| { let v = event_target_checked(&ev); draft.update(|p| p.options.thresholds_percent = v); } />"Percent of min..max"</label>
            <span class="series-defaults" role="group" aria-label="Every series">
                <PlacementSelect label="Series axis".to_string() get=Signal::derive(move || draft.with(|p| Some(p.options.axis_placement)))
                    set=Callback::new(move |v: Option<AxisPlacement>| draft.update(|p| p.options.axis_placement = v.unwrap_or_default())) panel=false/>
                <HideChecks what="Every series".to_string() get=Signal::derive(move || draft.with(|p| Some(p.options.hide_from)))
                    set=Callback::new(move |v: Option<HideFrom>| draft.update(|p| p.options.hide_from = v.unwrap_or_default()))/>
                <DrawControls what="Every series".to_string() get=Signal::derive(move || draft.with(|p| p.options.series_draw.clone()))
                    set=Callback::new(move |v: SeriesDraw| draft.update(|p| p.options.series_draw = v)) unset="default"/>
            </span>
        </Show>
        <div class="wide panel-thresholds panel-mappings" role="group" aria-label="Value mappings">
            <span class="muted small">"Value mappings (the first that matches shows its text and colour)"</span>
            {move || (0..mapping_count.get()).map(|i| view! { <MappingRow draft=draft index=i field_error=field_error/> }).collect_view()}
            <button class="small" data-testid="mapping-add" on:click=move |_| draft.update(|p| panel_edit::add_mapping(&mut p.options.mappings))>"Add mapping"</button>
        </div>
        <div class="wide panel-thresholds panel-overrides" role="group" aria-label="Field overrides">
            <span class="muted small">"Overrides (later ones win; stat and time-series panels; axis, hiding and draw style in time series)"</span>
            {move || (0..override_count.get()).map(|i| view! { <OverrideRow draft=draft index=i/> }).collect_view()}
            <button class="small" data-testid="override-add" on:click=move |_| draft.update(|p| p.options.overrides.push(FieldOverride::default()))>"Add override"</button>
        </div>
    }
}
