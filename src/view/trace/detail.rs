//! Span details as text (kind, status, offsets, self time, attributes, events, links), the badges a row
//! shows for its problems, and the routes that jump from a span to its logs and its service's metrics (from the
//! configurable templates of `datasource::correlations`).

use crate::backends::ApiError;
use crate::datasource::correlations::{interpolate, Correlations, LinkValues};
use crate::telemetry::{Attribute, Span, SpanKind, SpanStatus, Trace};
use crate::time::duration::format_duration_human;
use crate::time::TimeRange;
use crate::url_state::{self, LogsState, MetricQuery, MetricsState, Route, TraceState};
use crate::view::trace::model::{RowFlags, TraceModel};
use crate::view::trace::viewport::TimeWindow;

/// Margin around a trace's time range when looking for its logs.
pub const LOGS_MARGIN_MS: i64 = 60_000;
/// Margin around a trace's time range for its service's metrics.
pub const METRICS_MARGIN_MS: i64 = 30 * 60_000;

/// One event of a span, with its time from the span's start.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDetail {
    pub offset_ns: i64,
    pub offset: String,
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// One link (or Jaeger FOLLOWS_FROM reference) with the route that opens it.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkDetail {
    pub trace_id: String,
    pub span_id: String,
    pub kind: String,
    /// `#/trace/<id>?span=<span>`.
    pub href: String,
    /// The link points into the trace being shown.
    pub same_trace: bool,
    /// For a link into this trace: whether the linked span is in it.
    pub span_here: bool,
    pub attributes: Vec<(String, String)>,
}

/// A problem badge on a row: a short mark and the sentence for its tooltip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Badge {
    pub mark: &'static str,
    pub title: &'static str,
    /// CSS class name.
    pub class: &'static str,
}

/// Everything the details panel shows for one span.
#[derive(Clone, Debug, PartialEq)]
pub struct SpanDetail {
    pub row: u32,
    pub span_id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub service: String,
    pub kind: &'static str,
    /// `ok`, `unset` or `error`.
    pub status: &'static str,
    pub status_message: String,
    pub is_error: bool,
    pub start_offset_ns: i64,
    pub start_offset: String,
    pub duration_ns: i64,
    pub duration: String,
    pub self_time_ns: i64,
    pub self_time: String,
    pub scope: Option<String>,
    pub attributes: Vec<(String, String)>,
    pub resource: Vec<(String, String)>,
    pub events: Vec<EventDetail>,
    pub links: Vec<LinkDetail>,
    pub badges: Vec<Badge>,
}

pub fn kind_label(k: SpanKind) -> &'static str {
    match k {
        SpanKind::Unspecified => "unspecified",
        SpanKind::Internal => "internal",
        SpanKind::Server => "server",
        SpanKind::Client => "client",
        SpanKind::Producer => "producer",
        SpanKind::Consumer => "consumer",
    }
}

fn pairs(a: &[Attribute]) -> Vec<(String, String)> {
    a.iter().map(|a| (a.key.clone(), a.value.to_string())).collect()
}

/// The badges of a row's problem flags, in a fixed order (error first).
pub fn badges(flags: &RowFlags) -> Vec<Badge> {
    let mut out = Vec::new();
    if flags.error {
        out.push(Badge { mark: "!", title: "Error: the span's status is an error.", class: "err-mark" });
    }
    if flags.clock_skew {
        out.push(Badge {
            mark: "⧗",
            title: "Clock skew: this span starts before its parent or ends after it.",
            class: "flag-skew",
        });
    }
    if flags.orphan {
        out.push(Badge {
            mark: "⤒",
            title: "Orphan: its parent span is missing from this trace.",
            class: "flag-orphan",
        });
    }
    if flags.duplicate_id {
        out.push(Badge {
            mark: "⧉",
            title: "Duplicate span ID: an earlier span has the same ID (children attach to that one).",
            class: "flag-dup",
        });
    }
    if flags.cycle {
        out.push(Badge {
            mark: "↻",
            title: "Loop: its parent links lead back to itself; the link was cut here.",
            class: "flag-cycle",
        });
    }
    out
}

