//! Quick filter over loaded log lines: a substring or `/a|b/` alternation of literals, ASCII
//! case-insensitive unless asked, matched against a folded copy of all lines built once (fast at 100k lines);
//! or, in regex mode, a regular expression compiled by the caller's engine ([`RegexMatcher`]); match ranges
//! in one shown line for highlighting; next/previous match.

use std::ops::Range;

use super::log_regex::{Compile, CompiledRegex};
pub use super::log_regex::RegexMatcher;

/// A parsed quick filter. Empty (no alternatives) matches nothing and filters nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Literal texts, any of which matches (already ASCII-lowercased when not case-sensitive).
    pub alternatives: Vec<String>,
    pub case_sensitive: bool,
    /// Something the user should know about how the text was read (unsupported regex syntax).
    pub note: Option<String>,
    /// Regex mode: the compiled expression (then `alternatives` is empty).
    pub regex: Option<CompiledRegex>,
    /// Regex mode: why the expression could not be used; the filter then matches nothing.
    pub error: Option<String>,
}

impl Filter {
    /// Reads the filter box: `text` is a plain substring; `/a|b/` is any of the literals `a`, `b` (`\|`, `\/`
    /// and `\\` escape; other regex syntax is matched literally and noted).
    pub fn parse(text: &str, case_sensitive: bool) -> Filter {
        let fold = |s: String| if case_sensitive { s } else { s.to_ascii_lowercase() };
        let t = text.trim();
        let inner = t.strip_prefix('/').and_then(|r| r.strip_suffix('/')).filter(|_| t.len() >= 2);
        let Some(inner) = inner else {
            let alternatives = if text.is_empty() { Vec::new() } else { vec![fold(text.to_string())] };
            return Filter { alternatives, case_sensitive, ..Filter::default() };
        };
        let mut alts = Vec::new();
        let mut cur = String::new();
        let mut chars = inner.chars();
        let mut regexy = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(n @ ('|' | '/' | '\\')) => cur.push(n),
                    Some(n) => {
                        regexy = true;
                        cur.push('\\');
                        cur.push(n);
                    }
                    None => cur.push('\\'),
                },
                '|' => alts.push(std::mem::take(&mut cur)),
                c => {
                    if ".*+?()[]{}^$".contains(c) {
                        regexy = true;
                    }
                    cur.push(c);
                }
            }
        }
        alts.push(cur);
        let mut alternatives: Vec<String> = alts.into_iter().filter(|a| !a.is_empty()).map(fold).collect();
        alternatives.sort();
        alternatives.dedup();
        let note = regexy.then(|| "Between slashes only literal alternatives (a|b) are read; other regex characters match themselves. Tick .* for a regular expression.".to_string());
        Filter { alternatives, case_sensitive, note, ..Filter::default() }
    }

    /// Reads the filter box in regex mode: the whole text is a regular expression (no slashes needed),
    /// compiled by `compile`. An empty box filters nothing; a pattern the engine refuses gives a filter with
    /// an [`error`](Self::error) that matches nothing.
    pub fn regex(text: &str, case_sensitive: bool, compile: Compile) -> Filter {
        if text.is_empty() {
            return Filter { case_sensitive, ..Filter::default() };
        }
        match compile(text, case_sensitive) {
            Ok(matcher) => Filter { case_sensitive, regex: Some(CompiledRegex { pattern: text.to_string(), matcher }), ..Filter::default() },
            Err(e) => Filter { case_sensitive, error: Some(format!("Not a valid regular expression: {e}")), ..Filter::default() },
        }
    }

    pub fn is_empty(&self) -> bool {
        self.alternatives.is_empty() && self.regex.is_none()
    }

    /// Byte ranges of the matches in one line (sorted, not overlapping), for highlighting.
    pub fn ranges(&self, line: &str) -> Vec<Range<usize>> {
        if let Some(r) = &self.regex {
            return r.matcher.find_ranges(line);
        }
        if self.is_empty() {
            return Vec::new();
        }
        let folded;
        let hay: &str = if self.case_sensitive {
            line
        } else {
            folded = line.to_ascii_lowercase();
            &folded
        };
        let mut found: Vec<Range<usize>> = Vec::new();
        for a in &self.alternatives {
            found.extend(hay.match_indices(a.as_str()).map(|(i, m)| i..i + m.len()));
        }
        crate::sort::by(&mut found, |a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for r in found {
            match out.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    }

    /// Does one line match?
    pub fn matches(&self, line: &str) -> bool {
        if let Some(r) = &self.regex {
            return r.matcher.is_match(line);
        }
        if self.case_sensitive {
            self.alternatives.iter().any(|a| line.contains(a.as_str()))
        } else {
            !self.ranges(line).is_empty()
        }
    }
}

/// `line` cut into (text, is_match) pieces that tile it, for rendering highlights as text spans.
pub fn spans<'a>(line: &'a str, filter: &Filter) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in filter.ranges(line) {
        // Matches of ASCII-folded text start and end on char boundaries of the original.
        if let (Some(before), Some(m)) = (line.get(at..r.start), line.get(r.start..r.end)) {
            if !before.is_empty() {
                out.push((before, false));
            }
            out.push((m, true));
            at = r.end;
        }
    }
    if let Some(rest) = line.get(at..) {
        if !rest.is_empty() || out.is_empty() {
            out.push((rest, false));
        }
    }
    out
}

