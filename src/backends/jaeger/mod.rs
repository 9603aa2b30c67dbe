//! Jaeger adapter (the live trace backend of the test stack): services, trace by ID through the v3 API (OTLP
//! JSON) with the classic API as fallback, and classic search.
//!
//! `request` builds the calls, `wire` holds Jaeger's classic JSON shapes, `convert` parses answers into
//! `telemetry::Trace` and `telemetry::TraceSummary`.

pub mod convert;
pub mod errors;
pub mod form;
pub mod request;
pub mod terms;
pub mod traceql;
pub mod wire;
