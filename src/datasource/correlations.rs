//! Trace → logs and trace → metrics links (Grafana's "trace to logs" / "trace to metrics"): query templates
//! with placeholders, kept in the browser with the other settings, used by the span details; and the
//! correlation workspace's RED metric templates ([`RedTemplates`]).
//!
//! Placeholders: `${traceId}`, `${spanId}`, `${service}`, `${spanName}`. Each is replaced by its value
//! escaped for a double-quoted PromQL/LogQL string (write them inside quotes). An empty template hides its
//! link.

use serde::{Deserialize, Serialize};

use crate::lang::quote::quote_string;
use crate::lang::Lang;

/// The names a template may use.
pub const PLACEHOLDERS: &[&str] = &["traceId", "spanId", "service", "spanName"];

/// One metric query linked from a span, with its legend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MetricLink {
    pub legend: String,
    pub query: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Correlations {
    /// LogQL for "Logs for this trace".
    pub trace_logs: String,
    /// LogQL for "Logs for this span".
    pub span_logs: String,
    /// LogsQL for "Logs for this trace" when the logs backend is VictoriaLogs.
    pub trace_logs_logsql: String,
    /// LogsQL for "Logs for this span" when the logs backend is VictoriaLogs.
    pub span_logs_logsql: String,
    /// PromQL queries for "Metrics for this service" (at most [`MAX_METRIC_LINKS`]; blank ones are skipped).
    pub metrics: Vec<MetricLink>,
    /// The correlation workspace's RED chart of each service.
    pub red: RedTemplates,
}

/// The correlation workspace's RED metric templates (PromQL): `${service}` is the service name, escaped for
/// a double-quoted string. The defaults read the span metrics Tempo's metrics generator (and the test stack's
/// generator) writes; [`RedTemplates::http_server`] reads OpenTelemetry's HTTP server metrics instead. A
/// blank template leaves its line out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RedTemplates {
    pub rate: String,
    pub errors: String,
    pub p90: String,
}

/// The placeholders a RED template may use.
pub const RED_PLACEHOLDERS: &[&str] = &["service"];

impl Default for RedTemplates {
    fn default() -> Self {
        RedTemplates {
            rate: r#"sum(rate(traces_span_metrics_calls_total{service_name="${service}"}[1m]))"#.into(),
            errors: r#"sum(rate(traces_span_metrics_calls_total{service_name="${service}",status_code="STATUS_CODE_ERROR"}[1m])) or vector(0)"#.into(),
            p90: r#"histogram_quantile(0.9, sum by (le) (rate(traces_span_metrics_duration_milliseconds_bucket{service_name="${service}"}[5m])))"#.into(),
        }
    }
}

impl RedTemplates {
    /// OpenTelemetry's HTTP server metrics (`http_server_requests_total`, `http_server_request_duration_seconds`).
    pub fn http_server() -> RedTemplates {
        RedTemplates {
            rate: r#"sum(rate(http_server_requests_total{service_name="${service}"}[1m]))"#.into(),
            errors: r#"sum(rate(http_server_requests_total{service_name="${service}",http_response_status_code=~"5.."}[1m])) or vector(0)"#.into(),
            p90: r#"1000 * histogram_quantile(0.9, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="${service}"}[5m])))"#.into(),
        }
    }

