//! Fragment text → Route, tolerantly: unknown parameters are ignored, a bad value falls back to that field's
//! default with a notice saying what was ignored, an unknown page opens Home. Never panics.

use super::percent::{decode_component, parse_query};
use super::route::{
    CompareState, DashboardState, LogsState, MetricQuery, MetricsState, Route, METRIC_STYLES, METRIC_VIZ, SearchState, TraceState, DEFAULT_LOG_LIMIT,
    DEFAULT_SEARCH_LIMIT, MAX_LOG_LIMIT, MAX_SEARCH_LIMIT,
};
use crate::telemetry::{SpanId, TraceId};
use crate::time::duration::parse_duration;
use crate::time::{TimeExpr, TimeRange};

/// Most notices reported for one link; the rest are counted.
const MAX_NOTICES: usize = 10;
/// Most metric queries and dashboard variables kept from one link.
const MAX_QUERIES: usize = 26;
const MAX_VARS: usize = 100;
const MAX_REF_ID_CHARS: usize = 32;

/// The route of a fragment and what was ignored while reading it (sentences for the user).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    pub route: Route,
    pub notices: Vec<String>,
}

/// Reads a fragment, with or without the leading `#`: `#/logs?from=now-15m&query=%7Bjob%3D%22x%22%7D`.
pub fn decode(fragment: &str) -> Decoded {
    let mut n = Notices::default();
    let frag = fragment.trim();
    let frag = frag.strip_prefix('#').unwrap_or(frag);
    let (path, query) = frag.split_once('?').unwrap_or((frag, ""));
    let p = Params(parse_query(query));
    let mut segs = path.split('/').filter(|s| !s.is_empty()).map(decode_component);
    let page = segs.next().unwrap_or_default();
    let second = segs.next().unwrap_or_default();
    let third = segs.next().unwrap_or_default();
    let route = match page.to_ascii_lowercase().as_str() {
        "" | "home" => Route::Home,
        "metrics" => Route::Metrics(metrics(&p, &mut n)),
        "logs" => Route::Logs(logs(&p, &mut n)),
        "trace" => Route::Trace(trace(second, &p, &mut n)),
        "search" | "traces" => Route::Search(search(&p, &mut n)),
        "compare" => Route::Compare(compare(second, third, &p, &mut n)),
        "correlate" => Route::Correlate(correlate(&second, &p, &mut n)),
        // `#/dashboard` is the list (and `#/dashboard/<id>` one dashboard); `#/dashboards` is read the same, as
        // the list's name in the top bar and Grafana's `/dashboards` suggest.
        "dashboard" | "dashboards" | "d" => Route::Dashboard(dashboard(second, &p, &mut n)),
        "settings" => Route::Settings,
        "alerts" => Route::Alerts(alerts(&p, &mut n)),
        "rules" => Route::Alerts(super::route::AlertsState { tab: super::route::AlertsTab::Rules, ..alerts(&p, &mut n) }),
        "services" => Route::Services(services(&p, &mut n)),
        "split" => Route::Split(split(&p, &mut n)),
        _ => {
            n.push(format!("Unknown page \"/{}\": showing the home page instead.", clip(&page)));
            Route::Home
        }
    };
    Decoded { route, notices: n.finish() }
}

/// Both sides of a split; a side that is missing, itself a split, or has no time range falls back to the
/// default side with a notice. The sides' notices are kept, prefixed with the side.
fn split(p: &Params, n: &mut Notices) -> crate::url_state::SplitState {
    let default = crate::url_state::SplitState::default();
    let mut side = |key: &str, fallback: &Route| -> Route {
        let Some(text) = p.value(key) else { return fallback.clone() };
        let d = decode(text);
        for note in d.notices {
            n.push(format!("{key}: {note}"));
        }
        if matches!(d.route, Route::Split(_)) || d.route.range().is_none() {
            n.push(format!("The {key} side of a split must be a metrics, logs or search view: showing the default."));
            return fallback.clone();
        }
        d.route
    };
    let left = side("left", &default.left);
    let right = side("right", &default.right);
    crate::url_state::SplitState::of(left, right)
}

