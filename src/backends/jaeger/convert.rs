//! Jaeger answers → telemetry: traces from the v3 (OTLP) and classic APIs, search summaries, string lists;
//! Jaeger's `{"errors":[{"code","msg"}]}` / `{"error":{"httpCode","message"}}` bodies become `ApiError`s.

use std::sync::Arc;

use serde_json::Value;

use super::wire::{self, Classic, Tag, V3Response};
use crate::backends::otlp::convert::{lenient_resource_spans, span_kind_name, to_trace, Warnings, UNKNOWN_SERVICE};
use crate::backends::otlp::flex::{clip, Flex};
use crate::backends::error::json_error;
use crate::backends::ApiError;
use crate::telemetry::{AttrValue, Attribute, ServiceCall, Span, SpanEvent, SpanId, SpanKind, SpanLink, SpanStatus, Trace, TraceId, TraceSummary};

/// Parses a list of strings (`/api/services`, `/api/services/<s>/operations`): `{"data":["a","b"]}`, sorted and
/// deduplicated. `{"data":null}` (Jaeger with no data yet) is an empty list; a body without `data` is an error
/// (so another server's JSON is not mistaken for Jaeger).
pub fn parse_strings(status: u16, content_type: &str, body: &str) -> Result<Vec<String>, ApiError> {
    let r: Vec<Value> = parse_classic(status, content_type, body)?;
    let mut list: Vec<String> = r.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
    list.sort();
    list.dedup();
    Ok(list)
}

/// True when the body is a Jaeger list answer as [`parse_strings`] reads it (`{"data":[…]}`, or `{"data":null}`
/// without errors): the probe's check. It is read without serde (`json_peek`): the probe runs at start-up,
/// and the first download then carries no JSON deserializer.
pub fn answers_services(status: u16, content_type: &str, body: &str) -> bool {
    if status != 200 || looks_html(content_type, body) {
        return false;
    }
    let Ok(v) = crate::backends::json_peek::parse(body) else { return false };
    use crate::backends::json_peek::Json;
    let no_errors = match v.get("errors") {
        None | Some(Json::Null) => true,
        Some(Json::Array(e)) => e.is_empty(),
        Some(_) => false,
    };
    match v.get("data") {
        Some(Json::Array(_)) => true,
        Some(Json::Null) => no_errors,
        _ => false,
    }
}

/// Parses `/api/v3/traces/<id>` (`{"result":{"resourceSpans":[…]}}`, possibly several such objects in a row
/// when the server streams chunks). A 404 or `{"error":…}` body is an error; no spans is an empty trace.
pub fn parse_trace_v3(status: u16, content_type: &str, body: &str) -> Result<Trace, ApiError> {
    if !(200..300).contains(&status) || looks_html(content_type, body) {
        return Err(fail(status, content_type, body));
    }
    let mut resource_spans = Vec::new();
    let mut chunks = 0usize;
    let mut typed_error = None;
    for item in serde_json::Deserializer::from_str(body).into_iter::<V3Response>() {
        match item {
            Ok(r) => {
                chunks += 1;
                if let Some(e) = r.error {
                    let code = e.http_code.as_ref().and_then(Flex::as_i64);
                    return Err(classify(status, code, e.message.unwrap_or_else(|| "unknown error".into())));
                }
                match r.result {
                    Some(d) => resource_spans.extend(d.resource_spans),
                    // Another server's JSON (a Tempo trace, a Prometheus answer) is not an empty trace.
                    None => {
                        return Err(ApiError::InvalidJson(format!("not a Jaeger v3 answer (no `result`): {}", clip(body.trim(), 120))))
                    }
                }
            }
            Err(e) => {
                typed_error = Some(e);
                break;
            }
        }
    }
    match typed_error {
        None if chunks > 0 => Ok(to_trace(resource_spans, Warnings::default())),
        None => Err(ApiError::InvalidJson("Jaeger sent an empty answer.".into())),
        Some(e) => lenient_v3(body).ok_or_else(|| ApiError::InvalidJson(format!("Jaeger's trace could not be read ({}).", json_error(&e)))),
    }
}

/// A reader of `/api/v3/traces/<id>` fed while the answer arrives (`otlp::stream`); when its `finish` gives
/// `None`, the whole body goes to [`parse_trace_v3`], which then reads it the same way or says what is wrong.
pub fn trace_v3_stream() -> crate::backends::otlp::stream::SpanStream {
    crate::backends::otlp::stream::SpanStream::new(crate::backends::otlp::stream::Root::JaegerV3)
}

