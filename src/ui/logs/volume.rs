//! Log volume histogram above the lines: the volume plan from the core (for the configured logs backend), one
//! Loki metric query or VictoriaLogs hits request, drawn with
//! the shared time-series chart as stacked, level-coloured series; dragging zooms the range.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::chart::timeseries::DrawStyle;
use crate::http::logs;
use crate::ui::chart_canvas::{ChartData, ChartOptions, TimeSeriesChart};
use crate::ui::ctx::use_ctx;
use crate::view::log_volume::{self, VolumePlan};
use crate::view::units::Unit;

/// What the volume is of: the log query and the resolved range (ms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeInput {
    pub query: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub live: bool,
}

#[derive(Clone, PartialEq)]
enum VolumeState {
    Idle,
    Loading,
    Ready { plan: VolumePlan, data: ChartData, total: u64 },
    Failed(String),
}

#[component]
pub fn LogVolume(input: Signal<Option<VolumeInput>>, on_zoom: Callback<(i64, i64)>) -> impl IntoView {
    let ctx = use_ctx();
    let state = RwSignal::new(VolumeState::Idle);
    let abort = Latest::new();

    Effect::new(move |_| {
        abort.abort();
        // No input (nothing run yet, or the run was cancelled): nothing to count.
        let Some(inp) = input.get() else {
            state.set(VolumeState::Idle);
            return;
        };
        let a = abort.renew();
        let width = web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).unwrap_or(1200.0);
        let ds = ctx.ds.get_untracked();
        let plan = match log_volume::plan_for(ds.logs, &inp.query, inp.start_ms, inp.end_ms, (width - 120.0).max(200.0) as u32) {
            Ok(p) => p,
            Err(e) => {
                state.set(VolumeState::Failed(e));
                return;
            }
        };
        state.set(VolumeState::Loading);
        spawn_local(async move {
            match logs::volume(&ds, inp.live, &plan, &a).await {
                Ok((series, legends)) => {
                    let total = log_volume::total(&series);
                    let data = ChartData { series, legends, start_ms: inp.start_ms, end_ms: inp.end_ms, unit: Unit::None, ..ChartData::default() };
                    state.set(VolumeState::Ready { plan, data, total });
                }
                Err(crate::backends::ApiError::Aborted) => {}
                Err(e) => state.set(VolumeState::Failed(e.to_string())),
            }
        });
    });

    let data = Signal::derive(move || match state.get() {
        VolumeState::Ready { data, .. } => data,
        _ => ChartData { end_ms: 1, ..ChartData::default() },
    });
    let info = move || match state.get() {
        VolumeState::Idle => None,
        VolumeState::Loading => Some(view! { <p class="muted volume-note">"Counting lines…"</p> }.into_any()),
        VolumeState::Failed(e) => Some(view! { <p class="muted volume-note" data-testid="volume-error">{format!("No volume: {e}")}</p> }.into_any()),
        VolumeState::Ready { plan, total, data } => Some(
            view! {
                <p class="muted volume-note" data-testid="volume-summary" data-total=total.to_string() data-step-ms=plan.step_ms.to_string()
                    data-start-ns=plan.start_ns.to_string() data-end-ns=plan.end_ns.to_string() data-levels=data.series.len().to_string()>
                    {format!("{total} lines in range by level, {} per bar — drag to zoom", crate::time::duration::format_duration(plan.step_ms))}
                </p>
            }
            .into_any(),
        ),
    };
    let shown = move || matches!(state.get(), VolumeState::Ready { .. });
    view! {
        <div class="log-volume" data-testid="log-volume">
            {info}
            <div class:hidden=move || !shown()>
                <TimeSeriesChart data=data on_zoom=on_zoom label="Log volume by level" options=Signal::derive(move || ChartOptions { style: DrawStyle::Stacked, log_scale: false })
                    color_of=log_volume::view_color/>
            </div>
        </div>
    }
}
