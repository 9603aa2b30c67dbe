//! Top bar: navigation, backend status (live or demo), theme and time-zone toggles.

use leptos::prelude::*;

use super::ctx::use_ctx;
use crate::url_state::{LogsState, MetricsState, Route, SplitState};

#[component]
pub fn TopBar() -> impl IntoView {
    let ctx = use_ctx();
    let tab = move |href: &'static str, label: &'static str, key: &'static str| {
        let active = move || {
            let frag = crate::browser::location_hash();
            let _ = ctx.route.get();
            frag.starts_with(&format!("#/{key}"))
        };
        view! { <a href=href class:active=active aria-current=move || if active() { "page" } else { "false" }>{label}</a> }
    };
    let status = move || {
        let (mode, text) = ctx.health.get().status(ctx.ds.get().logs.name());
        (mode.to_string(), text)
    };
    view! {
        <header class="topbar">
            <a class="brand" href="#/">"Trifocal"</a>
            <nav aria-label="Main">
                {tab("#/metrics", "Metrics", "metrics")}
                {tab("#/logs", "Logs", "logs")}
                {tab("#/search", "Traces", "search")}
                {tab("#/services", "Services", "services")}
                {tab("#/dashboard", "Dashboards", "dashboard")}
                {tab("#/alerts", "Alerts", "alerts")}
                {tab("#/settings", "Settings", "settings")}
            </nav>
            <span class="spacer"></span>
            {move || {
                let route = ctx.route.get();
                let other = match &route {
                    Route::Metrics(_) => Some(Route::Logs(LogsState::default())),
                    Route::Logs(_) | Route::Search(_) => Some(Route::Metrics(MetricsState::default())),
                    _ => None,
                };
                other.map(|o| {
                    let split = Route::Split(SplitState::of(route.clone(), o));
                    view! { <button class="icon" data-testid="split-button" title="Split: two views side by side on one time range"
                        on:click=move |_| ctx.navigate(&split)>"Split"</button> }
                })
            }}
            <span class="status" data-mode=move || status().0 title="Backend status" data-testid="backend-status">{move || status().1}</span>
            <button class="icon" on:click=move |_| ctx.utc.update(|u| *u = !*u) title="Time zone">
                {move || if ctx.utc.get() { "UTC" } else { "Local" }}
            </button>
            <button class="icon" on:click=move |_| ctx.toggle_theme() aria-label="Toggle dark/light theme">
                {move || if ctx.dark.get() { "☀ Light" } else { "☾ Dark" }}
            </button>
        </header>
    }
}
