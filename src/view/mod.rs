//! View geometry and text shaping: pure functions from telemetry to what a view draws.

pub mod crash;
pub mod dash;
pub mod editor;
pub mod exemplars;
pub mod heatmap;
pub mod hover;
pub mod library;
pub mod log_dedup;
pub mod log_filter;
pub mod log_regex;
pub mod log_json;
pub mod log_layout;
pub mod log_selector;
pub mod log_text;
pub mod log_volume;
pub mod palette;
pub mod panel_edit;
pub mod popup;
pub mod series_view;
pub mod shortcuts;
pub mod stat;
pub mod table;
pub mod trace;
pub mod units;
pub mod var_edit;
