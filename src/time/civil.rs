//! Civil (proleptic Gregorian) dates and times in UTC or a fixed offset, without a calendar library:
//! epoch milliseconds ↔ date and time of day, RFC 3339 reading, local `YYYY-MM-DD HH:MM[:SS[.fff]]` reading
//! (as leniently as chrono's `%Y-%m-%d %H:%M:%S%.f` did) and the few strftime patterns the app writes.

use std::fmt::Write;

const DAY_MS: i64 = 86_400_000;
/// The years chrono's dates covered (−262143 to 262142); instants outside are shown as plain numbers.
const MIN_YEAR: i64 = -262_143;
const MAX_YEAR: i64 = 262_142;

/// A date and time of day, as a wall clock shows it (no zone). `second` is 60 in a leap second (which
/// counts as the first second of the next minute).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub nano: u32,
}

/// True for Gregorian leap years (every 4th, not every 100th, every 400th).
pub fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in a month (1–12) of a year.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
}

impl DateTime {
    /// The UTC date and time of an epoch-ms instant (shift it first for another offset); None outside the
    /// years −262143 to 262142.
    pub fn from_ms(ms: i64) -> Option<DateTime> {
        let (y, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
            return None;
        }
        let in_day = ms.rem_euclid(DAY_MS);
        Some(DateTime {
            year: y as i32,
            month: month as u8,
            day: day as u8,
            hour: (in_day / 3_600_000) as u8,
            minute: (in_day / 60_000 % 60) as u8,
            second: (in_day / 1_000 % 60) as u8,
            nano: (in_day % 1_000) as u32 * 1_000_000,
        })
    }