/// The details of the span on `row`; None for a placeholder or an unknown row.
pub fn span_detail(model: &TraceModel, trace: &Trace, row: u32) -> Option<SpanDetail> {
    let r = model.rows.get(row as usize)?;
    let s = trace.spans.get(r.span?)?;
    let this_trace = trace.trace_id;
    let (status, status_message) = match &s.status {
        SpanStatus::Unset => ("unset", String::new()),
        SpanStatus::Ok => ("ok", String::new()),
        SpanStatus::Error(m) => ("error", m.clone()),
    };
    let start_offset_ns = s.start_ns.saturating_sub(model.start_ns);
    let events = s
        .events
        .iter()
        .map(|e| {
            let off = e.time_ns.saturating_sub(s.start_ns);
            EventDetail { offset_ns: off, offset: format_duration_human(off), name: e.name.clone(), attributes: pairs(&e.attributes) }
        })
        .collect();
    let links = s
        .links
        .iter()
        .map(|k| {
            let route = Route::Trace(TraceState {
                trace_id: k.trace_id.to_hex(),
                span: Some(k.span_id.to_hex()),
                ..TraceState::default()
            });
            LinkDetail {
                trace_id: k.trace_id.to_hex(),
                span_id: k.span_id.to_hex(),
                kind: if k.kind.trim().is_empty() { "link".to_string() } else { k.kind.clone() },
                href: format!("#{}", url_state::encode(&route)),
                same_trace: this_trace == Some(k.trace_id),
                span_here: this_trace == Some(k.trace_id) && trace.spans.iter().any(|x| x.span_id == k.span_id),
                attributes: pairs(&k.attributes),
            }
        })
        .collect();
    Some(SpanDetail {
        row,
        span_id: s.span_id.to_hex(),
        parent_id: s.parent_id.map(|p| p.to_hex()),
        name: s.name.clone(),
        service: s.service.to_string(),
        kind: kind_label(s.kind),
        status,
        status_message,
        is_error: s.is_error(),
        start_offset_ns,
        start_offset: format_duration_human(start_offset_ns),
        duration_ns: s.duration_ns(),
        duration: format_duration_human(s.duration_ns()),
        self_time_ns: r.self_time_ns,
        self_time: format_duration_human(r.self_time_ns),
        scope: s.scope.as_deref().map(str::to_string),
        attributes: pairs(&s.attributes),
        resource: pairs(&s.resource),
        events,
        links,
        badges: badges(&r.flags),
    })
}

/// The trace's time range in ms (start rounded down, end up), widened by `margin_ms` on each side.
pub fn trace_range_ms(model: &TraceModel, margin_ms: i64) -> (i64, i64) {
    let start = model.start_ns.div_euclid(1_000_000);
    let end = model.end_ns.div_euclid(1_000_000).saturating_add(i64::from(model.end_ns.rem_euclid(1_000_000) != 0));
    (start.saturating_sub(margin_ms), end.max(start).saturating_add(margin_ms))
}

fn link_values<'a>(trace_id: &'a str, span: Option<&'a Span>, service: &'a str) -> LinkValues<'a> {
    LinkValues { trace_id, span_id: "", service, span_name: span.map(|s| s.name.as_str()).unwrap_or("") }
}

/// Logs of this trace, from every service (the "Trace logs" template; by default a line filter on the trace
/// ID) over the trace's time ±1 min. None when the trace has no ID or the template is blank.
pub fn logs_for_trace(model: &TraceModel, trace: &Trace, c: &Correlations) -> Option<LogsState> {
    let id = trace.trace_id?.to_hex();
    let root = model.rows.iter().find_map(|r| r.span).and_then(|i| trace.spans.get(i));
    let service = root.map(|s| &*s.service).unwrap_or("");
    logs_state(model, &c.trace_logs, &link_values(&id, root, service))
}

/// Logs of this trace opened from one span's details: the same lines as [`logs_for_trace`], with the span's
/// ID in the quick filter, so the lines that name the span are highlighted among the trace's (Enter walks
/// them).
pub fn logs_for_trace_at_span(model: &TraceModel, trace: &Trace, span: &Span, c: &Correlations) -> Option<LogsState> {
    let s = logs_for_trace(model, trace, c)?;
    Some(LogsState { filter: span.span_id.to_hex(), ..s })
}

/// Logs of this span (the "Span logs" template; by default its service's lines carrying the trace ID as
/// structured metadata or a parsed label) over the trace's time ±1 min. None when the trace has no ID or
/// the template is blank.
pub fn logs_for_span(model: &TraceModel, trace: &Trace, span: &Span, c: &Correlations) -> Option<LogsState> {
    let id = trace.trace_id?.to_hex();
    let span_id = span.span_id.to_hex();
    let v = LinkValues { span_id: &span_id, ..link_values(&id, Some(span), &span.service) };
    logs_state(model, &c.span_logs, &v)
}

fn logs_state(model: &TraceModel, template: &str, v: &LinkValues) -> Option<LogsState> {
    if template.trim().is_empty() {
        return None;
    }
    let (a, b) = trace_range_ms(model, LOGS_MARGIN_MS);
    Some(LogsState { range: TimeRange::from_absolute(a, b), query: interpolate(template, v), ..LogsState::default() })
}