fn lenient_v3(body: &str) -> Option<Trace> {
    let mut notes = Warnings::default();
    let mut resource_spans = Vec::new();
    for item in serde_json::Deserializer::from_str(body).into_iter::<Value>() {
        let mut v = item.ok()?;
        let items = v.pointer_mut("/result/resourceSpans")?.take();
        resource_spans.extend(lenient_resource_spans(items, &mut notes));
    }
    Some(to_trace(resource_spans, notes))
}

/// Parses `/api/traces/<id>` (`{"data":[{traceID, spans, processes}]}`).
pub fn parse_trace_classic(status: u16, content_type: &str, body: &str) -> Result<Trace, ApiError> {
    let traces = match parse_classic::<Vec<wire::Trace>>(status, content_type, body) {
        Ok(t) => t.into_iter().map(|t| classic_trace(t, Warnings::default())).collect::<Vec<_>>(),
        Err(ApiError::InvalidJson(m)) => lenient_classic_traces(body).ok_or(ApiError::InvalidJson(m))?,
        Err(e) => return Err(e),
    };
    let n = traces.len();
    let mut trace = traces.into_iter().next().ok_or_else(|| ApiError::NotFound("Jaeger has no trace with this ID.".into()))?;
    if n > 1 {
        trace.warnings.push(format!("Jaeger returned {n} traces; showing the first."));
    }
    Ok(trace)
}

/// Parses `/api/dependencies`: caller → callee call counts. Items without both services are skipped; a
/// count that is not a whole number of calls counts as 0.
pub fn parse_dependencies(status: u16, content_type: &str, body: &str) -> Result<Vec<ServiceCall>, ApiError> {
    let list: Vec<wire::Dependency> = parse_classic(status, content_type, body)?;
    Ok(list
        .into_iter()
        .filter(|d| !d.parent.is_empty() && !d.child.is_empty())
        .map(|d| ServiceCall { calls: d.call_count.as_ref().and_then(Flex::as_i64).map_or(0, |n| n.max(0) as u64), caller: d.parent, callee: d.child })
        .collect())
}

/// Parses a classic search (`/api/traces?service=…`): one summary per trace, newest first.
pub fn parse_search_classic(status: u16, content_type: &str, body: &str) -> Result<Vec<TraceSummary>, ApiError> {
    Ok(summaries(&parse_search_traces(status, content_type, body)?))
}

/// The whole traces of a classic search answer (Jaeger returns every span of each trace found).
pub fn parse_search_traces(status: u16, content_type: &str, body: &str) -> Result<Vec<Trace>, ApiError> {
    match parse_classic::<Vec<wire::Trace>>(status, content_type, body) {
        Ok(t) => Ok(t.into_iter().map(|t| classic_trace(t, Warnings::default())).collect()),
        Err(ApiError::InvalidJson(m)) => lenient_classic_traces(body).ok_or(ApiError::InvalidJson(m)),
        Err(e) => Err(e),
    }
}

/// One summary per trace, newest first.
pub fn summaries(traces: &[Trace]) -> Vec<TraceSummary> {
    let mut list: Vec<TraceSummary> = traces.iter().filter_map(TraceSummary::from_trace).collect();
    list.sort_by_key(|t| std::cmp::Reverse(t.start_ms));
    list
}

/// The classic `data` array read trace by trace and span by span, for bodies the wire types rejected.
fn lenient_classic_traces(body: &str) -> Option<Vec<Trace>> {
    let v: Value = serde_json::from_str(body).ok()?;
    let Value::Object(mut obj) = v else { return None };
    let Some(Value::Array(list)) = obj.remove("data") else { return None };
    Some(list.into_iter().filter_map(lenient_classic_trace).collect())
}

/// One classic trace object (`{traceID, spans, processes}`) read span by span: spans that do not fit are
/// skipped with a warning.
pub fn lenient_classic_trace(v: Value) -> Option<Trace> {
    let Value::Object(mut obj) = v else { return None };
    let mut notes = Warnings::default();
    let mut jt = wire::Trace {
        trace_id: obj.get("traceID").and_then(Value::as_str).map(str::to_string),
        warnings: obj.get("warnings").and_then(|w| serde_json::from_value(w.clone()).ok()).unwrap_or_default(),
        ..Default::default()
    };
    if let Some(Value::Object(procs)) = obj.remove("processes") {
        for (k, p) in procs {
            match serde_json::from_value::<wire::Process>(p) {
                Ok(p) => {
                    jt.processes.insert(k, p);
                }
                Err(e) => notes.push(format!("Could not read process {} ({}).", clip(&k, 60), json_error(&e))),
            }
        }
    }
    if let Some(Value::Array(spans)) = obj.remove("spans") {
        for (i, s) in spans.into_iter().enumerate() {
            match serde_json::from_value::<wire::Span>(s) {
                Ok(s) => jt.spans.push(s),
                Err(e) => notes.push(format!("Skipped span #{}: {}.", i + 1, json_error(&e))),
            }
        }
    }
    Some(classic_trace(jt, notes))
}

