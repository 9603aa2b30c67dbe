//! Durations: Prometheus duration text (`1h30m`, `500ms`, plain seconds) to ms and back, and human text for
//! span durations (`1.23s`, `45.6ms`, `2m 3s`).

const UNITS: [(&str, i64); 7] = [
    ("y", 365 * 86_400_000),
    ("w", 7 * 86_400_000),
    ("d", 86_400_000),
    ("h", 3_600_000),
    ("m", 60_000),
    ("s", 1_000),
    ("ms", 1),
];

/// Parses a Prometheus duration into ms: units `y w d h m s ms`, largest first, each at most once
/// (`1h30m`, `500ms`, `2d`, `1w`, `1y`), or a plain number of seconds (`15`, `0.5`). None when malformed,
/// negative or too large.
pub fn parse_duration(text: &str) -> Option<i64> {
    let s = text.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let secs: f64 = s.parse().ok()?;
        let ms = (secs * 1000.0).round();
        return (ms.is_finite() && ms < 9.0e18).then_some(ms as i64);
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut total: i64 = 0;
    let mut last_unit = None::<usize>;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let n: i64 = s.get(start..i)?.parse().ok()?;
        let ustart = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = s.get(ustart..i)?;
        let idx = UNITS.iter().position(|(u, _)| *u == unit)?;
        if last_unit.is_some_and(|l| idx <= l) {
            return None;
        }
        last_unit = Some(idx);
        total = total.checked_add(n.checked_mul(UNITS[idx].1)?)?;
    }
    Some(total)
}

/// Prometheus-style text for ms: `1h30m`, `15s`, `1d12h`, `250ms`, `0s`; parses back with
/// [`parse_duration`]. Negative durations get a leading `-`.
pub fn format_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    if ms < 0 {
        out.push('-');
    }
    let mut rest = ms.unsigned_abs();
    for (u, len) in UNITS {
        let len = len as u64;
        let n = rest / len;
        if n > 0 {
            out.push_str(&n.to_string());
            out.push_str(u);
            rest -= n * len;
        }
    }
    out
}

/// A span duration in ns as people read it, three significant digits: `12ns`, `789μs`, `45.6ms`, `1.23s`,
/// then `2m 3s`, `1h 5m`, `3d 4h`.
pub fn format_duration_human(ns: i64) -> String {
    let sign = if ns < 0 { "-" } else { "" };
    let a = ns.unsigned_abs();
    const US: u64 = 1_000;
    const MS: u64 = 1_000_000;
    const S: u64 = 1_000_000_000;
    let body = if a < US {
        format!("{a}ns")
    } else if a < 999_500 {
        format!("{}μs", sig3(a as f64 / US as f64))
    } else if a < 999_500_000 {
        format!("{}ms", sig3(a as f64 / MS as f64))
    } else if a < 59_995_000_000 {
        format!("{}s", sig3(a as f64 / S as f64))
    } else {
        let secs = (a + S / 2) / S;
        let (d, h, m, s) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60, secs % 60);
        let pair = |x: u64, ux: &str, y: u64, uy: &str| if y == 0 { format!("{x}{ux}") } else { format!("{x}{ux} {y}{uy}") };
        if d > 0 {
            pair(d, "d", h, "h")
        } else if h > 0 {
            pair(h, "h", m, "m")
        } else {
            pair(m, "m", s, "s")
        }
    };
    format!("{sign}{body}")
}

/// Three significant digits for 1 ≤ v < 1000, trailing zeros dropped: 1.23, 45.6, 789, 1.5, 2.
fn sig3(v: f64) -> String {
    let s = if v < 9.995 {
        format!("{v:.2}")
    } else if v < 99.95 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    };
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prometheus_durations() {
        assert_eq!(parse_duration("1h30m"), Some(5_400_000));
        assert_eq!(parse_duration("500ms"), Some(500));
        assert_eq!(parse_duration("2d"), Some(172_800_000));
        assert_eq!(parse_duration("1w"), Some(604_800_000));
        assert_eq!(parse_duration("1y"), Some(31_536_000_000));
        assert_eq!(parse_duration(" 15s "), Some(15_000));
        assert_eq!(parse_duration("15"), Some(15_000));
        assert_eq!(parse_duration("0.5"), Some(500));
        assert_eq!(parse_duration("0"), Some(0));
        assert_eq!(parse_duration("1m1s1ms"), Some(61_001));
    }

    #[test]
    fn rejects_malformed_durations() {
        for s in ["", "h", "-1s", "1x", "30m1h", "1h1h", "1.5h", "1 h", "5M", "1e3", "1..2",
            "99999999999999999999s", "9223372036854775807y", "ms", "1hh", "1µs", "9e99"]
        {
            assert_eq!(parse_duration(s), None, "{s}");
        }
        assert_eq!(parse_duration(&"9".repeat(400)), None);
    }

    #[test]
    fn formats_prometheus_durations_and_round_trips() {
        assert_eq!(format_duration(5_400_000), "1h30m");
        assert_eq!(format_duration(15_000), "15s");
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(250), "250ms");
        assert_eq!(format_duration(129_600_000), "1d12h");
        assert_eq!(format_duration(-60_000), "-1m");
        assert_eq!(format_duration(i64::MIN).chars().next(), Some('-'));
        for ms in [0, 1, 999, 1_000, 61_001, 5_400_000, 604_800_000, 31_536_000_000, 31_536_000_001, 123_456_789_012, i64::MAX] {
            assert_eq!(parse_duration(&format_duration(ms)), Some(ms), "{ms}");
        }
    }

    #[test]
    fn human_durations() {
        assert_eq!(format_duration_human(0), "0ns");
        assert_eq!(format_duration_human(12), "12ns");
        assert_eq!(format_duration_human(789_000), "789μs");
        assert_eq!(format_duration_human(1_500), "1.5μs");
        assert_eq!(format_duration_human(45_600_000), "45.6ms");
        assert_eq!(format_duration_human(1_230_000_000), "1.23s");
        assert_eq!(format_duration_human(2_000_000_000), "2s");
        assert_eq!(format_duration_human(123_000_000_000), "2m 3s");
        assert_eq!(format_duration_human(120_000_000_000), "2m");
        assert_eq!(format_duration_human(3_900_000_000_000), "1h 5m");
        assert_eq!(format_duration_human(-1_500_000), "-1.5ms");
        // Values that would round up to 1000 move to the next unit.
        assert_eq!(format_duration_human(999_999), "1ms");
        assert_eq!(format_duration_human(999_999_999), "1s");
        assert_eq!(format_duration_human(59_999_000_000), "1m");
        assert_eq!(format_duration_human(9_996_000), "10ms");
        assert!(format_duration_human(i64::MIN).starts_with("-106751d"));
        assert!(format_duration_human(i64::MAX).starts_with("106751d"));
    }
}
