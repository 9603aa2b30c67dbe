//! Trace header numbers: span, service and error counts, depth, duration and the root span's name.

use crate::telemetry::Trace;
use crate::view::trace::model::TraceModel;

/// Summary of one trace for its header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TraceStats {
    pub span_count: usize,
    pub service_count: usize,
    /// Number of levels (a lone root is depth 1; an empty trace 0), placeholder rows included.
    pub depth: u32,
    pub error_count: usize,
    /// Earliest start to latest end.
    pub duration_ns: i64,
    pub start_ns: i64,
    /// Service and name of the root span: the first true root (no parent) in display order, else the
    /// first span shown. Empty service and "(no spans)" for an empty trace.
    pub root_service: String,
    pub root_name: String,
}

pub fn stats(trace: &Trace, model: &TraceModel) -> TraceStats {
    let is_true_root = |r: &crate::view::trace::Row| {
        r.parent_row.is_none() && !r.flags.orphan && !r.flags.cycle && r.span.is_some()
    };
    let root = model
        .rows
        .iter()
        .find(|r| is_true_root(r))
        .or_else(|| model.rows.iter().find(|r| r.span.is_some()))
        .and_then(|r| r.span)
        .and_then(|i| trace.spans.get(i));
    let (root_service, root_name) = match root {
        Some(s) => (s.service.to_string(), s.name.clone()),
        None => (String::new(), "(no spans)".to_string()),
    };
    TraceStats {
        span_count: trace.spans.len(),
        service_count: model.services.len(),
        depth: if model.rows.is_empty() { 0 } else { model.max_depth.saturating_add(1) },
        error_count: trace.spans.iter().filter(|s| s.is_error()).count(),
        duration_ns: model.duration_ns(),
        start_ns: model.start_ns,
        root_service,
        root_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::SpanStatus;
    use crate::view::trace::testutil::{span, trace, with_service};

    #[test]
    fn counts_and_root() {
        let mut e = with_service(span(3, Some(2), 30, 40), "db");
        e.status = SpanStatus::Error("x".into());
        let t = trace(vec![
            with_service(span(9, Some(77), 5, 8), "lost"), // orphan, starts first
            with_service(span(1, None, 10, 100), "web"),
            with_service(span(2, Some(1), 20, 50), "api"),
            e,
        ]);
        let m = TraceModel::build(&t);
        let s = stats(&t, &m);
        assert_eq!(s.span_count, 4);
        assert_eq!(s.service_count, 4);
        assert_eq!(s.depth, 3);
        assert_eq!(s.error_count, 1);
        assert_eq!(s.duration_ns, 95);
        assert_eq!(s.start_ns, 5);
        assert_eq!((s.root_service.as_str(), s.root_name.as_str()), ("web", "op1"));
    }

    #[test]
    fn no_true_root_and_empty() {
        let t = trace(vec![with_service(span(2, Some(1), 0, 5), "a")]);
        let s = stats(&t, &TraceModel::build(&t));
        assert_eq!((s.root_service.as_str(), s.root_name.as_str(), s.depth), ("a", "op2", 1));
        let t = trace(vec![]);
        let s = stats(&t, &TraceModel::build(&t));
        assert_eq!((s.span_count, s.depth, s.duration_ns, s.root_name.as_str()), (0, 0, 0, "(no spans)"));
    }
}
