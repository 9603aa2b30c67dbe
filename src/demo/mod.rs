//! demo (filled in by its owner).
