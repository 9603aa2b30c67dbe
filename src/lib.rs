//! Trifocal: a serverless browser UI for Prometheus, Loki and Tempo/Jaeger, linked by trace ID.
//!
//! The pure core (everything not behind `cfg(target_arch = "wasm32")`) does no I/O, reads no clock and
//! builds and tests on the host. See ARCHITECTURE.md for the code map and its invariants.

pub mod backends;
pub mod chart;
pub mod dashboard;
pub mod datasource;
pub mod demo;
pub mod lang;
pub mod sort;
pub mod telemetry;
pub mod time;
pub mod url_state;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod http;
#[cfg(target_arch = "wasm32")]
pub mod ui;
