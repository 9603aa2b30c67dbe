//! Log data from VictoriaLogs (LogsQL): lines, level volume from hits, stream field names and values, and
//! its probe. Called by `http::logs`, which picks the backend from the settings.

use std::cell::Cell;
use std::ops::ControlFlow;

use super::logs::LogAnswer;
use super::metrics::{Inspect, MetricAnswer};
use super::{send, Abort, Pace};
use crate::backends::log_paging::{self, Page, Progress};
use crate::backends::victorialogs::request::{self, FieldKind};
use crate::backends::loki::tail::TailMessage;
use crate::backends::victorialogs::convert;
use crate::backends::victorialogs::query_stream::QueryStream;
use crate::backends::victorialogs::tail::{parse_tail, LineSplitter};
use crate::backends::ApiError;
use crate::datasource::Datasources;
use crate::telemetry::{LogEntry, Series};
use crate::view::log_volume::{self, VolumePlan};

/// Up to `limit` lines of `[start_ns, end_ns)` in the asked order, in one request read as it streams in (the
/// lines parsed piece by piece, the count shown as they arrive). An answer passing the answer size limit is
/// stopped there and the next request goes on from its last line (the window before the oldest line loaded,
/// or after the newest), so no answer is held past the limit. `progress` is also given the first screen of
/// lines as they arrive, before the rest of the answer.
pub async fn query(ds: &Datasources, query: &str, start_ns: i64, end_ns: i64, limit: u32, newest_first: bool, abort: &Abort, progress: Progress<'_>) -> Result<LogAnswer, ApiError> {
    let fields: Vec<&str> = ds.trace_id_fields.iter().map(String::as_str).collect();
    let limits = ds.limits();
    let loaded = Cell::new(0usize);
    let paged_progress = |n: usize, first: Option<Vec<LogEntry>>| {
        loaded.set(n);
        progress(n, first);
    };
    let paged = log_paging::page_through(limit.max(1), limit.max(1), newest_first, (start_ns, end_ns), &paged_progress, async |start, end, ask| {
        let req = request::query(query, start, end, ask, newest_first);
        let mut read = QueryStream::new(&fields, ask as usize);
        let (mut bytes, mut cut, mut whole, mut bad, mut painted) = (0u64, false, true, None, false);
        let before = loaded.get();
        super::stream_until(&ds.victorialogs, &req, &ds.headers(), abort, limits, Some(limits.timeout_s), &mut |chunk| {
            // Past the size limit: the piece's bytes up to it are read, the rest of the answer is not.
            let room = usize::try_from(limits.max_bytes.saturating_sub(bytes)).unwrap_or(usize::MAX);
            bytes += chunk.len() as u64;
            cut = chunk.len() > room;
            match read.push(&chunk[..chunk.len().min(room)]) {
                Ok(more) => {
                    let first = if before == 0 { read.first_screen(newest_first) } else { None };
                    // The first lines are painted before more of the answer is read (once: later pieces add
                    // to them as the page paints every few pieces).
                    let pace = if first.is_some() && !painted { Pace::Paint } else { Pace::Read };
                    painted |= first.is_some();
                    progress(before + read.len(), first);
                    cut &= more;
                    whole = more && !cut;
                    if whole { ControlFlow::Continue(pace) } else { ControlFlow::Break(()) }
                }
                Err(e) => {
                    bad = Some(e);
                    ControlFlow::Break(())
                }
            }
        })
        .await?;
        if let Some(e) = bad {
            return Err(e);
        }
        let got = read.finish(whole, newest_first)?;
        if cut && (got.logs.entries.is_empty() || !got.in_order) {
            // Lines out of order cannot be continued from their last one: the answer is too large as it is.
            return Err(ApiError::TooLarge { bytes, limit: limits.max_bytes });
        }
        Ok(Page { logs: got.logs, cut })
    })
    .await?;
    Ok(LogAnswer::paged(paged))
}

/// Lines per level and bucket of the plan's step over exactly its range (hits by `level`).
pub async fn volume(ds: &Datasources, plan: &VolumePlan, abort: &Abort) -> Result<(Vec<Series>, Vec<String>), ApiError> {
    let req = request::hits(&plan.query, plan.start_ns, plan.end_ns, plan.step_ms, "level");
    let r = send(&ds.victorialogs, &req, &ds.headers(), abort, ds.limits()).await?;
    let hits = convert::parse_hits(r.status, &r.content_type, &r.body)?;
    Ok(log_volume::hits_series(&hits, plan.step_ms))
}

/// A LogsQL query with a `stats` pipe as time series over `[start_ms, end_ms)` at `step_ms`, or at once over
/// the range when `instant` (one point per group at `end_ms`).
pub async fn stats(ds: &Datasources, query: &str, start_ms: i64, end_ms: i64, step_ms: i64, instant: bool, abort: &Abort) -> Result<MetricAnswer, ApiError> {
    let ns = |ms: i64| ms.saturating_mul(1_000_000);
    let req = if instant { request::stats_query(query, ns(start_ms), ns(end_ms)) } else { request::stats_query_range(query, ns(start_ms), ns(end_ms), step_ms) };
    let r = send(&ds.victorialogs, &req, &ds.headers(), abort, ds.limits()).await?;
    let result = convert::parse_stats(r.status, &r.content_type, &r.body)?;
    Ok(MetricAnswer { result, demo_note: None, inspect: Inspect::of(&r), raw: r.body })
}

