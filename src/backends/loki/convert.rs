//! Loki answers into telemetry: log streams into sorted [`LogEntry`] lists (level and trace ID found per
//! line), metric results into [`SeriesResult`], label lists and build info.

use std::sync::Arc;

use super::fields::{self, DEFAULT_TRACE_ID_FIELDS};
use crate::backends::log_paging::sort_entries;
use super::wire::{self, Envelope, QueryData, Stream};
use crate::backends::prometheus::convert::{backend_error, check_success, convert_query, from_json, precheck};
use crate::backends::prometheus::wire::QueryData as PromData;
use crate::backends::ApiError;
use crate::telemetry::{Fields, Labels, LogEntry, LogResult, SeriesResult};

/// What a LogQL query returned: log lines, or numbers for a metric query (`rate(...)`, `count_over_time`).
#[derive(Clone, Debug, PartialEq)]
pub enum LokiResult {
    Logs(LogResult),
    Metric(SeriesResult),
}

/// Parses an answer of `/loki/api/v1/query_range` or `/query`. `trace_id_fields` are the label/field names
/// that may hold a trace ID (empty: `trace_id`, `traceID`, `traceId`).
///
/// Log entries come back sorted in the query's direction. The answer does not say which direction was asked,
/// so it is read from the order of each stream's entries (Loki sends each stream in query order); with no
/// stream of two or more distinct times, newest first (Loki's default) is assumed. `paging::merge_page`
/// re-sorts a page when the caller's direction differs.
pub fn parse_query(status: u16, content_type: &str, body: &str, trace_id_fields: &[&str]) -> Result<LokiResult, ApiError> {
    precheck(status, content_type, body)?;
    let env: Envelope<QueryData> = from_json(body)?;
    let data = open(status, env.status, env.error, env.data)?;
    let warnings = env.warnings;
    Ok(match data {
        QueryData::Streams(streams) => LokiResult::Logs(convert_streams(streams, trace_id_fields, warnings)),
        QueryData::Matrix(m) => LokiResult::Metric(convert_query(PromData::Matrix(m), warnings, Vec::new())),
        QueryData::Vector(v) => LokiResult::Metric(convert_query(PromData::Vector(v), warnings, Vec::new())),
        QueryData::Scalar(s) => LokiResult::Metric(convert_query(PromData::Scalar(s), warnings, Vec::new())),
        QueryData::String(s) => LokiResult::Metric(convert_query(PromData::String(s), warnings, Vec::new())),
    })
}

fn open<T>(status: u16, env_status: String, error: Option<String>, data: Option<T>) -> Result<T, ApiError> {
    if env_status == "error" {
        return Err(backend_error(status, None, error));
    }
    check_success(&env_status)?;
    data.ok_or_else(|| ApiError::InvalidJson("the answer has no \"data\"".into()))
}

/// Flattens streams into entries: labels shared per stream, level and trace ID found per line.
pub fn convert_streams(streams: Vec<Stream>, trace_id_fields: &[&str], mut warnings: Vec<String>) -> LogResult {
    let fields: &[&str] = if trace_id_fields.is_empty() { &DEFAULT_TRACE_ID_FIELDS } else { trace_id_fields };
    let total: usize = streams.iter().map(|s| s.values.len()).sum();
    let mut entries = Vec::with_capacity(total);
    let (mut backward, mut forward) = (0usize, 0usize);
    let mut bad_ts = 0usize;
    for s in streams {
        let mut times = s.values.iter().filter_map(|e| e.ts_ns);
        if let (Some(first), Some(last)) = (times.next(), times.next_back()) {
            if first > last {
                backward += 1;
            } else if first < last {
                forward += 1;
            }
        }
        let stream = Arc::new(s.stream);
        let stream_level = fields::level_from_labels(&[&*stream]);
        let stream_trace = fields::trace_id_from_labels(&[&*stream], fields);
        for e in s.values {
            let Some(ts_ns) = e.ts_ns else {
                bad_ts += 1;
                continue;
            };
            let (metadata, parsed) = match e.categories {
                Some(c) => (c.structured_metadata, c.parsed),
                None => (Fields::new(), Fields::new()),
            };
            let level = stream_level
                .or_else(|| fields::level_from_labels(&[&metadata, &parsed]))
                .unwrap_or_else(|| fields::level_from_line(&e.line));
            let trace_id = fields::trace_id_from_labels(&[&metadata, &parsed], fields)
                .or(stream_trace)
                .or_else(|| fields::trace_id_from_line(&e.line, fields));
            entries.push(LogEntry { ts_ns, line: e.line, stream: Arc::clone(&stream), metadata, parsed, level, trace_id });
        }
    }
    if bad_ts > 0 {
        warnings.push(format!("{bad_ts} log lines with an unreadable timestamp were skipped"));
    }
    sort_entries(&mut entries, backward >= forward);
    LogResult { entries, warnings }
}

/// Parses a list of strings (`/loki/api/v1/labels`, `/label/<name>/values`). A missing or `null` list is empty.
pub fn parse_strings(status: u16, content_type: &str, body: &str) -> Result<Vec<String>, ApiError> {
    precheck(status, content_type, body)?;
    let env: Envelope<Vec<String>> = from_json(body)?;
    if env.status == "error" {
        return Err(backend_error(status, None, env.error));
    }
    check_success(&env.status)?;
    Ok(env.data.unwrap_or_default())
}

/// Parses `/loki/api/v1/series`: the label sets of matching streams.
pub fn parse_series(status: u16, content_type: &str, body: &str) -> Result<Vec<Labels>, ApiError> {
    precheck(status, content_type, body)?;
    let env: Envelope<Vec<Labels>> = from_json(body)?;
    if env.status == "error" {
        return Err(backend_error(status, None, env.error));
    }
    check_success(&env.status)?;
    Ok(env.data.unwrap_or_default())
}

/// Parses `/loki/api/v1/status/buildinfo` into the version string (e.g. `3.7.6`).
pub fn parse_buildinfo(status: u16, content_type: &str, body: &str) -> Result<String, ApiError> {
    precheck(status, content_type, body)?;
    let info: wire::BuildInfo = from_json(body)?;
    if info.version.is_empty() && info.revision.is_empty() {
        return Err(ApiError::InvalidJson("the build info has no version".into()));
    }
    Ok(info.version)
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
