//! Log entries: one line of a stream with its labels, metadata and the fields a parser found.

use std::sync::Arc;

use super::{Labels, TraceId};

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
        match s.trim().to_ascii_lowercase().as_str() {
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
    /// Structured metadata sent with the line (Loki 3).
    pub metadata: Labels,
    /// Labels a query parser (`| json`, `| logfmt`) extracted.
    pub parsed: Labels,
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
