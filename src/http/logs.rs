//! Log data from the logs backend the settings choose: Loki (LogQL, paged past its per-query limit) or
//! VictoriaLogs (LogsQL, `http::victorialogs`, paged too), or the recorded demo answer. The UI calls the same functions
//! for both.

use super::{send, send_fed, Abort};
use crate::backends::loki::tail::TailMessage;
use crate::backends::log_paging::{Paged, Progress};
use crate::backends::log_windows;
use crate::backends::loki::{self, convert, request, LokiResult};
use crate::backends::ApiError;
use crate::datasource::{Datasources, LogsBackend};
use crate::demo;
use crate::telemetry::{LogEntry, LogResult, Series};
use crate::view::log_lang::log_language;
use crate::view::log_volume::{self, VolumePlan};

#[derive(Clone, Debug)]
pub struct LogAnswer {
    pub logs: LogResult,
    /// True when the range holds no more lines than were loaded.
    pub complete: bool,
    pub pages: u32,
    pub demo_note: Option<String>,
}

/// Loki's default `max_entries_limit_per_query`; larger limits are fetched in pages of this size.
pub const PAGE: u32 = 5000;
/// Runs a log query, paging until `limit` lines are loaded or the range is exhausted.
/// `progress` is told the count as lines come, and the first screen of them before the rest.
pub async fn query(
    ds: &Datasources,
    live: bool,
    query: &str,
    start_ns: i64,
    end_ns: i64,
    limit: u32,
    newest_first: bool,
    abort: &Abort,
    progress: Progress<'_>,
) -> Result<LogAnswer, ApiError> {
    let fields: Vec<&str> = ds.trace_id_fields.iter().map(String::as_str).collect();
    if !live {
        let body = super::demo::body(demo::LOKI_STREAMS, abort).await?;
        let logs = match convert::parse_query(200, "application/json", &body, &fields)? {
            LokiResult::Logs(l) => l,
            LokiResult::Metric(_) => LogResult::default(),
        };
        return Ok(LogAnswer { logs, complete: true, pages: 1, demo_note: Some(demo::note(query, demo::LOG_QUERY)) });
    }
    if ds.logs == LogsBackend::VictoriaLogs {
        return super::victorialogs::query(ds, query, start_ns, end_ns, limit, newest_first, abort, progress).await;
    }
    let headers = {
        let mut h = ds.headers();
        h.push((loki::request::CATEGORIZE_HEADER.0.to_string(), loki::request::CATEGORIZE_HEADER.1.to_string()));
        h
    };
    // Past the first page, windows of the range are asked a few at a time (`log_windows`).
    let (headers, fields) = (&headers, &fields);
    let fetch = move |start: i64, end: i64, ask: u32| -> log_windows::Asked<'_> {
        Box::pin(async move {
            // Its own abort, so that a window given up (asked past the limit) stops its download.
            let abort = abort.child();
            let req = request::query_range(query, start, end, ask, newest_first, None);
            // The page's bytes are copied into wasm as they come and read as UTF-8 here: a page is MB of text,
            // and handing it over as a JS string (decoded, then encoded again character by character) cost more
            // than its parse.
            let mut bytes = Vec::new();
            let fed = send_fed(&ds.loki, &req, headers, &abort, ds.limits(), &mut |piece| bytes.extend_from_slice(piece)).await?;
            let r = fed.response;
            let body = if bytes.is_empty() { std::borrow::Cow::Borrowed(r.body.as_str()) } else { String::from_utf8_lossy(&bytes) };
            match convert::parse_query(r.status, &r.content_type, &body, fields)? {
                LokiResult::Logs(l) => Ok(l),
                LokiResult::Metric(_) => Err(ApiError::Backend { status: 200, message: "this is a metric query; open it in the metrics view".into() }),
            }
        })
    };
    let paged = log_windows::page_windows(limit, PAGE, newest_first, (start_ns, end_ns), progress, &fetch).await?;
    Ok(LogAnswer::paged(paged))
}

impl LogAnswer {
    /// The lines a paged query loaded, from a live backend.
    pub(super) fn paged(p: Paged) -> LogAnswer {
        LogAnswer { logs: p.logs, complete: p.complete, pages: p.pages, demo_note: None }
    }
}

