//! Prometheus answers into telemetry values: envelope checks, query results, exemplars, label lists, metadata.
//!
//! Every function takes the raw `(status, content_type, body)` and returns a value or an [`ApiError`] that
//! says what went wrong (the server's own message when it sent one). Nothing here panics on any input.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use super::read::{self, Cur, Head};
use super::wire::{self, Envelope, QueryData};
use crate::backends::otlp::flex::clip;
use crate::backends::error::json_error;
use crate::backends::json_peek::{self, Json};
use crate::backends::ApiError;
use crate::telemetry::{Boundary, Exemplar, HistogramBucket, HistogramPoint, Labels, Point, Series, SeriesResult, ValueKind};

/// What `/api/v1/metadata` says about one metric.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetricMeta {
    /// `counter`, `gauge`, `histogram`, `summary`, `info`, `stateset`, `unknown`, ...
    pub kind: String,
    pub help: String,
    pub unit: String,
}

/// Rejects bodies that cannot be a JSON answer: non-2xx statuses and HTML pages. `Ok` means "parse it".
pub(crate) fn precheck(status: u16, content_type: &str, body: &str) -> Result<(), ApiError> {
    let trimmed = body.trim_start();
    let html = content_type.contains("html") || trimmed.starts_with('<');
    if !(200..300).contains(&status) || html {
        return Err(ApiError::from_body(status, content_type, body));
    }
    if trimmed.is_empty() {
        return Err(ApiError::InvalidJson(format!("the server sent an empty body (HTTP {status})")));
    }
    Ok(())
}

/// Parses JSON into `T`, reporting serde's message (with line and column) on failure.
pub(crate) fn from_json<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::InvalidJson(json_error(&e)))
}

/// Checks status/HTML, parses the envelope with serde and returns its `data` with the warnings and infos: the
/// rules and alerts answers (the alerts page), and the tests' oracle for [`open`]'s reader.
pub(crate) fn open_serde<T: DeserializeOwned>(status: u16, content_type: &str, body: &str) -> Result<(T, Vec<String>, Vec<String>), ApiError> {
    precheck(status, content_type, body)?;
    let env: Envelope<T> = match serde_json::from_str(body) {
        Ok(env) => env,
        Err(e) => {
            // A body like {"status":"error",...} whose data did not fit still says why.
            if let Ok(env) = serde_json::from_str::<Envelope<serde::de::IgnoredAny>>(body) {
                if env.status == "error" {
                    return Err(backend_error(status, env.error_type, env.error));
                }
            }
            return Err(ApiError::InvalidJson(json_error(&e)));
        }
    };
    if env.status == "error" {
        return Err(backend_error(status, env.error_type, env.error));
    }
    check_success(&env.status)?;
    let data = env.data.ok_or_else(|| ApiError::InvalidJson("the answer has no \"data\"".into()))?;
    Ok((data, env.warnings, env.infos))
}

/// Checks status/HTML and reads the envelope without serde, its `data` with `data` (`read.rs`).
pub(crate) fn open(status: u16, content_type: &str, body: &str, data: &mut dyn FnMut(&mut Cur) -> read::Read<()>) -> Result<Head, ApiError> {
    precheck(status, content_type, body)?;
    let head = match read::envelope(body, data) {
        Ok(head) => head,
        Err(e) => {
            // A body like {"status":"error",...} whose data did not fit still says why.
            if let Ok(head) = read::envelope(body, &mut |c: &mut Cur| c.skip_value()) {
                if head.status == "error" {
                    return Err(backend_error(status, head.error_type, head.error));
                }
            }
            return Err(ApiError::InvalidJson(e));
        }
    };
    if head.status == "error" {
        return Err(backend_error(status, head.error_type, head.error));
    }
    check_success(&head.status)?;
    Ok(head)
}

