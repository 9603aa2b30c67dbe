//! VictoriaLogs HTTP API requests as values: `/select/logsql/*` paths, parameter names, nanosecond times.
//! Ranges are `[start, end)` as in the rest of the app (VictoriaLogs takes integer nanoseconds exactly).

use crate::backends::ApiRequest;

/// `GET /select/logsql/query`: up to `limit` lines of `[start_ns, end_ns)`. VictoriaLogs answers the newest
/// `limit` lines (unsorted); for the oldest first, the query is given a `sort by (_time)` pipe with the limit.
pub fn query(logsql: &str, start_ns: i64, end_ns: i64, limit: u32, newest_first: bool) -> ApiRequest {
    let limit = limit.max(1);
    let q = if newest_first { logsql.to_string() } else { format!("{} | sort by (_time) limit {limit}", logsql.trim_end()) };
    ApiRequest::get("/select/logsql/query")
        .param("query", q)
        .param("start", start_ns.to_string())
        .param("end", end_ns.to_string())
        .param("limit", limit.to_string())
}

/// `GET /select/logsql/hits` grouped by `field`: lines per bucket of `step_ms`. The buckets start at
/// `start_ns` (the offset aligns them there) and lines after `end_ns` are left out (an extra `_time` filter),
/// so the counts add up to the lines of `[start_ns, end_ns)` — without them VictoriaLogs counts whole buckets
/// aligned to the epoch, past both ends of the range.
pub fn hits(logsql: &str, start_ns: i64, end_ns: i64, step_ms: i64, field: &str) -> ApiRequest {
    let step_ms = step_ms.max(1);
    let offset_ms = start_ns.div_euclid(1_000_000).wrapping_neg().rem_euclid(step_ms);
    ApiRequest::get("/select/logsql/hits")
        .param("query", logsql)
        .param("start", start_ns.to_string())
        .param("end", end_ns.to_string())
        .param("step", format!("{step_ms}ms"))
        .param("offset", format!("{offset_ms}ms"))
        .param("field", field)
        .param("extra_filters", format!("_time:[{start_ns}, {end_ns})"))
}

/// Which list of names or values: of stream fields (the stream selector's `{…}`), or of all fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Stream,
    Any,
}

/// The query a name/value list is scoped to: the given one, or every line (`*`).
fn scope(query: Option<&str>) -> String {
    query.map(str::trim).filter(|q| !q.is_empty()).unwrap_or("*").to_string()
}

/// `GET /select/logsql/stream_field_names` or `field_names` of the lines matching `query` (all when None).
pub fn field_names(kind: FieldKind, start_ns: i64, end_ns: i64, query: Option<&str>) -> ApiRequest {
    let path = match kind {
        FieldKind::Stream => "/select/logsql/stream_field_names",
        FieldKind::Any => "/select/logsql/field_names",
    };
    ApiRequest::get(path).param("query", scope(query)).param("start", start_ns.to_string()).param("end", end_ns.to_string())
}

/// `GET /select/logsql/stream_field_values` or `field_values` of `field`. The name is a parameter, not part
/// of the path, so any field name can be asked for.
pub fn field_values(kind: FieldKind, field: &str, start_ns: i64, end_ns: i64, query: Option<&str>) -> ApiRequest {
    let path = match kind {
        FieldKind::Stream => "/select/logsql/stream_field_values",
        FieldKind::Any => "/select/logsql/field_values",
    };
    ApiRequest::get(path)
        .param("query", scope(query))
        .param("field", field)
        .param("start", start_ns.to_string())
        .param("end", end_ns.to_string())
}

/// `GET /select/logsql/stats_query_range`: a query ending in a `stats` pipe as time series (a Prometheus-style
/// matrix), one bucket of `step_ms` per point; VictoriaLogs aligns the buckets to multiples of the step.
pub fn stats_query_range(logsql: &str, start_ns: i64, end_ns: i64, step_ms: i64) -> ApiRequest {
    ApiRequest::get("/select/logsql/stats_query_range")
        .param("query", logsql)
        .param("start", start_ns.to_string())
        .param("end", end_ns.to_string())
        .param("step", format!("{}ms", step_ms.max(1)))
}

/// `GET /select/logsql/stats_query`: the `stats` pipe's values over the lines of `[start_ns, end_ns)` at once
/// (a Prometheus-style vector stamped `end_ns`).
pub fn stats_query(logsql: &str, start_ns: i64, end_ns: i64) -> ApiRequest {
    ApiRequest::get("/select/logsql/stats_query")
        .param("query", logsql)
        .param("start", start_ns.to_string())
        .param("end", end_ns.to_string())
        .param("time", end_ns.to_string())
}

/// `GET /select/logsql/tail`: one endless answer streaming the lines matching `logsql` as they arrive, one JSON
/// object per line, starting with those of the last `start_offset_ms` (so a reconnect misses none).
pub fn tail(logsql: &str, start_offset_ms: i64) -> ApiRequest {
    ApiRequest::get("/select/logsql/tail").param("query", logsql).param("start_offset", format!("{}ms", start_offset_ms.max(0)))
}

