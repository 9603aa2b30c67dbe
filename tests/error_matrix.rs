//! What every backend parse function returns for the failures seen in the field (proxy pages, empty bodies,
//! the server's own error text, truncated or foreign JSON), table-driven: the `ApiError` variant and a
//! Display message that says what happened.

mod common;

use common::fixtures;
use trifocal::backends::{jaeger, loki, prometheus, tempo, ApiError};

type Parse = fn(u16, &str, &str) -> Result<(), ApiError>;

/// Every parse function that reads a backend answer, with the result reduced to "accepted".
const PARSERS: &[(&str, Parse)] = &[
    ("prometheus::parse_query", |s, c, b| prometheus::convert::parse_query(s, c, b).map(drop)),
    ("prometheus::parse_exemplars", |s, c, b| prometheus::convert::parse_exemplars(s, c, b).map(drop)),
    ("prometheus::parse_strings", |s, c, b| prometheus::convert::parse_strings(s, c, b).map(drop)),
    ("prometheus::parse_series", |s, c, b| prometheus::convert::parse_series(s, c, b).map(drop)),
    ("prometheus::parse_metadata", |s, c, b| prometheus::convert::parse_metadata(s, c, b).map(drop)),
    ("prometheus::parse_buildinfo", |s, c, b| prometheus::convert::parse_buildinfo(s, c, b).map(drop)),
    ("loki::parse_query", |s, c, b| loki::convert::parse_query(s, c, b, &[]).map(drop)),
    ("loki::parse_strings", |s, c, b| loki::convert::parse_strings(s, c, b).map(drop)),
    ("loki::parse_series", |s, c, b| loki::convert::parse_series(s, c, b).map(drop)),
    ("loki::parse_buildinfo", |s, c, b| loki::convert::parse_buildinfo(s, c, b).map(drop)),
    ("tempo::parse_trace", |s, c, b| tempo::convert::parse_trace(s, c, b).map(drop)),
    ("tempo::parse_search", |s, c, b| tempo::convert::parse_search(s, c, b).map(drop)),
    ("jaeger::parse_trace_v3", |s, c, b| jaeger::convert::parse_trace_v3(s, c, b).map(drop)),
    ("jaeger::parse_trace_classic", |s, c, b| jaeger::convert::parse_trace_classic(s, c, b).map(drop)),
    ("jaeger::parse_search_classic", |s, c, b| jaeger::convert::parse_search_classic(s, c, b).map(drop)),
    ("jaeger::parse_strings", |s, c, b| jaeger::convert::parse_strings(s, c, b).map(drop)),
];

const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in · Corp SSO</title></head>\n<body><form method=\"post\" action=\"/oauth2/start\"><button>Sign in with Google</button></form></body></html>\n";
const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";
const GO_404: &str = "404 page not found\n";
const TOO_MANY: &str = "Too Many Requests\n";

