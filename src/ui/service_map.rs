//! A service map's loading and drawing, shared by the service map page (`#/services`) and the dashboard's
//! node graph panel: services and calls from the trace backend's dependencies and Prometheus' service-graph
//! metrics; nodes and edge labels as buttons over an SVG edge layer, pan (drag) and zoom, a picked node's
//! or edge's links. Map, layout and links from `view::service_map`.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;

use crate::backends::ApiError;
use crate::dashboard::MapSource;
use crate::datasource::Datasources;
use crate::http::{metrics, traces, Abort};
use crate::telemetry::{SeriesResult, ServiceCall};
use crate::ui::ctx::{use_ctx, Health};
use crate::ui::graph_edges::EdgeLayer;
use crate::url_state::{Route, ServicesState};
use crate::view::graph::layout::Spacing;
use crate::view::service_map::{
    build, edge_traces_link, label_point, logs_link, queries, red_metrics_link, trace_dependencies, traces_link, PromAnswers, ServiceMap,
};

/// What the sources answered, once both have.
#[derive(Clone)]
pub struct Loaded {
    pub map: Arc<ServiceMap>,
    /// Where each source failed or why it was not asked.
    pub notes: Vec<String>,
    /// The instant the metrics were evaluated at (ms).
    pub at_ms: i64,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Picked {
    Node(usize),
    Edge(usize),
}

pub const ZOOMS: [f64; 7] = [0.25, 0.4, 0.6, 0.8, 1.0, 1.25, 1.6];

/// Asks the chosen sources for the services and calls between `start_ms` and `end_ms` (the metrics at
/// `end_ms`); `None` when aborted. A source that fails or is not there leaves a note, not an error.
pub async fn load_map(ds: &Datasources, h: &Health, start: i64, end: i64, source: MapSource, a: &Abort) -> Option<Loaded> {
    let mut notes = Vec::new();
    let calls: Vec<ServiceCall> = if !source.traces() {
        Vec::new()
    } else {
        match trace_dependencies(h.traces) {
            Ok(()) => match traces::jaeger_dependencies(ds, end, end - start, a).await {
                Ok(c) => c,
                Err(ApiError::Aborted) => return None,
                Err(e) => {
                    notes.push(format!("Jaeger's dependencies: {e}"));
                    Vec::new()
                }
            },
            Err(why) => {
                notes.push(why.to_string());
                Vec::new()
            }
        }
    };
    let mut prom = PromAnswers::default();
    if !source.metrics() {
        // Not asked: the map shows the trace backend's calls only.
    } else if h.prometheus {
        let q = queries(end - start);
        let mut first_error = None;
        let mut ask = async |expr: &str| -> Option<SeriesResult> {
            match metrics::query_instant(ds, true, expr, end, a).await {
                Ok(r) => Some(r.result),
                Err(e) => {
                    first_error.get_or_insert(e.to_string());
                    None
                }
            }
        };
        prom.edge_rate = ask(&q.edge_rate).await;
        prom.edge_failed = ask(&q.edge_failed).await;
        prom.edge_p90 = ask(&q.edge_p90).await;
        prom.node_rate = ask(&q.node_rate).await;
        prom.node_failed = ask(&q.node_failed).await;
        prom.node_p90 = ask(&q.node_p90).await;
        if let Some(e) = first_error {
            notes.push(format!("Prometheus' service-graph metrics: {e}"));
        }
    } else {
        notes.push("Prometheus did not answer: no request rates, errors or latencies.".into());
    }
    let map = Arc::new(build(&calls, &prom));
    Some(Loaded { map, notes, at_ms: end })
}

pub fn map_view(l: Loaded, s: ServicesState, search: RwSignal<String>, picked: RwSignal<Option<Picked>>, zoom: RwSignal<usize>) -> impl IntoView {
    let ctx = use_ctx();
    let sp = Spacing { node_w: 200.0, node_h: 80.0, layer_gap: 160.0, node_gap: 24.0 };
    let map = l.map.clone();
    let v = Arc::new(map.view(&s.focus, s.depth, &sp));
    let notes = l.notes.iter().chain(v.note.iter()).map(|n| view! { <p class="warning" data-testid="map-note">{n.clone()}</p> }).collect_view();
    let empty = map.nodes.is_empty().then(|| {
        view! { <p class="muted" data-testid="map-empty">"No calls between services in this time range, in the traces or in the service-graph metrics."</p> }
    });
    let self_calls = (map.self_calls > 0).then(|| format!("{} services also call themselves (not drawn).", map.self_calls));

    let edges = v
        .layout
        .edges
        .iter()
        .zip(&v.edges)
        .map(|(p, &e)| {
            let errors = map.edges[e].stats.is_failing();
            view! { <path d=p.svg_d() class="graph-edge" class:errors=errors class:back=p.reversed marker-end="url(#sm-arrow)"></path> }
        })
        .collect_view();
    let edge_labels = v
        .layout
        .edges
        .iter()
        .zip(&v.edges)
        .map(|(p, &e)| {
            let me = &map.edges[e];
            let (x, y) = label_point(&p.points);
            let (client, server) = (map.nodes[me.from].name.clone(), map.nodes[me.to].name.clone());
            let raw = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
            view! {
                <button class="map-edge-label" data-testid="map-edge" data-client=client.clone() data-server=server.clone()
                    data-calls=me.calls.map(|c| c.to_string()).unwrap_or_default() data-rate=raw(me.stats.rate) data-failed=raw(me.stats.failed)
                    data-p90=raw(me.stats.p90_s) style=format!("left:{x:.0}px;top:{y:.0}px")
                    title=format!("{client} → {server}") aria-label=format!("Calls from {client} to {server}: {}", me.text())
                    class:picked=move || picked.get() == Some(Picked::Edge(e)) on:click=move |_| picked.set(Some(Picked::Edge(e)))>
                    {me.stats.short_text()}
                </button>
            }
        })
        .collect_view();
    let map_nodes = map.clone();
    let nodes = v
        .nodes
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let n = &map_nodes.nodes[i];
            let (x, y) = (v.layout.x[k], v.layout.y[k]);
            let raw = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
            let m2 = map_nodes.clone();
            let is_match = Memo::new(move |_| search.with(|q| m2.matches(i, q)));
            let dim = move || search.with(|q| !q.trim().is_empty()) && !is_match.get();
            let errors = n.stats.is_failing();
            let stats = n.stats.parts();
            let sources = match (n.in_traces, n.in_metrics) {
                (true, true) => "traces · metrics",
                (true, false) => "traces",
                _ => "metrics",
            };
            view! {
                <button class="map-node" data-testid="map-node" data-service=n.name.clone() data-rate=raw(n.stats.rate) data-p90=raw(n.stats.p90_s)
                    data-traces=n.in_traces.to_string() data-metrics=n.in_metrics.to_string()
                    class:match=is_match class:dim=dim class:errors=errors class:focused=n.name == s.focus
                    class:picked=move || picked.get() == Some(Picked::Node(i))
                    style=format!("left:{x:.0}px;top:{y:.0}px;width:{:.0}px;height:{:.0}px", sp.node_w, sp.node_h)
                    on:click=move |_| picked.set(Some(Picked::Node(i)))>
                    {n.stats.ring().map(|r| view! {
                        <svg class="map-ring" viewBox="0 0 36 36" role="img" aria-label=r.label() data-testid="map-ring" data-failed=r.failed_pct.to_string()>
                            <circle class="ok" cx="18" cy="18" r="15.915" stroke-dasharray=r.ok_dash()></circle>
                            <circle class="failed" cx="18" cy="18" r="15.915" stroke-dasharray=r.failed_dash() stroke-dashoffset=r.failed_offset()></circle>
                        </svg>
                    })}
                    <span class="svc">{n.name.clone()}</span>
                    {if stats.is_empty() { vec!["—".to_string()] } else { stats }.into_iter().map(|p| view! { <span class="nums">{p}</span> }).collect_view()}
                    <span class="src">{sources}</span>
                </button>
            }
        })
        .collect_view();

    let range = s.range.clone();
    let map_d = map.clone();
    let st2 = s.clone();
    let details = move || {
        let backend = ctx.health.get().traces;
        picked.get().map(|p| match p {
            Picked::Node(i) => {
                let name = map_d.nodes[i].name.clone();
                let mut focus_here = st2.clone();
                focus_here.focus = name.clone();
                let focus_href = format!("#{}", crate::url_state::encode(&Route::Services(focus_here)));
                view! {
                    <aside class="map-details" data-testid="map-details" aria-label="Service">
                        <h3>{name.clone()}</h3>
                        <p class="muted">{map_d.nodes[i].stats.text()}</p>
                        <ul>
                            <li><a data-testid="map-red" href=red_metrics_link(&name, &range)>"RED metrics"</a></li>
                            <li><a data-testid="map-traces" href=traces_link(&name, &range)>"Traces"</a></li>
                            <li><a data-testid="map-logs" href=logs_link(&name, &range)>"Logs"</a></li>
                            <li><a data-testid="map-focus-here" href=focus_href>"Focus the map here"</a></li>
                        </ul>
                        <button on:click=move |_| picked.set(None)>"Close"</button>
                    </aside>
                }
                .into_any()
            }
            Picked::Edge(e) => {
                let me = &map_d.edges[e];
                let (client, server) = (map_d.nodes[me.from].name.clone(), map_d.nodes[me.to].name.clone());
                let (href, note) = edge_traces_link(&client, &server, backend, &range);
                view! {
                    <aside class="map-details" data-testid="map-details" aria-label="Call">
                        <h3>{format!("{client} → {server}")}</h3>
                        <p class="muted">{me.text()}</p>
                        <ul><li><a data-testid="map-edge-traces" href=href>"Traces that cross this call"</a></li></ul>
                        {note.map(|n| view! { <p class="muted">{n}</p> })}
                        <button on:click=move |_| picked.set(None)>"Close"</button>
                    </aside>
                }
                .into_any()
            }
        })
    };

    // Pan: drag the background. Zoom: the buttons or Ctrl+wheel.
    let canvas = NodeRef::<Div>::new();
    let drag = StoredValue::new(None::<(i32, i32, i32, i32)>);
    let on_down = move |ev: web_sys::PointerEvent| {
        let on_background = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).is_some_and(|e| e.closest("button").ok().flatten().is_none());
        if let (true, Some(c)) = (on_background, canvas.get_untracked()) {
            drag.set_value(Some((ev.client_x(), ev.client_y(), c.scroll_left(), c.scroll_top())));
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if let (Some((x0, y0, l0, t0)), Some(c)) = (drag.get_value(), canvas.get_untracked()) {
            c.set_scroll_left(l0 - (ev.client_x() - x0));
            c.set_scroll_top(t0 - (ev.client_y() - y0));
        }
    };
    let on_up = move |_| drag.set_value(None);
    let on_wheel = move |ev: web_sys::WheelEvent| {
        if ev.ctrl_key() {
            ev.prevent_default();
            zoom.update(|z| *z = if ev.delta_y() < 0.0 { (*z + 1).min(ZOOMS.len() - 1) } else { z.saturating_sub(1) });
        }
    };
    let (w, h) = (v.layout.width.max(1.0), v.layout.height.max(1.0));
    let plane = move || format!("width:{w:.0}px;height:{h:.0}px;transform:scale({});transform-origin:0 0", ZOOMS[zoom.get()]);
    let outer = move || format!("width:{:.0}px;height:{:.0}px", w * ZOOMS[zoom.get()] + 40.0, h * ZOOMS[zoom.get()] + 40.0);
    view! {
        {notes}
        {empty}
        <div class="map-tools">
            <span class="muted" data-testid="map-summary">{format!("{} services, {} calls shown", v.nodes.len(), v.edges.len())}</span>
            {self_calls.map(|t| view! { <span class="muted">{t}</span> })}
            <button aria-label="Zoom out" on:click=move |_| zoom.update(|z| *z = z.saturating_sub(1))>"−"</button>
            <span class="muted">{move || format!("{:.0}%", ZOOMS[zoom.get()] * 100.0)}</span>
            <button aria-label="Zoom in" on:click=move |_| zoom.update(|z| *z = (*z + 1).min(ZOOMS.len() - 1))>"+"</button>
            <span class="muted keys">"Drag to pan · Ctrl+wheel to zoom · Tab through services"</span>
        </div>
        <div class="map-main">
            <div class="map-canvas" node_ref=canvas data-testid="service-map" data-time=l.at_ms.to_string()
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointerleave=on_up on:wheel=on_wheel>
                <div style=outer>
                    <div class="map-plane" style=plane>
                        <EdgeLayer width=w height=h marker="sm-arrow">{edges}</EdgeLayer>
                        {nodes}
                        {edge_labels}
                    </div>
                </div>
            </div>
            {details}
        </div>
    }
}
