//! Embedded demo data: responses recorded from real Prometheus, Loki and Tempo servers, shown (clearly
//! labelled) when no backend answers, so the app is useful with no stack at all.
//!
//! The bodies go through the same parsers as live answers. Recorded on 2026-11-23 from a simulated RAG app
//! (see `src/demo/data/README.md`).

/// The recorded window (Unix ms). Demo views open on this absolute range.
pub const START_MS: i64 = 1_795_452_831_000;
pub const END_MS: i64 = 1_795_454_006_000;
/// A trace that exists in the demo data, with logs that carry its ID.
pub const FEATURED_TRACE_ID: &str = "6575de447380ec933e5135e5d844e736";

/// The metric query the demo answers, and the one its exemplars came from.
pub const METRIC_QUERY: &str = "sum by (service_name, http_response_status_code) (rate(http_server_requests_total[1m]))";
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
    fn every_recorded_file_exists_and_parses_as_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demo/data");
        for f in FILES {
            let text = std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{f} is not JSON");
        }
    }
}
