//! Regular expressions over log lines without a regex engine in the core: the [`RegexMatcher`] trait (the
//! app implements it with the browser's RegExp in `browser::regex`, tests with their own), and the pure
//! maths around it — which lines of a joined text hold a match, UTF-16 offsets to byte ranges.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::telemetry::TraceId;

/// A compiled regular expression supplied by the caller.
pub trait RegexMatcher: Send + Sync {
    /// Byte ranges of the non-empty matches in `line`, in order and not overlapping.
    fn find_ranges(&self, line: &str) -> Vec<Range<usize>>;
    /// Does `line` hold a match (an empty match counts, as in the engine)?
    fn is_match(&self, line: &str) -> bool;
    /// The byte range of the first match's first capture group, or of the whole match when the pattern has
    /// no group (derived fields); None when there is no match.
    fn capture(&self, line: &str) -> Option<Range<usize>>;
    /// Indices of the lines that hold a match. An engine may search all lines at once; by default each line
    /// is tested on its own.
    fn matching_lines(&self, lines: &mut dyn Iterator<Item = &str>) -> Vec<usize> {
        lines.enumerate().filter(|(_, l)| self.is_match(l)).map(|(i, _)| i).collect()
    }
}

/// Compiles `pattern` (case-insensitively unless `case_sensitive`); the error is a sentence for the user.
pub type Compile<'a> = &'a dyn Fn(&str, bool) -> Result<Arc<dyn RegexMatcher>, String>;

/// A compiled pattern with its text. Two are equal when they are the same compiled object.
#[derive(Clone)]
pub struct CompiledRegex {
    pub pattern: String,
    pub matcher: Arc<dyn RegexMatcher>,
}

impl PartialEq for CompiledRegex {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern && Arc::ptr_eq(&self.matcher, &other.matcher)
    }
}

impl Eq for CompiledRegex {}

impl fmt::Debug for CompiledRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.pattern)
    }
}

/// The trace ID a derived-field pattern finds in `line`: the capture (first group, else the whole match)
/// must be 16 or 32 hex digits, so a pattern that catches some other word gives no link.
pub fn trace_id_by_regex(line: &str, matcher: &dyn RegexMatcher) -> Option<TraceId> {
    let text = line.get(matcher.capture(line)?)?.trim();
    let hex = text.bytes().all(|b| b.is_ascii_hexdigit());
    (hex && (text.len() == 16 || text.len() == 32)).then(|| TraceId::parse_hex(text)).flatten()
}

/// The lines that hold a match, found with one search over all lines joined by `\n`. `starts[i]` is line
/// i's offset in the joined text and `total` its length, in the engine's units; `find(from)` returns the
/// first match `(start, end)` at or after `from`. After a match the search resumes at the next line, so
/// each line costs at most one match. A match that runs past its line's end (`\s` can match the `\n`
/// between lines) does not count by itself: `line_matches(i)` then re-checks that line alone.
pub fn lines_with_matches(
    starts: &[usize],
    total: usize,
    mut find: impl FnMut(usize) -> Option<(usize, usize)>,
    mut line_matches: impl FnMut(usize) -> bool,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while from <= total {
        let Some((s, e)) = find(from) else { break };
        if s < from {
            break;
        }
        let Some(line) = starts.partition_point(|&x| x <= s).checked_sub(1) else { break };
        let next = starts.get(line + 1).copied();
        // The line's own text ends before the `\n` that precedes the next line.
        let end = next.map_or(total, |n| n.saturating_sub(1));
        if e <= end || line_matches(line) {
            out.push(line);
        }
        match next {
            Some(n) if n > from => from = n,
            _ => break,
        }
    }
    out
}

/// Offsets of each line in `lines` joined by `\n`, counted in UTF-16 code units (a JavaScript string's
/// indices), and the joined length.
pub fn utf16_starts<'a>(lines: impl IntoIterator<Item = &'a str>) -> (Vec<usize>, usize) {
    let mut starts = Vec::new();
    let mut at = 0usize;
    for (i, l) in lines.into_iter().enumerate() {
        if i > 0 {
            at += 1;
        }
        starts.push(at);
        at += l.chars().map(char::len_utf16).sum::<usize>();
    }
    (starts, at)
}

