//! Paging through a log range by time, as Loki (past its per-query line limit) and VictoriaLogs (in pages
//! that keep each answer small) are asked: merge pages without boundary duplicates, know when the range is
//! exhausted, compute the next query window, and the loop that asks page after page.
//!
//! Both backends' `start` is inclusive and `end` exclusive. Backward paging asks for `[start, oldest + 1)` so lines
//! sharing the oldest nanosecond are not lost; the lines seen again are dropped by [`merge_page`].

use std::collections::HashSet;

use crate::backends::ApiError;
use crate::telemetry::{Labels, LogEntry, LogResult};

/// Whether entries are in time order in the given direction (equal times in any order).
pub fn in_order(entries: &[LogEntry], newest_first: bool) -> bool {
    if newest_first { entries.is_sorted_by(|a, b| a.ts_ns >= b.ts_ns) } else { entries.is_sorted_by(|a, b| a.ts_ns <= b.ts_ns) }
}

/// Sorts entries by time in the given direction (stable: lines with equal times keep their order). Does
/// nothing when they are already in order.
pub fn sort_entries(entries: &mut [LogEntry], newest_first: bool) {
    if in_order(entries, newest_first) {
        return;
    }
    if newest_first {
        entries.sort_by_key(|e| std::cmp::Reverse(e.ts_ns));
    } else {
        entries.sort_by_key(|e| e.ts_ns);
    }
}

/// Appends a page to `all`, dropping the lines already there (same time, line and stream labels), and keeps
/// `all` sorted in the direction. Returns how many lines were added.
pub fn merge_page(all: &mut Vec<LogEntry>, mut page: Vec<LogEntry>, newest_first: bool) -> usize {
    sort_entries(&mut page, newest_first);
    let Some(boundary) = page.first().map(|e| e.ts_ns) else { return 0 };
    if all.is_empty() {
        // The first page: nothing it can repeat, and no copy of its lines.
        *all = page;
        return all.len();
    }
    let keep: Vec<bool> = {
        // Lines of `all` the page can repeat: those at or past the page's first time (the tail of `all`).
        let overlap: HashSet<(i64, &str, &Labels)> = all
            .iter()
            .rev()
            .take_while(|e| if newest_first { e.ts_ns <= boundary } else { e.ts_ns >= boundary })
            .map(|e| (e.ts_ns, e.line.as_str(), &*e.stream))
            .collect();
        page.iter().map(|e| !overlap.contains(&(e.ts_ns, e.line.as_str(), &*e.stream))).collect()
    };
    let before = all.len();
    all.extend(page.into_iter().zip(keep).filter_map(|(e, k)| k.then_some(e)));
    sort_entries(all, newest_first);
    all.len() - before
}

/// How many loaded lines the next page will return again: those sharing the boundary nanosecond (the oldest
/// when paging backward, the newest forward), since the next window includes it. Ask Loki for this many
/// more lines than still wanted, so a page of `n` new lines takes one request, not several.
pub fn boundary_overlap(entries: &[LogEntry], newest_first: bool) -> usize {
    let edge = if newest_first { entries.iter().map(|e| e.ts_ns).min() } else { entries.iter().map(|e| e.ts_ns).max() };
    edge.map_or(0, |t| entries.iter().rev().take_while(|e| e.ts_ns == t).count())
}

/// True when a page returned fewer lines than asked for: the window holds no more.
pub fn is_complete(got: usize, want: u32) -> bool {
    want == 0 || got < want as usize
}

/// The window of the next page after `entries` were loaded from `[start_ns, end_ns)`: backward
/// `(start, oldest + 1)`, forward `(newest, end)`. When that would not shrink the window (the last page was
/// all one nanosecond, more lines than a page share it), it steps past that nanosecond instead: the lines of
/// it beyond one page are skipped rather than stopping. None when nothing is loaded or the range is used up.
pub fn next_window(entries: &[LogEntry], start_ns: i64, end_ns: i64, newest_first: bool) -> Option<(i64, i64)> {
    if newest_first {
        let oldest = entries.iter().map(|e| e.ts_ns).min()?;
        let mut new_end = oldest.saturating_add(1);
        if new_end >= end_ns {
            new_end = oldest;
        }
        (new_end > start_ns && new_end < end_ns).then_some((start_ns, new_end))
    } else {
        let newest = entries.iter().map(|e| e.ts_ns).max()?;
        let mut new_start = newest;
        if new_start <= start_ns {
            new_start = newest.saturating_add(1);
        }
        (new_start > start_ns && new_start < end_ns).then_some((new_start, end_ns))
    }
}

