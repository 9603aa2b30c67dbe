//! Trace view page: the component lives in `ui::trace` (page, waterfall, minimap, details).

pub use crate::ui::trace::page::TraceView;
