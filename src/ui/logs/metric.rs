//! A LogQL metric query in explore (`sum by (level) (count_over_time({…}[1m]))`): Loki's matrix drawn as
//! time series, with a line saying how many series at which step.

use leptos::prelude::*;

use crate::time::duration::format_duration;
use crate::ui::chart_canvas::{ChartData, TimeSeriesChart};

/// What the chart shows: the series and the step they were asked at.
#[derive(Clone, PartialEq)]
pub struct LogMetric {
    pub data: ChartData,
    pub step_ms: i64,
}

#[component]
pub fn LogMetricChart(metric: Signal<Option<LogMetric>>, on_zoom: Callback<(i64, i64)>) -> impl IntoView {
    let data = Signal::derive(move || metric.get().map(|m| m.data).unwrap_or_else(|| ChartData { end_ms: 1, ..ChartData::default() }));
    let summary = move || {
        metric.get().map(|m| {
            let n = m.data.series.len();
            let text = if n == 0 {
                "No series in this range — widen it, or loosen the query.".to_string()
            } else {
                format!("A LogQL metric query: {n} series, one point per {}", format_duration(m.step_ms))
            };
            view! { <p class="muted" data-testid="logs-metric-summary" data-series=n.to_string() data-step-ms=m.step_ms.to_string()>{text}</p> }
        })
    };
    view! {
        {summary}
        <TimeSeriesChart data=data on_zoom=on_zoom label="LogQL metric query"/>
    }
}
