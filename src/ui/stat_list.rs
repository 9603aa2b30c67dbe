//! Big numbers, one per series (reduced by a calculation), coloured by thresholds, with a sparkline: the
//! stat panel's body and Explore's stat visualisation. The maths is `view::stat`.

use leptos::prelude::*;

use crate::backends::prometheus::legend::series_name;
use crate::dashboard::{FieldOverride, StatCalc, Threshold, ValueMapping};
use crate::telemetry::Series;
use crate::view::stat::{readable_on, reduce, sparkline_path, threshold_color, DARK_BACKGROUND, LIGHT_BACKGROUND};
use crate::view::mapping::{map_value, Mapped};
use crate::view::overrides::{field_display, value_text, FieldDisplay};
use crate::view::units::Unit;

pub const MAX_SHOWN: usize = 24;

/// A panel's value mappings as one function of a value (`view::mapping::map_value`), their regular
/// expressions compiled once by the browser's engine (one that does not compile matches nothing).
pub fn mapper(mappings: Vec<ValueMapping>) -> impl Fn(Option<f64>) -> Option<Mapped> + Clone + 'static {
    use crate::dashboard::MappingKind;
    let engines: Vec<_> = mappings
        .iter()
        .map(|m| (m.kind == MappingKind::Regex).then(|| crate::browser::regex::compile(&m.value, true).ok()).flatten())
        .collect();
    let engines = std::sync::Arc::new(engines);
    let mappings = std::sync::Arc::new(mappings);
    move |v| {
        if mappings.is_empty() {
            return None;
        }
        map_value(v, &mappings, &|i, text| engines.get(i).and_then(|e| e.as_ref()).is_some_and(|e| e.is_match(text)))
    }
}

/// Whether override `i`'s regular expression matches a name, by the browser's engine (compiled once; one that
/// does not compile matches nothing).
pub fn overrides_regex(overrides: &[FieldOverride]) -> impl Fn(usize, &str) -> bool {
    let engines: Vec<_> = overrides.iter().map(|o| (!o.regex.is_empty()).then(|| crate::browser::regex::compile(&o.regex, true).ok()).flatten()).collect();
    move |i, text| engines.get(i).and_then(|e| e.as_ref()).is_some_and(|e| e.is_match(text))
}

/// A series' name as overrides match it: its legend, or its labels when the legend is blank.
pub fn series_label(s: &Series, legend: &str) -> String {
    if legend.trim().is_empty() { series_name(&s.labels) } else { legend.to_string() }
}

/// A panel's field overrides as one function of a series name and query (`view::overrides::field_display`).
fn overrider(overrides: Vec<FieldOverride>) -> impl Fn(&str, &str) -> FieldDisplay {
    let regex = overrides_regex(&overrides);
    move |name, ref_id| field_display(name, ref_id, &overrides, &regex)
}

/// `items`: each series with its legend (blank = its labels).
#[component]
pub fn StatList(
    items: Vec<(Series, String)>,
    unit: Unit,
    calc: StatCalc,
    #[prop(optional)] thresholds: Vec<Threshold>,
    /// Value mappings: a matched value shows the mapping's text and colour.
    #[prop(optional)]
    mappings: Vec<ValueMapping>,
    /// Field overrides: a series' name, unit, decimals and colour.
    #[prop(optional)]
    overrides: Vec<FieldOverride>,
    /// Per item: the ref id of its query (overrides by query match it).
    #[prop(optional)]
    refs: Vec<String>,
    decimals: Option<u8>,
) -> impl IntoView {
    let mapped = mapper(mappings);
    let field = overrider(overrides);
    // Threshold colours as text, readable on the theme's background (and again when the theme changes).
    let dark = crate::ui::ctx::use_ctx().dark;
    let many = items.len() > 1;
    let total = items.len();
    let shown = items
        .into_iter()
        .take(MAX_SHOWN)
        .enumerate()
        .map(|(k, (s, legend))| {
            let v = reduce(&s.points, calc);
            let f = field(&series_label(&s, &legend), refs.get(k).map(String::as_str).unwrap_or(""));
            let unit = f.unit.as_deref().and_then(Unit::from_id).unwrap_or(unit);
            let decimals = f.decimals.or(decimals);
            let name = f.name;
            let hit = mapped(v);
            let text = match (v, &hit) {
                (Some(v), _) => Some(value_text(v, unit, decimals, hit.as_ref())),
                (None, Some(m)) => m.text.clone().filter(|t| !t.is_empty()),
                (None, None) => None,
            };
            // A mapping's colour, else an override's, else the thresholds'.
            let color = hit.as_ref().and_then(|m| m.color.clone()).or(f.color).or_else(|| v.and_then(|v| threshold_color(v, &thresholds)));
            let mapped_attr = hit.is_some().then_some("true");
            let path = sparkline_path(&s.points, 100.0, 30.0, 120);
            let color_attr = color.clone();
            let style = move || {
                let background = if dark.get() { DARK_BACKGROUND } else { LIGHT_BACKGROUND };
                color.as_ref().map(|c| format!("color:{}", readable_on(c, background))).unwrap_or_default()
            };
            view! {
                <div class="stat" data-testid="stat-value" data-value=v.map(|v| v.to_string()).unwrap_or_default() data-name=name.clone()>
                    {many.then(|| view! { <div class="stat-name muted">{name.clone()}</div> })}
                    <div class="stat-number" style=style data-color=color_attr.unwrap_or_default() data-mapped=mapped_attr>{text.unwrap_or_else(|| "—".to_string())}</div>
                    {(!path.is_empty()).then(|| view! {
                        <svg class="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true"><path d=path></path></svg>
                    })}
                </div>
            }
        })
        .collect_view();
    let more = (total > MAX_SHOWN).then(|| view! { <p class="muted small">{format!("{} more series not shown", total - MAX_SHOWN)}</p> });
    view! { <div class="stats">{shown}</div>{more} }
}
