//! The simulated telemetry model: spans, span events, log lines and whole traces, plus hex helpers.

/// OTLP span kinds (the numbers are the OTLP enum values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// OTLP status codes (the numbers are the OTLP enum values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusCode {
    Unset = 0,
    #[allow(dead_code)] // part of the OTLP enum; the simulation leaves successful spans Unset
    Ok = 1,
    Error = 2,
}

/// An attribute value (the OTLP AnyValue subset this generator uses).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Float(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}

pub type Attrs = Vec<(String, Value)>;

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub time_ns: u64,
    pub name: String,
    pub attributes: Attrs,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub trace_id: [u8; 16],
    pub span_id: [u8; 8],
    pub parent_span_id: Option<[u8; 8]>,
    pub service: String,
    pub name: String,
    pub kind: SpanKind,
    pub start_ns: u64,
    pub end_ns: u64,
    pub status: StatusCode,
    pub status_message: String,
    pub attributes: Attrs,
    pub events: Vec<Event>,
}

impl Span {
    pub fn attr(&self, key: &str) -> Option<&Value> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn attr_str(&self, key: &str) -> Option<&str> {
        match self.attr(key) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn attr_int(&self, key: &str) -> Option<i64> {
        match self.attr(key) {
            Some(Value::Int(v)) => Some(*v),
            _ => None,
        }
    }

    pub fn duration_ns(&self) -> u64 {
        self.end_ns.saturating_sub(self.start_ns)
    }
}

/// Log severity; also the value of the `level` stream label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Debug,
    Info,
    Warn,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// One simulated log line (pushed only with --logs-push). `trace_id`/`span_id` are lower-case hex, empty when absent.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    pub ts_ns: u64,
    pub service: String,
    pub level: Level,
    pub line: String,
    pub trace_id: String,
    pub span_id: String,
}

/// A complete simulated request: its spans (parents before children) and the log lines it caused.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub trace_id: [u8; 16],
    pub kind: &'static str,
    pub spans: Vec<Span>,
    pub logs: Vec<LogLine>,
    pub error: bool,
}

impl Trace {
    pub fn id_hex(&self) -> String {
        hex(&self.trace_id)
    }

    pub fn start_ns(&self) -> u64 {
        self.spans.iter().map(|s| s.start_ns).min().unwrap_or(0)
    }

    pub fn end_ns(&self) -> u64 {
        self.spans.iter().map(|s| s.end_ns).max().unwrap_or(0)
    }

    /// Distinct service names, in first-seen order.
    pub fn services(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.spans {
            if !out.iter().any(|x| x == &s.service) {
                out.push(s.service.clone());
            }
        }
        out
    }
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 0x0f) as usize] as char);
    }
    s
}

/// Static description of a simulated service (its OTLP resource).
pub struct ServiceInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub language: &'static str,
    pub host: &'static str,
}

/// Every service the simulation uses.
pub const SERVICES: &[ServiceInfo] = &[
    ServiceInfo { name: "search-ui", version: "2.3.1", language: "nodejs", host: "web-01" },
    ServiceInfo { name: "search-service", version: "1.4.2", language: "python", host: "api-02" },
    ServiceInfo { name: "embedding-service", version: "0.9.7", language: "go", host: "gpu-01" },
    ServiceInfo { name: "qdrant", version: "1.12.4", language: "rust", host: "vec-01" },
    ServiceInfo { name: "llm-gateway", version: "0.3.0", language: "go", host: "api-03" },
    ServiceInfo { name: "checkout", version: "3.0.2", language: "java", host: "api-01" },
    ServiceInfo { name: "postgres", version: "16.4", language: "cpp", host: "db-01" },
];

pub fn service_info(name: &str) -> Option<&'static ServiceInfo> {
    SERVICES.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case_and_zero_padded() {
        assert_eq!(hex(&[0x00, 0x0a, 0xff]), "000aff");
        assert_eq!(hex(&[]), "");
    }
}
