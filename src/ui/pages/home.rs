//! Home: what Trifocal is, demo mode, how to connect a stack, and links into each view.

use leptos::prelude::*;

use crate::demo;
use crate::ui::ctx::use_ctx;
use crate::url_state::{self, LogsState, MetricQuery, MetricsState, Route, SearchState, TraceState};

#[component]
pub fn Home() -> impl IntoView {
    let ctx = use_ctx();
    let metrics = Route::Metrics(MetricsState {
        queries: vec![MetricQuery { ref_id: "A".into(), expr: demo::METRIC_QUERY.into(), legend: demo::METRIC_LEGEND.into(), ..Default::default() }],
        ..MetricsState::default()
    });
    let logs = Route::Logs(LogsState { query: demo::LOG_QUERY.into(), ..LogsState::default() });
    let search = Route::Search(SearchState { query: demo::TRACE_QUERY.into(), ..SearchState::default() });
    let trace = Route::Trace(TraceState { trace_id: demo::FEATURED_TRACE_ID.into(), span: None, find: String::new() });
    let href = |r: &Route| format!("#{}", url_state::encode(r));
    view! {
        <section class="home">
            <h1>"Trifocal"</h1>
            <p>"Metrics, logs and traces from Prometheus, Loki and Tempo or Jaeger, linked by trace ID — in your browser, with no server of its own."</p>
            {move || {
                let h = ctx.health.get();
                (h.checked && !h.any_live()).then(|| view! {
                    <p class="demo-note" data-testid="demo-banner">"Demo mode: no backend answered, so every view shows data recorded from real servers. Connect a stack to see live data."</p>
                })
            }}
            <ul class="cards">
                <li><a href=href(&metrics)>"Request rate by service"</a><span class="muted">" — a PromQL range query with exemplars that open their traces"</span></li>
                <li><a href=href(&logs)>"Embedding-service logs"</a><span class="muted">" — log lines with links to their traces"</span></li>
                <li><a href=href(&search)>"Failed searches"</a><span class="muted">" — a trace search"</span></li>
                <li><a href=href(&trace)>"A RAG request, span by span"</a><span class="muted">" — the trace waterfall"</span></li>
            </ul>
            <p class="muted">"Press "<kbd>"?"</kbd>" for keyboard shortcuts: "<kbd>"g"</kbd>" "<kbd>"m"</kbd>" metrics, "<kbd>"g"</kbd>" "<kbd>"l"</kbd>" logs, "<kbd>"t"</kbd>" "<kbd>"←"</kbd>" shift the time range back, "<kbd>"c"</kbd>" "<kbd>"t"</kbd>" theme."</p>
            <h2>"Connect a stack"</h2>
            <p>"Trifocal calls the backends on its own origin: /api/prometheus/, /api/loki/, /api/tempo/ and /api/jaeger/. Serve it behind the nginx recipe in deploy/nginx/trifocal.conf, or run "<code>"trunk serve"</code>", which proxies those paths to localhost:9090, :3100, :3200 and :16686. Loki and Tempo send no CORS headers, so a same-origin proxy is the supported way. Change the paths in "<a href="#/settings">"Settings"</a>"."</p>
        </section>
    }
}
