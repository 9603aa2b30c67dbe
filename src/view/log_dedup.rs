//! Dedup of consecutive log lines: exact, or ignoring numbers (ids, durations, timestamps in the text), with
//! the number of lines each kept row stands for.

/// How repeated lines are collapsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DedupMode {
    #[default]
    None,
    /// Identical text.
    Exact,
    /// Identical once every run of digits is taken as the same number.
    Numbers,
}

impl DedupMode {
    pub fn as_str(self) -> &'static str {
        match self {
            DedupMode::None => "none",
            DedupMode::Exact => "exact",
            DedupMode::Numbers => "numbers",
        }
    }
    pub fn from_name(s: &str) -> DedupMode {
        match s {
            "exact" => DedupMode::Exact,
            "numbers" => DedupMode::Numbers,
            _ => DedupMode::None,
        }
    }
}

/// Equal ignoring the value of digit runs (`took 12ms` == `took 7ms`, but not `took ms`).
pub fn same_but_numbers(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.bytes().peekable(), b.bytes().peekable());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                while x.peek().is_some_and(u8::is_ascii_digit) {
                    x.next();
                }
                while y.peek().is_some_and(u8::is_ascii_digit) {
                    y.next();
                }
            }
            (Some(p), Some(q)) if p == q => {}
            _ => return false,
        }
    }
}

/// Rows to show: (index of the first line of each run, how many lines the run has). `lines` in display order.
pub fn dedup<'a>(lines: impl IntoIterator<Item = &'a str>, mode: DedupMode) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut prev: Option<&str> = None;
    for (i, l) in lines.into_iter().enumerate() {
        let same = match (prev, mode) {
            (_, DedupMode::None) | (None, _) => false,
            (Some(p), DedupMode::Exact) => p == l,
            (Some(p), DedupMode::Numbers) => same_but_numbers(p, l),
        };
        match out.last_mut() {
            Some(last) if same => last.1 += 1,
            _ => out.push((i, 1)),
        }
        prev = Some(l);
    }
    out
}

/// Like [`dedup`] over a subset of lines: `indices` (in display order) picked from the lines `line_of` gives.
/// Returns (line index, run length).
pub fn dedup_indices<'a>(indices: impl IntoIterator<Item = usize>, line_of: impl Fn(usize) -> &'a str, mode: DedupMode) -> Vec<(usize, usize)> {
    let idx: Vec<usize> = indices.into_iter().collect();
    dedup(idx.iter().map(|&i| line_of(i)), mode).into_iter().filter_map(|(k, n)| idx.get(k).map(|&i| (i, n))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_insensitive_comparison() {
        assert!(same_but_numbers("took 12ms id=4", "took 7ms id=40000"));
        assert!(!same_but_numbers("took ms", "took 7ms"));
        assert!(!same_but_numbers("took 1ms", "took 1s"));
        assert!(same_but_numbers("", ""));
        assert!(!same_but_numbers("a", ""));
    }

    #[test]
    fn consecutive_runs_collapse() {
        let lines = ["a 1", "a 1", "a 2", "b", "a 1"];
        assert_eq!(dedup(lines, DedupMode::None), vec![(0, 1), (1, 1), (2, 1), (3, 1), (4, 1)]);
        assert_eq!(dedup(lines, DedupMode::Exact), vec![(0, 2), (2, 1), (3, 1), (4, 1)]);
        assert_eq!(dedup(lines, DedupMode::Numbers), vec![(0, 3), (3, 1), (4, 1)]);
        assert!(dedup([], DedupMode::Exact).is_empty());
        assert_eq!(DedupMode::from_name(DedupMode::Numbers.as_str()), DedupMode::Numbers);
        assert_eq!(DedupMode::from_name("x"), DedupMode::None);
        let all = ["a", "x", "a", "a", "b"];
        assert_eq!(dedup_indices([0, 2, 3, 4], |i| all[i], DedupMode::Exact), vec![(0, 3), (4, 1)]);
    }
}
