//! Round trips for every route with awkward text, README links, and malformed links that must give notices.

use super::*;
use crate::time::{TimeExpr, TimeRange};

const AWKWARD: &str = "{a=\"b c\"} |= \"x&y=z#w%20+1\" / ? 日本語 é 😀 \\ ' < > [5m] ;,:@";

fn round_trip(r: Route) {
    let frag = encode(&r);
    assert!(frag.starts_with('/'), "{frag}");
    assert!(!frag.contains('#') && !frag.contains(' ') && !frag.contains('"') && !frag.contains('{'), "{frag}");
    let d = decode(&frag);
    assert_eq!(d.notices, Vec::<String>::new(), "{frag}");
    assert_eq!(d.route, r, "{frag}");
    // With the leading '#' too.
    assert_eq!(decode(&format!("#{frag}")).route, r);
}

fn range(from: &str, to: &str) -> TimeRange {
    TimeRange::parse(from, to).unwrap()
}

#[test]
fn defaults_encode_to_bare_paths() {
    assert_eq!(encode(&Route::Home), "/");
    assert_eq!(encode(&Route::Settings), "/settings");
    assert_eq!(encode(&Route::Metrics(MetricsState::default())), "/metrics");
    assert_eq!(encode(&Route::Logs(LogsState::default())), "/logs");
    assert_eq!(encode(&Route::Search(SearchState::default())), "/search");
    assert_eq!(encode(&Route::Trace(TraceState::default())), "/trace");
    for r in [
        Route::Home,
        Route::Settings,
        Route::Metrics(MetricsState::default()),
        Route::Logs(LogsState::default()),
        Route::Search(SearchState::default()),
        Route::Trace(TraceState::default()),
        Route::Dashboard(DashboardState::default()),
    ] {
        round_trip(r);
    }
}

#[test]
fn encodes_metrics_like_the_readme() {
    let s = MetricsState {
        range: range("now-6h", "now"),
        queries: vec![MetricQuery { ref_id: "A".into(), expr: "rate(x[5m])".into(), legend: "{{job}}".into(), ..Default::default() }],
        ..Default::default()
    };
    assert_eq!(encode(&Route::Metrics(s)), "/metrics?from=now-6h&to=now&q.A=rate%28x%5B5m%5D%29&legend.A=%7B%7Bjob%7D%7D");
    let t = TraceState { trace_id: "6575de447380ec933e5135e5d844e736".into(), ..TraceState::default() };
    assert_eq!(encode(&Route::Trace(t)), "/trace/6575de447380ec933e5135e5d844e736");
    let l = LogsState { range: range("now-1d/d", "now-1d/d"), limit: 5000, ..Default::default() };
    assert_eq!(encode(&Route::Logs(l)), "/logs?from=now-1d/d&to=now-1d/d&limit=5000");
    let abs = SearchState { range: TimeRange::from_absolute(1_732_000_000_000, 1_732_000_600_000), ..Default::default() };
    assert_eq!(encode(&Route::Search(abs)), "/search?from=1732000000000&to=1732000600000");
}

