//! The correlation workspace over a window (`#/correlate?from=…&to=…&service=…`) and a window selected on
//! its charts (`sel=`): the service's log query, which loaded lines are shown (in the selection; those
//! without a trace ID only when asked), the selection drawn as a region on the charts, and the traces listed.

use crate::datasource::correlations::{interpolate, LinkValues};
use crate::telemetry::{LogEntry, TraceId, TraceSummary};
use crate::view::annotations::Region;

/// The logs of one service (LogQL and LogsQL read the same stream selector; `${service}` is escaped).
pub const SERVICE_LOGS: &str = r#"{service_name="${service}"}"#;
/// The selection's colour on the charts.
const SELECTION_COLOR: &str = "#4f8fe6";

/// The log query of `service`'s lines.
pub fn service_logs_query(service: &str) -> String {
    interpolate(SERVICE_LOGS, &LinkValues { service, ..LinkValues::default() })
}

/// The window asked of the backends: the selection (ms) when there is one, else `window`.
pub fn asked_window(window: (i64, i64), selection: Option<(i64, i64)>) -> (i64, i64) {
    selection.filter(|(a, b)| a < b).unwrap_or(window)
}

/// Indexes of the lines shown: inside the selection (ms, both ends included) if any, and with a trace ID
/// unless `untraced`.
pub fn shown_lines(lines: &[LogEntry], selection: Option<(i64, i64)>, untraced: bool) -> Vec<usize> {
    let inside = |ts_ns: i64| match selection {
        Some((a, b)) => a.saturating_mul(1_000_000) <= ts_ns && ts_ns <= b.saturating_mul(1_000_000).saturating_add(999_999),
        None => true,
    };
    lines.iter().enumerate().filter(|(_, e)| inside(e.ts_ns) && (untraced || e.trace_id.is_some())).map(|(i, _)| i).collect()
}

/// The selection as a region the charts shade.
pub fn selection_region(selection: Option<(i64, i64)>) -> Vec<Region> {
    selection
        .map(|(a, b)| Region { start_ms: a, end_ms: b, title: "Selected window".into(), text: String::new(), tags: Vec::new(), name: "selection".into(), color: SELECTION_COLOR.into() })
        .into_iter()
        .collect()
}

/// The traces to list: all but `current` (the workspace's own trace), each once, newest first.
pub fn other_traces(list: &[TraceSummary], current: Option<TraceId>) -> Vec<TraceSummary> {
    let mut out: Vec<TraceSummary> = Vec::with_capacity(list.len());
    for t in list.iter().filter(|t| Some(t.trace_id) != current) {
        if !out.iter().any(|o| o.trace_id == t.trace_id) {
            out.push(t.clone());
        }
    }
    crate::sort::by(&mut out, |a, b| b.start_ms.cmp(&a.start_ms));
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::telemetry::{Fields, Labels, LogLevel};

    fn line(ts_ms: i64, trace: Option<&str>) -> LogEntry {
        LogEntry {
            ts_ns: ts_ms * 1_000_000 + 123,
            line: "x".into(),
            stream: Arc::new(Labels::default()),
            metadata: Fields::new(),
            parsed: Fields::new(),
            level: LogLevel::Info,
            trace_id: trace.and_then(TraceId::parse_hex),
        }
    }

    fn summary(id: &str, start_ms: i64) -> TraceSummary {
        TraceSummary { trace_id: TraceId::parse_hex(id).unwrap(), root_service: "s".into(), root_name: "op".into(), start_ms, duration_ms: 1.0, span_count: None, matched: 0, error: false }
    }

    #[test]
    fn the_service_query_quotes_the_name() {
        assert_eq!(service_logs_query("search-service"), r#"{service_name="search-service"}"#);
        assert_eq!(service_logs_query(r#"a"b\c"#), r#"{service_name="a\"b\\c"}"#);
    }

    #[test]
    fn lines_narrow_to_the_selection_and_untraced_ones_are_optional() {
        let id = "0af7651916cd43dd8448eb211c80319c";
        let lines = [line(1_000, Some(id)), line(2_000, None), line(3_000, Some(id)), line(4_000, None)];
        assert_eq!(shown_lines(&lines, None, true), vec![0, 1, 2, 3]);
        assert_eq!(shown_lines(&lines, None, false), vec![0, 2]);
        // Both ends included, to the last ns of the end's millisecond.
        assert_eq!(shown_lines(&lines, Some((2_000, 3_000)), true), vec![1, 2]);
        assert_eq!(shown_lines(&lines, Some((2_000, 3_000)), false), vec![2]);
        assert_eq!(shown_lines(&lines, Some((5_000, 6_000)), true), Vec::<usize>::new());
        assert_eq!(asked_window((0, 10), Some((2, 3))), (2, 3));
        assert_eq!(asked_window((0, 10), None), (0, 10));
        assert_eq!(asked_window((0, 10), Some((3, 3))), (0, 10));
    }

    #[test]
    fn the_selection_is_one_region() {
        let r = selection_region(Some((10, 20)));
        assert_eq!((r.len(), r[0].start_ms, r[0].end_ms), (1, 10, 20));
        assert_eq!(crate::view::annotations::css_color(&r[0].color), SELECTION_COLOR);
        assert!(selection_region(None).is_empty());
    }

    #[test]
    fn other_traces_leave_out_the_current_one_and_repeats() {
        let (a, b, c) = ("0af7651916cd43dd8448eb211c80319c", "1af7651916cd43dd8448eb211c80319c", "2af7651916cd43dd8448eb211c80319c");
        let list = [summary(a, 5), summary(b, 1), summary(c, 9), summary(b, 1)];
        let ids: Vec<String> = other_traces(&list, TraceId::parse_hex(a)).iter().map(|t| t.trace_id.to_hex()).collect();
        assert_eq!(ids, vec![c.to_string(), b.to_string()]);
        assert_eq!(other_traces(&list, None).len(), 3);
    }
}
