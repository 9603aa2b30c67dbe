//! Backend-neutral telemetry model: what every view and panel sees, whatever server the data came from.
//!
//! Nothing here knows a wire field name; `backends::*::convert` builds these values.

pub mod alerts;
mod dependency;
mod fields;
mod ids;
mod labels;
mod logs;
mod series;
mod summary;
mod trace;

pub use dependency::ServiceCall;
pub use fields::{shared_name, FieldSet, Fields};
pub use ids::{SpanId, TraceId};
pub use labels::Labels;
pub use logs::{LogEntry, LogLevel, LogResult};
pub use series::{Boundary, Exemplar, HistogramBucket, HistogramPoint, Point, Series, SeriesResult, ValueKind};
pub use summary::TraceSummary;
pub use trace::{AttrValue, Attribute, Span, SpanEvent, SpanKind, SpanLink, SpanStatus, Trace};
