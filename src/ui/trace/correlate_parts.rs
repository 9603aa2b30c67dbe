//! What both forms of the correlation workspace show: a RED chart per service (a window selected on one by
//! dragging is handed back), the log lines with their time, a list of traces each opening its workspace, and
//! the snapshot of a workspace: its export, its charts drawn from the file, its banner.

use std::sync::Arc;

use leptos::prelude::*;

use crate::backends::ApiError;
use crate::browser;
use crate::dashboard::snapshot_workspace::{workspace_snapshot_json, SnapWorkspace, WorkspaceFile};
use crate::dashboard::snapshot_workspace::{ChartSeries, SnapChart};
use crate::datasource::health::Health;
use crate::datasource::Datasources;
use crate::http::{metrics, Abort};
use crate::telemetry::TraceSummary;
use crate::time::format::{format_ms, TimeZone};
use crate::time::step::auto_step;
use crate::ui::chart_canvas::{ChartData, TimeSeriesChart};
use crate::ui::ctx::{known, load_correlations, Ctx};
use crate::url_state::{self, CorrelateState, Route, TraceState};
use crate::view::annotations::Region;
use crate::view::correlate::red_queries;
use crate::view::units::Unit;

pub const NO_METRICS: &str = "Prometheus does not answer, so no metrics for this service.";

/// One service's RED chart (or why there is none), and what went wrong with some of its queries.
#[derive(Clone)]
pub struct RedChart {
    pub service: String,
    pub data: Result<ChartData, String>,
    pub problems: Vec<String>,
}

pub type Charts = Vec<RedChart>;

/// Loads the RED chart of each service over `start..end` (ms), `regions` shaded, into `charts` one by one,
/// from the RED templates of the settings. A template that is bad, or a query Prometheus refuses, is said on
/// its chart. Stops when aborted.
pub async fn load_red_charts(ds: &Datasources, h: Health, services: Vec<String>, (start, end): (i64, i64), regions: Vec<Region>, a: &Abort, charts: RwSignal<Charts, LocalStorage>) {
    let step = auto_step(end - start, 300, None);
    let red = load_correlations().red;
    for service in services {
        let mut data = ChartData { start_ms: start, end_ms: end, unit: Unit::PerSecond, regions: regions.clone(), ..ChartData::default() };
        let mut problems = Vec::new();
        for q in red_queries(&red, &service).into_iter().filter(|_| h.prometheus) {
            let q = match q {
                Ok(q) => q,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            match metrics::query_range(ds, h.prometheus, &q.expr, start, end, step, a).await {
                Ok(m) => {
                    for s in m.result.series {
                        data.series.push(s);
                        data.legends.push(q.legend.to_string());
                        data.series_units.push(if q.millis { Unit::Milliseconds } else { Unit::PerSecond });
                    }
                }
                Err(ApiError::Aborted) => return,
                Err(e) => problems.push(format!("{}: {e}", q.legend)),
            }
        }
        let data = if !h.prometheus {
            Err(NO_METRICS.to_string())
        } else if data.series.is_empty() && !problems.is_empty() {
            Err(problems.remove(0))
        } else {
            Ok(data)
        };
        if charts.try_update(|c| c.push(RedChart { service, data, problems })).is_none() {
            return;
        }
    }
}

/// The charts, each with the shared cursor; dragging over one hands `(service, (from ms, to ms))` to
/// `on_select`. Keyed by service: a chart that arrives later leaves those drawn (and a drag on them) alone.
pub fn charts_view(charts: RwSignal<Charts, LocalStorage>, cursor: RwSignal<Option<i64>>, on_select: Callback<(String, (i64, i64))>) -> impl IntoView {
    view! {
        <For each=move || charts.get() key=|c| c.service.clone() let:item>
            {
                let RedChart { service, data, problems } = item;
                let problems = problems.into_iter().map(|p| view! { <p class="error" role="alert" data-testid="corr-chart-problem">{p}</p> }).collect_view();
                let body = match data {
                    Ok(d) => {
                        let data = Signal::derive(move || d.clone());
                        let s = service.clone();
                        let zoom = Callback::new(move |w: (i64, i64)| on_select.run((s.clone(), w)));
                        view! { <TimeSeriesChart data=data on_zoom=zoom label=format!("{service}: rate, errors, p90") compact=true cursor_ms=Signal::from(cursor)/> }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                };
                view! { <div class="corr-chart" data-testid="corr-chart" data-service=service.clone() title="Drag over the chart to select a window"><h3>{service.clone()}</h3>{problems}{body}</div> }
            }
        </For>
    }
}

/// The charts of a workspace as a snapshot keeps them.
pub fn snap_charts(charts: &Charts) -> Vec<SnapChart> {
    charts
        .iter()
        .map(|c| {
            let d = c.data.as_ref().map(|d| ChartSeries { series: d.series.clone(), legends: d.legends.clone(), units: d.series_units.clone() });
            SnapChart { problems: c.problems.clone(), ..SnapChart::new(&c.service, d.as_ref().map_err(|e| *e)) }
        })
        .collect()
}

/// A workspace snapshot's charts over its window, `regions` shaded.
pub fn charts_of_snapshot(s: &WorkspaceFile, regions: Vec<Region>) -> Charts {
    let charts = s.workspace.as_ref().map(|w| w.charts.as_slice()).unwrap_or_default();
    charts
        .iter()
        .map(|c| {
            let r = c.to_chart(Unit::PerSecond).map(|c| ChartData {
                start_ms: s.from_ms,
                end_ms: s.to_ms,
                unit: Unit::PerSecond,
                regions: regions.clone(),
                series: c.series,
                legends: c.legends,
                series_units: c.units,
                ..ChartData::default()
            });
            RedChart { service: c.service.clone(), data: r, problems: c.problems.clone() }
        })
        .collect()
}

/// Runs `load` once the trace, logs and metrics backends' probes have answered (a live workspace; a snapshot
/// loads nothing).
pub fn load_when_known(ctx: Ctx, load: impl Fn() + 'static) {
    let ready = known(ctx, |h| h.traces_known && h.loki_known && h.prometheus_known);
    Effect::new(move |_| {
        if ready.get() {
            load();
        }
    });
}

/// Downloads the workspace `w` (charts over `from_ms..to_ms`) as a snapshot file.
pub fn export_snapshot(w: SnapWorkspace, (from_ms, to_ms): (i64, i64)) {
    let (name, json) = workspace_snapshot_json(&w, browser::now_ms(), from_ms, to_ms);
    browser::download_text(&format!("{name}-snapshot.json"), "application/json", &json);
}

/// The export button of both forms.
pub fn export_button(on_export: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button class="small" data-testid="corr-export" on:click=move |_| on_export()
            title="Download this workspace with its trace, log lines and charts: it opens with no backend (import it on the Dashboards page)">"Export snapshot"</button>
    }
}

/// Says that the workspace is a snapshot, taken when.
pub fn snapshot_banner(s: &WorkspaceFile, tz: TimeZone) -> impl IntoView {
    view! {
        <p class="warning" role="status" data-testid="corr-snapshot" data-captured-ms=s.captured_at_ms.to_string()>
            {format!("Snapshot taken {}: the data captured then, no backend is asked.", format_ms(s.captured_at_ms, tz, false))}
        </p>
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
