//! Benchmark: parse a 1,000,000-point Prometheus matrix, a 100,000-line Loki streams response and 100,000
//! VictoriaLogs JSON lines (the lines `bench/victorialogs.mjs` writes), and one 5 000-line page of the Loki paging path.
//! Run: `cargo run --release --example bench_parse`. Prints figures; asserts nothing about time.
//! `ONLY=victorialogs` (or `prometheus`, `loki`, `victorialogs-stream`: the app's streamed read alone) runs one part (e.g. under `perf record`); `--profile hostz`
//! builds it as the release wasm is built (opt-level z), where LLVM inlines far less than at `--release`.

use std::fmt::Write;
use std::time::Instant;

use trifocal::backends::{loki, prometheus, victorialogs};

fn prometheus_body(series: usize, points: usize) -> String {
    let mut s = String::with_capacity(series * points * 24);
    s.push_str(r#"{"status":"success","data":{"resultType":"matrix","result":["#);
    for i in 0..series {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, r#"{{"metric":{{"__name__":"m","instance":"host-{i}","job":"bench"}},"values":["#);
        for p in 0..points {
            if p > 0 {
                s.push(',');
            }
            let _ = write!(s, r#"[{}.{:03},"{}"]"#, 1_700_000_000 + p as i64 * 15, 0, (p * 7 + i) % 1000);
        }
        s.push_str("]}");
    }
    s.push_str("]}}");
    s
}

fn loki_body(streams: usize, lines: usize) -> String {
    let mut s = String::with_capacity(streams * lines * 140);
    s.push_str(r#"{"status":"success","data":{"resultType":"streams","result":["#);
    for i in 0..streams {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, r#"{{"stream":{{"service_name":"svc-{i}","level":"info","job":"bench"}},"values":["#);
        for l in 0..lines {
            if l > 0 {
                s.push(',');
            }
            let ts = 1_700_000_000_000_000_000i64 - (l as i64) * 1_000_000;
            let _ = write!(
                s,
                r#"["{ts}","level=info msg=\"GET /api/search 200\" duration_ms={} trace_id={:032x}",{{"structuredMetadata":{{"trace_id":"{:032x}"}}}}]"#,
                l % 500,
                l + 1,
                l + 1
            );
        }
        s.push_str("]}");
    }
    s.push_str(r#"],"stats":{}}}"#);
    s
}

/// A Loki `query_range` page of `lines` lines built as `bench/loki_paging.mjs` builds its pages: the recorded
/// categorized answer's streams, its lines taken in turn at 1 ms steps.
fn loki_page(lines: usize) -> String {
    let rec: serde_json::Value = serde_json::from_str(include_str!("../tests/fixtures/loki/query_range_streams_categorized.json")).expect("fixture");
    let result = rec["data"]["result"].as_array().cloned().unwrap_or_default();
    let template: Vec<(usize, serde_json::Value)> =
        result.iter().enumerate().flat_map(|(si, s)| s["values"].as_array().cloned().unwrap_or_default().into_iter().map(move |v| (si, v))).collect();
    let mut streams: Vec<serde_json::Value> = result.iter().map(|s| serde_json::json!({ "stream": s["stream"], "values": [] })).collect();
    for k in 0..lines {
        let (si, v) = &template[k % template.len()];
        let ts = (1_700_000_000_000i64 - k as i64 - 1) * 1_000_000;
        if let Some(values) = streams[*si]["values"].as_array_mut() {
            values.push(serde_json::json!([ts.to_string(), v[1], v[2]]));
        }
    }
    streams.retain(|s| s["values"].as_array().is_some_and(|v| !v.is_empty()));
    serde_json::json!({ "status": "success", "data": { "resultType": "streams", "result": streams, "encodingFlags": rec["data"]["encodingFlags"] } }).to_string()
}

/// VictoriaLogs' `/select/logsql/query` answer: one JSON object per line, every value a string.
fn victorialogs_body(lines: usize) -> String {
    let mut s = String::with_capacity(lines * 260);
    let levels = ["info", "info", "info", "debug", "warn", "error"];
    for k in 0..lines {
        let level = levels[k % levels.len()];
        let _ = writeln!(
            s,
            r#"{{"_msg":"GET /api/search?q=item-{k} 200 took {}ms user=u{}","_stream":"{{level=\"{level}\",service_name=\"bench-vl-burst\"}}","_stream_id":"0000000000000000f4c8c5c7b9e7d6a1","_time":"2026-12-06T12:{:02}:{:02}.{:09}Z","level":"{level}","service_name":"bench-vl-burst","trace_id":"{:032x}"}}"#,
            k % 997,
            k % 313,
            (k / 6000) % 60,
            (k / 100) % 60,
            k * 7919 % 1_000_000_000,
            (k as u128).wrapping_mul(2654435761)
        );
    }
    s
}

fn main() {
    let only = std::env::var("ONLY").unwrap_or_default();
    if only.is_empty() || only == "prometheus" {
        prometheus_bench();
    }
    if only.is_empty() || only == "loki" {
        loki_bench();
    }
    if only.is_empty() || only == "victorialogs" {
        victorialogs_bench(true);
    }
    if only == "victorialogs-stream" {
        victorialogs_bench(false);
    }
}

fn prometheus_bench() {
    let body = prometheus_body(100, 10_000);
    let t = Instant::now();
    let parsed = prometheus::convert::parse_query(200, "application/json", &body);
    let ms = t.elapsed().as_secs_f64() * 1e3;
    match parsed {
        Ok(r) => println!("prometheus matrix: {} series, {} points, {:.1} MB body: parse {ms:.1} ms", r.series.len(), r.point_count(), body.len() as f64 / 1e6),
        Err(e) => println!("prometheus matrix: parse failed: {e}"),
    }
    // The peer: the same answer read by serde, as before `prometheus::read` (best of 3 each, interleaved).
    let (mut own, mut serde) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        let t = Instant::now();
        let a = prometheus::convert::parse_query(200, "application/json", &body).map(|r| r.point_count());
        own = own.min(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let b = prometheus::convert::parse_query_serde(200, "application/json", &body).map(|r| r.point_count());
        serde = serde.min(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(a, b, "the two readers disagree");
    }
    println!("prometheus matrix, best of 3: own reader {own:.1} ms, serde (before) {serde:.1} ms");
}

fn loki_bench() {
    let body = loki_body(10, 10_000);
    let t = Instant::now();
    let parsed = loki::convert::parse_query(200, "application/json", &body, &["trace_id", "traceID", "traceId"]);
    let ms = t.elapsed().as_secs_f64() * 1e3;
    match parsed {
        Ok(loki::LokiResult::Logs(l)) => {
            let with_ids = l.entries.iter().filter(|e| e.trace_id.is_some()).count();
            println!("loki streams: {} lines ({with_ids} with trace IDs), {:.1} MB body: parse {ms:.1} ms", l.entries.len(), body.len() as f64 / 1e6)
        }
        Ok(_) => println!("loki streams: unexpected metric result"),
        Err(e) => println!("loki streams: parse failed: {e}"),
    }

    // One page of the Loki paging path as `bench/loki_paging.mjs` serves it: the recorded Loki 3 answer with
    // categorized metadata (structured metadata and parsed fields per line), its lines repeated to 5 000.
    let body = loki_page(5000);
    let mut best = f64::MAX;
    let mut got = 0;
    for _ in 0..std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3usize).max(1) {
        let t = Instant::now();
        let parsed = loki::convert::parse_query(200, "application/json", &body, &["trace_id", "traceID", "traceId"]);
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        if let Ok(loki::LokiResult::Logs(l)) = parsed {
            got = l.entries.len();
        }
    }
    println!("loki page, categorized metadata: {got} lines, {:.1} MB body: parse {best:.1} ms (fastest)", body.len() as f64 / 1e6);
}

/// `readers`: also times the whole-text readers (in place and serde), else only the streamed read.
fn victorialogs_bench(readers: bool) {
    // VictoriaLogs: the in-place line reader beside the serde reader it falls back to (fastest of RUNS, default 3).
    let body = victorialogs_body(100_000);
    let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let mb = body.len() as f64 / 1e6;
    for (name, serde_only) in [("in place", false), ("serde", true)].into_iter().filter(|_| readers) {
        let mut best = f64::MAX;
        let mut outcome = String::new();
        for _ in 0..runs {
            let t = Instant::now();
            let mut lines = victorialogs::convert::QueryLines::new(&[]);
            if serde_only {
                lines = lines.serde_only();
            }
            let parsed = lines.push(&body).map(|()| lines.finish(true));
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
            outcome = match parsed {
                Ok(l) => format!("{} lines ({} with trace IDs)", l.entries.len(), l.entries.iter().filter(|e| e.trace_id.is_some()).count()),
                Err(e) => format!("parse failed: {e}"),
            };
        }
        println!("victorialogs lines, {name:>8} reader: {outcome}, {mb:.1} MB body: parse {best:.1} ms");
    }
    // As the app reads it: 64 KB pieces as they arrive, cut into lines, up to the 100k lines asked for.
    let mut best = f64::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        let mut s = victorialogs::query_stream::QueryStream::new(&[], 100_000);
        for piece in body.as_bytes().chunks(65536) {
            let _ = s.push(piece);
        }
        let answer = s.finish(true, true);
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        // Dropped after the clock stops: the app keeps the lines it read.
        assert_eq!(answer.map(|a| a.logs.entries.len()).ok(), Some(100_000));
    }
    println!("victorialogs lines, in 64 KB pieces (QueryStream): {mb:.1} MB body: {best:.1} ms");
}
