//! Parts of the metrics explore page: chart options bar, auto-refresh picker, shortcut help, instant
//! vector table.

pub mod controls;
pub mod instant_table;
