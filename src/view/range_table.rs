//! Explore's table of range results: one row per series (its name when a legend format names it, its label
//! columns, then its last, min, max and mean over the range), sortable by any column.

use crate::dashboard::StatCalc;
use crate::telemetry::Series;
use crate::view::series_view::default_name;

use super::stat::reduce;
use super::table::{from_series, natural_cmp};

/// The value columns: title and how the series' samples are reduced to it.
pub const STAT_COLUMNS: [(&str, StatCalc); 4] = [("Last", StatCalc::LastNotNull), ("Min", StatCalc::Min), ("Max", StatCalc::Max), ("Mean", StatCalc::Mean)];

/// The title of the name column.
pub const NAME_COLUMN: &str = "Series";

/// A table ready to show: `columns` are `text_columns` text columns (name, labels, histogram columns) then
/// the [`STAT_COLUMNS`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RangeTable {
    pub columns: Vec<String>,
    pub text_columns: usize,
    pub rows: Vec<RangeRow>,
}

/// One series: its text cells and its value per [`STAT_COLUMNS`] (None: no finite sample); `series` is its
/// index in the input (its unit, after sorting).
#[derive(Clone, Debug, PartialEq)]
pub struct RangeRow {
    pub cells: Vec<String>,
    pub stats: [Option<f64>; 4],
    pub series: usize,
}

/// The title of the query column (shown when the series come from several queries).
pub const QUERY_COLUMN: &str = "Query";

