//! The app: provides context, follows the URL hash, probes the backends, picks the page.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ctx::{Ctx, Health};
use super::pages;
use super::shell::TopBar;
use crate::browser;
use crate::http;
use crate::url_state::{self, Route};

#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new();
    provide_context(ctx);

    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let decoded = url_state::decode(&browser::location_hash());
        ctx.notices.set(decoded.notices);
        ctx.route.set(decoded.route);
    });
    on_cleanup(move || handle.remove());

    probe(ctx);

    view! {
        <TopBar/>
        <Notices/>
        <main id="main" class="page">
            {move || match ctx.route.get() {
                Route::Home => view! { <pages::home::Home/> }.into_any(),
                Route::Metrics(s) => view! { <pages::metrics::Metrics state=s/> }.into_any(),
                Route::Logs(s) => view! { <pages::logs::Logs state=s/> }.into_any(),
                Route::Trace(s) => view! { <pages::trace::TraceView state=s/> }.into_any(),
                Route::Search(s) => view! { <pages::search::Search state=s/> }.into_any(),
                Route::Settings => view! { <pages::settings::Settings/> }.into_any(),
                Route::Dashboard(s) => view! { <pages::dashboard::DashboardPage state=s/> }.into_any(),
            }}
        </main>
    }
}

/// Asks each backend whether it answers; demo mode is whatever does not.
pub fn probe(ctx: Ctx) {
    spawn_local(async move {
        let ds = ctx.ds.get_untracked();
        let prometheus = http::metrics::probe(&ds).await;
        let loki = http::logs::probe(&ds).await;
        let traces = http::traces::detect(&ds).await;
        ctx.health.set(Health { checked: true, prometheus, loki, traces });
    });
}

#[component]
fn Notices() -> impl IntoView {
    let ctx = super::ctx::use_ctx();
    view! {
        <Show when=move || !ctx.notices.get().is_empty()>
            <div class="notice" role="status">
                {move || ctx.notices.get().into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}
                <button class="link" on:click=move |_| ctx.notices.set(Vec::new())>"Dismiss"</button>
            </div>
        </Show>
    }
}
