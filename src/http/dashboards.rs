//! Dashboard data: the shipped dashboards (`dashboards/index.json` and files next to the app) and the
//! option lists of query variables (Prometheus label values and instant queries, Loki label values).

use super::{send, Abort};
use crate::backends::prometheus::{convert, request};
use crate::backends::{ApiError, ApiRequest, Method};
use crate::backends::prometheus::legend::series_name;
use crate::datasource::{Datasources, Limits};
use crate::dashboard::variables::VariableQuery;
use crate::dashboard::DatasourceKind;

/// The folder of shipped dashboards, relative to the app.
const FOLDER: &str = "dashboards";

/// Fetches a file of the shipped dashboards folder (`index.json`, `<uid>.json`) as text.
pub async fn shipped_file(file: &str, abort: &Abort) -> Result<String, ApiError> {
    let req = ApiRequest { method: Method::Get, path: format!("/{file}"), query: Vec::new(), form: None };
    let r = send(FOLDER, &req, &[], abort, Limits::default().within(20)).await?;
    match r.status {
        200 => Ok(r.body),
        404 => Err(ApiError::NotFound(format!("{FOLDER}/{file}"))),
        s => Err(ApiError::Backend { status: s, message: format!("{FOLDER}/{file} answered HTTP {s}") }),
    }
}

/// The shipped dashboard or snapshot `uid`: its file's name (as `dashboards/index.json` names it, else
/// `<uid>.json`) and text; Err says it is not there.
pub async fn shipped(uid: &str, abort: &Abort) -> Result<(String, String), String> {
    let file = match shipped_file("index.json", abort).await {
        Ok(text) => crate::view::library::parse_shipped_index(&text)
            .ok()
            .and_then(|l| l.into_iter().find(|e| e.uid == uid))
            .and_then(|e| e.file().map(str::to_string))
            .unwrap_or_else(|| format!("{uid}.json")),
        Err(_) => format!("{uid}.json"),
    };
    let text = shipped_file(&file, abort).await.map_err(|e| format!("No dashboard \"{uid}\" here or in the shipped folder ({e})."))?;
    Ok((file, text))
}

/// The options of a Prometheus query variable, for an already interpolated variable query.
async fn variable_options(ds: &Datasources, q: &VariableQuery, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let h = ds.headers();
    match q {
        VariableQuery::LabelValues { selector, label } => {
            let m: Vec<&str> = selector.iter().map(String::as_str).collect();
            let req = request::label_values(label, start_ms, end_ms, &m).map_err(|e| ApiError::Backend { status: 0, message: e })?;
            let r = send(&ds.prometheus, &req, &h, abort, ds.limits().within(20)).await?;
            convert::parse_strings(r.status, &r.content_type, &r.body)
        }
        VariableQuery::LabelNames { selector } => {
            let m: Vec<&str> = selector.iter().map(String::as_str).collect();
            let r = send(&ds.prometheus, &request::labels(start_ms, end_ms, &m), &h, abort, ds.limits().within(20)).await?;
            convert::parse_strings(r.status, &r.content_type, &r.body)
        }
        VariableQuery::Metrics { .. } => {
            let req = request::label_values("__name__", start_ms, end_ms, &[]).map_err(|e| ApiError::Backend { status: 0, message: e })?;
            let r = send(&ds.prometheus, &req, &h, abort, ds.limits().within(20)).await?;
            convert::parse_strings(r.status, &r.content_type, &r.body)
        }
        VariableQuery::QueryResult { expr } => {
            let r = send(&ds.prometheus, &request::query_instant(expr, end_ms), &h, abort, ds.limits().within(20)).await?;
            let res = convert::parse_query(r.status, &r.content_type, &r.body)?;
            Ok(res
                .series
                .iter()
                .map(|s| {
                    let v = s.points.last().map(|p| p.v.to_string()).unwrap_or_default();
                    format!("{} {v}", series_name(&s.labels))
                })
                .collect())
        }
        VariableQuery::Other(text) => Err(ApiError::Backend { status: 0, message: format!("unsupported variable query: {text}") }),
    }
}

/// The options of a query variable from its datasource (`jaeger`: the trace backend is Jaeger).
/// `traces`: the trace server that answers (Jaeger lists its services; Tempo its tags).
pub async fn query_variable_options(ds: &Datasources, kind: DatasourceKind, traces: Option<crate::datasource::TraceBackend>, q: &VariableQuery, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    match kind {
        DatasourceKind::Prometheus => variable_options(ds, q, start_ms, end_ms, abort).await,
        DatasourceKind::Loki => loki_variable_options(ds, q, start_ms, end_ms, abort).await,
        DatasourceKind::Tempo => trace_variable_options(ds, traces == Some(crate::datasource::TraceBackend::Jaeger), q, start_ms, end_ms, abort).await,
    }
}

/// The options of a trace (Tempo datasource) variable: Tempo's tag names (`label_names()`) and tag values
/// (`label_values(resource.service.name)`); with Jaeger, its services.
async fn trace_variable_options(ds: &Datasources, jaeger: bool, q: &VariableQuery, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    if jaeger {
        crate::dashboard::variables::jaeger_services_query(q).map_err(|message| ApiError::Backend { status: 0, message })?;
        let mut v = super::traces::jaeger_services(ds, abort).await?;
        v.sort();
        return Ok(v);
    }
    match q {
        VariableQuery::LabelValues { label, .. } => super::traces::tempo_tag_values(ds, label, start_ms, end_ms, abort).await,
        VariableQuery::LabelNames { .. } => super::traces::tempo_tags(ds, start_ms, end_ms, abort).await,
        _ => Err(ApiError::Backend { status: 0, message: "a trace variable takes label_values(attribute) or label_names()".into() }),
    }
}

/// The options of a Loki query variable (Grafana's Loki variable queries): `label_values(label)`,
/// `label_values({stream selector}, label)`, `label_names()`; the range is the dashboard's.
async fn loki_variable_options(ds: &Datasources, q: &VariableQuery, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let (start_ns, end_ns) = (start_ms.saturating_mul(1_000_000), end_ms.saturating_mul(1_000_000));
    match q {
        VariableQuery::LabelValues { selector, label } => super::logs::label_values(ds, label, start_ns, end_ns, selector.as_deref(), abort).await,
        VariableQuery::LabelNames { selector } => super::logs::label_names(ds, start_ns, end_ns, selector.as_deref(), abort).await,
        _ => Err(ApiError::Backend { status: 0, message: "a Loki variable takes label_values(label), label_values({selector}, label) or label_names()".into() }),
    }
}
