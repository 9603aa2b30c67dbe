//! OTLP/JSON trace wire types (`resourceSpans` → `scopeSpans` → `spans`), as Tempo, Jaeger v3 and OTLP file
//! exports write them: camelCase or snake_case keys, the old `instrumentationLibrarySpans`, IDs in hex or
//! base64, int64 as strings or numbers, enums as numbers or names.

use serde::Deserialize;

use super::flex::{nullable, Flex};

/// `{"resourceSpans": [...]}`: an OTLP export request, or the body of Tempo v2's `trace`, Jaeger v3's `result`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TracesData {
    #[serde(default, deserialize_with = "nullable", alias = "resource_spans")]
    pub resource_spans: Vec<ResourceSpans>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSpans {
    #[serde(default)]
    pub resource: Option<Resource>,
    #[serde(default, deserialize_with = "nullable", alias = "scope_spans")]
    pub scope_spans: Vec<ScopeSpans>,
    /// OTLP before 0.15 (and Tempo 1.x).
    #[serde(default, deserialize_with = "nullable", alias = "instrumentation_library_spans")]
    pub instrumentation_library_spans: Vec<ScopeSpans>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Resource {
    #[serde(default, deserialize_with = "nullable")]
    pub attributes: Vec<KeyValue>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeSpans {
    #[serde(default)]
    pub scope: Option<Scope>,
    #[serde(default, alias = "instrumentation_library")]
    pub instrumentation_library: Option<Scope>,
    #[serde(default, deserialize_with = "nullable")]
    pub spans: Vec<Span>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Scope {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    #[serde(default, alias = "trace_id")]
    pub trace_id: Option<String>,
    #[serde(default, alias = "span_id")]
    pub span_id: Option<String>,
    #[serde(default, alias = "parent_span_id")]
    pub parent_span_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: Option<Flex>,
    #[serde(default, alias = "start_time_unix_nano")]
    pub start_time_unix_nano: Option<Flex>,
    #[serde(default, alias = "end_time_unix_nano")]
    pub end_time_unix_nano: Option<Flex>,
    #[serde(default, deserialize_with = "nullable")]
    pub attributes: Vec<KeyValue>,
    #[serde(default, deserialize_with = "nullable")]
    pub events: Vec<Event>,
    #[serde(default, deserialize_with = "nullable")]
    pub links: Vec<Link>,
    #[serde(default)]
    pub status: Option<Status>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(default, alias = "time_unix_nano")]
    pub time_unix_nano: Option<Flex>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub attributes: Vec<KeyValue>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    #[serde(default, alias = "trace_id")]
    pub trace_id: Option<String>,
    #[serde(default, alias = "span_id")]
    pub span_id: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub attributes: Vec<KeyValue>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Status {
    #[serde(default)]
    pub code: Option<Flex>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct KeyValue {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub value: Option<AnyValue>,
}

/// One of the value fields is set; an empty object is an empty value.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnyValue {
    #[serde(default, alias = "string_value")]
    pub string_value: Option<String>,
    #[serde(default, alias = "int_value")]
    pub int_value: Option<Flex>,
    #[serde(default, alias = "double_value")]
    pub double_value: Option<Flex>,
    #[serde(default, alias = "bool_value")]
    pub bool_value: Option<bool>,
    #[serde(default, alias = "array_value")]
    pub array_value: Option<ArrayValue>,
    #[serde(default, alias = "kvlist_value")]
    pub kvlist_value: Option<KeyValueList>,
    #[serde(default, alias = "bytes_value")]
    pub bytes_value: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ArrayValue {
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<AnyValue>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct KeyValueList {
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<KeyValue>,
}