/// The service's metrics (the "Metrics" templates; by default request rate and p95 latency of
/// OpenTelemetry's HTTP server metrics) over the trace's time ±30 min, one query each (A, B, …). None when
/// every template is blank.
pub fn metrics_for_service(model: &TraceModel, trace: &Trace, span: &Span, c: &Correlations) -> Option<MetricsState> {
    let id = trace.trace_id.map(|t| t.to_hex()).unwrap_or_default();
    let span_id = span.span_id.to_hex();
    let v = LinkValues { span_id: &span_id, ..link_values(&id, Some(span), &span.service) };
    let queries: Vec<MetricQuery> = c
        .metrics
        .iter()
        .filter(|m| !m.query.trim().is_empty())
        .zip(b'A'..=b'Z')
        .map(|(m, r)| MetricQuery { ref_id: (r as char).to_string(), expr: interpolate(&m.query, &v), legend: m.legend.clone(), ..MetricQuery::default() })
        .collect();
    if queries.is_empty() {
        return None;
    }
    let (a, b) = trace_range_ms(model, METRICS_MARGIN_MS);
    Some(MetricsState { range: TimeRange::from_absolute(a, b), queries, ..MetricsState::default() })
}

/// Where a row's span events fall in the time window, as fractions 0..1 of the window (events outside it
/// are left out), for small marks on the bar.
pub fn event_marks(model: &TraceModel, trace: &Trace, row: u32, window: &TimeWindow) -> Vec<f64> {
    let Some(span) = model.rows.get(row as usize).and_then(|r| r.span).and_then(|i| trace.spans.get(i)) else {
        return Vec::new();
    };
    let d = model.duration_ns();
    if d <= 0 {
        return Vec::new();
    }
    let w = window.normalized();
    let width = w.end - w.start;
    span.events
        .iter()
        .map(|e| (e.time_ns as i128 - model.start_ns as i128) as f64 / d as f64)
        .filter(|f| f.is_finite() && *f >= w.start && *f <= w.end)
        .map(|f| (f - w.start) / width)
        .collect()
}

/// Whether a link's target trace was found, from a small fetch of it (see `http::traces::trace_exists`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    Checking,
    Found,
    /// The trace backend says it has no such trace: the link is shown as text.
    Missing,
    /// Could not tell (the backend failed, or no backend): the link stays clickable.
    Unknown,
}

impl LinkTarget {
    /// From the answer to a fetch of the linked trace read with a small size limit: an answer too large for
    /// that limit is a trace that exists.
    pub fn from_fetch(r: Result<(), &ApiError>) -> LinkTarget {
        match r {
            Ok(()) | Err(ApiError::TooLarge { .. }) => LinkTarget::Found,
            Err(ApiError::NotFound(_)) => LinkTarget::Missing,
            Err(ApiError::Backend { status: 404, .. }) => LinkTarget::Missing,
            Err(_) => LinkTarget::Unknown,
        }
    }
    pub fn clickable(self) -> bool {
        self != LinkTarget::Missing
    }
}

