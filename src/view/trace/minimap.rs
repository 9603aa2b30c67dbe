//! Minimap of a whole trace (span rows squeezed into a few lines of covered time) and the time-window
//! operations the minimap and the ruler use: drag out a window, pan it, zoom around a point.
//!
//! Linear in the number of spans plus `lines × columns`, so it stays cheap for 250k-span traces.

use std::collections::HashMap;

use crate::telemetry::Trace;
use crate::time::duration::format_duration_human;
use crate::view::trace::model::{interval, TraceModel};
use crate::view::trace::viewport::TimeWindow;

/// One run of covered time on one minimap line, as fractions 0..1 of the trace duration.
#[derive(Clone, Debug, PartialEq)]
pub struct MinimapSegment {
    /// 0 = top line.
    pub line: u32,
    pub left: f64,
    pub width: f64,
    /// Index into `TraceModel::services` of the first span drawn on this line (for its colour).
    pub service: usize,
}

/// What the minimap draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Minimap {
    /// Number of lines actually used (at most the number of rows).
    pub lines: u32,
    pub segments: Vec<MinimapSegment>,
}

/// Drags shorter than this fraction of the track are clicks, not zooms.
pub const MIN_DRAG: f64 = 0.004;

/// The rows of `model` (all of them, collapsed or not) in `lines` groups of consecutive rows; each group
/// becomes the runs of `columns` time cells covered by at least one of its spans.
pub fn minimap(model: &TraceModel, trace: &Trace, lines: u32, columns: u32) -> Minimap {
    let n = model.rows.len();
    let lines = (lines as usize).min(n).min(4096);
    let columns = (columns as usize).clamp(1, 4096);
    if lines == 0 {
        return Minimap::default();
    }
    let service_index: HashMap<&str, usize> =
        model.services.iter().enumerate().map(|(i, (name, _))| (name.as_str(), i)).collect();
    let duration = model.duration_ns();
    let col_of = |t: i64| -> usize {
        if duration <= 0 {
            return 0;
        }
        let f = (t as i128 - model.start_ns as i128) as f64 / duration as f64;
        let c = (f * columns as f64).floor();
        if c.is_finite() {
            (c.max(0.0) as usize).min(columns - 1)
        } else {
            0
        }
    };
    // One pass over the spans in the order they lie in memory (not the rows', which jump around a 250k-span
    // list): each span marks its cells on its row's line; a line's colour is that of its first row's span.
    let width = columns + 1;
    let mut diff = vec![0i32; lines * width];
    let mut first: Vec<(usize, Option<usize>)> = vec![(usize::MAX, None); lines];
    for (i, span) in trace.spans.iter().enumerate() {
        let Some(r) = model.row_of_span.get(i).map(|&r| r as usize).filter(|&r| r < n) else { continue };
        let line = r * lines / n;
        let (s, e) = interval(span);
        let (a, b) = (col_of(s), col_of(e).max(col_of(s)));
        let cells = &mut diff[line * width..(line + 1) * width];
        if let Some(d) = cells.get_mut(a) {
            *d += 1;
        }
        if let Some(d) = cells.get_mut(b + 1) {
            *d -= 1;
        }
        if let Some(f) = first.get_mut(line).filter(|f| r < f.0) {
            *f = (r, service_index.get(&*span.service).copied());
        }
    }
    let mut segments = Vec::new();
    for (line, cells) in diff.chunks(width).enumerate() {
        let service = first.get(line).and_then(|f| f.1).unwrap_or(0);
        let mut depth = 0i32;
        let mut run_start: Option<usize> = None;
        for (c, d) in cells.iter().enumerate() {
            depth += d;
            let covered = c < columns && depth > 0;
            match (covered, run_start) {
                (true, None) => run_start = Some(c),
                (false, Some(s)) => {
                    segments.push(MinimapSegment {
                        line: u32::try_from(line).unwrap_or(u32::MAX),
                        left: s as f64 / columns as f64,
                        width: (c - s) as f64 / columns as f64,
                        service,
                    });
                    run_start = None;
                }
                _ => {}
            }
        }
    }
    Minimap { lines: u32::try_from(lines).unwrap_or(u32::MAX), segments }
}

/// Where `x` falls in a box starting at `left` and `width` wide, as a fraction clamped to 0..1 (0 for a
/// box of no width or non-finite numbers).
pub fn fraction_at(x: f64, left: f64, width: f64) -> f64 {
    if !(width > 0.0) || !x.is_finite() || !left.is_finite() || !width.is_finite() {
        return 0.0;
    }
    ((x - left) / width).clamp(0.0, 1.0)
}

