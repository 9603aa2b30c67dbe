//! Time: Grafana-style expressions (`now-6h`, `now/d`, absolute), ranges, durations, query steps and the
//! text shown for instants. Pure: `now` and the time-zone offset are always parameters.

pub mod civil;
pub mod duration;
pub mod expr;
pub mod format;
pub mod quick;
pub mod range;
pub mod step;

pub use expr::{Op, TimeExpr, Unit};
pub use format::TimeZone;
pub use quick::QUICK_RANGES;
pub use range::TimeRange;