/// All loaded lines, concatenated and ASCII-lowercased once (on load), so a case-insensitive keystroke is a
/// plain substring search per line with no allocation or case folding.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    folded: String,
    /// Start offset of each line in `folded`; line i is `starts[i]..starts[i+1]-1` (a `\n` follows each line).
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn build<'a>(lines: impl IntoIterator<Item = &'a str>) -> LineIndex {
        let mut folded = String::new();
        let mut starts = Vec::new();
        for l in lines {
            starts.push(folded.len());
            folded.push_str(l);
            folded.push('\n');
        }
        folded.make_ascii_lowercase();
        LineIndex { folded, starts }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Bytes held (for the memory figures).
    pub fn bytes(&self) -> usize {
        self.folded.capacity() + self.starts.capacity() * std::mem::size_of::<usize>()
    }

    fn line_end(&self, i: usize) -> usize {
        self.starts.get(i + 1).map(|s| s.saturating_sub(1)).unwrap_or(self.folded.len().saturating_sub(1))
    }

    /// Indices of the lines that match a case-insensitive filter, in order. For a case-sensitive filter use
    /// [`filter_lines`] on the original text.
    pub fn matching(&self, filter: &Filter) -> Vec<usize> {
        if filter.alternatives.is_empty() {
            return Vec::new();
        }
        let mut hit = vec![false; self.starts.len()];
        for (i, h) in hit.iter_mut().enumerate() {
            let start = self.starts.get(i).copied().unwrap_or(0);
            // The line's own text (its trailing `\n` excluded, so matches never cross lines).
            if let Some(line) = self.folded.get(start..self.line_end(i)) {
                *h = filter.alternatives.iter().any(|a| line.contains(a.as_str()));
            }
        }
        hit.iter().enumerate().filter(|(_, h)| **h).map(|(i, _)| i).collect()
    }
}

/// Indices of matching lines for any filter: the folded index for case-insensitive filters, a scan of the
/// original lines otherwise.
pub fn filter_lines<'a>(index: &LineIndex, lines: impl IntoIterator<Item = &'a str>, filter: &Filter) -> Vec<usize> {
    if let Some(r) = &filter.regex {
        return r.matcher.matching_lines(&mut lines.into_iter());
    }
    if filter.is_empty() {
        return Vec::new();
    }
    if !filter.case_sensitive {
        return index.matching(filter);
    }
    lines.into_iter().enumerate().filter(|(_, l)| filter.matches(l)).map(|(i, _)| i).collect()
}

