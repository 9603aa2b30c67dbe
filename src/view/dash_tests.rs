//! Tests of the dashboard page logic.

use super::*;
use crate::dashboard::{GridPos, Variable};

fn dash() -> Dashboard {
    Dashboard {
        uid: "x".into(),
        variables: vec![
            Variable {
                name: "service".into(),
                kind: VariableKind::Custom { values: vec!["a".into(), "b".into(), "c".into()] },
                current: vec!["a".into()],
                multi: true,
                include_all: true,
                ..Variable::default()
            },
            Variable { name: "env".into(), kind: VariableKind::Custom { values: vec!["p".into(), "q".into()] }, current: vec!["p".into()], ..Variable::default() },
            Variable { name: "k".into(), kind: VariableKind::Constant { value: "K".into() }, current: vec!["K".into()], ..Variable::default() },
            Variable { name: "t".into(), kind: VariableKind::TextBox { value: "old".into() }, current: vec!["old".into()], ..Variable::default() },
        ],
        ..Dashboard::default()
    }
}

#[test]
fn url_vars_override_selections() {
    let mut d = dash();
    let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    let unknown = apply_url_vars(&mut d, &pairs(&[("service", "b"), ("service", "c"), ("env", "q"), ("env", "p"), ("k", "X"), ("t", "new"), ("nope", "1")]));
    assert_eq!(unknown, vec!["nope"]);
    assert_eq!(d.variables[0].current, vec!["b", "c"]);
    // Single-value: the first pair wins.
    assert_eq!(d.variables[1].current, vec!["q"]);
    // Constants are not set from links.
    assert_eq!(d.variables[2].current, vec!["K"]);
    assert_eq!(d.variables[3].current, vec!["new"]);
    assert_eq!(d.variables[3].kind, VariableKind::TextBox { value: "new".into() });
    assert_eq!(url_vars(&d), pairs(&[("service", "b"), ("service", "c"), ("env", "q"), ("t", "new")]));
}

#[test]
fn select_all_and_single() {
    let mut d = dash();
    select(&mut d, "service", vec!["a".into(), ALL_VALUE.into()]);
    assert_eq!(d.variables[0].current, vec![ALL_VALUE]);
    select(&mut d, "service", vec![]);
    assert_eq!(d.variables[0].current, vec![ALL_VALUE]);
    select(&mut d, "env", vec!["q".into(), "p".into()]);
    assert_eq!(d.variables[1].current, vec!["q"]);
    select(&mut d, "missing", vec!["z".into()]);
}

#[test]
fn range_from_url_or_dashboard() {
    let url = TimeRange::default();
    let t = DashboardTime { from: "now-6h".into(), to: "now".into() };
    assert_eq!(effective_range(&t, &url, false), TimeRange::parse("now-6h", "now").unwrap());
    assert_eq!(effective_range(&t, &url, true), url);
    let bad = DashboardTime { from: "yesterday-ish".into(), to: "now".into() };
    assert_eq!(effective_range(&bad, &url, false), url);
    assert!(fragment_has_range("#/dashboard/x?from=now-2h&to=now"));
    assert!(fragment_has_range("#/dashboard/x?var-a=1&to=now"));
    assert!(!fragment_has_range("#/dashboard/x?var-from=1"));
    assert!(!fragment_has_range("#/dashboard/x"));
}

#[test]
fn step_follows_width_min_interval_and_factor() {
    let mut p = Panel::default();
    let mut q = PanelQuery::new("A", DatasourceKind::Prometheus, "up");
    assert_eq!(panel_step(3_600_000, 600, &p, &q), 10_000);
    q.min_interval = Some("1m".into());
    assert_eq!(panel_step(3_600_000, 600, &p, &q), 60_000);
    q.min_interval = Some("$interval".into());
    p.options.min_interval = Some("30s".into());
    assert_eq!(panel_step(3_600_000, 600, &p, &q), 30_000);
    q.interval_factor = 2;
    assert_eq!(panel_step(3_600_000, 600, &p, &q), 60_000);
    // Width 0 is treated as a narrow panel, not a division by zero.
    assert!(panel_step(3_600_000, 0, &Panel::default(), &PanelQuery::new("A", DatasourceKind::Prometheus, "up")) >= 60_000);
}

