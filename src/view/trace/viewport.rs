//! Time window of the Gantt view (a zoomed part of the trace) and where each span bar and ruler tick goes
//! in it, as fractions 0..1 of the track width.

use crate::telemetry::Trace;
use crate::view::trace::model::{interval, TraceModel};

/// The visible part of the trace, as fractions 0..1 of the trace duration (0 = first span start).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeWindow {
    pub start: f64,
    pub end: f64,
}

impl Default for TimeWindow {
    fn default() -> Self {
        TimeWindow::FULL
    }
}

/// Narrowest window allowed (a millionth of the trace), so the width is never zero.
const MIN_WIDTH: f64 = 1e-6;

impl TimeWindow {
    pub const FULL: TimeWindow = TimeWindow { start: 0.0, end: 1.0 };

    /// This window made sane: NaN/infinite values give the full trace, bounds are ordered and clamped
    /// to 0..1, and the width is at least `MIN_WIDTH`.
    pub fn normalized(&self) -> TimeWindow {
        if !self.start.is_finite() || !self.end.is_finite() {
            return TimeWindow::FULL;
        }
        let (a, b) = if self.start <= self.end { (self.start, self.end) } else { (self.end, self.start) };
        let (mut a, mut b) = (a.clamp(0.0, 1.0), b.clamp(0.0, 1.0));
        if b - a < MIN_WIDTH {
            let mid = (a + b) / 2.0;
            a = (mid - MIN_WIDTH / 2.0).clamp(0.0, 1.0 - MIN_WIDTH);
            b = a + MIN_WIDTH;
        }
        TimeWindow { start: a, end: b }
    }

    /// The window between two fractions of the current window (e.g. a drag on the track), as fractions
    /// of the whole trace.
    pub fn zoom_to(&self, from: f64, to: f64) -> TimeWindow {
        let w = self.normalized();
        let width = w.end - w.start;
        TimeWindow { start: w.start + from * width, end: w.start + to * width }.normalized()
    }

    pub fn is_full(&self) -> bool {
        let w = self.normalized();
        w.start <= 0.0 && w.end >= 1.0
    }
}

/// Fraction of the trace duration at which `t` falls.
fn fraction(t: i64, start: i64, duration: i64) -> f64 {
    if duration <= 0 {
        return 0.0;
    }
    (t as i128 - start as i128) as f64 / duration as f64
}

/// Left edge and width of a row's bar as fractions of the window; `None` for a placeholder or a span
/// entirely outside the window. Parts outside the window are clipped. A zero-length span has width 0
/// (the page gives bars a minimum width).
pub fn span_geometry(model: &TraceModel, trace: &Trace, row: u32, window: &TimeWindow) -> Option<(f64, f64)> {
    let span = model.rows.get(row as usize)?.span.and_then(|i| trace.spans.get(i))?;
    let (s, e) = interval(span);
    let d = model.duration_ns();
    let (sf, ef) = (fraction(s, model.start_ns, d), fraction(e, model.start_ns, d));
    let w = window.normalized();
    if ef < w.start || sf > w.end {
        return None;
    }
    let width = w.end - w.start;
    let left = ((sf - w.start) / width).clamp(0.0, 1.0);
    let right = ((ef - w.start) / width).clamp(0.0, 1.0);
    Some((left, (right - left).max(0.0)))
}

/// Nice round ticks (1, 2 or 5 × a power of ten of a time unit) for the window of a trace lasting
/// `duration_ns`, about `count` of them: (fraction of the window, offset label from the trace start).
pub fn ticks(window: &TimeWindow, duration_ns: i64, count: usize) -> Vec<(f64, String)> {
    let w = window.normalized();
    let total = duration_ns.max(0) as f64;
    let t0 = w.start * total;
    let t1 = w.end * total;
    let span = t1 - t0;
    if span <= 0.0 || !span.is_finite() {
        return vec![(0.0, format_offset(0.0, 1.0))];
    }
    let step = nice_step(span / count.max(1) as f64);
    let first = (t0 / step).ceil();
    let mut out = Vec::new();
    let mut k = first;
    // At most a few times `count` ticks, whatever rounding does.
    while out.len() <= count.max(1) * 3 {
        let t = k * step;
        if t > t1 + step * 1e-9 {
            break;
        }
        out.push((((t - t0) / span).clamp(0.0, 1.0), format_offset(t, step)));
        k += 1.0;
    }
    out
}

/// The smallest 1/2/5 × 10^k nanoseconds not below `raw` (at least 1 ns).
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 1.0 {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * mag >= raw * (1.0 - 1e-12) {
            return m * mag;
        }
    }
    10.0 * mag
}

