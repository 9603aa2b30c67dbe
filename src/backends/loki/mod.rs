//! Loki adapter: request values for `/loki/api/v1/*`, the exact wire JSON (read without serde: `read.rs`), conversion of streams into log
//! entries (level and trace ID per line) and of metric queries into series (paging past the line limit:
//! `backends::log_paging`).

pub mod context;
pub mod convert;
pub mod fields;
mod read;
pub mod request;
pub mod tail;
pub mod wire;

pub use convert::LokiResult;
