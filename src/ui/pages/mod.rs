//! One module per page of the app.

pub mod dashboard;
pub mod dashboards;
pub mod home;
pub mod logs;
pub mod metrics;
pub mod search;
pub mod settings;
pub mod split;
pub mod trace;

use leptos::prelude::*;

use crate::url_state::Route;

/// The page for a route (the app's main area, and each side of a split).
///
/// In the release build (cargo feature `split`, which scripts/build-app.sh turns on) every page but Home is a split
/// point: its code is cut out of the main wasm into a chunk that is fetched when the page is first shown
/// (docs/decisions/0005). Other builds (`trunk serve`, tests) draw every page directly.
pub fn route_view(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <home::Home/> }.into_any(),
        #[cfg(not(feature = "split"))]
        other => page(other),
        #[cfg(feature = "split")]
        other => view! {
            <Suspense fallback=|| view! { <p class="muted page-loading" role="status">"Loading…"</p> }>
                {Suspend::new(async move { lazy_page(other).await })}
            </Suspense>
        }
        .into_any(),
    }
}

/// Every page but Home, drawn directly.
#[cfg(not(feature = "split"))]
fn page(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <home::Home/> }.into_any(),
        Route::Metrics(s) => view! { <metrics::Metrics state=s/> }.into_any(),
        Route::Logs(s) => view! { <logs::Logs state=s/> }.into_any(),
        Route::Trace(s) => view! { <trace::TraceView state=s/> }.into_any(),
        Route::Search(s) => view! { <search::Search state=s/> }.into_any(),
        Route::Settings => view! { <settings::Settings/> }.into_any(),
        Route::Dashboard(s) => view! { <dashboard::DashboardPage state=s/> }.into_any(),
        Route::Split(s) => view! { <split::Split state=s/> }.into_any(),
    }
}

/// Every page but Home, each loaded with its own chunk on first use.
#[cfg(feature = "split")]
async fn lazy_page(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <home::Home/> }.into_any(),
        Route::Metrics(s) => lazy::metrics(s).await,
        Route::Logs(s) => lazy::logs(s).await,
        Route::Trace(s) => lazy::trace(s).await,
        Route::Search(s) => lazy::search(s).await,
        Route::Settings => lazy::settings().await,
        Route::Dashboard(s) => lazy::dashboard(s).await,
        Route::Split(s) => lazy::split(s).await,
    }
}

/// The split points: each function (and whatever only it reaches) goes into its own wasm chunk.
#[cfg(feature = "split")]
mod lazy {
    use leptos::lazy;
    use leptos::prelude::*;

    use crate::url_state::{DashboardState, LogsState, MetricsState, SearchState, SplitState, TraceState};

    #[lazy]
    pub fn metrics(s: MetricsState) -> AnyView {
        view! { <super::metrics::Metrics state=s/> }.into_any()
    }
    #[lazy]
    pub fn logs(s: LogsState) -> AnyView {
        view! { <super::logs::Logs state=s/> }.into_any()
    }
    #[lazy]
    pub fn trace(s: TraceState) -> AnyView {
        view! { <super::trace::TraceView state=s/> }.into_any()
    }
    #[lazy]
    pub fn search(s: SearchState) -> AnyView {
        view! { <super::search::Search state=s/> }.into_any()
    }
    #[lazy]
    pub fn settings() -> AnyView {
        view! { <super::settings::Settings/> }.into_any()
    }
    #[lazy]
    pub fn dashboard(s: DashboardState) -> AnyView {
        view! { <super::dashboard::DashboardPage state=s/> }.into_any()
    }
    #[lazy]
    pub fn split(s: SplitState) -> AnyView {
        view! { <super::split::Split state=s/> }.into_any()
    }
}
