//! A time range (`from`, `to`) as the user wrote it: parsing, resolving to epoch ms, labels, shift and zoom.

use super::duration::parse_duration;
use super::expr::{Op, TimeExpr};
use super::format::{format_ms, TimeZone};
use super::quick::quick_label;

/// Any `now` works for checking the order of two relative ends (their order does not depend on it); this
/// one is not on a second boundary, so `now/s` to `now` is a valid range.
const REFERENCE_NOW: i64 = 1_700_000_000_123;

/// From and to, each a [`TimeExpr`]. Default: the last hour (`now-1h` to `now`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeRange {
    pub from: TimeExpr,
    pub to: TimeExpr,
}

impl Default for TimeRange {
    fn default() -> Self {
        TimeRange { from: TimeExpr::Now(vec![Op::Add(-1, super::expr::Unit::Hour)]), to: TimeExpr::now() }
    }
}

impl TimeRange {
    /// Parses both ends; errors name the end (`From: …`) and reject a `from` that is not before `to`
    /// (checked when both ends are relative or both absolute; mixed ranges are ordered at resolve time).
    pub fn parse(from: &str, to: &str) -> Result<TimeRange, String> {
        let f = TimeExpr::parse(from).map_err(|e| format!("From: {e}"))?;
        let t = TimeExpr::parse(to).map_err(|e| format!("To: {e}"))?;
        TimeRange::checked(f, t)
    }

    /// A range from two parsed ends, rejecting a `from` that is not before `to` (as [`parse`](Self::parse)).
    pub fn checked(f: TimeExpr, t: TimeExpr) -> Result<TimeRange, String> {
        if f.is_relative() == t.is_relative() {
            let a = f.resolve(REFERENCE_NOW, 0);
            let b = t.resolve_end(REFERENCE_NOW, 0);
            if a >= b {
                return Err(format!("From ({f}) must be before To ({t})."));
            }
        }
        Ok(TimeRange { from: f, to: t })
    }

    /// The last `dur` up to now: `last("1h")` = `now-1h` to `now`. Takes Grafana units (`6M`, `1y`) or a
    /// Prometheus duration (`1h30m`, written back with the largest exact unit).
    pub fn last(dur: &str) -> Result<TimeRange, String> {
        let d = dur.trim();
        if let Ok(TimeExpr::Now(ops)) = TimeExpr::parse(&format!("now-{d}")) {
            if let [Op::Add(n, _)] = ops.as_slice() {
                if *n < 0 {
                    return Ok(TimeRange { from: TimeExpr::Now(ops), to: TimeExpr::now() });
                }
            }
        }
        match parse_duration(d) {
            Some(ms) if ms > 0 => Ok(TimeRange { from: TimeExpr::ago(ms), to: TimeExpr::now() }),
            _ => Err(format!("\"{}\" is not a duration: use 5m, 1h, 7d, 6M or 1y", super::expr::clip(d))),
        }
    }

    /// A fixed range between two instants (in either order).
    pub fn from_absolute(start_ms: i64, end_ms: i64) -> TimeRange {
        TimeRange { from: TimeExpr::Absolute(start_ms.min(end_ms)), to: TimeExpr::Absolute(start_ms.max(end_ms)) }
    }

    /// True when an end moves with the clock.
    pub fn is_relative(&self) -> bool {
        self.from.is_relative() || self.to.is_relative()
    }

    /// `(from_ms, to_ms)` with `from < to` always: rounded `to` ends on the unit's last ms (`now/d` → 23:59:59.999),
    /// reversed ends are swapped and an empty range is widened by 1 ms.
    pub fn resolve(&self, now_ms: i64, tz_offset_min: i32) -> (i64, i64) {
        let a = self.from.resolve(now_ms, tz_offset_min);
        let b = self.to.resolve_end(now_ms, tz_offset_min);
        let (a, b) = (a.min(b), a.max(b));
        if a < b {
            (a, b)
        } else if b < i64::MAX {
            (a, b + 1)
        } else {
            (a - 1, b)
        }
    }

    /// The same width earlier (`forward = false`) or later, as a fixed range. A `to` rounded to a unit's end
    /// counts whole units (shifting "Yesterday" back gives the whole day before).
    pub fn shift(&self, now_ms: i64, tz_offset_min: i32, forward: bool) -> TimeRange {
        let (a, b) = self.resolve(now_ms, tz_offset_min);
        let inclusive_end = i64::from(self.to.ends_with_round());
        let w = b.saturating_sub(a).saturating_add(inclusive_end).max(1);
        let d = if forward { w } else { w.saturating_neg() };
        TimeRange::from_absolute(a.saturating_add(d), b.saturating_add(d))
    }

