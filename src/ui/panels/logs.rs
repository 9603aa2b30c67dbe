//! Logs panel body: a compact list of lines (text only) with links to their traces.

use std::sync::Arc;

use leptos::prelude::*;

use super::PanelResult;
use crate::browser;
use crate::time::format::{format_ns, TimeZone};
use crate::ui::ctx::use_ctx;
use crate::dashboard::DatasourceKind;
use crate::view::dash::panel_trace_links;
use crate::view::log_text::{shorten, strip_controls};

const MAX_LINES: usize = 1000;

#[component]
pub fn LogsBody(result: Arc<PanelResult>) -> impl IntoView {
    let ctx = use_ctx();
    let tz = if ctx.utc.get_untracked() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
    // The links ask the datasource the panel's lines came from.
    let source = result.queries.first().map(|q| (q.datasource, q.source.clone()));
    let rows = result
        .logs
        .iter()
        .take(MAX_LINES)
        .map(|e| {
            let level = e.level.as_str();
            let link = e.trace_id.map(|t| {
                let (signal, name) = source.clone().unwrap_or((DatasourceKind::Loki, String::new()));
                let (href, correlate) = panel_trace_links(&t, signal, &name);
                view! {
                    <a class="trace-link" href=href data-testid="panel-trace-link" title=format!("Open trace {}", t.to_hex())>"trace"</a>
                    <a class="trace-link" href=correlate data-testid="panel-correlate-link"
                        title="The trace, its log lines and its services' metrics on one time axis">"correlate"</a>
                }
            });
            view! {
                <li class="log-row compact" data-level=level data-testid="panel-log-line">
                    <span class="log-time muted">{format_ns(e.ts_ns, tz)}</span>
                    <span class="log-level">{level}</span>
                    {link}
                    <span class="log-line">{strip_controls(&shorten(&e.line, 500))}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="panel-scroll panel-logs" role="list">{rows}</ul> }
}
