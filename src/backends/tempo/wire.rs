//! Tempo's JSON answers: trace by ID (v2 `trace` + `status`, v1 `batches`) and search results.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::backends::otlp::flex::{nullable, Flex};
use crate::backends::otlp::wire::{ResourceSpans, TracesData};

/// `/api/v2/traces/<id>` (`trace`, `status`, `message`) or `/api/traces/<id>` (`batches`); a bare OTLP
/// document (`resourceSpans`) is accepted too.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceResponse {
    #[serde(default)]
    pub trace: Option<TracesData>,
    #[serde(default)]
    pub batches: Option<Vec<ResourceSpans>>,
    #[serde(default)]
    pub resource_spans: Option<Vec<ResourceSpans>>,
    /// `PARTIAL` (or `partial`, or 1) when Tempo hit a limit and returned part of the trace.
    #[serde(default)]
    pub status: Option<Flex>,
    #[serde(default)]
    pub message: Option<String>,
}

/// `/api/search`.
#[derive(Debug, Default, Deserialize)]
pub struct SearchResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub traces: Vec<SearchTrace>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchTrace {
    /// Hex, with leading zeros stripped.
    #[serde(default, rename = "traceID", alias = "traceId")]
    pub trace_id: Option<String>,
    #[serde(default)]
    pub root_service_name: Option<String>,
    #[serde(default)]
    pub root_trace_name: Option<String>,
    #[serde(default)]
    pub start_time_unix_nano: Option<Flex>,
    /// Left out when 0.
    #[serde(default)]
    pub duration_ms: Option<Flex>,
    /// The first span set (older Tempo sends only this).
    #[serde(default)]
    pub span_set: Option<SpanSet>,
    #[serde(default, deserialize_with = "nullable")]
    pub span_sets: Vec<SpanSet>,
    #[serde(default, deserialize_with = "nullable")]
    pub service_stats: BTreeMap<String, ServiceStats>,
}

#[derive(Debug, Default, Deserialize)]
pub struct SpanSet {
    #[serde(default)]
    pub matched: Option<Flex>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceStats {
    #[serde(default)]
    pub span_count: Option<Flex>,
    #[serde(default)]
    pub error_count: Option<Flex>,
}
