//! Instant query results as a sortable table: a column per label, the value last.

use leptos::prelude::*;

use crate::telemetry::Series;
use crate::view::units::Unit;
use crate::dashboard::StatCalc;
use crate::view::table::{from_series, sort_rows};

const MAX_ROWS: usize = 2000;

#[component]
pub fn InstantTable(#[prop(into)] ref_id: String, series: Vec<Series>, unit: Unit) -> impl IntoView {
    // The same table model as dashboard table panels (an instant vector has one sample per series).
    let base = from_series(&series, StatCalc::Last);
    let value_col = base.columns.len().saturating_sub(1);
    // Largest value first by default.
    let sort = RwSignal::new(Some((value_col, true)));
    let columns = base.columns.clone();
    let n = base.rows.len();
    let table = move || {
        let mut t = base.clone();
        if let Some((c, d)) = sort.get() {
            sort_rows(&mut t, c, d);
        }
        t
    };
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
                let v = r.value.map(|v| unit.format(v)).unwrap_or_else(|| "NaN".to_string());
                view! {
                    <tr data-testid="instant-row">
                        {r.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                        <td class="num">{v}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="instant-table-wrap">
            <table class="results instant-table" data-testid="instant-table" data-rows=n.to_string() aria-label=format!("Instant result of query {ref_id}")>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(n > MAX_ROWS).then(|| view! { <p class="muted">{format!("Showing {MAX_ROWS} of {n} series.")}</p> })}
        </div>
    }
}
