//! url_state (filled in by its owner).
