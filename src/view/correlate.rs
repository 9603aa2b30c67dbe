//! The correlation workspace (`#/correlate/<trace id>`): one trace, its log lines and the RED metrics of its
//! services on one time axis with one cursor. Computed here: the RED queries of a service (templates with
//! `${service}`), the charts' window, the span a log line belongs to (its span ID, else the innermost span
//! whose time holds it), the log lines near a span (its own, those inside its time, else the nearest), and
//! which rows of a long list are drawn.

pub use crate::datasource::correlations::RedTemplates;
use crate::datasource::correlations::{check_placeholders, interpolate, LinkValues, RED_PLACEHOLDERS};
use crate::telemetry::{LogEntry, SpanId, Trace};
use crate::view::trace::model::TraceModel;

/// Margin of the metric charts around the trace, each side.
pub const CHART_MARGIN_MS: i64 = 10 * 60_000;
/// Margin of the log query around the trace, each side (log clocks differ a little from span clocks).
pub const LOGS_MARGIN_MS: i64 = 60_000;

/// One chart's query: legend, PromQL, and whether it is a duration in milliseconds (else a rate per second).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedQuery {
    pub legend: &'static str,
    pub expr: String,
    pub millis: bool,
}

/// The service's rate, errors and p90 duration queries from the templates (blank ones left out); a template
/// with a placeholder that is unknown or not closed gives a sentence naming it instead of its query.
pub fn red_queries(t: &RedTemplates, service: &str) -> Vec<Result<RedQuery, String>> {
    let v = LinkValues { service, ..LinkValues::default() };
    t.named()
        .into_iter()
        .filter(|(_, t, _)| !t.trim().is_empty())
        .map(|(legend, t, millis)| {
            check_placeholders(t, RED_PLACEHOLDERS).map_err(|e| format!("The {legend} template: {e}"))?;
            Ok(RedQuery { legend, expr: interpolate(t, &v), millis })
        })
        .collect()
}

/// The services of a trace, in the model's order (most spans first, as its legend).
pub fn services(model: &TraceModel) -> Vec<String> {
    model.services.iter().map(|(s, _)| s.clone()).collect()
}

/// The charts' window (ms): the trace with [`CHART_MARGIN_MS`] either side.
pub fn chart_window_ms(model: &TraceModel) -> (i64, i64) {
    let (a, b) = (model.start_ns.div_euclid(1_000_000), model.end_ns.div_euclid(1_000_000));
    (a.saturating_sub(CHART_MARGIN_MS), b.max(a).saturating_add(CHART_MARGIN_MS))
}

/// The log query's window (ns): the trace with [`LOGS_MARGIN_MS`] either side.
pub fn logs_window_ns(model: &TraceModel) -> (i64, i64) {
    let m = LOGS_MARGIN_MS.saturating_mul(1_000_000);
    (model.start_ns.saturating_sub(m), model.end_ns.max(model.start_ns).saturating_add(m))
}

/// A log line's span ID: a `span_id` (or `spanID`, `spanId`) label, metadata or parsed field, else
/// `span_id=<hex>` or `"span_id":"<hex>"` in the line.
pub fn log_span_id(e: &LogEntry) -> Option<SpanId> {
    const KEYS: [&str; 3] = ["span_id", "spanID", "spanId"];
    let labelled = e
        .metadata
        .iter()
        .chain(e.parsed.iter())
        .chain(e.stream.iter())
        .find(|(k, _)| KEYS.contains(k))
        .and_then(|(_, v)| SpanId::parse_hex(v.trim()));
    labelled.or_else(|| {
        KEYS.iter().find_map(|k| {
            let line = e.line.as_str();
            let at = line.find(k)? + k.len();
            let rest = line.get(at..)?.trim_start_matches(['=', '"', ':', ' ']);
            let hex: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
            SpanId::parse_hex(&hex)
        })
    })
}

