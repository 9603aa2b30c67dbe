//! The "Table" visualisation of range results, in place of the chart: a sortable row per series (labels,
//! last, min, max, mean in the unit; `view::range_table`), or with "Series values" the time × series matrix
//! (`ui::time_table`).

use leptos::prelude::*;

use crate::ui::chart_canvas::ChartData;
use crate::ui::series_table::MAX_ROWS;
use crate::ui::time_table::TimeTable;
use crate::view::range_table::{range_table, sort_range_rows};

#[component]
pub fn RangeTable(data: Signal<ChartData>, named: Signal<bool>) -> impl IntoView {
    let values = RwSignal::new(false);
    // The sort: column and descending; Last (the first value column), largest first, to start with.
    let sort = RwSignal::new(None::<(usize, bool)>);
    let table = Memo::new(move |_| data.with(|d| range_table(&d.series, &d.legends, named.get(), &d.series_refs)));
    let summary = move || {
        let mut t = table.get();
        // Each row in its own query's unit (a rate and a latency side by side).
        let units = data.with(|d| (d.unit, d.series_units.clone()));
        let (col, desc) = sort.get().unwrap_or((t.text_columns, true));
        sort_range_rows(&mut t, col, desc);
        let n = t.rows.len();
        let text_columns = t.text_columns;
        let head = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let aria = match (col == i, desc) {
                    (true, false) => "ascending",
                    (true, true) => "descending",
                    _ => "none",
                };
                let arrow = if col == i { if desc { " ▼" } else { " ▲" } } else { "" };
                let numeric = i >= text_columns;
                view! {
                    <th aria-sort=aria class:num=numeric>
                        <button class="link" on:click=move |_| sort.set(Some(if col == i { (i, !desc) } else { (i, numeric) }))>{c.clone()}{arrow}</button>
                    </th>
                }
            })
            .collect_view();
        let rows = t
            .rows
            .into_iter()
            .take(MAX_ROWS)
            .map(|r| {
                let unit = units.1.get(r.series).copied().unwrap_or(units.0);
                view! {
                    <tr data-testid="explore-row">
                        {r.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                        {r.stats.into_iter().map(|v| match v {
                            Some(v) => view! { <td class="num" data-value=v.to_string()>{unit.format(v)}</td> }.into_any(),
                            None => view! { <td class="num muted">"—"</td> }.into_any(),
                        }).collect_view()}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="results instant-table" data-testid="explore-table" data-rows=n.to_string()
                aria-label="Range result: each series' last, min, max and mean over the range">
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(n > MAX_ROWS).then(|| view! { <p class="muted">{format!("Showing {MAX_ROWS} of {n} series.")}</p> })}
        }
    };
    let matrix = move || {
        let d = data.get();
        view! { <TimeTable series=d.series legends=d.legends unit=d.unit units=d.series_units aria_label="Range result: each series' values at each time"/> }
    };
    view! {
        <div class="range-table" data-testid="range-table">
            <div class="chips" role="group" aria-label="Table contents">
                <button class="chip" data-testid="table-summary" aria-pressed=move || (!values.get()).to_string()
                    on:click=move |_| values.set(false)>"Summary"</button>
                <button class="chip" data-testid="table-values" aria-pressed=move || values.get().to_string()
                    on:click=move |_| values.set(true)>"Series values"</button>
            </div>
            <div class="instant-table-wrap">
                {move || if values.get() { matrix().into_any() } else { summary().into_any() }}
            </div>
        </div>
    }
}