/// The window dragged out between two fractions of the whole trace; None for a click (shorter than
/// `MIN_DRAG`).
pub fn drag_window(from: f64, to: f64) -> Option<TimeWindow> {
    if !from.is_finite() || !to.is_finite() || (to - from).abs() < MIN_DRAG {
        return None;
    }
    Some(TimeWindow { start: from.min(to), end: from.max(to) }.normalized())
}

/// The window moved by `delta` (a fraction of the whole trace), keeping its width and staying inside 0..1.
pub fn pan(window: &TimeWindow, delta: f64) -> TimeWindow {
    let w = window.normalized();
    if !delta.is_finite() {
        return w;
    }
    let width = w.end - w.start;
    let start = (w.start + delta).clamp(0.0, 1.0 - width);
    TimeWindow { start, end: start + width }.normalized()
}

/// The window scaled by `factor` (< 1 zooms in) around `at`, a fraction of the current window that stays
/// under the pointer. The result stays inside 0..1.
pub fn zoom_around(window: &TimeWindow, at: f64, factor: f64) -> TimeWindow {
    let w = window.normalized();
    if !factor.is_finite() || factor <= 0.0 || !at.is_finite() {
        return w;
    }
    let width = w.end - w.start;
    let pivot = w.start + at.clamp(0.0, 1.0) * width;
    let new_width = (width * factor).clamp(1e-6, 1.0);
    let start = (pivot - at.clamp(0.0, 1.0) * new_width).clamp(0.0, 1.0 - new_width);
    TimeWindow { start, end: start + new_width }.normalized()
}

