//! Log entries: one line of a stream with its labels, metadata and the fields a parser found.

use std::sync::Arc;

use super::{Fields, Labels, TraceId};

/// Severity, from the `level` label (or `detected_level`) or guessed from the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
    Unknown,
}

impl LogLevel {
    /// Reads a level name as loggers write it (`warn`, `WARNING`, `err`, `E`, `critical`, ...).
    pub fn from_name(s: &str) -> LogLevel {
        // Lower-cased in a small buffer (no allocation per line); no known name is longer.
        let s = s.trim().as_bytes();
        let mut buf = [0u8; 16];
        let Some(lower) = buf.get_mut(..s.len()) else { return LogLevel::Unknown };
        lower.copy_from_slice(s);
        lower.make_ascii_lowercase();
        match std::str::from_utf8(lower).unwrap_or_default() {
            "trace" | "trc" | "t" => LogLevel::Trace,
            "debug" | "dbg" | "d" => LogLevel::Debug,
            "info" | "information" | "informational" | "inf" | "i" | "notice" => LogLevel::Info,
            "warn" | "warning" | "wrn" | "w" => LogLevel::Warn,
            "error" | "err" | "e" | "eror" => LogLevel::Error,
            "fatal" | "critical" | "crit" | "panic" | "emerg" | "alert" | "f" => LogLevel::Fatal,
            _ => LogLevel::Unknown,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Trace => "trace",
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
            LogLevel::Fatal => "fatal",
            LogLevel::Unknown => "unknown",
        }
    }
}

/// One log line. `ts_ns` keeps Loki's full nanosecond precision (for ordering and paging).
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub ts_ns: i64,
    pub line: String,
    /// Stream labels, shared by all entries of one stream.
    pub stream: Arc<Labels>,
    /// Structured metadata sent with the line (Loki 3), or a VictoriaLogs line's fields outside its stream.
    pub metadata: Fields,
    /// Labels a query parser (`| json`, `| logfmt`) extracted.
    pub parsed: Fields,
    pub level: LogLevel,
    /// A trace ID found in labels, metadata, parsed fields or the line.
    pub trace_id: Option<TraceId>,
}

/// A log query result. `entries` are sorted in the query's direction.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LogResult {
    pub entries: Vec<LogEntry>,
    pub warnings: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_names_are_read_in_any_case_and_unknown_ones_are_unknown() {
        for (name, level) in [
            ("warn", LogLevel::Warn),
            (" WARNING\t", LogLevel::Warn),
            ("Informational", LogLevel::Info),
            ("E", LogLevel::Error),
            ("crit", LogLevel::Fatal),
            ("dbg", LogLevel::Debug),
            ("TRACE", LogLevel::Trace),
            ("informational!", LogLevel::Unknown),
            ("a much longer text than any name", LogLevel::Unknown),
            ("érror", LogLevel::Unknown),
            ("", LogLevel::Unknown),
        ] {
            assert_eq!(LogLevel::from_name(name), level, "{name:?}");
        }
    }
}
