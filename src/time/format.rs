//! Showing instants to people: date-time text in UTC or the browser's offset, log timestamps with sub-ms
//! digits, and short axis tick labels.

use super::civil::DateTime;

/// The zone times are shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeZone {
    /// The browser's zone, as its current offset in minutes east of UTC (UTC+2 = 120).
    Browser(i32),
    Utc,
}

impl Default for TimeZone {
    fn default() -> Self {
        TimeZone::Browser(0)
    }
}

impl TimeZone {
    /// Minutes east of UTC.
    pub fn offset_min(self) -> i32 {
        match self {
            TimeZone::Browser(m) => m,
            TimeZone::Utc => 0,
        }
    }

    /// `UTC` or `UTC+05:30` style name of the offset.
    pub fn label(self) -> String {
        let m = self.offset_min();
        if m == 0 {
            return "UTC".into();
        }
        let sign = if m < 0 { '-' } else { '+' };
        let a = m.unsigned_abs();
        format!("UTC{sign}{:02}:{:02}", a / 60, a % 60)
    }
}

fn local(ms: i64, tz: TimeZone) -> Option<DateTime> {
    DateTime::from_ms(ms.checked_add(i64::from(tz.offset_min()) * 60_000)?)
}

/// `2024-01-02 03:04:05`, or `2024-01-02 03:04:05.123` with `with_ms`. Instants outside the calendar's years (±262 142) come back
/// as the plain number of ms.
pub fn format_ms(ms: i64, tz: TimeZone, with_ms: bool) -> String {
    match local(ms, tz) {
        Some(dt) if with_ms => dt.format("%Y-%m-%d %H:%M:%S%.3f"),
        Some(dt) => dt.format("%Y-%m-%d %H:%M:%S"),
        None => ms.to_string(),
    }
}

/// A nanosecond timestamp (logs, spans): always milliseconds, plus micro- or nanoseconds when they are not
/// zero: `…05.123`, `…05.123456`, `…05.123456789`.
pub fn format_ns(ns: i64, tz: TimeZone) -> String {
    let ms = ns.div_euclid(1_000_000);
    let sub = ns.rem_euclid(1_000_000);
    let base = format_ms(ms, tz, true);
    if sub == 0 {
        base
    } else if sub % 1_000 == 0 {
        format!("{base}{:03}", sub / 1_000)
    } else {
        format!("{base}{sub:06}")
    }
}

/// A short label for an axis tick, detailed enough for the spacing `step_ms` between ticks:
/// `01-02` (≥ 1 day), `03:04` (≥ 1 min), `03:04:05` (≥ 1 s), `04:05.123` (below).
/// A tick exactly at local midnight with a sub-day step shows the date (`01-02`) to mark the day change.
pub fn format_tick(ms: i64, tz: TimeZone, step_ms: i64) -> String {
    let Some(dt) = local(ms, tz) else { return ms.to_string() };
    let midnight = (dt.hour, dt.minute, dt.second, dt.nano) == (0, 0, 0, 0);
    let f = if step_ms >= 86_400_000 || (midnight && step_ms >= 60_000) {
        "%m-%d"
    } else if step_ms >= 60_000 {
        "%H:%M"
    } else if step_ms >= 1_000 {
        "%H:%M:%S"
    } else {
        "%M:%S%.3f"
    };
    dt.format(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2024-01-02T03:04:05.678Z
    const T: i64 = 1_704_164_645_678;

    #[test]
    fn formats_in_utc_and_offsets() {
        assert_eq!(format_ms(T, TimeZone::Utc, false), "2024-01-02 03:04:05");
        assert_eq!(format_ms(T, TimeZone::Utc, true), "2024-01-02 03:04:05.678");
        assert_eq!(format_ms(T, TimeZone::Browser(0), true), "2024-01-02 03:04:05.678");
        assert_eq!(format_ms(T, TimeZone::Browser(-300), false), "2024-01-01 22:04:05");
        assert_eq!(format_ms(T, TimeZone::Browser(330), false), "2024-01-02 08:34:05");
        assert_eq!(format_ms(0, TimeZone::Utc, true), "1970-01-01 00:00:00.000");
        assert_eq!(format_ms(-1, TimeZone::Utc, true), "1969-12-31 23:59:59.999");
        assert_eq!(format_ms(i64::MAX, TimeZone::Browser(60), false), i64::MAX.to_string());
        assert_eq!(format_ms(i64::MIN, TimeZone::Browser(-60), false), i64::MIN.to_string());
    }

    #[test]
    fn formats_nanoseconds_as_precisely_as_useful() {
        let ns = T * 1_000_000;
        assert_eq!(format_ns(ns, TimeZone::Utc), "2024-01-02 03:04:05.678");
        assert_eq!(format_ns(ns + 901_000, TimeZone::Utc), "2024-01-02 03:04:05.678901");
        assert_eq!(format_ns(ns + 901_234, TimeZone::Utc), "2024-01-02 03:04:05.678901234");
        assert_eq!(format_ns(ns + 5, TimeZone::Browser(60), ), "2024-01-02 04:04:05.678000005");
        assert_eq!(format_ns(-1, TimeZone::Utc), "1969-12-31 23:59:59.999999999");
        assert_eq!(format_ns(i64::MAX, TimeZone::Utc), "2262-04-11 23:47:16.854775807");
        assert_eq!(format_ns(i64::MIN, TimeZone::Utc), "1677-09-21 00:12:43.145224192");
    }

    #[test]
    fn tick_labels_follow_the_step() {
        assert_eq!(format_tick(T, TimeZone::Utc, 86_400_000), "01-02");
        assert_eq!(format_tick(T, TimeZone::Utc, 300_000), "03:04");
        assert_eq!(format_tick(T, TimeZone::Utc, 10_000), "03:04:05");
        assert_eq!(format_tick(T, TimeZone::Utc, 100), "04:05.678");
        assert_eq!(format_tick(T, TimeZone::Browser(60), 300_000), "04:04");
        assert_eq!(format_tick(1_704_153_600_000, TimeZone::Utc, 3_600_000), "01-02");
        assert_eq!(format_tick(i64::MAX, TimeZone::Utc, 1), i64::MAX.to_string());
    }

    #[test]
    fn zone_labels() {
        assert_eq!(TimeZone::Utc.label(), "UTC");
        assert_eq!(TimeZone::Browser(330).label(), "UTC+05:30");
        assert_eq!(TimeZone::Browser(-240).label(), "UTC-04:00");
        assert_eq!(TimeZone::Browser(-240).offset_min(), -240);
    }
}