/// [`open`] for answers whose `data` must be there.
pub(crate) fn open_data<T>(status: u16, content_type: &str, body: &str, data: fn(&mut Cur) -> read::Read<T>) -> Result<(T, Head), ApiError> {
    let mut out = None;
    let head = open(status, content_type, body, &mut |c| {
        out = Some(data(c)?);
        Ok(())
    })?;
    match out {
        Some(data) => Ok((data, head)),
        None => Err(ApiError::InvalidJson("the answer has no \"data\"".into())),
    }
}

/// Prometheus and Loki mark every answer `"status":"success"`; JSON without it comes from another server (a
/// Jaeger or Tempo URL set where Prometheus or Loki belongs) and is not read as an empty list.
pub(crate) fn check_success(status: &str) -> Result<(), ApiError> {
    if status == "success" {
        return Ok(());
    }
    Err(ApiError::InvalidJson(if status.is_empty() {
        "expected a Prometheus-style answer with \"status\":\"success\"; this JSON has no status (is the URL of the right server set?)".into()
    } else {
        format!("expected \"status\":\"success\", got {:?}", clip(status, 60))
    }))
}

/// Most characters of a server's error message kept (as `ApiError::from_body` keeps of a body).
pub(crate) const MAX_MESSAGE_CHARS: usize = 2000;

/// The server's own error, clipped so a huge message (a many-to-many match listing every series) stays
/// readable; an empty one gets a generic sentence.
pub(crate) fn backend_error(status: u16, kind: Option<String>, error: Option<String>) -> ApiError {
    let msg = error.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| "the server reported an error without a message".into());
    let message = match kind {
        Some(k) if !k.trim().is_empty() => format!("{}: {msg}", clip(k.trim(), 100)),
        _ => msg,
    };
    ApiError::Backend { status, message: clip(message.trim(), MAX_MESSAGE_CHARS) }
}

/// Float seconds to integer milliseconds; None for NaN/Inf or out of range.
pub(crate) fn secs_to_ms(t: f64) -> Option<i64> {
    let ms = (t * 1000.0).round();
    // i64 holds ±9.2e18; stay well inside so the cast is exact and meaningful.
    (ms.is_finite() && ms.abs() < 9.0e18).then_some(ms as i64)
}

/// A native histogram sample in the telemetry model; None for an unreadable timestamp. Buckets with an
/// unknown boundary rule are dropped and counted in `bad_buckets`.
fn histogram_point(w: &wire::HistogramSample, bad_buckets: &mut usize) -> Option<HistogramPoint> {
    let t_ms = secs_to_ms(w.t)?;
    let mut buckets: Vec<HistogramBucket> = Vec::with_capacity(w.h.buckets.len());
    for b in &w.h.buckets {
        match Boundary::from_code(b.rule) {
            Some(boundary) if !b.lower.is_nan() && !b.upper.is_nan() => {
                buckets.push(HistogramBucket { boundary, lower: b.lower, upper: b.upper, count: b.count })
            }
            _ => *bad_buckets += 1,
        }
    }
    // Prometheus sends buckets in ascending order; a body that does not is put in order.
    if !buckets.is_sorted_by(|a, b| (a.lower, a.upper) <= (b.lower, b.upper)) {
        crate::sort::by(&mut buckets, |a, b| a.lower.total_cmp(&b.lower).then(a.upper.total_cmp(&b.upper)));
    }
    Some(HistogramPoint { t_ms, count: w.h.count.0, sum: w.h.sum.0, buckets })
}

