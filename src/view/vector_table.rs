//! An instant vector as a table: one column per label (`__name__` first, then alphabetical), the value
//! last; rows sortable by any column (numbers compared as numbers, text naturally).

use std::cmp::Ordering;

use crate::telemetry::Series;

/// One row: a cell per label column (empty when the series lacks the label) and the sample value.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorRow {
    pub cells: Vec<String>,
    /// The last sample's value; NaN when the series has no sample.
    pub value: f64,
    pub t_ms: Option<i64>,
}

/// Label columns (the value column is implicit, after them) and rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VectorTable {
    pub columns: Vec<String>,
    pub rows: Vec<VectorRow>,
}

impl VectorTable {
    /// Index of the value column for [`sort_rows`].
    pub fn value_col(&self) -> usize {
        self.columns.len()
    }
}

/// The table of a query result: each series' labels and its last sample.
pub fn vector_table(series: &[Series]) -> VectorTable {
    let mut columns: Vec<String> = Vec::new();
    for s in series {
        for (k, _) in s.labels.iter() {
            if !columns.iter().any(|c| c == k) {
                columns.push(k.to_string());
            }
        }
    }
    columns.sort_by(|a, b| (a != "__name__").cmp(&(b != "__name__")).then_with(|| a.cmp(b)));
    let rows = series
        .iter()
        .map(|s| {
            let last = s.points.last();
            VectorRow {
                cells: columns.iter().map(|c| s.labels.get(c).unwrap_or("").to_string()).collect(),
                value: last.map_or(f64::NAN, |p| p.v),
                t_ms: last.map(|p| p.t_ms),
            }
        })
        .collect();
    VectorTable { columns, rows }
}

/// Compares text with runs of digits as numbers (`a2` < `a10`).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut na = String::new();
                while let Some(c) = x.peek().copied().filter(char::is_ascii_digit) {
                    na.push(c);
                    x.next();
                }
                let mut nb = String::new();
                while let Some(d) = y.peek().copied().filter(char::is_ascii_digit) {
                    nb.push(d);
                    y.next();
                }
                let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                let o = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb)).then_with(|| na.len().cmp(&nb.len()));
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

/// Sorts rows by column `col` (the value column when `col == columns.len()`); NaN values sort last in
/// both directions. Ties keep their order.
pub fn sort_rows(t: &mut VectorTable, col: usize, descending: bool) {
    let value_col = t.value_col();
    t.rows.sort_by(|a, b| {
        if col >= value_col {
            match (a.value.is_nan(), b.value.is_nan()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ if descending => b.value.total_cmp(&a.value),
                _ => a.value.total_cmp(&b.value),
            }
        } else {
            let (x, y) = (a.cells.get(col).map_or("", String::as_str), b.cells.get(col).map_or("", String::as_str));
            if descending {
                natural_cmp(y, x)
            } else {
                natural_cmp(x, y)
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::prometheus::convert::parse_query;

    const VECTOR: &str = r#"{"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"__name__":"up","job":"b10","instance":"x"},"value":[1700000000,"1"]},
        {"metric":{"__name__":"up","job":"b2"},"value":[1700000000,"NaN"]},
        {"metric":{"__name__":"up","job":"a","zone":"eu"},"value":[1700000000,"0.5"]}]}}"#;

    fn table() -> VectorTable {
        let r = parse_query(200, "application/json", VECTOR).map(|r| r.series).unwrap_or_default();
        vector_table(&r)
    }

    #[test]
    fn columns_are_the_union_of_labels_name_first() {
        let t = table();
        assert_eq!(t.columns, vec!["__name__", "instance", "job", "zone"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].cells, vec!["up", "x", "b10", ""]);
        assert_eq!(t.rows[0].value, 1.0);
        assert_eq!(t.rows[0].t_ms, Some(1_700_000_000_000));
        assert!(t.rows[1].value.is_nan());
        assert_eq!(vector_table(&[]), VectorTable::default());
    }

    #[test]
    fn sorts_by_value_with_nan_last_and_by_text_naturally() {
        let mut t = table();
        let vc = t.value_col();
        assert_eq!(vc, 4);
        sort_rows(&mut t, vc, true);
        assert_eq!(t.rows.iter().map(|r| r.cells[2].as_str()).collect::<Vec<_>>(), vec!["b10", "a", "b2"]);
        sort_rows(&mut t, vc, false);
        assert_eq!(t.rows.iter().map(|r| r.cells[2].as_str()).collect::<Vec<_>>(), vec!["a", "b10", "b2"]);
        sort_rows(&mut t, 2, false);
        assert_eq!(t.rows.iter().map(|r| r.cells[2].as_str()).collect::<Vec<_>>(), vec!["a", "b2", "b10"]);
        sort_rows(&mut t, 2, true);
        assert_eq!(t.rows.iter().map(|r| r.cells[2].as_str()).collect::<Vec<_>>(), vec!["b10", "b2", "a"]);
        sort_rows(&mut t, 99, false); // out of range: the value column
        assert_eq!(t.rows[0].cells[2], "a");
    }

    #[test]
    fn natural_order() {
        assert_eq!(natural_cmp("a2", "a10"), Ordering::Less);
        assert_eq!(natural_cmp("a10", "a10"), Ordering::Equal);
        assert_eq!(natural_cmp("a01", "a1"), Ordering::Greater);
        assert_eq!(natural_cmp("", "a"), Ordering::Less);
        assert_eq!(natural_cmp("é", "e"), Ordering::Greater);
    }
}
