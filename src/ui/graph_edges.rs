//! The SVG layer under a node graph (trace graph, service map): the edge paths it is given, over the
//! arrow marker they end in (`marker-end="url(#<marker>)"`). Hidden from assistive tech: the nodes and edge
//! labels drawn over it are the buttons.

use leptos::prelude::*;

#[component]
pub fn EdgeLayer(width: f64, height: f64, marker: &'static str, children: Children) -> impl IntoView {
    view! {
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
