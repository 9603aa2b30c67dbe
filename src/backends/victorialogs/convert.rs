//! VictoriaLogs answers into telemetry: query lines into sorted [`LogEntry`] lists (stream fields as the
//! stream's labels, the other fields as the line's metadata, level and trace ID found per line), hits into
//! per-level count series, field lists into names, and its own error text into [`ApiError::Backend`].

use std::collections::HashMap;
use std::sync::Arc;

use super::fast;
use super::wire::{self, Hits, ValueList};
use crate::backends::loki::fields::{self, DEFAULT_TRACE_ID_FIELDS};
use crate::backends::log_paging::sort_entries;
use crate::backends::prometheus::convert::{from_json, precheck};
use crate::backends::ApiError;
use crate::telemetry::{shared_name, Fields, Labels, LogEntry, LogLevel, LogResult, Point, Series, SeriesResult, TraceId, ValueKind};

/// Fields every line has that VictoriaLogs sets itself; not shown among a line's fields.
const INTERNAL: [&str; 4] = ["_time", "_msg", "_stream", "_stream_id"];

/// An error status or an HTML page as an error (VictoriaLogs' own message for a bad query, a proxy's page).
/// Unlike the JSON answers, an empty query answer is a valid one: no lines.
fn check_status(status: u16, content_type: &str, body: &str) -> Result<(), ApiError> {
    let html = content_type.contains("html") || body.trim_start().starts_with('<');
    if !(200..300).contains(&status) || html {
        return Err(ApiError::from_body(status, content_type, body));
    }
    Ok(())
}

/// An RFC 3339 time with up to nanoseconds (`2026-12-06T07:46:02.419051269Z`) in ns; None if unreadable.
pub fn parse_time_ns(text: &str) -> Option<i64> {
    crate::time::civil::rfc3339_ns(text.trim())
}

/// Parses an answer of `/select/logsql/query`: one JSON object per line (an empty body is no lines).
/// `trace_id_fields` are the field names that may hold a trace ID (empty: `trace_id`, `traceID`, `traceId`).
/// The lines come back in no order; they are sorted newest first when `newest_first`, else oldest first.
/// Lines without a readable `_time` (the rows of a `stats` pipe) are left out with a warning.
pub fn parse_query(status: u16, content_type: &str, body: &str, trace_id_fields: &[&str], newest_first: bool) -> Result<LogResult, ApiError> {
    check_status(status, content_type, body)?;
    let mut lines = QueryLines::new(trace_id_fields);
    lines.push(body)?;
    Ok(lines.finish(newest_first))
}

/// A stream seen in the answer: its labels, shared by its lines, and the level and trace ID they give (a
/// line's own fields are looked in for a trace ID first, for a level after the stream's).
#[derive(Clone)]
struct StreamInfo {
    labels: Arc<Labels>,
    level: Option<LogLevel>,
    trace_id: Option<TraceId>,
}

/// The lines of a query answer read a piece at a time (whole lines only), as it streams in: the streams seen
/// are shared between pieces, and a bad line is named by its number in the whole answer.
pub struct QueryLines<'f> {
    trace_id_fields: &'f [&'f str],
    streams: HashMap<String, StreamInfo>,
    /// The same streams by their `_stream` value as written in the line (escaped), for the in-place reader.
    raw_streams: HashMap<String, StreamInfo>,
    /// Lines are read in place where they can be ([`fast`]); false reads every line through serde (tests, bench).
    fast: bool,
    /// The in-place reader's field list, reused from line to line.
    raw: Vec<fast::RawField>,
    pub entries: Vec<LogEntry>,
    no_time: usize,
    /// Lines read so far (blank ones too), for the number in an error.
    lines_read: usize,
}

