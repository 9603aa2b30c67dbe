//! Alerting data: Prometheus' rules and alerts, Alertmanager's alert groups and silences (list, create, expire).

use super::{send, send_json, Abort};
use crate::backends::alertmanager::{self as am, NewSilence};
use crate::backends::prometheus::rules;
use crate::backends::ApiError;
use crate::datasource::Datasources;
use crate::telemetry::alerts::{AlertGroup, RuleGroup, Silence};

/// Prometheus' rule groups with their alerts.
pub async fn rule_groups(ds: &Datasources, abort: &Abort) -> Result<Vec<RuleGroup>, ApiError> {
    let r = send(&ds.prometheus, &rules::rules_request(), &ds.headers(), abort, ds.limits()).await?;
    rules::parse_rules(r.status, &r.content_type, &r.body)
}

/// The Alertmanager base, or why there is none.
fn am_base(ds: &Datasources) -> Result<&str, ApiError> {
    let base = ds.alertmanager.trim();
    if base.is_empty() {
        return Err(ApiError::Network("no Alertmanager is configured (Settings)".into()));
    }
    Ok(base)
}

pub async fn alert_groups(ds: &Datasources, abort: &Abort) -> Result<Vec<AlertGroup>, ApiError> {
    let r = send(am_base(ds)?, &am::groups_request(), &ds.headers(), abort, ds.limits()).await?;
    am::parse_groups(r.status, &r.content_type, &r.body)
}

pub async fn silences(ds: &Datasources, abort: &Abort) -> Result<Vec<Silence>, ApiError> {
    let r = send(am_base(ds)?, &am::silences_request(), &ds.headers(), abort, ds.limits()).await?;
    am::parse_silences(r.status, &r.content_type, &r.body)
}

/// Creates a silence; its id.
pub async fn create_silence(ds: &Datasources, s: &NewSilence) -> Result<String, ApiError> {
    let abort = Abort::new();
    let r = send_json(am_base(ds)?, &am::create_silence_request(), am::silence_body(s), &ds.headers(), &abort, ds.limits().within(30)).await?;
    am::parse_created(r.status, &r.content_type, &r.body)
}

pub async fn expire_silence(ds: &Datasources, id: &str) -> Result<(), ApiError> {
    let abort = Abort::new();
    let r = send(am_base(ds)?, &am::expire_request(id), &ds.headers(), &abort, ds.limits().within(30)).await?;
    am::parse_expired(r.status, &r.content_type, &r.body)
}