#[test]
fn round_trips_every_route_with_awkward_text() {
    round_trip(Route::Metrics(MetricsState {
        range: range("now-7d/d", "now/d"),
        refresh: Some("30s".into()),
        queries: vec![
            MetricQuery { ref_id: "A".into(), expr: AWKWARD.into(), legend: AWKWARD.into(), instant: true, hidden: false },
            MetricQuery { ref_id: "B".into(), expr: String::new(), legend: String::new(), instant: false, hidden: true },
            MetricQuery { ref_id: "my query é&=".into(), expr: "sum by (a,b) (rate(x_total{c!~\"d|e\"}[1m]))".into(), ..Default::default() },
        ],
        min_step: Some("1m30s".into()),
        tz_utc: true,
        style: Some("stacked".into()),
        unit: Some("bytes".into()),
        log_scale: true,
        viz: Some("heatmap".into()),
        exemplars: false,
        source: "Prometheus 2.42 & staging=é".into(),
    }));
    // A single query A with text is not the default, so it is written.
    round_trip(Route::Metrics(MetricsState {
        queries: vec![MetricQuery { ref_id: "A".into(), expr: "up".into(), ..Default::default() }],
        ..Default::default()
    }));
    round_trip(Route::Logs(LogsState {
        range: TimeRange::from_absolute(1_704_164_645_678, 1_704_168_245_679),
        query: format!("{{service_name=\"search-service\"}} |= \"error\" {AWKWARD}"),
        limit: 5000,
        newest_first: false,
        filter: AWKWARD.into(),
        filter_regex: true,
        line: Some(-1_704_164_645_678_000_001),
        tz_utc: true,
        min_step: Some("1m".into()),
        source: format!("VictoriaLogs staging {AWKWARD}"),
        pattern: Some(AWKWARD.into()),
        hidden_patterns: vec![AWKWARD.into(), "<_> done".into()],
    }));
    round_trip(Route::Logs(LogsState { range: range("2024-01-02 03:04:05", "2024-01-02T04:00:00.5"), limit: 1, ..Default::default() }));
    round_trip(Route::Trace(TraceState {
        trace_id: "6575DE447380EC933E5135E5D844E736".into(),
        span: Some("4bf92f3577b34da6".into()),
        find: AWKWARD.into(),
        source: format!("Jaeger {AWKWARD}"),
    }));
    round_trip(Route::Trace(TraceState { trace_id: "4bf92f3577b34da6".into(), span: None, find: "duration>10ms".into(), source: String::new() }));
    round_trip(Route::Search(SearchState {
        range: range("now-15m", "now"),
        query: "{resource.service.name=\"search-service\" && status=error}".into(),
        limit: 10_000,
        source: "Tempo staging".into(),
    }));
    round_trip(Route::Search(SearchState { query: AWKWARD.into(), ..Default::default() }));
    round_trip(Route::Dashboard(DashboardState {
        uid: "a/b c".into(),
        range: range("now-1y", "now"),
        refresh: Some("1m".into()),
        vars: vec![("svc".into(), "a".into()), ("svc".into(), AWKWARD.into()), ("é&=".into(), String::new())],
        kiosk: true,
        view: Some(AWKWARD.chars().take(100).collect()),
        tabs: vec!["Tab 2".into(), AWKWARD.into()],
    }));
}

#[test]
fn decodes_readme_links_typed_by_hand() {
    // As a person would type them (browsers encode only spaces and quotes in a fragment).
    let d = decode("#/metrics?from=now-1h&to=now&q.A=rate(http_server_requests_total[5m])&legend.A={{service_name}}");
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let Route::Metrics(m) = d.route else { panic!("not metrics") };
    assert_eq!(m.range, TimeRange::default());
    assert_eq!(m.queries.len(), 1);
    assert_eq!(m.queries[0].expr, "rate(http_server_requests_total[5m])");
    assert_eq!(m.queries[0].legend, "{{service_name}}");

    let d = decode("#/logs?from=now-15m&to=now&query={service_name=%22search-service%22}%20|=%20%22error%22&limit=5000");
    let Route::Logs(l) = d.route else { panic!("not logs") };
    assert_eq!(l.query, "{service_name=\"search-service\"} |= \"error\"");
    assert_eq!(l.limit, 5000);
    assert_eq!(l.range.from.to_string(), "now-15m");
    assert!(l.newest_first);

    let d = decode("#/trace/6575de447380ec933e5135e5d844e736");
    assert_eq!(d.route, Route::Trace(TraceState { trace_id: "6575de447380ec933e5135e5d844e736".into(), ..Default::default() }));

    let d = decode("#/search?query={resource.service.name=%22search-service%22%20%26%26%20status=error}");
    let Route::Search(s) = d.route else { panic!("not search") };
    assert_eq!(s.query, "{resource.service.name=\"search-service\" && status=error}");
    assert_eq!(s.limit, DEFAULT_SEARCH_LIMIT);

    // '+' is a space; epoch ms and Grafana names.
    let d = decode("/logs?query=a+b&from=1732000000000&to=1732000600000&direction=forward&timezone=utc");
    let Route::Logs(l) = d.route else { panic!("not logs") };
    assert_eq!(l.query, "a b");
    assert_eq!(l.range, TimeRange::from_absolute(1_732_000_000_000, 1_732_000_600_000));
    assert!(!l.newest_first && l.tz_utc);
    assert!(d.notices.is_empty());
}