impl<'f> QueryLines<'f> {
    pub fn new(trace_id_fields: &'f [&'f str]) -> QueryLines<'f> {
        let trace_id_fields: &[&str] = if trace_id_fields.is_empty() { &DEFAULT_TRACE_ID_FIELDS } else { trace_id_fields };
        QueryLines {
            trace_id_fields,
            streams: HashMap::new(),
            raw_streams: HashMap::new(),
            fast: true,
            raw: Vec::new(),
            entries: Vec::new(),
            no_time: 0,
            lines_read: 0,
        }
    }

    /// Reads every line the full way (serde), without the in-place reader: the reference it is tested and
    /// timed against.
    pub fn serde_only(mut self) -> QueryLines<'f> {
        self.fast = false;
        self
    }

    /// Reads whole lines (`\n`-separated; the last one may lack its newline).
    pub fn push(&mut self, text: &str) -> Result<(), ApiError> {
        text.lines().try_for_each(|line| self.push_line(line))
    }

    /// Reads one line (without its newline; a blank one is counted and skipped).
    pub fn push_line(&mut self, line: &str) -> Result<(), ApiError> {
        self.lines_read += 1;
        if line.trim().is_empty() {
            return Ok(());
        }
        self.line(line)
    }

    fn line(&mut self, line: &str) -> Result<(), ApiError> {
        if self.fast && self.fast_line(line) {
            return Ok(());
        }
        let wire::Row(row) = serde_json::from_str(line)
            .map_err(|e| ApiError::InvalidJson(format!("line {} of the answer: {}", self.lines_read, crate::backends::error::json_error(&e))))?;
        let field = |name: &str| row.iter().rev().find(|(k, _)| k == name).and_then(|(_, v)| v.as_deref());
        let Some(ts_ns) = field("_time").and_then(parse_time_ns) else {
            self.no_time += 1;
            return Ok(());
        };
        let stream = self.stream(field("_stream").unwrap_or("{}"));
        let line_text = field("_msg").unwrap_or_default().to_string();
        let mut pairs = Vec::new();
        for (k, v) in &row {
            if let Some(v) = v {
                if !INTERNAL.contains(&k.as_ref()) && stream.labels.get(k).is_none() {
                    pairs.push((shared_name(k), Box::from(v.as_ref())));
                }
            }
        }
        self.push_entry(ts_ns, line_text, &stream, Fields::from_pairs(pairs));
        Ok(())
    }

    /// Reads a plain line in place ([`fast`]): true when it was read (an entry added, or a line without a
    /// `_time` counted), false when it must be read the full way (nothing changed then).
    fn fast_line(&mut self, line: &str) -> bool {
        let mut raw = std::mem::take(&mut self.raw);
        let read = fast::fields(line, &mut raw) && self.fast_entry(line, &raw).is_some();
        self.raw = raw;
        read
    }

    fn fast_entry(&mut self, line: &str, raw: &[fast::RawField]) -> Option<()> {
        let field = |name: &str| raw.iter().rev().find(|f| &line[f.name.clone()] == name);
        // None: a value that does not decode (the line is then read the full way); Some(None): no such field.
        let text = |name: &str| match field(name) {
            Some(f) => fast::decode(line, f).map(Some),
            None => Some(None),
        };
        let Some(ts_ns) = text("_time")?.as_deref().and_then(parse_time_ns) else {
            self.no_time += 1;
            return Some(());
        };
        // Streams are looked up by their text as written (escaped): most lines repeat a stream already seen.
        let stream = match field("_stream") {
            Some(f) => match self.raw_streams.get(&line[f.value.clone()]) {
                Some(s) => s.clone(),
                None => {
                    let s = self.stream(&fast::decode(line, f)?);
                    self.raw_streams.insert(line[f.value.clone()].to_string(), s.clone());
                    s
                }
            },
            None => self.stream("{}"),
        };
        let line_text = text("_msg")?.unwrap_or_default().into_owned();
        // The line's own fields: all but VictoriaLogs' and the stream's, in one list of their exact size.
        let own = |f: &&fast::RawField| {
            let k = &line[f.name.clone()];
            !INTERNAL.contains(&k) && stream.labels.get(k).is_none()
        };
        let mut pairs = Vec::with_capacity(raw.iter().filter(own).count());
        for f in raw.iter().filter(own) {
            let value = Box::from(fast::decode(line, f)?);
            pairs.push((shared_name(&line[f.name.clone()]), value));
        }
        self.push_entry(ts_ns, line_text, &stream, Fields::from_pairs(pairs));
        Some(())
    }

    /// The labels of a `_stream` text, read once per distinct stream, with what they say of a line.
    fn stream(&mut self, stream_text: &str) -> StreamInfo {
        if let Some(s) = self.streams.get(stream_text) {
            return s.clone();
        }
        let labels = Arc::new(wire::parse_stream(stream_text).unwrap_or_default());
        let level = fields::level_from_labels(&[&*labels]);
        let trace_id = fields::trace_id_from_labels(&[&*labels], self.trace_id_fields);
        let s = StreamInfo { labels, level, trace_id };
        self.streams.insert(stream_text.to_string(), s.clone());
        s
    }

    /// Adds a line's entry with its level and trace ID, found in its fields or else in its text.
    fn push_entry(&mut self, ts_ns: i64, line: String, stream: &StreamInfo, metadata: Fields) {
        let fields_ = self.trace_id_fields;
        let level = stream.level.or_else(|| fields::level_from_labels(&[&metadata])).unwrap_or_else(|| fields::level_from_line(&line));
        let trace_id = fields::trace_id_from_labels(&[&metadata], fields_).or(stream.trace_id).or_else(|| fields::trace_id_from_line(&line, fields_));
        self.entries.push(LogEntry { ts_ns, line, stream: Arc::clone(&stream.labels), metadata, parsed: Fields::new(), level, trace_id });
    }

    /// The lines read, sorted in the direction (no work when they came in order), with a warning for rows
    /// without a `_time`.
    pub fn finish(self, newest_first: bool) -> LogResult {
        let mut entries = self.entries;
        let mut warnings = Vec::new();
        if self.no_time > 0 {
            warnings.push(format!("{} rows without a _time were left out (a stats pipe's rows are not log lines)", self.no_time));
        }
        sort_entries(&mut entries, newest_first);
        LogResult { entries, warnings }
    }
}

