//! view (filled in by its owner).