#[test]
fn decodes_pages_and_path_variants() {
    for (f, r) in [("", Route::Home), ("#", Route::Home), ("#/", Route::Home), ("/home", Route::Home), ("#/settings", Route::Settings),
        ("settings/", Route::Settings), ("#/SETTINGS?x=1", Route::Settings), ("  #/settings  ", Route::Settings)]
    {
        let d = decode(f);
        assert_eq!(d.route, r, "{f:?}");
        assert!(d.notices.is_empty(), "{f:?}");
    }
    assert_eq!(decode("#/trace?id=4bf92f3577b34da6").route, Route::Trace(TraceState { trace_id: "4bf92f3577b34da6".into(), ..Default::default() }));
    let d = decode("#/d/abc123/my-dashboard?var-env=prod&var-env=dev&refresh=5s");
    let Route::Dashboard(s) = d.route else { panic!("not a dashboard") };
    assert_eq!(s.uid, "abc123");
    assert_eq!(s.vars, vec![("env".to_string(), "prod".to_string()), ("env".to_string(), "dev".to_string())]);
    assert_eq!(s.refresh.as_deref(), Some("5s"));
    // Empty template values mean defaults, silently.
    let d = decode("#/logs?from=&to=&query=&limit=");
    assert_eq!(d.route, Route::Logs(LogsState::default()));
    assert!(d.notices.is_empty());
    // Unknown parameters are ignored; the last of repeated ones wins.
    let d = decode("#/search?foo=bar&limit=5&limit=7&q.A=x");
    assert_eq!(d.route, Route::Search(SearchState { limit: 7, ..Default::default() }));
    assert!(d.notices.is_empty());
}

#[test]
fn bad_values_fall_back_with_notices() {
    let d = decode("#/metrics?from=banana&to=now");
    assert_eq!(d.route, Route::Metrics(MetricsState::default()));
    assert_eq!(d.notices.len(), 1);
    assert!(d.notices[0].starts_with("Ignored from=\"banana\""), "{}", d.notices[0]);

    let d = decode("#/metrics?from=now-2h&to=now-");
    let Route::Metrics(m) = d.route else { panic!() };
    assert_eq!(m.range, range("now-2h", "now"));
    assert!(d.notices[0].starts_with("Ignored to="), "{:?}", d.notices);

    let d = decode("#/metrics?from=now&to=now-1h");
    let Route::Metrics(m) = d.route else { panic!() };
    assert_eq!(m.range, TimeRange::default());
    assert!(d.notices[0].contains("must be before"), "{:?}", d.notices);

    let d = decode("#/metrics?q.A=up&instant.A=maybe&q.=x&min_step=fast&refresh=-1s&tz=mars");
    let Route::Metrics(m) = d.route else { panic!() };
    assert_eq!(m.queries, vec![MetricQuery { ref_id: "A".into(), expr: "up".into(), ..Default::default() }]);
    assert_eq!((m.min_step, m.refresh, m.tz_utc), (None, None, false));
    assert_eq!(d.notices.len(), 5, "{:?}", d.notices);
    for key in ["instant.A", "q.", "min_step", "refresh", "tz"] {
        assert!(d.notices.iter().any(|n| n.contains(key)), "{key}: {:?}", d.notices);
    }

    let d = decode("#/logs?limit=abc&order=sideways&line=yesterday");
    assert_eq!(d.route, Route::Logs(LogsState::default()));
    assert_eq!(d.notices.len(), 3, "{:?}", d.notices);
    let d = decode("#/logs?limit=0");
    assert_eq!(d.route, Route::Logs(LogsState { limit: 1, ..Default::default() }));
    assert_eq!(d.notices, vec!["limit=0 raised to 1.".to_string()]);
    let d = decode("#/logs?limit=500000");
    assert_eq!(d.route, Route::Logs(LogsState { limit: MAX_LOG_LIMIT, ..Default::default() }));
    assert!(d.notices[0].contains("lowered to 100000"));
    let d = decode("#/logs?limit=99999999999999999999999999");
    assert_eq!(d.route, Route::Logs(LogsState { limit: MAX_LOG_LIMIT, ..Default::default() }));
    let d = decode("#/search?limit=-3");
    assert_eq!(d.route, Route::Search(SearchState::default()));
    assert_eq!(d.notices.len(), 1);

    let d = decode("#/trace/not-a-trace?span=xyz");
    assert_eq!(d.route, Route::Trace(TraceState::default()));
    assert!(d.notices[0].contains("Ignored trace ID \"not-a-trace\""), "{:?}", d.notices);
    assert!(d.notices[1].contains("span"), "{:?}", d.notices);

    let d = decode("#/explore?left=%7B%7D");
    assert_eq!(d.route, Route::Home);
    assert!(d.notices[0].contains("Unknown page \"/explore\""), "{:?}", d.notices);
}

