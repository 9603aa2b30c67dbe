//! Metrics registry fed by generated server spans, rendered as OpenMetrics text with exemplars; the
//! service-graph and span metrics that Tempo's metrics generator would derive from the same spans are in
//! `servicegraph`.

mod servicegraph;

use crate::model::{hex, Span, SpanKind, Trace, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Histogram upper bounds in seconds (the +Inf bucket is implicit).
pub const BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Clone, Debug, PartialEq)]
pub struct Exemplar {
    pub trace_id: String,
    pub span_id: String,
    pub value: f64,
    /// Unix seconds.
    pub ts: f64,
}

#[derive(Clone, Debug, Default)]
struct Counter {
    value: u64,
    exemplar: Option<Exemplar>,
}

#[derive(Clone, Debug, Default)]
struct Histogram {
    /// Non-cumulative counts; index BUCKETS.len() is the +Inf bucket.
    counts: Vec<u64>,
    exemplars: Vec<Option<Exemplar>>,
    sum: f64,
    count: u64,
}

type RequestKey = (String, String, String, String); // service, route, method, status code
type DurationKey = (String, String, String); // service, route, method
type TokenKey = (String, String, String); // service, model, token type

/// Everything `/metrics` exposes.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: BTreeMap<RequestKey, Counter>,
    durations: BTreeMap<DurationKey, Histogram>,
    tokens: BTreeMap<TokenKey, Counter>,
    spans: u64,
    log_lines: u64,
    traces: BTreeMap<String, u64>,
    push_failures: BTreeMap<String, u64>,
    graph: servicegraph::Graph,
}

impl Histogram {
    /// Counts `v` in the bucket of `bounds` it falls in, keeping the newest exemplar of that bucket.
    fn observe(&mut self, bounds: &[f64], v: f64, ex: Option<Exemplar>) {
        if self.counts.is_empty() {
            self.counts = vec![0; bounds.len() + 1];
            self.exemplars = vec![None; bounds.len() + 1];
        }
        let i = bounds.iter().position(|b| v <= *b).unwrap_or(bounds.len());
        if let Some(n) = self.counts.get_mut(i) {
            *n = n.saturating_add(1);
        }
        if let (Some(slot), Some(e)) = (self.exemplars.get_mut(i), ex) {
            if newer(slot, e.ts) {
                *slot = Some(e);
            }
        }
        self.sum += v;
        self.count = self.count.saturating_add(1);
    }
}

/// The `_bucket` (cumulative, with exemplars), `_count` and `_sum` samples of one histogram series.
fn histogram_samples(o: &mut String, name: &str, base: &[(&str, &str)], bounds: &[f64], h: &Histogram) {
    let mut cumulative = 0u64;
    for (i, n) in h.counts.iter().enumerate() {
        cumulative = cumulative.saturating_add(*n);
        let le = bounds.get(i).map(|b| float(*b)).unwrap_or_else(|| "+Inf".to_string());
        let mut l: Vec<(&str, &str)> = base.to_vec();
        l.push(("le", &le));
        sample(o, &format!("{name}_bucket"), &label_set(&l), &cumulative.to_string(), h.exemplars.get(i).and_then(|e| e.as_ref()));
    }
    let labels = label_set(base);
    sample(o, &format!("{name}_count"), &labels, &h.count.to_string(), None);
    sample(o, &format!("{name}_sum"), &labels, &float(h.sum), None);
}