    /// Widens the range `factor` times around its centre (Grafana's zoom out uses 2). A range ending at plain
    /// `now` stays relative (`now-1h` → `now-2h`); a fixed range that ended in the past is kept out of the
    /// future. A factor that is not a positive number leaves the range unchanged.
    pub fn zoom_out(&self, now_ms: i64, tz_offset_min: i32, factor: f64) -> TimeRange {
        if !(factor.is_finite() && factor > 0.0) {
            return self.clone();
        }
        let (a, b) = self.resolve(now_ms, tz_offset_min);
        let width = (b as f64 - a as f64) * factor;
        if self.to == TimeExpr::now() && self.from.is_relative() {
            return TimeRange { from: TimeExpr::ago(width as i64), to: TimeExpr::now() };
        }
        let center = a as f64 + (b as f64 - a as f64) / 2.0;
        let (mut na, mut nb) = ((center - width / 2.0) as i64, (center + width / 2.0) as i64);
        if b <= now_ms && nb > now_ms {
            na = na.saturating_sub(nb.saturating_sub(now_ms));
            nb = now_ms;
        }
        TimeRange::from_absolute(na, nb)
    }

    /// What the picker shows: a quick range's name ("Last 1 hour"), "Last 4 hours" for other `now-N…` to
    /// `now`, else both ends, fixed instants in UTC ("2024-01-02 03:04:05 to 2024-01-02 04:04:05 UTC").
    pub fn label(&self) -> String {
        self.label_in(TimeZone::Utc)
    }

