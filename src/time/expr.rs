//! Grafana-style time expressions: `now`, `now-6h`, `now-1d/d`, `now/w`, epoch milliseconds, RFC 3339 and
//! local wall-clock dates, parsed from text and resolved against a given `now` and time-zone offset.

use std::fmt;
use std::str::FromStr;

use super::civil::{self, DateTime};

const SECOND_MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
const WEEK_MS: i64 = 7 * DAY_MS;
/// Average Gregorian month, used only when calendar arithmetic leaves the calendar's range (years ±262 142).
const AVG_MONTH_MS: i64 = 2_629_746_000;
/// Longest accepted expression text; real expressions are a few characters.
const MAX_LEN: usize = 100;
/// Most `+N unit` / `/unit` steps after `now`.
const MAX_OPS: usize = 16;

/// A calendar unit of a relative expression, written as Grafana writes it (`m` minute, `M` month).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    /// `s m h d w M y` → unit.
    pub fn from_char(c: char) -> Option<Unit> {
        Some(match c {
            's' => Unit::Second,
            'm' => Unit::Minute,
            'h' => Unit::Hour,
            'd' => Unit::Day,
            'w' => Unit::Week,
            'M' => Unit::Month,
            'y' => Unit::Year,
            _ => return None,
        })
    }

    pub fn as_char(self) -> char {
        match self {
            Unit::Second => 's',
            Unit::Minute => 'm',
            Unit::Hour => 'h',
            Unit::Day => 'd',
            Unit::Week => 'w',
            Unit::Month => 'M',
            Unit::Year => 'y',
        }
    }

    /// Length in ms for units of fixed length (all but month and year; the offset is fixed, so days are 24 h).
    pub fn fixed_ms(self) -> Option<i64> {
        match self {
            Unit::Second => Some(SECOND_MS),
            Unit::Minute => Some(MINUTE_MS),
            Unit::Hour => Some(HOUR_MS),
            Unit::Day => Some(DAY_MS),
            Unit::Week => Some(WEEK_MS),
            Unit::Month | Unit::Year => None,
        }
    }

    /// English name, singular or plural ("1 hour", "6 hours").
    pub fn name(self, n: u64) -> &'static str {
        let one = n == 1;
        match self {
            Unit::Second => if one { "second" } else { "seconds" },
            Unit::Minute => if one { "minute" } else { "minutes" },
            Unit::Hour => if one { "hour" } else { "hours" },
            Unit::Day => if one { "day" } else { "days" },
            Unit::Week => if one { "week" } else { "weeks" },
            Unit::Month => if one { "month" } else { "months" },
            Unit::Year => if one { "year" } else { "years" },
        }
    }
}

/// One step applied to `now`, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `+N unit` or `-N unit` (negative N).
    Add(i64, Unit),
    /// `/unit`: round to the start of the unit (or to its end for the `to` side of a range).
    Round(Unit),
}

/// A point in time as a user writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeExpr {
    /// `now` followed by steps: `now-1d/d` = `Now(vec![Add(-1, Day), Round(Day)])`.
    Now(Vec<Op>),
    /// An instant, Unix epoch milliseconds (from digits or RFC 3339 with a zone).
    Absolute(i64),
    /// A wall-clock date and time without zone (`2024-01-02 03:04:05`), read in the view's time zone.
    Local(DateTime),
}

impl Default for TimeExpr {
    fn default() -> Self {
        TimeExpr::now()
    }
}

impl TimeExpr {
    /// Plain `now`.
    pub fn now() -> TimeExpr {
        TimeExpr::Now(Vec::new())
    }

    /// `now-<ms>` written with the largest unit that divides it exactly (`now-2h`, `now-90m`); at least 1 s,
    /// rounded to whole seconds.
    pub fn ago(ms: i64) -> TimeExpr {
        let secs = ms.saturating_add(500).div_euclid(SECOND_MS).max(1);
        let (n, unit) = [(WEEK_MS, Unit::Week), (DAY_MS, Unit::Day), (HOUR_MS, Unit::Hour), (MINUTE_MS, Unit::Minute)]
            .iter()
            .find(|(len, _)| secs % (len / SECOND_MS) == 0)
            .map(|(len, u)| (secs / (len / SECOND_MS), *u))
            .unwrap_or((secs, Unit::Second));
        TimeExpr::Now(vec![Op::Add(-n, unit)])
    }