#[test]
fn import_detects_the_format() {
    let own = crate::dashboard::to_json(&Dashboard { uid: "mine".into(), ..Dashboard::default() });
    assert!(matches!(import_any(&own), Ok(Imported::Trifocal(d, _)) if d.uid == "mine"));
    let grafana = include_str!("../../tests/fixtures/grafana/node-exporter-full.json");
    match import_any(grafana) {
        Ok(Imported::Grafana(i)) => assert!(i.dashboard.all_panels().len() > 20),
        other => panic!("not read as Grafana: {other:?}"),
    }
    // Perses: kind Dashboard with a spec and no top-level schemaVersion (Trifocal's own file has one; the
    // Grafana v1 resource has an apiVersion of dashboard.grafana.app).
    let perses = include_str!("../../tests/fixtures/perses/node-exporter-overview.json");
    match import_any(perses) {
        Ok(Imported::Perses(i)) => assert_eq!(i.dashboard.uid, "node-exporter-nodes"),
        other => panic!("not read as Perses: {other:?}"),
    }
    assert!(own.contains("\"kind\": \"Dashboard\"") && own.contains("\"schemaVersion\": 2"), "{own}");
    let resource = serde_json::json!({"apiVersion": "dashboard.grafana.app/v1beta1", "kind": "Dashboard",
        "metadata": {"name": "res"}, "spec": {"title": "R", "panels": [], "schemaVersion": 41}});
    assert!(matches!(import_any(&resource.to_string()), Ok(Imported::Grafana(i)) if i.dashboard.uid == "res"));
    let broken = serde_json::json!({"kind": "Dashboard", "spec": {"panels": []}});
    assert_eq!(import_any(&broken.to_string()).unwrap_err(), "spec.panels must be an object, not an array.");
    let snap = crate::dashboard::snapshot_to_json(&Snapshot::new(Dashboard { uid: "s".into(), ..Dashboard::default() }, 5, 1, 2, vec![]));
    assert!(matches!(import_any(&snap), Ok(Imported::Snapshot(s, _)) if s.dashboard.uid == "s"));
    assert!(import_any("").unwrap_err().contains("empty"));
    assert!(import_any("{\"title\": ").unwrap_err().contains("not valid JSON"));
    assert!(import_any("[1,2]").unwrap_err().contains("object"));
    assert!(import_any(r#"{"schemaVersion": 1, "uid": "x", "panels": [{"id": 1, "kind": "nope"}]}"#).is_err());
}

#[test]
fn new_and_duplicated_panels_find_free_room() {
    let mut d = Dashboard { uid: "x".into(), ..Dashboard::default() };
    let p = new_panel(&d, PanelKind::TimeSeries, "Rate", "rate(x[5m])");
    assert_eq!((p.id, p.grid_pos), (1, GridPos { x: 0, y: 0, w: 12, h: 8 }));
    assert_eq!(p.queries[0].expr, "rate(x[5m])");
    d.panels.push(p);
    let t = new_panel(&d, PanelKind::Table, "T", "sum(x)");
    assert_eq!((t.id, t.grid_pos.x, t.grid_pos.y), (2, 12, 0));
    assert!(t.queries[0].instant);
    let l = new_panel(&d, PanelKind::Logs, "L", "{a=\"b\"}");
    assert_eq!(l.queries[0].datasource, DatasourceKind::Loki);
    let txt = new_panel(&d, PanelKind::Text, "Note", "# Hi");
    assert!(txt.queries.is_empty());
    assert_eq!(txt.options.content, "# Hi");
    let c = duplicate_panel(&d, 1).unwrap();
    assert_eq!((c.id, c.grid_pos.x), (2, 12));
    assert!(duplicate_panel(&d, 9).is_none());
    d.panels.push(c);
    assert_eq!(crate::dashboard::check(&d), Ok(()));
}

#[test]
fn explore_routes_per_datasource() {
    let r = TimeRange::default();
    assert!(matches!(explore_route(DatasourceKind::Prometheus, "", "up", "{{job}}", false, &r), Route::Metrics(s) if s.queries[0].expr == "up" && s.queries[0].legend == "{{job}}"));
    assert!(matches!(explore_route(DatasourceKind::Loki, "", "{a=\"b\"}", "", false, &r), Route::Logs(s) if s.query == "{a=\"b\"}"));
    assert!(matches!(explore_route(DatasourceKind::Tempo, "", "{}", "", false, &r), Route::Search(s) if s.query == "{}"));
    // A trace ID opens the trace.
    assert!(matches!(explore_route(DatasourceKind::Tempo, "", " 4BF92F3577B34DA6A3CE929D0E0E4736 ", "", false, &r),
        Route::Trace(s) if s.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"));
    // A query of a named datasource opens Explore on that datasource.
    assert!(matches!(explore_route(DatasourceKind::Prometheus, "Prom staging", "up", "", false, &r), Route::Metrics(s) if s.source == "Prom staging"));
    assert!(matches!(explore_route(DatasourceKind::Loki, "VL", "*", "", false, &r), Route::Logs(s) if s.source == "VL"));
    assert!(matches!(explore_route(DatasourceKind::Tempo, "J", "{}", "", false, &r), Route::Search(s) if s.source == "J"));
    assert!(matches!(explore_route(DatasourceKind::Tempo, "J", "4bf92f3577b34da6", "", false, &r), Route::Trace(s) if s.source == "J"));
}

#[test]
fn a_traces_query_that_is_a_trace_id() {
    assert_eq!(trace_id_query("4bf92f3577b34da6").map(|t| t.to_hex()).as_deref(), Some("00000000000000004bf92f3577b34da6"));
    assert!(trace_id_query("  4bf92f3577b34da6a3ce929d0e0e4736\n").is_some());
    // Not one: TraceQL, Jaeger terms, short hex (a search for "abc" must stay a search), 17 digits, non-hex.
    for q in ["{}", "service=api", "abc", "deadbeef", "4bf92f3577b34da6a", "4bf92f3577b34da6a3ce929d0e0e473g", ""] {
        assert_eq!(trace_id_query(q), None, "{q}");
    }
}

#[test]
fn hrefs_only_http_and_relative() {
    assert_eq!(safe_href("https://x.org/a").as_deref(), Some("https://x.org/a"));
    assert_eq!(safe_href("#/metrics?q=1").as_deref(), Some("#/metrics?q=1"));
    assert_eq!(safe_href("docs/a.html").as_deref(), Some("docs/a.html"));
    assert_eq!(safe_href("/a:b").as_deref(), Some("/a:b"));
    assert_eq!(safe_href("javascript:alert(1)"), None);
    assert_eq!(safe_href(" JaVaScRiPt:alert(1)"), None);
    assert_eq!(safe_href("data:text/html,<script>"), None);
    assert_eq!(safe_href("java\nscript:x"), None);
    assert_eq!(safe_href(""), None);
}

#[test]
fn markdown_blocks_and_inlines() {
    let md = "# Title **big**\n\nSome *soft* text\nwith `code` and [a link](https://x.org) and [bad](javascript:alert(1)).\n\n- one\n- two <b>\n\n```\n<script>x</script>\n```\ntrailing";
    let b = markdown_blocks(md);
    assert_eq!(b[0], TextBlock::Heading(1, vec![Inline::Text("Title ".into()), Inline::Strong("big".into())]));
    let TextBlock::Paragraph(p) = &b[1] else { panic!("{:?}", b[1]) };
    assert!(p.contains(&Inline::Emphasis("soft".into())));
    assert!(p.contains(&Inline::Code("code".into())));
    assert!(p.contains(&Inline::Link { text: "a link".into(), href: "https://x.org".into() }));
    assert!(p.contains(&Inline::Text("bad".into())));
    assert!(!p.iter().any(|i| matches!(i, Inline::Link { href, .. } if href.contains("javascript"))));
    assert_eq!(b[2], TextBlock::List(vec![vec![Inline::Text("one".into())], vec![Inline::Text("two <b>".into())]]));
    assert_eq!(b[3], TextBlock::Code("<script>x</script>".into()));
    assert_eq!(b[4], TextBlock::Paragraph(vec![Inline::Text("trailing".into())]));
}

#[test]
fn markdown_never_panics_on_odd_input() {
    for s in ["**", "*", "`", "[", "[a](", "[a](b", "#", "####### x", "é*é*", "```", "- ", "**a", "_ a _", "\u{1F600}**\u{1F600}**"] {
        let _ = markdown_blocks(s);
    }
    assert_eq!(markdown_blocks("####### x"), vec![TextBlock::Paragraph(vec![Inline::Text("####### x".into())])]);
    assert_eq!(inlines("a * b * c"), vec![Inline::Text("a * b * c".into())]);
}

#[test]
fn traceql_becomes_jaeger_terms() {
    let ok = |q: &str| traceql_to_terms(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    assert_eq!(ok(r#"{resource.service.name="search-service" && status=error}"#), "service=search-service error=true");
    assert_eq!(ok(r#"{ name = "GET /x" }"#), r#"operation="GET /x""#);
    assert_eq!(ok(r#"{name="op" && duration>100ms && span.http.route="/a"}"#), "operation=op minDuration=100ms http.route=/a");
    assert!(traceql_to_terms(r#"{.a="1" || .b="2"}"#).unwrap_err().contains("||"));
    assert!(traceql_to_terms(r#"{status!=ok}"#).is_err());
    assert_eq!(ok(" service=x error=true "), "service=x error=true");
    assert_eq!(ok("{}"), "");
}

#[test]
fn the_shipped_demo_dashboard_is_valid_and_listed() {
    let (d, notices) = parse_dashboard(include_str!("../../assets/dashboards/trifocal-demo.json")).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(d.uid, "trifocal-demo");
    let kinds: Vec<PanelKind> = d.all_panels().iter().map(|p| p.kind).collect();
    for k in [PanelKind::TimeSeries, PanelKind::Stat, PanelKind::Table, PanelKind::Logs, PanelKind::Traces, PanelKind::Text, PanelKind::Row] {
        assert!(kinds.contains(&k), "no {k:?} panel");
    }
    let service = d.variable("service").unwrap();
    assert!(matches!(&service.kind, VariableKind::Query { query, .. } if query == "label_values(http_server_requests_total, service_name)"));
    let index = crate::view::library::parse_shipped_index(include_str!("../../assets/dashboards/index.json")).unwrap();
    assert!(index.iter().any(|e| e.uid == d.uid && e.file() == Some("trifocal-demo.json")));
    // Every query interpolates completely with the variables resolved.
    let vars = vec![("service".to_string(), vec![".*".to_string()]), ("quantile".to_string(), vec!["0.95".to_string()])];
    let b = crate::dashboard::Builtins::new(0, 3_600_000, 15_000, None);
    for p in d.all_panels() {
        for q in &p.queries {
            let e = crate::dashboard::interpolate(&q.expr, &vars, &b);
            assert!(!e.contains('$'), "{e}");
        }
    }
}

#[test]
fn queries_are_added_with_the_next_free_ref_id_and_removed() {
    let d = dash();
    let mut p = new_panel(&d, PanelKind::TimeSeries, "t", "up");
    assert_eq!(p.queries.iter().map(|q| q.ref_id.as_str()).collect::<Vec<_>>(), vec!["A"]);
    assert_eq!(add_query(&mut p), Some(1));
    assert_eq!(add_query(&mut p), Some(2));
    assert_eq!(p.queries.iter().map(|q| q.ref_id.as_str()).collect::<Vec<_>>(), vec!["A", "B", "C"]);
    assert!(p.queries.iter().all(|q| q.datasource == DatasourceKind::Prometheus && q.interval_factor == 1));
    // Removing B keeps C's id; the next one added takes the free B.
    assert!(remove_query(&mut p, 1));
    assert!(!remove_query(&mut p, 5));
    assert_eq!(add_query(&mut p), Some(2));
    assert_eq!(p.queries.iter().map(|q| q.ref_id.as_str()).collect::<Vec<_>>(), vec!["A", "C", "B"]);
    // A new query uses the datasource of the last one; a panel with none gets its kind's default.
    p.queries[2].datasource = DatasourceKind::Loki;
    add_query(&mut p);
    assert_eq!(p.queries[3].datasource, DatasourceKind::Loki);
    let mut logs = new_panel(&d, PanelKind::Logs, "l", "");
    logs.queries.clear();
    add_query(&mut logs);
    assert_eq!(logs.queries[0].datasource, DatasourceKind::Loki);
    // Up to the schema's limit (A … Z), and the panel stays valid; past Z the names go on as Grafana's do.
    let mut many = new_panel(&d, PanelKind::TimeSeries, "m", "up");
    while add_query(&mut many).is_some() {}
    assert_eq!(many.queries.len(), MAX_QUERIES);
    assert_eq!(many.queries.last().map(|q| q.ref_id.as_str()), Some("Z"));
    let mut with = d.clone();
    with.panels.push(many.clone());
    assert_eq!(crate::dashboard::check(&with), Ok(()));
    many.queries.remove(0);
    many.queries.push(PanelQuery::new("AA", DatasourceKind::Prometheus, "up"));
    assert_eq!(next_ref_id(&many.queries), "A");
    many.queries.insert(0, PanelQuery::new("A", DatasourceKind::Prometheus, "up"));
    assert_eq!(next_ref_id(&many.queries), "AB");
    assert_eq!(ref_id_name(26), "AA");
    assert_eq!(ref_id_name(701), "ZZ");
    assert_eq!(ref_id_name(702), "AAA");
}

#[test]
fn a_shipped_file_is_a_dashboard_or_a_snapshot() {
    let d = dash();
    let text = crate::dashboard::to_json(&d);
    assert_eq!(read_shipped_file("x.json", &text), Ok(ShippedFile::Dashboard(d.clone())));
    let snap = Snapshot::new(d.clone(), 1_700_000_000_000, 1_699_999_000_000, 1_700_000_000_000, Vec::new());
    let text = crate::dashboard::snapshot_to_json(&snap);
    match read_shipped_file("x-snap.json", &text) {
        Ok(ShippedFile::Snapshot(s)) => assert_eq!((s.dashboard.uid.as_str(), s.from_ms), ("x", 1_699_999_000_000)),
        other => panic!("not read as a snapshot: {other:?}"),
    }
    let e = read_shipped_file("bad.json", r#"{"snapshotVersion": 9}"#).unwrap_err();
    assert!(e.starts_with("The shipped snapshot bad.json is invalid: snapshotVersion is 9"), "{e}");
    let e = read_shipped_file("bad.json", "{").unwrap_err();
    assert!(e.starts_with("The shipped dashboard bad.json is invalid"), "{e}");
}

#[test]
fn a_panel_query_is_edited_in_its_datasources_language() {
    let loki = crate::datasource::Datasources::default();
    assert_eq!(query_lang(DatasourceKind::Prometheus, &loki), Lang::PromQL);
    assert_eq!(query_lang(DatasourceKind::Loki, &loki), Lang::LogQL);
    assert_eq!(query_lang(DatasourceKind::Tempo, &loki), Lang::TraceQL);
    let vl = crate::datasource::Datasources { logs: crate::datasource::LogsBackend::VictoriaLogs, ..loki };
    assert_eq!(query_lang(DatasourceKind::Loki, &vl), Lang::LogsQL);
    assert!(query_hint(Lang::LogsQL).starts_with("LogsQL"));
}

#[test]
fn a_panel_query_picks_the_default_a_configured_datasource_or_a_datasource_variable() {
    use crate::datasource::sources::{Source, SourceKind};
    use crate::datasource::Datasources;
    let p2 = Source { uid: "p2".into(), name: "Prom 2".into(), kind: SourceKind::Prometheus, url: "/p2".into(), ..Source::default() };
    let vl = Source { uid: "vl".into(), name: "VL".into(), kind: SourceKind::VictoriaLogs, url: "/vl".into(), ..Source::default() };
    let ds = Datasources { sources: vec![p2, vl], ..Datasources::default() };
    let vars = vec![
        ("ds".to_string(), vec!["Prom 2".to_string()]),
        ("job".to_string(), vec!["api".to_string()]),
        ("logs".to_string(), vec!["VL".to_string()]),
    ];
    let got = source_choices(&ds, DatasourceKind::Prometheus, &vars);
    let values: Vec<&str> = got.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(values, vec!["", "Prom 2", "$ds"]);
    assert_eq!(got[0].1, "Prometheus (default)");
    let logs: Vec<String> = source_choices(&ds, DatasourceKind::Loki, &vars).into_iter().map(|(v, _)| v).collect();
    assert_eq!(logs, vec!["".to_string(), "VL".to_string(), "$logs".to_string()]);
}

#[test]
fn a_row_is_renamed_and_nothing_else_is() {
    let mut d = dash();
    let chart = new_panel(&d, PanelKind::TimeSeries, "Rate", "rate(x[5m])");
    d.panels.push(chart);
    let row = new_panel(&d, PanelKind::Row, "Disks", "");
    let row_id = row.id;
    d.panels.push(row);
    assert!(rename_row(&mut d, row_id, "  Disks and filesystems "));
    assert_eq!(d.panel(row_id).map(|p| p.title.as_str()), Some("Disks and filesystems"));
    assert!(!rename_row(&mut d, row_id, "   "), "an empty title is refused");
    assert!(!rename_row(&mut d, row_id, "Disks and filesystems"), "unchanged");
    let panel_id = d.panels[0].id;
    assert!(!rename_row(&mut d, panel_id, "Not a row"));
    assert_eq!(d.panels[0].title, "Rate");
    assert!(!rename_row(&mut d, 999, "x"));
}

#[test]
fn panel_trace_links_ask_the_panels_own_datasource() {
    use crate::datasource::sources::{by_signal, Source, SourceKind};
    use crate::url_state::{decode, CorrelateState};
    let id = TraceId::parse_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap();
    let sources = vec![
        Source { uid: "vl2".into(), name: "Logs b east".into(), kind: SourceKind::VictoriaLogs, url: "/api/victorialogs".into(), ..Source::default() },
        Source { uid: "j2".into(), name: "Jaeger b".into(), kind: SourceKind::Jaeger, url: "/api/jaeger".into(), ..Source::default() },
    ];
    // What the workspace behind a link asks: per signal, the datasource its `ds=` names.
    let asks = |href: &str| {
        let Route::Correlate(s) = decode(href.trim_start_matches('#')).route else { panic!("{href} is not a workspace") };
        assert_eq!(s.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
        by_signal(&sources, &s.source, DatasourceKind::Loki)
    };
    let trace_source = |href: &str| match decode(href.trim_start_matches('#')).route {
        Route::Trace(t) => t.source,
        r => panic!("{r:?}"),
    };
    // A logs panel on a second VictoriaLogs: its lines' workspace reads that datasource's logs, the default traces.
    let (trace, ws) = panel_trace_links(&id, DatasourceKind::Loki, "Logs b east");
    assert_eq!(asks(&ws), vec![(DatasourceKind::Loki, "Logs b east".to_string())]);
    assert_eq!(trace_source(&trace), "");
    // A traces panel on a second Jaeger: the trace view and the workspace fetch the trace from it.
    let (trace, ws) = panel_trace_links(&id, DatasourceKind::Tempo, " Jaeger b ");
    assert_eq!(asks(&ws), vec![(DatasourceKind::Tempo, "Jaeger b".to_string())]);
    assert_eq!(trace_source(&trace), "Jaeger b");
    // The defaults: the links every other entry point writes.
    let (trace, ws) = panel_trace_links(&id, DatasourceKind::Loki, "");
    assert_eq!(ws, CorrelateState::href(&id.to_hex()));
    assert_eq!(trace, "#/trace/4bf92f3577b34da6a3ce929d0e0e4736");
    assert!(asks(&panel_trace_links(&id, DatasourceKind::Prometheus, "p2").1).is_empty());
}
