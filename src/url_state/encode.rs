//! Route → fragment text (without `#`): the page path, then only the parameters that differ from their
//! defaults, in a fixed order, every value percent-encoded.

use super::percent::encode_into;
use super::route::{CompareState, CorrelateState, DashboardState, LogsState, MetricsState, Route, SearchState, ServicesState, SplitState, TraceState};
use crate::time::{TimeExpr, TimeRange};

/// The fragment for a route, e.g. `/metrics?q.A=rate%28x%5B5m%5D%29` or `/trace/4bf92f3577b34da6`.
pub fn encode(route: &Route) -> String {
    let mut u = Url::default();
    match route {
        Route::Home => u.path("/"),
        Route::Settings => u.path("/settings"),
        Route::Alerts(s) => {
            u.path("/alerts");
            u.param_if("tab", s.tab.id(), super::route::AlertsTab::default().id());
            let states: Vec<&str> = s.states.iter().map(|s| s.id()).collect();
            u.param_if("state", &states.join(","), "");
            u.param_if("q", &s.filter, "");
        }
        Route::Metrics(s) => metrics(&mut u, s),
        Route::Logs(s) => logs(&mut u, s),
        Route::Trace(s) => trace(&mut u, s),
        Route::Search(s) => search(&mut u, s),
        Route::Compare(s) => compare(&mut u, s),
        Route::Correlate(s) => correlate(&mut u, s),
        Route::Dashboard(s) => dashboard(&mut u, s),
        Route::Split(s) => split(&mut u, s),
        Route::Services(s) => services(&mut u, s),
    }
    u.out
}

fn correlate(u: &mut Url, s: &CorrelateState) {
    u.path("/correlate");
    if !s.snapshot.is_empty() {
        u.param("snap", &s.snapshot);
        return;
    }
    if !s.trace_id.is_empty() {
        u.segment(&s.trace_id);
    } else {
        u.range(&s.range);
    }
    u.param_if("service", &s.service, "");
    if let Some((a, b)) = s.selection {
        u.param("sel", &format!("{a},{b}"));
    }
    if !s.untraced {
        u.param("untraced", "0");
    }
    u.param_if("ds", &s.source, "");
}

/// Each side is its own fragment, nested as a parameter value.
fn split(u: &mut Url, s: &SplitState) {
    u.path("/split");
    u.param("left", &encode(&s.left));
    u.param("right", &encode(&s.right));
}

#[derive(Default)]
struct Url {
    out: String,
    params: usize,
}

impl Url {
    fn path(&mut self, p: &str) {
        self.out.push_str(p);
    }
    fn segment(&mut self, s: &str) {
        self.out.push('/');
        encode_into(s, &mut self.out, false);
    }
    fn param(&mut self, k: &str, v: &str) {
        self.out.push(if self.params == 0 { '?' } else { '&' });
        self.params += 1;
        encode_into(k, &mut self.out, false);
        self.out.push('=');
        encode_into(v, &mut self.out, true);
    }
    fn param_if(&mut self, k: &str, v: &str, default: &str) {
        if v != default {
            self.param(k, v);
        }
    }
    fn range(&mut self, r: &TimeRange) {
        if *r != TimeRange::default() {
            self.param("from", &time_value(&r.from));
            self.param("to", &time_value(&r.to));
        }
    }
    fn tz(&mut self, utc: bool) {
        if utc {
            self.param("tz", "utc");
        }
    }
}

/// Instants as epoch ms (Grafana's form in links); other expressions as written.
fn time_value(e: &TimeExpr) -> String {
    match e {
        TimeExpr::Absolute(ms) => ms.to_string(),
        other => other.to_string(),
    }
}

