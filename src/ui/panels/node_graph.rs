//! Node graph panel body: the service map over the dashboard's range from the panel's source (the trace
//! backend's dependencies, Prometheus' service-graph metrics, or both), drawn as on `#/services`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::PanelEnv;
use crate::ui::latest::Latest;
use crate::browser;
use crate::dashboard::Panel;
use crate::ui::ctx::use_ctx;
use crate::ui::service_map::{load_map, map_view, Loaded, Picked};
use crate::url_state::ServicesState;

#[component]
pub fn NodeGraphBody(panel: Panel, env: Signal<PanelEnv>) -> impl IntoView {
    let ctx = use_ctx();
    let source = panel.options.node_graph.unwrap_or_default().source;
    let loaded = RwSignal::new(None::<Loaded>);
    let abort = Latest::new();
    Effect::new(move |_| {
        let e = env.get();
        if !(e.health.prometheus_known && e.health.traces_known) {
            return;
        }
        let a = abort.renew();
        let ds = ctx.ds.get_untracked();
        spawn_local(async move {
            if let Some(l) = load_map(&ds, &e.health, e.from_ms, e.to_ms, source, &a).await {
                let _ = loaded.try_set(Some(l));
                browser::mark("trifocal:panel-loaded");
            }
        });
    });
    let search = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<Picked>);
    let zoom = RwSignal::new(3usize);
    move || match loaded.get() {
        None => view! { <p class="muted panel-msg" data-testid="node-graph" data-state="loading">"Loading the service map…"</p> }.into_any(),
        Some(l) => {
            let state = if l.map.nodes.is_empty() { "empty" } else { "ok" };
            let s = ServicesState { range: env.with_untracked(|e| e.range.clone()), ..ServicesState::default() };
            view! {
                <div class="panel-scroll node-graph" data-testid="node-graph" data-state=state data-source=source.id()>
                    <style>{PANEL_CSS}</style>
                    {map_view(l, s, search, picked, zoom)}
                </div>
            }
            .into_any()
        }
    }
}

/// The map inside a panel fills the panel instead of the window (kept here, out of the first load's CSS).
const PANEL_CSS: &str = ".node-graph{display:flex;flex-direction:column}.node-graph .map-main{flex:1;min-height:0;height:100%}.node-graph .map-canvas{height:100%;min-height:120px}";
