//! OTLP/JSON → `telemetry::Trace`: one pass over the spans, bad spans skipped with a warning, never a failure
//! of the whole trace for one bad span.

use std::sync::Arc;

use serde_json::Value;

use super::fast::Got;
use super::flex::{clip, Flex};
use crate::backends::error::json_error;
use super::wire::{self, AnyValue, KeyValue, ResourceSpans};
use crate::telemetry::{AttrValue, Attribute, Span, SpanEvent, SpanId, SpanKind, SpanLink, SpanStatus, Trace, TraceId};

/// The service name used when a resource has no `service.name` (the OTel SDK default).
pub const UNKNOWN_SERVICE: &str = "unknown_service";

/// Problems found while converting, capped so a broken 50,000-span file yields a short list.
#[derive(Debug, Default)]
pub struct Warnings {
    list: Vec<String>,
    more: usize,
}

impl Warnings {
    const MAX: usize = 20;
    pub fn push(&mut self, msg: impl Into<String>) {
        if self.list.len() < Self::MAX {
            self.list.push(msg.into());
        } else {
            self.more += 1;
        }
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub fn into_vec(mut self) -> Vec<String> {
        if self.more > 0 {
            self.list.push(format!("…and {} more problems of the same kind.", self.more));
        }
        self.list
    }
}

/// Converts OTLP resource spans into a trace. `notes` carries warnings found earlier (lenient parsing).
/// `trace_id` is the first valid span trace ID.
pub fn to_trace(resource_spans: Vec<ResourceSpans>, notes: Warnings) -> Trace {
    let mut b = TraceBuilder::new(notes);
    for rs in resource_spans {
        b.resource(rs.resource);
        for ss in rs.scope_spans.into_iter().chain(rs.instrumentation_library_spans) {
            b.scope(ss.scope.or(ss.instrumentation_library));
            for ws in ss.spans {
                b.span(ws);
            }
        }
    }
    b.finish()
}

/// Builds a trace span by span, in the order the answer lists them: a resource, then its scopes, each with
/// its spans (what [`to_trace`] does over parsed lists, and `stream` does while the answer arrives).
pub struct TraceBuilder {
    trace: Trace,
    notes: Warnings,
    other_trace_spans: usize,
    index: usize,
    resource: Arc<[Attribute]>,
    service: Arc<str>,
    scope: Option<Arc<str>>,
    /// The fast reader's attributes while a list is read.
    scratch: Vec<Attribute>,
    /// The fast reader's last trace ID.
    last_trace: super::fast::LastTrace,
}

impl TraceBuilder {
    pub fn new(notes: Warnings) -> TraceBuilder {
        TraceBuilder {
            trace: Trace::default(),
            notes,
            other_trace_spans: 0,
            index: 0,
            resource: Vec::new().into(),
            service: UNKNOWN_SERVICE.into(),
            scope: None,
            scratch: Vec::new(),
            last_trace: Default::default(),
        }
    }

    /// Starts the spans of a resource (none: `unknown_service`).
    pub fn resource(&mut self, r: Option<wire::Resource>) {
        self.resource = r.map(|r| r.attributes.into_iter().map(attribute).collect::<Vec<_>>()).unwrap_or_default().into();
        self.service = self
            .resource
            .iter()
            .find(|a| a.key == "service.name")
            .map(|a| a.value.to_string())
            .filter(|s| !s.trim().is_empty())
            .map_or_else(|| UNKNOWN_SERVICE.into(), Arc::from);
        self.scope = None;
    }

    /// Starts the spans of an instrumentation scope of the current resource.
    pub fn scope(&mut self, s: Option<wire::Scope>) {
        self.scope = s.and_then(scope_text).map(Arc::from);
    }

    /// Adds a span of the current resource and scope (or a warning when it cannot be shown).
    pub fn span(&mut self, ws: wire::Span) {
        self.index += 1;
        if let Some(s) = span(ws, self.index, &self.service, &self.resource, &self.scope, &mut self.trace.trace_id, &mut self.other_trace_spans, &mut self.notes) {
            self.trace.spans.push(s);
        }
    }