/// "0", "250µs", "1.5ms", "2s", "90s": the unit is the largest one the step is at least a tenth of, with
/// just enough decimals for the step (trailing zeros dropped).
fn format_offset(t_ns: f64, step_ns: f64) -> String {
    if t_ns == 0.0 || t_ns.abs() < step_ns * 1e-9 {
        return "0".to_string();
    }
    let (unit, name) = if step_ns >= 1e8 {
        (1e9, "s")
    } else if step_ns >= 1e5 {
        (1e6, "ms")
    } else if step_ns >= 1e2 {
        (1e3, "µs")
    } else {
        (1.0, "ns")
    };
    let step_u = step_ns / unit;
    let decimals = if step_u >= 1.0 { 0 } else { (-step_u.log10().floor()).clamp(0.0, 3.0) as usize };
    let mut text = format!("{:.*}", decimals, t_ns / unit);
    if text.contains('.') {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(trimmed);
    }
    format!("{text}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::trace::testutil::{span, trace};

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn geometry_full_and_zoomed() {
        let t = trace(vec![span(1, None, 1000, 2000), span(2, Some(1), 1200, 1400), span(3, Some(1), 1900, 1900)]);
        let m = TraceModel::build(&t);
        let full = TimeWindow::FULL;
        assert!(close(span_geometry(&m, &t, 0, &full).unwrap(), (0.0, 1.0)));
        assert!(close(span_geometry(&m, &t, 1, &full).unwrap(), (0.2, 0.2)));
        assert!(close(span_geometry(&m, &t, 2, &full).unwrap(), (0.9, 0.0)));
        // Zoom on 0.3..0.5: span 2 (0.2..0.4) is clipped to the left half, span 3 is outside.
        let w = TimeWindow { start: 0.3, end: 0.5 };
        assert!(close(span_geometry(&m, &t, 1, &w).unwrap(), (0.0, 0.5)));
        assert_eq!(span_geometry(&m, &t, 2, &w), None);
        assert!(close(span_geometry(&m, &t, 0, &w).unwrap(), (0.0, 1.0)));
        assert_eq!(span_geometry(&m, &t, 99, &full), None);
    }

    #[test]
    fn geometry_of_placeholder_and_degenerate_traces() {
        let t = trace(vec![span(2, Some(9), 5, 5)]);
        let m = TraceModel::build_with(&t, crate::view::trace::OrphanMode::UnderPlaceholder);
        assert_eq!(span_geometry(&m, &t, 0, &TimeWindow::FULL), None);
        assert_eq!(span_geometry(&m, &t, 1, &TimeWindow::FULL), Some((0.0, 0.0)));
        let nan = TimeWindow { start: f64::NAN, end: 3.0 };
        assert_eq!(span_geometry(&m, &t, 1, &nan), Some((0.0, 0.0)));
    }

    #[test]
    fn windows_normalize() {
        assert_eq!(TimeWindow { start: f64::INFINITY, end: 0.5 }.normalized(), TimeWindow::FULL);
        assert_eq!(TimeWindow { start: 0.8, end: 0.2 }.normalized(), TimeWindow { start: 0.2, end: 0.8 });
        let w = TimeWindow { start: 0.5, end: 0.5 }.normalized();
        assert!(w.end > w.start);
        let z = TimeWindow { start: 0.2, end: 0.6 }.zoom_to(0.5, 1.0);
        assert!((z.start - 0.4).abs() < 1e-12 && (z.end - 0.6).abs() < 1e-12);
        assert!(TimeWindow::default().is_full());
    }

    #[test]
    fn ticks_are_round() {
        // 10 ms trace, 5 ticks wanted: every 2 ms.
        let t = ticks(&TimeWindow::FULL, 10_000_000, 5);
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, vec!["0", "2ms", "4ms", "6ms", "8ms", "10ms"]);
        assert!((t[1].0 - 0.2).abs() < 1e-9);
        // 3 ms trace, 6 ticks: every 0.5 ms, one decimal.
        let t = ticks(&TimeWindow::FULL, 3_000_000, 6);
        assert_eq!(t[3].1, "1.5ms");
        assert_eq!(t.len(), 7);
        // Zoomed: window 0.25..0.75 of 4 s = 1 s..3 s, 4 ticks of 500 ms.
        let t = ticks(&TimeWindow { start: 0.25, end: 0.75 }, 4_000_000_000, 4);
        assert_eq!(t.first().map(|x| x.1.as_str()), Some("1s"));
        assert_eq!(t.first().map(|x| x.0), Some(0.0));
        assert_eq!(t.last().map(|x| (x.0, x.1.as_str())), Some((1.0, "3s")));
        // Microseconds and nanoseconds.
        assert_eq!(ticks(&TimeWindow::FULL, 1_000, 4)[1].1, "0.5µs");
        assert_eq!(ticks(&TimeWindow::FULL, 100, 4)[1].1, "50ns");
        assert_eq!(ticks(&TimeWindow::FULL, 3_000_000, 6)[2].1, "1ms");
        assert_eq!(ticks(&TimeWindow::FULL, 100_000, 4)[1].1, "50µs");
    }

    #[test]
    fn ticks_of_degenerate_inputs() {
        assert_eq!(ticks(&TimeWindow::FULL, 0, 6), vec![(0.0, "0".to_string())]);
        assert_eq!(ticks(&TimeWindow::FULL, -5, 6).len(), 1);
        assert!(ticks(&TimeWindow::FULL, i64::MAX, 6).len() <= 18);
        assert!(!ticks(&TimeWindow::FULL, 7, 0).is_empty());
    }
}
