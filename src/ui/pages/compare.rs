//! Trace comparison page: the component lives in `ui::trace::compare`.

pub use crate::ui::trace::compare::TraceCompare;
