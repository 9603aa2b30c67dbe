//! Windows asked together against page after page (`log_paging::page_through`) on a fake Loki whose answers
//! take a few polls: the same lines in the same order, the limit, "more", and requests really overlapping.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use super::*;
use crate::backends::log_paging::{page_through, sort_entries};
use crate::telemetry::{Fields, Labels, LogLevel};

/// Runs a future to its end, polling again whenever it waits (the fake answers are ready after a few polls).
fn run<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000_000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("never finished");
}

/// Ready after `n` polls.
struct After(u32);

impl Future for After {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        Poll::Pending
    }
}

fn line(ts_ns: i64, n: usize, stream: &Arc<Labels>) -> LogEntry {
    LogEntry { ts_ns, line: format!("line {n}"), stream: Arc::clone(stream), metadata: Fields::new(), parsed: Fields::new(), level: LogLevel::Info, trace_id: None }
}

/// Loki's answer: the lines of `[start, end)`, the newest (oldest) `ask`, in the asked order.
fn answer(store: &[LogEntry], start: i64, end: i64, ask: u32, newest_first: bool) -> LogResult {
    let mut hit: Vec<LogEntry> = store.iter().filter(|e| e.ts_ns >= start && e.ts_ns < end).cloned().collect();
    sort_entries(&mut hit, newest_first);
    hit.truncate(ask as usize);
    LogResult { entries: hit, warnings: vec![] }
}

/// Lines of two streams at uneven times (a pseudo-random walk, dense and sparse stretches, up to 3 lines
/// sharing a nanosecond), `n` of them.
fn store(n: usize, seed: u64) -> Vec<LogEntry> {
    let (a, b) = (Arc::new(Labels::from_iter([("s", "a")])), Arc::new(Labels::from_iter([("s", "b")])));
    let mut x = seed;
    let mut t = 1_000i64;
    let mut out = Vec::new();
    for k in 0..n {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let r = (x >> 33) % 100;
        t += match r {
            0..=29 => 0,
            30..=89 => 1 + (r as i64 % 7),
            _ => 500 + r as i64 * 40,
        };
        out.push(line(t, k, if r % 2 == 0 { &a } else { &b }));
    }
    // At most 3 lines share a nanosecond (pages of 4 or more then never lose one).
    out.retain({
        let mut last = (i64::MIN, 0);
        move |e| {
            last = if e.ts_ns == last.0 { (e.ts_ns, last.1 + 1) } else { (e.ts_ns, 1) };
            last.1 <= 3
        }
    });
    out
}

fn keys(entries: &[LogEntry]) -> Vec<(i64, String)> {
    entries.iter().map(|e| (e.ts_ns, e.line.clone())).collect()
}

/// The windows' load of `store`, with the most requests seen out at once.
fn windows(store: &[LogEntry], range: (i64, i64), limit: u32, page: u32, newest_first: bool) -> (Paged, usize) {
    let (out_cell, most_cell) = (Cell::new(0usize), Cell::new(0usize));
    let (out, most) = (&out_cell, &most_cell);
    let fetch = move |s: i64, e: i64, ask: u32| -> Asked<'_> {
        let polls = ((s ^ e) & 3) as u32 + 1;
        Box::pin(async move {
            out.set(out.get() + 1);
            most.set(most.get().max(out.get()));
            After(polls).await;
            out.set(out.get() - 1);
            Ok(answer(store, s, e, ask, newest_first))
        })
    };
    let r = run(page_windows(limit, page, newest_first, range, &|_, _| {}, &fetch)).expect("the fake never fails");
    (r, most_cell.get())
}

fn pages(store: &[LogEntry], range: (i64, i64), limit: u32, page: u32, newest_first: bool) -> Paged {
    run(page_through(limit, page, newest_first, range, &|_, _| {}, async |s, e, ask| Ok::<_, ApiError>(answer(store, s, e, ask, newest_first))))
        .expect("the fake never fails")
}

#[test]
fn windows_load_the_lines_page_after_page_loads_in_the_same_order() {
    let mut compared = 0;
    for seed in 1..6u64 {
        let data = store(700, seed);
        let (lo, hi) = (data[0].ts_ns, data[data.len() - 1].ts_ns);
        for range in [(0, i64::MAX), (lo + 100, hi - 50), (lo, hi + 1)] {
            let total = data.iter().filter(|e| e.ts_ns >= range.0 && e.ts_ns < range.1).count();
            for newest_first in [true, false] {
                for (limit, page) in [(1000, 50), (300, 50), (101, 10), (650, 4), (40, 100), (0, 10), (5000, 700)] {
                    let seq = pages(&data, range, limit, page, newest_first);
                    let (win, _) = windows(&data, range, limit, page, newest_first);
                    let what = format!("seed {seed} range {range:?} limit {limit} page {page} newest_first {newest_first}");
                    assert_eq!(keys(&win.logs.entries), keys(&seq.logs.entries), "{what}");
                    assert_eq!(win.logs.entries.len(), total.min(limit as usize), "{what}");
                    // "More" when the range holds more than was loaded; never when all of it was.
                    if total < limit as usize {
                        assert!(win.complete, "{what}");
                    } else if total > limit as usize {
                        assert!(!win.complete, "{what}");
                    }
                    if seq.complete {
                        assert!(win.complete, "{what}");
                    }
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= 200, "{compared}");
}

#[test]
fn windows_are_asked_together_and_never_more_than_in_flight() {
    let data = store(3000, 7);
    let (r, most) = windows(&data, (0, i64::MAX), 100_000, 100, true);
    assert_eq!(r.logs.entries.len(), data.len());
    assert!(r.complete);
    assert!(most > 1 && most <= IN_FLIGHT, "{most} requests out at once");
    // Page after page asks one at a time: the windows need no more requests than a few per page's worth.
    let seq = pages(&data, (0, i64::MAX), 100_000, 100, true);
    assert!(r.pages <= seq.pages * 3, "{} windows, {} pages", r.pages, seq.pages);
}

#[test]
fn the_first_page_is_shown_while_the_windows_come() {
    let data = store(500, 3);
    let told = RefCell::new(vec![]);
    let progress = |n: usize, first: Option<Vec<LogEntry>>| told.borrow_mut().push((n, first.map(|f| f.len())));
    let fetch = |s: i64, e: i64, ask: u32| -> Asked<'_> { Box::pin(std::future::ready(Ok(answer(&data, s, e, ask, true)))) };
    let r = run(page_windows(1000, 40, true, (0, i64::MAX), &progress, &fetch)).unwrap();
    let told = told.into_inner();
    assert_eq!(told[0], (40, Some(40)));
    assert!(told[1..].iter().all(|(_, f)| f.is_none()), "{told:?}");
    assert_eq!(told.last().map(|t| t.0), Some(r.logs.entries.len()));
    assert!(told.windows(2).all(|w| w[0].0 <= w[1].0), "{told:?}");
}

#[test]
fn a_failing_window_is_the_answer() {
    let data = store(500, 3);
    let asked = Cell::new(0);
    let fetch = |s: i64, e: i64, ask: u32| -> Asked<'_> {
        asked.set(asked.get() + 1);
        let n = asked.get();
        Box::pin(std::future::ready(if n == 3 { Err(ApiError::Backend { status: 500, message: "boom".into() }) } else { Ok(answer(&data, s, e, ask, true)) }))
    };
    let r = run(page_windows(1000, 40, true, (0, i64::MAX), &|_, _| {}, &fetch));
    assert!(matches!(r, Err(ApiError::Backend { status: 500, .. })), "{r:?}");
}
