//! Stat panel body: one big number per series (reduced by the panel's calculation), coloured by its
//! thresholds, with a small sparkline (the shared `StatList`).

use std::sync::Arc;

use leptos::prelude::*;

use super::timeseries::panel_unit;
use super::PanelResult;
use crate::dashboard::Panel;
use crate::ui::stat_list::StatList;

#[component]
pub fn StatBody(panel: Panel, result: Arc<PanelResult>) -> impl IntoView {
    let items = result.series.iter().map(|(_, s, legend)| (s.clone(), legend.clone())).collect();
    let refs = result.series.iter().map(|(r, _, _)| r.clone()).collect();
    view! {
        <StatList items=items unit=panel_unit(&panel) calc=panel.options.calc thresholds=panel.options.thresholds.clone() mappings=panel.options.mappings.clone() overrides=panel.options.overrides.clone() refs=refs decimals=panel.options.decimals/>
    }
}