/// What a paged query loaded.
#[derive(Clone, Debug, Default)]
pub struct Paged {
    pub logs: LogResult,
    /// True when the range holds no more lines than were loaded.
    pub complete: bool,
    /// Requests made.
    pub pages: u32,
}

/// One page's answer: its lines, and whether it was `cut` (stopped at the answer size limit with fewer lines
/// than asked for, though the window may hold more: the next page goes on from its last line).
#[derive(Debug, Default)]
pub struct Page {
    pub logs: LogResult,
    pub cut: bool,
}

impl From<LogResult> for Page {
    fn from(logs: LogResult) -> Page {
        Page { logs, cut: false }
    }
}

/// Lines shown while the rest of a query's lines still come: a first screen and some to scroll through.
pub const FIRST_SCREEN: usize = 500;

/// What a running query reports: the lines loaded so far, and (while its first lines come in) the first
/// [`FIRST_SCREEN`] of them in the asked order, to show before the rest.
pub type Progress<'a> = &'a dyn Fn(usize, Option<Vec<LogEntry>>);

/// The first screen of `entries` (already in order) while more pages are to come.
pub fn first_screen(entries: &[LogEntry]) -> Vec<LogEntry> {
    entries[..entries.len().min(FIRST_SCREEN)].to_vec()
}

/// Loads up to `limit` lines of `[start_ns, end_ns)` a page of at most `page` lines at a time, each page the
/// window before the oldest line loaded (after the newest, oldest first), until the range is used up.
/// `fetch` asks one window `[start, end)` for up to `ask` lines; `progress` is told the count after each page
/// and, after the first page when more are to come, the first screen of lines.
pub async fn page_through<P: Into<Page>>(
    limit: u32,
    page: u32,
    newest_first: bool,
    (start_ns, end_ns): (i64, i64),
    progress: Progress<'_>,
    mut fetch: impl AsyncFnMut(i64, i64, u32) -> Result<P, ApiError>,
) -> Result<Paged, ApiError> {
    let mut all = LogResult::default();
    let (mut start, mut end) = (start_ns, end_ns);
    let mut pages = 0;
    loop {
        let want = (limit as usize).saturating_sub(all.entries.len()).min(page as usize) as u32;
        if want == 0 {
            return Ok(Paged { logs: all, complete: false, pages });
        }
        // Lines at the boundary nanosecond come again (the window includes it): ask for that many more.
        let ask = (want as usize + boundary_overlap(&all.entries, newest_first)).min(page as usize) as u32;
        let Page { logs: got_page, cut } = fetch(start, end, ask).await?.into();
        pages += 1;
        let got = got_page.entries.len();
        all.warnings.extend(got_page.warnings);
        merge_page(&mut all.entries, got_page.entries, newest_first);
        all.entries.truncate(limit as usize);
        let complete = is_complete(got, ask) && !cut;
        let done = complete || all.entries.len() >= limit as usize;
        progress(all.entries.len(), (pages == 1 && !done).then(|| first_screen(&all.entries)));
        if complete {
            return Ok(Paged { logs: all, complete: true, pages });
        }
        match next_window(&all.entries, start, end, newest_first) {
            Some((s, e)) if (s, e) != (start, end) => {
                start = s;
                end = e;
            }
            _ => return Ok(Paged { logs: all, complete: true, pages }),
        }
    }
}

#[cfg(test)]
mod overlap_tests {
    use std::sync::Arc;

    use super::*;
    use crate::telemetry::{Fields, LogLevel};

    fn at(ts: i64) -> LogEntry {
        LogEntry { ts_ns: ts, line: format!("l{ts}"), stream: Arc::new(Labels::new()), metadata: Fields::new(), parsed: Fields::new(), level: LogLevel::Info, trace_id: None }
    }