/// Converts one classic Jaeger trace (also the Jaeger UI's JSON export).
pub fn classic_trace(jt: wire::Trace, mut notes: Warnings) -> Trace {
    let declared = jt.trace_id.as_deref().and_then(TraceId::parse_wire);
    let mut trace = Trace { trace_id: declared, spans: Vec::with_capacity(jt.spans.len()), ..Default::default() };
    for w in jt.warnings.iter().filter(|w| !w.trim().is_empty()) {
        notes.push(format!("Jaeger: {}", clip(w, 300)));
    }
    let processes: std::collections::HashMap<&str, (String, Arc<[Attribute]>)> = jt
        .processes
        .iter()
        .map(|(k, p)| (k.as_str(), process(p)))
        .collect();
    for (i, s) in jt.spans.into_iter().enumerate() {
        if let Some(span) = classic_span(s, i + 1, &processes, &mut trace.trace_id, &mut notes) {
            trace.spans.push(span);
        }
    }
    trace.warnings = notes.into_vec();
    trace
}

fn process(p: &wire::Process) -> (String, Arc<[Attribute]>) {
    let service = p.service_name.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| UNKNOWN_SERVICE.to_string());
    let mut resource = Vec::with_capacity(p.tags.len() + 1);
    resource.push(Attribute { key: "service.name".into(), value: AttrValue::Str(service.clone()) });
    resource.extend(p.tags.iter().map(|t| Attribute { key: t.key.clone(), value: tag_value(t) }));
    (service, resource.into())
}

/// Tags that become span fields and are not repeated as attributes.
const FIELD_TAGS: [&str; 7] =
    ["span.kind", "otel.status_code", "otel.status_description", "otel.scope.name", "otel.scope.version", "otel.library.name", "otel.library.version"];

