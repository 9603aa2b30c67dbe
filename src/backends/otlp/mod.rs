//! OTLP/JSON traces, shared by Tempo (v1 `batches`, v2 `trace`), Jaeger v3 (`result`) and trace files.
//!
//! `wire` holds the serde types, `convert` turns them into a `telemetry::Trace`, `fast` reads a span by hand (no serde) straight into the
//! model, `flex` reads the fields whose JSON type varies between encoders, `stream` reads a trace while its answer arrives.

pub mod convert;
mod fast;
pub mod flex;
pub mod stream;
pub mod wire;

pub use convert::{parse_traces_data, to_trace, Warnings, UNKNOWN_SERVICE};
