//! Responses recorded from the test stack's real Jaeger 2 (module v1.75.0) for one generated trace, through
//! both of its APIs (see tests/fixtures/jaeger/README.md): both must give the same span tree.

use std::collections::BTreeMap;

use trifocal::backends::jaeger::convert::{parse_search_classic, parse_trace_classic, parse_trace_v3};
use trifocal::backends::ApiError;
use trifocal::telemetry::Trace;
use trifocal::view::trace::{critical_path, TraceModel};

const V3: &str = include_str!("fixtures/jaeger/trace_v3.json");
const CLASSIC: &str = include_str!("fixtures/jaeger/trace_classic.json");
const SEARCH: &str = include_str!("fixtures/jaeger/search_classic.json");
const NOT_FOUND: &str = include_str!("fixtures/jaeger/trace_not_found.json");

/// span id → (parent, service, name, start µs, end µs): what the waterfall is built from.
fn shape(t: &Trace) -> BTreeMap<u64, (Option<u64>, String, String, i64, i64)> {
    t.spans
        .iter()
        .map(|s| (s.span_id.0, (s.parent_id.map(|p| p.0), s.service.to_string(), s.name.clone(), s.start_ns / 1000, s.end_ns / 1000)))
        .collect()
}

#[test]
fn the_v3_and_classic_apis_give_the_same_tree() {
    let v3 = parse_trace_v3(200, "application/json", V3).expect("v3 parses");
    let classic = parse_trace_classic(200, "application/json", CLASSIC).expect("classic parses");
    assert_eq!(v3.trace_id, classic.trace_id);
    assert!(v3.spans.len() >= 10, "a featured trace has at least 10 spans: {}", v3.spans.len());
    assert!(v3.warnings.is_empty() && classic.warnings.is_empty(), "{:?} {:?}", v3.warnings, classic.warnings);
    assert_eq!(shape(&v3), shape(&classic));
    let services: std::collections::BTreeSet<&str> = v3.spans.iter().map(|s| &*s.service).collect();
    assert!(services.len() >= 3, "{services:?}");
}

#[test]
fn the_recorded_trace_builds_one_rooted_tree_with_a_critical_path() {
    let t = parse_trace_v3(200, "application/json", V3).expect("v3 parses");
    let m = TraceModel::build(&t);
    assert_eq!(m.rows.len(), t.spans.len(), "no placeholders: every parent is in the trace");
    assert_eq!(m.rows.iter().filter(|r| r.parent_row.is_none()).count(), 1, "one root");
    assert!(m.rows.iter().all(|r| !r.flags.orphan && !r.flags.cycle && !r.flags.duplicate_id));
    let cp = critical_path(&m, &t);
    assert!(cp.first().copied().unwrap_or(false), "the root is on the critical path");
}

#[test]
fn search_and_not_found_answers() {
    let found = parse_search_classic(200, "application/json", SEARCH).expect("search parses");
    assert!(!found.is_empty() && found.len() <= 5, "{}", found.len());
    assert!(found.iter().all(|t| t.span_count.unwrap_or(0) >= 1 && t.duration_ms >= 0.0));
    assert!(found.windows(2).all(|w| w[0].start_ms >= w[1].start_ms), "newest first");
    match parse_trace_v3(404, "application/json", NOT_FOUND).or_else(|_| parse_trace_classic(404, "application/json", NOT_FOUND)) {
        Err(ApiError::NotFound(m)) => assert!(m.contains("not found"), "{m}"),
        other => panic!("expected NotFound, got {other:?}"),
    }
}
