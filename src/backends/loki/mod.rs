//! Loki adapter: request values for `/loki/api/v1/*`, the exact wire JSON, conversion of streams into log
//! entries (level and trace ID per line) and of metric queries into series (paging past the line limit:
//! `backends::log_paging`).

pub mod context;
pub mod convert;
pub mod fields;
pub mod request;
pub mod tail;
pub mod wire;

pub use convert::LokiResult;
