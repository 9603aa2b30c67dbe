//! One module per page of the app.

pub mod alerts;
pub mod compare;
pub mod dashboard;
pub mod dashboards;
pub mod home;
pub mod home_examples;
pub mod logs;
pub mod metrics;
pub mod search;
pub mod services;
pub mod settings;
mod settings_sources;
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

/// Starts looking up Home's examples of one backend: in the release build from their own part, fetched on
/// first use (if it cannot be fetched, the examples say so).
pub fn start_home_examples(t: home::Targets, which: home::Which) {
    #[cfg(not(feature = "split"))]
    home_examples::start(t, which);
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async move {
        if lazy::home_examples(lazy::HomeJob(t, which)).await.is_err() {
            let why = crate::view::home::Example::Missing("This example's code could not be loaded from the server; reload to try again.".into());
            let slots = if which == home::Which::Logs { vec![t.logs] } else { vec![t.failed, t.waterfall] };
            for s in slots {
                let _ = s.try_set(why.clone());
            }
        }
    });
}

/// The datasource settings saved in this browser (`ui::start`, before the app mounts), and a notice when they
/// could not be read. In the release build their reader (serde for every settings type) is a part of its own,
/// fetched only when settings were saved: the first load of a browser without them does not carry it.
pub async fn read_datasources(stored: String) -> (crate::datasource::Datasources, Option<String>) {
    #[cfg(not(feature = "split"))]
    return (crate::datasource::Datasources::from_storage_json(&stored), None);
    #[cfg(feature = "split")]
    match lazy::stored(stored).await {
        Ok(ds) => (ds, None),
        Err(_) => (
            Default::default(),
            Some("Your saved datasource settings could not be loaded from the server (the code that reads them), so the defaults are in use; reload to try again. Saving in Settings now would replace them.".into()),
        ),
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
        Route::Compare(s) => view! { <compare::TraceCompare state=s/> }.into_any(),
        Route::Correlate(s) => view! { <crate::ui::trace::Correlate state=s/> }.into_any(),
        Route::Settings => view! { <settings::Settings/> }.into_any(),
        Route::Alerts(s) => view! { <alerts::Alerts state=s/> }.into_any(),
        Route::Services(s) => view! { <services::ServiceMapPage state=s/> }.into_any(),
        Route::Dashboard(s) => view! { <dashboard::DashboardPage state=s/> }.into_any(),
        Route::Split(s) => view! { <split::Split state=s/> }.into_any(),
    }
}

/// Every page but Home, each loaded with its own part on first use. A part that cannot be fetched (network
/// down, or a tab left open across a deploy that replaced the files) is said in the page, never a panic; the
/// next visit of the page tries again.
#[cfg(feature = "split")]
async fn lazy_page(route: Route) -> AnyView {
    let page = match route {
        Route::Home => Ok(view! { <home::Home/> }.into_any()),
        Route::Metrics(s) => lazy::metrics(s).await,
        Route::Logs(s) => lazy::logs(s).await,
        Route::Trace(s) => lazy::trace(lazy::TracePage::One(s)).await,
        Route::Search(s) => lazy::search(s).await,
        Route::Compare(s) => lazy::trace(lazy::TracePage::Compare(s)).await,
        Route::Correlate(s) => lazy::correlate(s).await,
        Route::Settings => lazy::settings().await,
        Route::Alerts(s) => lazy::alerts(s).await,
        Route::Services(s) => lazy::services(s).await,
        Route::Dashboard(s) => lazy::dashboard(s).await,
        Route::Split(s) => lazy::split(s).await,
    };
    page.unwrap_or_else(|_| {
        view! {
            <p class="error" role="alert" data-testid="page-load-error">
                "This page's code could not be loaded from the server. Check the connection, then open the page again or reload."
            </p>
        }
        .into_any()
    })
}

/// The split points (leptos' `#[lazy]`, made fallible): each function, and whatever only it reaches, goes into a
/// wasm part of its own, named for the page; code that several pages reach goes into shared chunks.
#[cfg(feature = "split")]
mod lazy {
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    use crate::url_state::{AlertsState, CompareState, CorrelateState, DashboardState, LogsState, MetricsState, SearchState, ServicesState, SplitState, TraceState};

    #[wasm_split(metrics, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn metrics(s: MetricsState) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <super::metrics::Metrics state=s/> }.into_any())
    }
    #[wasm_split(logs, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn logs(s: LogsState) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <super::logs::Logs state=s/> }.into_any())
    }
    /// The trace view and the comparison share one part: they share most of their code. The service map is a
    /// part of its own (its loading, the Prometheus service-graph reader, the map's drawing: a trace link never
    /// needs them); the code it shares with the trace view (the graph layout) goes into shared chunks. The
    /// correlation workspace, which also draws metric charts and log lists, is a part of its own.
    pub enum TracePage {
        One(TraceState),
        Compare(CompareState),
    }
    #[wasm_split(trace, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn trace(p: TracePage) -> Result<AnyView, SplitLoaderError> {
        Ok(match p {
            TracePage::One(s) => view! { <super::trace::TraceView state=s/> }.into_any(),
            TracePage::Compare(s) => view! { <super::compare::TraceCompare state=s/> }.into_any(),
        })
    }
    #[wasm_split(services, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn services(s: ServicesState) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <super::services::ServiceMapPage state=s/> }.into_any())
    }
    #[wasm_split(correlate, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn correlate(s: CorrelateState) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <crate::ui::trace::Correlate state=s/> }.into_any())
    }
    #[wasm_split(search, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn search(s: SearchState) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <super::search::Search state=s/> }.into_any())
    }
    #[wasm_split(alerts, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn alerts(s: AlertsState) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <super::alerts::Alerts state=s/> }.into_any())
    }
    #[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn settings() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <super::settings::Settings/> }.into_any())
    }
    #[wasm_split(dashboard, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn dashboard(s: DashboardState) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <super::dashboard::DashboardPage state=s/> }.into_any())
    }
    /// Home's example lookups (the trace and log clients they need are not in the first page load).
    pub struct HomeJob(pub super::home::Targets, pub super::home::Which);
    #[wasm_split(home_examples, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn home_examples(job: HomeJob) -> Result<(), SplitLoaderError> {
        super::home_examples::start(job.0, job.1);
        Ok(())
    }
    /// The reader of saved datasource settings (`super::read_datasources`).
    #[wasm_split(stored, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn stored(s: String) -> Result<crate::datasource::Datasources, SplitLoaderError> {
        Ok(crate::datasource::Datasources::from_storage_json(&s))
    }
    #[wasm_split(split, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn split(s: SplitState) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <super::split::Split state=s/> }.into_any())
    }
}
