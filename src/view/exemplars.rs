//! Exemplar thinning: Prometheus can return tens of thousands of exemplars for a range; a chart can show
//! (and a keyboard user can tab through) only a few hundred. Keeps one per series per time bucket — the
//! highest value, the outlier a user looks for — preferring exemplars that carry a trace ID.

use std::collections::HashMap;

use crate::telemetry::Exemplar;

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
        kept.sort_by(|&a, &b| exemplars[b].value.total_cmp(&exemplars[a].value));
        kept.truncate(max);
    }
    kept.sort_by_key(|&i| (exemplars[i].t_ms, i));
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

    #[test]
    fn degenerate_inputs_give_nothing() {
        let input = vec![ex("a", 1, 1.0, None)];
        assert!(thin(&input, 5, 5, 100, 4, 10).is_empty());
        assert!(thin(&input, 0, 10, 0, 4, 10).is_empty());
        assert!(thin(&[], 0, 10, 100, 4, 10).is_empty());
        assert_eq!(thin(&input, 0, 10, 100, 0, 10).len(), 1);
    }
}
