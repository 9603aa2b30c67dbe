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
pub fn route_view(route: Route) -> AnyView {
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
