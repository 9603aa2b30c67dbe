//! "Show context": the lines of one stream just before and just after a line, as two range queries with
//! the stream's exact selector, merged oldest first around the line.

use crate::backends::loki::request::query_range;
use crate::backends::ApiRequest;
use crate::telemetry::{Labels, LogEntry};
use crate::view::log_selector::stream_selector;

/// How far back and forward the context queries look.
pub const CONTEXT_WINDOW_NS: i64 = 3_600 * 1_000_000_000;

/// The two requests for `n` lines around the line at `ts_ns` in the stream `labels`: newest-first up to and
/// including the line's nanosecond, and oldest-first from the next nanosecond. None for an empty label set
/// (Loki needs at least one matcher).
pub fn context_requests(labels: &Labels, ts_ns: i64, n: u32) -> Option<(ApiRequest, ApiRequest)> {
    let sel = stream_selector(labels);
    if sel.is_empty() {
        return None;
    }
    let before = query_range(&sel, ts_ns.saturating_sub(CONTEXT_WINDOW_NS), ts_ns.saturating_add(1), n.saturating_add(1), true, None);
    let after = query_range(&sel, ts_ns.saturating_add(1), ts_ns.saturating_add(CONTEXT_WINDOW_NS), n, false, None);
    Some((before, after))
}

/// Merges the two answers oldest first; returns the lines and the index of the line itself (the first with
/// `ts_ns` and text `line`, else the last line at or before `ts_ns`).
pub fn merge_context(before: Vec<LogEntry>, after: Vec<LogEntry>, ts_ns: i64, line: &str) -> (Vec<LogEntry>, Option<usize>) {
    let mut all: Vec<LogEntry> = before;
    // The log lines' own sort (one instance of the standard sort for every list of lines).
    crate::backends::log_paging::sort_entries(&mut all, false);
    let mut after = after;
    crate::backends::log_paging::sort_entries(&mut after, false);
    all.extend(after.into_iter().filter(|e| e.ts_ns > ts_ns));
    let at = all
        .iter()
        .position(|e| e.ts_ns == ts_ns && e.line == line)
        .or_else(|| all.iter().rposition(|e| e.ts_ns <= ts_ns));
    (all, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::Fields;
    use std::sync::Arc;

    fn e(ts: i64, line: &str) -> LogEntry {
        LogEntry {
            ts_ns: ts,
            line: line.into(),
            stream: Arc::new(Labels::new()),
            metadata: Fields::new(),
            parsed: Fields::new(),
            level: crate::telemetry::LogLevel::Info,
            trace_id: None,
        }
    }

    #[test]
    fn requests_use_the_exact_stream_and_meet_at_the_line() {
        let mut l = Labels::new();
        l.insert("service_name", "search-service");
        let (b, a) = context_requests(&l, 1_000, 20).unwrap();
        let q = |r: &ApiRequest, k: &str| r.query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(q(&b, "query"), "{service_name=\"search-service\"}");
        assert_eq!((q(&b, "end"), q(&b, "direction"), q(&b, "limit")), ("1001".into(), "backward".into(), "21".into()));
        assert_eq!((q(&a, "start"), q(&a, "direction"), q(&a, "limit")), ("1001".into(), "forward".into(), "20".into()));
        assert!(context_requests(&Labels::new(), 1, 20).is_none());
        assert!(context_requests(&l, i64::MAX, u32::MAX).is_some());
    }

    #[test]
    fn merged_oldest_first_with_the_line_found() {
        let before = vec![e(10, "x"), e(10, "me"), e(9, "b"), e(5, "a")];
        let after = vec![e(12, "d"), e(11, "c"), e(10, "dup")];
        let (all, at) = merge_context(before, after, 10, "me");
        let lines: Vec<&str> = all.iter().map(|e| e.line.as_str()).collect();
        assert_eq!(lines, vec!["a", "b", "x", "me", "c", "d"]);
        assert_eq!(at, Some(3));
        let (_, at) = merge_context(vec![e(5, "a")], vec![], 10, "gone");
        assert_eq!(at, Some(0));
        assert_eq!(merge_context(vec![], vec![], 10, "x"), (vec![], None));
    }
}
