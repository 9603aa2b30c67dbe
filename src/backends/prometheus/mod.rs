//! Prometheus adapter: request values for `/api/v1/*`, the exact wire JSON, conversion into telemetry
//! series/exemplars, and legend formatting.

pub mod convert;
pub mod legend;
pub mod read;
pub mod request;
pub mod rules;
pub mod wire;

pub use convert::MetricMeta;