    /// A checked date and time (second 60 allowed: a leap second); None when a field is out of range.
    pub fn new(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32, nano: u32) -> Option<DateTime> {
        let ok = (MIN_YEAR..=MAX_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second <= 60
            && nano < 1_000_000_000;
        ok.then_some(DateTime {
            year: year as i32,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            nano,
        })
    }

    /// Days since 1970-01-01.
    pub fn days(&self) -> i64 {
        days_from_civil(i64::from(self.year), u32::from(self.month), u32::from(self.day))
    }

    /// Seconds since the epoch, read as UTC (a leap second is the next minute's first second).
    fn secs(&self) -> i64 {
        self.days() * 86_400 + i64::from(self.hour) * 3_600 + i64::from(self.minute) * 60 + i64::from(self.second)
    }

    /// Epoch ms, read as UTC (never overflows: the years are bounded).
    pub fn to_ms(&self) -> i64 {
        self.secs() * 1_000 + i64::from(self.nano / 1_000_000)
    }

    /// Epoch ns, read as UTC; None outside i64 nanoseconds (years 1677–2262).
    pub fn to_ns(&self) -> Option<i64> {
        i64::try_from(i128::from(self.secs()) * 1_000_000_000 + i128::from(self.nano)).ok()
    }

    /// The date and time `months` calendar months later (earlier when negative), the day clamped to the
    /// month's last (31 Jan + 1 month = 29 Feb in a leap year); None outside the years.
    pub fn add_months(&self, months: i64) -> Option<DateTime> {
        let index = i64::from(self.year).checked_mul(12)?.checked_add(i64::from(self.month) - 1)?.checked_add(months)?;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        let day = u32::from(self.day).min(days_in_month(year, month));
        DateTime::new(year, month, day, self.hour.into(), self.minute.into(), self.second.into(), self.nano)
    }

    /// Text in a strftime-like pattern: `%Y` (4 digits, signed outside 0–9999), `%m %d %H %M %S` (2 digits),
    /// `%.3f` (always milliseconds), `%.f` (`.fff`, `.ffffff` or `.fffffffff`, as many as needed; nothing for
    /// whole seconds); any other character as it is.
    pub fn format(&self, pattern: &str) -> String {
        let mut out = String::with_capacity(pattern.len() + 8);
        let mut rest = pattern;
        while let Some(c) = rest.chars().next() {
            let (done, n) = if let Some(r) = rest.strip_prefix("%.3f") {
                let _ = write!(out, ".{:03}", self.nano / 1_000_000);
                (r, 0)
            } else if let Some(r) = rest.strip_prefix("%.f") {
                let ns = self.nano;
                let _ = match ns {
                    0 => Ok(()),
                    _ if ns % 1_000_000 == 0 => write!(out, ".{:03}", ns / 1_000_000),
                    _ if ns % 1_000 == 0 => write!(out, ".{:06}", ns / 1_000),
                    _ => write!(out, ".{ns:09}"),
                };
                (r, 0)
            } else if let Some(r) = rest.strip_prefix("%Y") {
                let _ = if (0..=9999).contains(&self.year) { write!(out, "{:04}", self.year) } else { write!(out, "{:+05}", self.year) };
                (r, 0)
            } else if rest.starts_with('%') && rest.len() >= 2 {
                let v = match rest.as_bytes()[1] {
                    b'm' => Some(self.month),
                    b'd' => Some(self.day),
                    b'H' => Some(self.hour),
                    b'M' => Some(self.minute),
                    b'S' => Some(self.second),
                    _ => None,
                };
                match v {
                    Some(v) => {
                        let _ = write!(out, "{v:02}");
                        (&rest[2..], 0)
                    }
                    None => (rest, c.len_utf8()),
                }
            } else {
                (rest, c.len_utf8())
            };
            if n > 0 {
                out.push_str(&done[..n]);
                rest = &done[n..];
            } else {
                rest = done;
            }
        }
        out
    }
}

/// RFC 3339 (`2024-01-02T03:04:05.678+01:00`; `t` or a space for `T`, `z` for `Z`, any number of fraction
/// digits, nanoseconds kept, second 60) as the UTC date and time and the offset in seconds east of UTC.
pub fn parse_rfc3339(s: &str) -> Option<(DateTime, i32)> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<u32> {
        b.get(from..from + len)?.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut rest = &s[19..];
    let mut nano = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        // Digits past the ninth are read and dropped.
        nano = frac.bytes().take(digits.min(9)).fold(0u32, |n, c| n * 10 + u32::from(c - b'0')) * 10u32.pow(9 - digits.min(9) as u32);
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let (negative, hm) = match rest.chars().next()? {
                '+' => (false, &rest[1..]),
                '-' => (true, &rest[1..]),
                '\u{2212}' => (true, &rest['\u{2212}'.len_utf8()..]),
                _ => return None,
            };
            let o = hm.as_bytes();
            if o.len() != 5 || o[2] != b':' || !o.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit()) {
                return None;
            }
            let (h, m) = (u32::from(o[0] - b'0') * 10 + u32::from(o[1] - b'0'), u32::from(o[3] - b'0') * 10 + u32::from(o[4] - b'0'));
            if h > 23 || m > 59 {
                return None;
            }
            let secs = (h * 3_600 + m * 60) as i32;
            if negative { -secs } else { secs }
        }
    };
    // A leap second is only 60; the time of day and the date are checked as written.
    let local = DateTime::new(year.into(), month, day, hour, minute, second, nano)?;
    let utc_ms = local.to_ms() - i64::from(offset) * 1_000;
    let mut utc = DateTime::from_ms(utc_ms)?;
    utc.nano = nano;
    Some((utc, offset))
}

/// An RFC 3339 instant in epoch ms (None if unreadable).
pub fn rfc3339_ms(s: &str) -> Option<i64> {
    parse_rfc3339(s).map(|(dt, _)| dt.to_ms())
}

/// An RFC 3339 instant in epoch ns (None if unreadable or outside i64 nanoseconds).
pub fn rfc3339_ns(s: &str) -> Option<i64> {
    utc_ns(s).or_else(|| parse_rfc3339(s).and_then(|(dt, _)| dt.to_ns()))
}

/// The shape servers write (VictoriaLogs' `_time`: `2026-12-06T07:46:02.419051269Z`, 1 to 9 fraction digits
/// or none, `T` and `Z`) read in one pass without the offset's round trip; None for anything else, which
/// [`parse_rfc3339`] then reads (the same instant either way).
fn utc_ns(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let (&b'Z', body) = b.split_last()? else { return None };
    if body.len() < 19 || body[4] != b'-' || body[7] != b'-' || body[10] != b'T' || body[13] != b':' || body[16] != b':' {
        return None;
    }
    let digits = |r: &[u8]| r.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    let nano = match &body[19..] {
        [] => 0,
        [b'.', frac @ ..] if (1..=9).contains(&frac.len()) => digits(frac)? * 10u32.pow(9 - frac.len() as u32),
        _ => return None,
    };
    let dt = DateTime::new(digits(&body[..4])?.into(), digits(&body[5..7])?, digits(&body[8..10])?, digits(&body[11..13])?, digits(&body[14..16])?, digits(&body[17..19])?, nano)?;
    dt.secs().checked_mul(1_000_000_000)?.checked_add(i64::from(nano))
}

