//! Table panels: series (an instant vector, or range series reduced to one value) as rows of label
//! columns plus a value column, and sorting by any column; and a chart's series as a time × series table.

use crate::dashboard::StatCalc;
use crate::telemetry::{Boundary, HistogramPoint, Series};
use crate::view::series_view::default_name;
use crate::view::units::num;

use super::stat::reduce;

/// A table ready to show: `columns` are label names then `"Value"`; each row holds one cell per column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row: label texts (empty when a series lacks the label) and the reduced value.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    /// None when the series has no finite sample.
    pub value: Option<f64>,
}

/// The title of the value column.
pub const VALUE_COLUMN: &str = "Value";

/// Builds a table from series: one row per series, one column per label name seen (the metric name
/// `__name__` first, shown as `metric`, others alphabetically), then the value reduced with `calc`.
pub fn from_series(series: &[Series], calc: StatCalc) -> Table {
    let mut names: Vec<String> = Vec::new();
    for s in series {
        for (k, _) in s.labels.iter() {
            if !names.iter().any(|n| n == k) {
                names.push(k.to_string());
            }
        }
    }
    crate::sort::by(&mut names, |a, b| (a != "__name__", a).cmp(&(b != "__name__", b)));
    // Histogram samples (native histograms) get three text columns: count, sum and the buckets of the last
    // sample; their rows have no value.
    let histograms = series.iter().any(|s| !s.histograms.is_empty());
    let rows = series
        .iter()
        .map(|s| {
            let mut cells: Vec<String> = names.iter().map(|n| s.labels.get(n).unwrap_or("").to_string()).collect();
            if histograms {
                match s.histograms.last() {
                    Some(h) => cells.extend([num(h.count, 6), num(h.sum, 6), bucket_list(h, MAX_BUCKETS_LISTED)]),
                    None => cells.extend([String::new(), String::new(), String::new()]),
                }
            }
            Row { cells, value: reduce(&s.points, calc).filter(|v| !v.is_nan()) }
        })
        .collect();
    let mut columns: Vec<String> = names.into_iter().map(|n| if n == "__name__" { "metric".to_string() } else { n }).collect();
    if histograms {
        columns.extend(HISTOGRAM_COLUMNS.iter().map(|c| c.to_string()));
    }
    columns.push(VALUE_COLUMN.to_string());
    Table { columns, rows }
}

/// The text columns added for histogram samples.
pub const HISTOGRAM_COLUMNS: [&str; 3] = ["count", "sum", "buckets"];

/// Most buckets written out in a table cell; the rest are counted.
pub const MAX_BUCKETS_LISTED: usize = 12;

/// A histogram's buckets as text, each with its bounds in interval notation and its count:
/// `(0.125, 0.25]: 40, (0.25, 0.5]: 60`; `… 3 more` past `max`; `no buckets` when there is none.
pub fn bucket_list(h: &HistogramPoint, max: usize) -> String {
    if h.buckets.is_empty() {
        return "no buckets".to_string();
    }
    let mut parts: Vec<String> = h
        .buckets
        .iter()
        .take(max)
        .map(|b| {
            let (open, close) = match b.boundary {
                Boundary::OpenLower => ('(', ']'),
                Boundary::OpenUpper => ('[', ')'),
                Boundary::OpenBoth => ('(', ')'),
                Boundary::ClosedBoth => ('[', ']'),
            };
            format!("{open}{}, {}{close}: {}", num(b.lower, 6), num(b.upper, 6), num(b.count, 6))
        })
        .collect();
    if h.buckets.len() > max {
        parts.push(format!("… {} more", h.buckets.len() - max));
    }
    parts.join(", ")
}

