//! Instant query results as a sortable table: a column per label, the value last, largest first.

use leptos::prelude::*;

use crate::dashboard::StatCalc;
use crate::telemetry::Series;
use crate::ui::series_table::{SeriesTable, MAX_ROWS};
use crate::view::table::from_series;
use crate::view::units::Unit;

#[component]
pub fn InstantTable(#[prop(into)] ref_id: String, series: Vec<Series>, unit: Unit) -> impl IntoView {
    // The same table model as dashboard table panels (an instant vector has one sample per series).
    let table = from_series(&series, StatCalc::Last);
    let n = table.rows.len();
    view! {
        <div class="instant-table-wrap">
            <SeriesTable table=table unit=unit aria_label=format!("Instant result of query {ref_id}") sorted_by_value=true
                table_testid="instant-table" row_testid="instant-row" missing="NaN" class="instant-table"/>
            {(n > MAX_ROWS).then(|| view! { <p class="muted">{format!("Showing {MAX_ROWS} of {n} series.")}</p> })}
        </div>
    }
}
