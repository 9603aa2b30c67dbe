//! Axis ticks: nice value steps (binary for bytes), log decades, and time ticks labelled in a UTC offset.

use crate::time::civil::DateTime;

use crate::view::units::Unit;

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ that is ≥ `raw` (1 for non-finite or non-positive input).
pub fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    let f = raw / p;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    let s = m * p;
    if s.is_finite() && s > 0.0 {
        s
    } else {
        1.0
    }
}

/// Linear axis over data `lo..=hi` with about `target` ticks: returns the axis bounds (extended to whole
/// steps) and the ticks. Bytes use steps in KiB/MiB/… so labels are round.
pub fn linear_ticks(lo: f64, hi: f64, target: usize, unit: Unit) -> (f64, f64, Vec<f64>) {
    let (mut lo, mut hi) = (lo.clamp(-1e300, 1e300), hi.clamp(-1e300, 1e300));
    if !(lo.is_finite() && hi.is_finite()) || lo > hi {
        (lo, hi) = (0.0, 1.0);
    }
    if lo == hi {
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo, hi) = (lo - d, hi + d);
        if lo.abs() < d * 1e-9 {
            lo = 0.0;
        }
    }
    let target = target.clamp(2, 20) as f64;
    let base = unit.tick_base(lo.abs().max(hi.abs()));
    let step = nice_step((hi - lo) / base / target) * base;
    let a = (lo / step).floor() * step;
    let b = (hi / step).ceil() * step;
    if !(a.is_finite() && b.is_finite() && step.is_finite()) || b <= a {
        return (lo, hi, vec![lo, hi]);
    }
    let n = ((b - a) / step).round().clamp(1.0, 100.0) as usize;
    let ticks = (0..=n)
        .map(|k| {
            let t = a + k as f64 * step;
            if t.abs() < step * 1e-9 {
                0.0
            } else {
                t
            }
        })
        .collect();
    (a, b, ticks)
}

/// Log₁₀ axis over positive data `lo..=hi`: bounds at whole decades and one tick per decade (thinned to
/// about `target`).
pub fn log_ticks(lo: f64, hi: f64, target: usize) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && lo > 0.0 && hi >= lo { (lo.clamp(1e-300, 1e300), hi.clamp(1e-300, 1e300)) } else { (1.0, 10.0) };
    let a = lo.log10().floor() as i32;
    let mut b = hi.log10().ceil() as i32;
    if b <= a {
        b = a + 1;
    }
    let every = (((b - a) as usize).div_ceil(target.max(2))).max(1);
    let ticks = (a..=b).step_by(every).map(|k| 10f64.powi(k)).collect();
    (10f64.powi(a), 10f64.powi(b), ticks)
}

/// Labels for value ticks: the fewest significant digits (≥ 3) that keep neighbouring labels distinct.
pub fn value_labels(ticks: &[f64], unit: Unit) -> Vec<String> {
    let mut labels = Vec::new();
    for sig in 3..=12 {
        labels = ticks.iter().map(|t| unit.format_sig(*t, sig)).collect();
        if labels.windows(2).all(|w| w[0] != w[1]) {
            break;
        }
    }
    labels
}

const SEC: i64 = 1000;
const MIN: i64 = 60 * SEC;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

const TIME_STEPS: [i64; 35] = [
    1, 2, 5, 10, 20, 50, 100, 200, 500, SEC, 2 * SEC, 5 * SEC, 10 * SEC, 15 * SEC, 30 * SEC, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN,
    HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 60 * DAY, 90 * DAY, 180 * DAY, 365 * DAY,
];

/// Time ticks over `lo_ms..=hi_ms`, about `target` of them, aligned to round local times in the UTC offset
/// `tz_offset_min`. Labels: `HH:MM` (with seconds or milliseconds for short steps), `MM-DD HH:MM` when the
/// range spans more than a day, `MM-DD` / `YYYY-MM-DD` for day steps.
/// The time labels of an x axis from pixel `x0` to `x1`: (x, label) for each tick inside the axis, as many
/// as fit at `char_w` pixels per character. `ms_to_x` places a time.
pub fn time_axis_ticks(start: i64, end: i64, x0: i32, x1: i32, char_w: f64, tz_offset_min: i32, ms_to_x: impl Fn(i64) -> f64) -> Vec<(f64, String)> {
    let label_w = if end as i128 - start as i128 > 86_400_000 { 11.0 } else { 8.0 } * char_w + 24.0;
    let target = (((x1 - x0) as f64 / label_w) as usize).max(1);
    time_ticks(start, end, target, tz_offset_min)
        .into_iter()
        .map(|(t, label)| (ms_to_x(t), label))
        .filter(|(x, _)| (x0 as f64 - 0.5..=x1 as f64 + 0.5).contains(x))
        .collect()
}