/// A wall-clock date and time without zone, read as chrono's `%Y-%m-%d %H:%M:%S%.f`, `%Y-%m-%dT%H:%M:%S%.f`,
/// `%Y-%m-%d %H:%M`, `%Y-%m-%dT%H:%M` or `%Y-%m-%d` read them: fields of one or two digits (the year up to
/// four, or signed), blanks allowed before a number, any blanks (or none) or a `T` between date and time.
pub fn parse_local(s: &str) -> Option<DateTime> {
    let mut r = Reader(s);
    let year = r.year()?;
    r.lit('-')?;
    let month = r.number(2)?;
    r.lit('-')?;
    let day = r.number(2)?;
    if r.0.is_empty() {
        return DateTime::new(year, month, day, 0, 0, 0, 0);
    }
    if r.lit('T').is_none() {
        r.0 = r.0.trim_start();
    }
    let hour = r.number(2)?;
    r.lit(':')?;
    let minute = r.number(2)?;
    let (mut second, mut nano) = (0, 0);
    if !r.0.is_empty() {
        r.lit(':')?;
        second = r.number(2)?;
        if let Some(frac) = r.0.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            nano = frac.bytes().take(digits.min(9)).fold(0u32, |n, c| n * 10 + u32::from(c - b'0')) * 10u32.pow(9 - digits.min(9) as u32);
            r.0 = &frac[digits..];
        }
        if !r.0.is_empty() {
            return None;
        }
    }
    // chrono read second 60 as a leap second of the minute's last second.
    DateTime::new(year, month, day, hour, minute, second, nano)
}

/// The rest of the text being read by [`parse_local`].
struct Reader<'a>(&'a str);

