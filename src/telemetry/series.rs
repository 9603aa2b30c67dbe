//! Time series and exemplars: the result of a metric query, whatever backend answered it.

use super::{Labels, TraceId};

/// One sample. `t_ms` is milliseconds since the Unix epoch; `v` may be NaN or ±Inf (Prometheus sends them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub t_ms: i64,
    pub v: f64,
}

/// One series: its labels (the metric name, if any, under `__name__`) and its samples in time order. A
/// series may hold float samples (`points`), histogram samples (`histograms`, e.g. Prometheus' native
/// histograms), or both; each list is in time order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Series {
    pub labels: Labels,
    pub points: Vec<Point>,
    pub histograms: Vec<HistogramPoint>,
}

impl Series {
    /// A series of float samples only.
    pub fn new(labels: Labels, points: Vec<Point>) -> Self {
        Series { labels, points, histograms: Vec::new() }
    }
    /// True when the series holds histogram samples and no float samples.
    pub fn is_histogram(&self) -> bool {
        self.points.is_empty() && !self.histograms.is_empty()
    }
}

/// Which ends of a histogram bucket belong to it (Prometheus' `boundary_rule`: 0 to 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Boundary {
    /// `(lower, upper]`: the usual rule for positive buckets.
    #[default]
    OpenLower,
    /// `[lower, upper)`: negative buckets.
    OpenUpper,
    /// `(lower, upper)`.
    OpenBoth,
    /// `[lower, upper]`: the zero bucket.
    ClosedBoth,
}

impl Boundary {
    /// The rule of Prometheus' code (0 open left, 1 open right, 2 open both, 3 closed both).
    pub fn from_code(code: u8) -> Option<Boundary> {
        Some(match code {
            0 => Boundary::OpenLower,
            1 => Boundary::OpenUpper,
            2 => Boundary::OpenBoth,
            3 => Boundary::ClosedBoth,
            _ => return None,
        })
    }
}

/// One bucket of a histogram sample: the observations between `lower` and `upper` (which ends are
/// included: `boundary`). `count` may be fractional (a rate, an average).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistogramBucket {
    pub boundary: Boundary,
    pub lower: f64,
    pub upper: f64,
    pub count: f64,
}

/// One histogram sample: total count and sum of the observations and the non-empty buckets, ascending.
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramPoint {
    pub t_ms: i64,
    pub count: f64,
    pub sum: f64,
    pub buckets: Vec<HistogramBucket>,
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
    /// Float and histogram samples, all series together.
    pub fn point_count(&self) -> usize {
        self.series.iter().map(|s| s.points.len() + s.histograms.len()).sum()
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