fn metrics(u: &mut Url, s: &MetricsState) {
    let d = MetricsState::default();
    u.path("/metrics");
    u.range(&s.range);
    if s.queries != d.queries {
        for q in &s.queries {
            u.param(&format!("q.{}", q.ref_id), &q.expr);
            u.param_if(&format!("legend.{}", q.ref_id), &q.legend, "");
            if q.instant {
                u.param(&format!("instant.{}", q.ref_id), "1");
            }
            if q.hidden {
                u.param(&format!("hidden.{}", q.ref_id), "1");
            }
        }
    }
    if let Some(m) = &s.min_step {
        u.param("min_step", m);
    }
    if let Some(r) = &s.refresh {
        u.param("refresh", r);
    }
    if let Some(st) = s.style.as_deref().filter(|st| *st != "lines") {
        u.param("style", st);
    }
    if let Some(unit) = &s.unit {
        u.param("unit", unit);
    }
    if s.log_scale {
        u.param("log", "1");
    }
    if let Some(v) = s.viz.as_deref().filter(|v| *v != "graph") {
        u.param("viz", v);
    }
    if !s.exemplars {
        u.param("exemplars", "0");
    }
    if !s.source.is_empty() {
        u.param("ds", &s.source);
    }
    u.tz(s.tz_utc);
}

fn logs(u: &mut Url, s: &LogsState) {
    let d = LogsState::default();
    u.path("/logs");
    u.range(&s.range);
    u.param_if("query", &s.query, "");
    if s.limit != d.limit {
        u.param("limit", &s.limit.to_string());
    }
    if !s.newest_first {
        u.param("order", "oldest");
    }
    u.param_if("filter", &s.filter, "");
    if s.filter_regex {
        u.param("filter_mode", "regex");
    }
    if let Some(l) = s.line {
        u.param("line", &l.to_string());
    }
    if let Some(m) = &s.min_step {
        u.param("min_step", m);
    }
    if !s.source.is_empty() {
        u.param("ds", &s.source);
    }
    if let Some(p) = &s.pattern {
        u.param("pattern", p);
    }
    for h in &s.hidden_patterns {
        u.param("hide", h);
    }
    u.tz(s.tz_utc);
}

fn trace(u: &mut Url, s: &TraceState) {
    u.path("/trace");
    if !s.trace_id.is_empty() {
        u.segment(&s.trace_id);
    }
    if let Some(span) = &s.span {
        u.param("span", span);
    }
    u.param_if("find", &s.find, "");
    u.param_if("ds", &s.source, "");
}

fn compare(u: &mut Url, s: &CompareState) {
    u.path("/compare");
    if !s.a.is_empty() || !s.b.is_empty() {
        // An empty A keeps its place as "-", so B stays the second ID.
        u.segment(if s.a.is_empty() { "-" } else { &s.a });
    }
    if !s.b.is_empty() {
        u.segment(&s.b);
    }
    u.param_if("ds", &s.source, "");
}

fn search(u: &mut Url, s: &SearchState) {
    let d = SearchState::default();
    u.path("/search");
    u.range(&s.range);
    u.param_if("query", &s.query, "");
    if s.limit != d.limit {
        u.param("limit", &s.limit.to_string());
    }
    u.param_if("ds", &s.source, "");
}

fn services(u: &mut Url, s: &ServicesState) {
    u.path("/services");
    u.range(&s.range);
    u.param_if("focus", &s.focus, "");
    if s.depth != ServicesState::default().depth {
        u.param("depth", &s.depth.to_string());
    }
    u.param_if("q", &s.search, "");
}

fn dashboard(u: &mut Url, s: &DashboardState) {
    u.path("/dashboard");
    if !s.uid.is_empty() {
        u.segment(&s.uid);
    }
    u.range(&s.range);
    if let Some(r) = &s.refresh {
        u.param("refresh", r);
    }
    for (k, v) in &s.vars {
        u.param(&format!("var-{k}"), v);
    }
    for t in &s.tabs {
        u.param("tab", t);
    }
    if let Some(v) = &s.view {
        u.param("view", v);
    }
    if s.kiosk {
        u.param("kiosk", "1");
    }
}
