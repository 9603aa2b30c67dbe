//! view (filled in by its owner).

pub mod trace;
