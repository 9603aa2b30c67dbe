//! View geometry and text shaping: pure functions from telemetry to what a view draws.

pub mod log_text;
pub mod trace;
