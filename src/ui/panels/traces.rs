//! Traces panel body: trace search results, each linking to its trace.

use std::sync::Arc;

use leptos::prelude::*;

use super::PanelResult;
use crate::browser;
use crate::time::format::{format_ms, TimeZone};
use crate::ui::ctx::use_ctx;
use crate::dashboard::DatasourceKind;
use crate::view::dash::panel_trace_links;

#[component]
pub fn TracesBody(result: Arc<PanelResult>) -> impl IntoView {
    let ctx = use_ctx();
    let tz = if ctx.utc.get_untracked() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
    // The links ask the datasource the panel's traces came from.
    let source = result.queries.first().map(|q| (q.datasource, q.source.clone())).unwrap_or((DatasourceKind::Tempo, String::new()));
    let rows = result
        .traces
        .iter()
        .map(|t| {
            let (href, correlate) = panel_trace_links(&t.trace_id, source.0, &source.1);
            view! {
                <tr class:error=t.error>
                    <td><a href=href class="code" data-testid="panel-trace">{t.trace_id.to_hex()}</a>
                        " "<a href=correlate class="small" data-testid="panel-correlate-link"
                            aria-label=format!("Correlate trace {} with its logs and metrics", t.trace_id.to_hex())>"correlate"</a></td>
                    <td>{t.root_service.clone()}</td>
                    <td>{t.root_name.clone()}</td>
                    <td>{format_ms(t.start_ms, tz, false)}</td>
                    <td class="num">{format!("{:.1} ms", t.duration_ms)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="panel-scroll">
            <table class="results">
                <thead><tr><th>"Trace"</th><th>"Service"</th><th>"Root span"</th><th>"Start"</th><th>"Duration"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
