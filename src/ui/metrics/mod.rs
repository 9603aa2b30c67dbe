//! Parts of the metrics explore page: chart options bar, auto-refresh picker, shortcut help, instant
//! vector table, the table view of range results.

pub mod controls;
pub mod instant_table;
pub mod range_table;