/// Sorts rows by column `col` (the last column is the value): values numerically with missing values
/// last, labels as text comparing embedded numbers by value (`a2` before `a10`). Stable; `descending`
/// reverses the order except that missing values stay last. An out-of-range column leaves the order.
pub fn sort_rows(table: &mut Table, col: usize, descending: bool) {
    let value_col = table.columns.len().saturating_sub(1);
    if col >= table.columns.len() {
        return;
    }
    if col == value_col {
        crate::sort::by(&mut table.rows, |a, b| match (a.value, b.value) {
            (Some(x), Some(y)) => {
                let o = x.total_cmp(&y);
                if descending {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    } else {
        crate::sort::by(&mut table.rows, |a, b| {
            let x = a.cells.get(col).map(String::as_str).unwrap_or("");
            let y = b.cells.get(col).map(String::as_str).unwrap_or("");
            let o = natural_cmp(x, y);
            if descending {
                o.reverse()
            } else {
                o
            }
        });
    }
}

/// Text order where runs of digits compare by value.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut n1 = String::new();
                while let Some(c) = x.peek().copied().filter(char::is_ascii_digit) {
                    n1.push(c);
                    x.next();
                }
                let mut n2 = String::new();
                while let Some(d) = y.peek().copied().filter(char::is_ascii_digit) {
                    n2.push(d);
                    y.next();
                }
                let t1 = n1.trim_start_matches('0');
                let t2 = n2.trim_start_matches('0');
                let o = t1.len().cmp(&t2.len()).then_with(|| t1.cmp(t2));
                if o != Ordering::Equal {
                    return o;
                }
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}

/// A chart's series as a table: one row per sample time (ascending), one column per series.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimeTable {
    /// Column titles: the series' legends (or `metric{labels}`), in the series' order.
    pub columns: Vec<String>,
    pub times: Vec<i64>,
    /// `cells[row][column]`: the sample of that series at that time (NaN kept as Prometheus sent it), None
    /// when the series has no sample then.
    pub cells: Vec<Vec<Option<f64>>>,
    /// Times and series left out to keep the table small (the last `max_rows` times, the first
    /// `max_cols` series are kept).
    pub rows_dropped: usize,
    pub cols_dropped: usize,
}

/// Builds the time × series table of `series` (`names[i]`, when present and not blank, titles column i).
pub fn time_table(series: &[Series], names: &[String], max_rows: usize, max_cols: usize) -> TimeTable {
    let kept = &series[..series.len().min(max_cols)];
    let columns = kept
        .iter()
        .enumerate()
        .map(|(i, s)| match names.get(i).map(|n| n.trim()) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => default_name(&s.labels),
        })
        .collect();
    let mut times: Vec<i64> = kept.iter().flat_map(|s| s.points.iter().map(|p| p.t_ms)).collect();
    times.sort_unstable();
    times.dedup();
    let rows_dropped = times.len().saturating_sub(max_rows);
    times.drain(..rows_dropped);
    let mut cells = vec![vec![None; kept.len()]; times.len()];
    for (c, s) in kept.iter().enumerate() {
        for p in &s.points {
            if let Ok(r) = times.binary_search(&p.t_ms) {
                if let Some(cell) = cells.get_mut(r).and_then(|row| row.get_mut(c)) {
                    *cell = Some(p.v);
                }
            }
        }
    }
    TimeTable { columns, times, cells, rows_dropped, cols_dropped: series.len() - kept.len() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{Labels, Point};

    fn s(labels: &[(&str, &str)], v: Option<f64>) -> Series {
        let mut l = Labels::new();
        for (k, val) in labels {
            l.insert(*k, *val);
        }
        Series { labels: l, points: v.map(|v| vec![Point { t_ms: 1, v }]).unwrap_or_default(), histograms: Vec::new() }
    }

    #[test]
    fn columns_are_the_union_of_labels_with_metric_first() {
        let t = from_series(
            &[s(&[("__name__", "up"), ("job", "a")], Some(1.0)), s(&[("route", "/x"), ("job", "b")], Some(0.0))],
            StatCalc::LastNotNull,
        );
        assert_eq!(t.columns, vec!["metric", "job", "route", "Value"]);
        assert_eq!(t.rows[0].cells, vec!["up", "a", ""]);
        assert_eq!(t.rows[1].cells, vec!["", "b", "/x"]);
        assert_eq!(t.rows[1].value, Some(0.0));
    }

    #[test]
    fn empty_input_has_only_the_value_column() {
        let t = from_series(&[], StatCalc::Last);
        assert_eq!(t.columns, vec!["Value"]);
        assert!(t.rows.is_empty());
    }

    #[test]
    fn sort_by_value_keeps_missing_last_both_ways() {
        let mut t = from_series(
            &[s(&[("r", "a")], Some(2.0)), s(&[("r", "b")], None), s(&[("r", "c")], Some(10.0)), s(&[("r", "d")], Some(f64::NAN))],
            StatCalc::Last,
        );
        sort_rows(&mut t, 1, false);
        let order: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(&order[..2], &["a", "c"]);
        sort_rows(&mut t, 1, true);
        let order: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(&order[..2], &["c", "a"]);
        assert!(t.rows[2].value.is_none() && t.rows[3].value.is_none());
    }

    #[test]
    fn sort_by_label_is_natural() {
        let mut t = from_series(&[s(&[("i", "a10")], Some(1.0)), s(&[("i", "a2")], Some(1.0)), s(&[("i", "a1")], Some(1.0))], StatCalc::Last);
        sort_rows(&mut t, 0, false);
        let order: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(order, vec!["a1", "a2", "a10"]);
        sort_rows(&mut t, 0, true);
        assert_eq!(t.rows[0].cells[0], "a10");
        // Out of range: nothing happens, nothing panics.
        sort_rows(&mut t, 9, false);
        assert_eq!(t.rows[0].cells[0], "a10");
    }

    #[test]
    fn natural_cmp_handles_leading_zeros_and_unicode() {
        use std::cmp::Ordering::*;
        assert_eq!(natural_cmp("x007", "x7"), Equal);
        assert_eq!(natural_cmp("x9", "x10"), Less);
        assert_eq!(natural_cmp("é1", "é2"), Less);
        assert_eq!(natural_cmp("", "a"), Less);
    }

    fn ts(labels: &[(&str, &str)], pts: &[(i64, f64)]) -> Series {
        let mut l = Labels::new();
        for (k, v) in labels {
            l.insert(*k, *v);
        }
        Series { labels: l, points: pts.iter().map(|&(t_ms, v)| Point { t_ms, v }).collect(), histograms: Vec::new() }
    }

    #[test]
    fn time_table_has_a_row_per_time_and_a_column_per_series() {
        let a = ts(&[("__name__", "up"), ("job", "a")], &[(1000, 1.0), (2000, 0.0)]);
        let b = ts(&[("job", "b")], &[(2000, 5.5), (3000, f64::NAN)]);
        let t = time_table(&[a, b], &["".into(), "B {{job}}".into()], 100, 10);
        assert_eq!(t.columns, vec!["up{job=\"a\"}", "B {{job}}"]);
        assert_eq!(t.times, vec![1000, 2000, 3000]);
        assert_eq!(t.cells[0], vec![Some(1.0), None]);
        assert_eq!(t.cells[1], vec![Some(0.0), Some(5.5)]);
        assert!(t.cells[2][1].is_some_and(f64::is_nan), "NaN is kept as sent");
        assert_eq!(t.cells[2][0], None);
        assert_eq!((t.rows_dropped, t.cols_dropped), (0, 0));
    }

    #[test]
    fn time_table_keeps_the_latest_rows_and_first_columns() {
        let many: Vec<Series> = (0..5).map(|i| ts(&[("i", &i.to_string())], &(0..50).map(|k| (k * 10, k as f64)).collect::<Vec<_>>())).collect();
        let t = time_table(&many, &[], 20, 3);
        assert_eq!(t.columns.len(), 3);
        assert_eq!(t.cols_dropped, 2);
        assert_eq!(t.times.len(), 20);
        assert_eq!(t.rows_dropped, 30);
        assert_eq!(t.times.first(), Some(&300));
        assert_eq!(t.cells.last().map(|r| r[0]), Some(Some(49.0)));
        let empty = time_table(&[], &[], 10, 10);
        assert!(empty.columns.is_empty() && empty.times.is_empty());
    }
}
