//! The trace graph panel (toggled above the waterfall): one button per call-path node over an SVG of its
//! edges (dashed: follows-from), coloured by service or by self time. A click selects the node's spans in
//! the waterfall (find `path=KEY`); the node of the span selected in the waterfall is outlined.
//! Graph and geometry from `view::trace::graph`.

use std::sync::Arc;

use leptos::prelude::*;

use super::state::{Loaded, TraceUi};
use crate::ui::graph_edges::EdgeLayer;
use crate::view::graph::layout::Spacing;
use crate::view::palette::service_color;
use crate::view::trace::graph::{build, self_time_color, EdgeKind, TraceGraph};

/// Nodes drawn at most; a larger graph says how many were left out.
const MAX_NODES: usize = 2000;

#[component]
pub fn TraceGraphPanel(ui: TraceUi, l: Arc<Loaded>) -> impl IntoView {
    let sp = Spacing { node_h: 70.0, ..Spacing::default() };
    let g: Arc<TraceGraph> = Arc::new(build(&l.model, &l.trace, &sp));
    let by_self = RwSignal::new(false);
    let palette = crate::ui::ctx::palette_now();
    let shown = g.nodes.len().min(MAX_NODES);
    let max_self = g.max_self_ns();

    let g_sel = g.clone();
    let selected_node = Memo::new(move |_| ui.selected.get().and_then(|r| g_sel.node_of(r)));
    let edges = g
        .layout
        .edges
        .iter()
        .filter(|e| e.from < shown && e.to < shown)
        .map(|e| {
            let follows: bool = g.nodes.get(e.to).is_some_and(|n| n.edge == EdgeKind::FollowsFrom);
            view! { <path d=e.svg_d() class="graph-edge" class:follows=follows marker-end="url(#tg-arrow)"></path> }
        })
        .collect_view();
    let nodes = g
        .nodes
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, n)| {
            let id = i as u32;
            let [counts, total, own] = g.node_text(id);
            let service_rgb = service_color(n.rows.first().map_or(0, |&r| l.service_index(r)), palette);
            let heat = self_time_color(n.self_ns, max_self);
            let gx = g.layout.x.get(i).copied().unwrap_or(0.0);
            let gy = g.layout.y.get(i).copied().unwrap_or(0.0);
            let style = move || {
                let (r, gr, b) = if by_self.get() { heat } else { service_rgb };
                format!("left:{gx:.0}px;top:{gy:.0}px;width:{:.0}px;height:{:.0}px;border-left-color:rgb({r},{gr},{b})", sp.node_w, sp.node_h)
            };
            let query = g.find_query(id).unwrap_or_default();
            let q2 = query.clone();
            let first = n.rows.first().copied();
            let title = format!("{}: {}\n{counts}\n{total}\n{own}", n.service, n.operation);
            let picked = Memo::new(move |_| ui.find_text.with(|t| t.trim() == q2));
            view! {
                <button class="graph-node" data-testid="graph-node" data-key=n.key.clone() data-count=n.count().to_string()
                    data-errors=n.errors.to_string() data-service=n.service.clone() data-operation=n.operation.clone()
                    class:error={n.errors > 0} class:picked=picked class:current=move || selected_node.get() == Some(id)
                    aria-pressed=move || picked.get().to_string() title=title style=style
                    on:click=move |_| {
                        ui.find_text.set(query.clone());
                        if let Some(r) = first {
                            ui.select(r, true);
                        }
                    }>
                    <span class="svc">{n.service.clone()}</span>
                    <span class="op">{n.operation.clone()}</span>
                    <span class="nums">{counts.clone()}</span>
                    <span class="nums">{total.clone()}</span>
                    <span class="nums">{own.clone()}</span>
                </button>
            }
        })
        .collect_view();
    let more = (g.nodes.len() > shown).then(|| {
        view! { <p class="warning">{format!("The graph has {} call paths; the first {shown} are drawn.", g.nodes.len())}</p> }
    });
    let (w, h) = (g.layout.width.max(1.0), g.layout.height.max(1.0));
    let size = format!("width:{w:.0}px;height:{h:.0}px");
    view! {
        <section class="trace-graph" data-testid="trace-graph" data-nodes=g.nodes.len().to_string() aria-label="Trace graph">
            <div class="trace-graph-tools">
                <span class="muted">{format!("{} call paths of {} spans · click a node to select its spans", g.nodes.len(), l.stats.span_count)}</span>
                <label class="check">"Colour by "
                    <select aria-label="Colour the graph by" data-testid="graph-colour" on:change=move |ev| by_self.set(event_target_value(&ev) == "self")>
                        <option value="service">"service"</option>
                        <option value="self">"self time"</option>
                    </select>
                </label>
                <span class="muted legend-line">"— child of  ┄ follows from"</span>
            </div>
            {more}
            <div class="trace-graph-canvas">
                <div class="trace-graph-plane" style=size>
                    <EdgeLayer width=w height=h marker="tg-arrow">{edges}</EdgeLayer>
                    {nodes}
                </div>
            </div>
        </section>
    }
}