/// Parses `/select/logsql/hits`: one series per group (labelled by its field values, e.g. `level`), a point
/// per bucket at the bucket's **start** (ms) with its count. Unreadable times are skipped.
pub fn parse_hits(status: u16, content_type: &str, body: &str) -> Result<SeriesResult, ApiError> {
    precheck(status, content_type, body)?;
    let hits: Hits = from_json(body)?;
    let series = hits
        .hits
        .into_iter()
        .map(|h| {
            let points = h
                .timestamps
                .iter()
                .zip(h.values)
                .filter_map(|(t, v)| Some(Point { t_ms: parse_time_ns(t)?.div_euclid(1_000_000), v }))
                .collect();
            Series::new(h.fields, points)
        })
        .collect();
    Ok(SeriesResult { kind: ValueKind::Matrix, series, text: None, warnings: Vec::new(), infos: Vec::new() })
}

/// Parses `/select/logsql/stats_query_range` (a matrix) or `stats_query` (a vector): Prometheus' answer shape,
/// one series per `by (…)` group, labelled by its fields and `__name__` (the stats function, `count(*)`).
/// VictoriaLogs' own message for a bad query (HTTP 422, `{"status":"error","error":…}`) becomes the error.
pub fn parse_stats(status: u16, content_type: &str, body: &str) -> Result<SeriesResult, ApiError> {
    crate::backends::prometheus::convert::parse_query(status, content_type, body)
}

/// Parses a field name or value list (`field_names`, `field_values`, `stream_field_*`) into its values, in
/// the server's order (most lines first). Empty values are dropped.
pub fn parse_values(status: u16, content_type: &str, body: &str) -> Result<Vec<String>, ApiError> {
    precheck(status, content_type, body)?;
    let list: ValueList = from_json(body)?;
    Ok(list.values.into_iter().map(|v| v.value).filter(|v| !v.is_empty()).collect())
}

/// Whether `/health` said the server runs.
pub fn health_ok(status: u16, body: &str) -> bool {
    status == 200 && body.trim() == "OK"
}

/// True when a `/select/logsql/query` answer looks like VictoriaLogs' (empty, or JSON lines starting with an
/// object): the probe's check when `/health` is hidden. It reads no line (a probe runs at start-up: it must
/// not bring the line parser into the first download).
pub fn answers_query(status: u16, content_type: &str, body: &str) -> bool {
    check_status(status, content_type, body).is_ok() && body.trim_start().chars().next().is_none_or(|c| c == '{')
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
