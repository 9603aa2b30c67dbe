//! A query drawn in explore (a LogQL metric query, `sum by (level) (count_over_time({…}[1m]))`, or a LogsQL
//! stats query, `… | stats by (level) count()`): the backend's matrix drawn as time series, with a line saying
//! how many series at which step.

use leptos::prelude::*;

use crate::time::duration::format_duration;
use crate::ui::chart_canvas::{ChartData, TimeSeriesChart};

/// What the chart shows: the series and the step they were asked at.
#[derive(Clone, PartialEq)]
pub struct LogMetric {
    pub data: ChartData,
    pub step_ms: i64,
    /// What the query is called (the logs language's `metric_name`).
    pub name: &'static str,
    /// The sum of every point drawn (for a count, the lines counted).
    pub total: u64,
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
                format!("A {}: {n} series, one point per {}", m.name, format_duration(m.step_ms))
            };
            view! { <p class="muted" data-testid="logs-metric-summary" data-series=n.to_string() data-step-ms=m.step_ms.to_string() data-total=m.total.to_string()>{text}</p> }
        })
    };
    view! {
        {summary}
        <TimeSeriesChart data=data on_zoom=on_zoom label=metric.with_untracked(|m| m.as_ref().map_or("", |m| m.name)).to_string()/>
    }
}
