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

/// The `_time` and `_stream` fields that begin the readers' tests' hand-made lines (`read_tests.rs`,
/// `convert_tests.rs`): a well-formed pair, so each line's own oddity is what is tested.
#[cfg(test)]
const TEST_TIME: &str = r#""_time":"2026-12-06T07:46:02.419051269Z""#;
#[cfg(test)]
const TEST_STREAM: &str = r#""_stream":"{level=\"warn\",service_name=\"x\"}""#;