pub fn time_ticks(lo_ms: i64, hi_ms: i64, target: usize, tz_offset_min: i32) -> Vec<(i64, String)> {
    let (lo, hi) = (lo_ms.min(hi_ms), lo_ms.max(hi_ms));
    let span = hi as i128 - lo as i128;
    let target = target.clamp(1, 30) as i128;
    let raw = span / target;
    let step: i128 = match TIME_STEPS.iter().find(|s| **s as i128 >= raw) {
        Some(s) => *s as i128,
        None => {
            let years = (raw / (365 * DAY) as i128).max(1) as f64;
            nice_step(years) as i128 * (365 * DAY) as i128
        }
    };
    let step = step.max(1);
    let offset = tz_offset_min.clamp(-24 * 60, 24 * 60) as i128 * MIN as i128;
    let local_lo = lo as i128 + offset;
    let first_local = local_lo.div_euclid(step) * step + if local_lo.rem_euclid(step) == 0 { 0 } else { step };
    let fmt = if step < SEC as i128 {
        "%H:%M:%S%.3f"
    } else if step < MIN as i128 {
        "%H:%M:%S"
    } else if span <= DAY as i128 {
        "%H:%M"
    } else if step >= DAY as i128 {
        if span > 365 * DAY as i128 {
            "%Y-%m-%d"
        } else {
            "%m-%d"
        }
    } else {
        "%m-%d %H:%M"
    };
    let mut out = Vec::new();
    let mut t_local = first_local;
    while t_local - offset <= hi as i128 && out.len() < 100 {
        let t = t_local - offset;
        if let (Ok(t), Ok(local)) = (i64::try_from(t), i64::try_from(t_local)) {
            if let Some(d) = DateTime::from_ms(local) {
                out.push((t, d.format(fmt)));
            }
        }
        t_local += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(2.2), 2.5);
        assert_eq!(nice_step(120.0), 200.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
        assert_eq!(nice_step(0.0), 1.0);
    }

    #[test]
    fn linear_axis_covers_data_with_round_ticks() {
        let (a, b, t) = linear_ticks(0.36, 0.66, 5, Unit::None);
        assert!(a <= 0.36 && b >= 0.66);
        assert_eq!(t.first(), Some(&a));
        assert_eq!(t.last(), Some(&b));
        assert_eq!(value_labels(&t, Unit::None), vec!["0.3", "0.4", "0.5", "0.6", "0.7"]);
        // Flat and empty data still give a usable axis.
        let (a, b, _) = linear_ticks(5.0, 5.0, 5, Unit::None);
        assert!(a < 5.0 && b > 5.0);
        let (a, b, _) = linear_ticks(f64::NAN, f64::NAN, 5, Unit::None);
        assert_eq!((a, b), (0.0, 1.0));
        let (a, b, t) = linear_ticks(-1e308, 1e308, 5, Unit::None);
        assert!(a.is_finite() && b.is_finite() && t.len() >= 2);
    }

    #[test]
    fn byte_axis_uses_binary_steps() {
        let (_, _, t) = linear_ticks(0.0, 5.0 * 1024.0 * 1024.0, 5, Unit::Bytes);
        let labels = value_labels(&t, Unit::Bytes);
        assert_eq!(labels, vec!["0 B", "1 MiB", "2 MiB", "3 MiB", "4 MiB", "5 MiB"]);
    }

    #[test]
    fn log_axis_has_decades() {
        let (a, b, t) = log_ticks(0.5, 2000.0, 10);
        assert_eq!((a, b), (0.1, 10000.0));
        assert_eq!(t.len(), 6);
        let (a, b, _) = log_ticks(-1.0, 0.0, 10);
        assert_eq!((a, b), (1.0, 10.0));
        let (a, _, _) = log_ticks(f64::MIN_POSITIVE, 1.0, 5);
        assert!(a > 0.0);
    }

    #[test]
    fn time_ticks_are_round_in_the_offset() {
        // 2026-11-23 16:47:11 UTC .. +1 h
        let lo = 1_795_452_431_000;
        let t = time_ticks(lo, lo + HOUR, 6, 0);
        assert_eq!(t.first().map(|x| x.1.as_str()), Some("16:50"));
        assert!(t.iter().all(|(ms, _)| ms % (10 * MIN) == 0));
        // UTC+2 labels are two hours later.
        let t2 = time_ticks(lo, lo + HOUR, 6, 120);
        assert_eq!(t2.first().map(|x| x.1.as_str()), Some("18:50"));
        // Multi-day ranges show dates.
        let d = time_ticks(lo, lo + 7 * DAY, 7, 0);
        assert!(d.iter().all(|(_, l)| l.len() == 5 && l.contains('-')), "{d:?}");
        let mixed = time_ticks(lo, lo + 2 * DAY, 8, 0);
        assert!(mixed.iter().all(|(_, l)| l.contains('-') && l.contains(':')), "{mixed:?}");
        // Degenerate ranges.
        assert!(time_ticks(lo, lo, 5, 0).len() <= 1);
        assert!(time_ticks(i64::MIN, i64::MAX, 5, 0).len() <= 100);
        assert!(!time_ticks(0, 900, 5, 0).is_empty());
    }
}
