//! The views of the app and the state each keeps in the URL.

use crate::time::TimeRange;

/// Default and largest number of log lines per query.
pub const DEFAULT_LOG_LIMIT: u32 = 1000;
pub const MAX_LOG_LIMIT: u32 = 100_000;
/// Default and largest number of traces per search.
pub const DEFAULT_SEARCH_LIMIT: u32 = 20;
pub const MAX_SEARCH_LIMIT: u32 = 10_000;

/// Which page, with its state. `#/` (or an unknown page) is `Home`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Route {
    #[default]
    Home,
    /// `#/metrics?…`
    Metrics(MetricsState),
    /// `#/logs?…`
    Logs(LogsState),
    /// `#/trace/<id>?span=…&find=…`
    Trace(TraceState),
    /// `#/search?…`
    Search(SearchState),
    /// `#/compare/<trace id A>/<trace id B>`: two traces' span trees merged and compared.
    Compare(CompareState),
    /// `#/correlate/<trace id>`: the trace, its logs and its services' metrics on one time axis.
    Correlate(CorrelateState),
    /// `#/dashboard/<uid>?…` (also `#/d/<uid>/<slug>` as Grafana writes it)
    Dashboard(DashboardState),
    /// `#/settings`
    Settings,
    /// `#/alerts?tab=…&state=…&q=…`: alerting rules and their alerts, recording rules, Alertmanager's groups
    /// and silences.
    Alerts(AlertsState),
    /// `#/services?from=…&to=…&focus=<service>&depth=<hops>&q=<search>`: the service map.
    Services(ServicesState),
    /// `#/split?left=<fragment>&right=<fragment>`: two explore views side by side sharing one time range.
    Split(SplitState),
}

/// Split explore: each side is a whole view (its own fragment, nested and percent-encoded). The time range
/// is shared: the left side's range rules, and changing either side's range changes both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitState {
    pub left: Box<Route>,
    pub right: Box<Route>,
}

impl Default for SplitState {
    fn default() -> Self {
        SplitState { left: Box::new(Route::Metrics(MetricsState::default())), right: Box::new(Route::Logs(LogsState::default())) }
    }
}

impl SplitState {
    /// A split of `left` (the view the user was on) with `right`, both on `left`'s range.
    pub fn of(left: Route, right: Route) -> SplitState {
        let range = left.range().cloned().unwrap_or_default();
        let left = left.with_range(range.clone()).unwrap_or_else(|| Route::Metrics(MetricsState { range: range.clone(), ..MetricsState::default() }));
        let right = right.with_range(range).unwrap_or(right);
        SplitState { left: Box::new(left), right: Box::new(right) }
    }

    /// Replaces one side with `route` (a navigation inside that pane). A range change carries over to the
    /// other side, so both panes always show the same time range.
    pub fn with_side(&self, right_side: bool, route: Route) -> SplitState {
        let mut s = self.clone();
        if let Some(r) = route.range().cloned() {
            let other = if right_side { &mut s.left } else { &mut s.right };
            if let Some(moved) = other.with_range(r) {
                **other = moved;
            }
        }
        if right_side {
            *s.right = route;
        } else {
            *s.left = route;
        }
        s
    }
}

/// Metrics explore: `from`, `to`, `q.<ref>`, `legend.<ref>`, `instant.<ref>`, `hidden.<ref>`, `min_step`,
/// `refresh`, `tz`, `style`, `unit`, `log`, `viz`, `exemplars`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricsState {
    pub range: TimeRange,
    /// Auto-refresh interval as a Prometheus duration (`30s`), None = off.
    pub refresh: Option<String>,
    /// In order; never empty after decoding (default: one empty query `A`).
    pub queries: Vec<MetricQuery>,
    /// Lower bound for the query step, a Prometheus duration (`15s`).
    pub min_step: Option<String>,
    /// Show times in UTC rather than the browser's zone.
    pub tz_utc: bool,
    /// Chart draw style: `points`, `bars` or `stacked`; None = lines (see [`METRIC_STYLES`]).
    pub style: Option<String>,
    /// Y unit id (`crate::view::units::Unit::id`); None = guessed from the query and metadata.
    pub unit: Option<String>,
    /// Logarithmic y axis.
    pub log_scale: bool,
    /// How range results are shown: `stat`, `table` or `heatmap`; None = the time-series chart (see
    /// [`METRIC_VIZ`]).
    pub viz: Option<String>,
    /// Exemplars drawn on the chart (`exemplars=0` turns them off).
    pub exemplars: bool,
    /// The Prometheus datasource asked (`ds=`: a configured one's name); empty = the default.
    pub source: String,
}