/// `#` + the route's fragment, for an `href`.
pub fn href(route: &Route) -> String {
    format!("#{}", url_state::encode(route))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{AttrValue, SpanEvent, SpanId, SpanLink, TraceId};
    use crate::datasource::correlations::MetricLink;
    use crate::time::TimeExpr;
    use crate::view::trace::testutil::{span, trace, with_attr, with_service};

    fn sample() -> (Trace, TraceModel) {
        let mut child = with_attr(with_service(span(2, Some(1), 3_000_000, 5_000_000), "db"), "db.system", AttrValue::Str("qdrant".into()));
        child.status = SpanStatus::Error("timeout".into());
        child.kind = SpanKind::Client;
        child.events.push(SpanEvent { time_ns: 4_500_000, name: "retry".into(), attributes: vec![] });
        let other = TraceId::parse_hex("abc").unwrap();
        child.links.push(SpanLink { trace_id: other, span_id: SpanId(0x42), kind: "FOLLOWS_FROM".into(), attributes: vec![] });
        let mut t = trace(vec![span(1, None, 1_000_000, 10_500_000), child]);
        t.trace_id = TraceId::parse_hex("0af7651916cd43dd8448eb211c80319c");
        let m = TraceModel::build(&t);
        (t, m)
    }

    #[test]
    fn links_into_this_trace_know_whether_the_span_is_here() {
        let (mut t, _) = sample();
        let this = t.trace_id.unwrap();
        t.spans[1].links = vec![
            SpanLink { trace_id: this, span_id: SpanId(1), kind: String::new(), attributes: vec![] },
            SpanLink { trace_id: this, span_id: SpanId(77), kind: String::new(), attributes: vec![] },
        ];
        let m = TraceModel::build(&t);
        let d = span_detail(&m, &t, 1).unwrap();
        assert_eq!(d.links.iter().map(|l| (l.same_trace, l.span_here, l.kind.as_str())).collect::<Vec<_>>(), vec![(true, true, "link"), (true, false, "link")]);
    }

    #[test]
    fn a_linked_trace_is_found_missing_or_unknown() {
        assert_eq!(LinkTarget::from_fetch(Ok(())), LinkTarget::Found);
        // Bigger than the small probe limit: it exists.
        assert_eq!(LinkTarget::from_fetch(Err(&ApiError::TooLarge { bytes: 0, limit: 1_000_000 })), LinkTarget::Found);
        assert_eq!(LinkTarget::from_fetch(Err(&ApiError::NotFound("trace not found".into()))), LinkTarget::Missing);
        assert_eq!(LinkTarget::from_fetch(Err(&ApiError::Backend { status: 404, message: "no".into() })), LinkTarget::Missing);
        for e in [ApiError::Network("down".into()), ApiError::Timeout { seconds: 10 }, ApiError::Aborted, ApiError::Backend { status: 500, message: "x".into() }] {
            assert_eq!(LinkTarget::from_fetch(Err(&e)), LinkTarget::Unknown, "{e:?}");
            assert!(LinkTarget::from_fetch(Err(&e)).clickable());
        }
        assert!(!LinkTarget::Missing.clickable() && LinkTarget::Checking.clickable());
    }

    #[test]
    fn detail_of_a_span() {
        let (t, m) = sample();
        let d = span_detail(&m, &t, 1).unwrap();
        assert_eq!(d.name, "op2");
        assert_eq!(d.service, "db");
        assert_eq!(d.kind, "client");
        assert_eq!((d.status, d.status_message.as_str(), d.is_error), ("error", "timeout", true));
        assert_eq!((d.start_offset_ns, d.start_offset.as_str()), (2_000_000, "2ms"));
        assert_eq!((d.duration_ns, d.duration.as_str()), (2_000_000, "2ms"));
        assert_eq!(d.self_time_ns, 2_000_000);
        assert_eq!(d.span_id, "0000000000000002");
        assert_eq!(d.parent_id.as_deref(), Some("0000000000000001"));
        assert_eq!(d.attributes, vec![("db.system".to_string(), "qdrant".to_string())]);
        assert_eq!(d.events.len(), 1);
        assert_eq!((d.events[0].offset_ns, d.events[0].offset.as_str(), d.events[0].name.as_str()), (1_500_000, "1.5ms", "retry"));
        assert_eq!(d.links.len(), 1);
        assert_eq!(d.links[0].kind, "FOLLOWS_FROM");
        assert_eq!(d.links[0].href, "#/trace/00000000000000000000000000000abc?span=0000000000000042");
        assert!(!d.links[0].same_trace && !d.links[0].span_here);
        assert_eq!(d.badges.iter().map(|b| b.mark).collect::<Vec<_>>(), vec!["!"]);
        // Root: self time is its duration minus the child.
        let root = span_detail(&m, &t, 0).unwrap();
        assert_eq!((root.self_time_ns, root.status, root.kind), (9_500_000 - 2_000_000, "unset", "internal"));
        assert!(span_detail(&m, &t, 9).is_none());
    }

    #[test]
    fn badges_for_flags() {
        let all = RowFlags { error: true, clock_skew: true, orphan: true, duplicate_id: true, cycle: true, ..RowFlags::default() };
        let marks: Vec<&str> = badges(&all).iter().map(|b| b.mark).collect();
        assert_eq!(marks, vec!["!", "⧗", "⤒", "⧉", "↻"]);
        assert!(badges(&RowFlags::default()).is_empty());
        assert!(badges(&RowFlags { critical: true, placeholder: true, ..RowFlags::default() }).is_empty());
    }

    #[test]
    fn logs_and_metrics_routes() {
        let (t, m) = sample();
        let c = Correlations::default();
        // Trace 1.0ms..10.5ms after the epoch: ms range 1..11, ±60 s.
        assert_eq!(trace_range_ms(&m, 0), (1, 11));
        let logs = logs_for_trace(&m, &t, &c).unwrap();
        assert_eq!(logs.query, r#"{service_name=~".+"} |= "0af7651916cd43dd8448eb211c80319c""#);
        assert_eq!(logs.range.from, TimeExpr::Absolute(1 - 60_000));
        assert_eq!(logs.range.to, TimeExpr::Absolute(11 + 60_000));
        let s = &t.spans[1];
        let at_span = logs_for_trace_at_span(&m, &t, s, &c).unwrap();
        assert_eq!(at_span.filter, s.span_id.to_hex());
        assert_eq!(at_span.filter.len(), 16);
        assert_eq!(LogsState { filter: String::new(), ..at_span }, logs);
        let span_logs = logs_for_span(&m, &t, s, &c).unwrap();
        assert_eq!(span_logs.query, r#"{service_name="db"} | trace_id="0af7651916cd43dd8448eb211c80319c""#);
        let odd = with_service(span(5, None, 0, 1), "we\"ird\\svc");
        assert!(logs_for_span(&m, &t, &odd, &c).unwrap().query.starts_with(r#"{service_name="we\"ird\\svc"}"#));
        let metrics = metrics_for_service(&m, &t, s, &c).unwrap();
        assert_eq!(metrics.queries[0].expr, r#"sum(rate(http_server_requests_total{service_name="db"}[1m]))"#);
        assert!(metrics.queries[1].expr.contains(r#"http_server_request_duration_seconds_bucket{service_name="db"}"#));
        assert_eq!((metrics.queries[0].ref_id.as_str(), metrics.queries[1].legend.as_str()), ("A", "p95 latency"));
        assert_eq!(metrics.range.from, TimeExpr::Absolute(1 - METRICS_MARGIN_MS));
        let h = href(&Route::Metrics(metrics));
        assert!(h.starts_with("#/metrics?"), "{h}");
        // No trace ID: no logs route.
        let mut no_id = t.clone();
        no_id.trace_id = None;
        assert!(logs_for_trace(&m, &no_id, &c).is_none());
    }

    #[test]
    fn links_follow_the_configured_templates() {
        let (t, m) = sample();
        let s = &t.spans[1];
        let c = Correlations {
            trace_logs: String::new(),
            span_logs: r#"{app="${service}"} |= "${spanId}" | span_name="${spanName}""#.into(),
            metrics: vec![
                MetricLink { legend: "".into(), query: " ".into() },
                MetricLink { legend: "errors".into(), query: r#"sum(rate(errors_total{app="${service}"}[5m]))"#.into() },
            ],
            ..Correlations::default()
        };
        assert!(logs_for_trace(&m, &t, &c).is_none(), "a blank template hides the link");
        let q = logs_for_span(&m, &t, s, &c).unwrap().query;
        assert_eq!(q, format!(r#"{{app="db"}} |= "{}" | span_name="{}""#, s.span_id.to_hex(), s.name));
        let metrics = metrics_for_service(&m, &t, s, &c).unwrap();
        assert_eq!(metrics.queries.len(), 1, "blank metric templates are skipped");
        assert_eq!((metrics.queries[0].ref_id.as_str(), metrics.queries[0].expr.as_str()), ("A", r#"sum(rate(errors_total{app="db"}[5m]))"#));
        let none = Correlations { metrics: vec![], ..c };
        assert!(metrics_for_service(&m, &t, s, &none).is_none());
    }

    #[test]
    fn event_marks_in_the_window() {
        let (t, m) = sample();
        // Trace 1.0..10.5 ms; the event at 4.5 ms is 3.5/9.5 of the way.
        let full = event_marks(&m, &t, 1, &TimeWindow::FULL);
        assert_eq!(full.len(), 1);
        assert!((full[0] - 3.5 / 9.5).abs() < 1e-9);
        // Zoomed onto the first tenth: the event is outside.
        assert!(event_marks(&m, &t, 1, &TimeWindow { start: 0.0, end: 0.1 }).is_empty());
        let half = event_marks(&m, &t, 1, &TimeWindow { start: 0.0, end: 0.5 });
        assert!((half[0] - 7.0 / 9.5).abs() < 1e-9);
        assert!(event_marks(&m, &t, 0, &TimeWindow::FULL).is_empty());
        assert!(event_marks(&m, &t, 7, &TimeWindow::FULL).is_empty());
    }

    #[test]
    fn extreme_times_do_not_panic() {
        let t = trace(vec![span(1, None, i64::MIN, i64::MAX)]);
        let m = TraceModel::build(&t);
        let (a, b) = trace_range_ms(&m, LOGS_MARGIN_MS);
        assert!(a <= b);
        assert!(span_detail(&m, &t, 0).is_some());
    }
}