#[test]
fn notices_are_bounded_and_quote_safely() {
    let frag = format!("#/metrics?{}", (0..500).map(|i| format!("instant.Q{i}=bad")).collect::<Vec<_>>().join("&"));
    let d = decode(&frag);
    assert!(d.notices.len() <= 11, "{}", d.notices.len());
    assert!(d.notices.last().is_some_and(|n| n.contains("more problems")));
    let Route::Metrics(m) = d.route else { panic!() };
    assert_eq!(m.queries.len(), 26);
    let long = "x".repeat(5000);
    let d = decode(&format!("#/trace/{long}%0A"));
    assert!(d.notices[0].chars().count() < 200, "{}", d.notices[0]);
    assert!(!d.notices[0].contains('\n'));
}

#[test]
fn malformed_and_huge_input_never_panics() {
    let samples = [
        "%", "%%", "%E9", "#/metrics?%", "#/metrics?q.%FF=%FF%FE", "#/trace/%", "#/trace/%F0%9F%98", "?", "??&&==",
        "#/logs?from=now-99999999999999999999y", "#/logs?from=now-9223372036854775807y&to=now+9223372036854775807y",
        "#/logs?limit=%00", "#/metrics?q.\u{1F600}=\u{1F600}", "////", "#/d", "#/dashboard//x", "#/metrics?tz=%E2",
        "#/search?from=-9223372036854775808&to=9223372036854775807", "#\u{0}/\u{0}?\u{0}=\u{0}",
    ];
    for s in samples {
        let d = decode(s);
        let _ = encode(&d.route);
    }
    // Deterministic pseudo-random fragments built from structural characters.
    let alphabet: Vec<char> = "/?&=#%+.-_ab1AFz9{}\"|é😀 trace metrics logs search from to q.A limit now-1h/d".chars().collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..2000 {
        let mut s = String::from("#/");
        for _ in 0..(x % 60) {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s.push(alphabet[(x >> 33) as usize % alphabet.len()]);
        }
        let d = decode(&s);
        // Whatever was decoded encodes and decodes to itself.
        let again = decode(&encode(&d.route));
        assert_eq!(again.route, d.route, "{s}");
    }
    let huge = format!("#/logs?query={}&from={}", "%41".repeat(300_000), "9".repeat(100_000));
    let d = decode(&huge);
    let Route::Logs(l) = d.route else { panic!() };
    assert_eq!(l.query.len(), 300_000);
    assert_eq!(d.notices.len(), 1);
}