fn newer(old: &Option<Exemplar>, ts: f64) -> bool {
    old.as_ref().is_none_or(|e| e.ts <= ts)
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics::default()
    }

    /// Counts a trace that was sent: HTTP server spans feed the request counter and duration histogram
    /// (with the span as exemplar), LLM client spans feed the token counter.
    pub fn record_trace(&mut self, t: &Trace) {
        *self.traces.entry(t.kind.to_string()).or_default() += 1;
        self.spans = self.spans.saturating_add(t.spans.len() as u64);
        self.log_lines = self.log_lines.saturating_add(t.logs.len() as u64);
        for s in &t.spans {
            self.record_span(s);
        }
        self.graph.record_trace(t);
    }

    fn record_span(&mut self, s: &Span) {
        let ts = s.end_ns as f64 / 1e9;
        let ex = |value: f64| Exemplar { trace_id: hex(&s.trace_id), span_id: hex(&s.span_id), value, ts };
        if s.kind == SpanKind::Server {
            if let (Some(route), Some(code)) = (s.attr_str("http.route"), s.attr_int("http.response.status_code")) {
                let method = s.attr_str("http.request.method").unwrap_or("GET").to_string();
                let c = self.requests.entry((s.service.clone(), route.to_string(), method.clone(), code.to_string())).or_default();
                c.value = c.value.saturating_add(1);
                if newer(&c.exemplar, ts) {
                    c.exemplar = Some(ex(1.0));
                }
                let secs = s.duration_ns() as f64 / 1e9;
                self.durations.entry((s.service.clone(), route.to_string(), method)).or_default().observe(BUCKETS, secs, Some(ex(secs)));
            }
        }
        if let Some(Value::Str(model)) = s.attr("gen_ai.request.model") {
            for (attr, ty) in [("gen_ai.usage.input_tokens", "input"), ("gen_ai.usage.output_tokens", "output")] {
                if let Some(n) = s.attr_int(attr).filter(|n| *n > 0) {
                    let c = self.tokens.entry((s.service.clone(), model.clone(), ty.to_string())).or_default();
                    c.value = c.value.saturating_add(n as u64);
                    if newer(&c.exemplar, ts) {
                        c.exemplar = Some(ex(n as f64));
                    }
                }
            }
        }
    }

    pub fn record_push_failure(&mut self, backend: &str) {
        *self.push_failures.entry(backend.to_string()).or_default() += 1;
    }

    /// The OpenMetrics exposition, ending in `# EOF`.
    pub fn render(&self) -> String {
        let mut o = String::new();
        family(&mut o, "http_server_requests", "counter", None, "HTTP requests handled, by service, route and status code.");
        for ((svc, route, method, code), c) in &self.requests {
            let labels = label_set(&[("service_name", svc), ("http_route", route), ("http_request_method", method), ("http_response_status_code", code)]);
            sample(&mut o, "http_server_requests_total", &labels, &c.value.to_string(), c.exemplar.as_ref());
        }
        family(&mut o, "http_server_request_duration_seconds", "histogram", Some("seconds"), "Duration of HTTP server requests.");
        for ((svc, route, method), h) in &self.durations {
            let base = [("service_name", svc.as_str()), ("http_route", route.as_str()), ("http_request_method", method.as_str())];
            histogram_samples(&mut o, "http_server_request_duration_seconds", &base, BUCKETS, h);
        }
        family(&mut o, "gen_ai_client_token_usage", "counter", None, "LLM tokens used, by model and token type.");
        for ((svc, model, ty), c) in &self.tokens {
            let labels = label_set(&[("service_name", svc), ("gen_ai_request_model", model), ("gen_ai_token_type", ty)]);
            sample(&mut o, "gen_ai_client_token_usage_total", &labels, &c.value.to_string(), c.exemplar.as_ref());
        }
        self.graph.render(&mut o);
        family(&mut o, "trifocal_gen_traces", "counter", None, "Traces generated and sent, by kind.");
        for (kind, n) in &self.traces {
            sample(&mut o, "trifocal_gen_traces_total", &label_set(&[("kind", kind)]), &n.to_string(), None);
        }
        family(&mut o, "trifocal_gen_spans", "counter", None, "Spans generated and sent.");
        sample(&mut o, "trifocal_gen_spans_total", "", &self.spans.to_string(), None);
        family(&mut o, "trifocal_gen_log_lines", "counter", None, "Log lines generated (pushed only with --logs-push).");
        sample(&mut o, "trifocal_gen_log_lines_total", "", &self.log_lines.to_string(), None);
        family(&mut o, "trifocal_gen_push_failures", "counter", None, "Failed pushes to a backend.");
        for (backend, n) in &self.push_failures {
            sample(&mut o, "trifocal_gen_push_failures_total", &label_set(&[("backend", backend)]), &n.to_string(), None);
        }
        o.push_str("# EOF\n");
        o
    }
}

fn family(o: &mut String, name: &str, ty: &str, unit: Option<&str>, help: &str) {
    let _ = writeln!(o, "# TYPE {name} {ty}");
    if let Some(u) = unit {
        let _ = writeln!(o, "# UNIT {name} {u}");
    }
    let _ = writeln!(o, "# HELP {name} {}", help.replace('\\', "\\\\").replace('\n', "\\n"));
}