/// UTF-16 ranges within `line` as byte ranges, in order. An offset inside a character (half of a surrogate
/// pair) moves to that character's start (range start) or end (range end); empty results are dropped.
pub fn utf16_to_byte_ranges(line: &str, ranges: &[(usize, usize)]) -> Vec<Range<usize>> {
    // (utf16 offset, byte offset) at each char start, plus the end.
    let mut marks: Vec<(usize, usize)> = Vec::with_capacity(line.len() + 1);
    let mut u = 0;
    for (b, c) in line.char_indices() {
        marks.push((u, b));
        u += c.len_utf16();
    }
    marks.push((u, line.len()));
    let floor = |x: usize| marks.get(marks.partition_point(|m| m.0 <= x).saturating_sub(1)).map_or(0, |m| m.1);
    let ceil = |x: usize| marks.get(marks.partition_point(|m| m.0 < x)).map_or(line.len(), |m| m.1);
    let mut out: Vec<Range<usize>> = Vec::new();
    for &(s, e) in ranges {
        let r = floor(s)..ceil(e.max(s));
        if r.start < r.end && out.last().is_none_or(|l| l.end <= r.start) {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in engine: a literal needle, or `*` for "any run of spaces and newlines" (so a match can
    /// cross lines, as `\s+` can).
    fn literal_find<'a>(text: &'a str, needle: &str) -> impl FnMut(usize) -> Option<(usize, usize)> + 'a {
        let needle = needle.to_string();
        move |from| {
            let rest = text.get(from..)?;
            if needle == "*" {
                let s = rest.find([' ', '\n'])? + from;
                let len = text.get(s..)?.chars().take_while(|c| *c == ' ' || *c == '\n').count();
                return Some((s, s + len));
            }
            rest.find(needle.as_str()).map(|i| (from + i, from + i + needle.len()))
        }
    }

    #[test]
    fn one_search_finds_each_matching_line_once() {
        let lines = ["error a", "ok", "error b error c", "", "fine error"];
        let text = lines.join("\n");
        let (starts, total) = utf16_starts(lines);
        assert_eq!(starts, vec![0, 8, 11, 27, 28]);
        assert_eq!(total, text.len());
        let mut calls = 0;
        let mut find = literal_find(&text, "error");
        let got = lines_with_matches(&starts, total, |f| { calls += 1; find(f) }, |_| unreachable!());
        assert_eq!(got, vec![0, 2, 4]);
        // One search per matching line; the match on the last line ends the search.
        assert_eq!(calls, 3);
        let mut calls = 0;
        let mut find = literal_find(&text, "ok");
        assert_eq!(lines_with_matches(&starts, total, |f| { calls += 1; find(f) }, |_| false), vec![1]);
        // After the match on line 1, one more search finds nothing.
        assert_eq!(calls, 2);
        assert!(lines_with_matches(&starts, total, literal_find(&text, "zzz"), |_| false).is_empty());
        assert!(lines_with_matches(&[], 0, |_| None, |_| false).is_empty());
    }

    #[test]
    fn a_match_across_the_line_break_is_rechecked_on_its_line_alone() {
        // "*" matches runs of spaces/newlines: "a \nb" has a run " \n" that crosses into line 1.
        let lines = ["a ", "b", "c d", "e"];
        let text = lines.join("\n");
        let (starts, total) = utf16_starts(lines);
        let mut rechecked = Vec::new();
        let got = lines_with_matches(&starts, total, literal_find(&text, "*"), |i| {
            rechecked.push(i);
            lines.get(i).is_some_and(|l| l.contains(' '))
        });
        // Line 0 has its own space; line 1 ("b") only borders a newline; line 2 has a space inside.
        assert_eq!(got, vec![0, 2]);
        assert_eq!(rechecked, vec![0, 1]);
        // An empty match at a line's end (like `$`) belongs to that line.
        let ends = [2, 4, 8, 10];
        let got = lines_with_matches(&starts, total, |f| ends.iter().copied().find(|e| *e >= f).map(|e| (e, e)), |_| false);
        assert_eq!(got, vec![0, 1, 2, 3]);
    }

    /// A stand-in derived-field engine: the text after a literal prefix up to the next space.
    struct After(&'static str);
    impl RegexMatcher for After {
        fn find_ranges(&self, line: &str) -> Vec<Range<usize>> {
            self.capture(line).into_iter().collect()
        }
        fn is_match(&self, line: &str) -> bool {
            self.capture(line).is_some()
        }
        fn capture(&self, line: &str) -> Option<Range<usize>> {
            let s = line.find(self.0)? + self.0.len();
            let e = line[s..].find(' ').map_or(line.len(), |i| s + i);
            Some(s..e)
        }
    }

    #[test]
    fn a_derived_field_gives_a_trace_id_only_for_16_or_32_hex_digits() {
        let m = After("tid=");
        let id = trace_id_by_regex("GET /x tid=4bf92f3577b34da6a3ce929d0e0e4736 200", &m).map(|t| t.to_hex());
        assert_eq!(id.as_deref(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
        assert_eq!(trace_id_by_regex("tid=00F067AA0BA902B7", &m).map(|t| t.to_hex()).as_deref(), Some("000000000000000000f067aa0ba902b7"));
        // Not an ID: too short, not hex, 20 digits, or no match at all.
        for line in ["tid=abc", "tid=4bf92f3577b34da6a3ce929d0e0e473z", "tid=12345678901234567890", "no id here", "tid="] {
            assert_eq!(trace_id_by_regex(line, &m), None, "{line}");
        }
    }

    #[test]
    fn a_misbehaving_engine_cannot_loop_forever() {
        let (starts, total) = utf16_starts(["x", "y"]);
        assert!(lines_with_matches(&starts, total, |_| Some((0, 1)), |_| true).len() <= 2);
        assert!(lines_with_matches(&starts, total, |_| Some((99, 100)), |_| true).len() <= 2);
    }

    #[test]
    fn utf16_offsets_become_byte_ranges_on_char_boundaries() {
        let (starts, total) = utf16_starts(["é😀x", "ab"]);
        // é is 1 unit, 😀 2 units, x 1: line 0 has 4 units.
        assert_eq!((starts, total), (vec![0, 5], 7));
        let line = "é😀x";
        assert_eq!(utf16_to_byte_ranges(line, &[(0, 1), (1, 3), (3, 4)]), vec![0..2, 2..6, 6..7]);
        // Half a surrogate pair widens to the whole character; empty and overlapping ranges are dropped.
        assert_eq!(utf16_to_byte_ranges(line, &[(2, 3)]), vec![2..6]);
        assert_eq!(utf16_to_byte_ranges(line, &[(1, 1), (0, 2), (1, 2)]), vec![0..6]);
        assert_eq!(utf16_to_byte_ranges(line, &[(3, 99)]), vec![6..7]);
        assert_eq!(utf16_to_byte_ranges("", &[(0, 5)]), Vec::<Range<usize>>::new());
    }
}
