//! Secrets stay in the browser: the bearer token set under Settings never reaches a link, an exported
//! dashboard, a snapshot, an error message or the crash report — even when a server echoes it back.
//! Built from the real types: the settings' own headers, the recorded fixtures, the shipped dashboard.

use trifocal::backends::{loki, prometheus, ApiError};
use trifocal::dashboard::snapshot::{SnapLog, SnapSeries};
use trifocal::dashboard::{import_grafana, parse_dashboard, parse_snapshot, snapshot_to_json, to_json, PanelData, Snapshot};
use trifocal::datasource::{scrub_failed_body, secrets_of, Datasources};
use trifocal::url_state::{decode, encode};
use trifocal::view::crash::crash_report;

const TOKEN: &str = "glsa_T0k3n+4f9c/2e7b1d==";
const TENANT: &str = "team-secret-tenant";

fn settings() -> Datasources {
    Datasources { bearer_token: TOKEN.into(), tenant: TENANT.into(), ..Datasources::default() }
}

fn fixture(path: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(TOKEN), "{what} contains the token:\n{text}");
    assert!(!text.contains(TENANT), "{what} contains the tenant:\n{text}");
}

/// Bodies a proxy or backend sends back on a failed request, echoing what the request carried.
fn echoing_failures(ds: &Datasources) -> Vec<(u16, &'static str, String)> {
    let auth = format!("Bearer {TOKEN}");
    vec![
        (401, "application/json", format!(r#"{{"status":"error","errorType":"unauthorized","error":"invalid token {auth}"}}"#)),
        (401, "text/plain", format!("authentication failed for header Authorization: {auth}\n")),
        (403, "text/html", format!("<html><head><title>Forbidden: {TOKEN}</title></head><body>{auth}</body></html>")),
        (400, "text/plain", format!("bad request: GET /api/v1/query?access_token={TOKEN} headers={:?}\n", ds.headers())),
        (502, "application/json", format!(r#"{{"message":"upstream said: token={} rejected"}}"#, TOKEN.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D"))),
    ]
}

#[test]
fn the_settings_headers_carry_the_secrets_and_nothing_else_does() {
    let ds = settings();
    let h = ds.headers();
    assert_eq!(h, vec![("X-Scope-OrgID".to_string(), TENANT.to_string()), ("Authorization".to_string(), format!("Bearer {TOKEN}"))]);
    assert_eq!(secrets_of(&h), vec![TENANT.to_string(), format!("Bearer {TOKEN}"), TOKEN.to_string()]);
    // The settings are stored (in this browser) with the token; that is the only serialised form holding it.
    assert!(ds.to_storage_json().contains(TOKEN));
}

#[test]
fn error_messages_from_echoing_servers_never_show_the_token() {
    let ds = settings();
    let h = ds.headers();
    for (status, ct, body) in echoing_failures(&ds) {
        assert!(body.contains(TOKEN) || body.contains("%2B"), "the case must echo the token: {body}");
        let scrubbed = scrub_failed_body(status, body.clone(), &h);
        // Every parser of every backend sees the scrubbed body, as the transport hands it over.
        let errors: Vec<ApiError> = vec![
            prometheus::convert::parse_query(status, ct, &scrubbed).unwrap_err(),
            prometheus::convert::parse_exemplars(status, ct, &scrubbed).unwrap_err(),
            loki::convert::parse_query(status, ct, &scrubbed, &[]).unwrap_err(),
            loki::convert::parse_strings(status, ct, &scrubbed).unwrap_err(),
            ApiError::from_body(status, ct, &scrubbed),
        ];
        for e in errors {
            let shown = e.to_string();
            assert_clean(&format!("{status} {ct}: the message"), &shown);
            assert_clean(&format!("{status} {ct}: the error value"), &format!("{e:?}"));
            assert!(!shown.contains("%2B4f9c"), "{shown}");
        }
    }
    // A success is data and is not rewritten.
    let ok = fixture("tests/fixtures/prometheus/query_range_matrix.json");
    assert_eq!(scrub_failed_body(200, ok.clone(), &h), ok);
}

#[test]
fn links_never_carry_the_token() {
    // A link someone pasted a token into: decoding drops the unknown key, encoding writes the view only,
    // and the notice about it does not repeat the value.
    let link = format!("#/metrics?from=now-1h&to=now&q.A=up&access_token={TOKEN}&X-Scope-OrgID={TENANT}");
    let d = decode(&link);
    let again = encode(&d.route);
    assert_clean("the re-encoded link", &again);
    for n in &d.notices {
        assert_clean("a link notice", n);
    }
    assert!(again.contains("q.A=up"), "{again}");
    // Every view's link, as the app writes it for sharing.
    for frag in [
        "#/metrics?from=now-6h&to=now&q.A=rate(http_server_requests_total%5B5m%5D)&legend.A=%7B%7Bservice_name%7D%7D",
        "#/logs?from=now-15m&to=now&query=%7Bservice_name%3D%22search-service%22%7D&limit=5000",
        "#/trace/6575de447380ec933e5135e5d844e736?span=1a2b3c4d5e6f7081",
        "#/search?query=%7Bresource.service.name%3D%22search-service%22%7D",
        "#/dashboard/trifocal-demo?from=now-6h&to=now&var-service=search-service&refresh=5s",
        "#/settings",
    ] {
        let d = decode(frag);
        assert!(d.notices.is_empty(), "{frag}: {:?}", d.notices);
        assert_clean(frag, &encode(&d.route));
    }
}

#[test]
fn exported_dashboards_and_snapshots_hold_no_secret() {
    let ds = settings();
    let h = ds.headers();
    let (dash, _) = parse_dashboard(&fixture("assets/dashboards/trifocal-demo.json")).expect("shipped dashboard");
    assert_clean("the exported dashboard", &to_json(&dash));

    // A snapshot of real answers, with panels that failed on an echoing server.
    let series = prometheus::convert::parse_query(200, "application/json", &fixture("tests/fixtures/prometheus/query_range_matrix.json")).unwrap();
    let logs = match loki::convert::parse_query(200, "application/json", &fixture("tests/fixtures/loki/query_range_streams.json"), &[]).unwrap() {
        loki::convert::LokiResult::Logs(l) => l.entries,
        other => panic!("{other:?}"),
    };
    let mut data = vec![PanelData {
        panel_id: 1,
        error: None,
        series: series.series.iter().map(|s| SnapSeries::from_series("A", s)).collect(),
        logs: logs.iter().map(SnapLog::from_entry).collect(),
        traces: Vec::new(),
        trace: None,
    }];
    for (i, (status, ct, body)) in echoing_failures(&ds).into_iter().enumerate() {
        let e = ApiError::from_body(status, ct, &scrub_failed_body(status, body, &h));
        data.push(PanelData { panel_id: 10 + i as u32, error: Some(e.to_string()), series: Vec::new(), logs: Vec::new(), traces: Vec::new(), trace: None });
    }
    let snap = Snapshot::new(dash, 1_700_000_000_000, 1_699_990_000_000, 1_700_000_000_000, data);
    let json = snapshot_to_json(&snap);
    assert_clean("the snapshot", &json);
    assert!(parse_snapshot(&json).is_ok());
}

#[test]
fn a_grafana_import_keeps_no_datasource_credentials() {
    // Grafana exports can carry datasource settings with custom headers and passwords.
    let text = format!(
        r#"{{"title":"Imported","uid":"imp","__inputs":[{{"name":"DS_PROM","type":"datasource","pluginId":"prometheus"}}],
        "datasource":{{"type":"prometheus","uid":"p","jsonData":{{"httpHeaderName1":"Authorization"}},"secureJsonData":{{"httpHeaderValue1":"Bearer {TOKEN}","basicAuthPassword":"{TOKEN}"}}}},
        "panels":[{{"id":1,"type":"timeseries","title":"up","gridPos":{{"x":0,"y":0,"w":12,"h":8}},
        "datasource":{{"type":"prometheus","uid":"p","secureJsonData":{{"httpHeaderValue2":"{TENANT}"}}}},
        "targets":[{{"refId":"A","expr":"up","datasource":{{"uid":"p","basicAuthPassword":"{TOKEN}"}}}}]}}]}}"#
    );
    let import = import_grafana(&text).expect("import");
    assert_clean("the imported dashboard", &to_json(&import.dashboard));
    for n in &import.notices {
        assert_clean("an import notice", n);
    }
}

#[test]
fn the_crash_report_holds_no_secret() {
    let ds = settings();
    let panic_text = format!("panicked at src/ui/x.rs:1:1:\nheader value Bearer {TOKEN} rejected");
    let r = crash_report(&panic_text, "#/logs?query=%7Ba%3D%22b%22%7D", "Chromium", "0.1.0", &ds.secrets());
    assert!(!r.contains(TOKEN), "{r}");
    assert!(r.contains("header value [redacted] rejected"), "{r}");
}
