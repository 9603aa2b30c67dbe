//! Dashboard data: the shipped dashboards (`dashboards/index.json` and files next to the app) and the
//! option lists of query variables (Prometheus label values, instant queries).

use super::{send, Abort};
use crate::backends::prometheus::{convert, request};
use crate::backends::{ApiError, ApiRequest, Method};
use crate::backends::prometheus::legend::series_name;
use crate::datasource::{Datasources, Limits};
use crate::dashboard::variables::VariableQuery;

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

/// The options of a Prometheus query variable, for an already interpolated variable query.
pub async fn variable_options(ds: &Datasources, q: &VariableQuery, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
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
