//! Top bar: navigation, backend status (live or demo), theme and time-zone toggles.

use leptos::prelude::*;

use super::ctx::use_ctx;
use crate::datasource::TraceBackend;

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
        let h = ctx.health.get();
        if !h.checked {
            return ("checking".to_string(), "Checking backends…".to_string());
        }
        if !h.any_live() {
            return ("demo".to_string(), "Demo data: no backend answered".to_string());
        }
        let mut parts = Vec::new();
        parts.push(format!("Prometheus {}", if h.prometheus { "✓" } else { "✗ (demo)" }));
        parts.push(format!("Loki {}", if h.loki { "✓" } else { "✗ (demo)" }));
        parts.push(match h.traces {
            Some(TraceBackend::Jaeger) => "Jaeger ✓".to_string(),
            Some(_) => "Tempo ✓".to_string(),
            None => "Traces ✗ (demo)".to_string(),
        });
        ("live".to_string(), parts.join(" · "))
    };
    view! {
        <header class="topbar">
            <a class="brand" href="#/">"Trifocal"</a>
            <nav aria-label="Main">
                {tab("#/metrics", "Metrics", "metrics")}
                {tab("#/logs", "Logs", "logs")}
                {tab("#/search", "Traces", "search")}
                {tab("#/dashboard", "Dashboards", "dashboard")}
                {tab("#/settings", "Settings", "settings")}
            </nav>
            <span class="spacer"></span>
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