#[test]
fn absolute_and_local_times_survive_the_url() {
    let r = TimeRange { from: TimeExpr::parse("2024-01-02").unwrap(), to: TimeExpr::parse("2024-01-02T10:00:00+02:00").unwrap() };
    let s = SearchState { range: r.clone(), ..Default::default() };
    let frag = encode(&Route::Search(s));
    assert_eq!(frag, "/search?from=2024-01-02%2000:00:00&to=1704182400000");
    assert_eq!(decode(&frag).route, Route::Search(SearchState { range: r, ..Default::default() }));
}

#[test]
fn metrics_chart_options_round_trip_and_defaults_stay_out_of_the_url() {
    for st in ["points", "bars", "stacked"] {
        round_trip(Route::Metrics(MetricsState { style: Some(st.into()), ..Default::default() }));
    }
    for u in crate::view::units::Unit::ALL {
        round_trip(Route::Metrics(MetricsState { unit: Some(u.id().into()), log_scale: true, ..Default::default() }));
    }
    assert_eq!(encode(&Route::Metrics(MetricsState::default())), "/metrics");
    // `lines` is the default style: never written, and read back as None.
    assert_eq!(encode(&Route::Metrics(MetricsState { style: Some("lines".into()), ..Default::default() })), "/metrics");
    let d = decode("/metrics?style=lines&log=0");
    assert_eq!(d.route, Route::Metrics(MetricsState::default()));
    assert!(d.notices.is_empty());
    let s = MetricsState { style: Some("bars".into()), unit: Some("s".into()), log_scale: true, ..Default::default() };
    let url = encode(&Route::Metrics(s));
    assert!(url.contains("style=bars") && url.contains("log=1"), "{url}");
}

#[test]
fn bad_metrics_chart_options_fall_back_with_notices() {
    let d = decode("/metrics?style=spaghetti&unit=furlongs&log=maybe&q.A=up");
    let Route::Metrics(s) = &d.route else { panic!("not metrics: {:?}", d.route) };
    assert_eq!((s.style.as_deref(), s.unit.as_deref(), s.log_scale), (None, None, false));
    assert_eq!(s.queries.first().map(|q| q.expr.as_str()), Some("up"));
    assert_eq!(d.notices.len(), 3, "{:?}", d.notices);
    assert!(d.notices.iter().any(|n| n.contains("style=\"spaghetti\"")));
    assert!(d.notices.iter().any(|n| n.contains("unit=\"furlongs\"")));
}

#[test]
fn exemplars_are_on_unless_the_link_turns_them_off() {
    assert!(MetricsState::default().exemplars);
    let off = MetricsState { exemplars: false, ..Default::default() };
    assert_eq!(encode(&Route::Metrics(off.clone())), "/metrics?exemplars=0");
    assert_eq!(decode("/metrics?exemplars=0").route, Route::Metrics(off));
    let d = decode("/metrics?exemplars=sometimes");
    assert_eq!(d.route, Route::Metrics(MetricsState::default()));
    assert_eq!(d.notices.len(), 1, "{:?}", d.notices);
}

#[test]
fn metrics_visualisation_round_trips_and_graph_is_the_default() {
    for v in ["stat", "table", "heatmap"] {
        round_trip(Route::Metrics(MetricsState { viz: Some(v.into()), ..Default::default() }));
        let url = encode(&Route::Metrics(MetricsState { viz: Some(v.into()), ..Default::default() }));
        assert_eq!(url, format!("/metrics?viz={v}"));
    }
    assert_eq!(encode(&Route::Metrics(MetricsState { viz: Some("graph".into()), ..Default::default() })), "/metrics");
    let d = decode("/metrics?viz=graph&exemplars=1");
    assert_eq!(d.route, Route::Metrics(MetricsState::default()));
    assert!(d.notices.is_empty());
    let d = decode("/metrics?viz=HEATMAP");
    let Route::Metrics(s) = &d.route else { panic!("not metrics") };
    assert_eq!(s.viz.as_deref(), Some("heatmap"));
    let d = decode("/metrics?viz=pie&q.A=up");
    let Route::Metrics(s) = &d.route else { panic!("not metrics") };
    assert_eq!(s.viz, None);
    assert_eq!(d.notices, vec!["Ignored viz=\"pie\": use graph, stat, table or heatmap.".to_string()]);
}

