//! Time-series panel body: the shared chart with the panel's legend, unit, style and log scale.

use std::sync::Arc;

use leptos::prelude::*;

use super::PanelResult;
use crate::chart::timeseries::DrawStyle;
use crate::dashboard::{Panel, SeriesStyle};
use crate::ui::chart_canvas::{ChartData, TimeSeriesChart};
use crate::view::units::{guess_unit, Unit};

/// The unit of a panel: its `unit` option when known, else a guess from the first query.
pub fn panel_unit(panel: &Panel) -> Unit {
    panel
        .options
        .unit
        .as_deref()
        .and_then(Unit::from_id)
        .unwrap_or_else(|| {
            let expr = panel.queries.first().map(|q| q.expr.as_str()).unwrap_or("");
            if expr.contains("rate(") && expr.contains("_total") {
                Unit::PerSecond
            } else {
                guess_unit(expr, "")
            }
        })
}

#[component]
pub fn TimeSeriesBody(panel: Panel, result: Arc<PanelResult>, on_zoom: Callback<(i64, i64)>) -> impl IntoView {
    let unit = panel_unit(&panel);
    let data = ChartData {
        series: result.series.iter().map(|(_, s, _)| s.clone()).collect(),
        legends: result.series.iter().map(|(_, _, l)| l.clone()).collect(),
        exemplars: Vec::new(),
        start_ms: result.start_ms,
        end_ms: result.end_ms,
        unit,
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
