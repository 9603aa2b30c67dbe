//! Exemplar thinning: Prometheus can return tens of thousands of exemplars for a range; a chart can show
//! (and a keyboard user can tab through) only a few hundred. Keeps one per series per time bucket — the
//! highest value, the outlier a user looks for — preferring exemplars that carry a trace ID. Also: which
//! series an exemplar belongs to (its colour, its axis, hidden with it), and the order arrow keys move in.

use std::collections::HashMap;

use crate::telemetry::{Exemplar, Labels, Series};

/// The series an exemplar is drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExemplarOwner {
    /// Series `i` of the chart: drawn in its colour, on its axis, hidden with it.
    Series(usize),
    /// No series matches: drawn in the neutral exemplar colour, on the axis of series `Some(i)` (the first
    /// series of the same query), else the left axis.
    Unmatched(Option<usize>),
}

/// `true` when every label of `series` except the metric name is in `exemplar` with the same value
/// (aggregations drop labels; `rate` drops the name).
fn covers(exemplar: &Labels, series: &Labels) -> bool {
    series.iter().filter(|(k, _)| *k != "__name__").all(|(k, v)| exemplar.get(k) == Some(v))
}

/// Entry `i` of a list of query ref ids ("" when missing: one query).
fn query(q: &[String], i: usize) -> &str {
    q.get(i).map(String::as_str).unwrap_or("")
}

/// The owner of each exemplar. `exemplar_query[k]` and `series_query[i]` name the query each came from (a
/// missing entry: "" — one query); an exemplar only belongs to a series of its own query whose labels its
/// series labels include; among several, the one with the most labels.
pub fn owners(exemplars: &[Exemplar], exemplar_query: &[String], series: &[Series], series_query: &[String]) -> Vec<ExemplarOwner> {
    exemplars
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let q = query(exemplar_query, k);
            let mut first_of_query = None;
            let mut best: Option<(usize, usize)> = None;
            for (i, s) in series.iter().enumerate().filter(|(i, _)| query(series_query, *i) == q) {
                first_of_query.get_or_insert(i);
                if covers(&e.series_labels, &s.labels) {
                    let n = s.labels.iter().filter(|(k, _)| *k != "__name__").count();
                    if best.is_none_or(|(_, m)| n > m) {
                        best = Some((i, n));
                    }
                }
            }
            match best {
                Some((i, _)) => ExemplarOwner::Series(i),
                None => ExemplarOwner::Unmatched(first_of_query),
            }
        })
        .collect()
}

/// The order arrow keys move through the exemplars shown: `shown` holds (exemplar index, time, x pixel);
/// returns the exemplar indices by time, then by x, then by index.
pub fn keyboard_order(shown: &[(usize, i64, f64)]) -> Vec<usize> {
    let mut v = shown.to_vec();
    crate::sort::by(&mut v, |a, b| a.1.cmp(&b.1).then(a.2.total_cmp(&b.2)).then(a.0.cmp(&b.0)));
    v.into_iter().map(|(i, _, _)| i).collect()
}

/// Where focus goes from position `pos` of `len` exemplars on `key` (ArrowRight/ArrowDown: next in time,
/// ArrowLeft/ArrowUp: previous, Home, End); None for other keys or nothing to move to.
pub fn key_step(len: usize, pos: usize, key: &str) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let pos = pos.min(len - 1);
    let to = match key {
        "ArrowRight" | "ArrowDown" => (pos + 1).min(len - 1),
        "ArrowLeft" | "ArrowUp" => pos.saturating_sub(1),
        "Home" => 0,
        "End" => len - 1,
        _ => return None,
    };
    Some(to)
}