/// Whether the configured logs backend answers.
pub async fn probe(ds: &Datasources) -> bool {
    if ds.logs == LogsBackend::VictoriaLogs {
        return super::victorialogs::probe(ds).await;
    }
    let abort = Abort::new();
    match send(&ds.loki, &request::buildinfo(), &ds.headers(), &abort, ds.limits().within(5)).await {
        Ok(r) => r.status == 200 && r.body.contains("version"),
        Err(_) => false,
    }
}

/// The log volume of a log query: level series (most severe first) with their legends, from the plan's
/// metric query (Loki) or hits (VictoriaLogs). Demo mode has no recorded volume for its query: no series.
pub async fn volume(ds: &Datasources, live: bool, plan: &VolumePlan, abort: &Abort) -> Result<(Vec<Series>, Vec<String>), ApiError> {
    if !live {
        return Ok((Vec::new(), Vec::new()));
    }
    if ds.logs == LogsBackend::VictoriaLogs {
        return super::victorialogs::volume(ds, plan, abort).await;
    }
    let req = request::query_range(&plan.query, plan.start_ns, plan.end_ns, 1, true, Some(plan.step_ms));
    let r = send(&ds.loki, &req, &ds.headers(), abort, ds.limits()).await?;
    match convert::parse_query(r.status, &r.content_type, &r.body, &[])? {
        LokiResult::Metric(m) => Ok(log_volume::volume_series(&m, plan.step_ms)),
        LokiResult::Logs(_) => Err(ApiError::InvalidJson("the volume query returned log lines".into())),
    }
}

/// Label names of the streams in the range (only those matching `selector` when given); VictoriaLogs' stream
/// fields.
pub async fn label_names(ds: &Datasources, start_ns: i64, end_ns: i64, selector: Option<&str>, abort: &Abort) -> Result<Vec<String>, ApiError> {
    if ds.logs == LogsBackend::VictoriaLogs {
        let mut v = super::victorialogs::label_names(ds, start_ns, end_ns, selector, abort).await?;
        v.sort();
        return Ok(v);
    }
    let r = send(&ds.loki, &request::labels(start_ns, end_ns, selector), &ds.headers(), abort, ds.limits().within(30)).await?;
    let mut v = convert::parse_strings(r.status, &r.content_type, &r.body)?;
    v.sort();
    Ok(v)
}

/// Values of one label in the range (only streams matching `selector` when given).
pub async fn label_values(ds: &Datasources, name: &str, start_ns: i64, end_ns: i64, selector: Option<&str>, abort: &Abort) -> Result<Vec<String>, ApiError> {
    if ds.logs == LogsBackend::VictoriaLogs {
        let mut v = super::victorialogs::label_values(ds, name, start_ns, end_ns, selector, abort).await?;
        v.sort();
        return Ok(v);
    }
    let req = request::label_values(name, start_ns, end_ns, selector).map_err(|m| ApiError::Backend { status: 0, message: m })?;
    let r = send(&ds.loki, &req, &ds.headers(), abort, ds.limits().within(30)).await?;
    let mut v = convert::parse_strings(r.status, &r.content_type, &r.body)?;
    v.sort();
    Ok(v)
}

/// Names of every field of the lines in the range (VictoriaLogs' `field_names`; Loki's label names), sorted.
pub async fn field_names(ds: &Datasources, start_ns: i64, end_ns: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    if ds.logs == LogsBackend::Loki {
        return label_names(ds, start_ns, end_ns, None, abort).await;
    }
    let mut v = super::victorialogs::field_names(ds, start_ns, end_ns, None, abort).await?;
    v.sort();
    Ok(v)
}

/// Values of any field in the range (VictoriaLogs' `field_values`; Loki's label values), sorted.
pub async fn field_values(ds: &Datasources, name: &str, start_ns: i64, end_ns: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    if ds.logs == LogsBackend::Loki {
        return label_values(ds, name, start_ns, end_ns, None, abort).await;
    }
    let mut v = super::victorialogs::field_values(ds, name, start_ns, end_ns, None, abort).await?;
    v.sort();
    Ok(v)
}

