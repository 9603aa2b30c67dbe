//! The `huge-trace` command: one trace with N spans (deep chains and wide fan-out over several services).

use crate::model::{Event, Span, SpanKind, StatusCode, Value, SERVICES};
use crate::rng::Rng;

const MAX_DEPTH: usize = 60;
const ROOT_NS: u64 = 60_000_000_000;

/// `n` spans (at least 1) of one trace starting at `start_ns`; parents precede children and contain them.
pub fn huge_trace(seed: u64, n: usize, start_ns: u64) -> Vec<Span> {
    let mut rng = Rng::new(seed ^ 0x4855_4745); // its own stream, distinct from `run`'s traces
    let trace_id = rng.trace_id();
    let n = n.max(1);
    let mut spans: Vec<Span> = Vec::with_capacity(n);
    let mut depth: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        let parent = if i == 0 {
            None
        } else if rng.chance(0.35) && depth.get(i - 1).is_some_and(|d| *d < MAX_DEPTH) {
            Some((i - 1, true)) // deepen the latest chain
        } else {
            // Some fan-out goes to the first few spans, so they get very many children.
            let hi = if rng.chance(0.3) { (i as u64 - 1).min(9) } else { i as u64 - 1 };
            let mut p = rng.range(0, hi) as usize;
            if depth.get(p).is_none_or(|d| *d >= MAX_DEPTH) {
                p = 0;
            }
            Some((p, false)) // fan out somewhere
        };
        let service = rng.pick(SERVICES).map(|s| s.name).unwrap_or("search-service");
        let (start, end, parent_id, d) = match parent.and_then(|(p, deep)| spans.get(p).map(|ps| (ps, deep, p))) {
            None => (start_ns, start_ns.saturating_add(ROOT_NS), None, 0),
            Some((ps, deep, p)) => {
                let dur = ps.end_ns.saturating_sub(ps.start_ns);
                let (off, frac) = if deep { (rng.f64() * 0.05, 0.85 + rng.f64() * 0.13) } else { (rng.f64() * 0.5, 0.05 + rng.f64() * 0.85) };
                let s = ps.start_ns.saturating_add((dur as f64 * off) as u64);
                let e = s.saturating_add((ps.end_ns.saturating_sub(s) as f64 * frac) as u64).min(ps.end_ns);
                (s, e, Some(ps.span_id), depth.get(p).copied().unwrap_or(0) + 1)
            }
        };
        let kind = match i % 5 {
            0 => SpanKind::Server,
            1 | 2 => SpanKind::Internal,
            3 => SpanKind::Client,
            _ => if rng.chance(0.5) { SpanKind::Producer } else { SpanKind::Consumer },
        };
        let mut attributes = vec![("span.index".to_string(), Value::Int(i as i64)), ("span.depth".to_string(), Value::Int(d as i64))];
        let name = match kind {
            SpanKind::Server => {
                let route = format!("/api/v1/items/{{id}}/part{}", i % 7);
                attributes.push(("http.request.method".into(), Value::from("GET")));
                attributes.push(("http.route".into(), Value::from(route.as_str())));
                attributes.push(("http.response.status_code".into(), Value::Int(200)));
                format!("GET {route}")
            }
            SpanKind::Client => format!("SELECT items_{}", i % 13),
            SpanKind::Producer => "publish jobs".to_string(),
            SpanKind::Consumer => "process jobs".to_string(),
            SpanKind::Internal => format!("step {}", i % 97),
        };
        let failed = i > 0 && rng.chance(0.01);
        let mut events = Vec::new();
        if failed {
            events.push(Event { time_ns: end, name: "exception".into(), attributes: vec![("exception.message".into(), Value::from("simulated failure"))] });
        } else if rng.chance(0.05) {
            events.push(Event { time_ns: start, name: "checkpoint".into(), attributes: vec![] });
        }
        spans.push(Span {
            trace_id,
            span_id: rng.span_id(),
            parent_span_id: parent_id,
            service: service.to_string(),
            name,
            kind,
            start_ns: start,
            end_ns: end.max(start),
            status: if failed { StatusCode::Error } else { StatusCode::Unset },
            status_message: if failed { "simulated failure".into() } else { String::new() },
            attributes,
            events,
        });
        depth.push(d);
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otlp::{chunked_requests, export_request};

    #[test]
    fn huge_trace_is_valid_deep_and_wide() {
        let spans = huge_trace(42, 3000, 1_795_453_063_000_000_000);
        assert_eq!(spans.len(), 3000);
        let body = export_request(spans.iter()).to_string();
        assert_eq!(crate::otlp::tests::check_export(&body), 3000);
        let max_depth = spans.iter().filter_map(|s| s.attr_int("span.depth")).max().unwrap_or(0);
        assert!(max_depth >= 15, "depth {max_depth}");
        let root_children = spans.iter().filter(|s| s.parent_span_id == Some(spans[0].span_id)).count();
        assert!(root_children >= 20, "root has {root_children} children");
        let services: std::collections::HashSet<&str> = spans.iter().map(|s| s.service.as_str()).collect();
        assert!(services.len() >= 5);
        assert!(spans.iter().all(|s| s.trace_id == spans[0].trace_id));
        assert_eq!(chunked_requests(&spans, 5000).len(), 1);
        assert_eq!(chunked_requests(&spans, 1000).len(), 3);
        assert_eq!(huge_trace(1, 0, 0).len(), 1);
    }
}
