//! Patterns of real lines (Loki answers recorded from the simulated RAG app, tests/fixtures/real/loki): the
//! expected templates and counts were read off the lines themselves (their messages, levels and query texts
//! counted by hand), not taken from this code's output.

use super::*;
use crate::backends::loki::{self, LokiResult};
use crate::telemetry::LogEntry;

fn fixture(name: &str) -> Vec<LogEntry> {
    let path = format!("{}/tests/fixtures/real/loki/{name}", env!("CARGO_MANIFEST_DIR"));
    let body = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match loki::convert::parse_query(200, "application/json", &body, &["trace_id"]) {
        Ok(LokiResult::Logs(l)) => l.entries,
        other => panic!("{name}: not log lines: {other:?}"),
    }
}

fn patterns_of(entries: &[LogEntry]) -> Vec<Pattern> {
    find_patterns(entries.iter().enumerate().map(|(i, e)| (i as u32, e.line.as_str())))
}

fn count_of(ps: &[Pattern], text: &str) -> usize {
    ps.iter().find(|p| p.text == text).map(Pattern::count).unwrap_or_else(|| {
        panic!("no pattern {text}\nfound:\n{}", ps.iter().map(|p| format!("{} {}", p.count(), p.text)).collect::<Vec<_>>().join("\n"))
    })
}

const HEAD: &str = r#"{"ts":"<_>:<_>:<_>","level":"#;