/// "12.5ms – 40ms of 51.7ms" for a zoomed window; "all 51.7ms" for the full trace.
pub fn window_label(window: &TimeWindow, duration_ns: i64) -> String {
    let w = window.normalized();
    let d = duration_ns.max(0);
    let at = |f: f64| format_duration_human((f * d as f64).round().clamp(0.0, i64::MAX as f64) as i64);
    if w.is_full() {
        format!("all {}", format_duration_human(d))
    } else {
        format!("{} – {} of {}", at(w.start), at(w.end), format_duration_human(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::trace::testutil::{span, trace, with_service};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn one_line_per_row_when_there_is_room() {
        // Root 0..100, child 10..40, grandchild 60..100 on another service.
        let t = trace(vec![
            span(1, None, 0, 100),
            span(2, Some(1), 10, 40),
            with_service(span(3, Some(1), 60, 100), "db"),
        ]);
        let m = TraceModel::build(&t);
        let mm = minimap(&m, &t, 10, 10);
        assert_eq!(mm.lines, 3);
        let seg: Vec<(u32, f64, f64, usize)> = mm.segments.iter().map(|s| (s.line, s.left, s.width, s.service)).collect();
        assert_eq!(seg.len(), 3);
        assert_eq!((seg[0].0, seg[0].3), (0, 0));
        assert!(close(seg[0].1, 0.0) && close(seg[0].2, 1.0));
        // 10..40 covers columns 1..=4.
        assert!(close(seg[1].1, 0.1) && close(seg[1].2, 0.4));
        // 60..100: columns 6..=9 (the end is clamped to the last column).
        assert_eq!((seg[2].0, seg[2].3), (2, 1));
        assert!(close(seg[2].1, 0.6) && close(seg[2].2, 0.4));
    }

    #[test]
    fn many_rows_share_a_line_and_gaps_split_runs() {
        // Four leaf spans in two lines: line 0 = root + a (0..10), line 1 = b (20..30) + c (70..80).
        let t = trace(vec![
            span(1, None, 0, 10),
            span(2, None, 0, 10),
            span(3, None, 20, 30),
            span(4, None, 70, 80),
        ]);
        let m = TraceModel::build(&t);
        let mm = minimap(&m, &t, 2, 100);
        assert_eq!(mm.lines, 2);
        let line1: Vec<(f64, f64)> = mm.segments.iter().filter(|s| s.line == 1).map(|s| (s.left, s.width)).collect();
        assert_eq!(line1.len(), 2);
        assert!(close(line1[0].0, 0.25) && close(line1[0].1, 0.13), "{line1:?}");
        assert!(close(line1[1].0, 0.87), "{line1:?}");
    }

    #[test]
    fn spans_listed_out_of_row_order_land_on_their_rows_lines_coloured_by_each_lines_first_row() {
        // Rows: root (web), a (cache), b (queue) | c (api), d (db), e (auth) on 2 lines; each line's spans are
        // listed with its first row's span neither first nor last.
        let t = trace(vec![
            with_service(span(5, Some(1), 50, 60), "db"),
            with_service(span(2, Some(1), 0, 10), "cache"),
            with_service(span(4, Some(1), 20, 30), "api"),
            with_service(span(1, None, 0, 100), "web"),
            with_service(span(6, Some(1), 80, 90), "auth"),
            with_service(span(3, Some(1), 15, 18), "queue"),
        ]);
        let m = TraceModel::build(&t);
        let names: Vec<&str> = m.services.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["web", "cache", "queue", "api", "db", "auth"]);
        let mm = minimap(&m, &t, 2, 10);
        let seg: Vec<(u32, usize, u32, u32)> =
            mm.segments.iter().map(|s| (s.line, s.service, (s.left * 10.0).round() as u32, (s.width * 10.0).round() as u32)).collect();
        // Line 0: the root covers every column, in web's colour. Line 1: c, d and e on columns 2–3, 5–6 and
        // 8–9, in api's colour.
        assert_eq!(seg, [(0, 0, 0, 10), (1, 3, 2, 2), (1, 3, 5, 2), (1, 3, 8, 2)]);
    }

    #[test]
    fn degenerate_traces() {
        let empty = trace(vec![]);
        assert_eq!(minimap(&TraceModel::build(&empty), &empty, 50, 200), Minimap::default());
        // Zero duration, zero columns, extreme times: no panic, something drawn.
        let t = trace(vec![span(1, None, 5, 5), span(2, Some(1), i64::MIN, i64::MAX)]);
        let m = TraceModel::build(&t);
        assert_eq!(minimap(&m, &t, 0, 0), Minimap::default());
        assert!(!minimap(&m, &t, 3, 0).segments.is_empty());
        let t = trace(vec![span(1, None, 5, 5)]);
        let m = TraceModel::build(&t);
        let mm = minimap(&m, &t, 3, 10);
        assert_eq!(mm.segments.len(), 1);
        assert!(close(mm.segments[0].left, 0.0));
    }

    #[test]
    fn fifty_thousand_rows_fit_in_a_few_lines() {
        let n = 50_000u64;
        let mut spans = vec![span(1, None, 0, 1_000_000)];
        spans.extend((2..=n).map(|i| span(i, Some(1), (i * 10) as i64, (i * 10 + 5) as i64)));
        let t = trace(spans);
        let m = TraceModel::build(&t);
        let mm = minimap(&m, &t, 60, 300);
        assert_eq!(mm.lines, 60);
        assert!(mm.segments.len() <= 60 * 150);
        assert!(mm.segments.iter().all(|s| s.left >= 0.0 && s.left + s.width <= 1.0 + 1e-9));
    }

    #[test]
    fn window_operations() {
        assert!(close(fraction_at(150.0, 100.0, 200.0), 0.25));
        assert_eq!(fraction_at(50.0, 100.0, 200.0), 0.0);
        assert_eq!(fraction_at(500.0, 100.0, 200.0), 1.0);
        assert_eq!(fraction_at(5.0, 0.0, 0.0), 0.0);
        assert_eq!(fraction_at(f64::NAN, 0.0, 10.0), 0.0);

        assert_eq!(drag_window(0.6, 0.2), Some(TimeWindow { start: 0.2, end: 0.6 }));
        assert_eq!(drag_window(0.5, 0.501), None);
        assert_eq!(drag_window(f64::NAN, 0.5), None);

        let w = TimeWindow { start: 0.2, end: 0.4 };
        let p = pan(&w, 0.1);
        assert!(close(p.start, 0.3) && close(p.end, 0.5));
        let p = pan(&w, 5.0);
        assert!(close(p.start, 0.8) && close(p.end, 1.0));
        let p = pan(&w, -5.0);
        assert!(close(p.start, 0.0) && close(p.end, 0.2));
        assert_eq!(pan(&w, f64::NAN), w);

        // Zoom in 2× around the middle of 0.2..0.4: 0.25..0.35; the pivot 0.3 stays put.
        let z = zoom_around(&w, 0.5, 0.5);
        assert!(close(z.start, 0.25) && close(z.end, 0.35), "{z:?}");
        // Zoom out past the whole trace: the full trace.
        assert!(zoom_around(&w, 0.0, 100.0).is_full());
        // Zoom around the left edge keeps the left edge.
        let z = zoom_around(&w, 0.0, 0.5);
        assert!(close(z.start, 0.2) && close(z.end, 0.3));
        assert_eq!(zoom_around(&w, 0.5, 0.0), w);
    }

    #[test]
    fn window_labels() {
        assert_eq!(window_label(&TimeWindow::FULL, 51_700_000), "all 51.7ms");
        assert_eq!(window_label(&TimeWindow { start: 0.25, end: 0.5 }, 40_000_000), "10ms – 20ms of 40ms");
        assert_eq!(window_label(&TimeWindow::FULL, -3), "all 0ns");
    }
}
