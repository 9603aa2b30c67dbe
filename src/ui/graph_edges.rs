//! The SVG layer under a node graph (trace graph, service map): the edge paths it is given, over the
//! arrow marker they end in (`marker-end="url(#<marker>)"`). Hidden from assistive tech: the nodes and edge
//! labels drawn over it are the buttons. It brings the graphs' styles with it, so they load with the pages
//! that draw graphs rather than with the first page (the initial load has a size budget).

use leptos::prelude::*;

#[component]
pub fn EdgeLayer(width: f64, height: f64, marker: &'static str, children: Children) -> impl IntoView {
    view! {
        <style>{GRAPH_CSS}</style>
        <svg class="graph-edges" style=format!("width:{width:.0}px;height:{height:.0}px") aria-hidden="true" viewBox=format!("0 0 {width:.0} {height:.0}")>
            <defs>
                <marker id=marker viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z"></path>
                </marker>
            </defs>
            {children()}
        </svg>
    }
}

/// The styles of `.trace-graph`, `.graph-node`, `.map-*` and `.graph-edge` (what style/main.css would hold).
const GRAPH_CSS: &str = ".trace-graph{border:1px solid var(--border);background:var(--bg-raised);margin-bottom:6px}.trace-graph-tools{display:flex;gap:10px;align-items:center;padding:4px 8px;font-size:12.5px}.trace-graph-canvas{max-height:45vh;overflow:auto;padding:8px}.trace-graph-plane{position:relative}.graph-edges{position:absolute;left:0;top:0;overflow:visible}.graph-edge{fill:none;stroke:var(--text-muted);stroke-width:1.2}.graph-edge.follows{stroke-dasharray:5 4}.graph-edges marker path{fill:var(--text-muted)}.graph-node{position:absolute;box-sizing:border-box;display:flex;flex-direction:column;align-items:flex-start;justify-content:center;padding:2px 6px;border:1px solid var(--border);border-left-width:6px;border-radius:4px;background:var(--bg);color:var(--text);font-size:11px;line-height:1.25;text-align:left;cursor:pointer;overflow:hidden}.graph-node span{max-width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.graph-node .svc{font-weight:700}.graph-node .nums{color:var(--text-muted)}.graph-node.error .nums:first-of-type{color:var(--error)}.graph-node.current{outline:2px solid var(--accent,#4a90e2)}.graph-node.picked{background:var(--bg-hover);box-shadow:0 0 0 2px var(--accent,#4a90e2)}.map-tools{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:4px 0;font-size:12.5px}.map-main{display:flex;gap:8px;align-items:flex-start}.map-canvas{flex:1;min-width:0;height:calc(100vh - 190px);min-height:320px;overflow:auto;border:1px solid var(--border);background:var(--bg-raised);cursor:grab;padding:16px;box-sizing:border-box}.map-plane{position:relative}.map-node{position:absolute;box-sizing:border-box;display:flex;flex-direction:column;align-items:flex-start;justify-content:center;padding:3px 8px;border:1px solid var(--border);border-left:6px solid var(--accent);border-radius:6px;background:var(--bg);color:var(--text);font-size:11.5px;line-height:1.3;text-align:left;cursor:pointer;overflow:hidden}.map-node span{max-width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.map-node .svc{font-weight:700;font-size:12.5px}.map-node .nums,.map-node .src{color:var(--text-muted)}.map-node.errors{border-left-color:var(--error)}.map-ring{position:absolute;right:4px;top:4px;width:18px;height:18px;transform:rotate(-90deg)}.map-ring circle{fill:none;stroke-width:6}.map-ring .ok{stroke:var(--ok)}.map-ring .failed{stroke:var(--error)}.map-node .svc{padding-right:18px}.map-node.match{box-shadow:0 0 0 3px var(--accent)}.map-node.dim{opacity:.35}.map-node.focused,.map-node.picked{outline:2px solid var(--accent)}.map-edge-label{position:absolute;transform:translate(-50%,-50%);max-width:150px;white-space:nowrap;padding:1px 4px;border:1px solid var(--border);border-radius:3px;background:var(--bg-raised);color:var(--text-muted);font-size:10.5px;line-height:1.2;cursor:pointer}.map-edge-label.picked{color:var(--text);border-color:var(--accent)}.graph-edge.errors{stroke:var(--error)}.graph-edge.back{stroke-dasharray:2 3}.map-details{width:280px;flex:none;border:1px solid var(--border);background:var(--bg-raised);padding:8px 12px}.map-details h3{margin:0 0 4px;font-size:14px;word-break:break-all}";
