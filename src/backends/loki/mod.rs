//! Loki adapter: request values for `/loki/api/v1/*`, the exact wire JSON, conversion of streams into log
//! entries (level and trace ID per line) and of metric queries into series, and paging past the line limit.

pub mod context;
pub mod convert;
pub mod fields;
pub mod paging;
pub mod request;
pub mod tail;
pub mod wire;

pub use convert::LokiResult;
