//! A sortable table of series (label columns, value last), shared by the explore instant table and the
//! dashboard table panel. The model and the sort are `view::table`.

use leptos::prelude::*;

use crate::view::table::{sort_rows, Table};
use crate::view::units::Unit;

pub const MAX_ROWS: usize = 2000;

/// `sorted_by_value`: start sorted by value, largest first (else in the series' order). Rows beyond
/// `MAX_ROWS` are not drawn (the caller says so).
#[component]
pub fn SeriesTable(
    table: Table,
    unit: Unit,
    #[prop(into)] aria_label: String,
    #[prop(optional)] sorted_by_value: bool,
    /// `data-testid` of the table and of each row (end-to-end tests count them).
    table_testid: &'static str,
    row_testid: &'static str,
    /// What a row without a finite value shows.
    missing: &'static str,
    /// CSS class next to `results` (the two places style it differently).
    class: &'static str,
    /// Value mappings: a matched value shows the mapping's text (and colour).
    #[prop(optional)]
    mappings: Vec<crate::dashboard::ValueMapping>,
) -> impl IntoView {
    let mapped = crate::ui::stat_list::mapper(mappings);
    let value_col = table.columns.len().saturating_sub(1);
    let sort = RwSignal::new(sorted_by_value.then_some((value_col, true)));
    let columns = table.columns.clone();
    let n = table.rows.len();
    let sorted = move || {
        let mut t = table.clone();
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
        sorted()
            .rows
            .into_iter()
            .take(MAX_ROWS)
            .map(|r| {
                let hit = mapped(r.value);
                let v = r.value.map(|v| unit.format(v)).unwrap_or_else(|| missing.to_string());
                let v = hit.as_ref().and_then(|m| m.text.clone()).unwrap_or(v);
                let style = hit.as_ref().and_then(|m| m.color.as_deref()).map(|c| format!("color:{}", crate::view::stat::css_color(c)));
                let mapped_attr = hit.is_some().then_some("true");
                view! {
                    <tr data-testid=row_testid>
                        {r.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                        <td class="num" style=style data-mapped=mapped_attr>{v}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <table class=format!("results {class}") data-testid=table_testid data-rows=n.to_string() aria-label=aria_label>
            <thead><tr>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
