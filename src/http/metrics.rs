//! Metric data: Prometheus range/instant queries and exemplars, or the recorded demo answers.

use super::{send, Abort, Response};
use crate::backends::prometheus::convert::{self, MetricMeta};
use crate::backends::prometheus::request;
use crate::backends::ApiError;
use crate::datasource::Datasources;
use crate::demo;
use crate::telemetry::{Exemplar, SeriesResult};

/// What the query inspector shows about one request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inspect {
    pub url: String,
    pub status: u16,
    pub elapsed_ms: f64,
    pub bytes: usize,
}

impl Inspect {
    pub(crate) fn of(r: &Response) -> Inspect {
        Inspect { url: r.url.clone(), status: r.status, elapsed_ms: r.elapsed_ms, bytes: r.body.len() }
    }
}

#[derive(Clone, Debug)]
pub struct MetricAnswer {
    pub result: SeriesResult,
    pub demo_note: Option<String>,
    pub inspect: Inspect,
    pub raw: String,
}

pub async fn query_range(
    ds: &Datasources,
    live: bool,
    expr: &str,
    start_ms: i64,
    end_ms: i64,
    step_ms: i64,
    abort: &Abort,
) -> Result<MetricAnswer, ApiError> {
    if !live {
        let body = super::demo::body(demo::PROM_QUERY_RANGE, abort).await?;
        let result = convert::parse_query(200, "application/json", &body)?;
        return Ok(MetricAnswer {
            result,
            demo_note: Some(demo::note(expr, demo::METRIC_QUERY)),
            inspect: Inspect { url: format!("demo/{} (recorded demo data)", demo::PROM_QUERY_RANGE), status: 200, elapsed_ms: 0.0, bytes: body.len() },
            raw: body,
        });
    }
    let req = request::query_range(expr, start_ms, end_ms, step_ms);
    let r = send(&ds.prometheus, &req, &ds.headers(), abort, ds.limits()).await?;
    let result = convert::parse_query(r.status, &r.content_type, &r.body)?;
    Ok(MetricAnswer { result, demo_note: None, inspect: Inspect::of(&r), raw: r.body })
}

pub async fn query_instant(ds: &Datasources, live: bool, expr: &str, time_ms: i64, abort: &Abort) -> Result<MetricAnswer, ApiError> {
    if !live {
        return Err(ApiError::Network("demo mode has no instant query data; connect Prometheus".into()));
    }
    let req = request::query_instant(expr, time_ms);
    let r = send(&ds.prometheus, &req, &ds.headers(), abort, ds.limits()).await?;
    let result = convert::parse_query(r.status, &r.content_type, &r.body)?;
    Ok(MetricAnswer { result, demo_note: None, inspect: Inspect::of(&r), raw: r.body })
}

pub async fn exemplars(ds: &Datasources, live: bool, expr: &str, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<Exemplar>, ApiError> {
    if !live {
        let body = super::demo::body(demo::PROM_EXEMPLARS, abort).await?;
        return convert::parse_exemplars(200, "application/json", &body);
    }
    let req = request::exemplars(expr, start_ms, end_ms);
    let r = send(&ds.prometheus, &req, &ds.headers(), abort, ds.limits()).await?;
    convert::parse_exemplars(r.status, &r.content_type, &r.body)
}

/// Metric names for autocomplete.
pub async fn metric_names(ds: &Datasources, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let req = request::label_values("__name__", start_ms, end_ms, &[]).map_err(ApiError::InvalidJson)?;
    let r = send(&ds.prometheus, &req, &ds.headers(), abort, ds.limits().within(20)).await?;
    convert::parse_strings(r.status, &r.content_type, &r.body)
}

/// Label names for autocomplete, restricted to series matching `matcher` (e.g. a metric name) when given.
pub async fn label_names(ds: &Datasources, matcher: Option<&str>, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let m: Vec<&str> = matcher.into_iter().collect();
    let req = request::labels(start_ms, end_ms, &m);
    let r = send(&ds.prometheus, &req, &ds.headers(), abort, ds.limits().within(20)).await?;
    convert::parse_strings(r.status, &r.content_type, &r.body)
}

/// Values of label `name` for autocomplete, restricted to series matching `matcher` when given.
pub async fn label_values(ds: &Datasources, name: &str, matcher: Option<&str>, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let m: Vec<&str> = matcher.into_iter().collect();
    let req = request::label_values(name, start_ms, end_ms, &m).map_err(ApiError::InvalidJson)?;
    let r = send(&ds.prometheus, &req, &ds.headers(), abort, ds.limits().within(20)).await?;
    convert::parse_strings(r.status, &r.content_type, &r.body)
}

/// Type, help and unit of one metric (`/api/v1/metadata?metric=`); `None` when Prometheus has none.
pub async fn metadata(ds: &Datasources, metric: &str, abort: &Abort) -> Result<Option<MetricMeta>, ApiError> {
    let req = request::metadata(Some(metric), Some(1));
    let r = send(&ds.prometheus, &req, &ds.headers(), abort, ds.limits().within(20)).await?;
    let mut all = convert::parse_metadata(r.status, &r.content_type, &r.body)?;
    Ok(all.remove(metric))
}

/// Detail lines (type · help) of every metric family Prometheus has metadata for, for autocomplete.
pub async fn metric_help(ds: &Datasources, abort: &Abort) -> Result<Vec<(String, String)>, ApiError> {
    let r = send(&ds.prometheus, &request::metadata(None, None), &ds.headers(), abort, ds.limits().within(20)).await?;
    let all = convert::parse_metadata(r.status, &r.content_type, &r.body)?;
    Ok(crate::lang::metric_help(all.iter().map(|(n, m)| (n.as_str(), m.kind.as_str(), m.help.as_str()))))
}

/// Whether Prometheus answers, and its version when its build info gives one. A server that hides its build
/// info or leaves the version empty (Mimir, Thanos, VictoriaMetrics, one built from source, a proxy in
/// front) answers when its query API does: the version is information, not a condition.
pub async fn probe(ds: &Datasources) -> (bool, Option<String>) {
    let abort = Abort::new();
    let limits = ds.limits().within(5);
    if let Ok(r) = send(&ds.prometheus, &request::buildinfo(), &ds.headers(), &abort, limits).await {
        if let Ok(v) = convert::parse_buildinfo(r.status, &r.content_type, &r.body) {
            if !v.is_empty() {
                return (true, Some(v));
            }
        }
    }
    match send(&ds.prometheus, &request::probe_query(), &ds.headers(), &abort, limits).await {
        Ok(r) => (convert::answers_api(r.status, &r.content_type, &r.body), None),
        Err(_) => (false, None),
    }
}