/// At most `max` exemplars, at most one per series label set per `px_per_bucket` pixels of a `width_px`
/// wide chart over `[start_ms, end_ms]`. Out-of-range exemplars are dropped; the result is time-ordered.
pub fn thin(exemplars: &[Exemplar], start_ms: i64, end_ms: i64, width_px: u32, px_per_bucket: u32, max: usize) -> Vec<Exemplar> {
    if end_ms <= start_ms || width_px == 0 || max == 0 {
        return Vec::new();
    }
    let buckets = (width_px / px_per_bucket.max(1)).max(1) as i64;
    let span = (end_ms - start_ms) as f64;
    let mut best: HashMap<(String, i64), usize> = HashMap::new();
    for (i, e) in exemplars.iter().enumerate() {
        if e.t_ms < start_ms || e.t_ms > end_ms {
            continue;
        }
        let b = (((e.t_ms - start_ms) as f64 / span) * buckets as f64).floor() as i64;
        let key = (e.series_labels.to_string(), b.min(buckets - 1));
        let better = |cur: &Exemplar| {
            let (a, c) = (e.trace_id.is_some(), cur.trace_id.is_some());
            a && !c || (a == c && e.value.total_cmp(&cur.value).is_gt())
        };
        match best.get(&key) {
            Some(&j) if !exemplars.get(j).is_some_and(better) => {}
            _ => {
                best.insert(key, i);
            }
        }
    }
    let mut kept: Vec<usize> = best.into_values().collect();
    if kept.len() > max {
        // Keep the highest values overall.
        crate::sort::by(&mut kept, |&a, &b| exemplars[b].value.total_cmp(&exemplars[a].value));
        kept.truncate(max);
    }
    crate::sort::by_key(&mut kept, |&i| (exemplars[i].t_ms, i));
    kept.into_iter().map(|i| exemplars[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{Labels, TraceId};

    fn ex(series: &str, t_ms: i64, value: f64, trace: Option<u128>) -> Exemplar {
        Exemplar {
            series_labels: [("s", series)].into_iter().collect::<Labels>(),
            labels: Labels::new(),
            t_ms,
            value,
            trace_id: trace.map(TraceId),
        }
    }

    #[test]
    fn keeps_one_per_series_and_bucket_preferring_trace_ids_then_highest_value() {
        let input = vec![
            ex("a", 1_000, 5.0, None),
            ex("a", 1_100, 1.0, Some(1)),
            ex("a", 1_200, 3.0, Some(2)),
            ex("b", 1_050, 9.0, Some(3)),
            ex("a", 9_000, 2.0, Some(4)),
        ];
        // 10 buckets over 0..10_000 ms: bucket 0 holds the first four, bucket 9 the last.
        let out = thin(&input, 0, 10_000, 100, 10, 100);
        let ids: Vec<u128> = out.iter().filter_map(|e| e.trace_id.map(|t| t.0)).collect();
        assert_eq!(ids, vec![3, 2, 4], "a@bucket0 keeps the highest exemplar with a trace id (2), b keeps 3");
    }

    #[test]
    fn caps_the_total_keeping_the_highest_and_drops_out_of_range() {
        let input: Vec<Exemplar> = (0..1000).map(|i| ex(&format!("s{i}"), i * 10, i as f64, Some(i as u128 + 1))).collect();
        let out = thin(&input, 0, 5_000, 1000, 1, 50);
        assert_eq!(out.len(), 50);
        assert!(out.iter().all(|e| e.t_ms <= 5_000));
        assert!(out.iter().all(|e| e.value >= 450.0), "the 50 highest in range are kept");
        assert!(out.windows(2).all(|w| w[0].t_ms <= w[1].t_ms), "time-ordered");
    }

    fn series(kv: &[(&str, &str)]) -> Series {
        Series { labels: kv.iter().map(|(k, v)| (*k, *v)).collect(), ..Series::default() }
    }

    fn ex_labels(kv: &[(&str, &str)]) -> Exemplar {
        Exemplar { series_labels: kv.iter().map(|(k, v)| (*k, *v)).collect(), labels: Labels::new(), t_ms: 0, value: 1.0, trace_id: None }
    }

    #[test]
    fn exemplars_belong_to_the_series_whose_labels_they_include_in_their_own_query() {
        // A: rate by service; B: a quantile over all services (no labels).
        let s = vec![series(&[("service_name", "api")]), series(&[("service_name", "search")]), series(&[])];
        let sq: Vec<String> = ["A", "A", "B"].iter().map(|s| s.to_string()).collect();
        let raw = |svc: &str| ex_labels(&[("__name__", "http_server_request_duration_seconds_bucket"), ("le", "0.5"), ("service_name", svc)]);
        let e = vec![raw("search"), raw("api"), raw("other"), raw("api")];
        let eq: Vec<String> = ["A", "A", "A", "B"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            owners(&e, &eq, &s, &sq),
            vec![ExemplarOwner::Series(1), ExemplarOwner::Series(0), ExemplarOwner::Unmatched(Some(0)), ExemplarOwner::Series(2)]
        );
        // One query (no ids): the most specific series wins over a label-less one.
        assert_eq!(owners(&e[..1], &[], &s, &[]), vec![ExemplarOwner::Series(1)]);
        // A query without series: unmatched, no axis hint.
        assert_eq!(owners(&e[..1], &["C".to_string()], &s, &sq), vec![ExemplarOwner::Unmatched(None)]);
        // A series keeping its metric name matches an exemplar of that name; a different value never.
        let named = vec![series(&[("__name__", "x_bucket"), ("le", "1")])];
        assert_eq!(owners(&[ex_labels(&[("__name__", "x_bucket"), ("le", "1")])], &[], &named, &[]), vec![ExemplarOwner::Series(0)]);
        assert_eq!(owners(&[ex_labels(&[("__name__", "x_bucket"), ("le", "2")])], &[], &named, &[]), vec![ExemplarOwner::Unmatched(Some(0))]);
    }

    #[test]
    fn arrow_keys_move_through_exemplars_in_time() {
        let order = keyboard_order(&[(0, 300, 30.0), (1, 100, 10.0), (2, 200, 20.0), (3, 200, 19.0)]);
        assert_eq!(order, vec![1, 3, 2, 0]);
        assert_eq!(key_step(4, 0, "ArrowRight"), Some(1));
        assert_eq!(key_step(4, 3, "ArrowRight"), Some(3), "stays on the last");
        assert_eq!(key_step(4, 2, "ArrowLeft"), Some(1));
        assert_eq!(key_step(4, 0, "ArrowLeft"), Some(0));
        assert_eq!(key_step(4, 2, "Home"), Some(0));
        assert_eq!(key_step(4, 0, "End"), Some(3));
        assert_eq!(key_step(4, 9, "ArrowLeft"), Some(2), "a stale position is clamped first");
        assert_eq!(key_step(4, 0, "Enter"), None);
        assert_eq!(key_step(0, 0, "ArrowRight"), None);
    }

    #[test]
    fn degenerate_inputs_give_nothing() {
        let input = vec![ex("a", 1, 1.0, None)];
        assert!(thin(&input, 5, 5, 100, 4, 10).is_empty());
        assert!(thin(&input, 0, 10, 0, 4, 10).is_empty());
        assert!(thin(&[], 0, 10, 100, 4, 10).is_empty());
        assert_eq!(thin(&input, 0, 10, 100, 0, 10).len(), 1);
    }
}
