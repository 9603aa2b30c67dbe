//! Recorded VictoriaLogs query answers (tests/fixtures/victorialogs/INDEX.md) fed to [`QueryStream`] in pieces
//! of every awkward size: cut inside a line, inside a multi-byte character, one byte at a time. What is
//! expected is read from the recorded lines with `serde_json::Value`, not from the parser.

use super::*;
use crate::backends::victorialogs::convert::parse_time_ns;
use crate::telemetry::TraceId;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../tests/fixtures/victorialogs/", $name))
    };
}

const STREAM: &str = fixture!("query_stream.jsonl");
const TRACE: &str = fixture!("query_trace.jsonl");
const UTF8: &str = fixture!("query_utf8.jsonl");

/// The recorded lines' `(_time, _msg)`, newest first as VictoriaLogs sent them.
fn recorded(body: &str) -> Vec<(String, String)> {
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["_time"].as_str().unwrap().to_string(), v["_msg"].as_str().unwrap().to_string())
        })
        .collect()
}

/// Reads `body` in pieces of `size` bytes (the last one shorter), all of it.
fn read_in(body: &str, size: usize, want: usize) -> Result<StreamedAnswer, ApiError> {
    let mut s = QueryStream::new(&[], want);
    for piece in body.as_bytes().chunks(size) {
        if !s.push(piece)? {
            return s.finish(false, true);
        }
    }
    s.finish(true, true)
}

#[test]
fn pieces_of_every_size_give_the_recorded_lines() {
    for (name, body, lines) in [("query_stream", STREAM, 20), ("query_trace", TRACE, 8), ("query_utf8", UTF8, 6)] {
        let want = recorded(body);
        assert_eq!(want.len(), lines, "{name}: lines in the recording (wc -l)");
        for size in (1..=80).chain([127, 128, 255, 256, 1000, 4096, 65536, body.len()]) {
            let got = read_in(body, size, 100_000).unwrap_or_else(|e| panic!("{name} in pieces of {size}: {e}"));
            let msgs: Vec<&str> = got.logs.entries.iter().map(|e| e.line.as_str()).collect();
            assert_eq!(msgs, want.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>(), "{name} in pieces of {size}");
            let times: Vec<Option<i64>> = want.iter().map(|(t, _)| parse_time_ns(t)).collect();
            assert_eq!(got.logs.entries.iter().map(|e| Some(e.ts_ns)).collect::<Vec<_>>(), times, "{name} in pieces of {size}");
            assert!(got.in_order && got.logs.warnings.is_empty(), "{name} in pieces of {size}");
        }
    }
}

#[test]
fn a_character_cut_between_pieces_is_whole_again() {
    // Every cut of the recording that falls inside a multi-byte character.
    let bytes = UTF8.as_bytes();
    let inside: Vec<usize> = (1..bytes.len()).filter(|&i| !UTF8.is_char_boundary(i)).collect();
    assert!(inside.len() > 50, "the recording has multi-byte characters");
    for cut in inside {
        let mut s = QueryStream::new(&[], 100);
        assert!(s.push(&bytes[..cut]).unwrap());
        assert!(s.push(&bytes[cut..]).unwrap());
        let got = s.finish(true, true).unwrap();
        assert_eq!(got.logs.entries.iter().map(|e| e.line.as_str()).collect::<Vec<_>>(), recorded(UTF8).iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>(), "cut at byte {cut}");
    }
    let got = read_in(UTF8, 3, 100).unwrap();
    let e = got.logs.entries.iter().find(|e| e.line.starts_with("emoji")).unwrap();
    assert_eq!(e.line, "emoji 🚀🔥 deploy finished ✅");
    assert_eq!(e.metadata.get("city"), Some("Zürich"));
    assert_eq!(e.trace_id, TraceId::parse_hex("0af7651916cd43dd8448eb211c80319c"));
    // Markup is text, kept as sent (the list escapes it when drawing).
    assert!(got.logs.entries.iter().any(|e| e.line == "<script>alert(\"x\")</script> & <b>bold</b>"));
}

#[test]
fn reading_stops_at_the_lines_asked_for() {
    let mut s = QueryStream::new(&[], 5);
    let mut pieces = 0;
    for piece in STREAM.as_bytes().chunks(64) {
        pieces += 1;
        if !s.push(piece).unwrap() {
            break;
        }
    }
    assert!(pieces < STREAM.len() / 64, "stopped before the end of the answer");
    assert_eq!(s.len(), 5);
    let got = s.finish(false, true).unwrap();
    let want = recorded(STREAM);
    assert_eq!(got.logs.entries.iter().map(|e| e.line.as_str()).collect::<Vec<_>>(), want[..5].iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>());
}

