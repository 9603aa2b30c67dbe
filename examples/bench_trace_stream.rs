//! Benchmark: a Jaeger v3 trace answer (`/api/v3/traces/<id>`, saved with curl, e.g. the bench's 250k-span
//! trace) parsed whole (`parse_trace_v3`) and read in 64 KB pieces as they would arrive (`otlp::stream`).
//! Run: `cargo run --release --example bench_trace_stream -- answer.json`. Prints figures; asserts nothing.

use std::time::Instant;

use trifocal::backends::jaeger::convert::{parse_trace_v3, trace_v3_stream};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_trace_stream <saved /api/v3/traces/<id> answer>");
        std::process::exit(2);
    };
    let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mb = body.len() as f64 / 1048576.0;
    let text = String::from_utf8_lossy(&body);
    // The floor: serde_json reading every token without keeping anything.
    let t = Instant::now();
    let ok = serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_ok();
    println!("{mb:.1} MB: JSON read, nothing kept {:.0} ms (valid: {ok})", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let typed = serde_json::from_slice::<trifocal::backends::jaeger::wire::V3Response>(&body).map(|r| r.result.map(|d| d.resource_spans.len()));
    println!("{mb:.1} MB: into the wire types only {:.0} ms ({typed:?} resources)", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let whole = parse_trace_v3(200, "application/json", &text).map(|t| t.spans.len());
    let whole_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let mut s = trace_v3_stream();
    for piece in body.chunks(65536) {
        s.feed(piece);
    }
    let streamed = s.finish().map(|t| t.spans.len());
    let stream_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!("{mb:.1} MB: whole body {whole_ms:.0} ms ({whole:?} spans), in 64 KB pieces {stream_ms:.0} ms ({streamed:?} spans)");
}