    /// Parses `now[±N unit|/unit]*`, epoch ms, RFC 3339, `YYYY-MM-DD[ HH:MM[:SS[.fff]]]` (also with `T`).
    pub fn parse(text: &str) -> Result<TimeExpr, String> {
        let s = text.trim();
        if s.is_empty() {
            return Err("empty time: use now, now-6h, now-1d/d, epoch milliseconds or 2024-01-02 03:04:05".into());
        }
        if s.len() > MAX_LEN {
            return Err(format!("time expression too long ({} characters, at most {MAX_LEN})", s.len()));
        }
        if let Some(rest) = s.strip_prefix("now") {
            let e = parse_ops(rest).map(TimeExpr::Now).map_err(|e| format!("\"{}\": {e}", clip(s)))?;
            // Written out (`now-w` → `now-1w`) it may grow past the limit; links carry the written form, so
            // it must read back (found by the `time` fuzz target).
            let written = e.to_string().len();
            if written > MAX_LEN {
                return Err(format!("time expression too long ({written} characters written out, at most {MAX_LEN})"));
            }
            return Ok(e);
        }
        let digits = s.strip_prefix('-').unwrap_or(s);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return s
                .parse::<i64>()
                .map(TimeExpr::Absolute)
                .map_err(|_| format!("\"{}\" is too large for epoch milliseconds", clip(s)));
        }
        if let Some(ms) = parse_zoned(s) {
            return Ok(TimeExpr::Absolute(ms));
        }
        if let Some(dt) = civil::parse_local(s) {
            return Ok(TimeExpr::Local(dt));
        }
        Err(format!(
            "\"{}\" is not a time: use now, now-6h, now-1d/d, epoch milliseconds, 2024-01-02 03:04:05 or RFC 3339",
            clip(s)
        ))
    }

    /// True for `now…` expressions (their instant moves with the clock).
    pub fn is_relative(&self) -> bool {
        matches!(self, TimeExpr::Now(_))
    }

    /// The instant in epoch ms, rounding `/unit` down to the unit's start (the `from` side).
    /// `tz_offset_min` is minutes east of UTC; it places day/week/month boundaries and local dates.
    pub fn resolve(&self, now_ms: i64, tz_offset_min: i32) -> i64 {
        self.resolve_side(now_ms, tz_offset_min, false)
    }

    /// As [`resolve`](Self::resolve) but `/unit` rounds up to the unit's last millisecond (the `to` side):
    /// `now/d` is 23:59:59.999 today, as in Grafana.
    pub fn resolve_end(&self, now_ms: i64, tz_offset_min: i32) -> i64 {
        self.resolve_side(now_ms, tz_offset_min, true)
    }

    /// True when the last step rounds to a unit (so the `to` side ends on a unit's last millisecond).
    pub fn ends_with_round(&self) -> bool {
        matches!(self, TimeExpr::Now(ops) if matches!(ops.last(), Some(Op::Round(_))))
    }

    fn resolve_side(&self, now_ms: i64, tz_offset_min: i32, round_up: bool) -> i64 {
        let off = i64::from(tz_offset_min) * MINUTE_MS;
        match self {
            TimeExpr::Absolute(ms) => *ms,
            TimeExpr::Local(dt) => dt.to_ms().saturating_sub(off),
            TimeExpr::Now(ops) => ops.iter().fold(now_ms, |t, op| match *op {
                Op::Add(n, unit) => add_units(t, n, unit, off),
                Op::Round(unit) => round_to(t, unit, off, round_up),
            }),
        }
    }
}

impl FromStr for TimeExpr {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TimeExpr::parse(s)
    }
}

