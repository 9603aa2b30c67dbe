//! One module per page of the app.

pub mod dashboard;
pub mod dashboards;
pub mod home;
pub mod logs;
pub mod metrics;
pub mod search;
pub mod settings;
pub mod trace;
