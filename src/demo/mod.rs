//! Embedded demo data: responses recorded from real Prometheus, Loki and Tempo servers, shown (clearly
//! labelled) when no backend answers, so the app is useful with no stack at all.
//!
//! The bodies go through the same parsers as live answers. Recorded on 2026-11-23 from a simulated RAG app
//! (see `src/demo/data/README.md`).

use crate::url_state::{MetricQuery, MetricsState};

/// The recorded window (Unix ms). Demo views open on this absolute range.
pub const START_MS: i64 = 1_795_452_831_000;
pub const END_MS: i64 = 1_795_454_006_000;
/// A trace that exists in the demo data, with logs that carry its ID.
pub const FEATURED_TRACE_ID: &str = "6575de447380ec933e5135e5d844e736";

/// The metric query the demo answers, and the one its exemplars came from.
pub const METRIC_QUERY: &str = "sum by (service_name, http_response_status_code) (rate(http_server_requests_total[1m]))";
/// The legend the demo's metric query is shown with.
pub const METRIC_LEGEND: &str = "{{service_name}} {{http_response_status_code}}";
pub const EXEMPLAR_QUERY: &str = "http_server_request_duration_seconds_bucket{service_name=\"search-service\"}";
pub const LOG_QUERY: &str = "{service_name=\"embedding-service\"}";
pub const TRACE_QUERY: &str = "{resource.service.name=\"search-service\" && status=error}";

// The recorded bodies are not in the wasm (they would add ~17 KB brotli to every load): trunk copies
// `src/demo/data/` to `dist/demo/`, and `http::demo` fetches a file when demo mode needs it.
pub const PROM_QUERY_RANGE: &str = "query_range_matrix_rate.json";
pub const PROM_EXEMPLARS: &str = "query_exemplars.json";
pub const LOKI_STREAMS: &str = "query_range_streams_structured_metadata.json";
pub const TEMPO_TRACE_V2: &str = "trace_by_id_v2.json";
pub const TEMPO_SEARCH: &str = "search_traceql.json";

/// Every recorded file, for the test that checks they exist and parse.
pub const FILES: [&str; 5] = [PROM_QUERY_RANGE, PROM_EXEMPLARS, LOKI_STREAMS, TEMPO_TRACE_V2, TEMPO_SEARCH];

/// Files whose answers carry trace IDs a user can click (log lines, exemplars).
pub const FILES_WITH_TRACE_IDS: [&str; 2] = [LOKI_STREAMS, PROM_EXEMPLARS];

/// The metrics page a newcomer sees in demo mode: with no query of its own, the recorded example in the first
/// row (None when any row has a query: the user's own is kept).
pub fn example_metrics(state: &MetricsState) -> Option<MetricsState> {
    if state.queries.iter().any(|q| !q.expr.trim().is_empty()) {
        return None;
    }
    let mut s = state.clone();
    let first = MetricQuery { ref_id: "A".into(), expr: METRIC_QUERY.into(), legend: METRIC_LEGEND.into(), ..Default::default() };
    match s.queries.first_mut() {
        Some(q) => {
            q.expr = first.expr;
            q.legend = first.legend;
        }
        None => s.queries.push(first),
    }
    Some(s)
}

/// Whether a recorded body mentions a trace ID (hex, any case; IDs shorter than 16 digits never match).
pub fn mentions_trace(body: &str, id_hex: &str) -> bool {
    let id = id_hex.trim().to_ascii_lowercase();
    id.len() >= 16 && id.bytes().all(|b| b.is_ascii_hexdigit()) && body.to_ascii_lowercase().contains(&id)
}

/// Said under a failed trace lookup whose ID comes from the recorded demo data.
pub fn foreign_trace_note(id_hex: &str) -> String {
    format!(
        "Trace {} comes from the recorded demo data (demo logs or exemplars, recorded on 2026-11-23), not from your stack, so your trace backend does not have it. Connect Loki and Prometheus to follow live trace links.",
        id_hex.trim()
    )
}

/// What the demo says about an answer, shown above it.
pub fn note(query: &str, recorded_query: &str) -> String {
    if query.trim() == recorded_query {
        "Demo data: a response recorded from a real server. Connect a stack to see live data.".to_string()
    } else {
        format!(
            "Demo data: no backend answered, so this shows the response recorded for `{recorded_query}`, not your query. Connect a stack to run it."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_metrics_page_gets_the_recorded_example() {
        let s = example_metrics(&MetricsState::default()).expect("an example");
        assert_eq!(s.queries.len(), 1);
        assert_eq!(s.queries[0].expr, METRIC_QUERY);
        assert_eq!(s.queries[0].legend, METRIC_LEGEND);
        // An empty row A keeps its other settings; a row with a query keeps the user's page as it is.
        let blank = MetricsState { queries: vec![MetricQuery { ref_id: "A".into(), expr: "  ".into(), instant: true, ..Default::default() }], ..Default::default() };
        let s = example_metrics(&blank).expect("an example");
        assert!(s.queries[0].instant && s.queries[0].expr == METRIC_QUERY);
        let own = MetricsState { queries: vec![MetricQuery { ref_id: "A".into(), expr: "up".into(), ..Default::default() }], ..Default::default() };
        assert_eq!(example_metrics(&own), None);
    }

    #[test]
    fn recorded_trace_ids_are_recognised() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demo/data");
        let logs = std::fs::read_to_string(dir.join(LOKI_STREAMS)).expect("logs");
        // A trace ID of a recorded log line (read from the file by hand).
        assert!(mentions_trace(&logs, "01f605bae59819dc98e45d6d9c66a8b7"));
        assert!(mentions_trace(&logs, "01F605BAE59819DC98E45D6D9C66A8B7"));
        assert!(!mentions_trace(&logs, "0123456789abcdef0123456789abcdef"));
        assert!(!mentions_trace(&logs, ""), "an empty ID is in every text, and matches none");
        assert!(!mentions_trace(&logs, "6575"), "too short to say");
        assert!(!mentions_trace("service_name", "service_name_xx"), "not hex");
        assert!(foreign_trace_note(FEATURED_TRACE_ID).contains(FEATURED_TRACE_ID));
    }

    #[test]
    fn every_recorded_file_exists_and_parses_as_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demo/data");
        for f in FILES {
            let text = std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{f} is not JSON");
        }
    }
}