fn classic_span(
    s: wire::Span,
    index: usize,
    processes: &std::collections::HashMap<&str, (String, Arc<[Attribute]>)>,
    trace_id: &mut Option<TraceId>,
    notes: &mut Warnings,
) -> Option<Span> {
    let name = s.operation_name.unwrap_or_default();
    let label = || format!("span #{index} \"{}\"", clip(&name, 80));
    let Some(span_id) = s.span_id.as_deref().and_then(SpanId::parse_wire) else {
        notes.push(format!("Skipped {}: missing or unreadable span ID.", label()));
        return None;
    };
    let own_trace = s.trace_id.as_deref().and_then(TraceId::parse_wire);
    if trace_id.is_none() {
        *trace_id = own_trace;
    }
    let start_ns = match s.start_time.as_ref().and_then(Flex::as_i64).and_then(|us| us.checked_mul(1000)) {
        Some(t) if t > 0 => t,
        _ => {
            let got = s.start_time.as_ref().map(Flex::describe).unwrap_or_else(|| "nothing".into());
            notes.push(format!("Skipped {}: start time missing or invalid (got {got}).", label()));
            return None;
        }
    };
    let end_ns = match s.duration.as_ref().and_then(Flex::as_i64).and_then(|us| us.checked_mul(1000)) {
        Some(d) if d >= 0 => start_ns.saturating_add(d),
        _ => {
            notes.push(format!("{}: duration missing or invalid; shown as 0.", label()));
            start_ns
        }
    };
    let (service, resource) = match s.process.as_ref() {
        Some(p) => process(p),
        None => match s.process_id.as_deref().and_then(|id| processes.get(id)) {
            Some((svc, res)) => (svc.clone(), res.clone()),
            None => {
                notes.push(format!("{}: unknown process {}; shown as {UNKNOWN_SERVICE}.", label(), s.process_id.as_deref().unwrap_or("(none)")));
                (UNKNOWN_SERVICE.to_string(), Arc::default())
            }
        },
    };
    // Parent: the first CHILD_OF in this trace, else the first FOLLOWS_FROM in this trace (as the Jaeger UI
    // does); every other reference is a link.
    let same_trace = |r: &wire::Reference| match (r.trace_id.as_deref().and_then(TraceId::parse_wire), own_trace.or(*trace_id)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let is = |r: &wire::Reference, kind: &str| r.ref_type.as_deref().unwrap_or("CHILD_OF").eq_ignore_ascii_case(kind);
    let parent_ref = s
        .references
        .iter()
        .position(|r| is(r, "CHILD_OF") && same_trace(r))
        .or_else(|| s.references.iter().position(|r| is(r, "FOLLOWS_FROM") && same_trace(r)));
    let mut parent_id = None;
    let mut links = Vec::new();
    for (i, r) in s.references.iter().enumerate() {
        let Some(sid) = r.span_id.as_deref().and_then(SpanId::parse_wire) else {
            notes.push(format!("{}: skipped a reference with an unreadable span ID.", label()));
            continue;
        };
        if Some(i) == parent_ref {
            parent_id = Some(sid);
        } else if let Some(tid) = r.trace_id.as_deref().and_then(TraceId::parse_wire).or(own_trace).or(*trace_id) {
            links.push(SpanLink { trace_id: tid, span_id: sid, kind: r.ref_type.clone().unwrap_or_else(|| "CHILD_OF".into()), attributes: Vec::new() });
        }
    }
    let mut kind = SpanKind::Unspecified;
    let mut status_code: Option<String> = None;
    let mut status_msg = String::new();
    let mut error_tag = false;
    let (mut scope_name, mut scope_version) = (String::new(), String::new());
    let mut attributes = Vec::with_capacity(s.tags.len());
    for t in &s.tags {
        let text = || t.value.as_str().map(str::to_string).unwrap_or_else(|| t.value.to_string());
        match t.key.as_str() {
            "span.kind" => kind = span_kind_name(&text()),
            "otel.status_code" => status_code = Some(text().to_ascii_uppercase()),
            "otel.status_description" => status_msg = text(),
            "otel.scope.name" | "otel.library.name" => scope_name = text(),
            "otel.scope.version" | "otel.library.version" => scope_version = text(),
            _ => {}
        }
        if t.key == "error" && matches!(tag_value(t), AttrValue::Bool(true)) {
            error_tag = true;
        }
        if !FIELD_TAGS.contains(&t.key.as_str()) {
            attributes.push(Attribute { key: t.key.clone(), value: tag_value(t) });
        }
    }
    let status = match status_code.as_deref() {
        Some("ERROR") | Some("STATUS_CODE_ERROR") => SpanStatus::Error(status_msg),
        _ if error_tag => SpanStatus::Error(status_msg),
        Some("OK") | Some("STATUS_CODE_OK") => SpanStatus::Ok,
        _ => SpanStatus::Unset,
    };
    let scope = match (scope_name.trim().is_empty(), scope_version.trim().is_empty()) {
        (true, _) => None,
        (false, true) => Some(scope_name),
        (false, false) => Some(format!("{scope_name} {scope_version}")),
    };
    let events = s
        .logs
        .iter()
        .map(|l| {
            let mut name = String::from("log");
            let mut attributes = Vec::with_capacity(l.fields.len());
            for f in &l.fields {
                match (&f.key[..], &f.value) {
                    ("event", Value::String(e)) => name = e.clone(),
                    _ => attributes.push(Attribute { key: f.key.clone(), value: tag_value(f) }),
                }
            }
            let time_ns = l.timestamp.as_ref().and_then(Flex::as_i64).and_then(|us| us.checked_mul(1000)).unwrap_or(start_ns);
            SpanEvent { time_ns, name, attributes }
        })
        .collect();
    for w in s.warnings.iter().filter(|w| !w.trim().is_empty()) {
        notes.push(format!("Jaeger, {}: {}", label(), clip(w, 300)));
    }
    Some(Span { span_id, parent_id, name, service: service.into(), kind, status, start_ns, end_ns, attributes, resource, scope: scope.map(Into::into), events, links })
}

/// A tag's value by its declared type (`bool`, `int64`, `float64`, `binary`, `string`).
fn tag_value(t: &Tag) -> AttrValue {
    let kind = t.kind.as_deref().unwrap_or("").to_ascii_lowercase();
    match &t.value {
        Value::Bool(b) => AttrValue::Bool(*b),
        Value::Number(n) if kind == "float64" => n.as_f64().map(AttrValue::Float).unwrap_or_else(|| AttrValue::Other(n.to_string())),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => AttrValue::Int(i),
            (None, Some(x)) => AttrValue::Float(x),
            _ => AttrValue::Other(n.to_string()),
        },
        Value::String(s) => match kind.as_str() {
            "bool" if s == "true" || s == "false" => AttrValue::Bool(s == "true"),
            "int64" => s.trim().parse().map(AttrValue::Int).unwrap_or_else(|_| AttrValue::Str(s.clone())),
            "float64" => s.trim().parse().map(AttrValue::Float).unwrap_or_else(|_| AttrValue::Str(s.clone())),
            "binary" => AttrValue::Other(s.clone()),
            _ => AttrValue::Str(s.clone()),
        },
        Value::Null => AttrValue::Str(String::new()),
        other => AttrValue::Other(other.to_string()),
    }
}

