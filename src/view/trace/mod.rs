//! Trace view model: span tree rows, critical path, stats, collapse, time window geometry and find.
//!
//! Everything here is pure and tolerant of broken traces (missing parents, loops, duplicate IDs,
//! negative durations); the trace page only turns the numbers into pixels.

pub mod collapse;
pub mod critical_path;
pub mod find;
pub mod model;
pub mod stats;
pub mod viewport;

pub use critical_path::critical_path;
pub use model::{OrphanMode, Row, RowFlags, TraceModel};
pub use stats::{stats, TraceStats};

#[cfg(test)]
pub(crate) mod testutil {
    //! Hand-made spans for the tests of this module.
    use crate::telemetry::{Attribute, AttrValue, Span, SpanId, SpanKind, SpanStatus, Trace};

    pub fn span(id: u64, parent: Option<u64>, start: i64, end: i64) -> Span {
        Span {
            span_id: SpanId(id),
            parent_id: parent.map(SpanId),
            name: format!("op{id}"),
            service: "svc".into(),
            kind: SpanKind::Internal,
            status: SpanStatus::Unset,
            start_ns: start,
            end_ns: end,
            attributes: Vec::new(),
            resource: Vec::new(),
            scope: None,
            events: Vec::new(),
            links: Vec::new(),
        }
    }

    pub fn with_service(mut s: Span, service: &str) -> Span {
        s.service = service.into();
        s
    }

    pub fn with_attr(mut s: Span, key: &str, value: AttrValue) -> Span {
        s.attributes.push(Attribute { key: key.into(), value });
        s
    }

    pub fn trace(spans: Vec<Span>) -> Trace {
        Trace { trace_id: None, spans, partial: false, warnings: Vec::new() }
    }
}
