//! A panel's own time, as Grafana's `timeFrom` and `timeShift`: the range its queries ask for, from the
//! dashboard's, and the words its header shows ("Last 1 hour timeshift -1h"). Pure: `now` is a parameter.

use crate::time::{TimeExpr, TimeRange};

/// The range a `timeFrom` stands for: a duration (`1h`, `7d`, `6M`) is that much up to now; a time
/// expression (`now/d`, `now-1d/d`) is from there up to now.
fn relative(time_from: &str) -> Result<TimeRange, String> {
    let t = time_from.trim();
    if t.starts_with("now") {
        TimeRange::parse(t, "now").map_err(|e| format!("relative time \"{}\": {e}", clip(t)))
    } else {
        TimeRange::last(t).map_err(|e| format!("relative time: {e}"))
    }
}

/// The moment `at` moved back by `shift` (`1h`, `1d`, `1d/d`: Grafana's time shift, a duration with an
/// optional rounding); `end` rounds a `/unit` up to the unit's last millisecond, as a range's end does.
fn shifted(shift: &TimeExpr, at: i64, end: bool, tz_offset_min: i32) -> i64 {
    if end {
        shift.resolve_end(at, tz_offset_min)
    } else {
        shift.resolve(at, tz_offset_min)
    }
}

fn shift_expr(time_shift: &str) -> Result<TimeExpr, String> {
    let t = time_shift.trim();
    let bad = || format!("time shift \"{}\" is not a duration: use 1h, 1d, 1w or 1d/d", clip(t));
    if t.is_empty() || t.starts_with(['-', '+']) || t.starts_with("now") {
        return Err(bad());
    }
    match TimeExpr::parse(&format!("now-{t}")) {
        Ok(e @ TimeExpr::Now(_)) => Ok(e),
        _ => Err(bad()),
    }
}

fn clip(s: &str) -> String {
    crate::dashboard::json::clip(s, 40)
}

/// Checks a `timeFrom` value; the error says what is wrong.
pub fn check_time_from(s: &str) -> Result<(), String> {
    relative(s).map(|_| ())
}

/// Checks a `timeShift` value; the error says what is wrong.
pub fn check_time_shift(s: &str) -> Result<(), String> {
    shift_expr(s).map(|_| ())
}

/// The window a panel asks for: the dashboard's `(from_ms, to_ms)` unless the panel has a relative time
/// (then that much up to `now_ms`), moved back by its time shift. A value that does not parse is ignored
/// (files and imports are checked before they get here).
pub fn panel_window(
    time_from: Option<&str>,
    time_shift: Option<&str>,
    (from_ms, to_ms): (i64, i64),
    now_ms: i64,
    tz_offset_min: i32,
) -> (i64, i64) {
    let (mut a, mut b) = match time_from.map(relative) {
        Some(Ok(r)) => r.resolve(now_ms, tz_offset_min),
        _ => (from_ms, to_ms),
    };
    if let Some(Ok(s)) = time_shift.map(shift_expr) {
        a = shifted(&s, a, false, tz_offset_min);
        b = shifted(&s, b, true, tz_offset_min);
    }
    if a >= b {
        b = a.saturating_add(1);
    }
    (a, b)
}

/// What a panel's header says about its own time: [`describe`], unless the panel hides it (Grafana's
/// `hideTimeOverride`).
pub fn header_note(p: &crate::dashboard::Panel) -> Option<String> {
    if p.hide_time_override {
        return None;
    }
    describe(p.time_from.as_deref(), p.time_shift.as_deref())
}

/// What the panel's header says about its own time, as Grafana: `Last 1 hour`, `timeshift -1h`, both
/// (`Last 1 hour timeshift -1h`), or nothing when the panel follows the dashboard.
pub fn describe(time_from: Option<&str>, time_shift: Option<&str>) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(Ok(r)) = time_from.map(relative) {
        parts.push(r.label());
    }
    if let Some(s) = time_shift.filter(|s| shift_expr(s).is_ok()) {
        parts.push(format!("timeshift -{}", s.trim()));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;
    // 2025-06-15 12:30:00 UTC.
    const NOW: i64 = 1_749_990_600_000;
    const DASH: (i64, i64) = (NOW - 6 * H, NOW);

    #[test]
    fn without_own_time_a_panel_shows_the_dashboards_window() {
        assert_eq!(panel_window(None, None, DASH, NOW, 0), DASH);
        assert_eq!(describe(None, None), None);
    }

    #[test]
    fn relative_time_is_that_much_up_to_now_whatever_the_dashboard_shows() {
        assert_eq!(panel_window(Some("1h"), None, DASH, NOW, 0), (NOW - H, NOW));
        // A dashboard on a fixed day last month: the panel still shows the last hour.
        let old = (NOW - 800 * H, NOW - 790 * H);
        assert_eq!(panel_window(Some("1h"), None, old, NOW, 0), (NOW - H, NOW));
        // Grafana units and expressions: today so far starts at midnight (UTC here).
        let midnight = NOW - 12 * H - 30 * 60_000;
        assert_eq!(panel_window(Some("now/d"), None, DASH, NOW, 0), (midnight, NOW));
        assert_eq!(panel_window(Some("7d"), None, DASH, NOW, 0), (NOW - 7 * 24 * H, NOW));
    }

    #[test]
    fn time_shift_moves_both_ends_back() {
        assert_eq!(panel_window(None, Some("1h"), DASH, NOW, 0), (NOW - 7 * H, NOW - H));
        assert_eq!(panel_window(Some("2h"), Some("1d"), DASH, NOW, 0), (NOW - 26 * H, NOW - 24 * H));
        // With a rounding: the whole day before.
        let midnight = NOW - 12 * H - 30 * 60_000;
        let (a, b) = panel_window(Some("now/d"), Some("1d/d"), DASH, NOW, 0);
        assert_eq!(a, midnight - 24 * H);
        assert_eq!(b, midnight - 1);
    }

    #[test]
    fn the_header_says_what_grafana_says() {
        assert_eq!(describe(Some("1h"), None).as_deref(), Some("Last 1 hour"));
        assert_eq!(describe(Some("15m"), None).as_deref(), Some("Last 15 minutes"));
        assert_eq!(describe(None, Some("1h")).as_deref(), Some("timeshift -1h"));
        assert_eq!(describe(Some("6h"), Some("1d")).as_deref(), Some("Last 6 hours timeshift -1d"));
    }

    #[test]
    fn bad_values_are_named_and_ignored_by_the_window() {
        assert!(check_time_from("1h").is_ok() && check_time_from("now-2d/d").is_ok());
        for bad in ["", "soon", "-1h", "now+", "1x"] {
            assert!(check_time_from(bad).is_err(), "{bad}");
        }
        assert!(check_time_shift("1d/d").is_ok());
        for bad in ["", "-1h", "now-1h", "later", "1h-"] {
            assert!(check_time_shift(bad).is_err(), "{bad}");
        }
        assert_eq!(panel_window(Some("soon"), Some("later"), DASH, NOW, 0), DASH);
        assert_eq!(describe(Some("soon"), Some("later")), None);
    }
}