    /// Adds a span given as its JSON object: read straight into the model when it has the common shape
    /// (`fast`), else through the wire types. `false` when it is no span object at all.
    pub fn span_json(&mut self, bytes: &[u8]) -> bool {
        match super::fast::span(bytes, &mut self.scratch, &mut self.last_trace) {
            Got::Span(f, n) if bytes.get(n..).is_some_and(|rest| rest.trim_ascii().is_empty()) => {
                self.fast_span(f);
                true
            }
            _ => serde_json::from_slice::<wire::Span>(bytes).map(|s| self.span(s)).is_ok(),
        }
    }

    /// Adds the span object that `rest` starts with, when it is whole there and reads without a problem;
    /// how many bytes it took. `None` leaves it to [`Self::span_json`] once all its bytes are in.
    pub fn span_in_place(&mut self, rest: &[u8]) -> Option<usize> {
        match super::fast::span(rest, &mut self.scratch, &mut self.last_trace) {
            Got::Span(f, n) => {
                self.fast_span(f);
                Some(n)
            }
            Got::Short => None,
            Got::Defer => {
                let mut items = serde_json::Deserializer::from_slice(rest).into_iter::<wire::Span>();
                let ws = items.next()?.ok()?;
                let n = items.byte_offset();
                self.span(ws);
                Some(n)
            }
        }
    }

    pub(super) fn fast_span(&mut self, f: super::fast::Fast) {
        self.index += 1;
        if let Some(t) = f.trace_id {
            match self.trace.trace_id {
                None => self.trace.trace_id = Some(t),
                Some(first) if first != t => self.other_trace_spans += 1,
                Some(_) => {}
            }
        }
        let links = f.links.into_iter().map(|(trace_id, span_id, attributes)| SpanLink { trace_id, span_id, kind: "link".into(), attributes }).collect();
        self.trace.spans.push(Span {
            span_id: f.span_id,
            parent_id: f.parent_id,
            name: f.name,
            service: self.service.clone(),
            kind: f.kind,
            status: f.status,
            start_ns: f.start_ns,
            end_ns: f.end_ns,
            attributes: f.attributes,
            resource: self.resource.clone(),
            scope: self.scope.clone(),
            events: f.events,
            links,
        });
    }

