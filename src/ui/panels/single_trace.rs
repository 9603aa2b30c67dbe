//! Traces panel body for one trace (the panel's query is a trace ID): a header line and the trace view's
//! Gantt (virtualised rows, collapse, ruler zoom, critical path) sized to the panel, with a link to the
//! whole trace view.

use std::sync::Arc;

use leptos::prelude::*;

use crate::telemetry::Trace;
use crate::time::duration::format_duration_human;
use crate::ui::trace::state::{Loaded, TraceUi};
use crate::ui::trace::waterfall::Waterfall;
use crate::url_state::{self, Route, TraceState};

#[component]
pub fn SingleTraceBody(trace: Arc<Trace>) -> impl IntoView {
    let ui = TraceUi::new("");
    let loaded = Loaded::new((*trace).clone(), None, true);
    let s = loaded.stats.clone();
    let href = trace.trace_id.map(|id| format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: id.to_hex(), ..TraceState::default() }))));
    let warnings = trace.warnings.clone();
    let l = Arc::new(loaded);
    ui.loaded.set(Some(Ok(l.clone())));
    let summary = format!(
        "{}: {} · {} spans · {} · {} services · {} errors",
        s.root_service,
        s.root_name,
        s.span_count,
        format_duration_human(s.duration_ns),
        s.service_count,
        s.error_count
    );
    view! {
        <div class="panel-trace" data-testid="panel-single-trace" data-spans=s.span_count.to_string()>
            <p class="panel-trace-head">
                <span>{summary}</span>
                {href.map(|h| view! { <a class="panel-link" href=h data-testid="panel-trace-open">"Open trace"</a> })}
            </p>
            {trace.partial.then(|| view! { <p class="warning">"PARTIAL: the server returned an incomplete trace."</p> })}
            {warnings.into_iter().map(|w| view! { <p class="warning">{w}</p> }).collect_view()}
            <Waterfall ui=ui l=l/>
        </div>
    }
}
