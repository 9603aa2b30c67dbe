//! The patterns tab of the log list: each pattern of the lines the quick filter keeps (computed by
//! `view::log_patterns`), with its count and a sparkline over the loaded range; show only a pattern's lines,
//! or hide a pattern's lines from the list.

use std::sync::Arc;

use leptos::prelude::*;

use crate::telemetry::LogEntry;
use crate::view::log_patterns::{sparkline, sparkline_points, Pattern};

const BUCKETS: usize = 40;
const SPARK_W: f64 = 120.0;
const SPARK_H: f64 = 20.0;
/// Patterns listed; the rest are counted in a line below.
const SHOWN: usize = 500;

/// `patterns`: the patterns of the lines the quick filter keeps. `only`, `hidden`: the list's pattern
/// choice (text of the pattern). `tab_lines`: set to go back to the lines.
#[component]
pub fn PatternList(
    patterns: Memo<Arc<Vec<Pattern>>>,
    entries: Signal<Arc<Vec<LogEntry>>>,
    only: RwSignal<Option<String>>,
    hidden: RwSignal<Vec<String>>,
    on_lines: Callback<()>,
) -> impl IntoView {
    let range = Memo::new(move |_| {
        entries.with(|e| {
            let (lo, hi) = e.iter().fold((i64::MAX, i64::MIN), |(lo, hi), x| (lo.min(x.ts_ns), hi.max(x.ts_ns)));
            (lo, hi.max(lo))
        })
    });
    let rows = move || {
        let ps = patterns.get();
        let e = entries.get();
        let (start, end) = range.get();
        let ts_of = |i: u32| e.get(i as usize).map(|x| x.ts_ns);
        ps.iter()
            .take(SHOWN)
            .map(|p| {
                let points = sparkline_points(&sparkline(&p.lines, ts_of, start, end, BUCKETS), SPARK_W, SPARK_H);
                let (t1, t2) = (p.text.clone(), p.text.clone());
                let is_hidden = hidden.with(|h| h.contains(&p.text));
                view! {
                    <tr data-testid="log-pattern" data-count=p.count().to_string() data-pattern=p.text.clone() class:muted=is_hidden>
                        <td class="num">{p.count()}</td>
                        <td><svg class="sparkline" width=SPARK_W height=SPARK_H viewBox=format!("0 0 {SPARK_W} {SPARK_H}") role="img" aria-label="Lines over time">
                            <polyline points=points fill="none" stroke="currentColor" stroke-width="1"/>
                        </svg></td>
                        <td class="code pattern-text">{p.text.clone()}</td>
                        <td class="pattern-actions">
                            <button class="link" data-testid="pattern-only" title="Show only the lines of this pattern"
                                on:click=move |_| { only.set(Some(t1.clone())); on_lines.run(()); }>"Show only"</button>
                            <button class="link" data-testid="pattern-hide" title="Hide the lines of this pattern from the list"
                                on:click=move |_| hidden.update(|h| if let Some(k) = h.iter().position(|x| *x == t2) { h.remove(k); } else { h.push(t2.clone()); })>
                                {if is_hidden { "Unhide" } else { "Hide" }}</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let summary = move || {
        let ps = patterns.get();
        let n: usize = ps.iter().map(Pattern::count).sum();
        let more = ps.len().saturating_sub(SHOWN);
        let text = format!("{} patterns in {n} lines{}", ps.len(), if more > 0 { format!(" ({more} smallest not listed)") } else { String::new() });
        view! { <p class="muted" data-testid="patterns-summary" data-patterns=ps.len().to_string() data-lines=n.to_string()>{text}</p> }
    };
    view! {
        <div class="log-patterns" data-testid="log-patterns">
            {summary}
            <table class="pattern-table"><thead><tr><th>"Lines"</th><th>"Over time"</th><th>"Pattern"</th><th></th></tr></thead>
                <tbody>{rows}</tbody></table>
        </div>
    }
}