/// The two queries for `n` lines around the line at `ts_ns` in its stream (`stream`, its exact `{…}` filter):
/// the newest up to and including the line's nanosecond, and the oldest from the next one, each within an
/// hour. None for a line without stream fields. Their answers merge with `loki::context::merge_context`.
pub fn context(stream: &crate::telemetry::Labels, ts_ns: i64, n: u32) -> Option<(ApiRequest, ApiRequest)> {
    let sel = crate::view::log_selector::stream_selector(stream);
    if sel.is_empty() {
        return None;
    }
    let window = crate::backends::loki::context::CONTEXT_WINDOW_NS;
    let before = query(&sel, ts_ns.saturating_sub(window), ts_ns.saturating_add(1), n.saturating_add(1), true);
    let after = query(&sel, ts_ns.saturating_add(1), ts_ns.saturating_add(window), n, false);
    Some((before, after))
}

/// `GET /health`: `OK` when the server runs.
pub fn health() -> ApiRequest {
    ApiRequest::get("/health")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each request is the one tools/record/victorialogs.sh sent for a recorded answer (INDEX.md there).
    const START: i64 = 1_796_542_562_576_000_000;
    const END: i64 = 1_796_543_162_421_000_000;

    #[test]
    fn query_newest_and_oldest_first() {
        let r = query("{service_name=\"search-service\"}", START, END, 20, true);
        assert_eq!(
            r.url("/api/victorialogs/"),
            "/api/victorialogs/select/logsql/query?query=%7Bservice_name%3D%22search-service%22%7D&start=1796542562576000000&end=1796543162421000000&limit=20"
        );
        let r = query("level:=error ", 1, 2, 0, false);
        assert_eq!(r.query[0].1, "level:=error | sort by (_time) limit 1");
        assert_eq!(r.query[3].1, "1");
    }

    #[test]
    fn hits_buckets_start_at_the_range_start() {
        let r = hits("*", START, END, 60_000, "level");
        let get = |k: &str| r.query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        // 07:36:02.576: buckets shifted forward to there, 57.424 s past the minute boundary backwards.
        assert_eq!(get("offset"), "57424ms");
        assert_eq!(get("step"), "60000ms");
        assert_eq!(get("extra_filters"), "_time:[1796542562576000000, 1796543162421000000)");
        assert_eq!(hits("*", 120_000_000_000, 180_000_000_000, 60_000, "level").query[4].1, "0ms");
        assert_eq!(hits("*", 0, 1, 0, "level").query[3].1, "1ms");
    }

    #[test]
    fn names_values_and_health() {
        assert_eq!(field_names(FieldKind::Stream, 1, 2, None).url(""), "/select/logsql/stream_field_names?query=%2A&start=1&end=2");
        assert_eq!(field_names(FieldKind::Any, 1, 2, Some(" ")).path, "/select/logsql/field_names");
        assert_eq!(
            field_values(FieldKind::Stream, "service_name", 1, 2, Some("{a=\"b\"}")).url(""),
            "/select/logsql/stream_field_values?query=%7Ba%3D%22b%22%7D&field=service_name&start=1&end=2"
        );
        assert_eq!(field_values(FieldKind::Any, "../x", 1, 2, None).path, "/select/logsql/field_values");
        assert_eq!(health().url("/api/victorialogs"), "/api/victorialogs/health");
    }

    #[test]
    fn context_asks_the_exact_stream_on_both_sides_of_the_line() {
        let mut l = crate::telemetry::Labels::new();
        l.insert("service_name", "search-service");
        l.insert("level", "info");
        let (b, a) = context(&l, 5_000_000_000_000, 10).unwrap();
        let q = |r: &ApiRequest, k: &str| r.query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(q(&b, "query"), "{level=\"info\", service_name=\"search-service\"}");
        assert_eq!((q(&b, "start"), q(&b, "end"), q(&b, "limit")), ("1400000000000".into(), "5000000000001".into(), "11".into()));
        assert_eq!(q(&a, "query"), "{level=\"info\", service_name=\"search-service\"} | sort by (_time) limit 10");
        assert_eq!((q(&a, "start"), q(&a, "end")), ("5000000000001".into(), "8600000000000".into()));
        assert!(context(&crate::telemetry::Labels::new(), 1, 10).is_none());
    }

    #[test]
    fn tail_from_an_offset() {
        assert_eq!(tail("{a=\"b\"} error", 5000).url("/vl/"), "/vl/select/logsql/tail?query=%7Ba%3D%22b%22%7D%20error&start_offset=5000ms");
        assert_eq!(tail("*", -3).query[1].1, "0ms");
    }

    #[test]
    fn stats_over_a_range_and_at_once() {
        assert_eq!(
            stats_query_range("* | stats by (level) count()", 1, 2, 60_000).url("/vl"),
            "/vl/select/logsql/stats_query_range?query=%2A%20%7C%20stats%20by%20%28level%29%20count%28%29&start=1&end=2&step=60000ms"
        );
        assert_eq!(stats_query_range("*", 1, 2, 0).query[3].1, "1ms");
        assert_eq!(stats_query("* | stats count()", 1, 2).url(""), "/select/logsql/stats_query?query=%2A%20%7C%20stats%20count%28%29&start=1&end=2&time=2");
    }
}