impl fmt::Display for TimeExpr {
    /// Canonical text that parses back to the same value: `now-1d/d`, `2024-01-02T03:04:05.123Z` (epoch ms
    /// outside years 0–9999), `2024-01-02 03:04:05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeExpr::Now(ops) => {
                f.write_str("now")?;
                for op in ops {
                    match *op {
                        Op::Add(n, u) if n < 0 => write!(f, "-{}{}", n.unsigned_abs(), u.as_char())?,
                        Op::Add(n, u) => write!(f, "+{}{}", n, u.as_char())?,
                        Op::Round(u) => write!(f, "/{}", u.as_char())?,
                    }
                }
                Ok(())
            }
            TimeExpr::Absolute(ms) => match DateTime::from_ms(*ms) {
                Some(dt) if (0..=9999).contains(&dt.year) => f.write_str(&dt.format("%Y-%m-%dT%H:%M:%S%.fZ")),
                _ => write!(f, "{ms}"),
            },
            TimeExpr::Local(dt) => f.write_str(&dt.format("%Y-%m-%d %H:%M:%S%.f")),
        }
    }
}

fn parse_ops(rest: &str) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    let mut chars = rest.chars().filter(|c| !c.is_whitespace()).peekable();
    while let Some(c) = chars.next() {
        if ops.len() >= MAX_OPS {
            return Err(format!("too many steps (at most {MAX_OPS})"));
        }
        match c {
            '+' | '-' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                let n: i64 = if digits.is_empty() {
                    1
                } else {
                    digits.parse().map_err(|_| format!("the number {} is too large", clip(&digits)))?
                };
                let unit = unit_after(chars.next(), c)?;
                ops.push(Op::Add(if c == '-' { -n } else { n }, unit));
            }
            '/' => ops.push(Op::Round(unit_after(chars.next(), c)?)),
            other => return Err(format!("unexpected '{other}' after now: write now-6h, now+1d or now/d")),
        }
    }
    Ok(ops)
}

fn unit_after(c: Option<char>, after: char) -> Result<Unit, String> {
    match c {
        Some(u) => Unit::from_char(u)
            .ok_or_else(|| format!("unknown unit '{u}': use s, m (minutes), h, d, w, M (months) or y")),
        None => Err(format!("missing unit after '{after}': use s, m, h, d, w, M or y")),
    }
}

/// RFC 3339 (`T` or space between date and time) with `Z` or an offset.
fn parse_zoned(s: &str) -> Option<i64> {
    if let Some(ms) = civil::rfc3339_ms(s) {
        return Some(ms);
    }
    // `2024-01-02T03:04Z` (no seconds; a space for the `T` is read by `rfc3339_ms` itself).
    let t = s.replacen(' ', "T", 1);
    let with_secs = t.strip_suffix('Z').filter(|x| x.len() == 16).map(|x| format!("{x}:00Z"))?;
    civil::rfc3339_ms(&with_secs)
}

/// Adds `n` units to the instant `t`; months and years follow the calendar in the zone (31 Jan + 1M =
/// 29 Feb in a leap year). Never overflows: clamps to i64 at the extremes.
pub(crate) fn add_units(t: i64, n: i64, unit: Unit, off: i64) -> i64 {
    if let Some(len) = unit.fixed_ms() {
        return t.saturating_add(n.saturating_mul(len));
    }
    let months = if unit == Unit::Year { n.saturating_mul(12) } else { n };
    add_months(t, months, off).unwrap_or_else(|| t.saturating_add(months.saturating_mul(AVG_MONTH_MS)))
}

fn add_months(t: i64, months: i64, off: i64) -> Option<i64> {
    let local = DateTime::from_ms(t.checked_add(off)?)?;
    local.add_months(months)?.to_ms().checked_sub(off)
}

/// Rounds `t` to the start of its unit in the zone, or to the unit's last millisecond when `up`.
/// Weeks start on Monday (ISO 8601). Out-of-range instants are left unchanged.
pub(crate) fn round_to(t: i64, unit: Unit, off: i64, up: bool) -> i64 {
    let rounded = (|| {
        let local = t.checked_add(off)?;
        let start = local_start(local, unit)?;
        let edge = if up { local_next(start, unit)?.checked_sub(1)? } else { start };
        edge.checked_sub(off)
    })();
    rounded.unwrap_or(t)
}