#[test]
fn a_regex_quick_filter_keeps_its_mode_in_the_link() {
    let s = LogsState { filter: "^err(or)?\\s".into(), filter_regex: true, ..Default::default() };
    let url = encode(&Route::Logs(s.clone()));
    assert!(url.contains("filter_mode=regex"), "{url}");
    assert_eq!(decode(&url).route, Route::Logs(s));
    // Text mode is the default and stays out of the link; `text` is accepted, anything else is a notice.
    assert!(!encode(&Route::Logs(LogsState { filter: "x".into(), ..Default::default() })).contains("filter_mode"));
    let d = decode("/logs?filter=x&filter_mode=text");
    assert_eq!(d.route, Route::Logs(LogsState { filter: "x".into(), ..Default::default() }));
    assert!(d.notices.is_empty());
    let d = decode("/logs?filter=x&filter_mode=glob");
    let Route::Logs(s) = &d.route else { panic!("not logs") };
    assert!(!s.filter_regex);
    assert_eq!(d.notices, vec!["Ignored filter_mode=\"glob\": use regex or text.".to_string()]);
}

#[test]
fn kiosk_and_single_panel_view_round_trip_and_read_grafana_links() {
    let s = DashboardState { uid: "ops".into(), kiosk: true, view: Some("7".into()), ..Default::default() };
    let url = encode(&Route::Dashboard(s.clone()));
    assert_eq!(url, "/dashboard/ops?view=7&kiosk=1");
    assert_eq!(decode(&url).route, Route::Dashboard(s));
    // Grafana's forms: a bare `kiosk` and `viewPanel`.
    let d = decode("/dashboard/ops?kiosk&viewPanel=12");
    let Route::Dashboard(s) = &d.route else { panic!("not a dashboard") };
    assert!(s.kiosk && s.view.as_deref() == Some("12"));
    assert!(d.notices.is_empty());
    let d = decode("/dashboard/ops?kiosk=tv");
    let Route::Dashboard(s) = &d.route else { panic!("not a dashboard") };
    assert!(!s.kiosk);
    assert_eq!(d.notices, vec!["Ignored kiosk=\"tv\": use 1 or 0.".to_string()]);
    assert_eq!(encode(&Route::Dashboard(DashboardState { uid: "ops".into(), ..Default::default() })), "/dashboard/ops");
}

#[test]
fn the_dashboards_list_answers_to_both_names() {
    for link in ["#/dashboard", "#/dashboards", "#/dashboards/", "/dashboards?from=now-6h&to=now"] {
        let d = decode(link);
        let Route::Dashboard(s) = &d.route else { panic!("{link}: not the dashboards page: {:?}", d.route) };
        assert!(s.uid.is_empty(), "{link}: the list, not a dashboard");
        assert!(d.notices.is_empty(), "{link}: {:?}", d.notices);
    }
    let d = decode("#/dashboards/ops");
    assert!(matches!(&d.route, Route::Dashboard(s) if s.uid == "ops"));
    // Links are written in one form.
    assert_eq!(encode(&decode("#/dashboards").route), "/dashboard");
}

