//! Stat panels: reducing a series to one number (last, mean, max, …), picking its threshold colour and
//! shaping a small sparkline (an SVG path), all pure.

use crate::dashboard::{StatCalc, Threshold};
use crate::telemetry::Point;

/// Reduces the samples of one series to one number. NaN/±Inf samples are skipped by every calculation
/// except `Last` (the very last sample, whatever it is) and `Count` (finite samples counted). None when
/// nothing is left (no samples, or only non-finite ones).
pub fn reduce(points: &[Point], calc: StatCalc) -> Option<f64> {
    let mut finite = points.iter().map(|p| p.v).filter(|v| v.is_finite());
    match calc {
        StatCalc::Last => points.last().map(|p| p.v),
        StatCalc::LastNotNull => finite.next_back(),
        StatCalc::First => finite.next(),
        StatCalc::Mean => {
            let (sum, n) = finite.fold((0.0f64, 0usize), |(s, n), v| (s + v, n + 1));
            (n > 0).then(|| sum / n as f64).filter(|m| m.is_finite())
        }
        StatCalc::Min => finite.reduce(f64::min),
        StatCalc::Max => finite.reduce(f64::max),
        StatCalc::Sum => finite.reduce(|a, b| a + b),
        StatCalc::Count => Some(finite.count() as f64),
    }
}

/// The colour of `value` under `thresholds` (Grafana's rule: the step with the highest `value` ≤ the
/// number wins; the base step has `value: None`). Colour names are turned into CSS colours by
/// [`css_color`]. None when there are no thresholds or the value is not finite.
pub fn threshold_color(value: f64, thresholds: &[Threshold]) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let mut best: Option<(&Threshold, f64)> = None;
    for t in thresholds {
        let at = t.value.unwrap_or(f64::NEG_INFINITY);
        if at.is_nan() || at > value {
            continue;
        }
        if best.is_none_or(|(_, b)| at >= b) {
            best = Some((t, at));
        }
    }
    best.map(|(t, _)| css_color(&t.color))
}

/// Thresholds as absolute values: when `percent` (Grafana's `thresholds.mode: percentage`), each step's value is
/// that share of `min..max` — the panel's, else the range of `values` (Grafana's own when min/max are unset);
/// as they are otherwise, or when there is no range (no values, or min ≥ max).
pub fn absolute_thresholds(thresholds: &[Threshold], percent: bool, min: Option<f64>, max: Option<f64>, values: &[f64]) -> Vec<Threshold> {
    if !percent {
        return thresholds.to_vec();
    }
    let finite = || values.iter().copied().filter(|v| v.is_finite());
    let lo = min.filter(|m| m.is_finite()).or_else(|| finite().reduce(f64::min));
    let hi = max.filter(|m| m.is_finite()).or_else(|| finite().reduce(f64::max));
    match (lo, hi) {
        (Some(lo), Some(hi)) if lo < hi => thresholds
            .iter()
            .map(|t| Threshold { value: t.value.map(|p| lo + p / 100.0 * (hi - lo)), color: t.color.clone() })
            .collect(),
        _ => thresholds.to_vec(),
    }
}

/// The theme backgrounds a stat number is drawn on: the light theme's page grey and the dark theme's panel
/// (the one of each theme that is closest to a threshold colour).
pub const LIGHT_BACKGROUND: (u8, u8, u8) = (0xf7, 0xf8, 0xfa);
pub const DARK_BACKGROUND: (u8, u8, u8) = (0x18, 0x1b, 0x1f);

/// WCAG relative luminance of an sRGB colour.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// A Grafana colour (a name as in [`css_color`], `#hex`, `rgb(…)` or `rgba(…)`, alpha ignored) as RGB for a
/// canvas; None for anything else.
pub fn rgb_of(name: &str) -> Option<(u8, u8, u8)> {
    let c = css_color(name);
    if let Some(rgb) = parse_hex(&c) {
        return Some(rgb);
    }
    let inner = c.strip_prefix("rgba(").or_else(|| c.strip_prefix("rgb(")).and_then(|r| r.strip_suffix(')'))?;
    let parts: Vec<u8> = inner.split(',').take(3).map(|p| p.trim().parse::<f64>().ok().map(|x| x.round().clamp(0.0, 255.0) as u8)).collect::<Option<_>>()?;
    match parts[..] {
        [r, g, b] => Some((r, g, b)),
        _ => None,
    }
}