fn local_start(local: i64, unit: Unit) -> Option<i64> {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => {
            let len = unit.fixed_ms()?;
            local.checked_sub(local.rem_euclid(len))
        }
        Unit::Week => {
            let day = local.checked_sub(local.rem_euclid(DAY_MS))?;
            // 1970-01-01 was a Thursday: days since Monday = (days + 3) mod 7.
            let since_monday = (local.div_euclid(DAY_MS) + 3).rem_euclid(7);
            day.checked_sub(since_monday * DAY_MS)
        }
        Unit::Month | Unit::Year => {
            let dt = DateTime::from_ms(local)?;
            let month = if unit == Unit::Month { dt.month.into() } else { 1 };
            Some(DateTime::new(dt.year.into(), month, 1, 0, 0, 0, 0)?.to_ms())
        }
    }
}

fn local_next(start: i64, unit: Unit) -> Option<i64> {
    match unit.fixed_ms() {
        Some(len) => start.checked_add(len),
        None => {
            let months = if unit == Unit::Year { 12 } else { 1 };
            Some(DateTime::from_ms(start)?.add_months(months)?.to_ms())
        }
    }
}

/// At most 40 characters of user text for a message, cut on a char boundary.
pub(crate) fn clip(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(40).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2024-01-02T03:04:05.678Z, a Tuesday.
    const NOW: i64 = 1_704_164_645_678;

    fn p(s: &str) -> TimeExpr {
        TimeExpr::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }
    fn utc(s: &str) -> i64 {
        civil::rfc3339_ms(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn parses_relative_expressions() {
        assert_eq!(p("now"), TimeExpr::Now(vec![]));
        assert_eq!(p("now-1h"), TimeExpr::Now(vec![Op::Add(-1, Unit::Hour)]));
        assert_eq!(p(" now-7d/d "), TimeExpr::Now(vec![Op::Add(-7, Unit::Day), Op::Round(Unit::Day)]));
        assert_eq!(p("now/w"), TimeExpr::Now(vec![Op::Round(Unit::Week)]));
        assert_eq!(p("now+2M"), TimeExpr::Now(vec![Op::Add(2, Unit::Month)]));
        assert_eq!(p("now - 5m"), TimeExpr::Now(vec![Op::Add(-5, Unit::Minute)]));
        assert_eq!(p("now-d"), TimeExpr::Now(vec![Op::Add(-1, Unit::Day)]));
    }

    #[test]
    fn parses_absolute_expressions() {
        assert_eq!(p("1732000000000"), TimeExpr::Absolute(1_732_000_000_000));
        assert_eq!(p("-5"), TimeExpr::Absolute(-5));
        assert_eq!(p("2024-01-02T03:04:05.678Z"), TimeExpr::Absolute(NOW));
        assert_eq!(p("2024-01-02T04:04:05.678+01:00"), TimeExpr::Absolute(NOW));
        assert_eq!(p("2024-01-02 03:04:05Z"), TimeExpr::Absolute(utc("2024-01-02T03:04:05Z")));
        assert_eq!(p("2024-01-02T03:04Z"), TimeExpr::Absolute(utc("2024-01-02T03:04:00Z")));
        let local = |h, mi, s, ns| TimeExpr::Local(DateTime::new(2024, 1, 2, h, mi, s, ns).unwrap());
        assert_eq!(p("2024-01-02 03:04:05"), local(3, 4, 5, 0));
        assert_eq!(p("2024-01-02T03:04:05.5"), local(3, 4, 5, 500_000_000));
        assert_eq!(p("2024-01-02 03:04"), local(3, 4, 0, 0));
        assert_eq!(p("2024-01-02"), local(0, 0, 0, 0));
    }

    #[test]
    fn rejects_bad_input_with_a_message() {
        for (input, needle) in [
            ("", "empty"),
            ("   ", "empty"),
            ("banana", "not a time"),
            ("now-1", "missing unit"),
            ("now-1x", "unknown unit 'x'"),
            ("now*2h", "unexpected '*'"),
            ("now/", "missing unit"),
            ("now-99999999999999999999h", "too large"),
            ("99999999999999999999", "too large"),
            ("2024-13-45", "not a time"),
            ("2024-01-02 25:00:00", "not a time"),
            ("now-1h-1h-1h-1h-1h-1h-1h-1h-1h-1h-1h-1h-1h-1h-1h-1h-1h", "too many"),
        ] {
            let e = TimeExpr::parse(input).expect_err(input);
            assert!(e.contains(needle), "{input:?}: {e}");
        }
        let long = "x".repeat(10_000);
        assert!(TimeExpr::parse(&long).unwrap_err().contains("too long"));
        // 100 characters typed, but `-w` is written `-1w`: refused, so every accepted expression reads back.
        let grows = format!("now{}{}", "-99999999w".repeat(9), "-w".repeat(3));
        assert_eq!(grows.len(), 99);
        assert!(TimeExpr::parse(&grows).unwrap_err().contains("written out"), "{grows}");
        let fits = format!("now{}", "-w".repeat(10));
        assert_eq!(TimeExpr::parse(&TimeExpr::parse(&fits).unwrap().to_string()), TimeExpr::parse(&fits));
        // Multi-byte text is clipped on a char boundary in the message.
        let e = TimeExpr::parse(&"é".repeat(45)).unwrap_err();
        assert!(e.contains('…'), "{e}");
    }

    #[test]
    fn display_round_trips() {
        for s in ["now", "now-1h", "now-7d/d", "now/w", "now+3M/M", "now-1y/y", "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05.678Z", "2024-01-02 03:04:05", "2024-01-02 03:04:05.250", "-62200000000000000"]
        {
            let e = p(s);
            assert_eq!(e.to_string(), s);
            assert_eq!(p(&e.to_string()), e);
        }
        assert_eq!(p("1704164645678").to_string(), "2024-01-02T03:04:05.678Z");
        assert_eq!(p("2024-01-02").to_string(), "2024-01-02 00:00:00");
        assert_eq!(TimeExpr::Now(vec![Op::Add(i64::MIN, Unit::Second)]).to_string(), "now-9223372036854775808s");
    }

    #[test]
    fn resolves_offsets_and_rounding() {
        assert_eq!(p("now").resolve(NOW, 0), NOW);
        assert_eq!(p("now-1h").resolve(NOW, 0), NOW - HOUR_MS);
        assert_eq!(p("now+1w").resolve(NOW, 300), NOW + WEEK_MS);
        assert_eq!(p("now/d").resolve(NOW, 0), utc("2024-01-02T00:00:00Z"));
        assert_eq!(p("now/d").resolve_end(NOW, 0), utc("2024-01-02T23:59:59.999Z"));
        assert_eq!(p("now-1d/d").resolve(NOW, 0), utc("2024-01-01T00:00:00Z"));
        assert_eq!(p("now-7d/d").resolve(NOW, 0), utc("2023-12-26T00:00:00Z"));
        assert_eq!(p("now/h").resolve(NOW, 0), utc("2024-01-02T03:00:00Z"));
        assert_eq!(p("now/m").resolve_end(NOW, 0), utc("2024-01-02T03:04:59.999Z"));
        assert_eq!(p("now/s").resolve(NOW, 0), utc("2024-01-02T03:04:05Z"));
        // Weeks start on Monday.
        assert_eq!(p("now/w").resolve(NOW, 0), utc("2024-01-01T00:00:00Z"));
        assert_eq!(p("now/w").resolve_end(NOW, 0), utc("2024-01-07T23:59:59.999Z"));
        assert_eq!(p("now/M").resolve(NOW, 0), utc("2024-01-01T00:00:00Z"));
        assert_eq!(p("now/M").resolve_end(NOW, 0), utc("2024-01-31T23:59:59.999Z"));
        assert_eq!(p("now-1M/M").resolve_end(NOW, 0), utc("2023-12-31T23:59:59.999Z"));
        assert_eq!(p("now/y").resolve(NOW, 0), utc("2024-01-01T00:00:00Z"));
        assert_eq!(p("now/y").resolve_end(NOW, 0), utc("2024-12-31T23:59:59.999Z"));
        assert_eq!(p("now-1y").resolve(NOW, 0), utc("2023-01-02T03:04:05.678Z"));
    }

    #[test]
    fn calendar_months_clamp_to_month_end() {
        let jan31 = utc("2024-01-31T12:00:00Z");
        assert_eq!(p("now+1M").resolve(jan31, 0), utc("2024-02-29T12:00:00Z"));
        assert_eq!(p("now-1y").resolve(utc("2024-02-29T00:00:00Z"), 0), utc("2023-02-28T00:00:00Z"));
    }

    #[test]
    fn rounding_follows_the_time_zone() {
        // 03:04 UTC is 22:04 the previous day in UTC-5 and 08:34 in UTC+5:30.
        assert_eq!(p("now/d").resolve(NOW, -300), utc("2024-01-01T00:00:00-05:00"));
        assert_eq!(p("now/d").resolve_end(NOW, -300), utc("2024-01-01T23:59:59.999-05:00"));
        assert_eq!(p("now/d").resolve(NOW, 330), utc("2024-01-02T00:00:00+05:30"));
        assert_eq!(p("now/h").resolve(NOW, 330), utc("2024-01-02T08:00:00+05:30"));
        // 2024-01-01 00:30 in UTC+1 is still 2023-12-31 in UTC: the year differs.
        let t = utc("2023-12-31T23:30:00Z");
        assert_eq!(p("now/y").resolve(t, 60), utc("2024-01-01T00:00:00+01:00"));
        assert_eq!(p("now/y").resolve(t, 0), utc("2023-01-01T00:00:00Z"));
        // Monday 00:30 in UTC+1 is Sunday in UTC.
        let t = utc("2023-12-31T23:30:00Z");
        assert_eq!(p("now/w").resolve(t, 60), utc("2024-01-01T00:00:00+01:00"));
        assert_eq!(p("now/w").resolve(t, 0), utc("2023-12-25T00:00:00Z"));
        // A local wall-clock time means different instants in different zones.
        assert_eq!(p("2024-01-02 03:04:05").resolve(0, 120), utc("2024-01-02T03:04:05+02:00"));
        assert_eq!(p("2024-01-02 03:04:05").resolve(0, 0), utc("2024-01-02T03:04:05Z"));
        // Absolute instants ignore the zone.
        assert_eq!(p("1732000000000").resolve(NOW, 600), 1_732_000_000_000);
    }

    #[test]
    fn extreme_values_do_not_panic() {
        for now in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX] {
            for s in ["now-9223372036854775807y", "now+9223372036854775807M/M", "now/w", "now/y", "now-1d/d", "now+5w/s"] {
                let e = p(s);
                let _ = (e.resolve(now, 1440), e.resolve_end(now, -1440), e.resolve(now, i32::MAX), e.to_string());
            }
        }
        assert_eq!(p("now-9223372036854775807d").resolve(0, 0), i64::MIN);
        assert_eq!(p("now/d").resolve(i64::MIN, 0), i64::MIN);
    }

    #[test]
    fn ago_uses_the_largest_exact_unit() {
        assert_eq!(TimeExpr::ago(2 * HOUR_MS).to_string(), "now-2h");
        assert_eq!(TimeExpr::ago(90 * MINUTE_MS).to_string(), "now-90m");
        assert_eq!(TimeExpr::ago(14 * DAY_MS).to_string(), "now-2w");
        assert_eq!(TimeExpr::ago(1_500).to_string(), "now-2s");
        assert_eq!(TimeExpr::ago(0).to_string(), "now-1s");
        assert!(TimeExpr::ago(i64::MAX).resolve(0, 0) < 0);
    }
}