/// Reads a classic envelope; `errors` without data, a non-2xx status or HTML become an `ApiError`.
fn parse_classic<T>(status: u16, content_type: &str, body: &str) -> Result<T, ApiError>
where
    T: for<'de> serde::Deserialize<'de> + Default,
{
    if !(200..300).contains(&status) || looks_html(content_type, body) {
        return Err(fail(status, content_type, body));
    }
    let r: Classic<T> = serde_json::from_str(body).map_err(|e| {
        if body.trim().is_empty() {
            ApiError::InvalidJson("Jaeger sent an empty answer.".into())
        } else {
            ApiError::InvalidJson(format!("not a Jaeger answer ({})", json_error(&e)))
        }
    })?;
    match (r.data, r.errors.into_iter().next()) {
        (Some(Some(d)), _) => Ok(d),
        (_, Some(e)) => Err(classify(status, e.code.as_ref().and_then(Flex::as_i64), e.msg.unwrap_or_else(|| "unknown error".into()))),
        (Some(None), None) => Ok(T::default()),
        (None, None) => Err(ApiError::InvalidJson(format!("not a Jaeger answer (no `data`): {}", clip(body.trim(), 120)))),
    }
}

/// An error answer: Jaeger's own message when its JSON has one, else the generic classification.
fn fail(status: u16, content_type: &str, body: &str) -> ApiError {
    if looks_html(content_type, body) {
        return ApiError::from_body(status, content_type, body);
    }
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        let classic = v.get("errors").and_then(|e| e.get(0)).map(|e| (e.get("code"), e.get("msg")));
        let v3 = v.get("error").filter(|e| e.is_object()).map(|e| (e.get("httpCode").or_else(|| e.get("code")), e.get("message")));
        if let Some((code, Some(Value::String(msg)))) = classic.or(v3) {
            let code = code.and_then(|c| c.as_i64().or_else(|| c.as_str().and_then(|s| s.parse().ok())));
            return classify(status, code, msg.clone());
        }
    }
    if status == 404 && body.trim().is_empty() {
        return ApiError::NotFound("Jaeger has no trace with this ID.".into());
    }
    ApiError::from_body(status, content_type, body)
}

fn classify(status: u16, code: Option<i64>, msg: String) -> ApiError {
    if code == Some(404) || status == 404 {
        return ApiError::NotFound(msg);
    }
    let status = if (200..300).contains(&status) { code.and_then(|c| u16::try_from(c).ok()).unwrap_or(status) } else { status };
    ApiError::Backend { status, message: msg }
}

