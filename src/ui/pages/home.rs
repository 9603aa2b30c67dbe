//! Home: what Trifocal is, demo mode, how to connect a stack, and links into each view. The trace examples
//! are built from what the trace backend holds (`view::home`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::demo;
use crate::http::{logs, traces, Abort};
use crate::ui::ctx::{known, use_ctx, Ctx};
use crate::url_state::{self, MetricQuery, MetricsState, Route};
use crate::view::home::{errors_query, failed_searches, pick_service, pick_trace, service_logs, service_query, span_by_span, Example, ERRORS_SERVICE, ROOT_SERVICE};

/// How far back Home looks for its trace examples (the search page's default range).
const LOOKBACK_MS: i64 = 3_600_000;

/// Fills the two trace examples from the trace backend (or the demo data when there is none).
fn find_trace_examples(ctx: Ctx, failed: RwSignal<Example>, waterfall: RwSignal<Example>, abort: StoredValue<Abort, LocalStorage>) {
    let Some(backend) = ctx.health.get_untracked().traces else {
        failed.set(failed_searches(false, None, None));
        waterfall.set(span_by_span(false, None, ""));
        return;
    };
    let ds = ctx.ds.get_untracked();
    let a = abort.get_value();
    spawn_local(async move {
        let end = browser::now_ms();
        let start = end - LOOKBACK_MS;
        let services = traces::services(&ds, backend, start, end, &a).await.unwrap_or_default();
        let svc = pick_service(&services, ERRORS_SERVICE);
        let errors_found = match &svc {
            Some(s) => traces::search_traceql(&ds, backend, &errors_query(s), start, end, 1, &a).await.ok().map(|l| !l.is_empty()),
            None => None,
        };
        if failed.try_set(failed_searches(true, svc.as_deref(), errors_found)).is_some() {
            return;
        }
        let root = pick_service(&services, ROOT_SERVICE);
        let example = match &root {
            Some(r) => {
                let list = traces::search_traceql(&ds, backend, &service_query(r), start, end, 20, &a).await.unwrap_or_default();
                span_by_span(true, pick_trace(&list), r)
            }
            None => Example::Missing("The trace backend lists no services yet: no traces have reached it.".into()),
        };
        let _ = waterfall.try_set(example);
    });
}

/// Fills the logs example from the service names Loki lists for the last hour (or the demo data).
fn find_logs_example(ctx: Ctx, example: RwSignal<Example>, abort: StoredValue<Abort, LocalStorage>) {
    if !ctx.health.get_untracked().loki {
        example.set(service_logs(false, None));
        return;
    }
    let ds = ctx.ds.get_untracked();
    let a = abort.get_value();
    spawn_local(async move {
        let end = browser::now_ms();
        let ns = |ms: i64| ms.saturating_mul(1_000_000);
        let list = logs::label_values(&ds, "service_name", ns(end - LOOKBACK_MS), ns(end), None, &a).await.map_err(|e| e.to_string());
        let _ = example.try_set(service_logs(true, Some(list)));
    });
}

/// One example card: a link, "looking…", or why there is none.
fn example_card(title: &'static str, blurb: &'static str, ex: RwSignal<Example>) -> impl IntoView {
    move || match ex.get() {
        Example::Pending => view! { <li data-testid="home-example" data-state="pending"><span>{title}</span><span class="muted">" — looking in the backend…"</span></li> }.into_any(),
        Example::Link { href, label, note } => view! {
            <li data-testid="home-example" data-state="ready"><a href=href>{label.unwrap_or_else(|| title.to_string())}</a><span class="muted">{blurb}{note.map(|n| format!(" ({n})"))}</span></li>
        }
        .into_any(),
        Example::Missing(why) => view! { <li data-testid="home-example" data-state="missing"><span>{title}</span><span class="muted">{format!(" — {why}")}</span></li> }.into_any(),
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let ctx = use_ctx();
    let metrics = Route::Metrics(MetricsState {
        queries: vec![MetricQuery { ref_id: "A".into(), expr: demo::METRIC_QUERY.into(), legend: "{{service_name}} {{http_response_status_code}}".into(), ..Default::default() }],
        ..MetricsState::default()
    });
    let href = |r: &Route| format!("#{}", url_state::encode(r));
    let failed = RwSignal::new(Example::Pending);
    let waterfall = RwSignal::new(Example::Pending);
    let abort = StoredValue::new_local(Abort::new());
    on_cleanup(move || abort.get_value().abort());
    let logs_example = RwSignal::new(Example::Pending);
    let ready = known(ctx, |h| h.traces_known);
    Effect::new(move |_| {
        if ready.get() {
            find_trace_examples(ctx, failed, waterfall, abort);
        }
    });
    let loki_ready = known(ctx, |h| h.loki_known);
    Effect::new(move |_| {
        if loki_ready.get() {
            find_logs_example(ctx, logs_example, abort);
        }
    });
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
                {example_card("Service logs", " — log lines with links to their traces", logs_example)}
                {example_card("Failed searches", " — a trace search", failed)}
                {example_card("A RAG request, span by span", " — the trace waterfall", waterfall)}
            </ul>
            <p class="muted">"Press "<kbd>"?"</kbd>" for keyboard shortcuts: "<kbd>"g"</kbd>" "<kbd>"m"</kbd>" metrics, "<kbd>"g"</kbd>" "<kbd>"l"</kbd>" logs, "<kbd>"t"</kbd>" "<kbd>"←"</kbd>" shift the time range back, "<kbd>"c"</kbd>" "<kbd>"t"</kbd>" theme."</p>
            <h2>"Connect a stack"</h2>
            <p>"Trifocal calls the backends on its own origin: /api/prometheus/, /api/loki/, /api/tempo/ and /api/jaeger/. Serve it behind the nginx recipe in deploy/nginx/trifocal.conf, or run "<code>"trunk serve"</code>", which proxies those paths to localhost:9090, :3100, :3200 and :16686. Loki and Tempo send no CORS headers, so a same-origin proxy is the supported way. Change the paths in "<a href="#/settings">"Settings"</a>"."</p>
        </section>
    }
}