/// Visualisations a metrics link may name (`viz=`); `graph` is the default and not written.
pub const METRIC_VIZ: [&str; 4] = ["graph", "stat", "table", "heatmap"];

/// Chart draw styles a metrics link may name (`style=`); `lines` is the default and not written.
pub const METRIC_STYLES: [&str; 4] = ["lines", "points", "bars", "stacked"];

impl Default for MetricsState {
    fn default() -> Self {
        MetricsState {
            range: TimeRange::default(),
            refresh: None,
            queries: vec![MetricQuery { ref_id: "A".into(), ..MetricQuery::default() }],
            min_step: None,
            tz_utc: false,
            style: None,
            unit: None,
            log_scale: false,
            viz: None,
            exemplars: true,
            source: String::new(),
        }
    }
}

/// One PromQL query of the metrics view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetricQuery {
    /// `A`, `B`, …
    pub ref_id: String,
    pub expr: String,
    /// Legend format, e.g. `{{service_name}}`.
    pub legend: String,
    pub instant: bool,
    pub hidden: bool,
}

/// Logs explore: `from`, `to`, `query`, `limit`, `order`, `filter`, `filter_mode`, `line`, `tz`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogsState {
    pub range: TimeRange,
    /// LogQL.
    pub query: String,
    /// Most lines to load, 1..=[`MAX_LOG_LIMIT`] (default [`DEFAULT_LOG_LIMIT`]).
    pub limit: u32,
    pub newest_first: bool,
    /// Text filter applied to the loaded lines.
    pub filter: String,
    /// The filter is a regular expression (`filter_mode=regex`), not text or `/a|b/`.
    pub filter_regex: bool,
    /// Timestamp (ns) of the line to show selected.
    pub line: Option<i64>,
    pub tz_utc: bool,
    /// Smallest step of a LogQL metric query (`min_step=1m`), which is drawn as time series.
    pub min_step: Option<String>,
    /// The logs datasource asked (`ds=`, a name under Settings → Datasources); empty = the default.
    pub source: String,
    /// The Patterns tab's choice: show only this pattern's lines (`pattern=`), hide these (`hide=`, repeated).
    pub pattern: Option<String>,
    pub hidden_patterns: Vec<String>,
}

impl Default for LogsState {
    fn default() -> Self {
        LogsState {
            range: TimeRange::default(),
            query: String::new(),
            limit: DEFAULT_LOG_LIMIT,
            newest_first: true,
            filter: String::new(),
            filter_regex: false,
            line: None,
            min_step: None,
            tz_utc: false,
            source: String::new(),
            pattern: None,
            hidden_patterns: Vec::new(),
        }
    }
}

/// One trace: `#/trace/<id>?span=<span id>&find=<text>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TraceState {
    /// Hex trace ID as written (16 or 32 digits); empty = none chosen yet.
    pub trace_id: String,
    /// Hex span ID to select.
    pub span: Option<String>,
    /// Text in the find box.
    pub find: String,
    /// The trace datasource asked (`ds=`, a name under Settings → Datasources); empty = the default.
    pub source: String,
}

/// Which part of the alerts page shows (`tab=`): alerting rules (default), rules health, Alertmanager.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AlertsTab {
    #[default]
    Alerts,
    Rules,
    Silences,
}

impl AlertsTab {
    pub const ALL: [AlertsTab; 3] = [AlertsTab::Alerts, AlertsTab::Rules, AlertsTab::Silences];
    pub fn id(self) -> &'static str {
        match self {
            AlertsTab::Alerts => "alerts",
            AlertsTab::Rules => "rules",
            AlertsTab::Silences => "alertmanager",
        }
    }
}

/// The alerts page: `tab`, `state` (comma-separated `firing,pending,inactive`; none = all), `q` (a rule name
/// or label filter, see `view::alerts`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertsState {
    pub tab: AlertsTab,
    pub states: Vec<crate::telemetry::alerts::AlertState>,
    pub filter: String,
}

/// Two traces compared: `#/compare/<a>/<b>`. Each is a hex trace ID as written, or empty (not chosen yet).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompareState {
    pub a: String,
    pub b: String,
    /// The trace datasource both are fetched from (`ds=`); empty = the default.
    pub source: String,
}

