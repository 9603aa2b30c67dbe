//! A query answer read as it streams in: byte pieces cut anywhere (mid-line, mid-character) become whole
//! lines ([`LineSplitter`]) read into log entries ([`QueryLines`]) as they arrive, up to the lines asked for,
//! so a 100k-line answer is parsed while the rest of it is still on the wire and never held whole.

use super::convert::QueryLines;
use super::tail::{LineSplitter, MAX_LINE_BYTES};
use crate::backends::log_paging::{in_order, sort_entries, FIRST_SCREEN};
use crate::backends::ApiError;
use crate::telemetry::{LogEntry, LogResult};

/// Most lines room is made for at once (a larger answer's list grows as usual past them).
const MAX_RESERVED: usize = 200_000;

pub struct QueryStream<'f> {
    split: LineSplitter,
    lines: QueryLines<'f>,
    want: usize,
    /// Some text has been read (the first is checked for an HTML page).
    started: bool,
    /// Lines given by [`QueryStream::first_screen`] so far.
    shown: usize,
}

/// What one streamed answer gave.
#[derive(Debug)]
pub struct StreamedAnswer {
    pub logs: LogResult,
    /// The lines came in the asked order (so the answer stopped early still covers one end of the range).
    pub in_order: bool,
}

impl<'f> QueryStream<'f> {
    /// Reads up to `want` lines; `trace_id_fields` as [`QueryLines::new`].
    pub fn new(trace_id_fields: &'f [&'f str], want: usize) -> QueryStream<'f> {
        QueryStream { split: LineSplitter::new(), lines: QueryLines::new(trace_id_fields), want: want.max(1), started: false, shown: 0 }
    }

    /// Room for the lines asked for, made once their first piece arrives (an answer of many lines is not
    /// moved as its list grows); [`QueryStream::finish`] gives back what an answer of fewer lines left unused.
    fn reserve(&mut self) {
        if self.lines.entries.capacity() == 0 {
            self.lines.entries.reserve_exact(self.want.min(MAX_RESERVED));
        }
    }

    /// Lines read so far.
    pub fn len(&self) -> usize {
        self.lines.entries.len().min(self.want)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a piece of the answer and reads the lines it completed. Returns false once `want` lines are read
    /// (the rest need not be fetched); an error when a line is not one of VictoriaLogs' (an HTML page, a line
    /// that is not JSON).
    pub fn push(&mut self, chunk: &[u8]) -> Result<bool, ApiError> {
        self.reserve();
        let QueryStream { split, lines, started, .. } = self;
        split.each_line(chunk, &mut |line| read_line(lines, started, line)).map_err(|e| match e {
            // An HTML page's title is on a later line: it is looked for in the whole piece.
            ApiError::Html { title, .. } if title.is_empty() => ApiError::from_body(200, "text/html", &String::from_utf8_lossy(chunk)),
            e => e,
        })?;
        Ok(self.lines.entries.len() < self.want)
    }

    fn read(&mut self, text: &str) -> Result<(), ApiError> {
        text.lines().try_for_each(|line| read_line(&mut self.lines, &mut self.started, line))
    }

    /// The first lines read, in the asked order, to show while the rest stream in (VictoriaLogs sends a
    /// query's lines in its order, newest first: they are the first screen of the whole answer). Given each
    /// time more lines came while fewer than [`FIRST_SCREEN`] were shown, else None.
    pub fn first_screen(&mut self, newest_first: bool) -> Option<Vec<LogEntry>> {
        let n = self.len().min(FIRST_SCREEN);
        if n <= self.shown {
            return None;
        }
        self.shown = n;
        let mut first = self.lines.entries[..n].to_vec();
        sort_entries(&mut first, newest_first);
        Some(first)
    }

    /// The answer ended (`whole`: the server ended it; false: reading stopped early, the unfinished last line
    /// is dropped): the lines read, at most `want`, sorted in the direction, with a warning for lines longer
    /// than the longest kept.
    pub fn finish(mut self, whole: bool, newest_first: bool) -> Result<StreamedAnswer, ApiError> {
        let rest = self.split.rest();
        if whole {
            self.read(&rest)?;
        }
        self.lines.entries.truncate(self.want);
        if self.lines.entries.capacity() > 2 * self.lines.entries.len() {
            self.lines.entries.shrink_to_fit();
        }
        let ordered = in_order(&self.lines.entries, newest_first);
        let mut logs = self.lines.finish(newest_first);
        if self.split.too_long > 0 {
            logs.warnings.push(format!("{} lines longer than {} MiB were left out", self.split.too_long, MAX_LINE_BYTES >> 20));
        }
        Ok(StreamedAnswer { logs, in_order: ordered })
    }
}

/// Reads a line of the answer; the first one with text is checked for an HTML page (a proxy's, a login's).
fn read_line(lines: &mut QueryLines, started: &mut bool, line: &str) -> Result<(), ApiError> {
    if !*started && !line.trim().is_empty() {
        *started = true;
        if line.trim_start().starts_with('<') {
            return Err(ApiError::from_body(200, "", line));
        }
    }
    lines.push_line(line)
}

#[cfg(test)]
#[path = "query_stream_tests.rs"]
mod tests;
