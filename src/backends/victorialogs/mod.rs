//! VictoriaLogs adapter: request values for `/select/logsql/*` (LogsQL), the exact wire shapes (JSON lines,
//! hits, field name/value lists) and their conversion into log entries, level series and name lists.

pub mod convert;
mod fast;
pub mod request;
pub mod query_stream;
mod read;
mod seen;
pub mod tail;
pub mod wire;
