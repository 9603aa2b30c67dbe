//! Benchmark: a Jaeger v3 trace answer (`/api/v3/traces/<id>`, saved with curl, e.g. the bench's 250k-span
//! trace) parsed whole (`parse_trace_v3`) and read in 64 KB pieces as they would arrive (`otlp::stream`), then laid out
//! as the trace page does before its first paint.
//! Run: `cargo run --release --example bench_trace_stream -- answer.json`. Prints figures (the fastest of
//! `RUNS`, default 3, as the machine may be shared); asserts nothing. `ONLY=stream` runs the streamed read
//! alone (for `perf stat -e task-clock`: CPU time, which a loaded machine blurs less).

use std::time::Instant;

use trifocal::backends::jaeger::convert::{parse_trace_v3, trace_v3_stream};
use trifocal::view::trace::minimap::minimap;
use trifocal::view::trace::{stats, TraceModel};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_trace_stream <saved /api/v3/traces/<id> answer>");
        std::process::exit(2);
    };
    let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mb = body.len() as f64 / 1048576.0;
    let text = String::from_utf8_lossy(&body);
    let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    // The fastest of `runs` runs of `f`, in ms, with its last result.
    let best = |f: &dyn Fn() -> String| {
        let mut out = (f64::MAX, String::new());
        for _ in 0..runs {
            let t = Instant::now();
            let r = f();
            out = (out.0.min(t.elapsed().as_secs_f64() * 1000.0), r);
        }
        out
    };
    if std::env::var("ONLY").as_deref() != Ok("stream") {
        // The floor: serde_json reading every token without keeping anything.
        let (ms, ok) = best(&|| serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_ok().to_string());
        println!("{mb:.1} MB: JSON read, nothing kept {ms:.0} ms (valid: {ok})");
        let (ms, typed) = best(&|| {
            let r = serde_json::from_slice::<trifocal::backends::jaeger::wire::V3Response>(&body);
            format!("{:?}", r.map(|r| r.result.map(|d| d.resource_spans.len())))
        });
        println!("{mb:.1} MB: into the wire types only {ms:.0} ms ({typed} resources)");
        let (ms, whole) = best(&|| format!("{:?}", parse_trace_v3(200, "application/json", &text).map(|t| t.spans.len())));
        println!("{mb:.1} MB: whole body {ms:.0} ms ({whole} spans)");
    }
    let (ms, streamed) = best(&|| {
        let mut s = trace_v3_stream();
        for piece in body.chunks(65536) {
            s.feed(piece);
        }
        format!("{:?}", s.finish().map(|t| t.spans.len()))
    });
    println!("{mb:.1} MB: in 64 KB pieces {ms:.0} ms ({streamed} spans)");
    // What the trace page computes once the trace is in (`ui::trace::state::Loaded::new`), before its first paint.
    let mut s = trace_v3_stream();
    s.feed(&body);
    let Some(trace) = s.finish() else { return };
    let (ms, rows) = best(&|| TraceModel::build(&trace).rows.len().to_string());
    let model = TraceModel::build(&trace);
    let (mm, _) = best(&|| minimap(&model, &trace, 40, 200).segments.len().to_string());
    let (st, _) = best(&|| stats(&trace, &model).service_count.to_string());
    println!("{mb:.1} MB: layout {ms:.0} ms ({rows} rows), minimap {mm:.0} ms, stats {st:.0} ms");
}