    /// Each template with its legend, and whether it is a duration in milliseconds (else a rate per second).
    pub fn named(&self) -> [(&'static str, &String, bool); 3] {
        [("rate", &self.rate, false), ("errors", &self.errors, false), ("p90 ms", &self.p90, true)]
    }

    /// The first problem of the templates, naming the template, or Ok.
    pub fn check(&self) -> Result<(), String> {
        for (legend, t, _) in self.named() {
            check_placeholders(t, RED_PLACEHOLDERS).map_err(|e| format!("The {legend} template: {e}"))?;
        }
        Ok(())
    }
}

pub const MAX_METRIC_LINKS: usize = 6;

impl Default for Correlations {
    /// Loki with OpenTelemetry's `service_name` label and `trace_id` metadata; OpenTelemetry's HTTP server
    /// metrics as Prometheus names them.
    fn default() -> Self {
        Correlations {
            trace_logs: r#"{service_name=~".+"} |= "${traceId}""#.into(),
            span_logs: r#"{service_name="${service}"} | trace_id="${traceId}""#.into(),
            trace_logs_logsql: r#"trace_id:="${traceId}""#.into(),
            span_logs_logsql: r#"{service_name="${service}"} trace_id:="${traceId}""#.into(),
            metrics: vec![
                MetricLink { legend: "requests/s".into(), query: r#"sum(rate(http_server_requests_total{service_name="${service}"}[1m]))"#.into() },
                MetricLink {
                    legend: "p95 latency".into(),
                    query: r#"histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="${service}"}[5m])))"#.into(),
                },
            ],
            red: RedTemplates::default(),
        }
    }
}

/// Values for the placeholders of one span.
#[derive(Clone, Debug, Default)]
pub struct LinkValues<'a> {
    pub trace_id: &'a str,
    pub span_id: &'a str,
    pub service: &'a str,
    pub span_name: &'a str,
}

impl Correlations {
    /// Reads what [`to_storage_json`](Self::to_storage_json) wrote; anything unreadable gives the defaults.
    pub fn from_storage_json(s: &str) -> Correlations {
        let mut c: Correlations = serde_json::from_str(s).unwrap_or_default();
        c.metrics.truncate(MAX_METRIC_LINKS);
        c
    }
    pub fn to_storage_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// These links with the logs templates of the logs view's language (`lang`) as `trace_logs`/`span_logs`:
    /// the LogsQL ones for VictoriaLogs, the LogQL ones otherwise.
    pub fn for_logs(&self, lang: Lang) -> Correlations {
        let mut c = self.clone();
        if lang == Lang::LogsQL {
            c.trace_logs = self.trace_logs_logsql.clone();
            c.span_logs = self.span_logs_logsql.clone();
        }
        c
    }

