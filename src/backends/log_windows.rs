//! Loki's lines past its first page, asked as time windows a few at a time (as Grafana splits a range), each
//! merged in time order once the windows before it are: the lines, order, limit and "more" of page after page
//! (`log_paging::page_through`) without waiting for each page before asking the next.
//!
//! The first page is the newest (oldest, forward) lines of the whole range, as paging asks it; its lines' span
//! sizes the windows that follow over the rest of the range (about 3/4 of a page each, resized from each
//! answer). A window that fills its page goes on inside itself from its last line before the next window is
//! merged; windows asked past the limit are dropped.

use std::collections::VecDeque;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

use super::log_paging::{first_screen, is_complete, merge_page, next_window, sort_entries, Paged, Progress};
use crate::backends::ApiError;
use crate::telemetry::{LogEntry, LogResult};

/// Windows asked at once.
pub const IN_FLIGHT: usize = 3;

/// One window's answer on its way.
pub type Asked<'a> = Pin<Box<dyn Future<Output = Result<LogResult, ApiError>> + 'a>>;

struct Window<'a> {
    start: i64,
    end: i64,
    ask: u32,
    answer: Asked<'a>,
    got: Option<Result<LogResult, ApiError>>,
}

/// Loads up to `limit` lines of `[start_ns, end_ns)` as [`page_through`](super::log_paging::page_through) does,
/// `page` lines at most per request, up to [`IN_FLIGHT`] requests at once. `fetch` asks one window
/// `[start, end)` for up to `ask` lines; `progress` is told the count after each answer merged and, after the
/// first when more are to come, the first screen of lines.
pub async fn page_windows<'a>(
    limit: u32,
    page: u32,
    newest_first: bool,
    (start_ns, end_ns): (i64, i64),
    progress: Progress<'_>,
    fetch: &dyn Fn(i64, i64, u32) -> Asked<'a>,
) -> Result<Paged, ApiError> {
    let limit_n = limit as usize;
    let first_ask = limit.min(page);
    if first_ask == 0 {
        return Ok(Paged { logs: LogResult::default(), complete: false, pages: 0 });
    }
    let mut all = fetch(start_ns, end_ns, first_ask).await?;
    let mut pages = 1;
    sort_entries(&mut all.entries, newest_first);
    let got = all.entries.len();
    all.entries.truncate(limit_n);
    let complete = is_complete(got, first_ask);
    let done = complete || all.entries.len() >= limit_n;
    progress(all.entries.len(), (!done).then(|| first_screen(&all.entries)));
    if done {
        return Ok(Paged { logs: all, complete, pages });
    }
    let Some((rest_start, rest_end)) = next_window(&all.entries, start_ns, end_ns, newest_first) else {
        return Ok(Paged { logs: all, complete: true, pages });
    };
    // The part of the rest not asked yet: `cursor` moves from the loaded edge to the far end of the range.
    let mut cursor = if newest_first { rest_end } else { rest_start };
    let far = if newest_first { rest_start } else { rest_end };
    let target = (page as i128 * 3 / 4).max(1);
    let mut width = resized(span(&all.entries), got, target);
    let mut queue: VecDeque<Window<'a>> = VecDeque::new();
    loop {
        // Ask more windows while fewer than IN_FLIGHT are out and the lines expected of them are still wanted.
        while queue.len() < IN_FLIGHT && cursor != far && all.entries.len() as i128 + queue.len() as i128 * target < limit_n as i128 {
            let (s, e) = if newest_first { (cursor.saturating_sub(width).max(far), cursor) } else { (cursor, cursor.saturating_add(width).min(far)) };
            cursor = if newest_first { s } else { e };
            queue.push_back(Window { start: s, end: e, ask: page, answer: fetch(s, e, page), got: None });
        }
        let Some(w) = first_answered(&mut queue).await else {
            // Nothing out and nothing left to ask: the range is used up.
            return Ok(Paged { logs: all, complete: true, pages });
        };
        pages += 1;
        let answer = w.got.unwrap_or_else(|| Ok(LogResult::default()))?;
        let got = answer.entries.len();
        all.warnings.extend(answer.warnings);
        merge_page(&mut all.entries, answer.entries, newest_first);
        // A window that filled its page goes on inside itself from its last line, before any later window (as a
        // page does when more lines than a page share its last nanosecond, the rest of it is stepped over).
        let mut more_inside = false;
        if is_complete(got, w.ask) {
            width = resized(w.end - w.start, got, target);
        } else {
            width = (width / 2).max(1);
            if let Some((s, e)) = next_window(&all.entries, w.start, w.end, newest_first).filter(|&se| se != (w.start, w.end)) {
                queue.push_front(Window { start: s, end: e, ask: page, answer: fetch(s, e, page), got: None });
                more_inside = true;
            }
        }
        if all.entries.len() >= limit_n {
            all.entries.truncate(limit_n);
            progress(all.entries.len(), None);
            let complete = !more_inside && is_complete(got, w.ask) && queue.is_empty() && cursor == far;
            return Ok(Paged { logs: all, complete, pages });
        }
        progress(all.entries.len(), None);
    }
}

/// The span of time `entries` cover, at least 1 ns.
fn span(entries: &[LogEntry]) -> i64 {
    let (lo, hi) = entries.iter().fold((i64::MAX, i64::MIN), |(lo, hi), e| (lo.min(e.ts_ns), hi.max(e.ts_ns)));
    hi.saturating_sub(lo).max(1)
}

/// The width of a window expected to hold `target` lines, when `width` held `got`: from 1 ns up to 8 times the
/// width (an empty window: 8 times).
fn resized(width: i64, got: usize, target: i128) -> i64 {
    let w = width.max(1) as i128;
    let next = if got == 0 { w * 8 } else { (w * target / got as i128).clamp(1, w * 8) };
    next.min(i64::MAX as i128) as i64
}

/// Waits until the first window in the queue has its answer, every window's request going on meanwhile, and
/// takes it out. None when the queue is empty.
async fn first_answered<'a>(queue: &mut VecDeque<Window<'a>>) -> Option<Window<'a>> {
    if queue.is_empty() {
        return None;
    }
    poll_fn(|cx| {
        for w in queue.iter_mut().filter(|w| w.got.is_none()) {
            if let Poll::Ready(r) = w.answer.as_mut().poll(cx) {
                w.got = Some(r);
            }
        }
        if queue.front().is_some_and(|w| w.got.is_some()) { Poll::Ready(()) } else { Poll::Pending }
    })
    .await;
    queue.pop_front()
}

#[cfg(test)]
#[path = "log_windows_tests.rs"]
mod tests;
