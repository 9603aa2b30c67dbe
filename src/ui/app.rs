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

/// Asks each backend whether it answers, all three at once; demo mode is whatever does not. Each answer
/// sets its `*_known` (an explore page waits only for its own backend); `checked` turns true when the last
/// answer is in.
pub fn probe(ctx: Ctx) {
    ctx.health.set(Default::default());
    // A plain counter, not a StoredValue: the probe is started from Settings too, and must finish after that
    // page is gone (a StoredValue would be disposed with the page and reading it would panic).
    let pending = std::rc::Rc::new(std::cell::Cell::new(3u8));
    let done = move || {
        pending.set(pending.get().saturating_sub(1));
        if pending.get() == 0 {
            ctx.health.update(|h| h.checked = true);
        }
    };
    let ds = ctx.ds.get_untracked();
    let d = ds.clone();
    let done1 = done.clone();
    spawn_local(async move {
        let ok = http::metrics::probe(&d).await;
        ctx.health.update(|h| {
            h.prometheus = ok;
            h.prometheus_known = true;
        });
        done1();
    });
    let d = ds.clone();
    let done2 = done.clone();
    spawn_local(async move {
        let ok = http::logs::probe(&d).await;
        ctx.health.update(|h| {
            h.loki = ok;
            h.loki_known = true;
        });
        done2();
    });
    spawn_local(async move {
        let found = http::traces::detect(&ds).await;
        ctx.health.update(|h| {
            h.traces = found;
            h.traces_known = true;
        });
        done();
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