#[test]
fn json_lines_of_one_message_form_one_pattern_with_ids_times_and_numbers_masked() {
    let e = fixture("query_range_streams.json");
    assert_eq!(e.len(), 100);
    let ps = patterns_of(&e);
    // Every line is in exactly one pattern.
    assert_eq!(ps.iter().map(Pattern::count).sum::<usize>(), e.len());
    let mut all: Vec<u32> = ps.iter().flat_map(|p| p.lines.iter().copied()).collect();
    all.sort_unstable();
    assert_eq!(all, (0..100).collect::<Vec<u32>>());
    let ss = r#""debug","service":"search-service","msg":"#;
    assert_eq!(count_of(&ps, &format!(r#"{HEAD}{ss}"retrieved documents","trace_id":"<_>","span_id":"<_>","hits":<_>,"db":"qdrant"}}"#)), 18);
    assert_eq!(count_of(&ps, &format!(r#"{HEAD}{ss}"embedding cache miss","trace_id":"<_>","span_id":"<_>","cache":"embedding-cache"}}"#)), 19);
    assert_eq!(count_of(&ps, &format!(r#"{HEAD}{ss}"health check ok","path":"/healthz","status":<_>}}"#)), 3);
    assert_eq!(
        count_of(&ps, &format!(r#"{HEAD}"info","service":"search-service","msg":"answer generated","trace_id":"<_>","span_id":"<_>","model":"gpt-4o-mini","input_tokens":<_>,"output_tokens":<_>,"latency_ms":<_>}}"#)),
        19
    );
    // "request completed": 19 at info and one at error (the level is part of the pattern).
    let done = |level: &str| format!(r#"{HEAD}"{level}","service":"search-service","msg":"request completed","trace_id":"<_>","span_id":"<_>","http.method":"POST","http.route":"/api/v1/search","status":<_>,"duration_ms":<_>}}"#);
    assert_eq!(count_of(&ps, &done("info")), 19);
    assert_eq!(count_of(&ps, &done("error")), 1);
}

#[test]
fn differing_words_become_variable_but_a_different_word_count_is_another_pattern() {
    let e = fixture("query_range_streams.json");
    let ps = patterns_of(&e);
    let received = |q: &str| format!(r#"{HEAD}"info","service":"search-service","msg":"search request received","trace_id":"<_>","span_id":"<_>","query":"{q}","top_k":<_>,"user_id":"<_>"}}"#);
    // Queries of the 21 "search request received" lines by word count: 2 words: "webhook retries" ×4;
    // 3: "change billing email" ×2, "gdpr data export", "two factor authentication"; 4: nine lines of seven
    // texts; 5: "kubernetes helm values for tls" ×2.
    assert_eq!(count_of(&ps, &received("webhook retries")), 4);
    assert_eq!(count_of(&ps, &received("<_> <_> <_>")), 4);
    assert_eq!(count_of(&ps, &received("<_> <_> <_> <_>")), 9);
    assert_eq!(count_of(&ps, &received("kubernetes helm values for tls")), 2);
    // Largest first.
    assert!(ps.windows(2).all(|w| w[0].count() >= w[1].count()));
}

#[test]
fn lines_of_several_services_keep_their_messages_apart() {
    let e = fixture("query_trace_logs.json");
    let ps = patterns_of(&e);
    assert_eq!(ps.iter().map(Pattern::count).sum::<usize>(), e.len());
    // Eight lines of one trace: seven messages, and "request completed" twice but from two services
    // (search-ui GET /search, search-service POST /api/v1/search): eight patterns of one line each.
    assert_eq!(ps.len(), 8, "{ps:#?}");
    assert!(ps.iter().all(|p| p.count() == 1));
    assert_eq!(ps.iter().filter(|p| p.text.contains(r#""msg":"request completed""#)).count(), 2);
    assert!(ps.iter().any(|p| p.text.contains(r#""error":"[Errno <_>] Connection reset by peer""#)), "{ps:#?}");
}

#[test]
fn logfmt_lines_of_the_generator_shape() {
    let lines = [
        r#"level=debug msg="retrieved documents" hits=7 db=qdrant trace_id=0a192955176133b44f1d2921b43d2e8a span_id=710c753bd2c154cd"#,
        r#"level=debug msg="retrieved documents" hits=12 db=qdrant trace_id=429501c4f4cf6f0794471f1614108c21 span_id=7066d6cec779cc82"#,
        r#"level=info msg="GET /search 200" duration_ms=41 trace_id=8ad3e1009b809139fd37e0f8191dfa6a span_id=12f08327db72bc2b"#,
        r#"level=info msg="GET /search 200" duration_ms=7 trace_id=4cd102780ba9fb7c0946eef6ced01714 span_id=368c24c2ae9f508b"#,
        r#"level=warn msg="provider rate limited" attempt=1 retry_after_ms=250 trace_id=3f943c614b05bc0adcf1db6e91ea1d8a span_id=48776dc65366b0c0"#,
    ];
    let ps = find_patterns(lines.iter().enumerate().map(|(i, l)| (i as u32, *l)));
    let texts: Vec<(&str, usize)> = ps.iter().map(|p| (p.text.as_str(), p.count())).collect();
    assert_eq!(
        texts,
        vec![
            (r#"level=debug msg="retrieved documents" hits=<_> db=qdrant trace_id=<_> span_id=<_>"#, 2),
            (r#"level=info msg="GET /search <_>" duration_ms=<_> trace_id=<_> span_id=<_>"#, 2),
            (r#"level=warn msg="provider rate limited" attempt=<_> retry_after_ms=<_> trace_id=<_> span_id=<_>"#, 1),
        ]
    );
    assert_eq!(ps[1].lines, vec![2, 3]);
}

#[test]
fn variable_words() {
    for w in ["200", "12.5ms", "-3", "10.0.0.1", "0x1f", "0a192955176133b44f1d2921b43d2e8a", "550e8400-e29b-41d4-a716-446655440000", "u42", "$1", "2026-11-23T17"] {
        assert!(is_variable(w), "{w}");
    }
    for w in ["GET", "qdrant", "gpt-4o-mini", "/api/v1/search", "embedding-cache", "", "café", "deadbeef"] {
        assert!(!is_variable(w), "{w}");
    }
}

#[test]
fn hostile_lines_do_not_panic_and_stay_one_pattern_each() {
    let long = "x ".repeat(200_000);
    let uni = "ünïcödé — 日本語 ✓ =\"\u{0}\u{7f}\" 42";
    let lines = ["", " ", "\"\"\"", long.as_str(), uni, "=", "a=1=2=3", "{\"a\":[1,2,{\"b\":null}]}"];
    let ps = find_patterns(lines.iter().enumerate().map(|(i, l)| (i as u32, *l)));
    assert_eq!(ps.iter().map(Pattern::count).sum::<usize>(), lines.len());
    let l = ps.iter().find(|p| p.lines == vec![3]).expect("the long line");
    assert!(l.text.len() < 400, "a long line's tail is one token: {}", l.text.len());
    assert!(ps.iter().any(|p| p.text == "ünïcödé — 日本語 ✓ =\"\u{0}\u{7f}\" <_>"));
}

#[test]
fn many_distinct_first_words_share_a_pattern_past_the_node_limit() {
    let lines: Vec<String> = (0..200).map(|i| format!("user {} logged in", ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "xavier"][i % 20])).collect();
    let ps = find_patterns(lines.iter().enumerate().map(|(i, l)| (i as u32, l.as_str())));
    assert!(ps.len() <= 17, "{}", ps.len());
    assert!(ps.iter().any(|p| p.text == "user <_> logged in"), "{ps:#?}");
    assert_eq!(ps.iter().map(Pattern::count).sum::<usize>(), 200);
}

#[test]
fn sparkline_counts_lines_per_bucket() {
    let ts = [0i64, 5, 9, 10, 99, 100, -7, 250];
    let b = sparkline(&[0, 1, 2, 3, 4, 5, 6, 7, 99], |i| ts.get(i as usize).copied(), 0, 100, 10);
    // 0,5,9 → bucket 0; 10 → 1; 99, 100 → 9; -7 → 0 (clamped); 250 → 9; index 99 has no time.
    assert_eq!(b, vec![4, 1, 0, 0, 0, 0, 0, 0, 0, 3]);
    // A range of no width: everything in the first bucket.
    assert_eq!(sparkline(&[1], |_| Some(5), 5, 5, 3), vec![1, 0, 0]);
    assert_eq!(sparkline(&[1], |_| Some(5), 0, 10, 0), Vec::<u32>::new());
    let pts = sparkline_points(&[0, 2, 1], 20.0, 10.0);
    assert_eq!(pts, "0.0,9.5 10.0,0.5 20.0,5.0");
}

#[test]
fn keep_mask_keeps_one_pattern_or_hides_some() {
    let ps = vec![Pattern { text: "a <_>".into(), lines: vec![0, 2] }, Pattern { text: "b".into(), lines: vec![1] }, Pattern { text: "c".into(), lines: vec![3] }];
    assert_eq!(keep_mask(&ps, 4, None, &[]), None);
    assert_eq!(keep_mask(&ps, 4, Some("a <_>"), &[]), Some(vec![true, false, true, false]));
    assert_eq!(keep_mask(&ps, 4, None, &["b".into(), "c".into()]), Some(vec![true, false, true, false]));
    // A pattern no longer found keeps nothing; a hidden one no longer found hides nothing.
    assert_eq!(keep_mask(&ps, 4, Some("gone"), &[]), Some(vec![false; 4]));
    assert_eq!(keep_mask(&ps, 4, None, &["gone".into()]), Some(vec![true; 4]));
}
