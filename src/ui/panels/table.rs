//! Table panel body: one row per series (instant values, or range series reduced by the panel's
//! calculation), columns sortable by clicking their header.

use std::sync::Arc;

use leptos::prelude::*;

use super::timeseries::panel_unit;
use super::PanelResult;
use crate::dashboard::Panel;
use crate::telemetry::Series;
use crate::view::table::{from_series, sort_rows};

const MAX_ROWS: usize = 2000;

#[component]
pub fn TableBody(panel: Panel, result: Arc<PanelResult>) -> impl IntoView {
    let unit = panel_unit(&panel);
    let series: Vec<Series> = result.series.iter().map(|(_, s, _)| s.clone()).collect();
    let base = from_series(&series, panel.options.calc);
    let sort = RwSignal::new(None::<(usize, bool)>);
    let columns = base.columns.clone();
    let table = move || {
        let mut t = base.clone();
        if let Some((c, d)) = sort.get() {
            sort_rows(&mut t, c, d);
        }
        t
    };
    let value_col = columns.len().saturating_sub(1);
    let head = columns
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let aria = move || match sort.get() {
                Some((s, false)) if s == i => "ascending",
                Some((s, true)) if s == i => "descending",
                _ => "none",
            };
            view! {
                <th aria-sort=aria>
                    <button class="link" on:click=move |_| sort.update(|s| *s = Some(match *s { Some((c, d)) if c == i => (i, !d), _ => (i, i == value_col) }))>
                        {c}{move || match sort.get() { Some((s, d)) if s == i => if d { " ▼" } else { " ▲" }, _ => "" }}
                    </button>
                </th>
            }
        })
        .collect_view();
    let rows = move || {
        table()
            .rows
            .into_iter()
            .take(MAX_ROWS)
            .map(|r| {
                let v = r.value.map(|v| unit.format(v)).unwrap_or_else(|| "—".into());
                view! {
                    <tr data-testid="table-row">
                        {r.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                        <td class="num">{v}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="panel-scroll">
            <table class="results panel-table" data-testid="panel-table">
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
