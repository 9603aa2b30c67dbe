//! Home: what Trifocal is, demo mode, how to connect a stack, and links into each view. The trace examples
//! are built from what the trace backend holds (`view::home`).

use leptos::prelude::*;

use crate::demo;
use crate::http::Abort;
use crate::ui::ctx::{known, use_ctx, Ctx};
use crate::url_state::{self, MetricQuery, MetricsState, Route};
use crate::view::home::Example;

/// What Home's example finders fill in (`home_examples`, a lazily loaded part in the release build: the
/// backend clients it needs stay out of the first page load).
#[derive(Clone, Copy)]
pub struct Targets {
    pub ctx: Ctx,
    pub failed: RwSignal<Example>,
    pub waterfall: RwSignal<Example>,
    pub logs: RwSignal<Example>,
    pub abort: StoredValue<Abort, LocalStorage>,
}

/// Which examples to look for, once that backend's probe has answered.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Traces,
    Logs,
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
        queries: vec![MetricQuery { ref_id: "A".into(), expr: demo::METRIC_QUERY.into(), legend: demo::METRIC_LEGEND.into(), ..Default::default() }],
        ..MetricsState::default()
    });
    let href = |r: &Route| format!("#{}", url_state::encode(r));
    let failed = RwSignal::new(Example::Pending);
    let waterfall = RwSignal::new(Example::Pending);
    let abort = StoredValue::new_local(Abort::new());
    on_cleanup(move || abort.get_value().abort());
    let logs_example = RwSignal::new(Example::Pending);
    let targets = Targets { ctx, failed, waterfall, logs: logs_example, abort };
    let ready = known(ctx, |h| h.traces_known);
    Effect::new(move |_| {
        if ready.get() {
            super::start_home_examples(targets, Which::Traces);
        }
    });
    let loki_ready = known(ctx, |h| h.loki_known);
    Effect::new(move |_| {
        if loki_ready.get() {
            super::start_home_examples(targets, Which::Logs);
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