/// Per log line, the row of its span in `model`: by span ID, else the deepest span whose time holds the
/// line (None: outside every span).
pub fn span_rows(model: &TraceModel, trace: &Trace, logs: &[LogEntry]) -> Vec<Option<u32>> {
    // The first span of each ID (as `row_for_span_id`), and each span's time and depth, built once.
    let mut by_id = std::collections::HashMap::with_capacity(trace.spans.len());
    for (i, s) in trace.spans.iter().enumerate() {
        if let Some(&r) = model.row_of_span.get(i) {
            by_id.entry(s.span_id).or_insert(r);
        }
    }
    let spans: Vec<(i64, i64, u32, u32)> = model
        .rows
        .iter()
        .enumerate()
        .filter_map(|(r, row)| row.span.and_then(|i| trace.spans.get(i)).map(|s| (s.start_ns, s.end_ns, row.depth, r as u32)))
        .collect();
    logs.iter()
        .map(|e| {
            log_span_id(e).and_then(|id| by_id.get(&id).copied()).or_else(|| {
                spans.iter().filter(|(a, b, _, _)| *a <= e.ts_ns && e.ts_ns <= *b).max_by_key(|(_, _, d, _)| *d).map(|(_, _, _, r)| *r)
            })
        })
        .collect()
}

/// The log lines to light up for the span of `row` (`start_ns..=end_ns`): its own lines and those inside
/// its time; when there are none, the one nearest its start. `ts` and `rows` are per line.
pub fn lines_near(ts: &[i64], rows: &[Option<u32>], row: u32, start_ns: i64, end_ns: i64) -> Vec<usize> {
    let mine: Vec<usize> = (0..ts.len()).filter(|&i| rows.get(i).copied().flatten() == Some(row) || (start_ns <= ts[i] && ts[i] <= end_ns)).collect();
    if !mine.is_empty() {
        return mine;
    }
    (0..ts.len()).min_by_key(|&i| (ts[i] as i128 - start_ns as i128).unsigned_abs()).into_iter().collect()
}

/// Lists longer than this (span rows, log lines) are virtualised: only the rows in view are drawn.
pub const VIRTUAL_FROM: usize = 2000;
/// Height of a virtualised row (CSS px) and the rows drawn beyond each edge of the view.
pub const ROW_PX: f64 = 20.0;
pub const OVERSCAN: usize = 20;

/// Where to scroll a virtualised list of rows of [`ROW_PX`] so that the row at `pos` is in a box `viewport_px`
/// high now scrolled to `scroll_top`: None when it is in view already, else the row in the box's middle.
pub fn scroll_to_row(pos: usize, scroll_top: f64, viewport_px: f64) -> Option<f64> {
    let y = pos as f64 * ROW_PX;
    if y >= scroll_top && y + ROW_PX <= scroll_top + viewport_px {
        return None;
    }
    Some((y - (viewport_px - ROW_PX) / 2.0).max(0.0))
}

/// The rows of a list of `count` to draw, `first..last`: all up to [`VIRTUAL_FROM`], else those in a box
/// `viewport_px` high scrolled to `scroll_top` (the trace view's `row_window`, rows of [`ROW_PX`]).
pub fn drawn_rows(count: usize, scroll_top: f64, viewport_px: f64) -> (usize, usize) {
    if count <= VIRTUAL_FROM {
        return (0, count);
    }
    crate::view::trace::nav::row_window(count, scroll_top, ROW_PX, viewport_px, OVERSCAN)
}

/// Per row of the model (`rows` of them), how many log lines belong to it (`line_rows`: per line, its row).
pub fn lines_per_row(line_rows: &[Option<u32>], rows: usize) -> Vec<u32> {
    let mut out = vec![0u32; rows];
    for r in line_rows.iter().flatten() {
        if let Some(n) = out.get_mut(*r as usize) {
            *n = n.saturating_add(1);
        }
    }
    out
}