fn parse_hex(c: &str) -> Option<(u8, u8, u8)> {
    let h = c.strip_prefix('#')?;
    let v = |r: std::ops::Range<usize>| h.get(r).and_then(|s| u8::from_str_radix(s, 16).ok());
    match h.len() {
        6 => Some((v(0..2)?, v(2..4)?, v(4..6)?)),
        3 => Some((v(0..1)? * 17, v(1..2)? * 17, v(2..3)? * 17)),
        _ => None,
    }
}

/// A threshold colour as text on `background`: the same hue, mixed towards black (on a light background) or
/// white (on a dark one) until it reads at a 4.5:1 contrast (WCAG AA), as Grafana's light theme darkens its
/// palette. Colours that are not `#hex` are kept as they are.
pub fn readable_on(css: &str, background: (u8, u8, u8)) -> String {
    let Some(c) = parse_hex(css) else { return css.to_string() };
    let target: f64 = if luminance(background) > 0.5 { 0.0 } else { 255.0 };
    let mix = |t: f64| {
        let m = |x: u8| (f64::from(x) + (target - f64::from(x)) * t).round().clamp(0.0, 255.0) as u8;
        (m(c.0), m(c.1), m(c.2))
    };
    let step = (0..=20).map(|i| mix(f64::from(i) / 20.0)).find(|m| contrast(*m, background) >= 4.5).unwrap_or_else(|| mix(1.0));
    format!("#{:02x}{:02x}{:02x}", step.0, step.1, step.2)
}

/// Grafana colour names (`green`, `semi-dark-red`, …) as CSS colours; `#hex`, `rgb(…)` and plain CSS names
/// are kept when they are made of safe characters only, anything else becomes a neutral grey.
pub fn css_color(name: &str) -> String {
    let n = name.trim();
    let base = n
        .strip_prefix("dark-")
        .or_else(|| n.strip_prefix("semi-dark-"))
        .or_else(|| n.strip_prefix("light-"))
        .or_else(|| n.strip_prefix("super-light-"))
        .unwrap_or(n);
    let known = match base {
        "green" => Some("#73bf69"),
        "red" => Some("#f2495c"),
        "yellow" => Some("#fade2a"),
        "orange" => Some("#ff9830"),
        "blue" => Some("#5794f2"),
        "purple" => Some("#b877d9"),
        "text" => Some("currentColor"),
        "transparent" => Some("transparent"),
        _ => None,
    };
    if let Some(k) = known {
        return k.to_string();
    }
    let safe = !n.is_empty()
        && n.len() <= 40
        && n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '#' | '(' | ')' | ',' | '.' | ' ' | '%'));
    if safe {
        n.to_string()
    } else {
        "#888888".to_string()
    }
}

