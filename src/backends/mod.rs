//! Backend adapters: request building, exact wire types and conversion into `telemetry`.
//!
//! Invariant: only modules under `backends/` know a backend's field names or URL paths. Each adapter is pure:
//! it returns an [`ApiRequest`] value for the I/O edge (`http/`) to send, and converts the body it gets back.

pub mod alertmanager;
pub mod bytes;
pub mod error;
pub mod jaeger;
pub mod json_peek;
pub mod log_paging;
pub mod log_windows;
pub mod loki;
pub mod otlp;
pub mod prometheus;
#[cfg(test)]
pub mod recorded;
pub mod request;
pub mod tempo;
pub mod trace_file;
pub mod victorialogs;

pub use error::ApiError;
pub use request::{ApiRequest, Method};
