//! One request at a time per view: sending the next aborts the one before, and leaving the view aborts the last.

use leptos::prelude::*;

use crate::http::Abort;

/// The abort handle of a view's latest request. Made inside the view's owner, whose cleanup aborts it.
#[derive(Clone, Copy)]
pub struct Latest(StoredValue<Abort, LocalStorage>);

impl Latest {
    pub fn new() -> Latest {
        let slot = StoredValue::new_local(Abort::new());
        on_cleanup(move || slot.get_value().abort());
        Latest(slot)
    }

    /// Aborts the request before and returns the handle for the next one.
    pub fn renew(&self) -> Abort {
        self.0.get_value().abort();
        let next = Abort::new();
        self.0.set_value(next.clone());
        next
    }

    /// The latest request's handle, for a request that belongs with it.
    pub fn current(&self) -> Abort {
        self.0.get_value()
    }

    /// Aborts the latest request (a Cancel button).
    pub fn abort(&self) {
        self.0.get_value().abort();
    }
}
