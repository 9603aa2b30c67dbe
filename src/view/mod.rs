//! view (filled in by its owner).

pub mod hover;
pub mod palette;
pub mod series_view;
pub mod units;
