//! Grafana's quick ranges: the `from` expression and its label; `to` is `now` except for "Yesterday".

use super::expr::TimeExpr;
use super::range::TimeRange;

/// `(from, label)` pairs shown in the time picker, in Grafana's order. See [`quick_range_to`] for `to`.
pub const QUICK_RANGES: &[(&str, &str)] = &[
    ("now-5m", "Last 5 minutes"),
    ("now-15m", "Last 15 minutes"),
    ("now-30m", "Last 30 minutes"),
    ("now-1h", "Last 1 hour"),
    ("now-3h", "Last 3 hours"),
    ("now-6h", "Last 6 hours"),
    ("now-12h", "Last 12 hours"),
    ("now-24h", "Last 24 hours"),
    ("now-2d", "Last 2 days"),
    ("now-7d", "Last 7 days"),
    ("now-30d", "Last 30 days"),
    ("now-90d", "Last 90 days"),
    ("now-6M", "Last 6 months"),
    ("now-1y", "Last 1 year"),
    ("now/d", "Today so far"),
    ("now/w", "This week so far"),
    ("now/M", "This month so far"),
    ("now/y", "This year so far"),
    ("now-1d/d", "Yesterday"),
];

/// The `to` expression that goes with a quick range's `from`.
pub fn quick_range_to(from: &str) -> &'static str {
    if from == "now-1d/d" {
        "now-1d/d"
    } else {
        "now"
    }
}

/// The quick range with this `from`, as a [`TimeRange`].
pub fn quick_range(from: &str) -> Option<TimeRange> {
    let (f, _) = QUICK_RANGES.iter().find(|(f, _)| *f == from)?;
    Some(TimeRange { from: TimeExpr::parse(f).ok()?, to: TimeExpr::parse(quick_range_to(f)).ok()? })
}

/// The label of the quick range equal to `range`, if it is one.
pub fn quick_label(range: &TimeRange) -> Option<&'static str> {
    let (from, to) = (range.from.to_string(), range.to.to_string());
    QUICK_RANGES.iter().find(|(f, _)| *f == from && quick_range_to(f) == to).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_quick_range_parses_and_labels_itself() {
        for (f, l) in QUICK_RANGES {
            let r = quick_range(f).unwrap_or_else(|| panic!("{f}"));
            assert_eq!(quick_label(&r), Some(*l));
            assert_eq!(r.label(), *l);
            // from < to at any time.
            let (a, b) = r.resolve(1_704_164_645_678, 60);
            assert!(a < b, "{f}");
        }
        assert!(quick_range("now-4h").is_none());
        assert_eq!(quick_label(&TimeRange::default()), Some("Last 1 hour"));
    }

    #[test]
    fn yesterday_spans_the_whole_previous_day() {
        let r = quick_range("now-1d/d").unwrap();
        assert_eq!(r.to.to_string(), "now-1d/d");
        // 2024-01-02T03:04:05.678Z → 2024-01-01 whole day UTC.
        assert_eq!(r.resolve(1_704_164_645_678, 0), (1_704_067_200_000, 1_704_153_599_999));
    }
}
