//! Home's examples, looked up in the backends (`view::home` decides what they are): a lazily loaded part in
//! the release build, so the trace and log clients it needs stay out of the first page load.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::home::{Targets, Which};
use crate::browser;
use crate::http::{logs, traces};
use crate::view::home::{errors_query, failed_searches, pick_service, pick_trace, service_logs, service_query, span_by_span, Example, ERRORS_SERVICE, ROOT_SERVICE};

/// Starts looking for the examples of one backend.
pub fn start(t: Targets, which: Which) {
    match which {
        Which::Traces => find_trace_examples(t),
        Which::Logs => find_logs_example(t),
    }
}

/// How far back Home looks for its trace examples (the search page's default range).
const LOOKBACK_MS: i64 = 3_600_000;

/// Fills the two trace examples from the trace backend (or the demo data when there is none).
fn find_trace_examples(t: Targets) {
    let Targets { ctx, failed, waterfall, abort, .. } = t;
    // Home may have been left while this code was being fetched: its signals are gone then, and so is the work.
    let Some(a) = abort.try_get_value() else { return };
    let Some(backend) = ctx.health.get_untracked().traces else {
        let _ = failed.try_set(failed_searches(false, None, None));
        let _ = waterfall.try_set(span_by_span(false, None, ""));
        return;
    };
    let ds = ctx.ds.get_untracked();
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
fn find_logs_example(t: Targets) {
    let Targets { ctx, logs: example, abort, .. } = t;
    let Some(a) = abort.try_get_value() else { return };
    if !ctx.health.get_untracked().loki {
        let _ = example.try_set(service_logs(false, None));
        return;
    }
    let ds = ctx.ds.get_untracked();
    spawn_local(async move {
        let end = browser::now_ms();
        let ns = |ms: i64| ms.saturating_mul(1_000_000);
        let list = logs::label_values(&ds, "service_name", ns(end - LOOKBACK_MS), ns(end), None, &a).await.map_err(|e| e.to_string());
        let _ = example.try_set(service_logs(true, Some(list)));
    });
}