/// An OpenMetrics float: integers get ".0", non-finite values their spelled names.
pub fn float(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf".into() } else { "-Inf".into() }
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

pub fn escape_label(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn label_set(labels: &[(&str, &str)]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let inner: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{}\"", escape_label(v))).collect();
    format!("{{{}}}", inner.join(","))
}

fn sample(o: &mut String, name: &str, labels: &str, value: &str, ex: Option<&Exemplar>) {
    let _ = write!(o, "{name}{labels} {value}");
    if let Some(e) = ex {
        let _ = write!(o, " # {{trace_id=\"{}\",span_id=\"{}\"}} {} {:.3}", e.trace_id, e.span_id, float(e.value), e.ts);
    }
    o.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Sim;

    /// Parses `{a="b",c="d"}` at the start of `s`; returns the labels and the rest.
    type Labels = Vec<(String, String)>;

    fn labels(s: &str) -> Result<(Labels, &str), String> {
        let mut out = Vec::new();
        let mut rest = s.strip_prefix('{').ok_or("no {")?;
        loop {
            if let Some(r) = rest.strip_prefix('}') {
                return Ok((out, r));
            }
            let eq = rest.find("=\"").ok_or("no =\"")?;
            let key = &rest[..eq];
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("bad label name {key:?}"));
            }
            let mut val = String::new();
            let mut chars = rest[eq + 2..].char_indices();
            let end = loop {
                match chars.next() {
                    Some((_, '\\')) => match chars.next() {
                        Some((_, 'n')) => val.push('\n'),
                        Some((_, c)) if c == '\\' || c == '"' => val.push(c),
                        _ => return Err("bad escape".into()),
                    },
                    Some((i, '"')) => break eq + 2 + i + 1,
                    Some((_, c)) => val.push(c),
                    None => return Err("unterminated label value".into()),
                }
            };
            out.push((key.to_string(), val));
            rest = &rest[end..];
            rest = rest.strip_prefix(',').unwrap_or(rest);
        }
    }

    fn number(s: &str) -> bool {
        matches!(s, "+Inf" | "-Inf" | "NaN") || s.parse::<f64>().is_ok()
    }

    /// A strict-enough OpenMetrics checker for what this exporter writes. Returns the exemplars seen
    /// as (sample name, trace_id).
    fn check_openmetrics(text: &str) -> Vec<(String, String)> {
        assert!(text.ends_with("# EOF\n"), "must end with # EOF");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.iter().filter(|l| **l == "# EOF").count(), 1);
        let mut family = String::new();
        let mut ty = String::new();
        let mut seen_families = std::collections::HashSet::new();
        let mut exemplars = Vec::new();
        for l in &lines[..lines.len() - 1] {
            if let Some(meta) = l.strip_prefix("# ") {
                let mut p = meta.splitn(3, ' ');
                let (kind, name, rest) = (p.next().unwrap_or(""), p.next().unwrap_or(""), p.next().unwrap_or(""));
                match kind {
                    "TYPE" => {
                        assert!(seen_families.insert(name.to_string()), "family {name} repeated");
                        assert!(["counter", "gauge", "histogram", "summary", "info", "stateset", "unknown", "gaugehistogram"].contains(&rest));
                        family = name.to_string();
                        ty = rest.to_string();
                    }
                    "UNIT" => assert!(name == family && family.ends_with(&format!("_{rest}"))),
                    "HELP" => assert_eq!(name, family),
                    _ => panic!("bad comment line {l}"),
                }
                continue;
            }
            let name_end = l.find(['{', ' ']).expect("sample has a value");
            let name = &l[..name_end];
            let suffixes: &[&str] = match ty.as_str() {
                "counter" => &["_total", "_created"],
                "histogram" => &["_bucket", "_count", "_sum", "_created"],
                _ => &[""],
            };
            assert!(suffixes.iter().any(|s| name == format!("{family}{s}")), "{name} outside family {family}");
            let mut rest = &l[name_end..];
            if rest.starts_with('{') {
                let (ls, r) = labels(rest).unwrap_or_else(|e| panic!("{e} in {l}"));
                if name.ends_with("_bucket") {
                    assert!(ls.iter().any(|(k, _)| k == "le"), "bucket without le");
                }
                rest = r;
            }
            let rest = rest.strip_prefix(' ').expect("space before value");
            let (value_part, ex_part) = match rest.split_once(" # ") {
                Some((v, e)) => (v, Some(e)),
                None => (rest, None),
            };
            let mut vp = value_part.split(' ');
            assert!(number(vp.next().unwrap_or("")), "bad value in {l}");
            if let Some(ts) = vp.next() {
                assert!(number(ts));
            }
            assert!(vp.next().is_none());
            if let Some(e) = ex_part {
                assert!(name.ends_with("_bucket") || name.ends_with("_total"), "exemplar on {name}");
                let (ls, r) = labels(e).unwrap_or_else(|err| panic!("{err} in exemplar of {l}"));
                let total: usize = ls.iter().map(|(k, v)| k.chars().count() + v.chars().count()).sum();
                assert!(total <= 128, "exemplar labels too long");
                let parts: Vec<&str> = r.trim_start().split(' ').collect();
                assert!((1..=2).contains(&parts.len()) && parts.iter().all(|p| number(p)), "bad exemplar value/ts in {l}");
                let tid = ls.iter().find(|(k, _)| k == "trace_id").map(|(_, v)| v.clone()).expect("trace_id");
                assert!(tid.len() == 32 && tid.bytes().all(|b| b.is_ascii_hexdigit()));
                exemplars.push((name.to_string(), tid));
            }
        }
        exemplars
    }

    #[test]
    fn empty_registry_is_valid_openmetrics() {
        let text = Metrics::new().render();
        assert!(check_openmetrics(&text).is_empty());
        assert!(text.contains("trifocal_gen_spans_total 0\n"));
    }

    #[test]
    fn exposition_has_counters_histograms_and_exemplars_of_real_traces() {
        let mut m = Metrics::new();
        let mut sim = Sim::new(42);
        let traces: Vec<_> = (0..300u64).map(|i| sim.trace(1_795_453_063_000_000_000 + i * 100_000_000)).collect();
        for t in &traces {
            m.record_trace(t);
        }
        m.record_push_failure("logs");
        let text = m.render();
        let exemplars = check_openmetrics(&text);
        assert!(exemplars.iter().any(|(n, _)| n == "http_server_request_duration_seconds_bucket"));
        assert!(exemplars.iter().any(|(n, _)| n == "http_server_requests_total"));
        for (_, tid) in &exemplars {
            assert!(traces.iter().any(|t| &t.id_hex() == tid), "exemplar {tid} is not a generated trace");
        }
        assert!(text.contains("http_server_requests_total{service_name=\"search-service\",http_route=\"/api/v1/search\",http_request_method=\"POST\",http_response_status_code=\"200\"} "));
        assert!(text.contains("le=\"+Inf\""));
        assert!(text.contains("le=\"1.0\""));
        assert!(text.contains("trifocal_gen_push_failures_total{backend=\"logs\"} 1\n"));
        // Buckets are cumulative and +Inf equals _count.
        let svc = "service_name=\"search-ui\",http_route=\"/search\",http_request_method=\"GET\"";
        let mut last = 0u64;
        let mut inf = 0u64;
        for l in text.lines().filter(|l| l.starts_with(&format!("http_server_request_duration_seconds_bucket{{{svc},"))) {
            let v: u64 = l.split(' ').nth(1).and_then(|v| v.parse().ok()).expect("count");
            assert!(v >= last);
            last = v;
            inf = v;
        }
        let count_line = text.lines().find(|l| l.starts_with(&format!("http_server_request_duration_seconds_count{{{svc}}}"))).expect("count line");
        assert_eq!(count_line.split(' ').nth(1).and_then(|v| v.parse::<u64>().ok()), Some(inf));
        assert!(inf > 0);
    }

    #[test]
    fn floats_and_label_escaping_follow_openmetrics() {
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(0.005), "0.005");
        assert_eq!(float(f64::INFINITY), "+Inf");
        assert_eq!(float(f64::NAN), "NaN");
        assert_eq!(escape_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        let (ls, rest) = labels("{a=\"x\\\"y\",b=\"\"} 1").expect("labels");
        assert_eq!(ls, vec![("a".to_string(), "x\"y".to_string()), ("b".to_string(), String::new())]);
        assert_eq!(rest, " 1");
    }
}
