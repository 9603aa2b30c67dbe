//! Stat panel body: one big number per series (reduced by the panel's calculation), coloured by its
//! thresholds, with a small sparkline (the shared `StatList`).

use std::sync::Arc;

use leptos::prelude::*;

use super::timeseries::panel_unit;
use super::PanelResult;
use crate::dashboard::Panel;
use crate::ui::stat_list::StatList;
use crate::view::stat::absolute_thresholds;

#[component]
pub fn StatBody(panel: Panel, result: Arc<PanelResult>) -> impl IntoView {
    let items = result.series.iter().map(|(_, s, legend)| (s.clone(), legend.clone())).collect();
    let refs = result.series.iter().map(|(r, _, _)| r.clone()).collect();
    let o = &panel.options;
    let values: Vec<f64> = if o.thresholds_percent { result.series.iter().flat_map(|(_, s, _)| s.points.iter().map(|p| p.v)).collect() } else { Vec::new() };
    let thresholds = absolute_thresholds(&o.thresholds, o.thresholds_percent, o.min, o.max, &values);
    view! {
        <StatList items=items unit=panel_unit(&panel) calc=panel.options.calc thresholds=thresholds mappings=panel.options.mappings.clone() overrides=panel.options.overrides.clone() refs=refs decimals=panel.options.decimals/>
    }
}
