//! A dashboard (`#/dashboard/<uid>`): the page lives in `ui::dashboard` (split by part); this keeps the pages'
//! module map.

pub use crate::ui::dashboard::DashboardPage;
