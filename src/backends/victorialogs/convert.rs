//! VictoriaLogs answers into telemetry: query lines into sorted [`LogEntry`] lists (stream fields as the
//! stream's labels, the other fields as the line's metadata, level and trace ID found per line), hits into
//! per-level count series, field lists into names, and its own error text into [`ApiError::Backend`].

use std::sync::Arc;

use super::seen::{Name, Names, Streams};
use super::{fast, read, wire};
use crate::backends::loki::fields::{self, DEFAULT_TRACE_ID_FIELDS};
use crate::backends::log_paging::sort_entries;
use crate::backends::prometheus::convert::precheck;
use crate::backends::ApiError;
use crate::telemetry::{shared_name, Fields, LogEntry, LogResult, Point, Series, SeriesResult, ValueKind};

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

/// The lines of a query answer read a piece at a time (whole lines only), as it streams in: the streams seen
/// are shared between pieces, and a bad line is named by its number in the whole answer.
pub struct QueryLines<'f> {
    trace_id_fields: &'f [&'f str],
    streams: Streams,
    /// Field names met by the in-place reader, and what each is to a line.
    names: Names,
    /// Lines are read in place where they can be ([`fast`]); false reads every line the full way (tests, bench).
    fast: bool,
    /// The full way: [`read::row`] (serde's `wire::Row` only as the tests' oracle and the bench's peer).
    full: fn(&str) -> Result<wire::Row<'_>, String>,
    /// The in-place reader's field list, and each field's name index and whether it is the line's own, reused
    /// from line to line.
    raw: Vec<fast::RawField>,
    own: Vec<(Option<usize>, bool)>,
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
            streams: Streams::default(),
            names: Names::default(),
            fast: true,
            full: read::row,
            raw: Vec::new(),
            own: Vec::new(),
            entries: Vec::new(),
            no_time: 0,
            lines_read: 0,
        }
    }

    /// Reads every line the full way ([`read::row`]), without the in-place reader: the reference it is
    /// tested and timed against.
    pub fn full_only(mut self) -> QueryLines<'f> {
        self.fast = false;
        self
    }

    /// Reads every line with serde, as before `read.rs`: the tests' oracle and the bench's peer (never called
    /// by the app, so serde's reader stays out of the wasm).
    #[doc(hidden)]
    pub fn serde_only(mut self) -> QueryLines<'f> {
        self.fast = false;
        self.full = wire::row_serde;
        self
    }

    /// Reads whole lines (`\n`-separated; the last one may lack its newline).
    pub fn push(&mut self, text: &str) -> Result<(), ApiError> {
        text.lines().try_for_each(|line| self.push_line(line))
    }

    /// Reads one line (without its newline; a blank one is counted and skipped).
    pub fn push_line(&mut self, line: &str) -> Result<(), ApiError> {
        self.lines_read += 1;
        // A line starting its object at once is not blank (no trim over it).
        if !line.starts_with('{') && line.trim().is_empty() {
            return Ok(());
        }
        self.line(line)
    }

    fn line(&mut self, line: &str) -> Result<(), ApiError> {
        if self.fast && self.fast_line(line) {
            return Ok(());
        }
        let wire::Row(row) = (self.full)(line).map_err(|e| ApiError::InvalidJson(format!("line {} of the answer: {e}", self.lines_read)))?;
        let field = |name: &str| row.iter().rev().find(|(k, _)| k == name).and_then(|(_, v)| v.as_deref());
        let Some(ts_ns) = field("_time").and_then(parse_time_ns) else {
            self.no_time += 1;
            return Ok(());
        };
        let stream = self.streams.of_text(field("_stream").unwrap_or("{}"), self.trace_id_fields);
        let line_text = field("_msg").unwrap_or_default().to_string();
        let labels = &self.streams.list[stream].labels;
        let mut pairs = Vec::new();
        for (k, v) in &row {
            if let Some(v) = v {
                if !INTERNAL.contains(&k.as_ref()) && labels.get(k).is_none() {
                    pairs.push((shared_name(k), Box::from(v.as_ref())));
                }
            }
        }
        self.push_entry(ts_ns, line_text, stream, Fields::from_pairs(pairs));
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
        let b = line.as_bytes();
        // Each name looked at once: VictoriaLogs' own fields found (the last of a name counts, as in the full
        // reader), the others' names remembered for the stream's labels below.
        let (mut time, mut msg, mut stream_field) = (None, None, None);
        let mut own = std::mem::take(&mut self.own);
        own.clear();
        for f in raw {
            let i = self.names.index(b.get(f.name.clone())?);
            let past_the_most;
            let name = match i {
                Some(i) => self.names.get(i),
                None => {
                    past_the_most = Name::of(line.get(f.name.clone())?);
                    &past_the_most
                }
            };
            match name {
                Name::Time => time = Some(f),
                Name::Msg => msg = Some(f),
                Name::Stream => stream_field = Some(f),
                Name::StreamId | Name::Other(_) => {}
            }
            own.push((i, matches!(name, Name::Other(_))));
        }
        let read = self.fast_entry_from(line, raw, time, msg, stream_field, &mut own);
        self.own = own;
        read
    }

    /// The entry of a line whose fields are known ([`QueryLines::fast_entry`]).
    fn fast_entry_from(
        &mut self,
        line: &str,
        raw: &[fast::RawField],
        time: Option<&fast::RawField>,
        msg: Option<&fast::RawField>,
        stream_field: Option<&fast::RawField>,
        own: &mut [(Option<usize>, bool)],
    ) -> Option<()> {
        // None: a value that does not decode (the line is then read the full way); Some(None): no such field.
        let text = |f: Option<&fast::RawField>| match f {
            Some(f) => fast::decode(line, f).map(Some),
            None => Some(None),
        };
        let Some(ts_ns) = text(time)?.as_deref().and_then(parse_time_ns) else {
            self.no_time += 1;
            return Some(());
        };
        // Streams are looked up by their text as written (escaped): most lines repeat a stream already seen.
        let stream = match stream_field {
            Some(f) => {
                let written = line.as_bytes().get(f.value.clone())?;
                match self.streams.of_raw(written) {
                    Some(s) => s,
                    None => {
                        let s = self.streams.of_text(&fast::decode(line, f)?, self.trace_id_fields);
                        self.streams.add_raw(written, s);
                        s
                    }
                }
            }
            None => self.streams.of_text("{}", self.trace_id_fields),
        };
        let line_text = text(msg)?.unwrap_or_default().into_owned();
        // The line's own fields: all but VictoriaLogs' and the stream's, in one list of their exact size.
        let info = &mut self.streams.list[stream];
        let mut count = 0;
        for ((i, is_own), f) in own.iter_mut().zip(raw) {
            if *is_own {
                *is_own = !info.has_label(*i, line.get(f.name.clone())?);
                count += usize::from(*is_own);
            }
        }
        let mut pairs = Vec::with_capacity(count);
        for ((i, is_own), f) in own.iter().zip(raw) {
            if *is_own {
                let name = match i.map(|i| self.names.get(i)) {
                    Some(Name::Other(n)) => Arc::clone(n),
                    _ => shared_name(line.get(f.name.clone())?),
                };
                pairs.push((name, Box::from(fast::decode(line, f)?)));
            }
        }
        self.push_entry(ts_ns, line_text, stream, Fields::from_pairs(pairs));
        Some(())
    }

    /// Adds a line's entry with its level and trace ID, found in its fields or else in its text.
    fn push_entry(&mut self, ts_ns: i64, line: String, stream: usize, metadata: Fields) {
        let fields_ = self.trace_id_fields;
        let stream = &self.streams.list[stream];
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
    let series = hit_series(read::hits(body).map_err(ApiError::InvalidJson)?);
    Ok(SeriesResult { kind: ValueKind::Matrix, series, text: None, warnings: Vec::new(), infos: Vec::new() })
}

/// The series of a hits answer, however it was read.
pub(super) fn hit_series(hits: wire::Hits) -> Vec<Series> {
    hits.hits
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
        .collect()
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
    let mut values = read::values(body).map_err(ApiError::InvalidJson)?;
    values.retain(|v| !v.is_empty());
    Ok(values)
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
