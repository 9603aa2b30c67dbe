//! A single trace in a snapshot (a traces panel whose query is a trace ID shows that trace): every span with
//! its IDs, service, name, kind, status, times, attributes and events, so the snapshot draws the same Gantt
//! with no backend. Resource attributes (other than the service), scopes and span links are not kept.

use serde::{Deserialize, Serialize};

use super::snapshot::ns_string;
use crate::telemetry::{AttrValue, Attribute, Span, SpanEvent, SpanId, SpanKind, SpanStatus, Trace, TraceId};

/// Most spans kept in a snapshot's trace; a bigger trace keeps its first spans and says so.
pub const MAX_SNAPSHOT_SPANS: usize = 50_000;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapTraceSpans {
    pub trace_id: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// Spans left out beyond [`MAX_SNAPSHOT_SPANS`].
    #[serde(skip_serializing_if = "is_zero")]
    pub dropped: usize,
    pub spans: Vec<SnapSpan>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapSpan {
    pub span_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    pub service: String,
    pub name: String,
    /// `internal`, `server`, `client`, `producer`, `consumer` or `unspecified`.
    pub kind: String,
    /// `unset`, `ok` or `error`.
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// Nanoseconds since the epoch, as decimal strings.
    #[serde(with = "ns_string")]
    pub start_ns: i64,
    #[serde(with = "ns_string")]
    pub end_ns: i64,
    /// `[key, value]`, values as text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(String, String)>,
    /// `[time ns as a decimal string, name]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<(String, String)>,
}

const KINDS: [(SpanKind, &str); 6] = [
    (SpanKind::Unspecified, "unspecified"),
    (SpanKind::Internal, "internal"),
    (SpanKind::Server, "server"),
    (SpanKind::Client, "client"),
    (SpanKind::Producer, "producer"),
    (SpanKind::Consumer, "consumer"),
];

impl SnapTraceSpans {
    pub fn from_trace(t: &Trace) -> SnapTraceSpans {
        SnapTraceSpans {
            trace_id: t.trace_id.map(TraceId::to_hex).unwrap_or_default(),
            partial: t.partial,
            dropped: t.spans.len().saturating_sub(MAX_SNAPSHOT_SPANS),
            spans: t.spans.iter().take(MAX_SNAPSHOT_SPANS).map(SnapSpan::from_span).collect(),
        }
    }

    /// Back to a trace. Spans whose ID is not hex are skipped, and said in the trace's warnings.
    pub fn to_trace(&self) -> Trace {
        let mut warnings = Vec::new();
        let spans: Vec<Span> = self.spans.iter().filter_map(SnapSpan::to_span).collect();
        if spans.len() < self.spans.len() {
            warnings.push(format!("{} spans of the snapshot had no valid span ID and are not shown.", self.spans.len() - spans.len()));
        }
        if self.dropped > 0 {
            warnings.push(format!("The snapshot kept the first {} spans of this trace; {} more were left out.", self.spans.len(), self.dropped));
        }
        Trace { trace_id: TraceId::parse_hex(&self.trace_id), spans, partial: self.partial, warnings }
    }
}

impl SnapSpan {
    fn from_span(s: &Span) -> SnapSpan {
        let (status, message) = match &s.status {
            SpanStatus::Unset => ("unset", String::new()),
            SpanStatus::Ok => ("ok", String::new()),
            SpanStatus::Error(m) => ("error", m.clone()),
        };
        SnapSpan {
            span_id: s.span_id.to_hex(),
            parent_id: s.parent_id.map(SpanId::to_hex),
            service: s.service.to_string(),
            name: s.name.clone(),
            kind: KINDS.iter().find(|(k, _)| *k == s.kind).map(|(_, n)| *n).unwrap_or("unspecified").to_string(),
            status: status.to_string(),
            message,
            start_ns: s.start_ns,
            end_ns: s.end_ns,
            attributes: s.attributes.iter().map(|a| (a.key.clone(), a.value.to_string())).collect(),
            events: s.events.iter().map(|e| (e.time_ns.to_string(), e.name.clone())).collect(),
        }
    }

    fn to_span(&self) -> Option<Span> {
        Some(Span {
            span_id: SpanId::parse_hex(&self.span_id)?,
            parent_id: self.parent_id.as_deref().and_then(SpanId::parse_hex),
            name: self.name.clone(),
            service: self.service.as_str().into(),
            kind: KINDS.iter().find(|(_, n)| *n == self.kind).map(|(k, _)| *k).unwrap_or(SpanKind::Unspecified),
            status: match self.status.as_str() {
                "ok" => SpanStatus::Ok,
                "error" => SpanStatus::Error(self.message.clone()),
                _ => SpanStatus::Unset,
            },
            start_ns: self.start_ns,
            end_ns: self.end_ns,
            attributes: self.attributes.iter().map(|(k, v)| Attribute { key: k.clone(), value: AttrValue::Str(v.clone()) }).collect(),
            resource: Default::default(),
            scope: None,
            events: self
                .events
                .iter()
                .map(|(t, n)| SpanEvent { time_ns: t.parse().unwrap_or(self.start_ns), name: n.clone(), attributes: Vec::new() })
                .collect(),
            links: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::trace::{stats, TraceModel};

    fn recorded() -> Trace {
        crate::backends::tempo::convert::parse_trace(200, "application/json", include_str!("../../tests/fixtures/tempo/trace_by_id.json")).unwrap()
    }

    #[test]
    fn a_recorded_trace_survives_the_round_trip_as_drawn() {
        let t = recorded();
        let snap = SnapTraceSpans::from_trace(&t);
        let json = serde_json::to_string(&snap).unwrap();
        let back: SnapTraceSpans = serde_json::from_str(&json).unwrap();
        assert_eq!(back, snap);
        let t2 = back.to_trace();
        assert_eq!(t2.trace_id, t.trace_id);
        assert_eq!(t2.spans.len(), t.spans.len());
        assert!(t2.warnings.is_empty(), "{:?}", t2.warnings);
        // What the Gantt shows is the same: tree, header numbers, times, errors, kinds.
        let (m1, m2) = (TraceModel::build(&t), TraceModel::build(&t2));
        assert_eq!(m1.rows, m2.rows);
        assert_eq!(stats(&t, &m1), stats(&t2, &m2));
        for (a, b) in t.spans.iter().zip(&t2.spans) {
            assert_eq!((a.span_id, a.parent_id, &a.name, &a.service, a.kind, &a.status, a.start_ns, a.end_ns), (b.span_id, b.parent_id, &b.name, &b.service, b.kind, &b.status, b.start_ns, b.end_ns));
            assert_eq!(a.attributes.iter().map(|x| (x.key.clone(), x.value.to_string())).collect::<Vec<_>>(), b.attributes.iter().map(|x| (x.key.clone(), x.value.to_string())).collect::<Vec<_>>());
            assert_eq!(a.events.iter().map(|e| (e.time_ns, &e.name)).collect::<Vec<_>>(), b.events.iter().map(|e| (e.time_ns, &e.name)).collect::<Vec<_>>());
        }
        // Nanoseconds are strings, exact in JavaScript too.
        assert!(json.contains(&format!("\"startNs\":\"{}\"", t.spans[0].start_ns)), "{json}");
    }

    #[test]
    fn bad_ids_and_a_cut_trace_are_said() {
        let mut snap = SnapTraceSpans::from_trace(&recorded());
        snap.spans[1].span_id = "not hex".into();
        snap.dropped = 7;
        let t = snap.to_trace();
        assert_eq!(t.spans.len(), snap.spans.len() - 1);
        assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
        assert!(t.warnings[1].contains("7 more were left out"), "{:?}", t.warnings);
        // Unknown kind and status words read as unspecified/unset, never fail.
        snap.spans[0].kind = "weird".into();
        snap.spans[0].status = "??".into();
        let s = snap.to_trace().spans.remove(0);
        assert_eq!((s.kind, s.status), (SpanKind::Unspecified, SpanStatus::Unset));
    }

    #[test]
    fn a_huge_trace_keeps_its_first_spans() {
        let mut t = recorded();
        let one = t.spans[0].clone();
        t.spans = (0..MAX_SNAPSHOT_SPANS as u64 + 3).map(|i| Span { span_id: SpanId(i + 1), ..one.clone() }).collect();
        let snap = SnapTraceSpans::from_trace(&t);
        assert_eq!((snap.spans.len(), snap.dropped), (MAX_SNAPSHOT_SPANS, 3));
    }
}