/// Builds the table of `series`. `names[i]` is the legend of `series[i]`; with `named`, a first column holds
/// it (the series' `metric{labels}` text where it is blank). Label columns are those of
/// `view::table::from_series` (metric first, then alphabetical; native histograms add count, sum and buckets).
/// `refs[i]` is the ref id of the query of `series[i]`: when there are several, a first column names it.
pub fn range_table(series: &[Series], names: &[String], named: bool, refs: &[String]) -> RangeTable {
    let base = from_series(series, StatCalc::LastNotNull);
    let label_columns = base.columns.len().saturating_sub(1);
    let mut columns: Vec<String> = Vec::with_capacity(label_columns + 6);
    let mut distinct: Vec<&str> = refs.iter().map(String::as_str).filter(|r| !r.is_empty()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let by_query = distinct.len() > 1;
    if by_query {
        columns.push(QUERY_COLUMN.to_string());
    }
    if named {
        columns.push(NAME_COLUMN.to_string());
    }
    columns.extend(base.columns.into_iter().take(label_columns));
    let text_columns = columns.len();
    columns.extend(STAT_COLUMNS.iter().map(|(c, _)| c.to_string()));
    let rows = series
        .iter()
        .zip(base.rows)
        .enumerate()
        .map(|(i, (s, r))| {
            let mut cells = Vec::with_capacity(text_columns);
            if by_query {
                cells.push(refs.get(i).cloned().unwrap_or_default());
            }
            if named {
                cells.push(match names.get(i).map(|n| n.trim()) {
                    Some(n) if !n.is_empty() => n.to_string(),
                    _ => default_name(&s.labels),
                });
            }
            cells.extend(r.cells.into_iter().take(label_columns));
            let stats = STAT_COLUMNS.map(|(_, calc)| reduce(&s.points, calc).filter(|v| !v.is_nan()));
            RangeRow { cells, stats, series: i }
        })
        .collect();
    RangeTable { columns, text_columns, rows }
}

/// Sorts rows by column `col`: text columns as text comparing embedded numbers by value, value columns
/// numerically with missing values last (also when `descending`). Stable; an out-of-range column leaves
/// the order.
pub fn sort_range_rows(table: &mut RangeTable, col: usize, descending: bool) {
    use std::cmp::Ordering;
    if col >= table.columns.len() {
        return;
    }
    let dir = |o: Ordering| if descending { o.reverse() } else { o };
    match col.checked_sub(table.text_columns) {
        None => crate::sort::by(&mut table.rows, |a, b| {
            let x = a.cells.get(col).map(String::as_str).unwrap_or("");
            let y = b.cells.get(col).map(String::as_str).unwrap_or("");
            dir(natural_cmp(x, y))
        }),
        Some(k) => crate::sort::by(&mut table.rows, |a, b| match (a.stats.get(k).copied().flatten(), b.stats.get(k).copied().flatten()) {
            (Some(x), Some(y)) => dir(x.total_cmp(&y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{Labels, Point};

    fn series(labels: &[(&str, &str)], values: &[f64]) -> Series {
        let labels: Labels = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let points = values.iter().enumerate().map(|(i, &v)| Point { t_ms: i as i64 * 15_000, v }).collect();
        Series { labels, points, ..Default::default() }
    }

    #[test]
    fn several_queries_get_a_query_column_and_rows_keep_their_series_index() {
        let s = vec![series(&[("job", "api")], &[1.0]), series(&[("job", "api")], &[0.25])];
        let refs = vec!["A".to_string(), "B".to_string()];
        let mut t = range_table(&s, &[], false, &refs);
        assert_eq!(t.columns[0], QUERY_COLUMN);
        assert_eq!((t.rows[0].cells[0].as_str(), t.rows[1].cells[0].as_str()), ("A", "B"));
        let first_value = t.text_columns;
        sort_range_rows(&mut t, first_value, false);
        assert_eq!((t.rows[0].series, t.rows[0].cells[0].as_str()), (1, "B"));
        // One query: no query column.
        let one = range_table(&s, &[], false, &["A".to_string(), "A".to_string()]);
        assert!(!one.columns.iter().any(|c| c == QUERY_COLUMN));
    }

    #[test]
    fn one_row_per_series_with_labels_and_last_min_max_mean() {
        let s = vec![
            series(&[("__name__", "up"), ("job", "api")], &[1.0, 4.0, f64::NAN, 2.0]),
            series(&[("__name__", "up"), ("job", "db"), ("zone", "a")], &[3.0, f64::NAN]),
            series(&[("__name__", "up"), ("job", "web")], &[]),
        ];
        let t = range_table(&s, &[], false, &[]);
        assert_eq!(t.columns, ["metric", "job", "zone", "Last", "Min", "Max", "Mean"]);
        assert_eq!(t.text_columns, 3);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].cells, ["up", "api", ""]);
        // NaN (a gap) is skipped: the last finite value is 2, the mean is (1 + 4 + 2) / 3.
        assert_eq!(t.rows[0].stats, [Some(2.0), Some(1.0), Some(4.0), Some(7.0 / 3.0)]);
        assert_eq!(t.rows[1].stats, [Some(3.0), Some(3.0), Some(3.0), Some(3.0)]);
        assert_eq!(t.rows[2].stats, [None; 4]);
        assert_eq!(range_table(&[], &[], false, &[]).rows.len(), 0);
    }

    #[test]
    fn a_legend_format_adds_the_name_column() {
        let s = vec![series(&[("__name__", "up"), ("job", "api")], &[1.0]), series(&[("__name__", "up"), ("job", "db")], &[2.0])];
        let t = range_table(&s, &["api up".to_string(), " ".to_string()], true, &[]);
        assert_eq!(t.columns[..3], ["Series", "metric", "job"]);
        assert_eq!(t.text_columns, 3);
        assert_eq!(t.rows[0].cells, ["api up", "up", "api"]);
        // A blank legend names the series as the chart's legend does.
        assert_eq!(t.rows[1].cells[0], "up{job=\"db\"}");
    }

    #[test]
    fn sorts_by_text_and_by_value_with_missing_values_last() {
        let s = vec![
            series(&[("pod", "a10")], &[5.0, 1.0]),
            series(&[("pod", "a2")], &[]),
            series(&[("pod", "a1")], &[2.0, 9.0]),
        ];
        let pods = |t: &RangeTable| t.rows.iter().map(|r| r.cells[0].clone()).collect::<Vec<_>>();
        let mut t = range_table(&s, &[], false, &[]);
        sort_range_rows(&mut t, 0, false);
        assert_eq!(pods(&t), ["a1", "a2", "a10"]);
        sort_range_rows(&mut t, 0, true);
        assert_eq!(pods(&t), ["a10", "a2", "a1"]);
        // Last: a1 9, a10 1, a2 none.
        sort_range_rows(&mut t, 1, true);
        assert_eq!(pods(&t), ["a1", "a10", "a2"]);
        sort_range_rows(&mut t, 1, false);
        assert_eq!(pods(&t), ["a10", "a1", "a2"]);
        // Max: a1 9, a10 5.
        sort_range_rows(&mut t, 3, false);
        assert_eq!(pods(&t), ["a10", "a1", "a2"]);
        let before = t.clone();
        sort_range_rows(&mut t, 99, true);
        assert_eq!(t, before);
    }
}
