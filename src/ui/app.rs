//! The app: provides context, follows the URL hash, probes the backends, picks the page.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ctx::Ctx;
use super::pages;
use super::shell::TopBar;
use super::shortcuts::Shortcuts;
use crate::browser;
use crate::http;
use crate::url_state;

/// The app, with the datasource settings `ui::start` read from storage (and why they could not be, if so).
#[component]
pub fn App(ds: crate::datasource::Datasources, notice: Option<String>) -> impl IntoView {
    let ctx = Ctx::new(ds, notice);
    provide_context(ctx);

    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let decoded = url_state::decode(&browser::location_hash());
        ctx.notices.set(decoded.notices);
        ctx.route.set(decoded.route);
    });
    on_cleanup(move || handle.remove());

    probe(ctx);

    view! {
        // A dashboard in kiosk mode shows no app chrome.
        <Show when=move || !ctx.route.with(|r| matches!(r, url_state::Route::Dashboard(s) if s.kiosk))>
            <TopBar/>
        </Show>
        <Notices/>
        <Shortcuts/>
        <main id="main" class="page">
            {move || pages::route_view(ctx.route.get())}
        </main>
    }
}

/// Asks each backend whether it answers, all three at once. Each answer is recorded in `health`, which
/// decides what pages use (`datasource::health`: demo data only when nothing answers); `checked` turns true
/// when the last answer is in.
pub fn probe(ctx: Ctx) {
    ctx.health.set(Default::default());
    // The probe is started from Settings too, and must finish after that page is gone: it writes only the
    // app-wide signal (try_update: nothing happens if the app itself is gone).
    let ds = ctx.ds.get_untracked();
    let preferred = ds.traces;
    let d = ds.clone();
    spawn_local(async move {
        let (ok, version) = http::metrics::probe(&d).await;
        ctx.health.try_update(|h| h.record_prometheus(ok, version, preferred));
    });
    let d = ds.clone();
    spawn_local(async move {
        let ok = http::logs::probe(&d).await;
        ctx.health.try_update(|h| h.record_loki(ok, preferred));
    });
    spawn_local(async move {
        let found = http::traces::detect(&ds).await;
        ctx.health.try_update(|h| h.record_traces(found, preferred));
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
