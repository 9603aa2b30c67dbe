//! A chart's series shown as a table (the "Show as table" toggle): a row per sample time, a column per
//! series; the model is `view::table::time_table`.

use leptos::prelude::*;

use crate::browser;
use crate::telemetry::Series;
use crate::time::format::{format_ms, TimeZone};
use crate::ui::ctx::use_ctx;
use crate::view::table::time_table;
use crate::view::units::Unit;

/// Most times and series shown (the latest times, the first series).
pub const MAX_TIME_ROWS: usize = 1000;
pub const MAX_SERIES_COLUMNS: usize = 50;

#[component]
pub fn TimeTable(
    series: Vec<Series>,
    legends: Vec<String>,
    unit: Unit,
    /// Per series: its own unit; missing entries use `unit`.
    #[prop(optional)]
    units: Vec<Unit>,
    #[prop(into)] aria_label: String,
) -> impl IntoView {
    let ctx = use_ctx();
    let t = time_table(&series, &legends, MAX_TIME_ROWS, MAX_SERIES_COLUMNS);
    let tz = if ctx.utc.get_untracked() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
    let note = (t.rows_dropped > 0 || t.cols_dropped > 0).then(|| {
        let mut parts = Vec::new();
        if t.rows_dropped > 0 {
            parts.push(format!("the latest {} of {} times", t.times.len(), t.times.len() + t.rows_dropped));
        }
        if t.cols_dropped > 0 {
            parts.push(format!("the first {} of {} series", t.columns.len(), t.columns.len() + t.cols_dropped));
        }
        view! { <p class="muted small">{format!("Showing {}.", parts.join(" and "))}</p> }
    });
    let head = t.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view();
    let rows = t
        .times
        .iter()
        .zip(t.cells)
        .map(|(&ms, cells)| {
            view! {
                <tr data-t=ms.to_string()>
                    <th scope="row" class="code">{format_ms(ms, tz, false)}</th>
                    {cells.into_iter().enumerate().map(|(j, c)| match c {
                        Some(v) => view! { <td class="num" data-value=v.to_string()>{units.get(j).copied().unwrap_or(unit).format(v)}</td> }.into_any(),
                        None => view! { <td class="num muted">"—"</td> }.into_any(),
                    }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="panel-scroll time-table-wrap">
            {note}
            <table class="results time-table" data-testid="chart-table" aria-label=aria_label>
                <thead><tr><th scope="col">"Time"</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
