//! The trace pages' parts: shared state, the Gantt (ruler and rows), the minimap, span details, the page
//! itself, and the search results (table and scatter plot).

pub mod details;
pub mod minimap;
pub mod page;
pub mod results;
pub mod state;
pub mod waterfall;