/// The correlation workspace: of one trace (`#/correlate/<id>`, hex trace ID as written), or of a service
/// over a window (`#/correlate?from=…&to=…&service=…`: its lines, RED charts and the window's traces).
/// `sel=<from ms>,<to ms>` is a window selected on a chart (the lines narrowed to it, the traces in it
/// listed); `untraced=0` hides lines without a trace ID; `ds=` names the logs and trace datasource.
/// `#/correlate?snap=<uid>` is a stored workspace snapshot (its state and data are in the file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrelateState {
    pub trace_id: String,
    pub range: TimeRange,
    pub service: String,
    pub selection: Option<(i64, i64)>,
    pub untraced: bool,
    pub source: String,
    /// A stored snapshot's uid: the workspace is drawn from it, with no backend.
    pub snapshot: String,
}

impl Default for CorrelateState {
    fn default() -> Self {
        CorrelateState { trace_id: String::new(), range: TimeRange::default(), service: String::new(), selection: None, untraced: true, source: String::new(), snapshot: String::new() }
    }
}

impl CorrelateState {
    /// The link to one trace's workspace (`#/correlate/<id>`), as every entry point writes it.
    pub fn href(trace_id: &str) -> String {
        Self::href_in(trace_id, "")
    }

    /// The link to one trace's workspace asking the datasources `source` names (`ds=`; empty: the defaults).
    pub fn href_in(trace_id: &str, source: &str) -> String {
        format!("#{}", super::encode(&Route::Correlate(CorrelateState { trace_id: trace_id.to_string(), source: source.to_string(), ..CorrelateState::default() })))
    }

    /// The window form: `service` from `start_ms` to `end_ms`.
    pub fn window(service: &str, start_ms: i64, end_ms: i64) -> CorrelateState {
        CorrelateState { service: service.to_string(), range: TimeRange::from_absolute(start_ms, end_ms), ..CorrelateState::default() }
    }

    /// A stored workspace snapshot (`#/correlate?snap=<uid>`).
    pub fn of_snapshot(uid: &str) -> CorrelateState {
        CorrelateState { snapshot: uid.to_string(), ..CorrelateState::default() }
    }

    /// Whether this is the window form (no trace ID).
    pub fn is_window(&self) -> bool {
        self.trace_id.is_empty()
    }
}

/// Trace search: `from`, `to`, `query`, `limit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchState {
    pub range: TimeRange,
    /// TraceQL (Tempo) or `service=… key=value` terms (Jaeger).
    pub query: String,
    /// Most traces, 1..=[`MAX_SEARCH_LIMIT`] (default [`DEFAULT_SEARCH_LIMIT`]).
    pub limit: u32,
    /// The trace datasource asked (`ds=`, a name under Settings → Datasources); empty = the default.
    pub source: String,
}

impl Default for SearchState {
    fn default() -> Self {
        SearchState { range: TimeRange::default(), query: String::new(), limit: DEFAULT_SEARCH_LIMIT, source: String::new() }
    }
}

/// The service map: its time range, the service in focus (empty: all) with how many hops around it to
/// show (default 2), and the search text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicesState {
    pub range: TimeRange,
    pub focus: String,
    pub depth: u32,
    pub search: String,
}

/// Default and largest focus depth of the service map.
pub const DEFAULT_SERVICE_DEPTH: u32 = 2;
pub const MAX_SERVICE_DEPTH: u32 = 20;

impl Default for ServicesState {
    fn default() -> Self {
        ServicesState { range: TimeRange::default(), focus: String::new(), depth: DEFAULT_SERVICE_DEPTH, search: String::new() }
    }
}

/// A dashboard: `#/dashboard/<uid>?from=…&to=…&refresh=…&var-NAME=value&tab=<title>&kiosk&view=<panel id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DashboardState {
    pub uid: String,
    pub range: TimeRange,
    pub refresh: Option<String>,
    /// Template variables in URL order (a name may repeat for multi-value variables).
    pub vars: Vec<(String, String)>,
    /// `kiosk`: no app chrome and no dashboard toolbar (for an iframe or a wall screen; Esc leaves it).
    pub kiosk: bool,
    /// `view=<panel id>`: one panel alone, filling the page (Grafana's `viewPanel`).
    pub view: Option<String>,
    /// `tab=<title>`: the tabs shown (one per set of tabs; a set none names shows its first).
    pub tabs: Vec<String>,
}

