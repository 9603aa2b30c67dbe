//! Time-series panel body: the shared chart with the panel's legend, unit, style and log scale, its field
//! overrides, value mappings (in the hover tip), thresholds and value-axis bounds (min/max, soft min/max).

use std::sync::Arc;

use leptos::prelude::*;

use super::PanelResult;
use crate::chart::axis_range::AxisBounds;
use crate::chart::timeseries::DrawStyle;
use crate::dashboard::{Panel, SeriesStyle};
use crate::ui::chart_canvas::{ChartData, TimeSeriesChart};
use crate::ui::stat_list::{overrides_regex, series_label};
use crate::view::series_fields::{series_fields, threshold_marks};
use crate::view::units::{guess_unit, Unit};

/// The unit of a panel: its `unit` option when known, else a guess from the first query.
pub fn panel_unit(panel: &Panel) -> Unit {
    panel.options.unit.as_deref().and_then(Unit::from_id).unwrap_or_else(|| query_unit(panel.queries.first().map(|q| q.expr.as_str()).unwrap_or("")))
}

/// The unit guessed from one query of a panel.
fn query_unit(expr: &str) -> Unit {
    if expr.contains("rate(") && expr.contains("_total") {
        Unit::PerSecond
    } else {
        guess_unit(expr, "")
    }
}

#[component]
pub fn TimeSeriesBody(panel: Panel, result: Arc<PanelResult>, on_zoom: Callback<(i64, i64)>) -> impl IntoView {
    let unit = panel_unit(&panel);
    // The panel's unit applies to every series; without one, each query's series get their query's guess
    // (two units: a right axis).
    let own_unit = panel.options.unit.as_deref().and_then(Unit::from_id).is_some();
    let series_units = if own_unit {
        Vec::new()
    } else {
        result.series.iter().map(|(r, _, _)| query_unit(panel.queries.iter().find(|q| &q.ref_id == r).map(|q| q.expr.as_str()).unwrap_or(""))).collect()
    };
    // Field overrides: each series' name, colour, unit and decimals (a unit of its own: its own axis).
    let o = &panel.options;
    let fields = series_fields(&result.series.iter().map(|(r, s, l)| (r.clone(), series_label(s, l))).collect::<Vec<_>>(), o, &overrides_regex(&o.overrides));
    let series_units = if fields.iter().any(|f| f.unit.is_some()) {
        fields.iter().enumerate().map(|(i, f)| f.unit.or_else(|| series_units.get(i).copied()).unwrap_or(unit)).collect()
    } else {
        series_units
    };
    let data = ChartData {
        series: result.series.iter().map(|(_, s, _)| s.clone()).collect(),
        legends: fields.iter().map(|f| f.name.clone()).collect(),
        start_ms: result.start_ms,
        end_ms: result.end_ms,
        unit,
        series_units,
        series_refs: result.series.iter().map(|(r, _, _)| r.clone()).collect(),
        regions: result.regions.clone(),
        colors: fields.iter().map(|f| f.color).collect(),
        decimals: fields.iter().map(|f| f.decimals).collect(),
        hide_from: fields.iter().map(|f| f.hide_from).collect(),
        placements: fields.iter().map(|f| f.placement).collect(),
        draws: fields.iter().map(|f| f.draw.clone()).collect(),
        mappings: o.mappings.clone(),
        thresholds: threshold_marks(&o.thresholds, o.thresholds_percent, o.thresholds_style, o.min, o.max),
        bounds: AxisBounds { min: o.min, max: o.max, soft_min: o.soft_min, soft_max: o.soft_max },
        ..ChartData::default()
    };
    let style = match (panel.options.stacked, panel.options.style) {
        (true, _) => DrawStyle::Stacked,
        (false, SeriesStyle::Points) => DrawStyle::Points,
        (false, SeriesStyle::Bars) => DrawStyle::Bars,
        (false, SeriesStyle::Lines) => DrawStyle::Lines,
    };
    view! {
        <TimeSeriesChart data=Signal::derive(move || data.clone()) on_zoom=on_zoom label=panel.title.clone()
            log_scale=panel.options.log_scale initial_style=style compact=true hide_legend=!panel.options.show_legend/>
    }
}
