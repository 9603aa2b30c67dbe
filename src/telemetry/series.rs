//! Time series and exemplars: the result of a metric query, whatever backend answered it.

use super::{Labels, TraceId};

/// One sample. `t_ms` is milliseconds since the Unix epoch; `v` may be NaN or ±Inf (Prometheus sends them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub t_ms: i64,
    pub v: f64,
}

/// One series: its labels (the metric name, if any, under `__name__`) and its samples in time order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Series {
    pub labels: Labels,
    pub points: Vec<Point>,
}

/// An exemplar attached to a series: a sample that points at a trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Exemplar {
    /// Labels of the series the exemplar belongs to.
    pub series_labels: Labels,
    /// The exemplar's own labels (trace_id, span_id, ...).
    pub labels: Labels,
    pub t_ms: i64,
    pub value: f64,
    /// The trace ID found under `trace_id`, `traceID` or `traceId`, if any.
    pub trace_id: Option<TraceId>,
}

/// What kind of result a metric query produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Range query: each series has many points.
    Matrix,
    /// Instant query: each series has one point.
    Vector,
    /// A single number (the series has no labels).
    Scalar,
    /// A string result (rare; shown as text).
    String,
}

/// A metric query result with the server's warnings and infos kept for display.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesResult {
    pub kind: ValueKind,
    pub series: Vec<Series>,
    /// Only for `ValueKind::String`.
    pub text: Option<String>,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
}

impl SeriesResult {
    pub fn point_count(&self) -> usize {
        self.series.iter().map(|s| s.points.len()).sum()
    }
}

impl Exemplar {
    /// The label names that can carry a trace ID, in the order they are tried.
    pub const TRACE_ID_LABELS: [&'static str; 3] = ["trace_id", "traceID", "traceId"];

    /// Finds the trace ID in a label set under one of the usual names.
    pub fn find_trace_id(labels: &Labels) -> Option<TraceId> {
        Self::TRACE_ID_LABELS.iter().find_map(|k| labels.get(k).and_then(TraceId::parse_hex))
    }
}