impl Route {
    /// The time range of a view that has one (for the global time shortcuts).
    pub fn range(&self) -> Option<&TimeRange> {
        match self {
            Route::Metrics(s) => Some(&s.range),
            Route::Logs(s) => Some(&s.range),
            Route::Search(s) => Some(&s.range),
            Route::Dashboard(s) => Some(&s.range),
            Route::Services(s) => Some(&s.range),
            Route::Split(s) => s.left.range().or_else(|| s.right.range()),
            Route::Home | Route::Trace(_) | Route::Compare(_) | Route::Correlate(_) | Route::Settings | Route::Alerts(_) => None,
        }
    }

    /// The same view with another time range; `None` for views without one.
    pub fn with_range(&self, range: TimeRange) -> Option<Route> {
        let mut r = self.clone();
        match &mut r {
            Route::Metrics(s) => s.range = range,
            Route::Logs(s) => s.range = range,
            Route::Search(s) => s.range = range,
            Route::Dashboard(s) => s.range = range,
            Route::Services(s) => s.range = range,
            Route::Split(s) => {
                for side in [&mut s.left, &mut s.right] {
                    if let Some(moved) = side.with_range(range.clone()) {
                        **side = moved;
                    }
                }
            }
            Route::Home | Route::Trace(_) | Route::Compare(_) | Route::Correlate(_) | Route::Settings | Route::Alerts(_) => return None,
        }
        Some(r)
    }
}

#[cfg(test)]
mod range_tests {
    use super::*;

    #[test]
    fn range_is_read_and_replaced_on_views_that_have_one() {
        let r = TimeRange::from_absolute(1_000, 2_000);
        let logs = Route::Logs(LogsState { query: "{a=\"b\"}".into(), ..LogsState::default() });
        assert_eq!(logs.range(), Some(&TimeRange::default()));
        let moved = logs.with_range(r.clone()).expect("logs has a range");
        assert_eq!(moved.range(), Some(&r));
        match moved {
            Route::Logs(s) => assert_eq!(s.query, "{a=\"b\"}", "the rest of the state is kept"),
            other => panic!("changed view: {other:?}"),
        }
        assert_eq!(Route::Settings.range(), None);
        assert_eq!(Route::Home.with_range(r), None);
    }
}

#[cfg(test)]
mod split_tests {
    use super::*;
    use crate::url_state::{decode, encode};

    fn metrics(expr: &str, from: &str) -> Route {
        Route::Metrics(MetricsState {
            range: TimeRange::parse(from, "now").expect("range"),
            queries: vec![MetricQuery { ref_id: "A".into(), expr: expr.into(), ..Default::default() }],
            ..MetricsState::default()
        })
    }

    #[test]
    fn a_split_round_trips_through_the_url_with_awkward_queries() {
        let s = SplitState::of(metrics("rate(x{a=\"b&c\"}[5m])", "now-6h"), Route::Logs(LogsState { query: "{a=\"b\"} |= \"#?&\"".into(), ..LogsState::default() }));
        let route = Route::Split(s);
        let frag = encode(&route);
        assert!(frag.starts_with("/split?left=%2Fmetrics") || frag.starts_with("/split?left=/metrics"), "{frag}");
        let d = decode(&frag);
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(d.route, route);
    }

    #[test]
    fn both_sides_share_the_left_range_and_a_change_on_either_side_moves_both() {
        let s = SplitState::of(metrics("up", "now-6h"), Route::Logs(LogsState::default()));
        assert_eq!(s.left.range(), s.right.range(), "the right side takes the left's range");
        let moved = s.with_side(true, Route::Logs(LogsState { range: TimeRange::parse("now-15m", "now").expect("r"), ..LogsState::default() }));
        assert_eq!(moved.left.range().map(|r| r.from.to_string()), Some("now-15m".to_string()));
        assert_eq!(moved.left.range(), moved.right.range());
        let all = Route::Split(moved).with_range(TimeRange::parse("now-2d", "now").expect("r")).expect("split has a range");
        match all {
            Route::Split(s) => assert_eq!(s.right.range().map(|r| r.from.to_string()), Some("now-2d".to_string())),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_sides_fall_back_with_notices() {
        let d = decode("/split?left=%2Fsplit%3Fleft%3D%2Fmetrics&right=%2Fsettings");
        assert_eq!(d.route, Route::Split(SplitState::default()));
        assert!(d.notices.iter().any(|n| n.contains("left side")) && d.notices.iter().any(|n| n.contains("right side")), "{:?}", d.notices);
        let d = decode("/split");
        assert_eq!(d.route, Route::Split(SplitState::default()));
    }
}
