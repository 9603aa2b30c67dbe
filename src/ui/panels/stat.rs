//! Stat panel body: one big number per series (reduced by the panel's calculation), coloured by its
//! thresholds, with a small sparkline.

use std::sync::Arc;

use leptos::prelude::*;

use super::timeseries::panel_unit;
use super::PanelResult;
use crate::dashboard::Panel;
use crate::view::stat::{reduce, sparkline_path, threshold_color};

const MAX_SHOWN: usize = 24;

#[component]
pub fn StatBody(panel: Panel, result: Arc<PanelResult>) -> impl IntoView {
    let unit = panel_unit(&panel);
    let many = result.series.len() > 1;
    let items = result
        .series
        .iter()
        .take(MAX_SHOWN)
        .map(|(_, s, legend)| {
            let v = reduce(&s.points, panel.options.calc);
            let text = v.map(|v| match panel.options.decimals {
                Some(d) if unit == crate::view::units::Unit::None && v.is_finite() => format!("{v:.*}", usize::from(d.min(10))),
                _ => unit.format(v),
            });
            let color = v.and_then(|v| threshold_color(v, &panel.options.thresholds));
            let path = sparkline_path(&s.points, 100.0, 30.0, 120);
            let name = if legend.trim().is_empty() { crate::backends::prometheus::legend::series_name(&s.labels) } else { legend.clone() };
            let style = color.map(|c| format!("color:{c}")).unwrap_or_default();
            view! {
                <div class="stat" data-testid="stat-value" data-value=v.map(|v| v.to_string()).unwrap_or_default()>
                    {many.then(|| view! { <div class="stat-name muted">{name.clone()}</div> })}
                    <div class="stat-number" style=style>{text.unwrap_or_else(|| "—".to_string())}</div>
                    {(!path.is_empty()).then(|| view! {
                        <svg class="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true"><path d=path></path></svg>
                    })}
                </div>
            }
        })
        .collect_view();
    let more = (result.series.len() > MAX_SHOWN).then(|| view! { <p class="muted small">{format!("{} more series not shown", result.series.len() - MAX_SHOWN)}</p> });
    view! { <div class="stats">{items}</div>{more} }
}