/// The expected outcome of one cell; every error's Display must also contain each of `says`.
#[derive(Clone, Copy, Debug)]
enum Want {
    Html { status: u16, title: &'static str },
    NotFound,
    Backend { status: u16 },
    InvalidJson,
}

fn check(parser: &str, scenario: &str, got: Result<(), ApiError>, want: Want, says: &[&str]) -> Result<(), String> {
    let e = match got {
        Ok(()) => return Err(format!("{parser} / {scenario}: accepted, wanted {want:?}")),
        Err(e) => e,
    };
    let ok = match (&e, want) {
        (ApiError::Html { status, title }, Want::Html { status: s, title: t }) => *status == s && title == t,
        (ApiError::NotFound(_), Want::NotFound) => true,
        (ApiError::Backend { status, .. }, Want::Backend { status: s }) => *status == s,
        (ApiError::InvalidJson(_), Want::InvalidJson) => true,
        _ => false,
    };
    if !ok {
        return Err(format!("{parser} / {scenario}: got {e:?}, wanted {want:?}"));
    }
    let text = e.to_string();
    if let Some(missing) = says.iter().find(|s| !text.contains(*s)) {
        return Err(format!("{parser} / {scenario}: message {text:?} does not say {missing:?}"));
    }
    if text.chars().count() > 2500 {
        return Err(format!("{parser} / {scenario}: message of {} chars", text.chars().count()));
    }
    Ok(())
}

/// Runs one scenario over every parser; `want` may differ per parser.
fn scenario(name: &str, status: u16, content_type: &str, body: &str, want: impl Fn(&str) -> (Want, Vec<&'static str>), failures: &mut Vec<String>) {
    for (parser, parse) in PARSERS {
        let (w, says) = want(parser);
        if let Err(f) = check(parser, name, parse(status, content_type, body), w, &says) {
            failures.push(f);
        }
    }
}

fn fixture(dir: &str, name: &str) -> String {
    fixtures(dir).into_iter().find(|(f, _)| f == name).map(|(_, t)| t).unwrap_or_else(|| panic!("no fixture {dir}/{name}"))
}

fn report(failures: Vec<String>) {
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn proxy_and_html_pages() {
    let mut f = Vec::new();
    // An SSO proxy answering 200 with its login page.
    scenario("200 + login page", 200, "text/html; charset=utf-8", LOGIN_PAGE, |_| {
        (Want::Html { status: 200, title: "Sign in · Corp SSO" }, vec!["HTML", "200", "Sign in · Corp SSO"])
    }, &mut f);
    // The same page with a wrong content type (a misconfigured proxy or an SPA fallback).
    scenario("200 + login page as JSON", 200, "application/json", LOGIN_PAGE, |_| {
        (Want::Html { status: 200, title: "Sign in · Corp SSO" }, vec!["HTML", "200"])
    }, &mut f);
    scenario("502 + nginx page", 502, "text/html", NGINX_502, |_| {
        (Want::Html { status: 502, title: "502 Bad Gateway" }, vec!["HTML", "502 Bad Gateway"])
    }, &mut f);
    report(f);
}

#[test]
fn plain_text_statuses() {
    let mut f = Vec::new();
    // Go's default mux: the path does not exist (wrong proxy prefix or API version).
    scenario("404 + text", 404, "text/plain; charset=utf-8", GO_404, |_| (Want::NotFound, vec!["404 page not found"]), &mut f);
    // Loki's LogQL parse error, as plain text.
    let loki_err = fixture("loki", "error_bad_query.txt");
    scenario("422 + Loki parse error", 422, "text/plain; charset=utf-8", &loki_err, |_| {
        (Want::Backend { status: 422 }, vec!["422", "parse error at line 1, col 31"])
    }, &mut f);
    let tempo_err = fixture("tempo", "error_bad_query.txt");
    scenario("400 + Tempo TraceQL error", 400, "text/plain; charset=utf-8", &tempo_err, |_| {
        (Want::Backend { status: 400 }, vec!["400", "invalid TraceQL query"])
    }, &mut f);
    scenario("429 + text", 429, "text/plain", TOO_MANY, |_| (Want::Backend { status: 429 }, vec!["429", "Too Many Requests"]), &mut f);
    scenario("500 + empty body", 500, "", "", |_| (Want::Backend { status: 500 }, vec!["500", "empty"]), &mut f);
    scenario("503 + whitespace", 503, "text/plain", " \n", |_| (Want::Backend { status: 503 }, vec!["503", "empty"]), &mut f);
    report(f);
}

#[test]
fn json_error_bodies() {
    let mut f = Vec::new();
    let prom_err = fixture("prometheus", "error_bad_query.json");
    scenario("400 + Prometheus bad_data", 400, "application/json", &prom_err, |_| {
        (Want::Backend { status: 400 }, vec!["400", "bad_data", "unclosed left parenthesis"])
    }, &mut f);
    // Prometheus also sends its error envelope with 422 and 503.
    let exec = fixture("prometheus", "error_execution_many_to_many.json");
    scenario("422 + Prometheus execution error", 422, "application/json", &exec, |_| {
        (Want::Backend { status: 422 }, vec!["422", "execution: found duplicate series"])
    }, &mut f);
    // Jaeger's own error envelopes.
    let jaeger_404 = r#"{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}"#;
    scenario("404 + Jaeger error JSON", 404, "application/json", jaeger_404, |_| (Want::NotFound, vec!["trace not found"]), &mut f);
    let jaeger_400 = r#"{"data":null,"errors":[{"code":400,"msg":"parameter 'service' is required"}]}"#;
    scenario("400 + Jaeger error JSON", 400, "application/json", jaeger_400, |_| {
        (Want::Backend { status: 400 }, vec!["400", "parameter 'service' is required"])
    }, &mut f);
    report(f);
}

/// Every answer cut short (a proxy or a size limit closing the connection): the parser says the data is not
/// valid, it does not show the part before the cut as if it were the whole answer.
#[test]
fn truncated_json() {
    let mut f = Vec::new();
    let cases: Vec<(&str, String)> = vec![
        ("prometheus::parse_query", fixture("prometheus", "query_range_matrix.json")),
        ("prometheus::parse_exemplars", fixture("prometheus", "query_exemplars.json")),
        ("prometheus::parse_strings", fixture("prometheus", "label_values_metric_names.json")),
        ("prometheus::parse_series", fixture("prometheus", "series.json")),
        ("prometheus::parse_metadata", fixture("prometheus", "metadata.json")),
        ("prometheus::parse_buildinfo", fixture("prometheus", "buildinfo.json")),
        ("loki::parse_query", fixture("loki", "query_range_streams.json")),
        ("loki::parse_strings", fixture("loki", "labels.json")),
        ("loki::parse_series", fixture("loki", "series.json")),
        ("loki::parse_buildinfo", fixture("loki", "buildinfo.json")),
        ("tempo::parse_trace", fixture("tempo", "trace_by_id_v2.json")),
        ("tempo::parse_search", fixture("tempo", "search_traceql.json")),
        ("jaeger::parse_strings", r#"{"data":["search-ui","search-service"],"total":2,"limit":0,"offset":0,"errors":null}"#.to_string()),
    ];
    for (name, body) in &cases {
        let parse = PARSERS.iter().find(|(n, _)| n == name).map(|(_, p)| *p).unwrap();
        assert!(parse(200, "application/json", body).is_ok(), "{name}: the whole fixture must parse");
        let body = body.trim_end();
        let n = body.chars().count();
        for frac in [0.1, 0.5, 0.9, 0.999] {
            // At least the closing bracket is cut off.
            let cut: String = body.chars().take(((n as f64 * frac) as usize).min(n - 1)).collect();
            let scenario = format!("200 + JSON cut at {:.1} %", frac * 100.0);
            if let Err(e) = check(name, &scenario, parse(200, "application/json", &cut), Want::InvalidJson, &["not valid data"]) {
                f.push(e);
            }
        }
    }
    report(f);
}

/// A body from another backend (the URL of one server set where another belongs) is not mistaken for data.
#[test]
fn json_of_the_wrong_backend() {
    let loki_streams = fixture("loki", "query_range_streams.json");
    let prom_matrix = fixture("prometheus", "query_range_matrix.json");
    let prom_labels = fixture("prometheus", "labels.json");
    let tempo_trace = fixture("tempo", "trace_by_id_v2.json");
    let tempo_search = fixture("tempo", "search_traceql.json");
    let jaeger_services = r#"{"data":["search-ui","search-service"],"total":2,"limit":0,"offset":0,"errors":null}"#;
    let cells: Vec<(&str, &str, &str)> = vec![
        // (parser, whose body, body)
        ("prometheus::parse_query", "Loki streams", &loki_streams),
        ("prometheus::parse_query", "Tempo trace", &tempo_trace),
        ("prometheus::parse_exemplars", "Prometheus matrix", &prom_matrix),
        ("prometheus::parse_strings", "Jaeger services", jaeger_services),
        ("prometheus::parse_strings", "Tempo search", &tempo_search),
        ("prometheus::parse_series", "Jaeger services", jaeger_services),
        ("prometheus::parse_metadata", "Prometheus labels", &prom_labels),
        ("prometheus::parse_buildinfo", "Tempo search", &tempo_search),
        ("loki::parse_query", "Tempo search", &tempo_search),
        ("loki::parse_query", "Jaeger services", jaeger_services),
        ("loki::parse_strings", "Jaeger services", jaeger_services),
        ("loki::parse_series", "Tempo trace", &tempo_trace),
        ("loki::parse_buildinfo", "Prometheus labels", &prom_labels),
        ("tempo::parse_trace", "Prometheus matrix", &prom_matrix),
        ("tempo::parse_trace", "Jaeger services", jaeger_services),
        ("tempo::parse_search", "Prometheus matrix", &prom_matrix),
        ("tempo::parse_search", "Loki streams", &loki_streams),
        ("tempo::parse_search", "Jaeger services", jaeger_services),
        ("jaeger::parse_trace_v3", "Tempo trace", &tempo_trace),
        ("jaeger::parse_trace_v3", "Prometheus matrix", &prom_matrix),
        ("jaeger::parse_trace_classic", "Tempo trace", &tempo_trace),
        ("jaeger::parse_trace_classic", "Prometheus matrix", &prom_matrix),
        ("jaeger::parse_search_classic", "Tempo search", &tempo_search),
        ("jaeger::parse_strings", "Tempo search", &tempo_search),
    ];
    let mut f = Vec::new();
    for (name, whose, body) in cells {
        let parse = PARSERS.iter().find(|(n, _)| *n == name).map(|(_, p)| *p).unwrap();
        if let Err(e) = check(name, &format!("200 + {whose} JSON"), parse(200, "application/json", body), Want::InvalidJson, &["not valid data"]) {
            f.push(e);
        }
    }
    report(f);
}