/// An SVG path (`M x y L x y …`) drawing the finite samples of a series in a `w` × `h` box (y grows down),
/// scaled to the samples' own min..max; a flat series is drawn in the middle. Empty when fewer than two
/// finite samples. At most `max_points` points are used (evenly picked, last one kept).
pub fn sparkline_path(points: &[Point], w: f64, h: f64, max_points: usize) -> String {
    let pts: Vec<(i64, f64)> = points.iter().filter(|p| p.v.is_finite()).map(|p| (p.t_ms, p.v)).collect();
    if pts.len() < 2 || !(w.is_finite() && h.is_finite()) || w <= 0.0 || h <= 0.0 {
        return String::new();
    }
    let keep = max_points.max(2);
    let stride = pts.len().div_ceil(keep).max(1);
    let mut picked: Vec<(i64, f64)> = pts.iter().step_by(stride).copied().collect();
    if let (Some(last), Some(p)) = (pts.last(), picked.last()) {
        if p != last {
            picked.push(*last);
        }
    }
    let (t0, t1) = match (picked.first(), picked.last()) {
        (Some(a), Some(b)) => (a.0, b.0),
        _ => return String::new(),
    };
    let lo = picked.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = picked.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let span_t = (t1.saturating_sub(t0)) as f64;
    let span_v = hi - lo;
    let mut out = String::new();
    for (i, (t, v)) in picked.iter().enumerate() {
        let x = if span_t > 0.0 { (t.saturating_sub(t0)) as f64 / span_t * w } else { 0.0 };
        let y = if span_v > 0.0 && span_v.is_finite() { h - (v - lo) / span_v * h } else { h / 2.0 };
        out.push_str(&format!("{}{:.1} {:.1}", if i == 0 { "M" } else { " L" }, x, y));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_colours_are_made_readable_on_each_theme() {
        for name in ["green", "yellow", "orange", "red", "blue", "purple"] {
            let c = css_color(name);
            for bg in [LIGHT_BACKGROUND, DARK_BACKGROUND] {
                let r = readable_on(&c, bg);
                assert!(contrast(parse_hex(&r).unwrap(), bg) >= 4.5, "{name} {c} → {r} on {bg:?}");
            }
        }
        // Already readable: kept; yellow on the light theme is darkened, not changed in hue to grey.
        assert_eq!(readable_on("#000000", LIGHT_BACKGROUND), "#000000");
        let y = parse_hex(&readable_on("#fade2a", LIGHT_BACKGROUND)).unwrap();
        assert!(y.0 > y.2 && y.1 > y.2, "{y:?}");
        // Not hex: kept as written; #rgb is understood.
        assert_eq!(readable_on("currentColor", LIGHT_BACKGROUND), "currentColor");
        assert_eq!(parse_hex("#fff"), Some((255, 255, 255)));
        // Not hex digits, or a multi-byte character where a digit would be: not a colour, no panic.
        assert_eq!(parse_hex("#€€"), None);
        assert_eq!(parse_hex("#ggg"), None);
        assert_eq!(readable_on("#€€", LIGHT_BACKGROUND), "#€€");
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    }

    fn pts(vals: &[f64]) -> Vec<Point> {
        vals.iter().enumerate().map(|(i, v)| Point { t_ms: i as i64 * 1000, v: *v }).collect()
    }

    #[test]
    fn reduce_each_calc() {
        let p = pts(&[1.0, f64::NAN, 4.0, 2.0, 3.0]);
        assert_eq!(reduce(&p, StatCalc::LastNotNull), Some(3.0));
        assert_eq!(reduce(&p, StatCalc::Last), Some(3.0));
        assert_eq!(reduce(&p, StatCalc::First), Some(1.0));
        assert_eq!(reduce(&p, StatCalc::Mean), Some(2.5));
        assert_eq!(reduce(&p, StatCalc::Min), Some(1.0));
        assert_eq!(reduce(&p, StatCalc::Max), Some(4.0));
        assert_eq!(reduce(&p, StatCalc::Sum), Some(10.0));
        assert_eq!(reduce(&p, StatCalc::Count), Some(4.0));
    }

    #[test]
    fn last_keeps_a_trailing_nan_but_last_not_null_skips_it() {
        let p = pts(&[1.0, 2.0, f64::NAN]);
        assert!(reduce(&p, StatCalc::Last).is_some_and(f64::is_nan));
        assert_eq!(reduce(&p, StatCalc::LastNotNull), Some(2.0));
    }

    #[test]
    fn empty_and_non_finite_give_none() {
        assert_eq!(reduce(&[], StatCalc::Mean), None);
        assert_eq!(reduce(&[], StatCalc::Last), None);
        let p = pts(&[f64::NAN, f64::INFINITY]);
        assert_eq!(reduce(&p, StatCalc::Max), None);
        assert_eq!(reduce(&p, StatCalc::Mean), None);
        assert_eq!(reduce(&p, StatCalc::Count), Some(0.0));
        // A mean that overflows is not a number to show.
        assert_eq!(reduce(&pts(&[f64::MAX, f64::MAX]), StatCalc::Mean), None);
    }

    fn th(v: Option<f64>, c: &str) -> Threshold {
        Threshold { value: v, color: c.into() }
    }

    #[test]
    fn percentage_thresholds_are_shares_of_the_panels_range_or_else_the_values() {
        // Node Exporter Full's "Pressure": 70 % and 90 % of 0..1 (a ratio shown in percent).
        let t = vec![
            Threshold { value: None, color: "green".into() },
            Threshold { value: Some(70.0), color: "dark-yellow".into() },
            Threshold { value: Some(90.0), color: "dark-red".into() },
        ];
        let abs = absolute_thresholds(&t, true, Some(0.0), Some(1.0), &[]);
        assert_eq!(abs.iter().map(|t| t.value).collect::<Vec<_>>(), vec![None, Some(0.7), Some(0.9)]);
        assert_eq!(threshold_color(0.8, &abs).as_deref(), Some("#fade2a"));
        assert_eq!(threshold_color(0.8, &t).as_deref(), Some("#73bf69"), "read as absolute, 0.8 is under 70");
        // Without min/max: the values' own range, 10..20 → 17 and 19.
        let abs = absolute_thresholds(&t, true, None, None, &[20.0, f64::NAN, 10.0]);
        assert_eq!(abs[1].value, Some(17.0));
        // Not in percent, or no range: unchanged.
        assert_eq!(absolute_thresholds(&t, false, Some(0.0), Some(1.0), &[]), t);
        assert_eq!(absolute_thresholds(&t, true, Some(1.0), Some(1.0), &[]), t);
        assert_eq!(absolute_thresholds(&t, true, None, None, &[]), t);
    }

    #[test]
    fn thresholds_pick_the_highest_step_reached() {
        let t = vec![th(None, "green"), th(Some(0.05), "orange"), th(Some(0.1), "red")];
        assert_eq!(threshold_color(0.0, &t).as_deref(), Some("#73bf69"));
        assert_eq!(threshold_color(0.05, &t).as_deref(), Some("#ff9830"));
        assert_eq!(threshold_color(0.5, &t).as_deref(), Some("#f2495c"));
        assert_eq!(threshold_color(f64::NAN, &t), None);
        assert_eq!(threshold_color(1.0, &[]), None);
        // Unordered steps and no base step: below every step means no colour.
        let t = vec![th(Some(10.0), "red"), th(Some(5.0), "#123456")];
        assert_eq!(threshold_color(7.0, &t).as_deref(), Some("#123456"));
        assert_eq!(threshold_color(1.0, &t), None);
    }

    #[test]
    fn colours_are_css_safe() {
        assert_eq!(css_color("dark-red"), "#f2495c");
        assert_eq!(css_color("#e24d42"), "#e24d42");
        assert_eq!(css_color("rgb(1, 2, 3)"), "rgb(1, 2, 3)");
        assert_eq!(css_color("red;background:url(x)"), "#888888");
        assert_eq!(css_color(""), "#888888");
    }

    #[test]
    fn sparkline_scales_into_the_box() {
        let d = sparkline_path(&pts(&[0.0, 10.0, 5.0]), 100.0, 20.0, 50);
        assert_eq!(d, "M0.0 20.0 L50.0 0.0 L100.0 10.0");
        let flat = sparkline_path(&pts(&[3.0, 3.0]), 10.0, 10.0, 50);
        assert_eq!(flat, "M0.0 5.0 L10.0 5.0");
        assert_eq!(sparkline_path(&pts(&[1.0]), 10.0, 10.0, 50), "");
        assert_eq!(sparkline_path(&pts(&[1.0, 2.0]), 0.0, 10.0, 50), "");
    }

    #[test]
    fn sparkline_thins_long_series_and_keeps_the_last_point() {
        let many: Vec<f64> = (0..1000).map(f64::from).collect();
        let d = sparkline_path(&pts(&many), 100.0, 10.0, 40);
        let n = d.matches('L').count() + 1;
        assert!(n <= 42 && n >= 20, "{n} points");
        assert!(d.ends_with("L100.0 0.0"), "{d}");
    }
}
