//! What both forms of the correlation workspace show: a RED chart per service (a window selected on one by
//! dragging is handed back), the log lines with their time, and a list of traces each opening its workspace.

use std::sync::Arc;

use leptos::prelude::*;

use crate::backends::ApiError;
use crate::browser;
use crate::datasource::health::Health;
use crate::datasource::Datasources;
use crate::http::{metrics, Abort};
use crate::telemetry::TraceSummary;
use crate::time::format::{format_ms, TimeZone};
use crate::time::step::auto_step;
use crate::ui::chart_canvas::{ChartData, TimeSeriesChart};
use crate::ui::ctx::Ctx;
use crate::url_state::{self, CorrelateState, Route, TraceState};
use crate::view::annotations::Region;
use crate::view::correlate::RedTemplates;
use crate::view::units::Unit;

pub const NO_METRICS: &str = "Prometheus does not answer, so no metrics for this service.";

/// Per service: its chart, or why there is none.
pub type Charts = Vec<(String, Result<ChartData, String>)>;

/// Loads the RED chart of each service over `start..end` (ms), `regions` shaded, into `charts` one by one.
/// Stops when aborted.
pub async fn load_red_charts(ds: &Datasources, h: Health, services: Vec<String>, (start, end): (i64, i64), regions: Vec<Region>, a: &Abort, charts: RwSignal<Charts, LocalStorage>) {
    let step = auto_step(end - start, 300, None);
    let red = RedTemplates::default();
    for service in services {
        let mut data = ChartData { start_ms: start, end_ms: end, unit: Unit::PerSecond, regions: regions.clone(), ..ChartData::default() };
        let mut err = None;
        for q in red.queries(&service).into_iter().filter(|_| h.prometheus) {
            match metrics::query_range(ds, h.prometheus, &q.expr, start, end, step, a).await {
                Ok(m) => {
                    for s in m.result.series {
                        data.series.push(s);
                        data.legends.push(q.legend.to_string());
                        data.series_units.push(if q.millis { Unit::Milliseconds } else { Unit::PerSecond });
                    }
                }
                Err(ApiError::Aborted) => return,
                Err(e) => err = Some(format!("{}: {e}", q.legend)),
            }
        }
        if !h.prometheus {
            err = Some(NO_METRICS.to_string());
            data.series.clear();
        }
        let r = match err {
            Some(e) if data.series.is_empty() => Err(e),
            _ => Ok(data),
        };
        if charts.try_update(|c| c.push((service, r))).is_none() {
            return;
        }
    }
}

/// The charts, each with the shared cursor; dragging over one hands `(service, (from ms, to ms))` to
/// `on_select`. Keyed by service: a chart that arrives later leaves those drawn (and a drag on them) alone.
pub fn charts_view(charts: RwSignal<Charts, LocalStorage>, cursor: RwSignal<Option<i64>>, on_select: Callback<(String, (i64, i64))>) -> impl IntoView {
    view! {
        <For each=move || charts.get() key=|(service, _)| service.clone() let:item>
            {
                let (service, r) = item;
                let body = match r {
                    Ok(d) => {
                        let data = Signal::derive(move || d.clone());
                        let s = service.clone();
                        let zoom = Callback::new(move |w: (i64, i64)| on_select.run((s.clone(), w)));
                        view! { <TimeSeriesChart data=data on_zoom=zoom label=format!("{service}: rate, errors, p90") compact=true cursor_ms=Signal::from(cursor)/> }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                };
                view! { <div class="corr-chart" data-testid="corr-chart" data-service=service.clone() title="Drag over the chart to select a window"><h3>{service.clone()}</h3>{body}</div> }
            }
        </For>
    }
}

/// The time zone the app shows times in.
pub fn tz(ctx: Ctx) -> TimeZone {
    if ctx.utc.get() {
        TimeZone::Utc
    } else {
        TimeZone::Browser(browser::tz_offset_min())
    }
}

/// Traces as a list: each opens its workspace (and, beside it, the trace view).
pub fn trace_list(list: &Arc<Vec<TraceSummary>>, tz: TimeZone, testid: &'static str) -> impl IntoView {
    let items = list
        .iter()
        .map(|t| {
            let hex = t.trace_id.to_hex();
            let trace = format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: hex.clone(), ..TraceState::default() })));
            view! {
                <li data-testid="corr-trace" data-trace-id=hex.clone() class:error=t.error>
                    <a href=CorrelateState::href(&hex) data-testid="corr-trace-correlate">{format!("{}: {}", t.root_service, t.root_name)}</a>
                    " "<span class="muted">{format!("{} · {:.1} ms", format_ms(t.start_ms, tz, false), t.duration_ms)}</span>
                    " "<a class="small" href=trace aria-label=format!("Open trace {hex}")>"trace"</a>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="corr-traces" data-testid=testid data-count=list.len().to_string()>{items}</ul> }
}