    /// The first problem with the templates, in a sentence naming the template (unknown or unclosed
    /// placeholders), or Ok.
    pub fn check(&self) -> Result<(), String> {
        let named = [
            ("Trace logs", &self.trace_logs),
            ("Span logs", &self.span_logs),
            ("Trace logs (LogsQL)", &self.trace_logs_logsql),
            ("Span logs (LogsQL)", &self.span_logs_logsql),
        ];
        let metrics = self.metrics.iter().map(|m| (m.legend.as_str(), &m.query));
        for (name, t) in named.into_iter().chain(metrics) {
            check_template(t).map_err(|e| format!("{}: {e}", if name.is_empty() { "Metric query" } else { name }))?;
        }
        if self.metrics.len() > MAX_METRIC_LINKS {
            return Err(format!("at most {MAX_METRIC_LINKS} metric queries"));
        }
        self.red.check()
    }
}

/// Replaces every known `${name}` in `template` by its value, escaped for a double-quoted string. Unknown
/// placeholders are left as they are (the settings form refuses them before saving).
pub fn interpolate(template: &str, v: &LinkValues) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let value = after.find('}').and_then(|end| {
            let v = match &after[..end] {
                "traceId" => v.trace_id,
                "spanId" => v.span_id,
                "service" => v.service,
                "spanName" => v.span_name,
                _ => return None,
            };
            Some((end, v))
        });
        match value {
            Some((end, value)) => {
                let quoted = quote_string(value);
                out.push_str(&quoted[1..quoted.len() - 1]);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn check_template(t: &str) -> Result<(), String> {
    check_placeholders(t, PLACEHOLDERS)
}

/// Ok when every `${name}` of `t` is closed and one of `allowed`; else the first problem, in a sentence.
pub fn check_placeholders(t: &str, allowed: &[&str]) -> Result<(), String> {
    let mut rest = t;
    while let Some(at) = rest.find("${") {
        let after = &rest[at + 2..];
        let Some(end) = after.find('}') else {
            return Err("a placeholder is not closed with }".into());
        };
        let name = &after[..end];
        if !allowed.contains(&name) {
            let known: Vec<String> = allowed.iter().map(|p| format!("${{{p}}}")).collect();
            return Err(format!("unknown placeholder ${{{}}} (use {})", name.chars().take(40).collect::<String>(), known.join(", ")));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V: LinkValues = LinkValues { trace_id: "0af7651916cd43dd8448eb211c80319c", span_id: "b7ad6b7169203331", service: "search-service", span_name: "GET /search" };

    #[test]
    fn defaults_give_the_queries_the_links_always_had() {
        let c = Correlations::default();
        assert_eq!(interpolate(&c.trace_logs, &V), r#"{service_name=~".+"} |= "0af7651916cd43dd8448eb211c80319c""#);
        assert_eq!(interpolate(&c.span_logs, &V), r#"{service_name="search-service"} | trace_id="0af7651916cd43dd8448eb211c80319c""#);
        assert_eq!(interpolate(&c.metrics[0].query, &V), r#"sum(rate(http_server_requests_total{service_name="search-service"}[1m]))"#);
        assert!(c.check().is_ok());
    }

    #[test]
    fn the_logs_templates_follow_the_logs_language() {
        let c = Correlations::default();
        let vl = c.for_logs(Lang::LogsQL);
        assert_eq!(interpolate(&vl.trace_logs, &V), r#"trace_id:="0af7651916cd43dd8448eb211c80319c""#);
        assert_eq!(interpolate(&vl.span_logs, &V), r#"{service_name="search-service"} trace_id:="0af7651916cd43dd8448eb211c80319c""#);
        assert_eq!(vl.metrics, c.metrics);
        assert_eq!(c.for_logs(Lang::LogQL), c);
        // Templates stored before the LogsQL ones existed get the defaults.
        let old = Correlations::from_storage_json(r#"{"trace_logs":"{a=\"b\"}"}"#);
        assert_eq!(old.for_logs(Lang::LogsQL).trace_logs, c.trace_logs_logsql);
        let mut bad = c.clone();
        bad.span_logs_logsql = "${nope}".into();
        assert!(bad.check().unwrap_err().starts_with("Span logs (LogsQL): unknown placeholder"));
    }

    #[test]
    fn values_are_escaped_for_a_quoted_string() {
        let odd = LinkValues { service: "we\"ird\\svc\n", span_name: "a}${traceId}", ..V };
        assert_eq!(interpolate(r#"{service_name="${service}"}"#, &odd), r#"{service_name="we\"ird\\svc\n"}"#);
        // A value that looks like a placeholder is not expanded again.
        assert_eq!(interpolate("${spanName}", &odd), "a}${traceId}");
        assert_eq!(interpolate("x ${spanId} ${unknown} ${open", &V), "x b7ad6b7169203331 ${unknown} ${open");
        assert_eq!(interpolate("日本 ${service}", &V), "日本 search-service");
    }

    #[test]
    fn check_names_the_template_and_the_problem() {
        let mut c = Correlations::default();
        c.span_logs = "{job=\"${svc}\"}".into();
        let e = c.check().unwrap_err();
        assert!(e.starts_with("Span logs: unknown placeholder ${svc}"), "{e}");
        c.span_logs = "${service".into();
        assert_eq!(c.check().unwrap_err(), "Span logs: a placeholder is not closed with }");
        c.span_logs = String::new();
        c.metrics[1].query = "rate(x{a=\"${nope}\"}[1m])".into();
        assert!(c.check().unwrap_err().starts_with("p95 latency: unknown placeholder ${nope}"));
    }

    #[test]
    fn storage_round_trip_and_tolerance() {
        let mut c = Correlations::default();
        c.metrics.push(MetricLink { legend: "errors".into(), query: "sum(rate(errors_total{service=\"${service}\"}[5m]))".into() });
        assert_eq!(Correlations::from_storage_json(&c.to_storage_json()), c);
        assert_eq!(Correlations::from_storage_json("not json"), Correlations::default());
        assert_eq!(Correlations::from_storage_json(r#"{"span_logs":"x"}"#).trace_logs, Correlations::default().trace_logs);
        // Saved before the RED templates were settings: their defaults; saved with them: kept.
        assert_eq!(Correlations::from_storage_json(r#"{"span_logs":"x"}"#).red, RedTemplates::default());
        let c = Correlations { red: RedTemplates { rate: "up".into(), ..RedTemplates::http_server() }, ..Correlations::default() };
        assert_eq!(Correlations::from_storage_json(&c.to_storage_json()).red, c.red);
        // A bad RED template is refused with the rest, by name.
        let bad = Correlations { red: RedTemplates { p90: "${spanId}".into(), ..RedTemplates::default() }, ..Correlations::default() };
        assert_eq!(bad.check(), Err("The p90 ms template: unknown placeholder ${spanId} (use ${service})".into()));
        let many = serde_json::json!({"metrics": vec![serde_json::json!({"legend":"a","query":"up"}); 50]}).to_string();
        assert_eq!(Correlations::from_storage_json(&many).metrics.len(), MAX_METRIC_LINKS);
    }
}
