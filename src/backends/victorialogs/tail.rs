//! VictoriaLogs' live tail (`/select/logsql/tail`): a streamed answer of JSON lines cut into chunks anywhere
//! (mid-line, mid-character). [`LineSplitter`] turns the chunks into whole lines; [`parse_tail`] reads them as
//! a query answer's lines into the tail buffer's message (oldest first), and where to resume after a break.

use super::convert::parse_query;
use crate::backends::bytes;
use crate::backends::loki::tail::TailMessage;
use crate::backends::ApiError;

/// Longest line kept (1 MiB): a longer one is dropped and counted, so an endless line cannot fill memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Whole lines out of a byte stream, the unfinished last line kept until its newline arrives.
#[derive(Debug, Default)]
pub struct LineSplitter {
    pending: Vec<u8>,
    /// The pending line grew past [`MAX_LINE_BYTES`]: its bytes are skipped up to its newline.
    skipping: bool,
    /// Lines dropped for their length.
    pub too_long: usize,
}

impl LineSplitter {
    pub fn new() -> LineSplitter {
        LineSplitter::default()
    }

    /// Adds a chunk; returns the lines it completed (without their newline, invalid UTF-8 replaced), as one
    /// text of `\n`-separated lines (empty when none ended in it).
    pub fn push(&mut self, chunk: &[u8]) -> String {
        let mut out = String::with_capacity(chunk.len() + self.pending.len());
        let _ = self.each_line(chunk, &mut |line| {
            out.push_str(line);
            out.push('\n');
            Ok::<(), ()>(())
        });
        out
    }

    /// Adds a chunk and hands `on_line` each line it completed (as [`LineSplitter::push`] gives them), up to
    /// the first error. A line whole in the chunk is handed as it lies there, not copied.
    pub fn each_line<E>(&mut self, chunk: &[u8], on_line: &mut dyn FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let mut rest = chunk;
        while let Some(nl) = bytes::find(rest, b'\n') {
            let (line, after) = rest.split_at(nl);
            rest = &after[1..];
            if self.skipping || self.pending.len() + line.len() > MAX_LINE_BYTES {
                if !self.skipping {
                    self.too_long += 1;
                }
                self.skipping = false;
                self.pending.clear();
            } else if self.pending.is_empty() {
                match std::str::from_utf8(line) {
                    Ok(text) => on_line(text)?,
                    Err(_) => on_line(&String::from_utf8_lossy(line))?,
                }
            } else {
                self.pending.extend_from_slice(line);
                let whole = std::mem::take(&mut self.pending);
                on_line(&String::from_utf8_lossy(&whole))?;
            }
        }
        if !self.skipping {
            if self.pending.len() + rest.len() > MAX_LINE_BYTES {
                self.skipping = true;
                self.too_long += 1;
                self.pending.clear();
            } else {
                self.pending.extend_from_slice(rest);
            }
        }
        Ok(())
    }

    /// The answer ended: its last line if it had no newline (empty when none is pending or it was too long).
    pub fn rest(&mut self) -> String {
        let rest = if self.skipping { String::new() } else { String::from_utf8_lossy(&self.pending).into_owned() };
        self.pending.clear();
        self.skipping = false;
        rest
    }
}

/// Whole tailed lines as the tail buffer's message, oldest first. A line that is not JSON is an error (the
/// stream is not VictoriaLogs' tail); lines without `_time` are skipped with a warning.
pub fn parse_tail(lines: &str, trace_id_fields: &[&str]) -> Result<TailMessage, ApiError> {
    let logs = parse_query(200, "application/stream+json", lines, trace_id_fields, false)?;
    Ok(TailMessage { logs, dropped: 0 })
}

/// How far back a (re)started tail asks for lines: from just after the newest line received (`newest_ns`)
/// up to `now_ms`, at least `min_ms` (the first start), at most an hour.
pub fn start_offset_ms(newest_ns: Option<i64>, now_ms: i64, min_ms: i64) -> i64 {
    let since = newest_ns.map(|ns| now_ms.saturating_sub(ns.div_euclid(1_000_000)) + 1).unwrap_or(min_ms);
    since.clamp(min_ms.min(3_600_000), 3_600_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REC: &str = include_str!("../../../tests/fixtures/victorialogs/query_stream.jsonl");

    #[test]
    fn chunks_cut_anywhere_give_the_same_lines() {
        let whole: Vec<&str> = REC.lines().filter(|l| !l.is_empty()).collect();
        for size in [1usize, 7, 100, 4096] {
            let mut s = LineSplitter::new();
            let mut got = String::new();
            for c in REC.as_bytes().chunks(size) {
                got.push_str(&s.push(c));
            }
            assert_eq!(got.lines().collect::<Vec<_>>(), whole, "chunks of {size}");
        }
        // A character cut in two chunks is whole again in its line.
        let mut s = LineSplitter::new();
        let text = "{\"_msg\":\"é\"}\n".as_bytes();
        assert_eq!(s.push(&text[..9]), "");
        assert_eq!(s.push(&text[9..]), "{\"_msg\":\"é\"}\n");
    }

    #[test]
    fn an_endless_line_is_dropped_and_counted() {
        let mut s = LineSplitter::new();
        let big = vec![b'x'; MAX_LINE_BYTES / 2 + 1];
        assert_eq!(s.push(&big), "");
        assert_eq!(s.push(&big), "");
        assert_eq!(s.push(&big), "");
        assert_eq!(s.too_long, 1);
        assert_eq!(s.push(b"tail of it\n{\"a\":1}\n"), "{\"a\":1}\n");
        assert_eq!(s.too_long, 1);
        let mut s = LineSplitter::new();
        let mut one = vec![b'y'; MAX_LINE_BYTES + 1];
        one.push(b'\n');
        assert_eq!(s.push(&one), "");
        assert_eq!(s.too_long, 1);
    }

    #[test]
    fn tailed_lines_become_entries_oldest_first() {
        let m = parse_tail(REC, &[]).unwrap();
        assert_eq!(m.logs.entries.len(), REC.lines().filter(|l| !l.is_empty()).count());
        assert!(m.logs.entries.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns));
        assert!(m.logs.entries.iter().all(|e| e.stream.get("service_name") == Some("search-service") && e.trace_id.is_some()));
        assert!(matches!(parse_tail("<html>\n", &[]), Err(ApiError::Html { .. }) | Err(ApiError::InvalidJson(_))));
        assert!(matches!(parse_tail("not json\n", &[]), Err(ApiError::InvalidJson(_))));
        assert_eq!(parse_tail("", &[]).unwrap().logs.entries.len(), 0);
    }

    #[test]
    fn a_restart_asks_back_to_the_newest_line() {
        assert_eq!(start_offset_ms(None, 1_000_000, 5_000), 5_000);
        assert_eq!(start_offset_ms(Some(990_000 * 1_000_000), 1_000_000, 5_000), 10_001);
        assert_eq!(start_offset_ms(Some(999_999 * 1_000_000), 1_000_000, 5_000), 5_000, "never less than the first start's");
        assert_eq!(start_offset_ms(Some(0), 10_000_000_000, 5_000), 3_600_000, "at most an hour");
    }
}