#[test]
fn compare_links() {
    let a = "6575de447380ec933e5135e5d844e736";
    let b = "4bf92f3577b34da6";
    let both = CompareState { a: a.into(), b: b.into(), source: String::new() };
    assert_eq!(encode(&Route::Compare(both.clone())), format!("/compare/{a}/{b}"));
    round_trip(Route::Compare(both.clone()));
    // Both from a named datasource: it stays in the link.
    let named = CompareState { source: "Jaeger staging".into(), ..both.clone() };
    assert_eq!(encode(&Route::Compare(named.clone())), format!("/compare/{a}/{b}?ds=Jaeger%20staging"));
    round_trip(Route::Compare(named));
    round_trip(Route::Compare(CompareState { a: a.into(), ..CompareState::default() }));
    round_trip(Route::Compare(CompareState { b: b.into(), ..CompareState::default() }));
    round_trip(Route::Compare(CompareState::default()));
    assert_eq!(encode(&Route::Compare(CompareState { b: b.into(), ..CompareState::default() })), format!("/compare/-/{b}"));
    // Jaeger UI writes both IDs in one segment.
    assert_eq!(decode(&format!("#/compare/{a}...{b}")).route, Route::Compare(both));
    // A bad ID is dropped, with a notice; the other stays.
    let d = decode(&format!("#/compare/not-hex/{b}"));
    assert_eq!(d.route, Route::Compare(CompareState { b: b.into(), ..CompareState::default() }));
    assert_eq!(d.notices, vec!["Ignored trace ID A \"not-hex\": use 16 or 32 hex digits.".to_string()]);
    // Compare has no time range: the time shortcuts leave it alone.
    assert!(Route::Compare(CompareState::default()).range().is_none());
}

#[test]
fn correlate_links() {
    let id = "6575de447380ec933e5135e5d844e736";
    let s = CorrelateState { trace_id: id.into(), ..CorrelateState::default() };
    assert_eq!(encode(&Route::Correlate(s.clone())), format!("/correlate/{id}"));
    round_trip(Route::Correlate(s));
    round_trip(Route::Correlate(CorrelateState::default()));
    // A stored snapshot: its uid alone (the state is in the file).
    let snap = CorrelateState::of_snapshot("snapshot-correlate-ab12");
    assert_eq!(encode(&Route::Correlate(snap.clone())), "/correlate?snap=snapshot-correlate-ab12");
    round_trip(Route::Correlate(snap.clone()));
    assert_eq!(decode("/correlate/ab12?snap=snapshot-correlate-ab12&sel=1,2").route, Route::Correlate(snap));
    let d = decode("#/correlate/zz-not-hex");
    assert_eq!(d.route, Route::Correlate(CorrelateState::default()));
    assert_eq!(d.notices, vec!["Ignored trace ID \"zz-not-hex\": use 16 or 32 hex digits.".to_string()]);
    assert!(Route::Correlate(CorrelateState::default()).range().is_none());
}

#[test]
fn correlate_window_links() {
    // The window form: range, service, a selection, lines without a trace ID hidden, a datasource.
    let s = CorrelateState { selection: Some((1_700_000_060_000, 1_700_000_120_000)), untraced: false, source: "logs b".into(), ..CorrelateState::window("search-service", 1_700_000_000_000, 1_700_000_600_000) };
    assert_eq!(
        encode(&Route::Correlate(s.clone())),
        "/correlate?from=1700000000000&to=1700000600000&service=search-service&sel=1700000060000,1700000120000&untraced=0&ds=logs%20b"
    );
    round_trip(Route::Correlate(s.clone()));
    assert!(s.is_window());
    // Relative ranges and the defaults (lines without a trace ID shown) stay out of the link.
    let d = decode("#/correlate?from=now-15m&to=now&service=a%22b");
    let Route::Correlate(w) = &d.route else { panic!("{:?}", d.route) };
    assert_eq!((w.service.as_str(), w.range.label(), w.untraced, w.selection), ("a\"b", TimeRange::parse("now-15m", "now").unwrap().label(), true, None));
    round_trip(d.route.clone());
    // A trace's workspace keeps its selection and datasource; a reversed selection is ordered.
    let t = decode("#/correlate/6575de447380ec933e5135e5d844e736?sel=20,10&service=api&ds=jaeger2");
    let want = CorrelateState { trace_id: "6575de447380ec933e5135e5d844e736".into(), selection: Some((10, 20)), service: "api".into(), source: "jaeger2".into(), ..CorrelateState::default() };
    assert_eq!(t.route, Route::Correlate(want.clone()));
    round_trip(Route::Correlate(want));
    assert!(t.notices.is_empty());
    assert_eq!(CorrelateState::href("6575de447380ec933e5135e5d844e736"), "#/correlate/6575de447380ec933e5135e5d844e736");
    // Malformed selections and flags: dropped with a notice each, the rest kept.
    for bad in ["sel=10", "sel=a,b", "sel=5,5", "untraced=maybe"] {
        let d = decode(&format!("#/correlate?service=s&{bad}"));
        let Route::Correlate(w) = &d.route else { panic!() };
        assert_eq!((w.service.as_str(), w.selection, w.untraced), ("s", None, true), "{bad}");
        assert_eq!(d.notices.len(), 1, "{bad}: {:?}", d.notices);
    }
}