/// Follows the lines matching `query` from `start_offset_ms` ago as VictoriaLogs streams them
/// (`/select/logsql/tail`), handing each batch of whole lines to `on_lines` (oldest first; `dropped` counts
/// lines too long to keep). Returns when the server ends the answer, `abort` stops it, or the stream is not
/// VictoriaLogs' lines (that error, the tail stopped). `on_lines` is first given an empty message once the
/// answer's head is in (the tail is connected).
pub async fn tail(ds: &Datasources, query: &str, start_offset_ms: i64, abort: &Abort, on_lines: &mut dyn FnMut(TailMessage)) -> Result<(), ApiError> {
    let fields: Vec<&str> = ds.trace_id_fields.iter().map(String::as_str).collect();
    let mut split = LineSplitter::new();
    let mut bad: Option<ApiError> = None;
    let req = request::tail(query, start_offset_ms);
    let r = super::stream(&ds.victorialogs, &req, &ds.headers(), abort, ds.limits(), &mut |chunk| {
        if bad.is_some() {
            return;
        }
        if chunk.is_empty() {
            on_lines(TailMessage::default());
            return;
        }
        let before = split.too_long;
        let lines = split.push(chunk);
        if lines.is_empty() && split.too_long == before {
            return;
        }
        match parse_tail(&lines, &fields) {
            Ok(mut m) => {
                m.dropped = split.too_long - before;
                on_lines(m);
            }
            Err(e) => {
                bad = Some(e);
                abort.abort();
            }
        }
    })
    .await;
    match bad {
        Some(e) => Err(e),
        None => r,
    }
}

/// Stream field names of the lines in the range (matching `selector` when given).
pub async fn label_names(ds: &Datasources, start_ns: i64, end_ns: i64, selector: Option<&str>, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let req = request::field_names(FieldKind::Stream, start_ns, end_ns, selector);
    let r = send(&ds.victorialogs, &req, &ds.headers(), abort, ds.limits().within(30)).await?;
    convert::parse_values(r.status, &r.content_type, &r.body)
}

/// Values of one field in the range (matching `selector` when given): of a stream field (the label browser)
/// or of any other (a dashboard variable's `label_values(level)`), so both are VictoriaLogs' `field_values`.
pub async fn label_values(ds: &Datasources, name: &str, start_ns: i64, end_ns: i64, selector: Option<&str>, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let req = request::field_values(FieldKind::Any, name, start_ns, end_ns, selector);
    let r = send(&ds.victorialogs, &req, &ds.headers(), abort, ds.limits().within(30)).await?;
    convert::parse_values(r.status, &r.content_type, &r.body)
}

/// `n` lines of the same stream before and after `entry`, oldest first, with the index of `entry` itself.
pub async fn context(ds: &Datasources, entry: &LogEntry, n: u32, abort: &Abort) -> Result<(Vec<LogEntry>, Option<usize>), ApiError> {
    let Some((before, after)) = request::context(&entry.stream, entry.ts_ns, n) else {
        return Err(ApiError::Backend { status: 0, message: "this line has no stream fields to find its neighbours by".into() });
    };
    let fields: Vec<&str> = ds.trace_id_fields.iter().map(String::as_str).collect();
    let mut pages = Vec::with_capacity(2);
    for (req, newest_first) in [(before, true), (after, false)] {
        let r = send(&ds.victorialogs, &req, &ds.headers(), abort, ds.limits()).await?;
        pages.push(convert::parse_query(r.status, &r.content_type, &r.body, &fields, newest_first)?.entries);
    }
    let after = pages.pop().unwrap_or_default();
    let before = pages.pop().unwrap_or_default();
    Ok(crate::backends::loki::context::merge_context(before, after, entry.ts_ns, &entry.line))
}

/// Names of any field of the lines in the range (matching `query` when given), most frequent first.
pub async fn field_names(ds: &Datasources, start_ns: i64, end_ns: i64, query: Option<&str>, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let req = request::field_names(FieldKind::Any, start_ns, end_ns, query);
    let r = send(&ds.victorialogs, &req, &ds.headers(), abort, ds.limits().within(30)).await?;
    convert::parse_values(r.status, &r.content_type, &r.body)
}

/// Values of any field in the range (matching `query` when given), most frequent first.
pub async fn field_values(ds: &Datasources, name: &str, start_ns: i64, end_ns: i64, query: Option<&str>, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let req = request::field_values(FieldKind::Any, name, start_ns, end_ns, query);
    let r = send(&ds.victorialogs, &req, &ds.headers(), abort, ds.limits().within(30)).await?;
    convert::parse_values(r.status, &r.content_type, &r.body)
}

/// Whether VictoriaLogs answers: `/health` says OK, or (behind a proxy that only passes `/select/`) a
/// one-line query over the last minute answers.
pub async fn probe(ds: &Datasources) -> bool {
    let abort = Abort::new();
    let limits = ds.limits().within(5);
    if let Ok(r) = send(&ds.victorialogs, &request::health(), &ds.headers(), &abort, limits).await {
        if convert::health_ok(r.status, &r.body) {
            return true;
        }
    }
    let req = request::query("_time:1m", 0, i64::MAX, 1, true);
    match send(&ds.victorialogs, &req, &ds.headers(), &abort, limits).await {
        Ok(r) => convert::answers_query(r.status, &r.content_type, &r.body),
        Err(_) => false,
    }
}
