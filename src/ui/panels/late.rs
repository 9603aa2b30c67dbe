//! What a dashboard loads late in the release build: the log and trace kinds' queries and drawing, the node
//! graph and the alert list are a wasm part of their own (`dpanels`), fetched when a panel of such a kind is
//! shown; a dashboard of metric panels never fetches it. Other builds call them directly.
//!
//! While the part is on its way a panel shows "Loading…" as it does while waiting for data; a part that cannot
//! be fetched is said in that panel only (the next panel that needs it tries again).

use std::sync::Arc;

use leptos::prelude::*;

use super::{PanelEnv, PanelResult};
use crate::backends::ApiError;
use crate::dashboard::Panel;
use crate::datasource::plan::Planned;
use crate::http::panel::{self as http_panel, Answer};
use crate::http::Abort;
use crate::telemetry::Trace;

/// What a panel says when its kind's code could not be fetched.
#[cfg(feature = "split")]
pub const PART_FAILED: &str = "This panel's code could not be loaded from the server. Check the connection, then reload the page.";

/// A panel query's answer and its note.
pub type Ran = Result<(Answer, Option<String>), ApiError>;

/// Runs one planned query: a metric query at once, a log or trace query through the part that holds its
/// readers (fetched on first use).
pub async fn run(q: &Planned, abort: &Abort) -> Ran {
    #[cfg(not(feature = "split"))]
    return http_panel::run(q, abort).await;
    #[cfg(feature = "split")]
    match http_panel::runner(q) {
        http_panel::Runner::Series => http_panel::run_series(q, abort).await,
        _ => match part::query(Job(q.clone(), abort.clone())).await {
            Ok(running) => running.await,
            Err(_) => Err(ApiError::Unsupported(PART_FAILED.into())),
        },
    }
}

/// Starts fetching the part as a panel that will need it is placed (a panel of a kind it draws, or a log
/// count: `datasource::plan::metrics_only`), so that it arrives while the dashboard's metric panels load. A
/// failed fetch is said by the panel when it asks for the part itself.
pub fn prefetch_for(panel: &Panel) {
    #[cfg(feature = "split")]
    if !crate::datasource::plan::metrics_only(panel) {
        leptos::task::spawn_local(async {
            let _ = part::fetch().await;
        });
    }
    #[cfg(not(feature = "split"))]
    let _ = panel;
}

/// A body drawn by the part: the kinds a dashboard of metric panels does not have.
pub enum Body {
    Logs(Arc<PanelResult>),
    Traces(Arc<PanelResult>),
    Trace(Arc<Trace>),
    NodeGraph(Panel, Signal<PanelEnv>),
    AlertList(Panel, Signal<PanelEnv>),
}

/// Draws `b`: at once in builds without split parts, else once the part is in.
pub fn body(b: Body) -> AnyView {
    #[cfg(not(feature = "split"))]
    return draw(b);
    #[cfg(feature = "split")]
    late_view(async move { part::body(b).await }, PART_FAILED)
}

fn draw(b: Body) -> AnyView {
    match b {
        Body::Logs(r) => view! { <super::logs::LogsBody result=r/> }.into_any(),
        Body::Traces(r) => view! { <super::traces::TracesBody result=r/> }.into_any(),
        Body::Trace(t) => view! { <super::single_trace::SingleTraceBody trace=t/> }.into_any(),
        Body::NodeGraph(panel, env) => view! { <super::node_graph::NodeGraphBody panel=panel env=env/> }.into_any(),
        Body::AlertList(panel, env) => view! { <super::alert_list::AlertListBody panel=panel env=env/> }.into_any(),
    }
}

/// A view from a split part: "Loading…" until the part is in, `failed` in its place if it cannot be fetched.
#[cfg(feature = "split")]
pub fn late_view<F>(load: F, failed: &'static str) -> AnyView
where
    F: std::future::Future<Output = Result<AnyView, leptos::wasm_split::SplitLoaderError>> + Send + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="muted panel-msg" data-testid="part-loading">"Loading…"</p> }>
            {Suspend::new(async move {
                load.await.unwrap_or_else(|_| view! { <p class="error panel-msg" role="alert" data-testid="part-load-error">{failed}</p> }.into_any())
            })}
        </Suspense>
    }
    .into_any()
}

/// A query and its abort, for the part.
#[cfg(feature = "split")]
pub struct Job(Planned, Abort);

/// The part (leptos' `wasm_split`, fallible: a failed fetch is an `Err`, never a panic).
#[cfg(feature = "split")]
mod part {
    use std::future::Future;
    use std::pin::Pin;

    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    use super::{Body, Job, Ran};

    pub type Running = Pin<Box<dyn Future<Output = Ran>>>;

    #[wasm_split(dpanels, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn query(job: Job) -> Result<Running, SplitLoaderError> {
        Ok(Box::pin(async move {
            let Job(q, abort) = job;
            crate::http::panel::run(&q, &abort).await
        }))
    }
    /// Nothing: calling it fetches the part (`prefetch_for`).
    #[wasm_split(dpanels, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn fetch() -> Result<(), SplitLoaderError> {
        Ok(())
    }
    #[wasm_split(dpanels, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn body(b: Body) -> Result<AnyView, SplitLoaderError> {
        Ok(super::draw(b))
    }
}
