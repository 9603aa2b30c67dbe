//! Explore logs: the page lives in `ui::logs` (split by part); this keeps the pages' module map.

pub use crate::ui::logs::Logs;
