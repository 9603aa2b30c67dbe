//! Completion data for a [`QueryEditor`](crate::ui::query_editor::QueryEditor) straight from the backends,
//! by query language: Prometheus metric names (with their help), label names and values; Loki label names
//! and values (scoped to the selector typed so far); Tempo attribute names and values. Scoped to the time
//! range the caller gives and cached per range.

use std::sync::Arc;

use leptos::prelude::*;

use crate::http::{logs, metrics, traces, Abort};
use crate::lang::promql_build::selector_for_metric;
use crate::lang::{CompletionContext, CompletionKind, Lang};
use crate::ui::ctx::Ctx;
use crate::ui::query_editor::{cached_list, sources_fn, ListCache, SourceLists, SourcesFn};
use crate::view::log_selector::selector_of;

/// Completion sources for `lang`: `range` gives the (start, end) ms to look in, `text` the query typed so
/// far (LogQL values are looked up under its selector). A backend that is down offers nothing.
pub fn backend_sources(
    ctx: Ctx,
    lang: Lang,
    range: impl Fn() -> (i64, i64) + Send + Sync + 'static,
    text: impl Fn() -> String + Send + Sync + 'static,
) -> SourcesFn {
    let cache: ListCache = StoredValue::new(Default::default());
    let help = StoredValue::new(None::<Arc<Vec<(String, String)>>>);
    sources_fn(move |c: CompletionContext| {
        let h = ctx.health.get_untracked();
        let ds = ctx.ds.get_untracked();
        let (start, end) = range();
        let range_key = format!("{}:{}", start.div_euclid(60_000), end.div_euclid(60_000));
        let typed = text();
        async move {
            let a = Abort::new();
            let mut out = SourceLists::default();
            match lang {
                Lang::PromQL if h.prometheus => match &c.kind {
                    CompletionKind::MetricName | CompletionKind::FunctionOrMetric => {
                        out.metrics = cached_list(cache, format!("m|{range_key}"), metrics::metric_names(&ds, start, end, &a)).await;
                        out.metric_help = match help.try_get_value().flatten() {
                            Some(h) => h,
                            None => {
                                let h = Arc::new(metrics::metric_help(&ds, &a).await.unwrap_or_default());
                                let _ = help.try_set_value(Some(h.clone()));
                                h
                            }
                        };
                    }
                    CompletionKind::LabelName { metric, .. } => {
                        let sel = metric.as_deref().map(selector_for_metric);
                        let key = format!("l|{}|{range_key}", sel.as_deref().unwrap_or(""));
                        out.labels = cached_list(cache, key, metrics::label_names(&ds, sel.as_deref(), start, end, &a)).await;
                    }
                    CompletionKind::LabelValue { metric, label, .. } => {
                        let sel = metric.as_deref().map(selector_for_metric);
                        let key = format!("v|{label}|{}|{range_key}", sel.as_deref().unwrap_or(""));
                        out.values = cached_list(cache, key, metrics::label_values(&ds, label, sel.as_deref(), start, end, &a)).await;
                    }
                    _ => {}
                },
                Lang::LogQL | Lang::LogsQL if h.loki => {
                    let (start_ns, end_ns) = (start.saturating_mul(1_000_000), end.saturating_mul(1_000_000));
                    match &c.kind {
                        CompletionKind::FieldName => {
                            out.labels = cached_list(cache, format!("f|{range_key}"), logs::field_names(&ds, start_ns, end_ns, &a)).await;
                        }
                        CompletionKind::FieldValue { field, .. } => {
                            out.values = cached_list(cache, format!("fv|{field}|{range_key}"), logs::field_values(&ds, field, start_ns, end_ns, &a)).await;
                        }
                        CompletionKind::LabelName { .. } | CompletionKind::PipelineStage => {
                            out.labels = cached_list(cache, format!("l|{range_key}"), logs::label_names(&ds, start_ns, end_ns, None, &a)).await;
                        }
                        CompletionKind::LabelValue { label, .. } => {
                            let sel = selector_of(&typed).map(str::to_string);
                            let key = format!("v|{label}|{}|{range_key}", sel.as_deref().unwrap_or(""));
                            let mut v = cached_list(cache, key, logs::label_values(&ds, label, start_ns, end_ns, sel.as_deref(), &a)).await;
                            if v.is_empty() && sel.is_some() {
                                v = cached_list(cache, format!("v|{label}||{range_key}"), logs::label_values(&ds, label, start_ns, end_ns, None, &a)).await;
                            }
                            out.values = v;
                        }
                        _ => {}
                    }
                }
                Lang::TraceQL if crate::view::trace_search::Dialect::of(h.traces).completes_attributes() => match &c.kind {
                    CompletionKind::LabelName { .. } => out.labels = cached_list(cache, format!("t|{range_key}"), traces::tempo_tags(&ds, start, end, &a)).await,
                    CompletionKind::LabelValue { label, .. } => {
                        out.values = cached_list(cache, format!("v|{label}|{range_key}"), traces::tempo_tag_values(&ds, label, start, end, &a)).await
                    }
                    _ => {}
                },
                _ => {}
            }
            out
        }
    })
}
