//! One row of a trace search result: the trace's root, start, duration and size, whatever backend found it.

use std::collections::HashSet;

use super::{Trace, TraceId};

/// A trace found by a search. Tempo reports these directly; for Jaeger they are computed from whole traces.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceSummary {
    pub trace_id: TraceId,
    /// Service of the root span (Tempo says `<root span not yet received>` when it has none yet).
    pub root_service: String,
    /// Name of the root span.
    pub root_name: String,
    /// Start of the trace, Unix milliseconds.
    pub start_ms: i64,
    pub duration_ms: f64,
    /// Number of spans in the trace, when the backend says.
    pub span_count: Option<u32>,
    /// Number of spans that matched the query (0 when the backend does not say).
    pub matched: u32,
    /// Some span of the trace failed.
    pub error: bool,
}

impl TraceSummary {
    /// Summarises a whole trace: the root is the earliest span without a parent in the trace (or the earliest
    /// span when every span has one). None when the trace has no spans or no trace ID.
    pub fn from_trace(trace: &Trace) -> Option<TraceSummary> {
        let trace_id = trace.trace_id?;
        let ids: HashSet<_> = trace.spans.iter().map(|s| s.span_id).collect();
        let is_root = |s: &&super::Span| s.parent_id.is_none_or(|p| !ids.contains(&p));
        let earliest = |a: &&super::Span, b: &&super::Span| a.start_ns.cmp(&b.start_ns).then(b.end_ns.cmp(&a.end_ns));
        let root = trace.spans.iter().filter(is_root).min_by(earliest).or_else(|| trace.spans.iter().min_by(earliest))?;
        let start_ns = trace.spans.iter().map(|s| s.start_ns).min().unwrap_or(root.start_ns);
        let end_ns = trace.spans.iter().map(|s| s.end_ns).max().unwrap_or(root.end_ns);
        Some(TraceSummary {
            trace_id,
            root_service: root.service.to_string(),
            root_name: root.name.clone(),
            start_ms: start_ns.div_euclid(1_000_000),
            duration_ms: end_ns.saturating_sub(start_ns).max(0) as f64 / 1e6,
            span_count: Some(u32::try_from(trace.spans.len()).unwrap_or(u32::MAX)),
            matched: 0,
            error: trace.spans.iter().any(|s| s.is_error()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{Span, SpanId, SpanKind, SpanStatus};

    fn span(id: u64, parent: Option<u64>, start: i64, end: i64, error: bool) -> Span {
        Span {
            span_id: SpanId(id),
            parent_id: parent.map(SpanId),
            name: format!("op{id}"),
            service: format!("svc{id}").into(),
            kind: SpanKind::Internal,
            status: if error { SpanStatus::Error(String::new()) } else { SpanStatus::Unset },
            start_ns: start,
            end_ns: end,
            attributes: vec![],
            resource: Default::default(),
            scope: None,
            events: vec![],
            links: vec![],
        }
    }

    #[test]
    fn root_is_parentless_span_and_extent_covers_all() {
        let t = Trace {
            trace_id: Some(TraceId(7)),
            spans: vec![span(2, Some(1), 1_000_000, 9_000_000, true), span(1, None, 2_000_000, 5_000_000, false)],
            ..Default::default()
        };
        let s = TraceSummary::from_trace(&t).unwrap();
        assert_eq!(s.root_name, "op1");
        assert_eq!(s.root_service, "svc1");
        assert_eq!(s.start_ms, 1);
        assert_eq!(s.duration_ms, 8.0);
        assert_eq!(s.span_count, Some(2));
        assert!(s.error);
    }

    #[test]
    fn missing_parent_counts_as_root_and_empty_trace_has_no_summary() {
        let t = Trace {
            trace_id: Some(TraceId(7)),
            spans: vec![span(3, Some(99), 5, 6, false), span(2, Some(3), 1, 2, false)],
            ..Default::default()
        };
        assert_eq!(TraceSummary::from_trace(&t).unwrap().root_name, "op3");
        let cyclic = Trace { trace_id: Some(TraceId(7)), spans: vec![span(1, Some(2), 5, 6, false), span(2, Some(1), 1, 2, false)], ..Default::default() };
        assert_eq!(TraceSummary::from_trace(&cyclic).unwrap().root_name, "op2");
        assert_eq!(TraceSummary::from_trace(&Trace { trace_id: Some(TraceId(1)), ..Default::default() }), None);
    }
}