fn looks_html(content_type: &str, body: &str) -> bool {
    let t = body.trim_start();
    content_type.contains("html") || t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("<html") || p.eq_ignore_ascii_case("<!doc"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_recorded_from_jaeger() {
        let deps = parse_dependencies(200, "application/json", include_str!("../../../tests/fixtures/jaeger/dependencies.json")).unwrap();
        assert_eq!(deps.len(), 13);
        assert!(deps.iter().all(|d| d.calls > 0));
        assert!(deps.iter().any(|d| d.caller == "search-service" && d.callee == "embedding-service"));
        // Jaeger counts calls inside one service too (client and server span of the same service).
        assert!(deps.iter().any(|d| d.caller == d.callee));
    }

    #[test]
    fn dependencies_bad_answers() {
        assert_eq!(parse_dependencies(200, "application/json", r#"{"data":null}"#).unwrap(), vec![]);
        let odd = r#"{"data":[{"parent":"a","child":"b","callCount":"7"},{"parent":"","child":"b","callCount":1},{"child":"c"},{"parent":"a","child":"c","callCount":-3}]}"#;
        let d = parse_dependencies(200, "application/json", odd).unwrap();
        assert_eq!(d, vec![ServiceCall { caller: "a".into(), callee: "b".into(), calls: 7 }, ServiceCall { caller: "a".into(), callee: "c".into(), calls: 0 }]);
        assert!(parse_dependencies(200, "text/html", "<html>nginx</html>").is_err());
        assert!(matches!(parse_dependencies(200, "application/json", "{not json"), Err(ApiError::InvalidJson(_))));
        assert!(parse_dependencies(500, "application/json", r#"{"data":null,"errors":[{"code":500,"msg":"boom"}]}"#).is_err());
    }

    const TID: &str = "6575de447380ec933e5135e5d844e736";

    fn classic_body() -> String {
        format!(
            r#"{{"data":[{{"traceID":"{TID}","spans":[
              {{"traceID":"{TID}","spanID":"a0a41a43ab4337a1","flags":1,"operationName":"GET /search","references":[],
                "startTime":1795453063153273,"duration":51656,"processID":"p1","warnings":null,
                "tags":[{{"key":"span.kind","type":"string","value":"server"}},{{"key":"otel.status_code","type":"string","value":"ERROR"}},
                        {{"key":"otel.status_description","type":"string","value":"upstream 500"}},{{"key":"http.response.status_code","type":"int64","value":500}},
                        {{"key":"otel.scope.name","type":"string","value":"@otel/http"}},{{"key":"otel.scope.version","type":"string","value":"0.52.1"}}],
                "logs":[{{"timestamp":1795453063160000,"fields":[{{"key":"event","type":"string","value":"exception"}},{{"key":"exception.message","type":"string","value":"boom"}}]}}]}},
              {{"traceID":"{TID}","spanID":"5109","operationName":"POST","references":[{{"refType":"CHILD_OF","traceID":"{TID}","spanID":"a0a41a43ab4337a1"}},
                  {{"refType":"FOLLOWS_FROM","traceID":"0000000000000000000000000000abcd","spanID":"0000000000000001"}}],
                "startTime":1795453063154871,"duration":44217,"processID":"p2","logs":null,
                "tags":[{{"key":"error","type":"bool","value":true}},{{"key":"ratio","type":"float64","value":1}},{{"key":"big","type":"int64","value":"9007199254740993"}}]}},
              {{"traceID":"{TID}","spanID":"77","operationName":"async","references":[{{"refType":"FOLLOWS_FROM","traceID":"{TID}","spanID":"5109"}}],
                "startTime":1795453063200000,"duration":10,"processID":"missing","tags":[{{"key":"error","type":"string","value":"false"}}]}}
            ],"processes":{{"p1":{{"serviceName":"search-ui","tags":[{{"key":"host.name","type":"string","value":"web-01"}}]}},
                            "p2":{{"serviceName":"","tags":null}}}},"warnings":null}}],"total":0,"limit":0,"offset":0,"errors":null}}"#
        )
    }

    #[test]
    fn classic_trace_converts_tags_refs_logs_and_processes() {
        let t = parse_trace_classic(200, "application/json", &classic_body()).unwrap();
        assert_eq!(t.trace_id.unwrap().to_hex(), TID);
        assert_eq!(t.spans.len(), 3);
        let root = &t.spans[0];
        assert_eq!(root.parent_id, None);
        assert_eq!(&*root.service, "search-ui");
        assert_eq!(root.kind, SpanKind::Server);
        assert_eq!(root.status, SpanStatus::Error("upstream 500".into()));
        assert_eq!(root.scope.as_deref(), Some("@otel/http 0.52.1"));
        assert_eq!(root.start_ns, 1_795_453_063_153_273_000);
        assert_eq!(root.duration_ns(), 51_656_000);
        assert_eq!(root.attributes.len(), 1, "span.kind/otel.* become fields: {:?}", root.attributes);
        assert_eq!(root.attributes[0].value, AttrValue::Int(500));
        assert_eq!(root.resource[0], Attribute { key: "service.name".into(), value: AttrValue::Str("search-ui".into()) });
        assert_eq!(root.resource[1].key, "host.name");
        assert_eq!(root.events[0].name, "exception");
        assert_eq!(root.events[0].time_ns, 1_795_453_063_160_000_000);
        assert_eq!(root.events[0].attributes[0].value, AttrValue::Str("boom".into()));

        let child = &t.spans[1];
        assert_eq!(child.span_id, SpanId(0x5109));
        assert_eq!(child.parent_id, Some(root.span_id));
        assert_eq!(child.links.len(), 1);
        assert_eq!(child.links[0].trace_id, TraceId(0xabcd));
        assert_eq!(child.links[0].kind, "FOLLOWS_FROM");
        assert_eq!(&*child.service, UNKNOWN_SERVICE);
        assert_eq!(child.status, SpanStatus::Error(String::new()));
        assert_eq!(child.attributes[1].value, AttrValue::Float(1.0));
        assert_eq!(child.attributes[2].value, AttrValue::Int(9_007_199_254_740_993));

        let follower = &t.spans[2];
        assert_eq!(follower.parent_id, Some(SpanId(0x5109)), "FOLLOWS_FROM in the same trace is the parent");
        assert_eq!(follower.status, SpanStatus::Unset);
        assert_eq!(&*follower.service, UNKNOWN_SERVICE);
        assert!(t.warnings.iter().any(|w| w.contains("unknown process missing")), "{:?}", t.warnings);
    }

    #[test]
    fn classic_links_to_other_traces_stay_links() {
        let body = format!(
            r#"{{"data":[{{"traceID":"{TID}","processes":{{"p":{{"serviceName":"s"}}}},"spans":[
              {{"traceID":"{TID}","spanID":"2","operationName":"x","processID":"p","startTime":10,"duration":5,
                "references":[{{"refType":"FOLLOWS_FROM","traceID":"abcd","spanID":"1"}},{{"refType":"CHILD_OF","traceID":"{TID}","spanID":"9"}}]}}]}}]}}"#
        );
        let t = parse_trace_classic(200, "application/json", &body).unwrap();
        let s = &t.spans[0];
        assert_eq!(s.parent_id, Some(SpanId(9)));
        assert_eq!(s.links, vec![SpanLink { trace_id: TraceId(0xabcd), span_id: SpanId(1), kind: "FOLLOWS_FROM".into(), attributes: vec![] }]);
        assert_eq!(s.end_ns - s.start_ns, 5000);
    }

    #[test]
    fn classic_bad_spans_are_skipped() {
        let body = format!(
            r#"{{"data":[{{"traceID":"{TID}","processes":{{"p":{{"serviceName":"s"}}}},"spans":[
              {{"spanID":"1","operationName":"ok","processID":"p","startTime":10,"duration":5}},
              {{"spanID":"2","operationName":"no start","processID":"p","duration":5}},
              {{"spanID":"zz","operationName":"bad id","processID":"p","startTime":10,"duration":5}},
              {{"spanID":"3","operationName":"neg","processID":"p","startTime":10,"duration":-4}},
              {{"spanID":"4","operationName":["wrong type"],"processID":"p","startTime":10,"duration":5}}]}}]}}"#
        );
        let t = parse_trace_classic(200, "application/json", &body).unwrap();
        let names: Vec<_> = t.spans.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["ok", "neg"]);
        assert_eq!(t.spans[1].duration_ns(), 0);
        assert_eq!(t.trace_id.unwrap().to_hex(), TID);
        assert_eq!(t.warnings.len(), 4, "{:?}", t.warnings);
    }

    #[test]
    fn jaeger_errors() {
        let nf = r#"{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}"#;
        assert_eq!(parse_trace_classic(404, "application/json", nf), Err(ApiError::NotFound("trace not found".into())));
        assert_eq!(parse_trace_classic(200, "application/json", nf), Err(ApiError::NotFound("trace not found".into())));
        let bad = r#"{"data":null,"errors":[{"code":400,"msg":"parameter 'service' is required"}]}"#;
        assert_eq!(
            parse_search_classic(400, "application/json", bad),
            Err(ApiError::Backend { status: 400, message: "parameter 'service' is required".into() })
        );
        let v3 = r#"{"error":{"grpcCode":5,"httpCode":404,"message":"trace not found","httpStatus":"Not Found"}}"#;
        assert_eq!(parse_trace_v3(404, "application/json", v3), Err(ApiError::NotFound("trace not found".into())));
        assert_eq!(parse_trace_v3(200, "application/json", v3), Err(ApiError::NotFound("trace not found".into())));
        assert!(matches!(parse_trace_v3(502, "text/html", "<html><title>Bad Gateway</title></html>"), Err(ApiError::Html { status: 502, .. })));
        assert!(matches!(parse_strings(200, "text/html; charset=utf-8", "<!doctype html><html></html>"), Err(ApiError::Html { .. })));
        assert!(matches!(parse_strings(200, "application/json", "{\"version\":\"v3\"}"), Err(ApiError::InvalidJson(_))));
        assert!(matches!(parse_strings(200, "application/json", "oops"), Err(ApiError::InvalidJson(_))));
        assert!(matches!(parse_trace_classic(500, "text/plain", "internal error"), Err(ApiError::Backend { status: 500, .. })));
        assert_eq!(parse_trace_classic(200, "application/json", r#"{"data":[]}"#).unwrap_err(), ApiError::NotFound("Jaeger has no trace with this ID.".into()));
    }

    #[test]
    fn the_probe_check_agrees_with_parse_strings() {
        let real = r#"{"data":["search-ui","search-service"],"total":2,"limit":0,"offset":0,"errors":null}"#;
        for (body, ct, want) in [
            (real, "application/json", true),
            (r#"{"data":null,"total":0}"#, "application/json", true),
            (r#"{"data":[1,{"a":"\u00e9"}]}"#, "application/json", true),
            (r#"{"data":null,"errors":[{"code":500,"msg":"storage down"}]}"#, "application/json", false),
            (r#"{"traces":[],"metrics":{"inspectedBytes":"0"}}"#, "application/json", false),
            ("{\"version\":\"v3\"}", "application/json", false),
            ("oops", "application/json", false),
            (&real[..40], "application/json", false),
            ("<!doctype html><html></html>", "text/html", false),
        ] {
            assert_eq!(answers_services(200, ct, body), want, "{body}");
            assert_eq!(parse_strings(200, ct, body).is_ok(), want, "{body}");
        }
        assert!(!answers_services(503, "application/json", real));
    }

    #[test]
    fn v3_needs_a_result() {
        // Found by tests/error_matrix.rs: a Tempo trace or any JSON object read as an empty Jaeger trace.
        let tempo = r#"{"trace":{"resourceSpans":[{"scopeSpans":[]}]}}"#;
        assert!(matches!(parse_trace_v3(200, "application/json", tempo), Err(ApiError::InvalidJson(m)) if m.contains("no `result`")));
        assert!(matches!(parse_trace_v3(200, "application/json", "{}"), Err(ApiError::InvalidJson(_))));
        assert_eq!(parse_trace_v3(200, "application/json", r#"{"result":{}}"#).map(|t| t.spans.len()), Ok(0));
    }

    #[test]
    fn strings_lists() {
        assert_eq!(parse_strings(200, "application/json", r#"{"data":null,"total":0,"limit":0,"offset":0,"errors":null}"#), Ok(vec![]));
        assert_eq!(
            parse_strings(200, "application/json", r#"{"data":["search-ui","jaeger","embedding-service","jaeger"],"total":4}"#),
            Ok(vec!["embedding-service".to_string(), "jaeger".into(), "search-ui".into()])
        );
    }

    #[test]
    fn v3_otlp_trace_with_hex_ids_and_chunks() {
        let chunk = |span: &str, svc: &str| {
            format!(
                r#"{{"result":{{"resourceSpans":[{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"{svc}"}}}}]}},
                "scopeSpans":[{{"scope":{{}},"spans":[{span}]}}]}}]}}}}"#
            )
        };
        let a = chunk(&format!(r#"{{"traceId":"{TID}","spanId":"a0a41a43ab4337a1","name":"GET /search","kind":2,"startTimeUnixNano":"1795453063153273726","endTimeUnixNano":"1795453063204929916","status":{{"code":2}}}}"#), "search-ui");
        let b = chunk(&format!(r#"{{"traceId":"{TID}","spanId":"510913ae1be3f6d4","parentSpanId":"a0a41a43ab4337a1","name":"POST","kind":3,"startTimeUnixNano":"1795453063154871961","endTimeUnixNano":"1795453063199089334","status":{{}}}}"#), "search-ui");
        let t = parse_trace_v3(200, "application/json", &a).unwrap();
        assert_eq!(t.spans.len(), 1);
        assert_eq!(t.spans[0].kind, SpanKind::Server);
        assert!(t.spans[0].is_error());
        assert_eq!(t.spans[0].scope, None);
        let t = parse_trace_v3(200, "application/json", &format!("{a}\n{b}")).unwrap();
        assert_eq!(t.trace_id.unwrap().to_hex(), TID);
        assert_eq!(t.spans.len(), 2);
        assert_eq!(t.spans[1].parent_id, Some(t.spans[0].span_id));
        assert_eq!(parse_trace_v3(200, "application/json", r#"{"result":{"resourceSpans":[]}}"#).unwrap().spans.len(), 0);
        // One bad span in a chunk does not lose the others.
        let broken = a.replace(r#""name":"GET /search""#, r#""name":{"x":1}"#);
        let t = parse_trace_v3(200, "application/json", &format!("{broken}\n{b}")).unwrap();
        assert_eq!(t.spans.len(), 1);
        assert_eq!(t.warnings.len(), 1);
    }

    #[test]
    fn search_summaries_are_newest_first() {
        let body = format!(
            r#"{{"data":[
              {{"traceID":"1","spans":[{{"traceID":"1","spanID":"1","operationName":"old","startTime":1000000,"duration":2000,"processID":"p"}}],"processes":{{"p":{{"serviceName":"a"}}}}}},
              {{"traceID":"{TID}","spans":[
                 {{"traceID":"{TID}","spanID":"2","operationName":"child","startTime":5000000,"duration":1000,"processID":"p","references":[{{"refType":"CHILD_OF","traceID":"{TID}","spanID":"3"}}],
                   "tags":[{{"key":"error","type":"bool","value":true}}]}},
                 {{"traceID":"{TID}","spanID":"3","operationName":"root","startTime":4000000,"duration":3000,"processID":"p"}}],
               "processes":{{"p":{{"serviceName":"b"}}}}}}],"errors":null}}"#
        );
        let list = parse_search_classic(200, "application/json", &body).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].trace_id.to_hex(), TID);
        assert_eq!(list[0].root_name, "root");
        assert_eq!(list[0].root_service, "b");
        assert_eq!(list[0].start_ms, 4000);
        assert_eq!(list[0].duration_ms, 1001.0, "from the earliest start to the latest end");
        assert_eq!(list[0].span_count, Some(2));
        assert!(list[0].error);
        assert_eq!(list[1].root_name, "old");
        assert!(!list[1].error);
        assert_eq!(parse_search_classic(200, "application/json", r#"{"data":null,"errors":null}"#), Ok(vec![]));
    }
}