/// Converts a query `data` object (shared with Loki's metric queries). Conversion notes are added to `warnings`.
pub(crate) fn convert_query(data: QueryData, mut warnings: Vec<String>, infos: Vec<String>) -> SeriesResult {
    let mut bad_ts = 0usize;
    let mut bad_buckets = 0usize;
    let (kind, series, text) = match data {
        QueryData::Matrix(list) => {
            let mut out = Vec::with_capacity(list.len());
            for s in list {
                let mut points = Vec::with_capacity(s.values.len());
                for p in &s.values {
                    match secs_to_ms(p.t) {
                        Some(t_ms) => points.push(Point { t_ms, v: p.v }),
                        None => bad_ts += 1,
                    }
                }
                // Prometheus sends samples in time order; a body that does not is put in order (views rely on it).
                if !points.is_sorted_by_key(|p| p.t_ms) {
                    crate::sort::by_key(&mut points, |p| p.t_ms);
                }
                let mut histograms = Vec::with_capacity(s.histograms.len());
                for h in &s.histograms {
                    match histogram_point(h, &mut bad_buckets) {
                        Some(p) => histograms.push(p),
                        None => bad_ts += 1,
                    }
                }
                if !histograms.is_sorted_by_key(|p| p.t_ms) {
                    crate::sort::by_key(&mut histograms, |p| p.t_ms);
                }
                out.push(Series { labels: s.metric, points, histograms });
            }
            (ValueKind::Matrix, out, None)
        }
        QueryData::Vector(list) => {
            let mut out = Vec::with_capacity(list.len());
            for s in list {
                match (s.value, s.histogram) {
                    (Some(p), _) => match secs_to_ms(p.t) {
                        Some(t_ms) => out.push(Series::new(s.metric, vec![Point { t_ms, v: p.v }])),
                        None => bad_ts += 1,
                    },
                    (None, Some(h)) => match histogram_point(&h, &mut bad_buckets) {
                        Some(p) => out.push(Series { labels: s.metric, points: Vec::new(), histograms: vec![p] }),
                        None => bad_ts += 1,
                    },
                    (None, None) => out.push(Series::new(s.metric, Vec::new())),
                }
            }
            (ValueKind::Vector, out, None)
        }
        QueryData::Scalar(p) => {
            let points = match secs_to_ms(p.t) {
                Some(t_ms) => vec![Point { t_ms, v: p.v }],
                None => {
                    bad_ts += 1;
                    Vec::new()
                }
            };
            (ValueKind::Scalar, vec![Series::new(Labels::new(), points)], None)
        }
        QueryData::String(s) => (ValueKind::String, Vec::new(), Some(s.1)),
    };
    if bad_buckets > 0 {
        warnings.push(format!("{bad_buckets} histogram buckets with an unknown boundary rule or bound were skipped"));
    }
    if bad_ts > 0 {
        warnings.push(format!("{bad_ts} samples with an unreadable timestamp were skipped"));
    }
    SeriesResult { kind, series, text, warnings, infos }
}

/// Parses an answer of `/api/v1/query` or `/api/v1/query_range`.
pub fn parse_query(status: u16, content_type: &str, body: &str) -> Result<SeriesResult, ApiError> {
    let (data, head) = open_data(status, content_type, body, read::query_data)?;
    Ok(convert_query(data, head.warnings, head.infos))
}

/// [`parse_query`] as it read answers with serde before `read.rs`: the tests' oracle and `bench_parse`'s peer.
#[doc(hidden)]
pub fn parse_query_serde(status: u16, content_type: &str, body: &str) -> Result<SeriesResult, ApiError> {
    let (data, warnings, infos) = open_serde::<QueryData>(status, content_type, body)?;
    Ok(convert_query(data, warnings, infos))
}

/// Parses `/api/v1/query_exemplars` into a flat list (series labels kept on each exemplar).
pub fn parse_exemplars(status: u16, content_type: &str, body: &str) -> Result<Vec<Exemplar>, ApiError> {
    let (data, _) = open_data(status, content_type, body, |c| c.list(read::exemplar_series))?;
    let mut out = Vec::new();
    for s in data.into_iter().flatten() {
        for e in s.exemplars {
            let Some(t_ms) = secs_to_ms(e.timestamp) else { continue };
            let trace_id = Exemplar::find_trace_id(&e.labels);
            out.push(Exemplar { series_labels: s.series_labels.clone(), labels: e.labels, t_ms, value: e.value.0, trace_id });
        }
    }
    crate::sort::by_key(&mut out, |e| e.t_ms);
    Ok(out)
}