/// Where a span's bar sits in the trace, as percentages of its duration: (left, width), width at least 0.2.
pub fn bar_pct(model: &TraceModel, start_ns: i64, end_ns: i64) -> (f64, f64) {
    let d = model.duration_ns().max(1) as f64;
    let left = ((start_ns - model.start_ns) as f64 / d * 100.0).clamp(0.0, 100.0);
    let width = ((end_ns - start_ns).max(0) as f64 / d * 100.0).clamp(0.2, 100.0 - left.min(99.8));
    (left, width)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::telemetry::{Fields, Labels, LogLevel, Span, SpanKind, SpanStatus, TraceId};

    #[test]
    fn long_lists_draw_only_the_rows_in_view() {
        assert_eq!(drawn_rows(0, 0.0, 400.0), (0, 0));
        assert_eq!(drawn_rows(VIRTUAL_FROM, 5000.0, 400.0), (0, VIRTUAL_FROM));
        // 50k rows scrolled to row 1000 in a 440 px box: 23 rows in view (22 and a part), 20 more each side.
        let (a, b) = drawn_rows(50_000, 1000.0 * ROW_PX, 440.0);
        // A row out of view is scrolled to the box's middle (then drawn); one in view stays put.
        assert_eq!(scroll_to_row(1005, 1000.0 * ROW_PX, 440.0), None);
        assert_eq!(scroll_to_row(1021, 1000.0 * ROW_PX, 440.0), None);
        let t = scroll_to_row(30_000, 1000.0 * ROW_PX, 440.0).unwrap();
        assert_eq!(t, 30_000.0 * ROW_PX - 210.0);
        let (a2, b2) = drawn_rows(50_000, t, 440.0);
        assert!(a2 <= 30_000 && 30_000 < b2, "{a2}..{b2}");
        assert_eq!(scroll_to_row(999, 1000.0 * ROW_PX, 440.0), Some(999.0 * ROW_PX - 210.0));
        assert_eq!(scroll_to_row(2, 1000.0 * ROW_PX, 440.0), Some(0.0));
        assert_eq!((a, b), (980, 1000 + 23 + OVERSCAN));
        assert_eq!(drawn_rows(50_000, 1e12, 440.0).1, 50_000);
    }

    #[test]
    fn lines_are_counted_per_row() {
        assert_eq!(lines_per_row(&[Some(1), None, Some(1), Some(0), Some(9)], 3), vec![1, 2, 0]);
    }

    fn span(id: u64, parent: Option<u64>, service: &str, start: i64, end: i64) -> Span {
        Span {
            span_id: SpanId::parse_hex(&format!("{id:016x}")).unwrap(),
            parent_id: parent.and_then(|p| SpanId::parse_hex(&format!("{p:016x}"))),
            name: format!("op{id}"),
            service: service.into(),
            kind: SpanKind::Server,
            status: SpanStatus::Unset,
            start_ns: start,
            end_ns: end,
            attributes: Vec::new(),
            resource: Arc::from(Vec::new()),
            scope: None,
            events: Vec::new(),
            links: Vec::new(),
        }
    }

    fn line(ts: i64, text: &str) -> LogEntry {
        LogEntry { ts_ns: ts, line: text.into(), stream: Arc::new(Labels::default()), metadata: Fields::new(), parsed: Fields::new(), level: LogLevel::Info, trace_id: None }
    }

    fn trace() -> Trace {
        Trace {
            trace_id: TraceId::parse_hex("0af7651916cd43dd8448eb211c80319c"),
            spans: vec![span(1, None, "front", 1_000, 10_000), span(2, Some(1), "back", 2_000, 5_000), span(3, Some(2), "db", 3_000, 4_000)],
            partial: false,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn red_queries_name_the_service_escaped() {
        let q: Vec<RedQuery> = red_queries(&RedTemplates::default(), "search\"ui").into_iter().map(Result::unwrap).collect();
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].expr, r#"sum(rate(traces_span_metrics_calls_total{service_name="search\"ui"}[1m]))"#);
        assert!(q[1].expr.contains(r#"status_code="STATUS_CODE_ERROR""#) && !q[1].millis);
        assert!(q[2].expr.starts_with("histogram_quantile(0.9,") && q[2].millis);
        let blank = RedTemplates { errors: " ".into(), ..RedTemplates::default() };
        assert_eq!(red_queries(&blank, "x").iter().map(|q| q.as_ref().unwrap().legend).collect::<Vec<_>>(), vec!["rate", "p90 ms"]);
    }

    #[test]
    fn red_templates_are_expanded_per_service_and_a_bad_one_says_what_is_wrong() {
        // The HTTP server preset: every `${service}` replaced, whatever else the template holds kept as written.
        let q = red_queries(&RedTemplates::http_server(), "api");
        assert_eq!(q[0], Ok(RedQuery { legend: "rate", expr: r#"sum(rate(http_server_requests_total{service_name="api"}[1m]))"#.into(), millis: false }));
        assert_eq!(
            q[1].as_ref().unwrap().expr,
            r#"sum(rate(http_server_requests_total{service_name="api",http_response_status_code=~"5.."}[1m])) or vector(0)"#
        );
        assert_eq!(
            q[2].as_ref().unwrap().expr,
            r#"1000 * histogram_quantile(0.9, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="api"}[5m])))"#
        );
        // Twice in one template, and a service name that needs escaping.
        let t = RedTemplates { rate: r#"a{s="${service}"} / b{s="${service}"}"#.into(), ..RedTemplates::default() };
        assert_eq!(red_queries(&t, r"x\y")[0].as_ref().unwrap().expr, r#"a{s="x\\y"} / b{s="x\\y"}"#);
        // A placeholder that is unknown (a trace's, not a service's) or not closed: the template's own message;
        // the others still give their queries.
        let bad = RedTemplates { errors: r#"x{t="${traceId}"}"#.into(), p90: "rate(y[5m]) * ${service".into(), ..RedTemplates::default() };
        let q = red_queries(&bad, "api");
        assert!(q[0].is_ok());
        assert_eq!(q[1], Err("The errors template: unknown placeholder ${traceId} (use ${service})".into()));
        assert_eq!(q[2], Err("The p90 ms template: a placeholder is not closed with }".into()));
        assert_eq!(bad.check(), Err("The errors template: unknown placeholder ${traceId} (use ${service})".into()));
        assert_eq!(RedTemplates::default().check(), Ok(()));
    }

    #[test]
    fn a_line_finds_its_span_by_id_or_by_time() {
        let t = trace();
        let m = TraceModel::build(&t);
        let logs = vec![
            line(9_000, "level=info msg=\"x\" span_id=0000000000000002"),
            line(3_500, "no span id, inside the db span"),
            line(7_000, "{\"span_id\":\"0000000000000003\"}"),
            line(50_000, "after the trace"),
            line(6_000, "span_id=zz, inside front only"),
        ];
        let rows = span_rows(&m, &t, &logs);
        let row = |id: u64| m.row_for_span_id(&t, SpanId::parse_hex(&format!("{id:016x}")).unwrap());
        assert_eq!(rows, vec![row(2), row(3), row(3), None, row(1)]);
    }

    #[test]
    fn lines_near_a_span_are_its_own_and_those_in_its_time_else_the_nearest() {
        let ts = [1_000, 2_500, 4_000, 9_000];
        let rows = [None, None, Some(7), Some(5)];
        assert_eq!(lines_near(&ts, &rows, 5, 2_000, 3_000), vec![1, 3]);
        assert_eq!(lines_near(&ts, &rows, 9, 5_000, 6_000), vec![2]);
        assert_eq!(lines_near(&[], &[], 9, 5_000, 6_000), Vec::<usize>::new());
    }

    #[test]
    fn windows_and_bars() {
        let t = trace();
        let m = TraceModel::build(&t);
        assert_eq!(chart_window_ms(&m), (-CHART_MARGIN_MS, CHART_MARGIN_MS));
        assert_eq!(logs_window_ns(&m), (1_000 - 60_000_000_000, 10_000 + 60_000_000_000));
        let (l, w) = bar_pct(&m, 2_000, 5_000);
        assert!((l - 100.0 / 9.0).abs() < 1e-9 && (w - 300.0 / 9.0).abs() < 1e-9);
        assert_eq!(bar_pct(&m, 10_000, 10_000), (100.0, 0.2));
        assert_eq!(services(&m).len(), 3);
    }
}