#[derive(Default)]
struct Notices {
    list: Vec<String>,
    more: usize,
}

impl Notices {
    fn push(&mut self, s: String) {
        if self.list.len() < MAX_NOTICES {
            self.list.push(s);
        } else {
            self.more += 1;
        }
    }
    fn finish(mut self) -> Vec<String> {
        if self.more > 0 {
            self.list.push(format!("…and {} more problems in the link were ignored.", self.more));
        }
        self.list
    }
}

/// Longest pattern template and most hidden patterns a logs link keeps.
const MAX_PATTERN_CHARS: usize = 2000;
const MAX_HIDDEN_PATTERNS: usize = 100;

struct Params(Vec<(String, String)>);

impl Params {
    /// The last value of `key` (later parameters override earlier ones), None when absent.
    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    /// As [`get`](Self::get), also None for an empty value (a template link like `from=&to=`).
    fn value(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.trim().is_empty())
    }
    fn text(&self, key: &str) -> String {
        self.get(key).unwrap_or_default().to_string()
    }
    /// Every non-empty value of a repeated `key`, in order, each once (at most `max`).
    fn all(&self, key: &str, max: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, v) in self.0.iter().filter(|(k, v)| k == key && !v.trim().is_empty()) {
            if out.len() < max && !out.contains(v) {
                out.push(v.clone());
            }
        }
        out
    }
}

/// User text quoted in a notice: at most 60 characters, control characters replaced.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect();
    if s.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

fn range(p: &Params, n: &mut Notices) -> TimeRange {
    let d = TimeRange::default();
    let (from, to) = (p.value("from"), p.value("to"));
    if from.is_none() && to.is_none() {
        return d;
    }
    let mut end = |key: &str, v: Option<&str>, default: &TimeExpr| match v.map(TimeExpr::parse) {
        None => default.clone(),
        Some(Ok(e)) => e,
        Some(Err(e)) => {
            n.push(format!("Ignored {key}=\"{}\": {e}. Using {default}.", clip(v.unwrap_or_default())));
            default.clone()
        }
    };
    let f = end("from", from, &d.from);
    let t = end("to", to, &d.to);
    TimeRange::checked(f, t).unwrap_or_else(|e| {
        n.push(format!("Ignored the time range: {e} Showing the last hour."));
        d
    })
}

fn duration_text(p: &Params, key: &str, n: &mut Notices) -> Option<String> {
    let v = p.value(key)?.trim();
    match parse_duration(v) {
        Some(ms) if ms > 0 => Some(v.to_string()),
        _ => {
            n.push(format!("Ignored {key}=\"{}\": not a duration such as 15s, 1m or 1h30m.", clip(v)));
            None
        }
    }
}

fn flag(key: &str, v: &str, n: &mut Notices) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => {
            n.push(format!("Ignored {key}=\"{}\": use 1 or 0.", clip(v)));
            None
        }
    }
}

fn tz_utc(p: &Params, n: &mut Notices) -> bool {
    let key = if p.get("tz").is_some() { "tz" } else { "timezone" };
    let Some(v) = p.value(key) else { return false };
    match v.trim().to_ascii_lowercase().as_str() {
        "utc" => true,
        "browser" | "local" => false,
        _ => {
            n.push(format!("Ignored {key}=\"{}\": use utc or browser.", clip(v)));
            false
        }
    }
}

/// A limit in `1..=max`: out-of-range numbers are clamped, anything else is the default; both with a notice.
fn limit(p: &Params, default: u32, max: u32, n: &mut Notices) -> u32 {
    let Some(v) = p.value("limit").map(str::trim) else { return default };
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        n.push(format!("Ignored limit=\"{}\": not a whole number. Using {default}.", clip(v)));
        return default;
    }
    match v.parse::<u64>() {
        Ok(0) => {
            n.push("limit=0 raised to 1.".into());
            1
        }
        Ok(x) if x <= u64::from(max) => u32::try_from(x).unwrap_or(max),
        _ => {
            n.push(format!("limit={} lowered to {max}, the most Trifocal loads at once.", clip(v)));
            max
        }
    }
}

