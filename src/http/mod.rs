//! The I/O edge for backends: sends `ApiRequest` values with fetch, with abort, timeout and size limit.
//!
//! One function per data kind returns backend-neutral data (`telemetry`); views never see wire formats.

mod transport;
pub mod alerts;
pub mod dashboards;
pub mod demo;
pub mod logs;
pub mod metrics;
pub mod panel;
pub mod sources;
pub mod traces;
pub mod victorialogs;

pub use transport::{send, send_fed, send_json, stream, stream_until, Abort, Fed, Pace, Response};