    pub fn finish(mut self) -> Trace {
        if self.other_trace_spans > 0 {
            self.notes.push(format!(
                "{} spans carry a trace ID other than {}; they are shown in this trace.",
                self.other_trace_spans,
                self.trace.trace_id.map(TraceId::to_hex).unwrap_or_default()
            ));
        }
        self.trace.warnings = self.notes.into_vec();
        self.trace
    }
}

/// Reads a `resourceSpans` array that did not match the wire types as a whole, one piece at a time: a span
/// that cannot be read is skipped with a warning.
pub fn lenient_resource_spans(items: Value, notes: &mut Warnings) -> Vec<ResourceSpans> {
    let Value::Array(items) = items else {
        notes.push("`resourceSpans` is not a list; no spans read.");
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    let mut index = 0usize;
    for mut item in items {
        let Some(obj) = item.as_object_mut() else {
            notes.push("Skipped an entry of `resourceSpans` that is not an object.");
            continue;
        };
        let resource = match obj.remove("resource") {
            None | Some(Value::Null) => None,
            Some(v) => serde_json::from_value::<wire::Resource>(v)
                .map_err(|e| notes.push(format!("Could not read a resource ({}); its spans are shown as {UNKNOWN_SERVICE}.", json_error(&e))))
                .ok(),
        };
        let mut rs = ResourceSpans { resource, ..Default::default() };
        for key in ["scopeSpans", "scope_spans", "instrumentationLibrarySpans", "instrumentation_library_spans"] {
            let Some(Value::Array(list)) = obj.remove(key) else { continue };
            for mut sv in list {
                let Some(so) = sv.as_object_mut() else { continue };
                let scope = ["scope", "instrumentationLibrary", "instrumentation_library"]
                    .iter()
                    .find_map(|k| so.remove(*k))
                    .and_then(|v| serde_json::from_value::<wire::Scope>(v).ok());
                let mut spans = Vec::new();
                if let Some(Value::Array(raw)) = so.remove("spans") {
                    spans.reserve(raw.len());
                    for r in raw {
                        index += 1;
                        match serde_json::from_value::<wire::Span>(r) {
                            Ok(s) => spans.push(s),
                            Err(e) => notes.push(format!("Skipped span #{index}: {}.", json_error(&e))),
                        }
                    }
                }
                rs.scope_spans.push(wire::ScopeSpans { scope, instrumentation_library: None, spans });
            }
        }
        out.push(rs);
    }
    out
}

/// The slow path for a document the wire types rejected: reads the `resourceSpans` array found at `pointer`
/// (e.g. `/resourceSpans`, `/trace/resourceSpans`, `/batches`) span by span. A missing array gives no spans.
pub fn lenient_at(text: &str, pointer: &str) -> Result<Trace, String> {
    let mut v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON ({})", json_error(&e)))?;
    Ok(lenient_in(&mut v, pointer))
}

/// As [`lenient_at`], on an already parsed value (the array is taken out of it).
pub fn lenient_in(v: &mut Value, pointer: &str) -> Trace {
    let items = v.pointer_mut(pointer).map(Value::take).unwrap_or(Value::Array(Vec::new()));
    let mut notes = Warnings::default();
    let rs = lenient_resource_spans(items, &mut notes);
    to_trace(rs, notes)
}

#[allow(clippy::too_many_arguments)]
fn span(
    ws: wire::Span,
    index: usize,
    service: &Arc<str>,
    resource: &Arc<[Attribute]>,
    scope: &Option<Arc<str>>,
    trace_id: &mut Option<TraceId>,
    other_trace_spans: &mut usize,
    notes: &mut Warnings,
) -> Option<Span> {
    let name = ws.name.unwrap_or_default();
    let label = || format!("span #{index} \"{}\" ({service})", clip(&name, 80));
    let Some(span_id) = ws.span_id.as_deref().and_then(SpanId::parse_wire) else {
        notes.push(format!("Skipped {}: missing or unreadable span ID {}.", label(), quoted(ws.span_id.as_deref())));
        return None;
    };
    match ws.trace_id.as_deref().map(|s| (s, TraceId::parse_wire(s))) {
        None => {}
        Some((_, Some(t))) => match trace_id {
            None => *trace_id = Some(t),
            Some(first) if *first != t => *other_trace_spans += 1,
            Some(_) => {}
        },
        Some((raw, None)) if raw.trim().is_empty() => {}
        Some((raw, None)) => notes.push(format!("{}: unreadable trace ID \"{}\".", label(), clip(raw, 60))),
    }
    let parent_id = match ws.parent_span_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => match SpanId::parse_wire(raw) {
            Some(SpanId(0)) => None,
            Some(p) => Some(p),
            None => {
                notes.push(format!("{}: unreadable parent span ID \"{}\"; shown as a root.", label(), clip(raw, 60)));
                None
            }
        },
    };
    let start_ns = match ws.start_time_unix_nano.as_ref().map(|f| (f, f.as_i64())) {
        Some((_, Some(t))) if t > 0 => t,
        other => {
            let got = other.map(|(f, _)| f.describe()).unwrap_or_else(|| "nothing".into());
            notes.push(format!("Skipped {}: start time missing or invalid (got {got}).", label()));
            return None;
        }
    };
    let end_ns = match ws.end_time_unix_nano.as_ref().and_then(Flex::as_i64) {
        Some(t) if t >= start_ns => t,
        Some(_) => {
            notes.push(format!("{} ends before it starts; its duration is shown as 0.", label()));
            start_ns
        }
        None => {
            notes.push(format!("{}: end time missing or invalid; its duration is shown as 0.", label()));
            start_ns
        }
    };
    let events = ws
        .events
        .into_iter()
        .map(|e| SpanEvent {
            time_ns: e.time_unix_nano.as_ref().and_then(Flex::as_i64).unwrap_or(start_ns),
            name: e.name.unwrap_or_default(),
            attributes: e.attributes.into_iter().map(attribute).collect(),
        })
        .collect();
    let mut links = Vec::with_capacity(ws.links.len());
    for l in ws.links {
        match (l.trace_id.as_deref().and_then(TraceId::parse_wire), l.span_id.as_deref().and_then(SpanId::parse_wire)) {
            (Some(trace_id), Some(span_id)) => links.push(SpanLink {
                trace_id,
                span_id,
                kind: "link".into(),
                attributes: l.attributes.into_iter().map(attribute).collect(),
            }),
            _ => notes.push(format!("{}: skipped a link with an unreadable trace or span ID.", label())),
        }
    }
    Some(Span {
        span_id,
        parent_id,
        kind: ws.kind.as_ref().map(span_kind).unwrap_or(SpanKind::Unspecified),
        status: ws.status.map(status).unwrap_or(SpanStatus::Unset),
        service: service.clone(),
        start_ns,
        end_ns,
        attributes: ws.attributes.into_iter().map(attribute).collect(),
        resource: resource.clone(),
        scope: scope.clone(),
        events,
        links,
        name,
    })
}

fn quoted(s: Option<&str>) -> String {
    match s {
        Some(s) => format!("\"{}\"", clip(s, 60)),
        None => "(none)".into(),
    }
}

fn scope_text(s: wire::Scope) -> Option<String> {
    let name = s.name.unwrap_or_default();
    let version = s.version.unwrap_or_default();
    match (name.trim().is_empty(), version.trim().is_empty()) {
        (true, _) => None,
        (false, true) => Some(name),
        (false, false) => Some(format!("{name} {version}")),
    }
}

/// `SPAN_KIND_SERVER`, `server`, `2`.
pub fn span_kind(f: &Flex) -> SpanKind {
    if let Some(i) = f.as_i64() {
        return span_kind_number(i);
    }
    f.as_str().map(span_kind_name).unwrap_or(SpanKind::Unspecified)
}

/// A span kind written as OTLP's number.
pub(super) fn span_kind_number(i: i64) -> SpanKind {
    match i {
        1 => SpanKind::Internal,
        2 => SpanKind::Server,
        3 => SpanKind::Client,
        4 => SpanKind::Producer,
        5 => SpanKind::Consumer,
        _ => SpanKind::Unspecified,
    }
}

/// A span kind written as a name, with or without the `SPAN_KIND_` prefix, any case.
pub fn span_kind_name(s: &str) -> SpanKind {
    let s = s.trim();
    let s = s.get(..10).filter(|p| p.eq_ignore_ascii_case("SPAN_KIND_")).and_then(|_| s.get(10..)).unwrap_or(s);
    match s.to_ascii_lowercase().as_str() {
        "internal" => SpanKind::Internal,
        "server" => SpanKind::Server,
        "client" => SpanKind::Client,
        "producer" => SpanKind::Producer,
        "consumer" => SpanKind::Consumer,
        _ => SpanKind::Unspecified,
    }
}

fn status(s: wire::Status) -> SpanStatus {
    let code = match &s.code {
        None => 0,
        Some(f) => f.as_i64().unwrap_or_else(|| f.as_str().map(status_code_name).unwrap_or(0)),
    };
    status_of(code, s.message.unwrap_or_default())
}

/// A status code written as a name (`STATUS_CODE_ERROR`, `ok`): its number, 0 when unknown.
pub(super) fn status_code_name(t: &str) -> i64 {
    match t.trim().to_ascii_uppercase().as_str() {
        "STATUS_CODE_ERROR" | "ERROR" => 2,
        "STATUS_CODE_OK" | "OK" => 1,
        _ => 0,
    }
}

/// The status for OTLP's code number; the message is kept for an error.
pub(super) fn status_of(code: i64, message: String) -> SpanStatus {
    match code {
        1 => SpanStatus::Ok,
        2 => SpanStatus::Error(message),
        _ => SpanStatus::Unset,
    }
}

pub fn attribute(kv: KeyValue) -> Attribute {
    Attribute { key: kv.key, value: kv.value.map(value).unwrap_or(AttrValue::Str(String::new())) }
}

fn value(v: AnyValue) -> AttrValue {
    if let Some(s) = v.string_value {
        return AttrValue::Str(s);
    }
    if let Some(i) = v.int_value {
        return match i.as_i64() {
            Some(i) => AttrValue::Int(i),
            None => AttrValue::Other(flex_text(&i)),
        };
    }
    if let Some(d) = v.double_value {
        return match d.as_f64() {
            Some(x) => AttrValue::Float(x),
            None => AttrValue::Other(flex_text(&d)),
        };
    }
    if let Some(b) = v.bool_value {
        return AttrValue::Bool(b);
    }
    if v.array_value.is_some() || v.kvlist_value.is_some() {
        let mut out = String::new();
        json_text(&v, &mut out);
        return AttrValue::Other(out);
    }
    if let Some(b) = v.bytes_value {
        return AttrValue::Other(b);
    }
    AttrValue::Str(String::new())
}

fn flex_text(f: &Flex) -> String {
    match f {
        Flex::Str(s) => s.clone(),
        other => other.describe(),
    }
}

/// Arrays and maps as JSON text (`["a",1]`, `{"k":"v"}`), for display.
fn json_text(v: &AnyValue, out: &mut String) {
    if let Some(s) = &v.string_value {
        out.push_str(&Value::String(s.clone()).to_string());
    } else if let Some(i) = &v.int_value {
        match i.as_i64() {
            Some(n) => out.push_str(&n.to_string()),
            None => out.push_str(&Value::String(flex_text(i)).to_string()),
        }
    } else if let Some(d) = &v.double_value {
        match d.as_f64().filter(|x| x.is_finite()) {
            Some(x) => out.push_str(&x.to_string()),
            None => out.push_str(&Value::String(flex_text(d)).to_string()),
        }
    } else if let Some(b) = v.bool_value {
        out.push_str(if b { "true" } else { "false" });
    } else if let Some(a) = &v.array_value {
        out.push('[');
        for (i, x) in a.values.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_text(x, out);
        }
        out.push(']');
    } else if let Some(m) = &v.kvlist_value {
        out.push('{');
        for (i, kv) in m.values.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&Value::String(kv.key.clone()).to_string());
            out.push(':');
            match &kv.value {
                Some(x) => json_text(x, out),
                None => out.push_str("null"),
            }
        }
        out.push('}');
    } else if let Some(b) = &v.bytes_value {
        out.push_str(&Value::String(b.clone()).to_string());
    } else {
        out.push_str("null");
    }
}