fn metrics(p: &Params, n: &mut Notices) -> MetricsState {
    let mut queries: Vec<MetricQuery> = Vec::new();
    let mut too_many = false;
    for (k, v) in &p.0 {
        let Some((field, rid)) = k.split_once('.') else { continue };
        if !matches!(field, "q" | "expr" | "legend" | "instant" | "hidden") {
            continue;
        }
        if rid.is_empty() || rid.chars().count() > MAX_REF_ID_CHARS {
            n.push(format!("Ignored {}: a query name is 1 to {MAX_REF_ID_CHARS} characters.", clip(k)));
            continue;
        }
        let i = match queries.iter().position(|q| q.ref_id == rid) {
            Some(i) => i,
            None if queries.len() >= MAX_QUERIES => {
                if !too_many {
                    n.push(format!("Only the first {MAX_QUERIES} queries of the link were kept."));
                    too_many = true;
                }
                continue;
            }
            None => {
                queries.push(MetricQuery { ref_id: rid.to_string(), ..MetricQuery::default() });
                queries.len() - 1
            }
        };
        let Some(q) = queries.get_mut(i) else { continue };
        match field {
            "q" | "expr" => q.expr = v.clone(),
            "legend" => q.legend = v.clone(),
            "instant" => q.instant = flag(k, v, n).unwrap_or(false),
            _ => q.hidden = flag(k, v, n).unwrap_or(false),
        }
    }
    let d = MetricsState::default();
    MetricsState {
        range: range(p, n),
        refresh: duration_text(p, "refresh", n),
        queries: if queries.is_empty() { d.queries } else { queries },
        min_step: duration_text(p, "min_step", n),
        tz_utc: tz_utc(p, n),
        style: metric_style(p, n),
        unit: metric_unit(p, n),
        log_scale: p.value("log").and_then(|v| flag("log", v, n)).unwrap_or(false),
        viz: metric_viz(p, n),
        exemplars: p.value("exemplars").and_then(|v| flag("exemplars", v, n)).unwrap_or(true),
        source: source(p),
    }
}

/// The datasource a view asks (`ds=`): a name, clipped.
fn source(p: &Params) -> String {
    p.value("ds").map(|v| v.trim().chars().take(200).collect()).unwrap_or_default()
}

fn metric_viz(p: &Params, n: &mut Notices) -> Option<String> {
    let v = p.value("viz")?.trim().to_ascii_lowercase();
    if v == "graph" {
        None
    } else if METRIC_VIZ.contains(&v.as_str()) {
        Some(v)
    } else {
        n.push(format!("Ignored viz=\"{}\": use graph, stat, table or heatmap.", clip(&v)));
        None
    }
}

fn metric_style(p: &Params, n: &mut Notices) -> Option<String> {
    let v = p.value("style")?.trim().to_ascii_lowercase();
    if v == "lines" {
        None
    } else if METRIC_STYLES.contains(&v.as_str()) {
        Some(v)
    } else {
        n.push(format!("Ignored style=\"{}\": use lines, points, bars or stacked.", clip(&v)));
        None
    }
}

fn metric_unit(p: &Params, n: &mut Notices) -> Option<String> {
    let v = p.value("unit")?.trim();
    match crate::view::units::Unit::from_id(v) {
        Some(u) => Some(u.id().to_string()),
        None => {
            n.push(format!("Ignored unit=\"{}\": not a known unit.", clip(v)));
            None
        }
    }
}

