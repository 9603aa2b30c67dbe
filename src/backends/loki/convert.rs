//! Loki answers into telemetry: log streams into sorted [`LogEntry`] lists (level and trace ID found per
//! line), metric results into [`SeriesResult`], label lists and build info.

use std::sync::Arc;

use super::fields::{self, DEFAULT_TRACE_ID_FIELDS};
use super::read::{self, Data};
use super::wire::Stream;
use crate::backends::json_peek;
use crate::backends::log_paging::sort_entries;
use crate::backends::prometheus::convert::{build_version, convert_query, open_data, precheck};
use crate::backends::ApiError;
use crate::telemetry::{Fields, LogEntry, LogResult, SeriesResult};

/// Loki's label lists (`/loki/api/v1/labels`, `/label/<name>/values`; a missing or `null` list is empty) and
/// `/loki/api/v1/series` (the label sets of matching streams) are Prometheus' shapes, read by its reader.
pub use crate::backends::prometheus::convert::{parse_series, parse_strings};

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
    let (data, head) = open_data(status, content_type, body, read::query_data)?;
    Ok(match data {
        Data::Streams(streams) => LokiResult::Logs(convert_streams(streams, trace_id_fields, head.warnings)),
        Data::Metric(m) => LokiResult::Metric(convert_query(m, head.warnings, head.infos)),
    })
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

/// Parses `/loki/api/v1/status/buildinfo` (no envelope) into the version string (e.g. `3.7.6`).
pub fn parse_buildinfo(status: u16, content_type: &str, body: &str) -> Result<String, ApiError> {
    precheck(status, content_type, body)?;
    let info = json_peek::parse(body).map_err(ApiError::InvalidJson)?;
    build_version(&info, false)
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