/// Parses a list of strings (`/api/v1/labels`, `/api/v1/label/<name>/values`). `null` data is an empty list.
pub fn parse_strings(status: u16, content_type: &str, body: &str) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    open(status, content_type, body, &mut |c| {
        out = c.strings()?;
        Ok(())
    })?;
    Ok(out)
}

/// Parses `/api/v1/series`: the label sets of the matching series.
pub fn parse_series(status: u16, content_type: &str, body: &str) -> Result<Vec<Labels>, ApiError> {
    let mut out = Vec::new();
    open(status, content_type, body, &mut |c| {
        out = c.list(read::labels)?;
        Ok(())
    })?;
    Ok(out)
}

/// True when an answer is a successful Prometheus API answer (`"status":"success"`), whatever its data: the
/// probe's check that a server speaks the query API. Reads only the envelope (a probe runs at start-up: it
/// must not bring the whole query parser into the first download).
pub fn answers_api(status: u16, content_type: &str, body: &str) -> bool {
    open_peek(status, content_type, body).is_ok()
}

/// Parses `/api/v1/status/buildinfo` into the version string (e.g. `2.42.0`).
pub fn parse_buildinfo(status: u16, content_type: &str, body: &str) -> Result<String, ApiError> {
    build_version(&open_peek(status, content_type, body)?, true)
}

/// The version in a build info's object (Prometheus' `data`, Loki's whole answer): its `version`, with an
/// error when the object has neither `version` nor `revision` or either is not text. A `null` field reads as
/// missing when `null_is_empty` (Prometheus) and is an error otherwise (Loki, as its serde type read it).
/// Inlined into each caller: Prometheus' is in the first download, Loki's in the logs page's part, and a call
/// across the split would cost the first download an export (+0.4 KB brotli when tried).
#[inline(always)]
pub(crate) fn build_version(info: &Json, null_is_empty: bool) -> Result<String, ApiError> {
    let field = |name: &str| match info.get(name) {
        None => Ok(String::new()),
        Some(Json::Null) if null_is_empty => Ok(String::new()),
        Some(Json::Str(s)) => Ok(s.clone()),
        Some(_) => Err(ApiError::InvalidJson(format!("the build info's \"{name}\" is not text"))),
    };
    let (version, revision) = (field("version")?, field("revision")?);
    if !matches!(info, Json::Object(_)) || (version.is_empty() && revision.is_empty()) {
        return Err(ApiError::InvalidJson("the build info has no version".into()));
    }
    Ok(version)
}

/// [`open`] for the probes' two small answers, read without serde (`json_peek`): the probes run at start-up,
/// and the first download then carries no JSON deserializer. The envelope's checks are `open`'s.
fn open_peek(status: u16, content_type: &str, body: &str) -> Result<Json, ApiError> {
    precheck(status, content_type, body)?;
    let env = json_peek::parse(body).map_err(ApiError::InvalidJson)?;
    if !matches!(env, Json::Object(_)) {
        return Err(ApiError::InvalidJson("expected a JSON object with \"status\" and \"data\"".into()));
    }
    let text = |name: &str| match env.get(name) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::InvalidJson(format!("\"{name}\" is not text"))),
    };
    let status_text = text("status")?.unwrap_or_default();
    if status_text == "error" {
        return Err(backend_error(status, text("errorType")?, text("error")?));
    }
    check_success(&status_text)?;
    match env.get("data") {
        None | Some(Json::Null) => Err(ApiError::InvalidJson("the answer has no \"data\"".into())),
        Some(data) => Ok(data.clone()),
    }
}

/// Parses `/api/v1/metadata` into metric name → type/help/unit (the first entry when targets disagree).
pub fn parse_metadata(status: u16, content_type: &str, body: &str) -> Result<BTreeMap<String, MetricMeta>, ApiError> {
    Ok(open_data(status, content_type, body, read::metadata)?.0)
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