fn logs(p: &Params, n: &mut Notices) -> LogsState {
    let key = if p.get("order").is_some() { "order" } else { "direction" };
    let newest_first = match p.value(key).map(|v| v.trim().to_ascii_lowercase()) {
        None => true,
        Some(v) => match v.as_str() {
            "newest" | "desc" | "backward" => true,
            "oldest" | "asc" | "forward" => false,
            _ => {
                n.push(format!("Ignored {key}=\"{}\": use newest or oldest.", clip(&v)));
                true
            }
        },
    };
    let line = p.value("line").and_then(|v| match v.trim().parse::<i64>() {
        Ok(x) => Some(x),
        Err(_) => {
            n.push(format!("Ignored line=\"{}\": not a timestamp in nanoseconds.", clip(v)));
            None
        }
    });
    LogsState {
        range: range(p, n),
        query: p.text("query"),
        limit: limit(p, DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT, n),
        newest_first,
        filter: p.text("filter"),
        filter_regex: filter_regex(p, n),
        line,
        tz_utc: tz_utc(p, n),
        min_step: duration_text(p, "min_step", n),
        source: source(p),
        pattern: p.value("pattern").map(|v| v.chars().take(MAX_PATTERN_CHARS).collect()),
        hidden_patterns: p.all("hide", MAX_HIDDEN_PATTERNS).into_iter().map(|v| v.chars().take(MAX_PATTERN_CHARS).collect()).collect(),
    }
}

/// `filter_mode=regex` (anything else: text, with a notice unless it is `text`).
fn filter_regex(p: &Params, n: &mut Notices) -> bool {
    match p.value("filter_mode").map(str::trim) {
        None | Some("") | Some("text") => false,
        Some("regex") => true,
        Some(other) => {
            n.push(format!("Ignored filter_mode=\"{}\": use regex or text.", clip(other)));
            false
        }
    }
}

fn trace(segment: String, p: &Params, n: &mut Notices) -> TraceState {
    let raw = if segment.trim().is_empty() { p.value("id").or_else(|| p.value("traceId")).unwrap_or_default() } else { &segment };
    let id = raw.trim();
    let trace_id = if id.is_empty() || TraceId::parse_hex(id).is_some() {
        id.to_string()
    } else {
        n.push(format!("Ignored trace ID \"{}\": use 16 or 32 hex digits.", clip(id)));
        String::new()
    };
    let span = p.value("span").and_then(|s| {
        let s = s.trim();
        if SpanId::parse_hex(s).is_some() {
            Some(s.to_string())
        } else {
            n.push(format!("Ignored span=\"{}\": a span ID is 16 hex digits.", clip(s)));
            None
        }
    });
    TraceState { trace_id, span, find: p.text("find"), source: source(p) }
}

/// A trace ID as written, or empty (with a notice when it is not one).
fn trace_id(raw: &str, n: &mut Notices) -> String {
    let raw = raw.trim();
    if raw.is_empty() || TraceId::parse_hex(raw).is_some() {
        return raw.to_string();
    }
    n.push(format!("Ignored trace ID \"{}\": use 16 or 32 hex digits.", clip(raw)));
    String::new()
}

/// `#/correlate/<id>` or `#/correlate?from=…&to=…&service=…`; `service=` also with an ID (the chart a
/// selection was made on); `sel=<ms>,<ms>` (ordered; dropped with a
/// notice unless two whole numbers), `untraced=0`, `ds=`; `snap=<uid>` a stored snapshot (nothing else read).
fn correlate(second: &str, p: &Params, n: &mut Notices) -> super::route::CorrelateState {
    let snapshot: String = p.text("snap").trim().chars().take(200).collect();
    if !snapshot.is_empty() {
        return super::route::CorrelateState { snapshot, ..Default::default() };
    }
    let id = trace_id(second, n);
    let window = id.is_empty();
    let selection = p.value("sel").and_then(|v| {
        let parsed = v.split_once(',').and_then(|(a, b)| Some((a.trim().parse::<i64>().ok()?, b.trim().parse::<i64>().ok()?)));
        match parsed {
            Some((a, b)) if a != b => Some((a.min(b), a.max(b))),
            _ => {
                n.push(format!("Ignored sel=\"{}\": use two times in ms, from,to.", clip(v)));
                None
            }
        }
    });
    super::route::CorrelateState {
        trace_id: id,
        range: if window { range(p, n) } else { TimeRange::default() },
        service: p.text("service").trim().chars().take(200).collect(),
        selection,
        untraced: p.value("untraced").and_then(|v| flag("untraced", v, n)).unwrap_or(true),
        source: source(p),
        snapshot: String::new(),
    }
}