#[test]
fn an_answer_stopped_early_drops_its_unfinished_line_and_one_ended_early_is_an_error() {
    // Cut in the middle of the 4th line.
    let cut = STREAM.match_indices('\n').nth(2).unwrap().0 + 40;
    let mut s = QueryStream::new(&[], 100);
    s.push(&STREAM.as_bytes()[..cut]).unwrap();
    assert_eq!(s.finish(false, true).unwrap().logs.entries.len(), 3);
    // The server ended the answer there: the cut line is named.
    let mut s = QueryStream::new(&[], 100);
    s.push(&STREAM.as_bytes()[..cut]).unwrap();
    match s.finish(true, true) {
        Err(ApiError::InvalidJson(m)) => assert!(m.contains("line 4"), "{m}"),
        other => panic!("a truncated answer: {other:?}"),
    }
}

#[test]
fn a_bad_line_an_html_page_and_an_empty_answer() {
    let mut body = STREAM.lines().take(7).collect::<Vec<_>>().join("\n");
    body.push_str("\nnot json at all\n");
    body.push_str(STREAM);
    for size in [1, 13, 4096] {
        match read_in(&body, size, 1000) {
            Err(ApiError::InvalidJson(m)) => assert!(m.contains("line 8"), "{m}"),
            other => panic!("pieces of {size}: {other:?}"),
        }
    }
    let page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>upstream</body></html>\n";
    for size in [1, 5, 1000] {
        assert!(matches!(read_in(page, size, 10), Err(ApiError::Html { .. })), "pieces of {size}");
    }
    let got = read_in(fixture!("query_empty.jsonl"), 7, 10).unwrap();
    assert!(got.logs.entries.is_empty() && got.in_order);
}

#[test]
fn lines_out_of_order_are_sorted_and_said_so() {
    let mut lines: Vec<&str> = STREAM.lines().collect();
    lines.swap(0, 5);
    let body = lines.join("\n");
    let got = read_in(&body, 100, 100).unwrap();
    assert!(!got.in_order);
    assert!(got.logs.entries.windows(2).all(|w| w[0].ts_ns >= w[1].ts_ns), "sorted newest first");
    assert_eq!(got.logs.entries.len(), 20);
}

#[test]
fn the_first_screen_is_the_first_lines_in_order_given_while_they_grow() {
    let want = recorded(STREAM);
    let mut s = QueryStream::new(&[], 100_000);
    let mut shown: Vec<Vec<String>> = vec![];
    // Cut in pieces of 300 bytes: a few lines each, some cut mid-line.
    for piece in STREAM.as_bytes().chunks(300) {
        assert!(s.push(piece).unwrap());
        if let Some(first) = s.first_screen(true) {
            assert_eq!(first.len(), s.len(), "every line read so far (fewer than a screen)");
            shown.push(first.iter().map(|e| e.line.clone()).collect());
        }
        assert!(s.first_screen(true).is_none(), "nothing new: nothing given again");
    }
    assert!(shown.len() > 2, "given as the lines grew: {}", shown.len());
    for first in &shown {
        // The recorded answer is newest first: each first screen is the start of it, in its order.
        assert_eq!(first, &want[..first.len()].iter().map(|(_, m)| m.clone()).collect::<Vec<_>>());
    }
    // Oldest first asked: the lines read so far, sorted oldest first.
    let mut s = QueryStream::new(&[], 100_000);
    s.push(STREAM.as_bytes()).unwrap();
    let first = s.first_screen(false).unwrap();
    assert_eq!(first.first().map(|e| e.line.as_str()), want.last().map(|(_, m)| m.as_str()));
    assert!(first.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns));
}

#[test]
fn the_first_screen_stops_at_a_screen_of_lines() {
    // The recorded lines over and over: more than a screen.
    let body = STREAM.repeat(FIRST_SCREEN / 20 + 5);
    let mut s = QueryStream::new(&[], 100_000);
    let mut sizes = vec![];
    for piece in body.as_bytes().chunks(4096) {
        s.push(piece).unwrap();
        if let Some(first) = s.first_screen(true) {
            sizes.push(first.len());
        }
    }
    assert_eq!(sizes.last(), Some(&FIRST_SCREEN), "{sizes:?}");
    assert!(s.len() > FIRST_SCREEN);
}

#[test]
fn an_html_page_is_named_by_its_title_on_a_later_line() {
    let page = "<!DOCTYPE html>\n<html>\n<head><title>Sign in</title></head>\n<body>login</body></html>\n";
    for size in [page.len(), 20] {
        let r = read_in(page, size, 10);
        if size == page.len() {
            assert!(matches!(&r, Err(ApiError::Html { title, .. }) if title == "Sign in"), "{r:?}");
        } else {
            assert!(matches!(&r, Err(ApiError::Html { .. })), "{r:?}");
        }
    }
}

#[test]
fn room_made_for_the_lines_asked_for_is_given_back_by_a_smaller_answer() {
    let lines = recorded(STREAM).len();
    let got = read_in(STREAM, 4096, 100_000).unwrap().logs.entries;
    assert_eq!(got.len(), lines);
    assert!(got.capacity() <= 2 * lines, "{} lines hold room for {}", lines, got.capacity());
}
