//! The trace pages' parts: shared state, the Gantt (ruler and rows), the minimap, span details, the page
//! itself, the trace graph, the search results (table and scatter plot), the comparison of two traces, and the
//! trace → logs/metrics links settings; the correlation workspace (trace, logs and metrics on one axis).

pub mod compare;
pub mod correlate;
mod correlate_parts;
mod correlate_window;
pub mod details;
pub mod graph;
pub mod links_form;
pub mod minimap;
pub mod page;
pub mod results;
pub mod state;
pub mod waterfall;

pub use correlate::Correlate;
