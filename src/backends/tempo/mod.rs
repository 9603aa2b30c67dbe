//! Tempo adapter: trace by ID (v2 with v1 fallback), TraceQL search, tag names and values for autocomplete,
//! and build info.
//!
//! `request` builds the calls, `wire` holds Tempo's own JSON shapes, `convert` parses answers into
//! `telemetry::Trace` (through the shared OTLP conversion) and `telemetry::TraceSummary`.

pub mod convert;
pub mod request;
pub mod tags;
pub mod wire;
