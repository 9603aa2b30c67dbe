//! The URL is the state of a view: [`Route`] ↔ the hash fragment (`#/metrics?from=now-1h&to=now&q.A=…`).
//! [`encode`] writes only non-default parameters in a stable order; [`decode`] is tolerant: a bad value
//! falls back to that field's default and adds a notice saying what was ignored.

mod decode;
mod encode;
mod percent;
mod route;

pub use decode::{decode, Decoded};
pub use encode::encode;
pub use route::{
    AlertsState, AlertsTab, CompareState, CorrelateState, DashboardState, LogsState, MetricQuery, MetricsState, Route, SearchState, ServicesState, SplitState, TraceState, DEFAULT_LOG_LIMIT, DEFAULT_SERVICE_DEPTH, MAX_SERVICE_DEPTH,
    DEFAULT_SEARCH_LIMIT, MAX_LOG_LIMIT, MAX_SEARCH_LIMIT, METRIC_STYLES, METRIC_VIZ,
};

#[cfg(test)]
mod tests;
