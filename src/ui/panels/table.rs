//! Table panel body: one row per series (instant values, or range series reduced by the panel's
//! calculation), columns sortable by clicking their header.

use std::sync::Arc;

use leptos::prelude::*;

use super::timeseries::panel_unit;
use super::PanelResult;
use crate::dashboard::Panel;
use crate::telemetry::Series;
use crate::ui::series_table::SeriesTable;
use crate::view::table::from_series;

#[component]
pub fn TableBody(panel: Panel, result: Arc<PanelResult>) -> impl IntoView {
    let unit = panel_unit(&panel);
    let series: Vec<Series> = result.series.iter().map(|(_, s, _)| s.clone()).collect();
    let table = from_series(&series, panel.options.calc);
    view! {
        <div class="panel-scroll">
            <SeriesTable table=table unit=unit aria_label=panel.title.clone() table_testid="panel-table" row_testid="table-row" missing="—" class="panel-table" mappings=panel.options.mappings.clone()/>
        </div>
    }
}
