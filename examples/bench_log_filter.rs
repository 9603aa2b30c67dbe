//! Benchmark: quick filter over 100,000 log lines (index build, one keystroke's filter, highlight spans of a
//! screenful of rows), plus dedup over the same lines. Run: `cargo run --release --example bench_log_filter`.
//! Prints figures; asserts only that the results are right.

use std::time::Instant;

use trifocal::view::log_dedup::{dedup, DedupMode};
use trifocal::view::log_filter::{filter_lines, spans, Filter, LineIndex};

fn lines(n: usize) -> Vec<String> {
    let levels = ["info", "debug", "warn", "error"];
    (0..n)
        .map(|i| {
            format!(
                r#"{{"ts":"2026-11-24T11:{:02}:{:02}.{:06}Z","level":"{}","msg":"search request handled","route":"/api/search","query":"how to tune qdrant hnsw {}","took_ms":{},"trace_id":"{:032x}","span_id":"{:016x}"}}"#,
                (i / 60) % 60,
                i % 60,
                i % 1_000_000,
                levels[i % 7 % 4],
                i % 97,
                (i * 37) % 1500,
                (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834),
                (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            )
        })
        .collect()
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let n = 100_000;
    let data = lines(n);
    let bytes: usize = data.iter().map(String::len).sum();
    println!("lines: {n}, text: {:.1} MB", bytes as f64 / 1e6);

    let t = Instant::now();
    let idx = LineIndex::build(data.iter().map(String::as_str));
    println!("index build (once per load): {:.1} ms, {:.1} MB", ms(t), idx.bytes() as f64 / 1e6);

    for (q, case) in [("error", false), ("qdrant hnsw 42", false), ("ZZZ-not-there", false), ("/timeout|\"warn\"/", false), ("Error", true)] {
        let f = Filter::parse(q, case);
        // Warm once, then take the best of 5 (a keystroke runs exactly this).
        let _ = filter_lines(&idx, data.iter().map(String::as_str), &f);
        let mut best = f64::MAX;
        let mut count = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let m = filter_lines(&idx, data.iter().map(String::as_str), &f);
            best = best.min(ms(t));
            count = m.len();
        }
        let expect = data.iter().filter(|l| f.matches(l)).count();
        assert_eq!(count, expect, "{q}");
        println!("filter {q:?} (case-sensitive: {case}): {count} matches in {best:.2} ms");
    }

    let f = Filter::parse("qdrant", false);
    let t = Instant::now();
    let mut pieces = 0;
    for l in data.iter().take(60) {
        pieces += spans(l, &f).len();
    }
    println!("highlight spans for 60 visible rows: {:.3} ms ({pieces} pieces)", ms(t));

    for mode in [DedupMode::Exact, DedupMode::Numbers] {
        let t = Instant::now();
        let rows = dedup(data.iter().map(String::as_str), mode);
        println!("dedup {}: {} rows in {:.1} ms", mode.as_str(), rows.len(), ms(t));
    }
}