/// Parses `{"resourceSpans": [...]}` (an OTLP JSON export): typed first, span by span when that fails.
pub fn parse_traces_data(text: &str) -> Result<Trace, String> {
    match serde_json::from_str::<wire::TracesData>(text) {
        Ok(d) => Ok(to_trace(d.resource_spans, Warnings::default())),
        Err(_) => lenient_at(text, "/resourceSpans").or_else(|_| lenient_at(text, "/resource_spans")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX_TRACE: &str = "0102030405060708090a0b0c0d0e0f10";

    fn doc(spans: &str) -> String {
        format!(
            r#"{{"resourceSpans":[{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"api"}}}}]}},
            "scopeSpans":[{{"scope":{{"name":"lib","version":"1.2"}},"spans":[{spans}]}}]}}]}}"#
        )
    }

    #[test]
    fn hex_ids_numbers_and_enum_ints() {
        let t = parse_traces_data(&doc(&format!(
            r#"{{"traceId":"{HEX_TRACE}","spanId":"00000000000000aa","name":"root","kind":2,
               "startTimeUnixNano":1000000000,"endTimeUnixNano":"1500000000","status":{{"code":2,"message":"boom"}},
               "attributes":[{{"key":"n","value":{{"intValue":"42"}}}},{{"key":"d","value":{{"doubleValue":0.5}}}},
                 {{"key":"b","value":{{"boolValue":true}}}},
                 {{"key":"arr","value":{{"arrayValue":{{"values":[{{"stringValue":"x"}},{{"intValue":"1"}}]}}}}}},
                 {{"key":"map","value":{{"kvlistValue":{{"values":[{{"key":"k","value":{{"boolValue":false}}}}]}}}}}},
                 {{"key":"raw","value":{{"bytesValue":"AQI="}}}},{{"key":"empty","value":{{}}}}],
               "events":[{{"timeUnixNano":"1200000000","name":"exception","attributes":[{{"key":"exception.message","value":{{"stringValue":"x"}}}}]}}],
               "links":[{{"traceId":"{HEX_TRACE}","spanId":"00000000000000bb"}},{{"traceId":"zz","spanId":"??"}}]}}"#
        )))
        .unwrap();
        assert_eq!(t.trace_id.unwrap().to_hex(), HEX_TRACE);
        let s = &t.spans[0];
        assert_eq!(s.span_id, SpanId(0xaa));
        assert_eq!(s.parent_id, None);
        assert_eq!(&*s.service, "api");
        assert_eq!(s.scope.as_deref(), Some("lib 1.2"));
        assert_eq!(s.kind, SpanKind::Server);
        assert_eq!(s.status, SpanStatus::Error("boom".into()));
        assert_eq!(s.duration_ns(), 500_000_000);
        let vals: Vec<_> = s.attributes.iter().map(|a| a.value.clone()).collect();
        assert_eq!(
            vals,
            vec![
                AttrValue::Int(42),
                AttrValue::Float(0.5),
                AttrValue::Bool(true),
                AttrValue::Other(r#"["x",1]"#.into()),
                AttrValue::Other(r#"{"k":false}"#.into()),
                AttrValue::Other("AQI=".into()),
                AttrValue::Str(String::new()),
            ]
        );
        assert_eq!(s.events[0].time_ns, 1_200_000_000);
        assert_eq!(s.events[0].name, "exception");
        assert_eq!(s.links.len(), 1);
        assert_eq!(s.links[0].span_id, SpanId(0xbb));
        assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
        assert!(t.warnings[0].contains("link"));
    }

    #[test]
    fn base64_ids_and_enum_names_match_hex() {
        // 0x0102..10 in base64; span 0xaa as 8 bytes.
        let t = parse_traces_data(&doc(
            r#"{"traceId":"AQIDBAUGBwgJCgsMDQ4PEA==","spanId":"AAAAAAAAAKo=","parentSpanId":"AAAAAAAAAAA=","name":"r",
               "kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"5","endTimeUnixNano":"9","status":{"code":"STATUS_CODE_OK"}}"#,
        ))
        .unwrap();
        assert_eq!(t.trace_id.unwrap().to_hex(), HEX_TRACE);
        assert_eq!(t.spans[0].span_id, SpanId(0xaa));
        assert_eq!(t.spans[0].parent_id, None, "all-zero parent means root");
        assert_eq!(t.spans[0].kind, SpanKind::Client);
        assert_eq!(t.spans[0].status, SpanStatus::Ok);
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn unknown_service_old_scope_name_and_bad_spans_are_skipped() {
        let text = r#"{"resourceSpans":[{"resource":{"attributes":[]},"instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"old"},"spans":[
            {"traceId":"01","spanId":"01","name":"ok","startTimeUnixNano":"10","endTimeUnixNano":"20","parentSpanId":"not-an-id!"},
            {"traceId":"01","spanId":"02","name":"no start","endTimeUnixNano":"20"},
            {"traceId":"01","spanId":"03","name":"bad start","startTimeUnixNano":"yesterday","endTimeUnixNano":"20"},
            {"traceId":"01","spanId":"","name":"no id","startTimeUnixNano":"10","endTimeUnixNano":"20"},
            {"traceId":"01","spanId":"05","name":"backwards","startTimeUnixNano":"30","endTimeUnixNano":"20"},
            {"traceId":"02","spanId":"06","name":"other trace","startTimeUnixNano":"30","endTimeUnixNano":"40"}
        ]}]}]}"#;
        let t = parse_traces_data(text).unwrap();
        let names: Vec<_> = t.spans.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["ok", "backwards", "other trace"]);
        assert_eq!(&*t.spans[0].service, UNKNOWN_SERVICE);
        assert_eq!(t.spans[0].scope.as_deref(), Some("old"));
        assert_eq!(t.spans[0].parent_id, None);
        assert_eq!(t.spans[1].duration_ns(), 0);
        assert_eq!(t.trace_id, Some(TraceId(1)));
        let w = t.warnings.join("\n");
        for needle in ["parent span ID", "no start", "bad start", "no id", "ends before", "other than"] {
            assert!(w.contains(needle), "missing {needle:?} in {w}");
        }
    }

    #[test]
    fn a_span_of_the_wrong_shape_does_not_fail_the_trace() {
        // `name` as a number and `attributes` as a string break the typed parse; only those spans are dropped.
        let t = parse_traces_data(&doc(
            r#"{"spanId":"01","name":"good","startTimeUnixNano":"1","endTimeUnixNano":"2"},
               {"spanId":"02","name":7,"startTimeUnixNano":"1","endTimeUnixNano":"2"},
               42,
               {"spanId":"03","name":"attrs","attributes":"nope","startTimeUnixNano":"1","endTimeUnixNano":"2"}"#,
        ))
        .unwrap();
        assert_eq!(t.spans.len(), 1);
        assert_eq!(t.spans[0].name, "good");
        assert_eq!(&*t.spans[0].service, "api");
        assert_eq!(t.warnings.len(), 3, "{:?}", t.warnings);
    }

    #[test]
    fn warnings_are_capped() {
        let spans: Vec<String> = (0..100).map(|i| format!(r#"{{"spanId":"{:x}","name":"s"}}"#, i + 1)).collect();
        let t = parse_traces_data(&doc(&spans.join(","))).unwrap();
        assert!(t.spans.is_empty());
        assert_eq!(t.warnings.len(), Warnings::MAX + 1);
        assert!(t.warnings.last().unwrap().contains("80 more"));
    }

    #[test]
    fn snake_case_keys_are_read() {
        let t = parse_traces_data(
            r#"{"resource_spans":[{"scope_spans":[{"spans":[{"span_id":"0a","start_time_unix_nano":"1","end_time_unix_nano":"3","name":"x"}]}]}]}"#,
        )
        .unwrap();
        assert_eq!(t.spans.len(), 1);
        assert_eq!(t.spans[0].span_id, SpanId(10));
    }

    #[test]
    fn fifty_thousand_spans_convert() {
        let mut spans = String::with_capacity(50_000 * 400);
        for i in 0..50_000u64 {
            if i > 0 {
                spans.push(',');
            }
            let parent = if i == 0 { String::new() } else { format!(r#","parentSpanId":"{:016x}""#, i / 2 + 1) };
            spans.push_str(&format!(
                r#"{{"traceId":"{HEX_TRACE}","spanId":"{:016x}"{parent},"name":"op {i}","kind":"SPAN_KIND_INTERNAL","startTimeUnixNano":"{}","endTimeUnixNano":"{}","attributes":[{{"key":"i","value":{{"intValue":"{i}"}}}},{{"key":"s","value":{{"stringValue":"v"}}}}],"status":{{}}}}"#,
                i + 1,
                1_000_000_000 + i * 10,
                1_000_000_500 + i * 10
            ));
        }
        let text = doc(&spans);
        // Correctness at size only: speed is printed by `cargo run --release --example bench_trace`, never
        // asserted (a timed test flakes on a loaded machine).
        let t = parse_traces_data(&text).unwrap();
        assert_eq!(t.spans.len(), 50_000);
        assert!(t.warnings.is_empty());
    }
}