/// `n` lines of the same stream before and after `entry`, oldest first, with the index of `entry` itself.
pub async fn context(ds: &Datasources, entry: &LogEntry, n: u32, abort: &Abort) -> Result<(Vec<LogEntry>, Option<usize>), ApiError> {
    if ds.logs == LogsBackend::VictoriaLogs {
        return super::victorialogs::context(ds, entry, n, abort).await;
    }
    let fields: Vec<&str> = ds.trace_id_fields.iter().map(String::as_str).collect();
    let Some((before, after)) = loki::context::context_requests(&entry.stream, entry.ts_ns, n) else {
        return Err(ApiError::Backend { status: 0, message: "this line has no stream labels to find its neighbours by".into() });
    };
    let mut headers = ds.headers();
    headers.push((loki::request::CATEGORIZE_HEADER.0.to_string(), loki::request::CATEGORIZE_HEADER.1.to_string()));
    let mut pages = Vec::new();
    for req in [before, after] {
        let r = send(&ds.loki, &req, &headers, abort, ds.limits()).await?;
        pages.push(match convert::parse_query(r.status, &r.content_type, &r.body, &fields)? {
            LokiResult::Logs(l) => l.entries,
            LokiResult::Metric(_) => Vec::new(),
        });
    }
    let after = pages.pop().unwrap_or_default();
    let before = pages.pop().unwrap_or_default();
    Ok(loki::context::merge_context(before, after, entry.ts_ns, &entry.line))
}

/// Most series lines a LogQL metric query may return at once (Loki's default `limit` for metric queries is
/// the same 100; it counts series, not lines).
const METRIC_LIMIT: u32 = 100;

/// A query drawn as time series: a LogQL metric query (`sum by (level) (count_over_time({…}[1m]))`, Loki's
/// `query_range` matrix) or a LogsQL one with a `stats` pipe (VictoriaLogs' `stats_query_range`), or the
/// instant vector at `end_ms` when `instant`. A log query is refused with a sentence saying what to write
/// instead; demo mode has no recorded metric answers.
pub async fn metric_query(
    ds: &Datasources,
    live: bool,
    expr: &str,
    start_ms: i64,
    end_ms: i64,
    step_ms: i64,
    instant: bool,
    abort: &Abort,
) -> Result<super::metrics::MetricAnswer, ApiError> {
    let language = log_language(ds);
    if language.is_log_query(expr) {
        return Err(ApiError::Backend { status: 400, message: language.metric_hint.into() });
    }
    if !live {
        return Err(ApiError::Network(format!("demo mode has no {} data; connect {}", language.metric_name, ds.logs.name())));
    }
    if ds.logs == LogsBackend::VictoriaLogs {
        return super::victorialogs::stats(ds, expr, start_ms, end_ms, step_ms, instant, abort).await;
    }
    let ns = |ms: i64| ms.saturating_mul(1_000_000);
    let req = if instant {
        request::query_instant(expr, ns(end_ms), METRIC_LIMIT, true)
    } else {
        request::query_range(expr, ns(start_ms), ns(end_ms), METRIC_LIMIT, true, Some(step_ms))
    };
    let r = send(&ds.loki, &req, &ds.headers(), abort, ds.limits()).await?;
    match convert::parse_query(r.status, &r.content_type, &r.body, &[])? {
        LokiResult::Metric(result) => Ok(super::metrics::MetricAnswer { result, demo_note: None, inspect: super::metrics::Inspect::of(&r), raw: r.body }),
        LokiResult::Logs(_) => Err(ApiError::InvalidJson("Loki answered log lines to a metric query".into())),
    }
}

/// Follows the lines of `query` over a streamed HTTP answer (VictoriaLogs' tail) from `start_offset_ms` ago,
/// handing each batch to `on_lines` (first an empty one once connected). Loki's tail is a WebSocket
/// (`ui::logs::tail`), not this.
pub async fn tail_stream(ds: &Datasources, query: &str, start_offset_ms: i64, abort: &Abort, on_lines: &mut dyn FnMut(TailMessage)) -> Result<(), ApiError> {
    match ds.logs {
        LogsBackend::VictoriaLogs => super::victorialogs::tail(ds, query, start_offset_ms, abort, on_lines).await,
        LogsBackend::Loki => Err(ApiError::Backend { status: 0, message: "Loki's live tail is a WebSocket, not a streamed answer".into() }),
    }
}