/// `#/compare/<a>/<b>`; also Jaeger UI's `<a>...<b>` in one segment. A segment that is not a trace ID is
/// dropped with a notice; "-" stands for an ID not chosen yet.
fn compare(second: String, third: String, p: &Params, n: &mut Notices) -> CompareState {
    let (a, b) = match second.split_once("...") {
        Some((a, b)) if third.is_empty() => (a.to_string(), b.to_string()),
        _ => (second, third),
    };
    let mut id = |raw: &str, which: &str| {
        let raw = raw.trim();
        if raw.is_empty() || raw == "-" {
            String::new()
        } else if TraceId::parse_hex(raw).is_some() {
            raw.to_string()
        } else {
            n.push(format!("Ignored trace ID {which} \"{}\": use 16 or 32 hex digits.", clip(raw)));
            String::new()
        }
    };
    CompareState { a: id(&a, "A"), b: id(&b, "B"), source: source(p) }
}

fn alerts(p: &Params, n: &mut Notices) -> super::route::AlertsState {
    use super::route::AlertsTab;
    use crate::telemetry::alerts::AlertState;
    let tab = match p.value("tab") {
        None => AlertsTab::default(),
        Some(t) => AlertsTab::ALL.into_iter().find(|x| x.id() == t).unwrap_or_else(|| {
            n.push(format!("Ignored tab=\"{}\": use alerts, rules or alertmanager.", clip(t)));
            AlertsTab::default()
        }),
    };
    let mut states = Vec::new();
    for s in p.value("state").unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match AlertState::from_id(s) {
            Some(st) if !states.contains(&st) => states.push(st),
            Some(_) => {}
            None => n.push(format!("Ignored state \"{}\": use firing, pending or inactive.", clip(s))),
        }
    }
    states.sort();
    super::route::AlertsState { tab, states, filter: p.text("q") }
}

fn search(p: &Params, n: &mut Notices) -> SearchState {
    SearchState { range: range(p, n), query: p.text("query"), limit: limit(p, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, n), source: source(p) }
}

fn services(p: &Params, n: &mut Notices) -> crate::url_state::ServicesState {
    use crate::url_state::route::{DEFAULT_SERVICE_DEPTH, MAX_SERVICE_DEPTH};
    let depth = match p.value("depth").map(|v| v.trim().parse::<u32>()) {
        None => DEFAULT_SERVICE_DEPTH,
        Some(Ok(d)) if d <= MAX_SERVICE_DEPTH => d,
        Some(_) => {
            n.push("Ignored depth: use 0 to 20 hops.".into());
            DEFAULT_SERVICE_DEPTH
        }
    };
    crate::url_state::ServicesState { range: range(p, n), focus: p.text("focus").trim().to_string(), depth, search: p.text("q") }
}

fn dashboard(uid: String, p: &Params, n: &mut Notices) -> DashboardState {
    let mut vars = Vec::new();
    let mut tabs = Vec::new();
    for (k, v) in &p.0 {
        if k == "tab" && tabs.len() < MAX_VARS {
            tabs.push(v.clone());
        } else if let Some(name) = k.strip_prefix("var-") {
            if vars.len() >= MAX_VARS {
                n.push(format!("Only the first {MAX_VARS} dashboard variables of the link were kept."));
                break;
            }
            vars.push((name.to_string(), v.clone()));
        }
    }
    let kiosk = p.get("kiosk").and_then(|v| flag("kiosk", v, n)).unwrap_or(false);
    // Grafana's `viewPanel` is read too, so its links keep working.
    let view = p.value("view").or_else(|| p.value("viewPanel")).map(|v| v.trim().chars().take(100).collect::<String>()).filter(|v| !v.is_empty());
    DashboardState { uid: uid.trim().to_string(), range: range(p, n), refresh: duration_text(p, "refresh", n), vars, kiosk, view, tabs }
}
