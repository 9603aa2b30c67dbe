//! Jaeger's JSON: the classic envelope `{"data":…,"errors":[{"code","msg"}]}` with its trace/span/process
//! shapes (also what the Jaeger UI exports), and the v3 envelope `{"result":…}` / `{"error":{…}}`.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer};

use crate::backends::otlp::flex::{nullable, Flex};
use crate::backends::otlp::wire::TracesData;

/// `{"data": T, "errors": [...]}`. `data` is `None` when the key is missing, `Some(None)` when it is `null`.
#[derive(Debug, Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
pub struct Classic<T> {
    #[serde(default, deserialize_with = "present")]
    pub data: Option<Option<T>>,
    #[serde(default, deserialize_with = "nullable")]
    pub errors: Vec<ErrorItem>,
}

fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// One item of `/api/dependencies`: `{"parent","child","callCount"}`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dependency {
    #[serde(default, deserialize_with = "nullable")]
    pub parent: String,
    #[serde(default, deserialize_with = "nullable")]
    pub child: String,
    #[serde(default)]
    pub call_count: Option<Flex>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ErrorItem {
    #[serde(default)]
    pub code: Option<Flex>,
    #[serde(default)]
    pub msg: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    #[serde(default, rename = "traceID", alias = "traceId")]
    pub trace_id: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub spans: Vec<Span>,
    #[serde(default, deserialize_with = "nullable")]
    pub processes: HashMap<String, Process>,
    #[serde(default, deserialize_with = "nullable")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    #[serde(default, rename = "traceID", alias = "traceId")]
    pub trace_id: Option<String>,
    #[serde(default, rename = "spanID", alias = "spanId")]
    pub span_id: Option<String>,
    #[serde(default)]
    pub operation_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub references: Vec<Reference>,
    /// Microseconds since the Unix epoch.
    #[serde(default)]
    pub start_time: Option<Flex>,
    /// Microseconds.
    #[serde(default)]
    pub duration: Option<Flex>,
    #[serde(default, deserialize_with = "nullable")]
    pub tags: Vec<Tag>,
    #[serde(default, deserialize_with = "nullable")]
    pub logs: Vec<Log>,
    #[serde(default, rename = "processID", alias = "processId")]
    pub process_id: Option<String>,
    /// Some exports embed the process in each span.
    #[serde(default)]
    pub process: Option<Process>,
    #[serde(default, deserialize_with = "nullable")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    /// `CHILD_OF` or `FOLLOWS_FROM`.
    #[serde(default)]
    pub ref_type: Option<String>,
    #[serde(default, rename = "traceID", alias = "traceId")]
    pub trace_id: Option<String>,
    #[serde(default, rename = "spanID", alias = "spanId")]
    pub span_id: Option<String>,
}

/// `{"key","type":"string|bool|int64|float64|binary","value"}`.
#[derive(Debug, Default, Deserialize)]
pub struct Tag {
    #[serde(default)]
    pub key: String,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub value: serde_json::Value,
}

#[derive(Debug, Default, Deserialize)]
pub struct Log {
    /// Microseconds since the Unix epoch.
    #[serde(default)]
    pub timestamp: Option<Flex>,
    #[serde(default, deserialize_with = "nullable")]
    pub fields: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Process {
    #[serde(default)]
    pub service_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub tags: Vec<Tag>,
}

/// `/api/v3/traces/<id>`: `{"result":{"resourceSpans":[…]}}`, or `{"error":{"httpCode":404,"message":…}}`.
#[derive(Debug, Default, Deserialize)]
pub struct V3Response {
    #[serde(default)]
    pub result: Option<TracesData>,
    #[serde(default)]
    pub error: Option<V3Error>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct V3Error {
    #[serde(default)]
    pub http_code: Option<Flex>,
    #[serde(default)]
    pub message: Option<String>,
}
