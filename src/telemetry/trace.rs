//! Traces: a flat list of spans as they arrived, in one backend-neutral shape (OTLP's, simplified).
//!
//! The tree, depth and critical path are computed by `view::trace`, which tolerates broken traces.

use std::sync::Arc;

use super::{SpanId, TraceId};

/// An attribute value. int64 values come as strings in OTLP JSON and are parsed into `Int`.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Arrays, maps and bytes, shown as their JSON text.
    Other(String),
}

impl std::fmt::Display for AttrValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttrValue::Str(s) | AttrValue::Other(s) => f.write_str(s),
            AttrValue::Int(i) => write!(f, "{i}"),
            AttrValue::Float(x) => write!(f, "{x}"),
            AttrValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub key: String,
    pub value: AttrValue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpanKind {
    Unspecified,
    Internal,
    Server,
    Client,
    Producer,
    Consumer,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanStatus {
    Unset,
    Ok,
    Error(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpanEvent {
    pub time_ns: i64,
    pub name: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpanLink {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    /// `FOLLOWS_FROM` from Jaeger, or a plain OTLP link.
    pub kind: String,
    pub attributes: Vec<Attribute>,
}

/// One span. Times are nanoseconds since the Unix epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub span_id: SpanId,
    pub parent_id: Option<SpanId>,
    pub name: String,
    /// `service.name` of the span's resource ("unknown_service" when missing); shared by the resource's spans.
    pub service: Arc<str>,
    pub kind: SpanKind,
    pub status: SpanStatus,
    pub start_ns: i64,
    pub end_ns: i64,
    pub attributes: Vec<Attribute>,
    /// Shared by every span of the same resource (a 250k-span trace has a handful of them).
    pub resource: Arc<[Attribute]>,
    /// Instrumentation scope name and version, when known; shared by the scope's spans.
    pub scope: Option<Arc<str>>,
    pub events: Vec<SpanEvent>,
    pub links: Vec<SpanLink>,
}

impl Span {
    pub fn duration_ns(&self) -> i64 {
        self.end_ns.saturating_sub(self.start_ns).max(0)
    }
    pub fn is_error(&self) -> bool {
        matches!(self.status, SpanStatus::Error(_))
    }
}

/// A trace as received. `partial` is set when the server said it is incomplete.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Trace {
    pub trace_id: Option<TraceId>,
    pub spans: Vec<Span>,
    pub partial: bool,
    /// Problems noticed while converting (skipped spans, bad IDs), shown above the trace.
    pub warnings: Vec<String>,
}