    /// [`label`](Self::label) with fixed instants shown in `tz` (" UTC" is appended for UTC).
    pub fn label_in(&self, tz: TimeZone) -> String {
        if let Some(l) = quick_label(self) {
            return l.to_string();
        }
        if let (TimeExpr::Now(ops), true) = (&self.from, self.to == TimeExpr::now()) {
            if let [Op::Add(n, u)] = ops.as_slice() {
                if *n < 0 {
                    let k = n.unsigned_abs();
                    return format!("Last {k} {}", u.name(k));
                }
            }
        }
        let side = |e: &TimeExpr| match e {
            TimeExpr::Absolute(ms) => format_ms(*ms, tz, ms.rem_euclid(1000) != 0),
            other => other.to_string(),
        };
        let any_abs = matches!(self.from, TimeExpr::Absolute(_)) || matches!(self.to, TimeExpr::Absolute(_));
        let suffix = if any_abs && tz == TimeZone::Utc { " UTC" } else { "" };
        format!("{} to {}{suffix}", side(&self.from), side(&self.to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_704_164_645_678; // 2024-01-02T03:04:05.678Z
    const H: i64 = 3_600_000;

    #[test]
    fn default_is_last_hour() {
        let r = TimeRange::default();
        assert_eq!(r.from.to_string(), "now-1h");
        assert_eq!(r.to.to_string(), "now");
        assert_eq!(r.resolve(NOW, 0), (NOW - H, NOW));
        assert!(r.is_relative());
        assert_eq!(r, TimeRange::last("1h").unwrap());
    }

    #[test]
    fn parse_checks_each_end_and_order() {
        let r = TimeRange::parse("now-6h", "now").unwrap();
        assert_eq!(r.resolve(NOW, 0), (NOW - 6 * H, NOW));
        let r = TimeRange::parse("2024-01-02 00:00:00", "1704164645678").unwrap();
        assert!(!r.is_relative());
        assert!(TimeRange::parse("banana", "now").unwrap_err().starts_with("From: "));
        assert!(TimeRange::parse("now", "now-").unwrap_err().starts_with("To: "));
        assert!(TimeRange::parse("now", "now-1h").unwrap_err().contains("must be before"));
        assert!(TimeRange::parse("now", "now").unwrap_err().contains("must be before"));
        assert!(TimeRange::parse("1704164645678", "2024-01-01").unwrap_err().contains("must be before"));
        assert!(TimeRange::parse("now/d", "now/d").is_ok());
        assert!(TimeRange::parse("now/s", "now").is_ok());
        assert!(TimeRange::parse("now/m", "now/s").is_ok());
        // Mixed: ordered at resolve time.
        let r = TimeRange::parse("now", "2000-01-01").unwrap();
        let (a, b) = r.resolve(NOW, 0);
        assert!(a < b);
    }

    #[test]
    fn last_accepts_grafana_and_prometheus_durations() {
        assert_eq!(TimeRange::last("6M").unwrap().from.to_string(), "now-6M");
        assert_eq!(TimeRange::last(" 15m ").unwrap().label(), "Last 15 minutes");
        assert_eq!(TimeRange::last("1h30m").unwrap().from.to_string(), "now-90m");
        assert_eq!(TimeRange::last("4h").unwrap().label(), "Last 4 hours");
        assert!(TimeRange::last("").is_err());
        assert!(TimeRange::last("0s").is_err());
        assert!(TimeRange::last("+1h").is_err());
        assert!(TimeRange::last("soon").unwrap_err().contains("not a duration"));
    }

    #[test]
    fn resolve_orders_and_never_returns_empty() {
        let r = TimeRange::from_absolute(5, 5);
        assert_eq!(r.resolve(0, 0), (5, 6));
        let r = TimeRange::from_absolute(i64::MAX, i64::MAX);
        assert_eq!(r.resolve(0, 0), (i64::MAX - 1, i64::MAX));
        let r = TimeRange { from: TimeExpr::Absolute(10), to: TimeExpr::Absolute(3) };
        assert_eq!(r.resolve(0, 0), (3, 10));
        assert_eq!(TimeRange::from_absolute(9, 2), TimeRange { from: TimeExpr::Absolute(2), to: TimeExpr::Absolute(9) });
    }

    #[test]
    fn today_and_yesterday_round_in_the_zone() {
        let today = TimeRange::parse("now/d", "now/d").unwrap();
        // In UTC-5 it is still 2024-01-01 at 22:04.
        let (a, b) = today.resolve(NOW, -300);
        assert_eq!(a, 1_704_085_200_000); // 2024-01-01T05:00:00Z
        assert_eq!(b, a + 24 * H - 1);
    }

    #[test]
    fn shift_moves_by_the_width() {
        let r = TimeRange::last("1h").unwrap();
        assert_eq!(r.shift(NOW, 0, false), TimeRange::from_absolute(NOW - 2 * H, NOW - H));
        assert_eq!(r.shift(NOW, 0, true), TimeRange::from_absolute(NOW, NOW + H));
        let y = TimeRange::parse("now-1d/d", "now-1d/d").unwrap();
        let day_before = y.shift(NOW, 0, false);
        assert_eq!(day_before.resolve(NOW, 0), (1_703_980_800_000, 1_704_067_199_999));
        let far = TimeRange::from_absolute(i64::MIN, i64::MIN + 10);
        assert_eq!(far.shift(0, 0, false).resolve(0, 0).0, i64::MIN);
        let _ = TimeRange::from_absolute(i64::MIN, i64::MAX).shift(0, 0, true);
    }

    #[test]
    fn zoom_out_keeps_now_relative_and_fixed_ranges_in_the_past() {
        let r = TimeRange::last("1h").unwrap();
        assert_eq!(r.zoom_out(NOW, 0, 2.0).from.to_string(), "now-2h");
        assert_eq!(r.zoom_out(NOW, 0, 2.0).to, TimeExpr::now());
        let fixed = TimeRange::from_absolute(NOW - 4 * H, NOW - 2 * H);
        assert_eq!(fixed.zoom_out(NOW, 0, 2.0), TimeRange::from_absolute(NOW - 5 * H, NOW - H));
        let recent = TimeRange::from_absolute(NOW - 2 * H, NOW - H / 2);
        let z = recent.zoom_out(NOW, 0, 2.0);
        assert_eq!(z.resolve(NOW, 0), (NOW - 3 * H, NOW));
        assert_eq!(recent.zoom_out(NOW, 0, f64::NAN), recent);
        assert_eq!(recent.zoom_out(NOW, 0, -1.0), recent);
        let _ = TimeRange::from_absolute(i64::MIN, i64::MAX).zoom_out(0, 0, 1e300);
    }

    #[test]
    fn zoom_out_at_the_edge_of_time_does_not_overflow() {
        // Found by tests/fuzz_parsers.rs: `nb - now_ms` overflowed for a clock at i64::MIN.
        let r = TimeRange::parse("now-1d/d", "now-1d/d").unwrap();
        let z = r.zoom_out(i64::MIN, 0, 2.0);
        let (a, b) = z.resolve(i64::MIN, 0);
        assert!(a < b);
        let _ = r.zoom_out(i64::MAX, 0, 2.0);
    }

    #[test]
    fn labels() {
        assert_eq!(TimeRange::default().label(), "Last 1 hour");
        assert_eq!(TimeRange::parse("now/d", "now").unwrap().label(), "Today so far");
        assert_eq!(TimeRange::parse("now-1d/d", "now-1d/d").unwrap().label(), "Yesterday");
        assert_eq!(TimeRange::parse("now-1M/M", "now-1M/M").unwrap().label(), "now-1M/M to now-1M/M");
        assert_eq!(TimeRange::last("1d").unwrap().label(), "Last 1 day");
        let r = TimeRange::from_absolute(1_704_164_645_000, 1_704_168_245_500);
        assert_eq!(r.label(), "2024-01-02 03:04:05 to 2024-01-02 04:04:05.500 UTC");
        assert_eq!(r.label_in(TimeZone::Browser(60)), "2024-01-02 04:04:05 to 2024-01-02 05:04:05.500");
        let r = TimeRange::parse("2024-01-02", "now").unwrap();
        assert_eq!(r.label(), "2024-01-02 00:00:00 to now");
    }
}
