//! View geometry and text shaping: pure functions from telemetry to what a view draws.

pub mod exemplars;
pub mod hover;
pub mod log_text;
pub mod palette;
pub mod series_view;
pub mod shortcuts;
pub mod trace;
pub mod units;
pub mod dash;
pub mod stat;
pub mod table;
