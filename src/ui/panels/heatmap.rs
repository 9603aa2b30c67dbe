//! Heatmap panel body: the panel's histogram buckets (`le` series) as a heatmap; its unit is the unit of the
//! buckets (Grafana's heatmap y axis), else guessed from the `…_bucket` metric of its first query; its field
//! overrides name the counts and set their unit and decimals (`view::heatmap_fields`), its value mappings
//! name them in the cell tips; its colour min/max clamp the colour scale.

use std::sync::Arc;

use leptos::prelude::*;

use super::PanelResult;
use crate::dashboard::Panel;
use crate::lang::promql_build::{histogram_counts_unit, native_counts_unit};
use crate::ui::heatmap_chart::{HeatmapChart, HeatmapData};
use crate::ui::stat_list::{overrides_regex, series_label};
use crate::view::heatmap::bucket_unit;
use crate::view::heatmap_fields::count_format;
use crate::view::units::Unit;

#[component]
pub fn HeatmapBody(panel: Panel, result: Arc<PanelResult>, on_zoom: Callback<(i64, i64)>) -> impl IntoView {
    let expr = result.queries.first().map(|q| q.expr.clone()).unwrap_or_default();
    let o = &panel.options;
    let names: Vec<(String, String)> = result.series.iter().map(|(r, s, l)| (r.clone(), series_label(s, l))).collect();
    let counts = histogram_counts_unit(&expr).unwrap_or_else(|| native_counts_unit(&expr));
    let data = HeatmapData {
        series: result.series.iter().map(|(_, s, _)| s.clone()).collect(),
        start_ms: result.start_ms,
        end_ms: result.end_ms,
        bucket_unit: o.unit.as_deref().and_then(Unit::from_id).unwrap_or_else(|| bucket_unit(&expr)),
        count: count_format(&names, &o.overrides, counts, &overrides_regex(&o.overrides)),
        mappings: o.mappings.clone(),
        color_min: o.color_min,
        color_max: o.color_max,
    };
    view! { <HeatmapChart data=Signal::derive(move || data.clone()) on_zoom=on_zoom label=panel.title.clone() compact=true/> }
}