#[test]
fn the_alerts_page_keeps_tab_states_and_filter() {
    use crate::telemetry::alerts::AlertState;
    use crate::url_state::{AlertsState, AlertsTab};
    let d = decode("#/alerts?tab=rules&state=pending,firing,firing&q=service%3D%22q%C3%BCdrant%22");
    let want = AlertsState { tab: AlertsTab::Rules, states: vec![AlertState::Firing, AlertState::Pending], filter: "service=\"qüdrant\"".into() };
    assert_eq!((d.route.clone(), d.notices.len()), (Route::Alerts(want), 0));
    assert_eq!(decode(&encode(&d.route)).route, d.route);
    assert_eq!(encode(&Route::Alerts(AlertsState::default())), "/alerts");
    let bad = decode("#/alerts?tab=nope&state=burning");
    assert_eq!(bad.route, Route::Alerts(AlertsState::default()));
    assert_eq!(bad.notices.len(), 2);
}

#[test]
fn service_map_links() {
    use crate::url_state::ServicesState;
    assert_eq!(encode(&Route::Services(ServicesState::default())), "/services");
    let s = ServicesState { range: range("now-15m", "now"), focus: "search service \"x\"".into(), depth: 3, search: AWKWARD.into() };
    round_trip(Route::Services(s.clone()));
    assert!(encode(&Route::Services(s)).contains("depth=3"));
    let d = decode("#/services?depth=99&focus=%20api%20");
    assert_eq!(d.route, Route::Services(ServicesState { focus: "api".into(), ..ServicesState::default() }));
    assert_eq!(d.notices, vec!["Ignored depth: use 0 to 20 hops.".to_string()]);
    assert_eq!(MAX_SERVICE_DEPTH, 20, "the notice names the largest depth");
    assert_eq!(decode("#/services?depth=abc").notices.len(), 1);
}

#[test]
fn the_logs_patterns_choice_round_trips() {
    let s = LogsState { pattern: Some("GET <_> took <_> ms & more".into()), hidden_patterns: vec!["a <_>".into(), "b=<_>".into()], ..LogsState::default() };
    let frag = encode(&Route::Logs(s.clone()));
    assert_eq!(frag, "/logs?pattern=GET%20%3C_%3E%20took%20%3C_%3E%20ms%20%26%20more&hide=a%20%3C_%3E&hide=b%3D%3C_%3E");
    round_trip(Route::Logs(s));
    // Repeats and blanks dropped; none by default.
    let d = decode("#/logs?hide=x&hide=&hide=x&hide=y&pattern=");
    let Route::Logs(l) = d.route else { panic!() };
    assert_eq!((l.pattern, l.hidden_patterns), (None, vec!["x".to_string(), "y".to_string()]));
    assert_eq!(encode(&Route::Logs(LogsState::default())), "/logs");
}