impl Reader<'_> {
    fn lit(&mut self, c: char) -> Option<()> {
        self.0 = self.0.strip_prefix(c)?;
        Some(())
    }

    /// Blanks, then 1 to `most` digits.
    fn number(&mut self, most: usize) -> Option<u32> {
        self.0 = self.0.trim_start();
        let n = self.0.bytes().take(most).take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let v = self.0[..n].parse().ok()?;
        self.0 = &self.0[n..];
        Some(v)
    }

    /// Blanks, then up to four digits, or a sign and any number of digits.
    fn year(&mut self) -> Option<i64> {
        self.0 = self.0.trim_start();
        let negative = self.0.starts_with('-');
        if let Some(signed) = self.0.strip_prefix(['-', '+']) {
            let n = signed.bytes().take_while(u8::is_ascii_digit).count();
            let v: i64 = signed.get(..n).filter(|d| !d.is_empty())?.parse().ok()?;
            self.0 = &signed[n..];
            return Some(if negative { -v } else { v });
        }
        self.number(4).map(i64::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32, ns: u32) -> DateTime {
        DateTime::new(y, mo, d, h, mi, s, ns).unwrap()
    }

    #[test]
    fn days_from_known_dates() {
        // The Unix epoch; 2000-03-01 is 11 017 days later (30 years of 365 days, 7 leap days, Jan + Feb 2000 = 60);
        // 1969-12-31 is the day before; 0000-03-01 (year 0 = 1 BC) is 719 468 days before.
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 30 * 365 + 7 + 60);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(0, 3, 1), -719_468);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        // 2024-02-29 exists (leap year), and 2024-03-01 follows it; 1900 was not a leap year, 2000 was.
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29) + 1), (2024, 3, 1));
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert!(DateTime::new(2023, 2, 29, 0, 0, 0, 0).is_none());
        assert!(DateTime::new(2024, 4, 31, 0, 0, 0, 0).is_none());
        // Every day of four centuries reads back.
        for d in -73_000..73_000 {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }

    #[test]
    fn epoch_milliseconds_to_dates() {
        assert_eq!(DateTime::from_ms(0), Some(dt(1970, 1, 1, 0, 0, 0, 0)));
        assert_eq!(DateTime::from_ms(-1), Some(dt(1969, 12, 31, 23, 59, 59, 999_000_000)));
        // 2001-09-09T01:46:40Z is 1 000 000 000 s; 2024-01-02T03:04:05.678Z is 1 704 164 645 678 ms (`date -d`).
        assert_eq!(DateTime::from_ms(1_000_000_000_000), Some(dt(2001, 9, 9, 1, 46, 40, 0)));
        assert_eq!(DateTime::from_ms(1_704_164_645_678), Some(dt(2024, 1, 2, 3, 4, 5, 678_000_000)));
        assert_eq!(dt(2024, 1, 2, 3, 4, 5, 678_000_000).to_ms(), 1_704_164_645_678);
        assert_eq!(DateTime::from_ms(i64::MAX), None);
        assert_eq!(DateTime::from_ms(i64::MIN), None);
    }

    #[test]
    fn reads_rfc3339() {
        assert_eq!(rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(rfc3339_ms("2024-01-02T03:04:05.678Z"), Some(1_704_164_645_678));
        // Offsets east and west of UTC name the same instant.
        assert_eq!(rfc3339_ms("2024-01-02T04:04:05.678+01:00"), Some(1_704_164_645_678));
        assert_eq!(rfc3339_ms("2024-01-01T22:04:05.678-05:00"), Some(1_704_164_645_678));
        assert_eq!(rfc3339_ms("2024-01-02t03:04:05.678z"), Some(1_704_164_645_678));
        assert_eq!(rfc3339_ms("2024-01-02 03:04:05.678Z"), Some(1_704_164_645_678));
        assert_eq!(rfc3339_ms("1969-12-31T23:59:59.999Z"), Some(-1));
        // RFC 3339's own examples (section 5.8): 1996-12-19T16:39:57-08:00 is 1996-12-20T00:39:57Z.
        assert_eq!(rfc3339_ms("1996-12-19T16:39:57-08:00"), rfc3339_ms("1996-12-20T00:39:57Z"));
        assert_eq!(rfc3339_ms("1990-12-31T23:59:60Z"), rfc3339_ms("1991-01-01T00:00:00Z"));
        assert_eq!(rfc3339_ms("1937-01-01T12:00:27.87+00:20"), Some(rfc3339_ms("1937-01-01T11:40:27Z").unwrap() + 870));
        // Nanoseconds (VictoriaLogs), and fraction digits past the ninth dropped.
        assert_eq!(rfc3339_ns("2026-12-06T07:46:02.419051269Z"), Some(1_796_543_162_419_051_269));
        assert_eq!(rfc3339_ns("1970-01-01T00:00:00.0000000019Z"), Some(1));
        // i64's ends in ns: -9 223 372 037 s + 145 224 192 ns is 1677-09-21T00:12:43.145224192Z (`date -d @-9223372037`).
        assert_eq!(rfc3339_ns("1677-09-21T00:12:43.145224192Z"), Some(i64::MIN));
        assert_eq!(rfc3339_ns("1677-09-21T00:12:43.145224191Z"), None);
        // Leap day, and a date that does not exist.
        assert_eq!(rfc3339_ms("2024-02-29T00:00:00Z"), Some(1_709_164_800_000));
        for bad in ["2023-02-29T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:04:05", "2024-01-02T03:04:05.Z",
            "2024-01-02T03:04:05+0100", "2024-01-02T03:04:05+24:00", "2024-1-02T03:04:05Z", "2024-01-02T03:04:05Zx",
            "", "2024-01-02", "0001-01-01T00:00:00+ab:cd", "２０２４-01-02T03:04:05Z"]
        {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(parse_rfc3339("2024-01-02T03:04:05-05:30").map(|(_, o)| o), Some(-19_800));
    }

    #[test]
    fn the_usual_utc_shape_is_read_in_one_pass_as_the_full_reader_reads_it() {
        let full = |s: &str| parse_rfc3339(s).and_then(|(dt, _)| dt.to_ns());
        // The one-pass reader takes VictoriaLogs' shape (else it would never be used)...
        for s in ["2026-12-06T07:46:02.419051269Z", "2026-12-06T07:46:02.4Z", "2026-12-06T07:46:02Z", "1990-12-31T23:59:60Z"] {
            assert_eq!(utc_ns(s), full(s), "{s}");
            assert!(utc_ns(s).is_some(), "{s}");
        }
        // ...and, on every other text, agrees with the full reader or leaves the text to it.
        let seeds = ["2026-12-06T07:46:02.419051269Z", "2024-02-29T23:59:60.5Z", "1677-09-21T00:12:43.145224192Z", "2262-04-11T23:47:16.854775807Z",
            "1970-01-01T00:00:00Z", "2023-02-28T00:00:00.0000000019Z", "2024-01-02T03:04:05+01:00"];
        let swaps = [b'0', b'1', b'2', b'3', b'5', b'9', b'6', b'Z', b'z', b't', b'T', b' ', b'.', b'-', b':', b'+', b'x', 0xC3];
        for seed in seeds {
            for at in 0..seed.len() {
                for &c in &swaps {
                    let mut b = seed.as_bytes().to_vec();
                    b[at] = c;
                    let Ok(s) = String::from_utf8(b.clone()) else { continue };
                    let cut = &seed[..at];
                    for t in [s.as_str(), cut, &format!("{cut}Z")] {
                        assert!(utc_ns(t).is_none() || utc_ns(t) == full(t), "{t}: {:?} vs {:?}", utc_ns(t), full(t));
                        assert_eq!(rfc3339_ns(t), full(t), "{t}");
                    }
                }
            }
        }
    }

    #[test]
    fn reads_local_times_leniently() {
        assert_eq!(parse_local("2024-01-02 03:04:05"), Some(dt(2024, 1, 2, 3, 4, 5, 0)));
        assert_eq!(parse_local("2024-01-02T03:04:05.5"), Some(dt(2024, 1, 2, 3, 4, 5, 500_000_000)));
        assert_eq!(parse_local("2024-01-02 03:04"), Some(dt(2024, 1, 2, 3, 4, 0, 0)));
        assert_eq!(parse_local("2024-01-02"), Some(dt(2024, 1, 2, 0, 0, 0, 0)));
        assert_eq!(parse_local("2024-1-2 3:4"), Some(dt(2024, 1, 2, 3, 4, 0, 0)));
        assert_eq!(parse_local("2024-01-02   03:04"), Some(dt(2024, 1, 2, 3, 4, 0, 0)));
        assert_eq!(parse_local("-0001-01-02"), Some(dt(-1, 1, 2, 0, 0, 0, 0)));
        for bad in ["2024-13-01", "2024-02-30", "2024-01-02 25:00:00", "2024-01-02 03:04:05.", "2024-01-02 03", "20245-01-02",
            "2024-01-02 03:04:05Z", "2024/01/02", "banana", ""]
        {
            assert_eq!(parse_local(bad), None, "{bad}");
        }
    }

    #[test]
    fn months_clamp_to_the_last_day() {
        assert_eq!(dt(2024, 1, 31, 12, 0, 0, 0).add_months(1), Some(dt(2024, 2, 29, 12, 0, 0, 0)));
        assert_eq!(dt(2023, 1, 31, 0, 0, 0, 0).add_months(1), Some(dt(2023, 2, 28, 0, 0, 0, 0)));
        assert_eq!(dt(2024, 2, 29, 0, 0, 0, 0).add_months(-12), Some(dt(2023, 2, 28, 0, 0, 0, 0)));
        assert_eq!(dt(2024, 1, 15, 0, 0, 0, 0).add_months(-1), Some(dt(2023, 12, 15, 0, 0, 0, 0)));
        assert_eq!(dt(2024, 1, 15, 0, 0, 0, 0).add_months(i64::MAX), None);
    }

    #[test]
    fn writes_patterns() {
        let t = dt(2024, 1, 2, 3, 4, 5, 678_000_000);
        assert_eq!(t.format("%Y-%m-%dT%H:%M:%S%.fZ"), "2024-01-02T03:04:05.678Z");
        assert_eq!(t.format("%m-%d %H:%M"), "01-02 03:04");
        assert_eq!(dt(2024, 1, 2, 3, 4, 5, 0).format("%H:%M:%S%.3f|%.f"), "03:04:05.000|");
        assert_eq!(dt(2024, 1, 2, 3, 4, 5, 250_000).format("%.f"), ".000250");
        assert_eq!(dt(2024, 1, 2, 3, 4, 5, 1).format("%.f"), ".000000001");
        assert_eq!(dt(-1, 1, 2, 0, 0, 0, 0).format("%Y"), "-0001");
        assert_eq!(dt(12_024, 1, 2, 0, 0, 0, 0).format("%Y 100% é"), "+12024 100% é");
        assert_eq!(dt(7, 1, 2, 0, 0, 0, 0).format("%Y"), "0007");
    }
}
