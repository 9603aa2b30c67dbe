//! Split explore: two views side by side (e.g. metrics left, logs right) on one shared time range, as
//! Grafana's split Explore. Each side runs under its own copy of the app context that knows its side, so
//! the view's own navigations (run, time range) replace only that side; the range carries over to the
//! other side (`SplitState::with_side`).

use leptos::prelude::*;

use crate::ui::ctx::use_ctx;
use crate::url_state::{LogsState, MetricsState, Route, SearchState, SplitState};

#[component]
pub fn Split(state: SplitState) -> impl IntoView {
    view! {
        <div class="split" data-testid="split">
            <Pane right=false state=state.clone()/>
            <Pane right=true state=state/>
        </div>
    }
}

#[component]
fn Pane(right: bool, state: SplitState) -> impl IntoView {
    let ctx = use_ctx();
    let mut side_ctx = ctx;
    side_ctx.pane = Some(right);
    // Provided on this component's owner: the view below and everything it creates later see this side.
    provide_context(side_ctx);
    let route = if right { (*state.right).clone() } else { (*state.left).clone() };
    let other = if right { (*state.left).clone() } else { (*state.right).clone() };
    let s = state.clone();
    let choose = move |kind: String| {
        let range = s.left.range().cloned().unwrap_or_default();
        let next = match kind.as_str() {
            "metrics" => Route::Metrics(MetricsState { range, ..MetricsState::default() }),
            "logs" => Route::Logs(LogsState { range, ..LogsState::default() }),
            _ => Route::Search(SearchState { range, ..SearchState::default() }),
        };
        ctx.navigate(&Route::Split(s.with_side(right, next)));
    };
    let kind = match &route {
        Route::Metrics(_) => "metrics",
        Route::Logs(_) => "logs",
        _ => "search",
    };
    let side = if right { "Right" } else { "Left" };
    view! {
        <section class="split-pane" aria-label=format!("{side} pane") data-testid=format!("split-{}", side.to_lowercase())>
            <div class="split-bar">
                <label>{side}" pane: "
                    <select aria-label=format!("{side} pane view") on:change=move |ev| choose(event_target_value(&ev))>
                        <option value="metrics" selected=kind == "metrics">"Metrics"</option>
                        <option value="logs" selected=kind == "logs">"Logs"</option>
                        <option value="search" selected=kind == "search">"Traces"</option>
                    </select>
                </label>
                <button class="link" on:click=move |_| ctx.navigate(&other) title="Close this pane and keep the other">"Close pane"</button>
            </div>
            {super::route_view(route)}
        </section>
    }
}