    #[test]
    fn overlap_counts_lines_at_the_boundary_nanosecond() {
        assert_eq!(boundary_overlap(&[], true), 0);
        assert_eq!(boundary_overlap(&[at(9), at(8), at(7), at(7)], true), 2);
        assert_eq!(boundary_overlap(&[at(1), at(2), at(3)], false), 1);
        assert_eq!(boundary_overlap(&[at(5), at(5), at(5)], true), 3);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::telemetry::{Fields, LogLevel};

    fn entry(ts: i64, line: &str, stream: &Arc<Labels>) -> LogEntry {
        LogEntry {
            ts_ns: ts,
            line: line.to_string(),
            stream: Arc::clone(stream),
            metadata: Fields::new(),
            parsed: Fields::new(),
            level: LogLevel::Unknown,
            trace_id: None,
        }
    }

    fn stream(v: &str) -> Arc<Labels> {
        Arc::new([("app", v)].into_iter().collect())
    }

    /// What Loki would answer for `[start, end)` with `limit` lines in a direction.
    fn serve(data: &[LogEntry], start: i64, end: i64, limit: u32, newest_first: bool) -> Vec<LogEntry> {
        let mut hits: Vec<LogEntry> = data.iter().filter(|e| e.ts_ns >= start && e.ts_ns < end).cloned().collect();
        sort_entries(&mut hits, newest_first);
        hits.truncate(limit as usize);
        hits
    }

    /// The caller's loop in `http::logs::query`.
    fn page_all(data: &[LogEntry], start: i64, end: i64, limit: usize, page: u32, newest_first: bool) -> (Vec<LogEntry>, bool) {
        let mut all = Vec::new();
        let (mut s, mut e) = (start, end);
        for _ in 0..1000 {
            let want = limit.saturating_sub(all.len()).min(page as usize) as u32;
            if want == 0 {
                return (all, false);
            }
            let p = serve(data, s, e, want, newest_first);
            let got = p.len();
            merge_page(&mut all, p, newest_first);
            if is_complete(got, want) {
                return (all, true);
            }
            match next_window(&all, s, e, newest_first) {
                Some((ns, ne)) if (ns, ne) != (s, e) => {
                    s = ns;
                    e = ne;
                }
                _ => return (all, true),
            }
        }
        panic!("paging did not end");
    }

    fn dataset() -> Vec<LogEntry> {
        let (a, b) = (stream("a"), stream("b"));
        let mut v = Vec::new();
        for t in 0..50i64 {
            // Several lines share each nanosecond, across streams, so page boundaries split them.
            v.push(entry(100 + t, &format!("a{t}"), &a));
            v.push(entry(100 + t, &format!("b{t}"), &b));
            if t % 3 == 0 {
                v.push(entry(100 + t, &format!("a{t}-2"), &a));
            }
        }
        v
    }

    #[test]
    fn paging_backward_and_forward_gets_every_line_once() {
        let data = dataset();
        for newest_first in [true, false] {
            for page in [1u32, 2, 3, 4, 5, 7, 50, 500] {
                let (got, complete) = page_all(&data, 0, 1000, 10_000, page, newest_first);
                assert!(complete, "page {page}");
                // The far end of the range is always reached.
                assert_eq!(got.last().map(|e| e.ts_ns), Some(if newest_first { 100 } else { 149 }), "page {page}");
                if page < 4 {
                    // A page smaller than the 3 lines sharing some nanoseconds may not hold them all: the rest
                    // of such a nanosecond is stepped over, so every nanosecond still shows up.
                    assert!(got.len() >= 50 && got.len() <= data.len(), "page {page}");
                } else {
                    assert_eq!(got.len(), data.len(), "page {page} newest_first {newest_first}");
                }
                let mut keys: Vec<_> = got.iter().map(|e| (e.ts_ns, e.line.clone())).collect();
                let n = keys.len();
                keys.sort();
                keys.dedup();
                assert_eq!(keys.len(), n);
                if newest_first {
                    assert!(got.is_sorted_by(|a, b| a.ts_ns >= b.ts_ns));
                } else {
                    assert!(got.is_sorted_by(|a, b| a.ts_ns <= b.ts_ns));
                }
            }
        }
    }

    #[test]
    fn limit_stops_paging_incomplete() {
        let data = dataset();
        let (got, complete) = page_all(&data, 0, 1000, 40, 7, true);
        assert!(!complete);
        assert_eq!(got.len(), 40);
        assert_eq!(got[0].ts_ns, 149);
    }

    #[test]
    fn merge_drops_only_boundary_duplicates() {
        let a = stream("a");
        let b = stream("b");
        let mut all = vec![entry(30, "x", &a), entry(20, "y", &a), entry(20, "z", &a)];
        // Same time and line, other stream: kept. Same all three: dropped. Equal labels in another Arc: dropped.
        let page = vec![entry(20, "z", &Arc::new((*a).clone())), entry(20, "y", &b), entry(10, "w", &a), entry(20, "y", &a)];
        assert_eq!(merge_page(&mut all, page, true), 2);
        let lines: Vec<&str> = all.iter().map(|e| e.line.as_str()).collect();
        assert_eq!(lines, vec!["x", "y", "z", "y", "w"]);
        assert_eq!(merge_page(&mut all, Vec::new(), true), 0);
        // A page out of order is sorted in.
        let mut fwd = vec![entry(1, "a", &a)];
        assert_eq!(merge_page(&mut fwd, vec![entry(3, "c", &a), entry(2, "b", &a)], false), 2);
        assert_eq!(fwd.iter().map(|e| e.ts_ns).collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn windows_and_completion() {
        let a = stream("a");
        let es = vec![entry(50, "x", &a), entry(40, "y", &a)];
        assert_eq!(next_window(&es, 0, 100, true), Some((0, 41)));
        assert_eq!(next_window(&es, 0, 100, false), Some((50, 100)));
        assert_eq!(next_window(&[], 0, 100, true), None);
        // The last page was all one nanosecond: step past it.
        assert_eq!(next_window(&es, 0, 41, true), Some((0, 40)));
        assert_eq!(next_window(&es, 50, 100, false), Some((51, 100)));
        // The range is used up.
        assert_eq!(next_window(&es, 40, 41, true), None);
        assert_eq!(next_window(&es, 50, 51, false), None);
        assert_eq!(next_window(&es, 40, 100, true), Some((40, 41)));
        assert_eq!(next_window(&[entry(i64::MAX, "m", &a)], 0, i64::MAX, true), None);
        assert!(is_complete(3, 5));
        assert!(!is_complete(5, 5));
        assert!(is_complete(0, 0));
    }
}

#[cfg(test)]
mod page_tests {
    use std::future::Future;
    use std::pin::pin;
    use std::sync::Arc;
    use std::task::{Context, Poll, Waker};

    use super::*;
    use crate::backends::ApiError;
    use crate::telemetry::{Fields, Labels, LogEntry, LogLevel};

    /// Runs a future that never waits (the fake backend answers at once).
    fn now<F: Future>(f: F) -> F::Output {
        match pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => unreachable!("the fake backend answers at once"),
        }
    }

    fn line(ts_ns: i64, n: usize) -> LogEntry {
        LogEntry { ts_ns, line: format!("line {n}"), stream: Arc::new(Labels::new()), metadata: Fields::new(), parsed: Fields::new(), level: LogLevel::Info, trace_id: None }
    }

    /// A backend as Loki and VictoriaLogs answer: the lines of `[start, end)`, the newest (or oldest) `ask`.
    fn answer(store: &[LogEntry], start: i64, end: i64, ask: u32, newest_first: bool) -> LogResult {
        let mut hit: Vec<LogEntry> = store.iter().filter(|e| e.ts_ns >= start && e.ts_ns < end).cloned().collect();
        sort_entries(&mut hit, newest_first);
        hit.truncate(ask as usize);
        LogResult { entries: hit, warnings: vec![] }
    }

    /// 25 lines, three of them sharing each of a few nanoseconds, one page boundary falling inside such a group.
    fn store() -> Vec<LogEntry> {
        let times = [1, 2, 3, 3, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13, 13, 13, 14, 15, 16, 17, 18, 19, 20];
        times.iter().enumerate().map(|(n, &t)| line(t * 1000, n)).collect()
    }

    fn run(limit: u32, page: u32, newest_first: bool) -> (Paged, Vec<(i64, i64, u32)>) {
        let store = store();
        let mut asked = vec![];
        let r = now(page_through(limit, page, newest_first, (0, 100_000), &|_, _| {}, async |s, e, ask| {
            asked.push((s, e, ask));
            Ok(answer(&store, s, e, ask, newest_first))
        }));
        (r.expect("fake backend never fails"), asked)
    }

    #[test]
    fn pages_backward_until_the_range_is_used_up_without_losing_or_repeating_a_line() {
        let (r, asked) = run(1000, 4, true);
        let mut got: Vec<&str> = r.logs.entries.iter().map(|e| e.line.as_str()).collect();
        assert_eq!(got.len(), 25, "every line once");
        got.sort_unstable();
        got.dedup();
        assert_eq!(got.len(), 25, "no line twice");
        assert!(r.logs.entries.windows(2).all(|w| w[0].ts_ns >= w[1].ts_ns), "newest first");
        assert!(r.complete);
        assert_eq!(asked[0], (0, 100_000, 4));
        // Each next window ends just past the oldest line loaded (20, 19, 18, 17 loaded → end 17_001).
        assert_eq!((asked[1].0, asked[1].1), (0, 17_001));
        assert_eq!(r.pages as usize, asked.len());
    }

    #[test]
    fn pages_forward_when_oldest_first() {
        let (r, _) = run(1000, 4, false);
        assert_eq!(r.logs.entries.len(), 25);
        assert!(r.logs.entries.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns), "oldest first");
        assert!(r.complete);
    }

    #[test]
    fn stops_at_the_limit_and_says_more_lines_are_left() {
        let (r, asked) = run(10, 4, true);
        assert_eq!(r.logs.entries.len(), 10);
        assert!(!r.complete, "the range holds more than the limit");
        assert_eq!(r.logs.entries.first().map(|e| e.ts_ns), Some(20_000), "the newest lines");
        assert!(asked.iter().all(|&(_, _, ask)| ask <= 4), "never more than a page at once");
    }

    #[test]
    fn an_answer_cut_at_the_size_limit_goes_on_from_its_last_line() {
        // One request for the whole limit; the backend's answer stops after 4 lines (the size limit), in order.
        let store = store();
        for newest_first in [true, false] {
            let mut asked = vec![];
            let r = now(page_through(1000, 1000, newest_first, (0, 100_000), &|_, _| {}, async |s, e, ask| {
                asked.push(ask);
                let mut full = answer(&store, s, e, ask, newest_first);
                let cut = full.entries.len() > 4;
                full.entries.truncate(4);
                Ok(Page { logs: full, cut })
            }));
            let r = r.expect("fake backend never fails");
            let mut got: Vec<&str> = r.logs.entries.iter().map(|e| e.line.as_str()).collect();
            assert_eq!(got.len(), 25, "every line, though each answer stopped short of the lines asked");
            got.sort_unstable();
            got.dedup();
            assert_eq!(got.len(), 25, "no line twice");
            assert!(r.complete);
            assert_eq!(asked[0], 1000);
            assert!(r.pages >= 7, "{} requests", r.pages);
        }
    }

    #[test]
    fn the_first_page_is_shown_while_the_next_ones_come() {
        use std::cell::RefCell;
        let store = store();
        let told = RefCell::new(vec![]);
        let progress = |n: usize, first: Option<Vec<LogEntry>>| told.borrow_mut().push((n, first.map(|f| f.iter().map(|e| e.ts_ns).collect::<Vec<_>>())));
        let r = now(page_through(1000, 4, true, (0, 100_000), &progress, async |s, e, ask| Ok(answer(&store, s, e, ask, true))));
        assert!(r.is_ok());
        let told = told.into_inner();
        // After the first page: its 4 lines, the newest of the range, newest first; later pages: the count alone.
        assert_eq!(told[0], (4, Some(vec![20_000, 19_000, 18_000, 17_000])));
        assert!(told.len() > 2 && told[1..].iter().all(|(_, f)| f.is_none()), "{told:?}");
        assert_eq!(told.last().map(|t| t.0), Some(25));
        // One page holding every line: the answer itself is the first screen, nothing shown before it.
        let once = RefCell::new(vec![]);
        let progress = |n: usize, first: Option<Vec<LogEntry>>| once.borrow_mut().push((n, first.is_some()));
        let _ = now(page_through(1000, 1000, true, (0, 100_000), &progress, async |s, e, ask| Ok(answer(&store, s, e, ask, true))));
        assert_eq!(once.into_inner(), vec![(25, false)]);
    }

    #[test]
    fn a_failing_page_is_the_answer() {
        let r = now(page_through(100, 4, true, (0, 10), &|_, _| {}, async |_, _, _| Err::<Page, _>(ApiError::Backend { status: 500, message: "boom".into() })));
        assert!(matches!(r, Err(ApiError::Backend { status: 500, .. })));
    }
}
