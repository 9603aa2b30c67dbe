//! Benchmark: log patterns of 100,000 lines (the generator's logfmt shape and a JSON shape), beside the
//! plain line count and one quick-filter keystroke over the same lines (the peer: what the list already does
//! per keystroke). Run: `cargo run --release --example bench_log_patterns`. Prints figures; asserts only that
//! every line lands in one pattern.

use std::time::Instant;

use trifocal::view::log_filter::{filter_lines, Filter, LineIndex};
use trifocal::view::log_patterns::find_patterns;

const MSGS: [(&str, &str); 6] = [
    ("debug", "retrieved documents\" hits={n} db=qdrant"),
    ("info", "completion done\" model=gpt-4o-mini input_tokens={n} output_tokens={m}"),
    ("info", "GET /api/v1/search 200\" duration_ms={n}"),
    ("warn", "provider rate limited\" attempt={m} retry_after_ms=250"),
    ("error", "vector search failed\" status=503"),
    ("info", "payment captured\" amount_cents={n}"),
];

fn logfmt(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let (level, msg) = MSGS[i * 7 % MSGS.len()];
            let msg = msg.replace("{n}", &(i * 37 % 1500).to_string()).replace("{m}", &(i % 9).to_string());
            let id = (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834);
            format!("level={level} msg=\"{msg} trace_id={id:032x} span_id={:016x}", id as u64)
        })
        .collect()
}

fn json(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                r#"{{"ts":"2026-11-24T11:{:02}:{:02}.{:06}Z","level":"{}","msg":"search request handled","route":"/api/search","query":"how to tune qdrant hnsw {}","took_ms":{},"trace_id":"{:032x}"}}"#,
                (i / 60) % 60,
                i % 60,
                i % 1_000_000,
                ["info", "debug", "warn", "error"][i % 7 % 4],
                i % 97,
                (i * 37) % 1500,
                (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834),
            )
        })
        .collect()
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let n = 100_000;
    for (name, data) in [("logfmt (generator shape)", logfmt(n)), ("JSON", json(n))] {
        let bytes: usize = data.iter().map(String::len).sum();
        let t = Instant::now();
        let count = data.iter().filter(|l| !l.is_empty()).count();
        let count_ms = ms(t);
        let idx = LineIndex::build(data.iter().map(String::as_str));
        let f = Filter::parse("qdrant", false);
        let t = Instant::now();
        let m = filter_lines(&idx, data.iter().map(String::as_str), &f);
        let filter_ms = ms(t);
        let mut best = f64::MAX;
        let mut found = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            found = find_patterns(data.iter().enumerate().map(|(i, l)| (i as u32, l.as_str())));
            best = best.min(ms(t));
        }
        assert_eq!(found.iter().map(|p| p.count()).sum::<usize>(), n);
        println!(
            "{name}: {n} lines ({:.1} MB) -> {} patterns in {best:.1} ms | peers: line count {count_ms:.2} ms ({count}), quick filter \"qdrant\" {filter_ms:.2} ms ({} matches)",
            bytes as f64 / 1e6,
            found.len(),
            m.len()
        );
    }
}