/// The next (or previous) match after `current` among sorted `matches`, wrapping around; the first (last)
/// one when there is no current position.
pub fn step_match(matches: &[usize], current: Option<usize>, forward: bool) -> Option<usize> {
    let first = *matches.first()?;
    let last = *matches.last()?;
    Some(match (current, forward) {
        (None, true) => first,
        (None, false) => last,
        (Some(c), true) => matches.iter().copied().find(|&m| m > c).unwrap_or(first),
        (Some(c), false) => matches.iter().rev().copied().find(|&m| m < c).unwrap_or(last),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: [&str; 5] = ["GET /search 200", "error: Timeout talking to qdrant", "ok", "ERROR again", "ünïcode ERROR é"];

    #[test]
    fn substring_is_case_insensitive_by_default() {
        let idx = LineIndex::build(LINES);
        let f = Filter::parse("error", false);
        assert_eq!(filter_lines(&idx, LINES, &f), vec![1, 3, 4]);
        let f = Filter::parse("ERROR", true);
        assert_eq!(filter_lines(&idx, LINES, &f), vec![3, 4]);
        let f = Filter::parse("", false);
        assert!(filter_lines(&idx, LINES, &f).is_empty());
    }

    #[test]
    fn alternation_of_literals() {
        let idx = LineIndex::build(LINES);
        let f = Filter::parse("/timeout|^ok/", false);
        assert!(f.note.is_some(), "^ is noted");
        let f = Filter::parse("/timeout|200/", false);
        assert_eq!(f.note, None);
        assert_eq!(filter_lines(&idx, LINES, &f), vec![0, 1]);
        let f = Filter::parse(r"/a\|b|\/search/", false);
        assert_eq!(f.alternatives, vec!["/search".to_string(), "a|b".to_string()]);
        // A lone slash is a plain substring.
        assert_eq!(Filter::parse("/", false).alternatives, vec!["/".to_string()]);
        assert!(Filter::parse("//", false).is_empty());
    }

    #[test]
    fn matches_do_not_cross_line_boundaries() {
        let lines = ["abc", "def"];
        let idx = LineIndex::build(lines);
        assert!(idx.matching(&Filter::parse("c\nd", false)).is_empty());
        assert_eq!(idx.matching(&Filter::parse("c", false)), vec![0]);
        assert_eq!(idx.matching(&Filter::parse("f", false)), vec![1]);
        assert_eq!(idx.len(), 2);
        // A line containing a newline itself still matches within it.
        let lines = ["a\nb", "c"];
        let idx = LineIndex::build(lines);
        assert_eq!(idx.matching(&Filter::parse("a\nb", false)), vec![0]);
    }

    #[test]
    fn index_agrees_with_a_per_line_scan() {
        let lines: Vec<String> = (0..500).map(|i| format!("line {i} level={} Ok", if i % 7 == 0 { "ERROR" } else { "info" })).collect();
        let idx = LineIndex::build(lines.iter().map(String::as_str));
        for q in ["error", "1", "ok", "/error|line 49/", "zzz", "=info ok"] {
            let f = Filter::parse(q, false);
            let want: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| f.matches(l)).map(|(i, _)| i).collect();
            assert_eq!(idx.matching(&f), want, "{q}");
        }
    }

    #[test]
    fn highlight_spans_tile_the_line() {
        let f = Filter::parse("/error|ror a/", false);
        let s = spans("ERROR again and error", &f);
        assert_eq!(s, vec![("ERROR a", true), ("gain and ", false), ("error", true)]);
        let joined: String = s.iter().map(|(t, _)| *t).collect();
        assert_eq!(joined, "ERROR again and error");
        assert_eq!(spans("nothing", &f), vec![("nothing", false)]);
        assert_eq!(spans("", &f), vec![("", false)]);
        let f = Filter::parse("é", false);
        assert_eq!(spans("éa é", &f), vec![("é", true), ("a ", false), ("é", true)]);
    }

    /// A tiny engine for the tests: `^x` (line starts with x), `x$` (ends with), `x|y` (either literal),
    /// `(` alone is refused; `i` folds ASCII case. Enough to check how the filter uses an engine.
    struct Toy {
        alts: Vec<String>,
        anchor: Option<bool>,
        fold: bool,
    }

    impl RegexMatcher for Toy {
        fn find_ranges(&self, line: &str) -> Vec<Range<usize>> {
            let hay = if self.fold { line.to_ascii_lowercase() } else { line.to_string() };
            let mut out: Vec<Range<usize>> = Vec::new();
            for a in &self.alts {
                match self.anchor {
                    Some(true) if hay.starts_with(a.as_str()) => out.push(0..a.len()),
                    Some(false) if hay.ends_with(a.as_str()) => out.push(hay.len() - a.len()..hay.len()),
                    None => out.extend(hay.match_indices(a.as_str()).map(|(i, m)| i..i + m.len())),
                    _ => {}
                }
            }
            crate::sort::by_key(&mut out, |r| r.start);
            out
        }
        fn is_match(&self, line: &str) -> bool {
            !self.find_ranges(line).is_empty()
        }
        fn capture(&self, line: &str) -> Option<Range<usize>> {
            self.find_ranges(line).into_iter().next()
        }
    }

    fn toy(p: &str, case_sensitive: bool) -> Result<std::sync::Arc<dyn RegexMatcher>, String> {
        if p.contains('(') {
            return Err("Unterminated group".into());
        }
        let fold = |s: &str| if case_sensitive { s.to_string() } else { s.to_ascii_lowercase() };
        let (anchor, body) = match (p.strip_prefix('^'), p.strip_suffix('$')) {
            (Some(b), _) => (Some(true), b),
            (_, Some(b)) => (Some(false), b),
            _ => (None, p),
        };
        Ok(std::sync::Arc::new(Toy { alts: body.split('|').map(fold).collect(), anchor, fold: !case_sensitive }))
    }

    #[test]
    fn regex_mode_uses_the_engine_for_lines_and_highlights() {
        let idx = LineIndex::build(LINES);
        let f = Filter::regex("^error", false, &toy);
        assert!(f.error.is_none() && !f.is_empty());
        assert_eq!(filter_lines(&idx, LINES, &f), vec![1, 3]);
        // Case-sensitive: only the engine decides (the folded index is not used).
        let f = Filter::regex("ERROR$", true, &toy);
        assert_eq!(filter_lines(&idx, LINES, &f), Vec::<usize>::new());
        let f = Filter::regex("ERROR é$", true, &toy);
        assert_eq!(filter_lines(&idx, LINES, &f), vec![4]);
        assert_eq!(spans("ünïcode ERROR é", &f), vec![("ünïcode ", false), ("ERROR é", true)]);
        // Next/previous work on the engine's matches like on substring matches.
        let f = Filter::regex("again|timeout", false, &toy);
        let m = filter_lines(&idx, LINES, &f);
        assert_eq!(m, vec![1, 3]);
        assert_eq!(step_match(&m, Some(1), true), Some(3));
        assert!(f.matches("AGAIN") && !f.matches("gain"));
    }

    #[test]
    fn a_refused_pattern_says_why_and_matches_nothing() {
        let idx = LineIndex::build(LINES);
        let f = Filter::regex("err(", false, &toy);
        assert_eq!(f.error.as_deref(), Some("Not a valid regular expression: Unterminated group"));
        assert!(f.is_empty());
        assert!(filter_lines(&idx, LINES, &f).is_empty());
        assert_eq!(spans("err(", &f), vec![("err(", false)]);
        let f = Filter::regex("", false, &toy);
        assert!(f.is_empty() && f.error.is_none());
        // The same pattern compiled twice is a new filter (the memo downstream recomputes).
        assert_ne!(Filter::regex("ok", false, &toy), Filter::regex("ok", false, &toy));
        let f = Filter::regex("ok", false, &toy);
        assert_eq!(f.clone(), f);
    }

    #[test]
    fn stepping_between_matches_wraps() {
        let m = [2, 5, 9];
        assert_eq!(step_match(&m, None, true), Some(2));
        assert_eq!(step_match(&m, None, false), Some(9));
        assert_eq!(step_match(&m, Some(5), true), Some(9));
        assert_eq!(step_match(&m, Some(9), true), Some(2));
        assert_eq!(step_match(&m, Some(2), false), Some(9));
        assert_eq!(step_match(&m, Some(6), false), Some(5));
        assert_eq!(step_match(&[], Some(6), false), None);
    }
}
